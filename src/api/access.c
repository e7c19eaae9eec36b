/* access.c — the scope checks behind every route row and the helpers handlers use
 * for ids that arrive in bodies. Reads need the entity's unit in the user's read
 * scope (its subtree and the units above it), writes need the write scope (the
 * subtree only). Out of reach answers 404 so existence is not leaked. */
#include "api/access.h"
#include "http/request.h"
#include "http/router.h"
#include "store/findings.h"
#include "store/indicators.h"
#include "store/orgs.h"
#include "store/plans.h"
#include "store/reach.h"
#include "store/registers.h"
#include "store/unit_history.h"
#include "store/units.h"
#include "store/users.h"
#include <stdlib.h>
#include <string.h>

static int safe_method(const http_req *r)
{
	return r->method && (strcmp(r->method, "GET") == 0 || strcmp(r->method, "HEAD") == 0);
}

static tderr not_found(http_req *r)
{
	return req_fail(r, TD_ENOTFOUND, "not_found", NULL, NULL);
}

/* Read or write, as the method asks, of something attached to the unit at path. */
static tderr check_path(http_req *r, const char *path)
{
	if (!scope_can_read_unit(r->user, path))
		return not_found(r);
	if (!safe_method(r) && !scope_can_write_unit(r->user, path))
		return req_fail(r, TD_EFORBIDDEN, "out_of_scope",
				"Đối tượng này nằm ngoài phạm vi bạn được sửa", NULL);
	return TD_OK;
}

static tderr lookup_fail(http_req *r, tderr e)
{
	return e == TD_ENOTFOUND ? not_found(r) : req_store_fail(r, e, NULL, NULL);
}

static tderr check_unit(http_req *r)
{
	const char *code = r->nparams > 0 ? r->params[0] : NULL;
	int64_t id;
	char path[UNIT_PATH_MAX];
	tderr e = units_lookup(r->db, code, &id, path);
	return e ? lookup_fail(r, e) : check_path(r, path);
}

static tderr check_org(http_req *r)
{
	int64_t id;
	if (req_param_id(r, 0, &id))
		return TD_ENOTFOUND;
	char path[UNIT_PATH_MAX];
	tderr e = orgs_unit_path(r->db, id, path);
	return e ? lookup_fail(r, e) : check_path(r, path);
}

/* Users are administered, never browsed: even reading one needs the write scope. */
static tderr check_user(http_req *r)
{
	int64_t id;
	if (req_param_id(r, 0, &id))
		return TD_ENOTFOUND;
	char path[UNIT_PATH_MAX];
	tderr e = users_unit_path(r->db, id, path);
	if (e)
		return lookup_fail(r, e);
	if (!scope_can_write_unit(r->user, path))
		return not_found(r);
	return TD_OK;
}

/* A plan is visible when its owner's unit is readable or the user's organisation
 * owns, coordinates or supervises it; changing it needs the owner's unit in the
 * write scope (who exactly may change it is access_plan_write's question). */
static tderr check_plan_id(http_req *r, int64_t id)
{
	int64_t owner;
	char path[UNIT_PATH_MAX];
	int member = 0;
	tderr e = plans_access(r->db, id, r->user->org_id, &owner, path, &member);
	if (e)
		return lookup_fail(r, e);
	if (!member && !scope_can_read_unit(r->user, path))
		return not_found(r);
	if (!safe_method(r) && !scope_can_write_unit(r->user, path))
		return req_fail(r, TD_EFORBIDDEN, "out_of_scope",
				"Chỉ cơ quan chủ trì được sửa kế hoạch này", NULL);
	return TD_OK;
}

static tderr check_plan(http_req *r)
{
	int64_t id;
	if (req_param_id(r, 0, &id))
		return TD_ENOTFOUND;
	return check_plan_id(r, id);
}

/* An indicator is reached through its plan. */
static tderr check_indicator(http_req *r)
{
	int64_t id, plan;
	if (req_param_id(r, 0, &id))
		return TD_ENOTFOUND;
	tderr e = indicators_plan_of(r->db, id, &plan);
	return e ? lookup_fail(r, e) : check_plan_id(r, plan);
}

/* A report is reached through the unit it is for; who may act on it within that
 * scope (the reporting organisation, the approver) is the handler's question. */
static tderr check_report(http_req *r)
{
	int64_t id;
	if (req_param_id(r, 0, &id))
		return TD_ENOTFOUND;
	char path[UNIT_PATH_MAX];
	tderr e = reach_report_unit_path(r->db, id, path);
	return e ? lookup_fail(r, e) : check_path(r, path);
}

/* A follow-up record is reached through the unit it sits at; a finding also by the
 * members of its addressee and of the organisation it was escalated to, wherever
 * they sit (findings.c decides what each may do with it). */
static tderr check_record(http_req *r)
{
	int64_t id;
	if (req_param_id(r, 0, &id))
		return TD_ENOTFOUND;
	char path[UNIT_PATH_MAX];
	tderr e = reach_record_unit_path(r->db, r->route->entity, id, path);
	if (e)
		return lookup_fail(r, e);
	if (strcmp(r->route->entity, "findings") == 0 && !scope_can_write_unit(r->user, path)) {
		int involved = 0;
		if ((e = findings_involves(r->db, id, r->user->org_id, &involved)))
			return lookup_fail(r, e);
		if (involved)
			return TD_OK;
	}
	return check_path(r, path);
}

/* A register type is reached through its plan, read access whatever the method:
 * writing records is decided by each record's unit, changing the type itself by
 * access_plan_write in its handler. */
static tderr check_register(http_req *r)
{
	const char *code = r->nparams > 0 ? r->params[0] : NULL;
	regtype_facts t;
	tderr e = code ? regtypes_facts(r->db, code, &t) : TD_ENOTFOUND;
	if (e)
		return lookup_fail(r, e);
	int64_t owner;
	char path[UNIT_PATH_MAX];
	int member = 0;
	if ((e = plans_access(r->db, t.plan_id, r->user->org_id, &owner, path, &member)))
		return lookup_fail(r, e);
	if (!member && !scope_can_read_unit(r->user, path))
		return not_found(r);
	return TD_OK;
}

/* A register record: its register must be visible, then its unit decides. */
static tderr check_register_record(http_req *r)
{
	int64_t id;
	tderr e = check_register(r);
	if (e)
		return e;
	if (req_param_id(r, 1, &id))
		return TD_ENOTFOUND;
	char path[UNIT_PATH_MAX];
	if ((e = regrecs_unit_path(r->db, id, path)))
		return lookup_fail(r, e);
	return check_path(r, path);
}

tderr access_check(struct http_req *r)
{
	const route *rt = r->route;
	if (!rt || rt->access == ACCESS_NONE)
		return TD_OK;
	if (!r->user)
		return req_fail(r, TD_EUNAUTH, "unauthenticated", NULL, NULL);
	switch (rt->access) {
	case ACCESS_UNIT: return check_unit(r);
	case ACCESS_ORG: return check_org(r);
	case ACCESS_USER: return check_user(r);
	case ACCESS_PLAN: return check_plan(r);
	case ACCESS_INDICATOR: return check_indicator(r);
	case ACCESS_REPORT: return check_report(r);
	case ACCESS_RECORD: return check_record(r);
	case ACCESS_REGISTER: return check_register(r);
	case ACCESS_REGISTER_RECORD: return check_register_record(r);
	case ACCESS_NONE: break;
	}
	return TD_OK;
}

/* Looks the organisation up; 422 naming field when absent or (need_read) not
 * readable by the user. */
static tderr org_path_for(http_req *r, int64_t org_id, const char *field, int need_read,
			  char path[UNIT_PATH_MAX])
{
	if (!r->user)
		return req_fail(r, TD_EUNAUTH, "unauthenticated", NULL, NULL);
	tderr e = org_id > 0 ? orgs_unit_path(r->db, org_id, path) : TD_ENOTFOUND;
	if (e == TD_ENOTFOUND || (e == TD_OK && need_read && !scope_can_read_unit(r->user, path)))
		return req_fail(r, TD_EINVALID, "unknown_organization", "Không tìm thấy tổ chức",
				field);
	if (e)
		return req_store_fail(r, e, NULL, NULL);
	return TD_OK;
}

tderr access_require_org_write(struct http_req *r, int64_t org_id, const char *field)
{
	char path[UNIT_PATH_MAX];
	tderr e = org_path_for(r, org_id, field, 1, path);
	if (e)
		return e;
	if (!scope_can_write_unit(r->user, path))
		return req_fail(r, TD_EINVALID, "organization_out_of_scope",
				"Tổ chức này nằm ngoài phạm vi bạn quản lý", field);
	return TD_OK;
}

tderr access_require_org_read(struct http_req *r, int64_t org_id, const char *field)
{
	char path[UNIT_PATH_MAX];
	return org_path_for(r, org_id, field, 1, path);
}

tderr access_require_unit_history_read(struct http_req *r, int64_t unit_id,
				       const char *unit_path, const char *field)
{
	if (!r->user)
		return req_fail(r, TD_EUNAUTH, "unauthenticated", NULL, NULL);
	if (scope_can_read_unit(r->user, unit_path))
		return TD_OK;
	int ok = 0;
	tderr e = unit_history_reach(r->db, r->user->unit_id, r->user->unit_path, unit_id,
				     unit_path, &ok);
	if (e)
		return req_store_fail(r, e, NULL, NULL);
	if (!ok)
		return req_fail(r, TD_ENOTFOUND, "not_found", "Không tìm thấy đơn vị hành chính",
				field);
	return TD_OK;
}

tderr access_unit_history_roots(struct http_req *r, const char *path, unit_root **out,
				size_t *n)
{
	*out = NULL;
	*n = 0;
	if (!r->user)
		return req_fail(r, TD_EUNAUTH, "unauthenticated", NULL, NULL);
	unit_root *all = NULL;
	size_t na = 0, kept = 0;
	tderr e = unit_history_roots(r->db, path, &all, &na);
	for (size_t i = 0; i < na && !e; i++) {
		int ok = scope_can_read_unit(r->user, all[i].path);
		if (!ok)
			e = unit_history_reach(r->db, r->user->unit_id, r->user->unit_path,
					       all[i].unit_id, all[i].path, &ok);
		if (!e && ok)
			all[kept++] = all[i];
	}
	if (e) {
		free(all);
		return req_store_fail(r, e, NULL, NULL);
	}
	*out = all;
	*n = kept;
	return TD_OK;
}

tderr access_require_unit_write(struct http_req *r, const char *code, const char *field,
				int64_t *unit_id)
{
	if (!r->user)
		return req_fail(r, TD_EUNAUTH, "unauthenticated", NULL, NULL);
	char path[UNIT_PATH_MAX];
	int64_t id = 0;
	tderr e = units_lookup(r->db, code, &id, path);
	if (e == TD_ENOTFOUND)
		return req_fail(r, TD_EINVALID, "unknown_unit", "Không tìm thấy đơn vị hành chính",
				field);
	if (e)
		return req_store_fail(r, e, NULL, NULL);
	if (!scope_can_write_unit(r->user, path))
		return req_fail(r, TD_EINVALID, "unit_out_of_scope",
				"Đơn vị này nằm ngoài phạm vi bạn quản lý", field);
	if (unit_id)
		*unit_id = id;
	return TD_OK;
}

tderr access_plan_write(struct http_req *r, int64_t owner_id)
{
	char path[UNIT_PATH_MAX];
	/* an owner the user cannot see is refused below like any other, with 403:
	 * the plan itself was visible to them */
	tderr e = org_path_for(r, owner_id, "owner_id", 0, path);
	if (e)
		return e;
	const td_user *u = r->user;
	if (u->role == ROLE_ADMIN && scope_can_write_unit(u, path))
		return TD_OK;
	if ((u->role == ROLE_LEADER || u->role == ROLE_OFFICER) && u->org_id == owner_id)
		return TD_OK;
	return req_fail(r, TD_EFORBIDDEN, "plan_not_writable",
			"Chỉ quản trị viên hoặc cán bộ của cơ quan chủ trì được sửa kế hoạch này",
			"owner_id");
}

int access_plan_visible(struct http_req *r, int64_t plan_id, int64_t *owner_id)
{
	int64_t owner = 0;
	char path[UNIT_PATH_MAX];
	int member = 0;
	if (!r->user || plans_access(r->db, plan_id, r->user->org_id, &owner, path, &member))
		return 0;
	if (owner_id)
		*owner_id = owner;
	return member || scope_can_read_unit(r->user, path);
}
