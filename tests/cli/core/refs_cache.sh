# SPDX-License-Identifier: MIT
# The references of each HTML and CSS file are kept by content hash
# (src/refcache.c, in cache/refs.memo): a rebuild after one page changed parses that page
# only, whatever kinds of reference the others hold (icons and the web
# manifest are the last kind in the cache's numbering, <base> the one
# before); a damaged cache is parsed afresh, to the same output. On a
# larger site the cache is not written again for one page.
. "$ROOT/tests/lib.sh"
copy_fixture demo
cat > dist/kinds.html <<'HTML'
<!doctype html><html><head><meta charset="utf-8"><title>kinds</title>
<base href="/">
<link rel="icon" href="icons/icon-192.png"><link rel="manifest" href="site.webmanifest">
<link rel="stylesheet" href="styles/theme.css"><script src="app.js"></script>
<style>body { background: url(images/logo.png); }</style></head>
<body><img src="images/logo.png" alt=""><a href="about/">about</a></body></html>
HTML
echo '{"name": "kinds"}' > dist/site.webmanifest
echo 'console.log(1);' > dist/app.js
build() { run_distill build dist --out out --cache cache -vvv; expect_status 0; }
parsed() { sed -n 's/.*references: \([0-9]*\) files\{0,1\} parsed, \([0-9]*\) known.*/\1 \2/p' err.txt; }
pages=$(find dist -name '*.html' -o -name '*.css' | wc -l)

build
assert_eq "$pages 0" "$(parsed)" "parsed and known, first build"
echo '<p>changed</p>' >> dist/index.html
build
assert_eq "1 $((pages - 1))" "$(parsed)" "parsed and known after one page changed"
tree_listing out >want

# A damaged cache: everything parsed again, the same tree.
printf 'X' | dd of=cache/refs.memo bs=1 seek=20 conv=notrunc 2>/dev/null
rm -rf out
build
assert_eq "$pages 0" "$(parsed)" "parsed and known with a damaged cache"
diff <(tree_listing out) want >/dev/null ||
	fail "a damaged reference cache changed the output"

# The file an earlier distill kept the references in is removed; a file
# of that name it did not write stays.
echo '{"check":"0123456789abcdef0123456789abcdef","entries":{},"version":"old"}' > cache/refs.json
build
[ ! -e cache/refs.json ] || fail "the earlier cache file refs.json was left"
echo '{"mine": true}' > cache/refs.json
build
[ "$(cat cache/refs.json)" = '{"mine": true}' ] || fail "a refs.json distill did not write was removed"
rm cache/refs.json

# A site of 400 files: one page changed is parsed, and the cache is not
# written again for it (it is parsed once more next time), until more
# than one file in 64 was parsed anew.
need node
rm -rf dist cache out
node "$ROOT/tests/browser/gen-site.mjs" dist 400 >/dev/null
build
stamp=$(stat -c %Y.%i cache/refs.memo)
first=$(find dist/blog -name index.html | sort | sed -n 1p)
second=$(find dist/blog -name index.html | sort | sed -n 2p)
echo '<p>one</p>' >> "$first"
build
set -- $(parsed)
assert_eq 1 "$1" "files parsed after one page of 400 changed"
assert_eq "$stamp" "$(stat -c %Y.%i cache/refs.memo)" "the cache, after one file was parsed"
echo '<p>two</p>' >> "$second"
build
set -- $(parsed)
assert_eq 2 "$1" "files parsed after a second page changed"
