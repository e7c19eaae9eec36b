/* plans.c — plans and projects with their objectives and coordinating
 * organisations: visible lists, one plan, create and update, and what the access
 * checks need (owner's unit, membership of the caller's organisation). */
#include "store/plans.h"
#include "core/clock.h"
#include "core/scope.h"
#include "core/vntext.h"
#include "store/plan_heirs.h"
#include "store/sqlbind.h"
#include "store/store.h"
#include "store/textkey.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const plan_kinds[] = {"ke_hoach", "de_an", NULL};
const char *const plan_statuses[] = {"draft", "active", "closed", NULL};
const char *const plan_sorts[] = {"title", "code", "-start_year", "-updated_at", NULL};

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

/* A plan row with its owner and the owner's current head; the day is the first '?'. */
#define PLAN_COLS                                                                          \
	"p.id, p.code, p.kind, p.title, o.id, o.name, o.system, un.code, un.name,"          \
	" h.name, h.title, p.start_year, p.end_year, p.approving_doc, p.approved_on,"       \
	" p.summary, p.status, p.version, p.created_at, p.updated_at"
#define PLAN_FROM                                                                          \
	" FROM plans p JOIN organizations o ON o.id = p.owner_id"                           \
	" JOIN org_units un ON un.id = o.unit_id"                                           \
	" LEFT JOIN org_heads h ON h.id = (SELECT hh.id FROM org_heads hh"                  \
	"   WHERE hh.organization_id = o.id ORDER BY CASE WHEN hh.term_from <= ? THEN 0"    \
	"   ELSE 1 END, hh.term_from DESC, hh.id DESC LIMIT 1)"

static json_t *plan_row_json(db_stmt *s)
{
	json_t *p = json_object();
	json_object_set_new(p, "id", json_integer(db_col_int(s, 0)));
	json_object_set_new(p, "code", store_col_str(s, 1));
	json_object_set_new(p, "kind", store_col_str(s, 2));
	json_object_set_new(p, "title", store_col_str(s, 3));
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(db_col_int(s, 4)));
	json_object_set_new(o, "name", store_col_str(s, 5));
	json_object_set_new(o, "system", store_col_str(s, 6));
	json_t *u = json_object();
	json_object_set_new(u, "code", store_col_str(s, 7));
	json_object_set_new(u, "name", store_col_str(s, 8));
	json_object_set_new(o, "unit", u);
	if (db_col_is_null(s, 9)) {
		json_object_set_new(o, "head", json_null());
	} else {
		json_t *h = json_object();
		json_object_set_new(h, "name", store_col_str(s, 9));
		json_object_set_new(h, "title", store_col_str(s, 10));
		json_object_set_new(o, "head", h);
	}
	json_object_set_new(p, "owner", o);
	json_object_set_new(p, "start_year", json_integer(db_col_int(s, 11)));
	json_object_set_new(p, "end_year", json_integer(db_col_int(s, 12)));
	json_object_set_new(p, "approving_doc", store_col_str(s, 13));
	json_object_set_new(p, "approved_on", store_col_str(s, 14));
	json_object_set_new(p, "summary", store_col_str(s, 15));
	json_object_set_new(p, "status", store_col_str(s, 16));
	json_object_set_new(p, "version", json_integer(db_col_int(s, 17)));
	json_object_set_new(p, "created_at", store_col_str(s, 18));
	json_object_set_new(p, "updated_at", store_col_str(s, 19));
	return p;
}

static const char *SQL_PLAN_OBJECTIVES =
	"SELECT id, code, title, position FROM plan_objectives WHERE plan_id = ?"
	" ORDER BY position, id";

static const char *SQL_PLAN_COORDINATORS =
	"SELECT o.id, o.name, o.system, pc.role FROM plan_coordinators pc"
	" JOIN organizations o ON o.id = pc.organization_id WHERE pc.plan_id = ?"
	" ORDER BY CASE WHEN pc.role = 'coordinate' THEN 0 ELSE 1 END, o.sort_key, o.id";

/* Adds "objectives" and "coordinators" to the plan object p. */
static tderr plan_lists(db *d, int64_t id, json_t *p)
{
	json_t *objs = json_array(), *coords = json_array();
	json_object_set_new(p, "objectives", objs);
	json_object_set_new(p, "coordinators", coords);
	db_stmt *s = db_prepare(d, SQL_PLAN_OBJECTIVES);
	if (!s)
		return TD_EINTERNAL;
	db_bind_int(s, 1, id);
	tderr e = TD_OK;
	int rc;
	while ((rc = db_step(s, &e)) == DB_ROW) {
		json_t *o = json_object();
		json_object_set_new(o, "id", json_integer(db_col_int(s, 0)));
		json_object_set_new(o, "code", store_col_str(s, 1));
		json_object_set_new(o, "title", store_col_str(s, 2));
		json_object_set_new(o, "position", json_integer(db_col_int(s, 3)));
		json_array_append_new(objs, o);
	}
	db_reset(s);
	if (rc < 0)
		return e;
	if (!(s = db_prepare(d, SQL_PLAN_COORDINATORS)))
		return TD_EINTERNAL;
	db_bind_int(s, 1, id);
	while ((rc = db_step(s, &e)) == DB_ROW) {
		json_t *o = json_object();
		json_object_set_new(o, "id", json_integer(db_col_int(s, 0)));
		json_object_set_new(o, "name", store_col_str(s, 1));
		json_object_set_new(o, "system", store_col_str(s, 2));
		json_object_set_new(o, "role", store_col_str(s, 3));
		json_array_append_new(coords, o);
	}
	db_reset(s);
	return rc < 0 ? e : TD_OK;
}

/* Filters (after the organisation of PLAN_HEIRS_WITH, plan_heirs.h): visibility (5),
 * q (4), status (2), kind (2), owner (2), system (2), year (3). */
#define PLAN_WHERE                                                                         \
	" WHERE (CAST(? AS TEXT) IS NULL OR un.path LIKE (? || '%')"                        \
	"   OR ? LIKE (un.path || '%') OR p.owner_id = ? OR EXISTS (SELECT 1"               \
	"   FROM plan_coordinators vc WHERE vc.plan_id = p.id AND vc.organization_id = ?)"  \
	"   OR" PLAN_HEIR ")"                                                               \
	" AND (CAST(? AS TEXT) IS NULL OR p.search LIKE ? ESCAPE '\\'"                      \
	"   OR LOWER(p.title) LIKE LOWER(?) ESCAPE '\\'"                                    \
	"   OR LOWER(p.code) LIKE LOWER(?) ESCAPE '\\')"                                    \
	" AND (CAST(? AS TEXT) IS NULL OR p.status = ?)"                                    \
	" AND (CAST(? AS TEXT) IS NULL OR p.kind = ?)"                                      \
	" AND (CAST(? AS INTEGER) IS NULL OR p.owner_id = ?)"                               \
	" AND (CAST(? AS TEXT) IS NULL OR o.system = ?)"                                    \
	" AND (CAST(? AS INTEGER) IS NULL OR (p.start_year <= ? AND p.end_year >= ?))"

static void bind_plan_filters(sqlbind *b, const plan_filter *f, const char *raw,
			      const char *folded)
{
	sb_text(b, f->scope_path);
	sb_text(b, f->scope_path);
	sb_text(b, f->scope_path);
	sb_int(b, f->scope_org);
	sb_int(b, f->scope_org);
	sb_text(b, raw);
	sb_text(b, folded);
	sb_text(b, raw);
	sb_text(b, raw);
	sb_text(b, f->status);
	sb_text(b, f->status);
	sb_text(b, f->kind);
	sb_text(b, f->kind);
	sb_opt_int(b, f->has_owner, f->owner_id);
	sb_opt_int(b, f->has_owner, f->owner_id);
	sb_text(b, f->system);
	sb_text(b, f->system);
	sb_opt_int(b, f->has_year, f->year);
	sb_opt_int(b, f->has_year, f->year);
	sb_opt_int(b, f->has_year, f->year);
}

#define PLAN_SELECT PLAN_HEIRS_WITH "SELECT " PLAN_COLS PLAN_FROM PLAN_WHERE
static const char *SQL_PLANS_BY_TITLE =
	PLAN_SELECT " ORDER BY p.sort_key, p.id LIMIT ? OFFSET ?";
static const char *SQL_PLANS_BY_CODE = PLAN_SELECT " ORDER BY p.code, p.id LIMIT ? OFFSET ?";
static const char *SQL_PLANS_BY_START =
	PLAN_SELECT " ORDER BY p.start_year DESC, p.sort_key, p.id LIMIT ? OFFSET ?";
static const char *SQL_PLANS_BY_UPDATED =
	PLAN_SELECT " ORDER BY p.updated_at DESC, p.id DESC LIMIT ? OFFSET ?";
static const char *SQL_PLANS_COUNT =
	PLAN_HEIRS_WITH "SELECT COUNT(*) FROM plans p JOIN organizations o ON o.id = p.owner_id"
	" JOIN org_units un ON un.id = o.unit_id" PLAN_WHERE;

static const char *plans_list_sql(const char *sort)
{
	if (!sort || strcmp(sort, "title") == 0)
		return SQL_PLANS_BY_TITLE;
	if (strcmp(sort, "code") == 0)
		return SQL_PLANS_BY_CODE;
	if (strcmp(sort, "-start_year") == 0)
		return SQL_PLANS_BY_START;
	if (strcmp(sort, "-updated_at") == 0)
		return SQL_PLANS_BY_UPDATED;
	return NULL;
}

tderr plans_list(db *d, const plan_filter *f, json_t **items, int64_t *total)
{
	const char *sql = plans_list_sql(f->sort);
	if (!sql)
		return TD_EINVALID;
	char today[16];
	clock_today_vn(today, sizeof today);
	char *raw = NULL, *folded = NULL;
	if (f->q && *f->q) {
		tderr qe = textkey_query(f->q, &raw, &folded);
		if (qe)
			return qe;
	}
	tderr e = TD_EINTERNAL;
	json_t *arr = NULL;
	db_stmt *s = db_prepare(d, SQL_PLANS_COUNT);
	if (!s)
		goto out;
	sqlbind b = sb_start(s);
	sb_int(&b, f->scope_org);
	bind_plan_filters(&b, f, raw, folded);
	if ((e = store_one_int(s, total)) != TD_OK)
		goto out;
	e = TD_EINTERNAL;
	if (!(s = db_prepare(d, sql)))
		goto out;
	b = sb_start(s);
	sb_int(&b, f->scope_org);
	sb_text(&b, today);
	bind_plan_filters(&b, f, raw, folded);
	sb_int(&b, f->limit);
	sb_int(&b, f->offset);
	arr = json_array();
	int rc;
	while ((rc = db_step(s, &e)) == DB_ROW)
		json_array_append_new(arr, plan_row_json(s));
	db_reset(s);
	if (rc < 0)
		goto out;
	/* the lists are read after the cursor is done: one statement at a time */
	for (size_t i = 0; i < json_array_size(arr); i++) {
		json_t *p = json_array_get(arr, i);
		if ((e = plan_lists(d, json_integer_value(json_object_get(p, "id")), p)) != TD_OK)
			goto out;
	}
	*items = arr;
	arr = NULL;
	e = TD_OK;
out:
	json_decref(arr);
	free(raw);
	free(folded);
	return e;
}

static const char *SQL_PLAN_GET = "SELECT " PLAN_COLS PLAN_FROM " WHERE p.id = ?";

tderr plans_get(db *d, int64_t id, json_t **out)
{
	char today[16];
	clock_today_vn(today, sizeof today);
	db_stmt *s = db_prepare(d, SQL_PLAN_GET);
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
	json_t *p = plan_row_json(s);
	db_reset(s);
	if ((e = plan_lists(d, id, p)) != TD_OK) {
		json_decref(p);
		return e;
	}
	*out = p;
	return TD_OK;
}

static const char *SQL_PLAN_ACCESS =
	PLAN_HEIRS_WITH "SELECT p.owner_id, un.path, CASE WHEN p.owner_id = ? OR EXISTS (SELECT 1"
	" FROM plan_coordinators pc WHERE pc.plan_id = p.id AND pc.organization_id = ?)"
	" OR" PLAN_HEIR " THEN 1 ELSE 0 END"
	" FROM plans p JOIN organizations o ON o.id = p.owner_id"
	" JOIN org_units un ON un.id = o.unit_id WHERE p.id = ?";

tderr plans_access(db *d, int64_t id, int64_t org, int64_t *owner_id,
		   char path[UNIT_PATH_MAX], int *member)
{
	db_stmt *s = db_prepare(d, SQL_PLAN_ACCESS);
	if (!s)
		return TD_EINTERNAL;
	db_bind_int(s, 1, org);
	db_bind_int(s, 2, org);
	db_bind_int(s, 3, org);
	db_bind_int(s, 4, id);
	tderr e = TD_OK;
	int rc = db_step(s, &e);
	if (rc == DB_ROW) {
		*owner_id = db_col_int(s, 0);
		const char *p = db_col_text(s, 1);
		*member = db_col_int(s, 2) != 0;
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

tderr plans_visible(db *d, int64_t id, const td_user *u)
{
	int64_t owner;
	char path[UNIT_PATH_MAX];
	int member = 0;
	tderr e = plans_access(d, id, u->org_id, &owner, path, &member);
	if (e)
		return e;
	return member || scope_can_read_unit(u, path) ? TD_OK : TD_ENOTFOUND;
}

/* ---- writes ---- */

static const char *SQL_PLAN_CODE_TAKEN = "SELECT COUNT(*) FROM plans WHERE code = ? AND id <> ?";

static tderr check_code_free(db *d, const char *code, int64_t self, td_error *e)
{
	db_stmt *s = db_prepare(d, SQL_PLAN_CODE_TAKEN);
	if (!s)
		return TD_EINTERNAL;
	db_bind_text(s, 1, code);
	db_bind_int(s, 2, self);
	int64_t n = 0;
	tderr err = store_one_int(s, &n);
	if (err)
		return err;
	if (n > 0)
		return set_err(e, TD_ECONFLICT, "plan_code_taken", "Mã kế hoạch đã được dùng",
			       "code");
	return TD_OK;
}

static const char *SQL_COORD_DELETE_ROLE =
	"DELETE FROM plan_coordinators WHERE plan_id = ? AND role = ?";
static const char *SQL_COORD_INSERT =
	"INSERT INTO plan_coordinators(plan_id, organization_id, role) VALUES (?, ?, ?)";

/* Replaces the plan's organisations of one role with ids. */
static tderr set_coordinators(db *d, int64_t plan, const char *role, const int64_t *ids,
			      size_t n, const char *field, td_error *e)
{
	db_stmt *s = db_prepare(d, SQL_COORD_DELETE_ROLE);
	if (!s)
		return TD_EINTERNAL;
	db_bind_int(s, 1, plan);
	db_bind_text(s, 2, role);
	tderr err = store_exec(s);
	for (size_t i = 0; err == TD_OK && i < n; i++) {
		if (!(s = db_prepare(d, SQL_COORD_INSERT)))
			return TD_EINTERNAL;
		db_bind_int(s, 1, plan);
		db_bind_int(s, 2, ids[i]);
		db_bind_text(s, 3, role);
		err = store_exec(s);
		if (err == TD_ECONFLICT)
			return set_err(e, TD_EINVALID, "duplicate_coordinator",
				       "Một tổ chức chỉ được phối hợp hoặc giám sát một lần", field);
	}
	return err;
}

static const char *SQL_OWNER_IS_COORD =
	"SELECT COUNT(*) FROM plan_coordinators pc JOIN plans p ON p.id = pc.plan_id"
	" WHERE pc.plan_id = ? AND pc.organization_id = p.owner_id";

static tderr check_owner_not_coordinator(db *d, int64_t plan, td_error *e)
{
	db_stmt *s = db_prepare(d, SQL_OWNER_IS_COORD);
	if (!s)
		return TD_EINTERNAL;
	db_bind_int(s, 1, plan);
	int64_t n = 0;
	tderr err = store_one_int(s, &n);
	if (err)
		return err;
	if (n > 0)
		return set_err(e, TD_EINVALID, "owner_is_coordinator",
			       "Cơ quan chủ trì không thể đồng thời là cơ quan phối hợp", "coordinator_ids");
	return TD_OK;
}

static const char *SQL_OBJ_EXISTING =
	"SELECT id, code FROM plan_objectives WHERE plan_id = ? ORDER BY position, id";
static const char *SQL_OBJ_UPDATE =
	"UPDATE plan_objectives SET position = ?, code = ?, title = ? WHERE id = ?";
static const char *SQL_OBJ_INSERT =
	"INSERT INTO plan_objectives(plan_id, position, code, title) VALUES (?, ?, ?, ?)";
static const char *SQL_OBJ_DELETE = "DELETE FROM plan_objectives WHERE id = ?";

typedef struct old_objective {
	int64_t id;
	char code[PLAN_OBJECTIVE_CODE_MAX + 1];
	int kept;
} old_objective;

/* Loads the plan's current objectives into a malloc'd array. */
static tderr load_objectives(db *d, int64_t plan, old_objective **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	db_stmt *s = db_prepare(d, SQL_OBJ_EXISTING);
	if (!s)
		return TD_EINTERNAL;
	db_bind_int(s, 1, plan);
	size_t cap = 0;
	tderr e = TD_OK;
	int rc;
	while ((rc = db_step(s, &e)) == DB_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			old_objective *g = realloc(*out, cap * sizeof **out);
			if (!g) {
				db_reset(s);
				return TD_EINTERNAL;
			}
			*out = g;
		}
		old_objective *o = &(*out)[(*n)++];
		o->id = db_col_int(s, 0);
		snprintf(o->code, sizeof o->code, "%s", db_col_text(s, 1) ? db_col_text(s, 1) : "");
		o->kept = 0;
	}
	db_reset(s);
	return rc < 0 ? e : TD_OK;
}

static old_objective *match_objective(old_objective *old, size_t n,
				      const plan_objective_in *in)
{
	for (size_t i = 0; i < n; i++)
		if (!old[i].kept && ((in->id && old[i].id == in->id) ||
				     (!in->id && in->code && in->code[0] &&
				      strcmp(old[i].code, in->code) == 0)))
			return &old[i];
	return NULL;
}

/* Makes the plan's objectives the list given, keeping rows matched by id or code. */
static tderr set_objectives(db *d, int64_t plan, const plan_input *in, td_error *e)
{
	old_objective *old = NULL;
	size_t nold = 0;
	tderr err = load_objectives(d, plan, &old, &nold);
	for (size_t i = 0; err == TD_OK && i < in->nobjectives; i++) {
		const plan_objective_in *o = &in->objectives[i];
		old_objective *m = match_objective(old, nold, o);
		if (o->id && !m) {
			err = set_err(e, TD_EINVALID, "unknown_objective",
				      "Mục tiêu không thuộc kế hoạch này", "objectives");
			break;
		}
		char *title = vn_nfc(o->title);
		db_stmt *s = title ? db_prepare(d, m ? SQL_OBJ_UPDATE : SQL_OBJ_INSERT) : NULL;
		if (!s) {
			free(title);
			err = TD_EINTERNAL;
			break;
		}
		sqlbind b = sb_start(s);
		if (!m)
			sb_int(&b, plan);
		sb_int(&b, (int64_t)i + 1);
		sb_text(&b, o->code ? o->code : "");
		sb_text(&b, title);
		if (m) {
			sb_int(&b, m->id);
			m->kept = 1;
		}
		err = store_exec(s);
		free(title);
	}
	for (size_t i = 0; err == TD_OK && i < nold; i++) {
		if (old[i].kept)
			continue;
		db_stmt *s = db_prepare(d, SQL_OBJ_DELETE);
		if (!s) {
			err = TD_EINTERNAL;
			break;
		}
		db_bind_int(s, 1, old[i].id);
		err = store_exec(s);
		if (err == TD_ECONFLICT)
			err = set_err(e, TD_ECONFLICT, "objective_in_use",
				      "Không thể bỏ mục tiêu đang được chỉ tiêu sử dụng", "objectives");
	}
	free(old);
	return err;
}

/* Writes the lists the input carries, then checks the owner is not among them. */
static tderr plan_set_lists(db *d, int64_t plan, const plan_input *in, td_error *e)
{
	tderr err = TD_OK;
	if (in->set_coordinators)
		err = set_coordinators(d, plan, "coordinate", in->coordinator_ids,
				       in->ncoordinators, "coordinator_ids", e);
	if (!err && in->set_supervisors)
		err = set_coordinators(d, plan, "supervise", in->supervisor_ids, in->nsupervisors,
				       "supervisor_ids", e);
	if (!err && in->set_objectives)
		err = set_objectives(d, plan, in, e);
	if (!err)
		err = check_owner_not_coordinator(d, plan, e);
	return err;
}

static tderr check_years(int64_t start, int64_t end, td_error *e)
{
	if (start > end)
		return set_err(e, TD_EINVALID, "bad_years",
			       "Năm kết thúc không được trước năm bắt đầu", "end_year");
	return TD_OK;
}

static const char *SQL_PLAN_INSERT =
	"INSERT INTO plans(code, kind, title, owner_id, start_year, end_year, approving_doc,"
	" approved_on, summary, status, search, sort_key, version, created_at, updated_at)"
	" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?) RETURNING id";

tderr plans_create(db *d, const plan_input *in, int64_t *id, td_error *e)
{
	tderr err = check_years(in->start_year, in->end_year, e);
	if (!err)
		err = check_code_free(d, in->code, 0, e);
	if (err)
		return err;
	textkey k;
	char *summary = NULL;
	if ((err = textkey_make(in->title, &k)) != TD_OK)
		return err;
	if (in->summary && !(summary = vn_nfc(in->summary))) {
		textkey_free(&k);
		return TD_EINTERNAL;
	}
	char now[32];
	clock_iso(now, sizeof now);
	err = TD_EINTERNAL;
	db_stmt *s = db_prepare(d, SQL_PLAN_INSERT);
	if (s) {
		sqlbind b = sb_start(s);
		sb_text(&b, in->code);
		sb_text(&b, in->kind ? in->kind : "ke_hoach");
		sb_text(&b, k.nfc);
		sb_int(&b, in->owner_id);
		sb_int(&b, in->start_year);
		sb_int(&b, in->end_year);
		sb_text(&b, in->approving_doc ? in->approving_doc : "");
		sb_text(&b, in->set_approved_on ? in->approved_on : NULL);
		sb_text(&b, summary ? summary : "");
		sb_text(&b, in->status ? in->status : "active");
		sb_text(&b, k.fold);
		sb_text(&b, k.sort);
		sb_text(&b, now);
		sb_text(&b, now);
		err = store_one_int(s, id);
	}
	textkey_free(&k);
	free(summary);
	if (!err)
		err = plan_set_lists(d, *id, in, e);
	return err;
}

static const char *SQL_PLAN_CURRENT =
	"SELECT version, start_year, end_year FROM plans WHERE id = ?";

static const char *SQL_PLAN_UPDATE =
	"UPDATE plans SET code = COALESCE(?, code), kind = COALESCE(?, kind),"
	" title = COALESCE(?, title), search = COALESCE(?, search),"
	" sort_key = COALESCE(?, sort_key), owner_id = COALESCE(?, owner_id),"
	" start_year = COALESCE(?, start_year), end_year = COALESCE(?, end_year),"
	" approving_doc = COALESCE(?, approving_doc),"
	" approved_on = CASE WHEN ? = 1 THEN ? ELSE approved_on END,"
	" summary = COALESCE(?, summary), status = COALESCE(?, status),"
	" version = version + 1, updated_at = ? WHERE id = ?";

tderr plans_update(db *d, int64_t id, const plan_input *in, td_error *e)
{
	db_stmt *s = db_prepare(d, SQL_PLAN_CURRENT);
	if (!s)
		return TD_EINTERNAL;
	db_bind_int(s, 1, id);
	tderr err = TD_OK;
	int rc = db_step(s, &err);
	int64_t version = 0, start = 0, end = 0;
	if (rc == DB_ROW) {
		version = db_col_int(s, 0);
		start = db_col_int(s, 1);
		end = db_col_int(s, 2);
	}
	db_reset(s);
	if (rc < 0)
		return err;
	if (rc != DB_ROW)
		return set_err(e, TD_ENOTFOUND, "not_found", "Không tìm thấy kế hoạch", NULL);
	if (in->has_version && in->version != version)
		return set_err(e, TD_ECONFLICT, "stale_version",
			       "Kế hoạch đã được người khác sửa, vui lòng tải lại", "version");
	if ((err = check_years(in->has_start ? in->start_year : start,
			       in->has_end ? in->end_year : end, e)))
		return err;
	if (in->code && (err = check_code_free(d, in->code, id, e)))
		return err;
	textkey k = {0};
	char *summary = NULL;
	if (in->title && (err = textkey_make(in->title, &k)) != TD_OK)
		return err;
	if (in->summary && !(summary = vn_nfc(in->summary))) {
		textkey_free(&k);
		return TD_EINTERNAL;
	}
	char now[32];
	clock_iso(now, sizeof now);
	err = TD_EINTERNAL;
	if ((s = db_prepare(d, SQL_PLAN_UPDATE))) {
		sqlbind b = sb_start(s);
		sb_text(&b, in->code);
		sb_text(&b, in->kind);
		sb_text(&b, k.nfc);
		sb_text(&b, k.fold);
		sb_text(&b, k.sort);
		sb_opt_int(&b, in->owner_id > 0, in->owner_id);
		sb_opt_int(&b, in->has_start, in->start_year);
		sb_opt_int(&b, in->has_end, in->end_year);
		sb_text(&b, in->approving_doc);
		sb_int(&b, in->set_approved_on);
		sb_text(&b, in->set_approved_on ? in->approved_on : NULL);
		sb_text(&b, summary);
		sb_text(&b, in->status);
		sb_text(&b, now);
		sb_int(&b, id);
		err = store_exec(s);
	}
	textkey_free(&k);
	free(summary);
	if (!err)
		err = plan_set_lists(d, id, in, e);
	return err;
}
