# SPDX-License-Identifier: MIT
# The manifest job takes from its memo (manifest/memo.h) every entry whose
# assets.json line and records are as they were, and merges only the
# others; the manifest is byte for byte a clean build's. A record
# rewritten behind the memo's back is merged again; a damaged memo, or one
# merged with other settings, is not read. On a site of 400 files one
# changed entry does not make the memo be written again; the next build
# merges it once more.
. "$ROOT/tests/lib.sh"
copy_fixture demo
build() { # [CACHE [OUT [ARGS...]]]
	local cache=${1:-cache} out=${2:-out}
	shift $(($# < 2 ? $# : 2))
	run_distill build dist --out "$out" --cache "$cache" -vv "$@"
	expect_status 0
}
entries() { sed -n 's/.*manifest: \([0-9]*\) entries, .*/\1/p' err.txt; }
merged() { sed -n 's/.*manifest: [0-9]* entries, \([0-9]*\) merged.*/\1/p' err.txt; }
same_as_clean() { # WHAT [ARGS...]: the manifest is that of a build from nothing
	local what=$1
	shift
	rm -rf clean out-clean
	build clean out-clean "$@"
	cmp -s cache/manifest.json clean/manifest.json ||
		fail "$what: the manifest differs from a clean build's"
}

build
n=$(entries)
[ "${n:-0}" -gt 10 ] || fail "the manifest job reported ${n:-no} entries"
assert_eq "$n" "$(merged)" "entries merged by the first build"

echo '<p>one more line</p>' >> dist/index.html
build
assert_eq 1 "$(merged)" "entries merged after one page changed"
same_as_clean "one page changed"

# The same bytes written again into one record: its identity changed, so
# the entries merged from it are merged again, with the page that changed
# (a build with DIST as it was would stop before ninja).
dir=$(python3 - cache/assets.json <<'PY'
import json, sys
text = open(sys.argv[1]).read()
for e in json.loads(text)["assets"]:
    d = e["records"].get("compress")
    if d and e["path"] != "about/index.html":
        print(d, text.count('"%s"' % d))
        break
PY
)
read -r dir users <<<"$dir"
[ -n "$dir" ] || fail "no compress record in assets.json"
cat "cache/$dir/record.json" > record.txt && cat record.txt > "cache/$dir/record.json"
echo '<p>one more line</p>' >> dist/about/index.html
build
assert_eq $((users + 1)) "$(merged)" "entries merged after a record was rewritten"
same_as_clean "a record rewritten"

# A damaged memo is not read: every entry is merged.
memo=cache/gen/manifest/merged.memo
printf 'X' | dd of="$memo" bs=1 seek=300 conv=notrunc 2>/dev/null
echo '<p>and another</p>' >> dist/index.html
build
assert_eq "$n" "$(merged)" "entries merged with a damaged memo"
assert_grep "memo of merged entries is damaged" err.txt
same_as_clean "a damaged memo"

# Other settings: merge() reads the configuration, so nothing is taken.
echo '{"hash": {"prefix": "static/"}}' > other.json
build cache out --config other.json
assert_eq "$n" "$(merged)" "entries merged under another configuration"
same_as_clean "another configuration" --config other.json

# A large site: the memo is written again only when more than one entry
# in 64 was merged anew, so the entries a rewrite skipped are merged next
# time, and the manifest is still a clean build's.
need node
rm -rf dist cache out
node "$ROOT/tests/browser/gen-site.mjs" dist 400 >/dev/null
build
n=$(entries)
assert_eq "$n" "$(merged)" "entries merged by the first build of the large site"
stamp=$(stat -c %Y.%i "$memo")
first=$(find dist/blog -name index.html | sort | sed -n 1p)
second=$(find dist/blog -name index.html | sort | sed -n 2p)
echo '<p>one</p>' >> "$first"
build
assert_eq 1 "$(merged)" "entries merged after one page of the large site changed"
assert_eq "$stamp" "$(stat -c %Y.%i "$memo")" "the memo, after one entry in $n was merged"
echo '<p>two</p>' >> "$second"
build
assert_eq 2 "$(merged)" "entries merged after a second page changed"
same_as_clean "the large site, the memo not written again"
