# --out on a read-only file system (a tmpfs remounted read-only; root
# ignores permission bits): a clear error naming the folder and the reason,
# exit 1, the input untouched; and with an old output already there, that
# output stays exactly as it was.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/faults/lib.bash"
private_mounts
mkdir -p dist
printf 'ok\n' > dist/ok.txt
printf 'body{color:red}%3000s\n' "" > dist/site.css
small_disk ro 4m
mount -o remount,ro ro
OUT=ro/out
fault_build
expect_status 1
grep -q "ro/.*Read-only file system" err.txt || { cat err.txt >&2; fail "no clear message"; }
assert_no_file ro/out

# An old output on it, built while it was writable.
mount -o remount,rw ro
run_distill build dist --out ro/out --cache "$CACHE"
expect_status 0
before=$(tree_listing ro/out; tree_mtimes ro/out)
mount -o remount,ro ro
printf 'changed\n' > dist/ok.txt
fault_build
expect_status 1
grep -q "Read-only file system" err.txt || { cat err.txt >&2; fail "no clear message"; }
assert_eq "$before" "$(tree_listing ro/out; tree_mtimes ro/out)" "the old output"
