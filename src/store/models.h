/* models.h — pilot models (mô hình điểm) at a unit, with their results, the
 * "Dân vận khéo" recognition, and replication: a model may copy another model of
 * the same plan (replicates_id), so the spread of a model is a tree. Writes run
 * inside the caller's transaction. */
#ifndef TD_MODELS_H
#define TD_MODELS_H
#include <jansson.h>
#include <stdint.h>
#include "core/err.h"
#include "core/scope.h"
#include "store/db.h"
#include "store/units.h"

#define MODEL_NAME_MAX 1000
#define MODEL_KIND_MAX 100
#define MODEL_TEXT_MAX 20000     /* results */
#define MODEL_DEPTH_MAX 32       /* replication levels below the original */
#define MODEL_TREE_MAX 2000      /* nodes returned by models_tree */

typedef struct model_filter {
	int has_plan, has_org, has_replicates, has_year;
	int64_t plan_id, org_id;
	int64_t replicates_id;   /* direct replications of this model */
	int64_t year;            /* of started_on */
	const char *unit_path;   /* at this unit and below; NULL = any */
	int recognized;          /* -1 any, 0 not recognised, 1 recognised */
	int originals;           /* 1: only models that copy no other */
	const char *q;           /* part of the name (folded here); NULL = none */
	/* visibility: the unit readable from scope_path, or scope_org runs it */
	const char *scope_path;
	int64_t scope_org;
	int64_t limit, offset;
} model_filter;

/* Lists models, latest started first. *items is a new array shaped as
 * models_get. TD_EINVALID when q cannot be folded or there is no scope_path. */
tderr models_list(db *d, const model_filter *f, json_t **items, int64_t *total);
/* One model: {id,plan_id,plan:{id,code,title},unit,unit_name,organization_id,
 * organization:{id,name}|null,name,kind,started_on,results,replicates_id,
 * replicates:{id,name}|null,recognized,recognized_on,replications (models in the
 * whole replication tree below it),depth (levels above it),version,created_at,
 * updated_at}. New reference. TD_ENOTFOUND when absent. */
tderr models_get(db *d, int64_t id, json_t **out);

/* What checks on one model need. */
typedef struct model_state {
	int64_t id, plan_id, unit_id, organization_id, replicates_id, version;
	int recognized;
	char unit_path[UNIT_PATH_MAX];
} model_state;

/* Loads the state of model id (0 for the absent optional ids). TD_ENOTFOUND. */
tderr models_state(db *d, int64_t id, model_state *out);

/* The line of model id up to its original: *depth is the number of models above
 * it, *root the original's id, and *contains 1 when `probe` is id itself or one
 * of the models above it (so making probe copy id would close a cycle). */
tderr models_lineage(db *d, int64_t id, int64_t probe, int *depth, int64_t *root,
		     int *contains);

/* Fields of a create or update; on update NULL strings, 0 ids and set_ 0 mean
 * unchanged. The caller has checked formats, caps, access, the plan of the model
 * copied and the absence of cycles. */
typedef struct model_input {
	int64_t plan_id;          /* create only */
	int64_t unit_id;
	int set_org;
	int64_t organization_id;  /* 0: none */
	const char *name, *kind, *started_on, *results;
	int set_replicates;
	int64_t replicates_id;    /* 0: an original */
	int set_recognized;
	int recognized;
	const char *recognized_on; /* NULL with recognized: none */
	int64_t version;          /* update: the version the client read */
} model_input;

/* Inserts a model; *id is the new id. TD_EINVALID with e filled when the name is
 * not valid text. Inside a transaction. */
tderr models_create(db *d, const model_input *in, int64_t *id, td_error *e);
/* Updates the given fields and bumps the version. TD_ENOTFOUND, TD_ECONFLICT
 * stale_version, TD_EINVALID, each with e filled. */
tderr models_update(db *d, int64_t id, const model_input *in, td_error *e);

/* The replication tree of model id from its original: {focus_id, root:{id,name,
 * unit,unit_name,organization:{id,name}|null,kind,started_on,recognized,
 * recognized_on,depth,replications,children:[...]}}, children by start date.
 * Models at units viewer may not read show only {id,hidden:true,depth,
 * replications,children}. At most MODEL_TREE_MAX nodes ("truncated": true when
 * cut). New reference. TD_ENOTFOUND when the model does not exist. */
tderr models_tree(db *d, int64_t id, const td_user *viewer, json_t **out);

/* Counts per unit under the unit (unit_id, its path): one row per child unit that
 * viewer may read, each rolled up over its subtree, and one row "own": true for the
 * models at the unit itself: {unit:{code,name},models,originals,replications,
 * recognized}. *out = {items:[...],total:<rows>,totals:{models,originals,
 * replications,recognized}}. plan_id 0: every plan. New reference. */
tderr models_summary(db *d, int64_t plan_id, int64_t unit_id, const td_user *viewer,
		     json_t **out);

/* Adds to sums {models, originals, replications, recognized} the models of the
 * plan (0: every plan) at units under path (the caller has checked it may read
 * that subtree): the conference report's predecessors across a reform. */
tderr models_count_under(db *d, int64_t plan_id, const char *path, int64_t sums[4]);

#endif
