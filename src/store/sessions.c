/* sessions.c — queries for sessions, login throttling and sign-in look-ups. */
#include "store/sessions.h"
#include "store/store.h"

static const char *SQL_SESSION_INSERT =
	"INSERT INTO sessions(token_hash, user_id, csrf_token, created_at, last_seen, expires_at, ip)"
	" VALUES (?, ?, ?, ?, ?, ?, ?)";

tderr store_session_insert(db *d, const char *token_hash, int64_t user_id, const char *csrf,
			   const char *ip, int64_t now, int64_t expires_at)
{
	db_stmt *s = db_prepare(d, SQL_SESSION_INSERT);
	if (!s)
		return TD_EINTERNAL;
	db_bind_text(s, 1, token_hash);
	db_bind_int(s, 2, user_id);
	db_bind_text(s, 3, csrf);
	db_bind_int(s, 4, now);
	db_bind_int(s, 5, now);
	db_bind_int(s, 6, expires_at);
	db_bind_text(s, 7, ip ? ip : "");
	return store_exec(s);
}

static const char *SQL_SESSION_LOOKUP =
	"SELECT s.id, s.csrf_token, s.last_seen, s.expires_at,"
	" u.id, u.username, u.full_name, u.role,"
	" o.id, o.name, o.system, un.id, un.code, un.name, un.path"
	" FROM sessions s JOIN users u ON u.id = s.user_id"
	" JOIN organizations o ON o.id = u.organization_id"
	" JOIN org_units un ON un.id = o.unit_id"
	" WHERE s.token_hash = ? AND u.active = 1";

tderr store_session_lookup(db *d, arena *a, const char *token_hash, td_user *u,
			   int64_t *last_seen, int64_t *expires_at)
{
	db_stmt *s = db_prepare(d, SQL_SESSION_LOOKUP);
	if (!s)
		return TD_EINTERNAL;
	db_bind_text(s, 1, token_hash);
	tderr e = TD_OK;
	int rc = db_step(s, &e);
	if (rc == DB_ROW) {
		u->session_id = db_col_int(s, 0);
		u->csrf_token = arena_strdup(a, db_col_text(s, 1));
		*last_seen = db_col_int(s, 2);
		*expires_at = db_col_int(s, 3);
		u->id = db_col_int(s, 4);
		u->username = arena_strdup(a, db_col_text(s, 5));
		u->full_name = arena_strdup(a, db_col_text(s, 6));
		u->role = role_from_name(db_col_text(s, 7));
		u->org_id = db_col_int(s, 8);
		u->org_name = arena_strdup(a, db_col_text(s, 9));
		u->org_system = arena_strdup(a, db_col_text(s, 10));
		u->unit_id = db_col_int(s, 11);
		u->unit_code = arena_strdup(a, db_col_text(s, 12));
		u->unit_name = arena_strdup(a, db_col_text(s, 13));
		u->unit_path = arena_strdup(a, db_col_text(s, 14));
	}
	db_reset(s);
	if (rc < 0)
		return e;
	return rc == DB_ROW ? TD_OK : TD_ENOTFOUND;
}

static const char *SQL_SESSION_TOUCH = "UPDATE sessions SET last_seen = ? WHERE id = ?";

tderr store_session_touch(db *d, int64_t session_id, int64_t now)
{
	db_stmt *s = db_prepare(d, SQL_SESSION_TOUCH);
	if (!s)
		return TD_EINTERNAL;
	db_bind_int(s, 1, now);
	db_bind_int(s, 2, session_id);
	return store_exec(s);
}

static const char *SQL_SESSION_DELETE = "DELETE FROM sessions WHERE token_hash = ?";

tderr store_session_delete(db *d, const char *token_hash)
{
	db_stmt *s = db_prepare(d, SQL_SESSION_DELETE);
	if (!s)
		return TD_EINTERNAL;
	db_bind_text(s, 1, token_hash);
	return store_exec(s);
}

static const char *SQL_SESSION_DELETE_USER = "DELETE FROM sessions WHERE user_id = ?";

tderr store_session_delete_user(db *d, int64_t user_id)
{
	db_stmt *s = db_prepare(d, SQL_SESSION_DELETE_USER);
	if (!s)
		return TD_EINTERNAL;
	db_bind_int(s, 1, user_id);
	return store_exec(s);
}

static const char *SQL_SESSION_PURGE = "DELETE FROM sessions WHERE expires_at <= ?";

tderr store_session_purge(db *d, int64_t now)
{
	db_stmt *s = db_prepare(d, SQL_SESSION_PURGE);
	if (!s)
		return TD_EINTERNAL;
	db_bind_int(s, 1, now);
	return store_exec(s);
}

static const char *SQL_THROTTLE_GET =
	"SELECT failures, window_start, blocked_until FROM login_throttle WHERE key = ?";

tderr store_throttle_get(db *d, const char *key, throttle_state *out)
{
	db_stmt *s = db_prepare(d, SQL_THROTTLE_GET);
	if (!s)
		return TD_EINTERNAL;
	db_bind_text(s, 1, key);
	tderr e = TD_OK;
	int rc = db_step(s, &e);
	out->failures = out->window_start = out->blocked_until = 0;
	if (rc == DB_ROW) {
		out->failures = db_col_int(s, 0);
		out->window_start = db_col_int(s, 1);
		out->blocked_until = db_col_int(s, 2);
	}
	db_reset(s);
	return rc < 0 ? e : TD_OK;
}

static const char *SQL_THROTTLE_PUT =
	"INSERT INTO login_throttle(key, failures, window_start, blocked_until) VALUES (?, ?, ?, ?)"
	" ON CONFLICT (key) DO UPDATE SET failures = excluded.failures,"
	" window_start = excluded.window_start, blocked_until = excluded.blocked_until";

tderr store_throttle_put(db *d, const char *key, const throttle_state *st)
{
	db_stmt *s = db_prepare(d, SQL_THROTTLE_PUT);
	if (!s)
		return TD_EINTERNAL;
	db_bind_text(s, 1, key);
	db_bind_int(s, 2, st->failures);
	db_bind_int(s, 3, st->window_start);
	db_bind_int(s, 4, st->blocked_until);
	return store_exec(s);
}

static const char *SQL_THROTTLE_CLEAR = "DELETE FROM login_throttle WHERE key = ?";

tderr store_throttle_clear(db *d, const char *key)
{
	db_stmt *s = db_prepare(d, SQL_THROTTLE_CLEAR);
	if (!s)
		return TD_EINTERNAL;
	db_bind_text(s, 1, key);
	return store_exec(s);
}

static const char *SQL_LOGIN_LOOKUP =
	"SELECT id, password_hash, active FROM users WHERE username = ?";

tderr store_login_lookup(db *d, arena *a, const char *username, int64_t *user_id,
			 const char **hash, int *active)
{
	db_stmt *s = db_prepare(d, SQL_LOGIN_LOOKUP);
	if (!s)
		return TD_EINTERNAL;
	db_bind_text(s, 1, username);
	tderr e = TD_OK;
	int rc = db_step(s, &e);
	if (rc == DB_ROW) {
		*user_id = db_col_int(s, 0);
		*hash = arena_strdup(a, db_col_text(s, 1));
		*active = (int)db_col_int(s, 2);
	}
	db_reset(s);
	if (rc < 0)
		return e;
	return rc == DB_ROW ? TD_OK : TD_ENOTFOUND;
}
