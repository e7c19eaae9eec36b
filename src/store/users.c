/* users.c — user accounts for the administrators: scoped lists, one user, create
 * and update. Reads never select password_hash; writes that disable a user or
 * change a password delete the user's sessions in the same transaction. */
#include "store/users.h"
#include "core/clock.h"
#include "core/vntext.h"
#include "store/sqlbind.h"
#include "store/store.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const user_roles[] = {"admin", "leader", "officer", "viewer", "inspector", NULL};

static tderr set_err(td_error *e, tderr kind, const char *code, const char *msg,
		     const char *field)
{
	if (e) {
		e->kind = kind;
		e->code = code;
		e->message = msg;
		e->field = field;
	}
	return kind;
}

int users_valid_username(const char *name)
{
	if (!name)
		return 0;
	size_t n = strlen(name);
	if (n < USER_NAME_MIN || n > USER_NAME_MAX)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = name[i];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
		      c == '-'))
			return 0;
	}
	return 1;
}

#define USER_COLS                                                                          \
	"u.id, u.username, u.full_name, u.role, u.active, o.id, o.name, o.system,"          \
	" un.code, un.name, u.version, u.created_at, u.updated_at"
#define USER_FROM                                                                          \
	" FROM users u JOIN organizations o ON o.id = u.organization_id"                    \
	" JOIN org_units un ON un.id = o.unit_id"

static json_t *user_row_json(db_stmt *s)
{
	json_t *u = json_object();
	json_object_set_new(u, "id", json_integer(db_col_int(s, 0)));
	json_object_set_new(u, "username", store_col_str(s, 1));
	json_object_set_new(u, "full_name", store_col_str(s, 2));
	json_object_set_new(u, "role", store_col_str(s, 3));
	json_object_set_new(u, "active", json_boolean(db_col_int(s, 4) != 0));
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(db_col_int(s, 5)));
	json_object_set_new(o, "name", store_col_str(s, 6));
	json_object_set_new(o, "system", store_col_str(s, 7));
	json_object_set_new(u, "organization", o);
	/* the same id as writes take it */
	json_object_set_new(u, "organization_id", json_integer(db_col_int(s, 5)));
	json_t *un = json_object();
	json_object_set_new(un, "code", store_col_str(s, 8));
	json_object_set_new(un, "name", store_col_str(s, 9));
	json_object_set_new(u, "scope_unit", un);
	json_object_set_new(u, "version", json_integer(db_col_int(s, 10)));
	json_object_set_new(u, "created_at", store_col_str(s, 11));
	json_object_set_new(u, "updated_at", store_col_str(s, 12));
	return u;
}

/* Filters: scope (2), q (3), role (2), organisation (2), active (2). */
#define USER_WHERE                                                                         \
	" WHERE (CAST(? AS TEXT) IS NULL OR un.path LIKE (? || '%'))"                       \
	" AND (CAST(? AS TEXT) IS NULL OR u.username LIKE ? ESCAPE '\\'"                    \
	"   OR u.full_name LIKE ? ESCAPE '\\')"                                             \
	" AND (CAST(? AS TEXT) IS NULL OR u.role = ?)"                                      \
	" AND (CAST(? AS INTEGER) IS NULL OR u.organization_id = ?)"                        \
	" AND (CAST(? AS INTEGER) IS NULL OR u.active = ?)"

static void bind_user_filters(sqlbind *b, const user_filter *f, const char *like)
{
	sb_text(b, f->scope_path);
	sb_text(b, f->scope_path);
	sb_text(b, like);
	sb_text(b, like);
	sb_text(b, like);
	sb_text(b, f->role);
	sb_text(b, f->role);
	sb_opt_int(b, f->has_org, f->org_id);
	sb_opt_int(b, f->has_org, f->org_id);
	sb_opt_int(b, f->has_active, f->active ? 1 : 0);
	sb_opt_int(b, f->has_active, f->active ? 1 : 0);
}

static const char *SQL_USERS_LIST =
	"SELECT " USER_COLS USER_FROM USER_WHERE " ORDER BY u.username LIMIT ? OFFSET ?";
static const char *SQL_USERS_COUNT = "SELECT COUNT(*)" USER_FROM USER_WHERE;

tderr users_list(db *d, const user_filter *f, json_t **items, int64_t *total)
{
	char *like = NULL;
	if (f->q && *f->q && !(like = store_like_contains(f->q)))
		return TD_EINTERNAL;
	tderr e = TD_EINTERNAL;
	db_stmt *s = db_prepare(d, SQL_USERS_COUNT);
	if (!s)
		goto out;
	sqlbind b = sb_start(s);
	bind_user_filters(&b, f, like);
	if ((e = store_one_int(s, total)) != TD_OK)
		goto out;
	e = TD_EINTERNAL;
	if (!(s = db_prepare(d, SQL_USERS_LIST)))
		goto out;
	b = sb_start(s);
	bind_user_filters(&b, f, like);
	sb_int(&b, f->limit);
	sb_int(&b, f->offset);
	json_t *arr = json_array();
	int rc;
	while ((rc = db_step(s, &e)) == DB_ROW)
		json_array_append_new(arr, user_row_json(s));
	db_reset(s);
	if (rc < 0) {
		json_decref(arr);
		goto out;
	}
	*items = arr;
	e = TD_OK;
out:
	free(like);
	return e;
}

static const char *SQL_USER_GET = "SELECT " USER_COLS USER_FROM " WHERE u.id = ?";

tderr users_get(db *d, int64_t id, json_t **out)
{
	db_stmt *s = db_prepare(d, SQL_USER_GET);
	if (!s)
		return TD_EINTERNAL;
	db_bind_int(s, 1, id);
	tderr e = TD_OK;
	int rc = db_step(s, &e);
	if (rc == DB_ROW)
		*out = user_row_json(s);
	db_reset(s);
	if (rc < 0)
		return e;
	return rc == DB_ROW ? TD_OK : TD_ENOTFOUND;
}

static const char *SQL_USER_UNIT_PATH =
	"SELECT un.path" USER_FROM " WHERE u.id = ?";

tderr users_unit_path(db *d, int64_t id, char path[UNIT_PATH_MAX])
{
	db_stmt *s = db_prepare(d, SQL_USER_UNIT_PATH);
	if (!s)
		return TD_EINTERNAL;
	db_bind_int(s, 1, id);
	tderr e = TD_OK;
	int rc = db_step(s, &e);
	if (rc == DB_ROW) {
		const char *p = db_col_text(s, 0);
		if (!p || strlen(p) >= UNIT_PATH_MAX)
			rc = -1, e = TD_EINTERNAL;
		else
			memcpy(path, p, strlen(p) + 1);
	}
	db_reset(s);
	if (rc < 0)
		return e;
	return rc == DB_ROW ? TD_OK : TD_ENOTFOUND;
}

/* ---- writes ---- */

static const char *SQL_USERNAME_TAKEN = "SELECT COUNT(*) FROM users WHERE username = ?";

static const char *SQL_USER_INSERT =
	"INSERT INTO users(username, full_name, password_hash, organization_id, role, active,"
	" version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?) RETURNING id";

tderr users_create(db *d, const user_input *in, int64_t *id, td_error *e)
{
	db_stmt *s = db_prepare(d, SQL_USERNAME_TAKEN);
	if (!s)
		return TD_EINTERNAL;
	db_bind_text(s, 1, in->username);
	int64_t n = 0;
	tderr err = store_one_int(s, &n);
	if (err)
		return err;
	if (n > 0)
		return set_err(e, TD_ECONFLICT, "username_taken", "Tên đăng nhập đã được dùng",
			       "username");
	char *full = vn_nfc(in->full_name);
	if (!full)
		return TD_EINTERNAL;
	char now[32];
	clock_iso(now, sizeof now);
	err = TD_EINTERNAL;
	if ((s = db_prepare(d, SQL_USER_INSERT))) {
		sqlbind b = sb_start(s);
		sb_text(&b, in->username);
		sb_text(&b, full);
		sb_text(&b, in->password_hash);
		sb_int(&b, in->org_id);
		sb_text(&b, in->role);
		sb_int(&b, in->has_active ? (in->active ? 1 : 0) : 1);
		sb_text(&b, now);
		sb_text(&b, now);
		err = store_one_int(s, id);
	}
	free(full);
	return err;
}

static const char *SQL_USER_VERSION = "SELECT version FROM users WHERE id = ?";

static const char *SQL_USER_UPDATE =
	"UPDATE users SET full_name = COALESCE(?, full_name),"
	" password_hash = COALESCE(?, password_hash), role = COALESCE(?, role),"
	" organization_id = COALESCE(?, organization_id), active = COALESCE(?, active),"
	" version = version + 1, updated_at = ? WHERE id = ?";

static const char *SQL_SESSIONS_END =
	"DELETE FROM sessions WHERE user_id = ? AND id <> ?";

tderr users_update(db *d, int64_t id, const user_input *in, int64_t keep_session,
		   td_error *e)
{
	db_stmt *s = db_prepare(d, SQL_USER_VERSION);
	if (!s)
		return TD_EINTERNAL;
	db_bind_int(s, 1, id);
	int64_t version = 0;
	tderr err = store_one_int(s, &version);
	if (err == TD_ENOTFOUND)
		return set_err(e, err, "not_found", "Không tìm thấy người dùng", NULL);
	if (err)
		return err;
	if (in->has_version && in->version != version)
		return set_err(e, TD_ECONFLICT, "stale_version",
			       "Tài khoản đã được người khác sửa, vui lòng tải lại", "version");
	char *full = NULL;
	if (in->full_name && !(full = vn_nfc(in->full_name)))
		return TD_EINTERNAL;
	char now[32];
	clock_iso(now, sizeof now);
	err = TD_EINTERNAL;
	if ((s = db_prepare(d, SQL_USER_UPDATE))) {
		sqlbind b = sb_start(s);
		sb_text(&b, full);
		sb_text(&b, in->password_hash);
		sb_text(&b, in->role);
		sb_opt_int(&b, in->org_id > 0, in->org_id);
		sb_opt_int(&b, in->has_active, in->active ? 1 : 0);
		sb_text(&b, now);
		sb_int(&b, id);
		err = store_exec(s);
	}
	free(full);
	if (err)
		return err;
	int disabled = in->has_active && !in->active;
	if (disabled || in->password_hash) {
		if (!(s = db_prepare(d, SQL_SESSIONS_END)))
			return TD_EINTERNAL;
		db_bind_int(s, 1, id);
		db_bind_int(s, 2, disabled ? 0 : keep_session);
		err = store_exec(s);
	}
	return err;
}
