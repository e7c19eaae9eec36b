/* db.h — the storage contract. Handlers and store_* functions speak only this;
 * db_sqlite.c and db_pg.c implement it (db.c picks one by the url). SQL given here
 * is portable: '?' placeholders (numbered by the backend as it needs), RETURNING
 * for new ids, no backend-specific functions (docs/internals/POSTGRESQL.md).
 *
 * One db handle belongs to one thread at a time (one per worker thread). */
#ifndef TD_DB_H
#define TD_DB_H
#include <stddef.h>
#include <stdint.h>
#include "core/err.h"

typedef struct db db;
typedef struct db_stmt db_stmt;

enum { DB_ROW = 1, DB_DONE = 0 };

/* Opens the database named by url: a file path (SQLite, created if absent; an
 * optional "sqlite:" prefix) or "postgresql://..." / "postgres://..." (libpq
 * connection URI; the database must exist). Applies connection settings (SQLite:
 * WAL, synchronous=FULL, foreign keys, busy timeout; PostgreSQL: UTC, lock and
 * statement timeouts — docs/internals/POSTGRESQL.md). On failure returns an error,
 * *out is NULL and err holds a message. Close with db_close. */
tderr db_open(const char *url, db **out, char *err, size_t errlen);
/* 1 when url names a PostgreSQL database. */
int db_url_is_pg(const char *url);
/* Closes the handle and every statement it cached. Accepts NULL. */
void db_close(db *d);
/* Human-readable message of the last error on this handle (never NULL). */
const char *db_errmsg(db *d);

/* Prepares sql (cached per handle: the same sql text returns a reset statement).
 * The statement is owned by the handle; call db_reset when done, never free it.
 * NULL on error (see db_errmsg). */
db_stmt *db_prepare(db *d, const char *sql);
/* Resets bindings and cursor so the statement can be reused. Accepts NULL. */
void db_reset(db_stmt *s);

/* Binds parameter idx (1-based). Text is copied. A NULL text binds SQL NULL. */
void db_bind_int(db_stmt *s, int idx, int64_t v);
void db_bind_double(db_stmt *s, int idx, double v);
void db_bind_text(db_stmt *s, int idx, const char *v);
void db_bind_null(db_stmt *s, int idx);

/* Runs one step: DB_ROW, DB_DONE, or -1 with *err set (TD_ECONFLICT for a
 * unique/foreign-key violation, TD_EUNAVAIL when busy, TD_ENOSPACE when the disk is
 * full, TD_EINTERNAL otherwise). */
int db_step(db_stmt *s, tderr *err);

/* Number of result columns and the name of one (0-based; NULL when out of
 * range). Valid after db_prepare (SQLite) or after the first db_step
 * (both backends); the name stays valid until the next step or reset. */
int db_col_count(db_stmt *s);
const char *db_col_name(db_stmt *s, int col);

/* Column accessors for the current row, col 0-based. Text stays valid until the
 * next step or reset; NULL for SQL NULL. */
int db_col_is_null(db_stmt *s, int col);
int64_t db_col_int(db_stmt *s, int col);
double db_col_double(db_stmt *s, int col);
const char *db_col_text(db_stmt *s, int col);
/* The type of column col in the current row, for code that copies any table
 * (tiendo copy): the value as stored (SQLite) or as declared (PostgreSQL: integer
 * types DB_INT, real/double/numeric DB_REAL, anything else DB_TEXT); DB_NULL for
 * SQL NULL. */
typedef enum { DB_NULL = 0, DB_INT, DB_REAL, DB_TEXT } db_type;
db_type db_col_type(db_stmt *s, int col);
/* After rows were inserted into table with their ids given (tiendo copy): makes
 * later inserts that let the database choose the id continue after the largest
 * one. SQLite: nothing to do (INTEGER PRIMARY KEY takes MAX(id)+1); PostgreSQL:
 * advance the identity sequence of table.id past MAX(id). */
tderr db_after_bulk_ids(db *d, const char *table);

/* Transactions. begin is immediate (takes the write lock up front: one write
 * transaction at a time over the whole database, on PostgreSQL across processes
 * too). commit returns an error like db_step — on PostgreSQL TD_EUNAVAIL with
 * "outcome unknown" in db_errmsg when the connection broke during COMMIT (the
 * change may or may not be in; it is never retried). rollback accepts a handle
 * with no open transaction. */
tderr db_begin(db *d);
tderr db_commit(db *d);
void db_rollback(db *d);
/* 1 when a transaction is open on this handle. */
int db_in_tx(db *d);

/* Runs a script of ';'-separated statements without parameters (migrations). On
 * PostgreSQL the script's type names are translated first (POSTGRESQL.md). */
tderr db_exec_script(db *d, const char *sql);

/* Online backup of the whole database into path (a new SQLite file), safe while
 * other threads and processes write. PostgreSQL: TD_EINVALID with a message that
 * points to pg_dump. */
tderr db_backup(db *d, const char *path, char *err, size_t errlen);

/* A number that changes whenever another connection (another thread or process)
 * has committed a change since this handle last asked: caches compare it to know
 * when to forget. Cheap (no disk read in the common case). */
tderr db_change_counter(db *d, uint64_t *out);

/* A number that moves on after every commit made through any handle of this process
 * (db_commit, db_exec_script, db_after_bulk_ids, and every statement outside a
 * transaction that is not a query: one that begins with SELECT, or with WITH and has
 * none of the words INSERT, UPDATE, DELETE, REPLACE, MERGE), whatever its outcome:
 * with db_change_counter, which follows the other connections, caches of whole
 * answers know when to forget. */
uint64_t db_local_writes(void);

/* Waits up to timeout_ms for commits made by other processes that changed one of
 * tables (NULL-terminated names): 1 when there were some (all such commits so far
 * are consumed), 0 when none came, -1 when the backend cannot tell (SQLite) or the
 * connection failed. PostgreSQL: LISTEN/NOTIFY on a handle kept for this purpose. */
int db_wait_commits(db *d, int timeout_ms, const char *const *tables);

/* Name of the backend: "sqlite" or "postgresql". */
const char *db_backend(db *d);

/* Accumulated time spent in the database by this handle, in microseconds (metrics). */
uint64_t db_time_us(db *d);

#endif
