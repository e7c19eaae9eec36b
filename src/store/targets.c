/* targets.c — queries for the targets of an indicator: lists and history in the
 * reader's scope, the checked all-or-nothing write that records every change, and
 * a unit's target against the sum of its children's. */
#include "store/targets.h"
#include "core/clock.h"
#include "core/scope.h"
#include "store/indicators.h"
#include "store/sqlbind.h"
#include "store/store.h"
#include "store/units.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static json_t *col_real(db_stmt *s, int col)
{
	return db_col_is_null(s, col) ? json_null() : json_real(db_col_double(s, col));
}

static json_t *year_json(int64_t year)
{
	return year ? json_integer(year) : json_null();
}

static json_t *unit_json(db_stmt *s, int col)
{
	json_t *u = json_object();
	json_object_set_new(u, "code", store_col_str(s, col));
	json_object_set_new(u, "name", store_col_str(s, col + 1));
	json_object_set_new(u, "level", store_col_str(s, col + 2));
	return u;
}

static json_t *user_json(db_stmt *s, int col)
{
	if (db_col_is_null(s, col))
		return json_null();
	json_t *u = json_object();
	json_object_set_new(u, "id", json_integer(db_col_int(s, col)));
	json_object_set_new(u, "full_name", store_col_str(s, col + 1));
	return u;
}

/* Filters shared by list and history over the alias u of the unit: indicator (1),
 * unit code (2), year (2), scope (3). */
#define TARGET_FILTERS                                                                     \
	" AND (CAST(? AS TEXT) IS NULL OR u.code = ?)"                                      \
	" AND (CAST(? AS INTEGER) IS NULL OR x.year = ?)"                                   \
	" AND (CAST(? AS TEXT) IS NULL OR u.path LIKE (? || '%') OR ? LIKE (u.path || '%'))"

static void bind_filters(sqlbind *b, int64_t indicator_id, const target_filter *f)
{
	sb_int(b, indicator_id);
	sb_text(b, f->unit);
	sb_text(b, f->unit);
	sb_opt_int(b, f->has_year, f->year);
	sb_opt_int(b, f->has_year, f->year);
	sb_text(b, f->scope_path);
	sb_text(b, f->scope_path);
	sb_text(b, f->scope_path);
}

/* Runs count_sql then list_sql with the filters, building items with row(). */
static tderr run_list(db *d, const char *count_sql, const char *list_sql, int64_t indicator_id,
		      const target_filter *f, json_t *(*row)(db_stmt *), json_t **items,
		      int64_t *total)
{
	db_stmt *s = db_prepare(d, count_sql);
	if (!s)
		return TD_EINTERNAL;
	sqlbind b = sb_start(s);
	bind_filters(&b, indicator_id, f);
	tderr e = store_one_int(s, total);
	if (e)
		return e;
	if (!(s = db_prepare(d, list_sql)))
		return TD_EINTERNAL;
	b = sb_start(s);
	bind_filters(&b, indicator_id, f);
	sb_int(&b, f->limit);
	sb_int(&b, f->offset);
	json_t *arr = json_array();
	int rc;
	while ((rc = db_step(s, &e)) == DB_ROW)
		json_array_append_new(arr, row(s));
	db_reset(s);
	if (rc < 0) {
		json_decref(arr);
		return e;
	}
	*items = arr;
	return TD_OK;
}

#define TARGET_FROM                                                                        \
	" FROM targets x JOIN org_units u ON u.id = x.unit_id"                              \
	" LEFT JOIN users us ON us.id = x.updated_by WHERE x.indicator_id = ?" TARGET_FILTERS

static const char *SQL_TARGETS_LIST =
	"SELECT u.code, u.name, u.level, x.year, x.value, x.updated_at, us.id, us.full_name"
	TARGET_FROM " ORDER BY x.year, u.depth, u.sort_key, u.code LIMIT ? OFFSET ?";
static const char *SQL_TARGETS_COUNT = "SELECT COUNT(*)" TARGET_FROM;

static json_t *target_row_json(db_stmt *s)
{
	json_t *o = json_object();
	json_object_set_new(o, "unit", unit_json(s, 0));
	json_object_set_new(o, "year", year_json(db_col_int(s, 3)));
	json_object_set_new(o, "value", col_real(s, 4));
	json_object_set_new(o, "updated_at", store_col_str(s, 5));
	json_object_set_new(o, "updated_by", user_json(s, 6));
	return o;
}

tderr targets_list(db *d, int64_t indicator_id, const target_filter *f, json_t **items,
		   int64_t *total)
{
	return run_list(d, SQL_TARGETS_COUNT, SQL_TARGETS_LIST, indicator_id, f, target_row_json,
			items, total);
}

#define HISTORY_FROM                                                                       \
	" FROM target_history x JOIN org_units u ON u.id = x.unit_id"                       \
	" LEFT JOIN users us ON us.id = x.changed_by WHERE x.indicator_id = ?" TARGET_FILTERS

static const char *SQL_HISTORY_LIST =
	"SELECT u.code, u.name, u.level, x.year, x.old_value, x.new_value, x.changed_at,"
	" us.id, us.full_name, x.reason, x.document" HISTORY_FROM
	" ORDER BY x.id DESC LIMIT ? OFFSET ?";
static const char *SQL_HISTORY_COUNT = "SELECT COUNT(*)" HISTORY_FROM;

static json_t *history_row_json(db_stmt *s)
{
	json_t *o = json_object();
	json_object_set_new(o, "unit", unit_json(s, 0));
	json_object_set_new(o, "year", year_json(db_col_int(s, 3)));
	json_object_set_new(o, "old_value", col_real(s, 4));
	json_object_set_new(o, "new_value", col_real(s, 5));
	json_object_set_new(o, "changed_at", store_col_str(s, 6));
	json_object_set_new(o, "changed_by", user_json(s, 7));
	json_object_set_new(o, "reason", store_col_str(s, 9));
	json_object_set_new(o, "document", store_col_str(s, 10));
	return o;
}

tderr targets_history(db *d, int64_t indicator_id, const target_filter *f, json_t **items,
		      int64_t *total)
{
	return run_list(d, SQL_HISTORY_COUNT, SQL_HISTORY_LIST, indicator_id, f,
			history_row_json, items, total);
}

/* ---- the write ---- */

static tderr put_fail(targets_error *err, long index, const char *code, const char *msg,
		      const char *field)
{
	if (err) {
		err->e.kind = TD_EINVALID;
		err->e.code = code;
		err->e.message = msg;
		err->e.field = field;
		err->index = index;
	}
	return TD_EINVALID;
}

static const char *SQL_PLAN_OF_INDICATOR =
	"SELECT p.start_year, p.end_year, ou.path FROM indicators i"
	" JOIN plans p ON p.id = i.plan_id JOIN organizations o ON o.id = p.owner_id"
	" JOIN org_units ou ON ou.id = o.unit_id WHERE i.id = ?";

/* The plan's years and the path of its owner's unit (the plan's area). */
static tderr plan_frame(db *d, int64_t indicator_id, int64_t *start, int64_t *end,
			char area[UNIT_PATH_MAX])
{
	db_stmt *s = db_prepare(d, SQL_PLAN_OF_INDICATOR);
	if (!s)
		return TD_EINTERNAL;
	db_bind_int(s, 1, indicator_id);
	tderr e = TD_OK;
	int rc = db_step(s, &e);
	if (rc == DB_ROW) {
		*start = db_col_int(s, 0);
		*end = db_col_int(s, 1);
		const char *p = db_col_text(s, 2);
		if (!p || strlen(p) >= UNIT_PATH_MAX)
			rc = -1, e = TD_EINTERNAL;
		else
			snprintf(area, UNIT_PATH_MAX, "%s", p);
	}
	db_reset(s);
	if (rc < 0)
		return e;
	return rc == DB_ROW ? TD_OK : TD_ENOTFOUND;
}

static const char *SQL_UNIT_BY_ID = "SELECT code, name, level, path FROM org_units WHERE id = ?";

/* The unit as JSON {code,name,level}, and whether it lies in the area. */
static tderr unit_of(db *d, int64_t unit_id, const char *area, json_t **unit, int *inside)
{
	db_stmt *s = db_prepare(d, SQL_UNIT_BY_ID);
	if (!s)
		return TD_EINTERNAL;
	db_bind_int(s, 1, unit_id);
	tderr e = TD_OK;
	int rc = db_step(s, &e);
	if (rc == DB_ROW) {
		*unit = unit_json(s, 0);
		*inside = scope_path_contains(area, db_col_text(s, 3));
	}
	db_reset(s);
	if (rc < 0)
		return e;
	return rc == DB_ROW ? TD_OK : TD_ENOTFOUND;
}

typedef struct put_key {
	int64_t unit_id, year;
	long index;
} put_key;

static int key_cmp(const void *a, const void *b)
{
	const put_key *x = a, *y = b;
	if (x->unit_id != y->unit_id)
		return x->unit_id < y->unit_id ? -1 : 1;
	if (x->year != y->year)
		return x->year < y->year ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

/* Index of the later of the first repeated (unit, year) pair, -1 when none. */
static long find_duplicate(const target_in *t, size_t n)
{
	if (n < 2)
		return -1;
	put_key *k = malloc(n * sizeof *k);
	if (!k)
		return -2;
	for (size_t i = 0; i < n; i++)
		k[i] = (put_key){t[i].unit_id, t[i].year, (long)i};
	if (n > 1) /* qsort wants a valid pointer even for 0 items */
		qsort(k, n, sizeof *k, key_cmp);
	long dup = -1;
	for (size_t i = 1; i < n; i++)
		if (k[i].unit_id == k[i - 1].unit_id && k[i].year == k[i - 1].year &&
		    (dup < 0 || k[i].index < dup))
			dup = k[i].index;
	free(k);
	return dup;
}

/* Targets add up over many units: the upper bound of one report does not apply,
 * except where a larger figure is meaningless (percentages, yes/no). */
static indicator_rules target_rules(const indicator_rules *r)
{
	indicator_rules t = *r;
	if (t.type == IND_TYPE_INTEGER || t.type == IND_TYPE_DECIMAL)
		t.has_max = 0;
	return t;
}

/* Checks every target before anything is written; units are returned as JSON. */
static tderr check_all(db *d, int64_t indicator_id, const target_in *t, size_t n,
		       json_t *units, targets_error *err)
{
	indicator_info info;
	int64_t start = 0, end = 0;
	char area[UNIT_PATH_MAX];
	tderr e = indicators_info(d, indicator_id, &info);
	if (!e)
		e = plan_frame(d, indicator_id, &start, &end, area);
	if (e)
		return e;
	indicator_rules rules = target_rules(&info.rules);
	for (size_t i = 0; i < n; i++) {
		if (t[i].year != 0 && (t[i].year < start || t[i].year > end))
			return put_fail(err, (long)i, "year_not_in_plan",
					"Năm phải nằm trong thời gian thực hiện kế hoạch (hoặc null cho cả giai đoạn)",
					"year");
		const char *code = NULL;
		if (t[i].has_value &&
		    indicator_check_value(&rules, t[i].value, &code, err ? err->msg : NULL,
					  err ? sizeof err->msg : 0))
			return put_fail(err, (long)i, code, err ? err->msg : NULL, "value");
		json_t *u = NULL;
		int inside = 0;
		e = unit_of(d, t[i].unit_id, area, &u, &inside);
		if (e == TD_ENOTFOUND)
			return put_fail(err, (long)i, "unknown_unit", "Không tìm thấy đơn vị hành chính",
					"unit");
		if (e)
			return e;
		json_array_append_new(units, u);
		if (!inside)
			return put_fail(err, (long)i, "unit_outside_plan",
					"Đơn vị không thuộc địa bàn của kế hoạch", "unit");
	}
	long dup = find_duplicate(t, n);
	if (dup == -2)
		return TD_EINTERNAL;
	if (dup >= 0)
		return put_fail(err, dup, "duplicate_target",
				"Chỉ tiêu giao cho đơn vị và năm này đã có ở trên trong danh sách", NULL);
	return TD_OK;
}

static const char *SQL_TARGET_OLD =
	"SELECT value FROM targets WHERE indicator_id = ? AND unit_id = ? AND year = ?";
static const char *SQL_TARGET_INSERT =
	"INSERT INTO targets(value, updated_at, updated_by, indicator_id, unit_id, year)"
	" VALUES (?, ?, ?, ?, ?, ?)";
static const char *SQL_TARGET_UPDATE =
	"UPDATE targets SET value = ?, updated_at = ?, updated_by = ?"
	" WHERE indicator_id = ? AND unit_id = ? AND year = ?";
static const char *SQL_TARGET_DELETE =
	"DELETE FROM targets WHERE indicator_id = ? AND unit_id = ? AND year = ?";
static const char *SQL_HISTORY_INSERT =
	"INSERT INTO target_history(indicator_id, unit_id, year, old_value, new_value,"
	" changed_at, changed_by, reason, document) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";

static void bind_opt_double(db_stmt *s, int idx, int has, double v)
{
	if (has)
		db_bind_double(s, idx, v);
	else
		db_bind_null(s, idx);
}

/* The stored value of one target: *has 0 when none. */
static tderr old_value(db *d, int64_t indicator_id, const target_in *t, int *has, double *v)
{
	db_stmt *s = db_prepare(d, SQL_TARGET_OLD);
	if (!s)
		return TD_EINTERNAL;
	db_bind_int(s, 1, indicator_id);
	db_bind_int(s, 2, t->unit_id);
	db_bind_int(s, 3, t->year);
	tderr e = TD_OK;
	int rc = db_step(s, &e);
	*has = rc == DB_ROW;
	if (rc == DB_ROW)
		*v = db_col_double(s, 0);
	db_reset(s);
	return rc < 0 ? e : TD_OK;
}

/* Writes one change of a target and its history row. */
static tderr write_one(db *d, int64_t indicator_id, const target_in *t, int had, double old,
		       int64_t by, const char *now, const char *reason, const char *document)
{
	const char *sql = !t->has_value ? SQL_TARGET_DELETE : had ? SQL_TARGET_UPDATE
								  : SQL_TARGET_INSERT;
	db_stmt *s = db_prepare(d, sql);
	if (!s)
		return TD_EINTERNAL;
	sqlbind b = sb_start(s);
	if (t->has_value) {
		db_bind_double(s, ++b.i, t->value);
		sb_text(&b, now);
		sb_opt_int(&b, by > 0, by);
	}
	sb_int(&b, indicator_id);
	sb_int(&b, t->unit_id);
	sb_int(&b, t->year);
	tderr e = store_exec(s);
	if (e)
		return e;
	if (!(s = db_prepare(d, SQL_HISTORY_INSERT)))
		return TD_EINTERNAL;
	db_bind_int(s, 1, indicator_id);
	db_bind_int(s, 2, t->unit_id);
	db_bind_int(s, 3, t->year);
	bind_opt_double(s, 4, had, old);
	bind_opt_double(s, 5, t->has_value, t->value);
	db_bind_text(s, 6, now);
	if (by > 0)
		db_bind_int(s, 7, by);
	else
		db_bind_null(s, 7);
	db_bind_text(s, 8, reason ? reason : "");
	db_bind_text(s, 9, document ? document : "");
	return store_exec(s);
}

static const char *SQL_TARGET_STAMP =
	"SELECT x.updated_at, us.id, us.full_name FROM targets x"
	" LEFT JOIN users us ON us.id = x.updated_by"
	" WHERE x.indicator_id = ? AND x.unit_id = ? AND x.year = ?";

/* Adds updated_at and updated_by of the stored target to item (null when none). */
static tderr add_stamp(db *d, int64_t indicator_id, const target_in *t, json_t *item)
{
	db_stmt *s = db_prepare(d, SQL_TARGET_STAMP);
	if (!s)
		return TD_EINTERNAL;
	db_bind_int(s, 1, indicator_id);
	db_bind_int(s, 2, t->unit_id);
	db_bind_int(s, 3, t->year);
	tderr e = TD_OK;
	int rc = db_step(s, &e);
	json_object_set_new(item, "updated_at", rc == DB_ROW ? store_col_str(s, 0) : json_null());
	json_object_set_new(item, "updated_by", rc == DB_ROW ? user_json(s, 1) : json_null());
	db_reset(s);
	return rc < 0 ? e : TD_OK;
}

static json_t *opt_real(int has, double v)
{
	return has ? json_real(v) : json_null();
}

tderr targets_put(db *d, int64_t indicator_id, const target_in *t, size_t n, int64_t by,
		  const char *reason, const char *document, json_t **items, json_t **changes,
		  size_t *changed, targets_error *err)
{
	if (err) {
		memset(err, 0, sizeof *err);
		err->index = -1;
	}
	json_t *units = json_array(), *out = json_array(), *log = json_array();
	size_t count = 0;
	char now[32];
	clock_iso(now, sizeof now);
	tderr e = check_all(d, indicator_id, t, n, units, err);
	for (size_t i = 0; !e && i < n; i++) {
		int had = 0;
		double old = 0.0;
		json_t *unit = json_array_get(units, i);
		if ((e = old_value(d, indicator_id, &t[i], &had, &old)))
			break;
		if (had != t[i].has_value || (had && old != t[i].value)) {
			if ((e = write_one(d, indicator_id, &t[i], had, old, by, now, reason, document)))
				break;
			json_array_append_new(log, json_pack("{s:O,s:o,s:o,s:o}", "unit",
							     json_object_get(unit, "code"), "year",
							     year_json(t[i].year), "old_value",
							     opt_real(had, old), "new_value",
							     opt_real(t[i].has_value, t[i].value)));
			count++;
		}
		json_t *item = json_pack("{s:O,s:o,s:o}", "unit", unit, "year", year_json(t[i].year),
					 "value", opt_real(t[i].has_value, t[i].value));
		json_array_append_new(out, item);
		e = add_stamp(d, indicator_id, &t[i], item);
	}
	json_decref(units);
	if (e) {
		json_decref(out);
		json_decref(log);
		return e;
	}
	*items = out;
	*changes = log;
	*changed = count;
	return TD_OK;
}

/* ---- allocation ---- */

static const char *SQL_TARGET_OF_UNIT =
	"SELECT u.code, u.name, u.level, x.value FROM org_units u LEFT JOIN targets x"
	" ON x.unit_id = u.id AND x.indicator_id = ? AND x.year = ? WHERE u.id = ?";

static const char *SQL_CHILD_TARGETS =
	"SELECT c.code, c.name, c.level, x.value FROM org_units c LEFT JOIN targets x"
	" ON x.unit_id = c.id AND x.indicator_id = ? AND x.year = ?"
	" WHERE c.parent_id = ? AND c.valid_from <= ? AND (c.valid_to IS NULL OR c.valid_to > ?)"
	" ORDER BY c.sort_key, c.code";

/* A ratio, a percentage or a yes/no target is not shared out by adding up. */
static int additive(const indicator_info *info)
{
	return info->unit_agg == IND_UNIT_SUM &&
	       (info->rules.type == IND_TYPE_INTEGER || info->rules.type == IND_TYPE_DECIMAL);
}

tderr targets_allocation(db *d, int64_t indicator_id, int64_t unit_id, int64_t year,
			 json_t **out)
{
	indicator_info info;
	tderr e = indicators_info(d, indicator_id, &info);
	if (e)
		return e;
	db_stmt *s = db_prepare(d, SQL_TARGET_OF_UNIT);
	if (!s)
		return TD_EINTERNAL;
	db_bind_int(s, 1, indicator_id);
	db_bind_int(s, 2, year);
	db_bind_int(s, 3, unit_id);
	int rc = db_step(s, &e);
	json_t *res = NULL;
	int has_target = 0;
	double target = 0.0;
	if (rc == DB_ROW) {
		has_target = !db_col_is_null(s, 3);
		target = has_target ? db_col_double(s, 3) : 0.0;
		res = json_pack("{s:o,s:o,s:o}", "unit", unit_json(s, 0), "year", year_json(year),
				"target", col_real(s, 3));
	}
	db_reset(s);
	if (rc != DB_ROW)
		return rc < 0 ? e : TD_ENOTFOUND;
	char today[16];
	clock_today_vn(today, sizeof today);
	json_t *kids = json_array();
	json_object_set_new(res, "children", kids);
	double allocated = 0.0;
	int64_t missing = 0;
	if (!(s = db_prepare(d, SQL_CHILD_TARGETS))) {
		json_decref(res);
		return TD_EINTERNAL;
	}
	sqlbind b = sb_start(s);
	sb_int(&b, indicator_id);
	sb_int(&b, year);
	sb_int(&b, unit_id);
	sb_text(&b, today);
	sb_text(&b, today);
	while ((rc = db_step(s, &e)) == DB_ROW) {
		if (db_col_is_null(s, 3))
			missing++;
		else
			allocated += db_col_double(s, 3);
		json_array_append_new(kids, json_pack("{s:o,s:o}", "unit", unit_json(s, 0), "target",
						      col_real(s, 3)));
	}
	db_reset(s);
	if (rc < 0) {
		json_decref(res);
		return e;
	}
	int add = additive(&info);
	json_object_set_new(res, "allocated", add ? json_real(allocated) : json_null());
	json_object_set_new(res, "gap", add && has_target ? json_real(target - allocated) : json_null());
	json_object_set_new(res, "missing", json_integer(missing));
	json_object_set_new(res, "additive", json_boolean(add));
	*out = res;
	return TD_OK;
}
