# Sourced by the compress tests and tests/bench/compress.sh (not a test
# itself): make_site DIR writes a small Vite-like site into DIR, its code
# taken from real npm packages under $NODE_PATH.

# The first JS file of at least $1 bytes (and under 600 kB) under
# $NODE_PATH, in sorted order, skipping the first $2 of them.
real_js() {
	(cd "$NODE_PATH" && find -L . -name '*.js' -size +"$1"c -size -600k |
		LC_ALL=C sort | sed -n "$(( ${2:-0} + 1 ))p")
}

make_site() {
	local d=$1 js css i
	mkdir -p "$d/assets" "$d/about"
	js=$(real_js 40000 0)
	[ -n "$js" ] || fail "no JS file under '$NODE_PATH'"
	cp "$NODE_PATH/$js" "$d/assets/index-Bq3xK9aZ.js"
	cp "$NODE_PATH/$(real_js 100000 3)" "$d/assets/vendor-C8dPq1Zx.js"
	css=$d/assets/index-D4mN7pQr.css
	for i in $(seq 1 120); do
		printf '.c%d{margin:%dpx;color:#%06x;display:flex}\n' "$i" "$i" $(( i * 4099 ))
	done > "$css"
	for page in index.html about/index.html; do
		{
			echo '<!doctype html><html lang="en"><head><meta charset="utf-8">'
			echo '<title>Site</title>'
			echo '<link rel="stylesheet" href="/assets/index-D4mN7pQr.css">'
			echo '<script type="module" src="/assets/index-Bq3xK9aZ.js"></script>'
			echo '</head><body><main>'
			for i in $(seq 1 60); do echo "<section><h2>Part $i</h2><p>Text of part $i.</p></section>"; done
			echo '</main></body></html>'
		} > "$d/$page"
	done
	{
		echo '{"items": ['
		for i in $(seq 1 100); do echo "{\"id\": $i, \"name\": \"item $i\"},"; done
		echo '{"id": 0}]}'
	} > "$d/data.json"
	{
		echo '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">'
		for i in $(seq 1 40); do echo "<circle cx=\"$i\" cy=\"$(( i * 2 ))\" r=\"3\" fill=\"#a0$(( i % 10 ))0f0\"/>"; done
		echo '</svg>'
	} > "$d/logo.svg"
	echo 'User-agent: *' > "$d/robots.txt"
	# Random bytes under a text name: neither codec can shrink them.
	head -c 6000 /dev/urandom > "$d/noise.txt"
}
