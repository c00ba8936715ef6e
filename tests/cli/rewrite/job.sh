# distill job rewrite on fixtures/rewrite with a hand-written url map and
# image records: each file comes out exactly as fixtures/rewrite/expect has
# it, HTML differs from its source only inside the rewritten tags, and a
# second run reuses the record without writing.
. "$ROOT/tests/lib.sh"
need python3
F=$FIXTURES/rewrite
sed "s|@IMAGES@|$F/images|g" "$F/urls.json.in" > urls.json
output_of() { python3 -c 'import json,sys; print(json.load(open("urls.json"))[sys.argv[1]]["output"])' "$1"; }

for p in index.html blog/post.html blog/nobase.html css/site.css css/sub/deep.css; do
	"$DISTILL" job rewrite --pass-version=$(pass_version rewrite) --out="$PWD/out/$p" --urls="$PWD/urls.json" \
		--path="$p" --output="$(output_of "$p")" "$F/dist/$p" 2>err.txt ||
		fail "job failed on '$p': $(cat err.txt)"
	[ ! -s err.txt ] || fail "job on '$p' was not silent: $(cat err.txt)"
	assert_file "out/$p/record.json"
	cmp "$F/expect/$p" "out/$p/out" || {
		diff "$F/expect/$p" "out/$p/out" >&2 || true
		fail "'$p' differs from fixtures/rewrite/expect/$p"
	}
	case $p in
	*.html) python3 "$ROOT/tests/cli/rewrite/htmlcheck.py" "$F/dist/$p" "out/$p/out" ||
			fail "'$p' changed outside its references" ;;
	esac
done

# The record lists the output with its hash, and counts the work.
python3 - out/index.html/record.json out/index.html/out "$(pass_version rewrite)" <<'PY' || fail "bad record for index.html"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["pass"] == "rewrite" and r["version"] == int(sys.argv[3]), r
assert [f["name"] for f in r["files"]] == ["out"], r["files"]
import os
assert r["files"][0]["size"] == os.path.getsize(sys.argv[2]), r["files"]
assert r["pictures"] == 3, r["pictures"]
assert r["edits"] > 10, r["edits"]
PY

# Nothing to do the second time: the output keeps its mtime.
before=$(stat -c %Y.%y out/index.html/out)
sleep 1
"$DISTILL" job rewrite --pass-version=$(pass_version rewrite) --out="$PWD/out/index.html" --urls="$PWD/urls.json" \
	--path=index.html --output=index.html "$F/dist/index.html" || fail "second run failed"
assert_eq "$before" "$(stat -c %Y.%y out/index.html/out)" "mtime after a second run"

# A damaged output is noticed and rebuilt.
echo damaged >> out/index.html/out
"$DISTILL" job rewrite --pass-version=$(pass_version rewrite) --out="$PWD/out/index.html" --urls="$PWD/urls.json" \
	--path=index.html --output=index.html "$F/dist/index.html" || fail "rerun after damage failed"
cmp "$F/expect/index.html" out/index.html/out || fail "damaged output was not rebuilt"

# Bad usage and a missing url map fail with a message and leave no record.
set +e
"$DISTILL" job rewrite --pass-version=$(pass_version rewrite) --out="$PWD/bad" "$F/dist/index.html" 2>err.txt
status=$?
set -e
assert_eq 1 "$status" "status without --urls"
assert_grep "usage: distill job rewrite" err.txt
set +e
"$DISTILL" job rewrite --pass-version=$(pass_version rewrite) --out="$PWD/bad" --urls="$PWD/nothing.json" \
	--path=index.html --output=index.html "$F/dist/index.html" 2>err.txt
status=$?
set -e
assert_eq 1 "$status" "status with a missing url map"
assert_grep "cannot read the url map" err.txt
assert_no_file bad/record.json
