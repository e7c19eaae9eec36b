/* db_sqlite.c — the SQLite backend of db.h: WAL, synchronous=FULL, foreign keys,
 * a busy timeout, and a per-handle cache of prepared statements keyed by the
 * (constant) SQL text. */
#include "store/db.h"
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define DB_CACHE_MAX 1024   /* distinct SQL texts per handle */
#define DB_CACHE_SLOTS 2048 /* open-addressing index over the cache, power of two */
#define DB_BUSY_MS 5000

struct db_stmt {
	sqlite3_stmt *st;
	const char *sql; /* the caller's constant, compared by pointer then text */
	db *owner;
};

struct db {
	sqlite3 *h;
	db_stmt cache[DB_CACHE_MAX];
	int ncache;
	int16_t slot[DB_CACHE_SLOTS]; /* index into cache + 1; 0 = empty */
	uint64_t time_us;
	char msg[256];
};

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

static tderr exec_simple(db *d, const char *sql)
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

tderr db_open(const char *url, db **out, char *err, size_t errlen)
{
	*out = NULL;
	if (!url || strncmp(url, "postgres", 8) == 0) {
		snprintf(err, errlen, "PostgreSQL is not built into this binary");
		return TD_EINTERNAL;
	}
	const char *path = strncmp(url, "sqlite:", 7) == 0 ? url + 7 : url;
	db *d = calloc(1, sizeof *d);
	if (!d) {
		snprintf(err, errlen, "out of memory");
		return TD_EINTERNAL;
	}
	int rc = sqlite3_open_v2(path, &d->h,
				 SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", path, d->h ? sqlite3_errmsg(d->h) : "cannot open");
		db_close(d);
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
		db_close(d);
		return TD_EINTERNAL;
	}
	*out = d;
	return TD_OK;
}

void db_close(db *d)
{
	if (!d)
		return;
	for (int i = 0; i < d->ncache; i++)
		sqlite3_finalize(d->cache[i].st);
	if (d->h)
		sqlite3_close(d->h);
	free(d);
}

const char *db_errmsg(db *d)
{
	if (!d)
		return "no database";
	if (d->msg[0])
		return d->msg;
	return sqlite3_errmsg(d->h);
}

/* Slot of sql in the index: where it is, or the empty slot where it belongs. The
 * key is the address of the caller's constant. */
static size_t cache_slot(const db *d, const char *sql)
{
	size_t h = ((uintptr_t)sql >> 3) * 0x9E3779B97F4A7C15u;
	for (size_t i = h & (DB_CACHE_SLOTS - 1);; i = (i + 1) & (DB_CACHE_SLOTS - 1)) {
		int k = d->slot[i];
		if (k == 0 || d->cache[k - 1].sql == sql)
			return i;
	}
}

db_stmt *db_prepare(db *d, const char *sql)
{
	size_t slot = cache_slot(d, sql);
	if (d->slot[slot]) {
		db_stmt *s = &d->cache[d->slot[slot] - 1];
		sqlite3_reset(s->st);
		sqlite3_clear_bindings(s->st);
		return s;
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
	db_stmt *s = &d->cache[d->ncache++];
	s->st = st;
	s->sql = sql;
	s->owner = d;
	d->slot[slot] = (int16_t)d->ncache;
	return s;
}

void db_reset(db_stmt *s)
{
	if (!s)
		return;
	sqlite3_reset(s->st);
	sqlite3_clear_bindings(s->st);
}

void db_bind_int(db_stmt *s, int idx, int64_t v) { sqlite3_bind_int64(s->st, idx, v); }
void db_bind_double(db_stmt *s, int idx, double v) { sqlite3_bind_double(s->st, idx, v); }
void db_bind_null(db_stmt *s, int idx) { sqlite3_bind_null(s->st, idx); }

void db_bind_text(db_stmt *s, int idx, const char *v)
{
	if (v)
		sqlite3_bind_text(s->st, idx, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(s->st, idx);
}

int db_step(db_stmt *s, tderr *err)
{
	uint64_t t0 = now_us();
	int rc = sqlite3_step(s->st);
	s->owner->time_us += now_us() - t0;
	if (rc == SQLITE_ROW)
		return DB_ROW;
	if (rc == SQLITE_DONE)
		return DB_DONE;
	snprintf(s->owner->msg, sizeof s->owner->msg, "%s", sqlite3_errmsg(s->owner->h));
	if (err)
		*err = map_rc(sqlite3_extended_errcode(s->owner->h));
	sqlite3_reset(s->st);
	return -1;
}

int db_col_is_null(db_stmt *s, int col) { return sqlite3_column_type(s->st, col) == SQLITE_NULL; }
int64_t db_col_int(db_stmt *s, int col) { return sqlite3_column_int64(s->st, col); }
double db_col_double(db_stmt *s, int col) { return sqlite3_column_double(s->st, col); }
const char *db_col_text(db_stmt *s, int col) { return (const char *)sqlite3_column_text(s->st, col); }

int db_col_count(db_stmt *s) { return sqlite3_column_count(s->st); }
const char *db_col_name(db_stmt *s, int col) { return sqlite3_column_name(s->st, col); }

db_type db_col_type(db_stmt *s, int col)
{
	switch (sqlite3_column_type(s->st, col)) {
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
tderr db_after_bulk_ids(db *d, const char *table)
{
	(void)d;
	(void)table;
	return TD_OK;
}

tderr db_begin(db *d) { return exec_simple(d, "BEGIN IMMEDIATE"); }

tderr db_commit(db *d)
{
	tderr e = exec_simple(d, "COMMIT");
	if (e != TD_OK)
		db_rollback(d);
	return e;
}

void db_rollback(db *d)
{
	if (!sqlite3_get_autocommit(d->h))
		exec_simple(d, "ROLLBACK");
}

int db_in_tx(db *d) { return !sqlite3_get_autocommit(d->h); }

tderr db_exec_script(db *d, const char *sql) { return exec_simple(d, sql); }

tderr db_backup(db *d, const char *path, char *err, size_t errlen)
{
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

tderr db_change_counter(db *d, uint64_t *out)
{
	db_stmt *s = db_prepare(d, SQL_DATA_VERSION);
	if (!s)
		return TD_EINTERNAL;
	tderr e = TD_OK;
	int rc = db_step(s, &e);
	if (rc == DB_ROW)
		*out = (uint64_t)db_col_int(s, 0);
	db_reset(s);
	return rc == DB_ROW ? TD_OK : (rc < 0 ? e : TD_EINTERNAL);
}

const char *db_backend(db *d)
{
	(void)d;
	return "sqlite";
}

uint64_t db_time_us(db *d) { return d ? d->time_us : 0; }
