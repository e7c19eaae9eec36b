/* units.c — reads of the administrative unit tree: lists by parent, level, search
 * text and date, one unit by code, and the id/path lookup the access checks use.
 * Units are written only by the import and demo loaders. */
#include "store/units.h"
#include "core/clock.h"
#include "store/sqlbind.h"
#include "store/store.h"
#include "store/textkey.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Columns of one unit item; the has_children test takes the date twice. */
#define UNIT_COLS                                                                          \
	"u.code, u.name, u.full_name, u.level, u.kind, p.code, u.valid_from, u.valid_to,"   \
	" CASE WHEN EXISTS (SELECT 1 FROM org_units c WHERE c.parent_id = u.id"             \
	"   AND c.valid_from <= ? AND (c.valid_to IS NULL OR c.valid_to > ?))"              \
	" THEN 1 ELSE 0 END, u.path"

/* Filters of the list: date (2), roots flag (1), parent (4), level (2), q (5). */
#define UNIT_LIST_FROM                                                                     \
	" FROM org_units u LEFT JOIN org_units p ON p.id = u.parent_id"                     \
	" WHERE u.valid_from <= ? AND (u.valid_to IS NULL OR u.valid_to > ?)"               \
	" AND (? = 0 OR u.parent_id IS NULL)"                                               \
	" AND (CAST(? AS TEXT) IS NULL OR u.parent_id IN (SELECT pp.id FROM org_units pp"   \
	"   WHERE pp.code = ? AND pp.valid_from <= ?"                                       \
	"   AND (pp.valid_to IS NULL OR pp.valid_to > ?)))"                                 \
	" AND (CAST(? AS TEXT) IS NULL OR u.level = ?)"                                     \
	" AND (CAST(? AS TEXT) IS NULL OR u.search LIKE ? ESCAPE '\\'"                      \
	"   OR LOWER(u.name) LIKE LOWER(?) ESCAPE '\\'"                                     \
	"   OR LOWER(u.full_name) LIKE LOWER(?) ESCAPE '\\' OR u.code LIKE ? ESCAPE '\\')"

static json_t *unit_row_json(db_stmt *s)
{
	json_t *o = json_object();
	json_object_set_new(o, "code", store_col_str(s, 0));
	json_object_set_new(o, "name", store_col_str(s, 1));
	json_object_set_new(o, "full_name", store_col_str(s, 2));
	json_object_set_new(o, "level", store_col_str(s, 3));
	json_object_set_new(o, "kind", store_col_str(s, 4));
	json_object_set_new(o, "parent_code", store_col_str(s, 5));
	json_object_set_new(o, "valid_from", store_col_str(s, 6));
	json_object_set_new(o, "valid_to", store_col_str(s, 7));
	json_object_set_new(o, "has_children", json_boolean(db_col_int(s, 8) != 0));
	return o;
}

static void bind_list_filters(sqlbind *b, const unit_filter *f, const char *day,
			      const char *raw, const char *folded)
{
	int roots = !f->parent && !f->level && !raw;
	sb_text(b, day);
	sb_text(b, day);
	sb_int(b, roots);
	sb_text(b, f->parent);
	sb_text(b, f->parent);
	sb_text(b, day);
	sb_text(b, day);
	sb_text(b, f->level);
	sb_text(b, f->level);
	sb_text(b, raw);
	sb_text(b, folded);
	sb_text(b, raw);
	sb_text(b, raw);
	sb_text(b, raw);
}

static const char *SQL_UNITS_LIST =
	"SELECT " UNIT_COLS UNIT_LIST_FROM
	" ORDER BY u.depth, u.sort_key, u.code LIMIT ? OFFSET ?";

static const char *SQL_UNITS_COUNT = "SELECT COUNT(*)" UNIT_LIST_FROM;

tderr units_list(db *d, const unit_filter *f, json_t **items, int64_t *total)
{
	char today[16];
	const char *day = f->as_of;
	if (!day) {
		clock_today_vn(today, sizeof today);
		day = today;
	}
	char *raw = NULL, *folded = NULL;
	if (f->q && *f->q) {
		tderr qe = textkey_query(f->q, &raw, &folded);
		if (qe)
			return qe;
	}

	tderr e = TD_EINTERNAL;
	db_stmt *s = db_prepare(d, SQL_UNITS_COUNT);
	if (!s)
		goto out;
	sqlbind b = sb_start(s);
	bind_list_filters(&b, f, day, raw, folded);
	if ((e = store_one_int(s, total)) != TD_OK)
		goto out;

	e = TD_EINTERNAL;
	s = db_prepare(d, SQL_UNITS_LIST);
	if (!s)
		goto out;
	b = sb_start(s);
	sb_text(&b, day);
	sb_text(&b, day);
	bind_list_filters(&b, f, day, raw, folded);
	sb_int(&b, f->limit);
	sb_int(&b, f->offset);
	json_t *arr = json_array();
	int rc;
	while ((rc = db_step(s, &e)) == DB_ROW)
		json_array_append_new(arr, unit_row_json(s));
	db_reset(s);
	if (rc < 0) {
		json_decref(arr);
		goto out;
	}
	*items = arr;
	e = TD_OK;
out:
	free(raw);
	free(folded);
	return e;
}

/* The version valid on the date when one is given, else the current version. */
static const char *SQL_UNIT_GET =
	"SELECT " UNIT_COLS
	" FROM org_units u LEFT JOIN org_units p ON p.id = u.parent_id"
	" WHERE u.code = ? AND (CAST(? AS TEXT) IS NULL OR (u.valid_from <= ?"
	"   AND (u.valid_to IS NULL OR u.valid_to > ?)))"
	" ORDER BY CASE WHEN u.valid_to IS NULL THEN 0 ELSE 1 END, u.valid_from DESC LIMIT 1";

/* Ancestors of a unit: the units whose path is a proper prefix of its path. */
static const char *SQL_UNIT_ANCESTORS =
	"SELECT a.code, a.name, a.level FROM org_units a"
	" WHERE ? LIKE (a.path || '%') AND a.path <> ? ORDER BY a.depth";

static tderr unit_ancestors(db *d, const char *path, json_t *out)
{
	db_stmt *s = db_prepare(d, SQL_UNIT_ANCESTORS);
	if (!s)
		return TD_EINTERNAL;
	db_bind_text(s, 1, path);
	db_bind_text(s, 2, path);
	tderr e = TD_OK;
	int rc;
	while ((rc = db_step(s, &e)) == DB_ROW) {
		json_t *o = json_object();
		json_object_set_new(o, "code", store_col_str(s, 0));
		json_object_set_new(o, "name", store_col_str(s, 1));
		json_object_set_new(o, "level", store_col_str(s, 2));
		json_array_append_new(out, o);
	}
	db_reset(s);
	return rc < 0 ? e : TD_OK;
}

tderr units_get(db *d, const char *code, const char *as_of, json_t **out)
{
	char today[16];
	const char *day = as_of;
	if (!day) {
		clock_today_vn(today, sizeof today);
		day = today;
	}
	db_stmt *s = db_prepare(d, SQL_UNIT_GET);
	if (!s)
		return TD_EINTERNAL;
	sqlbind b = sb_start(s);
	sb_text(&b, day);
	sb_text(&b, day);
	sb_text(&b, code);
	sb_text(&b, as_of);
	sb_text(&b, as_of);
	sb_text(&b, as_of);
	tderr e = TD_OK;
	int rc = db_step(s, &e);
	if (rc != DB_ROW) {
		db_reset(s);
		return rc < 0 ? e : TD_ENOTFOUND;
	}
	json_t *o = unit_row_json(s);
	char path[UNIT_PATH_MAX];
	snprintf(path, sizeof path, "%s", db_col_text(s, 9) ? db_col_text(s, 9) : "");
	db_reset(s);
	json_t *anc = json_array();
	json_object_set_new(o, "ancestors", anc);
	if ((e = unit_ancestors(d, path, anc)) != TD_OK) {
		json_decref(o);
		return e;
	}
	*out = o;
	return TD_OK;
}

static const char *SQL_UNIT_LOOKUP =
	"SELECT id, path FROM org_units WHERE code = ?"
	" ORDER BY CASE WHEN valid_to IS NULL THEN 0 ELSE 1 END, valid_from DESC LIMIT 1";

tderr units_lookup(db *d, const char *code, int64_t *id, char path[UNIT_PATH_MAX])
{
	if (!code || strlen(code) > UNIT_CODE_MAX)
		return TD_ENOTFOUND;
	db_stmt *s = db_prepare(d, SQL_UNIT_LOOKUP);
	if (!s)
		return TD_EINTERNAL;
	db_bind_text(s, 1, code);
	tderr e = TD_OK;
	int rc = db_step(s, &e);
	if (rc == DB_ROW) {
		*id = db_col_int(s, 0);
		const char *p = db_col_text(s, 1);
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
