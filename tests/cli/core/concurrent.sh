# Two in-place builds of one DIST at once: one waits for the other, and DIST
# ends up exactly as a single build leaves it.
. "$ROOT/tests/lib.sh"
copy_fixture copy-only
for i in $(seq 1 8); do head -c 40000 /dev/urandom | base64 > "dist/text-$i.txt"; done
"$DISTILL" build dist --out expected --cache other-cache -q >/dev/null 2>&1 || fail "reference build failed"
"$DISTILL" build dist --cache cache >a.txt 2>&1 &
a=$!
"$DISTILL" build dist --cache cache >b.txt 2>&1 &
b=$!
wait $a || fail "first build failed: $(cat a.txt)"
wait $b || fail "second build failed: $(cat b.txt)"
diff <(tree_listing expected) <(tree_listing dist) || fail "DIST differs from a single build"
