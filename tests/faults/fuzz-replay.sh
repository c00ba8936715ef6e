# Every fuzz target (tests/fuzz/*_fuzz.c) runs over its seed corpus and over
# every input that once made it fail (tests/fuzz/regress/NAME/), built with
# the ordinary compiler against the objects of the binary under test (under
# ASan and UBSan in the sanitizer run): none may crash or abort.
. "$ROOT/tests/lib.sh"
config_var() { sed -n "s/^$1 = //p" "$ROOT/config.ninja"; }
case $DISTILL in
*asan*) objdir=$ROOT/build/asan flags="-fsanitize=address,undefined -fno-sanitize-recover=all" ;;
*) objdir=$ROOT/build/obj flags= ;;
esac
objs=$(find "$objdir" -name '*.o' ! -name main.o | sort)
[ -n "$objs" ] || fail "no objects in '$objdir'"
n=0
for src in "$ROOT"/tests/fuzz/*_fuzz.c; do
	name=$(basename "$src" _fuzz.c)
	# shellcheck disable=SC2086
	$(config_var cc) -std=c11 -D_GNU_SOURCE -g $flags $(config_var pkg_cflags) \
		-I"$ROOT/src" -I"$ROOT/src/lib" -I"$ROOT/passes" -I"$ROOT/manifest" -o "$name" \
		"$src" "$ROOT/tests/fuzz/replay.c" $objs $(config_var all_libs) ||
		fail "cannot build the $name target"
	inputs=()
	for d in "$ROOT/tests/fuzz/corpus/$name" "$ROOT/tests/fuzz/regress/$name"; do
		[ -d "$d" ] && while IFS= read -r -d '' f; do inputs+=("$f"); done < <(find "$d" -type f -print0)
	done
	[ ${#inputs[@]} -gt 0 ] || fail "no inputs for the $name target"
	ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 ./"$name" "${inputs[@]}" ||
		fail "the $name target fails on one of: ${inputs[*]}"
	n=$((n + ${#inputs[@]}))
done
echo "$n inputs replayed"
