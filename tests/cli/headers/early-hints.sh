# SPDX-License-Identifier: MIT
# Early hints (headers.earlyHints, on by default): each page's URL gets a
# Link header preloading its stylesheets, scripts and LCP image, as the
# rewrite found them on the finished page: root-relative final URLs, the
# elements' crossorigin and integrity, nothing for a print stylesheet, a
# nomodule or data script, or another site's file. The values every page
# has share one rule for every path; a page with more gets its own, at
# "/dir/" for an index page and at its path with and without ".html" for
# another. check.mjs resolves every page's URL through _headers (Netlify's
# parser), headers.json and the Vercel routes. Past the rule limit the home
# page keeps its rule first. In Chromium, the page's HTML is held until
# every hinted file was requested, and each was requested once.
. "$ROOT/tests/lib.sh"
need node python3
mkdir -p dist/assets dist/blog
cp "$FIXTURES/demo/dist/images/ladybird.jpg" dist/hero.jpg
printf 'body { color: rgb(1, 2, 3); }\n' > dist/style.css
printf 'p { margin: 0; }\n' > dist/print.css
printf 'export const ran = "yes";\n' > dist/assets/dep-Qw3rTy12.js
printf 'import { ran } from "./dep-Qw3rTy12.js";\ndocument.documentElement.dataset.ran = ran;\n' \
	> dist/assets/app-AbCdEf12.js
printf 'window.legacy = 1;\n' > dist/legacy.js
cat > dist/index.html <<'HTML'
<!doctype html>
<html><head><meta charset="utf-8"><title>Home</title>
<link rel="stylesheet" href="style.css"><link rel="stylesheet" href="print.css" media="print">
<script type="module" src="/assets/app-AbCdEf12.js"></script>
<script src="legacy.js" crossorigin></script><script nomodule src="legacy.js"></script>
<script type="application/ld+json">{"@type": "WebSite"}</script>
<script src="https://cdn.example/x.js"></script>
</head><body><img src="hero.jpg" alt="hero"></body></html>
HTML
cat > dist/blog/index.html <<'HTML'
<!doctype html>
<html><head><meta charset="utf-8"><title>Blog</title>
<link rel="stylesheet" href="../style.css"><script type="module" src="/assets/app-AbCdEf12.js"></script>
</head><body><p>Posts</p></body></html>
HTML
cat > dist/about.html <<'HTML'
<!doctype html>
<html><head><meta charset="utf-8"><title>About</title>
<link rel="stylesheet" href="/style.css"><script type="module" src="assets/app-AbCdEf12.js"></script>
<template><script src="legacy.js"></script></template>
</head><body><p>About</p></body></html>
HTML
echo '{"headers": {"vercel": true}}' > vercel.json
run_distill build dist --out out --cache cache --config vercel.json -q
expect_status 0
node "$ROOT/tests/cli/headers/check.mjs" cache/manifest.json cache/gen/headers \
	cache/gen/headers/vercel-config.json || fail "early hints in the rule lists"

# What the home page's rewrite found, against the output's own bytes.
sri() { echo "sha384-$(openssl dgst -sha384 -binary "out/$1" | base64 -w0)"; }
css=$(cd out && ls assets/style.*.css)
avif=$(cd out && ls assets/hero-320w.*.avif)
python3 - cache/manifest.json <<PY || fail "the home page's early hints"
import json, sys
m = {e["path"]: e for e in json.load(open(sys.argv[1]))["assets"]}
home = m["index.html"]["early_hints"]
want = ['</$css>; rel=preload; as=style; integrity="$(sri "$css")"',
        '</assets/app-AbCdEf12.js>; rel=modulepreload; integrity="$(sri assets/app-AbCdEf12.js)"',
        '</legacy.js>; rel=preload; as=script; crossorigin']
assert home[:3] == want, home
assert home[3].startswith('</$avif>; rel=preload; as=image; type="image/avif"; imagesrcset="/$avif 320w, '), home[3]
assert home[3].endswith('"; imagesizes="100vw"; fetchpriority=high'), home[3]
assert len(home) == 4, home
assert m["blog/index.html"]["early_hints"] == want[:2], m["blog/index.html"]
assert m["about.html"]["early_hints"] == want[:2], m["about.html"]
PY
# One rule for what every page has; the home page its own; none for pages
# with nothing more.
python3 - out/headers.json <<'PY' || fail "early-hint rules"
import json, sys
rules = [(r["source"], r["headers"]["Link"]) for r in json.load(open(sys.argv[1])) if "Link" in r["headers"]]
assert [s for s, _ in rules] == ["/*", "/"], rules
assert rules[0][1].count("<") == 2 and rules[1][1].count("<") == 4, rules
PY
assert_eq 2 "$(sed -n 's/.*"hint_rules": \([0-9]*\).*/\1/p' cache/gen/headers/record.json)" "hint rules in the record"

# A page with values of its own at "/about" and "/about.html".
printf '<script src="legacy.js"></script>\n' >> dist/about.html
run_distill build dist --out out --cache cache -q
expect_status 0
node "$ROOT/tests/cli/headers/check.mjs" cache/manifest.json cache/gen/headers || fail "early hints of about.html"
assert_grep '^/about$' out/_headers
assert_grep '^/about\.html$' out/_headers

# Past the limit: the rules the cache leaves, the home page's first.
echo '{"headers": {"maxRules": 6, "earlyHintRules": 2}}' > few.json
run_distill build dist --out few --cache cache --config few.json -q
expect_status 0
assert_grep "early-hint rules left out to stay within 6 rules" err.txt
assert_eq "/* /" "$(python3 -c 'import json,sys; print(*[r["source"] for r in json.load(open(sys.argv[1])) if "Link" in r["headers"]])' few/headers.json)" \
	"the rules kept for hints"
node "$ROOT/tests/cli/headers/check.mjs" cache/manifest.json cache/gen/headers --lost-ok || fail "rules with maxRules 6"

echo '{"headers": {"earlyHints": false}}' > off.json
run_distill build dist --out off --cache cache --config off.json -q
expect_status 0
assert_eq 0 "$(grep -c '^  Link:' off/_headers || true)" "Link rules with earlyHints false"

need_chromium
node "$ROOT/tests/browser/early-hints.mjs" out / || fail "the home page's hints in Chromium"
node "$ROOT/tests/browser/early-hints.mjs" out /blog/ || fail "the blog's hints in Chromium"
