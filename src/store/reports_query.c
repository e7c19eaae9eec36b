/* reports_query.c — reports seen many at a time: the list with its filters (the
 * approver's inbox, overdue reports), and completeness: which organisations of
 * the plan's system under a unit have reported a period, on time or late, and
 * which have not. */
#include "core/clock.h"
#include "store/reports.h"
#include "store/sqlbind.h"
#include "store/store.h"
#include <stdio.h>
#include <string.h>

#define REPORT_LIST_COLS                                                                   \
	"r.id, p.id, p.code, p.title, o.id, o.name, un.code, un.name, r.period, r.status,"   \
	" r.deadline, r.submitted_at, r.version, r.updated_at"
#define REPORT_LIST_FROM                                                                   \
	" FROM reports r JOIN plans p ON p.id = r.plan_id"                                  \
	" JOIN organizations o ON o.id = r.organization_id"                                 \
	" JOIN org_units un ON un.id = r.unit_id"                                           \
	" LEFT JOIN plan_rules pr ON pr.plan_id = r.plan_id"
/* Filters: viewer's read scope (2), plan (2), organisation (2), unit subtree (2),
 * period (2), status (2), overdue (2), inbox (6): the approver rule of reports.h
 * for the viewer's organisation, unit and system. */
#define REPORT_LIST_WHERE                                                                  \
	" WHERE (un.path LIKE (? || '%') OR ? LIKE (un.path || '%'))"                        \
	" AND (CAST(? AS INTEGER) IS NULL OR r.plan_id = ?)"                                 \
	" AND (CAST(? AS INTEGER) IS NULL OR r.organization_id = ?)"                         \
	" AND (CAST(? AS TEXT) IS NULL OR un.path LIKE (? || '%'))"                          \
	" AND (CAST(? AS TEXT) IS NULL OR r.period = ?)"                                     \
	" AND (CAST(? AS TEXT) IS NULL OR r.status = ?)"                                     \
	" AND (? = 0 OR (r.submitted_at IS NULL AND r.deadline < ?))"                        \
	" AND (? = 0 OR (r.status = 'submitted' AND ? = 1 AND ("                             \
	"   (COALESCE(pr.approval, 'parent') = 'owner' AND p.owner_id = ?)"                   \
	"   OR (COALESCE(pr.approval, 'parent') <> 'owner' AND ("                            \
	"     (un.parent_id IS NULL AND r.organization_id = ?)"                               \
	"     OR (un.parent_id = ? AND o.system = ?))))))"

#define REPORT_LIST_SELECT "SELECT " REPORT_LIST_COLS REPORT_LIST_FROM REPORT_LIST_WHERE
static const char *SQL_REPORTS_BY_PERIOD =
	REPORT_LIST_SELECT " ORDER BY r.period DESC, un.depth, un.sort_key, r.id LIMIT ? OFFSET ?";
static const char *SQL_REPORTS_BY_DEADLINE =
	REPORT_LIST_SELECT " ORDER BY r.deadline, un.depth, un.sort_key, r.id LIMIT ? OFFSET ?";
static const char *SQL_REPORTS_BY_UPDATED =
	REPORT_LIST_SELECT " ORDER BY r.updated_at DESC, r.id DESC LIMIT ? OFFSET ?";
static const char *SQL_REPORTS_COUNT =
	"SELECT COUNT(*)" REPORT_LIST_FROM REPORT_LIST_WHERE;

static const char *list_sql(const char *sort)
{
	if (!sort || strcmp(sort, "-period") == 0)
		return SQL_REPORTS_BY_PERIOD;
	if (strcmp(sort, "deadline") == 0)
		return SQL_REPORTS_BY_DEADLINE;
	if (strcmp(sort, "-updated_at") == 0)
		return SQL_REPORTS_BY_UPDATED;
	return NULL;
}

static void bind_filters(sqlbind *b, const report_filter *f, const char *now)
{
	const td_user *u = f->viewer;
	/* a user without a unit path sees nothing rather than everything */
	const char *scope = u->unit_path ? u->unit_path : "-";
	sb_text(b, scope);
	sb_text(b, scope);
	sb_opt_int(b, f->has_plan, f->plan_id);
	sb_opt_int(b, f->has_plan, f->plan_id);
	sb_opt_int(b, f->has_org, f->org_id);
	sb_opt_int(b, f->has_org, f->org_id);
	sb_text(b, f->unit_path);
	sb_text(b, f->unit_path);
	sb_text(b, f->period);
	sb_text(b, f->period);
	sb_text(b, f->status);
	sb_text(b, f->status);
	sb_int(b, f->overdue ? 1 : 0);
	sb_text(b, now);
	sb_int(b, f->inbox ? 1 : 0);
	sb_int(b, u->role == ROLE_LEADER);
	sb_int(b, u->org_id);
	sb_int(b, u->org_id);
	sb_int(b, u->unit_id);
	sb_text(b, u->org_system ? u->org_system : "");
}

static json_t *list_row_json(db_stmt *s, const char *now)
{
	json_t *r = json_object();
	json_object_set_new(r, "id", json_integer(db_col_int(s, 0)));
	json_object_set_new(r, "plan",
			    json_pack("{s:I,s:o,s:o}", "id", (json_int_t)db_col_int(s, 1), "code",
				      store_col_str(s, 2), "title", store_col_str(s, 3)));
	json_object_set_new(r, "organization",
			    json_pack("{s:I,s:o}", "id", (json_int_t)db_col_int(s, 4), "name",
				      store_col_str(s, 5)));
	json_object_set_new(r, "unit",
			    json_pack("{s:o,s:o}", "code", store_col_str(s, 6), "name",
				      store_col_str(s, 7)));
	json_object_set_new(r, "period", store_col_str(s, 8));
	period p;
	char label[PERIOD_LABEL_SIZE] = "";
	if (period_parse(db_col_text(s, 8), &p) == TD_OK)
		period_label_vi(&p, label, sizeof label);
	json_object_set_new(r, "period_label", json_string(label));
	json_object_set_new(r, "status", store_col_str(s, 9));
	json_object_set_new(r, "deadline", store_col_str(s, 10));
	json_object_set_new(r, "submitted_at", store_col_str(s, 11));
	reports_put_timeliness(r, db_col_text(s, 10), db_col_text(s, 11), now);
	json_object_set_new(r, "version", json_integer(db_col_int(s, 12)));
	json_object_set_new(r, "updated_at", store_col_str(s, 13));
	return r;
}

tderr reports_list(db *d, const report_filter *f, json_t **items, int64_t *total)
{
	const char *sql = list_sql(f->sort);
	if (!sql || !f->viewer)
		return TD_EINVALID;
	char now[32];
	clock_iso(now, sizeof now);
	db_stmt *s = db_prepare(d, SQL_REPORTS_COUNT);
	if (!s)
		return TD_EINTERNAL;
	sqlbind b = sb_start(s);
	bind_filters(&b, f, now);
	tderr e = store_one_int(s, total);
	if (e)
		return e;
	if (!(s = db_prepare(d, sql)))
		return TD_EINTERNAL;
	b = sb_start(s);
	bind_filters(&b, f, now);
	sb_int(&b, f->limit);
	sb_int(&b, f->offset);
	json_t *arr = json_array();
	int rc;
	while ((rc = db_step(s, &e)) == DB_ROW)
		json_array_append_new(arr, list_row_json(s, now));
	db_reset(s);
	if (rc < 0) {
		json_decref(arr);
		return e;
	}
	*items = arr;
	return TD_OK;
}

/* ---- completeness ---- */

/* Every organisation of the system at a unit of the subtree that existed during
 * the period's data window, with its report of the period (if any). */
static const char *SQL_COMPLETENESS =
	"SELECT o.id, o.name, un.code, un.name, r.id, r.status, r.deadline, r.submitted_at"
	" FROM organizations o JOIN org_units un ON un.id = o.unit_id"
	" LEFT JOIN reports r ON r.organization_id = o.id AND r.unit_id = o.unit_id"
	"   AND r.plan_id = ? AND r.period = ?"
	" WHERE o.system = ? AND un.path LIKE (? || '%') AND un.valid_from <= ?"
	" AND (un.valid_to IS NULL OR un.valid_to >= ?)"
	" ORDER BY un.depth, un.sort_key, o.id";

typedef struct tally {
	int64_t expected, submitted, approved, on_time, late, overdue, missing;
} tally;

/* Counts one row into t; returns 1 when the organisation still owes the report. */
static int count_row(db_stmt *s, const char *deadline, const char *now, tally *t)
{
	const char *status = db_col_text(s, 5);
	const char *dl = db_col_text(s, 6) ? db_col_text(s, 6) : deadline;
	wf_status st = wf_status_from_name(status);
	wf_timeliness tl;
	t->expected++;
	if (st == WF_SUBMITTED || st == WF_APPROVED)
		t->submitted++;
	if (st == WF_APPROVED)
		t->approved++;
	if (wf_timeliness_of(dl, db_col_text(s, 7), now, &tl) == TD_OK) {
		t->on_time += tl.on_time == 1;
		t->late += tl.on_time == 0;
		t->overdue += tl.overdue;
	}
	return st != WF_SUBMITTED && st != WF_APPROVED;
}

static json_t *missing_json(db_stmt *s)
{
	return json_pack("{s:{s:o,s:o},s:{s:I,s:o},s:o,s:o}", "unit", "code", store_col_str(s, 2),
			 "name", store_col_str(s, 3), "organization", "id",
			 (json_int_t)db_col_int(s, 0), "name", store_col_str(s, 1), "report_id",
			 store_col_int(s, 4), "status", store_col_str(s, 5));
}

tderr reports_completeness(db *d, int64_t plan_id, const report_plan_info *pi,
			   const period *p, const char *unit_path, int64_t limit, int64_t offset,
			   json_t **out)
{
	char code[PERIOD_CODE_SIZE], deadline[PERIOD_DATETIME_SIZE];
	char from[PERIOD_DATE_SIZE], to[PERIOD_DATE_SIZE], now[32];
	if (period_format(p, code, sizeof code) ||
	    period_deadline(p, &pi->rules, deadline, sizeof deadline) ||
	    period_window(p, &pi->rules, from, sizeof from, to, sizeof to))
		return TD_EINVALID;
	clock_iso(now, sizeof now);
	db_stmt *s = db_prepare(d, SQL_COMPLETENESS);
	if (!s)
		return TD_EINTERNAL;
	sqlbind b = sb_start(s);
	sb_int(&b, plan_id);
	sb_text(&b, code);
	sb_text(&b, pi->system);
	sb_text(&b, unit_path);
	sb_text(&b, to);
	sb_text(&b, from);
	tally t = {0};
	json_t *missing = json_array();
	tderr e = TD_OK;
	int rc;
	while ((rc = db_step(s, &e)) == DB_ROW) {
		if (!count_row(s, deadline, now, &t))
			continue;
		if (t.missing >= offset && t.missing < offset + limit)
			json_array_append_new(missing, missing_json(s));
		t.missing++;
	}
	db_reset(s);
	if (rc < 0) {
		json_decref(missing);
		return e;
	}
	*out = json_pack("{s:s,s:s,s:I,s:I,s:I,s:I,s:I,s:I,s:o,s:I}", "period", code, "deadline",
			 deadline, "expected", (json_int_t)t.expected, "submitted",
			 (json_int_t)t.submitted, "approved", (json_int_t)t.approved, "on_time",
			 (json_int_t)t.on_time, "late", (json_int_t)t.late, "overdue",
			 (json_int_t)t.overdue, "missing", missing, "missing_total",
			 (json_int_t)t.missing);
	return *out ? TD_OK : TD_EINTERNAL;
}
