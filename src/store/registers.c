/* registers.c — register types: lists, one type (current or an older schema),
 * create and update with every schema version kept in register_schemas. */
#include "store/registers.h"
#include "core/clock.h"
#include "store/sqlbind.h"
#include "store/store.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *SQL_TYPE_FACTS =
	"SELECT id, plan_id, schema_version, version FROM register_types WHERE code = ?";

tderr regtypes_facts(db *d, const char *code, regtype_facts *out)
{
	db_stmt *s = db_prepare(d, SQL_TYPE_FACTS);
	if (!s)
		return TD_EINTERNAL;
	db_bind_text(s, 1, code);
	tderr e = TD_OK;
	int rc = db_step(s, &e);
	if (rc == DB_ROW) {
		out->id = db_col_int(s, 0);
		out->plan_id = db_col_int(s, 1);
		out->schema_version = db_col_int(s, 2);
		out->version = db_col_int(s, 3);
	}
	db_reset(s);
	if (rc < 0)
		return e;
	return rc == DB_ROW ? TD_OK : TD_ENOTFOUND;
}

static json_t *load_json(const char *text, int array)
{
	json_t *j = text ? json_loads(text, 0, NULL) : NULL;
	if (!j || (array ? !json_is_array(j) : !json_is_object(j))) {
		json_decref(j);
		return array ? json_array() : json_object();
	}
	return j;
}

#define TYPE_COLS                                                                          \
	"t.id, t.code, t.plan_id, p.code, p.title, t.name, t.name_en, t.schema_version,"    \
	" t.version, s.fields, s.derived, t.created_at, t.updated_at,"                      \
	" (SELECT COUNT(*) FROM register_records r WHERE r.type_id = t.id)"
#define TYPE_FROM                                                                          \
	" FROM register_types t JOIN plans p ON p.id = t.plan_id"                           \
	" JOIN register_schemas s ON s.type_id = t.id"

static json_t *type_row(db_stmt *s)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(db_col_int(s, 0)));
	json_object_set_new(o, "code", store_col_str(s, 1));
	json_object_set_new(o, "plan_id", json_integer(db_col_int(s, 2)));
	json_object_set_new(o, "plan", json_pack("{s:I,s:o,s:o}", "id", (json_int_t)db_col_int(s, 2),
						 "code", store_col_str(s, 3), "title",
						 store_col_str(s, 4)));
	json_object_set_new(o, "name", store_col_str(s, 5));
	json_object_set_new(o, "name_en", store_col_str(s, 6));
	json_object_set_new(o, "schema_version", json_integer(db_col_int(s, 7)));
	json_object_set_new(o, "version", json_integer(db_col_int(s, 8)));
	json_object_set_new(o, "fields", load_json(db_col_text(s, 9), 1));
	json_object_set_new(o, "derived", load_json(db_col_text(s, 10), 1));
	json_object_set_new(o, "created_at", store_col_str(s, 11));
	json_object_set_new(o, "updated_at", store_col_str(s, 12));
	json_object_set_new(o, "records", json_integer(db_col_int(s, 13)));
	return o;
}

static const char *SQL_TYPES_LIST =
	"SELECT " TYPE_COLS TYPE_FROM " WHERE s.schema_version = t.schema_version"
	" AND (CAST(? AS INTEGER) IS NULL OR t.plan_id = ?) ORDER BY p.code, t.code";

tderr regtypes_list(db *d, int64_t plan_id, json_t **items)
{
	db_stmt *s = db_prepare(d, SQL_TYPES_LIST);
	if (!s)
		return TD_EINTERNAL;
	sqlbind b = sb_start(s);
	sb_opt_int(&b, plan_id > 0, plan_id);
	sb_opt_int(&b, plan_id > 0, plan_id);
	json_t *arr = json_array();
	tderr e = TD_OK;
	int rc;
	while ((rc = db_step(s, &e)) == DB_ROW)
		json_array_append_new(arr, type_row(s));
	db_reset(s);
	if (rc < 0) {
		json_decref(arr);
		return e;
	}
	*items = arr;
	return TD_OK;
}

static const char *SQL_TYPE_GET =
	"SELECT " TYPE_COLS TYPE_FROM " WHERE t.code = ?"
	" AND s.schema_version = (CASE WHEN CAST(? AS INTEGER) IS NULL THEN t.schema_version"
	" ELSE ? END)";

tderr regtypes_get(db *d, const char *code, int64_t schema_version, json_t **out)
{
	db_stmt *s = db_prepare(d, SQL_TYPE_GET);
	if (!s)
		return TD_EINTERNAL;
	sqlbind b = sb_start(s);
	sb_text(&b, code);
	sb_opt_int(&b, schema_version > 0, schema_version);
	sb_opt_int(&b, schema_version > 0, schema_version);
	tderr e = TD_OK;
	int rc = db_step(s, &e);
	if (rc == DB_ROW) {
		*out = type_row(s);
		if (schema_version > 0)
			json_object_set_new(*out, "shown_schema_version", json_integer(schema_version));
	}
	db_reset(s);
	if (rc < 0)
		return e;
	return rc == DB_ROW ? TD_OK : TD_ENOTFOUND;
}

static const char *SQL_SCHEMA_GET =
	"SELECT fields, derived FROM register_schemas WHERE type_id = ? AND schema_version = ?";

tderr regtypes_schema(db *d, int64_t type_id, int64_t schema_version, json_t **fields,
		      json_t **derived)
{
	db_stmt *s = db_prepare(d, SQL_SCHEMA_GET);
	if (!s)
		return TD_EINTERNAL;
	db_bind_int(s, 1, type_id);
	db_bind_int(s, 2, schema_version);
	tderr e = TD_OK;
	int rc = db_step(s, &e);
	if (rc == DB_ROW) {
		*fields = load_json(db_col_text(s, 0), 1);
		*derived = load_json(db_col_text(s, 1), 1);
	}
	db_reset(s);
	if (rc < 0)
		return e;
	return rc == DB_ROW ? TD_OK : TD_ENOTFOUND;
}

static const char *SQL_SCHEMA_INSERT =
	"INSERT INTO register_schemas(type_id, schema_version, fields, derived, created_at)"
	" VALUES (?, ?, ?, ?, ?)";

static tderr schema_insert(db *d, int64_t type_id, int64_t sv, const json_t *fields,
			   const json_t *derived, const char *now)
{
	char *f = json_dumps(fields, JSON_COMPACT), *dv = json_dumps(derived, JSON_COMPACT);
	db_stmt *s = f && dv ? db_prepare(d, SQL_SCHEMA_INSERT) : NULL;
	tderr e = TD_EINTERNAL;
	if (s) {
		sqlbind b = sb_start(s);
		sb_int(&b, type_id);
		sb_int(&b, sv);
		sb_text(&b, f);
		sb_text(&b, dv);
		sb_text(&b, now);
		e = store_exec(s);
	}
	free(f);
	free(dv);
	return e;
}

static const char *SQL_TYPE_INSERT =
	"INSERT INTO register_types(code, plan_id, name, name_en, schema_version, version,"
	" created_at, updated_at) VALUES (?, ?, ?, ?, 1, 1, ?, ?) RETURNING id";

tderr regtypes_create(db *d, const regtype_input *in, int64_t *id)
{
	char now[32];
	clock_iso(now, sizeof now);
	db_stmt *s = db_prepare(d, SQL_TYPE_INSERT);
	if (!s)
		return TD_EINTERNAL;
	sqlbind b = sb_start(s);
	sb_text(&b, in->code);
	sb_int(&b, in->plan_id);
	sb_text(&b, in->name);
	sb_text(&b, in->name_en);
	sb_text(&b, now);
	sb_text(&b, now);
	tderr e = store_one_int(s, id);
	if (e)
		return e;
	json_t *empty = json_array();
	e = schema_insert(d, *id, 1, in->fields, in->derived ? in->derived : empty, now);
	json_decref(empty);
	return e;
}

static const char *SQL_TYPE_UPDATE =
	"UPDATE register_types SET name = COALESCE(?, name), name_en = COALESCE(?, name_en),"
	" schema_version = schema_version + ?, version = version + 1, updated_at = ?"
	" WHERE id = ? AND version = ?";
static const char *SQL_TYPE_VERSIONS =
	"SELECT schema_version, version FROM register_types WHERE id = ?";

tderr regtypes_update(db *d, int64_t id, const regtype_input *in)
{
	db_stmt *s = db_prepare(d, SQL_TYPE_VERSIONS);
	if (!s)
		return TD_EINTERNAL;
	db_bind_int(s, 1, id);
	tderr e = TD_OK;
	int rc = db_step(s, &e);
	int64_t sv = rc == DB_ROW ? db_col_int(s, 0) : 0, ver = rc == DB_ROW ? db_col_int(s, 1) : 0;
	db_reset(s);
	if (rc < 0)
		return e;
	if (rc != DB_ROW)
		return TD_ENOTFOUND;
	if (ver != in->version)
		return TD_ECONFLICT;
	char now[32];
	clock_iso(now, sizeof now);
	int new_schema = in->fields != NULL;
	if (new_schema) {
		json_t *old_f = NULL, *old_d = NULL;
		if ((e = regtypes_schema(d, id, sv, &old_f, &old_d)))
			return e;
		const json_t *dv = in->derived ? in->derived : old_d;
		/* an unchanged schema is not a new version */
		new_schema = !json_equal(old_f, in->fields) || !json_equal(old_d, (json_t *)dv);
		if (new_schema)
			e = schema_insert(d, id, sv + 1, in->fields, dv, now);
		json_decref(old_f);
		json_decref(old_d);
		if (e)
			return e;
	} else if (in->derived) {
		json_t *old_f = NULL, *old_d = NULL;
		if ((e = regtypes_schema(d, id, sv, &old_f, &old_d)))
			return e;
		new_schema = !json_equal(old_d, in->derived);
		if (new_schema)
			e = schema_insert(d, id, sv + 1, old_f, in->derived, now);
		json_decref(old_f);
		json_decref(old_d);
		if (e)
			return e;
	}
	if (!(s = db_prepare(d, SQL_TYPE_UPDATE)))
		return TD_EINTERNAL;
	sqlbind b = sb_start(s);
	sb_text(&b, in->name);
	sb_text(&b, in->name_en);
	sb_int(&b, new_schema ? 1 : 0);
	sb_text(&b, now);
	sb_int(&b, id);
	sb_int(&b, in->version);
	return store_exec(s);
}
