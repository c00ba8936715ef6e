# End to end: `distill build` on a Vite-like site writes a .br and a .zst
# beside every text file of at least 1 KiB that they shrink, of the bytes
# actually served (rewritten HTML included), records their sizes in the
# manifest, and compresses nothing again on a rebuild but what changed.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/cli/compress/site.bash"
need brotli zstd node
[ -d "$NODE_PATH" ] || skip "needs tests/node_modules (npm install in tests/)"

make_site dist
run_distill build dist --out out --cache cache -v
expect_status 0

# One line per output file of an asset: output, size, br, zst, kind.
node -e '
	const m = JSON.parse(require("fs").readFileSync(process.argv[1]));
	const kind = {};
	for (const a of m.assets) kind[a.path] = a;
	for (const f of m.files) {
		if (f.role !== "asset" && f.role !== "original") continue;
		const a = kind[f.asset];
		console.log([f.output, f.size, a.br ?? "null", a.zst ?? "null", a.kind].join("\t"));
	}' cache/manifest.json > files.tsv
[ -s files.tsv ] || fail "no files in the manifest"

texts=0
while IFS=$'\t' read -r out size br zst kind; do
	case $kind in html|css|js|svg|json|text|wasm) ;; *) continue ;; esac
	f=out/$out
	assert_eq "$(stat -c %s "$f")" "$size" "size of '$out'"
	if [ "$size" -lt 1024 ] || [ "$out" = noise.txt ]; then
		assert_no_file "$f.br"
		assert_no_file "$f.zst"
		continue
	fi
	texts=$((texts + 1))
	assert_file "$f.br"
	assert_file "$f.zst"
	assert_eq "$(stat -c %s "$f.br")" "$br" "br size of '$out' in the manifest"
	assert_eq "$(stat -c %s "$f.zst")" "$zst" "zst size of '$out' in the manifest"
done < files.tsv
[ $texts -ge 6 ] || fail "only $texts text files got sidecars"

# Every sidecar in the tree decodes to the file beside it and is smaller.
find out -name '*.br' -o -name '*.zst' | while read -r s; do
	f=${s%.*}
	assert_file "$f"
	[ "$(stat -c %s "$s")" -lt "$(stat -c %s "$f")" ] || fail "'$s' is not smaller than '$f'"
	case $s in
	*.br) brotli -dc "$s" | cmp -s - "$f" || fail "'$s' does not decode to '$f'" ;;
	*.zst) zstd -qdc "$s" | cmp -s - "$f" || fail "'$s' does not decode to '$f'" ;;
	esac
done

# A rebuild compresses nothing; a changed stylesheet is compressed with the
# pages that link it, whose integrity values change with it.
run_distill build dist --out out2 --cache cache -v
expect_status 0
if grep -q COMPRESS out.txt err.txt; then
	fail "a rebuild of an unchanged site ran compress jobs: $(grep -h COMPRESS out.txt err.txt)"
fi
echo '.added{color:red}' >> dist/assets/index-D4mN7pQr.css
run_distill build dist --out out3 --cache cache -v
expect_status 0
assert_eq "COMPRESS about/index.html COMPRESS assets/index-D4mN7pQr.css COMPRESS index.html" \
	"$(grep -ho 'COMPRESS .*' out.txt err.txt | sort -u | tr '\n' ' ' | sed 's/ $//')" \
	"compress jobs after one change"
brotli -dc out3/assets/index-D4mN7pQr.css.br | cmp -s - out3/assets/index-D4mN7pQr.css ||
	fail "the new .br is not of the changed stylesheet"
