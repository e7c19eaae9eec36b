/* reports.h — periodic reports (báo cáo định kỳ): one per plan × organisation ×
 * unit × period, with the values of the plan's indicators of that period's
 * frequency, the narrative, the workflow (core/workflow.h) and its events, and
 * timeliness derived from the stored deadline. The rules are those of
 * docs/internals/REPORTING-CONTRACT.md. Writes run inside the caller's transaction. */
#ifndef TD_REPORTS_H
#define TD_REPORTS_H
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include "core/err.h"
#include "core/indicator.h"
#include "core/period.h"
#include "core/scope.h"
#include "core/workflow.h"
#include "store/db.h"
#include "store/units.h"

#define REPORT_TEXT_MAX 20000    /* bytes of one narrative section */
#define REPORT_COMMENT_MAX 2000  /* bytes of a value's comment */
#define REPORT_REASON_MAX 2000   /* bytes of a return/reopen reason */
#define REPORT_VALUES_MAX 500    /* values in one PUT */

/* Allowed values, NULL-terminated. */
extern const char *const report_statuses[]; /* draft submitted approved returned */
extern const char *const report_sorts[];    /* -period deadline -updated_at */

/* What a decision about a report needs: its status and version, and how user
 * stands to it (member of the reporting organisation; of the approving one: by
 * plan_rules.approval, 'parent' = an organisation of the same system at the parent
 * unit, or the report's own organisation at the root unit; 'owner' = the plan's
 * owner). */
typedef struct report_state {
	int64_t id, plan_id, org_id, unit_id, version;
	wf_status status;
	period period;
	wf_actor actor;
} report_state;

/* Sets "on_time" (true/false, null before the first submission), "days_late"
 * (core/workflow.h's wf_timeliness; null when neither submitted nor overdue) and
 * "overdue" on obj, from the stored deadline and first submission, at now. */
void reports_put_timeliness(json_t *obj, const char *deadline, const char *submitted_at,
			    const char *now);

/* Loads the state of report id as seen by u. TD_ENOTFOUND when absent. */
tderr reports_state(db *d, int64_t id, const td_user *u, report_state *out);

/* A new report as asked for; the caller has checked that the organisation is
 * readable and the user may create for it (WF_CREATE). */
typedef struct report_new {
	int64_t plan_id, org_id;
	const char *unit_code;   /* must be the organisation's unit */
	const char *period;      /* a period code */
	int64_t user_id;
} report_new;

/* Inserts a draft with its 'create' event; the deadline comes from the period and
 * the plan's rules (plan_rules, else the defaults). TD_EINVALID with e filled:
 * bad_period (field period), unknown_plan (plan_id), unit_mismatch (unit),
 * organization_not_in_plan (organization_id: not of the owner's system),
 * period_not_in_plan / period_not_reported (period). TD_ECONFLICT report_exists. */
tderr reports_create(db *d, const report_new *in, int64_t *id, td_error *e);

/* The full report as the API shows it (REPORTING-CONTRACT.md, GET /reports/{id}):
 * with plan, organization, unit, values, narrative, timeliness, events, files,
 * form and "can" for viewer (all false when NULL). New reference. TD_ENOTFOUND. */
tderr reports_get(db *d, int64_t id, const td_user *viewer, json_t **out);
/* A compact record for the audit log: status, version, timeliness fields,
 * narrative and values. New reference. TD_ENOTFOUND. */
tderr reports_snapshot(db *d, int64_t id, json_t **out);

/* One indicator of a report's form, as the checks of a PUT need it. */
typedef struct report_field {
	int64_t indicator_id;
	int computed;            /* a ratio: never entered */
	indicator_rules rules;
} report_field;

/* The indicators a report holds (the plan's of its period's frequency), in form
 * order, into a malloc'd array (caller frees; NULL with *n 0 when none). */
tderr reports_fields(db *d, int64_t report_id, report_field **out, size_t *n);

/* One value of a PUT; the caller has validated it against the form. */
typedef struct report_value_in {
	int64_t indicator_id;
	int has_value;           /* 0: null, not entered */
	double value;
	const char *comment;     /* NULL: unchanged ("" for a new value) */
} report_value_in;

/* Narrative sections of a PUT; NULL: unchanged. */
typedef struct report_narrative_in {
	const char *results, *limitations, *causes, *recommendations;
} report_narrative_in;

/* Writes values and narrative, bumps the version and records a 'save' event. The
 * caller has checked the workflow (WF_EDIT) and the version. */
tderr reports_save(db *d, const report_state *st, const report_value_in *values, size_t n,
		   const report_narrative_in *narr, int64_t user_id);
/* Moves the report from st->status to `to` by action a (submit, approve, return,
 * reopen) with the reason, bumps the version and records the event: submit keeps
 * the first submission time and stamps the latest; approve stamps who and when;
 * return and reopen keep the reason (reopen clears the approval). The caller has
 * run wf_check and compared the version. */
tderr reports_transition(db *d, const report_state *st, wf_action a, wf_status to,
			 const char *reason, int64_t user_id);
/* Records an event without changing the report (e.g. 'attach' of a file). */
tderr reports_event(db *d, int64_t report_id, const char *action, wf_status status,
		    const char *note, int64_t user_id);

typedef struct report_filter {
	int has_plan, has_org;
	int64_t plan_id, org_id;
	const char *unit_path;   /* reports at this unit and below; NULL = any */
	const char *period;      /* exact code; NULL = any */
	const char *status;      /* one of report_statuses; NULL = any */
	int inbox;               /* 1: submitted reports the viewer may approve now */
	int overdue;             /* 1: never submitted and past the deadline */
	const char *sort;        /* one of report_sorts; NULL = -period */
	const td_user *viewer;   /* only reports whose unit the viewer may read */
	int64_t limit, offset;
} report_filter;

/* Lists reports. *items is a new array of {id,plan:{id,code,title},organization:
 * {id,name},unit:{code,name},period,period_label,status,deadline,submitted_at,
 * on_time,days_late,overdue,version,updated_at}. TD_EINVALID for a sort not
 * allowed or a missing viewer. */
tderr reports_list(db *d, const report_filter *f, json_t **items, int64_t *total);

/* What a plan expects for a period, as completeness needs it. */
typedef struct report_plan_info {
	int64_t owner_id;
	int start_year, end_year;
	char system[32];          /* the owner's system: who reports */
	period_rules rules;
	char approval[16];        /* parent | owner */
	unsigned kinds;           /* bit (1 << period_kind) for each frequency used */
} report_plan_info;

/* The plan's reporting context. TD_ENOTFOUND when the plan does not exist. */
tderr reports_plan_info(db *d, int64_t plan_id, report_plan_info *out);
/* TD_OK when reports of period p fit the plan; TD_EINVALID with e filled
 * (period_not_in_plan, period_not_reported; field "period") otherwise. */
tderr reports_period_fits(const report_plan_info *pi, const period *p, td_error *e);

/* Completeness of a plan's reports for period p under the unit at unit_path
 * (REPORTING-CONTRACT.md): {expected,submitted,approved,on_time,late,overdue,
 * deadline,missing:[{unit:{code,name},organization:{id,name},report_id,status}],
 * missing_total}; missing paged by limit/offset. New reference. */
tderr reports_completeness(db *d, int64_t plan_id, const report_plan_info *pi,
			   const period *p, const char *unit_path, int64_t limit, int64_t offset,
			   json_t **out);

#endif
