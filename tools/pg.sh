#!/bin/sh
# pg.sh — a throwaway PostgreSQL 15 cluster on loopback for the tests.
#   sh tools/pg.sh start DIR [PORT]   initdb + pg_ctl start (a free port unless
#                                     PORT is given); prints the url to use
#   sh tools/pg.sh stop DIR           stop it and remove DIR
# As root the cluster runs as the system user tiendo-test (created when missing),
# since PostgreSQL refuses to run as root. Locale C: text sorts by bytes, as in SQLite.
set -eu
BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
cmd=${1:-}
dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || { echo "usage: pg.sh start|stop DIR [PORT]" >&2; exit 2; }

as_owner() {
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u tiendo-test -- "$@"
	else
		"$@"
	fi
}

case "$cmd" in
start)
	# a free loopback port unless one is given
	port=${3:-$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")}
	if [ "$(id -u)" -eq 0 ] && ! id tiendo-test >/dev/null 2>&1; then
		useradd --system --no-create-home --shell /usr/sbin/nologin tiendo-test
	fi
	mkdir -p "$dir"
	[ "$(id -u)" -eq 0 ] && chown tiendo-test "$dir"
	as_owner "$BIN/initdb" -D "$dir/data" -U postgres --auth=trust --locale=C --encoding=UTF8 >"$dir/initdb.log" 2>&1 ||
		{ cat "$dir/initdb.log" >&2; exit 1; }
	as_owner "$BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
		-o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=400" \
		start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
	echo "postgresql://postgres@127.0.0.1:$port/postgres"
	;;
stop)
	if [ -d "$dir/data" ]; then
		as_owner "$BIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
	fi
	rm -rf "$dir"
	;;
*)
	echo "usage: pg.sh start|stop DIR [PORT]" >&2
	exit 2
	;;
esac
