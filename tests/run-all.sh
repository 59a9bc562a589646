#!/bin/sh
# run-all.sh BUILD_DIR...: runs every test of each build and prints one
# total, `N passed, M failed`, as the last line.
#   - BUILD/tests/test_*: cmocka binaries, one per module
#   - tests/suite_*: scripts (CLI, conformance, DNS server) that end with
#     their own `N passed, M failed` line; they get SPFSCOPE_BIN and BUILD.
# A binary or script that dies without its summary counts as one failure.
set -u
here=$(cd "$(dirname "$0")" && pwd)
passed=0
failed=0
failures=""

count_cmocka() { # file: sums "[  PASSED  ] N test(s)" / "[  FAILED  ] N test(s)"
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$1" | tail -n 1)
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$1" | tail -n 1)
	echo "${p:-0} ${f:-0}"
}

count_plain() { # file: the last "N passed, M failed" line
	sed -n 's/^\([A-Za-z-]*: \)\{0,1\}\([0-9]*\) passed, \([0-9]*\) failed.*/\2 \3/p' "$1" | tail -n 1
}

add() { # name p f rc
	passed=$((passed + $2))
	failed=$((failed + $3))
	if [ "$3" -gt 0 ] || [ "$4" -ne 0 ]; then
		failures="$failures $1"
	fi
}

for build in "$@"; do
	out=$(mktemp)
	for t in "$build"/tests/test_*; do
		[ -x "$t" ] || continue
		case "$t" in *.d) continue ;; esac
		"$t" >"$out" 2>&1
		rc=$?
		set -- $(count_cmocka "$out")
		p=$1 f=$2
		if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
		if [ "$f" -gt 0 ]; then cat "$out"; fi
		echo "$build: $(basename "$t"): $p passed, $f failed"
		add "$build/$(basename "$t")" "$p" "$f" 0
	done
	for s in "$here"/suite_*; do
		[ -x "$s" ] || continue
		SPFSCOPE_BIN="$build/spfscope" BUILD="$build" "$s" >"$out" 2>&1
		rc=$?
		res=$(count_plain "$out")
		if [ -z "$res" ]; then res="0 1"; fi
		set -- $res
		p=$1 f=$2
		if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
		if [ "$f" -gt 0 ]; then cat "$out"; else grep -i 'skip' "$out"; fi
		echo "$build: $(basename "$s"): $p passed, $f failed"
		add "$build/$(basename "$s")" "$p" "$f" 0
	done
	rm -f "$out"
done
[ -n "$failures" ] && echo "failing:$failures"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
