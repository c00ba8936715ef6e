# An existing output folder the user may not replace (owned by root, mode
# 555, built by an unprivileged user whose parent folder is writable): a
# clear error naming it, exit 1, the old output exactly as it was, and the
# staging tree beside it removed.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/faults/lib.bash"
[ "$(id -u)" -eq 0 ] || skip "needs root to make a folder the build user cannot replace"
shared_dir
cd "$SHARED"
mkdir -p dist
printf 'ok\n' > dist/ok.txt
printf '<!doctype html><title>t</title>\n' > dist/index.html
"$DISTILL" build dist --out out --cache root-cache -q >/dev/null 2>&1 || fail "the first build failed"
chmod -R a-w out
chown -R nobody "$SHARED/dist"
chown nobody "$SHARED"
before=$(tree_listing out; tree_mtimes out)
printf 'new\n' > dist/new.txt
set +e
# --force: this user's cache did not write 'out', so only an explicit
# replace gets as far as the permission check.
as_nobody timeout -k 5 "$FAULT_TIMEOUT" "$DISTILL" build dist --out out --cache cache --force >out.txt 2>err.txt
status=$?
set -e
check_sane
expect_status 1
grep -q "cannot .*out.*Permission denied" err.txt || { cat err.txt >&2; fail "no clear message"; }
assert_eq "$before" "$(tree_listing out; tree_mtimes out)" "the old output"
chmod -R u+w out
