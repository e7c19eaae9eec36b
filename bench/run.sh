#!/bin/sh
# run.sh — every benchmark of bench/README.md on one generated data set, each
# figure beside its reference measured in the same run, then one summary table.
# usage: SCALE=province|national-2025|national-2023 sh bench/run.sh
# The data set is generated once into bench/data/SCALE (kept for later runs; the
# generation time is printed when it happens). BENCH_SKIP="http rollup" leaves those
# two out (to repeat the others on a long national run).
set -eu
cd "$(dirname "$0")/.."
SCALE=${SCALE:-province}
BIN=${TIENDO_BIN:-build/tiendo}
GEN=${GEN:-build/bench/gen}
export GEN
DUR=${BENCH_SECONDS:-10}
PW='bench-Quản-trị-2026'
case "$SCALE" in
province) UNITS=seed/units/vietnam-2023.csv UNIT=24 ;;
national-2025) UNITS=seed/units/vietnam-2025.csv UNIT=01 ;;
national-2023) UNITS=seed/units/vietnam-2023.csv UNIT=01 ;;
*) echo "SCALE is province, national-2025 or national-2023" >&2; exit 2 ;;
esac
PLAN=BG-RACTHAI YEAR=2024
DATA=bench/data/$SCALE
WORK=$(mktemp -d)
chmod 755 "$WORK" # PostgreSQL's server (user postgres) reads the CSV files here
PORT=$((24000 + $$ % 5000))
cleanup() {
	[ -n "${SPID:-}" ] && kill "$SPID" 2> /dev/null || true
	rm -rf "$WORK"
}
trap cleanup EXIT INT TERM
now() { date +%s.%N; }
skip() { case " ${BENCH_SKIP:-} " in *" $1 "*) return 0 ;; esac; return 1; }
calc() { # a JavaScript expression; "-" when a figure is missing
	node -e 'let v; try { v = String(eval(process.argv[1])); } catch { v = "-"; }
		console.log(/NaN|Infinity/.test(v) ? "-" : v)' "$1"
}
echo "== $(date -u +%Y-%m-%dT%H:%M:%SZ) SCALE=$SCALE, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

# ---- the data
if [ ! -f "$DATA/tiendo.db" ]; then
	rm -rf "$DATA"
	mkdir -p bench/data
	T0=$(now)
	"$GEN" units "$SCALE" "$UNITS" > "$WORK/units.csv"
	TIENDO_ADMIN_PASSWORD=$PW "$BIN" init --data "$DATA" --units "$WORK/units.csv" > /dev/null
	"$GEN" fill "$SCALE" "$DATA/tiendo.db"
	echo "generated $DATA in $(calc "($(now) - $T0).toFixed(0)") s"
fi
NVAL=$(sqlite3 "$DATA/tiendo.db" "SELECT COUNT(*) FROM report_values")
echo "data: $NVAL values, $(du -m "$DATA/tiendo.db" | cut -f1) MB"

# ---- start-up and memory: until /healthz answers, then VmRSS
serve() { # data dir -> SPID, START_S, RSS_MB
	"$BIN" serve --data "$1" --listen 127.0.0.1:$PORT --access-log off 2>> "$WORK/serve.log" &
	SPID=$!
	T0=$(now)
	until curl -fs "http://127.0.0.1:$PORT/healthz" > /dev/null 2>&1; do
		kill -0 "$SPID" 2> /dev/null || { cat "$WORK/serve.log" >&2; exit 1; }
		sleep 0.02
	done
	START_S=$(calc "($(now) - $T0).toFixed(2)")
	# CPU seconds the server spent to get there: what the start-up costs on a
	# machine shared with others (wall time waits for their processes too)
	START_CPU=$(awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' /proc/$SPID/stat)
	RSS_MB=$(awk '/VmRSS/ { printf "%.1f", $2 / 1024 }' /proc/$SPID/status)
}
stop() { kill "$SPID"; wait "$SPID" 2> /dev/null || true; SPID=; }
TIENDO_ADMIN_PASSWORD=$PW TIENDO_DEMO_PASSWORD=$PW "$BIN" init --data "$WORK/demo" --demo > /dev/null
serve "$WORK/demo"
DEMO_START=$START_S DEMO_RSS=$RSS_MB DEMO_CPU=$START_CPU
stop
serve "$DATA"
DATA_START=$START_S DATA_RSS=$RSS_MB DATA_CPU=$START_CPU
RAW_MB=$(calc "($NVAL * 16 / 1048576).toFixed(1)")
echo "start-up: demo province ${DEMO_START} s (CPU ${DEMO_CPU} s), RSS ${DEMO_RSS} MB; $SCALE ${DATA_START} s (CPU ${DATA_CPU} s), RSS ${DATA_RSS} MB (raw 16 B/value: ${RAW_MB} MB)"

# ---- 1. the analytics request over HTTP against nginx (on the server just started)
H_RPS=- H_P50=- H_P99=- N_RPS=1 N_P50=- N_P99=-
if ! skip http; then
	BENCH_DATA=$DATA BENCH_PORT=$PORT BENCH_PLAN=$PLAN BENCH_UNIT=$UNIT BENCH_YEAR=$YEAR \
		sh bench/analytics_http.sh "$DUR" 64 | tee "$WORK/http.out"
	set -- $(awk '/tiendo \(session/ { print $4, $7, $10 } /nginx return/ { print $6, $9, $12 }' "$WORK/http.out")
	H_RPS=$1 H_P50=$2 H_P99=$3 N_RPS=$4 N_P50=$5 N_P99=$6
fi
stop

# ---- 2. the roll-up question: cube, SQLite, PostgreSQL, DuckDB
CUBE_US=1 SQLITE_US=- CELLS=- DUCK_US=- PG_US=-
if ! skip rollup; then
	"$GEN" rollup "$DATA/tiendo.db" "$PLAN" "$UNIT" "$YEAR" 1000 | tee "$WORK/rollup.out"
	set -- $(awk '/^build_s/ { print $6, $8, $10, $12 } /^question/ { print $3, $5, $7, $9 }' "$WORK/rollup.out")
	CUBE_US=$1 SQLITE_US=$2 CELLS=$3 MISMATCH=$4 Q_PROV=$5 Q_PLAN=$6 Q_FROM=$7 Q_TO=$8
	mkdir -p "$WORK/csv"
	sqlite3 -header -csv "$DATA/tiendo.db" "SELECT id, parent_id FROM org_units" > "$WORK/csv/org_units.csv"
	sqlite3 -header -csv "$DATA/tiendo.db" "SELECT id, plan_id, frequency, time_agg FROM indicators" > "$WORK/csv/indicators.csv"
	sqlite3 -header -csv "$DATA/tiendo.db" "SELECT id, plan_id, unit_id, period, status FROM reports" > "$WORK/csv/reports.csv"
	sqlite3 -header -csv "$DATA/tiendo.db" "SELECT report_id, indicator_id, value FROM report_values WHERE value IS NOT NULL" > "$WORK/csv/report_values.csv"
	sh bench/rollup_pg.sh "$WORK/csv" "$Q_PROV" "$Q_PLAN" "$Q_FROM" "$Q_TO" | tee "$WORK/pg.out"
	node bench/rollup_duckdb.mjs "$WORK/csv" "$Q_PROV" "$Q_PLAN" "$Q_FROM" "$Q_TO" | tee "$WORK/duck.out"
	rm -rf "$WORK/csv"
	PG_US=$(awk '{ print $4 }' "$WORK/pg.out") DUCK_US=$(awk '{ print $4 }' "$WORK/duck.out")
	PG_CELLS=$(awk '{ print $6 }' "$WORK/pg.out") DUCK_CELLS=$(awk '{ print $6 }' "$WORK/duck.out")
	[ "$PG_CELLS" = "$CELLS" ] && [ "$DUCK_CELLS" = "$CELLS" ] && [ "$MISMATCH" = 0 ] ||
		{ echo "the engines disagree: cells $CELLS / $PG_CELLS / $DUCK_CELLS, cube mismatches $MISMATCH" >&2; exit 1; }
fi

# ---- 3. bulk import (a copy of the data: the values of 2025 into new drafts)
cp -r "$DATA" "$WORK/imp"
"$GEN" import-csv "$WORK/imp/tiendo.db" 180000 "$WORK/values.csv" > /dev/null
NROWS=$(($(wc -l < "$WORK/values.csv") - 1))
T0=$(now)
"$BIN" import values "$WORK/values.csv" --as admin --data "$WORK/imp" > "$WORK/import.out" 2>&1 ||
	{ tail -5 "$WORK/import.out" >&2; exit 1; }
tail -1 "$WORK/import.out"
IMP_S=$(calc "$(now) - $T0")
IMP_RATE=$(calc "($NROWS / $IMP_S).toFixed(0)")
set -- $("$GEN" rawinsert "$WORK/raw.db" "$NROWS")
RAW_RATE=$2
rm -f "$WORK/raw.db"*

# ---- 4. report submissions (40 commune officers, their drafts of 2025) and 5. the
# conference report, on the imported copy
"$GEN" officers "$WORK/imp/tiendo.db" 40 > "$WORK/users.txt"
serve "$WORK/imp"
node bench/submit.mjs "http://127.0.0.1:$PORT" "$PW" BG-KDC "$WORK/users.txt" > "$WORK/submit.out"
cat "$WORK/submit.out"
SUB_RATE=$(awk '{ print $6 }' "$WORK/submit.out")
curl -fs -c "$WORK/ck" -H 'content-type: application/json' \
	-d "{\"username\":\"admin\",\"password\":\"$PW\"}" "http://127.0.0.1:$PORT/api/v1/session" > /dev/null
DOCX_S=$(curl -fs -b "$WORK/ck" -o "$WORK/report.docx" -w '%{time_total}' \
	"http://127.0.0.1:$PORT/api/v1/exports/conference-report.docx?year=$YEAR&unit=$UNIT")
DOCX_KB=$(($(wc -c < "$WORK/report.docx") / 1024))
stop

# ---- the summary
echo
echo "== summary ($SCALE, $NVAL values; goal in brackets)"
row() { printf '  %-44s %14s %14s %10s  %s\n' "$@"; }
row "" measured reference ratio goal
row "analytics HTTP req/s (vs nginx same bytes)" "$H_RPS" "$N_RPS" "$(calc "($H_RPS / $N_RPS).toFixed(2)")" "[>= 0.5]"
row "  p50 / p99 ms" "$H_P50 / $H_P99" "$N_P50 / $N_P99" "" "[p99 <= 10]"
row "roll-up, $CELLS cells: cube us (vs DuckDB)" "$CUBE_US" "$DUCK_US" "$(calc "($DUCK_US / $CUBE_US).toFixed(0)")x" "[>= 20x]"
row "  cube us vs PostgreSQL 15" "$CUBE_US" "$PG_US" "$(calc "($PG_US / $CUBE_US).toFixed(0)")x" "[>= 500x]"
row "  cube us vs SQLite SQL" "$CUBE_US" "$SQLITE_US" "$(calc "($SQLITE_US / $CUBE_US).toFixed(0)")x" ""
row "import values/s (vs raw prepared insert)" "$IMP_RATE" "$RAW_RATE" "$(calc "($IMP_RATE / $RAW_RATE).toFixed(2)")" "[>= 0.5]"
row "report submissions/s (40 values, FULL)" "$SUB_RATE" "1000" "$(calc "($SUB_RATE / 1000).toFixed(2)")" "[>= 1000/s]"
row "start-up s (CPU s), demo province" "$DEMO_START ($DEMO_CPU)" "0.3" "" "[<= 0.3 s]"
row "RSS MB after start, demo province" "$DEMO_RSS" "32" "" "[<= 32 MB]"
row "start-up s (CPU s), $SCALE" "$DATA_START ($DATA_CPU)" "" "" "[province <= 0.3 s, national <= 30 s]"
row "RSS MB after start, $SCALE (vs raw 16 B/value)" "$DATA_RSS" "$RAW_MB" "$(calc "($DATA_RSS / $RAW_MB).toFixed(2)")" "[national <= 2]"
row "conference report .docx s ($DOCX_KB KB)" "$DOCX_S" "1" "" "[<= 1 s]"
