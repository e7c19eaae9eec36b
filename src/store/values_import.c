/* values_import.c — the import engine behind POST /imports/values, /imports/dhis2
 * and `tiendo import values`: rows stream in (values_csv.c, values_dhis2.c), each
 * is checked against cached look-ups and, in a real run, written at once inside one
 * transaction that the first bad row rolls back; checking goes on so that every
 * bad row is named. */
#include "store/values_import_int.h"
#include "core/clock.h"
#include "core/dhis2.h"
#include "core/indicator.h"
#include "core/vntext.h"
#include "core/workflow.h"
#include "store/plans.h"
#include "store/reports.h"
#include "store/sqlbind.h"
#include "store/store.h"
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define REASON_SIZE 400
#define KEY_SIZE (VALUES_IMPORT_FIELD_MAX + 64)

/* ---- a string-keyed map for the look-up caches (open addressing) ---- */

typedef struct smap_slot {
	char *key;
	int64_t val;
} smap_slot;

typedef struct smap {
	smap_slot *slots;
	size_t cap, used;
} smap;

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ull;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

static int smap_get(const smap *m, const char *key, int64_t *val)
{
	if (!m->cap)
		return 0;
	for (size_t j = hash_str(key) & (m->cap - 1); m->slots[j].key; j = (j + 1) & (m->cap - 1))
		if (strcmp(m->slots[j].key, key) == 0) {
			*val = m->slots[j].val;
			return 1;
		}
	return 0;
}

/* Inserts or replaces; -1 when out of memory. */
static int smap_put(smap *m, const char *key, int64_t val)
{
	if (2 * (m->used + 1) > m->cap) {
		size_t ncap = m->cap ? 2 * m->cap : 256;
		smap_slot *ns = calloc(ncap, sizeof *ns);
		if (!ns)
			return -1;
		for (size_t i = 0; i < m->cap; i++) {
			if (!m->slots[i].key)
				continue;
			size_t j = hash_str(m->slots[i].key) & (ncap - 1);
			while (ns[j].key)
				j = (j + 1) & (ncap - 1);
			ns[j] = m->slots[i];
		}
		free(m->slots);
		m->slots = ns;
		m->cap = ncap;
	}
	size_t j = hash_str(key) & (m->cap - 1);
	for (; m->slots[j].key; j = (j + 1) & (m->cap - 1))
		if (strcmp(m->slots[j].key, key) == 0) {
			m->slots[j].val = val;
			return 0;
		}
	if (!(m->slots[j].key = strdup(key)))
		return -1;
	m->slots[j].val = val;
	m->used++;
	return 0;
}

static void smap_free(smap *m)
{
	for (size_t i = 0; i < m->cap; i++)
		free(m->slots[i].key);
	free(m->slots);
	memset(m, 0, sizeof *m);
}

/* A growable array of fixed-size elements. */
typedef struct vec {
	char *items;
	size_t n, cap, size;
} vec;

/* Appends a zeroed element; its index, or -1 when out of memory. */
static long vec_push(vec *v)
{
	if (v->n == v->cap) {
		size_t ncap = v->cap ? 2 * v->cap : 16;
		char *ni = realloc(v->items, ncap * v->size);
		if (!ni)
			return -1;
		v->items = ni;
		v->cap = ncap;
	}
	memset(v->items + v->n * v->size, 0, v->size);
	return (long)v->n++;
}

#define VEC_AT(v, type, i) ((type *)(void *)((v).items + (size_t)(i) * (v).size))

/* ---- the engine ---- */

typedef struct plan_ent {
	int64_t id;
	report_plan_info info;
} plan_ent;

typedef struct ind_ent {
	int64_t id;
	period_kind freq;
	int computed;
	indicator_rules rules;
} ind_ent;

typedef struct unit_ent {
	int64_t id;
	char path[UNIT_PATH_MAX];
} unit_ent;

typedef struct rep_ent {
	int64_t id;       /* 0: absent (created on first write) */
	wf_status status;
	int created;      /* created by this import (or would be, in a dry run) */
	int64_t values;   /* rows that went into it */
	char *before;     /* compact JSON snapshot before the first write */
} rep_ent;

struct values_engine {
	db *d;
	const values_import_opts *o;
	values_import_result *res;
	int tx;           /* a real run's transaction is open and clean */
	tderr fatal;      /* a database or memory failure: stop */
	smap keys;        /* every cache, keys prefixed by kind */
	vec plans, inds, units, reps;
};
typedef values_engine engine;

typedef values_row vrow;
enum { R_PLAN = VR_PLAN, R_IND = VR_IND, R_UNIT = VR_UNIT, R_PERIOD = VR_PERIOD,
       R_VALUE = VR_VALUE };
const char *const values_csv_names[5] = {"plan", "indicator", "unit", "period", "value"};
const char *const values_dhis2_names[5] = {"plan", "dataElement", "orgUnit", "period", "value"};

void values_engine_fail(engine *g, const vrow *r, const char *code, const char *fmt, ...)
{
	g->res->errors_total++;
	if (g->tx) {
		db_rollback(g->d);
		g->tx = 0;
	}
	if (json_array_size(g->res->errors) >= VALUES_IMPORT_ERRORS_KEPT)
		return;
	char msg[REASON_SIZE];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	json_t *e = json_pack("{s:i,s:s,s:s}", "line", r->line, "code", code, "reason",
			      vn_valid_text(msg, strlen(msg)) ? msg : code);
	if (e && r->index >= 0)
		json_object_set_new(e, "index", json_integer(r->index));
	if (!e || json_array_append_new(g->res->errors, e))
		g->fatal = TD_EINTERNAL;
}

void values_engine_fatal(engine *g, tderr e)
{
	if (!g->fatal)
		g->fatal = e ? e : TD_EINTERNAL;
}

int values_engine_stopped(const engine *g)
{
	return g->fatal != TD_OK;
}

int64_t values_engine_rows(const engine *g)
{
	return g->res->rows;
}

void values_engine_count(engine *g)
{
	g->res->rows++;
}

/* Each find_* returns the element's index, -1 when it does not exist, -2 after a
 * fatal error. */
static long cache_get(engine *g, const char *key)
{
	int64_t v;
	return smap_get(&g->keys, key, &v) ? (long)v : -3;
}

static long cache_put(engine *g, const char *key, long v)
{
	if (smap_put(&g->keys, key, v)) {
		values_engine_fatal(g, TD_EINTERNAL);
		return -2;
	}
	return v;
}

static long find_plan(engine *g, const char *code)
{
	char key[KEY_SIZE];
	snprintf(key, sizeof key, "p:%s", code);
	long i = cache_get(g, key);
	if (i != -3)
		return i;
	int64_t id = 0;
	tderr e = values_plan_by_code(g->d, code, &id);
	if (!e) /* a plan out of the caller's sight is as unknown as an absent one */
		e = plans_visible(g->d, id, g->o->actor);
	if (e == TD_ENOTFOUND)
		return cache_put(g, key, -1);
	plan_ent pe = {.id = id};
	if (e || (e = reports_plan_info(g->d, id, &pe.info))) {
		values_engine_fatal(g, e);
		return -2;
	}
	if ((i = vec_push(&g->plans)) < 0) {
		values_engine_fatal(g, TD_EINTERNAL);
		return -2;
	}
	*VEC_AT(g->plans, plan_ent, i) = pe;
	return cache_put(g, key, i);
}

static const char *SQL_INDICATOR_BY_CODE =
	"SELECT id, frequency, unit_agg, value_type, decimals, min_value, max_value"
	" FROM indicators WHERE plan_id = ? AND code = ?";

static long find_indicator(engine *g, int64_t plan_id, const char *code)
{
	char key[KEY_SIZE];
	snprintf(key, sizeof key, "i:%lld:%s", (long long)plan_id, code);
	long i = cache_get(g, key);
	if (i != -3)
		return i;
	db_stmt *s = db_prepare(g->d, SQL_INDICATOR_BY_CODE);
	if (!s) {
		values_engine_fatal(g, TD_EINTERNAL);
		return -2;
	}
	db_bind_int(s, 1, plan_id);
	db_bind_text(s, 2, code);
	tderr e = TD_OK;
	int rc = db_step(s, &e);
	ind_ent in = {0};
	if (rc == DB_ROW) {
		in.id = db_col_int(s, 0);
		in.freq = indicator_frequency_from_name(db_col_text(s, 1));
		const char *agg = db_col_text(s, 2);
		in.computed = agg && strcmp(agg, "ratio") == 0;
		in.rules.type = indicator_value_type_from_name(db_col_text(s, 3));
		in.rules.decimals = (int)db_col_int(s, 4);
		in.rules.has_min = !db_col_is_null(s, 5);
		in.rules.min = db_col_double(s, 5);
		in.rules.has_max = !db_col_is_null(s, 6);
		in.rules.max = db_col_double(s, 6);
	}
	db_reset(s);
	if (rc < 0) {
		values_engine_fatal(g, e);
		return -2;
	}
	if (rc != DB_ROW)
		return cache_put(g, key, -1);
	if ((i = vec_push(&g->inds)) < 0) {
		values_engine_fatal(g, TD_EINTERNAL);
		return -2;
	}
	*VEC_AT(g->inds, ind_ent, i) = in;
	return cache_put(g, key, i);
}

static long find_unit(engine *g, const char *code)
{
	char key[KEY_SIZE];
	snprintf(key, sizeof key, "u:%s", code);
	long i = cache_get(g, key);
	if (i != -3)
		return i;
	unit_ent u;
	tderr e = strlen(code) > UNIT_CODE_MAX ? TD_ENOTFOUND : units_lookup(g->d, code, &u.id, u.path);
	if (e == TD_ENOTFOUND)
		return cache_put(g, key, -1);
	if (e || (i = vec_push(&g->units)) < 0) {
		values_engine_fatal(g, e);
		return -2;
	}
	*VEC_AT(g->units, unit_ent, i) = u;
	return cache_put(g, key, i);
}

/* The organisation of the system at the unit (the actor's own when it is one). */
static const char *SQL_ORG_AT_UNIT =
	"SELECT id FROM organizations WHERE unit_id = ? AND system = ?"
	" ORDER BY CASE WHEN id = ? THEN 0 ELSE 1 END, id LIMIT 1";

/* Returns the organisation's id, -1 when there is none, -2 after a fatal error. */
static int64_t find_org(engine *g, int64_t unit_id, const char *system)
{
	char key[KEY_SIZE];
	snprintf(key, sizeof key, "o:%lld:%s", (long long)unit_id, system);
	int64_t id;
	if (smap_get(&g->keys, key, &id))
		return id;
	db_stmt *s = db_prepare(g->d, SQL_ORG_AT_UNIT);
	if (!s) {
		values_engine_fatal(g, TD_EINTERNAL);
		return -2;
	}
	sqlbind b = sb_start(s);
	sb_int(&b, unit_id);
	sb_text(&b, system);
	sb_int(&b, g->o->actor->org_id);
	tderr e = store_one_int(s, &id);
	if (e == TD_ENOTFOUND)
		id = -1;
	else if (e) {
		values_engine_fatal(g, e);
		return -2;
	}
	return cache_put(g, key, (long)id);
}

static const char *SQL_REPORT_FIND =
	"SELECT id, status FROM reports WHERE plan_id = ? AND organization_id = ?"
	" AND unit_id = ? AND period = ?";

static long find_report(engine *g, int64_t plan_id, int64_t org_id, int64_t unit_id,
			const char *pcode)
{
	char key[KEY_SIZE];
	snprintf(key, sizeof key, "r:%lld:%lld:%lld:%s", (long long)plan_id, (long long)org_id,
		 (long long)unit_id, pcode);
	long i = cache_get(g, key);
	if (i != -3)
		return i;
	db_stmt *s = db_prepare(g->d, SQL_REPORT_FIND);
	if (!s) {
		values_engine_fatal(g, TD_EINTERNAL);
		return -2;
	}
	sqlbind b = sb_start(s);
	sb_int(&b, plan_id);
	sb_int(&b, org_id);
	sb_int(&b, unit_id);
	sb_text(&b, pcode);
	tderr e = TD_OK;
	int rc = db_step(s, &e);
	rep_ent r = {0};
	if (rc == DB_ROW) {
		r.id = db_col_int(s, 0);
		r.status = wf_status_from_name(db_col_text(s, 1));
	}
	db_reset(s);
	if (rc < 0 || (i = vec_push(&g->reps)) < 0) {
		values_engine_fatal(g, rc < 0 ? e : TD_EINTERNAL);
		return -2;
	}
	*VEC_AT(g->reps, rep_ent, i) = r;
	return cache_put(g, key, i);
}

/* ---- checking and writing one row ---- */

/* 1 with *v for a number or true/false, 0 for empty (not entered), -1 otherwise.
 * The decimal mark may be '.' or ','; no grouping, no spaces inside. */
static int parse_value(const char *s, double *v)
{
	if (!*s)
		return 0;
	if (strcasecmp(s, "true") == 0 || strcasecmp(s, "false") == 0) {
		*v = strcasecmp(s, "true") == 0;
		return 1;
	}
	char buf[72];
	size_t n = strlen(s), digits = 0, i = 0;
	if (n >= sizeof buf)
		return -1;
	memcpy(buf, s, n + 1);
	if (buf[i] == '-' || buf[i] == '+')
		i++;
	for (; buf[i] >= '0' && buf[i] <= '9'; i++)
		digits++;
	if (buf[i] == '.' || buf[i] == ',') {
		buf[i++] = '.';
		for (; buf[i] >= '0' && buf[i] <= '9'; i++)
			digits++;
	}
	if (!digits)
		return -1;
	if (buf[i] == 'e' || buf[i] == 'E') {
		i++;
		if (buf[i] == '-' || buf[i] == '+')
			i++;
		if (buf[i] < '0' || buf[i] > '9')
			return -1;
		while (buf[i] >= '0' && buf[i] <= '9')
			i++;
	}
	if (i != n)
		return -1;
	char *end = NULL;
	*v = strtod(buf, &end);
	return end == buf + n && isfinite(*v) ? 1 : -1;
}

static const char *kind_vi(period_kind k)
{
	switch (k) {
	case PERIOD_MONTH: return "tháng";
	case PERIOD_QUARTER: return "quý";
	case PERIOD_HALF: return "6 tháng";
	case PERIOD_NINE: return "9 tháng";
	case PERIOD_YEAR: return "năm";
	default: return "?";
	}
}

static const char *SQL_VALUE_UPSERT =
	"INSERT INTO report_values(report_id, indicator_id, value, comment)"
	" VALUES (?, ?, ?, COALESCE(CAST(? AS TEXT), ''))"
	" ON CONFLICT (report_id, indicator_id) DO UPDATE SET value = excluded.value,"
	" comment = CASE WHEN CAST(? AS TEXT) IS NULL THEN report_values.comment"
	" ELSE excluded.comment END";

/* Writes one checked row: creates the report when absent, keeps its snapshot
 * before the first change, upserts the value. */
static void write_row(engine *g, rep_ent *rep, const report_new *rn, int64_t ind_id,
		      int has_value, double v, const char *comment, const vrow *r)
{
	tderr e;
	if (!rep->id) {
		td_error te = {0};
		if ((e = reports_create(g->d, rn, &rep->id, &te))) {
			if (te.message)
				values_engine_fail(g, r, te.code ? te.code : "report_create", "%s", te.message);
			else
				values_engine_fatal(g, e);
			return;
		}
		rep->status = WF_DRAFT;
		rep->created = 1;
	} else if (!rep->created && !rep->before) {
		json_t *snap = NULL;
		if ((e = reports_snapshot(g->d, rep->id, &snap)) ||
		    !(rep->before = json_dumps(snap, JSON_COMPACT))) {
			json_decref(snap);
			values_engine_fatal(g, e);
			return;
		}
		json_decref(snap);
	}
	char *nfc = NULL;
	if (comment && !(nfc = vn_nfc(comment))) {
		values_engine_fatal(g, TD_EINTERNAL);
		return;
	}
	db_stmt *s = db_prepare(g->d, SQL_VALUE_UPSERT);
	if (!s) {
		free(nfc);
		values_engine_fatal(g, TD_EINTERNAL);
		return;
	}
	sqlbind b = sb_start(s);
	sb_int(&b, rep->id);
	sb_int(&b, ind_id);
	if (has_value)
		db_bind_double(s, ++b.i, v);
	else
		db_bind_null(s, ++b.i);
	sb_text(&b, nfc);
	sb_text(&b, nfc);
	if ((e = store_exec(s)))
		values_engine_fatal(g, e);
	free(nfc);
}

/* What a row resolves to, step by step. */
typedef struct row_ctx {
	char f[5][VALUES_IMPORT_FIELD_MAX + 1]; /* trimmed fields */
	char sh[3][64];                         /* room for values_show */
	const plan_ent *pl;
	const ind_ent *in;
	const unit_ent *un;
	int64_t org;
	period p;
	char pcode[PERIOD_CODE_SIZE];
	int has_value;
	double value;
} row_ctx;

#define BAD(...) (values_engine_fail(g, r, __VA_ARGS__), -1)

/* Fields present and one-line; plan, indicator, unit, organisation and the
 * actor's right to write there. 0 when fine, -1 when the row is refused. */
static int resolve_row(engine *g, const vrow *r, row_ctx *x)
{
	const char *const *nm = r->names;
	for (int k = 0; k < 5; k++) {
		const char *t = values_trimmed(r->f[k] ? r->f[k] : "", x->f[k]);
		if (k != R_VALUE && !*t)
			return BAD("missing_field", "Thiếu %s", nm[k]);
		if (strpbrk(t, "\t\n\r"))
			return BAD("bad_text", "%s chứa dấu xuống dòng hoặc tab", nm[k]);
	}
	if (r->deleted)
		return BAD("deleted_value", "Giá trị có \"deleted\": true; không nhận xóa số liệu");
	long i = find_plan(g, x->f[R_PLAN]);
	if (i < 0)
		return i == -1 ? BAD("unknown_plan", "Không tìm thấy kế hoạch \"%s\"",
				     values_show(x->f[R_PLAN], x->sh[0]))
			       : -1;
	x->pl = VEC_AT(g->plans, plan_ent, i);
	if ((i = find_indicator(g, x->pl->id, x->f[R_IND])) < 0)
		return i == -1 ? BAD("unknown_indicator", "Kế hoạch %s không có chỉ tiêu \"%s\"",
				     values_show(x->f[R_PLAN], x->sh[0]),
				     values_show(x->f[R_IND], x->sh[1]))
			       : -1;
	x->in = VEC_AT(g->inds, ind_ent, i);
	if (x->in->computed)
		return BAD("computed_indicator",
			   "Chỉ tiêu %s là tỷ lệ, được tính tự động từ tử số và mẫu số;"
			   " không nhập trực tiếp", values_show(x->f[R_IND], x->sh[0]));
	if ((i = find_unit(g, x->f[R_UNIT])) < 0)
		return i == -1 ? BAD("unknown_unit", "Không tìm thấy đơn vị hành chính mã \"%s\"",
				     values_show(x->f[R_UNIT], x->sh[0]))
			       : -1;
	x->un = VEC_AT(g->units, unit_ent, i);
	if ((x->org = find_org(g, x->un->id, x->pl->info.system)) < 0)
		return x->org == -1 ? BAD("no_organization",
					  "Đơn vị %s không có tổ chức thuộc hệ thống thực hiện"
					  " kế hoạch %s", values_show(x->f[R_UNIT], x->sh[0]),
					  values_show(x->f[R_PLAN], x->sh[1]))
				    : -1;
	const td_user *a = g->o->actor;
	if (a->role == ROLE_ADMIN && !scope_can_write_unit(a, x->un->path))
		return BAD("forbidden_unit", "Đơn vị %s nằm ngoài phạm vi quản lý của bạn",
			   values_show(x->f[R_UNIT], x->sh[0]));
	if (a->role != ROLE_ADMIN && x->org != a->org_id)
		return BAD("forbidden_unit",
			   "Chỉ được nhập số liệu của tổ chức mình; báo cáo của đơn vị %s"
			   " thuộc tổ chức khác", values_show(x->f[R_UNIT], x->sh[0]));
	return 0;
}

/* The period (of the indicator's frequency, within the plan's years) and the
 * value (one the indicator accepts). */
static int check_period_value(engine *g, const vrow *r, row_ctx *x)
{
	const char *why = NULL, *pc = x->f[R_PERIOD];
	tderr pe = r->index >= 0 ? dhis2_period_parse(pc, &x->p, &why) : period_parse(pc, &x->p);
	if (pe)
		return BAD("bad_period", "Kỳ \"%s\": %s", values_show(pc, x->sh[0]),
			   why ? why : "mã kỳ không hợp lệ (ví dụ 202405, 2024Q2, 2024S1, 2024)");
	if (x->p.year < x->pl->info.start_year || x->p.year > x->pl->info.end_year)
		return BAD("period_not_in_plan",
			   "Kỳ %s nằm ngoài thời gian thực hiện kế hoạch (%d–%d)", pc,
			   x->pl->info.start_year, x->pl->info.end_year);
	if (x->p.kind != x->in->freq)
		return BAD("period_not_reported", "Chỉ tiêu %s báo cáo theo %s; kỳ %s là kỳ %s",
			   values_show(x->f[R_IND], x->sh[0]), kind_vi(x->in->freq), pc,
			   kind_vi(x->p.kind));
	period_format(&x->p, x->pcode, sizeof x->pcode);
	if ((x->has_value = parse_value(x->f[R_VALUE], &x->value)) < 0)
		return BAD("not_number",
			   "Giá trị \"%s\" không phải là số (dấu thập phân '.' hoặc ',',"
			   " không có dấu phân cách hàng nghìn)", values_show(x->f[R_VALUE], x->sh[0]));
	char msg[INDICATOR_MESSAGE_SIZE];
	const char *code = NULL;
	if (x->has_value &&
	    indicator_check_value(&x->in->rules, x->value, &code, msg, sizeof msg))
		return BAD(code ? code : "invalid_value", "Chỉ tiêu %s: %s",
			   values_show(x->f[R_IND], x->sh[0]), msg);
	if (r->comment && strlen(r->comment) > VALUES_IMPORT_FIELD_MAX)
		return BAD("field_too_long", "Ghi chú dài quá %d byte", VALUES_IMPORT_FIELD_MAX);
	return 0;
}

void values_engine_row(engine *g, const vrow *r)
{
	if (g->fatal)
		return;
	g->res->rows++;
	row_ctx *x = malloc(sizeof *x);
	if (!x) {
		values_engine_fatal(g, TD_EINTERNAL);
		return;
	}
	long ri = -1;
	if (resolve_row(g, r, x) || check_period_value(g, r, x) ||
	    (ri = find_report(g, x->pl->id, x->org, x->un->id, x->pcode)) < 0) {
		free(x);
		return;
	}
	rep_ent *rep = VEC_AT(g->reps, rep_ent, ri);
	char key[KEY_SIZE];
	int64_t first;
	snprintf(key, sizeof key, "d:%ld:%lld", ri, (long long)x->in->id);
	if (rep->status == WF_SUBMITTED || rep->status == WF_APPROVED)
		values_engine_fail(g, r, rep->status == WF_APPROVED ? "report_locked" : "report_submitted",
				   rep->status == WF_APPROVED
					   ? "Báo cáo kỳ %s của đơn vị %s đã được duyệt và khóa"
					   : "Báo cáo kỳ %s của đơn vị %s đã nộp, đang chờ duyệt",
				   x->pcode, values_show(x->f[R_UNIT], x->sh[0]));
	else if (smap_get(&g->keys, key, &first))
		values_engine_fail(g, r, "duplicate_row", "Trùng báo cáo và chỉ tiêu với dòng %lld",
				   (long long)first);
	else if (cache_put(g, key, r->line) >= 0) {
		if (g->tx) {
			report_new rn = {x->pl->id, x->org, x->f[R_UNIT], x->pcode, g->o->actor->id};
			write_row(g, rep, &rn, x->in->id, x->has_value == 1, x->value, r->comment, r);
		} else if (!rep->id) {
			rep->created = 1;
		}
		rep->values++;
	}
	free(x);
}

#undef BAD

/* ---- start and finish ---- */

static void engine_free(engine *g);

tderr values_engine_start(db *d, const values_import_opts *o, values_import_result *out,
			  engine **gp)
{
	memset(out, 0, sizeof *out);
	out->dry_run = o->dry_run;
	*gp = NULL;
	if (!o->actor || !(o->actor->role & (ROLE_ADMIN | ROLE_LEADER | ROLE_OFFICER)))
		return TD_EFORBIDDEN;
	engine *g = calloc(1, sizeof *g);
	if (!g || !(out->errors = json_array())) {
		free(g);
		return TD_EINTERNAL;
	}
	g->d = d;
	g->o = o;
	g->res = out;
	g->plans.size = sizeof(plan_ent);
	g->inds.size = sizeof(ind_ent);
	g->units.size = sizeof(unit_ent);
	g->reps.size = sizeof(rep_ent);
	if (!o->dry_run) {
		tderr e = db_begin(d);
		if (e) {
			free(g);
			return e;
		}
		g->tx = 1;
	}
	*gp = g;
	return TD_OK;
}

static void engine_free(engine *g)
{
	if (g->tx)
		db_rollback(g->d);
	g->tx = 0;
	for (size_t i = 0; i < g->reps.n; i++)
		free(VEC_AT(g->reps, rep_ent, i)->before);
	free(g->plans.items);
	free(g->inds.items);
	free(g->units.items);
	free(g->reps.items);
	smap_free(&g->keys);
	free(g);
}

static const char *SQL_REPORT_BUMP =
	"UPDATE reports SET version = version + 1, updated_at = ? WHERE id = ?";

/* One touched report's closing writes: version, 'import' event, audit row. */
static tderr close_report(engine *g, rep_ent *rep)
{
	char now[32], note[200];
	clock_iso(now, sizeof now);
	db_stmt *s = db_prepare(g->d, SQL_REPORT_BUMP);
	if (!s)
		return TD_EINTERNAL;
	db_bind_text(s, 1, now);
	db_bind_int(s, 2, rep->id);
	tderr e = store_exec(s);
	const char *src = g->o->source && vn_valid_text(g->o->source, strlen(g->o->source))
				  ? g->o->source
				  : NULL;
	if (src) {
		char sh[64];
		snprintf(note, sizeof note, "Nhập %lld giá trị từ %s", (long long)rep->values,
			 values_show(src, sh));
	} else {
		snprintf(note, sizeof note, "Nhập %lld giá trị", (long long)rep->values);
	}
	if (e || (e = reports_event(g->d, rep->id, "import", rep->status, note, g->o->actor->id)))
		return e;
	json_t *before = rep->before ? json_loads(rep->before, 0, NULL) : NULL, *after = NULL;
	if ((rep->before && !before) || (e = reports_snapshot(g->d, rep->id, &after))) {
		json_decref(before);
		return e ? e : TD_EINTERNAL;
	}
	json_object_set_new(after, "import", json_pack("{s:s?,s:I}", "source", src, "values",
							(json_int_t)rep->values));
	e = store_audit(g->d, g->o->actor, g->o->ip, "reports", rep->id, "import", before, after);
	json_decref(before);
	json_decref(after);
	return e;
}

tderr values_engine_finish(engine *g)
{
	values_import_result *res = g->res;
	tderr e = g->fatal;
	size_t touched = 0, created = 0;
	for (size_t i = 0; i < g->reps.n; i++) {
		rep_ent *rep = VEC_AT(g->reps, rep_ent, i);
		touched += rep->values > 0;
		created += rep->values > 0 && rep->created;
	}
	res->reports_touched = (int64_t)touched;
	if (!e && res->errors_total == 0) {
		res->imported = res->rows;
		res->reports_created = (int64_t)created;
	}
	if (!e && g->tx && res->errors_total == 0) {
		if (touched && !(res->report_ids = malloc(touched * sizeof *res->report_ids)))
			e = TD_EINTERNAL;
		for (size_t i = 0; !e && i < g->reps.n; i++) {
			rep_ent *rep = VEC_AT(g->reps, rep_ent, i);
			if (rep->values > 0 && !(e = close_report(g, rep)))
				res->report_ids[res->nreport_ids++] = rep->id;
		}
		if (!e && !(e = db_commit(g->d)))
			g->tx = 0;
	}
	engine_free(g);
	if (e) {
		res->imported = res->reports_created = 0;
		free(res->report_ids);
		res->report_ids = NULL;
		res->nreport_ids = 0;
	}
	return e;
}

void values_import_result_free(values_import_result *r)
{
	if (!r)
		return;
	json_decref(r->errors);
	free(r->report_ids);
	memset(r, 0, sizeof *r);
}
