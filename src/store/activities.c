/* activities.c — activities of the plans: scoped lists, one activity, totals per
 * kind or per child unit (rolled up the unit tree), create and update. */
#include "store/activities.h"
#include "core/clock.h"
#include "core/followup.h"
#include "store/sqlbind.h"
#include "store/store.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const activity_kinds[] = {"propaganda", "training", "conference", "emulation",
				      "other",      NULL};
#define ACTIVITY_NKINDS 5

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

#define ACT_COLS                                                                           \
	"t.id, t.plan_id, p.code, p.title, un.code, un.name, t.organization_id, o.name,"    \
	" t.kind, t.title, t.held_on, t.participants, t.version, t.created_at, t.updated_at"
#define ACT_FROM                                                                           \
	" FROM activities t JOIN plans p ON p.id = t.plan_id"                               \
	" JOIN organizations o ON o.id = t.organization_id"                                 \
	" JOIN org_units un ON un.id = t.unit_id"
#define ACT_TITLE_COL 9

/* Filters: scope (4), plan (2), organisation (2), year (2), kind (2). */
#define ACT_WHERE                                                                          \
	" WHERE" PF_SCOPE_WHERE                                                             \
	" AND (CAST(? AS INTEGER) IS NULL OR t.plan_id = ?)"                                \
	" AND (CAST(? AS INTEGER) IS NULL OR t.organization_id = ?)"                        \
	" AND (CAST(? AS TEXT) IS NULL OR t.held_on LIKE (? || '-%'))"                      \
	" AND (CAST(? AS TEXT) IS NULL OR t.kind = ?)"

static void bind_act_filters(sqlbind *b, const pf_filter *g, const char *kind)
{
	char ybuf[8];
	const char *year = pf_year_text(g, ybuf);
	pf_bind_scope(b, g);
	sb_opt_int(b, g->has_plan, g->plan_id);
	sb_opt_int(b, g->has_plan, g->plan_id);
	sb_opt_int(b, g->has_org, g->org_id);
	sb_opt_int(b, g->has_org, g->org_id);
	sb_text(b, year);
	sb_text(b, year);
	sb_text(b, kind);
	sb_text(b, kind);
}

static json_t *act_row_json(db_stmt *s, const void *ctx)
{
	(void)ctx;
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(db_col_int(s, 0)));
	json_object_set_new(o, "plan_id", json_integer(db_col_int(s, 1)));
	json_t *p = json_object();
	json_object_set_new(p, "id", json_integer(db_col_int(s, 1)));
	json_object_set_new(p, "code", store_col_str(s, 2));
	json_object_set_new(p, "title", store_col_str(s, 3));
	json_object_set_new(o, "plan", p);
	json_object_set_new(o, "unit", store_col_str(s, 4));
	json_object_set_new(o, "unit_name", store_col_str(s, 5));
	json_object_set_new(o, "organization_id", json_integer(db_col_int(s, 6)));
	json_t *org = json_object();
	json_object_set_new(org, "id", json_integer(db_col_int(s, 6)));
	json_object_set_new(org, "name", store_col_str(s, 7));
	json_object_set_new(o, "organization", org);
	json_object_set_new(o, "kind", store_col_str(s, 8));
	json_object_set_new(o, "title", store_col_str(s, 9));
	json_object_set_new(o, "held_on", store_col_str(s, 10));
	json_object_set_new(o, "participants", json_integer(db_col_int(s, 11)));
	json_object_set_new(o, "version", json_integer(db_col_int(s, 12)));
	json_object_set_new(o, "created_at", store_col_str(s, 13));
	json_object_set_new(o, "updated_at", store_col_str(s, 14));
	return o;
}

static const char *SQL_ACTS_LIST =
	"SELECT " ACT_COLS ACT_FROM ACT_WHERE " ORDER BY t.held_on DESC, t.id DESC LIMIT ? OFFSET ?";
static const char *SQL_ACTS_COUNT =
	"SELECT COUNT(*) FROM activities t JOIN org_units un ON un.id = t.unit_id" ACT_WHERE;

tderr activities_list(db *d, const activity_filter *f, json_t **items, int64_t *total)
{
	char *folded = NULL;
	tderr e = pf_fold_query(&f->base, &folded);
	if (e)
		return e;
	db_stmt *s;
	sqlbind b;
	if (!folded) {
		if (!(s = db_prepare(d, SQL_ACTS_COUNT)))
			return TD_EINTERNAL;
		b = sb_start(s);
		bind_act_filters(&b, &f->base, f->kind);
		if ((e = store_one_int(s, total)))
			return e;
	}
	if (!(s = db_prepare(d, SQL_ACTS_LIST))) {
		free(folded);
		return TD_EINTERNAL;
	}
	b = sb_start(s);
	bind_act_filters(&b, &f->base, f->kind);
	sb_int(&b, folded ? PF_SCAN_MAX : f->base.limit);
	sb_int(&b, folded ? 0 : f->base.offset);
	static const int text_cols[] = {ACT_TITLE_COL};
	json_t *arr = json_array();
	e = pf_collect(s, act_row_json, NULL, text_cols, 1, folded, f->base.limit, f->base.offset,
		       arr, total);
	free(folded);
	if (e) {
		json_decref(arr);
		return e;
	}
	*items = arr;
	return TD_OK;
}

static const char *SQL_ACT_GET = "SELECT " ACT_COLS ACT_FROM " WHERE t.id = ?";

tderr activities_get(db *d, int64_t id, json_t **out)
{
	db_stmt *s = db_prepare(d, SQL_ACT_GET);
	if (!s)
		return TD_EINTERNAL;
	db_bind_int(s, 1, id);
	tderr e = TD_OK;
	int rc = db_step(s, &e);
	if (rc == DB_ROW)
		*out = act_row_json(s, NULL);
	db_reset(s);
	if (rc < 0)
		return e;
	return rc == DB_ROW ? TD_OK : TD_ENOTFOUND;
}

/* ---- summary ---- */

typedef struct act_acc {
	int64_t count, participants;
	int64_t kind_count[ACTIVITY_NKINDS + 1]; /* the last: a kind not in the list */
} act_acc;

/* Adds n activities of one kind with p participants in all. */
static void acc_add(act_acc *a, size_t kind, int64_t n, int64_t p)
{
	a->count += n;
	a->participants = followup_add_vnd(a->participants, p);
	a->kind_count[kind] += n;
}

static size_t kind_index(const char *k)
{
	for (size_t i = 0; k && i < ACTIVITY_NKINDS; i++)
		if (strcmp(activity_kinds[i], k) == 0)
			return i;
	return ACTIVITY_NKINDS;
}

static void acc_json(json_t *o, const act_acc *a, int with_kinds)
{
	json_object_set_new(o, "count", json_integer(a->count));
	json_object_set_new(o, "participants", json_integer(a->participants));
	if (!with_kinds)
		return;
	json_t *k = json_object();
	for (size_t i = 0; i < ACTIVITY_NKINDS; i++)
		json_object_set_new(k, activity_kinds[i], json_integer(a->kind_count[i]));
	json_object_set_new(o, "by_kind", k);
}

/* Participants summed per kind and unit path: the rows the roll-up reads. */
static const char *SQL_ACTS_ROLLUP =
	"SELECT un.path, t.kind, COUNT(*), SUM(t.participants) FROM activities t"
	" JOIN org_units un ON un.id = t.unit_id" ACT_WHERE " GROUP BY un.path, t.kind";

tderr activities_summary(db *d, const activity_summary_query *q, json_t **out)
{
	pf_unit *kids = NULL;
	size_t nkids = 0;
	tderr e;
	if (q->by == ACTIVITY_BY_CHILDREN && q->root_unit_id > 0 &&
	    (e = pf_children(d, q->root_unit_id, &kids, &nkids)))
		return e;
	/* by kind: one row per kind; by children: kids, own, other */
	size_t nrows = q->by == ACTIVITY_BY_KIND ? ACTIVITY_NKINDS + 1 : nkids + 2;
	act_acc total, *rows = calloc(nrows, sizeof *rows);
	memset(&total, 0, sizeof total);
	db_stmt *s = rows ? db_prepare(d, SQL_ACTS_ROLLUP) : NULL;
	if (!s) {
		free(rows);
		pf_units_free(kids, nkids);
		return TD_EINTERNAL;
	}
	sqlbind b = sb_start(s);
	bind_act_filters(&b, &q->base, q->kind);
	const char *root = q->base.unit_path;
	int rc;
	e = TD_OK;
	while ((rc = db_step(s, &e)) == DB_ROW) {
		const char *path = db_col_text(s, 0);
		size_t k = kind_index(db_col_text(s, 1));
		int64_t n = db_col_int(s, 2), p = db_col_int(s, 3);
		size_t row = k;
		if (q->by == ACTIVITY_BY_CHILDREN) {
			long c = pf_child_of(kids, nkids, path);
			row = c >= 0 ? (size_t)c
			      : (path && root && strcmp(path, root) == 0) ? nkids : nkids + 1;
		}
		acc_add(&total, k, n, p);
		acc_add(&rows[row], k, n, p);
	}
	db_reset(s);
	if (rc >= 0) {
		json_t *items = json_array();
		for (size_t i = 0; i < nrows; i++) {
			int extra = q->by == ACTIVITY_BY_KIND ? i == ACTIVITY_NKINDS : i == nkids + 1;
			if (extra && rows[i].count == 0)
				continue;
			json_t *o = json_object();
			if (q->by == ACTIVITY_BY_KIND) {
				json_object_set_new(o, "kind", extra ? json_null()
								     : json_string(activity_kinds[i]));
			} else if (i < nkids) {
				json_t *u = json_object();
				json_object_set_new(u, "code", json_string(kids[i].code));
				json_object_set_new(u, "name", json_string(kids[i].name));
				json_object_set_new(o, "unit", u);
			} else {
				json_object_set_new(o, extra ? "other" : "own", json_true());
			}
			acc_json(o, &rows[i], q->by == ACTIVITY_BY_CHILDREN);
			json_array_append_new(items, o);
		}
		json_t *o = json_object(), *t = json_object();
		acc_json(t, &total, 1);
		json_object_set_new(o, "totals", t);
		json_object_set_new(o, "total", json_integer((json_int_t)json_array_size(items)));
		json_object_set_new(o, "items", items);
		*out = o;
	}
	free(rows);
	pf_units_free(kids, nkids);
	return rc < 0 ? e : TD_OK;
}

/* ---- writes ---- */

static const char *SQL_ACT_FACTS =
	"SELECT t.plan_id, p.owner_id, t.organization_id, t.version, un.path FROM activities t"
	" JOIN plans p ON p.id = t.plan_id JOIN org_units un ON un.id = t.unit_id"
	" WHERE t.id = ?";

tderr activities_facts(db *d, int64_t id, activity_facts *out)
{
	db_stmt *s = db_prepare(d, SQL_ACT_FACTS);
	if (!s)
		return TD_EINTERNAL;
	db_bind_int(s, 1, id);
	tderr e = TD_OK;
	int rc = db_step(s, &e);
	if (rc == DB_ROW) {
		out->plan_id = db_col_int(s, 0);
		out->plan_owner = db_col_int(s, 1);
		out->organization_id = db_col_int(s, 2);
		out->version = db_col_int(s, 3);
		const char *path = db_col_text(s, 4);
		snprintf(out->unit_path, sizeof out->unit_path, "%s", path ? path : "");
	}
	db_reset(s);
	if (rc < 0)
		return e;
	return rc == DB_ROW ? TD_OK : TD_ENOTFOUND;
}

static const char *SQL_ACT_INSERT =
	"INSERT INTO activities(plan_id, unit_id, organization_id, kind, title, held_on,"
	" participants, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?)"
	" RETURNING id";

tderr activities_create(db *d, const activity_input *in, int64_t *id, td_error *e)
{
	(void)e;
	char *title = NULL;
	tderr err = pf_nfc(in->title, &title);
	if (err)
		return err;
	char now[32];
	clock_iso(now, sizeof now);
	db_stmt *s = db_prepare(d, SQL_ACT_INSERT);
	if (!s) {
		free(title);
		return TD_EINTERNAL;
	}
	sqlbind b = sb_start(s);
	sb_int(&b, in->plan_id);
	sb_int(&b, in->unit_id);
	sb_int(&b, in->organization_id);
	sb_text(&b, in->kind);
	sb_text(&b, title);
	sb_text(&b, in->held_on);
	sb_int(&b, in->has_participants ? in->participants : 0);
	sb_text(&b, now);
	sb_text(&b, now);
	err = store_one_int(s, id);
	free(title);
	return err;
}

static const char *SQL_ACT_UPDATE =
	"UPDATE activities SET organization_id = COALESCE(?, organization_id),"
	" unit_id = COALESCE(?, unit_id), kind = COALESCE(?, kind), title = COALESCE(?, title),"
	" held_on = COALESCE(?, held_on), participants = COALESCE(?, participants),"
	" version = version + 1, updated_at = ? WHERE id = ? AND version = ?";

tderr activities_update(db *d, int64_t id, const activity_input *in, td_error *e)
{
	activity_facts f = {0};
	tderr err = activities_facts(d, id, &f);
	if (err == TD_ENOTFOUND)
		return set_err(e, err, "not_found", "Không tìm thấy hoạt động", NULL);
	if (err)
		return err;
	if (f.version != in->version)
		return set_err(e, TD_ECONFLICT, "stale_version",
			       "Hoạt động đã được người khác sửa, vui lòng tải lại", "version");
	char *title = NULL;
	if ((err = pf_nfc(in->title, &title)))
		return err;
	char now[32];
	clock_iso(now, sizeof now);
	db_stmt *s = db_prepare(d, SQL_ACT_UPDATE);
	if (!s) {
		free(title);
		return TD_EINTERNAL;
	}
	sqlbind b = sb_start(s);
	sb_opt_int(&b, in->organization_id > 0, in->organization_id);
	sb_opt_int(&b, in->unit_id > 0, in->unit_id);
	sb_text(&b, in->kind);
	sb_text(&b, title);
	sb_text(&b, in->held_on);
	sb_opt_int(&b, in->has_participants, in->participants);
	sb_text(&b, now);
	sb_int(&b, id);
	sb_int(&b, in->version);
	err = store_exec(s);
	free(title);
	return err;
}
