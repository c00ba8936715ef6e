# SPDX-License-Identifier: MIT
# A referenced file whose name occurs in a script (a file or a page's
# inline one) keeps its URL; the others get a content-hashed one. What
# each script holds is kept in <cache>/names.memo (passes/hash_names.c)
# under a key of its bytes and of the names searched for: the output is a
# clean build's when a script changes, when a page changes, when a newly
# referenced file is named by a script that did not change, and when the
# memo is damaged.
. "$ROOT/tests/lib.sh"
mkdir -p dist/img dist/js
for n in a b c d; do
	echo "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1\" height=\"1\"><title>$n</title></svg>" >"dist/img/$n.svg"
done
page() { # FILE IMAGES...
	local file=$1
	shift
	{
		echo '<!doctype html><html><head><meta charset="utf-8"><title>t</title>'
		echo '<script src="/js/app.js"></script></head><body>'
		for n in "$@"; do echo "<img src=\"/img/$n.svg\" alt=\"\">"; done
		echo '<script>window.logo = "c.svg";</script></body></html>'
	} >"$file"
}
page dist/index.html a b c
page dist/other.html a
echo 'fetch("/img/b.svg"); const later = "d.svg";' >dist/js/app.js

build() { run_distill build dist --out out --cache cache -vvv; expect_status 0; }
remembered() { sed -n 's/.*hash: .* files, \([0-9]*\) from the memo.*/\1/p' err.txt; }
keeps_url() { [ -f "out/img/$1.svg" ] || fail "$2: img/$1.svg lost its URL"; }
renamed() { [ -f "out/img/$1.svg" ] && fail "$2: img/$1.svg kept its URL"; return 0; }

build
[ -f cache/names.memo ] || fail "no memo of names at cache/names.memo"
renamed a "first build"
keeps_url b "first build (named in a script file)"
keeps_url c "first build (named in an inline script)"

# The script names another file now.
echo 'fetch("/img/a.svg"); const later = "d.svg";' >dist/js/app.js
build
keeps_url a "script changed"
renamed b "script changed"
same_output_as_clean "a script changed"

# A page changes; the script does not: it is not read again.
echo '<p>more</p>' >>dist/other.html
build
assert_eq 2 "$(remembered)" "files whose finds came from the memo after a page changed"
keeps_url a "a page changed"
same_output_as_clean "a page changed"

# A file referenced for the first time, named by the unchanged script all along.
page dist/other.html a d
build
keeps_url d "a newly referenced file the script names"
same_output_as_clean "a newly referenced file"

# A damaged memo is not read.
printf 'x' | dd of=cache/names.memo bs=1 seek=60 conv=notrunc 2>/dev/null
echo '<p>again</p>' >>dist/other.html
build
keeps_url a "a damaged memo"
keeps_url d "a damaged memo"
same_output_as_clean "a damaged memo"
