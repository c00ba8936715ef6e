#!/bin/bash
# SPDX-License-Identifier: MIT
# A second run into the same store folder re-encodes nothing (job_reuse):
# no file is rewritten. A damaged variant makes the next run redo the job.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/cli/image/helpers.bash"

gradient in.jpg 1100 60
image_job in.jpg out
expect_job_ok
before=$(tree_mtimes out)
sleep 0.05
image_job in.jpg out
expect_job_ok
assert_eq "$before" "$(tree_mtimes out)" "mtimes after a second run"

# A rejected input is remembered too.
echo "not an image" >bad.png
image_job bad.png bad
[ "$status" = 0 ] || fail "bad.png: status $status"
before=$(tree_mtimes bad)
sleep 0.05
image_job bad.png bad
assert_eq "$before" "$(tree_mtimes bad)" "mtimes of a rejected input's record"

# Damage one variant: the record no longer verifies, the job runs again and
# restores the same bytes.
want=$(sha256sum out/640.webp | cut -d' ' -f1)
before=$(tree_mtimes out)
sleep 0.05
printf 'x' | dd of=out/640.webp bs=1 seek=100 conv=notrunc status=none
image_job in.jpg out
expect_job_ok
assert_eq "$want" "$(sha256sum out/640.webp | cut -d' ' -f1)" "640.webp after the rerun"
[ "$(tree_mtimes out | grep record.json)" != "$(echo "$before" | grep record.json)" ] ||
	fail "the damaged folder's record was not rewritten"
