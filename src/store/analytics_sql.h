/* analytics_sql.h — the analytics figures computed by plain SQL over reports,
 * report_values, org_units, organizations and indicators: the reference the cube is
 * tested against and the baseline it is measured against. Also what the analytics
 * endpoints read from the database besides the cube: targets, and the overview's
 * plans and report counts. */
#ifndef TD_ANALYTICS_SQL_H
#define TD_ANALYTICS_SQL_H
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include "core/err.h"
#include "core/period.h"
#include "store/db.h"

/* The same fields as cube_figure (cube/cube.h), computed from scratch. */
typedef struct analytics_figure {
	int has_value;
	double value;
	int is_ratio;
	int has_num, has_den;
	double num, den;
	int64_t reported_units;
	int64_t expected_units;
} analytics_figure;

/* The figure of an indicator at a unit for a period, by the contract's "Analytics
 * semantics": over the unit's subtree, or (own_only) the unit's own reports;
 * include_submitted also counts submitted reports. TD_ENOTFOUND when the indicator
 * or the unit does not exist; TD_EINVALID for an invalid p or NULL out. */
tderr analytics_sql_figure(db *d, int64_t indicator_id, int64_t unit_id, const period *p,
			   int include_submitted, int own_only, analytics_figure *out);

/* The target of (indicator, unit, year); year 0 is the whole plan period. *has is 0
 * (and *value untouched) when none is set. */
tderr analytics_target(db *d, int64_t indicator_id, int64_t unit_id, int year, int *has,
		       double *value);

#define ANALYTICS_TARGET_INDICATORS_MAX 100

/* The year targets of several indicators (at most ANALYTICS_TARGET_INDICATORS_MAX)
 * at a unit and its children (by parent_id), in one query: has[i * nunits + k] and
 * values[i * nunits + k] for indicator_ids[i] at unit_ids[k] (has 0 when none).
 * unit_ids[0] must be the parent unit. TD_EINVALID when nind is too large. */
tderr analytics_family_targets(db *d, int year, const int64_t *indicator_ids, size_t nind,
			       const int64_t *unit_ids, size_t nunits, int *has, double *values);

#define ANALYTICS_PLAN_INDICATORS_MAX 1000

typedef struct analytics_plan_filter {
	const char *scope_path;  /* the caller's unit path: plans whose owner's unit is
				    readable from it, or that scope_org owns, coordinates
				    or supervises or keeps across a reform (plan_heirs.h) */
	int64_t scope_org;
	const char *unit_path;   /* only plans whose owner sits above, at or below it,
				    or took it or a unit above it whole in a reform */
	int year;                /* plans running that year (drafts left out) */
	int64_t limit, offset;
} analytics_plan_filter;

/* The plans of the overview in Vietnamese order: *items is a new array of
 * {"plan":{"id","code","title","owner":{"id","name","system"}}}; *total counts all. */
tderr analytics_overview_plans(db *d, const analytics_plan_filter *f, json_t **items,
			       int64_t *total);
/* The plan's indicator ids in their order: *ids is malloc'd (free it; NULL when
 * *n is 0). At most ANALYTICS_PLAN_INDICATORS_MAX are returned. */
tderr analytics_plan_indicators(db *d, int64_t plan_id, int64_t **ids, size_t *n);

typedef struct analytics_report_counts {
	int64_t expected;   /* units with an organisation of the system × periods due */
	int64_t submitted;  /* of those, reports submitted at least once */
	int64_t late;       /* of those submitted, first submitted after the deadline */
} analytics_report_counts;

/* Report counts of a plan for a year in the unit's subtree: a period is due once
 * its deadline (by the plan's rules) is before now_iso ("YYYY-MM-DDTHH:MM:SSZ");
 * the periods are those of the frequencies the plan's indicators are reported at.
 * system is the plan owner's system. */
tderr analytics_report_counts_get(db *d, int64_t plan_id, const char *system,
				  const char *unit_path, int year, const char *now_iso,
				  analytics_report_counts *out);

#endif
