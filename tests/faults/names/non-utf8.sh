# Names that are not UTF-8 (Latin-1 "caf\xe9", a folder named with a lone
# \xff) cannot be in the manifest (JSON) nor be relied on in a URL: each
# such file is carried over byte for byte under its own name, untouched,
# and reported by its escaped name as a rejected input, while the rest of
# the site builds (exit 0). With --strict the build fails (exit 1) and
# nothing is written or changed. Never a file silently left out. A DIST or
# cache folder whose own path is not UTF-8 is refused (exit 1).
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/faults/lib.bash"
latin1=$(printf 'caf\xe9').txt
ffdir=$(printf 'dir\xff')
mkdir -p "dist/$ffdir" dist/assets
printf 'fine\n' > dist/fine.txt
printf 'latin1 %3000s\n' "" > "dist/$latin1"
printf 'x\n' > "dist/$ffdir/inside.txt"
printf 'console.log(1)\n' > dist/assets/app-Ab12Cd34.js
printf 'z\n' > "dist/assets/$(printf '\xe9').txt"
printf 'body{color:red}\n' > dist/site.css
printf '<!doctype html><title>t</title><link rel="stylesheet" href="site.css"><script src="assets/app-Ab12Cd34.js"></script>\n' \
	> dist/index.html
raw=("$latin1" "$ffdir/inside.txt" "assets/$(printf '\xe9').txt")
shown=('caf\xe9.txt' 'dir\xff/inside.txt' 'assets/\xe9.txt')

fault_build
expect_status 0
for i in 0 1 2; do
	grep -F -q "'${shown[$i]}': its path is not valid UTF-8" err.txt ||
		{ cat err.txt >&2; fail "no warning names '${shown[$i]}' and why"; }
	cmp "dist/${raw[$i]}" "out/${raw[$i]}" || fail "'${shown[$i]}' not carried over byte for byte"
	# Untouched: no sidecar, no fingerprinted copy.
	[ "$(find out -name "$(basename "${raw[$i]%.txt}")*" | wc -l)" = 1 ] ||
		fail "'${shown[$i]}' has more than one file in the output"
done
LC_ALL=C grep -q "$(printf '\xe9\|\xff')" err.txt && fail "a raw byte in a message"
expect_carried fine.txt assets/app-Ab12Cd34.js
grep -q 'href="assets/site\.[a-z0-9]*\.css"' "out/$(check output cache index.html)" ||
	fail "the rest of the site was not built"
# Listed with the other rejected inputs, by escaped name.
python3 - cache/gen/budget/report.json "${shown[@]}" <<'PY' || fail "the budget report does not list them"
import json, sys
rejected = {r["path"] for r in json.load(open(sys.argv[1]))["rejected"]}
missing = set(sys.argv[2:]) - rejected
sys.exit(f"not listed: {sorted(missing)}" if missing else 0)
PY
# No immutable rule covers the one beside fingerprinted files.
grep -q -x '/assets/%E9.txt' out/_headers || fail "no revalidate rule for 'assets/\\xe9.txt'"
! grep -q -x '/assets/\*' out/_headers || fail "an immutable splat covers 'assets/\\xe9.txt'"

# A second build into the same output reports them again (annotated
# under GitHub Actions) and keeps them.
GITHUB_ACTIONS=true fault_build
expect_status 0
grep -F -q "'caf\\xe9.txt'" err.txt || fail "not reported on the second build"
grep -F -q '::warning file=' out.txt && grep -F -q 'caf\xe9.txt' out.txt ||
	{ cat out.txt >&2; fail "no warning annotation names 'caf\xe9.txt'"; }
cmp "dist/$latin1" "out/$latin1"

# --strict: exit 1, the old output and DIST byte for byte as they were.
before=$(tree_listing out; tree_mtimes out)
fault_build --strict
expect_status 1
grep -F -q "'caf\\xe9.txt': its path is not valid UTF-8" err.txt || fail "no --strict message"
grep -q '3 inputs rejected under --strict' err.txt || fail "not counted as rejected under --strict"
[ "$before" = "$(tree_listing out; tree_mtimes out)" ] || fail "--strict changed the output"
rm -rf out2
OUT=out2 fault_build --strict
expect_status 1
assert_no_file out2

# In place: the new tree keeps them too; under --strict DIST is untouched.
cp -a dist site
before=$(tree_listing site; tree_mtimes site)
set +e
"$DISTILL" build site --cache cache-site --strict >out.txt 2>err.txt
status=$?
set -e
expect_status 1
[ "$before" = "$(tree_listing site; tree_mtimes site)" ] || fail "--strict changed DIST in place"
set +e
"$DISTILL" build site --cache cache-site >out.txt 2>err.txt
status=$?
set -e
expect_status 0
for i in 0 1 2; do
	cmp "dist/${raw[$i]}" "site/${raw[$i]}" || fail "'${shown[$i]}' lost in place"
done

# DIST and the cache folder themselves are named in every record: their
# paths must be UTF-8, said plainly, with nothing written.
mkdir "$(printf 'p\xe9')"
cp -a dist "$(printf 'p\xe9')/dist"
set +e
"$DISTILL" build "$(printf 'p\xe9')/dist" --out out3 --cache cache3 >out.txt 2>err.txt
status=$?
set -e
expect_status 1
grep -F -q "p\xe9/dist': its path is not valid UTF-8" err.txt || { cat err.txt >&2; fail "no message for DIST"; }
assert_no_file out3
assert_no_file cache3
set +e
"$DISTILL" build dist --out out4 --cache "$(printf 'p\xe9')/cache" >out.txt 2>err.txt
status=$?
set -e
expect_status 1
grep -F -q "p\xe9/cache': its path is not valid UTF-8" err.txt || { cat err.txt >&2; fail "no message for the cache"; }
assert_no_file out4
