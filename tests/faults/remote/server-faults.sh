# SPDX-License-Identifier: MIT
# A remote cache that misbehaves never fails a build nor changes its
# output: a server that is down, one that answers 500, one that refuses a
# large upload (413), one slower than remote.timeoutSeconds, a blob whose
# bytes are not its digest, an /ac/ entry that is not an ActionResult, and
# a read-only token (403 on PUT). A blob the server dropped is a plain miss. Each build exits 0 with the tree of a
# build without a remote, and says what went wrong once, naming the
# remote; the header's secret is in none of it.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/faults/lib.bash"
need vips curl python3 nginx
copy_fixture demo
"$DISTILL" build dist --out clean --cache clean-cache -q >/dev/null 2>&1 || fail "clean build failed"
tree_listing clean > want
echo '{"remote": {"timeoutSeconds": 2}}' > distill.config.json
export DISTILL_REMOTE_HEADER='Authorization: Bearer ro-t0ken'

# One build with an empty cache against the remote: exit 0, the clean tree,
# one warning about the remote that matches PATTERN.
expect_one_warning() { # WHAT PATTERN
	rm -rf out cache
	fault_build
	expect_status 0
	diff <(tree_listing out) want >/dev/null || fail "$1: the tree differs from a clean build"
	local n
	n=$(grep -c "remote cache '" err.txt || :)
	[ "$n" = 1 ] || { cat err.txt >&2; fail "$1: expected one warning about the remote, got $n"; }
	grep -q "remote cache '.*$2" err.txt || { cat err.txt >&2; fail "$1: the warning does not say '$2'"; }
	! grep -qF 'ro-t0ken' err.txt out.txt || fail "$1: the token was printed"
	grep -rqF 'ro-t0ken' cache out && fail "$1: the token was written" || :
}

# Down: nothing listens on the port. A user and password in the URL are
# not shown.
export DISTILL_REMOTE_CACHE=http://someone:pa55word@127.0.0.1:$(free_port)
expect_one_warning "server down" "Could not connect\|Couldn't connect\|connect"
! grep -q 'pa55word' err.txt || fail "the URL's password was printed"

# 500 for everything under the cache.
printf 'location /c/ { return 500; }\n' > errors.conf
start_nginx errors.conf
export DISTILL_REMOTE_CACHE=$nginx_url/c
expect_one_warning "HTTP 500" "answered HTTP 500"
stop_nginx

# Slower than the timeout: every answer crawls at 10 bytes a second.
printf 'limit_rate 10;\n' > slow.conf
start_nginx slow.conf
export DISTILL_REMOTE_CACHE=$nginx_url/c
start=$(date +%s)
expect_one_warning "slow server" "imeout\|timed out"
[ $(( $(date +%s) - start )) -lt 60 ] || fail "the slow server held the build a minute"
stop_nginx

# 413 for a large upload; the small ones went up before it.
printf 'client_max_body_size 2k;\n' > small.conf
start_nginx small.conf
export DISTILL_REMOTE_CACHE=$nginx_url/c
expect_one_warning "413" "answered HTTP 413"
stop_nginx

rm -rf nginx-root
rm -rf nginx-root
# A read-only token: PUT needs "Bearer rw-t0ken"; GET is open.
cat > token-http.conf <<'NGINX'
map "$request_method:$http_authorization" $refuse {
	default 0;
	"~^PUT:(?!Bearer rw-t0ken$)" 1;
}
NGINX
printf 'if ($refuse) { return 403; }\n' > token.conf
start_nginx token.conf token-http.conf
export DISTILL_REMOTE_CACHE=$nginx_url/c
expect_one_warning "read-only token" "answered HTTP 403"
assert_no_file "$nginx_root/c/ac"
# The same server takes the uploads of a writer's token, which a reader
# then fetches: every asset job comes from the remote.
DISTILL_REMOTE_HEADER='Authorization: Bearer rw-t0ken' "$DISTILL" build dist --out out2 \
	--cache cache2 -q >/dev/null 2>&1 || fail "the writer's build failed"
[ -n "$(ls "$nginx_root/c/ac")" ] || fail "the writer's token uploaded nothing"
rm -rf out cache
fault_build
expect_status 0
assert_eq 0 "$(asset_jobs_run cache)" "asset jobs run with a warm remote"
diff <(tree_listing out) want >/dev/null || fail "the tree from the remote differs"

# A blob the server dropped (a cache evicting by age) is a miss for its
# job, which runs here, and no warning: the other entries are still used.
# Read-only, so that the job's upload is not refused (403) meanwhile.
dropped=$(find "$nginx_root/c/cas" -type f -size +1k | sort | tail -n 1)
rm "$dropped"
rm -rf out cache
DISTILL_REMOTE_READ_ONLY=1 fault_build
expect_status 0
diff <(tree_listing out) want >/dev/null || fail "dropped blob: the tree differs from a clean build"
! grep -q "remote cache '" err.txt || { cat err.txt >&2; fail "dropped blob: a warning"; }
n=$(jobs_run)
[ "$n" -ge 1 ] && [ "$n" -lt "$(find "$nginx_root/c/ac" -type f | wc -l)" ] ||
	fail "dropped blob: $n jobs run, expected the dropped one's only"

# A blob with other bytes of the same size, then an entry that is not an
# ActionResult: each is a miss with one warning, the job is run here.
blob=$(find "$nginx_root/c/cas" -type f -size +1k | sort | head -n 1)
python3 -c 'import sys; p = sys.argv[1]; b = bytearray(open(p, "rb").read()); b[len(b) // 2] ^= 1; open(p, "wb").write(b)' "$blob"
chmod -R a+rX "$nginx_root"
expect_one_warning "wrong bytes" "holds other bytes"
[ "$(asset_jobs_run cache)" -ge 1 ] || fail "the job of the damaged blob did not run"
for entry in "$nginx_root"/c/ac/*; do printf 'not a protobuf' > "$entry"; done
expect_one_warning "damaged entry" "is not an ActionResult"
stop_nginx
