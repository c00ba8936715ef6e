# SPDX-License-Identifier: MIT
# A commit takes the folders of the last tree, kept in <cache>/spare,
# instead of making them anew (commit_spare.c): the output is the same as
# with new folders. Folders the site no longer uses go, folders are given
# the mode a new one gets, and a spare that holds anything but folders is
# not taken.
. "$ROOT/tests/lib.sh"
copy_fixture demo
build() { run_distill build dist --out out --cache cache "$@"; expect_status 0; }
same_as_clean() { # what
	rm -rf clean clean-cache
	run_distill build dist --out clean --cache clean-cache
	expect_status 0
	diff <(tree_listing clean) <(tree_listing out) >/dev/null ||
		fail "$1: the output differs from a clean build's"
	diff <(cd clean && find . -type d | sort) <(cd out && find . -type d | sort) ||
		fail "$1: the folders differ from a clean build's"
}
umask 022

build
[ -d cache/spare ] && fail "a spare after the first build, with no old tree"
echo '/* changed */' >>dist/styles/theme.css
build
[ -d cache/spare ] || fail "the old tree's folders were not kept"
[ -z "$(find cache/spare ! -type d)" ] || fail "the spare holds files"
same_as_clean "one file changed"

# A folder the site no longer has is not in the next tree.
rm -rf dist/icons
build
[ -e out/icons ] && fail "a folder DIST no longer has is in the output"
same_as_clean "a folder removed"

# Folders get a new folder's mode, whatever the old tree's was: the tree
# with a changed mode becomes the spare of the build after next.
chmod 700 out/images
for i in 1 2; do
	echo "/* change $i */" >>dist/styles/theme.css
	build
	assert_eq 755 "$(stat -c %a out/images)" "mode of a folder taken from the spare"
done

# A spare with a file in it is not taken: the file must not reach the output.
echo '/* changed again */' >>dist/styles/theme.css
build
echo stray >cache/spare/images/stray.txt
echo '/* and again */' >>dist/styles/theme.css
build
assert_no_file out/images/stray.txt
same_as_clean "a spare holding a file"
