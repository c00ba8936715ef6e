# One full build of fixtures/demo under valgrind's memcheck, every process
# traced (distill, ninja, sh and each job): no invalid read or write, no
# jump on uninitialised memory, no definitely lost block in any distill
# process. Third-party entries found to be harmless (libvips, glib, codecs)
# go in tests/valgrind.supp, each with a comment saying why.
. "$ROOT/tests/lib.sh"
need valgrind
case $DISTILL in *asan*) skip "valgrind cannot run a sanitizer build" ;; esac
copy_fixture demo
mkdir logs
supp=()
[ -f "$ROOT/tests/valgrind.supp" ] && supp=(--suppressions="$ROOT/tests/valgrind.supp")
set +e
valgrind --trace-children=yes --leak-check=full --show-leak-kinds=definite \
	--errors-for-leak-kinds=definite --error-exitcode=99 --gen-suppressions=all \
	"${supp[@]}" --log-file="$PWD/logs/vg.%p.log" \
	"$DISTILL" build dist --out out --cache cache -j 2 >out.txt 2>err.txt
status=$?
set -e
# valgrind stops a process at an instruction it cannot decode; that says
# nothing about distill, so the check cannot run on this CPU.
unknown=$(grep -h -m 1 'unhandled instruction bytes' logs/*.log | head -n 1 || true)
[ -z "$unknown" ] || skip "valgrind cannot run here: ${unknown#==*== }"
bad=$(grep -l 'ERROR SUMMARY: [1-9]' logs/*.log || true)
if [ -n "$bad" ]; then
	for log in $bad; do
		echo "=== $(sed -n 's/^==[0-9]*== Command: //p' "$log" | cut -c1-160)" >&2
		grep -v '^==[0-9]*== \(Memcheck\|Copyright\|Using Valgrind\|Parent PID\|$\)' "$log" | head -60 >&2
	done
	fail "valgrind reports errors in $(echo "$bad" | wc -l) process(es) (above)"
fi
[ "$status" = 0 ] || { cat err.txt >&2; fail "the build under valgrind failed (status $status)"; }
n=$(grep -l "Command: [^ ]*distill job" logs/*.log | wc -l)
[ "$n" -ge 5 ] || fail "only $n jobs ran under valgrind"
errors=$(sed -n 's/.*ERROR SUMMARY: \([0-9]*\) errors.*/\1/p' logs/*.log | sort -n | uniq -c |
	awk '{ printf "%s%s with %s errors", (NR > 1 ? ", " : ""), $1, $2 }')
echo "# $(ls logs | wc -l) processes checked, $n of them jobs: $errors"
