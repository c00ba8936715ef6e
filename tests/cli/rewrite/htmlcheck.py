# SPDX-License-Identifier: MIT
"""Check a rewritten HTML file against its source, independently of distill's
parser: python's html.parser tokenizes both, and

- every token that is not a start tag is byte-identical and in order, but
  for url() and @import inside <style>;
- a start tag that changed keeps its name and its attributes (names, order,
  and the bytes between values); only values of URL attributes (src, href,
  srcset, poster, style, data-src...) differ, and an <img> may gain width,
  height, a placeholder style and the loading hints (loading="lazy",
  decoding="async", fetchpriority="high") it did not have, and a <script>
  or <link> an integrity value;
- the only new tokens are <picture>, <source> and </picture> wrapped around an
  <img>, each new <source> with type, srcset and sizes, one
  <link rel="preload" as="image"> with imagesrcset and imagesizes, and one
  <script src="/register-sw.js" defer></script> (the service worker's
  registration).

usage: htmlcheck.py SOURCE REWRITTEN  (exit 1 with a message on failure)
"""
import re
import sys
from html.parser import HTMLParser

URL_ATTRS = {"src", "href", "srcset", "poster", "style", "imagesrcset", "data-src", "data-srcset"}
# What distill may add to an <img>, and the value it adds (None: a number,
# or the placeholder's style).
ADDED = {"width": None, "height": None, "style": None, "loading": "lazy",
         "decoding": "async", "fetchpriority": "high"}
# What a <script> or <link> may gain: SHA-384 from the final bytes.
INTEGRITY = {"integrity": None}


class Tokens(HTMLParser):
    def __init__(self, text):
        super().__init__(convert_charrefs=False)
        self.text = text
        lines = text.split("\n")
        self.line_start = [0]
        for line in lines[:-1]:
            self.line_start.append(self.line_start[-1] + len(line) + 1)
        self.starts = []  # (kind, offset, tag, attrs)
        self.feed(text)
        self.close()

    def at(self):
        line, col = self.getpos()
        return self.line_start[line - 1] + col

    def add(self, kind, tag=None, attrs=None):
        self.starts.append((kind, self.at(), tag, attrs))

    def handle_starttag(self, tag, attrs):
        self.add("start", tag, attrs)

    def handle_startendtag(self, tag, attrs):
        self.add("start", tag, attrs)

    def handle_endtag(self, tag):
        self.add("end", tag)

    def handle_data(self, data):
        self.add("data")

    def handle_entityref(self, name):
        self.add("data")

    def handle_charref(self, name):
        self.add("data")

    def handle_comment(self, data):
        self.add("comment")

    def handle_decl(self, decl):
        self.add("decl")

    def handle_pi(self, data):
        self.add("pi")

    def unknown_decl(self, data):
        self.add("decl")

    def tokens(self):
        out = []
        for i, (kind, off, tag, attrs) in enumerate(self.starts):
            end = self.starts[i + 1][1] if i + 1 < len(self.starts) else len(self.text)
            out.append((kind, self.text[off:end], tag, attrs))
        return out


ATTR = re.compile(r"""([^\s/>"'=]+)(\s*=\s*("[^"]*"|'[^']*'|[^\s>]*))?""")


def skeleton(raw):
    """The start tag with its attribute values cut out, and the values."""
    m = re.match(r"<[^\s/>]+", raw)
    pos, scan = 0, m.end()
    parts, values = [], []
    while True:
        m = ATTR.search(raw, scan)
        if not m or raw[scan:m.start()].strip(" \t\n\r\f/") or not m.group(1):
            break
        scan = m.end()
        if m.group(3) is not None:
            quoted = m.group(3)[:1] in "\"'"
            vstart = m.start(3) + quoted
            vend = m.end(3) - quoted
            parts.append(raw[pos:vstart])
            values.append((m.group(1).lower(), raw[vstart:vend]))
            pos = vend
    parts.append(raw[pos:])
    return parts, values


def css_masked(text):
    """CSS with the insides of url() and @import strings blanked."""
    text = re.sub(r"""url\(\s*(["']?)[^"')]*\1\s*\)""", "url()", text)
    return re.sub(r"""@import\s+(["'])[^"']*\1""", "@import ''", text)


def fail(msg):
    print("htmlcheck: " + msg, file=sys.stderr)
    sys.exit(1)


def same_tag_but_urls(a, b):
    (_, raw_a, tag_a, attrs_a), (_, raw_b, tag_b, attrs_b) = a, b
    if tag_a != tag_b:
        fail("tag %r became %r" % (raw_a, raw_b))
    names_a = [n for n, _ in attrs_a]
    names_b = [n for n, _ in attrs_b]
    extra = names_b[len(names_a):]
    added = ADDED if tag_a == "img" else INTEGRITY if tag_a in ("script", "link") else {}
    if names_b[: len(names_a)] != names_a or not set(extra) <= set(added):
        fail("attributes of %r changed: %r" % (raw_a, raw_b))
    for n, v in attrs_b[len(names_a):]:
        if n == "integrity" and not re.fullmatch(r"sha384-[A-Za-z0-9+/]{64}", v):
            fail("added integrity %r on %r" % (v, raw_b))
        elif added[n] is not None and v != added[n]:
            fail("added %s=%r on %r" % (n, v, raw_b))
    for (n, va), (_, vb) in zip(attrs_a, attrs_b):
        if va != vb and n not in URL_ATTRS:
            fail("attribute %s of %r changed to %r" % (n, raw_a, vb))
    if extra:
        # distill adds them just before the end of the tag ('/>' or '>').
        raw_b = re.sub(r'(?: (?:%s)="[^"]*"){%d}(/?>)$' % ("|".join(added), len(extra)), r"\1", raw_b)
    if skeleton(raw_a)[0] != skeleton(raw_b)[0]:
        fail("bytes outside attribute values changed:\n  %r\n  %r" % (raw_a, raw_b))


def main():
    src = open(sys.argv[1], encoding="utf-8", errors="surrogateescape").read()
    out = open(sys.argv[2], encoding="utf-8", errors="surrogateescape").read()
    a, b = Tokens(src).tokens(), Tokens(out).tokens()
    i = j = 0
    preloads = registrations = 0
    while i < len(a) or j < len(b):
        if j + 1 < len(b) and b[j][1] == '<script src="/register-sw.js" defer>' and \
                b[j + 1][1] == "</script>" and (i >= len(a) or a[i][1] != b[j][1]):
            registrations += 1
            if registrations > 1:
                fail("the registration script inserted twice")
            j += 2
            continue
        if j < len(b) and b[j][0] == "start" and b[j][2] == "link" and \
                dict(b[j][3]).get("rel") == "preload" and \
                (i >= len(a) or [n for n, _ in b[j][3]] != [n for n, _ in a[i][3] or []]):
            # The LCP image's preload, inserted once.
            attrs = dict(b[j][3])
            preloads += 1
            if preloads > 1 or attrs.get("as") != "image" or \
                    not {"imagesrcset", "imagesizes"} <= set(attrs):
                fail("unexpected preload: %r" % b[j][1])
            j += 1
            continue
        if j < len(b) and b[j][0] == "start" and b[j][2] == "picture" and \
                (i >= len(a) or a[i][1] != b[j][1]):
            # An inserted picture: sources, the img, then </picture>.
            j += 1
            while j < len(b) and b[j][0] == "start" and b[j][2] == "source":
                names = {n for n, _ in b[j][3]}
                if not {"type", "srcset", "sizes"} <= names:
                    fail("incomplete <source>: %r" % b[j][1])
                j += 1
            if i >= len(a) or a[i][2] != "img" or j >= len(b):
                fail("<picture> inserted around something other than an <img>")
            same_tag_but_urls(a[i], b[j])
            i += 1
            j += 1
            if j >= len(b) or b[j][0] != "end" or b[j][2] != "picture":
                fail("inserted <picture> is not closed right after its <img>")
            if not b[j][1].startswith("</picture>"):
                fail("the </picture> end tag was merged with text")
            # </picture> may share its token with text that followed the img.
            rest = b[j][1][len("</picture>"):]
            if rest:
                b[j] = ("data", rest, None, None)
            else:
                j += 1
            continue
        if i >= len(a) or j >= len(b):
            fail("token lists differ in length near %r" % ((a[i:] or b[j:])[0][1][:60],))
        if a[i][0] != b[j][0]:
            fail("token %r became %r" % (a[i][1][:60], b[j][1][:60]))
        if a[i][0] == "start" and a[i][1] != b[j][1]:
            same_tag_but_urls(a[i], b[j])
        elif a[i][0] == "data" and i > 0 and a[i - 1][2] == "style" and \
                css_masked(a[i][1]) == css_masked(b[j][1]):
            pass
        elif a[i][0] != "start" and a[i][1] != b[j][1]:
            fail("text outside tags changed: %r became %r" % (a[i][1][:60], b[j][1][:60]))
        i += 1
        j += 1


main()
