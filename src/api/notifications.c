/* notifications.c — /api/v1/notifications: the signed-in user's own notices (never
 * anyone else's: every query is by the caller's id, so another user's notice is a
 * 404), the unread count, and marking one or all read. The notices themselves are
 * made by the sweep (src/notify). */
#include "api/api.h"
#include "core/clock.h"
#include "store/notifications.h"
#include "store/store.h"

static tderr handle_notifications_list(http_req *r)
{
	int64_t limit, offset, unread_only = 0;
	tderr e;
	if ((e = req_paging(r, &limit, &offset)) ||
	    (e = req_query_int(r, "unread", 0, 1, &unread_only, NULL)))
		return e;
	json_t *items = NULL;
	int64_t total = 0, unread = 0;
	if ((e = notifications_list(r->db, r->user->id, (int)unread_only, limit, offset, &items,
				    &total, &unread)))
		return req_store_fail(r, e, NULL, NULL);
	json_t *o = json_object();
	json_object_set_new(o, "items", items);
	json_object_set_new(o, "total", json_integer(total));
	json_object_set_new(o, "unread", json_integer(unread));
	return req_reply_json(r, 200, o);
}

static tderr handle_notification_read(http_req *r)
{
	int64_t id;
	if (req_param_id(r, 0, &id))
		return TD_ENOTFOUND;
	char now[32];
	clock_iso(now, sizeof now);
	json_t *n = NULL;
	tderr e = db_begin(r->db);
	if (e)
		return req_store_fail(r, e, NULL, NULL);
	if ((e = notifications_read(r->db, r->user->id, id, now, &n)) ||
	    (e = store_audit(r->db, r->user, r->client_ip, "notifications", id, "read", NULL, n)) ||
	    (e = db_commit(r->db))) {
		db_rollback(r->db);
		json_decref(n);
		if (e == TD_ENOTFOUND)
			return req_fail(r, e, "not_found", "Không tìm thấy thông báo", NULL);
		return req_store_fail(r, e, NULL, NULL);
	}
	return req_reply_json(r, 200, n);
}

static tderr handle_notifications_read_all(http_req *r)
{
	char now[32];
	clock_iso(now, sizeof now);
	int64_t count = 0;
	tderr e = db_begin(r->db);
	if (e)
		return req_store_fail(r, e, NULL, NULL);
	json_t *after = NULL;
	if ((e = notifications_read_all(r->db, r->user->id, now, &count)) == TD_OK) {
		after = json_pack("{s:I,s:I}", "user_id", (json_int_t)r->user->id, "read",
				  (json_int_t)count);
		e = store_audit(r->db, r->user, r->client_ip, "notifications", 0, "read_all", NULL,
				after);
	}
	json_decref(after);
	if (e || (e = db_commit(r->db))) {
		db_rollback(r->db);
		return req_store_fail(r, e, NULL, NULL);
	}
	return req_reply_json(r, 200, json_pack("{s:I,s:i}", "read", (json_int_t)count, "unread", 0));
}

/* Marking one's own notices read changes no plan data, but like every write it is
 * refused to viewers (who receive no notices). */
#define NOTICE_READERS (ROLE_ADMIN | ROLE_LEADER | ROLE_OFFICER | ROLE_INSPECTOR)

const route api_notifications_routes[] = {
	{"GET", "/api/v1/notifications", handle_notifications_list, ROLE_ANY, ACCESS_NONE},
	{"POST", "/api/v1/notifications/read-all", handle_notifications_read_all, NOTICE_READERS,
	 ACCESS_NONE},
	{"POST", "/api/v1/notifications/{id}/read", handle_notification_read, NOTICE_READERS,
	 ACCESS_NONE},
};
const size_t api_notifications_routes_count =
	sizeof api_notifications_routes / sizeof api_notifications_routes[0];
