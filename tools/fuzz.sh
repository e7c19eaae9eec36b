#!/bin/sh
# fuzz.sh — builds the libFuzzer harnesses of tests/fuzz/ with clang
# (-fsanitize=fuzzer,address,undefined) straight from the sources, and runs each
# for FUZZ_SECONDS (default 60) over its seed corpus tests/fuzz/corpus/<name>/.
# New interesting inputs go to a scratch corpus under the build directory and are
# not committed; crashes are written there too and fail the run.
#   FUZZ_SECONDS=600 sh tools/fuzz.sh            every harness, ten minutes each
#   sh tools/fuzz.sh period router               some of them
set -eu
cd "$(dirname "$0")/.."
SECONDS_EACH=${FUZZ_SECONDS:-60}
OUT=${FUZZ_BUILD:-build/fuzz}
CC=${FUZZ_CC:-clang}
command -v "$CC" >/dev/null 2>&1 || { echo "fuzz: $CC not found (Debian: apt-get install clang)" >&2; exit 1; }
# the libraries' compile and link flags, as the Makefile has them
flags=$(printf 'fuzz-flags:\n\t@echo "$(PKG_CFLAGS)"\n\t@echo "$(LDLIBS)"\n' |
	make -s --no-print-directory -f Makefile -f - fuzz-flags)
SAN="-fsanitize=address,undefined -fno-sanitize-recover=all"
CFLAGS="-std=c11 -D_GNU_SOURCE -O1 -g -fno-omit-frame-pointer -Wall -Wextra -Wshadow -Wmissing-prototypes -Werror -Wno-missing-field-initializers -Isrc -I$OUT/gen $(echo "$flags" | sed -n 1p)"
LIBS=$(echo "$flags" | sed -n 2p)
mkdir -p "$OUT/obj" "$OUT/gen"

# The whole library once, instrumented for coverage (fuzzer-no-link): the router
# harness uses the application's own route table, which needs every handler.
"$CC" -std=c11 -O2 -o "$OUT/embed" tools/embed.c
"$OUT/embed" "$OUT/gen/assets_web.c" td_web_assets web/ $(find web -type f | LC_ALL=C sort) \
	vendor/chart.umd.min.js=node_modules/chart.js/dist/chart.umd.min.js
"$OUT/embed" "$OUT/gen/assets_sql.c" td_sql_migrations sql/ sql/*.sql
objs=""
for src in $(ls src/*/*.c | LC_ALL=C sort) "$OUT/gen/assets_web.c" "$OUT/gen/assets_sql.c"; do
	obj="$OUT/obj/$(echo "$src" | tr '/' '_' | sed 's/\.c$/.o/')"
	if [ ! -f "$obj" ] || [ "$src" -nt "$obj" ] || [ -n "$(find src -name '*.h' -newer "$obj" | head -n 1)" ]; then
		case "$src" in "$OUT"/gen/*) extra="-Wno-missing-prototypes" ;; *) extra="" ;; esac
		# shellcheck disable=SC2086
		"$CC" $CFLAGS $extra $SAN -fsanitize=fuzzer-no-link -c -o "$obj" "$src"
	fi
	objs="$objs $obj"
done
rm -f "$OUT/libtiendo.a"
# shellcheck disable=SC2086
ar rcs "$OUT/libtiendo.a" $objs

names=${*:-$(ls tests/fuzz/fuzz_*.c | sed 's|tests/fuzz/fuzz_||; s|\.c$||')}
status=0
summary=""
for name in $names; do
	h=tests/fuzz/fuzz_$name.c
	[ -f "$h" ] || { echo "fuzz: no harness $h" >&2; exit 2; }
	# shellcheck disable=SC2086
	"$CC" $CFLAGS $SAN -fsanitize=fuzzer -o "$OUT/fuzz_$name" "$h" "$OUT/libtiendo.a" $LIBS
	work="$OUT/corpus/$name"
	mkdir -p "$work" "$OUT/crashes/$name" tests/fuzz/corpus/$name
	log="$OUT/fuzz_$name.log"
	echo "== fuzz $name: $SECONDS_EACH s"
	set +e
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
		"$OUT/fuzz_$name" "$work" "tests/fuzz/corpus/$name" -max_total_time="$SECONDS_EACH" \
		-timeout=10 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
		-artifact_prefix="$OUT/crashes/$name/" > "$log" 2>&1
	rc=$?
	set -e
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1 | sed 's/cov: //')
	line=$(printf '%-12s %10s executions, coverage %s, exit %s' "$name" "${execs:-?}" "${cov:-?}" "$rc")
	echo "$line"
	summary="$summary$line
"
	if [ "$rc" -ne 0 ]; then
		status=1
		echo "---- fuzz $name failed: last lines of $log ----"
		tail -n 40 "$log"
		ls "$OUT/crashes/$name"
	fi
done
echo "== fuzz summary"
printf '%s' "$summary"
exit $status
