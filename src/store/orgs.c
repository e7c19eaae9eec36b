/* orgs.c — organisations and their heads: scoped lists, one organisation with the
 * history of its heads, create and update (a change of head closes the previous
 * term), and the unit-path lookup the access checks use. */
#include "store/orgs.h"
#include "core/clock.h"
#include "core/jsonv.h"
#include "core/period.h"
#include "core/vntext.h"
#include "store/sqlbind.h"
#include "store/store.h"
#include "store/textkey.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const org_systems[] = {
	"mttq", "women", "farmers", "veterans", "youth", "labor",
	"party", "people_committee", "department", NULL,
};

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

/* One organisation row with its current head: the latest head whose term has
 * begun by the given day (else the next one to begin). The day is the first '?'. */
#define ORG_COLS                                                                           \
	"o.id, o.code, o.name, o.system, un.code, un.name, un.level, o.parent_id, po.name," \
	" h.name, h.title, h.term_from, h.term_to, o.version, o.created_at, o.updated_at"
#define ORG_FROM                                                                           \
	" FROM organizations o JOIN org_units un ON un.id = o.unit_id"                      \
	" LEFT JOIN organizations po ON po.id = o.parent_id"                                \
	" LEFT JOIN org_heads h ON h.id = (SELECT hh.id FROM org_heads hh"                  \
	"   WHERE hh.organization_id = o.id ORDER BY CASE WHEN hh.term_from <= ? THEN 0"    \
	"   ELSE 1 END, hh.term_from DESC, hh.id DESC LIMIT 1)"

static json_t *org_row_json(db_stmt *s)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(db_col_int(s, 0)));
	json_object_set_new(o, "code", store_col_str(s, 1));
	json_object_set_new(o, "name", store_col_str(s, 2));
	json_object_set_new(o, "system", store_col_str(s, 3));
	json_t *u = json_object();
	json_object_set_new(u, "code", store_col_str(s, 4));
	json_object_set_new(u, "name", store_col_str(s, 5));
	json_object_set_new(u, "level", store_col_str(s, 6));
	json_object_set_new(o, "unit", u);
	json_object_set_new(o, "parent_id", store_col_int(s, 7));
	json_object_set_new(o, "parent_name", store_col_str(s, 8));
	if (db_col_is_null(s, 9)) {
		json_object_set_new(o, "head", json_null());
	} else {
		json_t *h = json_object();
		json_object_set_new(h, "name", store_col_str(s, 9));
		json_object_set_new(h, "title", store_col_str(s, 10));
		json_object_set_new(h, "term_from", store_col_str(s, 11));
		json_object_set_new(h, "term_to", store_col_str(s, 12));
		json_object_set_new(o, "head", h);
	}
	json_object_set_new(o, "version", json_integer(db_col_int(s, 13)));
	json_object_set_new(o, "created_at", store_col_str(s, 14));
	json_object_set_new(o, "updated_at", store_col_str(s, 15));
	return o;
}

/* Filters: scope (3), unit (2), within (2), system (2), q (4), parent (2). */
#define ORG_WHERE                                                                          \
	" WHERE (CAST(? AS TEXT) IS NULL OR un.path LIKE (? || '%') OR ? LIKE (un.path || '%'))" \
	" AND (CAST(? AS TEXT) IS NULL OR un.code = ?)"                                     \
	" AND (CAST(? AS TEXT) IS NULL OR un.path LIKE ((SELECT w.path FROM org_units w"    \
	"   WHERE w.code = ? ORDER BY CASE WHEN w.valid_to IS NULL THEN 0 ELSE 1 END,"      \
	"   w.valid_from DESC LIMIT 1) || '%'))"                                            \
	" AND (CAST(? AS TEXT) IS NULL OR o.system = ?)"                                    \
	" AND (CAST(? AS TEXT) IS NULL OR o.search LIKE ? ESCAPE '\\'"                      \
	"   OR LOWER(o.name) LIKE LOWER(?) ESCAPE '\\'"                                     \
	"   OR LOWER(o.code) LIKE LOWER(?) ESCAPE '\\')"                                    \
	" AND (CAST(? AS INTEGER) IS NULL OR o.parent_id = ?)"

static void bind_org_filters(sqlbind *b, const org_filter *f, const char *raw,
			     const char *folded)
{
	sb_text(b, f->scope_path);
	sb_text(b, f->scope_path);
	sb_text(b, f->scope_path);
	sb_text(b, f->unit);
	sb_text(b, f->unit);
	sb_text(b, f->within);
	sb_text(b, f->within);
	sb_text(b, f->system);
	sb_text(b, f->system);
	sb_text(b, raw);
	sb_text(b, folded);
	sb_text(b, raw);
	sb_text(b, raw);
	sb_opt_int(b, f->has_parent, f->parent_id);
	sb_opt_int(b, f->has_parent, f->parent_id);
}

static const char *SQL_ORGS_LIST =
	"SELECT " ORG_COLS ORG_FROM ORG_WHERE
	" ORDER BY un.depth, un.sort_key, o.sort_key, o.id LIMIT ? OFFSET ?";

static const char *SQL_ORGS_COUNT =
	"SELECT COUNT(*) FROM organizations o JOIN org_units un ON un.id = o.unit_id" ORG_WHERE;

tderr orgs_list(db *d, const org_filter *f, json_t **items, int64_t *total)
{
	char today[16];
	clock_today_vn(today, sizeof today);
	char *raw = NULL, *folded = NULL;
	if (f->q && *f->q) {
		tderr qe = textkey_query(f->q, &raw, &folded);
		if (qe)
			return qe;
	}
	tderr e = TD_EINTERNAL;
	db_stmt *s = db_prepare(d, SQL_ORGS_COUNT);
	if (!s)
		goto out;
	sqlbind b = sb_start(s);
	bind_org_filters(&b, f, raw, folded);
	if ((e = store_one_int(s, total)) != TD_OK)
		goto out;

	e = TD_EINTERNAL;
	if (!(s = db_prepare(d, SQL_ORGS_LIST)))
		goto out;
	b = sb_start(s);
	sb_text(&b, today);
	bind_org_filters(&b, f, raw, folded);
	sb_int(&b, f->limit);
	sb_int(&b, f->offset);
	json_t *arr = json_array();
	int rc;
	while ((rc = db_step(s, &e)) == DB_ROW)
		json_array_append_new(arr, org_row_json(s));
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

static const char *SQL_ORG_GET = "SELECT " ORG_COLS ORG_FROM " WHERE o.id = ?";

static const char *SQL_ORG_HEADS =
	"SELECT name, title, term_from, term_to FROM org_heads"
	" WHERE organization_id = ? ORDER BY term_from DESC, id DESC";

static tderr org_heads(db *d, int64_t id, json_t *out)
{
	db_stmt *s = db_prepare(d, SQL_ORG_HEADS);
	if (!s)
		return TD_EINTERNAL;
	db_bind_int(s, 1, id);
	tderr e = TD_OK;
	int rc;
	while ((rc = db_step(s, &e)) == DB_ROW) {
		json_t *h = json_object();
		json_object_set_new(h, "name", store_col_str(s, 0));
		json_object_set_new(h, "title", store_col_str(s, 1));
		json_object_set_new(h, "term_from", store_col_str(s, 2));
		json_object_set_new(h, "term_to", store_col_str(s, 3));
		json_array_append_new(out, h);
	}
	db_reset(s);
	return rc < 0 ? e : TD_OK;
}

tderr orgs_get(db *d, int64_t id, json_t **out)
{
	char today[16];
	clock_today_vn(today, sizeof today);
	db_stmt *s = db_prepare(d, SQL_ORG_GET);
	if (!s)
		return TD_EINTERNAL;
	db_bind_text(s, 1, today);
	db_bind_int(s, 2, id);
	tderr e = TD_OK;
	int rc = db_step(s, &e);
	if (rc != DB_ROW) {
		db_reset(s);
		return rc < 0 ? e : TD_ENOTFOUND;
	}
	json_t *o = org_row_json(s);
	db_reset(s);
	json_t *heads = json_array();
	json_object_set_new(o, "heads", heads);
	if ((e = org_heads(d, id, heads)) != TD_OK) {
		json_decref(o);
		return e;
	}
	*out = o;
	return TD_OK;
}

static const char *SQL_ORG_UNIT_PATH =
	"SELECT un.path FROM organizations o JOIN org_units un ON un.id = o.unit_id"
	" WHERE o.id = ?";

tderr orgs_unit_path(db *d, int64_t id, char path[UNIT_PATH_MAX])
{
	db_stmt *s = db_prepare(d, SQL_ORG_UNIT_PATH);
	if (!s)
		return TD_EINTERNAL;
	db_bind_int(s, 1, id);
	tderr e = TD_OK;
	int rc = db_step(s, &e);
	if (rc == DB_ROW) {
		const char *p = db_col_text(s, 0);
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

/* ---- writes ---- */

static const char *SQL_ORG_CODE_TAKEN =
	"SELECT COUNT(*) FROM organizations WHERE code = ? AND id <> ?";

static tderr check_code_free(db *d, const char *code, int64_t self, td_error *e)
{
	db_stmt *s = db_prepare(d, SQL_ORG_CODE_TAKEN);
	if (!s)
		return TD_EINTERNAL;
	db_bind_text(s, 1, code);
	db_bind_int(s, 2, self);
	int64_t n = 0;
	tderr err = store_one_int(s, &n);
	if (err)
		return err;
	if (n > 0)
		return set_err(e, TD_ECONFLICT, "organization_code_taken",
			       "Mã tổ chức đã được dùng", "code");
	return TD_OK;
}

static const char *SQL_ORG_PARENT_OF = "SELECT parent_id FROM organizations WHERE id = ?";

/* The parent must exist and, on update, not be the organisation or one of its
 * descendants. */
static tderr check_parent(db *d, int64_t parent, int64_t self, td_error *e)
{
	int64_t cur = parent;
	for (int steps = 0; steps < 64; steps++) {
		if (self && cur == self)
			return set_err(e, TD_EINVALID, "parent_cycle",
				       "Tổ chức cấp trên không thể là chính nó hoặc tổ chức trực thuộc",
				       "parent_id");
		db_stmt *s = db_prepare(d, SQL_ORG_PARENT_OF);
		if (!s)
			return TD_EINTERNAL;
		db_bind_int(s, 1, cur);
		tderr err = TD_OK;
		int rc = db_step(s, &err);
		int has_up = rc == DB_ROW && !db_col_is_null(s, 0);
		int64_t up = has_up ? db_col_int(s, 0) : 0;
		db_reset(s);
		if (rc < 0)
			return err;
		if (rc != DB_ROW) {
			if (cur == parent)
				return set_err(e, TD_EINVALID, "unknown_parent",
					       "Không tìm thấy tổ chức cấp trên", "parent_id");
			return TD_OK;
		}
		if (!has_up)
			return TD_OK;
		cur = up;
	}
	return set_err(e, TD_EINVALID, "parent_cycle", "Cây tổ chức quá sâu hoặc có vòng lặp",
		       "parent_id");
}

static const char *SQL_HEAD_LATEST =
	"SELECT id, term_from, term_to FROM org_heads WHERE organization_id = ?"
	" ORDER BY term_from DESC, id DESC LIMIT 1";
static const char *SQL_HEAD_CORRECT =
	"UPDATE org_heads SET name = ?, title = COALESCE(?, title) WHERE id = ?";
static const char *SQL_HEAD_CLOSE = "UPDATE org_heads SET term_to = ? WHERE id = ?";
static const char *SQL_HEAD_INSERT =
	"INSERT INTO org_heads(organization_id, name, title, term_from, term_to)"
	" VALUES (?, ?, ?, ?, NULL)";

static tderr head_change(db *d, int64_t org, const org_input *in, td_error *e)
{
	if (!in->head_term_from || !jv_is_date(in->head_term_from))
		return set_err(e, TD_EINVALID, "invalid_date", "Ngày bắt đầu nhiệm kỳ không hợp lệ",
			       "head.term_from");
	/* no title given: a correction keeps the old one, a new head has none */
	char *name = vn_nfc(in->head_name);
	char *title = in->head_title ? vn_nfc(in->head_title) : NULL;
	tderr err = TD_EINTERNAL;
	if (!name || (in->head_title && !title))
		goto out;
	db_stmt *s = db_prepare(d, SQL_HEAD_LATEST);
	if (!s)
		goto out;
	db_bind_int(s, 1, org);
	int rc = db_step(s, &err);
	int64_t latest = 0;
	char from[16] = "", to[16] = "";
	if (rc == DB_ROW) {
		latest = db_col_int(s, 0);
		snprintf(from, sizeof from, "%s", db_col_text(s, 1) ? db_col_text(s, 1) : "");
		snprintf(to, sizeof to, "%s", db_col_text(s, 2) ? db_col_text(s, 2) : "");
	}
	db_reset(s);
	if (rc < 0)
		goto out;
	int cmp = latest ? strcmp(in->head_term_from, from) : 1;
	if (cmp < 0) {
		err = set_err(e, TD_EINVALID, "head_term_too_early",
			      "Nhiệm kỳ mới phải bắt đầu sau ngày bắt đầu của người đứng đầu hiện tại",
			      "head.term_from");
		goto out;
	}
	if (cmp == 0) {
		/* same start: a correction of the latest head's name or title */
		if (!(s = db_prepare(d, SQL_HEAD_CORRECT)))
			goto out;
		db_bind_text(s, 1, name);
		db_bind_text(s, 2, title);
		db_bind_int(s, 3, latest);
		err = store_exec(s);
		goto out;
	}
	if (latest) {
		char prev[PERIOD_DATE_SIZE];
		if ((err = period_add_days(in->head_term_from, -1, prev, sizeof prev)))
			goto out; /* not reached: head_term_from was checked to be a date */
		if (!to[0] || strcmp(to, prev) > 0) {
			if (!(s = db_prepare(d, SQL_HEAD_CLOSE)))
				goto out;
			db_bind_text(s, 1, prev);
			db_bind_int(s, 2, latest);
			if ((err = store_exec(s)) != TD_OK)
				goto out;
		}
	}
	err = TD_EINTERNAL;
	if (!(s = db_prepare(d, SQL_HEAD_INSERT)))
		goto out;
	db_bind_int(s, 1, org);
	db_bind_text(s, 2, name);
	db_bind_text(s, 3, title ? title : "");
	db_bind_text(s, 4, in->head_term_from);
	err = store_exec(s);
out:
	free(name);
	free(title);
	return err;
}

static const char *SQL_ORG_INSERT =
	"INSERT INTO organizations(code, name, system, unit_id, parent_id, search, sort_key,"
	" version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?) RETURNING id";

tderr orgs_create(db *d, const org_input *in, int64_t *id, td_error *e)
{
	tderr err = check_code_free(d, in->code, 0, e);
	if (err)
		return err;
	if (in->set_parent && in->parent_id && (err = check_parent(d, in->parent_id, 0, e)))
		return err;
	textkey k;
	if ((err = textkey_make(in->name, &k)) != TD_OK)
		return err;
	char now[32];
	clock_iso(now, sizeof now);
	db_stmt *s = db_prepare(d, SQL_ORG_INSERT);
	if (!s) {
		textkey_free(&k);
		return TD_EINTERNAL;
	}
	sqlbind b = sb_start(s);
	sb_text(&b, in->code);
	sb_text(&b, k.nfc);
	sb_text(&b, in->system);
	sb_int(&b, in->unit_id);
	sb_opt_int(&b, in->set_parent && in->parent_id, in->parent_id);
	sb_text(&b, k.fold);
	sb_text(&b, k.sort);
	sb_text(&b, now);
	sb_text(&b, now);
	err = store_one_int(s, id);
	textkey_free(&k);
	if (err == TD_OK && in->head_name)
		err = head_change(d, *id, in, e);
	return err;
}

static const char *SQL_ORG_VERSION = "SELECT version FROM organizations WHERE id = ?";

static const char *SQL_ORG_UPDATE =
	"UPDATE organizations SET code = COALESCE(?, code), name = COALESCE(?, name),"
	" search = COALESCE(?, search), sort_key = COALESCE(?, sort_key),"
	" system = COALESCE(?, system), unit_id = COALESCE(?, unit_id),"
	" parent_id = CASE WHEN ? = 1 THEN ? ELSE parent_id END,"
	" version = version + 1, updated_at = ? WHERE id = ?";

tderr orgs_update(db *d, int64_t id, const org_input *in, td_error *e)
{
	int64_t version = 0;
	db_stmt *s = db_prepare(d, SQL_ORG_VERSION);
	if (!s)
		return TD_EINTERNAL;
	db_bind_int(s, 1, id);
	tderr err = store_one_int(s, &version);
	if (err == TD_ENOTFOUND)
		return set_err(e, err, "not_found", "Không tìm thấy tổ chức", NULL);
	if (err)
		return err;
	if (in->has_version && in->version != version)
		return set_err(e, TD_ECONFLICT, "stale_version",
			       "Tổ chức đã được người khác sửa, vui lòng tải lại", "version");
	if (in->code && (err = check_code_free(d, in->code, id, e)))
		return err;
	if (in->set_parent && in->parent_id && (err = check_parent(d, in->parent_id, id, e)))
		return err;
	textkey k = {0};
	if (in->name && (err = textkey_make(in->name, &k)) != TD_OK)
		return err;
	char now[32];
	clock_iso(now, sizeof now);
	if (!(s = db_prepare(d, SQL_ORG_UPDATE))) {
		textkey_free(&k);
		return TD_EINTERNAL;
	}
	sqlbind b = sb_start(s);
	sb_text(&b, in->code);
	sb_text(&b, k.nfc);
	sb_text(&b, k.fold);
	sb_text(&b, k.sort);
	sb_text(&b, in->system);
	sb_opt_int(&b, in->unit_id > 0, in->unit_id);
	sb_int(&b, in->set_parent);
	sb_opt_int(&b, in->set_parent && in->parent_id, in->parent_id);
	sb_text(&b, now);
	sb_int(&b, id);
	err = store_exec(s);
	textkey_free(&k);
	if (err == TD_OK && in->head_name)
		err = head_change(d, id, in, e);
	return err;
}
