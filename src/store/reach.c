/* reach.c — lookups for the access checks: the unit of a report or of a
 * follow-up record (an indicator's plan is indicators_plan_of). */
#include "store/reach.h"
#include "store/store.h"
#include <string.h>

/* Runs a one-column path query for id into path. */
static tderr path_query(db *d, const char *sql, int64_t id, char path[UNIT_PATH_MAX])
{
	db_stmt *s = db_prepare(d, sql);
	if (!s)
		return TD_EINTERNAL;
	db_bind_int(s, 1, id);
	tderr e = TD_OK;
	int rc = db_step(s, &e);
	if (rc == DB_ROW) {
		const char *p = db_col_text(s, 0);
		if (!p || strlen(p) >= UNIT_PATH_MAX)
			rc = -1, e = TD_EINTERNAL;
		else
			memcpy(path, p, strlen(p) + 1);
	}
	db_reset(s);
	if (rc < 0)
		return e;
	return rc == DB_ROW ? TD_OK : TD_ENOTFOUND;
}

static const char *SQL_REPORT_UNIT_PATH =
	"SELECT un.path FROM reports r JOIN org_units un ON un.id = r.unit_id WHERE r.id = ?";

tderr reach_report_unit_path(db *d, int64_t report_id, char path[UNIT_PATH_MAX])
{
	return path_query(d, SQL_REPORT_UNIT_PATH, report_id, path);
}

/* One named query per follow-up table: the table name never reaches SQL text
 * from outside. */
static const struct {
	const char *entity, *sql;
} record_paths[] = {
	{"tasks", "SELECT un.path FROM tasks t JOIN org_units un ON un.id = t.unit_id WHERE t.id = ?"},
	{"documents", "SELECT un.path FROM documents t JOIN org_units un ON un.id = t.unit_id WHERE t.id = ?"},
	{"budgets", "SELECT un.path FROM budgets t JOIN org_units un ON un.id = t.unit_id WHERE t.id = ?"},
	{"findings", "SELECT un.path FROM findings t JOIN org_units un ON un.id = t.unit_id WHERE t.id = ?"},
	{"inspections", "SELECT un.path FROM inspections t JOIN org_units un ON un.id = t.unit_id WHERE t.id = ?"},
	{"models", "SELECT un.path FROM models t JOIN org_units un ON un.id = t.unit_id WHERE t.id = ?"},
	{"activities", "SELECT un.path FROM activities t JOIN org_units un ON un.id = t.unit_id WHERE t.id = ?"},
};

tderr reach_record_unit_path(db *d, const char *entity, int64_t id, char path[UNIT_PATH_MAX])
{
	for (size_t i = 0; entity && i < sizeof record_paths / sizeof record_paths[0]; i++)
		if (strcmp(record_paths[i].entity, entity) == 0)
			return path_query(d, record_paths[i].sql, id, path);
	return TD_ENOTFOUND;
}
