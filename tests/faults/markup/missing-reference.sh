# References to files that are not in the site: an <img>, a stylesheet, a
# script, a CSS url() and a link to a PDF. Each is reported as a warning
# naming the page and the URL (a GitHub annotation under Actions, listed
# under "rejected" in the JSON report); the build goes on, exit 0, the page
# keeps the reference as written and the others rewritten. Links to routes
# ("/about", "blog/") are not reported: the host may serve them. Under
# --strict: exit 1, nothing written.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/faults/lib.bash"
markup_site
cat > dist/index.html <<'HTML'
<!doctype html><html><head><meta charset="utf-8">
<link rel="stylesheet" href="css/site.css"><link rel="stylesheet" href="css/gone.css">
<script src="js/nope.js"></script></head><body>
<img src="img/missing.jpg" alt=""><a href="docs/guide.pdf">guide</a>
<a href="/about">about</a> <a href="blog/">blog</a> <a href="#top">top</a>
<a href="https://example.com/x.png">out</a>
</body></html>
HTML
printf 'body{background:url(../img/none.png)}\n' > dist/css/more.css
GITHUB_ACTIONS=true fault_build --report json
expect_status 0
for pair in "index.html|css/gone.css" "index.html|js/nope.js" "index.html|img/missing.jpg" \
	"index.html|docs/guide.pdf" "css/more.css|../img/none.png"; do
	page=${pair%%|*} url=${pair#*|}
	grep -F -q "'$page': references '$url', which is not in the site" err.txt ||
		{ cat err.txt >&2; fail "no warning for '$url' in '$page'"; }
	grep -F -q "::warning file=dist/$page,title=Input rejected::'$page': references '$url'" out.txt ||
		{ cat out.txt >&2; fail "no annotation for '$url' in '$page'"; }
done
for url in /about blog/ '#top' example.com; do
	! grep -F -q "references '$url" err.txt || fail "the link '$url' was reported"
done
sed -n '/^{/,/^}/p' out.txt >report.json
assert_eq 5 "$(jq '[.rejected[] | select(.reason | test("not in the site"))] | length' report.json)" \
	"missing references in the report"
page=$OUT/$(check output "$CACHE" index.html)
grep -F -q 'href="css/gone.css"' "$page" || fail "the missing stylesheet's URL changed"
! grep -F -q 'href="css/site.css"' "$page" || fail "the present stylesheet was not rewritten"

# --strict: exit 1 and the output as it was.
out_before=$(tree_listing "$OUT"; tree_mtimes "$OUT")
fault_build --strict
expect_status 1
grep -F -q "'index.html': references 'img/missing.jpg', which is not in the site; rejected (--strict)" err.txt ||
	{ cat err.txt >&2; fail "no error under --strict"; }
assert_eq "$out_before" "$(tree_listing "$OUT"; tree_mtimes "$OUT")" "the output after --strict"
