# SPDX-License-Identifier: MIT
# The headers job keeps what each page and script holds for the
# Content-Security-Policy (inline scripts' and <style>s' hashes, inline
# style no hash allows, a script that makes styles) in a memo, gen/headers/
# inline.memo, under a key of the file's bytes: a file that did not change
# is not read again, and _headers is byte for byte a clean build's. A
# damaged memo is not read.
. "$ROOT/tests/lib.sh"
mkdir -p dist
printf '<!doctype html><title>a</title><script>window.a = 1;</script><style>p { color: red; }</style>\n' >dist/index.html
printf '<!doctype html><title>b</title><script>window.b = 1;</script>\n' >dist/other.html
printf 'export const x = 1;\n' >dist/app.js
build() { # [CACHE [OUT]]
	run_distill build dist --out "${2:-out}" --cache "${1:-cache}" -vv
	expect_status 0
}
counts() { sed -n 's/.*headers: inline scripts and styles of \([0-9]*\) files, \([0-9]*\) read.*/\1 \2/p' err.txt; }
same_as_clean() { # WHAT
	rm -rf clean out-clean
	build clean out-clean
	cmp -s out/_headers out-clean/_headers || {
		diff out/_headers out-clean/_headers >&2
		fail "$1: _headers differs from a clean build's"
	}
}
sri() { printf %s "$1" | python3 -c 'import base64, hashlib, sys; print("sha256-" + base64.b64encode(hashlib.sha256(sys.stdin.buffer.read()).digest()).decode())'; }
memo=cache/gen/headers/inline.memo

build
assert_eq "3 3" "$(counts)" "files and files read by the first build"
[ -f "$memo" ] || fail "no memo at $memo"
grep -q "$(sri 'window.b = 1;')" out/_headers || fail "the inline script's hash is not in _headers"

# One page changes: that one is read, its new hash in and the old out.
printf '<!doctype html><title>b</title><script>window.b = 2;</script>\n' >dist/other.html
build
assert_eq "3 1" "$(counts)" "after one page changed"
grep -q "$(sri 'window.b = 2;')" out/_headers || fail "the new hash is not in _headers"
grep -q "$(sri 'window.b = 1;')" out/_headers && fail "the old hash is still in _headers"
same_as_clean "one page changed"

# A script that makes styles as it runs: style-src must allow inline style.
printf 'document.styleSheets[0].insertRule("p {}");\n' >dist/app.js
build
assert_eq "3 1" "$(counts)" "after the script changed"
grep -q "style-src 'self' 'unsafe-inline'" out/_headers || fail "style-src does not allow inline style"
same_as_clean "a script that makes styles"
# Remembered, it still does.
echo '<p>x</p>' >>dist/index.html
build
grep -q "style-src 'self' 'unsafe-inline'" out/_headers ||
	fail "style-src lost 'unsafe-inline' when the script came from the memo"
same_as_clean "a script that makes styles, from the memo"

# A damaged memo is not read: every file is read again, same headers.
printf 'x' | dd of="$memo" bs=1 seek=60 conv=notrunc 2>/dev/null
printf 'export const x = 2;\n' >dist/app.js
build
assert_eq "3 3" "$(counts)" "with a damaged memo"
same_as_clean "a damaged memo"
