# Garbage in every other file of the cache (the plan, ninja's log and deps,
# the reference cache, the files the plan writes for jobs (input/),
# assets.json, config.json, last-output, the previous budget, the lock): the
# next build exits 0 and equals a clean build; garbage is never trusted,
# never fatal.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/faults/lib.bash"
mkdir -p dist
for i in 1 2 3; do head -c 5000 /dev/urandom | base64 > "dist/t$i.txt"; done
printf '.a{background:url(t1.txt)}%2000s\n' "" > dist/site.css
printf '<!doctype html><link rel="stylesheet" href="site.css"><a href="t2.txt">x</a>\n' > dist/index.html
"$DISTILL" build dist --out clean --cache clean-cache -q >/dev/null 2>&1 || fail "clean build failed"
fault_build
expect_status 0
n=0
for f in build.ninja .ninja_log .ninja_deps refs.memo assets.json config.json \
	 last-output budget-previous.json lock $(cd cache && echo input/*/*.json); do
	[ -e "cache/$f" ] || continue
	head -c 3000 /dev/urandom > "cache/$f"
	n=$((n + 1))
done
[ $n -ge 6 ] || fail "only $n cache files found to damage"
rm -rf out
fault_build
expect_status 0
diff <(tree_listing clean) <(tree_listing out) || fail "the rebuild differs from a clean build"
# And once more with every file cut to nothing.
for f in build.ninja .ninja_log .ninja_deps refs.memo assets.json config.json \
	 last-output budget-previous.json $(cd cache && echo input/*/*.json); do
	[ -e "cache/$f" ] && : > "cache/$f"
done
rm -rf out
fault_build
expect_status 0
diff <(tree_listing clean) <(tree_listing out) || fail "the rebuild after emptied files differs"
