/* plans.h — plans (kế hoạch) and projects (đề án): the owner organisation, the
 * coordinating and supervising organisations, and the objectives (mục tiêu). */
#ifndef TD_PLANS_H
#define TD_PLANS_H
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include "core/err.h"
#include "store/db.h"
#include "store/units.h"

#define PLAN_CODE_MAX 32
#define PLAN_TITLE_MAX 1000
#define PLAN_DOC_MAX 300
#define PLAN_SUMMARY_MAX 20000
#define PLAN_OBJECTIVES_MAX 50
#define PLAN_OBJECTIVE_CODE_MAX 32
#define PLAN_OBJECTIVE_TITLE_MAX 1000
#define PLAN_COORDINATORS_MAX 100
#define PLAN_YEAR_MIN 2000
#define PLAN_YEAR_MAX 2100

/* Allowed values, NULL-terminated. */
extern const char *const plan_kinds[];    /* ke_hoach, de_an */
extern const char *const plan_statuses[]; /* draft, active, closed */
extern const char *const plan_sorts[];    /* title, code, -start_year, -updated_at */

typedef struct plan_filter {
	const char *q;           /* part of the title or code (folded here); NULL = none */
	const char *status, *kind;
	const char *system;      /* the owner's system */
	int has_owner;
	int64_t owner_id;
	int has_year;            /* 1: plans running in year */
	int64_t year;
	const char *scope_path;  /* visible plans: the owner's unit readable from this
				    path, or scope_org owns or coordinates, or the owner's
				    unit took scope_org's unit or one above it whole across
				    a reform (plans_access's rule); NULL = all */
	int64_t scope_org;
	const char *sort;        /* one of plan_sorts; NULL = title */
	int64_t limit, offset;
} plan_filter;

/* Lists plans. *items is a new array of plan objects (the shape of plans_get).
 * TD_EINVALID when q cannot be folded or sort is not allowed. */
tderr plans_list(db *d, const plan_filter *f, json_t **items, int64_t *total);
/* One plan: {id,code,kind,title,owner:{id,name,system,unit:{code,name},head:{name,
 * title}},start_year,end_year,approving_doc,approved_on,summary,status,
 * objectives:[{id,code,title,position}],coordinators:[{id,name,system,role}],
 * version}. New reference. TD_ENOTFOUND when absent. */
tderr plans_get(db *d, int64_t id, json_t **out);
/* What access checks need: the owner, the owner's unit path, and whether org sees
 * the plan whatever its scope (*member 1): it is the owner or a coordinator/
 * supervisor, or, across a reform, the owner's unit is what took org's unit or a
 * unit above it whole at the same level (then and in later reforms: the old
 * province's plans stay in sight of the organisations left on the old tree).
 * Visible = *member or the owner's unit path in the user's read scope; the plan
 * list (plan_filter) applies the same rule. TD_ENOTFOUND when absent. */
tderr plans_access(db *d, int64_t id, int64_t org, int64_t *owner_id,
		   char path[UNIT_PATH_MAX], int *member);
/* TD_OK when user u sees plan id (its organisation owns, coordinates or supervises
 * it or keeps it across a reform, or the owner's unit is in u's read scope);
 * TD_ENOTFOUND when the plan is absent or out of sight — the same answer, so
 * existence is not disclosed. */
struct td_user;
tderr plans_visible(db *d, int64_t id, const struct td_user *u);

typedef struct plan_objective_in {
	int64_t id;          /* an existing objective of the plan to keep; 0 = match by
				code, else new */
	const char *code;    /* may be "" */
	const char *title;
} plan_objective_in;

/* Fields of a create or update; on update NULL strings, 0 ids and has_/set_ 0
 * mean unchanged. Lists given replace the current ones. The caller has checked
 * formats, caps and access to every organisation. */
typedef struct plan_input {
	const char *code, *kind, *title, *approving_doc, *summary, *status;
	int64_t owner_id;
	int has_start, has_end;
	int64_t start_year, end_year;
	int set_approved_on;
	const char *approved_on;   /* NULL: no date */
	int set_coordinators;
	const int64_t *coordinator_ids;
	size_t ncoordinators;
	int set_supervisors;
	const int64_t *supervisor_ids;
	size_t nsupervisors;
	int set_objectives;
	const plan_objective_in *objectives;
	size_t nobjectives;
	int has_version;
	int64_t version;
} plan_input;

/* Inserts a plan with its lists; *id is the new id. TD_ECONFLICT (code taken) or
 * TD_EINVALID (years, an organisation both owner and coordinator, ...) with e
 * filled. Inside a transaction. */
tderr plans_create(db *d, const plan_input *in, int64_t *id, td_error *e);
/* Updates the given fields and bumps the version. Objectives are kept by id or
 * code so that what refers to them stays attached; those left out are deleted
 * (TD_ECONFLICT objective_in_use when something still refers to one). Also
 * TD_ENOTFOUND, TD_ECONFLICT (stale version, code taken), TD_EINVALID, e filled. */
tderr plans_update(db *d, int64_t id, const plan_input *in, td_error *e);

#endif
