/* indicators.h — the indicators (chỉ tiêu) of a plan: what each measures, how it
 * adds up over time and across units, which way is better, how often it is
 * reported; ratio indicators computed from two others of the same plan. */
#ifndef TD_INDICATORS_H
#define TD_INDICATORS_H
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include "core/err.h"
#include "core/indicator.h"
#include "core/period.h"
#include "store/db.h"

#define INDICATOR_CODE_MAX 32          /* [A-Z0-9_.-], unique within the plan */
#define INDICATOR_NAME_MAX 1000
#define INDICATOR_UNIT_LABEL_MAX 64
#define INDICATOR_POSITION_MAX 100000
#define INDICATORS_PER_PLAN_MAX 500

/* An indicator in typed form, for code that computes with it (targets, reports,
 * the cube). Plain value; copy freely. */
typedef struct indicator_info {
	int64_t id, plan_id;
	indicator_rules rules;        /* value type, decimals, bounds of entered values */
	indicator_time_agg time_agg;
	indicator_unit_agg unit_agg;
	indicator_direction direction;
	period_kind frequency;        /* PERIOD_MONTH, _QUARTER, _HALF or _YEAR */
	int64_t numerator_id, denominator_id;  /* ratio parts; 0 for a sum indicator */
	int64_t version;
} indicator_info;

/* The plan an indicator belongs to (what the access checks follow).
 * TD_ENOTFOUND when the indicator does not exist. */
tderr indicators_plan_of(db *d, int64_t indicator_id, int64_t *plan_id);
/* The indicator in typed form. TD_ENOTFOUND when absent; TD_EINTERNAL when a
 * stored kind is not one this build knows. */
tderr indicators_info(db *d, int64_t id, indicator_info *out);

typedef struct indicator_filter {
	period_kind frequency;   /* PERIOD_NONE = any */
	int64_t limit, offset;
} indicator_filter;

/* The plan's indicators ordered by position, then id. *items is a new array of
 * indicator objects (the shape of indicators_get); *total counts all matches. */
tderr indicators_list(db *d, int64_t plan_id, const indicator_filter *f, json_t **items,
		      int64_t *total);
/* One indicator: {id,plan_id,objective_id,code,name,unit_label,value_type,time_agg,
 * unit_agg,numerator_id,denominator_id,direction,frequency,decimals,min,max,formula,
 * position,version,created_at,updated_at}; null for what is not set. New reference.
 * TD_ENOTFOUND when absent. */
tderr indicators_get(db *d, int64_t id, json_t **out);

/* Fields of a create or update. Strings NULL and has_/set_ 0 mean "not given":
 * on create the defaults (decimal, sum, sum, up, month; decimals 0 for integer and
 * boolean indicators, 2 otherwise; position after the last), on update unchanged.
 * set_ 1 with a 0 id or has_min/has_max 0 clears the field. Enum fields take the
 * names of core/indicator.h. Strings are text the caller has capped. */
typedef struct indicator_input {
	const char *code, *name, *unit_label;
	const char *value_type, *time_agg, *unit_agg, *direction, *frequency;
	int set_objective;
	int64_t objective_id;
	int set_numerator, set_denominator;
	int64_t numerator_id, denominator_id;
	int has_decimals;
	int64_t decimals;
	int set_min, has_min;
	double min;
	int set_max, has_max;
	double max;
	int has_position;
	int64_t position;
	int has_version;          /* update: the version the client read */
	int64_t version;
	int set_formula;          /* formula given (NULL = cleared): see formulas_set */
	const char *formula;
} indicator_input;

/* Adds an indicator to the plan; *id is the new one. Errors, each with e filled
 * (field named): TD_EINVALID for a malformed code (bad_code), a blank name, an
 * unknown kind, decimals outside 0-6, min > max (bad_bounds), an objective of
 * another plan (unknown_objective), a ratio without both parts, with a part that
 * is not an indicator of the same plan (unknown_indicator), is itself a ratio
 * (ratio_part_not_sum) or is both parts (same_ratio_parts), parts given to a sum
 * indicator (not_ratio), a plan holding INDICATORS_PER_PLAN_MAX already
 * (too_many_indicators); TD_ECONFLICT indicator_code_taken. Inside a transaction. */
tderr indicators_create(db *d, int64_t plan_id, const indicator_input *in, int64_t *id,
			td_error *e);
/* Changes the given fields and bumps the version. Errors as create, plus
 * TD_ENOTFOUND, TD_ECONFLICT stale_version (in->version is not the stored one),
 * TD_EINVALID used_in_ratio (making a ratio of an indicator another ratio is built
 * on). Turning a ratio into a sum indicator drops its parts. Inside a transaction. */
tderr indicators_update(db *d, int64_t id, const indicator_input *in, td_error *e);

#endif
