# Non-ASCII names: UTF-8 in NFC and NFD, CJK and emoji are carried over
# byte for byte, and references to them resolve after the build. (Names
# that are not UTF-8 at all are in non-utf8.sh.)
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/faults/lib.bash"
need vips python3
mkdir -p dist/日本
printf 'nfc\n' > "dist/$(printf 'caf\xc3\xa9').txt"
printf 'nfd\n' > "dist/$(printf 'cafe\xcc\x81').txt"
printf 'emoji\n' > "dist/$(printf '\xf0\x9f\x98\x80').txt"
gen valid "dist/日本/写真.jpg" jpg
printf 'body{background:url(日本/写真.jpg)}%3000s\n' "" > "dist/スタイル.css"
printf '<!doctype html><meta charset="utf-8"><link rel="stylesheet" href="%%E3%%82%%B9%%E3%%82%%BF%%E3%%82%%A4%%E3%%83%%AB.css"><img src="日本/写真.jpg"><a href="caf%%C3%%A9.txt">a</a><a href="cafe%%CC%%81.txt">b</a>\n' > dist/index.html
refs_ok dist
fault_build
expect_status 0
refs_ok out
for f in "$(printf 'caf\xc3\xa9').txt" "$(printf 'cafe\xcc\x81').txt" "$(printf '\xf0\x9f\x98\x80').txt"; do
	expect_carried "$f"
done
