#!/bin/sh
# checks.sh — the static checks of STYLE.md rule 9 over src/: banned functions
# (each use printed as file:line), cppcheck and clang-tidy (.clang-tidy). Prints
# every finding and ends with one line per check; exits 1 when any check found
# something. CHECKS="banned cppcheck" runs only some of them.
set -u
cd "$(dirname "$0")/.."
CHECKS=${CHECKS:-banned cppcheck clang-tidy}
JOBS=${JOBS:-$(nproc 2>/dev/null || echo 2)}
# the libraries' include flags, as the Makefile has them
PKG_CFLAGS=$(printf 'checks-flags:\n\t@echo "$(PKG_CFLAGS)"\n' | make -s --no-print-directory -f Makefile -f - checks-flags)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
status=0
summary=""

note() { # $1 check, $2 findings file
	n=$(grep -c . "$2" 2>/dev/null || true)
	summary="$summary$(printf '%-12s %4s finding(s)' "$1" "${n:-0}")
"
	if [ "${n:-0}" -gt 0 ]; then
		status=1
		echo "== $1"
		cat "$2"
	fi
}

for c in $CHECKS; do
	case $c in
	banned)
		# unbounded or unchecked libc calls; snprintf/vsnprintf, strtol & co. instead.
		# Comment lines (" * ..." and "// ...") are skipped.
		grep -rnE '(^|[^A-Za-z0-9_])(sprintf|vsprintf|strcpy|strcat|atoi|atol|atoll|gets|strtok)[[:space:]]*\(' \
			--include='*.c' --include='*.h' src/ |
			grep -vE '^[^:]+:[0-9]+:[[:space:]]*(\*|//|/\*)' > "$out/banned" || true
		note banned "$out/banned" ;;
	cppcheck)
		command -v cppcheck >/dev/null 2>&1 || { echo "checks: cppcheck not installed (apt-get install cppcheck)" >&2; exit 2; }
		# jansson.h is included so its iteration macros are known; other system
		# headers are not needed to find bugs in our code
		cppcheck --enable=warning,portability --error-exitcode=1 --inline-suppr --std=c11 \
			-D_GNU_SOURCE -Isrc --include=/usr/include/jansson.h --quiet -j "$JOBS" \
			--template='{file}:{line}:{column}: {severity}: {message} [{id}]' src/ 2> "$out/cppcheck.raw"
		grep -E '^[^ ]+:[0-9]+:[0-9]+: ' "$out/cppcheck.raw" > "$out/cppcheck" || true
		note cppcheck "$out/cppcheck" ;;
	clang-tidy)
		command -v clang-tidy >/dev/null 2>&1 || { echo "checks: clang-tidy not installed (apt-get install clang-tidy)" >&2; exit 2; }
		flags="-std=c11 -D_GNU_SOURCE -Isrc $PKG_CFLAGS"
		# shellcheck disable=SC2086
		ls src/*/*.c src/*.c 2>/dev/null | xargs -P "$JOBS" -n 4 sh -c \
			'clang-tidy --quiet "$@" -- '"$flags"' 2>/dev/null' _ > "$out/tidy.raw"
		grep -E '^[^ ]+:[0-9]+:[0-9]+: (warning|error):' "$out/tidy.raw" | sed "s|^$(pwd)/||" | sort -u > "$out/clang-tidy" || true
		note clang-tidy "$out/clang-tidy" ;;
	*)
		echo "checks: unknown check $c" >&2
		exit 2 ;;
	esac
done
echo "== checks"
printf '%s' "$summary"
exit $status
