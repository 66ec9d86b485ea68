#!/bin/sh
# run-valgrind.sh - the test programs given, with every cabtrack they run under
# valgrind memcheck; then a verdict over all of memcheck's logs.
#
# Usage: BUILD=build/valgrind sh tests/run-valgrind.sh TEST_PROGRAM...
# testutil.h's tu_binary() prefixes each cabtrack command with
# $CABTRACK_TEST_WRAP.  memcheck writes one log per process into
# $BUILD/valgrind-logs (never into the tests' stderr, which they check); a
# run with a memory error or a definite leak exits 99, which fails the test
# that ran it, and its log is listed here.  Exit status: 0 only when every
# test passed and no log reports an error or a definite leak.
set -u
here=$(dirname "$0")
build=${BUILD:-build/valgrind}
logs=$build/valgrind-logs
rm -rf "$logs"
mkdir -p "$logs"
logs_abs=$(cd "$logs" && pwd)
CABTRACK_TEST_WRAP="valgrind -q --tool=memcheck --leak-check=full --show-leak-kinds=definite \
--errors-for-leak-kinds=definite --error-exitcode=99 --track-origins=yes \
--suppressions=$(cd "$here" && pwd)/valgrind.supp --log-file=$logs_abs/memcheck.%p.log"
export CABTRACK_TEST_WRAP
sh "$here/run-tests.sh" "$@"
rc=$?
runs=$(ls "$logs" | wc -l)
bad=$(grep -lE 'ERROR SUMMARY: [1-9]|definitely lost: [1-9]|Invalid (read|write|free)|uninitialised|Mismatched free' "$logs"/* 2>/dev/null)
nonempty=$(find "$logs" -type f -size +0 | wc -l)
echo "valgrind: $runs cabtrack runs under memcheck; $nonempty logs with a report"
if [ -n "$bad" ]; then
	echo "valgrind: errors or definite leaks in:"
	for f in $bad; do
		echo "== $f"
		head -40 "$f"
	done
	exit 1
fi
[ $rc -eq 0 ] || { echo "valgrind: some tests failed (see above)"; exit 1; }
echo "valgrind: no errors, no definite leaks"
