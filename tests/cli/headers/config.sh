# The security headers and the Content-Security-Policy come from the
# config: values can be changed or switched off (null), CSP directives
# added, changed or dropped, other headers added under "extra", and the CSP
# given whole or turned off. Bad header names and values are refused.
. "$ROOT/tests/lib.sh"
need node
[ -d "$NODE_PATH/@netlify/headers-parser" ] || skip "needs tests/node_modules (npm install in tests/)"

cat > manifest.json <<'EOF'
{"version": 1, "dist": "/nowhere",
 "assets": [{"path": "index.html", "kind": "html", "output": "index.html", "fingerprinted": false, "original_kept": false},
            {"path": "assets/app-AbCd1234.js", "kind": "js", "output": "assets/app-AbCd1234.js", "fingerprinted": true, "original_kept": false}],
 "files": [{"output": "assets/app-AbCd1234.js", "role": "asset", "asset": "assets/app-AbCd1234.js"},
           {"output": "index.html", "role": "asset", "asset": "index.html"}]}
EOF
manifest_complete manifest.json

job() { # out config-json
	echo "$2" > "$1.json"
	"$DISTILL" job headers --pass-version=$(pass_version headers) --config="$PWD/$1.json" --out="$PWD/$1" \
		--manifest="$PWD/manifest.json" 2>"$1.err"
}

# The headers of the "/*" rule, as Netlify's parser reads them, one
# "name: value" line each, sorted; the CSP split into sorted directives.
all_paths() {
	node --input-type=module -e '
		const { readFileSync } = await import("node:fs");
		const dir = process.env.NODE_PATH + "/@netlify/headers-parser/";
		const entry = JSON.parse(readFileSync(dir + "package.json")).exports;
		const { parseAllHeaders } = await import(dir + entry);
		const { headers, errors } = await parseAllHeaders({ headersFiles: [process.argv[1]], minimal: false });
		if (errors.length) { console.error(errors.map((e) => e.message)); process.exit(1); }
		const all = headers.find((h) => h.for === "/*");
		for (const [k, v] of Object.entries(all.values).sort()) {
			if (k === "Content-Security-Policy")
				for (const d of v.split("; ").sort()) console.log(`CSP ${d}`);
			else console.log(`${k}: ${v}`);
		}' "$1/_headers"
}

job a '{"headers": {
	"security": {"X-Frame-Options": null, "Referrer-Policy": "no-referrer"},
	"csp": {"script-src": "'"'self'"' https://cdn.example.com", "object-src": null,
		"upgrade-insecure-requests": true, "worker-src": "'"'self'"' blob:"},
	"extra": {"Cross-Origin-Opener-Policy": "same-origin"}}}' || fail "job a: $(cat a.err)"
cat > want <<'EOF'
CSP base-uri 'self'
CSP connect-src 'self'
CSP default-src 'self'
CSP font-src 'self' data:
CSP frame-ancestors 'none'
CSP img-src 'self' data:
CSP script-src 'self' https://cdn.example.com
CSP style-src 'self'
CSP upgrade-insecure-requests
CSP worker-src 'self' blob:
Cross-Origin-Opener-Policy: same-origin
Permissions-Policy: camera=(), microphone=(), geolocation=()
Referrer-Policy: no-referrer
Strict-Transport-Security: max-age=31536000; includeSubDomains; preload
X-Content-Type-Options: nosniff
EOF
all_paths a > got || fail "cannot parse a/_headers"
diff -u want got || fail "headers for every path differ from the config"
# The security rule is the same in the other two formats.
node -e '
	const fs = require("fs");
	const list = JSON.parse(fs.readFileSync("a/headers.json"));
	if (list[0].source !== "/*" || list[0].headers["X-Frame-Options"] !== undefined ||
	    list[0].headers["Cross-Origin-Opener-Policy"] !== "same-origin") process.exit(1);' ||
	fail "headers.json does not carry the configured headers"

# A whole CSP string is used as it is; false leaves the header out.
job b '{"headers": {"security": {"Content-Security-Policy": "default-src '"'none'"'"}}}' || fail "job b: $(cat b.err)"
all_paths b | grep -qx "CSP default-src 'none'" || fail "a CSP string was not used as it is"
[ "$(all_paths b | grep -c '^CSP')" = 1 ] || fail "a CSP string got other directives"
job c '{"headers": {"security": {"Content-Security-Policy": false}}}' || fail "job c: $(cat c.err)"
if all_paths c | grep -q '^CSP'; then fail "CSP false still wrote a policy"; fi

# The cache values themselves are settings too.
job d '{"headers": {"immutable": "public, max-age=604800, immutable"}}' || fail "job d: $(cat d.err)"
grep -qx '  Cache-Control: public, max-age=604800, immutable' d/_headers || fail "immutable value not used"

# Refused: a header name that is not a token, a value with a newline, a CSP
# directive that is neither a string nor true.
set +e
job e '{"headers": {"extra": {"Bad Header": "x"}}}'
s1=$?
job f '{"headers": {"extra": {"X-Test": "a\nb"}}}'
s2=$?
job g '{"headers": {"csp": {"default-src": 3}}}'
s3=$?
set -e
assert_eq "1 1 1" "$s1 $s2 $s3" "status of jobs with bad headers"
assert_grep "invalid header 'Bad Header'" e.err
assert_grep "invalid header 'X-Test'" f.err
assert_grep "headers.csp.default-src" g.err
for d in e f g; do assert_no_file "$d/_headers"; done
