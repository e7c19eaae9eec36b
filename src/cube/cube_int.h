/* cube_int.h — the cube's private layout, shared by cube.c (locking, loading, the
 * public calls) and cube_data.c (values, roll-ups and answers). Not for use outside
 * src/cube: everything here runs under the cube's lock. */
#ifndef TD_CUBE_INT_H
#define TD_CUBE_INT_H
#include <stddef.h>
#include <stdint.h>
#include "core/indicator.h"
#include "core/period.h"
#include "cube/cube.h"
#include "store/cube_load.h"

/* Two answers are kept side by side: [0] counts approved reports, [1] approved
 * and submitted ones (include=submitted). */
#define CU_MODES 2
#define CU_SYSTEMS_MAX 32  /* distinct organisation systems (a bit mask per unit) */
#define CU_SYSTEM_MAX 32   /* bytes of a system name, NUL included */

/* Status of a report as far as the figures go. A report of an organisation of
 * another system than the plan owner's counts as CU_REP_OTHER. */
enum { CU_REP_OTHER = 0, CU_REP_SUBMITTED = 1, CU_REP_APPROVED = 2 };

/* A period as one ordered integer: year * 32 + slot (months 0-11, quarters 12-15,
 * halves 16-17, nine months 18, year 19). Within one kind, larger = later. */
typedef int32_t cu_key;

/* One entered value: the base period, the report (index into cube.reps) and the
 * value. A unit's leaves are sorted by (key, rep). */
typedef struct cu_leaf {
	cu_key key;
	uint32_t rep;
	double value;
} cu_leaf;

typedef struct cu_leafvec {
	cu_leaf *v;
	uint32_t n, cap;
} cu_leafvec;

/* Roll-up of a unit with children for one period (any period containing a base
 * period with a value): Σ of the per-unit figures over its subtree and how many
 * units contributed, per mode. Sorted by key. */
typedef struct cu_agg {
	cu_key key;
	int32_t n[CU_MODES];
	double sum[CU_MODES];
} cu_agg;

typedef struct cu_aggvec {
	cu_agg *v;
	uint32_t n, cap;
} cu_aggvec;

/* A stream of values with one base kind and one way of adding up over time: an
 * entered indicator, or the "has reported" marks of a plan at one frequency. */
typedef struct cu_series {
	period_kind kind;
	indicator_time_agg time_agg;
	cu_leafvec *leaves;  /* [nunits]; NULL until the first value */
	cu_aggvec *aggs;     /* [ninner]; NULL until the first value */
} cu_series;

typedef struct cu_unit {
	int64_t id;
	int32_t parent;        /* dense index; -1 for a root */
	int32_t end;           /* the subtree is [self, end) in dense order */
	int32_t inner;         /* index among units with children; -1 for none */
	int32_t child0, nchild;/* into cube.children */
	uint32_t sysmask;      /* bit s: an organisation of system s sits here */
	char *code, *name, *path, *sort_key;
} cu_unit;

typedef struct cu_id_index {
	int64_t id;
	int32_t dense;
} cu_id_index;

typedef struct cu_plan {
	int64_t id;
	int32_t system;                        /* -1 when unknown */
	int32_t presence[PERIOD_KIND_COUNT];   /* series of "has reported"; -1 none */
} cu_plan;

typedef struct cu_indicator {
	int64_t id;
	int32_t plan;                          /* dense */
	int32_t series;                        /* -1 for a ratio or a gone indicator */
	int64_t num_id, den_id;
	indicator_value_type type;
	indicator_time_agg time_agg;
	indicator_unit_agg unit_agg;
	indicator_direction direction;
	period_kind freq;
	int live;                              /* 0: deleted from the database */
	int stale;                             /* 1: reload before answering */
} cu_indicator;

typedef struct cu_report {
	int64_t id;
	int32_t unit;                          /* dense; -1 when unknown */
	int32_t plan;                          /* dense */
	cu_key key;
	uint8_t kind;                          /* period_kind, in one byte */
	uint8_t status;                        /* CU_REP_* */
} cu_report;

/* A target kept beside the cube: the analytics answer reads it with the figures.
 * cube.targets is sorted by (indicator, year, unit). */
typedef struct cu_target {
	int64_t indicator_id, unit_id;
	int32_t year;                          /* 0: the whole plan period */
	double value;
} cu_target;

typedef struct cu_targetvec {
	cu_target *v;
	uint32_t n, cap;
} cu_targetvec;

typedef struct cube {
	/* units in path order, so that a subtree is a range */
	cu_unit *units;
	int32_t nunits, ninner;
	int32_t *inner_unit;                   /* [ninner] dense index of each inner */
	int32_t *children;                     /* child lists, Vietnamese order */
	cu_id_index *unit_ix;                  /* sorted by id */
	char systems[CU_SYSTEMS_MAX][CU_SYSTEM_MAX];
	int32_t nsystems;
	int32_t *expected_cum;                 /* [cum_systems][nunits + 1] prefix counts */
	int32_t cum_systems;                   /* systems known when it was counted */
	cu_plan *plans;
	int32_t nplans, cap_plans;
	cu_id_index *plan_ix;                  /* sorted by id */
	cu_indicator *inds;
	int32_t ninds, cap_inds;
	cu_id_index *ind_ix;                   /* sorted by id */
	cu_series *series;
	int32_t nseries, cap_series;
	cu_report *reps;
	uint32_t nreps, cap_reps;
	uint32_t *rep_slots;                   /* open addressing: rep index + 1; 0 empty */
	uint32_t nslots;                       /* power of two */
	cu_targetvec targets;
} cube;

/* --- cube_build.c --- */

/* Builds a whole cube from the database into *out (freed with cu_free). */
tderr cu_build(db *d, cube **out);
/* 1 when the indicator has entered values of its own (not a ratio, not gone). */
int cu_entered(const cu_indicator *ind);
/* Dense plan for an id, added (with its owner's system) when new; -1 when out of
 * memory. */
int32_t cu_plan_get(cube *c, int64_t id, const char *system);
/* The "has reported" series of a plan at a frequency, created when new; -1 on
 * failure. */
int32_t cu_presence(cube *c, int32_t plan, period_kind kind);
/* Adds or updates an indicator's definition; an entered one gets an empty series
 * of the right kind (its values are the caller's to add). Dense index or -1. */
int32_t cu_indicator_set(cube *c, const cube_indicator_row *row);
/* Adds or updates a report's unit, plan, period and status (not its values).
 * Index or UINT32_MAX when out of memory. */
uint32_t cu_report_set(cube *c, const cube_report_row *row);
/* The series a value of the report for the indicator goes to; -1 when it does not
 * count (report not counted, another plan or frequency, a ratio, unknown). */
int32_t cu_value_series(const cube *c, uint32_t rep, int64_t indicator_id);
/* Expected units of a system at a unit: its subtree, or (own_only) itself. */
int64_t cu_expected(const cube *c, int32_t system, int32_t unit, int own_only);

/* --- cube_targets.c --- */

/* Reads every target (indicator_id 0) or one indicator's, sorted, into *out (its
 * v malloc'd; previous content dropped). Database errors. */
tderr cu_targets_read(db *d, int64_t indicator_id, cu_targetvec *out);
/* Replaces the indicator's targets in c by those of src (all of that indicator,
 * sorted). TD_EINTERNAL when out of memory (c unchanged). */
tderr cu_targets_replace(cube *c, int64_t indicator_id, const cu_targetvec *src);
/* The target of (indicator, unit, year) in c: 1 and *value, or 0. */
int cu_target_get(const cube *c, int64_t indicator_id, int64_t unit_id, int year,
		  double *value);

/* --- cube_data.c --- */

cu_key cu_key_of(const period *p);
/* The keys [lo, hi] of the base periods of kind `kind` inside the valid period p
 * (the same periods as period_base_list, by arithmetic); 0 when there are none. */
int cu_base_range(const period *p, period_kind kind, cu_key *lo, cu_key *hi);
/* Decodes a key; 0 when it is not one. */
int cu_period_of(cu_key k, period *out);

/* Frees everything the cube holds, and the cube. Accepts NULL. */
void cu_free(cube *c);
/* Dense index for an id; -1 when absent. */
int32_t cu_find(const cu_id_index *ix, int32_t n, int64_t id);
/* Inserts (id, dense) into a sorted index of n entries with room for one more. */
void cu_index_insert(cu_id_index *ix, int32_t n, int64_t id, int32_t dense);
/* Dense system index for a name; -1 when unknown. */
int32_t cu_system_find(const cube *c, const char *name);
/* Dense system index for a name, added when new; -1 when full or too long. */
int32_t cu_system_add(cube *c, const char *name);

/* Report table: index for an id, or UINT32_MAX; adding returns the index or
 * UINT32_MAX when out of memory. */
uint32_t cu_rep_find(const cube *c, int64_t id);
uint32_t cu_rep_add(cube *c, int64_t id);

/* A new empty series; its index, or -1 when out of memory. */
int32_t cu_series_new(cube *c, period_kind kind, indicator_time_agg agg);
/* Drops every value and roll-up of the series (keeps its slot). */
void cu_series_clear(cube *c, cu_series *s);
/* Appends a value without keeping order (bulk loads; cu_series_build sorts). */
tderr cu_leaf_append(cube *c, cu_series *s, int32_t unit, cu_key key, uint32_t rep,
		     double value);
/* Sorts every unit's values and computes every roll-up from scratch. */
tderr cu_series_build(cube *c, cu_series *s);
/* Makes room for n values of the unit in the series (bulk loads size each vector
 * once, from the unit's count of reports). */
tderr cu_leaf_reserve(cube *c, cu_series *s, int32_t unit, uint32_t n);
/* Inserts a value in order (incremental). */
tderr cu_leaf_insert(cube *c, cu_series *s, int32_t unit, cu_key key, uint32_t rep,
		     double value);
/* Removes the value of report rep at (unit, key), if any. */
void cu_leaf_remove(cu_series *s, int32_t unit, cu_key key, uint32_t rep);
/* Recomputes the roll-ups of every period containing base key at the unit's
 * ancestors (and the unit itself when it has children). */
tderr cu_series_touch(cube *c, cu_series *s, int32_t unit, cu_key key);

/* The figure of one series for a period: over the unit's subtree, or (own_only)
 * the unit's own values. n[m] counts the units that contributed in mode m (0: the
 * figure is null), sum[m] is the Σ of their per-unit figures. */
void cu_series_figure(const cube *c, const cu_series *s, int32_t unit, const period *p,
		      int own_only, int32_t n[CU_MODES], double sum[CU_MODES]);

#endif
