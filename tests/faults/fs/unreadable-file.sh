# A file distill may not read (mode 000, built by an unprivileged user,
# since root reads anything): a clear error naming it and the reason,
# exit 1, nothing written, no temp file, the input untouched.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/faults/lib.bash"
shared_dir
cd "$SHARED"
mkdir -p dist/sub
printf 'ok\n' > dist/ok.txt
printf 'secret\n' > dist/sub/locked.txt
chmod 000 dist/sub/locked.txt
[ "$(id -u)" -eq 0 ] && chown -R nobody "$SHARED"
before=$(ls -lR dist)
set +e
as_nobody timeout -k 5 "$FAULT_TIMEOUT" "$DISTILL" build dist --out out --cache cache >out.txt 2>err.txt
status=$?
set -e
check_sane
expect_status 1
grep -q "cannot read 'sub/locked.txt': Permission denied" err.txt || { cat err.txt >&2; fail "no clear message"; }
assert_no_file out
assert_eq "$before" "$(ls -lR dist)" "the input tree"
