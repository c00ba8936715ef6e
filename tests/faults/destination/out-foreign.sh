# An existing --out that distill did not write is replaced only with
# --force; one that the last build with this cache wrote is replaced
# without it. An empty or missing one is always fine.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/faults/lib.bash"
mkdir -p dist out
printf '<!doctype html><title>t</title>\n' > dist/index.html
printf 'keep me\n' > out/report.txt
expect_refused out . build dist --out out --cache "$PWD/cache"
grep -q -- '--force' err.txt || fail "the message does not say how to proceed"
fault_build --force
expect_status 0
assert_no_file out/report.txt
# Written by distill now: a rebuild needs no --force.
printf '<!doctype html><title>t2</title>\n' > dist/index.html
fault_build
expect_status 0
grep -q t2 out/index.html || fail "the second build did not replace the output"
# Another cache does not know it wrote out: refused again.
expect_refused out . build dist --out out --cache "$PWD/other-cache"
# An empty folder is no one's.
rm -rf out && mkdir out
fault_build
expect_status 0
