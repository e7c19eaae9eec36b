/* budgets.h — budget lines (kinh phí) of a plan: per organisation, unit, year and
 * source, the amount planned, allocated (with its date) and disbursed (with its
 * date), in whole VND; and the roll-up up the unit tree that shows where money
 * came late. Delays and rates are derived on read (core/followup.h). */
#ifndef TD_BUDGETS_H
#define TD_BUDGETS_H
#include <jansson.h>
#include <stdint.h>
#include "core/err.h"
#include "store/db.h"
#include "store/plan_followup.h"

#define BUDGET_NOTE_MAX 2000

/* Sources, NULL-terminated: provincial, district, commune, socialized, other. */
extern const char *const budget_sources[];

typedef struct budget_filter {
	pf_filter base;       /* has_org: the line's organisation; has_year: its year */
	const char *source;   /* one of budget_sources; NULL = any */
	const char *today;    /* for the allocation overdue days */
} budget_filter;

/* Lists budget lines, latest year first, then by unit. *items is a new array of
 * the shape of budgets_get. */
tderr budgets_list(db *d, const budget_filter *f, json_t **items, int64_t *total);

/* One line: {id, plan_id, plan:{id,code,title}, organization_id,
 * organization:{id,name}, unit, unit_name, year, source, planned, allocated,
 * allocated_on, disbursed, disbursed_on, needed_on (the effective day),
 * needed_on_set, note, allocation_delay_days, allocation_overdue_days,
 * disbursement_rate, over_disbursed, version, created_at, updated_at}; the derived
 * numbers are null where they do not apply. New reference. TD_ENOTFOUND. */
tderr budgets_get(db *d, int64_t id, const char *today, json_t **out);

typedef enum budget_by {
	BUDGET_BY_NONE = 0,  /* totals only */
	BUDGET_BY_CHILDREN,  /* one row per child unit of the root, plus its own lines */
	BUDGET_BY_SOURCE,    /* one row per source */
} budget_by;

typedef struct budget_summary_query {
	budget_filter filter;  /* base.unit_path is the root of the roll-up */
	int64_t root_unit_id;  /* BUDGET_BY_CHILDREN: the root (its children are rows) */
	budget_by by;
} budget_summary_query;

/* Totals of the lines q finds: {totals:{...}, items:[...], total} where a totals
 * object (and each row) holds lines, planned, allocated, disbursed,
 * disbursement_rate (null when nothing allocated), allocated_lines,
 * avg_allocation_delay_days (null when no allocation date), pending_lines (not
 * allocated), overdue_lines (not allocated after the day needed),
 * max_allocation_overdue_days, over_disbursed_lines. Rows by children are
 * {unit:{code,name}, ...} for every child, {own:true, ...} for lines at the root
 * itself and {other:true, ...} for lines under units no longer in the tree, so
 * the rows add up to the totals; rows by source are {source, ...} for every
 * source. New reference. */
tderr budgets_summary(db *d, const budget_summary_query *q, json_t **out);

/* What the write checks need of a stored line. */
typedef struct budget_facts {
	int64_t plan_id, plan_owner, organization_id, unit_id, year, version;
	char source[16];
} budget_facts;

/* TD_ENOTFOUND when absent. */
tderr budgets_facts(db *d, int64_t id, budget_facts *out);

/* Fields of a create or update; on update has_/set_ 0 and NULL mean unchanged.
 * The caller has checked formats, caps, access and who may set which amount. */
typedef struct budget_input {
	int64_t plan_id, organization_id, unit_id;  /* create only */
	int has_year;
	int64_t year;
	const char *source;
	int has_planned, has_allocated, has_disbursed;
	int64_t planned, allocated, disbursed;
	int set_allocated_on, set_disbursed_on, set_needed_on;
	const char *allocated_on, *disbursed_on, *needed_on;  /* NULL: no date */
	const char *note;
	int64_t version;                            /* update only */
} budget_input;

/* Inserts a line; *id is the new id. TD_ECONFLICT (budget_line_exists) with e
 * filled when the plan already has a line for that organisation, unit, year and
 * source. Inside a transaction. */
tderr budgets_create(db *d, const budget_input *in, int64_t *id, td_error *e);
/* Updates the given fields and bumps the version. TD_ENOTFOUND, TD_ECONFLICT
 * (stale_version, budget_line_exists) with e filled. Inside a transaction. */
tderr budgets_update(db *d, int64_t id, const budget_input *in, td_error *e);

#endif
