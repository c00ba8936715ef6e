# Unknown configuration keys and wrong types are errors naming the key.
. "$ROOT/tests/lib.sh"
copy_fixture copy-only
echo '{"image": {"qualty": 80}}' > distill.config.json
run_distill build dist --out out --cache cache
expect_status 1
assert_grep "unknown key 'image.qualty' in '.*distill.config.json'" err.txt
assert_no_file out
echo '{"hash": {"prefix": 3}}' > distill.config.json
run_distill build dist --out out --cache cache
expect_status 1
assert_grep "'hash.prefix' in '.*' must be a string" err.txt
rm distill.config.json
echo '{"name": "site", "distill": {"nonsense": true}}' > package.json
run_distill build dist --out out --cache cache
expect_status 1
assert_grep "unknown key 'nonsense' in '.*package.json'" err.txt
echo '{"name": "site", "distill": {"compress": {"enabled": false}}}' > package.json
run_distill build dist --out out --cache cache
expect_status 0
