# SPDX-License-Identifier: MIT
# A shared remote cache in the Bazel HTTP layout, served by Debian's nginx
# (WebDAV PUT) on 127.0.0.1. Machine A builds and uploads; machine B, with
# an empty local cache in another folder, runs no job of an asset and
# writes the same tree; two shards then an assembling build do the same.
# Every entry is a real ActionResult whose blobs are the SHA-256 of their
# bytes, and the token in the header never reaches a log, the cache or the
# output.
. "$ROOT/tests/lib.sh"
need vips curl python3 sha256sum
start_nginx
export DISTILL_REMOTE_CACHE=$nginx_url/team-cache
export DISTILL_REMOTE_HEADER='Authorization: Bearer s3cr3t-t0ken'
top=$PWD
build_in() { # DIR ARG...: run_distill in DIR, its out.txt and err.txt here
	cd "$1" && shift && run_distill "$@"
	mv out.txt err.txt "$top/"
	cd "$top"
}
mkdir a b c
copy_fixture demo a/dist
copy_fixture demo b/dist
copy_fixture demo c/dist
clean() { # DIR: a build without any remote, for the reference tree
	(unset DISTILL_REMOTE_CACHE; cd "$1" && "$DISTILL" build dist --out out --cache cache -q \
		>/dev/null 2>&1) || fail "the clean build in $1 failed"
}
mkdir ref && copy_fixture demo ref/dist && clean ref
tree_listing ref/out > want

# Machine A: a cold build, every job uploaded.
build_in a build dist --out out --cache cache -vv
expect_status 0
diff <(tree_listing a/out) want >/dev/null || fail "machine A's tree differs from a clean build"
uploads=$(sed -n "s/.*remote cache '[^']*': 0 of \([0-9]*\) jobs missing here came from it, \([0-9]*\) uploaded.*/\1 \2/p" err.txt)
set -- $uploads
[ "${1:-0}" -gt 5 ] && [ "$1" = "$2" ] || fail "machine A: expected every missing job uploaded, got '$uploads'"
entries=$(find "$nginx_root/team-cache/ac" -type f | wc -l)
assert_eq "$1" "$entries" "/ac/ entries on the server"
# Blobs are named by the SHA-256 of their bytes.
for blob in $(find "$nginx_root/team-cache/cas" -type f | head -n 20); do
	assert_eq "$(basename "$blob")" "$(sha256sum "$blob" | cut -c1-64)" "a /cas/ name"
done
# An /ac/ entry is an ActionResult: output_files (field 2) of path and digest.
python3 - "$nginx_root/team-cache" <<'PY' || fail "an /ac/ entry is not a valid ActionResult"
import os, sys
root = sys.argv[1]
def fields(b):
    i = 0
    while i < len(b):
        key = 0; shift = 0
        while True:
            c = b[i]; i += 1; key |= (c & 0x7f) << shift; shift += 7
            if c < 0x80: break
        n = 0; shift = 0
        if key & 7 == 2:
            while True:
                c = b[i]; i += 1; n |= (c & 0x7f) << shift; shift += 7
                if c < 0x80: break
            yield key >> 3, b[i:i + n]; i += n
        elif key & 7 == 0:
            while True:
                c = b[i]; i += 1; n |= (c & 0x7f) << shift; shift += 7
                if c < 0x80: break
            yield key >> 3, n
        else:
            raise SystemExit("unexpected wire type")
for name in os.listdir(root + "/ac"):
    entry = open(root + "/ac/" + name, "rb").read()
    paths = []
    for f, v in fields(entry):
        assert f == 2
        out = dict(fields(v))
        digest = dict(fields(out[2]))
        blob = root + "/cas/" + digest[1].decode()
        assert os.path.getsize(blob) == digest.get(2, 0), blob
        paths.append(out[1].decode())
    assert any(p.endswith("/record.json") for p in paths), paths
PY

# Machine B: another folder, an empty cache; every job comes from the
# remote, the site-wide ones too, and the tree is byte for byte the clean
# build's.
# What a killed fetch left there goes.
mkdir -p b/cache/gen/tmp-remote-left && echo x >b/cache/gen/tmp-remote-left/f
build_in b build dist --out out --cache cache -vv
expect_status 0
assert_eq 0 "$(jobs_run)" "jobs run on machine B"
[ -e b/cache/gen/tmp-remote-left ] && fail "a killed fetch's folder was left in gen/"
assert_no_file b/cache/.ninja_log
diff <(tree_listing b/out) want >/dev/null || fail "machine B's tree differs from a clean build"
grep -q "remote cache '$nginx_url/team-cache': $1 of $1 jobs missing here came from it, 0 uploaded" err.txt ||
	fail "machine B did not take every job from the remote: $(grep 'remote cache' err.txt)"
! grep -q warning err.txt || fail "machine B warned: $(grep warning err.txt)"
# A rebuild there runs nothing at all.
build_in b build dist --out out --cache cache -v
assert_eq 0 "$(jobs_run)" "jobs of machine B's second build"

# The token went to the server and nowhere else.
grep -rqF 's3cr3t-t0ken' a b err.txt out.txt && fail "the token was written by distill"

# A read-only runner fetches but uploads nothing.
rm -rf "$nginx_root/team-cache" b/cache b/out
echo '/* changed */' >> c/dist/styles/theme.css
DISTILL_REMOTE_READ_ONLY=1 build_in c build dist --out out --cache cache -vv
expect_status 0
assert_no_file "$nginx_root/team-cache"

# Two shards, each on its own machine and cache, one after the other, then
# an assembling build on a third: the second shard found the first's slice
# in the remote and ran the site-wide jobs too, so the assembling build
# runs no job and writes the same tree.
for i in 1 2; do
	mkdir "shard$i" && copy_fixture demo "shard$i/dist"
	build_in "shard$i" build dist --cache cache --shard "$i/2" -v
	expect_status 0
	grep -q "shard $i/2: " err.txt || fail "shard $i printed no summary"
	assert_no_file "shard$i/out"
	[ "$(asset_jobs_run "shard$i/cache")" -ge 1 ] || fail "shard $i ran no job"
done
grep -q "shard 2/2: .*; [0-9]* run, 4 after the other slices" err.txt ||
	fail "the second shard did not run the site-wide jobs: $(grep 'shard 2' err.txt)"
[ "$(grep -c $'\tgen/' shard1/cache/.ninja_log)" = 0 ] ||
	fail "the first shard ran a site-wide job without the other slice"
# A job of the first slice ran on the first machine only.
for log in shard1/cache/.ninja_log shard2/cache/.ninja_log; do grep $'\tstore/' "$log" | cut -f4; done |
	sort | uniq -d > twice
[ ! -s twice ] || fail "jobs run by both shards: $(cat twice)"
rm -rf b/cache b/out
build_in b build dist --out out --cache cache -vv
expect_status 0
assert_eq 0 "$(jobs_run)" "jobs run after the shards"
diff <(tree_listing b/out) want >/dev/null || fail "the assembled tree differs from a clean build"

# --shard without a remote is a usage error that writes nothing.
DISTILL_REMOTE_CACHE= build_in c build dist --cache cache2 --shard 1/2
expect_status 2
grep -q "needs a remote cache" err.txt || fail "no reason given for --shard without a remote"
build_in c build dist --shard 3/2
expect_status 2
