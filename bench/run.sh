#!/bin/sh
# run.sh — every benchmark of bench/README.md, one after the other.
set -eu
cd "$(dirname "$0")/.."
echo "== $(date -u +%Y-%m-%dT%H:%M:%SZ) $(nproc) cores, $(uname -m)"
sh bench/analytics_http.sh "${BENCH_SECONDS:-10}" 64
