#!/bin/sh
# run-fuzz.sh - run each libFuzzer harness named for $FUZZ_SECONDS seconds.
#
# Usage: FUZZ_BUILD=build/fuzz FUZZ_SECONDS=60 sh tests/fuzz/run-fuzz.sh NAME...
# NAME is a harness (markdown, datephrase, ...): $FUZZ_BUILD/fuzz_NAME runs
# from tests/fuzz/seeds/NAME, keeping what it finds in $FUZZ_BUILD/corpus/NAME
# (never in the project) and any crashing input in $FUZZ_BUILD/artifacts/NAME.
# Prints one line per harness (executions, cov and ft reached) and exits
# non-zero when a harness found a crash, a leak or a hang: copy the input
# into tests/fuzz/regressions/NAME/, fix the bug, and the replay test
# (tests/test_fuzz_regressions.c) keeps it fixed.
set -u
here=$(dirname "$0")
build=${FUZZ_BUILD:-build/fuzz}
secs=${FUZZ_SECONDS:-60}
bad=""
summary=""
for name in "$@"; do
	bin=$build/fuzz_$name
	[ -x "$bin" ] || { echo "run-fuzz: no harness $bin" >&2; bad="$bad $name"; continue; }
	case $name in
	markdown)    max_len=16384 ;;
	github_json) max_len=16384 ;;
	mustache)    max_len=8192 ;;
	datephrase)  max_len=512 ;;
	ballot_name) max_len=256 ;;
	link)        max_len=1024 ;;
	state)       max_len=8192 ;;
	token_url)   max_len=1024 ;;
	*)           max_len=4096 ;;
	esac
	corpus=$build/corpus/$name
	art=$build/artifacts/$name
	log=$build/fuzz_$name.log
	mkdir -p "$corpus" "$art"
	dict=""
	[ -f "$here/dict/$name.dict" ] && dict="-dict=$here/dict/$name.dict"
	echo "fuzz: $name for ${secs}s (max_len $max_len), log in $log"
	"$bin" -max_total_time="$secs" -max_len="$max_len" -rss_limit_mb=2048 -timeout=30 \
		-print_final_stats=1 -artifact_prefix="$art/" $dict "$corpus" "$here/seeds/$name" >"$log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
	last=$(grep -E '^#[0-9]+' "$log" | tail -1)
	cov=$(printf '%s\n' "$last" | sed -n 's/.*cov: \([0-9]*\).*/\1/p')
	ft=$(printf '%s\n' "$last" | sed -n 's/.*ft: \([0-9]*\).*/\1/p')
	corp=$(printf '%s\n' "$last" | sed -n 's/.*corp: \([0-9]*\/[0-9]*[a-zA-Z]*\).*/\1/p')
	line=$(printf '%-12s %6ss  execs %-10s cov %-6s ft %-6s corpus %s' "$name" "$secs" "${execs:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}")
	if [ $rc -ne 0 ]; then
		line="$line  FAILED (exit $rc): $(ls "$art" | head -3 | tr '\n' ' ')"
		bad="$bad $name"
		grep -E 'ERROR: |SUMMARY: |invariant failed' "$log" | head -5
	fi
	echo "$line"
	summary="$summary$line
"
done
echo
echo "fuzz summary:"
printf '%s' "$summary"
[ -z "$bad" ] || { echo "fuzz: failing harnesses:$bad (inputs in $build/artifacts)"; exit 1; }
