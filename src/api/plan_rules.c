/* plan_rules.c — GET|PUT /api/v1/plans/{id}/rules: a plan's reporting rules (data
 * cut-off day, deadline days per period kind, who approves). Reports created after
 * a change take the new deadline; existing ones keep theirs. No version: the last
 * write wins. */
#include "api/api.h"
#include "core/jsonv.h"
#include "store/plan_rules.h"
#include "store/plans.h"
#include "store/store.h"
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define ROLES_WRITE (ROLE_ADMIN | ROLE_LEADER | ROLE_OFFICER)

static const char *const APPROVALS[] = {"parent", "owner", NULL};
static const period_kind KINDS[] = {PERIOD_MONTH, PERIOD_QUARTER, PERIOD_HALF, PERIOD_NINE,
				    PERIOD_YEAR};

static tderr handle_rules_get(http_req *r)
{
	int64_t plan_id;
	if (req_param_id(r, 0, &plan_id))
		return TD_ENOTFOUND;
	plan_rules_set pr;
	tderr e = plan_rules_get(r->db, plan_id, &pr);
	if (e)
		return req_store_fail(r, e, NULL, NULL);
	return req_reply_json(r, 200, plan_rules_json(plan_id, &pr));
}

/* {cutoff_day?, deadline_days?:{month?, quarter?, half?, nine?, year?}, approval?}
 * over the current rules; 422 naming the field. */
static tderr read_rules(http_req *r, json_t *body, plan_rules_set *pr)
{
	td_error te = {0};
	int64_t v = 0;
	int present = 0;
	if (!json_object_get(body, "cutoff_day") && !json_object_get(body, "deadline_days") &&
	    !json_object_get(body, "approval")) /* nothing to change: the defaults stay */
		return req_fail(r, TD_EINVALID, "nothing_to_change",
				"Không có quy định nào để sửa (cutoff_day, deadline_days, approval)",
				NULL);
	if (jv_int(body, "cutoff_day", JV_OPTIONAL, 1, 28, &v, &present, &te))
		return req_fail(r, te.kind, te.code, te.message, te.field);
	if (present)
		pr->rules.cutoff_day = (int)v;
	json_t *days = json_object_get(body, "deadline_days");
	if (days && !json_is_object(days))
		return req_fail(r, TD_EINVALID, "bad_deadline_days",
				"Số ngày hạn nộp là {month, quarter, half, nine, year}",
				"deadline_days");
	for (size_t i = 0; days && i < sizeof KINDS / sizeof KINDS[0]; i++) {
		const char *name = period_kind_name(KINDS[i]);
		if (jv_int(days, name, JV_OPTIONAL, 0, 366, &v, &present, &te))
			return req_fail(r, te.kind, te.code, te.message,
					arena_printf(r->a, "deadline_days.%s", name));
		if (present)
			pr->rules.deadline_days[KINDS[i]] = (int)v;
	}
	const char *ap = NULL;
	if (jv_enum(body, "approval", JV_OPTIONAL, APPROVALS, &ap, &present, &te))
		return req_fail(r, te.kind, te.code, te.message, te.field);
	if (present)
		snprintf(pr->approval, sizeof pr->approval, "%s", ap);
	if (period_rules_check(&pr->rules) != TD_OK)
		return req_fail(r, TD_EINVALID, "out_of_range",
				"Ngày chốt số liệu 1-28, số ngày hạn nộp 0-366", "deadline_days");
	pr->is_default = 0;
	return TD_OK;
}

static tderr handle_rules_put(http_req *r)
{
	int64_t plan_id, owner;
	char path[UNIT_PATH_MAX];
	int member = 0;
	json_t *body;
	if (req_param_id(r, 0, &plan_id))
		return TD_ENOTFOUND;
	tderr e = plans_access(r->db, plan_id, r->user->org_id, &owner, path, &member);
	if (e)
		return req_store_fail(r, e, NULL, NULL);
	if ((e = access_plan_write(r, owner)) || (e = req_body_object(r, &body)))
		return e;
	plan_rules_set pr;
	if ((e = plan_rules_get(r->db, plan_id, &pr)))
		return req_store_fail(r, e, NULL, NULL);
	json_t *before = plan_rules_json(plan_id, &pr), *after = NULL;
	if ((e = read_rules(r, body, &pr))) {
		json_decref(before);
		return e;
	}
	if ((e = db_begin(r->db)))
		goto fail;
	if ((e = plan_rules_put(r->db, plan_id, &pr)) ||
	    (e = plan_rules_get(r->db, plan_id, &pr)))
		goto fail;
	after = plan_rules_json(plan_id, &pr);
	if ((e = store_audit(r->db, r->user, r->client_ip, "plan_rules", plan_id, "update",
			     before, after)) ||
	    (e = db_commit(r->db)))
		goto fail;
	json_decref(before);
	return req_reply_json(r, 200, after);
fail:
	db_rollback(r->db);
	json_decref(before);
	json_decref(after);
	return req_store_fail(r, e, NULL, NULL);
}

const route api_plan_rules_routes[] = {
	{"GET", "/api/v1/plans/{id}/rules", handle_rules_get, ROLE_ANY, ACCESS_PLAN},
	{"PUT", "/api/v1/plans/{id}/rules", handle_rules_put, ROLES_WRITE, ACCESS_PLAN},
};
const size_t api_plan_rules_routes_count =
	sizeof api_plan_rules_routes / sizeof api_plan_rules_routes[0];
