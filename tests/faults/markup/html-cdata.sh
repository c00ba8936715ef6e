# CDATA: in HTML it is a bogus comment, in inline SVG real character data;
# neither holds references, and both come out byte for byte (python's
# html.parser reads CDATA otherwise, so refcheck.py is not used here).
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/faults/lib.bash"
need vips python3
markup_site
cat > dist/index.html <<'HTML'
<!doctype html><html><body>
<![CDATA[ <img src="nowhere.png"> ]]>
<svg><style><![CDATA[ .x{background:url(nowhere.png)} ]]></style><![CDATA[<img src="nowhere2.png">]]></svg>
<img src="img/photo.jpg" alt="after">
</body></html>
HTML
fault_build
expect_status 0
html_same index.html
for s in '<![CDATA[ <img src="nowhere.png"> ]]>' '<![CDATA[ .x{background:url(nowhere.png)} ]]>' '<![CDATA[<img src="nowhere2.png">]]>'; do
	grep -F -q "$s" "out/$(check output cache index.html)" || fail "CDATA changed: $s"
done
