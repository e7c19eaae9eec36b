/* cube_data.c — the cube's values and roll-ups. Each series keeps, per unit, the
 * entered values sorted by base period; each unit with children keeps, for every
 * period containing a base period with a value, the Σ of its subtree's per-unit
 * figures. A per-unit figure over a fixed period (Σ, last, max or mean of its base
 * periods) does not depend on other units, so these sums answer every time
 * aggregation of the contract with one lookup, and a change re-adds only the
 * affected periods on the path to the root. Sums are recomputed from the children
 * (never adjusted by differences), so they carry no drift however many changes. */
#include "cube/cube_int.h"
#include <stdlib.h>
#include <string.h>

cu_key cu_key_of(const period *p)
{
	int slot;
	switch (p->kind) {
	case PERIOD_MONTH: slot = p->index - 1; break;
	case PERIOD_QUARTER: slot = 12 + p->index - 1; break;
	case PERIOD_HALF: slot = 16 + p->index - 1; break;
	case PERIOD_NINE: slot = 18; break;
	case PERIOD_YEAR: slot = 19; break;
	default: return -1;
	}
	return (cu_key)(p->year * 32 + slot);
}

int cu_period_of(cu_key k, period *out)
{
	if (k < 0)
		return 0;
	int year = k / 32, slot = k % 32;
	period p;
	if (slot < 12)
		p = (period){PERIOD_MONTH, year, slot + 1};
	else if (slot < 16)
		p = (period){PERIOD_QUARTER, year, slot - 11};
	else if (slot < 18)
		p = (period){PERIOD_HALF, year, slot - 15};
	else if (slot == 18)
		p = (period){PERIOD_NINE, year, 0};
	else if (slot == 19)
		p = (period){PERIOD_YEAR, year, 0};
	else
		return 0;
	if (!period_valid(&p))
		return 0;
	*out = p;
	return 1;
}

/* Makes room for need elements of size elem in *v (capacity *cap). 0 on success. */
static int grow(void **v, uint32_t *cap, uint32_t need, size_t elem)
{
	if (need <= *cap)
		return 0;
	uint32_t n = *cap ? *cap : 4;
	while (n < need) {
		if (n > UINT32_MAX / 2)
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

void cu_series_clear(cube *c, cu_series *s)
{
	if (s->leaves) {
		for (int32_t u = 0; u < c->nunits; u++)
			free(s->leaves[u].v);
		free(s->leaves);
		s->leaves = NULL;
	}
	if (s->aggs) {
		for (int32_t i = 0; i < c->ninner; i++)
			free(s->aggs[i].v);
		free(s->aggs);
		s->aggs = NULL;
	}
}

void cu_free(cube *c)
{
	if (!c)
		return;
	for (int32_t i = 0; i < c->nseries; i++)
		cu_series_clear(c, &c->series[i]);
	for (int32_t u = 0; u < c->nunits; u++) {
		free(c->units[u].code);
		free(c->units[u].name);
		free(c->units[u].path);
		free(c->units[u].sort_key);
	}
	free(c->units);
	free(c->inner_unit);
	free(c->children);
	free(c->unit_ix);
	free(c->expected_cum);
	free(c->plans);
	free(c->plan_ix);
	free(c->inds);
	free(c->ind_ix);
	free(c->series);
	free(c->reps);
	free(c->rep_slots);
	free(c->targets.v);
	free(c);
}

int32_t cu_find(const cu_id_index *ix, int32_t n, int64_t id)
{
	int32_t lo = 0, hi = n;
	while (lo < hi) {
		int32_t mid = lo + (hi - lo) / 2;
		if (ix[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && ix[lo].id == id ? ix[lo].dense : -1;
}

void cu_index_insert(cu_id_index *ix, int32_t n, int64_t id, int32_t dense)
{
	int32_t at = n;
	while (at > 0 && ix[at - 1].id > id)
		at--;
	memmove(&ix[at + 1], &ix[at], (size_t)(n - at) * sizeof *ix);
	ix[at] = (cu_id_index){id, dense};
}

int32_t cu_system_find(const cube *c, const char *name)
{
	for (int32_t i = 0; i < c->nsystems; i++)
		if (strcmp(c->systems[i], name) == 0)
			return i;
	return -1;
}

int32_t cu_system_add(cube *c, const char *name)
{
	int32_t i = cu_system_find(c, name);
	if (i >= 0)
		return i;
	size_t len = strlen(name);
	if (c->nsystems >= CU_SYSTEMS_MAX || len >= CU_SYSTEM_MAX)
		return -1;
	memcpy(c->systems[c->nsystems], name, len + 1);
	return c->nsystems++;
}

/* --- the report table: id -> index, open addressing with linear probing --- */

static uint32_t hash_id(int64_t id)
{
	uint64_t x = (uint64_t)id * 0x9E3779B97F4A7C15ull;
	return (uint32_t)(x >> 32);
}

uint32_t cu_rep_find(const cube *c, int64_t id)
{
	if (!c->nslots)
		return UINT32_MAX;
	uint32_t mask = c->nslots - 1;
	for (uint32_t i = hash_id(id) & mask;; i = (i + 1) & mask) {
		uint32_t s = c->rep_slots[i];
		if (!s)
			return UINT32_MAX;
		if (c->reps[s - 1].id == id)
			return s - 1;
	}
}

static int rehash(cube *c, uint32_t nslots)
{
	uint32_t *slots = calloc(nslots, sizeof *slots);
	if (!slots)
		return -1;
	uint32_t mask = nslots - 1;
	for (uint32_t r = 0; r < c->nreps; r++) {
		uint32_t i = hash_id(c->reps[r].id) & mask;
		while (slots[i])
			i = (i + 1) & mask;
		slots[i] = r + 1;
	}
	free(c->rep_slots);
	c->rep_slots = slots;
	c->nslots = nslots;
	return 0;
}

uint32_t cu_rep_add(cube *c, int64_t id)
{
	if (c->nreps >= UINT32_MAX / 4 ||
	    grow((void **)&c->reps, &c->cap_reps, c->nreps + 1, sizeof *c->reps))
		return UINT32_MAX;
	if ((c->nreps + 1) * 2 > c->nslots && rehash(c, c->nslots ? c->nslots * 2 : 1024))
		return UINT32_MAX;
	uint32_t r = c->nreps++;
	c->reps[r] = (cu_report){.id = id, .unit = -1, .plan = -1, .key = -1};
	uint32_t mask = c->nslots - 1, i = hash_id(id) & mask;
	while (c->rep_slots[i])
		i = (i + 1) & mask;
	c->rep_slots[i] = r + 1;
	return r;
}

/* --- series: values per unit --- */

int32_t cu_series_new(cube *c, period_kind kind, indicator_time_agg agg)
{
	uint32_t cap = (uint32_t)c->cap_series;
	if (grow((void **)&c->series, &cap, (uint32_t)c->nseries + 1, sizeof *c->series))
		return -1;
	c->cap_series = (int32_t)cap;
	c->series[c->nseries] = (cu_series){.kind = kind, .time_agg = agg};
	return c->nseries++;
}

static int leaf_cmp(const void *a, const void *b)
{
	const cu_leaf *x = a, *y = b;
	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return x->rep < y->rep ? -1 : x->rep > y->rep;
}

/* Index of the first value with key >= k. */
static uint32_t leaf_lower(const cu_leafvec *lv, cu_key k)
{
	uint32_t lo = 0, hi = lv->n;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (lv->v[mid].key < k)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static cu_leafvec *unit_leaves(cube *c, cu_series *s, int32_t unit)
{
	if (!s->leaves && !(s->leaves = calloc((size_t)c->nunits, sizeof *s->leaves)))
		return NULL;
	return &s->leaves[unit];
}

/* Room for one more value: 16 at first (a unit reports a few dozen periods per
 * series), then half as much again, so that the bulk load leaves little unused. */
static int grow_leaves(cu_leafvec *lv)
{
	if (lv->n < lv->cap)
		return 0;
	if (lv->cap > UINT32_MAX / 2)
		return -1;
	uint32_t n = lv->cap ? lv->cap + lv->cap / 2 : 16;
	cu_leaf *v = realloc(lv->v, (size_t)n * sizeof *v);
	if (!v)
		return -1;
	lv->v = v;
	lv->cap = n;
	return 0;
}

tderr cu_leaf_reserve(cube *c, cu_series *s, int32_t unit, uint32_t n)
{
	cu_leafvec *lv = unit_leaves(c, s, unit);
	if (!lv)
		return TD_EINTERNAL;
	if (lv->cap >= n)
		return TD_OK;
	cu_leaf *v = realloc(lv->v, (size_t)n * sizeof *v);
	if (!v)
		return TD_EINTERNAL;
	lv->v = v;
	lv->cap = n;
	return TD_OK;
}

tderr cu_leaf_append(cube *c, cu_series *s, int32_t unit, cu_key key, uint32_t rep,
		     double value)
{
	cu_leafvec *lv = unit_leaves(c, s, unit);
	if (!lv || grow_leaves(lv))
		return TD_EINTERNAL;
	lv->v[lv->n++] = (cu_leaf){key, rep, value};
	return TD_OK;
}

tderr cu_leaf_insert(cube *c, cu_series *s, int32_t unit, cu_key key, uint32_t rep,
		     double value)
{
	cu_leafvec *lv = unit_leaves(c, s, unit);
	if (!lv)
		return TD_EINTERNAL;
	uint32_t at = leaf_lower(lv, key);
	while (at < lv->n && lv->v[at].key == key && lv->v[at].rep < rep)
		at++;
	if (at < lv->n && lv->v[at].key == key && lv->v[at].rep == rep) {
		lv->v[at].value = value;
		return TD_OK;
	}
	if (grow((void **)&lv->v, &lv->cap, lv->n + 1, sizeof *lv->v))
		return TD_EINTERNAL;
	memmove(&lv->v[at + 1], &lv->v[at], (size_t)(lv->n - at) * sizeof *lv->v);
	lv->v[at] = (cu_leaf){key, rep, value};
	lv->n++;
	return TD_OK;
}

void cu_leaf_remove(cu_series *s, int32_t unit, cu_key key, uint32_t rep)
{
	if (!s->leaves)
		return;
	cu_leafvec *lv = &s->leaves[unit];
	for (uint32_t i = leaf_lower(lv, key); i < lv->n && lv->v[i].key == key; i++) {
		if (lv->v[i].rep == rep) {
			memmove(&lv->v[i], &lv->v[i + 1], (size_t)(lv->n - i - 1) * sizeof *lv->v);
			lv->n--;
			return;
		}
	}
}

int cu_base_range(const period *p, period_kind kind, cu_key *lo, cu_key *hi)
{
	int fm, lm, len;
	switch (p->kind) {
	case PERIOD_MONTH: fm = lm = p->index; break;
	case PERIOD_QUARTER: fm = 3 * (p->index - 1) + 1, lm = fm + 2; break;
	case PERIOD_HALF: fm = 6 * (p->index - 1) + 1, lm = fm + 5; break;
	case PERIOD_NINE: fm = 1, lm = 9; break;
	case PERIOD_YEAR: fm = 1, lm = 12; break;
	default: return 0;
	}
	if (kind == PERIOD_NINE) {
		if (fm != 1 || lm < 9)
			return 0;
		*lo = *hi = cu_key_of(&(period){PERIOD_NINE, p->year, 0});
		return 1;
	}
	switch (kind) {
	case PERIOD_MONTH: len = 1; break;
	case PERIOD_QUARTER: len = 3; break;
	case PERIOD_HALF: len = 6; break;
	case PERIOD_YEAR: len = 12; break;
	default: return 0;
	}
	/* the base periods lying wholly inside [fm, lm] */
	int first = (fm + len - 2) / len + 1, last = lm / len;
	if (first > last)
		return 0;
	int year_kind = kind == PERIOD_YEAR;
	*lo = cu_key_of(&(period){kind, p->year, year_kind ? 0 : first});
	*hi = cu_key_of(&(period){kind, p->year, year_kind ? 0 : last});
	return 1;
}

/* A unit's own figure over the base keys [lo, hi], per mode: the values of each
 * base period (added up, should a unit ever have two reports for one period) put
 * through the indicator's time aggregation. has[m] 0 when nothing counts. */
static void unit_own(const cube *c, const cu_series *s, int32_t unit, cu_key lo, cu_key hi,
		     int has[CU_MODES], double f[CU_MODES])
{
	has[0] = has[1] = 0;
	if (!s->leaves || !s->leaves[unit].n)
		return;
	const cu_leafvec *lv = &s->leaves[unit];
	indicator_point pts[CU_MODES][PERIOD_BASE_MAX];
	size_t np[CU_MODES] = {0, 0};
	uint32_t i = leaf_lower(lv, lo);
	while (i < lv->n && lv->v[i].key <= hi) {
		cu_key k = lv->v[i].key;
		double sum[CU_MODES] = {0, 0};
		int any[CU_MODES] = {0, 0};
		for (; i < lv->n && lv->v[i].key == k; i++) {
			uint8_t st = c->reps[lv->v[i].rep].status;
			if (st == CU_REP_APPROVED) {
				sum[0] += lv->v[i].value;
				any[0] = 1;
			}
			if (st == CU_REP_APPROVED || st == CU_REP_SUBMITTED) {
				sum[1] += lv->v[i].value;
				any[1] = 1;
			}
		}
		for (int m = 0; m < CU_MODES; m++)
			if (any[m] && np[m] < PERIOD_BASE_MAX)
				pts[m][np[m]++] = (indicator_point){k, 1, sum[m]};
	}
	for (int m = 0; m < CU_MODES; m++)
		has[m] = np[m] && indicator_time_aggregate(s->time_agg, pts[m], np[m], &f[m]);
}

/* --- roll-ups per unit with children --- */

static cu_agg *agg_find(const cu_series *s, int32_t inner, cu_key k)
{
	if (!s->aggs)
		return NULL;
	const cu_aggvec *av = &s->aggs[inner];
	uint32_t lo = 0, hi = av->n;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (av->v[mid].key < k)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < av->n && av->v[lo].key == k ? &av->v[lo] : NULL;
}

/* Stores a roll-up; an empty one (no unit in either mode) is removed. */
static tderr agg_set(cube *c, cu_series *s, int32_t inner, cu_key k, const int32_t n[CU_MODES],
		     const double sum[CU_MODES])
{
	int empty = n[0] == 0 && n[1] == 0;
	if (!s->aggs) {
		if (empty)
			return TD_OK;
		if (!(s->aggs = calloc((size_t)c->ninner, sizeof *s->aggs)))
			return TD_EINTERNAL;
	}
	cu_aggvec *av = &s->aggs[inner];
	uint32_t at = av->n;
	if (!av->n || av->v[av->n - 1].key >= k) { /* bulk builds append in order */
		uint32_t lo = 0, hi = av->n;
		while (lo < hi) {
			uint32_t mid = lo + (hi - lo) / 2;
			if (av->v[mid].key < k)
				lo = mid + 1;
			else
				hi = mid;
		}
		at = lo;
	}
	int found = at < av->n && av->v[at].key == k;
	if (empty) {
		if (found) {
			memmove(&av->v[at], &av->v[at + 1], (size_t)(av->n - at - 1) * sizeof *av->v);
			av->n--;
		}
		return TD_OK;
	}
	if (!found) {
		if (grow((void **)&av->v, &av->cap, av->n + 1, sizeof *av->v))
			return TD_EINTERNAL;
		memmove(&av->v[at + 1], &av->v[at], (size_t)(av->n - at) * sizeof *av->v);
		av->n++;
	}
	av->v[at] = (cu_agg){k, {n[0], n[1]}, {sum[0], sum[1]}};
	return TD_OK;
}

/* The roll-up of unit a (which has children) for period key k with base range
 * [lo, hi]: its own figure plus its children's roll-ups (or own figures, for
 * children without children of their own), in child order. */
static tderr recompute(cube *c, cu_series *s, int32_t a, cu_key k, cu_key lo, cu_key hi)
{
	int32_t n[CU_MODES] = {0, 0};
	double sum[CU_MODES] = {0, 0};
	int has[CU_MODES];
	double f[CU_MODES];
	unit_own(c, s, a, lo, hi, has, f);
	for (int m = 0; m < CU_MODES; m++)
		if (has[m]) {
			n[m]++;
			sum[m] += f[m];
		}
	const cu_unit *un = &c->units[a];
	for (int32_t i = 0; i < un->nchild; i++) {
		int32_t ch = c->children[un->child0 + i];
		if (c->units[ch].inner >= 0) {
			const cu_agg *g = agg_find(s, c->units[ch].inner, k);
			if (g)
				for (int m = 0; m < CU_MODES; m++) {
					n[m] += g->n[m];
					sum[m] += g->sum[m];
				}
			continue;
		}
		unit_own(c, s, ch, lo, hi, has, f);
		for (int m = 0; m < CU_MODES; m++)
			if (has[m]) {
				n[m]++;
				sum[m] += f[m];
			}
	}
	return agg_set(c, s, un->inner, k, n, sum);
}

tderr cu_series_touch(cube *c, cu_series *s, int32_t unit, cu_key key)
{
	period b, cont[PERIOD_CONTAINING_MAX];
	if (unit < 0 || unit >= c->nunits || !cu_period_of(key, &b))
		return TD_OK;
	size_t nc = period_containing(&b, cont, PERIOD_CONTAINING_MAX);
	int32_t start = c->units[unit].inner >= 0 ? unit : c->units[unit].parent;
	for (size_t i = 0; i < nc; i++) {
		cu_key lo, hi;
		if (!cu_base_range(&cont[i], s->kind, &lo, &hi))
			continue;
		cu_key k = cu_key_of(&cont[i]);
		for (int32_t a = start; a >= 0; a = c->units[a].parent) {
			tderr e = recompute(c, s, a, k, lo, hi);
			if (e)
				return e;
		}
	}
	return TD_OK;
}

/* The keys of the periods containing base key k (itself included), by month
 * arithmetic: the same periods as period_containing. 0 when k is not a key. */
static int key_containing(cu_key k, cu_key out[PERIOD_CONTAINING_MAX])
{
	if (k < 0)
		return 0;
	int slot = k % 32, fm, lm;
	cu_key y = k - slot;
	if (slot < 12)
		fm = lm = slot + 1;
	else if (slot < 16)
		fm = 3 * (slot - 12) + 1, lm = fm + 2;
	else if (slot < 18)
		fm = 6 * (slot - 16) + 1, lm = fm + 5;
	else if (slot == 18)
		fm = 1, lm = 9;
	else if (slot == 19)
		fm = 1, lm = 12;
	else
		return 0;
	int n = 0, q = (fm - 1) / 3, h = (fm - 1) / 6;
	if (fm == lm)
		out[n++] = y + fm - 1;
	if (3 * q + 1 <= fm && lm <= 3 * q + 3)
		out[n++] = y + 12 + q;
	if (6 * h + 1 <= fm && lm <= 6 * h + 6)
		out[n++] = y + 16 + h;
	if (lm <= 9)
		out[n++] = y + 18;
	out[n++] = y + 19;
	return n;
}

/* Marks (in marks[key - base]) every period containing one of the unit's base
 * periods. */
static void mark_leaf_keys(const cu_series *s, int32_t unit, uint8_t *marks, cu_key base,
			   cu_key nk)
{
	const cu_leafvec *lv = &s->leaves[unit];
	for (uint32_t i = 0; i < lv->n; i++) {
		if (i > 0 && lv->v[i].key == lv->v[i - 1].key)
			continue;
		cu_key cont[PERIOD_CONTAINING_MAX];
		int nc = key_containing(lv->v[i].key, cont);
		for (int j = 0; j < nc; j++)
			if (cont[j] >= base && cont[j] - base < nk)
				marks[cont[j] - base] = 1;
	}
}

/* Gives back what the doubling of the bulk load left unused. */
static void shrink_leaves(cube *c, cu_series *s)
{
	for (int32_t u = 0; u < c->nunits; u++) {
		cu_leafvec *lv = &s->leaves[u];
		if (lv->cap > lv->n && lv->n) {
			cu_leaf *v = realloc(lv->v, (size_t)lv->n * sizeof *v);
			if (v) {
				lv->v = v;
				lv->cap = lv->n;
			}
		}
	}
}

static void shrink_aggs(cube *c, cu_series *s)
{
	if (!s->aggs)
		return;
	for (int32_t i = 0; i < c->ninner; i++) {
		cu_aggvec *av = &s->aggs[i];
		if (av->cap > av->n && av->n) {
			cu_agg *v = realloc(av->v, (size_t)av->n * sizeof *v);
			if (v) {
				av->v = v;
				av->cap = av->n;
			}
		}
	}
}

tderr cu_series_build(cube *c, cu_series *s)
{
	if (s->aggs) {
		for (int32_t i = 0; i < c->ninner; i++)
			free(s->aggs[i].v);
		free(s->aggs);
		s->aggs = NULL;
	}
	if (!s->leaves)
		return TD_OK;
	/* the years holding values: marks cover them, one byte per key */
	cu_key kmin = INT32_MAX, kmax = -1;
	for (int32_t u = 0; u < c->nunits; u++) {
		cu_leafvec *lv = &s->leaves[u];
		if (lv->n > 1)
			qsort(lv->v, lv->n, sizeof(cu_leaf), leaf_cmp);
		if (lv->n) {
			if (lv->v[0].key < kmin)
				kmin = lv->v[0].key;
			if (lv->v[lv->n - 1].key > kmax)
				kmax = lv->v[lv->n - 1].key;
		}
	}
	shrink_leaves(c, s);
	if (kmax < 0)
		return TD_OK;
	cu_key base = kmin - kmin % 32, nk = kmax - kmax % 32 + 32 - base;
	uint8_t *marks = malloc((size_t)nk);
	if (!marks)
		return TD_EINTERNAL;
	tderr e = TD_OK;
	/* children come after their parent in dense order: walk backwards */
	for (int32_t a = c->nunits - 1; a >= 0 && !e; a--) {
		const cu_unit *un = &c->units[a];
		if (un->inner < 0)
			continue;
		memset(marks, 0, (size_t)nk);
		mark_leaf_keys(s, a, marks, base, nk);
		for (int32_t i = 0; i < un->nchild; i++) {
			int32_t ch = c->children[un->child0 + i];
			if (c->units[ch].inner < 0) {
				mark_leaf_keys(s, ch, marks, base, nk);
			} else if (s->aggs) {
				const cu_aggvec *av = &s->aggs[c->units[ch].inner];
				for (uint32_t j = 0; j < av->n; j++)
					marks[av->v[j].key - base] = 1;
			}
		}
		for (cu_key j = 0; j < nk && !e; j++) {
			period p;
			cu_key lo, hi;
			if (!marks[j] || !cu_period_of(base + j, &p) ||
			    !cu_base_range(&p, s->kind, &lo, &hi))
				continue;
			e = recompute(c, s, a, base + j, lo, hi);
		}
	}
	free(marks);
	if (!e)
		shrink_aggs(c, s);
	return e;
}

void cu_series_figure(const cube *c, const cu_series *s, int32_t unit, const period *p,
		      int own_only, int32_t n[CU_MODES], double sum[CU_MODES])
{
	n[0] = n[1] = 0;
	sum[0] = sum[1] = 0;
	cu_key lo, hi;
	if (!cu_base_range(p, s->kind, &lo, &hi))
		return;
	if (own_only || c->units[unit].inner < 0) {
		int has[CU_MODES];
		double f[CU_MODES];
		unit_own(c, s, unit, lo, hi, has, f);
		for (int m = 0; m < CU_MODES; m++)
			if (has[m]) {
				n[m] = 1;
				sum[m] = f[m];
			}
		return;
	}
	const cu_agg *g = agg_find(s, c->units[unit].inner, cu_key_of(p));
	if (g)
		for (int m = 0; m < CU_MODES; m++) {
			n[m] = g->n[m];
			sum[m] = g->sum[m];
		}
}
