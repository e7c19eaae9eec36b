/* access.h — the one place that decides whether the signed-in user may reach an
 * entity. The router runs access_check for every route before its handler, driven
 * by the route's row; handlers call the access_require_* helpers for ids that
 * arrive in bodies. Out of scope reads answer 404 (existence is not leaked);
 * visible but not writable answers 403. */
#ifndef TD_ACCESS_H
#define TD_ACCESS_H
#include <stddef.h>
#include <stdint.h>
#include "core/err.h"

typedef enum access_rule {
	ACCESS_NONE = 0,   /* no path entity (lists filter by scope themselves) */
	ACCESS_UNIT,       /* param 0 is an org unit code */
	ACCESS_ORG,        /* param 0 is an organisation id */
	ACCESS_USER,       /* param 0 is a user id (its organisation's unit) */
	ACCESS_PLAN,       /* param 0 is a plan id */
	ACCESS_INDICATOR,  /* param 0 is an indicator id: its plan decides */
	ACCESS_REPORT,     /* param 0 is a report id: its unit decides */
	ACCESS_RECORD,     /* param 0 is the id of a follow-up record (task, document,
			    * budget, finding, inspection, model, activity) named by
			    * the route's `entity`: its unit decides */
	ACCESS_REGISTER,   /* param 0 is a register type code: its plan must be visible
			    * (any method; records' units are checked on their own) */
	ACCESS_REGISTER_RECORD, /* param 0 a register type code, param 1 the id of one
				 * of its records: the record's unit decides */
} access_rule;

struct http_req;

/* Checks r->route's rule for r->user against the entity named in the path.
 * Safe methods need read access, unsafe ones write access. */
tderr access_check(struct http_req *r);
/* The organisation (by id) must exist and its unit lie in the user's write scope:
 * 422 naming field when it does not. */
tderr access_require_org_write(struct http_req *r, int64_t org_id, const char *field);
/* The organisation must exist and be readable by the user (422 naming field). */
tderr access_require_org_read(struct http_req *r, int64_t org_id, const char *field);
/* The unit (by code, current version) must lie in the user's write scope (422). */
tderr access_require_unit_write(struct http_req *r, const char *code, const char *field,
				int64_t *unit_id);
/* Reading a unit across a reform (the history views): the user's scope, else the
 * rules of unit_history_reach (a successor that took the user's whole unit at the
 * same level; a predecessor of a unit in the user's subtree). 404 "not_found"
 * naming field otherwise. */
tderr access_require_unit_history_read(struct http_req *r, int64_t unit_id,
				       const char *unit_path, const char *field);
/* The subtrees of old units passed whole into the subtree at path that the user
 * may read by the same rules (unit_history_roots, each checked as above; one not
 * readable is left out, never an error): what a report of that subtree covers
 * besides it. *out malloc'd (free it); none before any reform. */
struct unit_root;
tderr access_unit_history_roots(struct http_req *r, const char *path, struct unit_root **out,
				size_t *n);
/* Plans: who may change a plan — an admin whose scope holds the owner, or a leader
 * or officer of the owner organisation itself. */
tderr access_plan_write(struct http_req *r, int64_t owner_id);
/* 1 when the user may see the plan (its owner's unit readable, or their
 * organisation owns, coordinates or supervises it); *owner_id gets its owner. */
int access_plan_visible(struct http_req *r, int64_t plan_id, int64_t *owner_id);

#endif
