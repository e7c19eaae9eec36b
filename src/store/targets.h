/* targets.h — targets (chỉ tiêu giao) of an indicator per unit and year or for the
 * whole plan period, every change kept with who, when, why and on which document,
 * and the allocation of a unit's target to its children. */
#ifndef TD_TARGETS_H
#define TD_TARGETS_H
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include "core/err.h"
#include "core/indicator.h"
#include "store/db.h"

#define TARGETS_PUT_MAX 5000
#define TARGET_REASON_MAX 1000
#define TARGET_DOCUMENT_MAX 300

typedef struct target_filter {
	const char *unit;        /* unit code; NULL = every unit */
	int has_year;            /* 1: only year (a calendar year; the plan period is
				    year 0 in storage and null in JSON) */
	int64_t year;
	const char *scope_path;  /* only units readable from this path (its subtree and
				    the units above it); NULL = all */
	int64_t limit, offset;
} target_filter;

/* The indicator's targets, the plan period first, then by year, shallower units
 * first, Vietnamese order. *items is a new array of {unit:{code,name,level},year,
 * value,updated_at,updated_by:{id,full_name}|null}; year null = the plan period. */
tderr targets_list(db *d, int64_t indicator_id, const target_filter *f, json_t **items,
		   int64_t *total);
/* The changes of the indicator's targets, newest first: items {unit:{code,name,
 * level},year,old_value,new_value,changed_at,changed_by:{id,full_name}|null,reason,
 * document}; old_value null = newly set, new_value null = removed. */
tderr targets_history(db *d, int64_t indicator_id, const target_filter *f, json_t **items,
		      int64_t *total);

/* One target to set: value NULL-like (has_value 0) removes it. */
typedef struct target_in {
	int64_t unit_id;         /* a unit the caller has found and may write */
	int64_t year;            /* 0 = the whole plan period */
	int has_value;
	double value;
} target_in;

/* Where a PUT went wrong: e filled (message in msg or static), index of the
 * offending target (-1 for none), e.field "unit", "year", "value" or NULL. */
typedef struct targets_error {
	td_error e;
	long index;
	char msg[INDICATOR_MESSAGE_SIZE];
} targets_error;

/* Sets the n targets of the indicator (all or none: the caller runs it inside its
 * transaction and rolls back on error). Each target must be for a unit of the
 * plan's area (the owner's unit subtree: unit_outside_plan), a year 0 or within
 * the plan's years (year_not_in_plan), a value the indicator accepts (type and
 * lower bound; the upper bound only for percent and boolean indicators, since a
 * target for many units adds up past what one report may hold), and appear once
 * (duplicate_target); each is TD_EINVALID with err filled. TD_ENOTFOUND when the
 * indicator is absent. Every actual change writes a target_history row (by user
 * by, reason and document may be ""). *items (new array, in input order) holds the
 * targets as now stored, value null for removed ones; *changes (new array) holds
 * {unit,year,old_value,new_value} of what changed, for the audit row; *changed
 * counts them. */
tderr targets_put(db *d, int64_t indicator_id, const target_in *t, size_t n, int64_t by,
		  const char *reason, const char *document, json_t **items, json_t **changes,
		  size_t *changed, targets_error *err);

/* The allocation of unit_id's target for year (0 = plan period) to the unit's
 * current children: {unit:{code,name,level},year,target,children:[{unit:{...},
 * target}],allocated,gap,missing,additive}. allocated = Σ children's targets,
 * gap = target − allocated (null when target is null), missing = children without
 * a target. For indicators whose targets do not add up over units (ratios,
 * percentages, yes/no) additive is false and allocated and gap are null.
 * TD_ENOTFOUND when the indicator or unit is absent. */
tderr targets_allocation(db *d, int64_t indicator_id, int64_t unit_id, int64_t year,
			 json_t **out);

#endif
