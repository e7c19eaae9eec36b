/* users.h — accounts: who signs in, their organisation and role. The password
 * hash never leaves this file; disabling a user or changing their password ends
 * their sessions in the same transaction. */
#ifndef TD_USERS_H
#define TD_USERS_H
#include <jansson.h>
#include <stdint.h>
#include "core/err.h"
#include "store/db.h"
#include "store/units.h"

#define USER_NAME_MIN 3
#define USER_NAME_MAX 64
#define USER_FULL_NAME_MAX 300

/* The role names a user may have, NULL-terminated. */
extern const char *const user_roles[];

/* 1 when name is 3..64 characters of [a-z0-9._-]. */
int users_valid_username(const char *name);

typedef struct user_filter {
	const char *q;           /* part of the username or full name; NULL = none */
	const char *role;        /* NULL = any */
	int has_org;             /* 1: only users of org_id */
	int64_t org_id;
	int has_active;          /* 1: only users whose active flag equals active */
	int active;
	const char *scope_path;  /* only users whose organisation's unit lies in this
				    subtree; NULL = all */
	int64_t limit, offset;
} user_filter;

/* Lists users by username. *items is a new array of {id,username,full_name,role,
 * active,organization:{id,name,system},organization_id,scope_unit:{code,name},
 * version}. */
tderr users_list(db *d, const user_filter *f, json_t **items, int64_t *total);
/* One user (same shape, new reference). TD_ENOTFOUND when absent. */
tderr users_get(db *d, int64_t id, json_t **out);
/* Path of the unit of the user's organisation. TD_ENOTFOUND when absent. */
tderr users_unit_path(db *d, int64_t id, char path[UNIT_PATH_MAX]);

/* Fields of a create or update; on update NULL / 0 / has_* = 0 mean unchanged.
 * The caller has checked formats, the organisation's scope and hashed the
 * password. */
typedef struct user_input {
	const char *username;      /* create only */
	const char *full_name;
	const char *password_hash; /* NULL: unchanged */
	const char *role;
	int64_t org_id;
	int has_active;
	int active;
	int has_version;
	int64_t version;
} user_input;

/* Inserts a user; *id is the new id. TD_ECONFLICT with e filled when the username
 * is taken. Inside a transaction. */
tderr users_create(db *d, const user_input *in, int64_t *id, td_error *e);
/* Updates the given fields and bumps the version. When the user is disabled, all
 * their sessions are deleted; when the password changes, all but keep_session
 * (the caller's own session when changing their own password; 0 = none).
 * TD_ENOTFOUND, TD_ECONFLICT (stale version) with e filled. Inside a transaction. */
tderr users_update(db *d, int64_t id, const user_input *in, int64_t keep_session,
		   td_error *e);

#endif
