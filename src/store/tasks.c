/* tasks.c — roadmap tasks: scoped lists filtered on the derived status, counts by
 * status, the timeline by slot, one task with its coordinators, extensions and
 * comments, and the writes (create, update, extend, comment). */
#include "store/tasks.h"
#include "core/clock.h"
#include "core/period.h"
#include "store/sqlbind.h"
#include "store/store.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const task_sorts[] = {"deadline", "-updated_at", NULL};

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

#define TASK_COLS                                                                          \
	"t.id, t.plan_id, p.code, p.title, t.title, t.description, t.responsible_id,"       \
	" o.name, un.code, un.name, t.start_on, t.deadline, t.original_deadline, t.slot,"   \
	" t.progress, t.completed_on, t.version, t.created_at, t.updated_at,"               \
	" (SELECT COUNT(*) FROM task_extensions x WHERE x.task_id = t.id)"
#define TASK_FROM                                                                          \
	" FROM tasks t JOIN plans p ON p.id = t.plan_id"                                    \
	" JOIN organizations o ON o.id = t.responsible_id"                                  \
	" JOIN org_units un ON un.id = t.unit_id"
#define TASK_TITLE_COL 4

/* The derived status in SQL, for filters and counts; followup_task is the rule
 * (ISO dates compare as text). One parameter: today. */
#define TASK_STATUS_CASE                                                                   \
	"(CASE WHEN t.completed_on IS NOT NULL THEN (CASE WHEN t.completed_on <= t.deadline" \
	" THEN 'done_on_time' ELSE 'done_late' END) WHEN ? <= t.deadline THEN 'in_progress'" \
	" ELSE 'overdue' END)"

/* Filters: scope (4), plan (2), organisation (3), year (2), slot (2), status (3). */
#define TASK_WHERE                                                                         \
	" WHERE" PF_SCOPE_WHERE                                                             \
	" AND (CAST(? AS INTEGER) IS NULL OR t.plan_id = ?)"                                \
	" AND (CAST(? AS INTEGER) IS NULL OR t.responsible_id = ? OR EXISTS (SELECT 1"      \
	"   FROM task_coordinators c WHERE c.task_id = t.id AND c.organization_id = ?))"    \
	" AND (CAST(? AS TEXT) IS NULL OR t.slot LIKE (? || '%'))"                          \
	" AND (CAST(? AS TEXT) IS NULL OR t.slot = ?)"                                      \
	" AND (CAST(? AS TEXT) IS NULL OR " TASK_STATUS_CASE " = ?)"

static void bind_task_filters(sqlbind *b, const task_filter *f)
{
	const pf_filter *g = &f->base;
	char ybuf[8];
	const char *year = pf_year_text(g, ybuf);
	pf_bind_scope(b, g);
	sb_opt_int(b, g->has_plan, g->plan_id);
	sb_opt_int(b, g->has_plan, g->plan_id);
	sb_opt_int(b, g->has_org, g->org_id);
	sb_opt_int(b, g->has_org, g->org_id);
	sb_opt_int(b, g->has_org, g->org_id);
	sb_text(b, year);
	sb_text(b, year);
	sb_text(b, f->slot);
	sb_text(b, f->slot);
	sb_text(b, f->status);
	sb_text(b, f->today);
	sb_text(b, f->status);
}

static json_t *id_name(db_stmt *s, int id_col, int name_col)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(db_col_int(s, id_col)));
	json_object_set_new(o, "name", store_col_str(s, name_col));
	return o;
}

static json_t *slot_label(const char *slot)
{
	period p;
	char buf[PERIOD_LABEL_SIZE];
	if (!slot || period_parse(slot, &p) || period_label_vi(&p, buf, sizeof buf))
		return json_null();
	return json_string(buf);
}

/* One task row (TASK_COLS); ctx is today. */
static json_t *task_row_json(db_stmt *s, const void *ctx)
{
	const char *today = ctx;
	json_t *t = json_object();
	json_object_set_new(t, "id", json_integer(db_col_int(s, 0)));
	json_object_set_new(t, "plan_id", json_integer(db_col_int(s, 1)));
	json_t *p = json_object();
	json_object_set_new(p, "id", json_integer(db_col_int(s, 1)));
	json_object_set_new(p, "code", store_col_str(s, 2));
	json_object_set_new(p, "title", store_col_str(s, 3));
	json_object_set_new(t, "plan", p);
	json_object_set_new(t, "title", store_col_str(s, 4));
	json_object_set_new(t, "description", store_col_str(s, 5));
	json_object_set_new(t, "responsible_id", json_integer(db_col_int(s, 6)));
	json_object_set_new(t, "responsible", id_name(s, 6, 7));
	json_object_set_new(t, "coordinator_ids", json_array());
	json_object_set_new(t, "coordinators", json_array());
	json_object_set_new(t, "unit", store_col_str(s, 8));
	json_object_set_new(t, "unit_name", store_col_str(s, 9));
	json_object_set_new(t, "start", store_col_str(s, 10));
	const char *deadline = db_col_text(s, 11), *original = db_col_text(s, 12);
	json_object_set_new(t, "deadline", store_col_str(s, 11));
	json_object_set_new(t, "original_deadline", store_col_str(s, 12));
	int64_t next = db_col_int(s, 19);
	int moved = deadline && original && strcmp(deadline, original) != 0;
	json_object_set_new(t, "extended", json_boolean(next > 0 || moved));
	json_object_set_new(t, "extensions_count", json_integer(next));
	json_object_set_new(t, "slot", store_col_str(s, 13));
	json_object_set_new(t, "slot_label", slot_label(db_col_text(s, 13)));
	json_object_set_new(t, "progress", json_integer(db_col_int(s, 14)));
	json_object_set_new(t, "completed_on", store_col_str(s, 15));
	task_state st;
	if (followup_task(deadline, db_col_text(s, 15), today, &st) == TD_OK) {
		json_object_set_new(t, "status", json_string(followup_task_status_name(st.status)));
		json_object_set_new(t, "days_overdue", json_integer(st.days_overdue));
	} else {
		json_object_set_new(t, "status", json_null());
		json_object_set_new(t, "days_overdue", json_null());
	}
	json_object_set_new(t, "version", json_integer(db_col_int(s, 16)));
	json_object_set_new(t, "created_at", store_col_str(s, 17));
	json_object_set_new(t, "updated_at", store_col_str(s, 18));
	return t;
}

static const char *SQL_TASK_COORDS =
	"SELECT o.id, o.name FROM task_coordinators c"
	" JOIN organizations o ON o.id = c.organization_id WHERE c.task_id = ?"
	" ORDER BY o.sort_key, o.id";

/* Fills "coordinator_ids" and "coordinators" of the task object t. */
static tderr task_coordinators(db *d, json_t *t)
{
	json_t *ids = json_object_get(t, "coordinator_ids");
	json_t *list = json_object_get(t, "coordinators");
	db_stmt *s = db_prepare(d, SQL_TASK_COORDS);
	if (!s)
		return TD_EINTERNAL;
	db_bind_int(s, 1, json_integer_value(json_object_get(t, "id")));
	tderr e = TD_OK;
	int rc;
	while ((rc = db_step(s, &e)) == DB_ROW) {
		json_array_append_new(ids, json_integer(db_col_int(s, 0)));
		json_array_append_new(list, id_name(s, 0, 1));
	}
	db_reset(s);
	return rc < 0 ? e : TD_OK;
}

#define TASK_SELECT "SELECT " TASK_COLS TASK_FROM TASK_WHERE
static const char *SQL_TASKS_BY_DEADLINE =
	TASK_SELECT " ORDER BY t.deadline, t.id LIMIT ? OFFSET ?";
static const char *SQL_TASKS_BY_UPDATED =
	TASK_SELECT " ORDER BY t.updated_at DESC, t.id DESC LIMIT ? OFFSET ?";
static const char *SQL_TASKS_COUNT =
	"SELECT COUNT(*) FROM tasks t JOIN org_units un ON un.id = t.unit_id" TASK_WHERE;

static const char *tasks_list_sql(const char *sort)
{
	if (!sort || strcmp(sort, "deadline") == 0)
		return SQL_TASKS_BY_DEADLINE;
	if (strcmp(sort, "-updated_at") == 0)
		return SQL_TASKS_BY_UPDATED;
	return NULL;
}

tderr tasks_list(db *d, const task_filter *f, json_t **items, int64_t *total)
{
	const char *sql = tasks_list_sql(f->sort);
	if (!sql || !f->today ||
	    (f->status && followup_task_status_from_name(f->status) == TASK_STATUS_NONE))
		return TD_EINVALID;
	char *folded = NULL;
	tderr e = pf_fold_query(&f->base, &folded);
	if (e)
		return e;
	json_t *arr = json_array();
	db_stmt *s;
	sqlbind b;
	e = TD_EINTERNAL;
	if (!folded) {
		if (!(s = db_prepare(d, SQL_TASKS_COUNT)))
			goto out;
		b = sb_start(s);
		bind_task_filters(&b, f);
		if ((e = store_one_int(s, total)) != TD_OK)
			goto out;
		e = TD_EINTERNAL;
	}
	if (!(s = db_prepare(d, sql)))
		goto out;
	b = sb_start(s);
	bind_task_filters(&b, f);
	sb_int(&b, folded ? PF_SCAN_MAX : f->base.limit);
	sb_int(&b, folded ? 0 : f->base.offset);
	static const int text_cols[] = {TASK_TITLE_COL};
	if ((e = pf_collect(s, task_row_json, f->today, text_cols, 1, folded, f->base.limit,
			    f->base.offset, arr, total)))
		goto out;
	/* the lists are read once the cursor is done: one statement at a time */
	for (size_t i = 0; i < json_array_size(arr); i++)
		if ((e = task_coordinators(d, json_array_get(arr, i))))
			goto out;
	*items = arr;
	arr = NULL;
out:
	json_decref(arr);
	free(folded);
	return e;
}

static const char *SQL_TASKS_BY_STATUS =
	"SELECT " TASK_STATUS_CASE ", COUNT(*) FROM tasks t"
	" JOIN org_units un ON un.id = t.unit_id" TASK_WHERE " GROUP BY 1";

tderr tasks_count_by_status(db *d, const task_filter *f, int64_t counts[TASK_STATUS_COUNT])
{
	for (int i = 0; i < TASK_STATUS_COUNT; i++)
		counts[i] = 0;
	if (!f->today)
		return TD_EINVALID;
	db_stmt *s = db_prepare(d, SQL_TASKS_BY_STATUS);
	if (!s)
		return TD_EINTERNAL;
	sqlbind b = sb_start(s);
	sb_text(&b, f->today);
	bind_task_filters(&b, f);
	tderr e = TD_OK;
	int rc;
	while ((rc = db_step(s, &e)) == DB_ROW) {
		task_status st = followup_task_status_from_name(db_col_text(s, 0));
		if (st != TASK_STATUS_NONE)
			counts[st] += db_col_int(s, 1);
	}
	db_reset(s);
	return rc < 0 ? e : TD_OK;
}

/* ---- timeline ---- */

typedef struct slot_group {
	const char *code;
	period p;
	json_t *tasks;  /* borrowed from the groups object */
} slot_group;

/* Calendar order: by year, then first month, longer slots first (the year before
 * its quarters before their months), then by code. */
static int slot_cmp(const void *a, const void *b)
{
	const slot_group *x = a, *y = b;
	if (x->p.year != y->p.year)
		return x->p.year < y->p.year ? -1 : 1;
	int fx = period_first_month(&x->p), fy = period_first_month(&y->p);
	if (fx != fy)
		return fx < fy ? -1 : 1;
	int sx = period_last_month(&x->p) - fx, sy = period_last_month(&y->p) - fy;
	if (sx != sy)
		return sx > sy ? -1 : 1;
	return strcmp(x->code, y->code);
}

static json_t *slot_json(const slot_group *g)
{
	json_t *o = json_object();
	json_object_set_new(o, "slot", json_string(g->code));
	int valid = period_valid(&g->p);
	json_object_set_new(o, "kind", valid ? json_string(period_kind_name(g->p.kind)) : json_null());
	json_object_set_new(o, "label", slot_label(g->code));
	if (valid) {
		char from[16], to[16];
		int last = period_last_month(&g->p);
		unsigned y = (unsigned)g->p.year % 10000u;
		snprintf(from, sizeof from, "%04u-%02u-01", y,
			 (unsigned)period_first_month(&g->p) % 100u);
		snprintf(to, sizeof to, "%04u-%02u-%02u", y, (unsigned)last % 100u,
			 (unsigned)period_days_in_month(g->p.year, last) % 100u);
		json_object_set_new(o, "from", json_string(from));
		json_object_set_new(o, "to", json_string(to));
	} else {
		json_object_set_new(o, "from", json_null());
		json_object_set_new(o, "to", json_null());
	}
	json_t *counts = json_object();
	for (int i = 0; followup_task_statuses[i]; i++)
		json_object_set_new(counts, followup_task_statuses[i], json_integer(0));
	size_t k;
	json_t *t;
	json_array_foreach(g->tasks, k, t) {
		const char *st = json_string_value(json_object_get(t, "status"));
		json_t *c = st ? json_object_get(counts, st) : NULL;
		if (c)
			json_integer_set(c, json_integer_value(c) + 1);
	}
	json_object_set_new(o, "counts", counts);
	json_object_set(o, "tasks", g->tasks);
	return o;
}

tderr tasks_timeline(db *d, const task_filter *f, json_t **out)
{
	task_filter lf = *f;
	lf.sort = "deadline";
	lf.base.limit = TASK_TIMELINE_MAX;
	lf.base.offset = 0;
	json_t *items = NULL;
	int64_t total = 0;
	tderr e = tasks_list(d, &lf, &items, &total);
	if (e)
		return e;
	json_t *groups = json_object();
	size_t i;
	json_t *t;
	json_array_foreach(items, i, t) {
		const char *slot = json_string_value(json_object_get(t, "slot"));
		if (!slot)
			continue;
		json_t *g = json_object_get(groups, slot);
		if (!g) {
			g = json_array();
			json_object_set_new(groups, slot, g);
		}
		json_array_append(g, t);
	}
	size_t n = json_object_size(groups);
	slot_group *sg = calloc(n ? n : 1, sizeof *sg);
	if (!sg) {
		json_decref(groups);
		json_decref(items);
		return TD_EINTERNAL;
	}
	size_t k = 0;
	const char *key;
	json_t *v;
	json_object_foreach(groups, key, v) {
		sg[k].code = key;
		sg[k].tasks = v;
		if (period_parse(key, &sg[k].p))
			memset(&sg[k].p, 0, sizeof sg[k].p);
		k++;
	}
	if (n > 1) /* qsort wants a valid pointer even for 0 items */
		qsort(sg, n, sizeof *sg, slot_cmp);
	json_t *arr = json_array();
	for (k = 0; k < n; k++)
		json_array_append_new(arr, slot_json(&sg[k]));
	free(sg);
	json_t *o = json_object();
	json_object_set_new(o, "items", arr);
	json_object_set_new(o, "total", json_integer((json_int_t)n));
	json_object_set_new(o, "tasks", json_integer((json_int_t)json_array_size(items)));
	json_object_set_new(o, "truncated", json_boolean(total > (int64_t)json_array_size(items)));
	json_decref(groups);
	json_decref(items);
	*out = o;
	return TD_OK;
}

/* ---- one task ---- */

static const char *SQL_TASK_GET = "SELECT " TASK_COLS TASK_FROM " WHERE t.id = ?";

static const char *SQL_TASK_EXTENSIONS =
	"SELECT x.id, x.old_deadline, x.new_deadline, x.reason, x.document, x.user_id,"
	" u.full_name, u.username, x.at FROM task_extensions x"
	" LEFT JOIN users u ON u.id = x.user_id WHERE x.task_id = ? ORDER BY x.at, x.id";

static const char *SQL_TASK_COMMENTS =
	"SELECT c.id, c.user_id, u.full_name, u.username, c.at, c.body FROM task_comments c"
	" LEFT JOIN users u ON u.id = c.user_id WHERE c.task_id = ? ORDER BY c.at, c.id";

static json_t *user_json(db_stmt *s, int col)
{
	if (db_col_is_null(s, col))
		return json_null();
	json_t *u = json_object();
	json_object_set_new(u, "id", json_integer(db_col_int(s, col)));
	json_object_set_new(u, "full_name", store_col_str(s, col + 1));
	json_object_set_new(u, "username", store_col_str(s, col + 2));
	return u;
}

/* Adds "extensions" and "comments" to t. */
static tderr task_history(db *d, int64_t id, json_t *t)
{
	json_t *ext = json_array(), *com = json_array();
	json_object_set_new(t, "extensions", ext);
	json_object_set_new(t, "comments", com);
	db_stmt *s = db_prepare(d, SQL_TASK_EXTENSIONS);
	if (!s)
		return TD_EINTERNAL;
	db_bind_int(s, 1, id);
	tderr e = TD_OK;
	int rc;
	while ((rc = db_step(s, &e)) == DB_ROW) {
		json_t *x = json_object();
		json_object_set_new(x, "id", json_integer(db_col_int(s, 0)));
		json_object_set_new(x, "old_deadline", store_col_str(s, 1));
		json_object_set_new(x, "new_deadline", store_col_str(s, 2));
		json_object_set_new(x, "reason", store_col_str(s, 3));
		json_object_set_new(x, "document", store_col_str(s, 4));
		json_object_set_new(x, "user", user_json(s, 5));
		json_object_set_new(x, "at", store_col_str(s, 8));
		json_array_append_new(ext, x);
	}
	db_reset(s);
	if (rc < 0)
		return e;
	if (!(s = db_prepare(d, SQL_TASK_COMMENTS)))
		return TD_EINTERNAL;
	db_bind_int(s, 1, id);
	while ((rc = db_step(s, &e)) == DB_ROW) {
		json_t *c = json_object();
		json_object_set_new(c, "id", json_integer(db_col_int(s, 0)));
		json_object_set_new(c, "user", user_json(s, 1));
		json_object_set_new(c, "at", store_col_str(s, 4));
		json_object_set_new(c, "body", store_col_str(s, 5));
		json_array_append_new(com, c);
	}
	db_reset(s);
	return rc < 0 ? e : TD_OK;
}

tderr tasks_get(db *d, int64_t id, const char *today, int detail, json_t **out)
{
	db_stmt *s = db_prepare(d, SQL_TASK_GET);
	if (!s)
		return TD_EINTERNAL;
	db_bind_int(s, 1, id);
	tderr e = TD_OK;
	int rc = db_step(s, &e);
	if (rc != DB_ROW) {
		db_reset(s);
		return rc < 0 ? e : TD_ENOTFOUND;
	}
	json_t *t = task_row_json(s, today);
	db_reset(s);
	if ((e = task_coordinators(d, t)) || (detail && (e = task_history(d, id, t)))) {
		json_decref(t);
		return e;
	}
	*out = t;
	return TD_OK;
}

static const char *SQL_TASK_FACTS =
	"SELECT t.plan_id, p.owner_id, t.responsible_id, t.version, t.progress, t.start_on,"
	" t.deadline, t.completed_on, un.path FROM tasks t JOIN plans p ON p.id = t.plan_id"
	" JOIN org_units un ON un.id = t.unit_id WHERE t.id = ?";

static void copy_date(char out[11], const char *s)
{
	snprintf(out, 11, "%s", s && strlen(s) == 10 ? s : "");
}

tderr tasks_facts(db *d, int64_t id, task_facts *out)
{
	db_stmt *s = db_prepare(d, SQL_TASK_FACTS);
	if (!s)
		return TD_EINTERNAL;
	db_bind_int(s, 1, id);
	tderr e = TD_OK;
	int rc = db_step(s, &e);
	if (rc == DB_ROW) {
		const char *path = db_col_text(s, 8);
		if (!path || strlen(path) >= UNIT_PATH_MAX) {
			rc = -1;
			e = TD_EINTERNAL;
		} else {
			out->plan_id = db_col_int(s, 0);
			out->plan_owner = db_col_int(s, 1);
			out->responsible_id = db_col_int(s, 2);
			out->version = db_col_int(s, 3);
			out->progress = db_col_int(s, 4);
			copy_date(out->start_on, db_col_text(s, 5));
			copy_date(out->deadline, db_col_text(s, 6));
			copy_date(out->completed_on, db_col_text(s, 7));
			memcpy(out->unit_path, path, strlen(path) + 1);
		}
	}
	db_reset(s);
	if (rc < 0)
		return e;
	return rc == DB_ROW ? TD_OK : TD_ENOTFOUND;
}

/* ---- writes ---- */

static const char *SQL_TASK_COORD_DELETE = "DELETE FROM task_coordinators WHERE task_id = ?";
static const char *SQL_TASK_COORD_INSERT =
	"INSERT INTO task_coordinators(task_id, organization_id) VALUES (?, ?)";

static tderr set_coordinators(db *d, int64_t task, const task_input *in, td_error *e)
{
	db_stmt *s = db_prepare(d, SQL_TASK_COORD_DELETE);
	if (!s)
		return TD_EINTERNAL;
	db_bind_int(s, 1, task);
	tderr err = store_exec(s);
	for (size_t i = 0; !err && i < in->ncoordinators; i++) {
		if (!(s = db_prepare(d, SQL_TASK_COORD_INSERT)))
			return TD_EINTERNAL;
		db_bind_int(s, 1, task);
		db_bind_int(s, 2, in->coordinator_ids[i]);
		err = store_exec(s);
		if (err == TD_ECONFLICT)
			return set_err(e, TD_EINVALID, "duplicate_coordinator",
				       "Một tổ chức chỉ được phối hợp một lần", "coordinator_ids");
	}
	return err;
}

static const char *SQL_TASK_INSERT =
	"INSERT INTO tasks(plan_id, title, description, responsible_id, unit_id, start_on,"
	" deadline, original_deadline, slot, progress, completed_on, version, created_by,"
	" created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?)"
	" RETURNING id";

tderr tasks_create(db *d, const task_input *in, int64_t *id, td_error *e)
{
	char *title = NULL, *desc = NULL;
	tderr err;
	if ((err = pf_nfc(in->title, &title)) || (err = pf_nfc(in->description, &desc)))
		goto out;
	char now[32];
	clock_iso(now, sizeof now);
	err = TD_EINTERNAL;
	db_stmt *s = db_prepare(d, SQL_TASK_INSERT);
	if (!s)
		goto out;
	sqlbind b = sb_start(s);
	sb_int(&b, in->plan_id);
	sb_text(&b, title);
	sb_text(&b, desc ? desc : "");
	sb_int(&b, in->responsible_id);
	sb_int(&b, in->unit_id);
	sb_text(&b, in->start_on);
	sb_text(&b, in->deadline);
	sb_text(&b, in->deadline);
	sb_text(&b, in->slot);
	sb_int(&b, in->has_progress ? in->progress : 0);
	sb_text(&b, in->set_completed ? in->completed_on : NULL);
	sb_opt_int(&b, in->user_id > 0, in->user_id);
	sb_text(&b, now);
	sb_text(&b, now);
	if ((err = store_one_int(s, id)))
		goto out;
	if (in->set_coordinators)
		err = set_coordinators(d, *id, in, e);
out:
	free(title);
	free(desc);
	return err;
}

static const char *SQL_TASK_UPDATE =
	"UPDATE tasks SET title = COALESCE(?, title), description = COALESCE(?, description),"
	" responsible_id = COALESCE(?, responsible_id), unit_id = COALESCE(?, unit_id),"
	" start_on = COALESCE(?, start_on), slot = COALESCE(?, slot),"
	" progress = COALESCE(?, progress),"
	" completed_on = CASE WHEN ? = 1 THEN ? ELSE completed_on END,"
	" version = version + 1, updated_at = ? WHERE id = ? AND version = ?";

static tderr check_version(db *d, int64_t id, int64_t version, td_error *e)
{
	task_facts f = {0};
	tderr err = tasks_facts(d, id, &f);
	if (err == TD_ENOTFOUND)
		return set_err(e, TD_ENOTFOUND, "not_found", "Không tìm thấy nhiệm vụ", NULL);
	if (err)
		return err;
	if (f.version != version)
		return set_err(e, TD_ECONFLICT, "stale_version",
			       "Nhiệm vụ đã được người khác sửa, vui lòng tải lại", "version");
	return TD_OK;
}

tderr tasks_update(db *d, int64_t id, const task_input *in, td_error *e)
{
	tderr err = check_version(d, id, in->version, e);
	if (err)
		return err;
	char *title = NULL, *desc = NULL;
	if ((err = pf_nfc(in->title, &title)) || (err = pf_nfc(in->description, &desc)))
		goto out;
	char now[32];
	clock_iso(now, sizeof now);
	err = TD_EINTERNAL;
	db_stmt *s = db_prepare(d, SQL_TASK_UPDATE);
	if (!s)
		goto out;
	sqlbind b = sb_start(s);
	sb_text(&b, title);
	sb_text(&b, desc);
	sb_opt_int(&b, in->responsible_id > 0, in->responsible_id);
	sb_opt_int(&b, in->unit_id > 0, in->unit_id);
	sb_text(&b, in->start_on);
	sb_text(&b, in->slot);
	sb_opt_int(&b, in->has_progress, in->progress);
	sb_int(&b, in->set_completed);
	sb_text(&b, in->set_completed ? in->completed_on : NULL);
	sb_text(&b, now);
	sb_int(&b, id);
	sb_int(&b, in->version);
	if ((err = store_exec(s)))
		goto out;
	if (in->set_coordinators)
		err = set_coordinators(d, id, in, e);
out:
	free(title);
	free(desc);
	return err;
}

static const char *SQL_TASK_EXT_INSERT =
	"INSERT INTO task_extensions(task_id, old_deadline, new_deadline, reason, document,"
	" user_id, at) VALUES (?, (SELECT deadline FROM tasks WHERE id = ?), ?, ?, ?, ?, ?)";
static const char *SQL_TASK_SET_DEADLINE =
	"UPDATE tasks SET deadline = ?, version = version + 1, updated_at = ?"
	" WHERE id = ? AND version = ?";

tderr tasks_extend(db *d, int64_t id, const task_extension *x, td_error *e)
{
	tderr err = check_version(d, id, x->version, e);
	if (err)
		return err;
	char *reason = NULL, *doc = NULL;
	if ((err = pf_nfc(x->reason, &reason)) || (err = pf_nfc(x->document, &doc)))
		goto out;
	char now[32];
	clock_iso(now, sizeof now);
	err = TD_EINTERNAL;
	db_stmt *s = db_prepare(d, SQL_TASK_EXT_INSERT);
	if (!s)
		goto out;
	sqlbind b = sb_start(s);
	sb_int(&b, id);
	sb_int(&b, id);
	sb_text(&b, x->new_deadline);
	sb_text(&b, reason);
	sb_text(&b, doc ? doc : "");
	sb_opt_int(&b, x->user_id > 0, x->user_id);
	sb_text(&b, now);
	if ((err = store_exec(s)))
		goto out;
	err = TD_EINTERNAL;
	if (!(s = db_prepare(d, SQL_TASK_SET_DEADLINE)))
		goto out;
	b = sb_start(s);
	sb_text(&b, x->new_deadline);
	sb_text(&b, now);
	sb_int(&b, id);
	sb_int(&b, x->version);
	err = store_exec(s);
out:
	free(reason);
	free(doc);
	return err;
}

static const char *SQL_TASK_COMMENT_INSERT =
	"INSERT INTO task_comments(task_id, user_id, at, body) VALUES (?, ?, ?, ?) RETURNING id";

tderr tasks_comment(db *d, int64_t id, int64_t user_id, const char *body,
		    int64_t *comment_id)
{
	char *text = NULL;
	tderr err = pf_nfc(body, &text);
	if (err)
		return err;
	char now[32];
	clock_iso(now, sizeof now);
	db_stmt *s = db_prepare(d, SQL_TASK_COMMENT_INSERT);
	if (!s) {
		free(text);
		return TD_EINTERNAL;
	}
	sqlbind b = sb_start(s);
	sb_int(&b, id);
	sb_opt_int(&b, user_id > 0, user_id);
	sb_text(&b, now);
	sb_text(&b, text);
	err = store_one_int(s, comment_id);
	free(text);
	return err;
}
