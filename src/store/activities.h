/* activities.h — what the organisations did for a plan: propaganda, training,
 * conferences, emulation events ("Dân vận khéo"), with the day, the unit and the
 * number of participants; and their totals per kind or per child unit. */
#ifndef TD_ACTIVITIES_H
#define TD_ACTIVITIES_H
#include <jansson.h>
#include <stdint.h>
#include "core/err.h"
#include "store/db.h"
#include "store/plan_followup.h"

#define ACTIVITY_TITLE_MAX 1000
#define ACTIVITY_PARTICIPANTS_MAX 10000000

/* Kinds, NULL-terminated: propaganda, training, conference, emulation, other. */
extern const char *const activity_kinds[];

typedef struct activity_filter {
	pf_filter base;     /* has_org: the organising body; has_year: the year held;
			       q: the title */
	const char *kind;   /* one of activity_kinds; NULL = any */
} activity_filter;

/* Lists activities, latest first. *items is a new array of the shape of
 * activities_get. TD_EINVALID for a query that cannot be folded. */
tderr activities_list(db *d, const activity_filter *f, json_t **items, int64_t *total);

/* One activity: {id, plan_id, plan:{id,code,title}, unit, unit_name,
 * organization_id, organization:{id,name}, kind, title, held_on, participants,
 * version, created_at, updated_at}. New reference. TD_ENOTFOUND when absent. */
tderr activities_get(db *d, int64_t id, json_t **out);

typedef enum activity_by {
	ACTIVITY_BY_KIND = 0, /* one row per kind */
	ACTIVITY_BY_CHILDREN, /* one row per child unit of the root, plus its own */
} activity_by;

typedef struct activity_summary_query {
	pf_filter base;        /* unit_path is the root of the roll-up */
	int64_t root_unit_id;  /* ACTIVITY_BY_CHILDREN: the root */
	const char *kind;      /* NULL = every kind */
	activity_by by;
} activity_summary_query;

/* Count and participants of what q finds: {totals:{count, participants},
 * items:[...], total}; rows by kind are {kind, count, participants} for every
 * kind; rows by children {unit:{code,name}, count, participants, by_kind:{...}}
 * for every child, then {own:true, ...} and, when some exist, {other:true, ...},
 * adding up to the totals. New reference. */
tderr activities_summary(db *d, const activity_summary_query *q, json_t **out);

/* What the write checks need of a stored activity. */
typedef struct activity_facts {
	int64_t plan_id, plan_owner, organization_id, version;
	char unit_path[UNIT_PATH_MAX];
} activity_facts;

/* TD_ENOTFOUND when absent. */
tderr activities_facts(db *d, int64_t id, activity_facts *out);

/* Fields of a create or update; on update NULL, 0 and has_ 0 mean unchanged. */
typedef struct activity_input {
	int64_t plan_id;          /* create only */
	int64_t organization_id, unit_id;
	const char *kind, *title, *held_on;
	int has_participants;
	int64_t participants;
	int64_t version;          /* update only */
} activity_input;

/* Inserts an activity; *id is the new id. Inside a transaction. */
tderr activities_create(db *d, const activity_input *in, int64_t *id, td_error *e);
/* Updates the given fields and bumps the version. TD_ENOTFOUND, TD_ECONFLICT
 * (stale_version) with e filled. Inside a transaction. */
tderr activities_update(db *d, int64_t id, const activity_input *in, td_error *e);

#endif
