# A folder distill may not open (mode 000, built by an unprivileged user):
# a clear error naming it, exit 1, nothing written, the input untouched.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/faults/lib.bash"
shared_dir
cd "$SHARED"
mkdir -p dist/locked
printf 'ok\n' > dist/ok.txt
printf 'secret\n' > dist/locked/inside.txt
[ "$(id -u)" -eq 0 ] && chown -R nobody "$SHARED"
chmod 000 dist/locked
before=$(ls -lR dist 2>&1)
set +e
as_nobody timeout -k 5 "$FAULT_TIMEOUT" "$DISTILL" build dist --out out --cache cache >out.txt 2>err.txt
status=$?
set -e
check_sane
expect_status 1
grep -q "cannot open folder 'locked': Permission denied" err.txt || { cat err.txt >&2; fail "no clear message"; }
assert_no_file out
assert_eq "$before" "$(ls -lR dist 2>&1)" "the input tree"
chmod 755 dist/locked
