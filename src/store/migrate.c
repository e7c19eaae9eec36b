/* migrate.c — applies the embedded sql/NNN_name.sql files in order. */
#include "store/migrate.h"
#include "core/clock.h"
#include "embedded.h"
#include "store/store.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *SQL_MIGRATIONS_TABLE =
	"CREATE TABLE IF NOT EXISTS schema_migrations ("
	" version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)";
static const char *SQL_MIGRATIONS_MAX = "SELECT COALESCE(MAX(version), 0) FROM schema_migrations";
static const char *SQL_MIGRATIONS_INSERT =
	"INSERT INTO schema_migrations(version, name, applied_at) VALUES (?, ?, ?)";

static int file_version(const char *name)
{
	return (int)strtol(name, NULL, 10); /* "001_init.sql" -> 1 */
}

int migrate_latest(void)
{
	int v = 0;
	for (size_t i = 0; i < td_sql_migrations_count; i++)
		if (file_version(td_sql_migrations[i].path) > v)
			v = file_version(td_sql_migrations[i].path);
	return v;
}

static tderr read_version(db *d, int *version)
{
	db_stmt *s = db_prepare(d, SQL_MIGRATIONS_MAX);
	if (!s)
		return TD_EINTERNAL;
	int64_t v = 0;
	tderr e = store_one_int(s, &v);
	*version = (int)v;
	return e;
}

tderr migrate_current(db *d, int *version)
{
	tderr e = db_exec_script(d, SQL_MIGRATIONS_TABLE);
	if (e)
		return e;
	return read_version(d, version);
}

tderr migrate_apply(db *d, int *applied, char *err, size_t errlen)
{
	*applied = 0;
	int cur = 0;
	tderr e = migrate_current(d, &cur);
	if (e) {
		snprintf(err, errlen, "cannot read schema version: %s", db_errmsg(d));
		return e;
	}
	if (cur > migrate_latest()) {
		snprintf(err, errlen,
			 "the database has schema version %d, newer than this program (%d): use a newer tiendo",
			 cur, migrate_latest());
		return TD_ECONFLICT;
	}
	/* embedded files are sorted by name, so by number */
	for (size_t i = 0; i < td_sql_migrations_count; i++) {
		const embedded_file *f = &td_sql_migrations[i];
		int v = file_version(f->path);
		if (v <= cur)
			continue;
		char now[32];
		clock_iso(now, sizeof now);
		/* another process (a second server starting on the same PostgreSQL
		 * database) may have applied it meanwhile: look again under the write lock */
		int again = 0;
		if ((e = db_begin(d)) == TD_OK && (e = read_version(d, &again)) == TD_OK && again >= v) {
			db_rollback(d);
			continue;
		}
		if (e == TD_OK && (e = db_exec_script(d, (const char *)f->data)) == TD_OK) {
			db_stmt *s = db_prepare(d, SQL_MIGRATIONS_INSERT);
			if (!s) {
				e = TD_EINTERNAL;
			} else {
				db_bind_int(s, 1, v);
				db_bind_text(s, 2, f->path);
				db_bind_text(s, 3, now);
				e = store_exec(s);
			}
		}
		if (!e)
			e = db_commit(d);
		if (e) {
			snprintf(err, errlen, "migration %s failed: %s", f->path, db_errmsg(d));
			db_rollback(d);
			return e;
		}
		(*applied)++;
	}
	return TD_OK;
}
