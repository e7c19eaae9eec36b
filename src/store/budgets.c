/* budgets.c — budget lines: scoped lists, one line with its derived delay and
 * disbursement rate, the roll-up by child unit or by source, create and update.
 * Totals are summed in C with saturation: day arithmetic is not portable SQL and
 * a sum must not overflow. */
#include "store/budgets.h"
#include "core/clock.h"
#include "core/followup.h"
#include "store/sqlbind.h"
#include "store/store.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const budget_sources[] = {"provincial", "district", "commune", "socialized",
				      "other",      NULL};

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

#define BUDGET_COLS                                                                        \
	"t.id, t.plan_id, p.code, p.title, t.organization_id, o.name, un.code, un.name,"    \
	" t.year, t.source, t.planned, t.allocated, t.allocated_on, t.disbursed,"           \
	" t.disbursed_on, t.needed_on, t.note, t.version, t.created_at, t.updated_at"
#define BUDGET_FROM                                                                        \
	" FROM budgets t JOIN plans p ON p.id = t.plan_id"                                  \
	" JOIN organizations o ON o.id = t.organization_id"                                 \
	" JOIN org_units un ON un.id = t.unit_id"

/* Filters: scope (4), plan (2), organisation (2), year (2), source (2). */
#define BUDGET_WHERE                                                                       \
	" WHERE" PF_SCOPE_WHERE                                                             \
	" AND (CAST(? AS INTEGER) IS NULL OR t.plan_id = ?)"                                \
	" AND (CAST(? AS INTEGER) IS NULL OR t.organization_id = ?)"                        \
	" AND (CAST(? AS INTEGER) IS NULL OR t.year = ?)"                                   \
	" AND (CAST(? AS TEXT) IS NULL OR t.source = ?)"

static void bind_budget_filters(sqlbind *b, const budget_filter *f)
{
	const pf_filter *g = &f->base;
	pf_bind_scope(b, g);
	sb_opt_int(b, g->has_plan, g->plan_id);
	sb_opt_int(b, g->has_plan, g->plan_id);
	sb_opt_int(b, g->has_org, g->org_id);
	sb_opt_int(b, g->has_org, g->org_id);
	sb_opt_int(b, g->has_year, g->year);
	sb_opt_int(b, g->has_year, g->year);
	sb_text(b, f->source);
	sb_text(b, f->source);
}

/* The derived figures of a line into o. */
static void budget_derived(json_t *o, const budget_in *in)
{
	budget_state st;
	if (followup_budget(in, &st) != TD_OK) {
		json_object_set_new(o, "needed_on", json_null());
		json_object_set_new(o, "allocation_delay_days", json_null());
		json_object_set_new(o, "allocation_overdue_days", json_null());
		json_object_set_new(o, "disbursement_rate", json_null());
		json_object_set_new(o, "over_disbursed", json_false());
		return;
	}
	json_object_set_new(o, "needed_on", json_string(st.needed_on));
	json_object_set_new(o, "allocation_delay_days",
			    st.has_delay ? json_integer(st.allocation_delay_days) : json_null());
	json_object_set_new(o, "allocation_overdue_days",
			    st.has_overdue ? json_integer(st.allocation_overdue_days) : json_null());
	json_object_set_new(o, "disbursement_rate",
			    st.has_rate ? json_real(st.disbursement_rate) : json_null());
	json_object_set_new(o, "over_disbursed", json_boolean(st.over_disbursed));
}

/* One line (BUDGET_COLS); ctx is today. */
static json_t *budget_row_json(db_stmt *s, const void *ctx)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(db_col_int(s, 0)));
	json_object_set_new(o, "plan_id", json_integer(db_col_int(s, 1)));
	json_t *p = json_object();
	json_object_set_new(p, "id", json_integer(db_col_int(s, 1)));
	json_object_set_new(p, "code", store_col_str(s, 2));
	json_object_set_new(p, "title", store_col_str(s, 3));
	json_object_set_new(o, "plan", p);
	json_object_set_new(o, "organization_id", json_integer(db_col_int(s, 4)));
	json_t *org = json_object();
	json_object_set_new(org, "id", json_integer(db_col_int(s, 4)));
	json_object_set_new(org, "name", store_col_str(s, 5));
	json_object_set_new(o, "organization", org);
	json_object_set_new(o, "unit", store_col_str(s, 6));
	json_object_set_new(o, "unit_name", store_col_str(s, 7));
	json_object_set_new(o, "year", json_integer(db_col_int(s, 8)));
	json_object_set_new(o, "source", store_col_str(s, 9));
	json_object_set_new(o, "planned", json_integer(db_col_int(s, 10)));
	json_object_set_new(o, "allocated", json_integer(db_col_int(s, 11)));
	json_object_set_new(o, "allocated_on", store_col_str(s, 12));
	json_object_set_new(o, "disbursed", json_integer(db_col_int(s, 13)));
	json_object_set_new(o, "disbursed_on", store_col_str(s, 14));
	json_object_set_new(o, "needed_on_set", json_boolean(!db_col_is_null(s, 15)));
	budget_in in = {db_col_int(s, 8), db_col_text(s, 15), db_col_int(s, 11),
			db_col_text(s, 12), db_col_int(s, 13), ctx};
	budget_derived(o, &in);
	json_object_set_new(o, "note", store_col_str(s, 16));
	json_object_set_new(o, "version", json_integer(db_col_int(s, 17)));
	json_object_set_new(o, "created_at", store_col_str(s, 18));
	json_object_set_new(o, "updated_at", store_col_str(s, 19));
	return o;
}

static const char *SQL_BUDGETS_LIST =
	"SELECT " BUDGET_COLS BUDGET_FROM BUDGET_WHERE
	" ORDER BY t.year DESC, un.depth, un.sort_key, o.sort_key, t.source, t.id"
	" LIMIT ? OFFSET ?";
static const char *SQL_BUDGETS_COUNT =
	"SELECT COUNT(*) FROM budgets t JOIN org_units un ON un.id = t.unit_id" BUDGET_WHERE;

tderr budgets_list(db *d, const budget_filter *f, json_t **items, int64_t *total)
{
	db_stmt *s = db_prepare(d, SQL_BUDGETS_COUNT);
	if (!s)
		return TD_EINTERNAL;
	sqlbind b = sb_start(s);
	bind_budget_filters(&b, f);
	tderr e = store_one_int(s, total);
	if (e)
		return e;
	if (!(s = db_prepare(d, SQL_BUDGETS_LIST)))
		return TD_EINTERNAL;
	b = sb_start(s);
	bind_budget_filters(&b, f);
	sb_int(&b, f->base.limit);
	sb_int(&b, f->base.offset);
	json_t *arr = json_array();
	if ((e = pf_collect(s, budget_row_json, f->today, NULL, 0, NULL, 0, 0, arr, NULL))) {
		json_decref(arr);
		return e;
	}
	*items = arr;
	return TD_OK;
}

static const char *SQL_BUDGET_GET = "SELECT " BUDGET_COLS BUDGET_FROM " WHERE t.id = ?";

tderr budgets_get(db *d, int64_t id, const char *today, json_t **out)
{
	db_stmt *s = db_prepare(d, SQL_BUDGET_GET);
	if (!s)
		return TD_EINTERNAL;
	db_bind_int(s, 1, id);
	tderr e = TD_OK;
	int rc = db_step(s, &e);
	if (rc == DB_ROW)
		*out = budget_row_json(s, today);
	db_reset(s);
	if (rc < 0)
		return e;
	return rc == DB_ROW ? TD_OK : TD_ENOTFOUND;
}

/* ---- roll-up ---- */

typedef struct budget_acc {
	int64_t lines, planned, allocated, disbursed;
	int64_t allocated_lines, delayed_lines, delay_sum;
	int64_t pending_lines, overdue_lines, max_overdue, over_disbursed;
} budget_acc;

static void acc_add(budget_acc *a, int64_t planned, int64_t allocated, int64_t disbursed,
		    const budget_state *st)
{
	a->lines++;
	a->planned = followup_add_vnd(a->planned, planned);
	a->allocated = followup_add_vnd(a->allocated, allocated);
	a->disbursed = followup_add_vnd(a->disbursed, disbursed);
	if (st->allocated)
		a->allocated_lines++;
	if (st->has_delay) {
		a->delayed_lines++;
		a->delay_sum = followup_add_vnd(a->delay_sum, st->allocation_delay_days);
	}
	if (st->has_overdue) {
		a->pending_lines++;
		if (st->allocation_overdue_days > 0)
			a->overdue_lines++;
		if (st->allocation_overdue_days > a->max_overdue)
			a->max_overdue = st->allocation_overdue_days;
	}
	if (st->over_disbursed)
		a->over_disbursed++;
}

static void acc_json(json_t *o, const budget_acc *a)
{
	json_object_set_new(o, "lines", json_integer(a->lines));
	json_object_set_new(o, "planned", json_integer(a->planned));
	json_object_set_new(o, "allocated", json_integer(a->allocated));
	json_object_set_new(o, "disbursed", json_integer(a->disbursed));
	json_object_set_new(o, "disbursement_rate",
			    a->allocated > 0 ? json_real((double)a->disbursed / (double)a->allocated)
					     : json_null());
	json_object_set_new(o, "allocated_lines", json_integer(a->allocated_lines));
	json_object_set_new(o, "avg_allocation_delay_days",
			    a->delayed_lines > 0
				    ? json_real((double)a->delay_sum / (double)a->delayed_lines)
				    : json_null());
	json_object_set_new(o, "pending_lines", json_integer(a->pending_lines));
	json_object_set_new(o, "overdue_lines", json_integer(a->overdue_lines));
	json_object_set_new(o, "max_allocation_overdue_days", json_integer(a->max_overdue));
	json_object_set_new(o, "over_disbursed_lines", json_integer(a->over_disbursed));
}

static const char *SQL_BUDGETS_ROLLUP =
	"SELECT un.path, t.source, t.year, t.needed_on, t.planned, t.allocated,"
	" t.allocated_on, t.disbursed FROM budgets t JOIN org_units un ON un.id = t.unit_id"
	BUDGET_WHERE;

static size_t source_index(const char *s)
{
	size_t i = 0;
	for (; s && budget_sources[i]; i++)
		if (strcmp(budget_sources[i], s) == 0)
			return i;
	return i; /* the "other" slot past the list: unknown stored sources */
}

/* Rows of the summary: children + own + other, or sources + unknown. */
typedef struct rollup {
	budget_acc total;
	budget_acc *rows;
	size_t nrows;
	pf_unit *kids;
	size_t nkids;
} rollup;

static tderr rollup_read(db *d, const budget_summary_query *q, rollup *r)
{
	const char *root = q->filter.base.unit_path;
	db_stmt *s = db_prepare(d, SQL_BUDGETS_ROLLUP);
	if (!s)
		return TD_EINTERNAL;
	sqlbind b = sb_start(s);
	bind_budget_filters(&b, &q->filter);
	tderr e = TD_OK;
	int rc;
	while ((rc = db_step(s, &e)) == DB_ROW) {
		budget_in in = {db_col_int(s, 2), db_col_text(s, 3), db_col_int(s, 5),
				db_col_text(s, 6), db_col_int(s, 7), q->filter.today};
		budget_state st;
		if (followup_budget(&in, &st) != TD_OK)
			continue; /* a malformed stored date: leave the line out of the sums */
		int64_t planned = db_col_int(s, 4), alloc = db_col_int(s, 5), disb = db_col_int(s, 7);
		acc_add(&r->total, planned, alloc, disb, &st);
		size_t row = r->nrows;
		if (q->by == BUDGET_BY_SOURCE) {
			row = source_index(db_col_text(s, 1));
		} else if (q->by == BUDGET_BY_CHILDREN) {
			const char *path = db_col_text(s, 0);
			long k = pf_child_of(r->kids, r->nkids, path);
			if (k >= 0)
				row = (size_t)k;
			else if (path && root && strcmp(path, root) == 0)
				row = r->nkids;      /* own */
			else
				row = r->nkids + 1;  /* other */
		}
		if (row < r->nrows)
			acc_add(&r->rows[row], planned, alloc, disb, &st);
	}
	db_reset(s);
	return rc < 0 ? e : TD_OK;
}

static json_t *rollup_items(const budget_summary_query *q, const rollup *r)
{
	json_t *items = json_array();
	for (size_t i = 0; i < r->nrows; i++) {
		json_t *o = json_object();
		if (q->by == BUDGET_BY_SOURCE) {
			if (!budget_sources[i] && r->rows[i].lines == 0) {
				json_decref(o);
				continue;
			}
			json_object_set_new(o, "source",
					    budget_sources[i] ? json_string(budget_sources[i]) : json_null());
		} else if (i < r->nkids) {
			json_t *u = json_object();
			json_object_set_new(u, "code", json_string(r->kids[i].code));
			json_object_set_new(u, "name", json_string(r->kids[i].name));
			json_object_set_new(o, "unit", u);
		} else if (i == r->nkids) {
			json_object_set_new(o, "own", json_true());
		} else {
			if (r->rows[i].lines == 0) {
				json_decref(o);
				continue;
			}
			json_object_set_new(o, "other", json_true());
		}
		acc_json(o, &r->rows[i]);
		json_array_append_new(items, o);
	}
	return items;
}

tderr budgets_summary(db *d, const budget_summary_query *q, json_t **out)
{
	rollup r;
	memset(&r, 0, sizeof r);
	tderr e = TD_OK;
	if (q->by == BUDGET_BY_CHILDREN && q->root_unit_id > 0 &&
	    (e = pf_children(d, q->root_unit_id, &r.kids, &r.nkids)))
		return e;
	size_t nsources = sizeof budget_sources / sizeof budget_sources[0]; /* + unknown */
	r.nrows = q->by == BUDGET_BY_SOURCE ? nsources
		  : q->by == BUDGET_BY_CHILDREN ? r.nkids + 2
						: 0;
	if (r.nrows && !(r.rows = calloc(r.nrows, sizeof *r.rows))) {
		pf_units_free(r.kids, r.nkids);
		return TD_EINTERNAL;
	}
	if (!(e = rollup_read(d, q, &r))) {
		json_t *o = json_object();
		json_t *totals = json_object();
		acc_json(totals, &r.total);
		json_object_set_new(o, "totals", totals);
		json_t *items = rollup_items(q, &r);
		json_object_set_new(o, "total", json_integer((json_int_t)json_array_size(items)));
		json_object_set_new(o, "items", items);
		*out = o;
	}
	free(r.rows);
	pf_units_free(r.kids, r.nkids);
	return e;
}

/* ---- writes ---- */

static const char *SQL_BUDGET_FACTS =
	"SELECT t.plan_id, p.owner_id, t.organization_id, t.unit_id, t.year, t.version,"
	" t.source FROM budgets t JOIN plans p ON p.id = t.plan_id WHERE t.id = ?";

tderr budgets_facts(db *d, int64_t id, budget_facts *out)
{
	db_stmt *s = db_prepare(d, SQL_BUDGET_FACTS);
	if (!s)
		return TD_EINTERNAL;
	db_bind_int(s, 1, id);
	tderr e = TD_OK;
	int rc = db_step(s, &e);
	if (rc == DB_ROW) {
		out->plan_id = db_col_int(s, 0);
		out->plan_owner = db_col_int(s, 1);
		out->organization_id = db_col_int(s, 2);
		out->unit_id = db_col_int(s, 3);
		out->year = db_col_int(s, 4);
		out->version = db_col_int(s, 5);
		const char *src = db_col_text(s, 6);
		snprintf(out->source, sizeof out->source, "%s", src ? src : "");
	}
	db_reset(s);
	if (rc < 0)
		return e;
	return rc == DB_ROW ? TD_OK : TD_ENOTFOUND;
}

static const char *SQL_BUDGET_DUP =
	"SELECT COUNT(*) FROM budgets WHERE plan_id = ? AND organization_id = ?"
	" AND unit_id = ? AND year = ? AND source = ? AND id <> ?";

/* One line per plan, organisation, unit, year and source. */
static tderr check_unique(db *d, const budget_facts *k, int64_t self, td_error *e)
{
	db_stmt *s = db_prepare(d, SQL_BUDGET_DUP);
	if (!s)
		return TD_EINTERNAL;
	sqlbind b = sb_start(s);
	sb_int(&b, k->plan_id);
	sb_int(&b, k->organization_id);
	sb_int(&b, k->unit_id);
	sb_int(&b, k->year);
	sb_text(&b, k->source);
	sb_int(&b, self);
	int64_t n = 0;
	tderr err = store_one_int(s, &n);
	if (err)
		return err;
	if (n > 0)
		return set_err(e, TD_ECONFLICT, "budget_line_exists",
			       "Kế hoạch đã có dòng kinh phí cho tổ chức, đơn vị, năm và nguồn này",
			       "source");
	return TD_OK;
}

static const char *SQL_BUDGET_INSERT =
	"INSERT INTO budgets(plan_id, organization_id, unit_id, year, source, planned,"
	" allocated, allocated_on, disbursed, disbursed_on, needed_on, note, version,"
	" created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)"
	" RETURNING id";

tderr budgets_create(db *d, const budget_input *in, int64_t *id, td_error *e)
{
	budget_facts k = {in->plan_id, 0, in->organization_id, in->unit_id, in->year, 0, ""};
	snprintf(k.source, sizeof k.source, "%s", in->source ? in->source : "");
	tderr err = check_unique(d, &k, 0, e);
	if (err)
		return err;
	char *note = NULL;
	if ((err = pf_nfc(in->note, &note)))
		return err;
	char now[32];
	clock_iso(now, sizeof now);
	db_stmt *s = db_prepare(d, SQL_BUDGET_INSERT);
	if (!s) {
		free(note);
		return TD_EINTERNAL;
	}
	sqlbind b = sb_start(s);
	sb_int(&b, in->plan_id);
	sb_int(&b, in->organization_id);
	sb_int(&b, in->unit_id);
	sb_int(&b, in->year);
	sb_text(&b, in->source);
	sb_int(&b, in->has_planned ? in->planned : 0);
	sb_int(&b, in->has_allocated ? in->allocated : 0);
	sb_text(&b, in->set_allocated_on ? in->allocated_on : NULL);
	sb_int(&b, in->has_disbursed ? in->disbursed : 0);
	sb_text(&b, in->set_disbursed_on ? in->disbursed_on : NULL);
	sb_text(&b, in->set_needed_on ? in->needed_on : NULL);
	sb_text(&b, note ? note : "");
	sb_text(&b, now);
	sb_text(&b, now);
	err = store_one_int(s, id);
	free(note);
	return err;
}

static const char *SQL_BUDGET_UPDATE =
	"UPDATE budgets SET year = COALESCE(?, year), source = COALESCE(?, source),"
	" planned = COALESCE(?, planned), allocated = COALESCE(?, allocated),"
	" allocated_on = CASE WHEN ? = 1 THEN ? ELSE allocated_on END,"
	" disbursed = COALESCE(?, disbursed),"
	" disbursed_on = CASE WHEN ? = 1 THEN ? ELSE disbursed_on END,"
	" needed_on = CASE WHEN ? = 1 THEN ? ELSE needed_on END,"
	" note = COALESCE(?, note), version = version + 1, updated_at = ?"
	" WHERE id = ? AND version = ?";

tderr budgets_update(db *d, int64_t id, const budget_input *in, td_error *e)
{
	budget_facts k = {0};
	tderr err = budgets_facts(d, id, &k);
	if (err == TD_ENOTFOUND)
		return set_err(e, err, "not_found", "Không tìm thấy dòng kinh phí", NULL);
	if (err)
		return err;
	if (k.version != in->version)
		return set_err(e, TD_ECONFLICT, "stale_version",
			       "Dòng kinh phí đã được người khác sửa, vui lòng tải lại", "version");
	if (in->has_year || in->source) {
		if (in->has_year)
			k.year = in->year;
		if (in->source)
			snprintf(k.source, sizeof k.source, "%s", in->source);
		if ((err = check_unique(d, &k, id, e)))
			return err;
	}
	char *note = NULL;
	if ((err = pf_nfc(in->note, &note)))
		return err;
	char now[32];
	clock_iso(now, sizeof now);
	db_stmt *s = db_prepare(d, SQL_BUDGET_UPDATE);
	if (!s) {
		free(note);
		return TD_EINTERNAL;
	}
	sqlbind b = sb_start(s);
	sb_opt_int(&b, in->has_year, in->year);
	sb_text(&b, in->source);
	sb_opt_int(&b, in->has_planned, in->planned);
	sb_opt_int(&b, in->has_allocated, in->allocated);
	sb_int(&b, in->set_allocated_on);
	sb_text(&b, in->set_allocated_on ? in->allocated_on : NULL);
	sb_opt_int(&b, in->has_disbursed, in->disbursed);
	sb_int(&b, in->set_disbursed_on);
	sb_text(&b, in->set_disbursed_on ? in->disbursed_on : NULL);
	sb_int(&b, in->set_needed_on);
	sb_text(&b, in->set_needed_on ? in->needed_on : NULL);
	sb_text(&b, note);
	sb_text(&b, now);
	sb_int(&b, id);
	sb_int(&b, in->version);
	err = store_exec(s);
	free(note);
	return err;
}
