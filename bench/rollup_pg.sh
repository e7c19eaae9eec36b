#!/bin/sh
# rollup_pg.sh — the roll-up question of `gen sql` answered by PostgreSQL 15 over
# the same rows as SQLite (CSV exported by bench/run.sh), in a throwaway cluster
# started here as the unprivileged user postgres and removed at the end.
# usage: bench/rollup_pg.sh CSV_DIR PROVINCE_ID PLAN_ID FROM TO
# prints: load_s <seconds> query_us <best of five> cells <rows>
set -eu
cd "$(dirname "$0")/.."
CSV=$(cd "$1" && pwd)
PROV=$2 PLAN=$3 FROM=$4 TO=$5
PGBIN=/usr/lib/postgresql/15/bin
GEN=${GEN:-build/bench/gen}
W=$(mktemp -d)
chmod 755 "$W"
PORT=$((30000 + $$ % 10000))
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$W"
cleanup() { as_pg "$PGBIN/pg_ctl" -D "$W/db" -m immediate stop > /dev/null 2>&1 || true; rm -rf "$W"; }
trap cleanup EXIT INT TERM
as_pg "$PGBIN/initdb" -D "$W/db" -U postgres -A trust > /dev/null
as_pg "$PGBIN/pg_ctl" -D "$W/db" -l "$W/log" -w -o "-p $PORT -k $W -c listen_addresses='' -c shared_buffers=512MB -c work_mem=64MB -c max_parallel_workers_per_gather=2" start > /dev/null
chmod 644 "$CSV"/*.csv
psql_() { as_pg psql -X -q -h "$W" -p "$PORT" -U postgres -v ON_ERROR_STOP=1 "$@"; }
T0=$(date +%s.%N)
psql_ <<SQL
CREATE TABLE org_units (id bigint PRIMARY KEY, parent_id bigint);
CREATE TABLE indicators (id bigint PRIMARY KEY, plan_id bigint, frequency text, time_agg text);
CREATE TABLE reports (id bigint PRIMARY KEY, plan_id bigint, unit_id bigint, period text, status text);
CREATE TABLE report_values (report_id bigint, indicator_id bigint, value double precision);
\copy org_units FROM '$CSV/org_units.csv' CSV HEADER
\copy indicators FROM '$CSV/indicators.csv' CSV HEADER
\copy reports FROM '$CSV/reports.csv' CSV HEADER
\copy report_values FROM '$CSV/report_values.csv' CSV HEADER
ALTER TABLE report_values ADD PRIMARY KEY (report_id, indicator_id);
CREATE INDEX report_values_ind ON report_values(indicator_id);
CREATE INDEX reports_plan_period ON reports(plan_id, period, status);
CREATE INDEX org_units_parent ON org_units(parent_id);
VACUUM ANALYZE;
SQL
T1=$(date +%s.%N)
N=0
SQLQ=$("$GEN" sql | awk '{ out = ""; while ((i = index($0, "?")) > 0) { n++; out = out substr($0, 1, i - 1) "$" n; $0 = substr($0, i + 1) } print out $0 }')
{
	echo "PREPARE q(bigint, bigint, text, text, bigint) AS $SQLQ;"
	printf '%s\n' '\timing on'
	for _ in 1 2 3 4 5; do echo "EXECUTE q($PROV, $PLAN, '$FROM', '$TO', $PLAN);"; done
} | psql_ -t -A > "$W/out" 2>&1 || { cat "$W/out" >&2; exit 1; }
BEST=$(awk '/^Time: / { if (b == "" || $2 < b) b = $2 } END { print b * 1000 }' "$W/out")
CELLS=$(grep -c '|' "$W/out" || true)
echo "load_s $(node -e "console.log(($T1 - $T0).toFixed(1))") query_us ${BEST%.*} cells $((CELLS / 5))"
