/* db_ids.c — db_after_bulk_ids (db.h): the one step of a bulk copy that differs by
 * backend, written with db.h alone so it needs nothing from either backend. */
#include "store/db.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* PostgreSQL: the next id the identity sequence hands out is MAX(id) + 1 (1 for an
 * empty table). pg_get_serial_sequence answers NULL for a table without an identity
 * id, and setval(NULL, ...) does nothing. */
static const char *SQL_PG_ADVANCE =
	"SELECT setval(pg_get_serial_sequence(?, 'id'), COALESCE((SELECT MAX(id) FROM %s), 0) + 1, false)";

tderr db_after_bulk_ids(db *d, const char *table)
{
	if (strcmp(db_backend(d), "postgresql") != 0)
		return TD_OK; /* SQLite: INTEGER PRIMARY KEY takes MAX(id) + 1 by itself */
	/* the table name is an identifier from the program's own table list (tables.c),
	 * never input; statements are cached by the address of their text, so each
	 * table's text is built once and kept for the life of the process (one
	 * thread: the copy command) */
	static struct {
		char name[64];
		char *sql;
	} built[64];
	char *sql = NULL;
	for (size_t i = 0; i < sizeof built / sizeof built[0] && !sql; i++) {
		if (!built[i].sql) {
			if (strlen(table) >= sizeof built[i].name ||
			    asprintf(&built[i].sql, SQL_PG_ADVANCE, table) < 0) {
				built[i].sql = NULL;
				return TD_EINTERNAL;
			}
			snprintf(built[i].name, sizeof built[i].name, "%s", table);
		}
		if (strcmp(built[i].name, table) == 0)
			sql = built[i].sql;
	}
	db_stmt *s = sql ? db_prepare(d, sql) : NULL;
	if (!s)
		return TD_EINTERNAL;
	db_bind_text(s, 1, table);
	tderr e = TD_OK;
	int rc = db_step(s, &e);
	db_reset(s);
	return rc < 0 ? (e ? e : TD_EINTERNAL) : TD_OK;
}
