/* register_records.c — the records of registers: scoped lists searched
 * diacritic-insensitively and ordered the Vietnamese way, one record with its
 * files, writes, and the records a formula reads. */
#include "core/regschema.h"
#include "core/clock.h"
#include "core/vntext.h"
#include "store/registers.h"
#include "store/sqlbind.h"
#include "store/store.h"
#include "store/textkey.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REC_COLS                                                                           \
	"r.id, un.code, un.name, r.schema_version, r.data, r.title, r.version,"             \
	" r.created_at, r.updated_at, r.search"
#define REC_FROM " FROM register_records r JOIN org_units un ON un.id = r.unit_id"

static json_t *data_of(const char *text)
{
	json_t *j = text ? json_loads(text, 0, NULL) : NULL;
	if (!json_is_object(j)) {
		json_decref(j);
		return json_object();
	}
	return j;
}

static json_t *rec_row(db_stmt *s, const json_t *derived)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(db_col_int(s, 0)));
	json_object_set_new(o, "unit", json_pack("{s:o,s:o}", "code", store_col_str(s, 1), "name",
						 store_col_str(s, 2)));
	json_object_set_new(o, "schema_version", json_integer(db_col_int(s, 3)));
	json_t *data = data_of(db_col_text(s, 4));
	json_object_set_new(o, "derived", regschema_derive(derived, data));
	json_object_set_new(o, "data", data);
	json_object_set_new(o, "title", store_col_str(s, 5));
	json_object_set_new(o, "version", json_integer(db_col_int(s, 6)));
	json_object_set_new(o, "created_at", store_col_str(s, 7));
	json_object_set_new(o, "updated_at", store_col_str(s, 8));
	return o;
}

/* scope (2: read path twice), unit subtree (2) */
static const char *SQL_RECS_LIST =
	"SELECT " REC_COLS REC_FROM " WHERE r.type_id = ?"
	" AND (un.path LIKE (? || '%') OR ? LIKE (un.path || '%'))"
	" AND (CAST(? AS TEXT) IS NULL OR un.path LIKE (? || '%'))"
	" ORDER BY r.sort_key, r.id LIMIT ?";

/* The value of field in a record as text, for the equality filter. */
static int field_matches(const json_t *data, const char *field, const char *value)
{
	json_t *v = json_object_get(data, field);
	char buf[64];
	const char *t = NULL;
	if (json_is_string(v))
		t = json_string_value(v);
	else if (json_is_boolean(v))
		t = json_is_true(v) ? "true" : "false";
	else if (json_is_integer(v))
		snprintf(buf, sizeof buf, "%lld", (long long)json_integer_value(v)), t = buf;
	else if (json_is_real(v))
		snprintf(buf, sizeof buf, "%.15g", json_real_value(v)), t = buf;
	else
		t = strcmp(value, "false") == 0 ? "false" : ""; /* an unanswered yes/no is no */
	return strcmp(t, value) == 0;
}

tderr regrecs_list(db *d, const regrec_filter *f, const json_t *derived, json_t **items,
		   int64_t *total)
{
	db_stmt *s = db_prepare(d, SQL_RECS_LIST);
	if (!s)
		return TD_EINTERNAL;
	sqlbind b = sb_start(s);
	sb_int(&b, f->type_id);
	sb_text(&b, f->read_path);
	sb_text(&b, f->read_path);
	sb_text(&b, f->unit_path);
	sb_text(&b, f->unit_path);
	sb_int(&b, REG_RECORDS_SCAN_MAX);
	json_t *arr = json_array();
	int64_t n = 0;
	tderr e = TD_OK;
	int rc;
	while ((rc = db_step(s, &e)) == DB_ROW) {
		const char *search = db_col_text(s, 9);
		if (f->q && *f->q && !(search && strstr(search, f->q)))
			continue;
		if (f->field) {
			json_t *data = data_of(db_col_text(s, 4));
			int ok = field_matches(data, f->field, f->value ? f->value : "");
			json_decref(data);
			if (!ok)
				continue;
		}
		if (n >= f->offset && n < f->offset + f->limit)
			json_array_append_new(arr, rec_row(s, derived));
		n++;
	}
	db_reset(s);
	if (rc < 0) {
		json_decref(arr);
		return e;
	}
	*items = arr;
	*total = n;
	return TD_OK;
}

static const char *SQL_REC_GET = "SELECT " REC_COLS REC_FROM " WHERE r.id = ? AND r.type_id = ?";
static const char *SQL_REC_FILES =
	"SELECT id, name, size, sha256, content_type, uploaded_at FROM register_files"
	" WHERE record_id = ? ORDER BY id";

tderr regrecs_get(db *d, int64_t type_id, int64_t id, const json_t *derived, json_t **out)
{
	db_stmt *s = db_prepare(d, SQL_REC_GET);
	if (!s)
		return TD_EINTERNAL;
	db_bind_int(s, 1, id);
	db_bind_int(s, 2, type_id);
	tderr e = TD_OK;
	int rc = db_step(s, &e);
	json_t *o = rc == DB_ROW ? rec_row(s, derived) : NULL;
	db_reset(s);
	if (rc < 0)
		return e;
	if (!o)
		return TD_ENOTFOUND;
	if (!(s = db_prepare(d, SQL_REC_FILES))) {
		json_decref(o);
		return TD_EINTERNAL;
	}
	db_bind_int(s, 1, id);
	json_t *files = json_array();
	while ((rc = db_step(s, &e)) == DB_ROW)
		json_array_append_new(
			files, json_pack("{s:I,s:o,s:I,s:o,s:o,s:o}", "id", (json_int_t)db_col_int(s, 0),
					 "name", store_col_str(s, 1), "size",
					 (json_int_t)db_col_int(s, 2), "sha256", store_col_str(s, 3),
					 "content_type", store_col_str(s, 4), "uploaded_at",
					 store_col_str(s, 5)));
	db_reset(s);
	json_object_set_new(o, "files", files);
	if (rc < 0) {
		json_decref(o);
		return e;
	}
	*out = o;
	return TD_OK;
}

static const char *SQL_REC_PATH =
	"SELECT un.path FROM register_records r JOIN org_units un ON un.id = r.unit_id"
	" WHERE r.id = ?";

tderr regrecs_unit_path(db *d, int64_t id, char path[UNIT_PATH_MAX])
{
	db_stmt *s = db_prepare(d, SQL_REC_PATH);
	if (!s)
		return TD_EINTERNAL;
	db_bind_int(s, 1, id);
	tderr e = TD_OK;
	int rc = db_step(s, &e);
	if (rc == DB_ROW) {
		const char *p = db_col_text(s, 0);
		snprintf(path, UNIT_PATH_MAX, "%s", p ? p : "");
	}
	db_reset(s);
	if (rc < 0)
		return e;
	return rc == DB_ROW ? TD_OK : TD_ENOTFOUND;
}

/* title (first text field, else "#id"-less placeholder), search (folded text of the
 * text and choice fields), sort key of the title. */
typedef struct rec_text {
	textkey title;
	char *search;
} rec_text;

static tderr rec_text_make(const regrec_input *in, rec_text *t)
{
	memset(t, 0, sizeof *t);
	const char *tf = regschema_title_field(in->fields);
	const char *title = tf ? json_string_value(json_object_get(in->data, tf)) : NULL;
	tderr e = textkey_make(title ? title : "", &t->title);
	if (e)
		return e;
	size_t cap = 1, len = 0;
	size_t i;
	json_t *fd;
	json_array_foreach(in->fields, i, fd)
	{
		json_t *v = json_object_get(in->data, json_string_value(json_object_get(fd, "name")));
		if (json_is_string(v))
			cap += json_string_length(v) + 1;
	}
	char *all = malloc(cap);
	if (!all) {
		textkey_free(&t->title);
		return TD_EINTERNAL;
	}
	all[0] = 0;
	json_array_foreach(in->fields, i, fd)
	{
		json_t *v = json_object_get(in->data, json_string_value(json_object_get(fd, "name")));
		if (!json_is_string(v))
			continue;
		size_t n = json_string_length(v);
		memcpy(all + len, json_string_value(v), n);
		len += n;
		all[len++] = ' ';
		all[len] = 0;
	}
	t->search = vn_fold(all);
	free(all);
	if (!t->search) {
		textkey_free(&t->title);
		return TD_EINTERNAL;
	}
	return TD_OK;
}

static void rec_text_free(rec_text *t)
{
	textkey_free(&t->title);
	free(t->search);
}

static const char *SQL_REC_INSERT =
	"INSERT INTO register_records(type_id, unit_id, schema_version, data, title, search,"
	" sort_key, version, created_by, created_at, updated_at)"
	" VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?) RETURNING id";

tderr regrecs_create(db *d, const regrec_input *in, int64_t *id)
{
	rec_text t;
	tderr e = rec_text_make(in, &t);
	if (e)
		return e;
	char *data = json_dumps(in->data, JSON_COMPACT | JSON_SORT_KEYS);
	char now[32];
	clock_iso(now, sizeof now);
	db_stmt *s = data ? db_prepare(d, SQL_REC_INSERT) : NULL;
	e = TD_EINTERNAL;
	if (s) {
		sqlbind b = sb_start(s);
		sb_int(&b, in->type_id);
		sb_int(&b, in->unit_id);
		sb_int(&b, in->schema_version);
		sb_text(&b, data);
		sb_text(&b, t.title.nfc);
		sb_text(&b, t.search);
		sb_text(&b, t.title.sort);
		sb_opt_int(&b, in->user_id > 0, in->user_id);
		sb_text(&b, now);
		sb_text(&b, now);
		e = store_one_int(s, id);
	}
	free(data);
	rec_text_free(&t);
	return e;
}

static const char *SQL_REC_VERSION = "SELECT version FROM register_records WHERE id = ?";
static const char *SQL_REC_UPDATE =
	"UPDATE register_records SET unit_id = ?, schema_version = ?, data = ?, title = ?,"
	" search = ?, sort_key = ?, version = version + 1, updated_at = ?"
	" WHERE id = ? AND version = ?";

tderr regrecs_update(db *d, int64_t id, const regrec_input *in)
{
	db_stmt *s = db_prepare(d, SQL_REC_VERSION);
	if (!s)
		return TD_EINTERNAL;
	db_bind_int(s, 1, id);
	int64_t ver;
	tderr e = store_one_int(s, &ver);
	if (e)
		return e;
	if (ver != in->version)
		return TD_ECONFLICT;
	rec_text t;
	if ((e = rec_text_make(in, &t)))
		return e;
	char *data = json_dumps(in->data, JSON_COMPACT | JSON_SORT_KEYS);
	char now[32];
	clock_iso(now, sizeof now);
	s = data ? db_prepare(d, SQL_REC_UPDATE) : NULL;
	e = TD_EINTERNAL;
	if (s) {
		sqlbind b = sb_start(s);
		sb_int(&b, in->unit_id);
		sb_int(&b, in->schema_version);
		sb_text(&b, data);
		sb_text(&b, t.title.nfc);
		sb_text(&b, t.search);
		sb_text(&b, t.title.sort);
		sb_text(&b, now);
		sb_int(&b, id);
		sb_int(&b, in->version);
		e = store_exec(s);
	}
	free(data);
	rec_text_free(&t);
	return e;
}

static const char *SQL_REC_FILES_DELETE = "DELETE FROM register_files WHERE record_id = ?";
static const char *SQL_REC_DELETE = "DELETE FROM register_records WHERE id = ?";

tderr regrecs_delete(db *d, int64_t id)
{
	db_stmt *s = db_prepare(d, SQL_REC_FILES_DELETE);
	if (!s)
		return TD_EINTERNAL;
	db_bind_int(s, 1, id);
	tderr e = store_exec(s);
	if (e || !(s = db_prepare(d, SQL_REC_DELETE)))
		return e ? e : TD_EINTERNAL;
	db_bind_int(s, 1, id);
	return store_exec(s);
}

static const char *SQL_RECS_FORMULA =
	"SELECT r.data FROM register_records r JOIN org_units un ON un.id = r.unit_id"
	" WHERE r.type_id = ? AND (un.path = ? OR (? = 0 AND un.path LIKE (? || '%')))"
	" ORDER BY r.id LIMIT ?";

tderr regrecs_for_formula(db *d, int64_t type_id, const char *unit_path, int own_only,
			  const json_t *derived, json_t **out)
{
	db_stmt *s = db_prepare(d, SQL_RECS_FORMULA);
	if (!s)
		return TD_EINTERNAL;
	sqlbind b = sb_start(s);
	sb_int(&b, type_id);
	sb_text(&b, unit_path);
	sb_int(&b, own_only ? 1 : 0);
	sb_text(&b, unit_path);
	sb_int(&b, REG_RECORDS_SCAN_MAX);
	json_t *arr = json_array();
	tderr e = TD_OK;
	int rc;
	while ((rc = db_step(s, &e)) == DB_ROW) {
		json_t *data = data_of(db_col_text(s, 0));
		json_t *dv = regschema_derive(derived, data);
		json_object_update(data, dv);
		json_decref(dv);
		json_array_append_new(arr, data);
	}
	db_reset(s);
	if (rc < 0) {
		json_decref(arr);
		return e;
	}
	*out = arr;
	return TD_OK;
}

static const char *SQL_FILE_INSERT =
	"INSERT INTO register_files(record_id, name, content_type, size, sha256, uploaded_by,"
	" uploaded_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id";

tderr regfiles_insert(db *d, int64_t record_id, const char *name, const char *content_type,
		      size_t size, const char *sha, int64_t user_id, int64_t *id)
{
	char now[32];
	clock_iso(now, sizeof now);
	db_stmt *s = db_prepare(d, SQL_FILE_INSERT);
	if (!s)
		return TD_EINTERNAL;
	sqlbind b = sb_start(s);
	sb_int(&b, record_id);
	sb_text(&b, name);
	sb_text(&b, content_type);
	sb_int(&b, (int64_t)size);
	sb_text(&b, sha);
	sb_opt_int(&b, user_id > 0, user_id);
	sb_text(&b, now);
	return store_one_int(s, id);
}

static const char *SQL_FILE_GET =
	"SELECT name, content_type, size, sha256 FROM register_files WHERE id = ? AND record_id = ?";

tderr regfiles_get(db *d, int64_t record_id, int64_t file_id, json_t **out)
{
	db_stmt *s = db_prepare(d, SQL_FILE_GET);
	if (!s)
		return TD_EINTERNAL;
	db_bind_int(s, 1, file_id);
	db_bind_int(s, 2, record_id);
	tderr e = TD_OK;
	int rc = db_step(s, &e);
	if (rc == DB_ROW)
		*out = json_pack("{s:o,s:o,s:I,s:o}", "name", store_col_str(s, 0), "content_type",
				 store_col_str(s, 1), "size", (json_int_t)db_col_int(s, 2), "sha256",
				 store_col_str(s, 3));
	db_reset(s);
	if (rc < 0)
		return e;
	return rc == DB_ROW ? TD_OK : TD_ENOTFOUND;
}
