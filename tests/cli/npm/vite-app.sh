# SPDX-License-Identifier: MIT
# distill as a front-end project gets it: both npm packages are packed, then
# installed into a copy of fixtures/vite-app, whose `npm run build:production`
# (vite build && distill build dist) is checked end to end: image variants,
# <picture>, sidecars, headers, the service worker, the budget exit status,
# the --vercel layout, and, served on 127.0.0.1, the page and its offline
# behaviour in headless Chromium.
. "$ROOT/tests/lib.sh"

case $DISTILL in
*asan*) skip "the npm package carries the release build; not a sanitizer test" ;;
esac
need npm node patchelf
[ -x /usr/bin/chromium ] || skip "needs Debian's chromium"
[ -d "$ROOT/tests/node_modules/playwright-core" ] || skip "needs tests/node_modules (./configure --tests)"

# 1. The packages, as `npm pack` makes them.
[ -f "$ROOT/build/vips/lib/libvips.so.42" ] || fail "no slim libvips: run 'ninja build/vips/lib/libvips.so.42'"
[ -x "$ROOT/build/ninja/bin/ninja" ] || fail "no packaged ninja: run 'ninja build/ninja/bin/ninja'"
sh "$ROOT/npm/bundle.sh" --libs "$ROOT/build/vips" --ninja "$ROOT/build/ninja" "$DISTILL" npm >bundle.log 2>&1 ||
	{ cat bundle.log >&2; fail "npm/bundle.sh failed"; }
# The platform package is large (tens of MB compressed): pack it while the
# app is set up.
(cd npm/linux-x64 && npm pack --silent --pack-destination "$OLDPWD") >pack.log 2>&1 &
pack=$!
(cd npm/distill && npm pack --silent --pack-destination "$OLDPWD") >>pack.log 2>&1 ||
	{ cat pack.log >&2; fail "npm pack failed for the main package"; }
main_tgz=$(ls distill-[0-9]*.tgz)
tar -tzf "$main_tgz" >main.files
grep -qx 'package/bin/distill.js' main.files || fail "'$main_tgz' has no bin/distill.js"
# The main package asks for exactly the platform package's version, so an
# install from the registry picks the matching binary.
node -e 'const m = require("./npm/distill/package.json"), p = require("./npm/linux-x64/package.json");
	if (m.optionalDependencies[p.name] !== p.version || m.version !== p.version) process.exit(1)' ||
	fail "the main package does not depend on the platform package's version"
# The shim alone: a clear message without the platform package, and
# DISTILL_BINARY runs another build.
set +e
node npm/distill/bin/distill.js --version >shim.out 2>&1
status=$?
set -e
assert_eq 1 "$status" "exit status of the shim without its platform package"
grep -q "package '@distill/linux-x64' is not installed" shim.out ||
	{ cat shim.out >&2; fail "the shim does not say the platform package is missing"; }
DISTILL_BINARY=$DISTILL node npm/distill/bin/distill.js --version >shim.out 2>&1 ||
	{ cat shim.out >&2; fail "DISTILL_BINARY=$DISTILL did not run"; }
# A signal to the shim reaches the program, and the shim dies of it too, so
# the caller sees 128+N as from distill itself.
DISTILL_BINARY=$(command -v sleep) node npm/distill/bin/distill.js 30 &
shim=$!
sleep 1
kill -TERM "$shim"
set +e
wait "$shim"
status=$?
set -e
assert_eq 143 "$status" "exit status of the shim after SIGTERM"

# 2. The app, as its developer has it: sources, lock file, photos.
mkdir app
(cd "$FIXTURES/vite-app" && tar -cf - --exclude=./node_modules --exclude=./dist \
	--exclude=./public/photos .) | (cd app && tar -xf -)
sh "$FIXTURES/vite-app/fetch-photos.sh" app
npm_quiet="--no-audit --no-fund --loglevel=error"
# shellcheck disable=SC2086
(cd app && npm ci --offline $npm_quiet >../npm-ci.log 2>&1) || { cat npm-ci.log >&2; fail "npm ci failed"; }
wait "$pack" || { cat pack.log >&2; fail "npm pack failed for the platform package"; }
plat_tgz=$(ls distill-linux-x64-*.tgz)
tar -tzf "$plat_tgz" >plat.files
grep -qx 'package/bin/distill' plat.files || fail "'$plat_tgz' has no bin/distill"
grep -qx 'package/bin/ninja' plat.files || fail "'$plat_tgz' has no bin/ninja"
grep -qx 'package/lib/libdistill-glibc-compat.so' plat.files || fail "'$plat_tgz' has no lib/"
# What the README tells a user to run, with the packed files for names.
# shellcheck disable=SC2086
(cd app && npm install --offline --save-dev $npm_quiet "../$main_tgz" "../$plat_tgz" >../npm-install.log 2>&1) ||
	{ cat npm-install.log >&2; fail "npm install of the packages failed"; }
[ -x app/node_modules/.bin/distill ] || fail "no node_modules/.bin/distill after npm install"
[ -x app/node_modules/@distill/linux-x64/bin/distill ] || fail "the platform package was not installed"
version=$(cd app && npx --no-install distill --version) || fail "npx distill --version failed"
case $version in "distill "*) ;; *) fail "unexpected version line '$version'" ;; esac
set +e
(cd app && npx --no-install distill build --no-such-option) >/dev/null 2>&1
status=$?
set -e
assert_eq 2 "$status" "exit status of a usage error through the shim"

# 3. The production build, as package.json says. A ninja that fails comes
# first on PATH: the packaged ninja must be the one that runs (Vercel's build
# image has none).
mkdir fakebin
printf '#!/bin/sh\necho "the host ninja ran" >&2\nexit 99\n' >fakebin/ninja
chmod +x fakebin/ninja
build() { # expected-status
	set +e
	(cd app && PATH=$OLDPWD/fakebin:$PATH npm run --silent build:production) >build.out 2>build.err
	status=$?
	set -e
	if [ "$status" != "$1" ]; then
		cat build.out build.err >&2
		fail "npm run build:production: expected exit status $1, got $status"
	fi
}
build 0
dist=app/dist
[ -d app/node_modules/.cache/distill ] || fail "the cache is not in node_modules/.cache/distill"
# The report alone, without writing anything.
set +e
(cd app && npx --no-install distill budget dist) >budget.out 2>&1
status=$?
set -e
assert_eq 0 "$status" "exit status of distill budget dist"
grep -q 'JS total' budget.out || { cat budget.out >&2; fail "distill budget printed no budget table"; }

# Every <img> of the home page is now a <picture> with AVIF and WebP sources,
# whose candidates exist, and the <img> has its size (no layout shift).
html=$dist/index.html
assert_file "$html"
n=$({ grep -o '<picture' "$html" || true; } | wc -l)
assert_eq 3 "$n" "<picture> elements in index.html"
grep -q '<source[^>]*type="image/avif"' "$html" || fail "no AVIF <source> in index.html"
grep -q '<source[^>]*type="image/webp"' "$html" || fail "no WebP <source> in index.html"
grep -o '<img[^>]*>' "$html" | while read -r img; do
	case $img in *' width="'*' height="'*|*' height="'*' width="'*) ;;
	*) fail "<img> without width and height: $img" ;; esac
done
grep -o 'srcset="[^"]*"' "$html" | sed 's/^srcset="//; s/"$//' | tr ',' '\n' |
	awk '{ print $1 }' | sort -u >candidates.txt
[ -s candidates.txt ] || fail "no srcset candidates in index.html"
while read -r url; do
	assert_file "$dist${url%%[?#]*}"
done <candidates.txt
# ladybird.jpg is 2560 px wide: every standard width up to 1920, never
# enlarged; meadow.jpg is 1280 px: up to and including its own width.
widths() { # photo-name
	grep -o 'srcset="[^"]*"' "$html" | sed 's/^srcset="//; s/"$//' | tr ',' '\n' |
		grep "/$1[.-]" | grep 'avif' | awk '{ print $2 }' | tr -d w | sort -n | tr '\n' ' '
}
assert_eq "320 640 768 1024 1280 1920 " "$(widths ladybird)" "AVIF widths of ladybird.jpg"
assert_eq "320 640 768 1024 1280 " "$(widths meadow)" "AVIF widths of meadow.jpg"
# JS is never rewritten, so the photo names the gallery script uses remain.
assert_file "$dist/photos/ladybird.jpg"
assert_file "$dist/photos/meadow.jpg"

# Sidecars: brotli and zstd next to text files of 1 KiB or more, and they
# decode to the file itself.
js=$(cd "$dist" && ls assets/index-*.js)
for f in index.html "$js"; do
	assert_file "$dist/$f.br"
	assert_file "$dist/$f.zst"
	node -e 'const z = require("zlib"), fs = require("fs");
		if (!z.brotliDecompressSync(fs.readFileSync(process.argv[1] + ".br")).equals(fs.readFileSync(process.argv[1])))
			process.exit(1)' "$dist/$f" || fail "'$f.br' does not decode to '$f'"
	if command -v zstd >/dev/null 2>&1; then
		zstd -q -d -c "$dist/$f.zst" | cmp -s - "$dist/$f" || fail "'$f.zst' does not decode to '$f'"
	fi
done

# Headers, resolved the way Netlify matches _headers rules (* is a splat,
# :name one segment): Vite's content-hashed JS, the lazy route's chunk
# included, is immutable; HTML and sw.js are not. Then the headers pass's own
# checker (real Netlify and Vercel parsers) over the same build.
assert_file "$dist/_headers"
cache_control() { # url: the Cache-Control values that apply to it
	node -e 'const [file, url] = process.argv.slice(1); let rule = null; const out = [];
		for (const line of require("fs").readFileSync(file, "utf8").split("\n")) {
			if (/^\s*(#|$)/.test(line)) continue;
			if (!/^\s/.test(line)) {
				const re = "^" + line.trim().replace(/[.+?^${}()|[\]\\]/g, "\\$&")
					.replace(/\*/g, ".*").replace(/:[A-Za-z]+/g, "[^/]+") + "$";
				rule = new RegExp(re).test(url);
			} else if (rule && /^\s*cache-control:/i.test(line)) {
				out.push(line.replace(/^\s*cache-control:\s*/i, ""));
			}
		}
		console.log(out.join(" + "))' "$dist/_headers" "$1"
}
gallery=$(cd "$dist" && ls assets/gallery-*.js)
for f in "/$js" "/$gallery"; do
	case $(cache_control "$f") in
	*immutable*) ;;
	*) fail "'$f' (hashed by Vite) is not immutable in _headers: '$(cache_control "$f")'" ;;
	esac
done
# Files of public/ keep their names and are not content-addressed: never
# immutable, whatever their names look like.
for f in /index.html / /sw.js /offline.html /manifest.json /icons/icon-192.png \
	/photos/ladybird.jpg; do
	case $(cache_control "$f") in
	*immutable*) fail "'$f' is immutable in _headers" ;;
	esac
done
grep -q 'X-Content-Type-Options: nosniff' "$dist/_headers" || fail "no security headers in _headers"
cache=app/node_modules/.cache/distill/dist
if [ -f "$ROOT/tests/cli/headers/check.mjs" ] && [ -f "$cache/manifest.json" ]; then
	node "$ROOT/tests/cli/headers/check.mjs" "$cache/manifest.json" "$cache/gen/headers" >headers-check.out 2>&1 ||
		{ cat headers-check.out >&2; fail "tests/cli/headers/check.mjs rejects the headers"; }
fi

# The service worker precaches the page and the lazy route's chunk.
assert_file "$dist/sw.js"
# The built-in worker imports its list from its chunks (sw-precache/).
cat "$dist"/sw-precache/*.js >precache.txt
grep -q "/$gallery" precache.txt || fail "sw.js does not precache the lazy route '/$gallery'"
grep -q '"/offline.html"' precache.txt || fail "sw.js does not precache offline.html"

# 4. The page in Chromium, served on 127.0.0.1: pictures pick AVIF, every
# candidate decodes at its width, the lazy route loads, and offline the page,
# the lazy route and offline.html for unknown routes come from the worker.
node "$ROOT/tests/cli/npm/vite-app.mjs" "$PWD/$dist" || fail "the browser check failed"

# 5. The budget: over the JS limit, the same command exits 3 and says why;
# the "distill" key of package.json is the configuration.
cp app/package.json package.json.orig
node -e 'const fs = require("fs"), p = JSON.parse(fs.readFileSync("app/package.json"));
	p.distill = { ...(p.distill || {}), budget: { ...((p.distill || {}).budget || {}), jsTotal: 2000 } };
	fs.writeFileSync("app/package.json", JSON.stringify(p, null, 2) + "\n")'
build 3
grep -qi 'over budget' build.out build.err || fail "exit 3 without an 'over budget' report"
# examples/github-actions.yml's step, run as GitHub would (bash -e, with
# GITHUB_ACTIONS=true): it must not fail the step, must leave status=3 for
# the last one, a clean markdown comment and annotations in the log.
awk '/^ *id: distill$/ { on = 1 }
	on && !body && /^ *run: \|$/ { match($0, /^ */); ind = RLENGTH; body = 1; next }
	body { match($0, /^ */); if (NF && RLENGTH <= ind) exit; print }' \
	"$ROOT/examples/github-actions.yml" | sed 's/^ *//' >gh-step.sh
grep -q 'npx distill build dist' gh-step.sh || fail "cannot find the distill step in examples/github-actions.yml"
(cd app && npx --no-install vite build --logLevel error) >/dev/null 2>&1 || fail "vite build failed"
: >gh.output
: >gh.summary
(cd app && GITHUB_ACTIONS=true GITHUB_OUTPUT=../gh.output GITHUB_STEP_SUMMARY=../gh.summary \
	bash -e ../gh-step.sh) >gh.log 2>&1 || { cat gh.log >&2; fail "the workflow's distill step failed"; }
assert_eq "status=3" "$(cat gh.output)" "the step's output"
grep -q '^::error title=Size budget exceeded::' gh.log || fail "no ::error annotation in the step's log"
assert_file app/budget.md
grep -q '^|' app/budget.md || fail "budget.md has no markdown table"
if grep -q '^::' app/budget.md; then
	fail "workflow commands leaked into the pull-request comment"
fi
grep -q '^|' gh.summary || fail "no report in the job summary"
cp package.json.orig app/package.json

# 6. Vercel's Build Output API: the site in .vercel/output/static, headers
# and routes in .vercel/output/config.json.
set +e
(cd app && npm run --silent build:production -- --vercel) >vercel.out 2>&1
status=$?
set -e
[ $status -eq 0 ] || { cat vercel.out >&2; fail "distill build dist --vercel exited $status"; }
out=app/.vercel/output
assert_file "$out/config.json"
assert_file "$out/static/index.html"
grep -q '<picture' "$out/static/index.html" || fail "no <picture> in the Vercel output"
node -e 'const c = JSON.parse(require("fs").readFileSync(process.argv[1]));
	if (c.version !== 3 || !Array.isArray(c.routes)) process.exit(1)' "$out/config.json" ||
	fail "'.vercel/output/config.json' is not Build Output API v3 with routes"
# Vercel caches node_modules, so distill's cache, unless config.json has a
# "cache" list that leaves it out.
node -e 'const c = JSON.parse(require("fs").readFileSync(process.argv[1]));
	if (c.cache && !c.cache.some((p) => p.startsWith("node_modules"))) process.exit(1)' "$out/config.json" ||
	fail "'.vercel/output/config.json' has a cache list without node_modules"
