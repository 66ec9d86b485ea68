#!/bin/sh
# run-tests.sh - run every cmocka test program given, then print one summary line.
#
# Each program prints cmocka's own report.  The last line counts the test
# cases over all programs, as "tests: N passed, N failed, N skipped".
# Exit status: 0 only when every program passed.
set -u
# Leaks inside system libraries are suppressed by name (see the file).
# An absolute path: some tests run cabtrack from other folders.
LSAN_OPTIONS="suppressions=$(cd "$(dirname "$0")" && pwd)/lsan.supp:print_suppressions=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
export LSAN_OPTIONS
passed=0; failed=0; skipped=0; bad=""
for t in "$@"; do
	out=$("$t" 2>&1); rc=$?
	printf '%s\n' "$out"
	p=$(printf '%s\n' "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' | tail -1)
	f=$(printf '%s\n' "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' | tail -1)
	s=$(printf '%s\n' "$out" | sed -n 's/^\[  SKIPPED \] \([0-9]*\) test.*/\1/p' | tail -1)
	passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${s:-0}))
	if [ $rc -ne 0 ]; then
		bad="$bad $(basename "$t")"
		[ -z "$f" ] && failed=$((failed + 1))
	fi
done
[ -n "$bad" ] && echo "failing programs:$bad"
echo "tests: $passed passed, $failed failed, $skipped skipped"
[ -z "$bad" ]
