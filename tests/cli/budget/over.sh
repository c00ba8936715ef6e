# A 750 KB module pushes the JS total past 700,000 bytes: exit 3 after a
# complete build, naming the file; --no-fail reports the same and exits 0.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/cli/budget/helpers.bash"
copy_fixture budget-over
make_big

run_distill budget dist
expect_status 3
assert_grep '^JS total (raw) .*750\.1 KB .*700\.0 KB .*OVER' out.txt
assert_grep '^over budget: JS total (raw) .*assets/big-Bg78Hi90.js 750.0 KB' out.txt
assert_grep '^assets/big-Bg78Hi90.js  *750.0 KB' out.txt

run_distill budget dist --no-fail
expect_status 0
assert_grep 'OVER' out.txt

# The build completes (the output is committed) and still exits 3.
run_distill build dist --out out
expect_status 3
assert_file out/assets/big-Bg78Hi90.js
assert_file out/index.html

# A higher limit in the config lets it pass.
echo '{"budget": {"jsTotal": 800000, "script": 800000}}' >distill.config.json
run_distill build dist --out out2
expect_status 0
exit 0
