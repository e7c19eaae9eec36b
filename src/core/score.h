/* score.h — the arithmetic of an evaluation: five components weighted into a score
 * (missing ones left out, the other weights scaled up), grades, capped achievement,
 * and the split of a period between successive heads. Pure logic, no I/O. */
#ifndef TD_SCORE_H
#define TD_SCORE_H
#include <stddef.h>
#include <stdint.h>
#include "core/err.h"
#include "core/indicator.h"

typedef enum score_component {
	SCORE_INDICATORS = 0, /* achievement of the indicators against their targets */
	SCORE_TASKS,          /* roadmap tasks done on time */
	SCORE_REPORTS,        /* periodic reports on time and approved */
	SCORE_BUDGET,         /* budget disbursed of budget allocated */
	SCORE_FINDINGS,       /* findings resolved by their due date */
	SCORE_COMPONENTS
} score_component;

/* "indicators", "tasks", "reports", "budget", "findings", NULL: the component
 * names in enum order (the keys of API weights). */
extern const char *const score_component_names[];

#define SCORE_CAP_MIN 100.0     /* the achievement cap may not cut below 100 % */
#define SCORE_CAP_MAX 1000.0
#define SCORE_DATE_SIZE 11      /* "2024-07-01" + NUL */

typedef enum score_grade {
	SCORE_GRADE_NONE = 0, /* no score */
	SCORE_GRADE_EXCELLENT,
	SCORE_GRADE_GOOD,
	SCORE_GRADE_PASS,
	SCORE_GRADE_FAIL,
} score_grade;

/* How a plan is scored. Plain value; copy freely. */
typedef struct score_config {
	int weights[SCORE_COMPONENTS]; /* whole numbers 0-100 summing to 100 */
	double cap;                    /* one indicator's achievement counts at most this (%) */
	double excellent, good, pass;  /* grade thresholds: 0 < pass < good < excellent <= 100 */
} score_config;

/* Weights 50/15/15/10/10, cap 120 %, thresholds 90, 75, 50. */
score_config score_default_config(void);
/* TD_OK when c is usable; otherwise TD_EINVALID with e filled (static strings):
 * weight_range (field "weights.<name>"), weights_sum ("weights"), cap_range
 * ("achievement_cap"), thresholds_order ("thresholds"). e may be NULL. */
tderr score_config_check(const score_config *c, td_error *e);

/* v rounded to one decimal, halves away from zero as people round written
 * numbers (89.95 -> 90.0, even though 89.95 is stored a hair below); not-finite
 * values come back unchanged. */
double score_round1(double v);
/* The grade of a score (already rounded: the grade follows the number shown):
 * >= excellent, >= good, >= pass, else fail. SCORE_GRADE_NONE for NULL c. */
score_grade score_grade_of(const score_config *c, double score);
/* The official wording ("Hoàn thành xuất sắc nhiệm vụ", ...), static; NULL for NONE. */
const char *score_grade_label(score_grade g);
/* A stable code: "excellent", "good", "pass", "fail"; NULL for NONE. */
const char *score_grade_code(score_grade g);

/* One indicator as the indicators component sees it: it has a target (the caller
 * leaves out those without one or whose target cannot be compared over the
 * period), maybe a value, and whether the period's data should be in by now. */
typedef struct score_indicator {
	indicator_direction dir;
	int has_value;
	double value;
	double target;
	int due;
	int undefined;  /* no value because none can exist (a ratio over a zero
			   denominator): left out, never counted as missing */
} score_indicator;

typedef struct score_achievement {
	int counted;    /* 1: enters the average */
	int missing;    /* counted as 0: no value although the data was due */
	int has_raw;    /* raw is defined (indicator_achievement) */
	double raw;     /* achievement before the cap, % */
	double capped;  /* what is averaged: min(raw, cap), 0 when missing */
} score_achievement;

/* One indicator's part: direction-aware achievement (indicator_achievement)
 * capped at cap; no value but due counts 0 (missing); no value and not yet due,
 * an undefined value, or an undefined achievement (target 0 on an "up"
 * indicator) is left out. */
void score_indicator_part(const score_indicator *in, double cap, score_achievement *out);
/* The indicators component over n indicators: each[i] as score_indicator_part
 * (each may be NULL), *value = min(100, mean of the counted capped achievements).
 * Returns how many were counted; 0 (no data, *value untouched) when none. */
size_t score_indicators(const score_indicator *in, size_t n, double cap,
			score_achievement *each, double *value);
/* num / den × 100 into *out, capped at 100; returns 0 (no data, *out untouched)
 * when den <= 0 or num < 0. */
int score_rate(double num, double den, double *out);

/* One component's input: its value 0-100, or no data. */
typedef struct score_part {
	int has_data;
	double value;
} score_part;

typedef struct score_result {
	int has_score;                         /* 0: no weighted component had data */
	double score;                          /* 0-100, rounded to one decimal */
	score_grade grade;
	int renormalised;                      /* a weighted component had no data */
	double weight[SCORE_COMPONENTS];       /* weight actually applied, %, summing to 100
						  (0 for components without data) */
	double contribution[SCORE_COMPONENTS]; /* value × weight / 100: adds up to score */
} score_result;

/* The weighted score: components with data keep their configured weight scaled so
 * the weights with data sum to 100; values are clamped to 0-100. TD_EINVALID
 * (out zeroed) for NULL arguments or an invalid config. */
tderr score_compute(const score_config *c, const score_part parts[SCORE_COMPONENTS],
		    score_result *out);

/* A head's term: from (inclusive) to (inclusive; NULL or "" while in office),
 * "YYYY-MM-DD". */
typedef struct score_term {
	const char *from;
	const char *to;
} score_term;

/* The part of a period one head held the post. */
typedef struct score_slice {
	size_t term;                  /* index into the terms given */
	char from[SCORE_DATE_SIZE];   /* first and last day of the overlap */
	char to[SCORE_DATE_SIZE];
	int64_t days;                 /* days of the overlap */
	int64_t period_days;          /* days of the whole period */
	double share;                 /* days / period_days */
} score_slice;

/* Cuts the period from..to (inclusive days) by the terms, in the terms' order:
 * one slice per term that overlaps it (a change of head on 2024-07-01 gives
 * 2024-01-01..06-30, 182 of 366 days, and 07-01..12-31, 184 days). Days no term
 * covers belong to nobody. Returns the number of slices written (at most max);
 * 0 for invalid dates, from after to, NULL arguments. Terms with unreadable
 * dates are skipped. */
size_t score_split(const char *from, const char *to, const score_term *terms, size_t n,
		   score_slice *out, size_t max);

#endif
