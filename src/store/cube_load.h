/* cube_load.h — the queries that fill the in-memory analytics cube: the unit tree,
 * which systems have an organisation at each unit, plans and indicators, and the
 * reports and values that count (submitted or approved). Rows are handed to a
 * callback one at a time; strings in a row are valid only during that call. */
#ifndef TD_CUBE_LOAD_H
#define TD_CUBE_LOAD_H
#include <stdint.h>
#include "core/err.h"
#include "store/db.h"

typedef struct cube_unit_row {
	int64_t id;
	const char *path;      /* '/1/5/30/': ids from the root */
	const char *code, *name;
	const char *sort_key;  /* Vietnamese collation key (hex) */
} cube_unit_row;

typedef struct cube_org_row {
	int64_t unit_id;
	const char *system;
} cube_org_row;

typedef struct cube_plan_row {
	int64_t id;
	const char *system;    /* the owner organisation's system */
} cube_plan_row;

typedef struct cube_indicator_row {
	int64_t id, plan_id;
	const char *plan_system;
	const char *value_type, *time_agg, *unit_agg, *direction, *frequency;
	int64_t numerator_id, denominator_id;  /* 0 when none */
} cube_indicator_row;

typedef struct cube_report_row {
	int64_t id, plan_id, unit_id;
	const char *period, *status;
	const char *org_system;   /* the reporting organisation's system */
	const char *plan_system;  /* the plan owner's system */
} cube_report_row;

typedef struct cube_value_row {
	int64_t report_id, indicator_id;
	double value;             /* never NULL: rows without a value are skipped */
} cube_value_row;

typedef struct cube_target_row {
	int64_t indicator_id, unit_id;
	int year;                 /* 0: the whole plan period */
	double value;
} cube_target_row;

/* Callbacks return TD_OK to go on; any other value stops the load and is returned. */
typedef tderr (*cube_unit_fn)(void *ctx, const cube_unit_row *row);
typedef tderr (*cube_org_fn)(void *ctx, const cube_org_row *row);
typedef tderr (*cube_plan_fn)(void *ctx, const cube_plan_row *row);
typedef tderr (*cube_indicator_fn)(void *ctx, const cube_indicator_row *row);
typedef tderr (*cube_report_fn)(void *ctx, const cube_report_row *row);
typedef tderr (*cube_value_fn)(void *ctx, const cube_value_row *row);
typedef tderr (*cube_target_fn)(void *ctx, const cube_target_row *row);

/* Every org unit (all versions). Errors: the database's. */
tderr cube_load_units(db *d, cube_unit_fn fn, void *ctx);
/* Every organisation's unit and system. */
tderr cube_load_orgs(db *d, cube_org_fn fn, void *ctx);
/* Every plan with its owner's system. */
tderr cube_load_plans(db *d, cube_plan_fn fn, void *ctx);
/* Every indicator. */
tderr cube_load_indicators(db *d, cube_indicator_fn fn, void *ctx);
/* One indicator: fn is called once; TD_ENOTFOUND (fn not called) when absent. */
tderr cube_load_indicator(db *d, int64_t id, cube_indicator_fn fn, void *ctx);
/* Every report whose status is submitted or approved. */
tderr cube_load_reports(db *d, cube_report_fn fn, void *ctx);
/* One report whatever its status: fn called once; TD_ENOTFOUND when absent. */
tderr cube_load_report(db *d, int64_t id, cube_report_fn fn, void *ctx);
/* Every entered value of every report, in storage order (one scan, no join): the
 * caller skips the values of reports it did not load (drafts, returned ones). */
tderr cube_load_values(db *d, cube_value_fn fn, void *ctx);
/* The entered values of one report (any status). */
tderr cube_load_report_values(db *d, int64_t report_id, cube_value_fn fn, void *ctx);
/* The entered values of one indicator in submitted and approved reports. */
tderr cube_load_indicator_values(db *d, int64_t indicator_id, cube_value_fn fn, void *ctx);
/* Every target (indicator, unit, year). */
tderr cube_load_targets(db *d, cube_target_fn fn, void *ctx);
/* The targets of one indicator. */
tderr cube_load_indicator_targets(db *d, int64_t indicator_id, cube_target_fn fn, void *ctx);
/* *exists 1 when the org unit with this id is in the database. */
tderr cube_load_unit_exists(db *d, int64_t unit_id, int *exists);

#endif
