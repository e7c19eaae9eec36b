/* db_pg.c — the PostgreSQL backend of db.h (libpq). One connection per handle;
 * statements are translated once ('?' to $n, INTEGER to BIGINT, REAL to DOUBLE
 * PRECISION), prepared under a name on first use and cached per handle like the
 * SQLite statement cache. Results are read whole (PQexecPrepared), so statements
 * of one handle can be interleaved. Write transactions are serialised across
 * processes by the row of tiendo_changes, which also counts commits for the
 * caches; triggers on every table NOTIFY other processes (db_wait_commits).
 * The rules are in docs/internals/POSTGRESQL.md. */
#include "store/db_int.h"
#include <ctype.h>
#include <libpq-fe.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define PG_CACHE_MAX 1024   /* distinct SQL texts per handle */
#define PG_CACHE_SLOTS 2048 /* open-addressing index over the cache, power of two */
#define PG_INT8 20
#define PG_FLOAT8 701
#define PG_TEXT 25

enum { K_NULL, K_INT, K_DOUBLE, K_TEXT };

typedef struct pg_stmt {
	db_stmt base;
	const char *sql; /* the caller's constant: the cache key */
	char *text;      /* translated SQL */
	char name[16];
	int nparams;
	unsigned gen;    /* connection generation it was prepared on; 0 = never */
	char **vals;
	unsigned char *kinds;
	PGresult *res;   /* the rows of the last execution */
	PGresult *desc;  /* column description before the first execution */
	int row, nrows;
} pg_stmt;

typedef struct pg_db {
	db base;
	PGconn *c;
	char *url;
	unsigned gen;    /* moves on at each (re)connection: prepared names are lost */
	pg_stmt *cache[PG_CACHE_MAX];
	int ncache;
	int16_t slot[PG_CACHE_SLOTS];
	int in_tx;
	int listening;
	int listened; /* LISTEN was in effect once: after a reconnection, news was missed */
	uint64_t time_us;
	char msg[256];
} pg_db;

#define PG(d) ((pg_db *)(d))
#define ST(s) ((pg_stmt *)(s))
static const db_ops pg_ops;

/* The per-process origin written into every NOTIFY, so a process can ignore its
 * own commits (its cube already follows them). */
static char origin[64];
static pthread_once_t origin_once = PTHREAD_ONCE_INIT;

static uint64_t now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

static void make_origin(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	char host[32] = "";
	gethostname(host, sizeof host - 1);
	for (char *p = host; *p; p++)
		if (!isalnum((unsigned char)*p))
			*p = '-';
	snprintf(origin, sizeof origin, "%s.%ld.%lx", host, (long)getpid(),
		 (unsigned long)(ts.tv_nsec ^ ts.tv_sec));
}

/* ---- SQL translation ------------------------------------------------------ */

static int word_is(const char *w, size_t n, const char *kw)
{
	return strlen(kw) == n && strncasecmp(w, kw, n) == 0;
}

/* The text of sql for PostgreSQL: '?' outside literals, quoted names and comments
 * becomes $1, $2 ...; the type names INTEGER and REAL become BIGINT and DOUBLE
 * PRECISION, and "id INTEGER PRIMARY KEY" an identity column. In a schema script
 * (ddl), a TEXT column also gets COLLATE "C": bytewise order as in SQLite, whatever
 * the database's locale. malloc'd. */
/* Appends word at out + j (the caller sized out); returns the new length. */
static size_t put_word(char *out, size_t j, const char *word)
{
	size_t k = strlen(word);
	memcpy(out + j, word, k);
	return j + k;
}

char *db_pg_translate(const char *sql, int ddl, int *nparams)
{
	size_t n = strlen(sql);
	size_t cap = n * 6 + 64; /* no replacement is more than 6 times its word: ? -> $65535 */
	char *out = malloc(cap);
	if (!out)
		return NULL;
	size_t j = 0;
	int np = 0;
	const char *prev = NULL; /* previous word */
	size_t prevn = 0;
	for (size_t i = 0; i < n;) {
		char ch = sql[i];
		if (ch == '\'' || ch == '"') { /* literal or quoted name, '' doubles */
			size_t k = i + 1;
			while (k < n && !(sql[k] == ch && (k + 1 >= n || sql[k + 1] != ch)))
				k += sql[k] == ch ? 2 : 1;
			k = k < n ? k + 1 : n;
			memcpy(out + j, sql + i, k - i);
			j += k - i;
			i = k;
		} else if (ch == '-' && i + 1 < n && sql[i + 1] == '-') {
			while (i < n && sql[i] != '\n')
				out[j++] = sql[i++];
		} else if (ch == '/' && i + 1 < n && sql[i + 1] == '*') {
			const char *end = strstr(sql + i + 2, "*/");
			size_t k = end ? (size_t)(end - sql) + 2 : n;
			memcpy(out + j, sql + i, k - i);
			j += k - i;
			i = k;
		} else if (ch == '?') {
			j += (size_t)snprintf(out + j, cap - j, "$%d", ++np);
			i++;
		} else if (isalpha((unsigned char)ch) || ch == '_') {
			size_t k = i;
			while (k < n && (isalnum((unsigned char)sql[k]) || sql[k] == '_'))
				k++;
			const char *w = sql + i;
			size_t wn = k - i;
			if (word_is(w, wn, "INTEGER")) {
				size_t m = k;
				while (m < n && isspace((unsigned char)sql[m]))
					m++;
				if (prev && word_is(prev, prevn, "id") && strncasecmp(sql + m, "PRIMARY KEY", 11) == 0)
					j = put_word(out, j, "BIGINT GENERATED BY DEFAULT AS IDENTITY");
				else
					j = put_word(out, j, "BIGINT");
			} else if (ddl && word_is(w, wn, "TEXT") && !(prev && word_is(prev, prevn, "AS"))) {
				j = put_word(out, j, "TEXT COLLATE \"C\"");
			} else if (word_is(w, wn, "REAL")) {
				j = put_word(out, j, "DOUBLE PRECISION");
			} else {
				memcpy(out + j, w, wn);
				j += wn;
			}
			prev = w;
			prevn = wn;
			i = k;
		} else {
			out[j++] = sql[i++];
		}
	}
	out[j] = 0;
	if (nparams)
		*nparams = np;
	return out;
}

/* ---- errors --------------------------------------------------------------- */

static tderr map_state(const char *st)
{
	if (!st)
		return TD_EUNAVAIL; /* no SQLSTATE: the connection failed */
	if (strncmp(st, "23", 2) == 0)
		return TD_ECONFLICT; /* 23505 unique, 23503 foreign key, other constraints */
	if (strcmp(st, "40001") == 0 || strcmp(st, "40P01") == 0 || strcmp(st, "55P03") == 0 ||
	    strcmp(st, "57014") == 0 || strncmp(st, "08", 2) == 0 || strncmp(st, "57P", 3) == 0 ||
	    strcmp(st, "53300") == 0)
		return TD_EUNAVAIL; /* serialization, deadlock, lock timeout, connection, shutdown */
	if (strcmp(st, "53100") == 0)
		return TD_ENOSPACE;
	return TD_EINTERNAL;
}

/* Records the error of res (or of the connection) and returns its kind. */
static tderr fail(pg_db *d, PGresult *res, const char *what)
{
	const char *st = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *m = res ? PQresultErrorMessage(res) : NULL;
	if (!m || !*m)
		m = PQerrorMessage(d->c);
	snprintf(d->msg, sizeof d->msg, "%s%s", what, m && *m ? m : "connection lost");
	size_t len = strlen(d->msg);
	while (len && (d->msg[len - 1] == '\n' || d->msg[len - 1] == ' '))
		d->msg[--len] = 0;
	if (PQstatus(d->c) != CONNECTION_OK)
		return TD_EUNAVAIL;
	return map_state(st);
}

static int conn_lost(pg_db *d) { return PQstatus(d->c) != CONNECTION_OK; }

/* Reads what the server may have sent meanwhile without waiting: a connection the
 * server closed (restart, pg_terminate_backend) is then known to be lost before
 * anything is sent on it. */
static int conn_lost_now(pg_db *d)
{
	PQconsumeInput(d->c);
	return conn_lost(d);
}

/* ---- connection ----------------------------------------------------------- */

static void quiet(void *arg, const char *message) { (void)arg, (void)message; }

/* Runs sql (one or more statements, no parameters); TD_OK when it succeeded. */
static tderr run(pg_db *d, const char *sql)
{
	uint64_t t0 = now_us();
	PGresult *r = PQexec(d->c, sql);
	d->time_us += now_us() - t0;
	ExecStatusType st = PQresultStatus(r);
	tderr e = TD_OK;
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
		e = fail(d, r, "");
	PQclear(r);
	return e;
}

/* The bookkeeping of this backend: the commit counter, its trigger function, and
 * the trigger on every table (again after each migration script). */
static const char SQL_SETUP[] =
	"BEGIN;"
	"SELECT pg_advisory_xact_lock(7110);"
	"CREATE TABLE IF NOT EXISTS tiendo_changes (id INTEGER PRIMARY KEY, n BIGINT NOT NULL);"
	"INSERT INTO tiendo_changes(id, n) VALUES (1, 0) ON CONFLICT (id) DO NOTHING;"
	"CREATE OR REPLACE FUNCTION tiendo_changed() RETURNS trigger LANGUAGE plpgsql AS $f$"
	" BEGIN"
	"  IF current_setting('tiendo.counted', true) IS DISTINCT FROM txid_current()::text THEN"
	"   UPDATE tiendo_changes SET n = n + 1 WHERE id = 1;"
	"   PERFORM set_config('tiendo.counted', txid_current()::text, true);"
	"  END IF;"
	"  PERFORM pg_notify('tiendo_changes',"
	"   COALESCE(current_setting('tiendo.origin', true), '') || ' ' || TG_TABLE_NAME);"
	"  RETURN NULL;"
	" END $f$;"
	"COMMIT";

static const char SQL_TRIGGERS[] =
	"DO $f$ DECLARE t record; BEGIN"
	" FOR t IN SELECT c.relname FROM pg_class c"
	"  WHERE c.relkind = 'r' AND c.relnamespace = current_schema()::regnamespace"
	"  AND c.relname <> 'tiendo_changes' AND NOT EXISTS (SELECT 1 FROM pg_trigger g"
	"   WHERE g.tgrelid = c.oid AND g.tgname = 'tiendo_changed') LOOP"
	"  EXECUTE format('CREATE TRIGGER tiendo_changed BEFORE INSERT OR UPDATE OR DELETE"
	" OR TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION tiendo_changed()', t.relname);"
	" END LOOP; END $f$";

/* Session settings, again after every reconnection. */
static tderr session_setup(pg_db *d)
{
	char sql[256];
	snprintf(sql, sizeof sql,
		 "SET TIME ZONE 'UTC'; SET client_min_messages = warning; SET lock_timeout = '5s';"
		 " SELECT set_config('tiendo.origin', '%s', false)",
		 origin);
	tderr e = run(d, sql);
	d->gen++;
	d->in_tx = 0;
	d->listening = 0;
	return e;
}

static tderr ensure_setup(pg_db *d)
{
	uint64_t t0 = now_us();
	PGresult *r = PQexec(d->c, "SELECT to_regclass('tiendo_changes') IS NOT NULL");
	d->time_us += now_us() - t0;
	int have = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1 &&
		   strcmp(PQgetvalue(r, 0, 0), "t") == 0;
	PQclear(r);
	if (have)
		return TD_OK;
	tderr e = run(d, SQL_SETUP);
	if (e)
		run(d, "ROLLBACK");
	return e;
}

/* Reconnects a broken connection; only called with no transaction open. */
static tderr reconnect(pg_db *d)
{
	PQreset(d->c);
	if (PQstatus(d->c) != CONNECTION_OK) {
		snprintf(d->msg, sizeof d->msg, "PostgreSQL unavailable: %s", PQerrorMessage(d->c));
		return TD_EUNAVAIL;
	}
	return session_setup(d);
}

static void pg_close(db *base);

tderr db_pg_open(const char *url, db **out, char *err, size_t errlen)
{
	*out = NULL;
	pthread_once(&origin_once, make_origin);
	pg_db *d = calloc(1, sizeof *d);
	if (!d || !(d->url = strdup(url))) {
		free(d);
		snprintf(err, errlen, "out of memory");
		return TD_EINTERNAL;
	}
	d->base.ops = &pg_ops;
	d->c = PQconnectdb(url);
	if (!d->c || PQstatus(d->c) != CONNECTION_OK) {
		snprintf(err, errlen, "PostgreSQL: %s", d->c ? PQerrorMessage(d->c) : "out of memory");
		size_t n = strlen(err);
		while (n && err[n - 1] == '\n')
			err[--n] = 0;
		pg_close(&d->base);
		return TD_EUNAVAIL;
	}
	PQsetNoticeProcessor(d->c, quiet, NULL);
	if (session_setup(d) != TD_OK || ensure_setup(d) != TD_OK) {
		snprintf(err, errlen, "PostgreSQL: %s", d->msg);
		pg_close(&d->base);
		return TD_EINTERNAL;
	}
	*out = &d->base;
	return TD_OK;
}

static void stmt_clear(pg_stmt *s)
{
	PQclear(s->res);
	s->res = NULL;
	s->row = -1;
	s->nrows = 0;
	for (int i = 0; i < s->nparams; i++) {
		free(s->vals[i]);
		s->vals[i] = NULL;
		s->kinds[i] = K_NULL;
	}
}

static void pg_close(db *base)
{
	pg_db *d = PG(base);
	for (int i = 0; i < d->ncache; i++) {
		pg_stmt *s = d->cache[i];
		stmt_clear(s);
		PQclear(s->desc);
		free(s->vals);
		free(s->kinds);
		free(s->text);
		free(s);
	}
	if (d->c)
		PQfinish(d->c);
	free(d->url);
	free(d);
}

static const char *pg_errmsg(db *base)
{
	pg_db *d = PG(base);
	if (d->msg[0])
		return d->msg;
	const char *m = PQerrorMessage(d->c);
	return m && *m ? m : "no error";
}

/* ---- statements ----------------------------------------------------------- */

static size_t cache_slot(const pg_db *d, const char *sql)
{
	size_t h = ((uintptr_t)sql >> 3) * 0x9E3779B97F4A7C15u;
	for (size_t i = h & (PG_CACHE_SLOTS - 1);; i = (i + 1) & (PG_CACHE_SLOTS - 1)) {
		int k = d->slot[i];
		if (k == 0 || d->cache[k - 1]->sql == sql)
			return i;
	}
}

static db_stmt *pg_prepare(db *base, const char *sql)
{
	pg_db *d = PG(base);
	size_t slot = cache_slot(d, sql);
	if (d->slot[slot]) {
		pg_stmt *s = d->cache[d->slot[slot] - 1];
		stmt_clear(s);
		return &s->base;
	}
	if (d->ncache == PG_CACHE_MAX) {
		snprintf(d->msg, sizeof d->msg, "statement cache full");
		return NULL;
	}
	pg_stmt *s = calloc(1, sizeof *s);
	if (!s || !(s->text = db_pg_translate(sql, 0, &s->nparams))) {
		free(s);
		snprintf(d->msg, sizeof d->msg, "out of memory");
		return NULL;
	}
	s->vals = calloc((size_t)s->nparams + 1, sizeof *s->vals);
	s->kinds = calloc((size_t)s->nparams + 1, 1);
	if (!s->vals || !s->kinds) {
		free(s->vals);
		free(s->kinds);
		free(s->text);
		free(s);
		snprintf(d->msg, sizeof d->msg, "out of memory");
		return NULL;
	}
	s->base.owner = base;
	s->sql = sql;
	s->row = -1;
	snprintf(s->name, sizeof s->name, "td%d", d->ncache + 1);
	d->cache[d->ncache++] = s;
	d->slot[slot] = (int16_t)d->ncache;
	d->msg[0] = 0;
	return &s->base;
}

static void pg_reset(db_stmt *s) { stmt_clear(ST(s)); }

static void bind(db_stmt *base, int idx, int kind, char *v)
{
	pg_stmt *s = ST(base);
	if (idx < 1 || idx > s->nparams) {
		free(v);
		return;
	}
	free(s->vals[idx - 1]);
	s->vals[idx - 1] = v;
	s->kinds[idx - 1] = (unsigned char)(v ? kind : K_NULL);
}

static void pg_bind_int(db_stmt *s, int idx, int64_t v)
{
	char buf[24];
	snprintf(buf, sizeof buf, "%lld", (long long)v);
	bind(s, idx, K_INT, strdup(buf));
}

static void pg_bind_double(db_stmt *s, int idx, double v)
{
	char buf[32];
	snprintf(buf, sizeof buf, "%.17g", v);
	bind(s, idx, K_DOUBLE, strdup(buf));
}

static void pg_bind_text(db_stmt *s, int idx, const char *v) { bind(s, idx, K_TEXT, v ? strdup(v) : NULL); }
static void pg_bind_null(db_stmt *s, int idx) { bind(s, idx, K_NULL, NULL); }

/* Prepares s on the current connection. The server infers the parameter types
 * from the statement; where it cannot (a parameter with no context), the types
 * of the values bound now are declared instead. */
static tderr prepare_now(pg_db *d, pg_stmt *s)
{
	uint64_t t0 = now_us();
	PGresult *r = PQprepare(d->c, s->name, s->text, s->nparams, NULL);
	const char *st = PQresultErrorField(r, PG_DIAG_SQLSTATE);
	if (PQresultStatus(r) != PGRES_COMMAND_OK && st && strcmp(st, "42P18") == 0) {
		Oid *types = calloc((size_t)s->nparams + 1, sizeof *types);
		if (types) {
			for (int i = 0; i < s->nparams; i++)
				types[i] = s->kinds[i] == K_INT	   ? PG_INT8
					   : s->kinds[i] == K_DOUBLE ? PG_FLOAT8
								     : PG_TEXT;
			PQclear(r);
			r = PQprepare(d->c, s->name, s->text, s->nparams, types);
			free(types);
		}
	}
	d->time_us += now_us() - t0;
	tderr e = TD_OK;
	if (PQresultStatus(r) != PGRES_COMMAND_OK)
		e = fail(d, r, "prepare: ");
	else
		s->gen = d->gen;
	PQclear(r);
	return e;
}

/* 1 when the statement only reads, so running it again after a lost connection
 * cannot apply anything twice. */
static int read_only(const pg_stmt *s)
{
	const char *p = s->text;
	while (isspace((unsigned char)*p))
		p++;
	if (strncasecmp(p, "SELECT", 6) != 0 && strncasecmp(p, "WITH", 4) != 0)
		return 0;
	for (const char *w = p; *w; w++)
		if (strncasecmp(w, "INSERT", 6) == 0 || strncasecmp(w, "UPDATE", 6) == 0 ||
		    strncasecmp(w, "DELETE", 6) == 0)
			return 0;
	return 1;
}

static tderr execute(pg_db *d, pg_stmt *s)
{
	for (int attempt = 0;; attempt++) {
		if (d->in_tx ? conn_lost(d) : conn_lost_now(d)) {
			if (d->in_tx) {
				d->in_tx = 0;
				snprintf(d->msg, sizeof d->msg, "connection lost during a transaction");
				return TD_EUNAVAIL;
			}
			tderr e = reconnect(d);
			if (e)
				return e;
		}
		if (s->gen != d->gen) {
			tderr e = prepare_now(d, s);
			if (e) {
				if (conn_lost(d) && !d->in_tx && attempt == 0)
					continue; /* nothing was run */
				return e;
			}
		}
		uint64_t t0 = now_us();
		PGresult *r = PQexecPrepared(d->c, s->name, s->nparams, (const char *const *)s->vals,
					     NULL, NULL, 0);
		d->time_us += now_us() - t0;
		ExecStatusType st = PQresultStatus(r);
		if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK) {
			s->res = r;
			s->nrows = st == PGRES_TUPLES_OK ? PQntuples(r) : 0;
			s->row = -1;
			d->msg[0] = 0;
			return TD_OK;
		}
		tderr e = fail(d, r, "");
		PQclear(r);
		if (conn_lost(d) && !d->in_tx && attempt == 0 && read_only(s))
			continue; /* a read outside a transaction: safe to run again */
		if (conn_lost(d) && d->in_tx)
			d->in_tx = 0; /* the server rolled it back */
		return e;
	}
}

static int pg_step(db_stmt *base, tderr *err)
{
	pg_stmt *s = ST(base);
	pg_db *d = PG(base->owner);
	if (!s->res) {
		tderr e = execute(d, s);
		if (e) {
			if (err)
				*err = e;
			return -1;
		}
	}
	s->row++;
	return s->row < s->nrows ? DB_ROW : DB_DONE;
}

/* The result that describes the columns: the rows, else a description of the
 * prepared statement. */
static PGresult *shape(pg_stmt *s)
{
	if (s->res)
		return s->res;
	pg_db *d = PG(s->base.owner);
	if (!s->desc) {
		if (s->gen != d->gen && prepare_now(d, s) != TD_OK)
			return NULL;
		PGresult *r = PQdescribePrepared(d->c, s->name);
		if (PQresultStatus(r) != PGRES_COMMAND_OK) {
			PQclear(r);
			return NULL;
		}
		s->desc = r;
	}
	return s->desc;
}

static int pg_col_count(db_stmt *s)
{
	PGresult *r = shape(ST(s));
	return r ? PQnfields(r) : 0;
}

static const char *pg_col_name(db_stmt *s, int col)
{
	PGresult *r = shape(ST(s));
	return r && col >= 0 && col < PQnfields(r) ? PQfname(r, col) : NULL;
}

/* The text of the current row's column, NULL for SQL NULL or no row. */
static const char *cell(db_stmt *base, int col)
{
	pg_stmt *s = ST(base);
	if (!s->res || s->row < 0 || s->row >= s->nrows || col < 0 || col >= PQnfields(s->res) ||
	    PQgetisnull(s->res, s->row, col))
		return NULL;
	return PQgetvalue(s->res, s->row, col);
}

static int pg_col_is_null(db_stmt *s, int col) { return cell(s, col) == NULL; }

static double pg_col_double(db_stmt *s, int col)
{
	const char *v = cell(s, col);
	if (!v)
		return 0;
	if (v[0] == 't' && !v[1])
		return 1; /* booleans come as t / f */
	return strtod(v, NULL);
}

static int64_t pg_col_int(db_stmt *s, int col)
{
	const char *v = cell(s, col);
	if (!v || (v[0] == 'f' && !v[1]))
		return 0;
	if (v[0] == 't' && !v[1])
		return 1;
	char *end = NULL;
	long long x = strtoll(v, &end, 10);
	if (end && (*end == '.' || *end == 'e' || *end == 'E'))
		return (int64_t)strtod(v, NULL); /* a numeric or double, truncated like SQLite */
	return x;
}

static const char *pg_col_text(db_stmt *s, int col) { return cell(s, col); }

/* The kind of the current row's column by its PostgreSQL type oid. */
static db_type pg_col_type(db_stmt *base, int col)
{
	if (!cell(base, col))
		return DB_NULL;
	switch (PQftype(ST(base)->res, col)) {
	case 16: /* bool */
	case 20: /* int8 */
	case 21: /* int2 */
	case 23: /* int4 */
		return DB_INT;
	case 700:  /* float4 */
	case 701:  /* float8 */
	case 1700: /* numeric */
		return DB_REAL;
	default:
		return DB_TEXT;
	}
}

/* ---- transactions --------------------------------------------------------- */

/* BEGIN, then the row of tiendo_changes: one writer at a time across processes
 * (like SQLite's BEGIN IMMEDIATE) and the commit counter moved. */
static const char SQL_BEGIN[] =
	"BEGIN ISOLATION LEVEL READ COMMITTED;"
	"UPDATE tiendo_changes SET n = n + 1 WHERE id = 1;"
	"SELECT set_config('tiendo.counted', txid_current()::text, true)";

static tderr pg_begin(db *base)
{
	pg_db *d = PG(base);
	if (d->in_tx) {
		snprintf(d->msg, sizeof d->msg, "a transaction is already open");
		return TD_EINTERNAL;
	}
	for (int attempt = 0;; attempt++) {
		if (conn_lost_now(d)) {
			tderr e = reconnect(d);
			if (e)
				return e;
		}
		tderr e = run(d, SQL_BEGIN);
		if (!e) {
			d->in_tx = 1;
			return TD_OK;
		}
		if (conn_lost(d) && attempt == 0)
			continue; /* nothing was written yet: connect again and retry */
		if (!conn_lost(d))
			run(d, "ROLLBACK");
		return e;
	}
}

static void pg_rollback(db *base)
{
	pg_db *d = PG(base);
	if (!d->in_tx)
		return;
	d->in_tx = 0;
	if (!conn_lost(d))
		run(d, "ROLLBACK");
}

static tderr pg_commit(db *base)
{
	pg_db *d = PG(base);
	if (!d->in_tx) {
		snprintf(d->msg, sizeof d->msg, "no transaction to commit");
		return TD_EINTERNAL;
	}
	uint64_t t0 = now_us();
	PGresult *r = PQexec(d->c, "COMMIT");
	d->time_us += now_us() - t0;
	tderr e = TD_OK;
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		e = fail(d, r, "");
		if (conn_lost(d))
			snprintf(d->msg, sizeof d->msg,
				 "connection lost during COMMIT: outcome unknown, not retried");
	} else if (strcmp(PQcmdStatus(r), "ROLLBACK") == 0) {
		/* COMMIT of a transaction that had failed */
		snprintf(d->msg, sizeof d->msg, "the transaction had failed and was rolled back");
		e = TD_EINTERNAL;
	}
	PQclear(r);
	d->in_tx = 0;
	return e;
}

static int pg_in_tx(db *d) { return PG(d)->in_tx; }

static tderr pg_exec_script(db *base, const char *sql)
{
	pg_db *d = PG(base);
	char *text = db_pg_translate(sql, 1, NULL);
	if (!text) {
		snprintf(d->msg, sizeof d->msg, "out of memory");
		return TD_EINTERNAL;
	}
	tderr e = run(d, text);
	free(text);
	if (!e)
		e = run(d, SQL_TRIGGERS); /* tables the script created */
	return e;
}

static tderr pg_backup(db *d, const char *path, char *err, size_t errlen)
{
	(void)d, (void)path;
	snprintf(err, errlen,
		 "tiendo backup copies SQLite databases; for PostgreSQL use pg_dump "
		 "(pg_dump -Fc -f FILE DBNAME), which is consistent while the server runs");
	return TD_EINVALID;
}

/* After rows were inserted with their ids (tiendo copy): the identity sequence
 * of table moves past MAX(id), so the next insert without an id does not collide.
 * table comes from the project's own list; checked to be a plain name anyway. */
static tderr pg_after_bulk_ids(db *base, const char *table)
{
	pg_db *d = PG(base);
	size_t n = strlen(table);
	if (!n || n > 63 || strspn(table, "abcdefghijklmnopqrstuvwxyz_0123456789") != n) {
		snprintf(d->msg, sizeof d->msg, "bad table name");
		return TD_EINVALID;
	}
	char sql[256];
	snprintf(sql, sizeof sql,
		 "SELECT setval(pg_get_serial_sequence('%s', 'id'),"
		 " COALESCE((SELECT MAX(id) FROM %s), 0) + 1, false)",
		 table, table);
	return run(d, sql);
}

static const char *SQL_COUNTER = "SELECT n FROM tiendo_changes WHERE id = 1";

static tderr pg_change_counter(db *base, uint64_t *out)
{
	db_stmt *s = pg_prepare(base, SQL_COUNTER);
	if (!s)
		return TD_EINTERNAL;
	tderr e = TD_OK;
	int rc = pg_step(s, &e);
	if (rc == DB_ROW)
		*out = (uint64_t)pg_col_int(s, 0);
	pg_reset(s);
	return rc == DB_ROW ? TD_OK : (rc < 0 ? e : TD_EINTERNAL);
}

/* 1 when a notification's payload ("ORIGIN TABLE") is another process's change
 * to one of tables. */
static int notice_matches(const char *payload, const char *const *tables)
{
	const char *sp = strchr(payload, ' ');
	if (!sp)
		return 0;
	size_t on = (size_t)(sp - payload);
	if (on == strlen(origin) && strncmp(payload, origin, on) == 0)
		return 0;
	for (const char *const *t = tables; *t; t++)
		if (strcmp(sp + 1, *t) == 0)
			return 1;
	return 0;
}

static int pg_wait_commits(db *base, int timeout_ms, const char *const *tables)
{
	pg_db *d = PG(base);
	if (conn_lost(d) && reconnect(d) != TD_OK)
		return -1;
	if (!d->listening) {
		if (run(d, "LISTEN tiendo_changes") != TD_OK)
			return -1;
		d->listening = 1;
		if (d->listened)
			return 1; /* commits made while the connection was down were not heard */
		d->listened = 1;
	}
	int hit = 0;
	uint64_t end = now_us() + (uint64_t)(timeout_ms > 0 ? timeout_ms : 0) * 1000u;
	for (;;) {
		if (!PQconsumeInput(d->c))
			return -1;
		PGnotify *n;
		while ((n = PQnotifies(d->c)) != NULL) {
			hit |= notice_matches(n->extra, tables);
			PQfreemem(n);
		}
		uint64_t now = now_us();
		if (hit || now >= end)
			return hit;
		struct pollfd p = {.fd = PQsocket(d->c), .events = POLLIN};
		if (p.fd < 0)
			return -1;
		if (poll(&p, 1, (int)((end - now) / 1000u) + 1) < 0)
			return -1;
	}
}

static uint64_t pg_time_us(db *d) { return PG(d)->time_us; }

static const db_ops pg_ops = {
	.name = "postgresql",
	.close = pg_close,
	.errmsg = pg_errmsg,
	.prepare = pg_prepare,
	.reset = pg_reset,
	.bind_int = pg_bind_int,
	.bind_double = pg_bind_double,
	.bind_text = pg_bind_text,
	.bind_null = pg_bind_null,
	.step = pg_step,
	.col_count = pg_col_count,
	.col_name = pg_col_name,
	.col_type = pg_col_type,
	.after_bulk_ids = pg_after_bulk_ids,
	.col_is_null = pg_col_is_null,
	.col_int = pg_col_int,
	.col_double = pg_col_double,
	.col_text = pg_col_text,
	.begin = pg_begin,
	.commit = pg_commit,
	.rollback = pg_rollback,
	.in_tx = pg_in_tx,
	.exec_script = pg_exec_script,
	.backup = pg_backup,
	.change_counter = pg_change_counter,
	.wait_commits = pg_wait_commits,
	.time_us = pg_time_us,
};
