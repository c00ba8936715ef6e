# A named pipe, a character device and a socket inside DIST, and a symlink
# to the pipe: skipped with a warning naming each, never opened (the pipe
# has a writer waiting that records any open).
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/faults/lib.bash"
mkdir -p dist
printf 'ok\n' > dist/ok.txt
mkfifo dist/pipe.txt
( exec 3>dist/pipe.txt; echo opened > pipe-opened; sleep 1 ) &
writer=$!
trap 'kill $writer 2>/dev/null || true' EXIT
ln -s pipe.txt dist/to-pipe.txt
# A device needs CAP_MKNOD, which root in a container may lack.
device=no
if [ "$(id -u)" -eq 0 ] && mknod dist/null.txt c 1 3 2>/dev/null; then
	device=yes
fi
python3 -c 'import socket; s = socket.socket(socket.AF_UNIX); s.bind("dist/sock.txt")'
fault_build
sleep 0.2
[ ! -e pipe-opened ] || fail "the named pipe in DIST was opened"
expect_status 0
for f in pipe.txt to-pipe.txt sock.txt $([ $device = yes ] && echo null.txt); do
	grep -F -q "'$f'" err.txt || fail "no warning names '$f'"
	[ ! -e "out/$f" ] || fail "'$f' went into the output"
done
expect_carried ok.txt
