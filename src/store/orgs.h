/* orgs.h — organisations (cơ quan, tổ chức) and the history of their heads
 * (người đứng đầu). An organisation sits at one org unit and belongs to a system;
 * a change of head closes the previous term, so past heads stay known. */
#ifndef TD_ORGS_H
#define TD_ORGS_H
#include <jansson.h>
#include <stdint.h>
#include "core/err.h"
#include "store/db.h"
#include "store/units.h"

#define ORG_CODE_MAX 32
#define ORG_NAME_MAX 300
#define ORG_HEAD_NAME_MAX 300
#define ORG_HEAD_TITLE_MAX 300

/* The systems an organisation may belong to, NULL-terminated. */
extern const char *const org_systems[];

typedef struct org_filter {
	const char *unit;        /* unit code: organisations at that unit; NULL = any */
	const char *within;      /* unit code: organisations in its subtree; NULL = any */
	const char *system;      /* NULL = any */
	const char *q;           /* search text as typed (folded here); NULL = none */
	int has_parent;          /* 1: only children of parent_id */
	int64_t parent_id;
	const char *scope_path;  /* caller's unit path: only readable units; NULL = all */
	int64_t limit, offset;
} org_filter;

/* Lists organisations (shallower units first, Vietnamese order). *items is a new
 * array of {id,code,name,system,unit:{code,name,level},parent_id,parent_name,head,
 * version}; head is the current head or null. TD_EINVALID when q cannot be folded. */
tderr orgs_list(db *d, const org_filter *f, json_t **items, int64_t *total);
/* One organisation like a list item plus "heads": every head, newest first.
 * *out is a new reference. TD_ENOTFOUND when absent. */
tderr orgs_get(db *d, int64_t id, json_t **out);
/* Path of the organisation's unit into path. TD_ENOTFOUND when absent. */
tderr orgs_unit_path(db *d, int64_t id, char path[UNIT_PATH_MAX]);

/* Fields of a create or update. On update, NULL strings and unit_id 0 mean
 * "unchanged". The caller has checked formats, caps and access. */
typedef struct org_input {
	const char *code, *name, *system;
	int64_t unit_id;
	int set_parent;            /* 1: parent_id is given (0 = no parent) */
	int64_t parent_id;
	const char *head_name;     /* NULL: head unchanged */
	const char *head_title;    /* NULL: none (new head) or unchanged (correction) */
	const char *head_term_from;
	int has_version;           /* update: the version the client read */
	int64_t version;
} org_input;

/* Inserts an organisation (and its first head when given); *id is the new id.
 * Must run inside a transaction. TD_ECONFLICT with e filled when the code is
 * taken; TD_EINVALID with e filled when the parent does not exist. */
tderr orgs_create(db *d, const org_input *in, int64_t *id, td_error *e);
/* Changes the given fields and bumps the version. A head whose term_from equals
 * the latest head's corrects that head; a later term_from closes the latest term
 * the day before and adds the new head; an earlier one is TD_EINVALID. Other
 * errors: TD_ENOTFOUND, TD_ECONFLICT (stale version, code taken), TD_EINVALID
 * (parent unknown or a cycle), each with e filled. Inside a transaction. */
tderr orgs_update(db *d, int64_t id, const org_input *in, td_error *e);

#endif
