/* users.c — /api/v1/users: administrators list, create and change the accounts of
 * the organisations in their subtree. Passwords are hashed before the transaction
 * opens; disabling an account or changing its password ends its sessions. */
#include "api/api.h"
#include "api/write.h"
#include "auth/password.h"
#include "core/jsonv.h"
#include "store/store.h"
#include "store/users.h"
#include <string.h>

static tderr fail_jv(http_req *r, const td_error *te)
{
	return req_fail(r, te->kind, te->code, te->message, te->field);
}

static int blank(const char *s)
{
	return s[strspn(s, " \t\r\n")] == 0;
}

static tderr handle_users_list(http_req *r)
{
	user_filter f = {0};
	const char *active = NULL;
	tderr e;
	if ((e = req_paging(r, &f.limit, &f.offset)) || (e = req_query_opt(r, "q", &f.q)) ||
	    (e = req_query_opt(r, "role", &f.role)) || (e = req_query_opt(r, "active", &active)) ||
	    (e = req_query_int(r, "organization_id", 1, INT64_MAX, &f.org_id, &f.has_org)))
		return e;
	if (active) {
		f.has_active = 1;
		if (strcmp(active, "true") == 0 || strcmp(active, "1") == 0)
			f.active = 1;
		else if (strcmp(active, "false") == 0 || strcmp(active, "0") == 0)
			f.active = 0;
		else
			return req_fail(r, TD_EBADREQ, "bad_boolean", "Phải là true hoặc false", "active");
	}
	/* a user without a unit path sees nothing rather than everything */
	f.scope_path = r->user->unit_path ? r->user->unit_path : "-";
	json_t *items = NULL;
	int64_t total = 0;
	if ((e = users_list(r->db, &f, &items, &total)))
		return req_store_fail(r, e, NULL, NULL);
	return req_reply_list(r, items, total);
}

static tderr handle_users_get(http_req *r)
{
	int64_t id;
	if (req_param_id(r, 0, &id))
		return TD_ENOTFOUND;
	json_t *u = NULL;
	tderr e = users_get(r->db, id, &u);
	if (e)
		return req_store_fail(r, e, NULL, NULL);
	return req_reply_json(r, 200, u);
}

/* Reads and hashes "password" when present (required on create). */
static tderr read_password(http_req *r, json_t *body, int required, char hash[PASSWORD_HASH_MAX],
			   int *present)
{
	td_error te = {0};
	const char *pw = NULL;
	if (jv_str(body, "password", required, PASSWORD_MAX_LEN, &pw, present, &te))
		return fail_jv(r, &te);
	if (!pw)
		return TD_OK;
	const char *why = password_policy_error(pw);
	if (why)
		return req_fail(r, TD_EINVALID, "weak_password", why, "password");
	if (password_hash(pw, hash))
		return req_fail(r, TD_EINTERNAL, NULL, NULL, NULL);
	return TD_OK;
}

/* Runs the write in a transaction with its audit row; replies with the new state.
 * The audit's "after" notes a password change, which the user JSON cannot show. */
static tderr user_write(http_req *r, int64_t id, const user_input *in, int create)
{
	audited_write w;
	tderr e = audited_begin(r, &w, "users", create ? 0 : id);
	if (e)
		return e;
	w.conflict_code = "username_taken";
	w.conflict_message = "Tên đăng nhập đã được dùng";
	if (!create)
		e = users_get(r->db, id, &w.before);
	int64_t keep = (!create && r->user->id == id) ? r->user->session_id : 0;
	if (!e)
		e = create ? users_create(r->db, in, &w.id, &w.te)
			   : users_update(r->db, id, in, keep, &w.te);
	if (!e)
		e = users_get(r->db, w.id, &w.after);
	if (!e && !create && in->password_hash) {
		w.logged = json_deep_copy(w.after);
		json_object_set_new(w.logged, "password_changed", json_true());
	}
	return audited_end(r, &w, e);
}

static tderr handle_users_create(http_req *r)
{
	json_t *body;
	tderr e = req_body_object(r, &body);
	if (e)
		return e;
	user_input in = {0};
	td_error te = {0};
	if (jv_str(body, "username", JV_REQUIRED, USER_NAME_MAX, &in.username, NULL, &te) ||
	    jv_str(body, "full_name", JV_REQUIRED, USER_FULL_NAME_MAX, &in.full_name, NULL, &te) ||
	    jv_enum(body, "role", JV_REQUIRED, user_roles, &in.role, NULL, &te) ||
	    jv_int(body, "organization_id", JV_REQUIRED, 1, INT64_MAX, &in.org_id, NULL, &te) ||
	    jv_bool(body, "active", JV_OPTIONAL, &in.active, &in.has_active, &te))
		return fail_jv(r, &te);
	if (!users_valid_username(in.username))
		return req_fail(r, TD_EINVALID, "bad_username",
				"Tên đăng nhập gồm 3–64 ký tự a-z, 0-9, '.', '_' hoặc '-'", "username");
	if ((e = access_require_org_write(r, in.org_id, "organization_id")))
		return e;
	char hash[PASSWORD_HASH_MAX];
	if ((e = read_password(r, body, JV_REQUIRED, hash, NULL)))
		return e;
	in.password_hash = hash;
	return user_write(r, 0, &in, 1);
}

/* A username in a PATCH body is accepted only when it is the current one. */
static tderr check_username_unchanged(http_req *r, int64_t id, json_t *body)
{
	json_t *v = json_object_get(body, "username");
	if (!v)
		return TD_OK;
	json_t *cur = NULL;
	tderr e = users_get(r->db, id, &cur);
	if (e)
		return req_store_fail(r, e, NULL, NULL);
	int same = json_equal(v, json_object_get(cur, "username"));
	json_decref(cur);
	if (!same)
		return req_fail(r, TD_EINVALID, "read_only", "Không thể đổi tên đăng nhập", "username");
	return TD_OK;
}

static tderr handle_users_update(http_req *r)
{
	int64_t id;
	if (req_param_id(r, 0, &id))
		return TD_ENOTFOUND;
	json_t *body;
	tderr e = req_body_object(r, &body);
	if (e)
		return e;
	user_input in = {0};
	td_error te = {0};
	int has_org = 0;
	if (jv_str(body, "full_name", JV_OPTIONAL, USER_FULL_NAME_MAX, &in.full_name, NULL, &te) ||
	    jv_enum(body, "role", JV_OPTIONAL, user_roles, &in.role, NULL, &te) ||
	    jv_int(body, "organization_id", JV_OPTIONAL, 1, INT64_MAX, &in.org_id, &has_org, &te) ||
	    jv_bool(body, "active", JV_OPTIONAL, &in.active, &in.has_active, &te) ||
	    jv_int(body, "version", JV_OPTIONAL, 1, INT64_MAX, &in.version, &in.has_version, &te))
		return fail_jv(r, &te);
	if ((e = check_username_unchanged(r, id, body)))
		return e;
	if (in.full_name && blank(in.full_name))
		return req_fail(r, TD_EINVALID, "required", "Trường bắt buộc", "full_name");
	/* an administrator cannot lock themselves out */
	if (id == r->user->id && in.has_active && !in.active)
		return req_fail(r, TD_EINVALID, "cannot_disable_self",
				"Không thể tự khóa tài khoản của mình", "active");
	if (id == r->user->id && in.role && strcmp(in.role, "admin") != 0)
		return req_fail(r, TD_EINVALID, "cannot_demote_self",
				"Không thể tự bỏ quyền quản trị của mình", "role");
	if (has_org && (e = access_require_org_write(r, in.org_id, "organization_id")))
		return e;
	char hash[PASSWORD_HASH_MAX];
	int has_pw = 0;
	if ((e = read_password(r, body, JV_OPTIONAL, hash, &has_pw)))
		return e;
	if (has_pw)
		in.password_hash = hash;
	return user_write(r, id, &in, 0);
}

const route api_users_routes[] = {
	{"GET", "/api/v1/users", handle_users_list, ROLE_ADMIN, ACCESS_NONE},
	{"POST", "/api/v1/users", handle_users_create, ROLE_ADMIN, ACCESS_NONE},
	{"GET", "/api/v1/users/{id}", handle_users_get, ROLE_ADMIN, ACCESS_USER},
	{"PATCH", "/api/v1/users/{id}", handle_users_update, ROLE_ADMIN, ACCESS_USER},
};
const size_t api_users_routes_count = sizeof api_users_routes / sizeof api_users_routes[0];
