/* exports_tables.c — /api/v1/exports/{indicators,scores,tasks,budgets,findings}
 * as .xlsx or .csv (UTF-8 with BOM): the figures and lists the other endpoints
 * answer, with Vietnamese headers, over a unit in the caller's subtree (default:
 * the caller's unit; another → 404). At most EXPORT_ROWS_MAX rows. */
#include "api/api.h"
#include "api/evaluation.h"
#include "core/clock.h"
#include "core/indicator.h"
#include "core/score.h"
#include "cube/cube.h"
#include "export/csv.h"
#include "export/xlsx.h"
#include "store/analytics_sql.h"
#include "store/budgets.h"
#include "store/findings.h"
#include "store/plans.h"
#include "store/tasks.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define EXPORT_ROWS_MAX 50000
#define EXPORT_COLS_MAX 16

static const char XLSX_TYPE[] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
static const char CSV_TYPE[] = "text/csv; charset=utf-8";
static const char MSG_UNIT[] = "Không tìm thấy đơn vị hành chính";
static const char MSG_PLAN[] = "Không tìm thấy kế hoạch";

/* ---- one table, written as a workbook sheet or as CSV ---- */

typedef struct table {
	int csv;
	xlsx_book *book;
	xlsx_sheet *sheet;
	csvw *w;
	xlsx_cell cells[EXPORT_COLS_MAX];
	size_t n;
	int64_t rows;
} table;

static tderr table_open(table *t, int csv, const char *title, const xlsx_column *cols,
			size_t ncols)
{
	memset(t, 0, sizeof *t);
	t->csv = csv;
	if (ncols > EXPORT_COLS_MAX)
		return TD_EINVALID;
	tderr e;
	if (csv) {
		if ((e = csvw_create(CSVW_BOM, &t->w)))
			return e;
		for (size_t i = 0; i < ncols && !e; i++)
			e = csvw_text(t->w, cols[i].header);
		return e ? e : csvw_end_row(t->w);
	}
	if ((e = xlsx_create(title, 0, &t->book)))
		return e;
	return xlsx_add_sheet(t->book, title, cols, ncols, &t->sheet);
}

static void table_close(table *t)
{
	csvw_destroy(t->w);
	xlsx_destroy(t->book);
}

static void cell(table *t, xlsx_cell c)
{
	if (t->n < EXPORT_COLS_MAX)
		t->cells[t->n++] = c;
}

/* A number: blank when absent or not finite. */
static void cell_num(table *t, int has, double v)
{
	cell(t, has && isfinite(v) ? xlsx_decimal(v) : xlsx_blank());
}

static tderr csv_cell(csvw *w, const xlsx_cell *c)
{
	switch (c->type) {
	case XLSX_TEXT:
	case XLSX_DATE:
		return csvw_text(w, c->text);
	case XLSX_INT:
	case XLSX_VND:
		return csvw_int(w, c->i);
	case XLSX_DECIMAL:
	case XLSX_PERCENT:
		if (c->d == floor(c->d) && fabs(c->d) < 1e15)
			return csvw_int(w, (long long)c->d);
		return csvw_decimal(w, c->d, 2);
	default:
		return csvw_blank(w);
	}
}

static tderr table_row(table *t, unsigned flags)
{
	tderr e = TD_OK;
	if (t->rows >= EXPORT_ROWS_MAX)
		e = TD_ETOOLARGE;
	else if (t->csv) {
		for (size_t i = 0; i < t->n && !e; i++)
			e = csv_cell(t->w, &t->cells[i]);
		if (!e)
			e = csvw_end_row(t->w);
	} else {
		e = xlsx_add_row(t->sheet, t->cells, t->n, flags);
	}
	t->n = 0;
	t->rows++;
	return e;
}

/* "%XX" for every byte outside [A-Za-z0-9.-] (RFC 5987). */
static char *pct_encode(arena *a, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = strlen(s);
	char *o = arena_alloc(a, n * 3 + 1), *p = o;
	if (!o)
		return NULL;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '.' || c == '-') {
			*p++ = (char)c;
		} else {
			*p++ = '%';
			*p++ = hex[c >> 4];
			*p++ = hex[c & 15];
		}
	}
	*p = 0;
	return o;
}

/* Sends the table as an attachment named ascii / utf8 (without the extension). */
static tderr table_reply(http_req *r, table *t, const char *ascii, const char *utf8)
{
	const char *data = NULL;
	char *buf = NULL;
	size_t len = 0;
	tderr e = t->csv ? csvw_bytes(t->w, &data, &len) : xlsx_to_memory(t->book, &buf, &len);
	if (e)
		return req_fail(r, e, NULL, NULL, NULL);
	r->out = arena_strndup(r->a, t->csv ? data : buf, len);
	free(buf);
	if (!r->out)
		return req_fail(r, TD_EINTERNAL, NULL, NULL, NULL);
	r->out_len = len;
	r->status = 200;
	r->content_type = t->csv ? CSV_TYPE : XLSX_TYPE;
	const char *ext = t->csv ? "csv" : "xlsx";
	const char *enc = pct_encode(r->a, utf8);
	char *cd = enc ? arena_printf(r->a, "attachment; filename=\"%s.%s\"; filename*=UTF-8''%s.%s",
				      ascii, ext, enc, ext)
		       : NULL;
	if (cd)
		req_add_header(r, "Content-Disposition", cd);
	return TD_OK;
}

/* A write error: too many rows, bad text, or the default. */
static tderr table_fail(http_req *r, tderr e)
{
	if (r->err.kind)
		return e;
	if (e == TD_ETOOLARGE)
		return req_fail(r, TD_EBADREQ, "too_many_rows",
				"Quá 50.000 dòng: hãy chọn đơn vị, kế hoạch hoặc năm hẹp hơn", NULL);
	return req_fail(r, e == TD_EINVALID ? TD_EINTERNAL : e, NULL, NULL, NULL);
}

static int is_csv(const http_req *r)
{
	size_t n = strlen(r->path);
	return n > 4 && strcmp(r->path + n - 4, ".csv") == 0;
}

/* ---- the query ---- */

/* ?unit= (default: the caller's unit), in the caller's subtree; 404 otherwise. */
static tderr read_unit(http_req *r, int64_t *id, char path[UNIT_PATH_MAX])
{
	*id = 0;
	path[0] = '\0';
	const char *code;
	tderr e = req_query_opt(r, "unit", &code);
	if (e)
		return e;
	if (!code)
		code = r->user->unit_code;
	e = code ? units_lookup(r->db, code, id, path) : TD_ENOTFOUND;
	if (e == TD_ENOTFOUND ||
	    (!e && (!r->user->unit_path || !scope_path_contains(r->user->unit_path, path))))
		return req_fail(r, TD_ENOTFOUND, "not_found", MSG_UNIT, "unit");
	return e ? req_store_fail(r, e, NULL, NULL) : TD_OK;
}

/* The plan is visible to the caller; 404 otherwise. */
static tderr visible_plan(http_req *r, int64_t plan_id)
{
	int64_t owner;
	char path[UNIT_PATH_MAX];
	int member = 0;
	tderr e = plans_access(r->db, plan_id, r->user->org_id, &owner, path, &member);
	if (e == TD_ENOTFOUND || (!e && !member && !scope_can_read_unit(r->user, path)))
		return req_fail(r, TD_ENOTFOUND, "not_found", MSG_PLAN, "plan");
	return e ? req_store_fail(r, e, NULL, NULL) : TD_OK;
}

static const char *jstr(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? s : "";
}

/* ---- indicators: the figures of GET /api/v1/analytics?by=children ---- */

static const xlsx_column IND_COLS[] = {
	{"Mã chỉ tiêu", 12}, {"Chỉ tiêu", 48}, {"Đơn vị tính", 12}, {"Đơn vị hành chính", 28},
	{"Kỳ", 9}, {"Chỉ tiêu giao", 14}, {"Thực hiện", 14}, {"Tỷ lệ đạt (%)", 12},
};

/* One row: achievement as analytics.c computes it. */
static tderr ind_row(table *t, const json_t *ref, const char *uname, const char *pcode,
		     const period *p, const cube_indicator_info *info, const cube_figure *f,
		     int has_t, double target, unsigned flags)
{
	double ach = 0;
	int has_ach = has_t &&
		      indicator_target_comparable(info->time_agg, info->unit_agg, p->kind) &&
		      indicator_achievement(info->direction, f->has_value ? &f->value : NULL,
					    &target, &ach);
	cell(t, xlsx_text(jstr(ref, "code")));
	cell(t, xlsx_text(jstr(ref, "name")));
	cell(t, xlsx_text(jstr(ref, "unit_label")));
	cell(t, xlsx_text(uname));
	cell(t, xlsx_text(pcode));
	cell_num(t, has_t, target);
	cell_num(t, f->has_value, f->value);
	cell_num(t, has_ach, ach);
	return table_row(t, flags);
}

/* The rows of one indicator: each child, the unit's own values, the total. */
static tderr ind_rows(http_req *r, table *t, const eval_indicator *ind, const cube_unit_ref *fam,
		      const int64_t *ids, size_t nfam, const period *p, const char *pcode,
		      const int *has_t, const double *tv, cube_figure *figs)
{
	cube_indicator_info info;
	cube_figure total;
	tderr e = cube_indicator(r->db, ind->id, &info);
	if (e == TD_ENOTFOUND)
		return TD_OK;
	if (e || (e = cube_query_family(r->db, ind->id, ids, nfam, p, 0, figs)) ||
	    (e = cube_query(r->db, ind->id, ids[0], p, 0, 0, &total)))
		return e;
	for (size_t k = 1; k < nfam && !e; k++)
		e = ind_row(t, ind->ref, fam[k].name, pcode, p, &info, &figs[k], has_t[k], tv[k], 0);
	const char *own = arena_printf(r->a, "%s (riêng cấp này)", fam[0].name);
	const char *sum = arena_printf(r->a, "Tổng cộng %s", fam[0].name);
	if (!own || !sum)
		return TD_EINTERNAL;
	if (!e)
		e = ind_row(t, ind->ref, own, pcode, p, &info, &figs[0], 0, 0, 0);
	if (!e)
		e = ind_row(t, ind->ref, sum, pcode, p, &info, &total, has_t[0], tv[0],
			    XLSX_ROW_TOTAL);
	return e;
}

static tderr handle_indicators(http_req *r)
{
	int64_t plan_id = 0, unit_id;
	int has_plan = 0;
	const char *per;
	char path[UNIT_PATH_MAX], pcode[PERIOD_CODE_SIZE];
	period p;
	tderr e;
	if ((e = req_query_int(r, "plan", 1, INT64_MAX, &plan_id, &has_plan)) ||
	    (e = req_query_opt(r, "period", &per)))
		return e;
	if (!has_plan)
		return req_fail(r, TD_EBADREQ, "required", "Cần chọn kế hoạch", "plan");
	if (per) {
		if (period_parse(per, &p))
			return req_fail(r, TD_EBADREQ, "bad_period",
					"Kỳ báo cáo không hợp lệ (ví dụ: 2024, 2024S1, 2024Q2, 202405)",
					"period");
	} else if ((e = evaluation_read_period(r, &p))) {
		return e;
	}
	if ((e = read_unit(r, &unit_id, path)) || (e = visible_plan(r, plan_id)))
		return e;
	period_format(&p, pcode, sizeof pcode);
	eval_plan *plan = NULL;
	cube_unit_ref *fam = NULL;
	size_t nfam = 0;
	table t;
	memset(&t, 0, sizeof t);
	if ((e = eval_plan_load(r->db, plan_id, &plan)) ||
	    (e = cube_unit_family(r->db, unit_id, &fam, &nfam)))
		goto done;
	if (plan->nind * (nfam + 1) > EXPORT_ROWS_MAX) {
		e = TD_ETOOLARGE;
		goto done;
	}
	int64_t *ids = arena_alloc(r->a, nfam * sizeof *ids);
	int *has_t = arena_alloc(r->a, (plan->nind ? plan->nind : 1) * nfam * sizeof *has_t);
	double *tv = arena_alloc(r->a, (plan->nind ? plan->nind : 1) * nfam * sizeof *tv);
	int64_t *ind_ids = arena_alloc(r->a, (plan->nind ? plan->nind : 1) * sizeof *ind_ids);
	cube_figure *figs = arena_alloc(r->a, nfam * sizeof *figs);
	if (!ids || !has_t || !tv || !ind_ids || !figs) {
		e = TD_EINTERNAL;
		goto done;
	}
	for (size_t k = 0; k < nfam; k++)
		ids[k] = fam[k].id;
	for (size_t i = 0; i < plan->nind; i++)
		ind_ids[i] = plan->ind[i].id;
	for (size_t i = 0; i < plan->nind && !e; i += ANALYTICS_TARGET_INDICATORS_MAX) {
		size_t n = plan->nind - i;
		if (n > ANALYTICS_TARGET_INDICATORS_MAX)
			n = ANALYTICS_TARGET_INDICATORS_MAX;
		e = analytics_family_targets(r->db, p.year, ind_ids + i, n, ids, nfam,
					     has_t + i * nfam, tv + i * nfam);
	}
	if (e || (e = table_open(&t, is_csv(r), "Chỉ tiêu", IND_COLS,
				 sizeof IND_COLS / sizeof *IND_COLS)))
		goto done;
	for (size_t i = 0; i < plan->nind && !e; i++)
		e = ind_rows(r, &t, &plan->ind[i], fam, ids, nfam, &p, pcode, has_t + i * nfam,
			     tv + i * nfam, figs);
	if (!e)
		e = table_reply(r, &t, "chi-tieu", "chỉ-tiêu");
done:
	table_close(&t);
	free(fam);
	eval_plan_free(plan);
	if (e == TD_EUNAVAIL || e == TD_ENOTFOUND)
		return r->err.kind ? e : req_fail(r, e, NULL, NULL, NULL);
	return e ? table_fail(r, e) : TD_OK;
}

/* ---- scores: the rows of GET /api/v1/evaluation ---- */

static const xlsx_column SCORE_COLS[] = {
	{"Tổ chức", 40}, {"Đơn vị hành chính", 28}, {"Kế hoạch", 48}, {"Kỳ", 9},
	{"Điểm", 9}, {"Xếp loại", 14}, {"Thứ hạng", 10},
};

typedef struct score_row {
	const eval_org *org;
	const eval_plan *plan;
	int has;
	double score;
	score_grade grade;
	int64_t rank;   /* 0: not ranked */
	size_t order;
} score_row;

static int same_siblings(const score_row *a, const score_row *b)
{
	return a->plan == b->plan && a->org->depth == b->org->depth &&
	       strcmp(a->org->parent_path, b->org->parent_path) == 0 &&
	       strcmp(a->org->level, b->org->level) == 0;
}

/* Siblings together (in listing order of their first member), best first. */
static int score_cmp(const void *a, const void *b)
{
	const score_row *x = a, *y = b;
	if (x->plan != y->plan)
		return x->order < y->order ? -1 : 1;
	if (x->org->depth != y->org->depth)
		return x->org->depth < y->org->depth ? -1 : 1;
	int c = strcmp(x->org->parent_path, y->org->parent_path);
	if (!c)
		c = strcmp(x->org->level, y->org->level);
	if (c)
		return c < 0 ? -1 : 1;
	if (x->has != y->has)
		return x->has ? -1 : 1;
	if (x->has && x->score != y->score)
		return x->score > y->score ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

/* Ranks 1, 2, 2, 4... among siblings the export holds whole (their parent unit
 * lies in the exported subtree). */
static void rank_scores(score_row *v, size_t n, const char *path)
{
	for (size_t g = 0; g < n;) {
		size_t end = g + 1;
		while (end < n && same_siblings(&v[g], &v[end]))
			end++;
		const char *parent = v[g].org->parent_path;
		int whole = !parent[0] || scope_path_contains(path, parent);
		for (size_t i = g; i < end; i++) {
			if (!whole || !v[i].has)
				continue;
			v[i].rank = i > g && v[i - 1].has && v[i - 1].score == v[i].score
					    ? v[i - 1].rank
					    : (int64_t)(i - g) + 1;
		}
		g = end;
	}
}

typedef struct score_plan {
	eval_plan *plan;
	eval_org *orgs;
	size_t norgs;
} score_plan;

static tderr handle_scores(http_req *r)
{
	int64_t plan_id = 0, unit_id;
	int has_plan = 0;
	char path[UNIT_PATH_MAX];
	period p;
	eval_span sp;
	tderr e;
	if ((e = req_query_int(r, "plan", 1, INT64_MAX, &plan_id, &has_plan)) ||
	    (e = evaluation_read_period(r, &p)) || (e = read_unit(r, &unit_id, path)) ||
	    (e = evaluation_span(r, &p, &sp)))
		return e;
	int64_t ids[EVAL_PLANS_MAX];
	size_t nplans = 0;
	if (has_plan) {
		if ((e = visible_plan(r, plan_id)))
			return e;
		ids[nplans++] = plan_id;
	} else {
		eval_plan_filter f = {.year = p.year, .scope_path = r->user->unit_path,
				      .scope_org = r->user->org_id};
		if ((e = eval_plans_running(r->db, &f, ids, EVAL_PLANS_MAX, &nplans)))
			return evaluation_fail(r, e);
	}
	score_plan *sps = calloc(nplans ? nplans : 1, sizeof *sps);
	score_row *rows = NULL;
	size_t n = 0, cap = 0;
	table t;
	memset(&t, 0, sizeof t);
	if (!sps) {
		e = TD_EINTERNAL;
		goto done;
	}
	for (size_t i = 0; i < nplans && !e; i++) {
		score_plan *s = &sps[i];
		if ((e = eval_plan_load(r->db, ids[i], &s->plan)))
			break;
		if (p.year < s->plan->start_year || p.year > s->plan->end_year) {
			if (has_plan)
				e = req_fail(r, TD_EINVALID, "period_not_in_plan",
					     "Kỳ đánh giá nằm ngoài thời gian thực hiện của kế hoạch",
					     "period");
			continue;
		}
		if ((e = eval_orgs_list(r->db, s->plan->system, path, NULL, &s->orgs, &s->norgs)))
			break;
		for (size_t k = 0; k < s->norgs && !e; k++) {
			if (n >= EXPORT_ROWS_MAX) {
				e = TD_ETOOLARGE;
				break;
			}
			if (n == cap) {
				size_t nc = cap ? cap * 2 : 64;
				score_row *v = realloc(rows, nc * sizeof *v);
				if (!v) {
					e = TD_EINTERNAL;
					break;
				}
				rows = v;
				cap = nc;
			}
			eval_outcome out;
			if ((e = eval_run(r->db, s->plan, &s->orgs[k], &sp, evaluation_cube_values, r,
					  &out)))
				break;
			rows[n] = (score_row){.org = &s->orgs[k], .plan = s->plan,
					      .has = out.result.has_score,
					      .score = out.result.score, .grade = out.result.grade,
					      .order = n};
			n++;
			eval_outcome_clear(&out);
		}
	}
	if (e)
		goto done;
	if (n > 1) /* qsort wants a valid pointer even for 0 items */
		qsort(rows, n, sizeof *rows, score_cmp);
	rank_scores(rows, n, path);
	if ((e = table_open(&t, is_csv(r), "Điểm đánh giá", SCORE_COLS,
			    sizeof SCORE_COLS / sizeof *SCORE_COLS)))
		goto done;
	for (size_t i = 0; i < n && !e; i++) {
		const score_row *x = &rows[i];
		const char *grade = x->has ? score_grade_label(x->grade) : NULL;
		cell(&t, xlsx_text(jstr(x->org->ref, "name")));
		cell(&t, xlsx_text(jstr(x->org->unit, "name")));
		cell(&t, xlsx_text(jstr(x->plan->ref, "title")));
		cell(&t, xlsx_text(sp.code));
		cell_num(&t, x->has, x->has ? score_round1(x->score) : 0);
		cell(&t, grade ? xlsx_text(grade) : xlsx_blank());
		cell(&t, x->rank ? xlsx_int(x->rank) : xlsx_blank());
		e = table_row(&t, 0);
	}
	if (!e)
		e = table_reply(r, &t, "diem-danh-gia", "điểm-đánh-giá");
done:
	table_close(&t);
	free(rows);
	for (size_t i = 0; sps && i < nplans; i++) {
		eval_orgs_free(sps[i].orgs, sps[i].norgs);
		eval_plan_free(sps[i].plan);
	}
	free(sps);
	if (e == TD_ETOOLARGE || e == TD_EINVALID)
		return table_fail(r, e);
	return e ? evaluation_fail(r, e) : TD_OK;
}

/* ---- lists: tasks, budgets, findings (their list endpoints' items) ---- */

typedef enum col_kind { COL_TEXT, COL_DATE, COL_INT, COL_VND, COL_DEC, COL_LABEL, COL_NAMES } col_kind;

/* A column of a list: where its value sits in an item ("plan.title"), its kind and,
 * for COL_LABEL, the labels of codes ("code\0label\0...\0"). */
typedef struct list_col {
	xlsx_column head;
	const char *key;
	col_kind kind;
	const char *labels;
} list_col;

static const json_t *json_at(const json_t *o, const char *key)
{
	char part[64];
	while (o && *key) {
		size_t n = strcspn(key, ".");
		if (n >= sizeof part)
			return NULL;
		memcpy(part, key, n);
		part[n] = 0;
		o = json_object_get(o, part);
		key += n + (key[n] == '.');
	}
	return o;
}

static const char *label_of(const char *labels, const char *code)
{
	for (const char *p = labels; p && *p;) {
		const char *l = p + strlen(p) + 1;
		if (strcmp(p, code) == 0)
			return l;
		p = l + strlen(l) + 1;
	}
	return code;
}

static void list_cell(http_req *r, table *t, const list_col *c, const json_t *item)
{
	const json_t *v = json_at(item, c->key);
	const char *s = json_string_value(v);
	switch (c->kind) {
	case COL_TEXT:
		cell(t, s ? xlsx_text(s) : xlsx_blank());
		return;
	case COL_DATE: {
		char d[11];
		if (!s || strlen(s) < 10) {
			cell(t, xlsx_blank());
			return;
		}
		memcpy(d, s, 10);
		d[10] = 0;
		const char *dd = arena_strdup(r->a, d);
		cell(t, dd ? xlsx_date(dd) : xlsx_blank());
		return;
	}
	case COL_INT:
		cell(t, json_is_integer(v) ? xlsx_int(json_integer_value(v)) : xlsx_blank());
		return;
	case COL_VND:
		cell(t, json_is_integer(v) ? xlsx_vnd(json_integer_value(v)) : xlsx_blank());
		return;
	case COL_DEC:
		cell_num(t, json_is_number(v), json_number_value(v));
		return;
	case COL_LABEL:
		cell(t, s ? xlsx_text(label_of(c->labels, s)) : xlsx_blank());
		return;
	case COL_NAMES: {
		size_t len = 0, i;
		json_t *x;
		json_array_foreach(v, i, x) len += strlen(jstr(x, "name")) + 2;
		char *out = arena_alloc(r->a, len + 1), *p = out;
		if (!out) {
			cell(t, xlsx_blank());
			return;
		}
		*p = 0;
		json_array_foreach(v, i, x) {
			const char *nm = jstr(x, "name");
			size_t k = strlen(nm);
			if (p != out) {
				memcpy(p, "; ", 2);
				p += 2;
			}
			memcpy(p, nm, k);
			p += k;
			*p = 0;
		}
		cell(t, xlsx_text(out));
		return;
	}
	}
}

static tderr list_reply(http_req *r, const json_t *items, int64_t total, const char *sheet,
			const list_col *cols, size_t ncols, const char *ascii, const char *utf8)
{
	if (total > EXPORT_ROWS_MAX)
		return table_fail(r, TD_ETOOLARGE);
	xlsx_column heads[EXPORT_COLS_MAX];
	for (size_t i = 0; i < ncols && i < EXPORT_COLS_MAX; i++)
		heads[i] = cols[i].head;
	table t;
	tderr e = table_open(&t, is_csv(r), sheet, heads, ncols);
	for (size_t i = 0; i < json_array_size(items) && !e; i++) {
		const json_t *it = json_array_get(items, i);
		for (size_t k = 0; k < ncols; k++)
			list_cell(r, &t, &cols[k], it);
		e = table_row(&t, 0);
	}
	if (!e)
		e = table_reply(r, &t, ascii, utf8);
	table_close(&t);
	return e ? table_fail(r, e) : TD_OK;
}

/* plan=, year= and the unit (the caller's subtree) into a follow-up filter. */
static tderr read_pf(http_req *r, pf_filter *g, char path[UNIT_PATH_MAX])
{
	int64_t unit_id;
	tderr e;
	if ((e = req_query_int(r, "plan", 1, INT64_MAX, &g->plan_id, &g->has_plan)) ||
	    (e = req_query_int(r, "year", PERIOD_YEAR_MIN, PERIOD_YEAR_MAX, &g->year,
			       &g->has_year)) ||
	    (e = read_unit(r, &unit_id, path)))
		return e;
	g->unit_path = path;
	g->read_path = r->user->unit_path ? r->user->unit_path : "-";
	g->limit = EXPORT_ROWS_MAX + 1;
	return TD_OK;
}

static const char *today(http_req *r)
{
	char *buf = arena_alloc(r->a, 16);
	if (buf)
		clock_today_vn(buf, 16);
	return buf ? buf : "1970-01-01";
}

static const list_col TASK_COLS[] = {
	{{"Kế hoạch", 40}, "plan.title", COL_TEXT, NULL},
	{{"Nhiệm vụ", 48}, "title", COL_TEXT, NULL},
	{{"Tổ chức chủ trì", 32}, "responsible.name", COL_TEXT, NULL},
	{{"Tổ chức phối hợp", 32}, "coordinators", COL_NAMES, NULL},
	{{"Đơn vị hành chính", 24}, "unit_name", COL_TEXT, NULL},
	{{"Thời gian", 12}, "slot_label", COL_TEXT, NULL},
	{{"Ngày bắt đầu", 12}, "start", COL_DATE, NULL},
	{{"Hạn hoàn thành", 12}, "deadline", COL_DATE, NULL},
	{{"Hạn ban đầu", 12}, "original_deadline", COL_DATE, NULL},
	{{"Tiến độ (%)", 10}, "progress", COL_INT, NULL},
	{{"Ngày hoàn thành", 12}, "completed_on", COL_DATE, NULL},
	{{"Trạng thái", 20}, "status", COL_LABEL,
	 "in_progress\0Đang thực hiện\0overdue\0Quá hạn\0done_on_time\0Hoàn thành đúng hạn\0"
	 "done_late\0Hoàn thành trễ hạn\0"},
	{{"Số ngày quá hạn", 10}, "days_overdue", COL_INT, NULL},
};

static tderr handle_tasks(http_req *r)
{
	task_filter f = {0};
	char path[UNIT_PATH_MAX];
	tderr e = read_pf(r, &f.base, path);
	if (e)
		return e;
	f.today = today(r);
	json_t *items = NULL;
	int64_t total = 0;
	if ((e = tasks_list(r->db, &f, &items, &total)))
		return req_store_fail(r, e, NULL, NULL);
	e = list_reply(r, items, total, "Nhiệm vụ", TASK_COLS, sizeof TASK_COLS / sizeof *TASK_COLS,
		       "nhiem-vu", "nhiệm-vụ");
	json_decref(items);
	return e;
}

static const list_col BUDGET_COLS[] = {
	{{"Kế hoạch", 40}, "plan.title", COL_TEXT, NULL},
	{{"Tổ chức", 32}, "organization.name", COL_TEXT, NULL},
	{{"Đơn vị hành chính", 24}, "unit_name", COL_TEXT, NULL},
	{{"Năm", 8}, "year", COL_INT, NULL},
	{{"Nguồn kinh phí", 18}, "source", COL_LABEL,
	 "provincial\0Ngân sách tỉnh\0district\0Ngân sách huyện\0commune\0Ngân sách xã\0"
	 "socialized\0Xã hội hóa\0other\0Nguồn khác\0"},
	{{"Dự toán (VND)", 16}, "planned", COL_VND, NULL},
	{{"Đã cấp (VND)", 16}, "allocated", COL_VND, NULL},
	{{"Ngày cấp", 12}, "allocated_on", COL_DATE, NULL},
	{{"Đã giải ngân (VND)", 16}, "disbursed", COL_VND, NULL},
	{{"Ngày giải ngân", 12}, "disbursed_on", COL_DATE, NULL},
	{{"Tỷ lệ giải ngân", 12}, "disbursement_rate", COL_DEC, NULL},
	{{"Số ngày chậm cấp", 10}, "allocation_overdue_days", COL_INT, NULL},
	{{"Ghi chú", 32}, "note", COL_TEXT, NULL},
};

static tderr handle_budgets(http_req *r)
{
	budget_filter f = {0};
	char path[UNIT_PATH_MAX];
	tderr e = read_pf(r, &f.base, path);
	if (e)
		return e;
	f.today = today(r);
	json_t *items = NULL;
	int64_t total = 0;
	if ((e = budgets_list(r->db, &f, &items, &total)))
		return req_store_fail(r, e, NULL, NULL);
	e = list_reply(r, items, total, "Kinh phí", BUDGET_COLS,
		       sizeof BUDGET_COLS / sizeof *BUDGET_COLS, "kinh-phi", "kinh-phí");
	json_decref(items);
	return e;
}

static const list_col FINDING_COLS[] = {
	{{"Kế hoạch", 36}, "plan.title", COL_TEXT, NULL},
	{{"Loại", 18}, "kind", COL_LABEL,
	 "limitation\0Tồn tại, hạn chế\0problem\0Vấn đề phát sinh\0recommendation\0Kiến nghị\0"},
	{{"Nội dung", 48}, "title", COL_TEXT, NULL},
	{{"Đơn vị hành chính", 24}, "unit_name", COL_TEXT, NULL},
	{{"Tổ chức nêu", 30}, "raised_by.name", COL_TEXT, NULL},
	{{"Gửi đến", 30}, "addressed_to.name", COL_TEXT, NULL},
	{{"Mức độ", 12}, "severity", COL_LABEL, "low\0Thấp\0medium\0Trung bình\0high\0Cao\0"},
	{{"Hạn trả lời", 12}, "due_on", COL_DATE, NULL},
	{{"Trạng thái", 16}, "status", COL_LABEL,
	 "open\0Chưa trả lời\0answered\0Đã trả lời\0resolved\0Đã giải quyết\0"
	 "declined\0Không tiếp thu\0"},
	{{"Trả lời", 40}, "response", COL_TEXT, NULL},
	{{"Số ngày quá hạn", 10}, "days_overdue", COL_INT, NULL},
	{{"Ngày nêu", 12}, "created_at", COL_DATE, NULL},
};

static tderr handle_findings(http_req *r)
{
	finding_filter f = {0};
	pf_filter g = {0};
	char path[UNIT_PATH_MAX];
	tderr e = read_pf(r, &g, path);
	if (e)
		return e;
	f.has_plan = g.has_plan;
	f.plan_id = g.plan_id;
	f.has_year = g.has_year;
	f.year = g.year;
	f.unit_path = path;
	f.scope_path = g.read_path;
	f.scope_org = r->user->org_id;
	f.limit = g.limit;
	json_t *items = NULL;
	int64_t total = 0;
	if ((e = findings_list(r->db, &f, &items, &total)))
		return req_store_fail(r, e, NULL, NULL);
	e = list_reply(r, items, total, "Kiến nghị", FINDING_COLS,
		       sizeof FINDING_COLS / sizeof *FINDING_COLS, "kien-nghi", "kiến-nghị");
	json_decref(items);
	return e;
}

const route api_exports_tables_routes[] = {
	{"GET", "/api/v1/exports/indicators.xlsx", handle_indicators, ROLE_ANY, ACCESS_NONE},
	{"GET", "/api/v1/exports/indicators.csv", handle_indicators, ROLE_ANY, ACCESS_NONE},
	{"GET", "/api/v1/exports/scores.xlsx", handle_scores, ROLE_ANY, ACCESS_NONE},
	{"GET", "/api/v1/exports/scores.csv", handle_scores, ROLE_ANY, ACCESS_NONE},
	{"GET", "/api/v1/exports/tasks.xlsx", handle_tasks, ROLE_ANY, ACCESS_NONE},
	{"GET", "/api/v1/exports/tasks.csv", handle_tasks, ROLE_ANY, ACCESS_NONE},
	{"GET", "/api/v1/exports/budgets.xlsx", handle_budgets, ROLE_ANY, ACCESS_NONE},
	{"GET", "/api/v1/exports/budgets.csv", handle_budgets, ROLE_ANY, ACCESS_NONE},
	{"GET", "/api/v1/exports/findings.xlsx", handle_findings, ROLE_ANY, ACCESS_NONE},
	{"GET", "/api/v1/exports/findings.csv", handle_findings, ROLE_ANY, ACCESS_NONE},
};
const size_t api_exports_tables_routes_count =
	sizeof api_exports_tables_routes / sizeof *api_exports_tables_routes;
