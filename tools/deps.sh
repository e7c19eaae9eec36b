#!/bin/sh
# deps.sh — installs what Tiến Độ needs on Debian 12 and is missing: the C
# libraries and tools (apt), and the test packages from the npm lockfile.
set -eu
PKGS="build-essential pkg-config
libmicrohttpd-dev libsqlite3-dev sqlite3 libjansson-dev libsodium-dev libicu-dev
libcmocka-dev libcsv-dev libcurl4-openssl-dev
libzip-dev libxlsxwriter-dev libexpat1-dev
libpq-dev postgresql
libreoffice-writer-nogui poppler-utils unzip
chromium fonts-liberation2 ca-certificates
nginx-light clang libclang-rt-14-dev clang-tidy cppcheck valgrind"

# `deps.sh bench` adds what the benchmarks compare against
if [ "${1:-}" = bench ]; then
	PKGS="$PKGS wrk curl"
fi

missing=""
for p in $PKGS; do
	dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
done
if [ -n "$missing" ]; then
	echo "deps: installing$missing"
	if [ "$(id -u)" -ne 0 ]; then
		echo "deps: need root to install Debian packages:$missing" >&2
		exit 1
	fi
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -q
	# shellcheck disable=SC2086
	apt-get install -y -q --no-install-recommends $missing
fi

[ "${1:-}" = bench ] && exit 0

# npm test packages (playwright-core drives Debian's chromium; no browser download)
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
	echo "deps: npm ci"
	PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
fi
