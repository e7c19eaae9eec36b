/* unit_history.c — the unit tree across reforms:
 *   GET /api/v1/org-units/{code}/history  every version of a code, with its
 *       predecessors, successors and the legal acts (public, like the tree);
 *   GET /api/v1/unit-versions?q=          the history-aware unit picker: units of
 *       every version, closed ones labelled "(đến 30/06/2025)";
 *   GET /api/v1/analytics/history?indicator=&unit=&period=[&as_of=]
 *       an indicator at a unit for a period either on the tree of a day (as_of:
 *       the version of the code in force that day, its subtree as it was) or on
 *       today's tree (no as_of: the current version, plus what its predecessors
 *       reported, carried with their shares), with the unit's children.
 * The cube answers every figure (cube.h); carrying is core/carry.c. The caller
 * must reach the unit (access_require_unit_history_read) and see the plan. */
#include "api/access.h"
#include "api/api.h"
#include "api/unit_history.h"
#include "core/carry.h"
#include "core/clock.h"
#include "core/jsonv.h"
#include "cube/cube.h"
#include "store/indicators.h"
#include "store/plans.h"
#include "store/unit_history.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define PICK_MAX 100
#define CHILDREN_MAX 500

static const char MSG_UNIT[] = "Không tìm thấy đơn vị hành chính";
static const char MSG_INDICATOR[] = "Không tìm thấy chỉ tiêu";

static tderr handle_history(http_req *r)
{
	const char *code = r->nparams > 0 ? r->params[0] : NULL;
	json_t *out = NULL;
	tderr e = unit_history_get(r->db, code, &out);
	if (e == TD_ENOTFOUND)
		return req_fail(r, e, "unit_not_found", MSG_UNIT, NULL);
	if (e)
		return req_store_fail(r, e, NULL, NULL);
	return req_reply_json(r, 200, out);
}

static tderr handle_pick(http_req *r)
{
	const char *q = NULL;
	int64_t limit = 20;
	int present = 0;
	tderr e;
	if ((e = req_query_opt(r, "q", &q)) ||
	    (e = req_query_int(r, "limit", 1, PICK_MAX, &limit, &present)))
		return e;
	if (q && strlen(q) > 100)
		return req_fail(r, TD_EBADREQ, "bad_query", "Từ khóa tìm kiếm quá dài", "q");
	json_t *items = NULL;
	e = unit_history_pick(r->db, q, limit, &items);
	if (e == TD_EINVALID)
		return req_fail(r, TD_EBADREQ, "bad_query", "Từ khóa tìm kiếm không hợp lệ", "q");
	if (e)
		return req_store_fail(r, e, NULL, NULL);
	return req_reply_list(r, items, (int64_t)json_array_size(items));
}

static json_t *number(int has, double v)
{
	if (!has || !isfinite(v))
		return json_null();
	if (v == floor(v) && fabs(v) < 1e15)
		return json_integer((json_int_t)v);
	return json_real(v);
}

typedef struct hq {
	int64_t indicator_id;
	char indicator_code[64];
	cube_indicator_info info;
	period p;
	const char *as_of;        /* NULL: today's tree */
	int own_only;             /* the unit's own reports, and what passed into it */
	int submitted;            /* count submitted reports too */
	int stock;                /* latest state, not a flow (a ratio: its numerator's) */
} hq;

static void put_part(json_t *o, const carry_part *c)
{
	json_object_set_new(o, "value", number(c->has_value, c->value));
	json_object_set_new(o, "numerator", number(c->has_num, c->num));
	json_object_set_new(o, "denominator", number(c->has_den, c->den));
}

static carry_part part_of(const cube_figure *f, double share, int predecessor)
{
	return (carry_part){.has_value = f->has_value, .value = f->value, .has_num = f->has_num,
			    .num = f->num, .has_den = f->has_den, .den = f->den, .share = share,
			    .predecessor = predecessor, .reported_units = f->reported_units,
			    .expected_units = f->expected_units};
}

static tderr carry_onto(http_req *r, const hq *q, int64_t unit_id, const char *path,
			const cube_figure *fig, json_t *parts, carry_result *out);

/* The figure of one unit: on the tree of the day (its subtree, nothing carried)
 * or on today's tree (its subtree plus its predecessors' own figures with their
 * shares). parts (may be NULL) gets {code,label,share,value,...} of each part
 * that has a figure. */
static tderr unit_figure(http_req *r, const hq *q, int64_t unit_id, const char *path,
			 json_t *parts, carry_result *out)
{
	cube_figure f;
	tderr e = cube_query(r->db, q->indicator_id, unit_id, &q->p, q->submitted, q->own_only, &f);
	if (e)
		return e;
	return carry_onto(r, q, unit_id, path, &f, parts, out);
}

/* The cube figure f of a unit with its predecessors' carried parts. */
static tderr carry_onto(http_req *r, const hq *q, int64_t unit_id, const char *path,
			const cube_figure *fig, json_t *parts, carry_result *out)
{
	cube_figure f = *fig;
	tderr e = TD_OK;
	unit_carrier *c = NULL;
	size_t n = 0;
	if (!q->as_of && (e = q->own_only
				      ? unit_history_carriers_into(r->db, unit_id, q->indicator_code, &c, &n)
				      : unit_history_carriers(r->db, path, q->indicator_code, &c, &n)))
		return e;
	carry_part *ps = calloc(n + 1, sizeof *ps);
	if (!ps) {
		free(c);
		return TD_EINTERNAL;
	}
	ps[0] = part_of(&f, 1, 0);
	for (size_t i = 0; i < n && !e; i++) {
		cube_figure g;
		e = cube_query(r->db, q->indicator_id, c[i].unit_id, &q->p, q->submitted, 1, &g);
		if (e == TD_ENOTFOUND) { /* a unit the cube has no figure for */
			memset(&g, 0, sizeof g);
			e = TD_OK;
		}
		ps[i + 1] = part_of(&g, c[i].share, 1);
		if (!e && c[i].whole_to && q->stock) {
			/* the successor's own latest figure holds the same things */
			cube_figure w;
			tderr we = cube_query(r->db, q->indicator_id, c[i].whole_to, &q->p, q->submitted,
					      1, &w);
			if (we && we != TD_ENOTFOUND)
				e = we;
			else if (!we)
				ps[i + 1].superseded = w.has_value || (w.has_num && w.has_den);
		}
	}
	if (!e) {
		carry_combine(ps, n + 1, q->info.type, q->info.unit_agg,
			      q->stock ? IND_TIME_LAST : IND_TIME_SUM, out);
		for (size_t i = 0; parts && i <= n && !e; i++) {
			if (!ps[i].has_value && !ps[i].has_num && !ps[i].has_den)
				continue;
			json_t *u = NULL;
			if ((e = unit_history_unit(r->db, i == 0 ? unit_id : c[i - 1].unit_id, &u)))
				break;
			json_object_set_new(u, "share", json_real(ps[i].share));
			json_object_set_new(u, "carried", json_boolean(i > 0));
			put_part(u, &ps[i]);
			json_array_append_new(parts, u);
		}
	}
	free(ps);
	free(c);
	return e;
}

static void put_result(json_t *o, const carry_result *c, int has_t, double t,
		       indicator_direction dir)
{
	double ach = 0;
	int has_a = has_t && indicator_achievement(dir, c->has_value ? &c->value : NULL, &t, &ach);
	json_object_set_new(o, "target", number(has_t, t));
	json_object_set_new(o, "achievement", number(has_a, ach));
	json_object_set_new(o, "value", number(c->has_value, c->value));
	json_object_set_new(o, "numerator", number(c->has_num, c->num));
	json_object_set_new(o, "denominator", number(c->has_den, c->den));
	json_object_set_new(o, "carried", json_boolean(c->used_predecessors));
	json_object_set_new(o, "reported_units", json_integer(c->reported_units));
	json_object_set_new(o, "expected_units", json_integer(c->expected_units));
}

/* The indicator's code (for per-indicator shares) and whether it is a stock (a
 * ratio: its numerator's kind). q->info must be filled. */
static tderr describe(db *d, hq *q)
{
	json_t *ind = NULL;
	tderr e = indicators_get(d, q->indicator_id, &ind);
	if (e)
		return e;
	const char *code = json_string_value(json_object_get(ind, "code"));
	snprintf(q->indicator_code, sizeof q->indicator_code, "%s", code ? code : "");
	json_int_t num = json_integer_value(json_object_get(ind, "numerator_id"));
	json_decref(ind);
	q->stock = q->info.time_agg == IND_TIME_LAST;
	cube_indicator_info ni;
	if (q->info.unit_agg == IND_UNIT_RATIO && num > 0 &&
	    cube_indicator(d, (int64_t)num, &ni) == TD_OK)
		q->stock = ni.time_agg == IND_TIME_LAST;
	return TD_OK;
}

tderr unit_history_eval_values(void *ctx, int64_t indicator_id, int64_t unit_id,
			       const period *p, eval_value *out)
{
	http_req *r = ctx;
	memset(out, 0, sizeof *out);
	hq q = {.indicator_id = indicator_id, .p = *p};
	char path[UNIT_PATH_MAX];
	tderr e = cube_indicator(r->db, indicator_id, &q.info);
	if (!e)
		e = describe(r->db, &q);
	if (!e)
		e = unit_history_path(r->db, unit_id, path);
	carry_result c;
	if (!e)
		e = unit_figure(r, &q, unit_id, path, NULL, &c);
	if (e == TD_ENOTFOUND)
		return TD_OK;
	if (e)
		return e;
	out->has = c.has_value && isfinite(c.value);
	out->value = c.value;
	out->undefined = !out->has && q.info.unit_agg == IND_UNIT_RATIO && c.has_den && c.den == 0;
	return TD_OK;
}

tderr unit_history_carry_cube(http_req *r, int64_t indicator_id, int64_t unit_id,
			      const char *path, int own_only, const period *p,
			      int include_submitted, cube_figure *f, int *carried, int year,
			      int *has_t, double *t)
{
	*carried = 0;
	hq q = {.indicator_id = indicator_id, .p = *p, .own_only = own_only,
		.submitted = include_submitted};
	tderr e;
	if ((e = cube_indicator(r->db, indicator_id, &q.info)) || (e = describe(r->db, &q)))
		return e;
	carry_result c;
	if ((e = carry_onto(r, &q, unit_id, path, f, NULL, &c)) || !c.used_predecessors)
		return e;
	*carried = 1;
	f->has_value = c.has_value;
	f->value = c.value;
	f->has_num = c.has_num;
	f->num = c.num;
	f->has_den = c.has_den;
	f->den = c.den;
	f->reported_units = c.reported_units;
	f->expected_units = c.expected_units;
	if (year > 0 && has_t && !*has_t)
		e = unit_history_target(r->db, indicator_id, q.indicator_code,
					q.info.unit_agg == IND_UNIT_RATIO, unit_id, year, has_t, t);
	return e;
}

tderr unit_history_fallback_target(http_req *r, int64_t indicator_id, int64_t unit_id,
				   int year, int *has_t, double *t)
{
	if (year <= 0)
		return TD_OK;
	hq q = {.indicator_id = indicator_id};
	tderr e;
	if ((e = cube_indicator(r->db, indicator_id, &q.info)) || (e = describe(r->db, &q)))
		return e;
	return unit_history_target(r->db, indicator_id, q.indicator_code,
				   q.info.unit_agg == IND_UNIT_RATIO, unit_id, year, has_t, t);
}

/* The indicator exists and its plan is visible to the caller (its owner's unit
 * is readable, through the history too, or the caller's organisation takes part). */
static tderr check_indicator(http_req *r, hq *q)
{
	tderr e = cube_indicator(r->db, q->indicator_id, &q->info);
	if (e == TD_ENOTFOUND)
		return req_fail(r, e, "not_found", MSG_INDICATOR, "indicator");
	if (e)
		return req_store_fail(r, e, NULL, NULL);
	int64_t owner = 0;
	char path[UNIT_PATH_MAX];
	int member = 0;
	e = plans_access(r->db, q->info.plan_id, r->user->org_id, &owner, path, &member);
	if (e && e != TD_ENOTFOUND)
		return req_store_fail(r, e, NULL, NULL);
	int ok = !e && (member || scope_can_read_unit(r->user, path));
	if (!e && !ok && (e = unit_history_reach(r->db, r->user->unit_id, r->user->unit_path, 0,
						 path, &ok)))
		return req_store_fail(r, e, NULL, NULL);
	if (!ok)
		return req_fail(r, TD_ENOTFOUND, "not_found", MSG_INDICATOR, "indicator");
	if ((e = describe(r->db, q)))
		return req_store_fail(r, e, NULL, NULL);
	return TD_OK;
}

static tderr handle_analytics_history(http_req *r)
{
	hq q = {0};
	const char *unit = NULL, *per = NULL;
	int present = 0;
	tderr e;
	if ((e = req_query_int(r, "indicator", 1, INT64_MAX / 2, &q.indicator_id, &present)))
		return e;
	if (!present)
		return req_fail(r, TD_EBADREQ, "missing_indicator", "Thiếu chỉ tiêu", "indicator");
	if ((e = req_query_opt(r, "unit", &unit)) || (e = req_query_opt(r, "period", &per)) ||
	    (e = req_query_opt(r, "as_of", &q.as_of)))
		return e;
	if (q.as_of && !jv_is_date(q.as_of))
		return req_fail(r, TD_EBADREQ, "bad_date", "Ngày phải có dạng YYYY-MM-DD", "as_of");
	if (!per || strlen(per) > 16 || period_parse(per, &q.p) != TD_OK)
		return req_fail(r, TD_EBADREQ, "bad_period",
				"Kỳ báo cáo không hợp lệ (ví dụ: 2025, 2025S1, 2025Q3, 202507)",
				"period");
	if (!unit)
		unit = r->user->unit_code;
	char today[16], path[UNIT_PATH_MAX];
	clock_today_vn(today, sizeof today);
	int64_t unit_id = 0;
	e = unit ? unit_version(r->db, unit, q.as_of ? q.as_of : today, &unit_id, path)
		 : TD_ENOTFOUND;
	if (e == TD_ENOTFOUND)
		return req_fail(r, e, "not_found", MSG_UNIT, "unit");
	if (e)
		return req_store_fail(r, e, NULL, NULL);
	if ((e = access_require_unit_history_read(r, unit_id, path, "unit")) ||
	    (e = check_indicator(r, &q)))
		return e;

	json_t *out = json_object(), *parts = json_array(), *children = json_array();
	json_t *u = NULL;
	carry_result total;
	if ((e = unit_history_unit(r->db, unit_id, &u)) ||
	    (e = unit_figure(r, &q, unit_id, path, parts, &total)))
		goto fail;
	json_object_set_new(out, "indicator", json_integer(q.indicator_id));
	json_object_set_new(out, "period", json_string(per));
	json_object_set_new(out, "view", json_string(q.as_of ? "as_of" : "today"));
	json_object_set_new(out, "as_of", json_string(q.as_of ? q.as_of : today));
	json_object_set_new(out, "unit", u);
	u = NULL;
	int has_t = 0;
	double t = 0;
	int target_year = q.p.kind == PERIOD_YEAR ? q.p.year : 0;
	if (target_year && (e = unit_history_target(r->db, q.indicator_id, q.indicator_code,
						    q.info.unit_agg == IND_UNIT_RATIO, unit_id,
						    target_year, &has_t, &t)))
		goto fail;
	put_result(out, &total, has_t, t, q.info.direction);
	json_object_set_new(out, "parts", parts);
	parts = NULL;
	cube_unit_ref *fam = NULL;
	size_t nf = 0;
	if ((e = cube_unit_family(r->db, unit_id, &fam, &nf)))
		goto fail;
	for (size_t i = 1; i < nf && i <= CHILDREN_MAX && !e; i++) {
		carry_result cr;
		json_t *row = NULL;
		if ((e = unit_history_unit(r->db, fam[i].id, &row)))
			break;
		int ht = 0;
		double tv = 0;
		if (!(e = unit_figure(r, &q, fam[i].id, fam[i].path, NULL, &cr)) && target_year)
			e = unit_history_target(r->db, q.indicator_id, q.indicator_code,
						q.info.unit_agg == IND_UNIT_RATIO, fam[i].id,
						target_year, &ht, &tv);
		if (!e) {
			put_result(row, &cr, ht, tv, q.info.direction);
			json_array_append_new(children, row);
		} else {
			json_decref(row);
		}
	}
	free(fam);
	if (e)
		goto fail;
	json_object_set_new(out, "children", children);
	return req_reply_json(r, 200, out);
fail:
	json_decref(out);
	json_decref(parts);
	json_decref(children);
	json_decref(u);
	if (e == TD_ENOTFOUND)
		return req_fail(r, e, "not_found", MSG_UNIT, "unit");
	return req_store_fail(r, e, NULL, NULL);
}

const route api_unit_history_routes[] = {
	{"GET", "/api/v1/org-units/{code}/history", handle_history, ROLE_ANY, ACCESS_NONE},
	{"GET", "/api/v1/unit-versions", handle_pick, ROLE_ANY, ACCESS_NONE},
	{"GET", "/api/v1/analytics/history", handle_analytics_history, ROLE_ANY, ACCESS_NONE},
};
const size_t api_unit_history_routes_count =
	sizeof api_unit_history_routes / sizeof api_unit_history_routes[0];
