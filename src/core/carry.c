/* carry.c — adds up a unit's own figure and its predecessors' carried shares. */
#include "core/carry.h"
#include <string.h>

static void add_part(carry_result *r, const carry_part *p, int is_ratio)
{
	if (!is_ratio && p->has_value) {
		r->value += p->share * p->value;
		r->has_value = 1;
	}
	if (p->has_num) {
		r->num += p->share * p->num;
		r->has_num = 1;
	}
	if (p->has_den) {
		r->den += p->share * p->den;
		r->has_den = 1;
	}
	r->reported_units += p->reported_units;
	r->expected_units += p->expected_units;
	if (p->predecessor && (p->has_value || p->has_num || p->has_den))
		r->used_predecessors = 1;
}

void carry_combine(const carry_part *parts, size_t n, indicator_value_type type,
		   indicator_unit_agg unit_agg, indicator_time_agg time_agg, carry_result *out)
{
	memset(out, 0, sizeof *out);
	int is_ratio = unit_agg == IND_UNIT_RATIO;
	for (size_t i = 0; i < n; i++) {
		if (parts[i].predecessor && parts[i].superseded && time_agg == IND_TIME_LAST) {
			out->expected_units += parts[i].expected_units;
			continue;
		}
		add_part(out, &parts[i], is_ratio);
	}
	if (is_ratio)
		out->has_value = out->has_num && out->has_den &&
				 indicator_ratio(type, out->num, out->den, &out->value);
}
