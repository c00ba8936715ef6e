# A link to a folder inside DIST is walked as that folder: its files are
# site files at the link's path, and a page reached through it has its
# references rewritten to fingerprinted files the output holds. Links that
# loop (to a folder they are in, to each other, to themselves) are each
# reported by name and skipped, and the rest builds. Links into folders
# that are not part of the site (.git, node_modules) are not followed.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/faults/lib.bash"
need vips python3
mkdir -p dist/docs/img dist/docs/sub dist/a dist/b
gen valid dist/docs/img/photo.png png
printf 'body{color:red}\n' > dist/docs/site.css
printf '<!doctype html><title>t</title><link rel="stylesheet" href="site.css"><img src="img/photo.png" alt="">\n' \
	> dist/docs/page.html
ln -s docs dist/v2
ln -s ../.. dist/docs/sub/top
ln -s ../b dist/a/to-b
ln -s ../a dist/b/to-a
ln -s self dist/self
mkdir -p dist/.git dist/node_modules/pkg
printf 'secret\n' > dist/.git/config
printf 'module\n' > dist/node_modules/pkg/index.js
ln -s .git dist/git
ln -s node_modules/pkg/index.js dist/pkg.js
fault_build
expect_status 0
for l in docs/sub/top v2/sub/top a/to-b/to-a b/to-a/to-b self; do
	grep -F -q "'$l'" err.txt || { cat err.txt >&2; fail "no warning names the loop '$l'"; }
done
[ "$(grep -c 'loop' err.txt)" = 5 ] || { cat err.txt >&2; fail "not five loops reported"; }
for l in git pkg.js; do
	grep -F -q "skipping symlink '$l': it points into a folder that is not part of the site" err.txt ||
		{ cat err.txt >&2; fail "the link '$l' into a private folder was not skipped by name"; }
	[ ! -e "out/$l" ] || fail "'$l' went into the output"
done
! grep -r -q -e secret -e module out || fail "a private folder's file went into the output"

# Through the link: the same bytes, and references that resolve.
cmp dist/docs/page.html dist/v2/page.html
page=out/$(check output cache v2/page.html)
assert_file "$page"
cmp dist/docs/site.css "out/$(check output cache v2/site.css)" || fail "v2/site.css not read as docs/site.css"
expect_carried v2/img/photo.png
for url in $(grep -o -E '(href|src)="[^"]*"' "$page" | sed -E 's/^[a-z]+="(.*)"$/\1/'); do
	case $url in
	../assets/*) assert_file "out/v2/$url" ;;
	*) fail "'$url' in v2/page.html is not a fingerprinted name" ;;
	esac
done
grep -q 'stylesheet" href="../assets/' "$page" || fail "the stylesheet reference was not rewritten"
grep -q 'src="../assets/' "$page" || fail "the image reference was not rewritten"
refs_ok out
[ -z "$(find out -type l)" ] || fail "symlinks in the output: $(find out -type l)"
