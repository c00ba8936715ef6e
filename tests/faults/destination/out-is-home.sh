# --out naming the home folder, the working folder or '/': refused with
# exit 2 and nothing touched.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/faults/lib.bash"
mkdir -p home/work dist
printf 'mine\n' > home/notes.txt
printf '<!doctype html><title>t</title>\n' > dist/index.html
HOME=$PWD/home expect_refused home . build dist --out "$PWD/home" --cache "$PWD/cache"
grep -q 'home folder' err.txt || fail "the message does not name the home folder"
cp -a dist home/work/dist
expect_refused home home/work build dist --out . --cache "$PWD/cache"
grep -q 'working folder' err.txt || fail "the message does not name the working folder"
expect_refused dist . build dist --out / --cache "$PWD/cache" --force
