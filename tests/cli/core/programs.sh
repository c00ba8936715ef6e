#!/bin/bash
# SPDX-License-Identifier: MIT
# distill is two programs: distill, which every job runs, and distill-image,
# which alone links the image libraries and runs the image jobs. A build of
# a site without images opens no image library in any process (the dynamic
# loader's own log, LD_DEBUG=files, lists every object a process opens);
# a build of one with images uses distill-image; and without distill-image
# beside distill, a site with images fails clearly and loses nothing.
. "$ROOT/tests/lib.sh"

image_libs='libvips|libwebp|libaom|libglib|libgobject|libjpeg|libpng'

# No image library in any process of a text-only build.
copy_fixture budget-report
mkdir ld
LD_DEBUG=files LD_DEBUG_OUTPUT=$PWD/ld/log run_distill build dist --out out --cache cache
expect_status 0
ls ld/log.* >/dev/null 2>&1 || fail "the loader wrote no log: LD_DEBUG had no effect"
procs=$(grep -l 'file=.*libjansson' ld/log.* | wc -l)
[ "$procs" -ge 3 ] || fail "expected the build and its jobs in the loader log, found $procs processes"
if grep -E "file=[^ ]*($image_libs)" ld/log.* >&2; then
	fail "a process of a build without images opened an image library (above)"
fi
echo "# $procs processes, none opened an image library"

# A site with images: the image jobs run distill-image.
rm -rf ld cache out && mkdir ld
copy_fixture demo
LD_DEBUG=files LD_DEBUG_OUTPUT=$PWD/ld/log run_distill build dist --out out --cache cache
expect_status 0
grep -l 'file=.*libvips' ld/log.* >/dev/null || fail "no process of the build loaded libvips"
find out -name '*.avif' | grep -q . || fail "no AVIF variant in the output"

# distill alone, without distill-image: text still builds, images fail
# with a message naming the missing program, and DIST and OUT stay as
# they were.
mkdir alone
cp "$DISTILL" alone/distill
copy_fixture budget-report text
"$PWD/alone/distill" build text --out text-out --cache text-cache >out.txt 2>err.txt ||
	{ cat err.txt >&2; fail "a site without images needs distill-image"; }
copy_fixture demo pics
before=$(tree_listing pics)
set +e
"$PWD/alone/distill" build pics --out pics-out --cache pics-cache >out.txt 2>err.txt
status=$?
set -e
expect_status 1
grep -q "alone/distill-image" err.txt || { cat err.txt >&2; fail "the message does not name the missing distill-image"; }
assert_eq "$before" "$(tree_listing pics)" "the site after a failed build"
assert_no_file pics-out
