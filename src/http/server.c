/* server.c — libmicrohttpd glue. Each request is answered in two or more calls:
 * the first creates its context (arena), the middle ones collect the body under a
 * cap, the last dispatches: route → session → CSRF → role → scope → handler. */
#include "http/server.h"
#include "auth/session.h"
#include "core/clock.h"
#include "core/vntext.h"
#include "embedded.h"
#include "http/forwarded.h"
#include "http/metrics.h"
#include <arpa/inet.h>
#include <microhttpd.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* Bodies up to this size (or 16 times the route's cap) are drained after a 413. */
#define DRAIN_MIN (16ULL * 1024 * 1024)

#define SERVER_MAX_DBS 256
#define PATH_MAX_LEN 2048

/* A connection waiting for the request line and headers of its next request,
 * and since when. libmicrohttpd's timeout counts idle time only, so a client
 * sending one header byte every few seconds would keep its connection for ever
 * (slowloris); the watchdog shuts down those that take longer than the
 * connection timeout to send their headers. */
typedef struct conn_watch {
	struct conn_watch *prev, *next;
	int fd;
	uint64_t waiting_since_us; /* 0 while a request is being handled */
} conn_watch;

struct server {
	struct MHD_Daemon *d;
	server_config cfg;
	const route_table *routes;
	pthread_mutex_t lock;
	db *dbs[SERVER_MAX_DBS];
	int ndbs;
	atomic_int inflight;
	pthread_mutex_t watch_lock; /* guards watched and each entry's fields */
	pthread_cond_t watch_wake;
	conn_watch *watched;
	int watch_stop;
	pthread_t watchdog;
	forwarded_proxies proxies; /* --trust-proxy */
};

typedef struct conn_ctx {
	server *srv;
	arena *a;
	http_req req;
	char *body;
	size_t len, cap;
	int too_large;
	uint64_t t0;
	uint64_t db_us0;
	size_t body_max;
} conn_ctx;

static _Thread_local db *tls_db;
static _Thread_local server *tls_srv;

static const char CSP[] = "default-src 'self'; script-src 'self'; style-src 'self'; "
			  "img-src 'self' data:; connect-src 'self'; font-src 'self'; "
			  "object-src 'none'; base-uri 'none'; form-action 'self'; "
			  "frame-ancestors 'none'";

static uint64_t mono_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

/* The calling worker thread's database handle, opened on first use. */
static db *worker_db(server *s, td_error *err)
{
	if (tls_db && tls_srv == s)
		return tls_db;
	char msg[256];
	db *d = NULL;
	if (db_open(s->cfg.db_url, &d, msg, sizeof msg) != TD_OK) {
		fprintf(stderr, "tiendo: database: %s\n", msg);
		err->kind = TD_EUNAVAIL;
		return NULL;
	}
	pthread_mutex_lock(&s->lock);
	if (s->ndbs == SERVER_MAX_DBS) {
		pthread_mutex_unlock(&s->lock);
		db_close(d);
		err->kind = TD_EUNAVAIL;
		return NULL;
	}
	s->dbs[s->ndbs++] = d;
	pthread_mutex_unlock(&s->lock);
	tls_db = d;
	tls_srv = s;
	return d;
}

static const char *content_type_of(const char *path)
{
	const char *dot = strrchr(path, '.');
	if (!dot)
		return "application/octet-stream";
	static const struct { const char *ext, *type; } types[] = {
		{".html", "text/html; charset=utf-8"},
		{".css", "text/css; charset=utf-8"},
		{".js", "text/javascript; charset=utf-8"},
		{".mjs", "text/javascript; charset=utf-8"},
		{".json", "application/json; charset=utf-8"},
		{".geojson", "application/geo+json"},
		{".svg", "image/svg+xml"},
		{".png", "image/png"},
		{".ico", "image/x-icon"},
		{".woff2", "font/woff2"},
	};
	for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
		if (strcmp(dot, types[i].ext) == 0)
			return types[i].type;
	return "application/octet-stream";
}

/* Serves an embedded web asset; 0 when there is none for path. */
static int serve_asset(http_req *r)
{
	const char *p = strcmp(r->path, "/") == 0 ? "index.html" : r->path + 1;
	for (size_t i = 0; i < td_web_assets_count; i++)
		if (strcmp(td_web_assets[i].path, p) == 0) {
			r->status = 200;
			r->out = (const char *)td_web_assets[i].data;
			r->out_len = td_web_assets[i].size;
			r->content_type = content_type_of(p);
			req_add_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-cache");
			return 1;
		}
	return 0;
}

static void set_error_body(http_req *r)
{
	if (!r->err.kind)
		r->err.kind = TD_EINTERNAL;
	json_t *e = json_pack("{s:s,s:s}", "code", r->err.code ? r->err.code : td_err_code(r->err.kind),
			      "message", r->err.message ? r->err.message : td_err_message(r->err.kind));
	if (r->err.field)
		json_object_set_new(e, "field", json_string(r->err.field));
	int status = td_err_status(r->err.kind);
	req_reply_json(r, status, json_pack("{s:o}", "error", e));
	r->status = status;
}

/* Session, CSRF, role and scope: the one place where access is decided. */
static tderr authorize(http_req *r)
{
	const route *rt = r->route;
	if (rt->roles == 0)
		return TD_OK;
	const char *token = MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, SESSION_COOKIE);
	td_user *u = arena_alloc(r->a, sizeof *u);
	if (!u)
		return req_fail(r, TD_EINTERNAL, NULL, NULL, NULL);
	tderr e = session_resolve(r->db, r->a, token, clock_unix(), u);
	if (e == TD_EUNAUTH)
		return req_fail(r, TD_EUNAUTH, "unauthenticated", NULL, NULL);
	if (e)
		return req_store_fail(r, e, NULL, NULL);
	r->user = u;
	int unsafe = strcmp(r->method, "GET") != 0 && strcmp(r->method, "HEAD") != 0;
	if (unsafe) {
		const char *csrf = req_header(r, "X-CSRF-Token");
		if (!csrf || !session_token_equal(csrf, u->csrf_token))
			return req_fail(r, TD_EFORBIDDEN, "csrf_token_invalid",
					"Thiếu hoặc sai mã chống giả mạo yêu cầu (X-CSRF-Token)", NULL);
	}
	/* scope before role: an entity out of reach answers 404 whatever the role, so
	 * a refusal never confirms that it exists */
	if ((e = access_check(r)))
		return e;
	if (!(rt->roles & u->role))
		return req_fail(r, TD_EFORBIDDEN, "forbidden", NULL, NULL);
	return TD_OK;
}

static void dispatch(conn_ctx *x)
{
	http_req *r = &x->req;
	if (x->too_large) {
		req_fail(r, TD_ETOOLARGE, "payload_too_large",
			 arena_printf(r->a, "Dữ liệu gửi lên quá lớn (tối đa %zu byte)", x->body_max), NULL);
		set_error_body(r);
		return;
	}
	if (strlen(r->path) > PATH_MAX_LEN || !vn_valid_text(r->path, strlen(r->path))) {
		req_fail(r, TD_EBADREQ, "bad_path", "Đường dẫn không hợp lệ", NULL);
		set_error_body(r);
		return;
	}
	const char *params[REQ_MAX_PARAMS];
	const route *rt = NULL;
	int m = router_match(x->srv->routes, r->a, r->method, r->path, &rt, params, &r->nparams);
	if (m != ROUTE_FOUND) {
		if ((strcmp(r->method, "GET") == 0 || strcmp(r->method, "HEAD") == 0) &&
		    strncmp(r->path, "/api/", 5) != 0 && serve_asset(r))
			return;
		if (m == ROUTE_NO_METHOD) {
			req_fail(r, TD_EBADREQ, "method_not_allowed", "Phương thức không được hỗ trợ", NULL);
			set_error_body(r);
			r->status = 405;
		} else {
			req_fail(r, TD_ENOTFOUND, "not_found", "Không tìm thấy đường dẫn này", NULL);
			set_error_body(r);
		}
		return;
	}
	r->route = rt;
	for (int i = 0; i < r->nparams; i++)
		r->params[i] = params[i];
	if (x->body) {
		r->body = x->body;
		r->body_len = x->len;
		x->body[x->len] = 0;
	}
	r->db = worker_db(x->srv, &r->err);
	if (!r->db) {
		req_fail(r, TD_EUNAVAIL, NULL, NULL, NULL);
		set_error_body(r);
		return;
	}
	x->db_us0 = db_time_us(r->db);
	tderr e = authorize(r);
	if (!e)
		e = rt->handler(r);
	if (db_in_tx(r->db))
		db_rollback(r->db); /* a handler that failed half way never commits */
	/* a committed write may change who someone is (role, organisation, sessions):
	 * cached sessions are read again */
	if (!e && strcmp(r->method, "GET") != 0 && strcmp(r->method, "HEAD") != 0)
		session_cache_flush();
	if (e)
		set_error_body(r);
	else if (!r->status)
		req_reply_empty(r, 204);
}

static enum MHD_Result send_response(struct MHD_Connection *c, http_req *r)
{
	struct MHD_Response *resp =
		MHD_create_response_from_buffer(r->out_len, (void *)(r->out ? r->out : ""), MHD_RESPMEM_MUST_COPY);
	if (!resp)
		return MHD_NO;
	if (r->content_type)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, r->content_type);
	MHD_add_response_header(resp, "Content-Security-Policy", CSP);
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
	int has_cache = 0;
	for (int i = 0; i < r->nhdr; i++) {
		MHD_add_response_header(resp, r->hdr_name[i], r->hdr_value[i]);
		if (strcasecmp(r->hdr_name[i], MHD_HTTP_HEADER_CACHE_CONTROL) == 0)
			has_cache = 1;
	}
	if (!has_cache)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	enum MHD_Result ret = MHD_queue_response(c, (unsigned)r->status, resp);
	MHD_destroy_response(resp);
	return ret;
}

/* The peer's address, or behind a trusted proxy the client's it forwards. */
static const char *client_ip(server *s, struct MHD_Connection *c, arena *a)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	char buf[INET6_ADDRSTRLEN] = "";
	if (ci && ci->client_addr) {
		const struct sockaddr *sa = ci->client_addr;
		if (sa->sa_family == AF_INET)
			inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, buf, sizeof buf);
		else if (sa->sa_family == AF_INET6)
			inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, buf, sizeof buf);
	}
	if (s->proxies.n) {
		char client[FORWARDED_ADDR_SIZE];
		forwarded_client(&s->proxies, buf,
				 MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Forwarded-For"), client,
				 sizeof client);
		return arena_strdup(a, client);
	}
	return arena_strdup(a, buf);
}

static int hex_digit(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

/* The body cap of the route this request goes to (routes such as file uploads
 * accept more than the server's default). */
static size_t body_cap(server *s, arena *a, const char *method, const char *url)
{
	const route *rt = NULL;
	const char *params[REQ_MAX_PARAMS];
	int np = 0;
	if (router_match(s->routes, a, method, url, &rt, params, &np) == ROUTE_FOUND && rt->body_max)
		return rt->body_max;
	return s->cfg.body_max;
}

/* Marks the connection of c as waiting for a request since `since` (0: not
 * waiting). */
static void watch_set(server *s, struct MHD_Connection *c, uint64_t since)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	conn_watch *w = ci ? ci->socket_context : NULL;
	if (!w)
		return;
	pthread_mutex_lock(&s->watch_lock);
	w->waiting_since_us = since;
	pthread_mutex_unlock(&s->watch_lock);
}

/* Decodes %XX in place in the path and the query (libmicrohttpd's own decoding,
 * but a %00 becomes the byte 0xFF instead of ending the string: the path or
 * parameter is then refused as invalid text (400), where a NUL would silently
 * cut "/api/v1/plans/1%00x" down to "/api/v1/plans/1"). */
static size_t unescape(void *cls, struct MHD_Connection *c, char *str)
{
	(void)cls;
	(void)c;
	char *w = str;
	for (const char *r = str; *r; r++) {
		int hi, lo;
		if (r[0] == '%' && (hi = hex_digit(r[1])) >= 0 && (lo = hex_digit(r[2])) >= 0) {
			unsigned char b = (unsigned char)(hi * 16 + lo);
			*w++ = (char)(b ? b : 0xFF);
			r += 2;
		} else {
			*w++ = *r;
		}
	}
	*w = 0;
	return (size_t)(w - str);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
				  const char *method, const char *version, const char *upload,
				  size_t *upload_size, void **con_cls)
{
	(void)version;
	server *s = cls;
	conn_ctx *x = *con_cls;
	if (!x) {
		watch_set(s, c, 0); /* the headers are in */
		x = calloc(1, sizeof *x);
		if (!x || !(x->a = arena_create())) {
			free(x);
			return MHD_NO;
		}
		x->srv = s;
		x->t0 = mono_us();
		x->req.a = x->a;
		x->req.conn = c;
		x->req.method = arena_strdup(x->a, method);
		x->req.path = arena_strdup(x->a, url);
		x->req.client_ip = client_ip(s, c, x->a);
		*con_cls = x;
		atomic_fetch_add(&s->inflight, 1);
		x->body_max = body_cap(s, x->a, method, url);
		const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
		unsigned long long drain = 16 * (unsigned long long)x->body_max;
		if (drain < DRAIN_MIN)
			drain = DRAIN_MIN;
		if (cl && strtoull(cl, NULL, 10) > drain) {
			/* far too large to be worth reading: refuse at once, the connection is
			 * closed after the answer; a body up to 16 times the cap (at least
			 * 16 MiB, whatever the route's cap) is read and discarded so the client
			 * sees the 413 instead of a broken pipe */
			x->too_large = 1;
			dispatch(x);
			return send_response(c, &x->req);
		}
		return MHD_YES;
	}
	if (*upload_size) {
		size_t n = *upload_size;
		*upload_size = 0;
		if (x->too_large || x->req.status)
			return MHD_YES;
		if (x->len + n > x->body_max) {
			x->too_large = 1;
			free(x->body);
			x->body = NULL;
			x->len = x->cap = 0;
			return MHD_YES;
		}
		if (x->len + n + 1 > x->cap) {
			size_t cap = x->cap ? x->cap : 4096;
			while (cap < x->len + n + 1)
				cap *= 2;
			char *nb = realloc(x->body, cap);
			if (!nb)
				return MHD_NO;
			x->body = nb;
			x->cap = cap;
		}
		memcpy(x->body + x->len, upload, n);
		x->len += n;
		return MHD_YES;
	}
	if (x->req.status)
		return MHD_YES; /* answered early (413) */
	dispatch(x);
	return send_response(c, &x->req);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	(void)toe;
	server *s = cls;
	watch_set(s, c, mono_us()); /* a kept-alive connection waits for its next request */
	conn_ctx *x = *con_cls;
	if (!x)
		return;
	http_req *r = &x->req;
	uint64_t us = mono_us() - x->t0;
	uint64_t dbus = r->db ? db_time_us(r->db) - x->db_us0 : 0;
	metrics_record(r->status ? r->status : 500, us, dbus);
	if (s->cfg.access_log_fd >= 0) {
		char now[32];
		clock_iso(now, sizeof now);
		json_t *line = json_pack("{s:s,s:s,s:s,s:s,s:i,s:I,s:f,s:f}", "time", now, "ip",
					 r->client_ip ? r->client_ip : "", "method", r->method ? r->method : "",
					 "path", r->path ? r->path : "", "status", r->status,
					 "bytes", (json_int_t)r->out_len, "ms", (double)us / 1000.0,
					 "db_ms", (double)dbus / 1000.0);
		if (line && r->user)
			json_object_set_new(line, "user", json_string(r->user->username));
		char *txt = line ? json_dumps(line, JSON_COMPACT | JSON_REAL_PRECISION(6)) : NULL;
		if (txt) {
			size_t n = strlen(txt);
			txt[n] = '\n'; /* replaces the NUL; one write() keeps lines whole */
			ssize_t w = write(s->cfg.access_log_fd, txt, n + 1);
			(void)w;
			free(txt);
		}
		json_decref(line);
	}
	json_decref(r->json);
	free(x->body);
	arena_destroy(x->a);
	free(x);
	*con_cls = NULL;
	atomic_fetch_sub(&s->inflight, 1);
}

static void on_connection(void *cls, struct MHD_Connection *c, void **socket_ctx,
			  enum MHD_ConnectionNotificationCode code)
{
	server *s = cls;
	metrics_connection(code == MHD_CONNECTION_NOTIFY_STARTED ? 1 : -1);
	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
		conn_watch *w = ci ? calloc(1, sizeof *w) : NULL;
		if (!w)
			return; /* not watched: the idle timeout still applies */
		w->fd = ci->connect_fd;
		w->waiting_since_us = mono_us();
		pthread_mutex_lock(&s->watch_lock);
		w->next = s->watched;
		if (w->next)
			w->next->prev = w;
		s->watched = w;
		pthread_mutex_unlock(&s->watch_lock);
		*socket_ctx = w;
	} else if (*socket_ctx) {
		/* libmicrohttpd closes the socket after this call: the watchdog, which
		 * only touches sockets under watch_lock, never sees a closed one */
		conn_watch *w = *socket_ctx;
		pthread_mutex_lock(&s->watch_lock);
		if (w->prev)
			w->prev->next = w->next;
		else
			s->watched = w->next;
		if (w->next)
			w->next->prev = w->prev;
		pthread_mutex_unlock(&s->watch_lock);
		free(w);
		*socket_ctx = NULL;
	}
}

/* Every second: shuts down the connections that have waited longer than the
 * connection timeout for their request's headers; libmicrohttpd then sees the
 * socket end and closes it as for any client that went away. */
static void *watchdog_main(void *arg)
{
	server *s = arg;
	uint64_t limit = (uint64_t)s->cfg.conn_timeout_s * 1000000u;
	pthread_mutex_lock(&s->watch_lock);
	while (!s->watch_stop) {
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += 1;
		pthread_cond_timedwait(&s->watch_wake, &s->watch_lock, &until);
		uint64_t now = mono_us();
		for (conn_watch *w = s->watched; w; w = w->next)
			if (w->waiting_since_us && now - w->waiting_since_us > limit) {
				shutdown(w->fd, SHUT_RDWR);
				w->waiting_since_us = 0;
			}
	}
	pthread_mutex_unlock(&s->watch_lock);
	return NULL;
}

tderr server_start(const server_config *cfg, const route_table *routes, server **out, char *err,
		   size_t errlen)
{
	*out = NULL;
	server *s = calloc(1, sizeof *s);
	if (!s) {
		snprintf(err, errlen, "out of memory");
		return TD_EINTERNAL;
	}
	s->cfg = *cfg;
	if (!s->cfg.body_max)
		s->cfg.body_max = 1024 * 1024;
	if (!s->cfg.conn_timeout_s)
		s->cfg.conn_timeout_s = 30;
	if (!s->cfg.conn_limit)
		s->cfg.conn_limit = 1000;
	if (!s->cfg.per_ip_limit)
		s->cfg.per_ip_limit = 200;
	if (!s->cfg.threads) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);
		s->cfg.threads = n > 0 ? (unsigned)n : 1;
	}
	if (cfg->trust_proxy && forwarded_parse_proxies(cfg->trust_proxy, &s->proxies) != 0) {
		snprintf(err, errlen, "bad proxy address list %s", cfg->trust_proxy);
		free(s);
		return TD_EINVALID;
	}
	s->routes = routes;
	pthread_mutex_init(&s->lock, NULL);
	pthread_mutex_init(&s->watch_lock, NULL);
	pthread_cond_init(&s->watch_wake, NULL);
	atomic_init(&s->inflight, 0);

	struct sockaddr_in sa;
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_port = htons(cfg->port);
	if (inet_pton(AF_INET, cfg->listen_host ? cfg->listen_host : "127.0.0.1", &sa.sin_addr) != 1) {
		snprintf(err, errlen, "bad listen address %s", cfg->listen_host);
		pthread_mutex_destroy(&s->lock);
		free(s);
		return TD_EINVALID;
	}
	s->d = MHD_start_daemon(
		MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC, 0, NULL, NULL,
		on_request, s, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
		MHD_OPTION_THREAD_POOL_SIZE, (unsigned int)s->cfg.threads,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)s->cfg.conn_timeout_s,
		MHD_OPTION_CONNECTION_LIMIT, (unsigned int)s->cfg.conn_limit,
		MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned int)s->cfg.per_ip_limit,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024),
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
		MHD_OPTION_NOTIFY_CONNECTION, on_connection, s,
		MHD_OPTION_UNESCAPE_CALLBACK, unescape, NULL,
		MHD_OPTION_END);
	if (!s->d || pthread_create(&s->watchdog, NULL, watchdog_main, s) != 0) {
		snprintf(err, errlen, "cannot listen on %s:%u", cfg->listen_host, (unsigned)cfg->port);
		if (s->d)
			MHD_stop_daemon(s->d);
		pthread_cond_destroy(&s->watch_wake);
		pthread_mutex_destroy(&s->watch_lock);
		pthread_mutex_destroy(&s->lock);
		free(s);
		return TD_EUNAVAIL;
	}
	*out = s;
	return TD_OK;
}

uint16_t server_port(const server *s)
{
	const union MHD_DaemonInfo *di = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
	return di ? di->port : 0;
}

void server_stop(server *s)
{
	if (!s)
		return;
	MHD_socket ls = MHD_quiesce_daemon(s->d);
	if (ls != MHD_INVALID_SOCKET)
		close(ls);
	/* let requests in flight finish and their answers go out (at most 10 s) */
	for (int i = 0; i < 1000 && atomic_load(&s->inflight) > 0; i++)
		usleep(10000);
	MHD_stop_daemon(s->d);
	pthread_mutex_lock(&s->watch_lock);
	s->watch_stop = 1;
	pthread_cond_signal(&s->watch_wake);
	pthread_mutex_unlock(&s->watch_lock);
	pthread_join(s->watchdog, NULL);
	pthread_cond_destroy(&s->watch_wake);
	pthread_mutex_destroy(&s->watch_lock);
	for (int i = 0; i < s->ndbs; i++)
		db_close(s->dbs[i]);
	pthread_mutex_destroy(&s->lock);
	free(s);
}
