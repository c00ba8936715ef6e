# Store entries no build used for a week are removed by the next build that
# runs (one whose inputs changed); used ones are kept.
. "$ROOT/tests/lib.sh"
copy_fixture copy-only
head -c 3000 /dev/urandom | base64 > dist/big.txt
run_distill build dist --out out --cache cache
expect_status 0
used=$(find cache/store -mindepth 2 -maxdepth 2 -type d | head -n 1)
[ -n "$used" ] || fail "no store entry"
mkdir -p cache/store/compress/0123456789abcdef0123456789abcdef
touch -d '10 days ago' cache/store/compress/0123456789abcdef0123456789abcdef "$used"
echo new >dist/new.txt
run_distill build dist --out out --cache cache
expect_status 0
assert_no_file cache/store/compress/0123456789abcdef0123456789abcdef
[ -d "$used" ] || fail "a used entry was removed"
