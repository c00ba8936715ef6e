# SPDX-License-Identifier: MIT
# A commit starts from the last tree, kept in <cache>/spare, instead of
# making every folder and link anew (commit_spare.c): the output is the
# same as a clean build's whatever the spare or the old output holds.
# Files the site no longer has go, folders get a new folder's mode, and
# in CI (where the cache travels) only the folders are kept.
. "$ROOT/tests/lib.sh"
copy_fixture demo
build() { run_distill build dist --out out --cache cache "$@"; expect_status 0; }
same_as_clean() { # what
	same_output_as_clean "$1"
	diff <(cd clean && find . -type d | sort) <(cd out && find . -type d | sort) ||
		fail "$1: the folders differ from a clean build's"
}
change() { echo "/* change $RANDOM */" >>dist/styles/theme.css; }
umask 022

build
[ -d cache/spare ] && fail "a spare after the first build, with no old tree"
change
build
[ -n "$(find cache/spare -type f)" ] || fail "the old tree's files were not kept"
# An unchanged file of the old tree is the output's own file, not a copy.
assert_eq "$(stat -c %i out/robots.txt)" "$(stat -c %i cache/spare/robots.txt)" \
	"inode of an unchanged file in the spare"
same_as_clean "one file changed"
change
build
same_as_clean "a file changed again, from the spare"

# A folder the site no longer has is not in the next tree.
rm -rf dist/icons
build
[ -e out/icons ] && fail "a folder DIST no longer has is in the output"
same_as_clean "a folder removed"

# Folders get a new folder's mode, whatever the old tree's was: the tree
# with a changed mode becomes the spare of the build after next.
chmod 700 out/images
for i in 1 2; do
	change
	build
	assert_eq 755 "$(stat -c %a out/images)" "mode of a folder taken from the spare"
done

# What the spare holds beyond the output's own files never reaches the
# output: a stray file, a file with other bytes under an output's name,
# a symlink in a file's place.
change
build
echo stray >cache/spare/images/stray.txt
rm cache/spare/index.html && echo '<p>not the page</p>' >cache/spare/index.html
js=$(cd out && find assets -name '*.js' | head -n 1)
rm "cache/spare/$js" && ln -s /etc/passwd "cache/spare/$js"
change
build
assert_no_file out/images/stray.txt
same_as_clean "a spare holding strays"

# An output file edited in place (the spare shares its inode): rebuilt.
change
build
echo '<!-- edited -->' >>out/index.html
change
build
same_as_clean "an output file edited in place"

# A folder that becomes a file of the same name, with a spare and in CI.
for ci in "" true; do
	mkdir -p dist/docs/api && echo one >dist/docs/api/a.txt
	change; CI=$ci build
	change; CI=$ci build
	rm -r dist/docs/api && echo 'api file' >dist/docs/api
	change; CI=$ci build
	assert_eq "api file" "$(cat out/docs/api 2>&1)" "a folder become a file (CI='$ci')"
	same_as_clean "a folder become a file (CI='$ci')"
	rm dist/docs/api
done

# In CI the spare keeps the folders alone: a restored cache carries no
# second copy of the output.
change
CI=true build
[ -d cache/spare/images ] || fail "CI: the old tree's folders were not kept"
[ -z "$(find cache/spare ! -type d)" ] || fail "CI: the spare holds files"
change
CI=true build
same_as_clean "CI: a file changed"

# The records of the files the spare kept are those of the output as it
# stands: the next build with nothing changed stops before planning.
for i in 1 2; do change; build; done
[ -n "$(find cache/spare -type f)" ] || fail "no files in the spare to keep"
run_distill build dist --out out --cache cache -vvv
expect_status 0
grep -q "is up to date: same inputs, output untouched" err.txt ||
	fail "a rebuild with nothing changed after a spare was used did not stop early"
