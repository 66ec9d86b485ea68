#!/bin/sh
# run-bench.sh - the performance figures of `make bench`, as a table of
# PASS/MISS lines against the targets the issues name.
#
# Environment: BUILD (default build), CORPUS (default $CABTRACK_CORPUS, else
# ../shared/corpus), BENCH_SECTIONS (the numbered sections below to run,
# e.g. "3"; default all).  Without $CORPUS/servercert-br.git it prints a SKIP line
# and exits 0.  A missed target is reported, not fatal: the exit status is
# non-zero only when a command failed.
#
# The baseline is build/bench/parse_only: reading and parsing every distinct
# version of docs/BR.md, nothing else.  Commands are timed by a small python3
# helper (wall seconds, and the peak RSS of the child in KiB); without
# python3, /usr/bin/time is used (to the centisecond only).
#
# To add a figure, call measure after the import below, e.g.
#	measure "diff" "ms < 100" "$CT" --db "$DB" diff ...
#	measure -n 11 "render status" "ms < 200" "$CT" --db "$DB" status ...
#
# Section 5 generates the hostile inputs of issue 14 with gen-hostile.py
# (python3) in the temporary folder: about 70 MB, removed at exit.
set -u

BUILD=${BUILD:-build}
CORPUS=${CORPUS:-${CABTRACK_CORPUS:-../shared/corpus}}
CT=$BUILD/cabtrack
BR_REPO=$CORPUS/servercert-br.git
BR_PATH=docs/BR.md
SMIME_REPO=$CORPUS/smime.git
SMIME_PATH=SBR.md

if [ ! -d "$BR_REPO" ]; then
	echo "SKIP: bench: corpus not found"
	exit 0
fi

T=$(mktemp -d "${TMPDIR:-/tmp}/cabtrack-bench.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
: > "$T/rows"

failed=0
BASE=0     # parse_only's read + parse seconds; ratio targets divide by it
m_s=0      # the last measure: median wall seconds
m_kb=0     # the last measure: highest peak RSS, KiB

# The timer.  python3 is preferred: posix_spawn and wait, wall seconds from
# the monotonic clock, peak RSS from getrusage(RUSAGE_CHILDREN).  Linux
# carries the spawning process's RSS over into the child's peak, so a child
# never shows less than the helper's own ~9 MB (FLOOR_KB, measured below):
# figures above it are exact, and at it they read "<= N MB".
if command -v python3 >/dev/null 2>&1; then
	PY=$(python3 -c 'import sys; print(sys.executable)') || exit 1
elif [ -x /usr/bin/time ]; then
	PY=
else
	echo "bench: need python3 or /usr/bin/time to time commands" >&2
	exit 1
fi

# Run argv[2:] once, stdout to /dev/null, stderr appended to argv[1]; print
# "SECONDS PEAK_RSS_KIB" and exit with the command's status.  Only os is
# imported, to keep the helper (and so the floor) small.
PYTIMER='
import os, resource, sys, time
fa = [(os.POSIX_SPAWN_OPEN, 1, "/dev/null", os.O_WRONLY, 0),
      (os.POSIX_SPAWN_OPEN, 2, sys.argv[1], os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)]
t = time.monotonic()
try:
	pid = os.posix_spawnp(sys.argv[2], sys.argv[2:], os.environ, file_actions=fa)
except OSError as e:
	with open(sys.argv[1], "a") as log:
		log.write("%s: %s\n" % (sys.argv[2], e.strerror))
	sys.exit(127)
_, st = os.waitpid(pid, 0)
t = time.monotonic() - t
print("%.6f %d" % (t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
sys.exit(os.WEXITSTATUS(st) if os.WIFEXITED(st) else 128 + os.WTERMSIG(st))
'

# run_once LOG CMD...: as PYTIMER above.
run_once() {
	if [ -n "$PY" ]; then
		"$PY" -S -c "$PYTIMER" "$@"
	else
		_log=$1; shift
		/usr/bin/time -f '%e %M' -o "$T/time.out" "$@" >/dev/null 2>>"$_log" &&
			cat "$T/time.out"
	fi
}

FLOOR_KB=0
if [ -n "$PY" ]; then
	FLOOR_KB=$(run_once /dev/null true | awk '{ print $2 }') || exit 1
fi

# row NAME VALUE TARGET RESULT: one line of the results table.
row() {
	printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" >> "$T/rows"
}

# info NAME VALUE: a figure reported without a target.
info() {
	row "$1" "$2" "" INFO
}

# skip NAME WHY: a figure that could not be measured because an earlier
# step failed.
skip() {
	row "$1" "($2)" "" SKIP
}

# fail NAME WHY [COMMAND]: a command failed; record it, show the command
# and its stderr, and make the script exit non-zero at the end.
fail() {
	row "$1" "($2)" "" FAIL
	failed=1
	echo "bench: $1: $2${3:+: $3}" >&2
	if [ -s "$T/cmd.log" ]; then
		tail -n 20 "$T/cmd.log" | sed 's/^/    /' >&2
	fi
}

# check NAME TARGET: add a row for the last measure against TARGET, which
# is "VAR OP LIMIT" with OP one of < <= > >= and VAR one of
#	s      median wall seconds
#	ms     median wall milliseconds
#	mb     highest peak RSS, MB (shown as "<= N MB" at the timer's floor)
#	ratio  s / BASE (the parse-only time)
# VAR picks the figure shown.  An empty TARGET shows seconds and memory.
check() {
	_name=$1 _target=$2
	# shellcheck disable=SC2086
	set -- $_target
	if [ $# -ne 0 ] && [ $# -ne 3 ]; then
		echo "bench: $_name: bad target '$_target'" >&2
		exit 2
	fi
	awk -v name="$_name" -v var="${1:-}" -v op="${2:-}" -v lim="${3:-0}" \
	    -v s="$m_s" -v kb="$m_kb" -v base="$BASE" -v floor="$FLOOR_KB" '
	BEGIN {
		v["s"] = s; v["ms"] = s * 1000; v["mb"] = kb / 1024
		v["ratio"] = base > 0 ? s / base : -1
		le = kb <= floor + 256 ? "<= " : ""
		if (var == "") {
			printf "%s\t%.3f s, %s%.1f MB\t\tINFO\n", name, s, le, kb / 1024
			exit
		}
		if (!(var in v) || (op != "<" && op != "<=" && op != ">" && op != ">=")) {
			printf "bench: %s: bad target \"%s %s %s\"\n", name, var, op, lim > "/dev/stderr"
			exit 2
		}
		if (var == "ratio" && base <= 0) {
			printf "%s\t(no baseline)\t%s %s\tSKIP\n", name, op, lim
			exit
		}
		x = v[var]
		ok = op == "<" ? x < lim : op == "<=" ? x <= lim : op == ">" ? x > lim : x >= lim
		fmt = var == "s" ? "%.3f s" : var == "ms" ? "%.1f ms" : var == "mb" ? le "%.1f MB" : "%.3f"
		printf "%s\t" fmt "\t%s %s\t%s\n", name, x, op, lim, ok ? "PASS" : "MISS"
	}' >> "$T/rows" || exit 2
}

# measure [-n RUNS] NAME TARGET CMD...: run CMD RUNS times (default 1), keep
# the median wall time and the highest peak RSS in m_s and m_kb, and add a
# row as check does.  CMD's stdout goes to /dev/null; its stderr is shown
# only when it fails.  Returns non-zero, with a FAIL row, when CMD fails.
measure() {
	_runs=1
	if [ "$1" = -n ]; then
		_runs=$2
		shift 2
	fi
	_mname=$1 _mtarget=$2
	shift 2
	: > "$T/runs"
	: > "$T/cmd.log"
	_i=0
	while [ "$_i" -lt "$_runs" ]; do
		run_once "$T/cmd.log" "$@" >> "$T/runs"
		_rc=$?
		if [ "$_rc" -ne 0 ]; then
			fail "$_mname" "exit status $_rc" "$*"
			return 1
		fi
		_i=$((_i + 1))
	done
	m_s=$(awk '{ print $1 }' "$T/runs" | sort -n | awk '
		{ v[NR] = $1 }
		END { print NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
	m_kb=$(awk '$2 > m { m = $2 } END { print m + 0 }' "$T/runs")
	check "$_mname" "$_mtarget"
}

# show the table
report() {
	echo
	printf '%-28s %-22s %-16s %s\n' figure value target result
	awk -F '\t' '{
		t = $3 == "" ? "" : "(target " $3 ")"
		printf "%-28s %-22s %-16s %s\n", $1, $2, t, $4
	}' "$T/rows"
}

echo "bench: corpus $CORPUS, binaries in $BUILD"

# want N: section N is to run (BENCH_SECTIONS, default all).
want() {
	case " ${BENCH_SECTIONS:-1 2 3 4 5} " in
	*" $1 "*) return 0 ;;
	esac
	return 1
}

# 1. The baseline: read and parse every distinct version, nothing else.
if want 1; then
echo "bench: $BUILD/bench/parse_only $BR_REPO $BR_PATH"
: > "$T/cmd.log"
"$BUILD/bench/parse_only" "$BR_REPO" "$BR_PATH" > "$T/parse_only.out" 2> "$T/cmd.log"
rc=$?
if [ "$rc" -eq 0 ]; then
	sed 's/^/    /' "$T/parse_only.out"
	get() { awk -v k="$1" '$1 == k { print $2 }' "$T/parse_only.out"; }
	info "parse_only versions" "$(get versions) ($(get bytes) bytes)"
	info "parse_only read" "$(get read_seconds) s"
	info "parse_only parse" "$(get parse_seconds) s"
	BASE=$(awk '$1 == "read_seconds" || $1 == "parse_seconds" { t += $2 } END { printf "%.6f", t }' \
		"$T/parse_only.out")
	info "parse_only read+parse" "$BASE s"
else
	fail "parse_only" "exit status $rc" "$BUILD/bench/parse_only $BR_REPO $BR_PATH"
fi
fi

# 2. cabtrack on the same history.
if want 2; then
DB=$T/br.db
echo "bench: $CT --db DB import $BR_REPO --path $BR_PATH"
imported=0
if measure "import $BR_PATH" "" "$CT" --db "$DB" import "$BR_REPO" --path "$BR_PATH"; then
	check "import/parse ratio" "ratio <= 0.5"
	check "peak memory" "mb < 150"
	if [ -s "$DB" ]; then
		imported=1
	else
		: > "$T/cmd.log"
		fail "import $BR_PATH" "wrote no database"
	fi
else
	skip "import/parse ratio" "import failed"
	skip "peak memory" "import failed"
fi

if [ "$imported" -eq 1 ]; then
	echo "bench: re-import (nothing new)"
	measure "re-import" "s < 0.2" "$CT" --db "$DB" import "$BR_REPO" --path "$BR_PATH"

	echo "bench: dates --doc BR --format json, median of 11"
	# One untimed run first: it warms the cache and shows there is output.
	"$CT" --db "$DB" dates --doc BR --format json > "$T/dates.json" 2> "$T/cmd.log"
	rc=$?
	if [ "$rc" -ne 0 ]; then
		fail "dates" "exit status $rc" "$CT --db $DB dates --doc BR --format json"
	elif [ ! -s "$T/dates.json" ]; then
		: > "$T/cmd.log"
		fail "dates" "printed nothing"
	else
		measure -n 11 "dates" "ms < 20" "$CT" --db "$DB" dates --doc BR --format json
	fi

	# Issue 12: every dated obligation ever written, recorded at import,
	# under 50 ms (it took about 5 s when each version was read).
	echo "bench: dates --all-versions, median of 11"
	measure -n 11 "dates --all-versions" "ms < 50" "$CT" --db "$DB" dates --doc BR --all-versions
	measure -n 11 "dates --all-versions json" "ms < 50" "$CT" --db "$DB" dates --doc BR --all-versions --format json
	measure -n 11 "in-force 2024-01-10" "" "$CT" --db "$DB" in-force 2024-01-10 --doc BR

	# Issue 3: a diff between any two versions under 100 ms.  Pairs: the
	# oldest and newest versions (the most changed), each ballot on main
	# against its parent, and 20 random pairs of versions (fixed seed);
	# every pair runs 3 times and its median counts; the worst median is
	# the figure.  --any because random versions need not be ancestors.
	echo "bench: diff between BR versions (worst pair)"
	"$PY" -c '
import random, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
vs = [r[0] for r in db.execute("SELECT min(oid) FROM commits WHERE version_id IS NOT NULL GROUP BY version_id ORDER BY min(time)")]
pairs = [(vs[0], vs[-1])]
pairs += [(p, c) for c, p in db.execute("SELECT oid, parent FROM commits WHERE ballot IS NOT NULL AND parent IS NOT NULL AND version_id IS NOT NULL ORDER BY time DESC LIMIT 10")]
rnd = random.Random(3)
pairs += [tuple(rnd.sample(vs, 2)) for _ in range(20)]
for a, b in pairs:
    print(a, b)
' "$DB" > "$T/pairs" 2> "$T/cmd.log" || fail "diff pairs" "could not pick versions"
	worst=0 worst_pair= npairs=0
	while read -r a b; do
		: > "$T/runs"
		for _k in 1 2 3; do
			run_once "$T/cmd.log" "$CT" --db "$DB" diff --any "$a" "$b" >> "$T/runs" ||
				{ fail "diff" "exit status $?" "$CT --db $DB diff --any $a $b"; break 2; }
		done
		med=$(awk '{ print $1 }' "$T/runs" | sort -n | sed -n 2p)
		npairs=$((npairs + 1))
		if awk -v m="$med" -v w="$worst" 'BEGIN { exit !(m > w) }'; then
			worst=$med worst_pair="$a $b"
		fi
	done < "$T/pairs"
	if [ "$npairs" -gt 0 ]; then
		m_s=$worst
		m_kb=$(awk '$2 > m { m = $2 } END { print m + 0 }' "$T/runs")
		check "diff (worst of $npairs pairs)" "ms < 100"
		info "diff worst pair" "$(echo "$worst_pair" | cut -c1-12)..$(echo "$worst_pair" | cut -d' ' -f2 | cut -c1-12)"
	fi

	# Issue 3: blame of a BR section over the whole history under 1 s: the
	# sections with the most requirements at main, and the validation
	# methods' parent.
	for sec in 3.2.2.9 7.1.2.9 4.9.1.1 3.2.2.4; do
		measure -n 3 "blame $sec" "s < 1" "$CT" --db "$DB" blame "$sec"
	done
else
	skip "re-import" "no database"
	skip "dates" "no database"
	skip "diff" "no database"
	skip "blame" "no database"
fi
fi

# 3. The S/MIME history, just to report; then the status page of the
#    2023-11-15 call on the full corpus database (issue 5: under 200 ms),
#    and every output for one call (issue 15: `render all`, the status page,
#    agenda, minutes and calendar from one view model, under 200 ms; the
#    four commands one by one are reported beside it).
if want 3 && [ -d "$SMIME_REPO" ]; then
	echo "bench: $CT --db DB2 import $SMIME_REPO --path $SMIME_PATH"
	if measure "import $SMIME_PATH (smime)" "" "$CT" --db "$T/smime.db" import "$SMIME_REPO" --path "$SMIME_PATH"; then
		S="$CT --db $T/smime.db"
		: > "$T/cmd.log"
		if $S import github "$CORPUS/github/cabforum-smime-issues.json" -q 2>> "$T/cmd.log" &&
		   $S import minutes "$CORPUS"/minutes/*.md -q 2>> "$T/cmd.log" &&
		   $S ballot set SMC04 --state ipr-review --ipr-ends "2023-12-08 17:00 UTC" >/dev/null 2>> "$T/cmd.log" &&
		   $S ballot add CAA-draft --base Ballot_SMC03 --head srdavidson/CAA >/dev/null 2>> "$T/cmd.log" &&
		   $S ballot plan CAA-draft --phase "SHOULD +6 months" --phase "SHALL +12 months" >/dev/null 2>> "$T/cmd.log"; then
			echo "bench: render status --meeting 2023-11-15 (median of 11)"
			measure -n 11 "render status" "ms < 200" "$CT" --db "$T/smime.db" render status \
				--meeting 2023-11-15 --out "$T/site"
			measure -n 11 "render minutes" "ms < 200" "$CT" --db "$T/smime.db" render minutes \
				--meeting 2023-11-15
			echo "bench: render all --meeting 2023-12-06, and the four commands one by one (median of 11)"
			measure -n 11 "render all (every output)" "ms < 200" "$CT" --db "$T/smime.db" render all \
				--meeting 2023-12-06 --out "$T/site-all"
			measure -n 11 "status+agenda+minutes+ics" "" sh -c \
				"'$CT' --db '$T/smime.db' render status --meeting 2023-12-06 --out '$T/site-four' &&
				 '$CT' --db '$T/smime.db' render agenda --meeting 2023-12-06 &&
				 '$CT' --db '$T/smime.db' render minutes --meeting 2023-12-06 &&
				 '$CT' --db '$T/smime.db' render ics"
		else
			fail "render status" "could not prepare the corpus database"
		fi
	fi
fi

# 4. Issue 8: `update` from a project file; the second one, with nothing
#    new, under a second.
if want 4 && [ -d "$SMIME_REPO" ]; then
	P=$T/project
	mkdir -p "$P"
	CTA=$(cd "$(dirname "$CT")" && pwd)/$(basename "$CT")
	SM=$(cd "$SMIME_REPO" && pwd)
	: > "$T/cmd.log"
	if (cd "$P" && "$CTA" init --preset smime >/dev/null && "$CTA" config document.SBR.url "$SM" &&
	    "$CTA" config --unset cabtrack.github && "$CTA" update -q >/dev/null) 2>> "$T/cmd.log"; then
		echo "bench: update with nothing new (median of 5)"
		measure -n 5 "update (nothing new)" "s < 1" sh -c "cd '$P' && '$CTA' update -q"
	else
		fail "update" "could not prepare the project"
	fi
fi

# 5. Issue 14: hostile inputs that grew faster than their size, each under
#    2 s, and a 16 MB guideline (the largest document taken) under 200 MB.
#    The inputs come from gen-hostile.py (deterministic).
GEN=$(dirname "$0")/gen-hostile.py
H=$T/hostile
mkdir -p "$H"
# hostile KIND DOC: generate KIND and import it as document DOC into $H/KIND.db
hostile() {
	: > "$T/cmd.log"
	if ! "$PY" "$GEN" "$1" "$H/$1.md" 2>> "$T/cmd.log"; then
		fail "generate $1" "gen-hostile.py failed"
		return 1
	fi
	echo "bench: hostile $1 ($(wc -c < "$H/$1.md") bytes)"
	"$CT" --db "$H/$1.db" import "$H/$1.md" --doc "$2" -q 2>> "$T/cmd.log" ||
		{ fail "import $1" "exit status $?"; return 1; }
}
if ! want 5; then
	:
elif [ -z "$PY" ]; then
	skip "hostile inputs" "needs python3"
else
	if hostile headings H; then
		measure "100k headings: sections" "s < 2" "$CT" --db "$H/headings.db" sections
		measure "100k headings: show" "s < 2" "$CT" --db "$H/headings.db" show 1.3.1
		# check exits 1: the document has numbering errors by design
		measure "100k headings: check" "s < 2" sh -c "'$CT' --db '$H/headings.db' check worktree; [ \$? -le 1 ]"
	fi
	if hostile dates D; then
		measure "3,000 table rows: dates" "s < 2" "$CT" --db "$H/dates.db" dates
		measure "3,000 table rows: ics" "s < 2" "$CT" --db "$H/dates.db" render ics --out "$H/dates.ics"
	fi
	if hostile anchors BR; then
		measure "4,000 broken anchors: check" "s < 2" sh -c "'$CT' --db '$H/anchors.db' check worktree; [ \$? -le 1 ]"
		if "$PY" "$GEN" issues "$H/issues.json" 2>> "$T/cmd.log"; then
			echo "bench: hostile issues ($(wc -c < "$H/issues.json") bytes)"
			measure "1,000 issues of 50 KB" "s < 2" "$CT" --db "$H/anchors.db" import github "$H/issues.json" \
				--repo hostile/br --doc BR -q
		else
			fail "generate issues" "gen-hostile.py failed"
		fi
	fi
	: > "$T/cmd.log"
	if "$PY" "$GEN" large "$H/large.md" 2>> "$T/cmd.log"; then
		echo "bench: import a 16 MB guideline ($(wc -c < "$H/large.md") bytes)"
		measure "16 MB guideline: import" "mb < 200" "$CT" --db "$H/large.db" import "$H/large.md" --doc L -q
		info "16 MB guideline: time" "$m_s s"
		rm -f "$H/large.db" "$H/large.md"
	else
		fail "generate large" "gen-hostile.py failed"
	fi
fi

report
if [ "$failed" -ne 0 ]; then
	echo "bench: a command failed (see above)"
	exit 1
fi
exit 0
