/* scope.h — who a signed-in user is and what part of the unit tree they may see.
 * Pure logic over unit paths ('/1/5/30/': the ids from the root); no I/O. */
#ifndef TD_SCOPE_H
#define TD_SCOPE_H
#include <stdint.h>

enum td_role {
	ROLE_ADMIN = 1u << 0,
	ROLE_LEADER = 1u << 1,
	ROLE_OFFICER = 1u << 2,
	ROLE_VIEWER = 1u << 3,
	ROLE_INSPECTOR = 1u << 4,
};
#define ROLE_ANY (ROLE_ADMIN | ROLE_LEADER | ROLE_OFFICER | ROLE_VIEWER | ROLE_INSPECTOR)

/* The signed-in user of a request. Strings are arena-owned. */
typedef struct td_user {
	int64_t id;
	const char *username;
	const char *full_name;
	unsigned role;            /* one ROLE_* bit */
	int64_t org_id;
	const char *org_name;
	const char *org_system;
	int64_t unit_id;          /* the organisation's unit: the root of the scope */
	const char *unit_code;
	const char *unit_name;
	const char *unit_path;
	int64_t session_id;
	const char *csrf_token;
} td_user;

/* ROLE_* bit for a role name ("admin", ...); 0 when unknown. */
unsigned role_from_name(const char *name);
/* Name of a ROLE_* bit; NULL when not exactly one known bit. */
const char *role_name(unsigned role);

/* 1 when unit_path lies in the subtree rooted at scope_path (itself included). */
int scope_path_contains(const char *scope_path, const char *unit_path);
/* 1 when the user may read things attached to the unit: its subtree, and the
 * units above it (a commune sees its district's and province's organisations and
 * plans, not a neighbouring district's). */
int scope_can_read_unit(const td_user *u, const char *unit_path);
/* 1 when the user may change things attached to the unit: its subtree only. */
int scope_can_write_unit(const td_user *u, const char *unit_path);

#endif
