# `distill build dist --out .` in a project folder: refused with exit 2,
# the project (sources, .git, package.json, the site) untouched.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/faults/lib.bash"
project_tree p
expect_refused p p build dist --out . --cache "$PWD/cache"
grep -q 'project' err.txt || fail "the message does not say it is a project"
# The same with the project named by its path, and with --force: a project
# is never a build's to replace.
expect_refused p . build p/dist --out p --cache "$PWD/cache" --force
