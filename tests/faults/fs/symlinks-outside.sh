# Symlinks out of DIST are never followed, opened or copied as links: to a
# file outside (relative and absolute, directly and through a chain), to
# /dev/zero, to a folder outside, dangling, looping, and to a folder inside
# (a cycle). Each is skipped with a warning naming it; a link to a file
# inside DIST is read as that file; the output holds no symlink at all.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/faults/lib.bash"
canary_start
mkdir -p dist/sub dist/hop
printf 'real\n' > dist/real.txt
ln -s ../secret.fifo dist/leak.txt
ln -s "$CANARY_SECRET" dist/abs.txt
ln -s ../hop2 dist/hop/next
ln -s ../secret.fifo hop2
ln -s hop/next/../secret.fifo dist/chain.txt
ln -s /dev/zero dist/zero.png
ln -s /etc dist/etc
ln -s nowhere.txt dist/dangling.txt
ln -s self dist/self
ln -s .. dist/sub/up
ln -s real.txt dist/inside.txt
ln -s ../real.txt dist/sub/inside-up.txt
printf '<!doctype html><img src="zero.png"><a href="leak.txt">x</a><a href="inside.txt">y</a>\n' > dist/index.html
fault_build
canary_check
expect_status 0
for l in leak.txt abs.txt chain.txt zero.png etc dangling.txt self sub/up; do
	grep -F -q "'$l'" err.txt || fail "no warning names the link '$l'"
	[ ! -e "out/$l" ] && [ ! -L "out/$l" ] || fail "the link '$l' went into the output"
done
[ -z "$(find out -type l)" ] || fail "symlinks in the output: $(find out -type l)"
expect_carried inside.txt sub/inside-up.txt
cmp dist/real.txt "out/$(check output cache inside.txt)" || fail "inside link not read as its target"
