/* cube_build.c — building a cube from the database: the unit tree laid out in path
 * order (a subtree is a range), which systems sit at each unit, plans, indicators,
 * the counted reports and their values; and the record-keeping helpers a refresh
 * shares with the build (plans, indicators and reports by id). */
#include "cube/cube_int.h"
#include "store/cube_load.h"
#include <stdlib.h>
#include <string.h>

/* Makes room for need elements (int32_t capacity). 0 on success. */
static int grow32(void **v, int32_t *cap, int32_t need, size_t elem)
{
	if (need <= *cap)
		return 0;
	int32_t n = *cap ? *cap : 8;
	while (n < need) {
		if (n > INT32_MAX / 2)
			return -1;
		n *= 2;
	}
	void *p = realloc(*v, (size_t)n * elem);
	if (!p)
		return -1;
	*v = p;
	*cap = n;
	return 0;
}

int cu_entered(const cu_indicator *ind)
{
	return ind->live && ind->series >= 0 && ind->unit_agg == IND_UNIT_SUM &&
	       ind->freq != PERIOD_NONE && ind->time_agg != IND_TIME_NONE;
}

int32_t cu_plan_get(cube *c, int64_t id, const char *system)
{
	int32_t p = cu_find(c->plan_ix, c->nplans, id);
	if (p >= 0)
		return p;
	int32_t cap = c->cap_plans;
	if (grow32((void **)&c->plans, &c->cap_plans, c->nplans + 1, sizeof *c->plans) ||
	    grow32((void **)&c->plan_ix, &cap, c->nplans + 1, sizeof *c->plan_ix))
		return -1;
	p = c->nplans;
	c->plans[p] = (cu_plan){.id = id, .system = system ? cu_system_add(c, system) : -1};
	for (int k = 0; k < PERIOD_KIND_COUNT; k++)
		c->plans[p].presence[k] = -1;
	cu_index_insert(c->plan_ix, c->nplans, id, p);
	c->nplans++;
	return p;
}

int32_t cu_presence(cube *c, int32_t plan, period_kind kind)
{
	if (plan < 0 || kind <= PERIOD_NONE || kind >= PERIOD_KIND_COUNT)
		return -1;
	if (c->plans[plan].presence[kind] < 0)
		c->plans[plan].presence[kind] = cu_series_new(c, kind, IND_TIME_MAX);
	return c->plans[plan].presence[kind];
}

int32_t cu_indicator_set(cube *c, const cube_indicator_row *row)
{
	int32_t plan = cu_plan_get(c, row->plan_id, row->plan_system);
	if (plan < 0)
		return -1;
	int32_t i = cu_find(c->ind_ix, c->ninds, row->id);
	if (i < 0) {
		int32_t cap = c->cap_inds;
		if (grow32((void **)&c->inds, &c->cap_inds, c->ninds + 1, sizeof *c->inds) ||
		    grow32((void **)&c->ind_ix, &cap, c->ninds + 1, sizeof *c->ind_ix))
			return -1;
		i = c->ninds;
		c->inds[i] = (cu_indicator){.id = row->id, .series = -1};
		cu_index_insert(c->ind_ix, c->ninds, row->id, i);
		c->ninds++;
	}
	cu_indicator *ind = &c->inds[i];
	ind->plan = plan;
	ind->num_id = row->numerator_id;
	ind->den_id = row->denominator_id;
	ind->type = indicator_value_type_from_name(row->value_type);
	ind->time_agg = indicator_time_agg_from_name(row->time_agg);
	ind->unit_agg = indicator_unit_agg_from_name(row->unit_agg);
	ind->direction = indicator_direction_from_name(row->direction);
	ind->freq = indicator_frequency_from_name(row->frequency);
	ind->live = 1;
	ind->stale = 0;
	if (ind->unit_agg == IND_UNIT_SUM && ind->freq != PERIOD_NONE &&
	    ind->time_agg != IND_TIME_NONE) {
		if (ind->series < 0 && (ind->series = cu_series_new(c, ind->freq, ind->time_agg)) < 0)
			return -1;
	}
	if (ind->series >= 0) {
		cu_series *s = &c->series[ind->series];
		cu_series_clear(c, s);
		s->kind = ind->freq;
		s->time_agg = ind->time_agg;
	}
	return i;
}

static uint8_t report_status(const cube_report_row *row)
{
	if (strcmp(row->org_system, row->plan_system) != 0)
		return CU_REP_OTHER;
	if (strcmp(row->status, "approved") == 0)
		return CU_REP_APPROVED;
	if (strcmp(row->status, "submitted") == 0)
		return CU_REP_SUBMITTED;
	return CU_REP_OTHER;
}

uint32_t cu_report_set(cube *c, const cube_report_row *row)
{
	uint32_t r = cu_rep_find(c, row->id);
	if (r == UINT32_MAX && (r = cu_rep_add(c, row->id)) == UINT32_MAX)
		return UINT32_MAX;
	cu_report *rp = &c->reps[r];
	period p;
	int32_t plan = cu_plan_get(c, row->plan_id, row->plan_system);
	if (plan < 0)
		return UINT32_MAX;
	rp->plan = plan;
	rp->unit = cu_find(c->unit_ix, c->nunits, row->unit_id);
	if (period_parse(row->period, &p) == TD_OK) {
		rp->key = cu_key_of(&p);
		rp->kind = p.kind;
		rp->status = report_status(row);
	} else {
		rp->key = -1;
		rp->kind = PERIOD_NONE;
		rp->status = CU_REP_OTHER;
	}
	return r;
}

/* --- the bulk load --- */

typedef struct builder {
	cube *c;
	uint32_t cap_units;
	int64_t last_report;   /* values come grouped by report: the last look-up */
	uint32_t last_rep;
} builder;

static tderr on_unit(void *ctx, const cube_unit_row *row)
{
	builder *b = ctx;
	cube *c = b->c;
	if (c->nunits >= INT32_MAX - 1)
		return TD_EINTERNAL;
	if (c->nunits >= (int32_t)b->cap_units) {
		uint32_t n = b->cap_units ? b->cap_units * 2 : 256;
		cu_unit *v = realloc(c->units, n * sizeof *v);
		if (!v)
			return TD_EINTERNAL;
		c->units = v;
		b->cap_units = n;
	}
	cu_unit *u = &c->units[c->nunits];
	*u = (cu_unit){.id = row->id, .parent = -1, .inner = -1};
	u->code = strdup(row->code);
	u->name = strdup(row->name);
	u->path = strdup(row->path);
	u->sort_key = strdup(row->sort_key);
	c->nunits++;
	if (!u->code || !u->name || !u->path || !u->sort_key)
		return TD_EINTERNAL;
	return TD_OK;
}

static int unit_path_cmp(const void *a, const void *b)
{
	return strcmp(((const cu_unit *)a)->path, ((const cu_unit *)b)->path);
}

static int index_cmp(const void *a, const void *b)
{
	const cu_id_index *x = a, *y = b;
	return x->id < y->id ? -1 : x->id > y->id;
}

typedef struct child_sort {
	int32_t unit;
	const char *sort_key, *code;
} child_sort;

static int child_cmp(const void *a, const void *b)
{
	const child_sort *x = a, *y = b;
	int k = strcmp(x->sort_key, y->sort_key);
	return k ? k : strcmp(x->code, y->code);
}

static int is_prefix(const char *prefix, const char *s)
{
	return strncmp(prefix, s, strlen(prefix)) == 0;
}

/* Lays the units out: path order, parents and subtree ends from a stack of open
 * ancestors, child lists in Vietnamese order, the units with children, the id
 * index. */
static tderr shape_tree(cube *c)
{
	int32_t n = c->nunits;
	if (n == 0)
		return TD_OK;
	qsort(c->units, (size_t)n, sizeof *c->units, unit_path_cmp);
	int32_t *stack = malloc((size_t)n * sizeof *stack);
	int32_t *fill = calloc((size_t)n, sizeof *fill);
	child_sort *tmp = malloc((size_t)n * sizeof *tmp);
	c->children = calloc((size_t)n, sizeof *c->children); /* every slot is filled below */
	c->unit_ix = malloc((size_t)n * sizeof *c->unit_ix);
	c->inner_unit = malloc((size_t)n * sizeof *c->inner_unit);
	tderr e = TD_EINTERNAL;
	if (!stack || !fill || !tmp || !c->children || !c->unit_ix || !c->inner_unit)
		goto done;
	int32_t top = 0;
	for (int32_t i = 0; i < n; i++) {
		while (top > 0 && !is_prefix(c->units[stack[top - 1]].path, c->units[i].path))
			c->units[stack[--top]].end = i;
		c->units[i].parent = top ? stack[top - 1] : -1;
		if (top)
			c->units[stack[top - 1]].nchild++;
		stack[top++] = i;
	}
	while (top > 0)
		c->units[stack[--top]].end = n;
	int32_t at = 0;
	for (int32_t i = 0; i < n; i++) {
		c->units[i].child0 = at;
		at += c->units[i].nchild;
		if (c->units[i].nchild) {
			c->units[i].inner = c->ninner;
			c->inner_unit[c->ninner++] = i;
		}
	}
	for (int32_t i = 0; i < n; i++) {
		int32_t p = c->units[i].parent;
		if (p >= 0)
			c->children[c->units[p].child0 + fill[p]++] = i;
	}
	for (int32_t i = 0; i < n; i++) {
		cu_unit *u = &c->units[i];
		if (u->nchild < 2)
			continue;
		for (int32_t k = 0; k < u->nchild; k++) {
			int32_t ch = c->children[u->child0 + k];
			tmp[k] = (child_sort){ch, c->units[ch].sort_key, c->units[ch].code};
		}
		qsort(tmp, (size_t)u->nchild, sizeof *tmp, child_cmp);
		for (int32_t k = 0; k < u->nchild; k++)
			c->children[u->child0 + k] = tmp[k].unit;
	}
	for (int32_t i = 0; i < n; i++)
		c->unit_ix[i] = (cu_id_index){c->units[i].id, i};
	qsort(c->unit_ix, (size_t)n, sizeof *c->unit_ix, index_cmp);
	e = TD_OK;
done:
	free(stack);
	free(fill);
	free(tmp);
	return e;
}

static tderr on_org(void *ctx, const cube_org_row *row)
{
	cube *c = ((builder *)ctx)->c;
	int32_t u = cu_find(c->unit_ix, c->nunits, row->unit_id);
	int32_t s = cu_system_add(c, row->system);
	if (u >= 0 && s >= 0)
		c->units[u].sysmask |= 1u << s;
	return TD_OK;
}

/* Prefix counts of the units having an organisation of each system, in dense
 * order: the expected units of a subtree [a, end) are cum[end] - cum[a]. */
static tderr count_expected(cube *c)
{
	size_t row = (size_t)c->nunits + 1;
	c->cum_systems = c->nsystems;
	c->expected_cum = calloc(row * (size_t)(c->nsystems ? c->nsystems : 1), sizeof(int32_t));
	if (!c->expected_cum)
		return TD_EINTERNAL;
	for (int32_t s = 0; s < c->nsystems; s++) {
		int32_t *cum = c->expected_cum + (size_t)s * row;
		for (int32_t i = 0; i < c->nunits; i++)
			cum[i + 1] = cum[i] + (int32_t)((c->units[i].sysmask >> s) & 1u);
	}
	return TD_OK;
}

int64_t cu_expected(const cube *c, int32_t system, int32_t unit, int own_only)
{
	if (system < 0 || system >= c->cum_systems)
		return 0;
	if (own_only)
		return (c->units[unit].sysmask >> system) & 1u;
	const int32_t *cum = c->expected_cum + (size_t)system * ((size_t)c->nunits + 1);
	return cum[c->units[unit].end] - cum[unit];
}

static tderr on_plan(void *ctx, const cube_plan_row *row)
{
	return cu_plan_get(((builder *)ctx)->c, row->id, row->system) < 0 ? TD_EINTERNAL : TD_OK;
}

static tderr on_indicator(void *ctx, const cube_indicator_row *row)
{
	return cu_indicator_set(((builder *)ctx)->c, row) < 0 ? TD_EINTERNAL : TD_OK;
}

static tderr on_report(void *ctx, const cube_report_row *row)
{
	cube *c = ((builder *)ctx)->c;
	uint32_t r = cu_report_set(c, row);
	if (r == UINT32_MAX)
		return TD_EINTERNAL;
	cu_report rp = c->reps[r];
	if (rp.status == CU_REP_OTHER || rp.unit < 0)
		return TD_OK;
	int32_t s = cu_presence(c, rp.plan, rp.kind);
	if (s < 0)
		return TD_EINTERNAL;
	return cu_leaf_append(c, &c->series[s], rp.unit, rp.key, r, 1.0);
}

int32_t cu_value_series(const cube *c, uint32_t rep, int64_t indicator_id)
{
	const cu_report *rp = &c->reps[rep];
	if (rp->status == CU_REP_OTHER || rp->unit < 0)
		return -1;
	int32_t i = cu_find(c->ind_ix, c->ninds, indicator_id);
	if (i < 0)
		return -1;
	const cu_indicator *ind = &c->inds[i];
	if (!cu_entered(ind) || ind->plan != rp->plan || ind->freq != rp->kind)
		return -1;
	return ind->series;
}

static tderr on_value(void *ctx, const cube_value_row *row)
{
	builder *b = ctx;
	cube *c = b->c;
	uint32_t r = b->last_report == row->report_id ? b->last_rep
						      : cu_rep_find(c, row->report_id);
	b->last_report = row->report_id;
	b->last_rep = r;
	if (r == UINT32_MAX)
		return TD_OK;
	int32_t s = cu_value_series(c, r, row->indicator_id);
	if (s < 0)
		return TD_OK;
	cu_series *sv = &c->series[s];
	int32_t unit = c->reps[r].unit;
	if (!sv->leaves || !sv->leaves[unit].cap) {
		/* a unit has at most one value per counted report of the plan at that
		 * frequency, and the reports are all loaded: size the vector once */
		const cu_report *rp = &c->reps[r];
		int32_t ps = c->plans[rp->plan].presence[rp->kind];
		const cu_series *pres = ps >= 0 ? &c->series[ps] : NULL;
		uint32_t n = pres && pres->leaves ? pres->leaves[unit].n : 0;
		if (n && cu_leaf_reserve(c, sv, unit, n))
			return TD_EINTERNAL;
	}
	return cu_leaf_append(c, sv, unit, c->reps[r].key, r, row->value);
}

tderr cu_build(db *d, cube **out)
{
	cube *c = calloc(1, sizeof *c);
	if (!c)
		return TD_EINTERNAL;
	builder b = {.c = c, .last_report = -1, .last_rep = UINT32_MAX};
	tderr e;
	if ((e = cube_load_units(d, on_unit, &b)) || (e = shape_tree(c)) ||
	    (e = cube_load_orgs(d, on_org, &b)) || (e = count_expected(c)) ||
	    (e = cube_load_plans(d, on_plan, &b)) ||
	    (e = cube_load_indicators(d, on_indicator, &b)) ||
	    (e = cube_load_reports(d, on_report, &b)) || (e = cube_load_values(d, on_value, &b)))
		goto fail;
	for (int32_t s = 0; s < c->nseries; s++)
		if ((e = cu_series_build(c, &c->series[s])))
			goto fail;
	if ((e = cu_targets_read(d, 0, &c->targets)))
		goto fail;
	if (c->cap_reps > c->nreps && c->nreps) { /* what the doubling left unused */
		cu_report *v = realloc(c->reps, (size_t)c->nreps * sizeof *v);
		if (v) {
			c->reps = v;
			c->cap_reps = c->nreps;
		}
	}
	*out = c;
	return TD_OK;
fail:
	cu_free(c);
	return e;
}
