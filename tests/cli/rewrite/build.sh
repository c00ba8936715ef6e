# distill build on the demo site: every local reference in the output HTML
# and CSS names a file of the output tree, each page differs from its source
# only inside the rewritten tags, query strings and fragments survive, the
# moved stylesheet's relative URLs still work, and the photo <img> became a
# <picture> whose sources exist.
. "$ROOT/tests/lib.sh"
need python3
copy_fixture demo
run_distill build dist --out out --cache cache -q
expect_status 0

python3 "$ROOT/tests/cli/rewrite/refcheck.py" out > refs.txt || {
	grep MISSING refs.txt >&2
	fail "broken references in the output"
}
for page in index.html about/index.html offline.html; do
	python3 "$ROOT/tests/cli/rewrite/htmlcheck.py" "dist/$page" "out/$page" ||
		fail "'$page' changed outside its references"
done

# Renamed files are named by their new names (not only reachable through a
# kept original), with the query and fragment as written.
assert_grep 'href="/assets/theme\.[a-z2-7]\{10\}\.css?v=2"' out/index.html
assert_grep 'href="\.\./assets/theme\.[a-z2-7]\{10\}\.css"' out/about/index.html
assert_grep "url('\.\./assets/logo\.[a-z2-7]\{10\}\.png')" out/about/index.html
theme=$(cd out && ls assets/theme.*.css)
assert_grep "url('meadow\.[a-z2-7]\{10\}\.woff?#iefix')" "out/$theme"
assert_grep 'url("dune\.[a-z2-7]\{10\}\.jpg") center' "out/$theme"
# Untouched: external, data: and the author's own <picture>.
assert_grep '<img src="https://example.org/remote.jpg" alt="remote">' out/index.html
assert_grep '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="">' out/index.html
assert_grep '<source srcset="/assets/dune\.[a-z2-7]\{10\}\.jpg" media="(min-width: 600px)">' out/index.html

# The photo became a <picture>; its sources name AVIF and WebP files that
# exist, widths ascending, with the author's sizes.
python3 - out <<'PY' || fail "no usable <picture> for the ladybird photo"
import os, re, sys
out = sys.argv[1]
page = open(os.path.join(out, "index.html")).read()
m = re.search(r'<picture>(<source [^>]*>)(<source [^>]*>)(<img src="/assets/ladybird\.[a-z2-7]{10}\.jpg"'
              r' [^>]*width="(\d+)" height="(\d+)"[^>]*>)</picture>', page)
assert m, "no picture"
for source, fmt in zip(m.groups()[:2], ("avif", "webp")):
    assert 'type="image/%s"' % fmt in source, source
    assert 'sizes="(min-width: 800px) 800px, 100vw"' in source, source
    srcset = re.search(r'srcset="([^"]*)"', source).group(1)
    widths = []
    for item in srcset.split(", "):
        url, w = item.split(" ")
        assert url.startswith("/assets/") and url.endswith("." + fmt), url
        assert os.path.isfile(os.path.join(out, url[1:])), url
        widths.append(int(w[:-1]))
    assert widths == sorted(widths) and len(widths) >= 1, widths
PY

# A second build rewrites nothing.
run_distill build dist --out out2 --cache cache -v
expect_status 0
if grep -q 'REWRITE' err.txt; then
	fail "second build reran rewrite jobs: $(grep REWRITE err.txt)"
fi
diff <(tree_listing out) <(tree_listing out2) || fail "second build gave a different tree"
