/* analytics_sql.c — analytics by plain SQL: each figure straight from the report
 * tables (per unit and base period, then per unit over time, then Σ over units),
 * with no cube and no cached state; targets; the overview's plans and counts. */
#include "store/analytics_sql.h"
#include "core/indicator.h"
#include "store/plan_heirs.h"
#include "store/sqlbind.h"
#include "store/store.h"
#include "store/units.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define META_SYSTEM_MAX 64
#define META_NAME_MAX 16

/* What the figure queries need to know of an indicator. */
typedef struct ind_meta {
	int64_t plan_id;
	char system[META_SYSTEM_MAX];       /* the plan owner's system */
	char time_agg[META_NAME_MAX];
	indicator_unit_agg unit_agg;
	indicator_value_type type;
	period_kind freq;
	int64_t num_id, den_id;
} ind_meta;

static void copy_text(char *dst, size_t size, const char *src)
{
	snprintf(dst, size, "%s", src ? src : "");
}

static const char *SQL_IND_META =
	"SELECT i.plan_id, o.system, i.time_agg, i.unit_agg, i.value_type, i.frequency,"
	" i.numerator_id, i.denominator_id FROM indicators i"
	" JOIN plans p ON p.id = i.plan_id JOIN organizations o ON o.id = p.owner_id"
	" WHERE i.id = ?";

static tderr ind_meta_get(db *d, int64_t id, ind_meta *m)
{
	memset(m, 0, sizeof *m);
	db_stmt *s = db_prepare(d, SQL_IND_META);
	if (!s)
		return TD_EINTERNAL;
	db_bind_int(s, 1, id);
	tderr e = TD_OK;
	int rc = db_step(s, &e);
	if (rc == DB_ROW) {
		m->plan_id = db_col_int(s, 0);
		copy_text(m->system, sizeof m->system, db_col_text(s, 1));
		copy_text(m->time_agg, sizeof m->time_agg, db_col_text(s, 2));
		m->unit_agg = indicator_unit_agg_from_name(db_col_text(s, 3));
		m->type = indicator_value_type_from_name(db_col_text(s, 4));
		m->freq = indicator_frequency_from_name(db_col_text(s, 5));
		m->num_id = db_col_is_null(s, 6) ? 0 : db_col_int(s, 6);
		m->den_id = db_col_is_null(s, 7) ? 0 : db_col_int(s, 7);
	}
	db_reset(s);
	if (rc < 0)
		return e;
	return rc == DB_ROW ? TD_OK : TD_ENOTFOUND;
}

static const char *SQL_UNIT_PATH = "SELECT path FROM org_units WHERE id = ?";

static tderr unit_path_get(db *d, int64_t id, char path[UNIT_PATH_MAX])
{
	db_stmt *s = db_prepare(d, SQL_UNIT_PATH);
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

/* Where the figure is asked: the unit, its path, whether only its own reports,
 * the modes, and the base period codes (unused slots bind NULL). */
typedef struct scope_q {
	int64_t unit_id;
	const char *path;
	int own_only;
	int include_submitted;
	char base[PERIOD_BASE_MAX][PERIOD_CODE_SIZE];
	size_t nbase;
} scope_q;

#define BASE_IN "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
#define COUNTED "(r.status = 'approved' OR (r.status = 'submitted' AND ? = 1))"
#define WHERE_UNIT " AND un.path LIKE (? || '%') AND (? = 0 OR r.unit_id = ?)"

static void bind_base(sqlbind *b, const scope_q *q)
{
	for (size_t i = 0; i < PERIOD_BASE_MAX; i++)
		sb_text(b, i < q->nbase ? q->base[i] : NULL);
}

static void bind_unit(sqlbind *b, const scope_q *q)
{
	sb_text(b, q->path);
	sb_int(b, q->own_only ? 1 : 0);
	sb_int(b, q->unit_id);
}

/* Per (unit, base period): Σ of the counted values (one report each, normally);
 * per unit: the time aggregation; then the count and Σ of the per-unit figures. */
static const char *SQL_FIGURE =
	"WITH cell AS (SELECT r.unit_id AS u, r.period AS p, SUM(rv.value) AS v"
	" FROM reports r JOIN report_values rv ON rv.report_id = r.id"
	" JOIN organizations o ON o.id = r.organization_id"
	" JOIN org_units un ON un.id = r.unit_id"
	" WHERE rv.indicator_id = ? AND rv.value IS NOT NULL AND r.plan_id = ?"
	" AND o.system = ? AND " COUNTED " AND r.period IN " BASE_IN WHERE_UNIT
	" GROUP BY r.unit_id, r.period),"
	" per_unit AS (SELECT u, CASE ? WHEN 'sum' THEN SUM(v) WHEN 'max' THEN MAX(v)"
	" WHEN 'avg' THEN AVG(v) ELSE (SELECT c2.v FROM cell c2 WHERE c2.u = cell.u"
	" ORDER BY c2.p DESC LIMIT 1) END AS f FROM cell GROUP BY u)"
	" SELECT COUNT(*), SUM(f) FROM per_unit";

/* The figure of an entered indicator: *has 0 when no unit has a value. */
static tderr entered_figure(db *d, int64_t id, const ind_meta *m, const period *p,
			    const scope_q *where, int *has, double *value)
{
	*has = 0;
	scope_q q = *where;
	period b[PERIOD_BASE_MAX];
	if (m->freq == PERIOD_NONE || indicator_time_agg_from_name(m->time_agg) == IND_TIME_NONE)
		return TD_OK;
	q.nbase = period_base_list(p, m->freq, b, PERIOD_BASE_MAX);
	if (!q.nbase)
		return TD_OK;
	for (size_t i = 0; i < q.nbase; i++)
		period_format(&b[i], q.base[i], sizeof q.base[i]);
	db_stmt *s = db_prepare(d, SQL_FIGURE);
	if (!s)
		return TD_EINTERNAL;
	sqlbind bd = sb_start(s);
	sb_int(&bd, id);
	sb_int(&bd, m->plan_id);
	sb_text(&bd, m->system);
	sb_int(&bd, q.include_submitted ? 1 : 0);
	bind_base(&bd, &q);
	bind_unit(&bd, &q);
	sb_text(&bd, m->time_agg);
	tderr e = TD_OK;
	int rc = db_step(s, &e);
	if (rc == DB_ROW && db_col_int(s, 0) > 0) {
		*has = 1;
		*value = db_col_double(s, 1);
	}
	db_reset(s);
	return rc < 0 ? e : TD_OK;
}

static const char *SQL_REPORTED =
	"SELECT COUNT(DISTINCT r.unit_id) FROM reports r"
	" JOIN organizations o ON o.id = r.organization_id"
	" JOIN org_units un ON un.id = r.unit_id"
	" WHERE r.plan_id = ? AND o.system = ? AND " COUNTED " AND r.period IN " BASE_IN
	WHERE_UNIT;

static tderr reported_units(db *d, const ind_meta *m, const scope_q *q, int64_t *out)
{
	db_stmt *s = db_prepare(d, SQL_REPORTED);
	if (!s)
		return TD_EINTERNAL;
	sqlbind bd = sb_start(s);
	sb_int(&bd, m->plan_id);
	sb_text(&bd, m->system);
	sb_int(&bd, q->include_submitted ? 1 : 0);
	bind_base(&bd, q);
	bind_unit(&bd, q);
	return store_one_int(s, out);
}

static const char *SQL_EXPECTED =
	"SELECT COUNT(*) FROM org_units un WHERE un.path LIKE (? || '%')"
	" AND (? = 0 OR un.id = ?) AND EXISTS (SELECT 1 FROM organizations o"
	" WHERE o.unit_id = un.id AND o.system = ?)";

static tderr expected_units(db *d, const char *system, const char *path, int own_only,
			    int64_t unit_id, int64_t *out)
{
	db_stmt *s = db_prepare(d, SQL_EXPECTED);
	if (!s)
		return TD_EINTERNAL;
	sqlbind bd = sb_start(s);
	sb_text(&bd, path);
	sb_int(&bd, own_only ? 1 : 0);
	sb_int(&bd, unit_id);
	sb_text(&bd, system);
	return store_one_int(s, out);
}

/* A ratio's numerator or denominator: an entered indicator, by its own rules. */
static tderr part_figure(db *d, int64_t id, const period *p, const scope_q *q, int *has,
			 double *value)
{
	*has = 0;
	if (id <= 0)
		return TD_OK;
	ind_meta m;
	tderr e = ind_meta_get(d, id, &m);
	if (e == TD_ENOTFOUND || (!e && m.unit_agg != IND_UNIT_SUM))
		return TD_OK;
	return e ? e : entered_figure(d, id, &m, p, q, has, value);
}

tderr analytics_sql_figure(db *d, int64_t indicator_id, int64_t unit_id, const period *p,
			   int include_submitted, int own_only, analytics_figure *out)
{
	if (!out || !period_valid(p))
		return TD_EINVALID;
	memset(out, 0, sizeof *out);
	ind_meta m;
	char path[UNIT_PATH_MAX];
	tderr e;
	if ((e = ind_meta_get(d, indicator_id, &m)) || (e = unit_path_get(d, unit_id, path)))
		return e;
	scope_q q = {.unit_id = unit_id, .path = path, .own_only = own_only,
		     .include_submitted = include_submitted};
	out->is_ratio = m.unit_agg == IND_UNIT_RATIO;
	if ((e = expected_units(d, m.system, path, own_only, unit_id, &out->expected_units)))
		return e;
	period b[PERIOD_BASE_MAX];
	if (m.freq == PERIOD_NONE || !(q.nbase = period_base_list(p, m.freq, b, PERIOD_BASE_MAX)))
		return TD_OK;
	for (size_t i = 0; i < q.nbase; i++)
		period_format(&b[i], q.base[i], sizeof q.base[i]);
	if ((e = reported_units(d, &m, &q, &out->reported_units)))
		return e;
	if (out->is_ratio) {
		if ((e = part_figure(d, m.num_id, p, &q, &out->has_num, &out->num)) ||
		    (e = part_figure(d, m.den_id, p, &q, &out->has_den, &out->den)))
			return e;
		if (out->has_num && out->has_den)
			out->has_value = indicator_ratio(m.type, out->num, out->den, &out->value);
		return TD_OK;
	}
	if (m.unit_agg != IND_UNIT_SUM)
		return TD_OK;
	return entered_figure(d, indicator_id, &m, p, &q, &out->has_value, &out->value);
}

static const char *SQL_TARGET =
	"SELECT value FROM targets WHERE indicator_id = ? AND unit_id = ? AND year = ?";

tderr analytics_target(db *d, int64_t indicator_id, int64_t unit_id, int year, int *has,
		       double *value)
{
	*has = 0;
	db_stmt *s = db_prepare(d, SQL_TARGET);
	if (!s)
		return TD_EINTERNAL;
	db_bind_int(s, 1, indicator_id);
	db_bind_int(s, 2, unit_id);
	db_bind_int(s, 3, year);
	tderr e = TD_OK;
	int rc = db_step(s, &e);
	if (rc == DB_ROW && !db_col_is_null(s, 0)) {
		*has = 1;
		*value = db_col_double(s, 0);
	}
	db_reset(s);
	return rc < 0 ? e : TD_OK;
}

#define Q10 "?, ?, ?, ?, ?, ?, ?, ?, ?, ?"
#define Q100 Q10 ", " Q10 ", " Q10 ", " Q10 ", " Q10 ", " Q10 ", " Q10 ", " Q10 ", " Q10 ", " Q10

/* year (1), indicators (100, unused ones NULL), the parent unit (2) */
static const char *SQL_FAMILY_TARGETS =
	"SELECT t.indicator_id, t.unit_id, t.value FROM targets t WHERE t.year = ?"
	" AND t.indicator_id IN (" Q100 ")"
	" AND t.unit_id IN (SELECT un.id FROM org_units un WHERE un.id = ? OR un.parent_id = ?)";

tderr analytics_family_targets(db *d, int year, const int64_t *indicator_ids, size_t nind,
			       const int64_t *unit_ids, size_t nunits, int *has, double *values)
{
	if (nind > ANALYTICS_TARGET_INDICATORS_MAX)
		return TD_EINVALID;
	for (size_t i = 0; i < nind * nunits; i++)
		has[i] = 0;
	if (!nind || !nunits)
		return TD_OK;
	db_stmt *s = db_prepare(d, SQL_FAMILY_TARGETS);
	if (!s)
		return TD_EINTERNAL;
	sqlbind b = sb_start(s);
	sb_int(&b, year);
	for (size_t i = 0; i < ANALYTICS_TARGET_INDICATORS_MAX; i++)
		sb_opt_int(&b, i < nind, i < nind ? indicator_ids[i] : 0);
	sb_int(&b, unit_ids[0]);
	sb_int(&b, unit_ids[0]);
	tderr e = TD_OK;
	int rc;
	while ((rc = db_step(s, &e)) == DB_ROW) {
		int64_t ind = db_col_int(s, 0), unit = db_col_int(s, 1);
		for (size_t i = 0; i < nind; i++) {
			if (indicator_ids[i] != ind)
				continue;
			for (size_t k = 0; k < nunits; k++)
				if (unit_ids[k] == unit) {
					has[i * nunits + k] = 1;
					values[i * nunits + k] = db_col_double(s, 2);
				}
		}
	}
	db_reset(s);
	return rc < 0 ? e : TD_OK;
}

/* --- the overview --- */

/* Running plans (not drafts) the caller sees, whose owner sits above, at or below
 * the unit — across a reform also at what took the unit or one above it whole
 * (plan_heirs.h): the caller's organisation and the unit (2), year (2), visibility (5),
 * the unit (2). */
#define OVERVIEW_WITH                                                                      \
	"WITH RECURSIVE " PLAN_HEIRS_CTE("plan_heirs", PLAN_ORG_UNIT) ", "                  \
	PLAN_HEIRS_CTE("unit_heirs", PLAN_PATH_UNIT) " "
#define OVERVIEW_FROM                                                                      \
	" FROM plans p JOIN organizations o ON o.id = p.owner_id"                           \
	" JOIN org_units un ON un.id = o.unit_id"                                           \
	" WHERE p.status <> 'draft' AND p.start_year <= ? AND p.end_year >= ?"              \
	" AND (un.path LIKE (? || '%') OR ? LIKE (un.path || '%') OR p.owner_id = ?"        \
	"   OR EXISTS (SELECT 1 FROM plan_coordinators vc WHERE vc.plan_id = p.id"          \
	"   AND vc.organization_id = ?) OR" PLAN_HEIR ")"                                   \
	" AND (un.path LIKE (? || '%') OR ? LIKE (un.path || '%')"                          \
	"   OR un.id IN (SELECT uh.id FROM unit_heirs uh))"

static const char *SQL_OVERVIEW_PLANS =
	OVERVIEW_WITH "SELECT p.id, p.code, p.title, o.id, o.name, o.system" OVERVIEW_FROM
	" ORDER BY p.sort_key, p.id LIMIT ? OFFSET ?";
static const char *SQL_OVERVIEW_COUNT = OVERVIEW_WITH "SELECT COUNT(*)" OVERVIEW_FROM;

static void bind_overview(sqlbind *b, const analytics_plan_filter *f)
{
	sb_int(b, f->scope_org);
	sb_text(b, f->unit_path);
	sb_int(b, f->year);
	sb_int(b, f->year);
	sb_text(b, f->scope_path);
	sb_text(b, f->scope_path);
	sb_int(b, f->scope_org);
	sb_int(b, f->scope_org);
	sb_text(b, f->unit_path);
	sb_text(b, f->unit_path);
}

tderr analytics_overview_plans(db *d, const analytics_plan_filter *f, json_t **items,
			       int64_t *total)
{
	db_stmt *s = db_prepare(d, SQL_OVERVIEW_COUNT);
	if (!s)
		return TD_EINTERNAL;
	sqlbind b = sb_start(s);
	bind_overview(&b, f);
	tderr e = store_one_int(s, total);
	if (e)
		return e;
	if (!(s = db_prepare(d, SQL_OVERVIEW_PLANS)))
		return TD_EINTERNAL;
	b = sb_start(s);
	bind_overview(&b, f);
	sb_int(&b, f->limit);
	sb_int(&b, f->offset);
	json_t *arr = json_array();
	int rc;
	while ((rc = db_step(s, &e)) == DB_ROW) {
		json_t *owner = json_object();
		json_object_set_new(owner, "id", json_integer(db_col_int(s, 3)));
		json_object_set_new(owner, "name", store_col_str(s, 4));
		json_object_set_new(owner, "system", store_col_str(s, 5));
		json_t *plan = json_object();
		json_object_set_new(plan, "id", json_integer(db_col_int(s, 0)));
		json_object_set_new(plan, "code", store_col_str(s, 1));
		json_object_set_new(plan, "title", store_col_str(s, 2));
		json_object_set_new(plan, "owner", owner);
		json_t *item = json_object();
		json_object_set_new(item, "plan", plan);
		json_array_append_new(arr, item);
	}
	db_reset(s);
	if (rc < 0) {
		json_decref(arr);
		return e;
	}
	*items = arr;
	return TD_OK;
}

static const char *SQL_PLAN_INDICATORS =
	"SELECT id FROM indicators WHERE plan_id = ? ORDER BY position, id LIMIT ?";

tderr analytics_plan_indicators(db *d, int64_t plan_id, int64_t **ids, size_t *n)
{
	*ids = NULL;
	*n = 0;
	db_stmt *s = db_prepare(d, SQL_PLAN_INDICATORS);
	if (!s)
		return TD_EINTERNAL;
	db_bind_int(s, 1, plan_id);
	db_bind_int(s, 2, ANALYTICS_PLAN_INDICATORS_MAX);
	int64_t *v = malloc(ANALYTICS_PLAN_INDICATORS_MAX * sizeof *v);
	if (!v) {
		db_reset(s);
		return TD_EINTERNAL;
	}
	tderr e = TD_OK;
	size_t k = 0;
	int rc;
	while ((rc = db_step(s, &e)) == DB_ROW && k < ANALYTICS_PLAN_INDICATORS_MAX)
		v[k++] = db_col_int(s, 0);
	db_reset(s);
	if (rc < 0 || !k) {
		free(v);
		return rc < 0 ? e : TD_OK;
	}
	*ids = v;
	*n = k;
	return TD_OK;
}

static const char *SQL_PLAN_RULES =
	"SELECT cutoff_day, deadline_days_month, deadline_days_quarter, deadline_days_half,"
	" deadline_days_nine, deadline_days_year FROM plan_rules WHERE plan_id = ?";

static tderr plan_rules_get(db *d, int64_t plan_id, period_rules *out)
{
	*out = period_default_rules();
	db_stmt *s = db_prepare(d, SQL_PLAN_RULES);
	if (!s)
		return TD_EINTERNAL;
	db_bind_int(s, 1, plan_id);
	tderr e = TD_OK;
	int rc = db_step(s, &e);
	if (rc == DB_ROW) {
		period_rules r = {.cutoff_day = (int)db_col_int(s, 0)};
		r.deadline_days[PERIOD_MONTH] = (int)db_col_int(s, 1);
		r.deadline_days[PERIOD_QUARTER] = (int)db_col_int(s, 2);
		r.deadline_days[PERIOD_HALF] = (int)db_col_int(s, 3);
		r.deadline_days[PERIOD_NINE] = (int)db_col_int(s, 4);
		r.deadline_days[PERIOD_YEAR] = (int)db_col_int(s, 5);
		if (period_rules_check(&r) == TD_OK)
			*out = r;
	}
	db_reset(s);
	return rc < 0 ? e : TD_OK;
}

static const char *SQL_PLAN_FREQUENCIES =
	"SELECT DISTINCT frequency FROM indicators WHERE plan_id = ?";

/* Bit k set for each period kind k the plan's indicators are reported at. */
static tderr plan_kinds(db *d, int64_t plan_id, unsigned *mask)
{
	*mask = 0;
	db_stmt *s = db_prepare(d, SQL_PLAN_FREQUENCIES);
	if (!s)
		return TD_EINTERNAL;
	db_bind_int(s, 1, plan_id);
	tderr e = TD_OK;
	int rc;
	while ((rc = db_step(s, &e)) == DB_ROW) {
		period_kind k = indicator_frequency_from_name(db_col_text(s, 0));
		if (k != PERIOD_NONE)
			*mask |= 1u << k;
	}
	db_reset(s);
	return rc < 0 ? e : TD_OK;
}

/* 1 when p's deadline under the rules is before now. */
static int period_due(const period *p, const period_rules *rules, const char *now_iso)
{
	char deadline[PERIOD_DATETIME_SIZE];
	return period_deadline(p, rules, deadline, sizeof deadline) == TD_OK &&
	       strcmp(deadline, now_iso) < 0;
}

static const char *SQL_SUBMITTED_REPORTS =
	"SELECT r.unit_id, r.period, r.deadline, r.submitted_at FROM reports r"
	" JOIN organizations o ON o.id = r.organization_id"
	" JOIN org_units un ON un.id = r.unit_id"
	" WHERE r.plan_id = ? AND o.system = ? AND r.period LIKE (? || '%')"
	" AND un.path LIKE (? || '%') AND r.submitted_at IS NOT NULL"
	" ORDER BY r.unit_id, r.period";

tderr analytics_report_counts_get(db *d, int64_t plan_id, const char *system,
				  const char *unit_path, int year, const char *now_iso,
				  analytics_report_counts *out)
{
	memset(out, 0, sizeof *out);
	period_rules rules;
	unsigned kinds;
	int64_t units = 0;
	tderr e;
	if ((e = plan_rules_get(d, plan_id, &rules)) || (e = plan_kinds(d, plan_id, &kinds)) ||
	    (e = expected_units(d, system, unit_path, 0, 0, &units)))
		return e;
	int64_t due = 0;
	for (int k = PERIOD_MONTH; k < PERIOD_KIND_COUNT; k++) {
		period list[PERIOD_BASE_MAX];
		size_t n = (kinds >> k) & 1u ? period_list(year, year, (period_kind)k, list,
							    PERIOD_BASE_MAX) : 0;
		for (size_t i = 0; i < n; i++)
			due += period_due(&list[i], &rules, now_iso);
	}
	out->expected = due * units;
	char prefix[8];
	snprintf(prefix, sizeof prefix, "%04d", year);
	db_stmt *s = db_prepare(d, SQL_SUBMITTED_REPORTS);
	if (!s)
		return TD_EINTERNAL;
	sqlbind b = sb_start(s);
	sb_int(&b, plan_id);
	sb_text(&b, system);
	sb_text(&b, prefix);
	sb_text(&b, unit_path);
	int64_t last_unit = 0;
	char last_period[PERIOD_CODE_SIZE] = "";
	int rc;
	while ((rc = db_step(s, &e)) == DB_ROW) {
		int64_t unit = db_col_int(s, 0);
		const char *code = db_col_text(s, 1);
		period p;
		if (!code || period_parse(code, &p) || p.year != year || !((kinds >> p.kind) & 1u) ||
		    !period_due(&p, &rules, now_iso))
			continue;
		if (unit == last_unit && strcmp(code, last_period) == 0)
			continue; /* two organisations of the system at one unit: count once */
		last_unit = unit;
		copy_text(last_period, sizeof last_period, code);
		out->submitted++;
		if (period_is_late(db_col_text(s, 2), db_col_text(s, 3)) == 1)
			out->late++;
	}
	db_reset(s);
	if (rc < 0)
		return e;
	if (out->submitted > out->expected) /* e.g. a unit without an organisation now */
		out->submitted = out->expected;
	if (out->late > out->submitted)
		out->late = out->submitted;
	return TD_OK;
}
