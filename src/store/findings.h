/* findings.h — findings and recommendations (tồn tại, hạn chế / vấn đề phát sinh /
 * kiến nghị): raised by an organisation at a unit, addressed to another (Sở Tài
 * chính, UBND ...), answered, resolved or declined (core/finding.h), and escalated
 * once to the addressee's parent organisation when overdue. Rules in
 * docs/internals/FOLLOWUP-CONTRACT.md. Writes run inside the caller's transaction. */
#ifndef TD_FINDINGS_H
#define TD_FINDINGS_H
#include <jansson.h>
#include <stdint.h>
#include "core/err.h"
#include "core/finding.h"
#include "store/db.h"
#include "store/units.h"

#define FINDING_TITLE_MAX 1000
#define FINDING_TEXT_MAX 20000     /* description, response */
#define FINDING_REASON_MAX 2000

/* Allowed values, NULL-terminated. */
extern const char *const finding_kinds[];      /* limitation problem recommendation */
extern const char *const finding_severities[]; /* low medium high */
extern const char *const finding_statuses[];   /* open answered resolved declined */
extern const char *const finding_sources[];    /* direct report inspection */
extern const char *const finding_sorts[];      /* -created_at due_on -updated_at severity */

typedef struct finding_filter {
	int has_plan, has_org, has_addressee, has_raiser, has_inspection, has_report, has_year;
	int64_t plan_id;
	int64_t org_id;          /* raised by, addressed to or escalated to */
	int64_t addressee_id, raiser_id, inspection_id, report_id;
	int64_t year;            /* of created_at */
	const char *unit_path;   /* findings at this unit and below; NULL = any */
	const char *status, *kind, *severity, *source; /* NULL = any */
	int overdue;             /* 1: only overdue ones */
	const char *q;           /* part of the title (folded here); NULL = none */
	const char *sort;        /* one of finding_sorts; NULL = -created_at */
	/* visibility: the unit readable from scope_path (its subtree and the units
	 * above it), or scope_org raised it, is its addressee or escalation target */
	const char *scope_path;
	int64_t scope_org;
	int64_t limit, offset;
} finding_filter;

/* Lists findings. *items is a new array of finding objects (the shape of
 * findings_get). TD_EINVALID when q cannot be folded or sort is not allowed. */
tderr findings_list(db *d, const finding_filter *f, json_t **items, int64_t *total);
/* One finding: {id,plan_id,plan:{id,code,title}|null,kind,unit,unit_name,title,
 * description,raised_by_id,raised_by:{id,name},addressed_to:{id,name}|null,
 * severity,due_on,response,responded_at,responded_by:{id,full_name}|null,status,
 * resolved_on,reopened,source,report_id,inspection_id,overdue,days_overdue,
 * escalated,escalated_to:{id,name}|null,escalated_at,version,created_at,updated_at}
 * with overdue judged against today in Vietnam. New reference. TD_ENOTFOUND. */
tderr findings_get(db *d, int64_t id, json_t **out);

/* What checks on one finding need. */
typedef struct finding_state {
	int64_t id, plan_id, unit_id, raised_by_id, addressed_to_id, escalated_to_id;
	int64_t version, reopened, inspection_id;
	finding_status status;
	char unit_path[UNIT_PATH_MAX];
} finding_state;

/* Loads the state of finding id (0 for the absent optional ids). TD_ENOTFOUND. */
tderr findings_state(db *d, int64_t id, finding_state *out);
/* *involved 1 when org is the finding's addressee or the organisation it was
 * escalated to (the access exception for addressees outside the record's unit
 * scope). TD_ENOTFOUND when the finding does not exist. */
tderr findings_involves(db *d, int64_t id, int64_t org, int *involved);

/* Fields of a create or update. On update NULL strings, 0 ids and set_ 0 mean
 * unchanged. The caller has checked formats, caps and access to every id. */
typedef struct finding_input {
	int set_plan;
	int64_t plan_id;          /* 0: none */
	const char *kind, *title, *description, *severity;
	int64_t unit_id;
	int64_t raised_by_id;
	int set_addressee;
	int64_t addressed_to_id;  /* 0: none */
	int set_due;
	const char *due_on;       /* NULL: no due date */
	const char *source;       /* create: direct | report | inspection */
	int64_t report_id, inspection_id; /* create: the origin, 0 = none */
	int64_t version;          /* update: the version the client read */
} finding_input;

/* Inserts an open finding; *id is the new id. TD_EINVALID with e filled when the
 * title is not valid text. Inside a transaction. */
tderr findings_create(db *d, const finding_input *in, int64_t *id, td_error *e);
/* Updates the given fields and bumps the version; a new addressee clears the
 * escalation (the new addressee gets its own chance). TD_ENOTFOUND, TD_ECONFLICT
 * stale_version or finding_closed, TD_EINVALID, each with e filled. */
tderr findings_update(db *d, int64_t id, const finding_input *in, td_error *e);
/* Applies a checked transition (core/finding.h's finding_check ran): answer
 * stores the response with who and when; resolve and decline stamp resolved_on
 * with today; reopen counts `reopened`. Bumps the version. */
tderr findings_transition(db *d, const finding_state *st, finding_action a, finding_status to,
			  const char *response, int64_t user_id, const char *today);

/* A report as the source of a finding: its plan, organisation (the raiser) and
 * unit, and the narrative sections a finding quotes. */
typedef struct finding_report_source {
	int64_t plan_id, org_id, unit_id;
	json_t *narrative;        /* {limitations, causes, recommendations}; new ref */
} finding_report_source;

/* Loads report id as a finding source (release narrative with json_decref).
 * TD_ENOTFOUND when absent. */
tderr findings_report_source(db *d, int64_t report_id, finding_report_source *out);

/* Escalates every finding that finding_should_escalate says is due on today: sets
 * escalated_to to the addressee's parent organisation and escalated_at to now
 * (the version stays: it counts edits) and writes an audit row (actor: the system). *count is the
 * number escalated. Inside the caller's transaction. */
tderr findings_escalate_due(db *d, const char *today, const char *now, int64_t *count);

#endif
