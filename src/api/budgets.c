/* budgets.c — /api/v1/budgets: the money behind each plan, line by line (plan,
 * organisation, unit, year, source), and /api/v1/budgets/summary, the roll-up up
 * the unit tree that shows where allocation came late — across all plans for the
 * finance department when no plan is given. The line's organisation enters what
 * it planned; the finance department and the plan's owner enter what was
 * allocated and disbursed (core/followup.h, followup_budget_rights). */
#include "api/api.h"
#include "api/write.h"
#include "core/clock.h"
#include "core/followup.h"
#include "core/jsonv.h"
#include "core/period.h"
#include "store/budgets.h"
#include "store/store.h"
#include <string.h>

static const char *today(http_req *r)
{
	char *buf = arena_alloc(r->a, 16);
	if (buf)
		clock_today_vn(buf, 16);
	return buf ? buf : "1970-01-01";
}

static tderr forbidden(http_req *r)
{
	return req_fail(r, TD_EFORBIDDEN, "not_allowed",
			"Chỉ tổ chức sử dụng kinh phí, cơ quan tài chính, cơ quan chủ trì kế hoạch"
			" hoặc quản trị viên được ghi dòng kinh phí này",
			NULL);
}

static int is_finance(const http_req *r)
{
	return r->user->org_system && strcmp(r->user->org_system, "department") == 0;
}

/* plan, unit, organization, year, source, paging, and the caller's scope; the
 * unit's id into *unit_id (0 when none given). */
static tderr read_filter(http_req *r, budget_filter *f, char path[UNIT_PATH_MAX],
			 int64_t *unit_id)
{
	pf_filter *g = &f->base;
	const char *unit = NULL;
	tderr e;
	if ((e = req_paging(r, &g->limit, &g->offset)) ||
	    (e = req_query_int(r, "plan", 1, INT64_MAX, &g->plan_id, &g->has_plan)) ||
	    (e = req_query_int(r, "organization", 1, INT64_MAX, &g->org_id, &g->has_org)) ||
	    (e = req_query_int(r, "year", PERIOD_YEAR_MIN, PERIOD_YEAR_MAX, &g->year, &g->has_year)) ||
	    (e = req_query_opt(r, "unit", &unit)) || (e = req_query_opt(r, "source", &f->source)))
		return e;
	int ok = !f->source;
	for (size_t i = 0; !ok && budget_sources[i]; i++)
		ok = strcmp(f->source, budget_sources[i]) == 0;
	if (!ok)
		return req_fail(r, TD_EBADREQ, "bad_source",
				"Nguồn: provincial, district, commune, socialized hoặc other", "source");
	*unit_id = 0;
	if (unit) {
		e = units_lookup(r->db, unit, unit_id, path);
		if (e == TD_ENOTFOUND)
			return req_fail(r, TD_EINVALID, "unknown_unit", "Không tìm thấy đơn vị hành chính",
					"unit");
		if (e)
			return req_store_fail(r, e, NULL, NULL);
		g->unit_path = path;
	}
	g->read_path = r->user->unit_path ? r->user->unit_path : "-";
	f->today = today(r);
	return TD_OK;
}

static tderr handle_budgets_list(http_req *r)
{
	budget_filter f = {0};
	char path[UNIT_PATH_MAX];
	int64_t uid;
	tderr e = read_filter(r, &f, path, &uid);
	if (e)
		return e;
	json_t *items = NULL;
	int64_t total = 0;
	if ((e = budgets_list(r->db, &f, &items, &total)))
		return req_store_fail(r, e, NULL, NULL);
	return req_reply_list(r, items, total);
}

/* The roll-up root is the unit asked for, else the caller's own unit. */
static tderr handle_budgets_summary(http_req *r)
{
	budget_summary_query q = {0};
	char path[UNIT_PATH_MAX];
	const char *by = NULL;
	tderr e = read_filter(r, &q.filter, path, &q.root_unit_id);
	if (e || (e = req_query_opt(r, "by", &by)))
		return e;
	if (!by || strcmp(by, "children") == 0)
		q.by = BUDGET_BY_CHILDREN;
	else if (strcmp(by, "source") == 0)
		q.by = BUDGET_BY_SOURCE;
	else if (strcmp(by, "none") == 0)
		q.by = BUDGET_BY_NONE;
	else
		return req_fail(r, TD_EBADREQ, "bad_by", "Gộp theo: children, source hoặc none", "by");
	const char *code = NULL;
	if ((e = req_query_opt(r, "unit", &code)))
		return e;
	if (!code) {
		code = r->user->unit_code;
		if (!code || units_lookup(r->db, code, &q.root_unit_id, path) != TD_OK)
			return req_fail(r, TD_ENOTFOUND, "not_found", NULL, NULL);
		q.filter.base.unit_path = path;
	}
	json_t *unit = NULL, *out = NULL;
	if ((e = units_get(r->db, code, NULL, &unit)) || (e = budgets_summary(r->db, &q, &out))) {
		json_decref(unit);
		return req_store_fail(r, e, NULL, NULL);
	}
	json_object_set_new(out, "unit", json_pack("{s:O,s:O}", "code", json_object_get(unit, "code"),
						   "name", json_object_get(unit, "name")));
	json_decref(unit);
	const pf_filter *g = &q.filter.base;
	json_object_set_new(out, "plan_id", g->has_plan ? json_integer(g->plan_id) : json_null());
	json_object_set_new(out, "year", g->has_year ? json_integer(g->year) : json_null());
	json_object_set_new(out, "by", json_string(q.by == BUDGET_BY_CHILDREN ? "children"
						   : q.by == BUDGET_BY_SOURCE ? "source"
									      : "none"));
	json_object_set_new(out, "as_of", json_string(q.filter.today));
	return req_reply_json(r, 200, out);
}

static tderr handle_budgets_get(http_req *r)
{
	int64_t id;
	if (req_param_id(r, 0, &id))
		return TD_ENOTFOUND;
	json_t *b = NULL;
	tderr e = budgets_get(r->db, id, today(r), &b);
	if (e)
		return req_store_fail(r, e, NULL, NULL);
	return req_reply_json(r, 200, b);
}

/* The amounts and dates, each checked against what the actor may set. */
static tderr read_amounts(http_req *r, json_t *body, unsigned rights, budget_input *in)
{
	td_error te = {0};
	if (jv_int(body, "planned", JV_OPTIONAL, 0, FOLLOWUP_VND_MAX, &in->planned,
		   &in->has_planned, &te) ||
	    jv_date(body, "needed_on", JV_OPTIONAL, 1, &in->needed_on, &in->set_needed_on, &te) ||
	    jv_int(body, "allocated", JV_OPTIONAL, 0, FOLLOWUP_VND_MAX, &in->allocated,
		   &in->has_allocated, &te) ||
	    jv_date(body, "allocated_on", JV_OPTIONAL, 1, &in->allocated_on,
		    &in->set_allocated_on, &te) ||
	    jv_int(body, "disbursed", JV_OPTIONAL, 0, FOLLOWUP_VND_MAX, &in->disbursed,
		   &in->has_disbursed, &te) ||
	    jv_date(body, "disbursed_on", JV_OPTIONAL, 1, &in->disbursed_on,
		    &in->set_disbursed_on, &te) ||
	    jv_str(body, "note", JV_OPTIONAL, BUDGET_NOTE_MAX, &in->note, NULL, &te))
		return api_fail_te(r, &te);
	const char *field = NULL;
	if (!(rights & BUDGET_EDIT_PLANNED))
		field = in->has_planned ? "planned" : in->set_needed_on ? "needed_on" : NULL;
	if (!field && !(rights & BUDGET_EDIT_FUNDS))
		field = in->has_allocated      ? "allocated"
			: in->set_allocated_on ? "allocated_on"
			: in->has_disbursed    ? "disbursed"
			: in->set_disbursed_on ? "disbursed_on"
					       : NULL;
	if (field)
		return req_fail(r, TD_EFORBIDDEN, "field_not_writable",
				"Bạn không được ghi trường này: tổ chức ghi kinh phí dự kiến; cơ quan tài"
				" chính và cơ quan chủ trì ghi kinh phí được cấp và giải ngân",
				field);
	return TD_OK;
}

static tderr check_year(http_req *r, int64_t year, const pf_plan *plan)
{
	if (year < plan->start_year || year > plan->end_year)
		return req_fail(r, TD_EINVALID, "year_outside_plan",
				"Năm ngân sách nằm ngoài thời gian của kế hoạch", "year");
	return TD_OK;
}

static tderr budget_write(http_req *r, int64_t id, const budget_input *in, int create)
{
	audited_write w;
	tderr e = audited_begin(r, &w, "budgets", create ? 0 : id);
	if (e)
		return e;
	const char *day = today(r);
	if (!create)
		e = budgets_get(r->db, id, day, &w.before);
	if (!e)
		e = create ? budgets_create(r->db, in, &w.id, &w.te) : budgets_update(r->db, id, in, &w.te);
	if (!e)
		e = budgets_get(r->db, w.id, day, &w.after);
	return audited_end(r, &w, e);
}

static tderr handle_budgets_create(http_req *r)
{
	json_t *body;
	tderr e = req_body_object(r, &body);
	if (e)
		return e;
	budget_input in = {0};
	td_error te = {0};
	pf_plan plan;
	const char *unit = NULL;
	in.organization_id = r->user->org_id;
	if (jv_int(body, "plan_id", JV_REQUIRED, 1, INT64_MAX, &in.plan_id, NULL, &te) ||
	    jv_int(body, "organization_id", JV_OPTIONAL, 1, INT64_MAX, &in.organization_id, NULL,
		   &te) ||
	    jv_str(body, "unit", JV_OPTIONAL, UNIT_CODE_MAX, &unit, NULL, &te))
		return api_fail_te(r, &te);
	if ((e = pf_plan_for_user(r->db, r->user, in.plan_id, "plan_id", &plan, &te)))
		return api_fail_store(r, e, &te);
	if ((e = access_require_org_read(r, in.organization_id, "organization_id")))
		return e;
	if ((e = pf_record_unit(r->db, r->user, unit, NULL, in.organization_id, "organization_id",
				&in.unit_id, &te)))
		return api_fail_store(r, e, &te);
	fu_actor who = {r->user->role, r->user->org_id == in.organization_id,
			r->user->org_id == plan.owner_id, is_finance(r)};
	unsigned rights = followup_budget_rights(&who);
	if (!rights)
		return forbidden(r);
	if (jv_int(body, "year", JV_REQUIRED, PERIOD_YEAR_MIN, PERIOD_YEAR_MAX, &in.year,
		   &in.has_year, &te) ||
	    jv_enum(body, "source", JV_REQUIRED, budget_sources, &in.source, NULL, &te))
		return api_fail_te(r, &te);
	if ((e = check_year(r, in.year, &plan)) || (e = read_amounts(r, body, rights, &in)))
		return e;
	return budget_write(r, 0, &in, 1);
}

static tderr handle_budgets_update(http_req *r)
{
	int64_t id;
	if (req_param_id(r, 0, &id))
		return TD_ENOTFOUND;
	json_t *body;
	tderr e = req_body_object(r, &body);
	if (e)
		return e;
	budget_facts cur = {0};
	if ((e = budgets_facts(r->db, id, &cur)))
		return req_store_fail(r, e, NULL, NULL);
	fu_actor who = {r->user->role, r->user->org_id == cur.organization_id,
			r->user->org_id == cur.plan_owner, is_finance(r)};
	unsigned rights = followup_budget_rights(&who);
	if (!rights)
		return forbidden(r);
	budget_input in = {0};
	td_error te = {0};
	if (jv_int(body, "version", JV_REQUIRED, 1, INT64_MAX, &in.version, NULL, &te) ||
	    jv_int(body, "year", JV_OPTIONAL, PERIOD_YEAR_MIN, PERIOD_YEAR_MAX, &in.year,
		   &in.has_year, &te) ||
	    jv_enum(body, "source", JV_OPTIONAL, budget_sources, &in.source, NULL, &te))
		return api_fail_te(r, &te);
	/* a line belongs to its organisation and unit: a wrong one is a new line */
	static const char *const fixed[] = {"plan_id", "organization_id", "unit"};
	for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
		if (json_object_get(body, fixed[i]))
			return req_fail(r, TD_EINVALID, "immutable_field",
					"Không đổi được kế hoạch, tổ chức hay đơn vị của dòng kinh phí",
					fixed[i]);
	if ((in.has_year || in.source) && !(rights & BUDGET_EDIT_PLANNED))
		return req_fail(r, TD_EFORBIDDEN, "field_not_writable", "Bạn không được ghi trường này",
				in.has_year ? "year" : "source");
	if (in.has_year) {
		pf_plan plan;
		if ((e = pf_plan_info(r->db, cur.plan_id, &plan)))
			return req_store_fail(r, e, NULL, NULL);
		if ((e = check_year(r, in.year, &plan)))
			return e;
	}
	if ((e = read_amounts(r, body, rights, &in)))
		return e;
	return budget_write(r, id, &in, 0);
}

#define WRITERS (ROLE_ADMIN | ROLE_LEADER | ROLE_OFFICER)

const route api_budgets_routes[] = {
	{"GET", "/api/v1/budgets", handle_budgets_list, ROLE_ANY, ACCESS_NONE},
	{"POST", "/api/v1/budgets", handle_budgets_create, WRITERS, ACCESS_NONE},
	{"GET", "/api/v1/budgets/summary", handle_budgets_summary, ROLE_ANY, ACCESS_NONE},
	{"GET", "/api/v1/budgets/{id}", handle_budgets_get, ROLE_ANY, ACCESS_RECORD, "budgets"},
	{"PATCH", "/api/v1/budgets/{id}", handle_budgets_update, WRITERS, ACCESS_RECORD, "budgets"},
};
const size_t api_budgets_routes_count = sizeof api_budgets_routes / sizeof api_budgets_routes[0];
