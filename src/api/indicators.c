/* indicators.c — /api/v1/plans/{id}/indicators and /api/v1/indicators/{id}: a plan's
 * indicators, their targets with history, and allocation. Whoever sees the plan reads
 * them; its owner (or an administrator above it) changes them, within their scope. */
#include "api/api.h"
#include "cube/cube.h"
#include <stdio.h>
#include "core/jsonv.h"
#include "store/formulas.h"
#include "store/indicators.h"
#include "store/plans.h"
#include "store/store.h"
#include "store/targets.h"
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define ROLES_WRITE (ROLE_ADMIN | ROLE_LEADER | ROLE_OFFICER)

static tderr fail_te(http_req *r, tderr e, const td_error *te)
{
	if (te->code)
		return req_fail(r, te->kind ? te->kind : e, te->code, te->message, te->field);
	return req_store_fail(r, e, "indicator_code_taken", "Mã chỉ tiêu đã được dùng trong kế hoạch này");
}

/* Only the plan's owner organisation (or an administrator above it) changes it. */
static tderr require_plan_write(http_req *r, int64_t plan_id)
{
	int64_t owner = 0;
	char path[UNIT_PATH_MAX];
	int member = 0;
	tderr e = plans_access(r->db, plan_id, r->user->org_id, &owner, path, &member);
	if (e)
		return req_store_fail(r, e, NULL, NULL);
	return access_plan_write(r, owner);
}

/* A number or null: *set 1 when the key is there, *has 1 when it is a number. */
static tderr read_number(http_req *r, json_t *body, const char *key, int *set, int *has,
			 double *v)
{
	json_t *x = json_object_get(body, key);
	*set = x != NULL;
	*has = 0;
	if (!x || json_is_null(x))
		return TD_OK;
	if (!json_is_number(x) || !isfinite(json_number_value(x)))
		return req_fail(r, TD_EINVALID, "not_number", "Phải là một số", key);
	*has = 1;
	*v = json_number_value(x);
	return TD_OK;
}

/* A positive id or null: *set 1 when the key is there, *id 0 for null. */
static tderr read_opt_id(http_req *r, json_t *body, const char *key, int *set, int64_t *id)
{
	json_t *x = json_object_get(body, key);
	*set = x != NULL;
	*id = 0;
	if (!x || json_is_null(x))
		return TD_OK;
	if (!json_is_integer(x) || json_integer_value(x) <= 0)
		return req_fail(r, TD_EINVALID, "invalid_id", "Phải là mã số (số nguyên dương) hoặc null", key);
	*id = json_integer_value(x);
	return TD_OK;
}

/* "formula": an expression over the registers (null clears it), checked against
 * their schemas; the message of a refusal gives the position. */
static tderr read_formula(http_req *r, json_t *body, indicator_input *in)
{
	json_t *f = json_object_get(body, "formula");
	if (!f)
		return TD_OK;
	in->set_formula = 1;
	if (json_is_null(f) || (json_is_string(f) && json_string_length(f) == 0))
		return TD_OK;
	if (!json_is_string(f) || json_string_length(f) > EXPR_TEXT_MAX)
		return req_fail(r, TD_EINVALID, "bad_formula", "Công thức là chuỗi, tối đa 2000 byte",
				"formula");
	expr_error err;
	tderr e = formulas_check(r->db, json_string_value(f), &err);
	if (e == TD_EINVALID)
		return req_fail(r, e, err.code, arena_strdup(r->a, err.message), "formula");
	if (e)
		return req_store_fail(r, e, NULL, NULL);
	in->formula = json_string_value(f);
	return TD_OK;
}

/* Every field of an indicator; required marks a create. */
static tderr read_indicator(http_req *r, json_t *body, int required, indicator_input *in)
{
	td_error te = {0};
	if (jv_str(body, "code", required, INDICATOR_CODE_MAX, &in->code, NULL, &te) ||
	    jv_str(body, "name", required, INDICATOR_NAME_MAX, &in->name, NULL, &te) ||
	    jv_str(body, "unit_label", JV_OPTIONAL, INDICATOR_UNIT_LABEL_MAX, &in->unit_label, NULL,
		   &te) ||
	    jv_enum(body, "value_type", JV_OPTIONAL, indicator_value_types, &in->value_type, NULL,
		    &te) ||
	    jv_enum(body, "time_agg", JV_OPTIONAL, indicator_time_aggs, &in->time_agg, NULL, &te) ||
	    jv_enum(body, "unit_agg", JV_OPTIONAL, indicator_unit_aggs, &in->unit_agg, NULL, &te) ||
	    jv_enum(body, "direction", JV_OPTIONAL, indicator_directions, &in->direction, NULL,
		    &te) ||
	    jv_enum(body, "frequency", JV_OPTIONAL, indicator_frequencies, &in->frequency, NULL,
		    &te) ||
	    jv_int(body, "decimals", JV_OPTIONAL, 0, INDICATOR_DECIMALS_MAX, &in->decimals,
		   &in->has_decimals, &te) ||
	    jv_int(body, "position", JV_OPTIONAL, 0, INDICATOR_POSITION_MAX, &in->position,
		   &in->has_position, &te))
		return req_fail(r, te.kind, te.code, te.message, te.field);
	tderr e;
	if ((e = read_opt_id(r, body, "objective_id", &in->set_objective, &in->objective_id)) ||
	    (e = read_opt_id(r, body, "numerator_id", &in->set_numerator, &in->numerator_id)) ||
	    (e = read_opt_id(r, body, "denominator_id", &in->set_denominator, &in->denominator_id)) ||
	    (e = read_number(r, body, "min", &in->set_min, &in->has_min, &in->min)) ||
	    (e = read_number(r, body, "max", &in->set_max, &in->has_max, &in->max)))
		return e;
	return read_formula(r, body, in);
}

/* Runs the write in a transaction with its audit row; replies with the new state. */
static tderr indicator_write(http_req *r, int64_t plan_id, int64_t id, const indicator_input *in)
{
	int create = id == 0;
	td_error te = {0};
	json_t *before = NULL, *after = NULL;
	tderr e = db_begin(r->db);
	if (e)
		return req_store_fail(r, e, NULL, NULL);
	if (!create && (e = indicators_get(r->db, id, &before)))
		goto fail;
	e = create ? indicators_create(r->db, plan_id, in, &id, &te)
		   : indicators_update(r->db, id, in, &te);
	if (!e && in->set_formula)
		e = formulas_set(r->db, id, in->formula);
	if (e || (e = indicators_get(r->db, id, &after)))
		goto fail;
	if ((e = store_audit(r->db, r->user, r->client_ip, "indicators", id,
			     create ? "create" : "update", before, after)) ||
	    (e = db_commit(r->db)))
		goto fail;
	json_decref(before);
	/* the data is committed: a cube that cannot follow is logged, not refused */
	if (cube_refresh_indicator(r->db, id) != TD_OK)
		fprintf(stderr, "tiendo: cube: indicator %lld not refreshed\n", (long long)id);
	return req_reply_json(r, create ? 201 : 200, after);
fail:
	db_rollback(r->db);
	json_decref(before);
	json_decref(after);
	return fail_te(r, e, &te);
}

static tderr handle_list(http_req *r)
{
	int64_t plan_id;
	if (req_param_id(r, 0, &plan_id))
		return TD_ENOTFOUND;
	indicator_filter f = {0};
	const char *freq = NULL;
	tderr e;
	if ((e = req_paging(r, &f.limit, &f.offset)) || (e = req_query(r, "frequency", &freq)))
		return e;
	if (freq && *freq && !(f.frequency = indicator_frequency_from_name(freq)))
		return req_fail(r, TD_EBADREQ, "bad_frequency",
				"Tần suất: month, quarter, half hoặc year", "frequency");
	json_t *items = NULL;
	int64_t total = 0;
	if ((e = indicators_list(r->db, plan_id, &f, &items, &total)))
		return req_store_fail(r, e, NULL, NULL);
	return req_reply_list(r, items, total);
}

static tderr handle_create(http_req *r)
{
	int64_t plan_id;
	if (req_param_id(r, 0, &plan_id))
		return TD_ENOTFOUND;
	json_t *body;
	tderr e = require_plan_write(r, plan_id);
	if (e || (e = req_body_object(r, &body)))
		return e;
	indicator_input in = {0};
	if ((e = read_indicator(r, body, JV_REQUIRED, &in)))
		return e;
	return indicator_write(r, plan_id, 0, &in);
}

static tderr handle_get(http_req *r)
{
	int64_t id;
	if (req_param_id(r, 0, &id))
		return TD_ENOTFOUND;
	json_t *o = NULL;
	tderr e = indicators_get(r->db, id, &o);
	if (e)
		return req_store_fail(r, e, NULL, NULL);
	return req_reply_json(r, 200, o);
}

/* The plan of the indicator in the path, after checking the caller may change it. */
static tderr writable_indicator(http_req *r, int64_t *id, int64_t *plan_id)
{
	if (req_param_id(r, 0, id))
		return TD_ENOTFOUND;
	tderr e = indicators_plan_of(r->db, *id, plan_id);
	if (e)
		return req_store_fail(r, e, NULL, NULL);
	return require_plan_write(r, *plan_id);
}

static tderr handle_update(http_req *r)
{
	int64_t id, plan_id;
	json_t *body;
	tderr e = writable_indicator(r, &id, &plan_id);
	if (e || (e = req_body_object(r, &body)))
		return e;
	indicator_input in = {0};
	td_error te = {0};
	if (jv_int(body, "version", JV_REQUIRED, 1, INT64_MAX, &in.version, &in.has_version, &te))
		return req_fail(r, te.kind, te.code, te.message, te.field);
	if ((e = read_indicator(r, body, JV_OPTIONAL, &in)))
		return e;
	return indicator_write(r, plan_id, id, &in);
}

/* ---- targets ---- */

/* ?unit=&year= and paging, limited to the units the caller reads. */
static tderr read_target_filter(http_req *r, target_filter *f)
{
	tderr e;
	if ((e = req_paging(r, &f->limit, &f->offset)) || (e = req_query(r, "unit", &f->unit)) ||
	    (e = req_query_int(r, "year", PLAN_YEAR_MIN, PLAN_YEAR_MAX, &f->year, &f->has_year)))
		return e;
	if (f->unit && !*f->unit)
		f->unit = NULL;
	/* a user without a unit path reads nothing rather than everything */
	f->scope_path = r->user->unit_path ? r->user->unit_path : "-";
	return TD_OK;
}

static tderr handle_targets_get(http_req *r)
{
	int64_t id;
	if (req_param_id(r, 0, &id))
		return TD_ENOTFOUND;
	target_filter f = {0};
	json_t *items = NULL;
	int64_t total = 0;
	tderr e = read_target_filter(r, &f);
	if (e)
		return e;
	if ((e = targets_list(r->db, id, &f, &items, &total)))
		return req_store_fail(r, e, NULL, NULL);
	return req_reply_list(r, items, total);
}

static tderr handle_history(http_req *r)
{
	int64_t id;
	if (req_param_id(r, 0, &id))
		return TD_ENOTFOUND;
	target_filter f = {0};
	json_t *items = NULL;
	int64_t total = 0;
	tderr e = read_target_filter(r, &f);
	if (e)
		return e;
	if ((e = targets_history(r->db, id, &f, &items, &total)))
		return req_store_fail(r, e, NULL, NULL);
	return req_reply_list(r, items, total);
}

static tderr target_field_fail(http_req *r, size_t i, const char *part, const char *code,
			       const char *msg)
{
	return req_fail(r, TD_EINVALID, code, msg, arena_printf(r->a, "targets[%zu].%s", i, part));
}

/* One {"unit","year","value"}: the unit must be in the caller's write scope. */
static tderr read_target(http_req *r, json_t *v, size_t i, target_in *t)
{
	if (!json_is_object(v))
		return req_fail(r, TD_EINVALID, "bad_target", "Mỗi chỉ tiêu giao là {unit, year, value}",
				arena_printf(r->a, "targets[%zu]", i));
	json_t *unit = json_object_get(v, "unit");
	if (!json_is_string(unit) || json_string_length(unit) == 0 ||
	    json_string_length(unit) > UNIT_CODE_MAX)
		return target_field_fail(r, i, "unit", "required", "Cần mã đơn vị hành chính");
	tderr e = access_require_unit_write(r, json_string_value(unit),
					    arena_printf(r->a, "targets[%zu].unit", i), &t->unit_id);
	if (e)
		return e;
	json_t *year = json_object_get(v, "year");
	t->year = 0;
	if (year && !json_is_null(year)) {
		if (!json_is_integer(year) || json_integer_value(year) < PLAN_YEAR_MIN ||
		    json_integer_value(year) > PLAN_YEAR_MAX)
			return target_field_fail(r, i, "year", "bad_year",
						 "Năm là một số nguyên (hoặc null cho cả giai đoạn kế hoạch)");
		t->year = json_integer_value(year);
	}
	json_t *value = json_object_get(v, "value");
	if (!value)
		return target_field_fail(r, i, "value", "required",
					 "Cần giá trị (null để bỏ chỉ tiêu giao)");
	t->has_value = !json_is_null(value);
	if (t->has_value) {
		if (!json_is_number(value) || !isfinite(json_number_value(value)))
			return target_field_fail(r, i, "value", "not_number", "Phải là một số");
		t->value = json_number_value(value);
	}
	return TD_OK;
}

/* The body: an array of targets, or {"targets":[...],"reason","document"}. */
static tderr read_targets_body(http_req *r, json_t **arr, const char **reason,
			       const char **document)
{
	json_t *body = NULL;
	*reason = *document = "";
	tderr e = req_body_object(r, &body);
	if (e == TD_EINVALID && json_is_array(r->json)) {
		memset(&r->err, 0, sizeof r->err); /* an array is the short form */
		*arr = r->json;
	} else if (e) {
		return e;
	} else {
		td_error te = {0};
		if (jv_str(body, "reason", JV_OPTIONAL, TARGET_REASON_MAX, reason, NULL, &te) ||
		    jv_str(body, "document", JV_OPTIONAL, TARGET_DOCUMENT_MAX, document, NULL, &te))
			return req_fail(r, te.kind, te.code, te.message, te.field);
		*arr = json_object_get(body, "targets");
		if (!*arr)
			return req_fail(r, TD_EINVALID, "required", "Trường bắt buộc", "targets");
		if (!json_is_array(*arr))
			return req_fail(r, TD_EINVALID, "not_array", "Phải là một mảng", "targets");
	}
	if (json_array_size(*arr) > TARGETS_PUT_MAX)
		return req_fail(r, TD_EINVALID, "too_many",
				"Tối đa 5000 chỉ tiêu giao trong một lần cập nhật", "targets");
	return TD_OK;
}

/* The audit row's before and after: [{unit, year, value}] of what changed. */
static void audit_sides(json_t *changes, const char *reason, const char *document,
			json_t **before, json_t **after)
{
	json_t *b = json_array(), *a = json_array();
	size_t i;
	json_t *c;
	json_array_foreach(changes, i, c)
	{
		json_array_append_new(b, json_pack("{s:O,s:O,s:O}", "unit", json_object_get(c, "unit"),
						   "year", json_object_get(c, "year"), "value",
						   json_object_get(c, "old_value")));
		json_array_append_new(a, json_pack("{s:O,s:O,s:O}", "unit", json_object_get(c, "unit"),
						   "year", json_object_get(c, "year"), "value",
						   json_object_get(c, "new_value")));
	}
	*before = json_pack("{s:o}", "targets", b);
	*after = json_pack("{s:o,s:s,s:s}", "targets", a, "reason", reason, "document", document);
}

static tderr put_fail(http_req *r, const targets_error *te)
{
	const char *field = te->e.field;
	if (te->index >= 0)
		field = field ? arena_printf(r->a, "targets[%ld].%s", te->index, field)
			      : arena_printf(r->a, "targets[%ld]", te->index);
	return req_fail(r, te->e.kind, te->e.code,
			te->e.message ? arena_strdup(r->a, te->e.message) : NULL, field);
}

static tderr handle_targets_put(http_req *r)
{
	int64_t id, plan_id;
	json_t *arr = NULL;
	const char *reason = "", *document = "";
	tderr e = writable_indicator(r, &id, &plan_id);
	if (e || (e = read_targets_body(r, &arr, &reason, &document)))
		return e;
	size_t n = json_array_size(arr);
	target_in *t = arena_alloc(r->a, (n ? n : 1) * sizeof *t);
	if (!t)
		return req_fail(r, TD_EINTERNAL, NULL, NULL, NULL);
	for (size_t i = 0; i < n; i++)
		if ((e = read_target(r, json_array_get(arr, i), i, &t[i])))
			return e;
	targets_error te;
	json_t *items = NULL, *changes = NULL, *before = NULL, *after = NULL;
	size_t changed = 0;
	if ((e = db_begin(r->db)))
		return req_store_fail(r, e, NULL, NULL);
	e = targets_put(r->db, id, t, n, r->user->id, reason, document, &items, &changes, &changed,
			&te);
	if (!e && changed > 0) {
		audit_sides(changes, reason, document, &before, &after);
		e = store_audit(r->db, r->user, r->client_ip, "indicator_targets", id, "update", before,
				after);
	}
	if (!e)
		e = db_commit(r->db);
	json_decref(changes);
	json_decref(before);
	json_decref(after);
	if (e) {
		db_rollback(r->db);
		json_decref(items);
		return te.e.code ? put_fail(r, &te) : req_store_fail(r, e, NULL, NULL);
	}
	/* the targets the analytics answers read sit beside the cube */
	if (changed > 0 && cube_refresh_targets(r->db, id) != TD_OK)
		fprintf(stderr, "tiendo: cube: targets of indicator %lld not refreshed\n",
			(long long)id);
	return req_reply_json(r, 200, json_pack("{s:o,s:I,s:I}", "items", items, "total",
						(json_int_t)n, "changed", (json_int_t)changed));
}

/* The last id of a unit path '/1/5/30/' (30): the unit itself. 0 when malformed. */
static int64_t unit_id_of_path(const char *path)
{
	size_t n = strlen(path);
	if (n < 3 || path[n - 1] != '/')
		return 0;
	size_t i = n - 1;
	while (i > 0 && path[i - 1] != '/')
		i--;
	char *end = NULL;
	errno = 0;
	long long v = strtoll(path + i, &end, 10);
	return errno || end != path + n - 1 || v <= 0 ? 0 : (int64_t)v;
}

/* ?unit=CODE (default: the plan owner's unit when the caller's scope holds it,
 * else the caller's own unit) and ?year= (default: the plan period). The caller
 * must read every child of the unit: its scope must hold the unit. */
static tderr handle_allocation(http_req *r)
{
	int64_t id, plan_id, owner = 0, year = 0;
	if (req_param_id(r, 0, &id))
		return TD_ENOTFOUND;
	const char *code = NULL;
	int has_year = 0;
	tderr e;
	if ((e = req_query(r, "unit", &code)) ||
	    (e = req_query_int(r, "year", PLAN_YEAR_MIN, PLAN_YEAR_MAX, &year, &has_year)))
		return e;
	char owner_path[UNIT_PATH_MAX], path[UNIT_PATH_MAX];
	int member = 0;
	json_t *plan = NULL;
	if ((e = indicators_plan_of(r->db, id, &plan_id)) ||
	    (e = plans_access(r->db, plan_id, r->user->org_id, &owner, owner_path, &member)) ||
	    (e = plans_get(r->db, plan_id, &plan)))
		return req_store_fail(r, e, NULL, NULL);
	int64_t start = json_integer_value(json_object_get(plan, "start_year"));
	int64_t end = json_integer_value(json_object_get(plan, "end_year"));
	json_decref(plan);
	if (has_year && (year < start || year > end))
		return req_fail(r, TD_EBADREQ, "year_not_in_plan",
				"Năm phải nằm trong thời gian thực hiện kế hoạch", "year");
	int64_t unit_id = 0;
	if (code && *code) {
		e = units_lookup(r->db, code, &unit_id, path);
		if (e == TD_ENOTFOUND)
			return req_fail(r, TD_EBADREQ, "unknown_unit", "Không tìm thấy đơn vị hành chính",
					"unit");
		if (e)
			return req_store_fail(r, e, NULL, NULL);
	} else if (scope_path_contains(r->user->unit_path, owner_path)) {
		unit_id = unit_id_of_path(owner_path);
		memcpy(path, owner_path, strlen(owner_path) + 1);
	} else {
		unit_id = r->user->unit_id;
		if (!r->user->unit_path || strlen(r->user->unit_path) >= UNIT_PATH_MAX)
			return req_fail(r, TD_ENOTFOUND, "not_found", NULL, NULL);
		memcpy(path, r->user->unit_path, strlen(r->user->unit_path) + 1);
	}
	if (!unit_id || !scope_path_contains(r->user->unit_path, path))
		return req_fail(r, TD_ENOTFOUND, "not_found", NULL, NULL);
	json_t *out = NULL;
	if ((e = targets_allocation(r->db, id, unit_id, has_year ? year : 0, &out)))
		return req_store_fail(r, e, NULL, NULL);
	return req_reply_json(r, 200, out);
}

/* Rows by field name, so that fields the table may gain stay zero. */
#define ROW(m, p, h, who, rule)                                                            \
	{.method = (m), .pattern = (p), .handler = (h), .roles = (who), .access = (rule)}

const route api_indicators_routes[] = {
	ROW("GET", "/api/v1/plans/{id}/indicators", handle_list, ROLE_ANY, ACCESS_PLAN),
	ROW("POST", "/api/v1/plans/{id}/indicators", handle_create, ROLES_WRITE, ACCESS_PLAN),
	ROW("GET", "/api/v1/indicators/{id}", handle_get, ROLE_ANY, ACCESS_INDICATOR),
	ROW("PATCH", "/api/v1/indicators/{id}", handle_update, ROLES_WRITE, ACCESS_INDICATOR),
	ROW("GET", "/api/v1/indicators/{id}/targets", handle_targets_get, ROLE_ANY, ACCESS_INDICATOR),
	ROW("PUT", "/api/v1/indicators/{id}/targets", handle_targets_put, ROLES_WRITE,
	    ACCESS_INDICATOR),
	ROW("GET", "/api/v1/indicators/{id}/targets/history", handle_history, ROLE_ANY,
	    ACCESS_INDICATOR),
	ROW("GET", "/api/v1/indicators/{id}/allocation", handle_allocation, ROLE_ANY,
	    ACCESS_INDICATOR),
};
const size_t api_indicators_routes_count =
	sizeof api_indicators_routes / sizeof api_indicators_routes[0];
