/* auditlog.c — the audit log as the inspectors read it: filtered by entity, id and
 * author, limited to authors in the reader's subtree, newest first. */
#include "store/auditlog.h"
#include "store/sqlbind.h"
#include "store/store.h"
#include <errno.h>
#include <stdlib.h>

/* Filters: author's subtree (2), entity (2), entity id (2), author (2). */
#define AUDIT_FROM                                                                         \
	" FROM audit_log a LEFT JOIN users us ON us.id = a.user_id"                         \
	" LEFT JOIN organizations ao ON ao.id = us.organization_id"                         \
	" LEFT JOIN org_units au ON au.id = ao.unit_id"                                     \
	" WHERE (CAST(? AS TEXT) IS NULL OR au.path LIKE (? || '%'))"                       \
	" AND (CAST(? AS TEXT) IS NULL OR a.entity = ?)"                                    \
	" AND (CAST(? AS TEXT) IS NULL OR a.entity_id = ?)"                                 \
	" AND (CAST(? AS INTEGER) IS NULL OR a.user_id = ?)"

static const char *SQL_AUDIT_LIST =
	"SELECT a.id, a.at, a.user_id, us.username, a.ip, a.entity, a.entity_id, a.action,"
	" a.before_json, a.after_json" AUDIT_FROM " ORDER BY a.id DESC LIMIT ? OFFSET ?";
static const char *SQL_AUDIT_COUNT = "SELECT COUNT(*)" AUDIT_FROM;

static void bind_audit_filters(sqlbind *b, const audit_filter *f)
{
	sb_text(b, f->actor_path);
	sb_text(b, f->actor_path);
	sb_text(b, f->entity);
	sb_text(b, f->entity);
	sb_text(b, f->entity_id);
	sb_text(b, f->entity_id);
	sb_opt_int(b, f->has_user, f->user_id);
	sb_opt_int(b, f->has_user, f->user_id);
}

/* Stored JSON text back to JSON; null when absent or unreadable. */
static json_t *col_json(db_stmt *s, int col)
{
	const char *t = db_col_text(s, col);
	json_t *j = t ? json_loads(t, 0, NULL) : NULL;
	return j ? j : json_null();
}

/* Entity ids are decimal ids as written by store_audit; anything else stays text. */
static json_t *col_entity_id(db_stmt *s, int col)
{
	const char *t = db_col_text(s, col);
	if (!t)
		return json_null();
	char *end = NULL;
	errno = 0;
	long long v = strtoll(t, &end, 10);
	if (!errno && *t && !*end)
		return json_integer(v);
	return json_string(t);
}

tderr auditlog_list(db *d, const audit_filter *f, json_t **items, int64_t *total)
{
	db_stmt *s = db_prepare(d, SQL_AUDIT_COUNT);
	if (!s)
		return TD_EINTERNAL;
	sqlbind b = sb_start(s);
	bind_audit_filters(&b, f);
	tderr e = store_one_int(s, total);
	if (e)
		return e;
	if (!(s = db_prepare(d, SQL_AUDIT_LIST)))
		return TD_EINTERNAL;
	b = sb_start(s);
	bind_audit_filters(&b, f);
	sb_int(&b, f->limit);
	sb_int(&b, f->offset);
	json_t *arr = json_array();
	int rc;
	while ((rc = db_step(s, &e)) == DB_ROW) {
		json_t *o = json_object();
		json_object_set_new(o, "id", json_integer(db_col_int(s, 0)));
		json_object_set_new(o, "at", store_col_str(s, 1));
		json_object_set_new(o, "user_id", store_col_int(s, 2));
		json_object_set_new(o, "username", store_col_str(s, 3));
		json_object_set_new(o, "ip", store_col_str(s, 4));
		json_object_set_new(o, "entity", store_col_str(s, 5));
		json_object_set_new(o, "entity_id", col_entity_id(s, 6));
		json_object_set_new(o, "action", store_col_str(s, 7));
		json_object_set_new(o, "before", col_json(s, 8));
		json_object_set_new(o, "after", col_json(s, 9));
		json_array_append_new(arr, o);
	}
	db_reset(s);
	if (rc < 0) {
		json_decref(arr);
		return e;
	}
	*items = arr;
	return TD_OK;
}
