# The cache does not depend on where the site is: a project moved with its
# DIST, its output and its cache, a copy of it at another path, and DIST
# alone moved elsewhere with the cache named again, each rebuild with no
# job run and the same tree. Commands and keys name files relative to the
# cache folder (DIST through its "site" link), never by absolute path.
. "$ROOT/tests/lib.sh"
need vips
top=$PWD
build_in() { # DIR ARG...: run_distill in DIR, its out.txt and err.txt here
	cd "$1" && shift && run_distill "$@"
	mv out.txt err.txt "$top/"
	cd "$top"
}
mkdir -p a/project/node_modules
echo '{"name": "moved-site", "private": true}' > a/project/package.json
# A file of the project outside DIST that a job reads: named from the cache.
printf '// mine\nconst D = self.__DISTILL_SW__;\nconsole.log(D.version);\n' > a/project/sw-template.js
echo '{"sw": {"template": "sw-template.js"}}' > a/project/distill.config.json
copy_fixture demo a/project/dist
build_in a/project build dist --out out
expect_status 0
[ "$(jobs_run)" -gt 5 ] || fail "the first build ran only $(jobs_run) jobs"
assert_eq '// mine' "$(head -n 1 a/project/out/sw.js)" "the project's template in sw.js"
tree_listing a/project/out > first
grep -rlI --exclude=targets "$PWD/a" a/project/node_modules/.cache \
	&& fail "the cache names the project by its absolute path"

# The whole project moved.
mv a b
build_in b/project build dist --out out
expect_status 0
assert_eq 0 "$(jobs_run)" "jobs after moving the project"
diff first <(tree_listing b/project/out) || fail "the moved project built another tree"

# A copy at another path, as a fresh checkout with its cache restored.
cp -a b c
rm -rf c/project/out
build_in c/project build dist --out out
expect_status 0
assert_eq 0 "$(jobs_run)" "jobs in a copy of the project"
diff first <(tree_listing c/project/out) || fail "the copy built another tree"

# DIST alone somewhere else, with the same cache and config.
mv c/project/dist elsewhere
build_in c/project build "$top/elsewhere" --out "$top/out2" \
	--cache node_modules/.cache/distill/dist --config distill.config.json
expect_status 0
assert_eq 0 "$(jobs_run)" "jobs for DIST at another path"
diff first <(tree_listing out2) || fail "DIST at another path built another tree"
