# A damaged cache entry is detected by its hash and rebuilt, never trusted.
. "$ROOT/tests/lib.sh"
copy_fixture copy-only
head -c 4000 /dev/urandom | base64 > dist/big.txt
run_distill build dist --out out --cache cache
expect_status 0
sidecar=$(find cache/store -name 'br' -o -name 'zst' | head -n 1)
[ -n "$sidecar" ] || skip "no compressed sidecar in the store to damage"
echo garbage >> "$sidecar"
rm -rf out
run_distill build dist --out out --cache cache
expect_status 0
assert_grep "damaged" err.txt
brotli -dc out/big.txt.br | cmp - dist/big.txt || fail "damaged sidecar was shipped"
