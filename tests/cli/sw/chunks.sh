# SPDX-License-Identifier: MIT
# The built-in worker imports its precache list in chunks named by their
# bytes (passes/sw_chunks.c): together they are precache-manifest.json's
# list; a one-page change makes one new chunk and compresses nothing else;
# the chunks' folder is immutable; a damaged chunk in the cache gives the
# clean build's output.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/cli/sw/manifest.inc"
need jq node

node "$ROOT/tests/browser/gen-site.mjs" dist 1500 >/dev/null
run_distill build dist --out out --cache cache -q
expect_status 0

# sw.js imports every chunk of the output, in order, and they hold the list.
chunks() { sed -n 's|^  "/\(sw-precache/[a-z2-7]*\.js\)"[,);]*$|\1|p' "$1"; }
chunks out/sw.js >imported.txt
[ "$(wc -l <imported.txt)" -ge 2 ] || fail "expected several chunks, sw.js imports: $(cat imported.txt)"
assert_eq "$(sort imported.txt)" "$(cd out && ls sw-precache/*.js | sort)" "chunks imported and chunks written"
sw_object out/sw.js out >object.json
diff -u <(jq .precache object.json) <(jq . out/precache-manifest.json) >/dev/null ||
	fail "the chunks hold another list than precache-manifest.json"
assert_no_file out/precache-manifest.json.br
# Each chunk is named by its bytes.
while read -r c; do
	node -e '
		const fs = require("fs");
		const s = fs.readFileSync(process.argv[1], "utf8");
		if (!/^self\.__distillPrecache\.push\(\.\.\.\[\n[^]*\]\);\n$/.test(s))
			process.exit(1);' "out/$c" || fail "$c is not a chunk"
done <imported.txt

# The chunks' folder is immutable, sw.js is not.
assert_grep '^/sw-precache/\*$' out/_headers
awk '/^\/sw-precache\/\*$/{f=1; next} /^[^ \t]/{f=0} f' out/_headers | grep -q 'immutable' ||
	fail "sw-precache/ is not immutable: $(cat out/_headers)"

# One page changed: one chunk out, one in; the others' files in the cache
# are not written again.
stamp() { (cd cache/gen/sw && for f in precache-chunk-*; do printf '%s %s\n' "$f" "$(stat -c '%i %Y.%y' "$f")"; done); }
stamp >before.txt
page=$(find dist/pages -name '*.html' | sort | sed -n 7p)
echo '<p>Edited.</p>' >>"$page"
run_distill build dist --out out --cache cache -q
expect_status 0
chunks out/sw.js >imported2.txt
assert_eq 1 "$(comm -23 <(sort imported.txt) <(sort imported2.txt) | wc -l)" "chunks gone"
assert_eq 1 "$(comm -13 <(sort imported.txt) <(sort imported2.txt) | wc -l)" "chunks new"
stamp >after.txt
assert_eq "$(($(wc -l <before.txt) - $(wc -l <after.txt)))" 0 "chunk files in the cache (the old one pruned)"
gone=$(comm -23 <(sort imported.txt) <(sort imported2.txt))
assert_eq "$(grep -vc "^precache-chunk-$(basename "$gone")" before.txt)" \
	"$(comm -12 <(sort before.txt) <(sort after.txt) | wc -l)" "chunk files left as they were"
sw_object out/sw.js out >object.json
diff -u <(jq .precache object.json) <(jq . out/precache-manifest.json) >/dev/null ||
	fail "after a change, the chunks hold another list than precache-manifest.json"

# A damaged chunk sidecar in the cache: the next build after a change
# equals a clean build.
echo '<p>Again.</p>' >>"$page"
keep=$(comm -12 <(sort imported2.txt) <(sort imported.txt) | head -n 1)
printf 'garbage' >"cache/gen/sw/precache-chunk-$(basename "$keep").br"
run_distill build dist --out out --cache cache -q
expect_status 0
run_distill build dist --out clean --cache clean-cache -q
expect_status 0
diff -r out clean >/dev/null || fail "a damaged chunk gave another tree than a clean build: $(diff -rq out clean | head -n 3)"

# With compression off, a chunk left from a run with it is not reused.
echo '{"compress": {"enabled": false}}' >nocompress.json
run_distill build dist --out plain --cache cache --config nocompress.json -q
expect_status 0
find plain/sw-precache -name '*.br' | grep -q . && fail "sidecars reused with compression off"
[ -n "$(ls plain/sw-precache)" ] || fail "no chunks written with compression off"
