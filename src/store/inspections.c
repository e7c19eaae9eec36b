/* inspections.c — inspections and supervision: visible lists, one inspection with
 * the ids of its findings, create and update. */
#include "store/inspections.h"
#include "core/clock.h"
#include "core/vntext.h"
#include "store/sqlbind.h"
#include "store/store.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const inspection_kinds[] = {"kiem_tra", "giam_sat", NULL};
const char *const inspection_follow_ups[] = {"open", "done", NULL};

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

#define INSPECTION_COLS                                                                    \
	"i.id, i.plan_id, p.code, p.title, i.inspector_id, io.name, i.inspected_id,"        \
	" xo.name, un.code, un.name, i.kind, i.held_on, i.scope, i.conclusions,"            \
	" i.follow_up, i.version, i.created_at, i.updated_at"
#define INSPECTION_FROM                                                                    \
	" FROM inspections i JOIN org_units un ON un.id = i.unit_id"                        \
	" JOIN organizations io ON io.id = i.inspector_id"                                  \
	" JOIN organizations xo ON xo.id = i.inspected_id"                                  \
	" LEFT JOIN plans p ON p.id = i.plan_id"

static json_t *inspection_row_json(db_stmt *s)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(db_col_int(s, 0)));
	json_object_set_new(o, "plan_id", store_col_int(s, 1));
	if (db_col_is_null(s, 1))
		json_object_set_new(o, "plan", json_null());
	else
		json_object_set_new(o, "plan", json_pack("{s:I,s:o,s:o}", "id",
							 (json_int_t)db_col_int(s, 1), "code",
							 store_col_str(s, 2), "title", store_col_str(s, 3)));
	json_object_set_new(o, "inspector_id", json_integer(db_col_int(s, 4)));
	json_object_set_new(o, "inspector", json_pack("{s:I,s:o}", "id", (json_int_t)db_col_int(s, 4),
						      "name", store_col_str(s, 5)));
	json_object_set_new(o, "inspected_id", json_integer(db_col_int(s, 6)));
	json_object_set_new(o, "inspected", json_pack("{s:I,s:o}", "id", (json_int_t)db_col_int(s, 6),
						      "name", store_col_str(s, 7)));
	json_object_set_new(o, "unit", store_col_str(s, 8));
	json_object_set_new(o, "unit_name", store_col_str(s, 9));
	json_object_set_new(o, "kind", store_col_str(s, 10));
	json_object_set_new(o, "held_on", store_col_str(s, 11));
	json_object_set_new(o, "scope", store_col_str(s, 12));
	json_object_set_new(o, "conclusions", store_col_str(s, 13));
	json_object_set_new(o, "follow_up", store_col_str(s, 14));
	json_object_set_new(o, "version", json_integer(db_col_int(s, 15)));
	json_object_set_new(o, "created_at", store_col_str(s, 16));
	json_object_set_new(o, "updated_at", store_col_str(s, 17));
	return o;
}

static const char *SQL_INSPECTION_FINDING_IDS =
	"SELECT id FROM findings WHERE inspection_id = ? ORDER BY id";

/* Adds "finding_ids" (the findings raised by it) to the inspection object o. */
static tderr add_finding_ids(db *d, json_t *o)
{
	json_t *ids = json_array();
	json_object_set_new(o, "finding_ids", ids);
	db_stmt *s = db_prepare(d, SQL_INSPECTION_FINDING_IDS);
	if (!s)
		return TD_EINTERNAL;
	db_bind_int(s, 1, json_integer_value(json_object_get(o, "id")));
	tderr e = TD_OK;
	int rc;
	while ((rc = db_step(s, &e)) == DB_ROW)
		json_array_append_new(ids, json_integer(db_col_int(s, 0)));
	db_reset(s);
	return rc < 0 ? e : TD_OK;
}

/* Filters: visibility (4), plan (2), unit (2), organization (3), kind (2),
 * follow_up (2), year (2). */
#define INSPECTION_WHERE                                                                   \
	" WHERE (un.path LIKE (? || '%') OR ? LIKE (un.path || '%') OR i.inspector_id = ?"  \
	"   OR i.inspected_id = ?)"                                                         \
	" AND (CAST(? AS INTEGER) IS NULL OR i.plan_id = ?)"                                \
	" AND (CAST(? AS TEXT) IS NULL OR un.path LIKE (? || '%'))"                         \
	" AND (CAST(? AS INTEGER) IS NULL OR i.inspector_id = ? OR i.inspected_id = ?)"     \
	" AND (CAST(? AS TEXT) IS NULL OR i.kind = ?)"                                      \
	" AND (CAST(? AS TEXT) IS NULL OR i.follow_up = ?)"                                 \
	" AND (CAST(? AS TEXT) IS NULL OR SUBSTR(i.held_on, 1, 4) = ?)"

static void bind_filters(sqlbind *b, const inspection_filter *f, const char *year)
{
	sb_text(b, f->scope_path);
	sb_text(b, f->scope_path);
	sb_int(b, f->scope_org);
	sb_int(b, f->scope_org);
	sb_opt_int(b, f->has_plan, f->plan_id);
	sb_opt_int(b, f->has_plan, f->plan_id);
	sb_text(b, f->unit_path);
	sb_text(b, f->unit_path);
	for (int i = 0; i < 3; i++)
		sb_opt_int(b, f->has_org, f->org_id);
	sb_text(b, f->kind);
	sb_text(b, f->kind);
	sb_text(b, f->follow_up);
	sb_text(b, f->follow_up);
	sb_text(b, year);
	sb_text(b, year);
}

static const char *SQL_INSPECTIONS_LIST = "SELECT " INSPECTION_COLS INSPECTION_FROM
	INSPECTION_WHERE " ORDER BY i.held_on DESC, i.id DESC LIMIT ? OFFSET ?";
static const char *SQL_INSPECTIONS_COUNT = "SELECT COUNT(*) FROM inspections i"
					   " JOIN org_units un ON un.id = i.unit_id" INSPECTION_WHERE;

tderr inspections_list(db *d, const inspection_filter *f, json_t **items, int64_t *total)
{
	if (!f->scope_path)
		return TD_EINVALID;
	char year[16];
	if (f->has_year)
		snprintf(year, sizeof year, "%04lld", (long long)f->year);
	const char *y = f->has_year ? year : NULL;
	db_stmt *s = db_prepare(d, SQL_INSPECTIONS_COUNT);
	if (!s)
		return TD_EINTERNAL;
	sqlbind b = sb_start(s);
	bind_filters(&b, f, y);
	tderr e = store_one_int(s, total);
	if (e)
		return e;
	if (!(s = db_prepare(d, SQL_INSPECTIONS_LIST)))
		return TD_EINTERNAL;
	b = sb_start(s);
	bind_filters(&b, f, y);
	sb_int(&b, f->limit);
	sb_int(&b, f->offset);
	json_t *arr = json_array();
	int rc;
	while ((rc = db_step(s, &e)) == DB_ROW)
		json_array_append_new(arr, inspection_row_json(s));
	db_reset(s);
	if (rc < 0) {
		json_decref(arr);
		return e;
	}
	/* the finding ids are read after the cursor is done: one statement at a time */
	for (size_t i = 0; i < json_array_size(arr); i++) {
		if ((e = add_finding_ids(d, json_array_get(arr, i))) != TD_OK) {
			json_decref(arr);
			return e;
		}
	}
	*items = arr;
	return TD_OK;
}

static const char *SQL_INSPECTION_GET =
	"SELECT " INSPECTION_COLS INSPECTION_FROM " WHERE i.id = ?";

tderr inspections_get(db *d, int64_t id, json_t **out)
{
	db_stmt *s = db_prepare(d, SQL_INSPECTION_GET);
	if (!s)
		return TD_EINTERNAL;
	db_bind_int(s, 1, id);
	tderr e = TD_OK;
	json_t *o = NULL;
	int rc = db_step(s, &e);
	if (rc == DB_ROW)
		o = inspection_row_json(s);
	db_reset(s);
	if (rc < 0)
		return e;
	if (rc != DB_ROW)
		return TD_ENOTFOUND;
	if ((e = add_finding_ids(d, o)) != TD_OK) {
		json_decref(o);
		return e;
	}
	*out = o;
	return TD_OK;
}

static const char *SQL_INSPECTION_STATE =
	"SELECT plan_id, inspector_id, inspected_id, unit_id, version FROM inspections"
	" WHERE id = ?";

tderr inspections_state(db *d, int64_t id, inspection_state *out)
{
	db_stmt *s = db_prepare(d, SQL_INSPECTION_STATE);
	if (!s)
		return TD_EINTERNAL;
	db_bind_int(s, 1, id);
	tderr e = TD_OK;
	int rc = db_step(s, &e);
	if (rc == DB_ROW) {
		memset(out, 0, sizeof *out);
		out->id = id;
		out->plan_id = db_col_is_null(s, 0) ? 0 : db_col_int(s, 0);
		out->inspector_id = db_col_int(s, 1);
		out->inspected_id = db_col_int(s, 2);
		out->unit_id = db_col_int(s, 3);
		out->version = db_col_int(s, 4);
	}
	db_reset(s);
	if (rc < 0)
		return e;
	return rc == DB_ROW ? TD_OK : TD_ENOTFOUND;
}

static const char *SQL_INSPECTION_INSERT =
	"INSERT INTO inspections(plan_id, inspector_id, inspected_id, unit_id, kind, held_on,"
	" scope, conclusions, follow_up, version, created_at, updated_at)"
	" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?) RETURNING id";

tderr inspections_create(db *d, const inspection_input *in, int64_t *id, td_error *e)
{
	(void)e;
	char *scope = vn_nfc(in->scope ? in->scope : "");
	char *concl = vn_nfc(in->conclusions ? in->conclusions : "");
	char now[32];
	clock_iso(now, sizeof now);
	tderr err = TD_EINTERNAL;
	db_stmt *s = scope && concl ? db_prepare(d, SQL_INSPECTION_INSERT) : NULL;
	if (s) {
		sqlbind b = sb_start(s);
		sb_opt_int(&b, in->plan_id > 0, in->plan_id);
		sb_int(&b, in->inspector_id);
		sb_int(&b, in->inspected_id);
		sb_int(&b, in->unit_id);
		sb_text(&b, in->kind ? in->kind : "kiem_tra");
		sb_text(&b, in->held_on);
		sb_text(&b, scope);
		sb_text(&b, concl);
		sb_text(&b, in->follow_up ? in->follow_up : "open");
		sb_text(&b, now);
		sb_text(&b, now);
		err = store_one_int(s, id);
	}
	free(scope);
	free(concl);
	return err;
}

static const char *SQL_INSPECTION_UPDATE =
	"UPDATE inspections SET plan_id = CASE WHEN ? = 1 THEN ? ELSE plan_id END,"
	" inspector_id = COALESCE(?, inspector_id), inspected_id = COALESCE(?, inspected_id),"
	" unit_id = COALESCE(?, unit_id), kind = COALESCE(?, kind),"
	" held_on = COALESCE(?, held_on), scope = COALESCE(?, scope),"
	" conclusions = COALESCE(?, conclusions), follow_up = COALESCE(?, follow_up),"
	" version = version + 1, updated_at = ? WHERE id = ?";

tderr inspections_update(db *d, int64_t id, const inspection_input *in, td_error *e)
{
	inspection_state st = {0};
	tderr err = inspections_state(d, id, &st);
	if (err == TD_ENOTFOUND)
		return set_err(e, err, "not_found", "Không tìm thấy cuộc kiểm tra", NULL);
	if (err)
		return err;
	if (in->version != st.version)
		return set_err(e, TD_ECONFLICT, "stale_version",
			       "Cuộc kiểm tra đã được người khác sửa, vui lòng tải lại", "version");
	char *scope = in->scope ? vn_nfc(in->scope) : NULL;
	char *concl = in->conclusions ? vn_nfc(in->conclusions) : NULL;
	char now[32];
	clock_iso(now, sizeof now);
	err = TD_EINTERNAL;
	db_stmt *s = (!in->scope || scope) && (!in->conclusions || concl)
			     ? db_prepare(d, SQL_INSPECTION_UPDATE)
			     : NULL;
	if (s) {
		sqlbind b = sb_start(s);
		sb_int(&b, in->set_plan);
		sb_opt_int(&b, in->plan_id > 0, in->plan_id);
		sb_opt_int(&b, in->inspector_id > 0, in->inspector_id);
		sb_opt_int(&b, in->inspected_id > 0, in->inspected_id);
		sb_opt_int(&b, in->unit_id > 0, in->unit_id);
		sb_text(&b, in->kind);
		sb_text(&b, in->held_on);
		sb_text(&b, scope);
		sb_text(&b, concl);
		sb_text(&b, in->follow_up);
		sb_text(&b, now);
		sb_int(&b, id);
		err = store_exec(s);
	}
	free(scope);
	free(concl);
	return err;
}
