/* followup.h — what the follow-up records derive from their dates, never stored:
 * a task's status and days overdue, a document's lateness, a budget line's
 * allocation delay and disbursement rate; and who may change a record. Pure
 * logic: dates are "YYYY-MM-DD" strings, "today" is passed in by the caller. */
#ifndef TD_FOLLOWUP_H
#define TD_FOLLOWUP_H
#include <stdint.h>
#include "core/err.h"

#define FOLLOWUP_VND_MAX 1000000000000000LL /* 10^15 VND: cap of one amount */

typedef enum task_status {
	TASK_STATUS_NONE = 0,
	TASK_IN_PROGRESS,   /* not completed, today <= deadline */
	TASK_OVERDUE,       /* not completed, today > deadline */
	TASK_DONE_ON_TIME,  /* completed_on <= deadline */
	TASK_DONE_LATE,     /* completed_on > deadline */
	TASK_STATUS_COUNT
} task_status;

/* The names of the derived statuses, in the order above, NULL-terminated:
 * in_progress, overdue, done_on_time, done_late. */
extern const char *const followup_task_statuses[];

/* Stored/API name of a status (static); NULL for TASK_STATUS_NONE or out of range. */
const char *followup_task_status_name(task_status s);
/* Status for its name; TASK_STATUS_NONE for anything else or NULL. */
task_status followup_task_status_from_name(const char *name);

/* Whole days from `from` to `to` (negative when to is earlier): 2024-02-28 ->
 * 2024-03-01 is 2. TD_EINVALID when either is not a real date (out untouched). */
tderr followup_days_between(const char *from, const char *to, int64_t *out);

typedef struct task_state {
	task_status status;
	/* Days past the deadline: today - deadline while overdue, completed_on -
	 * deadline when done late, 0 otherwise. */
	int64_t days_overdue;
} task_state;

/* A task's status against its current deadline. completed_on NULL means not
 * completed. Completing on the deadline day is on time; today equal to the
 * deadline is still in progress. TD_EINVALID (out untouched) when deadline or
 * today is not a date, or completed_on is neither NULL nor a date. */
tderr followup_task(const char *deadline, const char *completed_on, const char *today,
		    task_state *out);

typedef struct document_state {
	int late;          /* 1 when issued after due_on */
	int64_t days_late; /* issued_on - due_on when late, else 0 */
} document_state;

/* A leadership document's lateness. due_on NULL means no deadline: never late.
 * Issued on the due day is on time. TD_EINVALID when a date is malformed. */
tderr followup_document(const char *issued_on, const char *due_on, document_state *out);

typedef struct budget_in {
	int64_t year;              /* the budget year: needed_on defaults to its 1 January */
	const char *needed_on;     /* NULL: 1 January of year */
	int64_t allocated;         /* VND */
	const char *allocated_on;  /* NULL: no date recorded */
	int64_t disbursed;         /* VND */
	const char *today;
} budget_in;

typedef struct budget_state {
	char needed_on[11];             /* the effective date the money was needed */
	int allocated;                  /* 1 when allocated_on is set or allocated > 0 */
	int has_delay;                  /* allocated_on known */
	int64_t allocation_delay_days;  /* allocated_on - needed_on; negative when early */
	int has_overdue;                /* not allocated */
	int64_t allocation_overdue_days;/* max(0, today - needed_on) while not allocated */
	int has_rate;                   /* allocated > 0 */
	double disbursement_rate;       /* disbursed / allocated */
	int over_disbursed;             /* disbursed > allocated (flagged, not refused) */
} budget_state;

/* A budget line's derived figures. TD_EINVALID (out untouched) for a NULL
 * argument, a malformed date, or a year outside 1-9999. */
tderr followup_budget(const budget_in *in, budget_state *out);

/* a + b for VND totals, saturating at INT64_MAX / INT64_MIN instead of
 * overflowing (sums of many lines capped at 10^15 each). */
int64_t followup_add_vnd(int64_t a, int64_t b);

/* 1 when the folded search text (vn_fold of what was typed) occurs in the folded
 * form of text; an empty or NULL query matches everything, a NULL text nothing. */
int followup_text_match(const char *folded_query, const char *text);

/* Who is acting on a follow-up record, as the caller found out: one ROLE_* bit
 * (core/scope.h); whether the actor's organisation is the record's own
 * (responsible, issuing, budget-holding, organising); whether it owns the plan
 * the record serves; whether it is a finance department (system "department").
 * The unit scope is checked elsewhere (router, access helpers). */
typedef struct fu_actor {
	unsigned role;
	int is_record_org;
	int is_plan_owner;
	int is_finance;
} fu_actor;

/* 1 when the actor may create or change the record: an administrator, or a
 * leader or officer of the record's organisation or of the plan's owner.
 * Viewers and inspectors never. 0 for NULL. */
int followup_may_write(const fu_actor *who);

enum {
	BUDGET_EDIT_PLANNED = 1u << 0, /* planned, needed_on, note */
	BUDGET_EDIT_FUNDS = 1u << 1,   /* allocated, allocated_on, disbursed, disbursed_on, note */
};
/* What the actor may set on a budget line (BUDGET_EDIT_* bits): administrators
 * and the plan's owner everything; the line's organisation the plan figures; a
 * finance department the allocation and disbursement. 0 for others or NULL. */
unsigned followup_budget_rights(const fu_actor *who);

#endif
