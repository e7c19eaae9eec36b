/* fuzz_handlers.c — libFuzzer harness for every JSON body decoder: each input is
 * one write request (POST, PUT, PATCH or DELETE) to the application's own route
 * table, run as the server runs it (access check, role check, handler) against
 * the demo province, by the admin or by a commune officer. Whatever the body, the
 * answer must be a 2xx or a 4xx (503/507 allowed), no transaction may be left
 * open, and nothing may leak. Writes succeed and stay; every RESET_EVERY
 * executions the database is copied afresh from a template built once.
 *
 * Input: byte 0 picks the route (the table's write rows in order, public ones
 * left out: sign-in verifies an argon2id hash per try), byte 1 the user (bit 0)
 * and the path parameters (bits 1-3 and 4-6: ids 1..8, or a unit code); when
 * bit 7 is set, bytes 2-3 are the first id (little-endian, 0..65535); the rest
 * is the body.
 * Built with -fsanitize=fuzzer,address,undefined; run from the repository root
 * (it reads seed/units/); corpus: tests/fuzz/corpus/handlers. */
#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "api/access.h"
#include "api/api.h"
#include "cube/cube.h"
#include "http/arena.h"
#include "http/router.h"
#include "store/evidence.h"
#include "store/values_import.h"
#include "fuzz_db.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define RESET_EVERY 3000
#define BODY_DEFAULT_MAX (1024 * 1024) /* the server's default body cap */

static route_table *table;
static const route *rows[256];
static size_t nrows;
static char dir[256], template_path[300], work_path[300], files_dir[300];
static db *cur;
static unsigned long execs;
static int verbose; /* FUZZ_HANDLERS_VERBOSE: one line per request */
static values_actor actors[2]; /* the admin, a commune officer */
static const char *const UNIT_CODES[] = {"24", "217", "07411", "07375", "213", "221", "07684", "99"};

static void die(const char *what, const char *msg)
{
	fprintf(stderr, "fuzz_handlers: %s: %s\n", what, msg ? msg : "");
	abort();
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	remove(path);
	return 0;
}

static void remove_tree(const char *path)
{
	nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static void cleanup(void)
{
	db_close(cur);
	cur = NULL;
	cube_shutdown();
	remove_tree(dir);
}

/* Closes the working database and opens a fresh copy of the template; the
 * evidence store and the cube start over with it. */
static void reopen(void)
{
	fuzz_db_reopen(&cur, template_path, work_path);
	remove_tree(files_dir);
	evidence_set_root(files_dir);
	if (cube_init(cur) != TD_OK)
		die("cube", db_errmsg(cur));
}

static int is_write(const char *m)
{
	return strcmp(m, "POST") == 0 || strcmp(m, "PUT") == 0 || strcmp(m, "PATCH") == 0 ||
	       strcmp(m, "DELETE") == 0;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	double t0 = now_s();
	char err[256];
	if (api_routes_create(&table, err, sizeof err) != TD_OK)
		die("routes", err);
	for (size_t i = 0; i < router_count(table) && nrows < sizeof rows / sizeof rows[0]; i++) {
		const route *rt = router_row(table, i);
		if (is_write(rt->method) && rt->roles != 0)
			rows[nrows++] = rt;
	}
	if (!nrows)
		die("routes", "no write route");
	verbose = getenv("FUZZ_HANDLERS_VERBOSE") != NULL;
	if (getenv("FUZZ_HANDLERS_LIST"))
		for (size_t i = 0; i < nrows; i++)
			fprintf(stderr, "%zu %s %s\n", i, rows[i]->method, rows[i]->pattern);
	/* tmpfs when there is one: SQLite syncs every commit */
	const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : getenv("TMPDIR");
	snprintf(dir, sizeof dir, "%s/fuzz-handlers-XXXXXX", base && *base ? base : "/tmp");
	if (!mkdtemp(dir))
		die("mkdtemp", dir);
	snprintf(template_path, sizeof template_path, "%s/template.db", dir);
	snprintf(work_path, sizeof work_path, "%s/work.db", dir);
	snprintf(files_dir, sizeof files_dir, "%s/files", dir);
	atexit(cleanup);
	fuzz_db_template(template_path);
	double t1 = now_s();
	reopen();
	if (values_import_actor(cur, "admin", &actors[0]) != TD_OK ||
	    values_import_actor(cur, "tanthanh.phunu", &actors[1]) != TD_OK)
		die("actors", "admin or tanthanh.phunu missing");
	fprintf(stderr, "fuzz_handlers: %zu write routes; template %.2f s, copy and cube %.2f s\n",
		nrows, t1 - t0, now_s() - t1);
	return 0;
}

/* The path of rt with its parameters filled from sel; NULL when too long. */
static char *fill_path(arena *a, const route *rt, unsigned sel, long id0)
{
	char out[512];
	size_t o = 0;
	int k = 0;
	for (const char *p = rt->pattern; *p;) {
		char v[32];
		const char *s;
		size_t l;
		if (*p == '{') {
			const char *e = strchr(p, '}');
			if (!e)
				return NULL;
			unsigned pick = (sel >> (1 + 3 * k)) & 7;
			if (k == 0 && rt->access == ACCESS_UNIT)
				snprintf(v, sizeof v, "%s", UNIT_CODES[pick]);
			else if (k == 0 && id0 >= 0)
				snprintf(v, sizeof v, "%ld", id0);
			else
				snprintf(v, sizeof v, "%u", pick + 1);
			s = v;
			l = strlen(v);
			k++;
			p = e + 1;
		} else {
			s = p;
			l = 1;
			p++;
		}
		if (o + l >= sizeof out)
			return NULL;
		memcpy(out + o, s, l);
		o += l;
	}
	out[o] = 0;
	return arena_strdup(a, out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2)
		return 0;
	if (++execs % RESET_EVERY == 0)
		reopen();
	const route *rt = rows[data[0] % nrows];
	unsigned sel = data[1];
	const td_user *user = &actors[sel & 1].user;
	size_t skip = 2;
	long id0 = -1;
	if ((sel & 0x80) && size >= 4) {
		id0 = (long)data[2] | (long)data[3] << 8;
		skip = 4;
	}
	size_t body_len = size - skip;
	if (body_len > (rt->body_max ? rt->body_max : BODY_DEFAULT_MAX))
		return 0; /* the server answers 413 before any handler */

	arena *a = arena_create();
	if (!a)
		die("arena", "out of memory");
	http_req r;
	memset(&r, 0, sizeof r);
	r.a = a;
	r.db = cur;
	r.method = rt->method;
	r.path = fill_path(a, rt, sel, id0);
	r.client_ip = "127.0.0.1";
	r.conn = NULL;
	r.user = user;
	if (!r.path)
		die("path", rt->pattern);
	/* as the server: the row the path leads to, with its parameters */
	const char *params[REQ_MAX_PARAMS];
	const route *found = NULL;
	if (router_match(table, a, r.method, r.path, &found, params, &r.nparams) != ROUTE_FOUND)
		die("route lost", r.path);
	r.route = found;
	for (int i = 0; i < r.nparams; i++)
		r.params[i] = params[i];
	if (body_len) {
		char *b = arena_alloc(a, body_len + 1);
		if (!b)
			die("arena", "out of memory");
		memcpy(b, data + skip, body_len);
		b[body_len] = 0;
		r.body = b;
		r.body_len = body_len;
	}

	tderr e = access_check(&r);
	if (!e && !(found->roles & user->role))
		e = req_fail(&r, TD_EFORBIDDEN, "forbidden", NULL, NULL);
	if (!e)
		e = found->handler(&r);
	if (db_in_tx(cur)) {
		db_rollback(cur);
		fprintf(stderr, "fuzz_handlers: %s %s (%s) left a transaction open (%s)\n", r.method,
			r.path, user->username, e ? td_err_code(e) : "ok");
		abort();
	}
	int status;
	if (e) {
		status = td_err_status(e);
		if (!r.err.kind || !r.err.code || !r.err.message)
			die("error without a description", r.path);
	} else {
		status = r.status ? r.status : 204;
		if (r.out_len && !r.out)
			die("reply without text", r.path);
		/* a JSON reply parses back */
		if (r.content_type && strncmp(r.content_type, "application/json", 16) == 0) {
			json_t *back = json_loadb(r.out, r.out_len, 0, NULL);
			if (!back)
				die("reply is not JSON", r.path);
			json_decref(back);
		}
	}
	int ok = (status >= 200 && status < 300) || (status >= 400 && status < 500) ||
		 status == 503 || status == 507;
	if (!ok) {
		fprintf(stderr, "fuzz_handlers: %s %s (%s) answered %d %s: %s (%s)\n", r.method, r.path,
			user->username, status, r.err.code ? r.err.code : "", r.err.message ? r.err.message : "",
			db_errmsg(cur));
		abort();
	}
	if (verbose)
		fprintf(stderr, "%s %s (%s): %d %s %s\n", r.method, r.path, user->username, status,
			e ? r.err.code : "", e && r.err.field ? r.err.field : "");
	json_decref(r.json);
	arena_destroy(a);
	return 0;
}
