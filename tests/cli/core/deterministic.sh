# Two clean builds of the demo site give byte-identical trees; every file the
# hash pass renamed holds exactly its original's bytes (stylesheets aside,
# whose references change); nothing of DIST is lost.
. "$ROOT/tests/lib.sh"
need jq
copy_fixture demo
run_distill build dist --out one --cache cache-one -q -j 2
expect_status 0
run_distill build dist --out two --cache cache-two -q -j 1
expect_status 0
diff <(tree_listing one) <(tree_listing two) || fail "two clean builds differ"

jq -r '.assets[] | select(.output != .path and .kind != "css" and .kind != "html") |
	[.path, .output] | @tsv' cache-one/manifest.json > renamed.tsv
[ -s renamed.tsv ] || fail "the demo site renamed nothing"
while IFS=$'\t' read -r path output; do
	cmp "dist/$path" "one/$output" || fail "'$output' is not '$path' byte for byte"
done < renamed.tsv

# Every source file is somewhere in the output: at its path or renamed.
jq -r '.assets[] | .output' cache-one/manifest.json | while read -r output; do
	assert_file "one/$output"
done
