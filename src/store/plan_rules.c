/* plan_rules.c — reading and writing a plan's reporting rules (plan_rules). Rules
 * apply when a report is created: existing reports keep their stored deadline. */
#include "store/plan_rules.h"
#include "store/sqlbind.h"
#include "store/store.h"
#include <stdio.h>
#include <string.h>

static const char *SQL_PLAN_EXISTS = "SELECT COUNT(*) FROM plans WHERE id = ?";
static const char *SQL_RULES_GET =
	"SELECT cutoff_day, deadline_days_month, deadline_days_quarter, deadline_days_half,"
	" deadline_days_nine, deadline_days_year, approval FROM plan_rules WHERE plan_id = ?";
static const char *SQL_RULES_UPSERT =
	"INSERT INTO plan_rules(plan_id, cutoff_day, deadline_days_month,"
	" deadline_days_quarter, deadline_days_half, deadline_days_nine, deadline_days_year,"
	" approval) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
	" ON CONFLICT (plan_id) DO UPDATE SET cutoff_day = excluded.cutoff_day,"
	" deadline_days_month = excluded.deadline_days_month,"
	" deadline_days_quarter = excluded.deadline_days_quarter,"
	" deadline_days_half = excluded.deadline_days_half,"
	" deadline_days_nine = excluded.deadline_days_nine,"
	" deadline_days_year = excluded.deadline_days_year, approval = excluded.approval";

/* The kinds in column order of SQL_RULES_GET and JSON order. */
static const period_kind KINDS[] = {PERIOD_MONTH, PERIOD_QUARTER, PERIOD_HALF, PERIOD_NINE,
				    PERIOD_YEAR};
#define NKINDS (sizeof KINDS / sizeof KINDS[0])

static int approval_valid(const char *a)
{
	return a && (strcmp(a, "parent") == 0 || strcmp(a, "owner") == 0);
}

plan_rules_set plan_rules_default(void)
{
	plan_rules_set r;
	memset(&r, 0, sizeof r);
	r.rules = period_default_rules();
	snprintf(r.approval, sizeof r.approval, "%s", "parent");
	r.is_default = 1;
	return r;
}

tderr plan_rules_get(db *d, int64_t plan_id, plan_rules_set *out)
{
	*out = plan_rules_default();
	db_stmt *s = db_prepare(d, SQL_PLAN_EXISTS);
	if (!s)
		return TD_EINTERNAL;
	db_bind_int(s, 1, plan_id);
	int64_t n = 0;
	tderr e = store_one_int(s, &n);
	if (e)
		return e;
	if (n == 0)
		return TD_ENOTFOUND;
	if (!(s = db_prepare(d, SQL_RULES_GET)))
		return TD_EINTERNAL;
	db_bind_int(s, 1, plan_id);
	int rc = db_step(s, &e);
	if (rc == DB_ROW) {
		plan_rules_set x = plan_rules_default();
		x.rules.cutoff_day = (int)db_col_int(s, 0);
		for (size_t i = 0; i < NKINDS; i++)
			x.rules.deadline_days[KINDS[i]] = (int)db_col_int(s, (int)i + 1);
		const char *ap = db_col_text(s, 6);
		/* a row the checks would refuse (edited by hand) stays the defaults, as
		 * report creation reads it */
		if (period_rules_check(&x.rules) == TD_OK)
			out->rules = x.rules;
		if (approval_valid(ap))
			snprintf(out->approval, sizeof out->approval, "%s", ap);
		out->is_default = 0;
	}
	db_reset(s);
	return rc < 0 ? e : TD_OK;
}

json_t *plan_rules_json(int64_t plan_id, const plan_rules_set *r)
{
	json_t *o = json_object();
	json_object_set_new(o, "plan_id", json_integer(plan_id));
	json_object_set_new(o, "cutoff_day", json_integer(r->rules.cutoff_day));
	json_t *days = json_object();
	for (size_t i = 0; i < NKINDS; i++)
		json_object_set_new(days, period_kind_name(KINDS[i]),
				    json_integer(r->rules.deadline_days[KINDS[i]]));
	json_object_set_new(o, "deadline_days", days);
	json_object_set_new(o, "approval", json_string(r->approval));
	json_object_set_new(o, "is_default", json_boolean(r->is_default));
	return o;
}

tderr plan_rules_put(db *d, int64_t plan_id, const plan_rules_set *r)
{
	if (period_rules_check(&r->rules) != TD_OK || !approval_valid(r->approval))
		return TD_EINVALID;
	db_stmt *s = db_prepare(d, SQL_RULES_UPSERT);
	if (!s)
		return TD_EINTERNAL;
	sqlbind b = sb_start(s);
	sb_int(&b, plan_id);
	sb_int(&b, r->rules.cutoff_day);
	for (size_t i = 0; i < NKINDS; i++)
		sb_int(&b, r->rules.deadline_days[KINDS[i]]);
	sb_text(&b, r->approval);
	return store_exec(s);
}
