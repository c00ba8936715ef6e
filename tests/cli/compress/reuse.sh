# A compress job whose store folder already holds a verified record does
# nothing (job_reuse): no file is rewritten. A damaged sidecar or a missing
# record makes it compress again, and the result is the same bytes.
. "$ROOT/tests/lib.sh"
need brotli zstd

# Compressible, and big enough that a rerun would be noticed.
for i in $(seq 1 3000); do echo "function f$i(a, b) { return a * $i + b; }"; done > app.js
out=$PWD/store/k
job() { "$DISTILL" job compress --pass-version="$(pass_version compress)" --out="$out" "$PWD/app.js" || fail "job failed"; }
ids() { stat -c '%i %Y %n' "$out"/record.json "$out"/br "$out"/zst; }

job
first=$(ids)
cp "$out/br" br.first
cp "$out/zst" zst.first

job
assert_eq "$first" "$(ids)" "files after a second run (inode, mtime)"

# A flipped byte in a sidecar: the record no longer verifies, so the job
# runs again and writes a good sidecar over it.
printf 'X' | dd of="$out/br" bs=1 seek=10 conv=notrunc status=none
job
cmp -s br.first "$out/br" || fail "damaged .br was not rebuilt identically"
brotli -dc "$out/br" | cmp -s - app.js || fail "rebuilt .br does not decode"

# No record: the job runs again; identical input gives identical output.
rm "$out/record.json"
job
assert_file "$out/record.json"
cmp -s zst.first "$out/zst" || fail "zst differs between two runs"
cmp -s br.first "$out/br" || fail "br differs between two runs"

# A wrong --pass-version is refused rather than mixing outputs.
set +e
"$DISTILL" job compress --pass-version=999 --out="$out" "$PWD/app.js" 2>err.txt
status=$?
set -e
assert_eq 1 "$status" "status of a job with the wrong pass version"
