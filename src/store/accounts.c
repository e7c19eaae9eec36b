/* accounts.c — command-line account changes, audited. */
#include "store/accounts.h"
#include "core/clock.h"
#include "store/sessions.h"
#include "store/store.h"
#include "core/vntext.h"
#include <stdio.h>
#include <stdlib.h>

static const char *SQL_ORG_BY_CODE = "SELECT id FROM organizations WHERE code = ?";
static const char *SQL_USER_INSERT =
	"INSERT INTO users(username, full_name, password_hash, organization_id, role, active,"
	" version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 1, 1, ?, ?) RETURNING id";
static const char *SQL_USER_ID = "SELECT id FROM users WHERE username = ?";
static const char *SQL_USER_SET_HASH =
	"UPDATE users SET password_hash = ?, version = version + 1, updated_at = ? WHERE id = ?";
static const char *SQL_USER_DISABLE =
	"UPDATE users SET active = 0, version = version + 1, updated_at = ? WHERE id = ?";

tderr store_account_create_in(db *d, const char *username, const char *full_name,
			      const char *password_hash, int64_t org_id, const char *role,
			      int64_t *id)
{
	char now[32];
	clock_iso(now, sizeof now);
	db_stmt *s = db_prepare(d, SQL_USER_INSERT);
	if (!s)
		return TD_EINTERNAL;
	db_bind_text(s, 1, username);
	db_bind_text(s, 2, full_name);
	db_bind_text(s, 3, password_hash);
	db_bind_int(s, 4, org_id);
	db_bind_text(s, 5, role);
	db_bind_text(s, 6, now);
	db_bind_text(s, 7, now);
	tderr e = store_one_int(s, id);
	if (e)
		return e;
	json_t *after = json_pack("{s:s,s:s,s:I,s:s}", "username", username, "full_name", full_name,
				  "organization_id", (json_int_t)org_id, "role", role);
	e = store_audit(d, NULL, "cli", "users", *id, "create", NULL, after);
	json_decref(after);
	return e;
}

tderr store_account_create(db *d, const char *username, const char *full_name,
			   const char *password_hash, const char *org_code, const char *role,
			   int64_t *id)
{
	db_stmt *s = db_prepare(d, SQL_ORG_BY_CODE);
	if (!s)
		return TD_EINTERNAL;
	db_bind_text(s, 1, org_code);
	int64_t org_id = 0;
	tderr e = store_one_int(s, &org_id);
	if (e)
		return e;
	return store_account_create_in(d, username, full_name, password_hash, org_id, role, id);
}

static tderr user_id(db *d, const char *username, int64_t *id)
{
	db_stmt *s = db_prepare(d, SQL_USER_ID);
	if (!s)
		return TD_EINTERNAL;
	db_bind_text(s, 1, username);
	return store_one_int(s, id);
}

tderr store_account_set_password(db *d, const char *username, const char *password_hash)
{
	int64_t id = 0;
	char now[32];
	clock_iso(now, sizeof now);
	tderr e = user_id(d, username, &id);
	if (e)
		return e;
	db_stmt *s = db_prepare(d, SQL_USER_SET_HASH);
	if (!s)
		return TD_EINTERNAL;
	db_bind_text(s, 1, password_hash);
	db_bind_text(s, 2, now);
	db_bind_int(s, 3, id);
	if ((e = store_exec(s)) || (e = store_session_delete_user(d, id)))
		return e;
	return store_audit(d, NULL, "cli", "users", id, "password", NULL, NULL);
}

tderr store_account_disable(db *d, const char *username)
{
	int64_t id = 0;
	char now[32];
	clock_iso(now, sizeof now);
	tderr e = user_id(d, username, &id);
	if (e)
		return e;
	db_stmt *s = db_prepare(d, SQL_USER_DISABLE);
	if (!s)
		return TD_EINTERNAL;
	db_bind_text(s, 1, now);
	db_bind_int(s, 2, id);
	if ((e = store_exec(s)) || (e = store_session_delete_user(d, id)))
		return e;
	json_t *after = json_pack("{s:b}", "active", 0);
	e = store_audit(d, NULL, "cli", "users", id, "disable", NULL, after);
	json_decref(after);
	return e;
}

static const char *SQL_ROOT_UNIT =
	"SELECT id, code FROM org_units WHERE parent_id IS NULL ORDER BY id LIMIT 1";
static const char *SQL_ORG_INSERT =
	"INSERT INTO organizations(code, name, system, unit_id, parent_id, search, sort_key,"
	" version, created_at, updated_at) VALUES (?, ?, 'department', ?, NULL, ?, ?, 1, ?, ?)"
	" RETURNING id";

tderr store_admin_org_create(db *d, int64_t *org_id)
{
	static const char name[] = "Quản trị hệ thống";
	db_stmt *s = db_prepare(d, SQL_ROOT_UNIT);
	if (!s)
		return TD_EINTERNAL;
	tderr e = TD_OK;
	int rc = db_step(s, &e);
	if (rc != DB_ROW) {
		db_reset(s);
		return rc < 0 ? e : TD_ENOTFOUND;
	}
	int64_t unit_id = db_col_int(s, 0);
	char code[64];
	snprintf(code, sizeof code, "admin-%s", db_col_text(s, 1));
	db_reset(s);
	char now[32];
	clock_iso(now, sizeof now);
	char *search = vn_fold(name), *key = vn_sort_key(name);
	s = db_prepare(d, SQL_ORG_INSERT);
	if (!s || !search || !key) {
		free(search);
		free(key);
		return TD_EINTERNAL;
	}
	db_bind_text(s, 1, code);
	db_bind_text(s, 2, name);
	db_bind_int(s, 3, unit_id);
	db_bind_text(s, 4, search);
	db_bind_text(s, 5, key);
	db_bind_text(s, 6, now);
	db_bind_text(s, 7, now);
	e = store_one_int(s, org_id);
	free(search);
	free(key);
	if (e)
		return e;
	json_t *after = json_pack("{s:s,s:s}", "code", code, "name", name);
	e = store_audit(d, NULL, "cli", "organizations", *org_id, "create", NULL, after);
	json_decref(after);
	return e;
}
