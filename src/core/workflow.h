/* workflow.h — the life of a periodic report: which action is allowed from which
 * status, and who may take it. draft -> submitted -> approved | returned;
 * returned -> (edit) -> submitted; approved -> reopen -> returned. Pure logic: the
 * caller says who the actor is (role, member of the reporting organisation, of the
 * approving organisation); no I/O. */
#ifndef TD_WORKFLOW_H
#define TD_WORKFLOW_H
#include "core/err.h"

typedef enum wf_status {
	WF_NONE = 0,      /* no report yet (before create) */
	WF_DRAFT,
	WF_SUBMITTED,
	WF_APPROVED,
	WF_RETURNED,
	WF_STATUS_COUNT
} wf_status;

typedef enum wf_action {
	WF_CREATE = 0,    /* none -> draft */
	WF_EDIT,          /* values, narrative, evidence files; the status stays */
	WF_SUBMIT,        /* draft | returned -> submitted */
	WF_APPROVE,       /* submitted -> approved */
	WF_RETURN,        /* submitted -> returned, with a reason */
	WF_REOPEN,        /* approved -> returned, with a reason */
	WF_ACTION_COUNT
} wf_action;

/* Who acts, as the caller found out: one ROLE_* bit (core/scope.h), whether the
 * actor's organisation is the report's organisation, and whether it is the
 * organisation that approves the report (the plan rules decide which). */
typedef struct wf_actor {
	unsigned role;
	int is_member;
	int is_approver_org;
} wf_actor;

/* Status for a stored name ("draft", ...); WF_NONE for anything else or NULL. */
wf_status wf_status_from_name(const char *name);
/* Stored name of a status (static); NULL for WF_NONE or out of range. */
const char *wf_status_name(wf_status s);
/* Action for its name ("submit", ...); -1 for anything else or NULL. */
int wf_action_from_name(const char *name);
/* Name of an action (static), as recorded in report_events; NULL when out of range. */
const char *wf_action_name(wf_action a);

/* 1 when the action needs a reason (return, reopen). */
int wf_needs_reason(wf_action a);
/* 1 when the actor may ever take the action on the report: create, edit and submit
 * belong to a leader or officer of the reporting organisation (administrators do
 * not enter data); approve, return and reopen to a leader of the approving
 * organisation. 0 for NULL or an unknown action. */
int wf_actor_may(const wf_actor *who, wf_action a);
/* 1 when the action is allowed from status `from`, with the resulting status in
 * *to (may be NULL); 0 otherwise. */
int wf_transition(wf_status from, wf_action a, wf_status *to);

/* The whole check, in the order users should hear about it: the actor (403
 * forbidden_action), a reason when needed (422 reason_required, field "reason"),
 * then the status (409 report_locked for an approved report, invalid_transition
 * otherwise). Returns TD_OK with *to set, or the error with e filled (static
 * strings). has_reason: a non-blank reason was given. */
tderr wf_check(wf_status from, wf_action a, const wf_actor *who, int has_reason,
	       wf_status *to, td_error *e);

/* Timeliness of a report, derived from its stored deadline and first submission,
 * never stored. */
typedef struct wf_timeliness {
	int on_time;   /* 1 on time, 0 late, -1 not submitted */
	int days_late; /* Vietnam calendar days: of the first submission; when not yet
			  submitted and overdue, so far (up to now); else 0 */
	int overdue;   /* 1: not submitted and the deadline has passed */
} wf_timeliness;

/* Fills *out from ISO 8601 timestamps (period_is_late's forms): deadline,
 * submitted_at (NULL when never submitted) and now. TD_EINVALID when deadline or
 * now is NULL or unreadable, or submitted_at is unreadable; *out is then zeroed. */
tderr wf_timeliness_of(const char *deadline, const char *submitted_at, const char *now,
		       wf_timeliness *out);

#endif
