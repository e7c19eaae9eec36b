/* evaluation.c — /api/v1/evaluation (a plan's organisations scored, ranked among
 * siblings, against last year), /evaluation/ranking (units across plans), GET|PUT
 * /plans/{id}/score-config, and the route rows of the group (scorecards included). */
#include "api/api.h"
#include "api/evaluation.h"
#include "core/clock.h"
#include "core/jsonv.h"
#include "cube/cube.h"
#include "store/plans.h"
#include "store/store.h"
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define ROLES_WRITE (ROLE_ADMIN | ROLE_LEADER | ROLE_OFFICER)

static const char MSG_PERIOD[] =
	"Kỳ đánh giá: năm (2024), 6 tháng (2024S1), 9 tháng (2024N9) hoặc quý (2024Q2)";
static const char MSG_UNIT_NOT_FOUND[] = "Không tìm thấy đơn vị hành chính";
static const char MSG_PLAN_NOT_FOUND[] = "Không tìm thấy kế hoạch";

/* ---- shared with scorecards.c ---- */

tderr evaluation_read_period(http_req *r, period *out)
{
	memset(out, 0, sizeof *out);
	const char *code = NULL;
	int64_t year = 0;
	int has_year = 0;
	tderr e;
	if ((e = req_query_opt(r, "period", &code)) ||
	    (e = req_query_int(r, "year", PLAN_YEAR_MIN, PLAN_YEAR_MAX, &year, &has_year)))
		return e;
	if (code) {
		period p;
		if (period_parse(code, &p) || p.kind == PERIOD_MONTH || p.year < PLAN_YEAR_MIN ||
		    p.year > PLAN_YEAR_MAX)
			return req_fail(r, TD_EBADREQ, "bad_period", MSG_PERIOD, "period");
		if (has_year && year != p.year)
			return req_fail(r, TD_EBADREQ, "bad_period", "Năm và kỳ đánh giá không khớp nhau",
					"year");
		*out = p;
		return TD_OK;
	}
	if (!has_year) {
		char today[PERIOD_DATE_SIZE];
		clock_today_vn(today, sizeof today);
		year = (today[0] - '0') * 1000 + (today[1] - '0') * 100 + (today[2] - '0') * 10 +
		       (today[3] - '0');
	}
	*out = (period){PERIOD_YEAR, (int)year, 0};
	return TD_OK;
}

tderr evaluation_read_unit(http_req *r, const char *code, int64_t *id, char path[UNIT_PATH_MAX])
{
	*id = 0;
	path[0] = '\0';
	if (!code || !*code)
		code = r->user->unit_code;
	tderr e = code ? units_lookup(r->db, code, id, path) : TD_ENOTFOUND;
	if (e == TD_ENOTFOUND || (!e && !scope_can_read_unit(r->user, path)))
		return req_fail(r, TD_ENOTFOUND, "not_found", MSG_UNIT_NOT_FOUND, "unit");
	return e ? req_store_fail(r, e, NULL, NULL) : TD_OK;
}

tderr evaluation_span(http_req *r, const period *p, eval_span *out)
{
	char today[PERIOD_DATE_SIZE], now[PERIOD_DATETIME_SIZE];
	clock_today_vn(today, sizeof today);
	clock_iso(now, sizeof now);
	if (eval_span_init(out, p, today, now))
		return req_fail(r, TD_EBADREQ, "bad_period", MSG_PERIOD, "period");
	return TD_OK;
}

tderr evaluation_cube_values(void *ctx, int64_t indicator_id, int64_t unit_id, const period *p,
			     eval_value *out)
{
	http_req *r = ctx;
	cube_figure f;
	memset(out, 0, sizeof *out);
	tderr e = cube_query(r->db, indicator_id, unit_id, p, 0, 0, &f);
	if (e == TD_ENOTFOUND)
		return TD_OK;
	if (e)
		return e;
	out->has = f.has_value && isfinite(f.value);
	out->value = f.value;
	out->undefined = !out->has && f.is_ratio && f.has_den && f.den == 0;
	return TD_OK;
}

tderr evaluation_reply(http_req *r, int status, json_t *j)
{
	if (!j)
		return req_fail(r, TD_EINTERNAL, NULL, NULL, NULL);
	/* scores carry one or two decimals: 98.4, not 98.400000000000006 */
	char *s = json_dumps(j, JSON_COMPACT | JSON_REAL_PRECISION(12));
	json_decref(j);
	if (!s)
		return req_fail(r, TD_EINTERNAL, NULL, NULL, NULL);
	size_t n = strlen(s);
	r->out = arena_strndup(r->a, s, n);
	free(s);
	if (!r->out)
		return req_fail(r, TD_EINTERNAL, NULL, NULL, NULL);
	r->out_len = n;
	r->status = status;
	r->content_type = "application/json; charset=utf-8";
	return TD_OK;
}

tderr evaluation_fail(http_req *r, tderr e)
{
	if (e == TD_ETOOLARGE)
		return req_fail(r, TD_EBADREQ, "too_many_organizations",
				"Quá nhiều tổ chức trong một lần đánh giá: hãy chọn đơn vị hẹp hơn",
				"unit");
	if (r->err.kind)
		return e;
	return e == TD_EUNAVAIL ? req_fail(r, e, NULL, NULL, NULL) : req_store_fail(r, e, NULL, NULL);
}

/* The plan of ?plan= or the path, visible to the caller (404 otherwise). */
static tderr visible_plan(http_req *r, int64_t plan_id)
{
	int64_t owner;
	char path[UNIT_PATH_MAX];
	int member = 0;
	tderr e = plans_access(r->db, plan_id, r->user->org_id, &owner, path, &member);
	if (e == TD_ENOTFOUND || (!e && !member && !scope_can_read_unit(r->user, path)))
		return req_fail(r, TD_ENOTFOUND, "not_found", MSG_PLAN_NOT_FOUND, "plan");
	return e ? req_store_fail(r, e, NULL, NULL) : TD_OK;
}

static tderr period_in_plan(http_req *r, const eval_plan *plan, const period *p)
{
	if (p->year < plan->start_year || p->year > plan->end_year)
		return req_fail(r, TD_EINVALID, "period_not_in_plan",
				"Kỳ đánh giá nằm ngoài thời gian thực hiện của kế hoạch", "period");
	return TD_OK;
}

static json_t *score_json(int has, double v)
{
	if (!has)
		return json_null();
	double r = score_round1(v);
	return r == floor(r) ? json_integer((json_int_t)r) : json_real(r);
}

static json_t *grade_json(score_grade g)
{
	const char *label = score_grade_label(g);
	return label ? json_string(label) : json_null();
}

/* The score of the same plan and organisation a year earlier, when the plan ran. */
static tderr previous_score(http_req *r, const eval_plan *plan, const eval_org *o,
			    const eval_span *cur, int *has, double *score)
{
	*has = 0;
	period p = cur->p;
	p.year--;
	if (p.year < plan->start_year)
		return TD_OK;
	eval_span sp;
	eval_outcome out;
	tderr e;
	if ((e = eval_span_init(&sp, &p, cur->today, cur->now)) ||
	    (e = eval_run(r->db, plan, o, &sp, evaluation_cube_values, r, &out)))
		return e;
	*has = out.result.has_score;
	*score = out.result.score;
	eval_outcome_clear(&out);
	return TD_OK;
}

/* ---- GET /api/v1/evaluation ---- */

typedef struct row {
	const eval_org *org;
	size_t group;        /* where the parent unit comes in the list (Vietnamese order) */
	eval_outcome cur;
	int has_prev;
	double prev;
	int ranked;          /* the caller sees every sibling: the rank means something */
	int64_t rank, rank_of;
	size_t order;
} row;

/* Siblings (same parent unit, same level) together, best first; rows without a
 * score last. */
static int row_cmp(const void *a, const void *b)
{
	const row *x = a, *y = b;
	if (x->org->depth != y->org->depth)
		return x->org->depth < y->org->depth ? -1 : 1;
	if (x->group != y->group)
		return x->group < y->group ? -1 : 1;
	int c = strcmp(x->org->parent_path, y->org->parent_path);
	if (!c)
		c = strcmp(x->org->level, y->org->level);
	if (c)
		return c < 0 ? -1 : 1;
	int hx = x->cur.result.has_score, hy = y->cur.result.has_score;
	if (hx != hy)
		return hx ? -1 : 1;
	if (hx && x->cur.result.score != y->cur.result.score)
		return x->cur.result.score > y->cur.result.score ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

static int same_group(const row *a, const row *b)
{
	return a->org->depth == b->org->depth &&
	       strcmp(a->org->parent_path, b->org->parent_path) == 0 &&
	       strcmp(a->org->level, b->org->level) == 0;
}

/* Ranks each group of siblings 1, 2, 2, 4... by score; sorted rows expected. */
static void rank_rows(http_req *r, row *rows, size_t n)
{
	for (size_t g = 0; g < n;) {
		size_t end = g + 1;
		while (end < n && same_group(&rows[g], &rows[end]))
			end++;
		const eval_org *o = rows[g].org;
		int visible = r->user->unit_path &&
			      scope_path_contains(r->user->unit_path,
						  o->parent_path[0] ? o->parent_path : o->unit_path);
		int64_t scored = 0;
		for (size_t i = g; i < end; i++)
			scored += rows[i].cur.result.has_score;
		for (size_t i = g; i < end; i++) {
			row *x = &rows[i];
			x->rank_of = scored;
			x->ranked = visible && x->cur.result.has_score;
			if (!x->ranked)
				continue;
			x->rank = (int64_t)(i - g) + 1;
			if (i > g && rows[i - 1].cur.result.score == x->cur.result.score)
				x->rank = rows[i - 1].rank;
		}
		g = end;
	}
}

typedef struct unit_pos {
	int64_t unit_id;
	size_t pos;
} unit_pos;

static int unit_pos_cmp(const void *a, const void *b)
{
	const unit_pos *x = a, *y = b;
	if (x->unit_id != y->unit_id)
		return x->unit_id < y->unit_id ? -1 : 1;
	return x->pos < y->pos ? -1 : x->pos > y->pos;
}

/* Each row's group: the first place of its parent unit in the organisations'
 * order, so that communes follow their district; SIZE_MAX when the parent has no
 * organisation listed. */
static tderr group_rows(const eval_org *orgs, size_t norgs, row *rows, size_t n)
{
	unit_pos *pos = malloc((norgs ? norgs : 1) * sizeof *pos);
	if (!pos)
		return TD_EINTERNAL;
	for (size_t i = 0; i < norgs; i++)
		pos[i] = (unit_pos){orgs[i].unit_id, i};
	if (norgs > 1) /* qsort wants a valid pointer even for 0 items */
		qsort(pos, norgs, sizeof *pos, unit_pos_cmp);
	for (size_t i = 0; i < n; i++) {
		unit_pos key = {rows[i].org->parent_unit_id, 0};
		size_t lo = 0, hi = norgs;
		while (lo < hi) { /* the first entry of the parent unit */
			size_t mid = lo + (hi - lo) / 2;
			if (unit_pos_cmp(&pos[mid], &key) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		rows[i].group = lo < norgs && pos[lo].unit_id == key.unit_id ? pos[lo].pos : SIZE_MAX;
	}
	free(pos);
	return TD_OK;
}

static json_t *row_json(const eval_plan *plan, const eval_span *sp, row *x)
{
	const score_result *res = &x->cur.result;
	json_t *o = json_object();
	json_object_set(o, "plan", plan->ref);
	json_object_set(o, "organization", x->org->ref);
	json_object_set(o, "unit", x->org->unit);
	json_object_set_new(o, "period", json_string(sp->code));
	json_object_set_new(o, "score", score_json(res->has_score, res->score));
	json_object_set_new(o, "grade", grade_json(res->grade));
	json_object_set_new(o, "grade_code", res->has_score ? json_string(score_grade_code(res->grade))
							    : json_null());
	json_object_set_new(o, "renormalised", json_boolean(res->renormalised));
	json_object_set(o, "components", x->cur.components);
	json_object_set_new(o, "rank", x->ranked ? json_integer(x->rank) : json_null());
	json_object_set_new(o, "rank_of", x->ranked ? json_integer(x->rank_of) : json_null());
	json_object_set_new(o, "previous_score", score_json(x->has_prev, x->prev));
	json_object_set_new(o, "change", score_json(x->has_prev && res->has_score,
						    res->score - x->prev));
	return o;
}

static tderr handle_evaluation(http_req *r)
{
	int64_t plan_id = 0, limit, offset;
	int has_plan = 0;
	const char *unit = NULL, *level = NULL;
	period p;
	tderr e;
	if ((e = req_query_int(r, "plan", 1, INT64_MAX, &plan_id, &has_plan)) ||
	    (e = req_paging(r, &limit, &offset)) || (e = req_query_opt(r, "unit", &unit)) ||
	    (e = req_query_opt(r, "level", &level)) || (e = evaluation_read_period(r, &p)))
		return e;
	if (!has_plan)
		return req_fail(r, TD_EBADREQ, "required", "Cần chọn kế hoạch", "plan");
	int64_t unit_id;
	char path[UNIT_PATH_MAX];
	eval_span sp;
	if ((e = visible_plan(r, plan_id)) || (e = evaluation_read_unit(r, unit, &unit_id, path)) ||
	    (e = evaluation_span(r, &p, &sp)))
		return e;
	eval_plan *plan = NULL;
	eval_org *orgs = NULL;
	size_t norgs = 0, n = 0;
	row *rows = NULL;
	if ((e = eval_plan_load(r->db, plan_id, &plan)) || (e = period_in_plan(r, plan, &p)) ||
	    (e = eval_orgs_list(r->db, plan->system, path, level, &orgs, &norgs)))
		goto done;
	if (!(rows = calloc(norgs ? norgs : 1, sizeof *rows))) {
		e = TD_EINTERNAL;
		goto done;
	}
	for (size_t i = 0; i < norgs && !e; i++) {
		if (!scope_can_read_unit(r->user, orgs[i].unit_path))
			continue;
		row *x = &rows[n];
		x->org = &orgs[i];
		x->order = n;
		if (!(e = eval_run(r->db, plan, &orgs[i], &sp, evaluation_cube_values, r, &x->cur))) {
			n++;
			e = previous_score(r, plan, &orgs[i], &sp, &x->has_prev, &x->prev);
		}
	}
	if (e || (e = group_rows(orgs, norgs, rows, n)))
		goto done;
	if (n > 1) /* qsort wants a valid pointer even for 0 items */
		qsort(rows, n, sizeof *rows, row_cmp);
	rank_rows(r, rows, n);
	json_t *items = json_array();
	for (size_t i = (size_t)offset; i < n && (int64_t)(i - (size_t)offset) < limit; i++)
		json_array_append_new(items, row_json(plan, &sp, &rows[i]));
	json_t *body = json_object();
	json_object_set_new(body, "items", items);
	json_object_set_new(body, "total", json_integer((json_int_t)n));
	json_object_set_new(body, "period", json_string(sp.code));
	json_object_set_new(body, "from", json_string(sp.from));
	json_object_set_new(body, "to", json_string(sp.to));
	json_object_set_new(body, "config", eval_config_json(plan->id, &plan->config, NULL));
	e = evaluation_reply(r, 200, body);
done:
	for (size_t i = 0; rows && i < n; i++)
		eval_outcome_clear(&rows[i].cur);
	free(rows);
	eval_orgs_free(orgs, norgs);
	eval_plan_free(plan);
	return e ? evaluation_fail(r, e) : TD_OK;
}

/* ---- GET /api/v1/evaluation/ranking ---- */

typedef struct unit_acc {
	int64_t unit_id;
	json_t *unit;    /* {code, name, level} */
	json_t *plans;   /* [{plan, organization, score, grade, previous_score}] */
	double sum, prev_sum;
	int n, prev_n;
	int has;
	double score;
	int64_t rank;
	const score_config *config;  /* the one plan's, when only one plan is scored */
} unit_acc;

static int acc_cmp(const void *a, const void *b)
{
	const unit_acc *x = a, *y = b;
	if (x->has != y->has)
		return x->has ? -1 : 1;
	if (x->has && x->score != y->score)
		return x->score > y->score ? -1 : 1;
	return x->unit_id < y->unit_id ? -1 : x->unit_id > y->unit_id;
}

/* Scores one plan at every organisation of its system at the level under path. */
static tderr rank_plan(http_req *r, const eval_plan *plan, const eval_span *sp, const char *path,
		       const char *level, unit_acc **accs, size_t *nacc)
{
	eval_org *orgs = NULL;
	size_t norgs = 0;
	tderr e = eval_orgs_list(r->db, plan->system, path, level, &orgs, &norgs);
	for (size_t i = 0; i < norgs && !e; i++) {
		eval_outcome out;
		int has_prev = 0;
		double prev = 0;
		if ((e = eval_run(r->db, plan, &orgs[i], sp, evaluation_cube_values, r, &out)))
			break;
		const score_result res = out.result;
		eval_outcome_clear(&out);
		if (!res.has_score ||
		    (e = previous_score(r, plan, &orgs[i], sp, &has_prev, &prev)))
			continue;
		size_t k = 0;
		while (k < *nacc && (*accs)[k].unit_id != orgs[i].unit_id)
			k++;
		if (k == *nacc) {
			unit_acc *v = realloc(*accs, (*nacc + 1) * sizeof *v);
			if (!v) {
				e = TD_EINTERNAL;
				break;
			}
			*accs = v;
			v[k] = (unit_acc){.unit_id = orgs[i].unit_id, .plans = json_array()};
			v[k].unit = json_incref(orgs[i].unit);
			(*nacc)++;
		}
		unit_acc *a = &(*accs)[k];
		a->sum += res.score;
		a->n++;
		if (has_prev) {
			a->prev_sum += prev;
			a->prev_n++;
		}
		a->config = a->n == 1 ? &plan->config : NULL;
		json_array_append_new(a->plans,
				      json_pack("{s:O,s:O,s:o,s:o,s:o}", "plan", plan->ref,
						"organization", orgs[i].ref, "score",
						score_json(1, res.score), "grade", grade_json(res.grade),
						"previous_score", score_json(has_prev, prev)));
	}
	eval_orgs_free(orgs, norgs);
	return e;
}

static tderr handle_ranking(http_req *r)
{
	int64_t plan_id = 0, limit, offset;
	int has_plan = 0;
	const char *unit = NULL, *level = NULL;
	period p;
	tderr e;
	if ((e = req_query_int(r, "plan", 1, INT64_MAX, &plan_id, &has_plan)) ||
	    (e = req_paging(r, &limit, &offset)) || (e = req_query_opt(r, "unit", &unit)) ||
	    (e = req_query_opt(r, "level", &level)) || (e = evaluation_read_period(r, &p)))
		return e;
	if (!level)
		level = "district";
	if (strcmp(level, "district") != 0 && strcmp(level, "commune") != 0)
		return req_fail(r, TD_EBADREQ, "bad_level", "Cấp xếp hạng: district hoặc commune",
				"level");
	int64_t unit_id;
	char path[UNIT_PATH_MAX];
	eval_span sp;
	if ((e = evaluation_read_unit(r, unit, &unit_id, path)) || (e = evaluation_span(r, &p, &sp)))
		return e;
	/* rank only what the caller sees whole: a unit above them narrows to their own */
	const char *within = scope_path_contains(r->user->unit_path, path) ? path
									  : r->user->unit_path;
	int64_t ids[EVAL_PLANS_MAX];
	size_t nplans = 0;
	if (has_plan) {
		if ((e = visible_plan(r, plan_id)))
			return e;
		ids[nplans++] = plan_id;
	} else {
		eval_plan_filter f = {.year = p.year, .scope_path = r->user->unit_path,
				      .scope_org = r->user->org_id};
		if ((e = eval_plans_running(r->db, &f, ids, EVAL_PLANS_MAX, &nplans)))
			return evaluation_fail(r, e);
	}
	unit_acc *accs = NULL;
	size_t nacc = 0;
	eval_plan *plans[EVAL_PLANS_MAX] = {0};
	for (size_t i = 0; i < nplans && !e; i++) {
		if ((e = eval_plan_load(r->db, ids[i], &plans[i])))
			break;
		if (p.year < plans[i]->start_year || p.year > plans[i]->end_year) {
			e = has_plan ? period_in_plan(r, plans[i], &p) : TD_OK;
			continue;
		}
		e = rank_plan(r, plans[i], &sp, within, level, &accs, &nacc);
	}
	if (e)
		goto done;
	score_config defaults = score_default_config();
	for (size_t k = 0; k < nacc; k++) {
		unit_acc *a = &accs[k];
		a->has = a->n > 0;
		a->score = a->has ? score_round1(a->sum / a->n) : 0;
	}
	if (nacc > 1) /* qsort wants a valid pointer even for 0 items */
		qsort(accs, nacc, sizeof *accs, acc_cmp);
	json_t *items = json_array();
	for (size_t k = 0; k < nacc; k++) {
		unit_acc *a = &accs[k];
		a->rank = k > 0 && accs[k - 1].score == a->score ? accs[k - 1].rank : (int64_t)k + 1;
		if ((int64_t)k < offset || (int64_t)json_array_size(items) >= limit)
			continue;
		double prev = a->prev_n ? score_round1(a->prev_sum / a->prev_n) : 0;
		json_t *o = json_pack("{s:O,s:o,s:o,s:I,s:O,s:I,s:I,s:o,s:o}", "unit", a->unit, "score",
				      score_json(1, a->score), "grade",
				      grade_json(score_grade_of(a->config ? a->config : &defaults, a->score)),
				      "plans_scored", (json_int_t)a->n, "plans", a->plans, "rank",
				      (json_int_t)a->rank, "rank_of", (json_int_t)nacc, "previous_score",
				      score_json(a->prev_n > 0, prev), "change",
				      score_json(a->prev_n > 0, a->score - prev));
		json_array_append_new(items, o);
	}
	json_t *body = json_pack("{s:o,s:I,s:s,s:s}", "items", items, "total", (json_int_t)nacc,
				 "period", sp.code, "level", level);
	e = evaluation_reply(r, 200, body);
done:
	for (size_t k = 0; k < nacc; k++) {
		json_decref(accs[k].unit);
		json_decref(accs[k].plans);
	}
	free(accs);
	for (size_t i = 0; i < nplans; i++)
		eval_plan_free(plans[i]);
	return e ? evaluation_fail(r, e) : TD_OK;
}

/* ---- GET|PUT /api/v1/plans/{id}/score-config ---- */

static tderr config_reply(http_req *r, int64_t plan_id, int status)
{
	score_config c;
	json_t *meta = NULL;
	tderr e = eval_config_get(r->db, plan_id, &c, &meta);
	if (e)
		return req_store_fail(r, e, NULL, NULL);
	json_t *o = eval_config_json(plan_id, &c, meta);
	json_decref(meta);
	return evaluation_reply(r, status, o);
}

static tderr handle_config_get(http_req *r)
{
	int64_t plan_id;
	if (req_param_id(r, 0, &plan_id))
		return TD_ENOTFOUND;
	return config_reply(r, plan_id, 200);
}

/* A number field of obj into *v when present; 422 when not a finite number. */
static tderr read_number(http_req *r, json_t *obj, const char *key, const char *field, double *v)
{
	json_t *x = json_object_get(obj, key);
	if (!x)
		return TD_OK;
	if (!json_is_number(x) || !isfinite(json_number_value(x)))
		return req_fail(r, TD_EINVALID, "not_number", "Phải là một số", field);
	*v = json_number_value(x);
	return TD_OK;
}

/* {version, weights:{the five}, achievement_cap?, thresholds?:{excellent?, good?,
 * pass?}} over the current configuration. */
static tderr read_config(http_req *r, json_t *body, score_config *c, int64_t *version)
{
	td_error te = {0};
	if (jv_int(body, "version", JV_REQUIRED, 1, INT64_MAX, version, NULL, &te))
		return req_fail(r, te.kind, te.code, te.message, te.field);
	json_t *w = json_object_get(body, "weights");
	if (!json_is_object(w))
		return req_fail(r, TD_EINVALID, "required",
				"Cần trọng số của cả năm thành phần: indicators, tasks, reports, budget, findings",
				"weights");
	for (int i = 0; i < SCORE_COMPONENTS; i++) {
		int64_t v = 0;
		if (jv_int(w, score_component_names[i], JV_REQUIRED, 0, 100, &v, NULL, &te))
			return req_fail(r, te.kind, te.code, te.message,
					arena_printf(r->a, "weights.%s", score_component_names[i]));
		c->weights[i] = (int)v;
	}
	tderr e;
	json_t *t = json_object_get(body, "thresholds");
	if (t && !json_is_object(t))
		return req_fail(r, TD_EINVALID, "bad_thresholds",
				"Ngưỡng xếp loại là {excellent, good, pass}", "thresholds");
	if ((e = read_number(r, body, "achievement_cap", "achievement_cap", &c->cap)) ||
	    (t && ((e = read_number(r, t, "excellent", "thresholds.excellent", &c->excellent)) ||
		   (e = read_number(r, t, "good", "thresholds.good", &c->good)) ||
		   (e = read_number(r, t, "pass", "thresholds.pass", &c->pass)))))
		return e;
	if (score_config_check(c, &te))
		return req_fail(r, te.kind, te.code, te.message, te.field);
	return TD_OK;
}

static tderr handle_config_put(http_req *r)
{
	int64_t plan_id, owner, version = 0;
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
	score_config c;
	json_t *meta = NULL, *before = NULL, *after = NULL;
	if ((e = eval_config_get(r->db, plan_id, &c, &meta)))
		return req_store_fail(r, e, NULL, NULL);
	before = eval_config_json(plan_id, &c, meta);
	json_decref(meta);
	meta = NULL;
	if ((e = read_config(r, body, &c, &version))) {
		json_decref(before);
		return e;
	}
	td_error te = {0};
	if ((e = db_begin(r->db)))
		goto fail;
	if ((e = eval_config_put(r->db, plan_id, &c, version, r->user->id, &te)) ||
	    (e = eval_config_get(r->db, plan_id, &c, &meta)))
		goto fail;
	after = eval_config_json(plan_id, &c, meta);
	if ((e = store_audit(r->db, r->user, r->client_ip, "plan_score_config", plan_id, "update",
			     before, after)) ||
	    (e = db_commit(r->db)))
		goto fail;
	json_decref(before);
	json_decref(meta);
	return evaluation_reply(r, 200, after);
fail:
	db_rollback(r->db);
	json_decref(before);
	json_decref(after);
	json_decref(meta);
	if (te.code)
		return req_fail(r, te.kind, te.code, te.message, te.field);
	return req_store_fail(r, e, NULL, NULL);
}

const route api_evaluation_routes[] = {
	{"GET", "/api/v1/evaluation", handle_evaluation, ROLE_ANY, ACCESS_NONE},
	{"GET", "/api/v1/evaluation/ranking", handle_ranking, ROLE_ANY, ACCESS_NONE},
	{"GET", "/api/v1/scorecards", scorecards_list, ROLE_ANY, ACCESS_NONE},
	{"GET", "/api/v1/scorecards/{organization_id}", scorecards_of_org, ROLE_ANY, ACCESS_ORG},
	{"GET", "/api/v1/plans/{id}/score-config", handle_config_get, ROLE_ANY, ACCESS_PLAN},
	{"PUT", "/api/v1/plans/{id}/score-config", handle_config_put, ROLES_WRITE, ACCESS_PLAN},
};
const size_t api_evaluation_routes_count =
	sizeof api_evaluation_routes / sizeof api_evaluation_routes[0];
