/* cube_targets.c — the targets kept beside the cube, so that an analytics answer
 * reads the figures and their targets from memory in one go: one array sorted by
 * (indicator, year, unit), replaced indicator by indicator when targets change. */
#include "cube/cube_int.h"
#include <stdlib.h>
#include <string.h>

static int target_cmp(const void *a, const void *b)
{
	const cu_target *x = a, *y = b;
	if (x->indicator_id != y->indicator_id)
		return x->indicator_id < y->indicator_id ? -1 : 1;
	if (x->year != y->year)
		return x->year < y->year ? -1 : 1;
	return x->unit_id < y->unit_id ? -1 : x->unit_id > y->unit_id;
}

static tderr on_target(void *ctx, const cube_target_row *row)
{
	cu_targetvec *tv = ctx;
	if (tv->n == tv->cap) {
		if (tv->cap > UINT32_MAX / 4)
			return TD_EINTERNAL;
		uint32_t n = tv->cap ? tv->cap * 2 : 64;
		cu_target *v = realloc(tv->v, (size_t)n * sizeof *v);
		if (!v)
			return TD_EINTERNAL;
		tv->v = v;
		tv->cap = n;
	}
	tv->v[tv->n++] = (cu_target){row->indicator_id, row->unit_id, row->year, row->value};
	return TD_OK;
}

tderr cu_targets_read(db *d, int64_t indicator_id, cu_targetvec *out)
{
	out->n = 0;
	tderr e = indicator_id ? cube_load_indicator_targets(d, indicator_id, on_target, out)
			       : cube_load_targets(d, on_target, out);
	if (e)
		return e;
	if (out->n > 1)
		qsort(out->v, out->n, sizeof *out->v, target_cmp);
	return TD_OK;
}

/* Index of the first target not before (indicator, year, unit). */
static uint32_t lower(const cu_targetvec *tv, int64_t ind, int32_t year, int64_t unit)
{
	cu_target key = {ind, unit, year, 0};
	uint32_t lo = 0, hi = tv->n;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (target_cmp(&tv->v[mid], &key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

tderr cu_targets_replace(cube *c, int64_t indicator_id, const cu_targetvec *src)
{
	cu_targetvec *tv = &c->targets;
	uint32_t a = lower(tv, indicator_id, INT32_MIN, INT64_MIN);
	uint32_t b = a;
	while (b < tv->n && tv->v[b].indicator_id == indicator_id)
		b++;
	uint32_t old = b - a, n = tv->n - old + src->n;
	if (n > tv->cap) {
		cu_target *v = realloc(tv->v, (size_t)n * sizeof *v);
		if (!v)
			return TD_EINTERNAL;
		tv->v = v;
		tv->cap = n;
	}
	if (tv->n > b)
		memmove(&tv->v[a + src->n], &tv->v[b], (size_t)(tv->n - b) * sizeof *tv->v);
	if (src->n)
		memcpy(&tv->v[a], src->v, (size_t)src->n * sizeof *tv->v);
	tv->n = n;
	return TD_OK;
}

int cu_target_get(const cube *c, int64_t indicator_id, int64_t unit_id, int year,
		  double *value)
{
	const cu_targetvec *tv = &c->targets;
	uint32_t i = lower(tv, indicator_id, year, unit_id);
	if (i < tv->n && tv->v[i].indicator_id == indicator_id && tv->v[i].year == year &&
	    tv->v[i].unit_id == unit_id) {
		*value = tv->v[i].value;
		return 1;
	}
	return 0;
}
