/* audit.c — GET /api/v1/audit: who changed what, when, from where, before and
 * after. For administrators and inspectors. A reader at a root unit (the
 * province) sees every change, the system's own included; a reader lower down
 * sees the changes made by users of their own subtree. */
#include "api/api.h"
#include "store/auditlog.h"
#include <stdio.h>
#include <string.h>

/* 1 when path names a root unit: '/N/'. */
static int root_path(const char *path)
{
	int slashes = 0;
	for (const char *p = path; *p; p++)
		slashes += *p == '/';
	return slashes == 2;
}

static tderr handle_audit_list(http_req *r)
{
	audit_filter f = {0};
	int64_t id = 0;
	int has_id = 0;
	tderr e;
	if ((e = req_paging(r, &f.limit, &f.offset)) || (e = req_query(r, "entity", &f.entity)) ||
	    (e = req_query_int(r, "id", 1, INT64_MAX, &id, &has_id)) ||
	    (e = req_query_int(r, "user_id", 1, INT64_MAX, &f.user_id, &f.has_user)))
		return e;
	if (f.entity && !*f.entity)
		f.entity = NULL;
	if (f.entity && strlen(f.entity) > 64)
		return req_fail(r, TD_EBADREQ, "bad_entity", "Tên đối tượng không hợp lệ", "entity");
	if (has_id)
		f.entity_id = arena_printf(r->a, "%lld", (long long)id);
	const char *path = r->user->unit_path ? r->user->unit_path : "-";
	f.actor_path = root_path(path) ? NULL : path;
	json_t *items = NULL;
	int64_t total = 0;
	if ((e = auditlog_list(r->db, &f, &items, &total)))
		return req_store_fail(r, e, NULL, NULL);
	return req_reply_list(r, items, total);
}

const route api_audit_routes[] = {
	{"GET", "/api/v1/audit", handle_audit_list, ROLE_ADMIN | ROLE_INSPECTOR, ACCESS_NONE},
};
const size_t api_audit_routes_count = sizeof api_audit_routes / sizeof api_audit_routes[0];
