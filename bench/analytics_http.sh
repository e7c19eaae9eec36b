#!/bin/sh
# analytics_http.sh — requests per second and latency of an authenticated analytics
# request (the province's districts × one plan's indicators × a year), against nginx
# answering the same JSON bytes from memory (`return 200`) in the same run, so the
# figure that matters is the ratio, not the absolute number of this shared machine.
# usage: bench/analytics_http.sh [DURATION_SECONDS] [CONNECTIONS]
# BENCH_DATA: a data directory to serve (bench/run.sh's generated data, admin's
# password 'bench-Quản-trị-2026'); without it, a fresh demo database. BENCH_PLAN,
# BENCH_UNIT, BENCH_YEAR: the question (default DA-RACTHAI, 24, 2024). BENCH_PORT:
# a server already serving BENCH_DATA on that loopback port (none is started).
set -eu
cd "$(dirname "$0")/.."
DUR=${1:-10}
CONN=${2:-64}
BIN=${TIENDO_BIN:-build/tiendo}
WORK=$(mktemp -d)
PORT=$((20000 + $$ % 10000))
NPORT=$((PORT + 7))
cleanup() {
	[ -n "${TPID:-}" ] && kill "$TPID" 2>/dev/null || true
	[ -f "$WORK/nginx.pid" ] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true
	sleep 0.2
	rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

PW='bench-Quản-trị-2026'
DATA=${BENCH_DATA:-$WORK/data}
if [ -n "${BENCH_PORT:-}" ]; then # a server already running on that data
	PORT=$BENCH_PORT
else
	[ -n "${BENCH_DATA:-}" ] ||
		TIENDO_ADMIN_PASSWORD=$PW TIENDO_DEMO_PASSWORD=$PW "$BIN" init --data "$DATA" --demo > /dev/null
	"$BIN" serve --data "$DATA" --listen 127.0.0.1:$PORT --access-log off 2> "$WORK/serve.log" &
	TPID=$!
fi
for _ in $(seq 1200); do curl -fs "http://127.0.0.1:$PORT/healthz" > /dev/null 2>&1 && break; sleep 0.1; done

# sign in; the analytics question is built from the plan's own indicators
curl -fs -c "$WORK/cookies" -H 'content-type: application/json' \
	-d "{\"username\":\"admin\",\"password\":\"$PW\"}" "http://127.0.0.1:$PORT/api/v1/session" > /dev/null
TOKEN=$(awk '$6 == "tiendo_session" { print $7 }' "$WORK/cookies")
PLAN=$(curl -fs -b "$WORK/cookies" "http://127.0.0.1:$PORT/api/v1/plans?q=${BENCH_PLAN:-DA-RACTHAI}" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).items[0].id))')
IDS=$(curl -fs -b "$WORK/cookies" "http://127.0.0.1:$PORT/api/v1/plans/$PLAN/indicators?limit=1000" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).items.map(i=>i.id).join(",")))')
YEAR=${BENCH_YEAR:-2024}
PATHQ="/api/v1/analytics?indicator=$IDS&unit=${BENCH_UNIT:-24}&period=$YEAR&by=children"
curl -fs -b "$WORK/cookies" "http://127.0.0.1:$PORT$PATHQ" > "$WORK/body.json"
BYTES=$(wc -c < "$WORK/body.json")
ROWS=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1])).items.length)' "$WORK/body.json")

# nginx with the same bytes in its configuration: a configuration token holds at
# most 4 KiB, so the body is split over `set` variables joined by `return 200`
node -e '
const fs = require("fs");
const body = fs.readFileSync(process.argv[1], "utf8");
const esc = (t) => t.replace(/\\/g, "\\\\").replace(/\x27/g, "\\\x27").replace(/\$/g, "${dollar}");
const parts = [];
for (let i = 0; i < body.length; i += 1000) parts.push(body.slice(i, i + 1000));
const sets = parts.map((p, i) => `set $b${i} \x27${esc(p)}\x27;`).join("\n      ");
const joined = parts.map((_, i) => `$b${i}`).join("");
const w = process.argv[3];
fs.writeFileSync(process.argv[2], `
worker_processes 2; pid ${w}/nginx.pid; error_log ${w}/nginx.err; daemon on;
events { worker_connections 1024; }
http { access_log off; client_body_temp_path ${w}; proxy_temp_path ${w};
  fastcgi_temp_path ${w}; uwsgi_temp_path ${w}; scgi_temp_path ${w};
  geo $dollar { default "$"; }
  server { listen 127.0.0.1:${process.argv[4]};
    location / { default_type application/json;
      ${sets}
      return 200 "${joined}"; } } }
`);' "$WORK/body.json" "$WORK/nginx.conf" "$WORK" "$NPORT"
nginx -c "$WORK/nginx.conf" -p "$WORK"
sleep 0.3
curl -fs "http://127.0.0.1:$NPORT$PATHQ" > "$WORK/nginx.json"
cmp -s "$WORK/body.json" "$WORK/nginx.json" || { echo "nginx does not answer the same bytes" >&2; exit 1; }

run_wrk() { # url, extra header -> "rps p50_ms p99_ms"
	wrk -t2 -c"$CONN" -d"${DUR}s" --latency ${2:+-H "$2"} "$1" > "$WORK/wrk.out" 2>&1
	node -e '
const t = require("fs").readFileSync(process.argv[1], "utf8");
const ms = (s) => { const m = /([\d.]+)(us|ms|s)/.exec(s); const v = +m[1]; return m[2] === "us" ? v / 1000 : m[2] === "s" ? v * 1000 : v; };
const rps = +/Requests\/sec:\s+([\d.]+)/.exec(t)[1];
const p50 = ms(/\s50%\s+(\S+)/.exec(t)[1]), p99 = ms(/\s99%\s+(\S+)/.exec(t)[1]);
const errs = /Non-2xx or 3xx responses: (\d+)/.exec(t);
if (errs) { console.error(t); process.exit(1); }
console.log(rps.toFixed(0), p50.toFixed(2), p99.toFixed(2));' "$WORK/wrk.out"
}

set -- $(run_wrk "http://127.0.0.1:$PORT$PATHQ" "Cookie: tiendo_session=$TOKEN")
T_RPS=$1 T_P50=$2 T_P99=$3
set -- $(run_wrk "http://127.0.0.1:$NPORT$PATHQ" "")
N_RPS=$1 N_P50=$2 N_P99=$3
RATIO=$(node -e "console.log(($T_RPS / $N_RPS).toFixed(2))")
echo "analytics over HTTP: $ROWS rows, $BYTES bytes, ${DUR}s, $CONN connections"
printf '  %-28s %10s req/s  p50 %6s ms  p99 %6s ms\n' "tiendo (session, cube)" "$T_RPS" "$T_P50" "$T_P99"
printf '  %-28s %10s req/s  p50 %6s ms  p99 %6s ms\n' "nginx return 200 (same bytes)" "$N_RPS" "$N_P50" "$N_P99"
echo "  ratio tiendo/nginx: $RATIO (goal >= 0.5; p99 goal <= 10 ms)"
