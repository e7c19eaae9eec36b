/* finding.h — the life of a finding (tồn tại, hạn chế / vấn đề phát sinh / kiến nghị):
 * open -> answered (the addressee answers) -> resolved | declined (the raiser
 * decides); answered -> open when the raiser finds the answer insufficient (reopen).
 * Who may act, given how the actor stands to the finding, and the dates derived
 * from the due date (overdue, escalation). Pure logic: no I/O. */
#ifndef TD_FINDING_H
#define TD_FINDING_H
#include "core/err.h"

typedef enum finding_status {
	FINDING_NONE = 0,     /* unknown name */
	FINDING_OPEN,
	FINDING_ANSWERED,
	FINDING_RESOLVED,
	FINDING_DECLINED,
	FINDING_STATUS_COUNT
} finding_status;

typedef enum finding_action {
	FINDING_ANSWER = 0,   /* addressee: open -> answered, with a response */
	FINDING_RESOLVE,      /* raiser: open | answered -> resolved */
	FINDING_DECLINE,      /* raiser: open | answered -> declined, with a reason */
	FINDING_REOPEN,       /* raiser: answered -> open, with a reason */
	FINDING_ACTION_COUNT
} finding_action;

/* Who acts, as the caller found out: one ROLE_* bit (core/scope.h), whether the
 * actor's organisation is the finding's addressee, and whether it is the raiser.
 * Both may be true (an organisation that records a limitation of its own). */
typedef struct finding_actor {
	unsigned role;
	int is_addressee;
	int is_raiser;
} finding_actor;

/* Status for a stored name ("open", ...); FINDING_NONE for anything else or NULL. */
finding_status finding_status_from_name(const char *name);
/* Stored name of a status (static); NULL for FINDING_NONE or out of range. */
const char *finding_status_name(finding_status s);
/* Action for its name ("answer", "resolve", "decline", "reopen"); -1 otherwise. */
int finding_action_from_name(const char *name);
/* Name of an action (static), as recorded in the audit log; NULL when out of range. */
const char *finding_action_name(finding_action a);

/* 1 when the action needs a non-blank text: answer (the response), decline and
 * reopen (the reason). Resolving may carry a note but needs none. */
int finding_needs_text(finding_action a);
/* 1 for resolved and declined: nothing changes a closed finding any more. */
int finding_is_closed(finding_status s);
/* 1 when the actor may ever take the action: answer belongs to a leader or officer
 * of the addressee; resolve, decline and reopen to a leader, officer or inspector
 * of the raiser (an inspector closes what their inspection raised). Administrators
 * and viewers never act on a finding. 0 for NULL or an unknown action. */
int finding_actor_may(const finding_actor *who, finding_action a);
/* 1 when the action is allowed from status `from`, with the resulting status in
 * *to (may be NULL); 0 otherwise. */
int finding_transition(finding_status from, finding_action a, finding_status *to);

/* The whole check, in the order users should hear about it: the actor (403
 * forbidden_action), the text when needed (422 response_required, field
 * "response", or reason_required, field "reason"), then the status (409
 * finding_closed for a resolved or declined finding, invalid_transition
 * otherwise). Returns TD_OK with *to set, or the error with e filled (static
 * strings). has_text: a non-blank response or reason was given. */
tderr finding_check(finding_status from, finding_action a, const finding_actor *who,
		    int has_text, finding_status *to, td_error *e);

/* Overdue, derived and never stored: the finding is neither resolved nor declined,
 * has a due date, and today (Vietnam's calendar, "YYYY-MM-DD") is after it — the
 * due day itself is still on time. 0 when due_on or today is NULL or unreadable. */
int finding_overdue(finding_status s, const char *due_on, const char *today);
/* Whole days past due_on when overdue (today − due_on), else 0. */
int finding_days_overdue(finding_status s, const char *due_on, const char *today);
/* 1 when the sweep should escalate the finding to the addressee's parent
 * organisation: it is overdue and still open (the addressee has not answered; an
 * answer puts the next step with the raiser), not escalated before, and the
 * addressee has a parent. Escalation happens once. */
int finding_should_escalate(finding_status s, const char *due_on, const char *today,
			    int escalated, int addressee_has_parent);

/* Days since 1970-01-01 of an ISO date "YYYY-MM-DD" (a real calendar date) into
 * *out; 0 on success, -1 when unreadable or NULL. */
int finding_date_days(const char *date, long *out);
/* The date `days` days after (or before, when negative) date, as "YYYY-MM-DD" into
 * out (at least 11 bytes); 0 on success, -1 when date is unreadable or the result
 * falls outside years 1..9999. */
int finding_date_add(const char *date, long days, char *out, unsigned long size);

#endif
