/* test_cube.c — the analytics cube against the contract and against plain SQL: a
 * ratio is Σnumerator/Σdenominator, a stock's year is each unit's last month added
 * up, by-children rows add up, submitted reports count only when asked; and after
 * hundreds of random report changes, each followed by a refresh, every answer of
 * the cube equals the answer of store/analytics_sql. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "cube/cube.h"
#include "cube/cube_int.h"
#include "store/analytics_sql.h"
#include "store/db.h"
#include "store/store.h"

/* The tree: province P; districts D1 (C1, C2) and D2 (C3, C4). Ids are chosen so
 * that id order, path order and name order all differ. */
enum { U_P, U_D1, U_D2, U_C1, U_C2, U_C3, U_C4, NUNITS };
static const int64_t unit_ids[NUNITS] = {1, 10, 2, 30, 4, 100, 5};
static const char *const unit_paths[NUNITS] = {"/1/", "/1/10/", "/1/2/", "/1/10/30/",
					       "/1/10/4/", "/1/2/100/", "/1/2/5/"};
static const int unit_parent[NUNITS] = {-1, U_P, U_P, U_D1, U_D1, U_D2, U_D2};
static const char *const unit_names[NUNITS] = {"Tỉnh Thử", "Huyện Một", "Huyện Hai",
					       "Xã Ba", "Xã Bốn", "Xã Năm", "Xã Sáu"};
/* Vietnamese order: D2 before D1, C2 before C1 */
static const char *const unit_sort[NUNITS] = {"01", "06", "05", "08", "07", "09", "0a"};

#define MAX_IND 16

struct ind {
	int64_t id;
	const char *freq;
	const char *time_agg;
	int ratio;
};

struct fx {
	char dir[256];
	db *d;
	int64_t women[NUNITS]; /* 0: no women's organisation at the unit (C4) */
	int64_t mttq[NUNITS];
	int64_t plan;
	struct ind ind[MAX_IND];
	int nind;
};

/* Indicators made by setup, in this order. */
enum { I_FLOW, I_STOCK, I_NUM, I_DEN, I_RATIO, I_MAX, I_AVGQ, I_HALF, I_YEARLAST, NIND0 };

static const char *SQL_UNIT =
	"INSERT INTO org_units(id, code, parent_id, level, name, full_name, path, depth,"
	" search, sort_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, '', ?)";
static const char *SQL_ORG =
	"INSERT INTO organizations(code, name, system, unit_id, search, sort_key, created_at,"
	" updated_at) VALUES (?, ?, ?, ?, '', '', 't', 't') RETURNING id";
static const char *SQL_PLAN =
	"INSERT INTO plans(code, kind, title, owner_id, start_year, end_year, search, sort_key,"
	" created_at, updated_at) VALUES ('KH-THU', 'ke_hoach', 'Kế hoạch thử', ?, 2023, 2025,"
	" '', '', 't', 't') RETURNING id";
static const char *SQL_INDICATOR =
	"INSERT INTO indicators(plan_id, code, name, value_type, time_agg, unit_agg,"
	" numerator_id, denominator_id, frequency, created_at, updated_at)"
	" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 't', 't') RETURNING id";
static const char *SQL_INDICATOR_AGG = "UPDATE indicators SET time_agg = ? WHERE id = ?";
static const char *SQL_REPORT =
	"INSERT INTO reports(plan_id, organization_id, unit_id, period, status, deadline,"
	" created_at, updated_at) VALUES (?, ?, ?, ?, ?, '2099-01-01T00:00:00Z', 't', 't')"
	" RETURNING id";
static const char *SQL_REPORT_FIND =
	"SELECT id FROM reports WHERE plan_id = ? AND organization_id = ? AND unit_id = ?"
	" AND period = ?";
static const char *SQL_REPORT_STATUS = "UPDATE reports SET status = ? WHERE id = ?";
static const char *SQL_VALUE =
	"INSERT INTO report_values(report_id, indicator_id, value) VALUES (?, ?, ?)"
	" ON CONFLICT(report_id, indicator_id) DO UPDATE SET value = excluded.value";
static const char *SQL_VALUES_DELETE = "DELETE FROM report_values WHERE report_id = ?";
static const char *SQL_REPORT_DELETE = "DELETE FROM reports WHERE id = ?";

static char *read_file(const char *path)
{
	FILE *fp = fopen(path, "rb");
	char *buf = NULL;
	long n = -1;
	if (fp && fseek(fp, 0, SEEK_END) == 0 && (n = ftell(fp)) >= 0 && fseek(fp, 0, SEEK_SET) == 0 &&
	    (buf = malloc((size_t)n + 1)) && fread(buf, 1, (size_t)n, fp) == (size_t)n) {
		buf[n] = 0;
	} else {
		free(buf);
		buf = NULL;
	}
	if (fp)
		fclose(fp);
	return buf;
}

static void apply_sql_file(db *d, const char *path)
{
	char *sql = read_file(path);
	if (!sql)
		fail_msg("cannot read %s (run the tests from the repository root)", path);
	tderr e = db_exec_script(d, sql);
	free(sql);
	assert_int_equal(e, TD_OK);
}

static int64_t insert_id(db_stmt *s)
{
	int64_t id = 0;
	assert_int_equal(store_one_int(s, &id), TD_OK);
	return id;
}

static int64_t add_org(db *d, const char *system, int u)
{
	char code[64];
	snprintf(code, sizeof code, "%s-%lld", system, (long long)unit_ids[u]);
	db_stmt *s = db_prepare(d, SQL_ORG);
	assert_non_null(s);
	db_bind_text(s, 1, code);
	db_bind_text(s, 2, code);
	db_bind_text(s, 3, system);
	db_bind_int(s, 4, unit_ids[u]);
	return insert_id(s);
}

static int add_indicator(struct fx *f, const char *code, const char *type, const char *time_agg,
			 const char *unit_agg, int64_t num, int64_t den, const char *freq)
{
	db_stmt *s = db_prepare(f->d, SQL_INDICATOR);
	assert_non_null(s);
	db_bind_int(s, 1, f->plan);
	db_bind_text(s, 2, code);
	db_bind_text(s, 3, code);
	db_bind_text(s, 4, type);
	db_bind_text(s, 5, time_agg);
	db_bind_text(s, 6, unit_agg);
	if (num)
		db_bind_int(s, 7, num);
	else
		db_bind_null(s, 7);
	if (den)
		db_bind_int(s, 8, den);
	else
		db_bind_null(s, 8);
	db_bind_text(s, 9, freq);
	assert_true(f->nind < MAX_IND);
	struct ind *in = &f->ind[f->nind];
	*in = (struct ind){insert_id(s), freq, time_agg, strcmp(unit_agg, "ratio") == 0};
	return f->nind++;
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	const char *tmp = getenv("TMPDIR");
	snprintf(f->dir, sizeof f->dir, "%s/tiendo-cube-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	char path[400], err[256];
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(path, sizeof path, "%s/cube.db", f->dir);
	if (db_open(path, &f->d, err, sizeof err) != TD_OK)
		return -1;
	apply_sql_file(f->d, "sql/001_init.sql");
	apply_sql_file(f->d, "sql/002_reports.sql");
	static const char *const levels[NUNITS] = {"province", "district", "district", "commune",
						   "commune", "commune", "commune"};
	for (int u = 0; u < NUNITS; u++) {
		db_stmt *s = db_prepare(f->d, SQL_UNIT);
		assert_non_null(s);
		char code[16];
		snprintf(code, sizeof code, "U%lld", (long long)unit_ids[u]);
		db_bind_int(s, 1, unit_ids[u]);
		db_bind_text(s, 2, code);
		if (unit_parent[u] >= 0)
			db_bind_int(s, 3, unit_ids[unit_parent[u]]);
		else
			db_bind_null(s, 3);
		db_bind_text(s, 4, levels[u]);
		db_bind_text(s, 5, unit_names[u]);
		db_bind_text(s, 6, unit_names[u]);
		db_bind_text(s, 7, unit_paths[u]);
		db_bind_int(s, 8, unit_parent[u] < 0 ? 0 : unit_parent[u] == U_P ? 1 : 2);
		db_bind_text(s, 9, unit_sort[u]);
		assert_int_equal(store_exec(s), TD_OK);
	}
	for (int u = 0; u < NUNITS; u++) {
		f->women[u] = u == U_C4 ? 0 : add_org(f->d, "women", u);
		f->mttq[u] = add_org(f->d, "mttq", u);
	}
	db_stmt *s = db_prepare(f->d, SQL_PLAN);
	assert_non_null(s);
	db_bind_int(s, 1, f->women[U_P]);
	f->plan = insert_id(s);
	add_indicator(f, "FLOW", "integer", "sum", "sum", 0, 0, "month");
	add_indicator(f, "STOCK", "integer", "last", "sum", 0, 0, "month");
	add_indicator(f, "NUM", "integer", "sum", "sum", 0, 0, "month");
	add_indicator(f, "DEN", "integer", "sum", "sum", 0, 0, "month");
	add_indicator(f, "RATIO", "percent", "sum", "ratio", f->ind[I_NUM].id, f->ind[I_DEN].id,
		      "month");
	add_indicator(f, "MAX", "integer", "max", "sum", 0, 0, "month");
	add_indicator(f, "AVGQ", "decimal", "avg", "sum", 0, 0, "quarter");
	add_indicator(f, "HALF", "integer", "sum", "sum", 0, 0, "half");
	add_indicator(f, "YEARLAST", "integer", "last", "sum", 0, 0, "year");
	assert_int_equal(f->nind, NIND0);
	assert_int_equal(cube_init(f->d), TD_OK);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	cube_shutdown();
	db_close(f->d);
	const char *names[] = {"cube.db", "cube.db-wal", "cube.db-shm"};
	char p[400];
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		snprintf(p, sizeof p, "%s/%s", f->dir, names[i]);
		unlink(p);
	}
	rmdir(f->dir);
	free(f);
	return 0;
}

/* --- writing reports --- */

static int64_t report_find(struct fx *f, int64_t org, int u, const char *code)
{
	db_stmt *s = db_prepare(f->d, SQL_REPORT_FIND);
	assert_non_null(s);
	db_bind_int(s, 1, f->plan);
	db_bind_int(s, 2, org);
	db_bind_int(s, 3, unit_ids[u]);
	db_bind_text(s, 4, code);
	int64_t id = 0;
	tderr e = store_one_int(s, &id);
	assert_true(e == TD_OK || e == TD_ENOTFOUND);
	return e ? 0 : id;
}

static int64_t report_new(struct fx *f, int64_t org, int u, const char *code,
			  const char *status)
{
	db_stmt *s = db_prepare(f->d, SQL_REPORT);
	assert_non_null(s);
	db_bind_int(s, 1, f->plan);
	db_bind_int(s, 2, org);
	db_bind_int(s, 3, unit_ids[u]);
	db_bind_text(s, 4, code);
	db_bind_text(s, 5, status);
	return insert_id(s);
}

static void report_status(struct fx *f, int64_t id, const char *status)
{
	db_stmt *s = db_prepare(f->d, SQL_REPORT_STATUS);
	assert_non_null(s);
	db_bind_text(s, 1, status);
	db_bind_int(s, 2, id);
	assert_int_equal(store_exec(s), TD_OK);
}

/* has 0 stores a NULL value (entered as empty). */
static void report_value(struct fx *f, int64_t id, int ind, int has, double v)
{
	db_stmt *s = db_prepare(f->d, SQL_VALUE);
	assert_non_null(s);
	db_bind_int(s, 1, id);
	db_bind_int(s, 2, f->ind[ind].id);
	if (has)
		db_bind_double(s, 3, v);
	else
		db_bind_null(s, 3);
	assert_int_equal(store_exec(s), TD_OK);
}

static void report_delete(struct fx *f, int64_t id)
{
	const char *sqls[] = {SQL_VALUES_DELETE, SQL_REPORT_DELETE};
	for (int i = 0; i < 2; i++) {
		db_stmt *s = db_prepare(f->d, sqls[i]);
		assert_non_null(s);
		db_bind_int(s, 1, id);
		assert_int_equal(store_exec(s), TD_OK);
	}
}

/* An approved (or other status) report of the unit's women's union with the values
 * given as (indicator, value) pairs, then the refresh the reports code does. */
static int64_t put(struct fx *f, int u, const char *code, const char *status, int n, ...)
{
	int64_t id = report_new(f, f->women[u], u, code, status);
	va_list ap;
	va_start(ap, n);
	for (int i = 0; i < n; i++) {
		int ind = va_arg(ap, int);
		double v = va_arg(ap, double);
		report_value(f, id, ind, 1, v);
	}
	va_end(ap);
	assert_int_equal(cube_refresh_report(f->d, id), TD_OK);
	return id;
}

/* --- asking --- */

/* |a - b| <= eps, with both numbers in the message when not. */
#define assert_near(a, b, eps)                                                             \
	do {                                                                               \
		double a_ = (a), b_ = (b);                                                 \
		if (!(fabs(a_ - b_) <= (eps)))                                             \
			fail_msg("%s = %.17g, want %.17g", #a, a_, b_);                   \
	} while (0)

static period P(const char *code)
{
	period p = {PERIOD_NONE, 0, 0};
	assert_int_equal(period_parse(code, &p), TD_OK);
	return p;
}

static cube_figure ask(struct fx *f, int ind, int u, const char *code, int submitted, int own)
{
	cube_figure c;
	period p = P(code);
	assert_int_equal(cube_query(f->d, f->ind[ind].id, unit_ids[u], &p, submitted, own, &c), TD_OK);
	return c;
}

static double value_of(struct fx *f, int ind, int u, const char *code)
{
	cube_figure c = ask(f, ind, u, code, 0, 0);
	if (!c.has_value)
		fail_msg("indicator %d at unit %d for %s: no value", ind, u, code);
	return c.value;
}

/* The cube's arithmetic on periods agrees with core/period.h for every period of a
 * year and every base kind. */
static void period_keys_agree_with_period_h(void **state)
{
	(void)state;
	period all[PERIOD_BASE_MAX * 4];
	for (int k = PERIOD_MONTH; k < PERIOD_KIND_COUNT; k++) {
		size_t n = period_list(2024, 2024, (period_kind)k, all, sizeof all / sizeof all[0]);
		assert_true(n > 0);
		for (size_t i = 0; i < n; i++) {
			period back;
			assert_true(cu_period_of(cu_key_of(&all[i]), &back));
			assert_true(period_equal(&back, &all[i]));
			for (int b = PERIOD_MONTH; b < PERIOD_KIND_COUNT; b++) {
				period list[PERIOD_BASE_MAX];
				size_t m = period_base_list(&all[i], (period_kind)b, list, PERIOD_BASE_MAX);
				cu_key lo = -1, hi = -1;
				int has = cu_base_range(&all[i], (period_kind)b, &lo, &hi);
				assert_int_equal(has, m > 0);
				if (m) {
					assert_int_equal(lo, cu_key_of(&list[0]));
					assert_int_equal(hi, cu_key_of(&list[m - 1]));
					assert_int_equal(hi - lo + 1, (cu_key)m);
				}
			}
		}
	}
	/* keys order time within a kind and never collide across kinds */
	period a = {PERIOD_MONTH, 2023, 12}, b = {PERIOD_MONTH, 2024, 1};
	assert_true(cu_key_of(&a) < cu_key_of(&b));
	period q = {PERIOD_QUARTER, 2024, 1}, y = {PERIOD_YEAR, 2024, 0};
	assert_true(cu_key_of(&q) != cu_key_of(&b) && cu_key_of(&y) != cu_key_of(&q));
}

static void ratio_is_sum_over_sum(void **state)
{
	struct fx *f = *state;
	/* 50 % and 5.6 %: their mean is 27.8 %, but 2 of 20 households is 10 % */
	put(f, U_C1, "202403", "approved", 2, I_NUM, 1.0, I_DEN, 2.0);
	put(f, U_C2, "202403", "approved", 2, I_NUM, 1.0, I_DEN, 18.0);
	assert_near(value_of(f, I_RATIO, U_D1, "202403"), 10.0, 1e-12);
	assert_near(value_of(f, I_RATIO, U_P, "2024"), 10.0, 1e-12);
	assert_near(value_of(f, I_RATIO, U_C1, "2024Q1"), 50.0, 1e-12);
	cube_figure c = ask(f, I_RATIO, U_P, "2024", 0, 0);
	assert_true(c.is_ratio && c.has_num && c.has_den);
	assert_near(c.num, 2.0, 0);
	assert_near(c.den, 20.0, 0);
	/* a denominator of 0 gives no value, not a division by zero */
	put(f, U_C3, "202401", "approved", 2, I_NUM, 0.0, I_DEN, 0.0);
	assert_false(ask(f, I_RATIO, U_D2, "2024", 0, 0).has_value);
	analytics_figure s;
	period p = P("2024");
	assert_int_equal(analytics_sql_figure(f->d, f->ind[I_RATIO].id, unit_ids[U_P], &p, 0, 0, &s),
			 TD_OK);
	assert_true(s.has_value);
	assert_near(s.value, 10.0, 1e-12);
}

static void stock_is_last_per_unit_then_summed(void **state)
{
	struct fx *f = *state;
	put(f, U_C1, "202401", "approved", 1, I_STOCK, 5.0);
	put(f, U_C1, "202402", "approved", 1, I_STOCK, 7.0);
	put(f, U_C1, "202403", "approved", 1, I_STOCK, 6.0);
	put(f, U_C2, "202401", "approved", 1, I_STOCK, 3.0);
	put(f, U_C2, "202404", "approved", 1, I_STOCK, 4.0);
	/* the year: C1's March (6) + C2's April (4), not the Σ of every month (25) */
	assert_near(value_of(f, I_STOCK, U_D1, "2024"), 10.0, 0);
	assert_near(value_of(f, I_STOCK, U_P, "2024"), 10.0, 0);
	/* the first quarter: C1's March (6) + C2's January (3) */
	assert_near(value_of(f, I_STOCK, U_P, "2024Q1"), 9.0, 0);
	assert_near(value_of(f, I_STOCK, U_P, "2024S1"), 10.0, 0);
	assert_near(value_of(f, I_STOCK, U_C1, "202402"), 7.0, 0);
	cube_figure c = ask(f, I_STOCK, U_P, "2024", 0, 0);
	assert_int_equal(c.reported_units, 2);
	assert_int_equal(c.expected_units, 6); /* C4 has no women's union */
}

static void flow_year_is_sum_of_months(void **state)
{
	struct fx *f = *state;
	double total = 0;
	for (int m = 1; m <= 12; m++) {
		char code[16];
		snprintf(code, sizeof code, "2024%02d", m);
		put(f, U_C3, code, "approved", 1, I_FLOW, (double)m);
		total += m;
	}
	put(f, U_D2, "202406", "approved", 1, I_FLOW, 100.0); /* the district's own work */
	assert_near(value_of(f, I_FLOW, U_C3, "2024"), total, 0);
	assert_near(value_of(f, I_FLOW, U_D2, "2024"), total + 100, 0);
	assert_near(value_of(f, I_FLOW, U_P, "2024Q2"), 4 + 5 + 6 + 100, 0);
	assert_near(value_of(f, I_FLOW, U_P, "2024N9"), 45 + 100, 0);
	assert_near(value_of(f, I_FLOW, U_P, "2024S2"), 7 + 8 + 9 + 10 + 11 + 12, 0);
	/* a quarterly indicator asked for a month has no value and no reports */
	put(f, U_C3, "2024Q1", "approved", 1, I_AVGQ, 3.0);
	cube_figure c = ask(f, I_AVGQ, U_P, "202402", 0, 0);
	assert_false(c.has_value);
	assert_int_equal(c.reported_units, 0);
	assert_int_equal(c.expected_units, 6);
	assert_near(value_of(f, I_AVGQ, U_P, "2024S1"), 3.0, 0);
}

static void by_children_rows_add_up(void **state)
{
	struct fx *f = *state;
	put(f, U_P, "202405", "approved", 3, I_FLOW, 1000.0, I_NUM, 2.0, I_DEN, 4.0);
	put(f, U_D1, "202405", "approved", 3, I_FLOW, 100.0, I_NUM, 3.0, I_DEN, 9.0);
	put(f, U_C1, "202405", "approved", 4, I_FLOW, 10.0, I_NUM, 1.0, I_DEN, 5.0, I_MAX, 7.0);
	put(f, U_C2, "202404", "approved", 2, I_FLOW, 20.0, I_MAX, 9.0);
	put(f, U_C3, "202405", "approved", 3, I_FLOW, 30.0, I_NUM, 4.0, I_DEN, 8.0);
	const int parents[] = {U_P, U_D1, U_D2};
	const int inds[] = {I_FLOW, I_NUM, I_DEN, I_RATIO, I_MAX};
	for (size_t k = 0; k < sizeof parents / sizeof parents[0]; k++) {
		int u = parents[k];
		cube_unit_ref *fam = NULL;
		size_t n = 0;
		assert_int_equal(cube_unit_family(f->d, unit_ids[u], &fam, &n), TD_OK);
		assert_int_equal(n, 3);
		assert_int_equal(fam[0].id, unit_ids[u]);
		for (size_t i = 0; i < sizeof inds / sizeof inds[0]; i++) {
			cube_figure all = ask(f, inds[i], u, "2024", 0, 0);
			cube_figure own = ask(f, inds[i], u, "2024", 0, 1);
			double sum = own.has_value ? own.value : 0, num = own.num, den = own.den;
			int64_t rep = own.reported_units, exp = own.expected_units;
			for (size_t j = 1; j < n; j++) {
				cube_figure c;
				period p = P("2024");
				assert_int_equal(cube_query(f->d, f->ind[inds[i]].id, fam[j].id, &p, 0, 0,
							    &c),
						 TD_OK);
				sum += c.has_value ? c.value : 0;
				num += c.num;
				den += c.den;
				rep += c.reported_units;
				exp += c.expected_units;
			}
			/* the same rows in one call, from one consistent view */
			int64_t ids[3];
			cube_figure rows[3];
			period y = P("2024");
			for (size_t j = 0; j < n; j++)
				ids[j] = fam[j].id;
			assert_int_equal(cube_query_family(f->d, f->ind[inds[i]].id, ids, n, &y, 0, rows),
					 TD_OK);
			assert_int_equal(rows[0].has_value, own.has_value);
			assert_near(rows[0].value, own.value, 0);
			assert_int_equal(rows[0].expected_units, own.expected_units);
			if (all.is_ratio) {
				assert_near(num, all.num, 0);
				assert_near(den, all.den, 0);
			} else {
				assert_near(sum, all.has_value ? all.value : 0, 0);
			}
			assert_int_equal(rep, all.reported_units);
			assert_int_equal(exp, all.expected_units);
		}
		free(fam);
	}
	/* children in Vietnamese order: Huyện Hai (sort key 05) before Huyện Một */
	cube_unit_ref *fam = NULL;
	size_t n = 0;
	assert_int_equal(cube_unit_family(f->d, unit_ids[U_P], &fam, &n), TD_OK);
	assert_string_equal(fam[1].name, "Huyện Hai");
	assert_string_equal(fam[2].name, "Huyện Một");
	assert_string_equal(fam[2].path, "/1/10/");
	free(fam);
	assert_near(value_of(f, I_FLOW, U_P, "2024"), 1160.0, 0);
	assert_near(value_of(f, I_MAX, U_D1, "2024"), 16.0, 0);
	/* the province's ratio: (2+3+1+4) / (4+9+5+8) */
	assert_near(value_of(f, I_RATIO, U_P, "2024"), 1000.0 / 26.0, 1e-12);
}

static void submitted_counts_only_when_asked(void **state)
{
	struct fx *f = *state;
	put(f, U_C1, "202407", "approved", 1, I_FLOW, 5.0);
	int64_t id = put(f, U_C2, "202407", "submitted", 1, I_FLOW, 7.0);
	put(f, U_C3, "202407", "draft", 1, I_FLOW, 11.0);
	put(f, U_C3, "202408", "returned", 1, I_FLOW, 13.0);
	assert_near(ask(f, I_FLOW, U_P, "2024", 0, 0).value, 5.0, 0);
	assert_near(ask(f, I_FLOW, U_P, "2024", 1, 0).value, 12.0, 0);
	assert_int_equal(ask(f, I_FLOW, U_P, "2024", 0, 0).reported_units, 1);
	assert_int_equal(ask(f, I_FLOW, U_P, "2024", 1, 0).reported_units, 2);
	/* approving moves it into the approved figure at once */
	report_status(f, id, "approved");
	assert_int_equal(cube_refresh_report(f->d, id), TD_OK);
	assert_near(ask(f, I_FLOW, U_D1, "2024Q3", 0, 0).value, 12.0, 0);
	/* reopening (-> returned) takes it out again, values kept in the database */
	report_status(f, id, "returned");
	assert_int_equal(cube_refresh_report(f->d, id), TD_OK);
	assert_near(ask(f, I_FLOW, U_D1, "2024Q3", 1, 0).value, 5.0, 0);
	/* a report of another system's organisation never counts */
	int64_t other = report_new(f, f->mttq[U_C2], U_C2, "202409", "approved");
	report_value(f, other, I_FLOW, 1, 1000.0);
	assert_int_equal(cube_refresh_report(f->d, other), TD_OK);
	assert_near(ask(f, I_FLOW, U_P, "2024", 1, 0).value, 5.0, 0);
	/* a deleted report leaves nothing behind */
	int64_t gone = put(f, U_C1, "202410", "approved", 1, I_FLOW, 40.0);
	assert_near(ask(f, I_FLOW, U_P, "2024", 0, 0).value, 45.0, 0);
	report_delete(f, gone);
	assert_int_equal(cube_refresh_report(f->d, gone), TD_OK);
	assert_near(ask(f, I_FLOW, U_P, "2024", 0, 0).value, 5.0, 0);
}

static void unknown_and_invalid_are_refused(void **state)
{
	struct fx *f = *state;
	cube_figure c;
	period p = P("2024");
	assert_int_equal(cube_query(f->d, 999999, unit_ids[U_P], &p, 0, 0, &c), TD_ENOTFOUND);
	assert_int_equal(cube_query(f->d, f->ind[I_FLOW].id, 999999, &p, 0, 0, &c), TD_ENOTFOUND);
	period bad = {PERIOD_MONTH, 2024, 13};
	assert_int_equal(cube_query(f->d, f->ind[I_FLOW].id, unit_ids[U_P], &bad, 0, 0, &c),
			 TD_EINVALID);
	cube_shutdown();
	assert_false(cube_ready());
	assert_int_equal(cube_query(NULL, f->ind[I_FLOW].id, unit_ids[U_P], &p, 0, 0, &c),
			 TD_EUNAVAIL);
	/* with a database handle the cube is built on first use */
	assert_int_equal(cube_query(f->d, f->ind[I_FLOW].id, unit_ids[U_P], &p, 0, 0, &c), TD_OK);
	assert_true(cube_ready());
}

/* --- the cube against SQL --- */

static const char *const all_periods[] = {
	"202401", "202402", "202403", "202404", "202405", "202406", "202407", "202408",
	"202409", "202410", "202411", "202412", "2024Q1", "2024Q2", "2024Q3", "2024Q4",
	"2024S1", "2024S2", "2024N9", "2024",	"2023",	  "202312"};

static int same(double a, double b, int exact)
{
	if (a == b)
		return 1;
	return !exact && fabs(a - b) <= 1e-9 * fmax(fabs(a), fabs(b));
}

/* One (indicator, unit, period, mode, own) answer of the cube against SQL's. */
static void check_one(struct fx *f, const struct ind *in, int u, const char *code, int mode,
		      int own, const char *when)
{
	period p = P(code);
	cube_figure c;
	analytics_figure s;
	assert_int_equal(cube_query(f->d, in->id, unit_ids[u], &p, mode, own, &c), TD_OK);
	assert_int_equal(analytics_sql_figure(f->d, in->id, unit_ids[u], &p, mode, own, &s), TD_OK);
	int exact = !in->ratio && strcmp(in->time_agg, "avg") != 0;
	if (c.has_value == s.has_value && (!c.has_value || same(c.value, s.value, exact)) &&
	    c.reported_units == s.reported_units && c.expected_units == s.expected_units &&
	    c.has_num == s.has_num && c.has_den == s.has_den && (!c.has_num || c.num == s.num) &&
	    (!c.has_den || c.den == s.den))
		return;
	fail_msg("%s: indicator %s(%s) unit %lld period %s mode %d own %d: cube %d %.17g %lld/%lld,"
		 " sql %d %.17g %lld/%lld", when, in->freq, in->time_agg, (long long)unit_ids[u], code,
		 mode, own, c.has_value, c.value, (long long)c.reported_units,
		 (long long)c.expected_units, s.has_value, s.value, (long long)s.reported_units,
		 (long long)s.expected_units);
}

/* Every (indicator, unit, period, mode, own) answer of the cube equals SQL's. */
static long check_all(struct fx *f, const char *when)
{
	long n = 0;
	for (int i = 0; i < f->nind; i++)
		for (int u = 0; u < NUNITS; u++)
			for (size_t k = 0; k < sizeof all_periods / sizeof all_periods[0]; k++)
				for (int m = 0; m < 4; m++, n++)
					check_one(f, &f->ind[i], u, all_periods[k], m & 1, m >> 1, when);
	return n;
}

static uint64_t rng_state = 0x2545F4914F6CDD1Dull;

static uint32_t rnd(uint32_t n)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t)(rng_state % n);
}

/* A period of the given frequency in 2024 (sometimes 2023), as a code. */
static void random_period(const char *freq, char *code, size_t size)
{
	int year = rnd(8) == 0 ? 2023 : 2024;
	if (strcmp(freq, "month") == 0)
		snprintf(code, size, "%d%02u", year, 1 + rnd(12));
	else if (strcmp(freq, "quarter") == 0)
		snprintf(code, size, "%dQ%u", year, 1 + rnd(4));
	else if (strcmp(freq, "half") == 0)
		snprintf(code, size, "%dS%u", year, 1 + rnd(2));
	else
		snprintf(code, size, "%d", year);
}

/* New values for some of the report's indicators of that frequency. */
static void random_values(struct fx *f, int64_t id, const char *freq)
{
	for (int i = 0; i < f->nind; i++) {
		if (f->ind[i].ratio || strcmp(f->ind[i].freq, freq) != 0 || rnd(3) == 0)
			continue;
		report_value(f, id, i, rnd(7) != 0, (double)rnd(60));
	}
}

static void one_random_write(struct fx *f)
{
	static const char *const freqs[] = {"month", "month", "month", "quarter", "half", "year"};
	static const char *const statuses[] = {"draft", "submitted", "approved", "returned"};
	const char *freq = freqs[rnd(6)];
	int u = (int)rnd(NUNITS);
	int64_t org = (u == U_C4 || rnd(12) == 0) ? f->mttq[u] : f->women[u];
	char code[PERIOD_CODE_SIZE];
	random_period(freq, code, sizeof code);
	int64_t id = report_find(f, org, u, code);
	if (!id) {
		id = report_new(f, org, u, code, statuses[rnd(3)]);
		random_values(f, id, freq);
	} else {
		switch (rnd(10)) {
		case 0: case 1: case 2: random_values(f, id, freq); break;
		case 3: report_status(f, id, "submitted"); break;
		case 4: case 5: report_status(f, id, "approved"); break;
		case 6: report_status(f, id, "returned"); break;
		case 7: report_status(f, id, "draft"); break;
		case 8: report_delete(f, id); break;
		default:
			random_values(f, id, freq);
			report_status(f, id, "approved");
		}
	}
	assert_int_equal(cube_refresh_report(f->d, id), TD_OK);
}

static void cube_equals_sql_after_random_writes(void **state)
{
	struct fx *f = *state;
	long checked = 0;
	for (int w = 1; w <= 500; w++) {
		one_random_write(f);
		if (w == 200) {
			/* the indicators code changes how one adds up and says so */
			db_stmt *s = db_prepare(f->d, SQL_INDICATOR_AGG);
			assert_non_null(s);
			db_bind_text(s, 1, "avg");
			db_bind_int(s, 2, f->ind[I_MAX].id);
			assert_int_equal(store_exec(s), TD_OK);
			f->ind[I_MAX].time_agg = "avg";
			assert_int_equal(cube_refresh_indicator(f->d, f->ind[I_MAX].id), TD_OK);
		}
		if (w == 250) /* a new indicator nobody told the cube about */
			add_indicator(f, "NEWFLOW", "integer", "sum", "sum", 0, 0, "month");
		if (w == 300) { /* told without a database handle: reloaded on next use */
			db_stmt *s = db_prepare(f->d, SQL_INDICATOR_AGG);
			assert_non_null(s);
			db_bind_text(s, 1, "max");
			db_bind_int(s, 2, f->ind[I_STOCK].id);
			assert_int_equal(store_exec(s), TD_OK);
			f->ind[I_STOCK].time_agg = "max";
			cube_invalidate_indicator(f->ind[I_STOCK].id);
		}
		if (w % 100 == 0) {
			char when[32];
			snprintf(when, sizeof when, "after %d writes", w);
			checked += check_all(f, when);
		}
	}
	/* and a cube built from scratch agrees with the one kept up to date */
	assert_int_equal(cube_init(f->d), TD_OK);
	checked += check_all(f, "after a rebuild");
	print_message("%ld answers compared\n", checked);
}

/* Readers answer while reports change and are refreshed (the sanitizer build
 * watches for torn state); afterwards the cube still equals SQL. Also records how
 * long one figure takes from the cube and from SQL. */
static atomic_int stop_readers;
static atomic_long reader_failures;

static void *reader(void *arg)
{
	struct fx *f = arg;
	long n = 0;
	while (!atomic_load(&stop_readers))
		for (int i = 0; i < f->nind; i++)
			for (int u = 0; u < NUNITS; u++) {
				cube_figure c;
				period p = {PERIOD_YEAR, 2024, 0};
				if (cube_query(NULL, f->ind[i].id, unit_ids[u], &p, u & 1, 0, &c) != TD_OK)
					atomic_fetch_add(&reader_failures, 1);
				n++;
			}
	return (void *)n;
}

static double seconds(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Microseconds per figure over every (indicator, unit, period), from the cube or SQL. */
static double figure_us(struct fx *f, int sql)
{
	long n = 0;
	double t0 = seconds();
	for (int i = 0; i < f->nind; i++)
		for (int u = 0; u < NUNITS; u++)
			for (size_t k = 0; k < sizeof all_periods / sizeof all_periods[0]; k++, n++) {
				period p = P(all_periods[k]);
				cube_figure c;
				analytics_figure q;
				tderr e = sql ? analytics_sql_figure(f->d, f->ind[i].id, unit_ids[u], &p, 0, 0, &q)
					      : cube_query(f->d, f->ind[i].id, unit_ids[u], &p, 0, 0, &c);
				assert_int_equal(e, TD_OK);
			}
	return (seconds() - t0) * 1e6 / (double)n;
}

static void readers_while_writing(void **state)
{
	struct fx *f = *state;
	pthread_t th[3];
	atomic_store(&stop_readers, 0);
	for (int i = 0; i < 3; i++)
		assert_int_equal(pthread_create(&th[i], NULL, reader, f), 0);
	for (int w = 0; w < 300; w++)
		one_random_write(f);
	atomic_store(&stop_readers, 1);
	long reads = 0;
	for (int i = 0; i < 3; i++) {
		void *n = NULL;
		assert_int_equal(pthread_join(th[i], &n), 0);
		reads += (long)n;
	}
	assert_int_equal(atomic_load(&reader_failures), 0);
	check_all(f, "after concurrent reads");
	double cube_us = figure_us(f, 0), sql_us = figure_us(f, 1);
	print_message("%ld reads beside 300 writes; one figure: cube %.2f us, SQL %.2f us\n", reads,
		      cube_us, sql_us);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(period_keys_agree_with_period_h),
		cmocka_unit_test_setup_teardown(ratio_is_sum_over_sum, setup, teardown),
		cmocka_unit_test_setup_teardown(stock_is_last_per_unit_then_summed, setup, teardown),
		cmocka_unit_test_setup_teardown(flow_year_is_sum_of_months, setup, teardown),
		cmocka_unit_test_setup_teardown(by_children_rows_add_up, setup, teardown),
		cmocka_unit_test_setup_teardown(submitted_counts_only_when_asked, setup, teardown),
		cmocka_unit_test_setup_teardown(unknown_and_invalid_are_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(cube_equals_sql_after_random_writes, setup, teardown),
		cmocka_unit_test_setup_teardown(readers_while_writing, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
