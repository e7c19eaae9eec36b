/* session.c — sign-in (POST), who am I (GET) and sign-out (DELETE) of
 * /api/v1/session, with login throttling per account and per client address. */
#include "api/api.h"
#include "auth/password.h"
#include "auth/session.h"
#include "auth/throttle.h"
#include "core/clock.h"
#include "core/jsonv.h"
#include "store/sessions.h"
#include "store/store.h"
#include <microhttpd.h>
#include <stdio.h>
#include <string.h>

/* The session response: {"user":{...},"csrf_token":"..."}. */
static json_t *session_body(const td_user *u, const char *csrf)
{
	return json_pack("{s:{s:I,s:s,s:s,s:s,s:{s:I,s:s,s:s},s:{s:s,s:s}},s:s}", "user", "id",
			 (json_int_t)u->id, "username", u->username, "full_name", u->full_name,
			 "role", role_name(u->role), "organization", "id", (json_int_t)u->org_id,
			 "name", u->org_name, "system", u->org_system, "scope_unit", "code",
			 u->unit_code, "name", u->unit_name, "csrf_token", csrf);
}

static const char *cookie_header(http_req *r, const char *token, int64_t max_age)
{
	return arena_printf(r->a, "%s=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%lld",
			    SESSION_COOKIE, token, (long long)max_age);
}

/* Adds one failure to key's count (an attempt not yet known to be right counts as
 * one); blocks once free_failures are used up. */
static tderr record_failure(db *d, const char *key, int64_t free_failures, int64_t now)
{
	throttle_state st;
	tderr e = store_throttle_get(d, key, &st);
	if (e)
		return e;
	st.failures = throttle_next_failures(st.failures, &st.window_start, now);
	int64_t block = throttle_block_seconds(st.failures, free_failures);
	st.blocked_until = block ? now + block : 0;
	return store_throttle_put(d, key, &st);
}

/* Takes back the failure counted for an attempt that turned out right (the
 * address's count: a shared office's good sign-ins never block it). */
static tderr forgive_failure(db *d, const char *key, int64_t free_failures)
{
	throttle_state st;
	tderr e = store_throttle_get(d, key, &st);
	if (e || st.failures <= 0)
		return e;
	st.failures--;
	if (!throttle_block_seconds(st.failures, free_failures))
		st.blocked_until = 0;
	return store_throttle_put(d, key, &st);
}

/* Admits one attempt: in one write transaction, refuses it (429) when either key
 * is blocked, else counts it as a failure of both keys before the password is
 * checked, so that attempts racing each other are counted one by one and no more
 * than the free failures are ever checked (docs/DECISIONS.md). */
static tderr admit_attempt(http_req *r, const char *ukey, const char *ipkey, int64_t now)
{
	throttle_state su, si;
	tderr e = db_begin(r->db);
	if (!e)
		e = store_throttle_get(r->db, ukey, &su);
	if (!e)
		e = store_throttle_get(r->db, ipkey, &si);
	if (e) {
		db_rollback(r->db);
		return req_store_fail(r, e, NULL, NULL);
	}
	int64_t until = su.blocked_until > si.blocked_until ? su.blocked_until : si.blocked_until;
	if (until > now) {
		db_rollback(r->db);
		req_add_header(r, "Retry-After", arena_printf(r->a, "%lld", (long long)(until - now)));
		return req_fail(r, TD_ETHROTTLED, "login_throttled",
				arena_printf(r->a, "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau %lld giây.",
					     (long long)(until - now)),
				NULL);
	}
	e = record_failure(r->db, ukey, THROTTLE_FREE_ACCOUNT, now);
	if (!e)
		e = record_failure(r->db, ipkey, THROTTLE_FREE_ADDRESS, now);
	if (!e)
		e = db_commit(r->db);
	if (e) {
		db_rollback(r->db);
		return req_store_fail(r, e, NULL, NULL);
	}
	return TD_OK;
}

static tderr h_login(http_req *r)
{
	json_t *body;
	const char *username, *password;
	tderr e = req_body_object(r, &body);
	if (!e)
		e = jv_str(body, "username", JV_REQUIRED, 64, &username, NULL, &r->err);
	if (!e)
		e = jv_str(body, "password", JV_REQUIRED, PASSWORD_MAX_LEN, &password, NULL, &r->err);
	if (e)
		return e;
	int64_t now = clock_unix();
	const char *ukey = arena_printf(r->a, "u:%s", username);
	const char *ipkey = arena_printf(r->a, "ip:%s", r->client_ip);
	if ((e = admit_attempt(r, ukey, ipkey, now)))
		return e;

	int64_t uid = 0;
	const char *hash = NULL;
	int active = 0;
	e = store_login_lookup(r->db, r->a, username, &uid, &hash, &active);
	if (e && e != TD_ENOTFOUND)
		return req_store_fail(r, e, NULL, NULL);
	int ok = password_verify(e ? NULL : hash, password) && active;
	if (!ok) {
		if ((e = db_begin(r->db)) == TD_OK) { /* counted already by admit_attempt */
			json_t *who = json_pack("{s:s}", "username", username);
			e = store_audit(r->db, NULL, r->client_ip, "session", uid, "login_failed", NULL, who);
			json_decref(who);
			e = e ? e : db_commit(r->db);
		}
		if (e) {
			db_rollback(r->db);
			return req_store_fail(r, e, NULL, NULL);
		}
		return req_fail(r, TD_EUNAUTH, "invalid_credentials",
				"Tên đăng nhập hoặc mật khẩu không đúng", NULL);
	}

	char token[SESSION_TOKEN_LEN + 1], csrf[SESSION_TOKEN_LEN + 1];
	td_user *u = arena_alloc(r->a, sizeof *u);
	if ((e = db_begin(r->db)))
		return req_store_fail(r, e, NULL, NULL);
	e = store_throttle_clear(r->db, ukey);
	if (!e)
		e = forgive_failure(r->db, ipkey, THROTTLE_FREE_ADDRESS);
	if (!e)
		e = session_start(r->db, uid, r->client_ip, now, token, csrf);
	if (!e) {
		char hash_hex[65];
		int64_t ls, ex;
		session_token_hash(token, hash_hex);
		e = store_session_lookup(r->db, r->a, hash_hex, u, &ls, &ex);
	}
	if (!e)
		e = store_audit(r->db, u, r->client_ip, "session", uid, "login", NULL, NULL);
	if (!e)
		e = db_commit(r->db);
	if (e) {
		db_rollback(r->db);
		return req_store_fail(r, e, NULL, NULL);
	}
	req_add_header(r, MHD_HTTP_HEADER_SET_COOKIE, cookie_header(r, token, session_cfg.max_s));
	return req_reply_json(r, 200, session_body(u, csrf));
}

static tderr h_whoami(http_req *r)
{
	return req_reply_json(r, 200, session_body(r->user, r->user->csrf_token));
}

static tderr h_logout(http_req *r)
{
	const char *token = r->conn ? MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, SESSION_COOKIE) : NULL;
	tderr e = db_begin(r->db);
	if (!e)
		e = session_end(r->db, token);
	if (!e)
		e = store_audit(r->db, r->user, r->client_ip, "session", r->user->id, "logout", NULL, NULL);
	if (!e)
		e = db_commit(r->db);
	if (e) {
		db_rollback(r->db);
		return req_store_fail(r, e, NULL, NULL);
	}
	req_add_header(r, MHD_HTTP_HEADER_SET_COOKIE, cookie_header(r, "", 0));
	return req_reply_empty(r, 204);
}

const route api_session_routes[] = {
	{"POST", "/api/v1/session", h_login, 0, ACCESS_NONE},
	{"GET", "/api/v1/session", h_whoami, ROLE_ANY, ACCESS_NONE},
	{"DELETE", "/api/v1/session", h_logout, ROLE_ANY, ACCESS_NONE},
};
const size_t api_session_routes_count = sizeof api_session_routes / sizeof api_session_routes[0];
