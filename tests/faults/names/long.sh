# Names of 251-255 bytes (255 is the most a Linux file name holds), ASCII
# and UTF-8, in a deep folder: a pass that appends a hash or a suffix (.br,
# .zst, .HASH) must not make a name the file system refuses (it keeps the
# name, or skips the sidecar); the build works and every reference resolves.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/faults/lib.bash"
need vips python3
deep=dist/$(printf 'd%.0s/' $(seq 1 30))
mkdir -p "$deep"
long=$(python3 -c 'print("a" * 251)')
utf=$(python3 -c 'print("é" * 125 + "x")')   # 251 bytes
printf 'text\n' > "dist/$long.txt"
printf 'body{color:red}%3000s\n' "" > "dist/$long.css"
printf 'let x = 1;%3000s\n' "" > "dist/$utf.js"
gen valid "dist/$long.jpg" jpg
gen valid "$deep/$utf.png" png
printf '<!doctype html><link rel="stylesheet" href="%s.css"><img src="%s.jpg"><script src="%s.js"></script>\n' \
	"$long" "$long" "$(python3 -c 'import urllib.parse,sys; print(urllib.parse.quote(sys.argv[1]))' "$utf")" > dist/index.html
fault_build
expect_status 0
refs_ok out
expect_carried "$long.txt"
expect_carried "${deep#dist/}$utf.png"
