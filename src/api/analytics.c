/* analytics.c — GET /api/v1/analytics (indicator figures per unit and period from
 * the cube, with targets and achievement) and GET /api/v1/overview (per plan: how
 * far its indicators are achieved and how timely its reports are). The caller must
 * be able to read the unit and the plans of the indicators; otherwise 404. */
#include "api/answer_cache.h"
#include "api/api.h"
#include "api/unit_history.h"
#include "core/clock.h"
#include "core/indicator.h"
#include "core/numfmt.h"
#include "core/period.h"
#include "cube/cube.h"
#include "store/analytics_sql.h"
#include "store/unit_history.h"
#include "store/plans.h"
#include "store/units.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define ANALYTICS_INDICATORS_MAX 100
#define ANALYTICS_PERIODS_MAX 60
#define ANALYTICS_ROWS_MAX 20000
#define ANALYTICS_ID_DIGITS_MAX 15

static const char MSG_UNIT_NOT_FOUND[] = "Không tìm thấy đơn vị hành chính";
static const char MSG_INDICATOR_NOT_FOUND[] = "Không tìm thấy chỉ tiêu";
static const char JSON_TYPE[] = "application/json; charset=utf-8";

/* A number for JSON: whole numbers as integers, others as reals; null when not
 * finite. */
static json_t *number(double v)
{
	if (!isfinite(v))
		return json_null();
	if (v == floor(v) && fabs(v) < 1e15)
		return json_integer((json_int_t)v);
	return json_real(v);
}

static json_t *opt_number(int has, double v)
{
	return has ? number(v) : json_null();
}

static tderr cube_fail(http_req *r, tderr e, const char *what)
{
	if (e == TD_ENOTFOUND)
		return req_fail(r, TD_ENOTFOUND, "not_found",
				strcmp(what, "unit") == 0 ? MSG_UNIT_NOT_FOUND : MSG_INDICATOR_NOT_FOUND,
				what);
	return req_fail(r, e, NULL, NULL, NULL);
}

/* "12,5,40": positive ids, each once, at most ANALYTICS_INDICATORS_MAX. */
static tderr parse_ids(http_req *r, const char *s, int64_t *ids, size_t *n)
{
	*n = 0;
	for (const char *p = s;;) {
		int64_t v = 0;
		int digits = 0;
		for (; *p >= '0' && *p <= '9'; p++, digits++) {
			if (digits >= ANALYTICS_ID_DIGITS_MAX)
				break;
			v = v * 10 + (*p - '0');
		}
		if (!digits || v <= 0 || (*p && *p != ','))
			return req_fail(r, TD_EBADREQ, "bad_indicator",
					"Chỉ tiêu phải là các mã số, cách nhau bởi dấu phẩy", "indicator");
		int seen = 0;
		for (size_t i = 0; i < *n && !seen; i++)
			seen = ids[i] == v;
		if (!seen) {
			if (*n >= ANALYTICS_INDICATORS_MAX)
				return req_fail(r, TD_EBADREQ, "too_many_indicators",
						"Tối đa 100 chỉ tiêu mỗi lần", "indicator");
			ids[(*n)++] = v;
		}
		if (!*p)
			return TD_OK;
		p++;
	}
}

/* "2024,2024Q1": period codes, each once, at most ANALYTICS_PERIODS_MAX. */
static tderr parse_periods(http_req *r, const char *s, period *out, size_t *n)
{
	*n = 0;
	for (const char *p = s;;) {
		size_t len = strcspn(p, ",");
		char code[PERIOD_CODE_SIZE];
		period v;
		if (len == 0 || len >= sizeof code)
			goto bad;
		memcpy(code, p, len);
		code[len] = 0;
		if (period_parse(code, &v) != TD_OK)
			goto bad;
		int seen = 0;
		for (size_t i = 0; i < *n && !seen; i++)
			seen = period_equal(&out[i], &v);
		if (!seen) {
			if (*n >= ANALYTICS_PERIODS_MAX)
				return req_fail(r, TD_EBADREQ, "too_many_periods",
						"Tối đa 60 kỳ mỗi lần", "period");
			out[(*n)++] = v;
		}
		if (!p[len])
			return TD_OK;
		p += len + 1;
	}
bad:
	return req_fail(r, TD_EBADREQ, "bad_period",
			"Kỳ báo cáo không hợp lệ (ví dụ: 2024, 2024S1, 2024N9, 2024Q2, 202405)",
			"period");
}

/* The unit asked for (its code; NULL: the caller's scope unit), readable by the
 * caller; 404 otherwise. */
static tderr resolve_unit(http_req *r, const char *code, int64_t *id, char path[UNIT_PATH_MAX])
{
	*id = 0;
	path[0] = '\0';
	if (!code)
		code = r->user->unit_code;
	tderr e = code ? units_lookup(r->db, code, id, path) : TD_ENOTFOUND;
	if (e == TD_ENOTFOUND || (!e && !scope_can_read_unit(r->user, path)))
		return req_fail(r, TD_ENOTFOUND, "not_found", MSG_UNIT_NOT_FOUND, "unit");
	if (e)
		return req_store_fail(r, e, NULL, NULL);
	return TD_OK;
}

static int current_year(void)
{
	char today[16];
	clock_today_vn(today, sizeof today);
	return (today[0] - '0') * 1000 + (today[1] - '0') * 100 + (today[2] - '0') * 10 +
	       (today[3] - '0');
}

/* Plans already checked for this request, so each is looked up once. */
typedef struct plan_seen {
	int64_t plan_id;
	int visible;
} plan_seen;

/* The indicator exists and its plan is visible to the caller (the plan's owner
 * sits at a readable unit, or the caller's organisation owns, coordinates or
 * supervises it): 404 otherwise. */
static tderr check_indicator(http_req *r, int64_t id, plan_seen *seen, size_t *nseen,
			     cube_indicator_info *info)
{
	/* the cube knows every indicator and its plan (one it has not seen yet is
	 * looked up in the database) */
	tderr e = cube_indicator(r->db, id, info);
	if (e)
		return cube_fail(r, e, "indicator");
	int64_t plan = info->plan_id;
	int visible = -1;
	for (size_t i = 0; i < *nseen && visible < 0; i++)
		if (seen[i].plan_id == plan)
			visible = seen[i].visible;
	if (visible < 0) {
		int64_t owner;
		char path[UNIT_PATH_MAX];
		int member = 0;
		e = plans_access(r->db, plan, r->user->org_id, &owner, path, &member);
		if (e && e != TD_ENOTFOUND)
			return req_store_fail(r, e, NULL, NULL);
		visible = !e && (member || scope_can_read_unit(r->user, path));
		seen[(*nseen)++] = (plan_seen){plan, visible};
	}
	return visible ? TD_OK : cube_fail(r, TD_ENOTFOUND, "indicator");
}

/* --- writing the answer: rows go straight into one buffer (thousands of rows
 * would otherwise be thousands of JSON objects built and then dumped) --- */

typedef struct jw {
	char *p;
	size_t n, cap;
	int oom;
} jw;

/* Makes room for len more bytes and the NUL; 0 on success. */
static int jw_grow(jw *w, size_t len)
{
	if (w->oom)
		return -1;
	size_t cap = w->cap ? w->cap : 4096;
	while (cap < w->n + len + 1)
		cap *= 2;
	char *p = realloc(w->p, cap);
	if (!p) {
		w->oom = 1;
		return -1;
	}
	w->p = p;
	w->cap = cap;
	return 0;
}

static inline void jw_raw(jw *w, const char *s, size_t len)
{
	if ((w->n + len + 1 > w->cap && jw_grow(w, len)) || !w->p)
		return;
	memcpy(w->p + w->n, s, len);
	w->n += len;
	w->p[w->n] = 0;
}

/* A string literal, its length known when compiling. */
#define JW_LIT(w, s) jw_raw((w), "" s, sizeof(s) - 1)

static void jw_lit(jw *w, const char *s)
{
	jw_raw(w, s, strlen(s));
}

/* A JSON string: quotes, backslashes and control characters escaped; UTF-8 as is. */
static void jw_str(jw *w, const char *s)
{
	jw_raw(w, "\"", 1);
	const char *run = s;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		jw_raw(w, run, (size_t)(s - run));
		char esc[8] = {'\\', (char)c, 0};
		if (c < 0x20)
			snprintf(esc, sizeof esc, "\\u%04x", c);
		jw_lit(w, esc);
		run = s + 1;
	}
	jw_raw(w, run, (size_t)(s - run));
	jw_raw(w, "\"", 1);
}

/* Numbers without printf (core/numfmt.c gives the same bytes, much faster). */
static void jw_int(jw *w, int64_t v)
{
	char buf[NUMFMT_SIZE];
	jw_raw(w, buf, numfmt_int(v, buf));
}

/* A number as number() would give it: null, a whole number, or a real. */
static void jw_num(jw *w, int has, double v)
{
	if (!has || !isfinite(v)) {
		jw_raw(w, "null", 4);
	} else if (v == floor(v) && fabs(v) < 1e15) {
		jw_int(w, (int64_t)v);
	} else {
		char buf[NUMFMT_SIZE];
		jw_raw(w, buf, numfmt_g17(v, buf));
	}
}

/* One row: u NULL for the row merging the children the caller may not see one by
 * one (then "others": true); own marks the unit's own values. */
static void jw_row(jw *w, int64_t indicator_id, const cube_unit_ref *u, const char *pcode,
		   const period *p, const cube_indicator_info *info, const cube_figure *f,
		   int has_target, double target, int own)
{
	double ach = 0;
	int has_ach = has_target && indicator_target_comparable(info->time_agg, info->unit_agg,
								  p->kind) &&
		      indicator_achievement(info->direction, f->has_value ? &f->value : NULL,
					    &target, &ach);
	JW_LIT(w, "{\"indicator_id\":");
	jw_int(w, indicator_id);
	JW_LIT(w, ",\"unit\":");
	if (u)
		jw_str(w, u->code);
	else
		JW_LIT(w, "null");
	JW_LIT(w, ",\"unit_name\":");
	jw_str(w, u ? u->name : "Các đơn vị khác");
	JW_LIT(w, ",\"period\":");
	jw_str(w, pcode);
	JW_LIT(w, ",\"value\":");
	jw_num(w, f->has_value, f->value);
	JW_LIT(w, ",\"target\":");
	jw_num(w, has_target, target);
	JW_LIT(w, ",\"achievement\":");
	jw_num(w, has_ach, ach);
	JW_LIT(w, ",\"reported_units\":");
	jw_int(w, f->reported_units);
	JW_LIT(w, ",\"expected_units\":");
	jw_int(w, f->expected_units);
	if (f->is_ratio) {
		JW_LIT(w, ",\"numerator\":");
		jw_num(w, f->has_num, f->num);
		JW_LIT(w, ",\"denominator\":");
		jw_num(w, f->has_den, f->den);
	}
	if (own)
		JW_LIT(w, ",\"own\":true");
	if (!u)
		JW_LIT(w, ",\"others\":true");
	jw_raw(w, "},", 2);
}

/* Adds b into a: the merged row of the children the caller may not see. */
static void figure_add(cube_figure *a, const cube_figure *b, const cube_indicator_info *info)
{
	if (b->has_value && !a->is_ratio) {
		a->value = a->has_value ? a->value + b->value : b->value;
		a->has_value = 1;
	}
	if (b->has_num) {
		a->num = a->has_num ? a->num + b->num : b->num;
		a->has_num = 1;
	}
	if (b->has_den) {
		a->den = a->has_den ? a->den + b->den : b->den;
		a->has_den = 1;
	}
	a->reported_units += b->reported_units;
	a->expected_units += b->expected_units;
	if (a->is_ratio)
		a->has_value = a->has_num && a->has_den &&
			       indicator_ratio(info->type, a->num, a->den, &a->value);
}

typedef struct analytics_q {
	int64_t ids[ANALYTICS_INDICATORS_MAX];
	cube_indicator_info info[ANALYTICS_INDICATORS_MAX];
	size_t nids;
	period periods[ANALYTICS_PERIODS_MAX];
	size_t nperiods;
	int by_children, submitted;
	const char *unit; /* as asked; NULL: the caller's scope unit */
	int64_t unit_id;
	char unit_path[UNIT_PATH_MAX];
} analytics_q;

/* The question, read from the query string (no database). */
static tderr read_query(http_req *r, analytics_q *q)
{
	const char *ind, *unit, *per, *by, *inc;
	tderr e;
	if ((e = req_query_opt(r, "indicator", &ind)) || (e = req_query_opt(r, "unit", &unit)) ||
	    (e = req_query_opt(r, "period", &per)) || (e = req_query_opt(r, "by", &by)) ||
	    (e = req_query_opt(r, "include", &inc)))
		return e;
	if (!ind)
		return req_fail(r, TD_EBADREQ, "required", "Cần chọn ít nhất một chỉ tiêu",
				"indicator");
	if (by && strcmp(by, "children") != 0 && strcmp(by, "none") != 0)
		return req_fail(r, TD_EBADREQ, "bad_by", "by là children hoặc none", "by");
	if (inc && strcmp(inc, "submitted") != 0)
		return req_fail(r, TD_EBADREQ, "bad_include", "include chỉ nhận giá trị submitted",
				"include");
	q->by_children = by && strcmp(by, "children") == 0;
	q->submitted = inc != NULL;
	q->unit = unit;
	if ((e = parse_ids(r, ind, q->ids, &q->nids)))
		return e;
	if (per) {
		if ((e = parse_periods(r, per, q->periods, &q->nperiods)))
			return e;
	} else {
		q->periods[0] = (period){PERIOD_YEAR, current_year(), 0};
		q->nperiods = 1;
	}
	return TD_OK;
}

/* The unit and the indicators' plans are readable by the caller: 404 otherwise. */
static tderr check_query(http_req *r, analytics_q *q)
{
	tderr e = resolve_unit(r, q->unit, &q->unit_id, q->unit_path);
	if (e)
		return e;
	plan_seen seen[ANALYTICS_INDICATORS_MAX];
	size_t nseen = 0;
	for (size_t i = 0; i < q->nids; i++)
		if ((e = check_indicator(r, q->ids[i], seen, &nseen, &q->info[i])))
			return e;
	return TD_OK;
}

/* --- whole answers kept (answer_cache.h) --- */

typedef struct keybuf {
	char *p;
	size_t n, cap;
	int full;
} keybuf;

static void key_add(keybuf *k, const char *s, size_t len)
{
	if (k->full || k->n + len > k->cap) {
		k->full = 1;
		return;
	}
	memcpy(k->p + k->n, s, len);
	k->n += len;
}

static void key_int(keybuf *k, int64_t v)
{
	char buf[NUMFMT_SIZE];
	key_add(k, buf, numfmt_int(v, buf));
	key_add(k, ",", 1);
}

/* A text with its length first (any byte may follow), or -1 for NULL. */
static void key_text(keybuf *k, const char *s)
{
	key_int(k, s ? (int64_t)strlen(s) : -1);
	if (s)
		key_add(k, s, strlen(s));
}

/* The key of the answer: the question as parsed (so equal questions spelt
 * differently share it; a missing period is the current year) and every fact about
 * the caller the handler reads: the organisation (plans it owns, coordinates or
 * supervises), the scope's unit path (readable units and plans), the scope's unit
 * code (the unit when none is asked). 0 when it does not fit in cap. */
static size_t answer_key(const http_req *r, const analytics_q *q, char *buf, size_t cap)
{
	keybuf k = {buf, 0, cap, 0};
	key_add(&k, "analytics:", 10);
	key_int(&k, q->by_children);
	key_int(&k, q->submitted);
	key_text(&k, q->unit);
	key_int(&k, (int64_t)q->nids);
	for (size_t i = 0; i < q->nids; i++)
		key_int(&k, q->ids[i]);
	key_int(&k, (int64_t)q->nperiods);
	for (size_t j = 0; j < q->nperiods; j++) {
		char pcode[PERIOD_CODE_SIZE];
		period_format(&q->periods[j], pcode, sizeof pcode);
		key_text(&k, pcode);
	}
	key_int(&k, r->user->org_id);
	key_text(&k, r->user->unit_path);
	key_text(&k, r->user->unit_code);
	return k.full ? 0 : k.n;
}

/* Where the answer is built: the family of units, which of them the caller reads,
 * and the targets of each indicator at each of them for each year asked. */
typedef struct answer_ctx {
	const analytics_q *q;
	const cube_unit_ref *fam;
	size_t nfam;
	const int *readable;
	const int64_t *ids;  /* the family's unit ids */
	cube_figure *figs;   /* room for one figure per unit of the family */
	int years[ANALYTICS_PERIODS_MAX];
	size_t nyears;
	int *has_t;      /* [year][indicator][unit] */
	double *tv;
	int reformed;    /* a reform has been applied: figures carry predecessors' */
} answer_ctx;

static size_t target_at(const answer_ctx *c, int year, size_t i, size_t k)
{
	size_t y = 0;
	while (y + 1 < c->nyears && c->years[y] != year)
		y++;
	return (y * c->q->nids + i) * c->nfam + k;
}

/* The rows of one indicator and period: the unit's total, or its own values and
 * one row per child (children out of the caller's reach merged into one row). */
static tderr period_rows(http_req *r, const answer_ctx *c, size_t i, const period *p, jw *w,
			 int64_t *rows)
{
	const analytics_q *q = c->q;
	char pcode[PERIOD_CODE_SIZE];
	period_format(p, pcode, sizeof pcode);
	int64_t id = q->ids[i];
	const cube_indicator_info *info = &q->info[i];
	size_t t0 = target_at(c, p->year, i, 0);
	cube_figure f;
	tderr e;
	int carried = 0, has_t;
	double tv;
	if (!q->by_children) {
		if ((e = cube_query(r->db, id, c->fam[0].id, p, q->submitted, 0, &f)))
			return cube_fail(r, e, "indicator");
		/* after a reform: what the unit's predecessors reported (unit_history.c) */
		has_t = c->has_t[t0];
		tv = c->tv[t0];
		if (c->reformed &&
		    (e = unit_history_carry_cube(r, id, c->fam[0].id, c->fam[0].path, 0, p,
						 q->submitted, &f, &carried, p->year, &has_t, &tv)))
			return req_store_fail(r, e, NULL, NULL);
		jw_row(w, id, &c->fam[0], pcode, p, info, &f, has_t, tv, 0);
		(*rows)++;
		return TD_OK;
	}
	cube_figure *figs = c->figs;
	if ((e = cube_query_family(r->db, id, c->ids, c->nfam, p, q->submitted, figs)))
		return cube_fail(r, e, "unit");
	for (size_t k = 0; k < c->nfam && c->reformed; k++)
		if ((e = unit_history_carry_cube(r, id, c->fam[k].id, c->fam[k].path, k == 0, p,
						 q->submitted, &figs[k], &carried, 0, NULL, NULL)))
			return req_store_fail(r, e, NULL, NULL);
	jw_row(w, id, &c->fam[0], pcode, p, info, &figs[0], 0, 0, 1);
	(*rows)++;
	cube_figure others = {0};
	int any_hidden = 0;
	for (size_t k = 1; k < c->nfam; k++) {
		if (c->readable[k]) {
			has_t = c->has_t[t0 + k];
			tv = c->tv[t0 + k];
			if (!has_t && c->reformed &&
			    (e = unit_history_fallback_target(r, id, c->fam[k].id, p->year,
									&has_t, &tv)))
				return req_store_fail(r, e, NULL, NULL);
			jw_row(w, id, &c->fam[k], pcode, p, info, &figs[k], has_t, tv, 0);
			(*rows)++;
			continue;
		}
		if (!any_hidden)
			others.is_ratio = figs[k].is_ratio;
		any_hidden = 1;
		figure_add(&others, &figs[k], info);
	}
	if (any_hidden) {
		jw_row(w, id, NULL, pcode, p, info, &others, 0, 0, 0);
		(*rows)++;
	}
	return TD_OK;
}

/* The distinct years of the periods asked, in c->years. */
static void collect_years(answer_ctx *c)
{
	const analytics_q *q = c->q;
	for (size_t j = 0; j < q->nperiods; j++) {
		size_t y = 0;
		while (y < c->nyears && c->years[y] != q->periods[j].year)
			y++;
		if (y == c->nyears)
			c->years[c->nyears++] = q->periods[j].year;
	}
}

/* Reads every target the answer needs into c->has_t and c->tv: one query per year. */
static tderr read_targets(http_req *r, answer_ctx *c, const int64_t *unit_ids)
{
	const analytics_q *q = c->q;
	size_t per_year = q->nids * c->nfam;
	for (size_t y = 0; y < c->nyears; y++) {
		/* beside the cube, in memory; from the database only without a cube */
		tderr e = cube_family_targets(c->years[y], q->ids, q->nids, unit_ids, c->nfam,
					      c->has_t + y * per_year, c->tv + y * per_year);
		if (e == TD_EUNAVAIL)
			e = analytics_family_targets(r->db, c->years[y], q->ids, q->nids, unit_ids,
						     c->nfam, c->has_t + y * per_year,
						     c->tv + y * per_year);
		if (e)
			return req_store_fail(r, e, NULL, NULL);
	}
	return TD_OK;
}

static tderr handle_analytics(http_req *r)
{
	analytics_q *q = arena_alloc(r->a, sizeof *q);
	answer_ctx *c = arena_alloc(r->a, sizeof *c);
	if (!q || !c)
		return req_fail(r, TD_EINTERNAL, NULL, NULL, NULL);
	tderr e = read_query(r, q);
	if (e)
		return e;
	/* the version is read before anything the answer depends on */
	char key[ANSWER_CACHE_KEY_MAX];
	size_t klen = answer_key(r, q, key, sizeof key);
	answer_version v;
	int keep = klen && answer_version_now(r->db, &v) == TD_OK;
	const char *body;
	size_t len;
	if (keep && answer_cache_get(key, klen, &v, r->a, &body, &len)) {
		r->out = body;
		r->out_len = len;
		r->status = 200;
		r->content_type = JSON_TYPE;
		return TD_OK;
	}
	if ((e = check_query(r, q)))
		return e;
	cube_unit_ref *fam = NULL;
	size_t nfam = 0;
	if ((e = cube_unit_family(r->db, q->unit_id, &fam, &nfam)))
		return cube_fail(r, e, "unit");
	if (!q->by_children)
		nfam = 1;
	size_t per = q->by_children ? nfam + 1 : 1;
	jw w = {0};
	int64_t rows = 0;
	if (q->nids * q->nperiods * per > ANALYTICS_ROWS_MAX) {
		e = req_fail(r, TD_EBADREQ, "too_many_rows",
			     "Yêu cầu quá nhiều dòng: hãy chọn ít chỉ tiêu hoặc kỳ hơn", NULL);
		goto done;
	}
	*c = (answer_ctx){.q = q, .fam = fam, .nfam = nfam};
	if ((e = unit_history_any(r->db, &c->reformed))) {
		e = req_store_fail(r, e, NULL, NULL);
		goto done;
	}
	collect_years(c);
	size_t ntargets = c->nyears * q->nids * nfam;
	int *readable = arena_alloc(r->a, nfam * sizeof *readable);
	int64_t *ids = arena_alloc(r->a, nfam * sizeof *ids);
	c->figs = arena_alloc(r->a, nfam * sizeof *c->figs);
	c->has_t = arena_alloc(r->a, ntargets * sizeof *c->has_t);
	c->tv = arena_alloc(r->a, ntargets * sizeof *c->tv);
	if (!readable || !ids || !c->figs || !c->has_t || !c->tv) {
		e = req_fail(r, TD_EINTERNAL, NULL, NULL, NULL);
		goto done;
	}
	for (size_t k = 0; k < nfam; k++) {
		readable[k] = k == 0 || scope_can_read_unit(r->user, fam[k].path);
		ids[k] = fam[k].id;
	}
	c->readable = readable;
	c->ids = ids;
	if ((e = read_targets(r, c, ids)))
		goto done;
	JW_LIT(&w, "{\"items\":[");
	for (size_t i = 0; i < q->nids && !e; i++)
		for (size_t j = 0; j < q->nperiods && !e; j++)
			e = period_rows(r, c, i, &q->periods[j], &w, &rows);
	if (e)
		goto done;
	if (rows)
		w.n--; /* the last row's comma */
	JW_LIT(&w, "],\"total\":");
	jw_int(&w, rows);
	JW_LIT(&w, "}");
	if (w.oom || !(r->out = arena_strndup(r->a, w.p, w.n))) {
		e = req_fail(r, TD_EINTERNAL, NULL, NULL, NULL);
		goto done;
	}
	r->out_len = w.n;
	r->status = 200;
	r->content_type = JSON_TYPE;
	if (keep)
		answer_cache_put(key, klen, &v, w.p, w.n);
done:
	free(fam);
	free(w.p);
	return e;
}

/* --- the overview --- */

/* Mean achievement of the plan's indicators at the unit for the year (those with
 * a target and a value); *has 0 when none has one. */
static tderr plan_achievement(http_req *r, int64_t plan_id, int64_t unit_id, int year,
			      size_t *nind, int *has, double *avg)
{
	int64_t *ids = NULL;
	size_t n = 0;
	tderr e = analytics_plan_indicators(r->db, plan_id, &ids, &n);
	if (e)
		return e;
	*nind = n;
	double sum = 0;
	size_t counted = 0;
	period p = {PERIOD_YEAR, year, 0};
	for (size_t i = 0; i < n && !e; i++) {
		cube_indicator_info info;
		cube_figure f;
		int has_t = 0;
		double t = 0, a = 0;
		if ((e = cube_indicator(r->db, ids[i], &info)) ||
		    (e = cube_query(r->db, ids[i], unit_id, &p, 0, 0, &f)) ||
		    (e = analytics_target(r->db, ids[i], unit_id, year, &has_t, &t))) {
			if (e == TD_ENOTFOUND)
				e = TD_OK;
			continue;
		}
		if (has_t && indicator_achievement(info.direction, f.has_value ? &f.value : NULL, &t,
						   &a) && isfinite(a)) {
			sum += a;
			counted++;
		}
	}
	free(ids);
	*has = counted > 0;
	*avg = counted ? sum / (double)counted : 0;
	return e;
}

static tderr overview_item(http_req *r, json_t *item, int64_t unit_id, const char *unit_path,
			   int year, const char *now)
{
	json_t *plan = json_object_get(item, "plan");
	json_t *owner = json_object_get(plan, "owner");
	int64_t plan_id = json_integer_value(json_object_get(plan, "id"));
	const char *system = json_string_value(json_object_get(owner, "system"));
	size_t nind = 0;
	int has_avg = 0;
	double avg = 0;
	analytics_report_counts c;
	tderr e;
	if ((e = plan_achievement(r, plan_id, unit_id, year, &nind, &has_avg, &avg)) ||
	    (e = analytics_report_counts_get(r->db, plan_id, system ? system : "", unit_path, year,
					     now, &c)))
		return e;
	json_object_set_new(item, "indicators", json_integer((json_int_t)nind));
	json_object_set_new(item, "achievement_avg", opt_number(has_avg, avg));
	json_object_set_new(item, "on_time_rate",
			    opt_number(c.expected > 0, c.expected > 0 ? (double)(c.submitted - c.late) *
										100.0 / (double)c.expected
								      : 0));
	json_object_set_new(item, "reports_expected", json_integer(c.expected));
	json_object_set_new(item, "reports_submitted", json_integer(c.submitted));
	json_object_set_new(item, "reports_late", json_integer(c.late));
	json_object_set_new(item, "reports_missing", json_integer(c.expected - c.submitted));
	return TD_OK;
}

static tderr handle_overview(http_req *r)
{
	int64_t year = 0, limit, offset;
	int has_year = 0;
	const char *unit;
	tderr e;
	if ((e = req_paging(r, &limit, &offset)) ||
	    (e = req_query_int(r, "year", PERIOD_YEAR_MIN, PERIOD_YEAR_MAX, &year, &has_year)) ||
	    (e = req_query_opt(r, "unit", &unit)))
		return e;
	if (!has_year)
		year = current_year();
	int64_t unit_id;
	char path[UNIT_PATH_MAX];
	if ((e = resolve_unit(r, unit, &unit_id, path)))
		return e;
	analytics_plan_filter f = {
		.scope_path = r->user->unit_path ? r->user->unit_path : "-",
		.scope_org = r->user->org_id,
		.unit_path = path,
		.year = (int)year,
		.limit = limit,
		.offset = offset,
	};
	json_t *items = NULL;
	int64_t total = 0;
	if ((e = analytics_overview_plans(r->db, &f, &items, &total)))
		return req_store_fail(r, e, NULL, NULL);
	char now[32];
	clock_iso(now, sizeof now);
	for (size_t i = 0; i < json_array_size(items) && !e; i++)
		e = overview_item(r, json_array_get(items, i), unit_id, path, (int)year, now);
	if (e) {
		json_decref(items);
		return e == TD_EUNAVAIL ? req_fail(r, e, NULL, NULL, NULL)
					: req_store_fail(r, e, NULL, NULL);
	}
	return req_reply_list(r, items, total);
}

const route api_analytics_routes[] = {
	{"GET", "/api/v1/analytics", handle_analytics, ROLE_ANY, ACCESS_NONE},
	{"GET", "/api/v1/overview", handle_overview, ROLE_ANY, ACCESS_NONE},
};
const size_t api_analytics_routes_count =
	sizeof api_analytics_routes / sizeof api_analytics_routes[0];
