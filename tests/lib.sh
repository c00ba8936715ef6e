# SPDX-License-Identifier: MIT
# Helpers for tests/cli and tests/faults scripts; source with
#   . "$ROOT/tests/lib.sh"
# Every helper fails the test (exit 1) with a message naming what differed.
set -euo pipefail
# Tests talk to servers on 127.0.0.1 only; libcurl (curl's, and distill's
# remote cache) would take a proxy from the environment for them too.
export no_proxy=127.0.0.1,localhost NO_PROXY=127.0.0.1,localhost

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

skip() {
	echo "$*"
	exit 77
}

# Skip the test without Debian's Chromium or playwright-core, which the
# browser checks (tests/browser/) drive.
need_chromium() {
	[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || skip "needs Debian's chromium"
	[ -d "$NODE_PATH/playwright-core" ] || skip "needs playwright-core: npm install in tests/"
}

need() { # tool... : skip the test when an optional tool is missing
	for t in "$@"; do
		command -v "$t" >/dev/null 2>&1 || skip "needs '$t'"
	done
}

assert_eq() { # expected actual [what]
	[ "$1" = "$2" ] || fail "${3:-value}: expected '$1', got '$2'"
}

assert_file() {
	[ -f "$1" ] || fail "missing file '$1'"
}

assert_no_file() {
	[ ! -e "$1" ] || fail "unexpected file '$1'"
}

assert_grep() { # pattern file
	grep -q -e "$1" "$2" || fail "'$2' does not contain '$1'"
}

# Copy fixtures/NAME/dist to ./DEST (default ./dist).
copy_fixture() {
	rm -rf "${2:-dist}"
	cp -a "$FIXTURES/$1/dist" "${2:-dist}"
}

# Run distill, keeping its status in $status and output in out.txt, err.txt.
run_distill() {
	set +e
	"$DISTILL" "$@" >out.txt 2>err.txt
	status=$?
	set -e
}

# Expect a status from the last run_distill.
expect_status() {
	if [ "$status" != "$1" ]; then
		echo "--- stdout" >&2; cat out.txt >&2
		echo "--- stderr" >&2; cat err.txt >&2
		fail "expected exit status $1, got $status"
	fi
}

# A sorted listing of a tree: one "sha256  path" line per file, symlinks
# shown as links. Comparing two listings compares the trees.
tree_listing() {
	(cd "$1" && find . -type f -print0 | sort -z | xargs -0 -r sha256sum
	 find . -type l -printf 'link %p -> %l\n' | sort)
}

# Fail unless out/ holds what a clean build of dist/ (into clean/, with
# clean-cache/ and any ARGS) writes, file for file. WHAT names the case.
same_output_as_clean() { # WHAT [ARGS...]
	local what=$1
	shift
	rm -rf clean clean-cache
	run_distill build dist --out clean --cache clean-cache "$@"
	expect_status 0
	diff <(tree_listing clean) <(tree_listing out) >/dev/null ||
		fail "$what: the output differs from a clean build's"
}

# Files with their mtimes, to check that a run changed nothing.
tree_mtimes() {
	(cd "$1" && find . -type f -printf '%T@ %p\n' | sort -k2)
}

# The number of jobs ninja ran in the last build, from distill's summary.
jobs_run() {
	sed -n 's/.* \([0-9][0-9]*\) jobs in .*/\1/p' err.txt | tail -n 1
}

# The version of pass NAME, as its source declares it, for `distill job`.
pass_version() { # NAME
	sed -n 's/^\t\.version = \([0-9]*\),$/\1/p' "$ROOT/passes/$1.c"
}

# Give a hand-written manifest (FORMAT.md) the fields its format requires
# that the test does not care about, at harmless values, so that a job
# reads it as one a build wrote.
manifest_complete() { # FILE
	python3 - "$1" <<'PY' || fail "manifest_complete: cannot complete '$1'"
import json, sys
path = sys.argv[1]
m = json.load(open(path, encoding="utf-8"))
zero = "0" * 32
for e in m["assets"]:
    for key, value in (("size", 0), ("hash", zero), ("output", e["path"]),
                       ("output_size", e.get("size", 0)), ("output_hash", zero),
                       ("content", m["dist"] + "/" + e["path"]), ("refs", []),
                       ("fingerprinted", False), ("original_kept", False)):
        e.setdefault(key, value)
for f in m["files"]:
    for key, value in (("from", m["dist"] + "/" + f["output"]), ("hash", zero), ("size", 0)):
        f.setdefault(key, value)
json.dump(m, open(path, "w", encoding="utf-8"), ensure_ascii=False, indent=1)
PY
}

# A free TCP port on 127.0.0.1.
free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# The server NAME started as PID is stopped when the test exits; wait until
# URL answers (a HEAD request: a throttled server's body would take long),
# or fail showing LOG.
serve_until_exit() { # NAME PID URL LOG
	trap "rc=\$?; kill $2 2>/dev/null || :; wait $2 2>/dev/null || :; exit \$rc" EXIT
	for _ in $(seq 1 100); do
		curl -s -I -o /dev/null "$3/" && return 0
		kill -0 "$2" 2>/dev/null || { cat "$4" >&2; fail "$1 did not start"; }
		sleep 0.1
	done
	fail "$1 did not answer on $3"
}

# Serve ROOT with Caddy's file_server on 127.0.0.1 (its precompressed
# sidecars: zstd, br, gzip) until the test exits, with the directives of
# the file DIRECTIVES too when given (headers, say); sets $caddy_port and
# $caddy_pid. Caddy keeps its state in the scratch folder.
start_caddy() { # ROOT [DIRECTIVES]
	caddy_port=$(free_port)
	cat > Caddyfile <<CADDY
{
	admin off
	auto_https off
}
http://127.0.0.1:$caddy_port {
	bind 127.0.0.1
	root * $1
$([ -n "${2:-}" ] && cat "$2")
	file_server {
		precompressed zstd br gzip
	}
}
CADDY
	HOME=$PWD XDG_CONFIG_HOME=$PWD/xdg XDG_DATA_HOME=$PWD/xdg \
		caddy run --config Caddyfile --adapter caddyfile >caddy.log 2>&1 &
	caddy_pid=$!
	serve_until_exit caddy "$caddy_pid" "http://127.0.0.1:$caddy_port" caddy.log
}

# Serve a WebDAV root (GET, HEAD, PUT) with Debian's nginx on 127.0.0.1, as
# a remote cache in the Bazel HTTP layout, until the test exits; the file
# DIRECTIVES, when given, goes into its server block (auth rules, sizes);
# HTTP_DIRECTIVES into its http block. Sets $nginx_url, $nginx_root.
start_nginx() { # [DIRECTIVES] [HTTP_DIRECTIVES]
	need nginx
	local port
	port=$(free_port)
	nginx_root=$PWD/nginx-root
	mkdir -p "$nginx_root" nginx-tmp
	cat > nginx.conf <<NGINX
daemon off;
master_process off;
pid $PWD/nginx.pid;
error_log $PWD/nginx-error.log;
$([ "$(id -u)" = 0 ] && echo "user root;")
events { worker_connections 64; }
http {
	access_log $PWD/nginx-access.log;
	client_body_temp_path $PWD/nginx-tmp;
	proxy_temp_path $PWD/nginx-tmp;
	fastcgi_temp_path $PWD/nginx-tmp;
	uwsgi_temp_path $PWD/nginx-tmp;
	scgi_temp_path $PWD/nginx-tmp;
	client_max_body_size 0;
$([ -n "${2:-}" ] && cat "$2")
	server {
		listen 127.0.0.1:$port;
		root $nginx_root;
$([ -n "${1:-}" ] && cat "$1")
		location / {
			dav_methods PUT;
			create_full_put_path on;
		}
	}
}
NGINX
	nginx -p "$PWD" -c "$PWD/nginx.conf" -e "$PWD/nginx-error.log" &
	nginx_pid=$!
	nginx_url=http://127.0.0.1:$port
	serve_until_exit nginx "$nginx_pid" "$nginx_url" nginx-error.log
}

stop_nginx() {
	kill "$nginx_pid" 2>/dev/null || :
	wait "$nginx_pid" 2>/dev/null || :
}

# The jobs of assets (not the site-wide aggregates) that ninja ran in the
# cache CACHE's last build, from its log.
asset_jobs_run() { # CACHE
	if [ -f "$1/.ninja_log" ]; then grep -c $'\tstore/' "$1/.ninja_log" || :; else echo 0; fi
}
