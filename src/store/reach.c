/* reach.c — lookups for the access checks: an indicator's plan, a report's unit. */
#include "store/reach.h"
#include "store/store.h"
#include <string.h>

static const char *SQL_INDICATOR_PLAN = "SELECT plan_id FROM indicators WHERE id = ?";

tderr reach_indicator_plan(db *d, int64_t indicator_id, int64_t *plan_id)
{
	db_stmt *s = db_prepare(d, SQL_INDICATOR_PLAN);
	if (!s)
		return TD_EINTERNAL;
	db_bind_int(s, 1, indicator_id);
	return store_one_int(s, plan_id);
}

static const char *SQL_REPORT_UNIT_PATH =
	"SELECT un.path FROM reports r JOIN org_units un ON un.id = r.unit_id WHERE r.id = ?";

tderr reach_report_unit_path(db *d, int64_t report_id, char path[UNIT_PATH_MAX])
{
	db_stmt *s = db_prepare(d, SQL_REPORT_UNIT_PATH);
	if (!s)
		return TD_EINTERNAL;
	db_bind_int(s, 1, report_id);
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
