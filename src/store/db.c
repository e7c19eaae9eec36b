/* db.c — the entry points of db.h: db_open picks the backend by the url's scheme,
 * every other call goes through the handle's table of operations. */
#include "store/db_int.h"
#include <ctype.h>
#include <stdatomic.h>
#include <string.h>
#include <strings.h>

/* Moves on after each commit of this process (db_local_writes). */
static _Atomic uint64_t local_writes = 1;

uint64_t db_local_writes(void) { return atomic_load(&local_writes); }

static void wrote(void) { atomic_fetch_add(&local_writes, 1); }

/* 1 when word (upper case) stands in sql as a whole word, in any case. */
static int has_word(const char *sql, const char *word)
{
	size_t n = strlen(word);
	for (const char *p = sql; (p = strcasestr(p, word)); p += n) {
		int before = p > sql && (isalnum((unsigned char)p[-1]) || p[-1] == '_');
		int after = isalnum((unsigned char)p[n]) || p[n] == '_';
		if (!before && !after)
			return 1;
	}
	return 0;
}

/* 1 unless sql is a query: a SELECT, or a WITH whose text holds none of the words
 * of a change. Anything else (PRAGMA and VALUES included) counts as a write: a
 * statement that cannot be proved harmless does. */
static int sql_writes(const char *sql)
{
	while (*sql == ' ' || *sql == '\t' || *sql == '\n' || *sql == '\r' || *sql == '(')
		sql++;
	if (strncasecmp(sql, "SELECT", 6) == 0)
		return 0;
	if (strncasecmp(sql, "WITH", 4) != 0)
		return 1;
	static const char *const changes[] = {"INSERT", "UPDATE", "DELETE", "REPLACE", "MERGE"};
	for (size_t i = 0; i < sizeof changes / sizeof changes[0]; i++)
		if (has_word(sql, changes[i]))
			return 1;
	return 0;
}

int db_url_is_pg(const char *url)
{
	return url && (strncmp(url, "postgresql://", 13) == 0 || strncmp(url, "postgres://", 11) == 0);
}

tderr db_open(const char *url, db **out, char *err, size_t errlen)
{
	if (db_url_is_pg(url))
		return db_pg_open(url, out, err, errlen);
	if (url && strncmp(url, "sqlite:", 7) == 0)
		url += 7;
	return db_sqlite_open(url ? url : "", out, err, errlen);
}

void db_close(db *d)
{
	if (d)
		d->ops->close(d);
}

const char *db_errmsg(db *d) { return d ? d->ops->errmsg(d) : "no database"; }

db_stmt *db_prepare(db *d, const char *sql)
{
	db_stmt *s = d->ops->prepare(d, sql);
	if (s)
		s->writes = sql_writes(sql);
	return s;
}

/* A statement that may write, run outside a transaction, commits by itself (at its
 * last step or at its reset). */
static void after_statement(db_stmt *s)
{
	if (s->writes && !s->owner->ops->in_tx(s->owner))
		wrote();
}

void db_reset(db_stmt *s)
{
	if (s) {
		s->owner->ops->reset(s);
		after_statement(s);
	}
}

void db_bind_int(db_stmt *s, int idx, int64_t v) { s->owner->ops->bind_int(s, idx, v); }
void db_bind_double(db_stmt *s, int idx, double v) { s->owner->ops->bind_double(s, idx, v); }
void db_bind_text(db_stmt *s, int idx, const char *v) { s->owner->ops->bind_text(s, idx, v); }
void db_bind_null(db_stmt *s, int idx) { s->owner->ops->bind_null(s, idx); }

int db_step(db_stmt *s, tderr *err)
{
	int rc = s->owner->ops->step(s, err);
	after_statement(s);
	return rc;
}

int db_col_count(db_stmt *s) { return s->owner->ops->col_count(s); }
const char *db_col_name(db_stmt *s, int col) { return s->owner->ops->col_name(s, col); }
db_type db_col_type(db_stmt *s, int col) { return s->owner->ops->col_type(s, col); }

tderr db_after_bulk_ids(db *d, const char *table)
{
	tderr e = d->ops->after_bulk_ids(d, table);
	wrote();
	return e;
}

int db_col_is_null(db_stmt *s, int col) { return s->owner->ops->col_is_null(s, col); }
int64_t db_col_int(db_stmt *s, int col) { return s->owner->ops->col_int(s, col); }
double db_col_double(db_stmt *s, int col) { return s->owner->ops->col_double(s, col); }
const char *db_col_text(db_stmt *s, int col) { return s->owner->ops->col_text(s, col); }
tderr db_begin(db *d) { return d->ops->begin(d); }

tderr db_commit(db *d)
{
	tderr e = d->ops->commit(d);
	wrote(); /* after: an answer computed meanwhile is not kept under the new number */
	return e;
}


void db_rollback(db *d)
{
	if (d)
		d->ops->rollback(d);
}

int db_in_tx(db *d) { return d->ops->in_tx(d); }

tderr db_exec_script(db *d, const char *sql)
{
	tderr e = d->ops->exec_script(d, sql);
	wrote();
	return e;
}


tderr db_backup(db *d, const char *path, char *err, size_t errlen)
{
	return d->ops->backup(d, path, err, errlen);
}

tderr db_change_counter(db *d, uint64_t *out) { return d->ops->change_counter(d, out); }

int db_wait_commits(db *d, int timeout_ms, const char *const *tables)
{
	return d->ops->wait_commits(d, timeout_ms, tables);
}

const char *db_backend(db *d) { return d ? d->ops->name : "none"; }
uint64_t db_time_us(db *d) { return d ? d->ops->time_us(d) : 0; }
