/* cube.c — the process's analytics cube: building it, keeping it current as
 * reports and indicators change, and answering figures. Readers share a read lock.
 * Every change (build, refresh) holds one mutex for its whole course, so changes
 * apply in the order they read the database; the database is read outside the
 * write lock, which is taken only to apply. */
#include "cube/cube_int.h"
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CU_REPORT_VALUES_MAX 100000  /* values one report may carry, a sanity cap */

static cube *g_cube;
/* Readers never nest, so the lock may prefer writers: a refresh is not starved by
 * a steady stream of analytics requests. */
#ifdef PTHREAD_RWLOCK_WRITER_NONRECURSIVE_INITIALIZER_NP
static pthread_rwlock_t g_lock = PTHREAD_RWLOCK_WRITER_NONRECURSIVE_INITIALIZER_NP;
#else
static pthread_rwlock_t g_lock = PTHREAD_RWLOCK_INITIALIZER;
#endif
static pthread_mutex_t g_change = PTHREAD_MUTEX_INITIALIZER;
/* Moves on with every change applied (cube_version). */
static _Atomic uint64_t g_version = 1;

/* Ends a change made under the write lock: the version moves on before readers
 * may see it. */
static void write_done(void)
{
	atomic_fetch_add(&g_version, 1);
	pthread_rwlock_unlock(&g_lock);
}

uint64_t cube_version(void) { return atomic_load(&g_version); }

/* Holding g_change: builds a new cube and swaps it in. */
static tderr rebuild_locked(db *d)
{
	cube *c = NULL;
	tderr e = cu_build(d, &c);
	if (e)
		return e;
	pthread_rwlock_wrlock(&g_lock);
	cube *old = g_cube;
	g_cube = c;
	write_done();
	cu_free(old);
	return TD_OK;
}

tderr cube_init(db *d)
{
	if (!d)
		return TD_EINTERNAL;
	pthread_mutex_lock(&g_change);
	tderr e = rebuild_locked(d);
	pthread_mutex_unlock(&g_change);
	return e;
}

tderr cube_rebuild(db *d)
{
	if (!d)
		return TD_EINTERNAL;
	pthread_mutex_lock(&g_change);
	tderr e = g_cube ? rebuild_locked(d) : TD_OK;
	pthread_mutex_unlock(&g_change);
	return e;
}

void cube_shutdown(void)
{
	pthread_mutex_lock(&g_change);
	pthread_rwlock_wrlock(&g_lock);
	cube *old = g_cube;
	g_cube = NULL;
	write_done();
	pthread_mutex_unlock(&g_change);
	cu_free(old);
}

int cube_ready(void)
{
	pthread_rwlock_rdlock(&g_lock);
	int ok = g_cube != NULL;
	pthread_rwlock_unlock(&g_lock);
	return ok;
}

/* --- values read from the database before applying --- */

typedef struct valbuf {
	cube_value_row *v;
	size_t n, cap;
} valbuf;

static tderr on_value(void *ctx, const cube_value_row *row)
{
	valbuf *b = ctx;
	if (b->n >= CU_REPORT_VALUES_MAX)
		return TD_EINTERNAL;
	if (b->n == b->cap) {
		size_t n = b->cap ? b->cap * 2 : 32;
		cube_value_row *v = realloc(b->v, n * sizeof *v);
		if (!v)
			return TD_EINTERNAL;
		b->v = v;
		b->cap = n;
	}
	b->v[b->n++] = *row;
	return TD_OK;
}

/* A copy of a report or indicator row whose strings outlive the callback. */
typedef struct row_copy {
	int found;
	char s[6][64];
	cube_report_row report;
	cube_indicator_row ind;
} row_copy;

static const char *keep(row_copy *rc, int i, const char *s)
{
	snprintf(rc->s[i], sizeof rc->s[i], "%s", s);
	return rc->s[i];
}

static tderr on_report_copy(void *ctx, const cube_report_row *row)
{
	row_copy *rc = ctx;
	rc->found = 1;
	rc->report = *row;
	rc->report.period = keep(rc, 0, row->period);
	rc->report.status = keep(rc, 1, row->status);
	rc->report.org_system = keep(rc, 2, row->org_system);
	rc->report.plan_system = keep(rc, 3, row->plan_system);
	return TD_OK;
}

static tderr on_indicator_copy(void *ctx, const cube_indicator_row *row)
{
	row_copy *rc = ctx;
	rc->found = 1;
	rc->ind = *row;
	rc->ind.plan_system = keep(rc, 0, row->plan_system);
	rc->ind.value_type = keep(rc, 1, row->value_type);
	rc->ind.time_agg = keep(rc, 2, row->time_agg);
	rc->ind.unit_agg = keep(rc, 3, row->unit_agg);
	rc->ind.direction = keep(rc, 4, row->direction);
	rc->ind.frequency = keep(rc, 5, row->frequency);
	return TD_OK;
}

/* --- indicators --- */

/* Under the write lock: the indicator's new definition and values. */
static tderr apply_indicator(cube *c, int64_t id, const row_copy *rc, const valbuf *vals)
{
	int32_t i = cu_find(c->ind_ix, c->ninds, id);
	if (!rc->found) {
		if (i >= 0) {
			c->inds[i].live = 0;
			c->inds[i].stale = 0;
			if (c->inds[i].series >= 0)
				cu_series_clear(c, &c->series[c->inds[i].series]);
		}
		return TD_OK;
	}
	if ((i = cu_indicator_set(c, &rc->ind)) < 0)
		return TD_EINTERNAL;
	if (!cu_entered(&c->inds[i]))
		return TD_OK;
	cu_series *s = &c->series[c->inds[i].series];
	for (size_t k = 0; k < vals->n; k++) {
		uint32_t r = cu_rep_find(c, vals->v[k].report_id);
		if (r == UINT32_MAX || cu_value_series(c, r, id) != c->inds[i].series)
			continue;
		tderr e = cu_leaf_append(c, s, c->reps[r].unit, c->reps[r].key, r, vals->v[k].value);
		if (e)
			return e;
	}
	return cu_series_build(c, s);
}

/* Holding g_change. */
static tderr refresh_indicator_locked(db *d, int64_t id)
{
	if (!g_cube)
		return TD_OK;
	row_copy rc = {0};
	valbuf vals = {0};
	cu_targetvec tv = {0};
	tderr e = cube_load_indicator(d, id, on_indicator_copy, &rc);
	if (e == TD_ENOTFOUND)
		e = TD_OK;
	if (!e && rc.found)
		e = cube_load_indicator_values(d, id, on_value, &vals);
	if (!e)
		e = cu_targets_read(d, id, &tv);
	if (!e) {
		pthread_rwlock_wrlock(&g_lock);
		e = apply_indicator(g_cube, id, &rc, &vals);
		if (!e)
			e = cu_targets_replace(g_cube, id, &tv);
		write_done();
	}
	free(vals.v);
	free(tv.v);
	return e;
}

tderr cube_refresh_targets(db *d, int64_t indicator_id)
{
	if (!d)
		return TD_EINTERNAL;
	pthread_mutex_lock(&g_change);
	tderr e = TD_OK;
	if (g_cube) {
		cu_targetvec tv = {0};
		if (!(e = cu_targets_read(d, indicator_id, &tv))) {
			pthread_rwlock_wrlock(&g_lock);
			e = cu_targets_replace(g_cube, indicator_id, &tv);
			write_done();
		}
		free(tv.v);
		if (e == TD_EINTERNAL) /* out of memory: start again from the database */
			e = rebuild_locked(d);
	}
	pthread_mutex_unlock(&g_change);
	return e;
}

tderr cube_family_targets(int year, const int64_t *indicator_ids, size_t nind,
			  const int64_t *unit_ids, size_t nunits, int *has, double *values)
{
	if ((nind && !indicator_ids) || (nunits && !unit_ids) || !has || !values)
		return TD_EINVALID;
	pthread_rwlock_rdlock(&g_lock);
	const cube *c = g_cube;
	if (c)
		for (size_t i = 0; i < nind; i++)
			for (size_t k = 0; k < nunits; k++)
				has[i * nunits + k] = cu_target_get(c, indicator_ids[i], unit_ids[k],
								    year, &values[i * nunits + k]);
	pthread_rwlock_unlock(&g_lock);
	return c ? TD_OK : TD_EUNAVAIL;
}

tderr cube_refresh_indicator(db *d, int64_t indicator_id)
{
	if (!d)
		return TD_EINTERNAL;
	pthread_mutex_lock(&g_change);
	tderr e = refresh_indicator_locked(d, indicator_id);
	pthread_mutex_unlock(&g_change);
	return e;
}

void cube_invalidate_indicator(int64_t indicator_id)
{
	pthread_mutex_lock(&g_change);
	pthread_rwlock_wrlock(&g_lock);
	if (g_cube) {
		int32_t i = cu_find(g_cube->ind_ix, g_cube->ninds, indicator_id);
		if (i >= 0)
			g_cube->inds[i].stale = 1;
	}
	write_done();
	pthread_mutex_unlock(&g_change);
}

/* --- reports --- */

/* Recomputes, at (unit, key), every series a report of the plan at that kind
 * feeds: the plan's entered indicators of that frequency and its "has reported"
 * marks. */
static tderr touch_report_series(cube *c, int32_t plan, period_kind kind, int32_t unit,
				 cu_key key)
{
	if (plan < 0 || unit < 0 || key < 0)
		return TD_OK;
	tderr e = TD_OK;
	for (int32_t i = 0; i < c->ninds && !e; i++) {
		const cu_indicator *ind = &c->inds[i];
		if (ind->plan == plan && cu_entered(ind) && ind->freq == kind)
			e = cu_series_touch(c, &c->series[ind->series], unit, key);
	}
	int32_t ps = c->plans[plan].presence[kind];
	if (!e && ps >= 0)
		e = cu_series_touch(c, &c->series[ps], unit, key);
	return e;
}

/* Takes the report's values out of every series they were in. */
static void remove_report(cube *c, uint32_t r)
{
	const cu_report *rp = &c->reps[r];
	if (rp->plan < 0 || rp->unit < 0 || rp->key < 0)
		return;
	for (int32_t i = 0; i < c->ninds; i++) {
		const cu_indicator *ind = &c->inds[i];
		if (ind->plan == rp->plan && ind->series >= 0)
			cu_leaf_remove(&c->series[ind->series], rp->unit, rp->key, r);
	}
	int32_t ps = c->plans[rp->plan].presence[rp->kind];
	if (ps >= 0)
		cu_leaf_remove(&c->series[ps], rp->unit, rp->key, r);
}

/* Under the write lock: replaces the report's contribution. */
static tderr apply_report(cube *c, int64_t id, const row_copy *rc, const valbuf *vals)
{
	uint32_t r = cu_rep_find(c, id);
	cu_report old = {.plan = -1, .unit = -1, .key = -1};
	if (r != UINT32_MAX) {
		old = c->reps[r];
		remove_report(c, r);
		c->reps[r].status = CU_REP_OTHER;
	}
	if (rc->found) {
		if ((r = cu_report_set(c, &rc->report)) == UINT32_MAX)
			return TD_EINTERNAL;
		cu_report now = c->reps[r];
		if (now.status != CU_REP_OTHER && now.unit >= 0) {
			int32_t ps = cu_presence(c, now.plan, now.kind);
			if (ps < 0)
				return TD_EINTERNAL;
			tderr e = cu_leaf_insert(c, &c->series[ps], now.unit, now.key, r, 1.0);
			for (size_t k = 0; k < vals->n && !e; k++) {
				int32_t s = cu_value_series(c, r, vals->v[k].indicator_id);
				if (s >= 0)
					e = cu_leaf_insert(c, &c->series[s], now.unit, now.key, r,
							   vals->v[k].value);
			}
			if (e)
				return e;
		}
	}
	/* only reports that count (submitted, approved) are in the series: a draft
	 * saved as a draft changes no figure and touches nothing */
	int old_counted = old.status != CU_REP_OTHER;
	tderr e = old_counted ? touch_report_series(c, old.plan, old.kind, old.unit, old.key) : TD_OK;
	if (!e && r != UINT32_MAX) {
		cu_report now = c->reps[r];
		if (now.status != CU_REP_OTHER &&
		    (!old_counted || now.plan != old.plan || now.unit != old.unit || now.key != old.key))
			e = touch_report_series(c, now.plan, now.kind, now.unit, now.key);
	}
	return e;
}

/* Holding g_change: loads definitions of indicators the report has values for
 * that the cube does not know yet (created without a refresh). */
static tderr learn_indicators(db *d, const valbuf *vals)
{
	for (size_t k = 0; k < vals->n; k++) {
		int32_t i = cu_find(g_cube->ind_ix, g_cube->ninds, vals->v[k].indicator_id);
		if (i >= 0 && !g_cube->inds[i].stale)
			continue;
		tderr e = refresh_indicator_locked(d, vals->v[k].indicator_id);
		if (e)
			return e;
	}
	return TD_OK;
}

tderr cube_refresh_report(db *d, int64_t report_id)
{
	if (!d)
		return TD_EINTERNAL;
	pthread_mutex_lock(&g_change);
	if (!g_cube) {
		pthread_mutex_unlock(&g_change);
		return TD_OK;
	}
	row_copy rc = {0};
	valbuf vals = {0};
	tderr e = cube_load_report(d, report_id, on_report_copy, &rc);
	if (e == TD_ENOTFOUND)
		e = TD_OK;
	if (!e && rc.found)
		e = cube_load_report_values(d, report_id, on_value, &vals);
	/* g_cube only changes under g_change, which this thread holds: reading it
	 * without the read lock is safe here */
	if (!e && rc.found && cu_find(g_cube->unit_ix, g_cube->nunits, rc.report.unit_id) < 0) {
		e = rebuild_locked(d);
		goto done;
	}
	if (!e)
		e = learn_indicators(d, &vals);
	if (!e) {
		pthread_rwlock_wrlock(&g_lock);
		e = apply_report(g_cube, report_id, &rc, &vals);
		write_done();
	}
	if (e == TD_EINTERNAL) /* out of memory half-way: start again from the database */
		e = rebuild_locked(d);
done:
	pthread_mutex_unlock(&g_change);
	free(vals.v);
	return e;
}

/* --- answers --- */

/* The figure of one entered indicator (by id) for the ratio's parts. */
static void part_value(const cube *c, int64_t id, int32_t unit, const period *p, int mode,
		       int own_only, int *has, double *value)
{
	*has = 0;
	int32_t i = cu_find(c->ind_ix, c->ninds, id);
	if (i < 0 || !cu_entered(&c->inds[i]))
		return;
	int32_t n[CU_MODES];
	double sum[CU_MODES];
	cu_series_figure(c, &c->series[c->inds[i].series], unit, p, own_only, n, sum);
	if (n[mode] > 0) {
		*has = 1;
		*value = sum[mode];
	}
}

static void answer(const cube *c, const cu_indicator *ind, int32_t unit, const period *p,
		   int mode, int own_only, cube_figure *out)
{
	memset(out, 0, sizeof *out);
	const cu_plan *pl = &c->plans[ind->plan];
	out->is_ratio = ind->unit_agg == IND_UNIT_RATIO;
	out->expected_units = cu_expected(c, pl->system, unit, own_only);
	cu_key lo, hi;
	if (ind->freq == PERIOD_NONE || !cu_base_range(p, ind->freq, &lo, &hi))
		return; /* a period finer than the indicator's frequency has no value */
	int32_t n[CU_MODES];
	double sum[CU_MODES];
	int32_t ps = pl->presence[ind->freq];
	if (ps >= 0) {
		cu_series_figure(c, &c->series[ps], unit, p, own_only, n, sum);
		out->reported_units = n[mode];
	}
	if (out->is_ratio) {
		part_value(c, ind->num_id, unit, p, mode, own_only, &out->has_num, &out->num);
		part_value(c, ind->den_id, unit, p, mode, own_only, &out->has_den, &out->den);
		if (out->has_num && out->has_den)
			out->has_value = indicator_ratio(ind->type, out->num, out->den, &out->value);
	} else if (cu_entered(ind)) {
		cu_series_figure(c, &c->series[ind->series], unit, p, own_only, n, sum);
		if (n[mode] > 0) {
			out->has_value = 1;
			out->value = sum[mode];
		}
	}
}

/* What a reader needs before it can answer. */
enum { NEED_NONE, NEED_CUBE, NEED_INDICATOR, NEED_UNIT };

typedef tderr (*reader_fn)(const cube *c, int32_t ind, int32_t unit, void *ctx);

/* Runs fn under the read lock with the dense indicator and unit (-1 when id is 0).
 * With a database handle, a missing cube is built and an unknown (or stale)
 * indicator or unit is loaded first, once. */
static tderr read_cube(db *d, int64_t ind_id, int64_t unit_id, reader_fn fn, void *ctx)
{
	for (int attempt = 0;; attempt++) {
		int need = NEED_NONE;
		tderr e = TD_OK;
		pthread_rwlock_rdlock(&g_lock);
		const cube *c = g_cube;
		int32_t i = -1, u = -1;
		if (!c) {
			need = NEED_CUBE;
		} else {
			if (ind_id && ((i = cu_find(c->ind_ix, c->ninds, ind_id)) < 0 ||
				       !c->inds[i].live || c->inds[i].stale))
				need = NEED_INDICATOR;
			else if (unit_id && (u = cu_find(c->unit_ix, c->nunits, unit_id)) < 0)
				need = NEED_UNIT;
			else
				e = fn(c, i, u, ctx);
		}
		pthread_rwlock_unlock(&g_lock);
		if (need == NEED_NONE)
			return e;
		if (!d || attempt > 0)
			return need == NEED_CUBE ? TD_EUNAVAIL : TD_ENOTFOUND;
		pthread_mutex_lock(&g_change);
		if (!g_cube) {
			e = rebuild_locked(d);
		} else if (need == NEED_INDICATOR) {
			e = refresh_indicator_locked(d, ind_id);
		} else if (need == NEED_UNIT) {
			int exists = 0;
			e = cube_load_unit_exists(d, unit_id, &exists);
			if (!e && exists && cu_find(g_cube->unit_ix, g_cube->nunits, unit_id) < 0)
				e = rebuild_locked(d);
		}
		pthread_mutex_unlock(&g_change);
		if (e)
			return e;
	}
}

typedef struct query_ctx {
	const period *p;
	int mode, own_only;
	cube_figure *out;
} query_ctx;

static tderr query_reader(const cube *c, int32_t ind, int32_t unit, void *ctx)
{
	query_ctx *q = ctx;
	answer(c, &c->inds[ind], unit, q->p, q->mode, q->own_only, q->out);
	return TD_OK;
}

tderr cube_query(db *d, int64_t indicator_id, int64_t unit_id, const period *p,
		 int include_submitted, int own_only, cube_figure *out)
{
	if (!out || !period_valid(p))
		return TD_EINVALID;
	if (indicator_id <= 0 || unit_id <= 0)
		return TD_ENOTFOUND;
	query_ctx q = {p, include_submitted ? 1 : 0, own_only, out};
	return read_cube(d, indicator_id, unit_id, query_reader, &q);
}

typedef struct family_q {
	const period *p;
	int mode;
	const int64_t *unit_ids;
	size_t n;
	cube_figure *out;
} family_q;

static tderr family_query_reader(const cube *c, int32_t ind, int32_t unit, void *ctx)
{
	family_q *q = ctx;
	answer(c, &c->inds[ind], unit, q->p, q->mode, 1, &q->out[0]);
	for (size_t k = 1; k < q->n; k++) {
		int32_t u = cu_find(c->unit_ix, c->nunits, q->unit_ids[k]);
		if (u < 0)
			return TD_ENOTFOUND;
		answer(c, &c->inds[ind], u, q->p, q->mode, 0, &q->out[k]);
	}
	return TD_OK;
}

tderr cube_query_family(db *d, int64_t indicator_id, const int64_t *unit_ids, size_t n,
			const period *p, int include_submitted, cube_figure *out)
{
	if (!out || !unit_ids || !n || !period_valid(p))
		return TD_EINVALID;
	if (indicator_id <= 0 || unit_ids[0] <= 0)
		return TD_ENOTFOUND;
	family_q q = {p, include_submitted ? 1 : 0, unit_ids, n, out};
	return read_cube(d, indicator_id, unit_ids[0], family_query_reader, &q);
}

static tderr info_reader(const cube *c, int32_t ind, int32_t unit, void *ctx)
{
	(void)unit;
	const cu_indicator *i = &c->inds[ind];
	cube_indicator_info *out = ctx;
	*out = (cube_indicator_info){c->plans[i->plan].id, i->type, i->time_agg, i->unit_agg,
				     i->direction, i->freq};
	return TD_OK;
}

tderr cube_indicator(db *d, int64_t indicator_id, cube_indicator_info *out)
{
	if (!out)
		return TD_EINVALID;
	if (indicator_id <= 0)
		return TD_ENOTFOUND;
	return read_cube(d, indicator_id, 0, info_reader, out);
}

typedef struct family_ctx {
	cube_unit_ref *refs;
	size_t n;
} family_ctx;

static tderr family_reader(const cube *c, int32_t ind, int32_t unit, void *ctx)
{
	(void)ind;
	family_ctx *f = ctx;
	const cu_unit *u = &c->units[unit];
	size_t n = 1 + (size_t)u->nchild, bytes = n * sizeof(cube_unit_ref);
	for (size_t k = 0; k < n; k++) {
		const cu_unit *x = k ? &c->units[c->children[u->child0 + (int32_t)k - 1]] : u;
		bytes += strlen(x->code) + strlen(x->name) + strlen(x->path) + 3;
	}
	cube_unit_ref *refs = malloc(bytes);
	if (!refs)
		return TD_EINTERNAL;
	char *str = (char *)(refs + n);
	for (size_t k = 0; k < n; k++) {
		const cu_unit *x = k ? &c->units[c->children[u->child0 + (int32_t)k - 1]] : u;
		const char *src[3] = {x->code, x->name, x->path};
		const char *dst[3];
		for (int j = 0; j < 3; j++) {
			size_t len = strlen(src[j]) + 1;
			memcpy(str, src[j], len);
			dst[j] = str;
			str += len;
		}
		refs[k] = (cube_unit_ref){x->id, dst[0], dst[1], dst[2]};
	}
	f->refs = refs;
	f->n = n;
	return TD_OK;
}

tderr cube_unit_family(db *d, int64_t unit_id, cube_unit_ref **out, size_t *n)
{
	if (!out || !n)
		return TD_EINVALID;
	if (unit_id <= 0)
		return TD_ENOTFOUND;
	family_ctx f = {0};
	tderr e = read_cube(d, 0, unit_id, family_reader, &f);
	if (!e) {
		*out = f.refs;
		*n = f.n;
	}
	return e;
}
