/* unit_history.c — reading the history of the unit tree: the version of a code on
 * a day, every version with its successions, the history-aware picker, the
 * predecessors a subtree carries, their targets, and reach across a reform.
 * Reforms are written by reform_import.c. */
#include "store/unit_history.h"
#include "core/period.h"
#include "core/vntext.h"
#include "store/analytics_sql.h"
#include "store/sqlbind.h"
#include "store/store.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void unit_history_last_day(const char *iso, char *buf, size_t size)
{
	char day[PERIOD_DATE_SIZE] = "1900-01-01";
	if (period_date_valid(iso))
		period_add_days(iso, -1, day, sizeof day);
	snprintf(buf, size, "%.2s/%.2s/%.4s", day + 8, day + 5, day);
}


static const char *SQL_VERSION_ON =
	"SELECT id, path, level FROM org_units WHERE code = ? AND valid_from <= ?"
	" AND (valid_to IS NULL OR valid_to > ?) ORDER BY valid_from DESC LIMIT 1";

tderr unit_version_level(db *d, const char *code, const char *day, int64_t *id,
			char path[UNIT_PATH_MAX], char level[16])
{
	db_stmt *s = db_prepare(d, SQL_VERSION_ON);
	if (!s)
		return TD_EINTERNAL;
	db_bind_text(s, 1, code);
	db_bind_text(s, 2, day);
	db_bind_text(s, 3, day);
	tderr e = TD_OK;
	int rc = db_step(s, &e);
	if (rc == DB_ROW) {
		*id = db_col_int(s, 0);
		if (path)
			snprintf(path, UNIT_PATH_MAX, "%s", db_col_text(s, 1) ? db_col_text(s, 1) : "");
		if (level)
			snprintf(level, 16, "%s", db_col_text(s, 2) ? db_col_text(s, 2) : "");
	}
	db_reset(s);
	if (rc < 0)
		return e;
	return rc == DB_ROW ? TD_OK : TD_ENOTFOUND;
}

tderr unit_version(db *d, const char *code, const char *day, int64_t *id,
		   char path[UNIT_PATH_MAX])
{
	if (!code || strlen(code) > UNIT_CODE_MAX || !period_date_valid(day))
		return TD_ENOTFOUND;
	return unit_version_level(d, code, day, id, path, NULL);
}

/* --- reading the history --- */

/* "Huyện Lạng Giang (đến 30/06/2025)", "Tỉnh Bắc Ninh (từ 01/07/2025)" */
static json_t *unit_label(const char *full_name, const char *valid_from, const char *valid_to)
{
	char buf[512], day[16];
	if (valid_to) {
		unit_history_last_day(valid_to, day, sizeof day);
		snprintf(buf, sizeof buf, "%s (đến %s)", full_name, day);
	} else if (valid_from && strcmp(valid_from, "1900-01-01") != 0 && strlen(valid_from) == 10) {
		snprintf(buf, sizeof buf, "%s (từ %.2s/%.2s/%.4s)", full_name, valid_from + 8,
			 valid_from + 5, valid_from);
	} else {
		snprintf(buf, sizeof buf, "%s", full_name);
	}
	return json_string(buf);
}

#define VERSION_COLS                                                                       \
	"u.id, u.code, u.name, u.full_name, u.level, u.valid_from, u.valid_to, p.code"

static json_t *version_json(db_stmt *s)
{
	json_t *o = json_object();
	json_object_set_new(o, "code", store_col_str(s, 1));
	json_object_set_new(o, "name", store_col_str(s, 2));
	json_object_set_new(o, "full_name", store_col_str(s, 3));
	json_object_set_new(o, "level", store_col_str(s, 4));
	json_object_set_new(o, "valid_from", store_col_str(s, 5));
	json_object_set_new(o, "valid_to", store_col_str(s, 6));
	json_object_set_new(o, "parent_code", store_col_str(s, 7));
	json_object_set_new(o, "label", unit_label(db_col_text(s, 3) ? db_col_text(s, 3) : "",
						   db_col_text(s, 5), db_col_text(s, 6)));
	return o;
}

static const char *SQL_VERSIONS =
	"SELECT " VERSION_COLS " FROM org_units u LEFT JOIN org_units p ON p.id = u.parent_id"
	" WHERE u.code = ? ORDER BY u.valid_from, u.id";
/* the other side of the successions of a unit: dir 0 = its predecessors */
static const char *SQL_PREDECESSORS =
	"SELECT o.code, o.full_name, o.valid_from, o.valid_to, s.kind, s.share, s.indicator_code,"
	" s.act_number, s.act_date, s.effective_date, s.basis FROM unit_successions s"
	" JOIN org_units o ON o.id = s.from_unit_id WHERE s.to_unit_id = ? ORDER BY o.code, s.id";
static const char *SQL_SUCCESSORS =
	"SELECT o.code, o.full_name, o.valid_from, o.valid_to, s.kind, s.share, s.indicator_code,"
	" s.act_number, s.act_date, s.effective_date, s.basis FROM unit_successions s"
	" JOIN org_units o ON o.id = s.to_unit_id WHERE s.from_unit_id = ? ORDER BY o.code, s.id";

static tderr links(db *d, const char *sql, int64_t id, json_t *arr)
{
	db_stmt *s = db_prepare(d, sql);
	if (!s)
		return TD_EINTERNAL;
	db_bind_int(s, 1, id);
	tderr e = TD_OK;
	int rc;
	while ((rc = db_step(s, &e)) == DB_ROW) {
		json_t *o = json_object();
		json_object_set_new(o, "code", store_col_str(s, 0));
		json_object_set_new(o, "full_name", store_col_str(s, 1));
		json_object_set_new(o, "valid_from", store_col_str(s, 2));
		json_object_set_new(o, "valid_to", store_col_str(s, 3));
		json_object_set_new(o, "label", unit_label(db_col_text(s, 1) ? db_col_text(s, 1) : "",
							   db_col_text(s, 2), db_col_text(s, 3)));
		json_object_set_new(o, "kind", store_col_str(s, 4));
		json_object_set_new(o, "share", json_real(db_col_double(s, 5)));
		json_object_set_new(o, "indicator", store_col_str(s, 6));
		json_object_set_new(o, "act_number", store_col_str(s, 7));
		json_object_set_new(o, "act_date", store_col_str(s, 8));
		json_object_set_new(o, "effective_date", store_col_str(s, 9));
		json_object_set_new(o, "basis", store_col_str(s, 10));
		json_array_append_new(arr, o);
	}
	db_reset(s);
	return rc < 0 ? e : TD_OK;
}

tderr unit_history_get(db *d, const char *code, json_t **out)
{
	if (!code || strlen(code) > UNIT_CODE_MAX)
		return TD_ENOTFOUND;
	db_stmt *s = db_prepare(d, SQL_VERSIONS);
	if (!s)
		return TD_EINTERNAL;
	db_bind_text(s, 1, code);
	json_t *versions = json_array();
	int64_t ids[64];
	size_t n = 0;
	tderr e = TD_OK;
	int rc;
	while ((rc = db_step(s, &e)) == DB_ROW && n < 64) {
		ids[n++] = db_col_int(s, 0);
		json_array_append_new(versions, version_json(s));
	}
	db_reset(s);
	if (rc < 0 || n == 0) {
		json_decref(versions);
		return rc < 0 ? e : TD_ENOTFOUND;
	}
	for (size_t i = 0; i < n && !e; i++) {
		json_t *v = json_array_get(versions, i), *pre = json_array(), *suc = json_array();
		json_object_set_new(v, "predecessors", pre);
		json_object_set_new(v, "successors", suc);
		if (!(e = links(d, SQL_PREDECESSORS, ids[i], pre)))
			e = links(d, SQL_SUCCESSORS, ids[i], suc);
	}
	if (e) {
		json_decref(versions);
		return e;
	}
	*out = json_pack("{s:s, s:o}", "code", code, "versions", versions);
	return *out ? TD_OK : TD_EINTERNAL;
}

static const char *SQL_UNIT_BY_ID =
	"SELECT " VERSION_COLS " FROM org_units u LEFT JOIN org_units p ON p.id = u.parent_id"
	" WHERE u.id = ?";

tderr unit_history_unit(db *d, int64_t id, json_t **out)
{
	db_stmt *s = db_prepare(d, SQL_UNIT_BY_ID);
	if (!s)
		return TD_EINTERNAL;
	db_bind_int(s, 1, id);
	tderr e = TD_OK;
	int rc = db_step(s, &e);
	if (rc == DB_ROW)
		*out = version_json(s);
	db_reset(s);
	if (rc < 0)
		return e;
	return rc == DB_ROW ? TD_OK : TD_ENOTFOUND;
}

static const char *SQL_PICK =
	"SELECT " VERSION_COLS " FROM org_units u LEFT JOIN org_units p ON p.id = u.parent_id"
	" WHERE (CAST(? AS TEXT) IS NULL OR u.search LIKE ? ESCAPE '\\' OR u.code LIKE ? ESCAPE '\\')"
	" ORDER BY u.depth, u.sort_key, u.valid_from LIMIT ?";

tderr unit_history_pick(db *d, const char *q, int64_t limit, json_t **out)
{
	char *folded = NULL, *like = NULL, *code_like = NULL;
	if (q) {
		folded = vn_fold(q);
		if (!folded)
			return TD_EINVALID;
		like = store_like_contains(folded);
		code_like = store_like_contains(q);
		if (!like || !code_like) {
			free(folded);
			free(like);
			free(code_like);
			return TD_EINTERNAL;
		}
	}
	db_stmt *s = db_prepare(d, SQL_PICK);
	tderr e = s ? TD_OK : TD_EINTERNAL;
	json_t *arr = json_array();
	if (s) {
		sqlbind b = sb_start(s);
		sb_text(&b, like);
		sb_text(&b, like);
		sb_text(&b, code_like);
		sb_int(&b, limit);
		int rc;
		while ((rc = db_step(s, &e)) == DB_ROW)
			json_array_append_new(arr, version_json(s));
		db_reset(s);
		if (rc >= 0)
			e = TD_OK;
	}
	free(folded);
	free(like);
	free(code_like);
	if (e) {
		json_decref(arr);
		return e;
	}
	*out = arr;
	return TD_OK;
}

/* Successions into the units of a subtree (their share for one indicator: its
 * override row, else the default row). */
static const char *SQL_INTO_SUBTREE =
	"SELECT s.from_unit_id, s.share, o.code, s.effective_date,"
	" CASE WHEN s.kind <> 'split' AND t.level = o.level THEN t.id ELSE 0 END"
	" FROM unit_successions s"
	" JOIN org_units t ON t.id = s.to_unit_id JOIN org_units o ON o.id = s.from_unit_id"
	" WHERE t.path LIKE (? || '%') AND (s.indicator_code = ? OR (s.indicator_code = ''"
	"   AND NOT EXISTS (SELECT 1 FROM unit_successions x WHERE x.from_unit_id = s.from_unit_id"
	"   AND x.indicator_code = ?)))"
	" ORDER BY s.from_unit_id, s.to_unit_id";
static const char *SQL_INTO_UNIT =
	"SELECT s.from_unit_id, s.share, o.code, s.effective_date,"
	" CASE WHEN s.kind <> 'split' AND t.level = o.level THEN t.id ELSE 0 END"
	" FROM unit_successions s"
	" JOIN org_units t ON t.id = s.to_unit_id JOIN org_units o ON o.id = s.from_unit_id"
	" WHERE s.to_unit_id = ? AND (s.indicator_code = ? OR (s.indicator_code = ''"
	"   AND NOT EXISTS (SELECT 1 FROM unit_successions x WHERE x.from_unit_id = s.from_unit_id"
	"   AND x.indicator_code = ?)))"
	" ORDER BY s.from_unit_id";

static tderr carriers_push(unit_carrier **out, size_t *n, size_t *cap, db_stmt *s, double factor)
{
	int64_t id = db_col_int(s, 0);
	double share = db_col_double(s, 1) * factor;
	for (size_t i = 0; i < *n; i++)
		if ((*out)[i].unit_id == id) { /* split into several units of the subtree */
			(*out)[i].share += share;
			return TD_OK;
		}
	if (*n == *cap) {
		size_t nc = *cap ? 2 * *cap : 64;
		unit_carrier *nu = realloc(*out, nc * sizeof *nu);
		if (!nu)
			return TD_EINTERNAL;
		*out = nu;
		*cap = nc;
	}
	unit_carrier *c = &(*out)[(*n)++];
	memset(c, 0, sizeof *c);
	c->unit_id = id;
	c->share = share;
	snprintf(c->code, sizeof c->code, "%s", db_col_text(s, 2) ? db_col_text(s, 2) : "");
	snprintf(c->effective, sizeof c->effective, "%s", db_col_text(s, 3) ? db_col_text(s, 3) : "");
	c->whole_to = db_col_int(s, 4);
	return TD_OK;
}

static tderr carriers(db *d, const char *path, int64_t unit_id, const char *indicator_code,
		      unit_carrier **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	size_t cap = 0;
	const char *ind = indicator_code ? indicator_code : "";
	db_stmt *s = db_prepare(d, path ? SQL_INTO_SUBTREE : SQL_INTO_UNIT);
	if (!s)
		return TD_EINTERNAL;
	if (path)
		db_bind_text(s, 1, path);
	else
		db_bind_int(s, 1, unit_id);
	db_bind_text(s, 2, ind);
	db_bind_text(s, 3, ind);
	tderr e = TD_OK;
	int rc;
	while ((rc = db_step(s, &e)) == DB_ROW)
		if ((e = carriers_push(out, n, &cap, s, 1.0)))
			break;
	db_reset(s);
	if (rc < 0 || e)
		goto fail;
	/* earlier reforms: what passed into the predecessors themselves */
	size_t from = 0;
	for (int depth = 1; depth < UNIT_HISTORY_DEPTH_MAX && from < *n; depth++) {
		size_t to = *n;
		for (size_t i = from; i < to; i++) {
			if (!(s = db_prepare(d, SQL_INTO_UNIT))) {
				e = TD_EINTERNAL;
				goto fail;
			}
			db_bind_int(s, 1, (*out)[i].unit_id);
			db_bind_text(s, 2, ind);
			db_bind_text(s, 3, ind);
			double factor = (*out)[i].share;
			while ((rc = db_step(s, &e)) == DB_ROW)
				if ((e = carriers_push(out, n, &cap, s, factor)))
					break;
			db_reset(s);
			if (rc < 0 || e)
				goto fail;
		}
		from = to;
	}
	return TD_OK;
fail:
	free(*out);
	*out = NULL;
	*n = 0;
	return e ? e : TD_EINTERNAL;
}

tderr unit_history_carriers(db *d, const char *path, const char *indicator_code,
			    unit_carrier **out, size_t *n)
{
	return carriers(d, path ? path : "/", 0, indicator_code, out, n);
}

tderr unit_history_carriers_into(db *d, int64_t unit_id, const char *indicator_code,
				 unit_carrier **out, size_t *n)
{
	return carriers(d, NULL, unit_id, indicator_code, out, n);
}

static const char *SQL_ANY = "SELECT COUNT(*) FROM unit_reforms";

tderr unit_history_any(db *d, int *any)
{
	db_stmt *s = db_prepare(d, SQL_ANY);
	if (!s)
		return TD_EINTERNAL;
	int64_t n = 0;
	tderr e = store_one_int(s, &n);
	*any = n > 0;
	return e;
}

/* Whole successors at the same level of a unit. */
static const char *SQL_WHOLE_SUCCESSORS =
	"SELECT t.id, t.path FROM unit_successions s JOIN org_units f ON f.id = s.from_unit_id"
	" JOIN org_units t ON t.id = s.to_unit_id WHERE s.from_unit_id = ? AND s.kind <> 'split'"
	" AND s.indicator_code = '' AND t.level = f.level";
/* Every successor of a unit (any kind). */
static const char *SQL_ALL_SUCCESSORS =
	"SELECT t.id, t.path FROM unit_successions s JOIN org_units t ON t.id = s.to_unit_id"
	" WHERE s.from_unit_id = ?";

static int path_related(const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b);
	return strncmp(a, b, na < nb ? na : nb) == 0;
}

enum reach_mode {
	REACH_RELATED, /* the successor is above or below target */
	REACH_INSIDE,  /* the successor lies inside target (target is a scope) */
	REACH_ABOVE,   /* target is the successor or above it */
};

/* Follows successions from start (whole same-level ones when whole_only) and sets
 * *ok when one reaches a unit whose path stands to target as mode says. */
static tderr follow(db *d, int64_t start, int whole_only, const char *target,
		    enum reach_mode mode, int *ok)
{
	int64_t queue[256];
	size_t nq = 0, head = 0;
	queue[nq++] = start;
	tderr e = TD_OK;
	while (head < nq && !*ok) {
		int64_t id = queue[head++];
		db_stmt *s = db_prepare(d, whole_only ? SQL_WHOLE_SUCCESSORS : SQL_ALL_SUCCESSORS);
		if (!s)
			return TD_EINTERNAL;
		db_bind_int(s, 1, id);
		int rc;
		while ((rc = db_step(s, &e)) == DB_ROW) {
			const char *p = db_col_text(s, 1) ? db_col_text(s, 1) : "";
			int hit = mode == REACH_INSIDE  ? strncmp(target, p, strlen(target)) == 0
				  : mode == REACH_ABOVE ? strncmp(p, target, strlen(target)) == 0
							: path_related(p, target);
			if (hit)
				*ok = 1;
			if (nq < sizeof queue / sizeof queue[0])
				queue[nq++] = db_col_int(s, 0);
		}
		db_reset(s);
		if (rc < 0)
			return e;
	}
	return TD_OK;
}

tderr unit_history_reach(db *d, int64_t user_unit_id, const char *user_path, int64_t target_id,
			 const char *target_path, int *ok)
{
	*ok = 0;
	if (!user_path || !target_path)
		return TD_OK;
	if (path_related(user_path, target_path)) {
		*ok = 1;
		return TD_OK;
	}
	tderr e = follow(d, user_unit_id, 1, target_path, REACH_RELATED, ok);
	if (!e && !*ok && target_id)
		e = follow(d, target_id, 0, user_path, REACH_INSIDE, ok);
	/* reading upwards: what took the user's province (or district) whole is
	 * above the user as the old one was */
	for (const char *p = user_path + 1; !e && !*ok && *p;) {
		int64_t anc = strtoll(p, NULL, 10);
		const char *slash = strchr(p, '/');
		if (!slash || !slash[1])
			break; /* the last id is the user's own unit */
		e = follow(d, anc, 1, target_path, REACH_ABOVE, ok);
		p = slash + 1;
	}
	return e;
}

static const char *SQL_PATH_OF = "SELECT path FROM org_units WHERE id = ?";
static const char *SQL_PARENT_OF = "SELECT COALESCE(parent_id, 0) FROM org_units WHERE id = ?";

tderr unit_history_path(db *d, int64_t id, char path[UNIT_PATH_MAX])
{
	db_stmt *s = db_prepare(d, SQL_PATH_OF);
	if (!s)
		return TD_EINTERNAL;
	db_bind_int(s, 1, id);
	tderr e = TD_OK;
	int rc = db_step(s, &e);
	if (rc == DB_ROW)
		snprintf(path, UNIT_PATH_MAX, "%s", db_col_text(s, 0) ? db_col_text(s, 0) : "");
	db_reset(s);
	if (rc < 0)
		return e;
	return rc == DB_ROW ? TD_OK : TD_ENOTFOUND;
}

tderr unit_history_target(db *d, int64_t indicator_id, const char *indicator_code,
			  int is_ratio, int64_t unit_id, int year, int *has, double *value)
{
	tderr e = analytics_target(d, indicator_id, unit_id, year, has, value);
	if (e || *has)
		return e;
	char path[UNIT_PATH_MAX];
	if ((e = unit_history_path(d, unit_id, path)))
		return e;
	unit_carrier *c = NULL;
	size_t n = 0;
	if ((e = unit_history_carriers(d, path, indicator_code, &c, &n)))
		return e;
	double sum = 0, weight = 0;
	int any = 0;
	for (size_t i = 0; i < n && !e; i++) {
		db_stmt *s = db_prepare(d, SQL_PARENT_OF);
		if (!s) {
			e = TD_EINTERNAL;
			break;
		}
		db_bind_int(s, 1, c[i].unit_id);
		int64_t parent = 0;
		if ((e = store_one_int(s, &parent)))
			break;
		int inner = 0;
		for (size_t k = 0; k < n && !inner; k++)
			inner = c[k].unit_id == parent;
		if (inner)
			continue;
		int h = 0;
		double t = 0;
		if ((e = analytics_target(d, indicator_id, c[i].unit_id, year, &h, &t)))
			break;
		if (h) {
			sum += c[i].share * t;
			weight += c[i].share;
			any = 1;
		}
	}
	free(c);
	if (!e && any) {
		*has = 1;
		*value = is_ratio && weight > 0 ? sum / weight : sum;
	}
	return e;
}

/* Old units that passed whole (not split) into the subtree, back through earlier
 * reforms, whose whole subtree so passed, outermost first by path. */
static const char *SQL_WHOLE_ROOTS =
	"WITH RECURSIVE cand(id) AS ("
	" SELECT s.from_unit_id FROM unit_successions s JOIN org_units t ON t.id = s.to_unit_id"
	" WHERE t.path LIKE (? || '%') AND s.kind <> 'split' AND s.indicator_code = ''"
	" UNION SELECT s.from_unit_id FROM cand c JOIN unit_successions s ON s.to_unit_id = c.id"
	" WHERE s.kind <> 'split' AND s.indicator_code = '')"
	" SELECT u.id, u.path FROM org_units u WHERE u.id IN (SELECT id FROM cand)"
	" AND NOT EXISTS (SELECT 1 FROM org_units x WHERE x.path LIKE (u.path || '%')"
	" AND x.id NOT IN (SELECT id FROM cand))"
	" ORDER BY u.path";

tderr unit_history_roots(db *d, const char *path, unit_root **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	db_stmt *s = db_prepare(d, SQL_WHOLE_ROOTS);
	if (!s)
		return TD_EINTERNAL;
	db_bind_text(s, 1, path);
	size_t cap = 0;
	tderr e = TD_OK;
	int rc;
	while ((rc = db_step(s, &e)) == DB_ROW) {
		const char *p = db_col_text(s, 1) ? db_col_text(s, 1) : "";
		size_t len = strlen(p);
		int skip = !len || len >= UNIT_PATH_MAX || path_related(p, path);
		for (size_t i = 0; i < *n && !skip; i++) /* inside a root already kept */
			skip = strncmp(p, (*out)[i].path, strlen((*out)[i].path)) == 0;
		if (skip)
			continue;
		if (*n == cap) {
			size_t nc = cap ? 2 * cap : 8;
			unit_root *nu = realloc(*out, nc * sizeof *nu);
			if (!nu) {
				e = TD_EINTERNAL;
				break;
			}
			*out = nu;
			cap = nc;
		}
		(*out)[*n].unit_id = db_col_int(s, 0);
		snprintf((*out)[*n].path, UNIT_PATH_MAX, "%s", p);
		(*n)++;
	}
	db_reset(s);
	if (rc < 0 || e) {
		free(*out);
		*out = NULL;
		*n = 0;
		return e ? e : TD_EINTERNAL;
	}
	return TD_OK;
}
