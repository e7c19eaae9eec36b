#!/bin/sh
# test.sh — every suite, against the plain build and again against the ASan+UBSan
# build: cmocka unit tests, API tests over HTTP against a real server, browser tests
# in Debian's Chromium; then the API suite against PostgreSQL (tools/pg.sh). Ends
# with one line "N passed, M failed".
set -u
cd "$(dirname "$0")/.."
mkdir -p tests/out
passed=0
failed=0
log=tests/out/test.log
: > "$log"

count() { # $1 = file with a suite's output, $2 = runner kind
	case "$2" in
	cmocka)
		p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$1" | tail -n 1)
		f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$1" | tail -n 1) ;;
	node)
		p=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$1" | tail -n 1)
		f=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$1" | tail -n 1) ;;
	fuzz) # the summary's line per harness: "name  N executions, coverage C, exit RC"
		p=$(sed -n '/^== fuzz summary/,$p' "$1" | grep -c 'executions, coverage .*, exit 0$')
		f=$(sed -n '/^== fuzz summary/,$p' "$1" | grep -c 'executions, coverage .*, exit [1-9][0-9]*$') ;;
	esac
	echo "${p:-0} ${f:-0}"
}

run_suite() { # $1 = name, $2 = kind, rest = command
	name=$1 kind=$2
	shift 2
	out=tests/out/$(echo "$name" | tr ' /' '__').out
	"$@" > "$out" 2>&1
	rc=$?
	set -- $(count "$out" "$kind")
	p=$1 f=$2
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1 # the runner itself failed (crash, sanitizer report, no tests found)
	fi
	if [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then
		f=1 # a suite that ran nothing is a failure
	fi
	passed=$((passed + p))
	failed=$((failed + f))
	printf '%-34s %4d passed, %d failed\n' "$name" "$p" "$f"
	cat "$out" >> "$log"
	if [ "$f" -ne 0 ]; then
		echo "---- $name output (last 60 lines) ----"
		tail -n 60 "$out"
		echo "----"
	fi
}

echo "== build (plain and ASan+UBSan)"
make --no-print-directory -j2 build > tests/out/build.out 2>&1 || { cat tests/out/build.out; echo "0 passed, 1 failed"; exit 1; }
make --no-print-directory -j2 SAN=1 build > tests/out/build-asan.out 2>&1 || { cat tests/out/build-asan.out; echo "0 passed, 1 failed"; exit 1; }

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:halt_on_error=1:fast_unwind_on_malloc=0
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export LSAN_OPTIONS=suppressions=$(pwd)/tests/lsan.supp:print_suppressions=0

for b in build build-asan; do
	for t in "$b"/tests/test_*; do
		[ -x "$t" ] || continue
		run_suite "unit $b $(basename "$t")" cmocka "$t"
	done
	TIENDO_BIN=$b/tiendo run_suite "api $b" node node --test --test-reporter=tap --test-concurrency=2 tests/api/
	# crash, full disk, access matrix, hostile input, bursts, races, backup
	# (docs/SECURITY.md); one at a time: they kill servers and fill disks
	TIENDO_BIN=$b/tiendo run_suite "reliability $b" node node --test --test-reporter=tap --test-concurrency=1 tests/reliability/
done
TIENDO_BIN=build/tiendo run_suite "browser build" node node --test --test-reporter=tap --test-concurrency=1 tests/browser/
# every libFuzzer harness for FUZZ_SECONDS each (10 here, 60 in CI, longer by hand)
FUZZ_SECONDS=${FUZZ_SECONDS:-10} run_suite "fuzz" fuzz sh tools/fuzz.sh

# two instances behind nginx on one SQLite file (the database's own locking)
run_suite "cluster build" node node --test --test-reporter=tap --test-concurrency=1 tests/cluster/

# the API suite again with PostgreSQL 15 (a throwaway cluster on loopback, one
# fresh database per server), plain build only; then the two instances behind
# nginx on one PostgreSQL database (the cube follows the other's commits)
pgdir=$(mktemp -d)
if pgurl=$(sh tools/pg.sh start "$pgdir" ${TIENDO_PG_PORT:-} 2> tests/out/pg.out); then
	TIENDO_TEST_PG=$pgurl TIENDO_BIN=build/tiendo run_suite "api build pg" node node --test --test-reporter=tap --test-concurrency=2 tests/api/
	TIENDO_TEST_PG=$pgurl TIENDO_BIN=build/tiendo run_suite "cluster build pg" node node --test --test-reporter=tap --test-concurrency=1 tests/cluster/
else
	cat tests/out/pg.out
	failed=$((failed + 1))
	echo "api build pg: the PostgreSQL cluster did not start"
fi
sh tools/pg.sh stop "$pgdir"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
