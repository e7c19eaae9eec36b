/* plan_followup.c — the counts on a plan's follow-up page, gathered from the
 * follow-up stores and from the findings, inspections and models tables; and the
 * helpers those stores share: scope binding, plan facts, child units. */
#include "store/plan_followup.h"
#include "core/clock.h"
#include "core/followup.h"
#include "core/vntext.h"
#include "store/activities.h"
#include "store/budgets.h"
#include "store/documents.h"
#include "store/orgs.h"
#include "store/plans.h"
#include "store/store.h"
#include "store/tasks.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void pf_bind_scope(sqlbind *b, const pf_filter *f)
{
	const char *read = f->read_path ? f->read_path : "-";
	sb_text(b, read);
	sb_text(b, read);
	sb_text(b, f->unit_path);
	sb_text(b, f->unit_path);
}

const char *pf_year_text(const pf_filter *f, char buf[8])
{
	if (!f->has_year || f->year < 1000 || f->year > 9999)
		return NULL;
	snprintf(buf, 8, "%04d", (int)f->year);
	return buf;
}

tderr pf_fold_query(const pf_filter *f, char **folded)
{
	*folded = NULL;
	if (!f->q || !*f->q)
		return TD_OK;
	if (!vn_valid_text(f->q, strlen(f->q)))
		return TD_EINVALID;
	*folded = vn_fold(f->q);
	return *folded ? TD_OK : TD_EINTERNAL;
}

tderr pf_collect(db_stmt *s, pf_row_fn fn, const void *ctx, const int *text_cols,
		 int ntext, const char *folded, int64_t limit, int64_t offset, json_t *arr,
		 int64_t *matched)
{
	tderr e = TD_OK;
	int64_t n = 0;
	int rc;
	while ((rc = db_step(s, &e)) == DB_ROW) {
		if (folded) {
			int hit = 0;
			for (int i = 0; !hit && i < ntext; i++)
				hit = followup_text_match(folded, db_col_text(s, text_cols[i]));
			if (!hit)
				continue;
			n++;
			if (n <= offset || n > offset + limit)
				continue;
		}
		json_t *item = fn(s, ctx);
		if (!item) {
			rc = -1;
			e = TD_EINTERNAL;
			break;
		}
		json_array_append_new(arr, item);
	}
	db_reset(s);
	if (matched && folded)
		*matched = n;
	return rc < 0 ? e : TD_OK;
}

tderr pf_nfc(const char *s, char **out)
{
	*out = NULL;
	if (!s)
		return TD_OK;
	*out = vn_nfc(s);
	return *out ? TD_OK : TD_EINTERNAL;
}

static const char *SQL_PF_PLAN =
	"SELECT p.owner_id, un.path, p.start_year, p.end_year"
	" FROM plans p JOIN organizations o ON o.id = p.owner_id"
	" JOIN org_units un ON un.id = o.unit_id WHERE p.id = ?";

tderr pf_plan_info(db *d, int64_t plan_id, pf_plan *out)
{
	db_stmt *s = db_prepare(d, SQL_PF_PLAN);
	if (!s)
		return TD_EINTERNAL;
	db_bind_int(s, 1, plan_id);
	tderr e = TD_OK;
	int rc = db_step(s, &e);
	if (rc == DB_ROW) {
		const char *p = db_col_text(s, 1);
		if (!p || strlen(p) >= UNIT_PATH_MAX) {
			rc = -1;
			e = TD_EINTERNAL;
		} else {
			out->owner_id = db_col_int(s, 0);
			memcpy(out->owner_path, p, strlen(p) + 1);
			out->start_year = db_col_int(s, 2);
			out->end_year = db_col_int(s, 3);
		}
	}
	db_reset(s);
	if (rc < 0)
		return e;
	return rc == DB_ROW ? TD_OK : TD_ENOTFOUND;
}

static tderr fail(td_error *e, const char *code, const char *msg, const char *field)
{
	if (e) {
		e->kind = TD_EINVALID;
		e->code = code;
		e->message = msg;
		e->field = field;
	}
	return TD_EINVALID;
}

tderr pf_plan_for_user(db *d, const td_user *u, int64_t plan_id, const char *field,
		       pf_plan *out, td_error *e)
{
	tderr err = plan_id > 0 ? pf_plan_info(d, plan_id, out) : TD_ENOTFOUND;
	if (!err)
		err = plans_visible(d, plan_id, u);
	if (err == TD_ENOTFOUND)
		return fail(e, "unknown_plan", "Không tìm thấy kế hoạch", field);
	return err;
}

/* The last id of a unit path ("/1/5/30/" -> 30); 0 when malformed. */
static int64_t path_last_id(const char *path)
{
	size_t n = strlen(path);
	if (n < 3 || path[n - 1] != '/')
		return 0;
	size_t i = n - 1;
	while (i > 0 && path[i - 1] >= '0' && path[i - 1] <= '9')
		i--;
	int64_t v = 0;
	for (size_t k = i; k < n - 1; k++) {
		if (v > (INT64_MAX - 9) / 10)
			return 0;
		v = v * 10 + (path[k] - '0');
	}
	return i > 0 && path[i - 1] == '/' ? v : 0;
}

tderr pf_record_unit(db *d, const td_user *u, const char *code, const char *current_path,
		     int64_t org_id, const char *org_field, int64_t *unit_id, td_error *e)
{
	char org_path[UNIT_PATH_MAX], path[UNIT_PATH_MAX];
	tderr err = org_id > 0 ? orgs_unit_path(d, org_id, org_path) : TD_ENOTFOUND;
	if (err == TD_ENOTFOUND)
		return fail(e, "unknown_organization", "Không tìm thấy tổ chức", org_field);
	if (err)
		return err;
	*unit_id = 0;
	if (code) {
		err = units_lookup(d, code, unit_id, path);
		if (err == TD_ENOTFOUND)
			return fail(e, "unknown_unit", "Không tìm thấy đơn vị hành chính", "unit");
		if (err)
			return err;
	} else if (current_path) {
		snprintf(path, sizeof path, "%s", current_path);
	} else {
		memcpy(path, org_path, sizeof path);
		if (!(*unit_id = path_last_id(path)))
			return TD_EINTERNAL;
	}
	if (!scope_can_write_unit(u, path))
		return fail(e, "unit_out_of_scope", "Đơn vị này nằm ngoài phạm vi bạn quản lý",
			    "unit");
	if (!scope_path_contains(org_path, path))
		return fail(e, "unit_outside_organization",
			    "Đơn vị phải là địa bàn của tổ chức (đơn vị của tổ chức hoặc cấp dưới)",
			    "unit");
	return TD_OK;
}

static const char *SQL_PF_CHILDREN =
	"SELECT code, path, name FROM org_units WHERE parent_id = ?"
	" AND valid_from <= ? AND (valid_to IS NULL OR valid_to > ?)"
	" ORDER BY sort_key, code";

tderr pf_children(db *d, int64_t unit_id, pf_unit **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	char today[16];
	clock_today_vn(today, sizeof today);
	db_stmt *s = db_prepare(d, SQL_PF_CHILDREN);
	if (!s)
		return TD_EINTERNAL;
	db_bind_int(s, 1, unit_id);
	db_bind_text(s, 2, today);
	db_bind_text(s, 3, today);
	size_t cap = 0;
	tderr e = TD_OK;
	int rc;
	while ((rc = db_step(s, &e)) == DB_ROW) {
		const char *code = db_col_text(s, 0), *path = db_col_text(s, 1);
		const char *name = db_col_text(s, 2);
		if (!code || !path || strlen(code) > UNIT_CODE_MAX || strlen(path) >= UNIT_PATH_MAX)
			continue;
		if (*n == cap) {
			cap = cap ? cap * 2 : 32;
			pf_unit *g = realloc(*out, cap * sizeof **out);
			if (!g) {
				e = TD_EINTERNAL;
				rc = -1;
				break;
			}
			*out = g;
		}
		pf_unit *u = &(*out)[*n];
		snprintf(u->code, sizeof u->code, "%s", code);
		snprintf(u->path, sizeof u->path, "%s", path);
		if (!(u->name = strdup(name ? name : ""))) {
			e = TD_EINTERNAL;
			rc = -1;
			break;
		}
		(*n)++;
	}
	db_reset(s);
	if (rc < 0) {
		pf_units_free(*out, *n);
		*out = NULL;
		*n = 0;
		return e;
	}
	return TD_OK;
}

void pf_units_free(pf_unit *u, size_t n)
{
	if (!u)
		return;
	for (size_t i = 0; i < n; i++)
		free(u[i].name);
	free(u);
}

long pf_child_of(const pf_unit *kids, size_t n, const char *path)
{
	for (size_t i = 0; path && i < n; i++)
		if (strncmp(path, kids[i].path, strlen(kids[i].path)) == 0)
			return (long)i;
	return -1;
}

/* ---- the plan page ---- */

/* Findings by status, with those overdue (open or answered past due_on). */
static const char *SQL_PF_FINDINGS =
	"SELECT t.status, COUNT(*), SUM(CASE WHEN t.status IN ('open', 'answered')"
	"   AND t.due_on IS NOT NULL AND t.due_on < ? THEN 1 ELSE 0 END)"
	" FROM findings t JOIN org_units un ON un.id = t.unit_id"
	" WHERE t.plan_id = ? AND" PF_SCOPE_WHERE " GROUP BY t.status";

static tderr findings_counts(db *d, const pf_filter *f, const char *today, json_t *out)
{
	static const char *const statuses[] = {"open", "answered", "resolved", "declined"};
	int64_t total = 0, overdue = 0;
	for (size_t i = 0; i < sizeof statuses / sizeof statuses[0]; i++)
		json_object_set_new(out, statuses[i], json_integer(0));
	db_stmt *s = db_prepare(d, SQL_PF_FINDINGS);
	if (!s)
		return TD_EINTERNAL;
	sqlbind b = sb_start(s);
	sb_text(&b, today);
	sb_int(&b, f->plan_id);
	pf_bind_scope(&b, f);
	tderr e = TD_OK;
	int rc;
	while ((rc = db_step(s, &e)) == DB_ROW) {
		const char *st = db_col_text(s, 0);
		int64_t n = db_col_int(s, 1);
		total += n;
		overdue += db_col_int(s, 2);
		for (size_t i = 0; st && i < sizeof statuses / sizeof statuses[0]; i++)
			if (strcmp(st, statuses[i]) == 0)
				json_object_set_new(out, statuses[i], json_integer(n));
	}
	db_reset(s);
	json_object_set_new(out, "total", json_integer(total));
	json_object_set_new(out, "overdue", json_integer(overdue));
	return rc < 0 ? e : TD_OK;
}

static const char *SQL_PF_INSPECTIONS =
	"SELECT COUNT(*), SUM(CASE WHEN t.follow_up = 'open' THEN 1 ELSE 0 END)"
	" FROM inspections t JOIN org_units un ON un.id = t.unit_id"
	" WHERE t.plan_id = ? AND" PF_SCOPE_WHERE;

static const char *SQL_PF_MODELS =
	"SELECT COUNT(*), SUM(CASE WHEN t.replicates_id IS NOT NULL THEN 1 ELSE 0 END),"
	" SUM(CASE WHEN t.recognized <> 0 THEN 1 ELSE 0 END)"
	" FROM models t JOIN org_units un ON un.id = t.unit_id"
	" WHERE t.plan_id = ? AND" PF_SCOPE_WHERE;

/* One row of counts from sql into out under the given names (NULL sums are 0). */
static tderr count_row(db *d, const char *sql, const pf_filter *f, const char *const *names,
		       int ncols, json_t *out)
{
	db_stmt *s = db_prepare(d, sql);
	if (!s)
		return TD_EINTERNAL;
	sqlbind b = sb_start(s);
	sb_int(&b, f->plan_id);
	pf_bind_scope(&b, f);
	tderr e = TD_OK;
	int rc = db_step(s, &e);
	for (int i = 0; i < ncols; i++)
		json_object_set_new(out, names[i],
				    json_integer(rc == DB_ROW ? db_col_int(s, i) : 0));
	db_reset(s);
	return rc < 0 ? e : TD_OK;
}

static tderr tasks_part(db *d, const pf_filter *f, const char *today, json_t *out)
{
	task_filter tf = {0};
	tf.base = *f;
	tf.today = today;
	int64_t counts[TASK_STATUS_COUNT] = {0};
	tderr e = tasks_count_by_status(d, &tf, counts);
	if (e)
		return e;
	int64_t total = 0;
	for (int i = 1; i < TASK_STATUS_COUNT; i++) {
		json_object_set_new(out, followup_task_status_name((task_status)i),
				    json_integer(counts[i]));
		total += counts[i];
	}
	json_object_set_new(out, "total", json_integer(total));
	return TD_OK;
}

static tderr documents_part(db *d, const pf_filter *f, json_t *out)
{
	int64_t total = 0, late = 0;
	tderr e = documents_counts(d, f, &total, &late);
	json_object_set_new(out, "total", json_integer(total));
	json_object_set_new(out, "late", json_integer(late));
	return e;
}

static tderr budgets_part(db *d, const pf_filter *f, const char *today, json_t *parent)
{
	budget_summary_query q = {0};
	q.filter.base = *f;
	q.filter.today = today;
	q.by = BUDGET_BY_NONE;
	json_t *sum = NULL;
	tderr e = budgets_summary(d, &q, &sum);
	if (e)
		return e;
	json_t *totals = json_object_get(sum, "totals");
	json_object_set(parent, "budgets", totals ? totals : json_object());
	json_decref(sum);
	return TD_OK;
}

static tderr activities_part(db *d, const pf_filter *f, json_t *parent)
{
	activity_summary_query q = {0};
	q.base = *f;
	q.by = ACTIVITY_BY_KIND;
	json_t *sum = NULL;
	tderr e = activities_summary(d, &q, &sum);
	if (e)
		return e;
	json_t *a = json_object();
	json_t *totals = json_object_get(sum, "totals");
	json_object_set(a, "total", json_object_get(totals, "count"));
	json_object_set(a, "participants", json_object_get(totals, "participants"));
	json_t *by = json_object();
	size_t i;
	json_t *row;
	json_array_foreach(json_object_get(sum, "items"), i, row)
		json_object_set(by, json_string_value(json_object_get(row, "kind")),
				json_object_get(row, "count"));
	json_object_set_new(a, "by_kind", by);
	json_object_set_new(parent, "activities", a);
	json_decref(sum);
	return TD_OK;
}

tderr plan_followup_get(db *d, const pf_filter *f, const char *today, json_t **out)
{
	static const char *const insp_names[] = {"total", "open"};
	static const char *const model_names[] = {"total", "replications", "recognized"};
	json_t *o = json_object();
	json_t *tasks = json_object(), *docs = json_object(), *findings = json_object();
	json_t *insp = json_object(), *models = json_object();
	json_object_set_new(o, "plan_id", json_integer(f->plan_id));
	json_object_set_new(o, "as_of", json_string(today));
	json_object_set_new(o, "tasks", tasks);
	json_object_set_new(o, "documents", docs);
	json_object_set_new(o, "findings", findings);
	json_object_set_new(o, "inspections", insp);
	json_object_set_new(o, "models", models);
	tderr e;
	if ((e = tasks_part(d, f, today, tasks)) || (e = documents_part(d, f, docs)) ||
	    (e = budgets_part(d, f, today, o)) || (e = findings_counts(d, f, today, findings)) ||
	    (e = count_row(d, SQL_PF_INSPECTIONS, f, insp_names, 2, insp)) ||
	    (e = count_row(d, SQL_PF_MODELS, f, model_names, 3, models)) ||
	    (e = activities_part(d, f, o))) {
		json_decref(o);
		return e;
	}
	*out = o;
	return TD_OK;
}
