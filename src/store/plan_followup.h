/* plan_followup.h — the follow-up of one plan at a glance (tasks by status,
 * documents, budget totals, findings by status, inspections, models, activities),
 * and what the follow-up stores share (prefix pf_): the scope filter every list
 * applies, the plan facts the write checks need, the child units of a roll-up. */
#ifndef TD_PLAN_FOLLOWUP_H
#define TD_PLAN_FOLLOWUP_H
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include "core/err.h"
#include "core/scope.h"
#include "store/db.h"
#include "store/sqlbind.h"
#include "store/units.h"

#define PF_SCAN_MAX 100000  /* rows read to answer a text search (matched in C) */

/* What every follow-up list filters on. The record's unit is joined as `un`. */
typedef struct pf_filter {
	const char *read_path;  /* the caller's unit path: records at units in its subtree
				   or above it; required ("-" matches nothing) */
	const char *unit_path;  /* a unit's path: only its subtree; NULL = anywhere */
	int has_plan;
	int64_t plan_id;
	int has_org;            /* the record's organisation (tasks: or a coordinator) */
	int64_t org_id;
	int has_year;
	int64_t year;
	const char *q;          /* search text as typed; NULL = none */
	int64_t limit, offset;
} pf_filter;

/* The scope part of a WHERE clause (4 parameters: read path twice, unit path
 * twice), for a query that joins the record's unit as `un`. */
#define PF_SCOPE_WHERE                                                                     \
	" (un.path LIKE (? || '%') OR ? LIKE (un.path || '%'))"                             \
	" AND (CAST(? AS TEXT) IS NULL OR un.path LIKE (? || '%'))"

/* Binds the 4 parameters of PF_SCOPE_WHERE. */
void pf_bind_scope(sqlbind *b, const pf_filter *f);

/* The year as text ("2024") for LIKE prefixes of dates and period codes, into buf
 * (8 bytes); NULL when f has no year. */
const char *pf_year_text(const pf_filter *f, char buf[8]);

/* The folded form of f->q (malloc'd, caller frees) into *folded; NULL when f has
 * no query. TD_EINVALID when q cannot be folded, TD_EINTERNAL out of memory. */
tderr pf_fold_query(const pf_filter *f, char **folded);

/* Builds one list item from the current row of a list statement. */
typedef json_t *(*pf_row_fn)(db_stmt *s, const void *ctx);

/* Steps through a bound list statement, appending fn's items to arr. Without a
 * folded query every row is appended. With one, only rows where the text of one of
 * the columns text_cols[0..ntext) matches it (followup_text_match) count: *matched
 * gets their number and arr only those in [offset, offset + limit). Resets s. */
tderr pf_collect(db_stmt *s, pf_row_fn fn, const void *ctx, const int *text_cols,
		 int ntext, const char *folded, int64_t limit, int64_t offset, json_t *arr,
		 int64_t *matched);

/* The NFC form of s (malloc'd) into *out; NULL for NULL. TD_EINTERNAL when s
 * cannot be normalised (the caller has checked it is valid text). */
tderr pf_nfc(const char *s, char **out);

/* What the write checks need of a plan. */
typedef struct pf_plan {
	int64_t owner_id;
	char owner_path[UNIT_PATH_MAX];  /* the owner organisation's unit */
	int64_t start_year, end_year;
} pf_plan;

/* The plan's owner and years. TD_ENOTFOUND when absent. */
tderr pf_plan_info(db *d, int64_t plan_id, pf_plan *out);

/* The plan a new record will serve, as the user sees it: TD_EINVALID (e: 422
 * unknown_plan on field) when it does not exist or the user cannot see it
 * (plans_visible, the one rule of plan visibility, across a reform too). */
tderr pf_plan_for_user(db *d, const td_user *u, int64_t plan_id, const char *field,
		       pf_plan *out, td_error *e);

/* The unit a record of organisation org_id sits at: the unit with code, else the
 * current unit (current_path, on update; *unit_id is then 0 = unchanged), else the
 * organisation's own unit. It must lie in the user's write scope and in the
 * organisation's subtree (an organisation answers for its unit and those below).
 * TD_EINVALID with e filled (field "unit", or org_field for an unknown
 * organisation); other errors from the database. */
tderr pf_record_unit(db *d, const td_user *u, const char *code, const char *current_path,
		     int64_t org_id, const char *org_field, int64_t *unit_id, td_error *e);

/* A current child unit of a roll-up root. */
typedef struct pf_unit {
	char code[UNIT_CODE_MAX + 1];
	char path[UNIT_PATH_MAX];
	char *name;   /* malloc'd */
} pf_unit;

/* The units under unit_id valid today, in Vietnamese order, as a malloc'd array
 * (*out NULL when none); release with pf_units_free. */
tderr pf_children(db *d, int64_t unit_id, pf_unit **out, size_t *n);
/* Frees an array from pf_children. Accepts NULL. */
void pf_units_free(pf_unit *u, size_t n);
/* Index of the child whose subtree holds path; -1 when none does. */
long pf_child_of(const pf_unit *kids, size_t n, const char *path);

/* The follow-up counts of a plan as f's caller sees them (f->read_path, and
 * f->unit_path when set; f->plan_id is the plan): {plan_id, as_of, tasks:{total,
 * in_progress, overdue, done_on_time, done_late}, documents:{total, late},
 * budgets:{...totals of budgets_summary}, findings:{total, open, answered,
 * resolved, declined, overdue}, inspections:{total, open}, models:{total,
 * replications, recognized}, activities:{total, participants, by_kind:{...}}}.
 * *out is a new reference. */
tderr plan_followup_get(db *d, const pf_filter *f, const char *today, json_t **out);

#endif
