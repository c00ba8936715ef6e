#!/bin/bash
# SPDX-License-Identifier: MIT
# The test harness. usage: tests/run.sh [--suite unit|cli|faults|realworld|all]
#   [--with-asan] [--sanitized] [--preserve] [PATTERN...]
# Runs unit tests (tests/unit/*_test.c), then behaviour tests
# (tests/cli/AREA/NAME.sh), each in a fresh scratch folder, and ends with
# one line "N passed, N failed, N skipped". A test script exits 0 to pass,
# 77 to be skipped (its last line says why), anything else to fail. Lines a
# passing test prints starting with "# " are shown under its name. A
# script checks its own status and output (tests/lib.sh's helpers).
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
suite=default
with_asan=no
preserve=no
patterns=()
while [ $# -gt 0 ]; do
	case $1 in
	--suite) suite=$2; shift ;;
	--with-asan) with_asan=yes ;;
	--sanitized) ;;
	--preserve) preserve=yes ;;
	-*) echo "run.sh: unknown option '$1'" >&2; exit 2 ;;
	*) patterns+=("$1") ;;
	esac
	shift
done

# The same outcome on any machine: one locale, and none of the variables
# that change what distill, ninja or a test does (a CI's own GitHub
# variables and CI, a ninja of the user's, an update switch).
export LC_ALL=C.UTF-8
unset CI GITHUB_ACTIONS GITHUB_STEP_SUMMARY GITHUB_OUTPUT DISTILL_NINJA DISTILL_BINARY \
	NINJA_STATUS SAMUFLAGS BUDGET_UPDATE NO_COLOR DISTILL_REMOTE_CACHE

passed=0 failed=0 skipped=0
failures=()
# One scratch folder per run, so that runs side by side do not collide.
SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/distill-tests.XXXXXX")
# A site in no project keeps its cache in the user's cache folder: this
# run's own, not the machine user's.
export XDG_CACHE_HOME=$SCRATCH/xdg-cache

selected() {
	[ ${#patterns[@]} -eq 0 ] && return 0
	for p in "${patterns[@]}"; do
		case $1 in *$p*) return 0 ;; esac
	done
	return 1
}

record() { # status name seconds logfile
	case $1 in
	0) passed=$((passed + 1)); printf 'ok   %s (%ss)\n' "$2" "$3"
	   grep '^# ' "$4" 2>/dev/null | sed 's/^# /     /' ;;
	77) skipped=$((skipped + 1)); printf 'skip %s: %s\n' "$2" "$(tail -n 1 "$4" 2>/dev/null)" ;;
	*) failed=$((failed + 1)); failures+=("$2")
	   printf 'FAIL %s (status %s, %ss)\n' "$2" "$1" "$3"
	   sed 's/^/     | /' "$4" | tail -n 40 ;;
	esac
}

config_var() { sed -n "s/^$1 = //p" "$ROOT/config.ninja"; }

run_unit() { # objdir label extra-flags
	local objdir=$1 label=$2 flags=$3 objs src name bin log start status
	objs=$(find "$ROOT/$objdir" -name '*.o' ! -name main.o | sort)
	mkdir -p "$ROOT/build/unit"
	for src in "$ROOT"/tests/unit/*_test.c; do
		[ -e "$src" ] || continue
		name=unit/$(basename "$src" .c)$label
		selected "$name" || continue
		bin=$ROOT/build/unit/$(basename "$src" .c)$label
		log=$SCRATCH/$(echo "$name" | tr / _).log
		start=$(date +%s)
		# shellcheck disable=SC2086
		if $(config_var cc) -std=c11 -D_GNU_SOURCE -g $flags $(config_var pkg_cflags) \
			-I"$ROOT/src" -I"$ROOT/src/lib" -I"$ROOT/passes" -I"$ROOT/manifest" -o "$bin" "$src" \
			$objs $(config_var all_libs) >"$log" 2>&1; then
			(cd "$SCRATCH" && "$bin") >>"$log" 2>&1
			status=$?
		else
			status=1
		fi
		record $status "$name" $(( $(date +%s) - start )) "$log"
	done
}

run_scripts() { # folder label distill
	local dir=$1 label=$2 bin=$3 t name work log start status
	for t in "$ROOT"/tests/$dir/*/*.sh "$ROOT"/tests/$dir/*.sh; do
		[ -e "$t" ] || continue
		name=${t#"$ROOT"/tests/}
		name=${name%.sh}$label
		selected "$name" || continue
		work=$SCRATCH/$(echo "$name" | tr '/ []' '__')
		log=$work.log
		mkdir -p "$work"
		start=$(date +%s)
		(cd "$work" && DISTILL=$bin ROOT=$ROOT FIXTURES=$ROOT/fixtures \
			NODE_PATH=$ROOT/tests/node_modules PATH=$ROOT/tests/bin:$PATH \
			timeout -k 10 600 bash "$t" >"$work.stdout" 2>"$work.stderr" </dev/null)
		status=$?
		cat "$work.stdout" "$work.stderr" >"$log"
		[ $status -eq 0 ] || [ $status -eq 77 ] || echo "exit status $status" >>"$log"
		record $status "$name" $(( $(date +%s) - start )) "$log"
		[ $preserve = yes ] || [ $status -ne 0 ] || rm -rf "$work" "$work".*
	done
}

run_suite() { # label distill objdir flags
	case $suite in
	unit) run_unit "$3" "$1" "$4" ;;
	cli) run_scripts cli "$1" "$2" ;;
	faults) run_scripts faults "$1" "$2" ;;
	realworld) run_scripts realworld "$1" "$2" ;;
	default) run_unit "$3" "$1" "$4"; run_scripts cli "$1" "$2" ;;
	all) run_unit "$3" "$1" "$4"; run_scripts cli "$1" "$2"; run_scripts faults "$1" "$2"
	     run_scripts realworld "$1" "$2" ;;
	*) echo "run.sh: unknown suite '$suite'" >&2; exit 2 ;;
	esac
}

DISTILL=${DISTILL:-$ROOT/distill}
case $DISTILL in /*) ;; *) DISTILL=$ROOT/$DISTILL ;; esac
if [ "$DISTILL" = "$ROOT/build/distill-asan" ]; then
	export ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
	run_suite " [asan]" "$DISTILL" build/asan "-fsanitize=address,undefined"
else
	run_suite "" "$DISTILL" build/obj ""
	if [ $with_asan = yes ]; then
		export ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
		run_suite " [asan]" "$ROOT/build/distill-asan" build/asan "-fsanitize=address,undefined"
	fi
fi

if [ $failed -gt 0 ]; then
	echo
	echo "failed:"
	printf '  %s\n' "${failures[@]}"
fi
if [ $failed -eq 0 ] && [ $preserve = no ]; then
	rm -rf "$SCRATCH"
else
	echo "scratch folders: $SCRATCH"
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ $failed -eq 0 ]
