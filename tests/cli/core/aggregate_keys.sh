# SPDX-License-Identifier: MIT
# Every job's output is named by a key of what it reads: a per-asset job's
# store folder, an aggregate's stamp (gen/PASS/key-HEX, plan.h). So ninja's
# log is not needed to know what is current (without it a rebuild runs
# nothing), and a site changed and changed back runs the aggregates again
# and gives the first tree, not the second's leftovers.
. "$ROOT/tests/lib.sh"
need vips
copy_fixture demo
build() { run_distill build dist --out out --cache cache -v; expect_status 0; }
build
tree_listing out > first
for p in manifest sw headers budget; do
	[ "$(ls cache/gen/$p | grep -c '^key-')" = 1 ] || fail "gen/$p holds no single stamp"
done

# Without ninja's log (a cache restored without it, or from the remote):
# nothing runs.
rm cache/.ninja_log
rm -rf out
build
assert_eq 0 "$(jobs_run)" "jobs run without ninja's log"

# Changed, then changed back: the aggregates run each time, and the tree
# is the first one again.
cp dist/robots.txt robots.txt.orig
echo 'Disallow: /private/' >> dist/robots.txt
build
[ "$(jobs_run)" -ge 4 ] || fail "the aggregates did not run after robots.txt changed"
cp robots.txt.orig dist/robots.txt
build
[ "$(jobs_run)" -ge 4 ] || fail "the aggregates did not run after robots.txt came back"
diff <(tree_listing out) first >/dev/null || fail "changed back, the tree is not the first one"
# A stamp left by hand beside outputs it does not describe is removed by
# the next run of its job.
touch cache/gen/sw/key-00000000000000000000000000000000
echo 'Disallow: /other/' >> dist/robots.txt
build
assert_no_file cache/gen/sw/key-00000000000000000000000000000000
