/* cmd_serve.c — `tiendo serve`: opens the database, builds the route table, and
 * serves until SIGTERM or SIGINT, then finishes the requests in flight. */
#include "api/answer_cache.h"
#include "api/api.h"
#include "auth/password.h"
#include "auth/session.h"
#include "cli/cli.h"
#include "cube/cube.h"
#include "notify/notify.h"
#include "store/evidence.h"
#include "core/clock.h"
#include "http/forwarded.h"
#include "http/server.h"
#include "store/sessions.h"
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char USAGE[] =
	"usage: tiendo serve [--data DIR] [--db URL] [--listen HOST:PORT] [--threads N]\n"
	"                    [--session-idle SECONDS] [--session-max SECONDS]\n"
	"                    [--body-max BYTES] [--access-log FILE|-|off]\n"
	"                    [--smtp smtp://HOST:PORT --mail-from ADDRESS] [--notify-interval SECONDS]\n"
	"                    [--trust-proxy ADDRESS[,ADDRESS...]]\n"
	"  Serves the web UI and the API of DIR/tiendo.db (default DIR: data) on HOST:PORT\n"
	"  (default 127.0.0.1:8080) with N worker threads (default: the number of cores).\n"
	"  Sessions end after --session-idle seconds without use (default 1800) and\n"
	"  --session-max seconds in all (default 43200). Request bodies are capped at\n"
	"  --body-max bytes (default 1048576). The access log (JSON lines) goes to standard\n"
	"  output by default. Notifications are swept every --notify-interval seconds\n"
	"  (default 600) and, with --smtp and --mail-from, also sent by e-mail. Evidence\n"
	"  files live in DIR/files. Behind a reverse proxy (nginx), --trust-proxy names the\n"
	"  proxy's address(es): requests from it are counted (sign-in throttle, audit, access\n"
	"  log) under the client address it appends to X-Forwarded-For, and the per-address\n"
	"  connection limit no longer applies to it. SIGTERM or SIGINT: stop accepting,\n"
	"  finish, close cleanly.\n"
	"  --db postgresql://USER@HOST:PORT/DBNAME serves a PostgreSQL database instead\n"
	"  (several servers may share it; they must share DIR/files too).\n";

/* Reads a positive integer option; returns 0 and leaves *out when absent. */
static int num_opt(int argc, char **argv, const char *name, long long min, long long max,
		   long long *out)
{
	const char *v = cli_opt(argc, argv, name);
	if (!v)
		return 0;
	char *end = NULL;
	errno = 0;
	long long x = strtoll(v, &end, 10);
	if (errno || !*v || *end || x < min || x > max) {
		fprintf(stderr, "tiendo: --%s must be a number from %lld to %lld\n", name, min, max);
		return -1;
	}
	*out = x;
	return 0;
}

static int parse_listen(const char *s, char *host, size_t hsize, uint16_t *port)
{
	const char *colon = strrchr(s, ':');
	if (!colon || (size_t)(colon - s) >= hsize)
		return -1;
	memcpy(host, s, (size_t)(colon - s));
	host[colon - s] = 0;
	char *end = NULL;
	long p = strtol(colon + 1, &end, 10);
	if (*end || p < 0 || p > 65535 || end == colon + 1)
		return -1;
	*port = (uint16_t)p;
	return 0;
}

int cmd_serve(int argc, char **argv)
{
	static const char *const known[] = {"data=", "listen=", "threads=", "session-idle=", "session-max=", "body-max=", "access-log=", "smtp=", "mail-from=", "notify-interval=",
					     "trust-proxy=", NULL};
	if (cli_check_args(argc, argv, known, 0))
		return 2;
	if (cli_flag(argc, argv, "help")) {
		fputs(USAGE, stdout);
		return 0;
	}
	const char *dir = cli_data_dir(argc, argv);
	const char *listen = cli_opt(argc, argv, "listen");
	char host[64];
	server_config cfg = {.access_log_fd = STDOUT_FILENO};
	if (parse_listen(listen ? listen : "127.0.0.1:8080", host, sizeof host, &cfg.port)) {
		fprintf(stderr, "tiendo: --listen wants HOST:PORT, e.g. 127.0.0.1:8080\n");
		return 2;
	}
	cfg.listen_host = host;
	long long threads = 0, idle = 1800, maxs = 43200, body = 1024 * 1024, interval = 600;
	if (num_opt(argc, argv, "threads", 1, 256, &threads) ||
	    num_opt(argc, argv, "session-idle", 1, 7 * 86400, &idle) ||
	    num_opt(argc, argv, "session-max", 1, 30 * 86400, &maxs) ||
	    num_opt(argc, argv, "body-max", 1024, 64 * 1024 * 1024, &body) ||
	    num_opt(argc, argv, "notify-interval", 1, 86400, &interval))
		return 2;
	const char *smtp = cli_opt(argc, argv, "smtp"), *mail_from = cli_opt(argc, argv, "mail-from");
	if (!smtp != !mail_from) {
		fprintf(stderr, "tiendo: --smtp and --mail-from go together\n");
		return 2;
	}
	if (mail_from && !mail_address_ok(mail_from)) {
		fprintf(stderr, "tiendo: --mail-from '%s' is not an e-mail address\n", mail_from);
		return 2;
	}
	if (smtp && strncmp(smtp, "smtp://", 7) != 0 && strncmp(smtp, "smtps://", 8) != 0) {
		fprintf(stderr, "tiendo: --smtp wants smtp://HOST:PORT or smtps://HOST:PORT\n");
		return 2;
	}
	const char *proxy = cli_opt(argc, argv, "trust-proxy");
	forwarded_proxies proxies;
	if (proxy && forwarded_parse_proxies(proxy, &proxies) != 0) {
		fprintf(stderr, "tiendo: --trust-proxy wants IP addresses separated by commas (at most %d)\n",
			FORWARDED_MAX_PROXIES);
		return 2;
	}
	cfg.trust_proxy = proxy;
	if (proxy)
		cfg.per_ip_limit = 1000; /* the proxy carries every client: the overall limit only */
	cfg.threads = (unsigned)threads;
	cfg.body_max = (size_t)body;
	session_cfg.idle_s = idle;
	session_cfg.max_s = maxs;
	const char *log = cli_opt(argc, argv, "access-log");
	if (log && strcmp(log, "off") == 0) {
		cfg.access_log_fd = -1;
	} else if (log && strcmp(log, "-") != 0) {
		cfg.access_log_fd = open(log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
		if (cfg.access_log_fd < 0) {
			fprintf(stderr, "tiendo: %s: %s\n", log, strerror(errno));
			return 1;
		}
	}

	/* every thread started below (workers, the notification sweep) inherits
	 * this mask, so only the main thread takes the signals */
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);

	if (auth_init() != TD_OK) {
		fprintf(stderr, "tiendo: cannot initialise the crypto library\n");
		return 1;
	}
	db *d = NULL;
	if (cli_open_db_ex(dir, 1, &d))
		return 1;
	store_session_purge(d, clock_unix());
	static char url[PATH_MAX], files[PATH_MAX + 8];
	snprintf(url, sizeof url, "%s", cli_db_path(dir));
	if (cube_watch_start(url) != TD_OK) {
		fprintf(stderr, "tiendo: cannot follow the other servers' changes\n");
		db_close(d);
		return 1;
	}
	if (cube_init(d) != TD_OK) {
		cube_watch_stop();
		fprintf(stderr, "tiendo: cannot build the analytics cube: %s\n", db_errmsg(d));
		db_close(d);
		return 1;
	}
	db_close(d);
	snprintf(files, sizeof files, "%s/files", dir);
	cfg.db_url = url;
	evidence_set_root(files);
	notify_set_interval((unsigned)interval);
	if (notify_start(url, smtp, mail_from) != TD_OK) {
		fprintf(stderr, "tiendo: cannot start the notification sweep\n");
		cube_watch_stop();
		cube_shutdown();
		return 1;
	}

	char err[256];
	route_table *routes = NULL;
	if (api_routes_create(&routes, err, sizeof err) != TD_OK) {
		fprintf(stderr, "tiendo: routes: %s\n", err);
		notify_stop();
		cube_watch_stop();
		cube_shutdown();
		return 1;
	}

	server *srv = NULL;
	if (server_start(&cfg, routes, &srv, err, sizeof err) != TD_OK) {
		fprintf(stderr, "tiendo: %s\n", err);
		router_destroy(routes);
		notify_stop();
		cube_watch_stop();
		cube_shutdown();
		return 1;
	}
	fprintf(stderr, "tiendo: Tiến Độ đang phục vụ tại http://%s:%u (listening, %zu routes)\n", host,
		(unsigned)server_port(srv), router_count(routes));
	int sig = 0;
	sigwait(&set, &sig);
	fprintf(stderr, "tiendo: %s received, finishing requests in flight\n",
		sig == SIGTERM ? "SIGTERM" : "SIGINT");
	server_stop(srv);
	notify_stop();
	cube_watch_stop();
	cube_shutdown();
	answer_cache_clear();
	router_destroy(routes);
	if (cfg.access_log_fd > STDOUT_FILENO)
		close(cfg.access_log_fd);
	fprintf(stderr, "tiendo: stopped\n");
	return 0;
}
