/* organizations.c — /api/v1/organizations: the bodies (MTTQ, unions, Party
 * committees, ...) at each unit and their heads. Everyone lists and reads what
 * their scope reaches; admins create and change them within their subtree. */
#include "api/api.h"
#include "api/write.h"
#include "cube/cube.h"
#include <stdio.h>
#include "core/jsonv.h"
#include "store/orgs.h"
#include "store/store.h"
#include <string.h>

static tderr fail_jv(http_req *r, const td_error *te)
{
	return req_fail(r, te->kind, te->code, te->message, te->field);
}

static int valid_org_code(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > ORG_CODE_MAX)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '-' || c == '_' || c == '.'))
			return 0;
	}
	return 1;
}

static tderr handle_orgs_list(http_req *r)
{
	org_filter f = {0};
	tderr e;
	if ((e = req_paging(r, &f.limit, &f.offset)) || (e = req_query_opt(r, "unit", &f.unit)) ||
	    (e = req_query_opt(r, "within", &f.within)) || (e = req_query_opt(r, "system", &f.system)) ||
	    (e = req_query_opt(r, "q", &f.q)) ||
	    (e = req_query_int(r, "parent_id", 1, INT64_MAX, &f.parent_id, &f.has_parent)))
		return e;
	/* a user without a unit path sees nothing rather than everything */
	f.scope_path = r->user->unit_path ? r->user->unit_path : "-";
	json_t *items = NULL;
	int64_t total = 0;
	e = orgs_list(r->db, &f, &items, &total);
	if (e == TD_EINVALID)
		return req_fail(r, TD_EBADREQ, "bad_query", "Từ khóa tìm kiếm không hợp lệ", "q");
	if (e)
		return req_store_fail(r, e, NULL, NULL);
	return req_reply_list(r, items, total);
}

static tderr handle_orgs_get(http_req *r)
{
	int64_t id;
	if (req_param_id(r, 0, &id))
		return TD_ENOTFOUND;
	json_t *o = NULL;
	tderr e = orgs_get(r->db, id, &o);
	if (e)
		return req_store_fail(r, e, NULL, NULL);
	return req_reply_json(r, 200, o);
}

/* Reads "head":{"name","title","term_from"} into in (absent or null: no change). */
static tderr read_head(http_req *r, json_t *body, org_input *in)
{
	json_t *h = json_object_get(body, "head");
	if (!h || json_is_null(h))
		return TD_OK;
	td_error te = {0};
	if (!json_is_object(h))
		return req_fail(r, TD_EINVALID, "not_object",
				"Phải là đối tượng {name, title, term_from}", "head");
	if (jv_str(h, "name", JV_REQUIRED, ORG_HEAD_NAME_MAX, &in->head_name, NULL, &te)) {
		te.field = "head.name";
		return fail_jv(r, &te);
	}
	if (jv_str(h, "title", JV_OPTIONAL, ORG_HEAD_TITLE_MAX, &in->head_title, NULL, &te)) {
		te.field = "head.title";
		return fail_jv(r, &te);
	}
	if (jv_date(h, "term_from", JV_REQUIRED, 0, &in->head_term_from, NULL, &te)) {
		te.field = "head.term_from";
		return fail_jv(r, &te);
	}
	return TD_OK;
}

/* Reads parent_id: a readable organisation, or null for none. */
static tderr read_parent(http_req *r, json_t *body, org_input *in)
{
	json_t *p = json_object_get(body, "parent_id");
	if (!p)
		return TD_OK;
	in->set_parent = 1;
	if (json_is_null(p))
		return TD_OK;
	td_error te = {0};
	if (jv_int(body, "parent_id", JV_REQUIRED, 1, INT64_MAX, &in->parent_id, NULL, &te))
		return fail_jv(r, &te);
	return access_require_org_read(r, in->parent_id, "parent_id");
}

static tderr read_code(http_req *r, json_t *body, int required, org_input *in)
{
	td_error te = {0};
	if (jv_str(body, "code", required, ORG_CODE_MAX, &in->code, NULL, &te))
		return fail_jv(r, &te);
	if (in->code && !valid_org_code(in->code))
		return req_fail(r, TD_EINVALID, "bad_code",
				"Mã chỉ gồm chữ cái không dấu, chữ số, '-', '_' và '.'", "code");
	return TD_OK;
}

/* Which units are expected to report depends on the organisations. */
static void rebuild_cube(http_req *r, const audited_write *w)
{
	if (cube_rebuild(r->db) != TD_OK)
		fprintf(stderr, "tiendo: cube: not rebuilt after organisation %lld\n", (long long)w->id);
}

/* Runs the write in a transaction with its audit row; replies with the new state. */
static tderr org_write(http_req *r, int64_t id, const org_input *in, int create)
{
	audited_write w;
	tderr e = audited_begin(r, &w, "organizations", create ? 0 : id);
	if (e)
		return e;
	w.then = rebuild_cube;
	w.conflict_code = "organization_code_taken";
	w.conflict_message = "Mã tổ chức đã được dùng";
	if (!create)
		e = orgs_get(r->db, id, &w.before);
	if (!e)
		e = create ? orgs_create(r->db, in, &w.id, &w.te) : orgs_update(r->db, id, in, &w.te);
	if (!e)
		e = orgs_get(r->db, w.id, &w.after);
	return audited_end(r, &w, e);
}

static tderr handle_orgs_create(http_req *r)
{
	json_t *body;
	tderr e = req_body_object(r, &body);
	if (e)
		return e;
	org_input in = {0};
	td_error te = {0};
	const char *unit = NULL;
	if ((e = read_code(r, body, JV_REQUIRED, &in)))
		return e;
	if (jv_str(body, "name", JV_REQUIRED, ORG_NAME_MAX, &in.name, NULL, &te) ||
	    jv_enum(body, "system", JV_REQUIRED, org_systems, &in.system, NULL, &te) ||
	    jv_str(body, "unit", JV_REQUIRED, UNIT_CODE_MAX, &unit, NULL, &te))
		return fail_jv(r, &te);
	if ((e = access_require_unit_write(r, unit, "unit", &in.unit_id)) ||
	    (e = read_parent(r, body, &in)) || (e = read_head(r, body, &in)))
		return e;
	return org_write(r, 0, &in, 1);
}

static tderr handle_orgs_update(http_req *r)
{
	int64_t id;
	if (req_param_id(r, 0, &id))
		return TD_ENOTFOUND;
	json_t *body;
	tderr e = req_body_object(r, &body);
	if (e)
		return e;
	org_input in = {0};
	td_error te = {0};
	const char *unit = NULL;
	if ((e = read_code(r, body, JV_OPTIONAL, &in)))
		return e;
	if (jv_str(body, "name", JV_OPTIONAL, ORG_NAME_MAX, &in.name, NULL, &te) ||
	    jv_enum(body, "system", JV_OPTIONAL, org_systems, &in.system, NULL, &te) ||
	    jv_str(body, "unit", JV_OPTIONAL, UNIT_CODE_MAX, &unit, NULL, &te) ||
	    jv_int(body, "version", JV_OPTIONAL, 1, INT64_MAX, &in.version, &in.has_version, &te))
		return fail_jv(r, &te);
	if (in.name && in.name[strspn(in.name, " \t\r\n")] == 0)
		return req_fail(r, TD_EINVALID, "required", "Trường bắt buộc", "name");
	if (unit && (e = access_require_unit_write(r, unit, "unit", &in.unit_id)))
		return e;
	if ((e = read_parent(r, body, &in)) || (e = read_head(r, body, &in)))
		return e;
	return org_write(r, id, &in, 0);
}

const route api_organizations_routes[] = {
	{"GET", "/api/v1/organizations", handle_orgs_list, ROLE_ANY, ACCESS_NONE},
	{"POST", "/api/v1/organizations", handle_orgs_create, ROLE_ADMIN, ACCESS_NONE},
	{"GET", "/api/v1/organizations/{id}", handle_orgs_get, ROLE_ANY, ACCESS_ORG},
	{"PATCH", "/api/v1/organizations/{id}", handle_orgs_update, ROLE_ADMIN, ACCESS_ORG},
};
const size_t api_organizations_routes_count =
	sizeof api_organizations_routes / sizeof api_organizations_routes[0];
