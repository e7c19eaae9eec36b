/* tasks.h — the roadmap tasks (nhiệm vụ, lộ trình) of a plan: who is responsible
 * and who coordinates, the slot (month, quarter, year) and the deadline, progress
 * and completion, deadline extensions that keep the original, and comments. The
 * status is derived from the dates on every read (core/followup.h). */
#ifndef TD_TASKS_H
#define TD_TASKS_H
#include <jansson.h>
#include <stdint.h>
#include "core/err.h"
#include "core/followup.h"
#include "store/db.h"
#include "store/plan_followup.h"

#define TASK_TITLE_MAX 1000
#define TASK_DESCRIPTION_MAX 20000
#define TASK_COORDINATORS_MAX 50
#define TASK_REASON_MAX 2000
#define TASK_DOCUMENT_MAX 300
#define TASK_COMMENT_MAX 5000
#define TASK_TIMELINE_MAX 2000  /* tasks in one timeline answer */

/* Sorts of the list, NULL-terminated: deadline (default), -updated_at. */
extern const char *const task_sorts[];

typedef struct task_filter {
	pf_filter base;       /* has_org: responsible or coordinating organisation;
				 has_year: the slot's year */
	const char *status;   /* one of followup_task_statuses (derived); NULL = any */
	const char *slot;     /* an exact period code; NULL = any */
	const char *sort;     /* one of task_sorts; NULL = deadline */
	const char *today;    /* the ICT date the status is judged on */
} task_filter;

/* Lists tasks (the shape of tasks_get without extensions and comments). *items is
 * a new array. TD_EINVALID for an unknown sort or status, or a query that cannot
 * be folded. */
tderr tasks_list(db *d, const task_filter *f, json_t **items, int64_t *total);
/* Counts by derived status into counts[TASK_*] (index 0 unused), same filters. */
tderr tasks_count_by_status(db *d, const task_filter *f, int64_t counts[TASK_STATUS_COUNT]);
/* Tasks grouped by slot for the Gantt view: {items:[{slot, kind, label, from, to,
 * counts:{...}, tasks:[...]}], total, truncated}, slots in calendar order; at most
 * TASK_TIMELINE_MAX tasks (truncated true when there were more). New reference. */
tderr tasks_timeline(db *d, const task_filter *f, json_t **out);

/* One task: {id, plan_id, plan:{id,code,title}, title, description,
 * responsible_id, responsible:{id,name}, coordinator_ids, coordinators:[{id,name}],
 * unit, unit_name, start, deadline, original_deadline, extended, extensions_count,
 * slot, slot_label, progress, completed_on, status, days_overdue, version,
 * created_at, updated_at}, plus with detail extensions:[{id, old_deadline,
 * new_deadline, reason, document, user:{id,full_name}, at}] and comments:[{id,
 * user:{id,full_name}, at, body}] (oldest first). New reference. TD_ENOTFOUND. */
tderr tasks_get(db *d, int64_t id, const char *today, int detail, json_t **out);

/* What the write checks need of a stored task. */
typedef struct task_facts {
	int64_t plan_id, plan_owner, responsible_id, version, progress;
	char start_on[11], deadline[11], completed_on[11]; /* completed_on "" = not done */
	char unit_path[UNIT_PATH_MAX];
} task_facts;

/* TD_ENOTFOUND when the task does not exist. */
tderr tasks_facts(db *d, int64_t id, task_facts *out);

/* Fields of a create or update; on update NULL strings and has_/set_ 0 mean
 * unchanged. The caller has checked formats, caps, access and the rules of
 * progress and completion. */
typedef struct task_input {
	int64_t plan_id;                  /* create only */
	const char *title, *description;
	int64_t responsible_id;           /* 0: unchanged */
	int64_t unit_id;                  /* 0: unchanged */
	const char *start_on, *deadline;  /* deadline: create only */
	const char *slot;
	int has_progress;
	int64_t progress;
	int set_completed;
	const char *completed_on;         /* NULL: not completed */
	int set_coordinators;
	const int64_t *coordinator_ids;
	size_t ncoordinators;
	int64_t version;                  /* update: the version the client read */
	int64_t user_id;                  /* create: who */
} task_input;

/* Inserts a task (original_deadline = deadline) with its coordinators; *id is the
 * new id. Inside a transaction. */
tderr tasks_create(db *d, const task_input *in, int64_t *id, td_error *e);
/* Updates the given fields and bumps the version. TD_ENOTFOUND, TD_ECONFLICT
 * (stale_version) with e filled. Inside a transaction. */
tderr tasks_update(db *d, int64_t id, const task_input *in, td_error *e);

typedef struct task_extension {
	int64_t version;          /* the version the client read */
	const char *new_deadline; /* later than the current deadline (caller checked) */
	const char *reason;
	const char *document;     /* may be "" */
	int64_t user_id;
} task_extension;

/* Moves the deadline, keeping original_deadline, and records who, why and under
 * which document. TD_ENOTFOUND, TD_ECONFLICT (stale_version) with e filled.
 * Inside a transaction. */
tderr tasks_extend(db *d, int64_t id, const task_extension *x, td_error *e);

/* Adds a comment (text already checked); *comment_id is its id. Inside a
 * transaction. */
tderr tasks_comment(db *d, int64_t id, int64_t user_id, const char *body,
		    int64_t *comment_id);

#endif
