/* server.h — the HTTP server: libmicrohttpd with an internal epoll thread pool
 * (one thread per core), the two-call handler pattern (keep-alive works), request
 * arenas, limits, security headers, the access log, and one database handle per
 * worker thread. */
#ifndef TD_SERVER_H
#define TD_SERVER_H
#include <stddef.h>
#include <stdint.h>
#include "core/err.h"
#include "http/router.h"

typedef struct server_config {
	const char *db_url;          /* database to open in each worker */
	const char *listen_host;     /* "127.0.0.1" */
	uint16_t port;               /* 0 = any free port */
	unsigned threads;            /* 0 = number of cores */
	size_t body_max;             /* bytes; default 1 MiB */
	unsigned conn_timeout_s;     /* idle connection timeout; default 30 */
	unsigned conn_limit;         /* open connections; default 1000 */
	unsigned per_ip_limit;       /* open connections per address; default 200 */
	int access_log_fd;           /* -1 = off */
	const char *trust_proxy;     /* comma-separated proxy addresses whose X-Forwarded-For
	                              * gives the client's address; NULL = trust nobody */
} server_config;

typedef struct server server;

/* Starts serving on a background thread pool. Fails with a message in err. */
tderr server_start(const server_config *cfg, const route_table *routes, server **out,
		   char *err, size_t errlen);
/* The port actually bound (useful with port 0). */
uint16_t server_port(const server *s);
/* Stops accepting, lets requests in flight finish, closes every worker's database
 * handle and frees the server. Accepts NULL. */
void server_stop(server *s);

#endif
