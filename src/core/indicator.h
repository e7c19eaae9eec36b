/* indicator.h — the kinds of an indicator (chỉ tiêu) and the arithmetic every part
 * must do alike: accepted values, achievement, adding up over time, ratios. Pure
 * logic, no I/O; the rules are those of docs/internals/REPORTING-CONTRACT.md. */
#ifndef TD_INDICATOR_H
#define TD_INDICATOR_H
#include <stddef.h>
#include "core/err.h"
#include "core/period.h"

#define INDICATOR_DECIMALS_MAX 6
/* The largest magnitude a value may have: 10^15 — far above any real figure (a
 * budget in đồng), and small enough that sums over every unit and period stay
 * finite; a value such as 1e308 would turn a province's sum into infinity. */
#define INDICATOR_VALUE_LIMIT 1e15
#define INDICATOR_MESSAGE_SIZE 160   /* room for any message of indicator_check_value */

/* Each enum's 0 is "unknown": the result of parsing a name that is not allowed. */
typedef enum indicator_value_type {
	IND_TYPE_NONE = 0,
	IND_TYPE_INTEGER,   /* whole numbers: households, models, people */
	IND_TYPE_DECIMAL,   /* up to `decimals` places */
	IND_TYPE_PERCENT,   /* 0-100 unless min/max say otherwise */
	IND_TYPE_BOOLEAN,   /* 0 or 1: done or not */
} indicator_value_type;

typedef enum indicator_time_agg {
	IND_TIME_NONE = 0,
	IND_TIME_SUM,       /* flows: added up over the periods */
	IND_TIME_LAST,      /* stocks: the latest period with a value */
	IND_TIME_MAX,
	IND_TIME_AVG,
} indicator_time_agg;

typedef enum indicator_unit_agg {
	IND_UNIT_NONE = 0,
	IND_UNIT_SUM,       /* added up over the units */
	IND_UNIT_RATIO,     /* Σ numerator / Σ denominator, never entered */
} indicator_unit_agg;

typedef enum indicator_direction {
	IND_DIR_NONE = 0,
	IND_DIR_UP,         /* higher is better */
	IND_DIR_DOWN,       /* lower is better */
} indicator_direction;

/* The allowed names, NULL-terminated, in enum order (name i is enum value i + 1);
 * usable as allow-lists for request fields. */
extern const char *const indicator_value_types[]; /* integer decimal percent boolean */
extern const char *const indicator_time_aggs[];   /* sum last max avg */
extern const char *const indicator_unit_aggs[];   /* sum ratio */
extern const char *const indicator_directions[];  /* up down */
extern const char *const indicator_frequencies[]; /* month quarter half year */

/* Enum for an exact, lower-case name; the NONE value for anything else or NULL. */
indicator_value_type indicator_value_type_from_name(const char *name);
indicator_time_agg indicator_time_agg_from_name(const char *name);
indicator_unit_agg indicator_unit_agg_from_name(const char *name);
indicator_direction indicator_direction_from_name(const char *name);
/* Reporting frequency: PERIOD_MONTH, _QUARTER, _HALF or _YEAR for "month",
 * "quarter", "half", "year"; PERIOD_NONE otherwise ("nine" is a period to report
 * on, not a frequency an indicator is collected at). Names back: period_kind_name. */
period_kind indicator_frequency_from_name(const char *name);
/* Static name of a value; NULL for NONE or out of range. */
const char *indicator_value_type_name(indicator_value_type t);
const char *indicator_time_agg_name(indicator_time_agg t);
const char *indicator_unit_agg_name(indicator_unit_agg t);
const char *indicator_direction_name(indicator_direction d);

/* What an entered value must satisfy. Plain value; copy freely. */
typedef struct indicator_rules {
	indicator_value_type type;
	int decimals;             /* places allowed after the point, 0-6 (integer: 0) */
	int has_min, has_max;
	double min, max;          /* inclusive bounds when has_ */
} indicator_rules;

/* TD_OK when v is acceptable under r: finite; integer: whole; boolean: 0 or 1
 * (bounds ignored); percent: within [min, max], defaulting to [0, 100]; other types:
 * within the bounds given; no more than r->decimals places after the point
 * (booleans and integers: none). Otherwise TD_EINVALID with *code set to a static
 * snake_case code (not_finite, not_integer, not_boolean, too_many_decimals,
 * below_min, above_max) and msg filled with a Vietnamese sentence naming the limit,
 * numbers written the Vietnamese way ("Giá trị phải từ 0 đến 100"; "tối đa 2 chữ số
 * thập phân"). TD_EINVALID with code "bad_rules" for NULL r or an unknown type.
 * code and msg may be NULL; msg gets at most size bytes (INDICATOR_MESSAGE_SIZE
 * is enough), always NUL-terminated when size > 0. */
tderr indicator_check_value(const indicator_rules *r, double v, const char **code,
			    char *msg, size_t size);

/* Achievement in percent (contract, point 7). value and target are NULL when not
 * known. Up: value / target × 100, undefined when target is 0. Down: target / value
 * × 100; a value of 0 achieves 100 when target ≥ 0 and is undefined otherwise.
 * Not capped. Returns 1 and sets *out when defined, 0 (leaving *out) when not or
 * when dir is unknown or out is NULL. */
int indicator_achievement(indicator_direction dir, const double *value, const double *target,
			  double *out);

/* 1 when a value over a period of kind p may be compared with a year target
 * (contract, point 6): always for years and longer, and for shorter periods unless
 * the indicator adds up over time (time_agg sum, not a ratio). 0 for unknown
 * arguments. */
int indicator_target_comparable(indicator_time_agg time_agg, indicator_unit_agg unit_agg,
				period_kind p);

/* One base period's value for one unit: order is the period's place in time
 * (larger = later; e.g. year * 100 + month); has_value 0 marks a gap. */
typedef struct indicator_point {
	int order;
	int has_value;
	double value;
} indicator_point;

/* Adds up one unit's values over the base periods of a period (contract, point 3),
 * looking only at points with a value, in any order: sum, max, mean (avg), or the
 * value of the point with the largest order (last; on equal orders the later in the
 * array). Returns 1 with *out set; 0, leaving *out, when no point has a value, agg
 * is unknown, or an argument is NULL with n > 0 (pts may be NULL when n is 0). */
int indicator_time_aggregate(indicator_time_agg agg, const indicator_point *pts, size_t n,
			     double *out);

/* The value of a ratio indicator (contract, point 5): num / den, × 100 when the
 * indicator's type is percent. Returns 1 with *out set; 0 when den is 0 or either
 * is not finite. */
int indicator_ratio(indicator_value_type type, double num, double den, double *out);

#endif
