/* reports.c — one periodic report: how the user stands to it (member, approver),
 * the plan's reporting context (frequencies, deadlines, who approves), creating a
 * draft, and the full report with its form, values, events and files. The list,
 * completeness and the writes of the workflow are in reports_query.c and
 * reports_workflow.c. */
#include "store/reports.h"
#include "core/clock.h"
#include "store/evidence.h"
#include "store/sqlbind.h"
#include "store/store.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const report_statuses[] = {"draft", "submitted", "approved", "returned", NULL};
const char *const report_sorts[] = {"-period", "deadline", "-updated_at", NULL};

static tderr set_err(td_error *e, tderr kind, const char *code, const char *msg,
		     const char *field)
{
	if (e) {
		e->kind = kind;
		e->code = code;
		e->message = msg;
		e->field = field;
	}
	return kind;
}

static void copy_text(db_stmt *s, int col, char *out, size_t size)
{
	const char *t = db_col_text(s, col);
	snprintf(out, size, "%s", t ? t : "");
}

/* A stored number as JSON: whole numbers as integers (5, not 5.0). */
static json_t *num_json(double v)
{
	if (isfinite(v) && v == floor(v) && fabs(v) < 9007199254740992.0)
		return json_integer((json_int_t)v);
	return json_real(v);
}

static json_t *col_num(db_stmt *s, int col)
{
	return db_col_is_null(s, col) ? json_null() : num_json(db_col_double(s, col));
}

/* {"id","full_name"} from two columns, or null. */
static json_t *col_user(db_stmt *s, int col)
{
	if (db_col_is_null(s, col))
		return json_null();
	return json_pack("{s:I,s:o}", "id", (json_int_t)db_col_int(s, col), "full_name",
			 store_col_str(s, col + 1));
}

void reports_put_timeliness(json_t *obj, const char *deadline, const char *submitted_at,
			    const char *now)
{
	wf_timeliness t;
	if (wf_timeliness_of(deadline, submitted_at, now, &t) != TD_OK) {
		json_object_set_new(obj, "on_time", json_null());
		json_object_set_new(obj, "days_late", json_null());
		json_object_set_new(obj, "overdue", json_false());
		return;
	}
	json_object_set_new(obj, "on_time", t.on_time < 0 ? json_null() : json_boolean(t.on_time));
	json_object_set_new(obj, "days_late", (t.on_time < 0 && !t.overdue)
						      ? json_null()
						      : json_integer(t.days_late));
	json_object_set_new(obj, "overdue", json_boolean(t.overdue));
}



static const char *SQL_REPORT_STATE =
	"SELECT r.plan_id, r.organization_id, r.unit_id, r.period, r.status, r.version,"
	" un.parent_id, o.system, p.owner_id, COALESCE(pr.approval, 'parent')"
	" FROM reports r JOIN org_units un ON un.id = r.unit_id"
	" JOIN organizations o ON o.id = r.organization_id JOIN plans p ON p.id = r.plan_id"
	" LEFT JOIN plan_rules pr ON pr.plan_id = r.plan_id WHERE r.id = ?";

/* Is u's organisation the one that approves? (see reports.h) */
static int approver_org(const td_user *u, db_stmt *s, int64_t report_org)
{
	if (!u)
		return 0;
	const char *approval = db_col_text(s, 9);
	if (approval && strcmp(approval, "owner") == 0)
		return u->org_id == db_col_int(s, 8);
	if (db_col_is_null(s, 6))
		return u->org_id == report_org;
	const char *system = db_col_text(s, 7);
	return u->unit_id == db_col_int(s, 6) && system && u->org_system &&
	       strcmp(system, u->org_system) == 0;
}

tderr reports_state(db *d, int64_t id, const td_user *u, report_state *out)
{
	memset(out, 0, sizeof *out);
	db_stmt *s = db_prepare(d, SQL_REPORT_STATE);
	if (!s)
		return TD_EINTERNAL;
	db_bind_int(s, 1, id);
	tderr e = TD_OK;
	int rc = db_step(s, &e);
	if (rc == DB_ROW) {
		out->id = id;
		out->plan_id = db_col_int(s, 0);
		out->org_id = db_col_int(s, 1);
		out->unit_id = db_col_int(s, 2);
		if (period_parse(db_col_text(s, 3), &out->period) != TD_OK)
			rc = -1, e = TD_EINTERNAL;
		out->status = wf_status_from_name(db_col_text(s, 4));
		out->version = db_col_int(s, 5);
		out->actor.role = u ? u->role : 0;
		out->actor.is_member = u && u->org_id == out->org_id;
		out->actor.is_approver_org = approver_org(u, s, out->org_id);
	}
	db_reset(s);
	if (rc < 0)
		return e;
	return rc == DB_ROW ? TD_OK : TD_ENOTFOUND;
}

/* ---- the plan's reporting context ---- */

static const char *SQL_PLAN_INFO =
	"SELECT p.owner_id, p.start_year, p.end_year, o.system, pr.plan_id, pr.cutoff_day,"
	" pr.deadline_days_month, pr.deadline_days_quarter, pr.deadline_days_half,"
	" pr.deadline_days_nine, pr.deadline_days_year, pr.approval"
	" FROM plans p JOIN organizations o ON o.id = p.owner_id"
	" LEFT JOIN plan_rules pr ON pr.plan_id = p.id WHERE p.id = ?";
static const char *SQL_PLAN_FREQUENCIES =
	"SELECT DISTINCT frequency FROM indicators WHERE plan_id = ?";

/* Rules of a plan_rules row (columns 5-10), or the defaults when it is unusable. */
static period_rules rules_from_row(db_stmt *s)
{
	period_rules r = period_default_rules();
	if (db_col_is_null(s, 4))
		return r;
	period_rules g = r;
	g.cutoff_day = (int)db_col_int(s, 5);
	g.deadline_days[PERIOD_MONTH] = (int)db_col_int(s, 6);
	g.deadline_days[PERIOD_QUARTER] = (int)db_col_int(s, 7);
	g.deadline_days[PERIOD_HALF] = (int)db_col_int(s, 8);
	g.deadline_days[PERIOD_NINE] = (int)db_col_int(s, 9);
	g.deadline_days[PERIOD_YEAR] = (int)db_col_int(s, 10);
	if (period_rules_check(&g) != TD_OK) {
		fprintf(stderr, "tiendo: plan_rules of plan %lld are out of range; using the defaults\n",
			(long long)db_col_int(s, 4));
		return r;
	}
	return g;
}

tderr reports_plan_info(db *d, int64_t plan_id, report_plan_info *out)
{
	memset(out, 0, sizeof *out);
	db_stmt *s = db_prepare(d, SQL_PLAN_INFO);
	if (!s)
		return TD_EINTERNAL;
	db_bind_int(s, 1, plan_id);
	tderr e = TD_OK;
	int rc = db_step(s, &e);
	if (rc == DB_ROW) {
		out->owner_id = db_col_int(s, 0);
		out->start_year = (int)db_col_int(s, 1);
		out->end_year = (int)db_col_int(s, 2);
		copy_text(s, 3, out->system, sizeof out->system);
		out->rules = rules_from_row(s);
		const char *ap = db_col_text(s, 11);
		snprintf(out->approval, sizeof out->approval, "%s",
			 ap && strcmp(ap, "owner") == 0 ? "owner" : "parent");
	}
	db_reset(s);
	if (rc < 0)
		return e;
	if (rc != DB_ROW)
		return TD_ENOTFOUND;
	if (!(s = db_prepare(d, SQL_PLAN_FREQUENCIES)))
		return TD_EINTERNAL;
	db_bind_int(s, 1, plan_id);
	while ((rc = db_step(s, &e)) == DB_ROW) {
		period_kind k = period_kind_from_name(db_col_text(s, 0));
		if (k != PERIOD_NONE)
			out->kinds |= 1u << k;
	}
	db_reset(s);
	return rc < 0 ? e : TD_OK;
}

tderr reports_period_fits(const report_plan_info *pi, const period *p, td_error *e)
{
	if (!period_valid(p) || p->year < pi->start_year || p->year > pi->end_year)
		return set_err(e, TD_EINVALID, "period_not_in_plan",
			       "Kỳ báo cáo nằm ngoài thời gian thực hiện kế hoạch", "period");
	if (!(pi->kinds & (1u << p->kind)))
		return set_err(e, TD_EINVALID, "period_not_reported",
			       "Kế hoạch không có chỉ tiêu nào báo cáo theo loại kỳ này", "period");
	return TD_OK;
}

/* ---- create ---- */

static const char *SQL_ORG_FOR_REPORT =
	"SELECT o.system, o.unit_id, un.code FROM organizations o"
	" JOIN org_units un ON un.id = o.unit_id WHERE o.id = ?";
static const char *SQL_REPORT_EXISTS =
	"SELECT COUNT(*) FROM reports WHERE plan_id = ? AND organization_id = ? AND unit_id = ?"
	" AND period = ?";
static const char *SQL_REPORT_INSERT =
	"INSERT INTO reports(plan_id, organization_id, unit_id, period, status, version,"
	" deadline, created_at, updated_at, created_by)"
	" VALUES (?, ?, ?, ?, 'draft', 1, ?, ?, ?, ?) RETURNING id";

typedef struct org_row {
	char system[32];
	int64_t unit_id;
	char unit_code[UNIT_CODE_MAX + 1];
} org_row;

static tderr load_org(db *d, int64_t org_id, org_row *o)
{
	memset(o, 0, sizeof *o);
	db_stmt *s = db_prepare(d, SQL_ORG_FOR_REPORT);
	if (!s)
		return TD_EINTERNAL;
	db_bind_int(s, 1, org_id);
	tderr e = TD_OK;
	int rc = db_step(s, &e);
	if (rc == DB_ROW) {
		copy_text(s, 0, o->system, sizeof o->system);
		o->unit_id = db_col_int(s, 1);
		copy_text(s, 2, o->unit_code, sizeof o->unit_code);
	}
	db_reset(s);
	if (rc < 0)
		return e;
	return rc == DB_ROW ? TD_OK : TD_ENOTFOUND;
}

tderr reports_create(db *d, const report_new *in, int64_t *id, td_error *e)
{
	period p;
	char code[PERIOD_CODE_SIZE], deadline[PERIOD_DATETIME_SIZE];
	if (period_parse(in->period, &p) != TD_OK || period_format(&p, code, sizeof code))
		return set_err(e, TD_EINVALID, "bad_period",
			       "Mã kỳ báo cáo không hợp lệ (ví dụ 202405, 2024Q2, 2024S1, 2024N9, 2024)",
			       "period");
	report_plan_info pi;
	org_row o;
	tderr err = reports_plan_info(d, in->plan_id, &pi);
	if (err == TD_ENOTFOUND)
		return set_err(e, TD_EINVALID, "unknown_plan", "Không tìm thấy kế hoạch", "plan_id");
	if (!err && (err = load_org(d, in->org_id, &o)) == TD_ENOTFOUND)
		return set_err(e, TD_EINVALID, "unknown_organization", "Không tìm thấy tổ chức",
			       "organization_id");
	if (err)
		return err;
	if (!in->unit_code || strcmp(in->unit_code, o.unit_code) != 0)
		return set_err(e, TD_EINVALID, "unit_mismatch",
			       "Báo cáo phải lập cho đơn vị hành chính nơi tổ chức đặt trụ sở", "unit");
	if (strcmp(o.system, pi.system) != 0)
		return set_err(e, TD_EINVALID, "organization_not_in_plan",
			       "Tổ chức không thuộc hệ thống thực hiện kế hoạch này", "organization_id");
	if ((err = reports_period_fits(&pi, &p, e)))
		return err;
	db_stmt *s = db_prepare(d, SQL_REPORT_EXISTS);
	if (!s)
		return TD_EINTERNAL;
	sqlbind b = sb_start(s);
	sb_int(&b, in->plan_id);
	sb_int(&b, in->org_id);
	sb_int(&b, o.unit_id);
	sb_text(&b, code);
	int64_t n = 0;
	if ((err = store_one_int(s, &n)))
		return err;
	if (n > 0)
		return set_err(e, TD_ECONFLICT, "report_exists", "Báo cáo của kỳ này đã tồn tại", NULL);
	if (period_deadline(&p, &pi.rules, deadline, sizeof deadline))
		return TD_EINTERNAL;
	char now[32];
	clock_iso(now, sizeof now);
	if (!(s = db_prepare(d, SQL_REPORT_INSERT)))
		return TD_EINTERNAL;
	b = sb_start(s);
	sb_int(&b, in->plan_id);
	sb_int(&b, in->org_id);
	sb_int(&b, o.unit_id);
	sb_text(&b, code);
	sb_text(&b, deadline);
	sb_text(&b, now);
	sb_text(&b, now);
	sb_opt_int(&b, in->user_id > 0, in->user_id);
	if ((err = store_one_int(s, id)) == TD_ECONFLICT)
		return set_err(e, TD_ECONFLICT, "report_exists", "Báo cáo của kỳ này đã tồn tại", NULL);
	if (err)
		return err;
	return reports_event(d, *id, wf_action_name(WF_CREATE), WF_NONE, NULL, in->user_id);
}

/* ---- reading ---- */

static const char *SQL_REPORT_GET =
	"SELECT r.id, r.plan_id, p.code, p.title, po.id, po.name, r.organization_id, o.name,"
	" o.system, un.code, un.name, un.level, r.period, r.status, r.version, r.results,"
	" r.limitations, r.causes, r.recommendations, r.deadline, r.submitted_at,"
	" r.last_submitted_at, r.approved_at, ab.id, ab.full_name, r.returned_reason,"
	" r.created_at, r.updated_at, cb.id, cb.full_name, r.unit_id"
	" FROM reports r JOIN plans p ON p.id = r.plan_id"
	" JOIN organizations po ON po.id = p.owner_id"
	" JOIN organizations o ON o.id = r.organization_id"
	" JOIN org_units un ON un.id = r.unit_id"
	" LEFT JOIN users ab ON ab.id = r.approved_by"
	" LEFT JOIN users cb ON cb.id = r.created_by WHERE r.id = ?";

static json_t *report_row_json(db_stmt *s, const char *now)
{
	json_t *r = json_object();
	json_object_set_new(r, "id", json_integer(db_col_int(s, 0)));
	json_object_set_new(r, "plan_id", json_integer(db_col_int(s, 1)));
	json_object_set_new(r, "plan",
			    json_pack("{s:I,s:o,s:o,s:{s:I,s:o}}", "id", (json_int_t)db_col_int(s, 1),
				      "code", store_col_str(s, 2), "title", store_col_str(s, 3),
				      "owner", "id", (json_int_t)db_col_int(s, 4), "name",
				      store_col_str(s, 5)));
	json_object_set_new(r, "organization_id", json_integer(db_col_int(s, 6)));
	json_object_set_new(r, "organization",
			    json_pack("{s:I,s:o,s:o}", "id", (json_int_t)db_col_int(s, 6), "name",
				      store_col_str(s, 7), "system", store_col_str(s, 8)));
	json_object_set_new(r, "unit",
			    json_pack("{s:o,s:o,s:o}", "code", store_col_str(s, 9), "name",
				      store_col_str(s, 10), "level", store_col_str(s, 11)));
	const char *code = db_col_text(s, 12);
	json_object_set_new(r, "period", store_col_str(s, 12));
	period p;
	char label[PERIOD_LABEL_SIZE] = "";
	if (period_parse(code, &p) == TD_OK)
		period_label_vi(&p, label, sizeof label);
	json_object_set_new(r, "period_label", json_string(label));
	json_object_set_new(r, "status", store_col_str(s, 13));
	json_object_set_new(r, "version", json_integer(db_col_int(s, 14)));
	json_object_set_new(r, "narrative",
			    json_pack("{s:o,s:o,s:o,s:o}", "results", store_col_str(s, 15),
				      "limitations", store_col_str(s, 16), "causes",
				      store_col_str(s, 17), "recommendations", store_col_str(s, 18)));
	json_object_set_new(r, "deadline", store_col_str(s, 19));
	json_object_set_new(r, "submitted_at", store_col_str(s, 20));
	reports_put_timeliness(r, db_col_text(s, 19), db_col_text(s, 20), now);
	json_object_set_new(r, "last_submitted_at", store_col_str(s, 21));
	json_object_set_new(r, "approved_at", store_col_str(s, 22));
	json_object_set_new(r, "approved_by", col_user(s, 23));
	json_object_set_new(r, "returned_reason", store_col_str(s, 25));
	json_object_set_new(r, "created_at", store_col_str(s, 26));
	json_object_set_new(r, "updated_at", store_col_str(s, 27));
	json_object_set_new(r, "created_by", col_user(s, 28));
	return r;
}

static const char *SQL_REPORT_VALUES =
	"SELECT v.indicator_id, v.value, v.comment FROM report_values v"
	" LEFT JOIN indicators i ON i.id = v.indicator_id WHERE v.report_id = ?"
	" ORDER BY i.position, v.indicator_id";

static tderr add_values(db *d, int64_t id, json_t *r)
{
	db_stmt *s = db_prepare(d, SQL_REPORT_VALUES);
	if (!s)
		return TD_EINTERNAL;
	db_bind_int(s, 1, id);
	json_t *arr = json_array();
	json_object_set_new(r, "values", arr);
	tderr e = TD_OK;
	int rc;
	while ((rc = db_step(s, &e)) == DB_ROW)
		json_array_append_new(arr, json_pack("{s:I,s:o,s:o}", "indicator_id",
						     (json_int_t)db_col_int(s, 0), "value",
						     col_num(s, 1), "comment", store_col_str(s, 2)));
	db_reset(s);
	return rc < 0 ? e : TD_OK;
}

static const char *SQL_REPORT_EVENTS =
	"SELECT e.at, u.id, u.full_name, e.action, e.from_status, e.to_status, e.reason"
	" FROM report_events e LEFT JOIN users u ON u.id = e.user_id WHERE e.report_id = ?"
	" ORDER BY e.id";

static tderr add_events(db *d, int64_t id, json_t *r)
{
	db_stmt *s = db_prepare(d, SQL_REPORT_EVENTS);
	if (!s)
		return TD_EINTERNAL;
	db_bind_int(s, 1, id);
	json_t *arr = json_array();
	json_object_set_new(r, "events", arr);
	tderr e = TD_OK;
	int rc;
	while ((rc = db_step(s, &e)) == DB_ROW)
		json_array_append_new(arr, json_pack("{s:o,s:o,s:o,s:o,s:o,s:o}", "at",
						     store_col_str(s, 0), "user", col_user(s, 1),
						     "action", store_col_str(s, 3), "from_status",
						     store_col_str(s, 4), "to_status", store_col_str(s, 5),
						     "reason", store_col_str(s, 6)));
	db_reset(s);
	return rc < 0 ? e : TD_OK;
}

static const char *SQL_REPORT_FORM =
	"SELECT i.id, i.code, i.name, i.unit_label, i.value_type, i.decimals, i.min_value,"
	" i.max_value, i.unit_agg, i.time_agg, i.direction, i.objective_id, t.value"
	" FROM indicators i LEFT JOIN targets t ON t.indicator_id = i.id AND t.unit_id = ?"
	" AND t.year = ? WHERE i.plan_id = ? AND i.frequency = ? ORDER BY i.position, i.id";
/* Approved earlier reports of the same plan, organisation and unit, latest first
 * (the unique key's order); the kind of period is checked in C (codes of one kind
 * sort in time order). */
static const char *SQL_REPORT_EARLIER =
	"SELECT id, period FROM reports WHERE plan_id = ? AND organization_id = ?"
	" AND unit_id = ? AND status = 'approved' AND period < ? ORDER BY period DESC"
	" LIMIT 400";
static const char *SQL_REPORT_FILLED =
	"SELECT indicator_id, value FROM report_values WHERE report_id = ? AND value IS NOT NULL";

#define EARLIER_MAX 400

/* Sets each form entry's "previous" to the latest approved value of its indicator
 * in an earlier report of the same kind of period: report by report, latest
 * first, until every entry has one (usually after the first). */
static tderr add_previous(db *d, const report_state *st, const char *code, json_t *form)
{
	size_t n = json_array_size(form), open = n;
	if (!n)
		return TD_OK;
	int64_t *ids = malloc(n * sizeof *ids);
	int64_t *earlier = malloc(EARLIER_MAX * sizeof *earlier);
	char (*periods)[PERIOD_CODE_SIZE] = malloc(EARLIER_MAX * sizeof *periods);
	if (!ids || !earlier || !periods) {
		free(ids);
		free(earlier);
		free(periods);
		return TD_EINTERNAL;
	}
	for (size_t i = 0; i < n; i++)
		ids[i] = json_integer_value(json_object_get(json_array_get(form, i), "indicator_id"));
	tderr e = TD_OK;
	size_t ne = 0;
	db_stmt *s = db_prepare(d, SQL_REPORT_EARLIER);
	if (!s)
		e = TD_EINTERNAL;
	else {
		sqlbind b = sb_start(s);
		sb_int(&b, st->plan_id);
		sb_int(&b, st->org_id);
		sb_int(&b, st->unit_id);
		sb_text(&b, code);
		int rc;
		while ((rc = db_step(s, &e)) == DB_ROW && ne < EARLIER_MAX) {
			period p;
			const char *pc = db_col_text(s, 1);
			if (!pc || period_parse(pc, &p) || p.kind != st->period.kind)
				continue;
			earlier[ne] = db_col_int(s, 0);
			snprintf(periods[ne++], PERIOD_CODE_SIZE, "%s", pc);
		}
		db_reset(s);
		if (rc < 0)
			ne = 0;
		else
			e = TD_OK;
	}
	for (size_t k = 0; k < ne && open && !e; k++) {
		if (!(s = db_prepare(d, SQL_REPORT_FILLED))) {
			e = TD_EINTERNAL;
			break;
		}
		db_bind_int(s, 1, earlier[k]);
		int rc;
		while ((rc = db_step(s, &e)) == DB_ROW) {
			int64_t ind = db_col_int(s, 0);
			for (size_t i = 0; i < n; i++) {
				json_t *f = json_array_get(form, i);
				if (ids[i] != ind || !json_is_null(json_object_get(f, "previous")))
					continue;
				json_object_set_new(f, "previous",
						    json_pack("{s:s,s:o}", "period", periods[k],
							      "value", col_num(s, 1)));
				open--;
			}
		}
		db_reset(s);
		if (rc >= 0)
			e = TD_OK;
	}
	free(ids);
	free(earlier);
	free(periods);
	return e;
}

static tderr add_form(db *d, const report_state *st, json_t *r)
{
	char code[PERIOD_CODE_SIZE];
	if (period_format(&st->period, code, sizeof code))
		return TD_EINTERNAL;
	db_stmt *s = db_prepare(d, SQL_REPORT_FORM);
	if (!s)
		return TD_EINTERNAL;
	sqlbind b = sb_start(s);
	sb_int(&b, st->unit_id);
	sb_int(&b, st->period.year);
	sb_int(&b, st->plan_id);
	sb_text(&b, period_kind_name(st->period.kind));
	json_t *form = json_array();
	json_object_set_new(r, "form", form);
	tderr e = TD_OK;
	int rc;
	while ((rc = db_step(s, &e)) == DB_ROW) {
		const char *agg = db_col_text(s, 8);
		json_t *f = json_pack(
			"{s:I,s:o,s:o,s:o,s:o,s:I,s:o,s:o,s:b,s:o,s:o,s:o,s:o,s:n}", "indicator_id",
			(json_int_t)db_col_int(s, 0), "code", store_col_str(s, 1), "name",
			store_col_str(s, 2), "unit_label", store_col_str(s, 3), "value_type",
			store_col_str(s, 4), "decimals", (json_int_t)db_col_int(s, 5), "min",
			col_num(s, 6), "max", col_num(s, 7), "computed",
			agg && strcmp(agg, "ratio") == 0, "time_agg", store_col_str(s, 9),
			"direction", store_col_str(s, 10), "objective_id", store_col_int(s, 11),
			"target", col_num(s, 12), "previous");
		json_array_append_new(form, f);
	}
	db_reset(s);
	if (rc < 0)
		return e;
	return add_previous(d, st, code, form);
}

/* "can": what viewer may do now, each action checked as if a reason were given. */
static json_t *can_json(const report_state *st, const td_user *viewer)
{
	static const struct {
		const char *key;
		wf_action a;
	} acts[] = {{"edit", WF_EDIT},       {"submit", WF_SUBMIT}, {"approve", WF_APPROVE},
		    {"return", WF_RETURN}, {"reopen", WF_REOPEN}};
	json_t *c = json_object();
	for (size_t i = 0; i < sizeof acts / sizeof acts[0]; i++)
		json_object_set_new(c, acts[i].key,
				    json_boolean(viewer && wf_check(st->status, acts[i].a, &st->actor,
								    1, NULL, NULL) == TD_OK));
	return c;
}

tderr reports_get(db *d, int64_t id, const td_user *viewer, json_t **out)
{
	report_state st;
	tderr e = reports_state(d, id, viewer, &st);
	if (e)
		return e;
	char now[32];
	clock_iso(now, sizeof now);
	db_stmt *s = db_prepare(d, SQL_REPORT_GET);
	if (!s)
		return TD_EINTERNAL;
	db_bind_int(s, 1, id);
	int rc = db_step(s, &e);
	json_t *r = rc == DB_ROW ? report_row_json(s, now) : NULL;
	db_reset(s);
	if (rc != DB_ROW)
		return rc < 0 ? e : TD_ENOTFOUND;
	json_t *files = NULL;
	if ((e = add_values(d, id, r)) || (e = add_events(d, id, r)) ||
	    (e = evidence_list(d, id, &files)) || (e = add_form(d, &st, r))) {
		json_decref(files);
		json_decref(r);
		return e;
	}
	json_object_set_new(r, "files", files);
	json_object_set_new(r, "can", can_json(&st, viewer));
	*out = r;
	return TD_OK;
}

static const char *SQL_REPORT_SNAPSHOT =
	"SELECT status, version, period, deadline, submitted_at, last_submitted_at,"
	" approved_at, approved_by, returned_reason, results, limitations, causes,"
	" recommendations FROM reports WHERE id = ?";

tderr reports_snapshot(db *d, int64_t id, json_t **out)
{
	db_stmt *s = db_prepare(d, SQL_REPORT_SNAPSHOT);
	if (!s)
		return TD_EINTERNAL;
	db_bind_int(s, 1, id);
	tderr e = TD_OK;
	int rc = db_step(s, &e);
	json_t *r = NULL;
	if (rc == DB_ROW)
		r = json_pack("{s:o,s:I,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:{s:o,s:o,s:o,s:o}}", "status",
			      store_col_str(s, 0), "version", (json_int_t)db_col_int(s, 1), "period",
			      store_col_str(s, 2), "deadline", store_col_str(s, 3), "submitted_at",
			      store_col_str(s, 4), "last_submitted_at", store_col_str(s, 5),
			      "approved_at", store_col_str(s, 6), "approved_by", store_col_int(s, 7),
			      "returned_reason", store_col_str(s, 8), "narrative", "results",
			      store_col_str(s, 9), "limitations", store_col_str(s, 10), "causes",
			      store_col_str(s, 11), "recommendations", store_col_str(s, 12));
	db_reset(s);
	if (rc != DB_ROW)
		return rc < 0 ? e : TD_ENOTFOUND;
	if (!r)
		return TD_EINTERNAL;
	if ((e = add_values(d, id, r))) {
		json_decref(r);
		return e;
	}
	*out = r;
	return TD_OK;
}
