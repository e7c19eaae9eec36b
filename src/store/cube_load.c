/* cube_load.c — the reads behind the analytics cube: whole tables at start-up and
 * one report or one indicator when the reports and indicators code says it changed.
 * Every query streams its rows to the caller's callback. */
#include "store/cube_load.h"
#include "store/store.h"

/* The caller's callback for one kind of row, and its context. */
typedef struct sink {
	cube_unit_fn unit;
	cube_org_fn org;
	cube_plan_fn plan;
	cube_indicator_fn indicator;
	cube_report_fn report;
	cube_value_fn value;
	cube_target_fn target;
	void *ctx;
} sink;

/* Steps s to the end, calling row for each row; stops at the first error. */
static tderr stream(db_stmt *s, tderr (*row)(db_stmt *s, const sink *k), const sink *k,
		    int *rows)
{
	tderr e = TD_OK, ce = TD_OK;
	int rc, n = 0;
	while ((rc = db_step(s, &e)) == DB_ROW) {
		n++;
		if ((ce = row(s, k)) != TD_OK)
			break;
	}
	db_reset(s);
	if (rows)
		*rows = n;
	if (ce)
		return ce;
	return rc < 0 ? e : TD_OK;
}

static const char *text_or_empty(db_stmt *s, int col)
{
	const char *t = db_col_text(s, col);
	return t ? t : "";
}

static const char *SQL_UNITS =
	"SELECT id, path, code, name, sort_key FROM org_units";

static tderr unit_row(db_stmt *s, const sink *k)
{
	cube_unit_row r = {db_col_int(s, 0), text_or_empty(s, 1), text_or_empty(s, 2),
			   text_or_empty(s, 3), text_or_empty(s, 4)};
	return k->unit(k->ctx, &r);
}

tderr cube_load_units(db *d, cube_unit_fn fn, void *ctx)
{
	db_stmt *s = db_prepare(d, SQL_UNITS);
	return s ? stream(s, unit_row, &(sink){.unit = fn, .ctx = ctx}, NULL) : TD_EINTERNAL;
}

static const char *SQL_ORGS = "SELECT unit_id, system FROM organizations";

static tderr org_row(db_stmt *s, const sink *k)
{
	cube_org_row r = {db_col_int(s, 0), text_or_empty(s, 1)};
	return k->org(k->ctx, &r);
}

tderr cube_load_orgs(db *d, cube_org_fn fn, void *ctx)
{
	db_stmt *s = db_prepare(d, SQL_ORGS);
	return s ? stream(s, org_row, &(sink){.org = fn, .ctx = ctx}, NULL) : TD_EINTERNAL;
}

static const char *SQL_PLANS =
	"SELECT p.id, o.system FROM plans p JOIN organizations o ON o.id = p.owner_id";

static tderr plan_row(db_stmt *s, const sink *k)
{
	cube_plan_row r = {db_col_int(s, 0), text_or_empty(s, 1)};
	return k->plan(k->ctx, &r);
}

tderr cube_load_plans(db *d, cube_plan_fn fn, void *ctx)
{
	db_stmt *s = db_prepare(d, SQL_PLANS);
	return s ? stream(s, plan_row, &(sink){.plan = fn, .ctx = ctx}, NULL) : TD_EINTERNAL;
}

#define INDICATOR_SELECT                                                                   \
	"SELECT i.id, i.plan_id, o.system, i.value_type, i.time_agg, i.unit_agg,"           \
	" i.direction, i.frequency, i.numerator_id, i.denominator_id"                       \
	" FROM indicators i JOIN plans p ON p.id = i.plan_id"                               \
	" JOIN organizations o ON o.id = p.owner_id"

static const char *SQL_INDICATORS = INDICATOR_SELECT;
static const char *SQL_INDICATOR = INDICATOR_SELECT " WHERE i.id = ?";

static tderr indicator_row(db_stmt *s, const sink *k)
{
	cube_indicator_row r = {
		.id = db_col_int(s, 0),
		.plan_id = db_col_int(s, 1),
		.plan_system = text_or_empty(s, 2),
		.value_type = text_or_empty(s, 3),
		.time_agg = text_or_empty(s, 4),
		.unit_agg = text_or_empty(s, 5),
		.direction = text_or_empty(s, 6),
		.frequency = text_or_empty(s, 7),
		.numerator_id = db_col_is_null(s, 8) ? 0 : db_col_int(s, 8),
		.denominator_id = db_col_is_null(s, 9) ? 0 : db_col_int(s, 9),
	};
	return k->indicator(k->ctx, &r);
}

tderr cube_load_indicators(db *d, cube_indicator_fn fn, void *ctx)
{
	db_stmt *s = db_prepare(d, SQL_INDICATORS);
	return s ? stream(s, indicator_row, &(sink){.indicator = fn, .ctx = ctx}, NULL) : TD_EINTERNAL;
}

tderr cube_load_indicator(db *d, int64_t id, cube_indicator_fn fn, void *ctx)
{
	db_stmt *s = db_prepare(d, SQL_INDICATOR);
	if (!s)
		return TD_EINTERNAL;
	db_bind_int(s, 1, id);
	int n = 0;
	tderr e = stream(s, indicator_row, &(sink){.indicator = fn, .ctx = ctx}, &n);
	return e ? e : n ? TD_OK : TD_ENOTFOUND;
}

#define REPORT_SELECT                                                                      \
	"SELECT r.id, r.plan_id, r.unit_id, r.period, r.status, o.system, po.system"        \
	" FROM reports r JOIN organizations o ON o.id = r.organization_id"                  \
	" JOIN plans p ON p.id = r.plan_id JOIN organizations po ON po.id = p.owner_id"

static const char *SQL_REPORTS_COUNTED =
	REPORT_SELECT " WHERE r.status IN ('submitted', 'approved')";
static const char *SQL_REPORT = REPORT_SELECT " WHERE r.id = ?";

static tderr report_row(db_stmt *s, const sink *k)
{
	cube_report_row r = {db_col_int(s, 0),	    db_col_int(s, 1),	     db_col_int(s, 2),
			     text_or_empty(s, 3), text_or_empty(s, 4), text_or_empty(s, 5),
			     text_or_empty(s, 6)};
	return k->report(k->ctx, &r);
}

tderr cube_load_reports(db *d, cube_report_fn fn, void *ctx)
{
	db_stmt *s = db_prepare(d, SQL_REPORTS_COUNTED);
	return s ? stream(s, report_row, &(sink){.report = fn, .ctx = ctx}, NULL) : TD_EINTERNAL;
}

tderr cube_load_report(db *d, int64_t id, cube_report_fn fn, void *ctx)
{
	db_stmt *s = db_prepare(d, SQL_REPORT);
	if (!s)
		return TD_EINTERNAL;
	db_bind_int(s, 1, id);
	int n = 0;
	tderr e = stream(s, report_row, &(sink){.report = fn, .ctx = ctx}, &n);
	return e ? e : n ? TD_OK : TD_ENOTFOUND;
}

/* one pass over the table in storage order, no join: the caller keeps the values of
 * the reports it loaded (a join costs two index look-ups per value) */
static const char *SQL_VALUES_ALL =
	"SELECT report_id, indicator_id, value FROM report_values WHERE value IS NOT NULL";
static const char *SQL_REPORT_VALUES =
	"SELECT report_id, indicator_id, value FROM report_values"
	" WHERE report_id = ? AND value IS NOT NULL";
static const char *SQL_INDICATOR_VALUES =
	"SELECT rv.report_id, rv.indicator_id, rv.value FROM report_values rv"
	" JOIN reports r ON r.id = rv.report_id"
	" WHERE rv.indicator_id = ? AND r.status IN ('submitted', 'approved')"
	" AND rv.value IS NOT NULL";

static tderr value_row(db_stmt *s, const sink *k)
{
	cube_value_row r = {db_col_int(s, 0), db_col_int(s, 1), db_col_double(s, 2)};
	return k->value(k->ctx, &r);
}

tderr cube_load_values(db *d, cube_value_fn fn, void *ctx)
{
	db_stmt *s = db_prepare(d, SQL_VALUES_ALL);
	return s ? stream(s, value_row, &(sink){.value = fn, .ctx = ctx}, NULL) : TD_EINTERNAL;
}

tderr cube_load_report_values(db *d, int64_t report_id, cube_value_fn fn, void *ctx)
{
	db_stmt *s = db_prepare(d, SQL_REPORT_VALUES);
	if (!s)
		return TD_EINTERNAL;
	db_bind_int(s, 1, report_id);
	return stream(s, value_row, &(sink){.value = fn, .ctx = ctx}, NULL);
}

tderr cube_load_indicator_values(db *d, int64_t indicator_id, cube_value_fn fn, void *ctx)
{
	db_stmt *s = db_prepare(d, SQL_INDICATOR_VALUES);
	if (!s)
		return TD_EINTERNAL;
	db_bind_int(s, 1, indicator_id);
	return stream(s, value_row, &(sink){.value = fn, .ctx = ctx}, NULL);
}

static const char *SQL_TARGETS = "SELECT indicator_id, unit_id, year, value FROM targets";
static const char *SQL_INDICATOR_TARGETS =
	"SELECT indicator_id, unit_id, year, value FROM targets WHERE indicator_id = ?";

static tderr target_row(db_stmt *s, const sink *k)
{
	cube_target_row r = {db_col_int(s, 0), db_col_int(s, 1), (int)db_col_int(s, 2),
			     db_col_double(s, 3)};
	return k->target(k->ctx, &r);
}

tderr cube_load_targets(db *d, cube_target_fn fn, void *ctx)
{
	db_stmt *s = db_prepare(d, SQL_TARGETS);
	return s ? stream(s, target_row, &(sink){.target = fn, .ctx = ctx}, NULL) : TD_EINTERNAL;
}

tderr cube_load_indicator_targets(db *d, int64_t indicator_id, cube_target_fn fn, void *ctx)
{
	db_stmt *s = db_prepare(d, SQL_INDICATOR_TARGETS);
	if (!s)
		return TD_EINTERNAL;
	db_bind_int(s, 1, indicator_id);
	return stream(s, target_row, &(sink){.target = fn, .ctx = ctx}, NULL);
}

static const char *SQL_UNIT_EXISTS = "SELECT COUNT(*) FROM org_units WHERE id = ?";

tderr cube_load_unit_exists(db *d, int64_t unit_id, int *exists)
{
	db_stmt *s = db_prepare(d, SQL_UNIT_EXISTS);
	if (!s)
		return TD_EINTERNAL;
	db_bind_int(s, 1, unit_id);
	int64_t n = 0;
	tderr e = store_one_int(s, &n);
	*exists = n > 0;
	return e;
}
