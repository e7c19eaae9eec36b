/* registers.c — /api/v1/register-types: the registers of each plan defined as data
 * (fields, derived fields, every schema version kept), and the formula checks and
 * live values of computed indicators: /api/v1/indicators/validate-formula,
 * /api/v1/plans/{id}/computed. Types are changed by whoever may change their plan. */
#include "api/api.h"
#include "api/register_common.h"
#include "core/jsonv.h"
#include "core/regschema.h"
#include "store/formulas.h"
#include "store/registers.h"
#include "store/store.h"
#include <stdio.h>
#include <string.h>

static tderr handle_types_list(http_req *r)
{
	int64_t plan = 0;
	int has_plan = 0;
	tderr e = req_query_int(r, "plan", 1, INT64_MAX, &plan, &has_plan);
	if (e)
		return e;
	json_t *all = NULL;
	if ((e = regtypes_list(r->db, has_plan ? plan : 0, &all)))
		return req_store_fail(r, e, NULL, NULL);
	json_t *items = json_array();
	size_t i;
	json_t *t;
	json_array_foreach(all, i, t)
	if (access_plan_visible(r, json_integer_value(json_object_get(t, "plan_id")), NULL))
		json_array_append(items, t);
	json_decref(all);
	return req_reply_list(r, items, (int64_t)json_array_size(items));
}

static tderr handle_types_get(http_req *r)
{
	int64_t sv = 0;
	int has = 0;
	tderr e = req_query_int(r, "schema_version", 1, INT64_MAX, &sv, &has);
	if (e)
		return e;
	json_t *out = NULL;
	if ((e = regtypes_get(r->db, r->params[0], has ? sv : 0, &out)))
		return req_store_fail(r, e, NULL, NULL);
	return req_reply_json(r, 200, out);
}

/* Checks fields/derived of body (either may be absent on update: cur_* then) and
 * the evolution from prev_fields; clean forms into *fo, *dout. */
static tderr read_schema(http_req *r, json_t *body, const json_t *cur_fields,
			 const json_t *cur_derived, json_t **fo, json_t **dout)
{
	const json_t *fields = json_object_get(body, "fields");
	const json_t *derived = json_object_get(body, "derived");
	reg_fail f;
	memset(&f, 0, sizeof f);
	/* evolution first, on the fields as sent: "you removed camera" says more than
	 * whatever else is wrong with the new list */
	if ((cur_fields && fields && json_is_array(fields) &&
	     regschema_evolve(cur_fields, fields, &f)) ||
	    regschema_check(fields ? fields : cur_fields, derived ? derived : cur_derived, fo,
			    dout, &f)) {
		json_decref(*fo);
		json_decref(*dout);
		*fo = *dout = NULL;
		return regfail_reply(r, &f);
	}
	return TD_OK;
}

static tderr handle_types_create(http_req *r)
{
	json_t *body;
	tderr e = req_body_object(r, &body);
	if (e)
		return e;
	regtype_input in = {0};
	td_error te = {0};
	if (jv_str(body, "code", JV_REQUIRED, REG_NAME_MAX, &in.code, NULL, &te) ||
	    jv_int(body, "plan_id", JV_REQUIRED, 1, INT64_MAX, &in.plan_id, NULL, &te) ||
	    jv_str(body, "name", JV_REQUIRED, REG_LABEL_MAX, &in.name, NULL, &te) ||
	    jv_str(body, "name_en", JV_OPTIONAL, REG_LABEL_MAX, &in.name_en, NULL, &te))
		return req_fail(r, te.kind, te.code, te.message, te.field);
	if (!regschema_name_ok(in.code))
		return req_fail(r, TD_EINVALID, "bad_code",
				"Mã sổ: chữ thường không dấu, chữ số và dấu _, bắt đầu bằng chữ",
				"code");
	int64_t owner = 0;
	if (!access_plan_visible(r, in.plan_id, &owner))
		return req_fail(r, TD_EINVALID, "unknown_plan", "Không tìm thấy kế hoạch", "plan_id");
	if ((e = access_plan_write(r, owner)))
		return e;
	json_t *fo = NULL, *dout = NULL;
	if ((e = read_schema(r, body, NULL, NULL, &fo, &dout)))
		return e;
	in.fields = fo;
	in.derived = dout;
	int64_t id = 0;
	json_t *after = NULL;
	if ((e = db_begin(r->db)))
		goto out;
	if ((e = regtypes_create(r->db, &in, &id)) || (e = regtypes_get(r->db, in.code, 0, &after)) ||
	    (e = store_audit(r->db, r->user, r->client_ip, "register_types", id, "create", NULL,
			     after)) ||
	    (e = db_commit(r->db)))
		db_rollback(r->db);
out:
	json_decref(fo);
	json_decref(dout);
	if (e) {
		json_decref(after);
		return req_store_fail(r, e, "register_exists", "Mã sổ này đã có");
	}
	return req_reply_json(r, 201, after);
}

static tderr handle_types_update(http_req *r)
{
	json_t *body;
	tderr e = req_body_object(r, &body);
	if (e)
		return e;
	regtype_facts t;
	if ((e = regtypes_facts(r->db, r->params[0], &t)))
		return req_store_fail(r, e, NULL, NULL);
	int64_t owner = 0;
	if (!access_plan_visible(r, t.plan_id, &owner))
		return req_fail(r, TD_ENOTFOUND, "not_found", NULL, NULL);
	if ((e = access_plan_write(r, owner)))
		return e;
	regtype_input in = {0};
	td_error te = {0};
	if (jv_int(body, "version", JV_REQUIRED, 1, INT64_MAX, &in.version, NULL, &te) ||
	    jv_str(body, "name", JV_OPTIONAL, REG_LABEL_MAX, &in.name, NULL, &te) ||
	    jv_str(body, "name_en", JV_OPTIONAL, REG_LABEL_MAX, &in.name_en, NULL, &te))
		return req_fail(r, te.kind, te.code, te.message, te.field);
	if (json_object_get(body, "code") || json_object_get(body, "plan_id"))
		return req_fail(r, TD_EINVALID, "immutable_field",
				"Không đổi được mã sổ và kế hoạch của sổ",
				json_object_get(body, "code") ? "code" : "plan_id");
	json_t *cur_f = NULL, *cur_d = NULL, *fo = NULL, *dout = NULL, *before = NULL,
	       *after = NULL;
	if ((e = regtypes_schema(r->db, t.id, t.schema_version, &cur_f, &cur_d)))
		return req_store_fail(r, e, NULL, NULL);
	e = read_schema(r, body, cur_f, cur_d, &fo, &dout);
	json_decref(cur_f);
	json_decref(cur_d);
	if (e)
		return e;
	in.fields = fo;
	in.derived = dout;
	if ((e = db_begin(r->db)))
		goto out;
	if ((e = regtypes_get(r->db, r->params[0], 0, &before)) ||
	    (e = regtypes_update(r->db, t.id, &in)) ||
	    (e = regtypes_get(r->db, r->params[0], 0, &after)) ||
	    (e = store_audit(r->db, r->user, r->client_ip, "register_types", t.id, "update", before,
			     after)) ||
	    (e = db_commit(r->db)))
		db_rollback(r->db);
out:
	json_decref(fo);
	json_decref(dout);
	json_decref(before);
	if (e) {
		json_decref(after);
		if (e == TD_ECONFLICT)
			return req_fail(r, e, "stale_version",
					"Sổ đã được người khác sửa, vui lòng tải lại", "version");
		return req_store_fail(r, e, NULL, NULL);
	}
	return req_reply_json(r, 200, after);
}

static tderr handle_validate_formula(http_req *r)
{
	json_t *body;
	tderr e = req_body_object(r, &body);
	if (e)
		return e;
	const char *formula = NULL;
	td_error te = {0};
	if (jv_str(body, "formula", JV_REQUIRED, EXPR_TEXT_MAX, &formula, NULL, &te))
		return req_fail(r, te.kind, te.code, te.message, te.field);
	expr_error err;
	if ((e = formulas_check(r->db, formula, &err)) == TD_EINVALID)
		return formula_fail(r, &err);
	if (e)
		return req_store_fail(r, e, NULL, NULL);
	return req_reply_json(r, 200, json_pack("{s:b,s:s}", "valid", 1, "formula", formula));
}

/* The live value of each computed indicator of the plan over the records of the
 * unit's subtree (default: the caller's unit), and of the unit's own records. */
static tderr handle_plan_computed(http_req *r)
{
	int64_t plan;
	if (req_param_id(r, 0, &plan))
		return TD_ENOTFOUND;
	const char *code = NULL;
	tderr e = req_query(r, "unit", &code);
	if (e)
		return e;
	if (!code || !*code)
		code = r->user->unit_code;
	int64_t uid;
	char path[UNIT_PATH_MAX];
	e = code ? units_lookup(r->db, code, &uid, path) : TD_ENOTFOUND;
	if (e == TD_ENOTFOUND || (!e && !scope_can_read_unit(r->user, path)))
		return req_fail(r, TD_EINVALID, "unknown_unit", "Không tìm thấy đơn vị hành chính",
				"unit");
	if (e)
		return req_store_fail(r, e, NULL, NULL);
	json_t *inds = NULL;
	if ((e = formulas_plan_indicators(r->db, plan, &inds)))
		return req_store_fail(r, e, NULL, NULL);
	size_t i;
	json_t *it;
	json_array_foreach(inds, i, it)
	{
		const char *f = json_string_value(json_object_get(it, "formula"));
		double v = 0, own = 0;
		int vnull = 1, onull = 1;
		expr_error err;
		tderr fe = formulas_eval(r->db, f, path, 0, &v, &vnull, &err);
		if (!fe)
			fe = formulas_eval(r->db, f, path, 1, &own, &onull, &err);
		if (fe && fe != TD_EINVALID) {
			json_decref(inds);
			return req_store_fail(r, fe, NULL, NULL);
		}
		json_object_set_new(it, "value", fe || vnull ? json_null() : json_real(v));
		json_object_set_new(it, "own_value", fe || onull ? json_null() : json_real(own));
		if (fe)
			json_object_set_new(it, "error", json_string(err.message));
	}
	json_t *out = json_object();
	json_object_set_new(out, "unit", json_pack("{s:s}", "code", code));
	json_object_set_new(out, "total", json_integer((json_int_t)json_array_size(inds)));
	json_object_set_new(out, "items", inds);
	return req_reply_json(r, 200, out);
}

#define PLAN_EDITORS (ROLE_ADMIN | ROLE_LEADER | ROLE_OFFICER)

const route api_registers_routes[] = {
	{"GET", "/api/v1/register-types", handle_types_list, ROLE_ANY, ACCESS_NONE},
	{"POST", "/api/v1/register-types", handle_types_create, PLAN_EDITORS, ACCESS_NONE, NULL,
	 256 * 1024},
	{"GET", "/api/v1/register-types/{code}", handle_types_get, ROLE_ANY, ACCESS_REGISTER},
	{"PATCH", "/api/v1/register-types/{code}", handle_types_update, PLAN_EDITORS,
	 ACCESS_REGISTER, NULL, 256 * 1024},
	{"POST", "/api/v1/indicators/validate-formula", handle_validate_formula, ROLE_ANY,
	 ACCESS_NONE},
	{"GET", "/api/v1/plans/{id}/computed", handle_plan_computed, ROLE_ANY, ACCESS_PLAN},
};
const size_t api_registers_routes_count =
	sizeof api_registers_routes / sizeof api_registers_routes[0];
