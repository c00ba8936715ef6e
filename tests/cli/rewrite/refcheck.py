# SPDX-License-Identifier: MIT
"""Check that every local reference in the HTML and CSS of a built tree names
a file of that tree, read the way a browser reads it (urljoin, then
percent-decoding; "<base href>" honoured; a folder means its index.html).
Pages are decoded as a browser does (BOM, <meta charset>). Reads URLs
with python's html.parser and a small CSS scan, independently of
distill's parsers.

usage: refcheck.py OUT  (prints one line per reference "FILE URL -> PATH";
exit 1 naming the first broken one)
"""
import os
import re
import sys
from html.parser import HTMLParser
from urllib.parse import unquote, urljoin, urlsplit

ROOT = "http://site.invalid/"
CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^\s)"']*))\s*\)|@import\s+(?:"([^"]*)"|'([^']*)')""")


def css_urls(text):
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    for m in CSS_URL.finditer(text):
        url = next(g for g in m.groups() if g is not None)
        yield re.sub(r"\\(.)", r"\1", url)


class Refs(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.urls, self.base, self.style = [], None, False

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value is None:
                continue
            if tag == "base" and name == "href" and self.base is None:
                self.base = value
            elif name in ("src", "href", "poster"):
                self.urls.append(value)
            elif name in ("srcset", "imagesrcset"):
                self.urls += [c.strip().split()[0] for c in value.split(", ") if c.strip()]
            elif name == "style":
                self.urls += list(css_urls(value))
        self.style = tag == "style"

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_data(self, data):
        if self.style:
            self.urls += list(css_urls(data))
            self.style = False


def decode_page(data):
    """The page's text as a browser reads it: BOM, else <meta charset> in
    the first 1024 bytes (Latin-1 labels are windows-1252), else UTF-8."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    m = re.search(rb"""<meta[^>]*charset\s*=\s*["']?([A-Za-z0-9_:.-]+)""", data[:1024], re.I)
    label = m.group(1).decode().lower() if m else "utf-8"
    if label in ("iso-8859-1", "latin1", "l1", "windows-1252", "cp1252", "us-ascii", "ascii"):
        return data.decode("cp1252", errors="replace")
    return data.decode("utf-8", errors="replace")


def local(url):
    url = url.strip()
    return url and not url.startswith(("#", "?", "//")) and \
        not re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", url)


def main():
    out = sys.argv[1]
    bad = 0
    for folder, _, files in sorted(os.walk(out)):
        for name in sorted(files):
            path = os.path.join(folder, name)
            rel = os.path.relpath(path, out)
            if name.endswith(".html"):
                text = decode_page(open(path, "rb").read())
            elif name.endswith(".css"):
                text = open(path, encoding="utf-8", errors="replace").read()
            else:
                continue
            base = ROOT + rel
            if name.endswith(".html"):
                p = Refs()
                p.feed(text)
                urls = p.urls
                if p.base:
                    base = urljoin(base, p.base)
            else:
                urls = list(css_urls(text))
            for url in urls:
                if not local(url):
                    continue
                target = unquote(urlsplit(urljoin(base, url.strip())).path)[1:]
                if target == "" or target.endswith("/"):
                    target += "index.html"
                ok = os.path.isfile(os.path.join(out, target))
                print("%s %s -> %s%s" % (rel, url, target, "" if ok else "  MISSING"))
                if not ok:
                    bad += 1
    if bad:
        print("refcheck: %d references name no file" % bad, file=sys.stderr)
        sys.exit(1)


main()
