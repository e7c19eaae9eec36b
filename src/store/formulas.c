/* formulas.c — computed indicators: a formula's registers and fields checked
 * against their schemas, and its value for a unit from the registers' records
 * (each register read once per evaluation). */
#include "store/formulas.h"
#include "core/clock.h"
#include "store/registers.h"
#include "store/store.h"
#include "store/units.h"
#include <stdio.h>
#include <string.h>

static int schema_has(const json_t *list, const char *name)
{
	size_t i;
	json_t *fd;
	json_array_foreach(list, i, fd)
	if (strcmp(json_string_value(json_object_get(fd, "name")), name) == 0)
		return 1;
	return 0;
}

static void ref_fail(expr_error *err, const expr_ref *ref, const char *code, const char *vi,
		     const char *en)
{
	if (!err)
		return;
	memset(err, 0, sizeof *err);
	err->pos = ref->pos;
	err->code = code;
	snprintf(err->message, sizeof err->message, "%s '%s' (vị trí %zu)", vi,
		 ref->field[0] && strcmp(code, "unknown_field") == 0 ? ref->field : ref->reg,
		 ref->pos + 1);
	snprintf(err->message_en, sizeof err->message_en, "%s '%s' (position %zu)", en,
		 ref->field[0] && strcmp(code, "unknown_field") == 0 ? ref->field : ref->reg,
		 ref->pos + 1);
}

tderr formulas_check(db *d, const char *formula, expr_error *err)
{
	expr *e = NULL;
	tderr rc = expr_parse(formula, strlen(formula), EXPR_AGGREGATE, &e, err);
	if (rc)
		return rc;
	expr_ref refs[EXPR_REFS_MAX];
	size_t n = expr_refs(e, refs, EXPR_REFS_MAX);
	for (size_t i = 0; i < n && i < EXPR_REFS_MAX && !rc; i++) {
		regtype_facts t;
		rc = regtypes_facts(d, refs[i].reg, &t);
		if (rc == TD_ENOTFOUND) {
			ref_fail(err, &refs[i], "unknown_register", "Không có sổ đăng ký",
				 "No register named");
			rc = TD_EINVALID;
			break;
		}
		if (rc || !refs[i].field[0])
			continue;
		json_t *fields = NULL, *derived = NULL;
		if ((rc = regtypes_schema(d, t.id, t.schema_version, &fields, &derived)))
			break;
		if (!schema_has(fields, refs[i].field) && !schema_has(derived, refs[i].field)) {
			ref_fail(err, &refs[i], "unknown_field", "Sổ không có trường",
				 "The register has no field");
			rc = TD_EINVALID;
		}
		json_decref(fields);
		json_decref(derived);
	}
	expr_free(e);
	return rc;
}

#define CACHE_MAX 8

typedef struct eval_ctx {
	db *d;
	const char *unit_path;
	int own_only;
	tderr err;
	struct {
		char reg[EXPR_NAME_MAX + 1];
		json_t *recs;
	} cache[CACHE_MAX];
	size_t n;
} eval_ctx;

static const json_t *records(void *p, const char *reg)
{
	eval_ctx *c = p;
	for (size_t i = 0; i < c->n; i++)
		if (strcmp(c->cache[i].reg, reg) == 0)
			return c->cache[i].recs;
	regtype_facts t;
	json_t *fields = NULL, *derived = NULL, *recs = NULL;
	tderr e = regtypes_facts(c->d, reg, &t);
	if (!e)
		e = regtypes_schema(c->d, t.id, t.schema_version, &fields, &derived);
	if (!e)
		e = regrecs_for_formula(c->d, t.id, c->unit_path, c->own_only, derived, &recs);
	json_decref(fields);
	json_decref(derived);
	if (e && e != TD_ENOTFOUND && !c->err)
		c->err = e;
	if (c->n < CACHE_MAX && recs) {
		snprintf(c->cache[c->n].reg, sizeof c->cache[c->n].reg, "%s", reg);
		c->cache[c->n++].recs = recs;
	} else {
		json_decref(recs);
		recs = NULL;
		if (c->n >= CACHE_MAX && !c->err)
			c->err = TD_EINVALID; /* more registers than one formula may read */
	}
	return recs;
}

tderr formulas_eval(db *d, const char *formula, const char *unit_path, int own_only,
		    double *value, int *is_null, expr_error *err)
{
	expr *e = NULL;
	tderr rc = expr_parse(formula, strlen(formula), EXPR_AGGREGATE, &e, err);
	if (rc)
		return rc;
	eval_ctx c;
	memset(&c, 0, sizeof c);
	c.d = d;
	c.unit_path = unit_path;
	c.own_only = own_only;
	char today[16];
	clock_today_vn(today, sizeof today);
	expr_env env = {records, &c, NULL, today};
	*value = expr_eval_number(e, &env, is_null);
	for (size_t i = 0; i < c.n; i++)
		json_decref(c.cache[i].recs);
	expr_free(e);
	if (c.err == TD_EINVALID && err) {
		memset(err, 0, sizeof *err);
		err->code = "too_many_registers";
		snprintf(err->message, sizeof err->message, "Một công thức đọc tối đa %d sổ",
			 CACHE_MAX);
		snprintf(err->message_en, sizeof err->message_en,
			 "A formula reads at most %d registers", CACHE_MAX);
	}
	return c.err;
}

static const char *SQL_PLAN_FORMULAS =
	"SELECT id, code, name, unit_label, value_type, decimals, formula FROM indicators"
	" WHERE plan_id = ? AND formula IS NOT NULL AND formula <> '' ORDER BY position, id";

tderr formulas_plan_indicators(db *d, int64_t plan_id, json_t **items)
{
	db_stmt *s = db_prepare(d, SQL_PLAN_FORMULAS);
	if (!s)
		return TD_EINTERNAL;
	db_bind_int(s, 1, plan_id);
	json_t *arr = json_array();
	tderr e = TD_OK;
	int rc;
	while ((rc = db_step(s, &e)) == DB_ROW)
		json_array_append_new(
			arr, json_pack("{s:I,s:o,s:o,s:o,s:o,s:I,s:o}", "indicator_id",
				       (json_int_t)db_col_int(s, 0), "code", store_col_str(s, 1), "name",
				       store_col_str(s, 2), "unit_label", store_col_str(s, 3),
				       "value_type", store_col_str(s, 4), "decimals",
				       (json_int_t)db_col_int(s, 5), "formula", store_col_str(s, 6)));
	db_reset(s);
	if (rc < 0) {
		json_decref(arr);
		return e;
	}
	*items = arr;
	return TD_OK;
}

tderr formulas_prefill(db *d, json_t *report)
{
	json_t *form = json_object_get(report, "form");
	const char *unit = json_string_value(json_object_get(json_object_get(report, "unit"), "code"));
	json_int_t plan = json_integer_value(json_object_get(report, "plan_id"));
	if (!json_is_array(form) || !unit || plan <= 0)
		return TD_OK;
	json_t *inds = NULL;
	tderr e = formulas_plan_indicators(d, plan, &inds);
	if (e || json_array_size(inds) == 0) {
		json_decref(inds);
		return e;
	}
	int64_t uid;
	char path[UNIT_PATH_MAX];
	if ((e = units_lookup(d, unit, &uid, path))) {
		json_decref(inds);
		return e;
	}
	size_t i, k;
	json_t *f, *it;
	json_array_foreach(form, i, f)
	{
		json_int_t id = json_integer_value(json_object_get(f, "indicator_id"));
		json_array_foreach(inds, k, it)
		{
			if (json_integer_value(json_object_get(it, "indicator_id")) != id)
				continue;
			const char *formula = json_string_value(json_object_get(it, "formula"));
			double v = 0;
			int is_null = 1;
			expr_error err;
			tderr fe = formulas_eval(d, formula, path, 1, &v, &is_null, &err);
			if (fe && fe != TD_EINVALID) {
				json_decref(inds);
				return fe;
			}
			json_object_set_new(f, "formula", json_string(formula));
			json_object_set_new(f, "computed_value",
					    fe || is_null ? json_null() : json_real(v));
		}
	}
	json_decref(inds);
	return TD_OK;
}

static const char *SQL_FORMULA_SET = "UPDATE indicators SET formula = ? WHERE id = ?";

tderr formulas_set(db *d, int64_t indicator_id, const char *formula)
{
	db_stmt *s = db_prepare(d, SQL_FORMULA_SET);
	if (!s)
		return TD_EINTERNAL;
	db_bind_text(s, 1, formula);
	db_bind_int(s, 2, indicator_id);
	return store_exec(s);
}
