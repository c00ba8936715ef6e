# A damaged cache entry is detected by its hash and rebuilt, never trusted.
. "$ROOT/tests/lib.sh"
copy_fixture copy-only
seq -f "line %g of a text worth compressing" 1 200 > dist/big.txt
run_distill build dist --out out --cache cache
expect_status 0
sidecars=$(find cache/store -name 'br' -o -name 'zst')
[ -n "$sidecars" ] || fail "no compressed sidecar in the store to damage"
for s in $sidecars; do echo garbage >> "$s"; done
rm -rf out
run_distill build dist --out out --cache cache
expect_status 0
assert_grep "damaged" err.txt
brotli -dc out/big.txt.br | cmp - dist/big.txt || fail "damaged brotli sidecar was shipped"
zstd -dc out/big.txt.zst | cmp - dist/big.txt || fail "damaged zstd sidecar was shipped"
