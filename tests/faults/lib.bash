# SPDX-License-Identifier: MIT
# Helpers for the fault suite (tests/faults/*/*.sh); source after lib.sh:
#   . "$ROOT/tests/lib.sh"; . "$ROOT/tests/faults/lib.bash"
# fault_build runs one build under a time limit and then checks what must
# hold after any build, good input or bad (tests/faults/README.md): no
# crash, hang or sanitizer report, no temp or staging file left anywhere,
# the input tree unchanged, and every file the manifest lists complete.

# Seconds one build may take before it counts as a hang.
FAULT_TIMEOUT=${FAULT_TIMEOUT:-120}

gen() { # KIND OUT [ARG...]: tests/faults/gen.py
	python3 "$ROOT/tests/faults/gen.py" "$@" || fail "gen.py $* failed"
}

check() { # SUBCOMMAND ARG...: tests/faults/check.py
	python3 "$ROOT/tests/faults/check.py" "$@"
}

# A page referencing each given file as <img>, so that every pass (image,
# rewrite, hash) sees the files as a real site would.
page_for() { # FILE...
	mkdir -p dist
	{
		echo '<!doctype html><html><head><meta charset="utf-8"><title>t</title></head><body>'
		for f in "$@"; do
			printf '<img src="%s" alt="">\n' "$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$f")"
		done
		echo '</body></html>'
	} > dist/index.html
}

# Leftovers of an interrupted write anywhere under the given folders.
leftovers() { # DIR...
	find "$@" \( -name '*.tmp-*' -o -name '.*.distill-new-*' -o -name '*.distill-new-*' \) \
		-print 2>/dev/null || true
}

# The checks that hold after every build; $status from the last build.
check_sane() {
	local left
	case $status in
	124|137) fail "the build hung: still running after ${FAULT_TIMEOUT} s" ;;
	esac
	[ "$status" -lt 128 ] || { cat err.txt >&2; fail "the build died of signal $((status - 128))"; }
	if grep -E 'AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|runtime error:|BUG:|Segmentation fault|core dumped|-CRITICAL \*\*' err.txt >&2; then
		fail "crash or sanitizer report (above)"
	fi
	left=$(leftovers . "${FAULT_EXTRA_DIRS[@]}")
	[ -z "$left" ] || fail "temp or staging files left behind: $left"
	if [ -f .input-before ]; then
		diff .input-before <(tree_listing dist) >&2 || fail "the input tree changed"
	fi
	if [ "$status" -eq 0 ] || [ "$status" -eq 3 ]; then
		check complete "$CACHE" "$OUT" || fail "the output tree is not what the manifest says"
	fi
}
# Where fault_build writes; a test may change them.
OUT=out CACHE=cache
FAULT_EXTRA_DIRS=()

# One build of ./dist into $OUT with $CACHE (./out and ./cache unless the
# test sets them), bounded in time, then the checks above. Extra arguments
# go to distill.
fault_build() {
	tree_listing dist > .input-before
	set +e
	timeout -k 5 "$FAULT_TIMEOUT" "$DISTILL" build dist --out "$OUT" --cache "$CACHE" "$@" \
		>out.txt 2>err.txt
	status=$?
	set -e
	check_sane
}

# Each asset PATH in DIST came out byte for byte (under whatever name the
# manifest gives it).
expect_carried() { # PATH...
	check carried "$CACHE" dist "$OUT" "$@" || fail "not carried over unchanged"
}

# PATH was rejected: a built status (0, or 3 when the rest is over budget;
# --strict is what makes a rejection fail), a warning naming it, and the
# file carried over unchanged as the rest was built.
expect_rejected() { # PATH
	case $status in
	0|3) ;;
	*) cat err.txt >&2; fail "expected exit 0 or 3 for the rejected '$1', got $status" ;;
	esac
	grep -F -q "'$1'" err.txt || { cat err.txt >&2; fail "no message names '$1'"; }
	expect_carried "$1"
}

# Either outcome the README allows for an input distill does not decode
# itself: carried over silently, or rejected as above (exit 0 both).
expect_carried_or_rejected() { # PATH
	if grep -F -q "'$1'" err.txt; then
		expect_rejected "$1"
	else
		[ "$status" = 0 ] || { cat err.txt >&2; fail "expected exit 0 for '$1', got $status"; }
		expect_carried "$1"
	fi
}

# A raster image became responsive variants: the manifest gives it an
# image entry with WIDTH x HEIGHT upright and at least one variant, and
# each variant file has the size the manifest says.
expect_variants() { # PATH WIDTH HEIGHT
	check image "$CACHE" "$OUT" "$1" "$2" "$3" || fail "'$1' did not become the expected variants"
}

# A folder only another user can reach (the scratch folder is private):
# made under /tmp, removed on exit.
shared_dir() {
	SHARED=$(mktemp -d /tmp/distill-fault.XXXXXX)
	chmod 755 "$SHARED"
	trap 'chattr -R -i "$SHARED" 2>/dev/null || true; rm -rf "$SHARED" ${NOBODY_BIN:+"$NOBODY_BIN"}' EXIT
}

# Run a command as an unprivileged user, since root reads every file. A
# checkout under a private folder (mktemp -d makes it 0700) is out of that
# user's reach, so $DISTILL is first copied where it can run it.
as_nobody() { # CMD...
	if [ "$(id -u)" -ne 0 ]; then
		"$@"
		return
	fi
	if ! setpriv --reuid=nobody --regid=nogroup --clear-groups -- test -x "$DISTILL"; then
		local bin
		bin=$(mktemp -d /tmp/distill-bin.XXXXXX)
		chmod 755 "$bin"
		cp "$DISTILL" "$bin/distill"
		cp "$DISTILL-image" "$bin/distill-image"
		NOBODY_BIN=$bin
		local cmd=() a
		for a; do
			[ "$a" = "$DISTILL" ] && a=$bin/distill
			cmd+=("$a")
		done
		set -- "${cmd[@]}"
	fi
	setpriv --reuid=nobody --regid=nogroup --clear-groups -- "$@"
}

need_root() {
	[ "$(id -u)" -eq 0 ] || skip "needs root (mount)"
}

# Canaries outside DIST. canary_start makes ./secret.fifo, a named pipe a
# background writer holds open, so that any open() of it for reading is
# recorded in ./canary-opened; and an HTTP listener on 127.0.0.1 that
# records any connection in ./canary-hits. Its URL is in $CANARY_URL.
canary_start() {
	mkfifo secret.fifo
	( exec 3>secret.fifo; echo opened > canary-opened; sleep 1 ) &
	CANARY_WRITER=$!
	python3 - <<'PY' &
import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(8)
open("canary-port.tmp", "w").write(str(s.getsockname()[1]))
import os
os.rename("canary-port.tmp", "canary-port")
while True:
    c, _ = s.accept()
    open("canary-hits", "a").write("connection\n")
    c.close()
PY
	CANARY_SERVER=$!
	for _ in $(seq 1 50); do [ -f canary-port ] && break; sleep 0.1; done
	[ -f canary-port ] || fail "the canary server did not start"
	CANARY_URL="http://127.0.0.1:$(cat canary-port)"
	CANARY_SECRET=$PWD/secret.fifo
	trap canary_stop EXIT
}

canary_stop() {
	kill "$CANARY_WRITER" "$CANARY_SERVER" 2>/dev/null || true
	wait "$CANARY_WRITER" "$CANARY_SERVER" 2>/dev/null || true
}

canary_check() {
	sleep 0.2
	[ ! -e canary-opened ] || fail "a file outside DIST ('$CANARY_SECRET') was opened"
	[ ! -e canary-hits ] || fail "a URL ('$CANARY_URL') was fetched"
}

# Every local reference in the HTML and CSS of a tree names a file of it,
# read as a browser reads it (tests/cli/rewrite/refcheck.py).
# Files named after DIR are left out (their "references" are not ones,
# as in an unclosed comment, which refcheck.py does not model).
refs_ok() { # DIR [EXCLUDED-FILE...]
	local list="refs-${1//\//_}.txt" dir=$1 bad
	shift
	python3 "$ROOT/tests/cli/rewrite/refcheck.py" "$dir" > "$list" || true
	bad=$( (grep ' MISSING$' "$list" || true) | while IFS= read -r line; do
		for x in "$@"; do case $line in "$x "*) continue 2 ;; esac; done
		echo "$line"
	done)
	[ -z "$bad" ] || { echo "$bad" >&2; fail "references in '$dir' name no file"; }
}

# An HTML file changed only in reference values (and <picture> wrapping).
html_same() { # PATH-in-dist
	python3 "$ROOT/tests/cli/rewrite/htmlcheck.py" "dist/$1" "out/$(check output cache "$1")" ||
		fail "'$1' changed outside its references"
}

# A small site to hang markup on: a photo, a stylesheet, a script, a font.
markup_site() {
	mkdir -p dist/img dist/css dist/js dist/sub
	gen valid dist/img/photo.jpg jpg
	gen valid dist/img/logo.png png
	printf 'body{color:red}\n' > dist/css/site.css
	printf 'console.log("app");\n' > dist/js/app.js
	head -c 2000 /dev/zero | tr '\0' 'x' > dist/font.woff2
}

# A site whose index.html nests DEPTH elements (the TAGs in turn) and loads
# js/app.js and css/site.css from the innermost one, generated here rather
# than kept: the page is megabytes.
deep_site() { # DEPTH TAG...
	mkdir -p dist/js dist/css
	printf 'body{color:red}\n' > dist/css/site.css
	printf 'console.log("app");\n' > dist/js/app.js
	python3 - "$@" > dist/index.html <<'PY' || fail "cannot write the deep page"
import sys
depth, tags = int(sys.argv[1]), sys.argv[2:]
w = sys.stdout.write
w('<!doctype html><html><head><meta charset="utf-8"><title>deep</title></head><body>\n')
w(''.join('<%s>' % tags[i % len(tags)] for i in range(depth)))
w('<link rel="stylesheet" href="css/site.css"><script src="js/app.js"></script>')
w(''.join('</%s>' % tags[i % len(tags)] for i in reversed(range(depth))))
w('\n</body></html>\n')
PY
}

# The budget report of the last build (--report json, in out.txt) counts
# exactly SCRIPT and STYLESHEET, at their sizes, for PAGE; and the page came
# out with only the stylesheet's URL changed.
expect_page_loads() { # PAGE SCRIPT STYLESHEET
	python3 - "$CACHE" "$OUT" dist "$@" <<'PY' || fail "the budget does not count what '$1' loads"
import json, os, sys
cache, out, dist, page, script, sheet = sys.argv[1:]
assets = {e["path"]: e for e in json.load(open(os.path.join(cache, "manifest.json")))["assets"]}
report = json.load(open("out.txt"))
pages = [p for p in report["pages"] if p["asset"] == page]
assert len(pages) == 1, f"{len(pages)} budget entries for {page}"
for kind, path in (("script", script), ("stylesheet", sheet)):
    got, e = pages[0][kind], assets[path]
    want = {"files": [e["output"]], "raw": e["output_size"]}
    assert got["files"] == want["files"] and got["raw"] == want["raw"], f"{kind}: got {got}, want {want}"
src = open(os.path.join(dist, page), "rb").read()
new = open(os.path.join(out, assets[page]["output"]), "rb").read()
href = b'href="%s"' % os.path.relpath(assets[sheet]["output"], os.path.dirname(page) or ".").encode()
# The renamed stylesheet's integrity value (rewrite.integrity), from its bytes.
import base64, hashlib, re
sri = b' integrity="sha384-%s"' % base64.b64encode(hashlib.sha384(
    open(os.path.join(out, assets[sheet]["output"]), "rb").read()).digest())
assert new.count(b' integrity=') == new.count(sri) == 1, f"{page}: integrity values {re.findall(rb' integrity=[^ >]*', new)}"
new = new.replace(sri, b"")
# The service worker's registration (sw.register), once, in <head>.
registration = b'<script src="/register-sw.js" defer></script>'
assert new.count(registration) == 1, f"{page}: {new.count(registration)} registration scripts"
new = new.replace(registration, b"")
assert new == src.replace(b'href="%s"' % sheet.encode(), href), f"{page} changed beyond the stylesheet's URL"
PY
}

# Run the rest of the test in a private mount namespace, so that its tmpfs
# mounts vanish with it whatever happens. Call first thing in a script.
private_mounts() {
	need_root
	command -v unshare >/dev/null || skip "needs unshare (util-linux)"
	# Root in a container may lack CAP_SYS_ADMIN: that is the machine.
	unshare -m true 2>/dev/null || skip "cannot make a mount namespace here (no CAP_SYS_ADMIN)"
	if [ -z "${FAULT_IN_NAMESPACE:-}" ]; then
		FAULT_IN_NAMESPACE=1 exec unshare -m --propagation private bash "$0"
	fi
}

# A tmpfs of SIZE at DIR (made if missing).
small_disk() { # DIR SIZE
	mkdir -p "$1"
	mount -t tmpfs -o "size=$2" tmpfs "$1" || skip "cannot mount a tmpfs here"
}

# A small project as a user has it: sources, a repository, a built site.
project_tree() { # DIR
	mkdir -p "$1/src" "$1/.git" "$1/dist/assets"
	printf '{"name": "p", "private": true}\n' > "$1/package.json"
	printf 'export const x = 1;\n' > "$1/src/main.js"
	printf 'ref: refs/heads/main\n' > "$1/.git/HEAD"
	printf '<!doctype html><title>t</title><link rel="stylesheet" href="site.css">\n' > "$1/dist/index.html"
	printf 'body{color:red}\n' > "$1/dist/site.css"
	printf 'console.log(1)\n' > "$1/dist/assets/app-Ab12Cd34.js"
}

# Run distill (from FOLDER, with ARGS) and expect a refusal: exit status 2,
# a message saying why, and every file under WATCHED as it was.
expect_refused() { # WATCHED FOLDER ARGS...
	local watched=$1 folder=$2 before
	shift 2
	before=$(tree_listing "$watched")
	rm -f .input-before
	set +e
	(cd "$folder" && timeout "$FAULT_TIMEOUT" "$DISTILL" "$@") >out.txt 2>err.txt
	status=$?
	set -e
	check_sane
	[ "$status" = 2 ] || { cat err.txt >&2; fail "distill $* gave status $status, not 2"; }
	grep -q 'refusing' err.txt || { cat err.txt >&2; fail "no message says what was refused"; }
	diff <(echo "$before") <(tree_listing "$watched") >&2 || fail "distill $* changed '$watched'"
}
