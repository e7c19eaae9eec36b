/* inspections.h — inspections and supervision (kiểm tra, giám sát): who inspected
 * whom, at which unit, when, the conclusions, and the findings raised by it (the
 * findings whose inspection_id is the inspection). Writes run inside the caller's
 * transaction. */
#ifndef TD_INSPECTIONS_H
#define TD_INSPECTIONS_H
#include <jansson.h>
#include <stdint.h>
#include "core/err.h"
#include "store/db.h"
#include "store/units.h"

#define INSPECTION_SCOPE_MAX 5000
#define INSPECTION_TEXT_MAX 20000   /* conclusions */

/* Allowed values, NULL-terminated. */
extern const char *const inspection_kinds[];     /* kiem_tra giam_sat */
extern const char *const inspection_follow_ups[]; /* open done */

typedef struct inspection_filter {
	int has_plan, has_org, has_year;
	int64_t plan_id;
	int64_t org_id;          /* the inspector or the inspected */
	int64_t year;            /* of held_on */
	const char *unit_path;   /* at this unit and below; NULL = any */
	const char *kind, *follow_up;
	/* visibility: the unit readable from scope_path, or scope_org inspected or was
	 * inspected */
	const char *scope_path;
	int64_t scope_org;
	int64_t limit, offset;
} inspection_filter;

/* Lists inspections, latest first. *items is a new array shaped as
 * inspections_get. TD_EINVALID without a scope_path. */
tderr inspections_list(db *d, const inspection_filter *f, json_t **items, int64_t *total);
/* One inspection: {id,plan_id,plan:{id,code,title}|null,inspector_id,inspector:
 * {id,name},inspected_id,inspected:{id,name},unit,unit_name,kind,held_on,scope,
 * conclusions,follow_up,finding_ids:[...],version,created_at,updated_at}. New
 * reference. TD_ENOTFOUND when absent. */
tderr inspections_get(db *d, int64_t id, json_t **out);

/* What checks on one inspection need. */
typedef struct inspection_state {
	int64_t id, plan_id, inspector_id, inspected_id, unit_id, version;
} inspection_state;

/* Loads the state of inspection id (plan_id 0 when none). TD_ENOTFOUND. */
tderr inspections_state(db *d, int64_t id, inspection_state *out);

/* Fields of a create or update; on update NULL strings, 0 ids and set_ 0 mean
 * unchanged. The caller has checked formats, caps and access. */
typedef struct inspection_input {
	int set_plan;
	int64_t plan_id;          /* 0: none */
	int64_t inspector_id, inspected_id, unit_id;
	const char *kind, *held_on, *scope, *conclusions, *follow_up;
	int64_t version;          /* update: the version the client read */
} inspection_input;

/* Inserts an inspection; *id is the new id. Inside a transaction. */
tderr inspections_create(db *d, const inspection_input *in, int64_t *id, td_error *e);
/* Updates the given fields and bumps the version. TD_ENOTFOUND, TD_ECONFLICT
 * stale_version, each with e filled. */
tderr inspections_update(db *d, int64_t id, const inspection_input *in, td_error *e);

#endif
