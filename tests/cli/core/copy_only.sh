# A build with every optimising pass off carries every file over byte for
# byte, odd names included (spaces, $, :, #, ?, quotes, non-ASCII, leading -).
. "$ROOT/tests/lib.sh"
copy_fixture copy-only
cat > distill.config.json <<'JSON'
{"hash": {"enabled": false}, "image": {"enabled": false}, "rewrite": {"enabled": false},
 "compress": {"enabled": false}, "sw": {"enabled": false}, "headers": {"enabled": false},
 "budget": {"enabled": false}}
JSON
run_distill build dist --out out --cache cache
expect_status 0
diff <(tree_listing dist) <(tree_listing out) || fail "output differs from input"
