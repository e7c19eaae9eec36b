/* db_sqlite.c — the SQLite backend of db.h: WAL, synchronous=FULL, foreign keys,
 * a busy timeout, and a per-handle cache of prepared statements keyed by the
 * (constant) SQL text. */
#include "store/db_int.h"
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define DB_CACHE_MAX 1024   /* distinct SQL texts per handle */
#define DB_CACHE_SLOTS 2048 /* open-addressing index over the cache, power of two */
#define DB_BUSY_MS 5000

typedef struct sq_stmt {
	db_stmt base;
	sqlite3_stmt *st;
	const char *sql; /* the caller's constant, compared by pointer then text */
} sq_stmt;

typedef struct sq_db {
	db base;
	sqlite3 *h;
	sq_stmt cache[DB_CACHE_MAX];
	int ncache;
	int16_t slot[DB_CACHE_SLOTS]; /* index into cache + 1; 0 = empty */
	uint64_t time_us;
	char msg[256];
} sq_db;

#define SQ(d) ((sq_db *)(d))
#define ST(s) ((sq_stmt *)(s))
static const db_ops sq_ops;

static uint64_t now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

static tderr map_rc(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_OK:
	case SQLITE_ROW:
	case SQLITE_DONE:
		return TD_OK;
	case SQLITE_CONSTRAINT:
		return TD_ECONFLICT;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return TD_EUNAVAIL;
	case SQLITE_FULL:
		return TD_ENOSPACE;
	case SQLITE_IOERR:
		/* a full disk shows up as an I/O error on some writes */
		return (rc == SQLITE_IOERR_WRITE || rc == SQLITE_IOERR_FSYNC) ? TD_ENOSPACE : TD_EINTERNAL;
	default:
		return TD_EINTERNAL;
	}
}

static tderr exec_simple(sq_db *d, const char *sql)
{
	char *em = NULL;
	uint64_t t0 = now_us();
	int rc = sqlite3_exec(d->h, sql, NULL, NULL, &em);
	d->time_us += now_us() - t0;
	if (rc != SQLITE_OK) {
		snprintf(d->msg, sizeof d->msg, "%s", em ? em : sqlite3_errmsg(d->h));
		sqlite3_free(em);
		return map_rc(rc);
	}
	return TD_OK;
}

static void sq_close(db *base);

tderr db_sqlite_open(const char *path, db **out, char *err, size_t errlen)
{
	*out = NULL;
	sq_db *d = calloc(1, sizeof *d);
	if (!d) {
		snprintf(err, errlen, "out of memory");
		return TD_EINTERNAL;
	}
	int rc = sqlite3_open_v2(path, &d->h,
				 SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", path, d->h ? sqlite3_errmsg(d->h) : "cannot open");
		sq_close(&d->base);
		return TD_EINTERNAL;
	}
	sqlite3_extended_result_codes(d->h, 1);
	sqlite3_busy_timeout(d->h, DB_BUSY_MS);
	static const char *pragmas =
		"PRAGMA journal_mode=WAL;"
		"PRAGMA synchronous=FULL;"
		"PRAGMA foreign_keys=ON;"
		"PRAGMA temp_store=MEMORY;";
	if (exec_simple(d, pragmas) != TD_OK) {
		snprintf(err, errlen, "%s: %s", path, d->msg);
		sq_close(&d->base);
		return TD_EINTERNAL;
	}
	d->base.ops = &sq_ops;
	*out = &d->base;
	return TD_OK;
}

static void sq_close(db *base)
{
	sq_db *d = SQ(base);
	for (int i = 0; i < d->ncache; i++)
		sqlite3_finalize(d->cache[i].st);
	if (d->h)
		sqlite3_close(d->h);
	free(d);
}

static const char *sq_errmsg(db *base)
{
	sq_db *d = SQ(base);
	if (d->msg[0])
		return d->msg;
	return sqlite3_errmsg(d->h);
}

/* Slot of sql in the index: where it is, or the empty slot where it belongs. The
 * key is the address of the caller's constant. */
static size_t cache_slot(const sq_db *d, const char *sql)
{
	size_t h = ((uintptr_t)sql >> 3) * 0x9E3779B97F4A7C15u;
	for (size_t i = h & (DB_CACHE_SLOTS - 1);; i = (i + 1) & (DB_CACHE_SLOTS - 1)) {
		int k = d->slot[i];
		if (k == 0 || d->cache[k - 1].sql == sql)
			return i;
	}
}

static db_stmt *sq_prepare(db *base, const char *sql)
{
	sq_db *d = SQ(base);
	size_t slot = cache_slot(d, sql);
	if (d->slot[slot]) {
		sq_stmt *s = &d->cache[d->slot[slot] - 1];
		sqlite3_reset(s->st);
		sqlite3_clear_bindings(s->st);
		return &s->base;
	}
	if (d->ncache == DB_CACHE_MAX) {
		snprintf(d->msg, sizeof d->msg, "statement cache full");
		return NULL;
	}
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v3(d->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL);
	if (rc != SQLITE_OK) {
		snprintf(d->msg, sizeof d->msg, "prepare: %s", sqlite3_errmsg(d->h));
		return NULL;
	}
	d->msg[0] = 0;
	sq_stmt *s = &d->cache[d->ncache++];
	s->st = st;
	s->sql = sql;
	s->base.owner = base;
	d->slot[slot] = (int16_t)d->ncache;
	return &s->base;
}

static void sq_reset(db_stmt *s)
{
	sqlite3_reset(ST(s)->st);
	sqlite3_clear_bindings(ST(s)->st);
}

static void sq_bind_int(db_stmt *s, int idx, int64_t v) { sqlite3_bind_int64(ST(s)->st, idx, v); }
static void sq_bind_double(db_stmt *s, int idx, double v) { sqlite3_bind_double(ST(s)->st, idx, v); }
static void sq_bind_null(db_stmt *s, int idx) { sqlite3_bind_null(ST(s)->st, idx); }

static void sq_bind_text(db_stmt *s, int idx, const char *v)
{
	if (v)
		sqlite3_bind_text(ST(s)->st, idx, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(ST(s)->st, idx);
}

static int sq_step(db_stmt *s, tderr *err)
{
	sq_db *d = SQ(s->owner);
	uint64_t t0 = now_us();
	int rc = sqlite3_step(ST(s)->st);
	d->time_us += now_us() - t0;
	if (rc == SQLITE_ROW)
		return DB_ROW;
	if (rc == SQLITE_DONE)
		return DB_DONE;
	snprintf(d->msg, sizeof d->msg, "%s", sqlite3_errmsg(d->h));
	if (err)
		*err = map_rc(sqlite3_extended_errcode(d->h));
	sqlite3_reset(ST(s)->st);
	return -1;
}

static int sq_col_count(db_stmt *s) { return sqlite3_column_count(ST(s)->st); }
static const char *sq_col_name(db_stmt *s, int col) { return sqlite3_column_name(ST(s)->st, col); }

static db_type sq_col_type(db_stmt *s, int col)
{
	switch (sqlite3_column_type(ST(s)->st, col)) {
	case SQLITE_NULL:
		return DB_NULL;
	case SQLITE_INTEGER:
		return DB_INT;
	case SQLITE_FLOAT:
		return DB_REAL;
	default:
		return DB_TEXT; /* text; the schema has no blobs */
	}
}

/* INTEGER PRIMARY KEY takes MAX(id) + 1 by itself: nothing to advance. */
static tderr sq_after_bulk_ids(db *d, const char *table)
{
	(void)d;
	(void)table;
	return TD_OK;
}
static int sq_col_is_null(db_stmt *s, int col) { return sqlite3_column_type(ST(s)->st, col) == SQLITE_NULL; }
static int64_t sq_col_int(db_stmt *s, int col) { return sqlite3_column_int64(ST(s)->st, col); }
static double sq_col_double(db_stmt *s, int col) { return sqlite3_column_double(ST(s)->st, col); }

static const char *sq_col_text(db_stmt *s, int col)
{
	return (const char *)sqlite3_column_text(ST(s)->st, col);
}

static tderr sq_begin(db *d) { return exec_simple(SQ(d), "BEGIN IMMEDIATE"); }

static void sq_rollback(db *d)
{
	if (!sqlite3_get_autocommit(SQ(d)->h))
		exec_simple(SQ(d), "ROLLBACK");
}

static tderr sq_commit(db *d)
{
	tderr e = exec_simple(SQ(d), "COMMIT");
	if (e != TD_OK)
		sq_rollback(d);
	return e;
}

static int sq_in_tx(db *d) { return !sqlite3_get_autocommit(SQ(d)->h); }
static tderr sq_exec_script(db *d, const char *sql) { return exec_simple(SQ(d), sql); }

static tderr sq_backup(db *base, const char *path, char *err, size_t errlen)
{
	sq_db *d = SQ(base);
	sqlite3 *dst = NULL;
	int rc = sqlite3_open(path, &dst);
	if (rc != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", path, sqlite3_errmsg(dst));
		sqlite3_close(dst);
		return TD_EINTERNAL;
	}
	sqlite3_backup *b = sqlite3_backup_init(dst, "main", d->h, "main");
	if (!b) {
		snprintf(err, errlen, "%s", sqlite3_errmsg(dst));
		sqlite3_close(dst);
		return TD_EINTERNAL;
	}
	/* copy in steps so writers are not blocked for the whole copy; a write by
	 * another connection restarts the copy, which then sees a consistent state */
	do {
		rc = sqlite3_backup_step(b, 256);
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
			sqlite3_sleep(20);
	} while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
	sqlite3_backup_finish(b);
	tderr e = TD_OK;
	if (rc != SQLITE_DONE) {
		snprintf(err, errlen, "%s", sqlite3_errmsg(dst));
		e = map_rc(rc);
		if (e == TD_OK)
			e = TD_EINTERNAL;
	}
	sqlite3_close(dst);
	return e;
}

static const char *SQL_DATA_VERSION = "PRAGMA data_version";

static tderr sq_change_counter(db *d, uint64_t *out)
{
	db_stmt *s = sq_prepare(d, SQL_DATA_VERSION);
	if (!s)
		return TD_EINTERNAL;
	tderr e = TD_OK;
	int rc = sq_step(s, &e);
	if (rc == DB_ROW)
		*out = (uint64_t)sq_col_int(s, 0);
	sq_reset(s);
	return rc == DB_ROW ? TD_OK : (rc < 0 ? e : TD_EINTERNAL);
}

/* Other processes on the same file are not followed (data_version also moves on
 * this process's own commits, so it cannot tell them apart). */
static int sq_wait_commits(db *d, int timeout_ms, const char *const *tables)
{
	(void)d, (void)timeout_ms, (void)tables;
	return -1;
}

static uint64_t sq_time_us(db *d) { return SQ(d)->time_us; }

static const db_ops sq_ops = {
	.name = "sqlite",
	.close = sq_close,
	.errmsg = sq_errmsg,
	.prepare = sq_prepare,
	.reset = sq_reset,
	.bind_int = sq_bind_int,
	.bind_double = sq_bind_double,
	.bind_text = sq_bind_text,
	.bind_null = sq_bind_null,
	.step = sq_step,
	.col_count = sq_col_count,
	.col_name = sq_col_name,
	.col_type = sq_col_type,
	.after_bulk_ids = sq_after_bulk_ids,
	.col_is_null = sq_col_is_null,
	.col_int = sq_col_int,
	.col_double = sq_col_double,
	.col_text = sq_col_text,
	.begin = sq_begin,
	.commit = sq_commit,
	.rollback = sq_rollback,
	.in_tx = sq_in_tx,
	.exec_script = sq_exec_script,
	.backup = sq_backup,
	.change_counter = sq_change_counter,
	.wait_commits = sq_wait_commits,
	.time_us = sq_time_us,
};
