/* scorecards.c — one scorecard per head (người đứng đầu) who held the post in the
 * period: the organisation's plans scored over that head's part of it, the weakest
 * indicators, overdue tasks and unanswered findings. */
#include "api/api.h"
#include "api/evaluation.h"
#include "store/plans.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define CARD_SYSTEMS_MAX 16   /* systems in one answer (there are about ten) */
#define CARD_WORST 3          /* weakest indicators shown */

static const char MSG_ORG_NOT_FOUND[] = "Không tìm thấy tổ chức";

/* The plans each system reports, loaded once per request. */
typedef struct system_plans {
	char system[EVAL_SYSTEM_MAX];
	eval_plan *plans[EVAL_PLANS_MAX];
	size_t n;
} system_plans;

typedef struct card_ctx {
	http_req *r;
	period p;
	eval_span whole;
	system_plans *sys;    /* CARD_SYSTEMS_MAX of them */
	size_t nsys;
} card_ctx;

static void cards_ctx_free(card_ctx *c)
{
	for (size_t i = 0; c->sys && i < c->nsys; i++)
		for (size_t k = 0; k < c->sys[i].n; k++)
			eval_plan_free(c->sys[i].plans[k]);
	free(c->sys);
}

/* The running plans of a system visible to the caller, whose years hold the period. */
static tderr plans_of(card_ctx *c, const char *system, system_plans **out)
{
	if (!c->sys) /* cards_begin did not succeed */
		return TD_EINTERNAL;
	for (size_t i = 0; i < c->nsys; i++)
		if (strcmp(c->sys[i].system, system) == 0) {
			*out = &c->sys[i];
			return TD_OK;
		}
	if (c->nsys == CARD_SYSTEMS_MAX)
		return TD_ETOOLARGE;
	system_plans *sp = &c->sys[c->nsys++];
	memset(sp, 0, sizeof *sp);
	snprintf(sp->system, sizeof sp->system, "%s", system);
	int64_t ids[EVAL_PLANS_MAX];
	size_t n = 0;
	eval_plan_filter f = {.year = c->p.year, .system = system,
			      .scope_path = c->r->user->unit_path, .scope_org = c->r->user->org_id};
	tderr e = eval_plans_running(c->r->db, &f, ids, EVAL_PLANS_MAX, &n);
	for (size_t i = 0; i < n && !e; i++)
		if (!(e = eval_plan_load(c->r->db, ids[i], &sp->plans[sp->n])))
			sp->n++;
	*out = sp;
	return e;
}

static json_t *score_json(int has, double v)
{
	if (!has || !isfinite(v))
		return json_null();
	double r = score_round1(v);
	return r == floor(r) ? json_integer((json_int_t)r) : json_real(r);
}

static json_t *round2(double v)
{
	double r = round(v * 100.0) / 100.0;
	return r == floor(r) ? json_integer((json_int_t)r) : json_real(r);
}

/* One plan's outcome for a head's part of the period. */
typedef struct plan_run {
	const eval_plan *plan;
	eval_outcome out;
} plan_run;

static int64_t component_int(const plan_run *run, score_component i, const char *key)
{
	return json_integer_value(json_object_get(json_array_get(run->out.components, i), key));
}

/* The components over the plans: a component's value is its mean over the plans
 * where it has data; its weight and contribution the mean over the scored plans,
 * so that the contributions add up to the card's score (the mean of the plans'). */
static json_t *summary_components(const plan_run *runs, size_t n, size_t scored)
{
	json_t *arr = json_array();
	for (int i = 0; i < SCORE_COMPONENTS; i++) {
		double vsum = 0, wsum = 0, esum = 0, csum = 0;
		size_t with = 0;
		for (size_t k = 0; k < n; k++) {
			const score_result *res = &runs[k].out.result;
			json_t *o = json_array_get(runs[k].out.components, (size_t)i);
			json_t *v = json_object_get(o, "value");
			wsum += runs[k].plan->config.weights[i];
			if (json_is_number(v)) {
				vsum += json_number_value(v);
				with++;
			}
			if (res->has_score) {
				esum += res->weight[i];
				csum += res->contribution[i];
			}
		}
		json_t *o = json_object();
		json_object_set_new(o, "component", json_string(score_component_names[i]));
		json_object_set_new(o, "value", score_json(with > 0, with ? vsum / (double)with : 0));
		json_object_set_new(o, "weight", round2(n ? wsum / (double)n : 0));
		json_object_set_new(o, "effective_weight", round2(scored ? esum / (double)scored : 0));
		json_object_set_new(o, "contribution", round2(scored ? csum / (double)scored : 0));
		json_object_set_new(o, "has_data", json_boolean(with > 0));
		json_object_set_new(o, "plans", json_integer((json_int_t)with));
		json_array_append_new(arr, o);
	}
	return arr;
}

static int worst_cmp(const void *a, const void *b)
{
	json_t *const *x = a, *const *y = b;
	double vx = json_number_value(json_object_get(*x, "counted_as"));
	double vy = json_number_value(json_object_get(*y, "counted_as"));
	return vx < vy ? -1 : vx > vy;
}

/* The CARD_WORST lowest achievements over the plans (the indicators counted). */
static json_t *worst_indicators(const plan_run *runs, size_t n)
{
	size_t total = 0;
	for (size_t k = 0; k < n; k++)
		total += json_array_size(json_object_get(
			json_array_get(runs[k].out.components, SCORE_INDICATORS), "indicators"));
	json_t **all = calloc(total ? total : 1, sizeof(json_t *));
	json_t *out = json_array();
	if (!all)
		return out;
	size_t m = 0;
	for (size_t k = 0; k < n; k++) {
		json_t *list = json_object_get(json_array_get(runs[k].out.components, SCORE_INDICATORS),
					       "indicators");
		for (size_t i = 0; i < json_array_size(list); i++) {
			json_t *x = json_array_get(list, i);
			if (!json_is_number(json_object_get(x, "counted_as")))
				continue;
			json_t *o = json_deep_copy(x);
			json_object_set(o, "plan", runs[k].plan->ref);
			all[m++] = o;
		}
	}
	if (m > 1) /* qsort wants a valid pointer even for 0 items */
		qsort(all, m, sizeof(json_t *), worst_cmp);
	for (size_t i = 0; i < m; i++) {
		if (i < CARD_WORST)
			json_array_append(out, all[i]);
		json_decref(all[i]);
	}
	free(all);
	return out;
}

static json_t *org_json(const eval_org *o)
{
	json_t *j = json_deep_copy(o->ref);
	json_object_set(j, "unit", o->unit);
	return j;
}

/* The card of one head (h NULL: nobody recorded) over the slice of the period. */
static tderr card(card_ctx *c, const eval_org *o, const system_plans *sp, const eval_head *h,
		  const score_slice *slice, json_t **out, double *sort_score, int *has_score)
{
	eval_span span = c->whole;
	tderr e = eval_span_narrow(&span, slice->from, slice->to);
	plan_run *runs = calloc(sp->n ? sp->n : 1, sizeof *runs);
	if (e || !runs) {
		free(runs);
		return e ? e : TD_EINTERNAL;
	}
	size_t n = 0, scored = 0;
	double sum = 0;
	int64_t overdue = 0, unanswered = 0;
	for (size_t k = 0; k < sp->n && !e; k++) {
		runs[n].plan = sp->plans[k];
		if ((e = eval_run(c->r->db, sp->plans[k], o, &span, evaluation_cube_values, c->r,
				  &runs[n].out)))
			break;
		const score_result *res = &runs[n].out.result;
		if (res->has_score) {
			sum += res->score;
			scored++;
		}
		overdue += component_int(&runs[n], SCORE_TASKS, "overdue");
		unanswered += component_int(&runs[n], SCORE_FINDINGS, "unanswered");
		n++;
	}
	if (!e) {
		int whole = strcmp(slice->from, c->whole.from) == 0 && strcmp(slice->to, c->whole.to) == 0;
		double score = scored ? score_round1(sum / (double)scored) : 0;
		score_config defaults = score_default_config();
		const score_config *cfg = n == 1 ? &sp->plans[0]->config : &defaults;
		score_grade g = scored ? score_grade_of(cfg, score) : SCORE_GRADE_NONE;
		json_t *j = json_object();
		json_object_set_new(j, "organization", org_json(o));
		json_object_set(j, "head", h ? h->ref : json_null());
		json_object_set_new(j, "term_from", h ? json_string(h->term_from) : json_null());
		json_object_set_new(j, "term_to", h && h->term_to[0] ? json_string(h->term_to) : json_null());
		json_object_set_new(j, "period", whole ? json_string(c->whole.code)
						       : json_sprintf("%s/%s", slice->from, slice->to));
		json_object_set_new(j, "period_code", json_string(c->whole.code));
		json_object_set_new(j, "from", json_string(slice->from));
		json_object_set_new(j, "to", json_string(slice->to));
		json_object_set_new(j, "days", json_integer(slice->days));
		json_object_set_new(j, "period_days", json_integer(slice->period_days));
		json_object_set_new(j, "share", json_real(round(slice->share * 10000.0) / 10000.0));
		json_object_set_new(j, "score", score_json(scored > 0, score));
		const char *label = score_grade_label(g), *code = score_grade_code(g);
		json_object_set_new(j, "grade", label ? json_string(label) : json_null());
		json_object_set_new(j, "grade_code", code ? json_string(code) : json_null());
		json_object_set_new(j, "components", summary_components(runs, n, scored));
		json_t *plans = json_array();
		for (size_t k = 0; k < n; k++) {
			const score_result *res = &runs[k].out.result;
			const char *pl = score_grade_label(res->grade);
			json_array_append_new(plans, json_pack("{s:O,s:o,s:o,s:O}", "plan",
							       runs[k].plan->ref, "score",
							       score_json(res->has_score, res->score),
							       "grade", pl ? json_string(pl) : json_null(),
							       "components", runs[k].out.components));
		}
		json_object_set_new(j, "plans", plans);
		json_object_set_new(j, "worst_indicators", worst_indicators(runs, n));
		json_object_set_new(
			j, "overdue_tasks",
			json_pack("{s:I,s:o}", "count", (json_int_t)overdue, "link",
				  json_sprintf("/api/v1/tasks?unit=%s&status=overdue", o->unit_code)));
		json_object_set_new(j, "unanswered_findings",
				    json_pack("{s:I,s:o}", "count", (json_int_t)unanswered, "link",
					      json_sprintf("/api/v1/findings?addressed_to=%lld&status=open",
							   (long long)o->id)));
		*out = j;
		*has_score = scored > 0;
		*sort_score = score;
	}
	for (size_t k = 0; k < n; k++)
		eval_outcome_clear(&runs[k].out);
	free(runs);
	return e;
}

/* A card with its sort key. */
typedef struct card_item {
	json_t *j;
	int has;
	double score;
	size_t order;
} card_item;

typedef struct card_list {
	card_item *v;
	size_t n, cap;
} card_list;

static tderr list_add(card_list *l, json_t *j, int has, double score)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 32;
		card_item *v = realloc(l->v, cap * sizeof *v);
		if (!v) {
			json_decref(j);
			return TD_EINTERNAL;
		}
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n] = (card_item){j, has, score, l->n};
	l->n++;
	return TD_OK;
}

static void list_free(card_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		json_decref(l->v[i].j);
	free(l->v);
}

static int card_cmp(const void *a, const void *b)
{
	const card_item *x = a, *y = b;
	if (x->has != y->has)
		return x->has ? -1 : 1;
	if (x->has && x->score != y->score)
		return x->score > y->score ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

/* The cards of every head of the organisation in the period, earliest first. */
static tderr org_cards(card_ctx *c, const eval_org *o, int skip_without_plans, card_list *l)
{
	system_plans *sp = NULL;
	tderr e = plans_of(c, o->system, &sp);
	if (e || (skip_without_plans && sp->n == 0))
		return e;
	eval_head *heads = NULL;
	size_t nh = 0;
	if ((e = eval_heads(c->r->db, o->id, c->whole.from, c->whole.to, &heads, &nh)))
		return e;
	score_term terms[EVAL_HEADS_MAX];
	score_slice slices[EVAL_HEADS_MAX];
	for (size_t i = 0; i < nh; i++)
		terms[i] = (score_term){heads[i].term_from, heads[i].term_to};
	size_t ns = score_split(c->whole.from, c->whole.to, terms, nh, slices, EVAL_HEADS_MAX);
	if (ns == 0) { /* nobody recorded as head: the organisation still has its card */
		score_term all = {c->whole.from, c->whole.to};
		ns = score_split(c->whole.from, c->whole.to, &all, 1, slices, 1);
	}
	for (size_t i = 0; i < ns && !e; i++) {
		json_t *j = NULL;
		double score = 0;
		int has = 0;
		const eval_head *h = nh ? &heads[slices[i].term] : NULL;
		if (!(e = card(c, o, sp, h, &slices[i], &j, &score, &has)))
			e = list_add(l, j, has, score);
	}
	eval_heads_free(heads, nh);
	return e;
}

static tderr cards_begin(http_req *r, card_ctx *c)
{
	memset(c, 0, sizeof *c);
	c->r = r;
	tderr e;
	if ((e = evaluation_read_period(r, &c->p)) || (e = evaluation_span(r, &c->p, &c->whole)))
		return e;
	if (!(c->sys = calloc(CARD_SYSTEMS_MAX, sizeof *c->sys)))
		return req_fail(r, TD_EINTERNAL, NULL, NULL, NULL);
	return TD_OK;
}

static tderr reply_cards(http_req *r, card_list *l, int sort, int64_t limit, int64_t offset)
{
	if (sort && l->n > 1) /* qsort wants a valid pointer even for 0 items */
		qsort(l->v, l->n, sizeof *l->v, card_cmp);
	json_t *items = json_array();
	for (size_t i = (size_t)offset; i < l->n && (int64_t)json_array_size(items) < limit; i++)
		json_array_append(items, l->v[i].j);
	json_t *body = json_object();
	json_object_set_new(body, "items", items);
	json_object_set_new(body, "total", json_integer((json_int_t)l->n));
	return evaluation_reply(r, 200, body);
}

tderr scorecards_list(http_req *r)
{
	int64_t org_id = 0, limit, offset;
	int has_org = 0;
	const char *unit = NULL, *system = NULL;
	tderr e;
	if ((e = req_query_int(r, "organization", 1, INT64_MAX, &org_id, &has_org)) ||
	    (e = req_paging(r, &limit, &offset)) || (e = req_query(r, "unit", &unit)) ||
	    (e = req_query(r, "system", &system)))
		return e;
	if (system && !*system)
		system = NULL;
	card_ctx c = {0};
	card_list l = {0};
	eval_org *orgs = NULL;
	size_t norgs = 0;
	if ((e = cards_begin(r, &c)))
		goto done;
	if (has_org) {
		if (!(orgs = calloc(1, sizeof *orgs))) {
			e = TD_EINTERNAL;
			goto done;
		}
		norgs = 1;
		e = eval_org_get(r->db, org_id, orgs);
		if (e == TD_ENOTFOUND || (!e && !scope_can_read_unit(r->user, orgs->unit_path))) {
			e = req_fail(r, TD_ENOTFOUND, "not_found", MSG_ORG_NOT_FOUND, "organization");
			goto done;
		}
	} else {
		int64_t unit_id;
		char path[UNIT_PATH_MAX];
		if ((e = evaluation_read_unit(r, unit, &unit_id, path)) ||
		    (e = eval_orgs_list(r->db, system, path, NULL, &orgs, &norgs)))
			goto done;
	}
	for (size_t i = 0; i < norgs && !e; i++)
		if (scope_can_read_unit(r->user, orgs[i].unit_path))
			e = org_cards(&c, &orgs[i], !has_org, &l);
	if (!e)
		e = reply_cards(r, &l, 1, limit, offset);
done:
	eval_orgs_free(orgs, norgs);
	list_free(&l);
	cards_ctx_free(&c);
	return e ? evaluation_fail(r, e) : TD_OK;
}

tderr scorecards_of_org(http_req *r)
{
	int64_t org_id, limit, offset;
	if (req_param_id(r, 0, &org_id))
		return TD_ENOTFOUND;
	card_ctx c = {0};
	card_list l = {0};
	eval_org o;
	memset(&o, 0, sizeof o);
	tderr e;
	if ((e = req_paging(r, &limit, &offset)) || (e = cards_begin(r, &c)) ||
	    (e = eval_org_get(r->db, org_id, &o)) || (e = org_cards(&c, &o, 0, &l)))
		goto done;
	e = reply_cards(r, &l, 0, limit, offset);
done:
	eval_org_clear(&o);
	list_free(&l);
	cards_ctx_free(&c);
	return e ? evaluation_fail(r, e) : TD_OK;
}
