/* carry.h — a figure on today's tree from its parts: what the unit itself (and its
 * current subtree) reported, and what its predecessor units reported before a
 * reform, each with the share that passed to it. Pure arithmetic; the callers
 * fetch the parts (api/unit_history.c from the cube, the tests by hand). */
#ifndef TD_CARRY_H
#define TD_CARRY_H
#include <stddef.h>
#include <stdint.h>
#include "core/indicator.h"

/* One part: a figure (value for entered indicators; numerator and denominator
 * for ratios) and the share of it that belongs to the unit asked for. */
typedef struct carry_part {
	int has_value;
	double value;
	int has_num, has_den;
	double num, den;
	double share;             /* 0 < share <= 1; 1 for the unit's own figure */
	int predecessor;          /* 0: reported on the current tree; 1: carried */
	int superseded;           /* carried, and its whole successor at the same level
				   * reported the same things itself in the period */
	int64_t reported_units, expected_units;
} carry_part;

typedef struct carry_result {
	int has_value;
	double value;
	int has_num, has_den;
	double num, den;
	int used_predecessors;    /* 1 when carried parts count in the result */
	int64_t reported_units, expected_units;
} carry_result;

/* Combines n parts. Sums (and ratio numerators and denominators) add share x part,
 * so a split's shares adding up to 1 keep the total; a ratio is recomputed from
 * the summed parts (indicator_ratio with type), never averaged. For stocks
 * (time_agg IND_TIME_LAST) a superseded carried part is left out: its successor's
 * own latest figure already holds the same households (they would otherwise be
 * counted twice); other carried parts stand (an abolished district's last state
 * is nobody else's). Unit counts add up unscaled. */
void carry_combine(const carry_part *parts, size_t n, indicator_value_type type,
		   indicator_unit_agg unit_agg, indicator_time_agg time_agg, carry_result *out);

#endif
