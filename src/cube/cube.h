/* cube.h — the in-memory analytics cube: every counted report value, rolled up the
 * unit tree and over periods, so that a province figure is a lookup rather than a
 * scan of its communes. One instance per process behind a read-write lock (many
 * readers, one writer). The figures follow "Analytics semantics" of
 * docs/internals/REPORTING-CONTRACT.md; store/analytics_sql.c computes the same
 * figures with plain SQL and the tests hold the two equal. */
#ifndef TD_CUBE_H
#define TD_CUBE_H
#include <stddef.h>
#include <stdint.h>
#include "core/err.h"
#include "core/indicator.h"
#include "core/period.h"
#include "store/db.h"

/* One answer for (indicator, unit, period). Ratio indicators also give their
 * numerator and denominator, so that rows of by=children can be added up. */
typedef struct cube_figure {
	int has_value;            /* 0: value is null */
	double value;
	int is_ratio;
	int has_num, has_den;
	double num, den;
	int64_t reported_units;   /* units with a counted report covering the period */
	int64_t expected_units;   /* units with an organisation of the plan's system */
} cube_figure;

/* What the cube knows of an indicator (the handler needs it for achievement). */
typedef struct cube_indicator_info {
	int64_t plan_id;
	indicator_value_type type;
	indicator_time_agg time_agg;
	indicator_unit_agg unit_agg;
	indicator_direction direction;
	period_kind freq;
} cube_indicator_info;

/* A unit as the cube knows it; strings live in the block cube_unit_family returns. */
typedef struct cube_unit_ref {
	int64_t id;
	const char *code, *name, *path;
} cube_unit_ref;

/* Builds the cube from the database (d is used only during the call) and makes
 * it the process's cube, replacing any previous one. Call once at start-up after
 * the migrations. TD_EINTERNAL / database errors; the previous cube stays. */
tderr cube_init(db *d);
/* Frees the cube; later queries answer TD_EUNAVAIL until cube_init. Safe to call
 * twice or without cube_init. */
void cube_shutdown(void);
/* A number that moves on with every change the cube applies (build, rebuild,
 * refresh, invalidation, an indicator or unit loaded on demand): an answer computed
 * from the cube stays right while the number it was computed under is current. */
uint64_t cube_version(void);
/* 1 when a cube is loaded. */
int cube_ready(void);
/* Rebuilds everything from the database: for changes the cube does not follow one
 * by one (org units imported or changed, organisations added or moved, a plan's
 * owner changed). Same errors as cube_init. Without a cube, does nothing. */
tderr cube_rebuild(db *d);

/* Follows the commits of other processes on the database at db_url (several
 * servers on one PostgreSQL database): a thread rebuilds the cube after each
 * burst of their changes to reports, values, indicators, plans, organisations or
 * units, within a second. Call before cube_init. A backend that cannot tell
 * (SQLite) starts nothing and returns TD_OK. */
tderr cube_watch_start(const char *db_url);
/* Stops that thread (before cube_shutdown). Safe without cube_watch_start. */
void cube_watch_stop(void);

/* Call after committing any change to a report's status or values (also create
 * and delete): re-reads that report and replaces its contribution in place.
 * A report at a unit the cube does not know yet makes it rebuild. Without a cube,
 * does nothing and returns TD_OK. Errors: the database's (the cube is then
 * unchanged for this report; a later refresh or rebuild repairs it). */
tderr cube_refresh_report(db *d, int64_t report_id);
/* Call after committing a change to an indicator (create, update, delete): re-reads
 * its definition and, when it is entered, reloads its values. TD_OK without a cube. */
tderr cube_refresh_indicator(db *d, int64_t indicator_id);
/* Call after committing a change to an indicator's targets: re-reads them (the
 * cube keeps every target beside the figures; a refresh of the indicator re-reads
 * them too). TD_OK without a cube; database errors (the cube keeps the old ones). */
tderr cube_refresh_targets(db *d, int64_t indicator_id);
/* The targets of the indicators at the units for a year (0: the plan period), from
 * memory: has[i * nunits + k] is 1 and values[i * nunits + k] the target when
 * (indicator_ids[i], unit_ids[k], year) has one, else 0. TD_EUNAVAIL without a
 * cube (then ask the database: analytics_family_targets), TD_EINVALID for NULLs. */
tderr cube_family_targets(int year, const int64_t *indicator_ids, size_t nind,
			  const int64_t *unit_ids, size_t nunits, int *has, double *values);
/* Marks an indicator to be re-read by the next query that has a database handle
 * (for callers that hold none). Unknown ids are ignored. */
void cube_invalidate_indicator(int64_t indicator_id);

/* The figure of an indicator at a unit for a period: over the unit's subtree, or
 * (own_only) the values reported at the unit itself; include_submitted also counts
 * submitted reports. d may be NULL; with a handle, a missing cube is built and an
 * indicator or unit the cube does not know yet is loaded first. Errors:
 * TD_ENOTFOUND (indicator or unit unknown), TD_EUNAVAIL (no cube and no d),
 * TD_EINVALID (p invalid or out NULL). */
tderr cube_query(db *d, int64_t indicator_id, int64_t unit_id, const period *p,
		 int include_submitted, int own_only, cube_figure *out);
/* The rows of by=children in one consistent view: out[0] is the own figure of
 * unit_ids[0] (its own reports only), out[k] the subtree figure of unit_ids[k]
 * (its children, as cube_unit_family lists them). n >= 1. Errors as cube_query;
 * TD_ENOTFOUND also when a child is not known (the tree changed: ask again). */
tderr cube_query_family(db *d, int64_t indicator_id, const int64_t *unit_ids, size_t n,
			const period *p, int include_submitted, cube_figure *out);
/* The definition of an indicator as the cube uses it. Errors as cube_query. */
tderr cube_indicator(db *d, int64_t indicator_id, cube_indicator_info *out);
/* The unit (element 0) followed by its children in Vietnamese order. *out is one
 * malloc'd block (free it with free()); *n counts its elements. Errors as
 * cube_query. */
tderr cube_unit_family(db *d, int64_t unit_id, cube_unit_ref **out, size_t *n);

#endif
