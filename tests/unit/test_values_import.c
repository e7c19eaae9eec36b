/* test_values_import.c — bulk import of report values against a real database
 * (the sql/ migrations in order): a clean file creates draft reports with their values,
 * events and audit; a dry run writes nothing; every bad row is named with its
 * line and nothing is half-imported; the same file twice gives the same values;
 * submitted and approved reports refuse; only the report's own organisation (or
 * an admin over the unit) may write; CSV forms (BOM, ';', CRLF, decimal comma);
 * DHIS2 in and out; the row cap; and the throughput of a 50,000-row file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <glob.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "store/db.h"
#include "store/store.h"
#include "store/values_import.h"
#include "store/values_import_int.h"

/* Units: province 01; district 101 (communes 10101, 10102); district 102 (10201).
 * A women's union at every unit, an MTTQ committee at 10101, the district party
 * committee at 101 (its admin). Plan KH-A of the provincial women's union,
 * 2023-2025: M1 integer, M2 decimal (1 place, 0-1000), M3 = M1/M2 percent
 * (computed), B1 boolean — monthly; Q1 integer quarterly. */
static const char *FIXTURE =
	"INSERT INTO org_units(id, code, parent_id, level, name, full_name, path, depth, search,"
	" sort_key) VALUES"
	" (1, '01', NULL, 'province', 'Tỉnh Thử', 'Tỉnh Thử', '/1/', 0, '', '01'),"
	" (2, '101', 1, 'district', 'Huyện Một', 'Huyện Một', '/1/2/', 1, '', '02'),"
	" (3, '10101', 2, 'commune', 'Xã Ba', 'Xã Ba', '/1/2/3/', 2, '', '03'),"
	" (4, '10102', 2, 'commune', 'Xã Bốn', 'Xã Bốn', '/1/2/4/', 2, '', '04'),"
	" (5, '102', 1, 'district', 'Huyện Hai', 'Huyện Hai', '/1/5/', 1, '', '05'),"
	" (6, '10201', 5, 'commune', 'Xã Sáu', 'Xã Sáu', '/1/5/6/', 2, '', '06');"
	"INSERT INTO organizations(id, code, name, system, unit_id, search, sort_key, created_at,"
	" updated_at) VALUES"
	" (1, 'women-01', 'Hội LHPN tỉnh', 'women', 1, '', '', 't', 't'),"
	" (2, 'women-101', 'Hội LHPN huyện Một', 'women', 2, '', '', 't', 't'),"
	" (3, 'women-10101', 'Hội LHPN xã Ba', 'women', 3, '', '', 't', 't'),"
	" (4, 'women-10102', 'Hội LHPN xã Bốn', 'women', 4, '', '', 't', 't'),"
	" (5, 'women-102', 'Hội LHPN huyện Hai', 'women', 5, '', '', 't', 't'),"
	" (6, 'women-10201', 'Hội LHPN xã Sáu', 'women', 6, '', '', 't', 't'),"
	" (7, 'mttq-10101', 'Ủy ban MTTQ xã Ba', 'mttq', 3, '', '', 't', 't'),"
	" (8, 'party-101', 'Huyện ủy Một', 'party', 2, '', '', 't', 't'),"
	" (9, 'party-01', 'Tỉnh ủy', 'party', 1, '', '', 't', 't');"
	"INSERT INTO users(id, username, full_name, password_hash, organization_id, role,"
	" created_at, updated_at) VALUES"
	" (1, 'off1', 'Cán bộ xã Ba', 'x', 3, 'officer', 't', 't'),"
	" (2, 'off2', 'Cán bộ xã Bốn', 'x', 4, 'officer', 't', 't'),"
	" (3, 'lead1', 'Chủ tịch xã Ba', 'x', 3, 'leader', 't', 't'),"
	" (4, 'adm', 'Quản trị huyện Một', 'x', 8, 'admin', 't', 't'),"
	" (5, 'view', 'Xem xã Ba', 'x', 3, 'viewer', 't', 't'),"
	" (6, 'mttq1', 'Cán bộ MTTQ xã Ba', 'x', 7, 'officer', 't', 't'),"
	" (7, 'root', 'Quản trị tỉnh', 'x', 9, 'admin', 't', 't');"
	"INSERT INTO users(id, username, full_name, password_hash, organization_id, role, active,"
	" created_at, updated_at) VALUES (8, 'gone', 'Đã nghỉ', 'x', 3, 'officer', 0, 't', 't');"
	"INSERT INTO plans(id, code, kind, title, owner_id, start_year, end_year, search, sort_key,"
	" created_at, updated_at) VALUES (1, 'KH-A', 'ke_hoach', 'Kế hoạch A', 1, 2023, 2025,"
	" '', '', 't', 't');"
	"INSERT INTO indicators(id, plan_id, code, name, value_type, decimals, min_value, max_value,"
	" unit_agg, numerator_id, denominator_id, frequency, position, created_at, updated_at)"
	" VALUES"
	" (1, 1, 'M1', 'Số hộ', 'integer', 0, 0, NULL, 'sum', NULL, NULL, 'month', 1, 't', 't'),"
	" (2, 1, 'M2', 'Số tấn', 'decimal', 1, 0, 1000, 'sum', NULL, NULL, 'month', 2, 't', 't'),"
	" (3, 1, 'M3', 'Tỷ lệ', 'percent', 1, NULL, NULL, 'ratio', 1, 2, 'month', 3, 't', 't'),"
	" (4, 1, 'B1', 'Đã làm', 'boolean', 0, NULL, NULL, 'sum', NULL, NULL, 'month', 4, 't', 't'),"
	" (5, 1, 'Q1', 'Số buổi', 'integer', 0, 0, NULL, 'sum', NULL, NULL, 'quarter', 5, 't',"
	" 't');";

struct fx {
	char dir[256];
	db *d;
};

static char *read_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *buf = n >= 0 ? malloc((size_t)n + 1) : NULL;
	if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	if (buf)
		buf[n] = 0;
	fclose(f);
	return buf;
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	const char *tmp = getenv("TMPDIR");
	snprintf(f->dir, sizeof f->dir, "%s/tiendo-values-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	char path[400], err[256];
	if (!f || !mkdtemp(f->dir))
		return -1;
	snprintf(path, sizeof path, "%s/values.db", f->dir);
	if (db_open(path, &f->d, err, sizeof err) != TD_OK)
		return -1;
	glob_t g;
	if (glob("sql/[0-9]*.sql", 0, NULL, &g) != 0) {
		fprintf(stderr, "run the tests from the repository root (sql/ migrations)\n");
		return -1;
	}
	for (size_t i = 0; i < g.gl_pathc; i++) { /* glob sorts: 001, 002, ... */
		char *sql = read_file(g.gl_pathv[i]);
		tderr e = sql ? db_exec_script(f->d, sql) : TD_EINTERNAL;
		free(sql);
		if (e != TD_OK) {
			fprintf(stderr, "%s: %s\n", g.gl_pathv[i], db_errmsg(f->d));
			globfree(&g);
			return -1;
		}
	}
	globfree(&g);
	if (db_exec_script(f->d, FIXTURE) != TD_OK) {
		fprintf(stderr, "fixture: %s\n", db_errmsg(f->d));
		return -1;
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	db_close(f->d);
	const char *names[] = {"values.db", "values.db-wal", "values.db-shm"};
	char p[400];
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		snprintf(p, sizeof p, "%s/%s", f->dir, names[i]);
		unlink(p);
	}
	rmdir(f->dir);
	free(f);
	return 0;
}

/* ---- helpers ---- */

static int64_t q_int(db *d, const char *sql, const char *param)
{
	db_stmt *s = db_prepare(d, sql);
	assert_non_null(s);
	if (param)
		db_bind_text(s, 1, param);
	int64_t v = -1;
	tderr e = store_one_int(s, &v);
	assert_true(e == TD_OK || e == TD_ENOTFOUND);
	return e == TD_OK ? v : -1;
}

static const char *SQL_COUNT_REPORTS = "SELECT COUNT(*) FROM reports";
static const char *SQL_COUNT_VALUES = "SELECT COUNT(*) FROM report_values";
static const char *SQL_COUNT_AUDIT =
	"SELECT COUNT(*) FROM audit_log WHERE entity = 'reports' AND action = 'import'";
static const char *SQL_REPORT_VERSION =
	"SELECT r.version FROM reports r JOIN org_units u ON u.id = r.unit_id"
	" WHERE u.code || '/' || r.period = ?";
static const char *SQL_SET_STATUS =
	"UPDATE reports SET status = ? WHERE id = (SELECT r.id FROM reports r"
	" JOIN org_units u ON u.id = r.unit_id WHERE u.code || '/' || r.period = ?)";
static const char *SQL_VALUE =
	"SELECT v.value, v.comment FROM report_values v JOIN reports r ON r.id = v.report_id"
	" JOIN org_units u ON u.id = r.unit_id JOIN indicators i ON i.id = v.indicator_id"
	" WHERE u.code || '/' || r.period || '/' || i.code = ?";

/* The stored value of "unit/period/indicator": 1 with *v (NAN for null) and the
 * comment copied, 0 when there is no row. */
static int value_of(db *d, const char *key, double *v, char *comment, size_t size)
{
	db_stmt *s = db_prepare(d, SQL_VALUE);
	assert_non_null(s);
	db_bind_text(s, 1, key);
	tderr e = TD_OK;
	int rc = db_step(s, &e);
	if (rc == DB_ROW) {
		*v = db_col_is_null(s, 0) ? NAN : db_col_double(s, 0);
		if (comment)
			snprintf(comment, size, "%s", db_col_text(s, 1) ? db_col_text(s, 1) : "");
	}
	db_reset(s);
	assert_true(rc >= 0);
	return rc == DB_ROW;
}

static double value(db *d, const char *key)
{
	double v = NAN;
	if (!value_of(d, key, &v, NULL, 0))
		fail_msg("no value for %s", key);
	return v;
}

static void set_status(db *d, const char *report, const char *status)
{
	db_stmt *s = db_prepare(d, SQL_SET_STATUS);
	assert_non_null(s);
	db_bind_text(s, 1, status);
	db_bind_text(s, 2, report);
	assert_int_equal(store_exec(s), TD_OK);
}

/* Imports csv as username; returns the engine's tderr, the result in *res. */
static tderr import_as(db *d, const char *username, const char *csv, int dry,
		       values_import_result *res)
{
	values_actor a;
	assert_int_equal(values_import_actor(d, username, &a), TD_OK);
	values_import_opts o = {&a.user, "127.0.0.1", "test.csv", dry};
	return values_import_csv(d, &o, csv, strlen(csv), res);
}

/* Imports and expects a clean run. */
static void import_ok(db *d, const char *username, const char *csv, int dry,
		      values_import_result *res)
{
	assert_int_equal(import_as(d, username, csv, dry, res), TD_OK);
	if (res->errors_total) {
		char *t = json_dumps(res->errors, 0);
		fail_msg("unexpected errors: %s", t ? t : "?");
	}
}

/* The error listed for line, or NULL. */
static json_t *error_at(const values_import_result *res, int line)
{
	for (size_t i = 0; i < json_array_size(res->errors); i++) {
		json_t *e = json_array_get(res->errors, i);
		if (json_integer_value(json_object_get(e, "line")) == line)
			return e;
	}
	return NULL;
}

static void expect_error(const values_import_result *res, int line, const char *code)
{
	json_t *e = error_at(res, line);
	if (!e) {
		char *t = json_dumps(res->errors, 0);
		fail_msg("no error at line %d (want %s); errors: %s", line, code, t ? t : "?");
	}
	const char *got = json_string_value(json_object_get(e, "code"));
	if (!got || strcmp(got, code) != 0)
		fail_msg("line %d: code %s, want %s (%s)", line, got ? got : "?", code,
			 json_string_value(json_object_get(e, "reason")));
	assert_non_null(json_string_value(json_object_get(e, "reason")));
}

static const char *CLEAN =
	"plan,indicator,unit,period,value,comment\n"
	"KH-A,M1,10101,202401,5,đầu năm\n"
	"KH-A,M2,10101,202401,12.5,\n"
	"KH-A,B1,10101,202401,1,\n"
	"KH-A,Q1,10101,2024Q1,7,\"=1+1\"\n";

/* ---- tests ---- */

static void test_clean_import(void **state)
{
	struct fx *f = *state;
	values_import_result res;
	import_ok(f->d, "off1", CLEAN, 0, &res);
	assert_false(res.dry_run);
	assert_int_equal(res.rows, 4);
	assert_int_equal(res.imported, 4);
	assert_int_equal(res.reports_created, 2);
	assert_int_equal(res.reports_touched, 2);
	assert_int_equal(res.nreport_ids, 2);
	values_import_result_free(&res);
	assert_int_equal(q_int(f->d, SQL_COUNT_REPORTS, NULL), 2);
	assert_int_equal(q_int(f->d, SQL_COUNT_VALUES, NULL), 4);
	assert_true(value(f->d, "10101/202401/M1") == 5);
	assert_true(value(f->d, "10101/202401/M2") == 12.5);
	assert_true(value(f->d, "10101/2024Q1/Q1") == 7);
	char comment[64];
	double v;
	assert_true(value_of(f->d, "10101/2024Q1/Q1", &v, comment, sizeof comment));
	assert_string_equal(comment, "=1+1"); /* a formula-looking cell is just text */
	assert_true(value_of(f->d, "10101/202401/M1", &v, comment, sizeof comment));
	assert_string_equal(comment, "đầu năm");
	/* a draft of the commune's women's union, its deadline from the rules */
	static const char *SQL_REPORT_ROW =
		"SELECT COUNT(*) FROM reports WHERE organization_id = 3 AND status = 'draft'"
		" AND version = 2 AND period = '202401' AND deadline = '2024-01-19T16:59:59Z'"
		" AND created_by = 1";
	assert_int_equal(q_int(f->d, SQL_REPORT_ROW, NULL), 1);
	/* each report: a create and an import event, one audit row */
	static const char *SQL_EVENTS =
		"SELECT COUNT(*) FROM report_events WHERE action = ? AND user_id = 1";
	assert_int_equal(q_int(f->d, SQL_EVENTS, "create"), 2);
	assert_int_equal(q_int(f->d, SQL_EVENTS, "import"), 2);
	assert_int_equal(q_int(f->d, SQL_COUNT_AUDIT, NULL), 2);
	static const char *SQL_AUDIT_IP =
		"SELECT COUNT(*) FROM audit_log WHERE action = 'import' AND user_id = 1"
		" AND ip = ? AND before_json IS NULL AND after_json LIKE '%\"source\":\"test.csv\"%'";
	assert_int_equal(q_int(f->d, SQL_AUDIT_IP, "127.0.0.1"), 2);
}

static void test_dry_run_writes_nothing(void **state)
{
	struct fx *f = *state;
	values_import_result res;
	import_ok(f->d, "off1", CLEAN, 1, &res);
	assert_true(res.dry_run);
	assert_int_equal(res.rows, 4);
	assert_int_equal(res.imported, 4);      /* would be */
	assert_int_equal(res.reports_created, 2);
	assert_int_equal(res.nreport_ids, 0);
	values_import_result_free(&res);
	assert_int_equal(q_int(f->d, SQL_COUNT_REPORTS, NULL), 0);
	assert_int_equal(q_int(f->d, SQL_COUNT_VALUES, NULL), 0);
	assert_int_equal(q_int(f->d, "SELECT COUNT(*) FROM audit_log", NULL), 0);
}

/* Every bad row named with the line it starts on; the good ones not written. */
static void test_bad_rows_named(void **state)
{
	struct fx *f = *state;
	const char *csv =
		"plan,indicator,unit,period,value,comment\n"  /* 1 */
		"KH-A,M1,10101,202401,5,\"hai\ndòng\"\n"      /* 2-3: good */
		"KH-X,M1,10101,202401,5,\n"                   /* 4 */
		"KH-A,M9,10101,202401,5,\n"                   /* 5 */
		"KH-A,M3,10101,202401,5,\"ba\ndòng\nnữa\"\n"  /* 6-8: computed */
		"KH-A,M1,99999,202401,5,\n"                   /* 9 */
		"KH-A,M1,10101,2024M1,5,\n"                   /* 10 */
		"KH-A,M1,10101,202201,5,\n"                   /* 11 */
		"KH-A,M1,10101,2024Q1,5,\n"                   /* 12 */
		"KH-A,M1,10101,202402,=1+1,\n"                /* 13 */
		"KH-A,M1,10101,202403,2.5,\n"                 /* 14 */
		"KH-A,M2,10101,202401,1001,\n"                /* 15 */
		"KH-A,M2,10101,202402,1.25,\n"                /* 16 */
		"KH-A,B1,10101,202401,2,\n"                   /* 17 */
		"KH-A,M1,10101,202401,6,\n"                   /* 18: same as line 2 */
		"KH-A,M1,10102,202401,5,\n"                   /* 19: another union */
		"KH-A,M1,10101,202401\n"                      /* 20 */
		",M1,10101,202401,5,\n"                       /* 21 */
		"\n"                                          /* 22: blank, skipped */
		"KH-A,M1,10101,2024N9,5,\n"                   /* 23 */
		"KH-A,M1,10101,1.234.567,5,\n"                /* 24 */
		"KH-A,M2,10101,202404,\"1.234,5\",\n"          /* 25 */
		"KH-A,M2,10101,202405,-1,\n"                  /* 26 */
		"KH-A,M2,10101,202406,\xC3\x28,\n";           /* 27 */
	values_import_result res;
	assert_int_equal(import_as(f->d, "off1", csv, 0, &res), TD_OK);
	expect_error(&res, 4, "unknown_plan");
	expect_error(&res, 5, "unknown_indicator");
	expect_error(&res, 6, "computed_indicator");
	expect_error(&res, 9, "unknown_unit");
	expect_error(&res, 10, "bad_period");
	expect_error(&res, 11, "period_not_in_plan");
	expect_error(&res, 12, "period_not_reported");
	expect_error(&res, 13, "not_number");
	expect_error(&res, 14, "not_integer");
	expect_error(&res, 15, "above_max");
	expect_error(&res, 16, "too_many_decimals");
	expect_error(&res, 17, "not_boolean");
	expect_error(&res, 18, "duplicate_row");
	expect_error(&res, 19, "forbidden_unit");
	expect_error(&res, 20, "field_count");
	expect_error(&res, 21, "missing_field");
	expect_error(&res, 23, "period_not_reported");
	expect_error(&res, 24, "bad_period");
	expect_error(&res, 25, "not_number");
	expect_error(&res, 26, "below_min");
	expect_error(&res, 27, "not_utf8");
	assert_null(error_at(&res, 2));
	assert_null(error_at(&res, 22));
	assert_int_equal(res.errors_total, 21);
	assert_int_equal(res.rows, 22);
	assert_int_equal(res.imported, 0);
	assert_int_equal(res.reports_created, 0);
	assert_int_equal(res.nreport_ids, 0);
	const char *reason = json_string_value(json_object_get(error_at(&res, 18), "reason"));
	assert_non_null(strstr(reason, "dòng 2"));
	values_import_result_free(&res);
	assert_int_equal(q_int(f->d, SQL_COUNT_REPORTS, NULL), 0);
	assert_int_equal(q_int(f->d, SQL_COUNT_VALUES, NULL), 0);
	assert_int_equal(q_int(f->d, "SELECT COUNT(*) FROM audit_log", NULL), 0);
}

/* A file of many good rows and one bad one changes nothing, not even reports
 * that already exist. */
static void test_all_or_nothing(void **state)
{
	struct fx *f = *state;
	values_import_result res;
	import_ok(f->d, "off1", CLEAN, 0, &res);
	values_import_result_free(&res);
	int64_t version = q_int(f->d, SQL_REPORT_VERSION, "10101/202401");
	size_t cap = 64 * 1024;
	char *csv = malloc(cap);
	assert_non_null(csv);
	size_t n = (size_t)snprintf(csv, cap, "plan,indicator,unit,period,value\n");
	int line = 1, bad_line = 0;
	for (int y = 2023; y <= 2025; y++)
		for (int m = 1; m <= 12; m++) {
			n += (size_t)snprintf(csv + n, cap - n, "KH-A,M1,10101,%d%02d,%d\n", y, m,
					      100 + m);
			n += (size_t)snprintf(csv + n, cap - n, "KH-A,M2,10101,%d%02d,%d.5\n", y, m, m);
			line += 2;
			if (y == 2024 && m == 6) {
				n += (size_t)snprintf(csv + n, cap - n, "KH-A,M2,10101,202406,x\n");
				bad_line = ++line;
			}
		}
	assert_int_equal(import_as(f->d, "off1", csv, 0, &res), TD_OK);
	assert_int_equal(res.errors_total, 1);
	assert_int_equal(res.rows, 73);
	expect_error(&res, bad_line, "not_number");
	values_import_result_free(&res);
	assert_int_equal(q_int(f->d, SQL_COUNT_REPORTS, NULL), 2);
	assert_int_equal(q_int(f->d, SQL_COUNT_VALUES, NULL), 4);
	assert_true(value(f->d, "10101/202401/M1") == 5);
	assert_int_equal(q_int(f->d, SQL_REPORT_VERSION, "10101/202401"), version);
	assert_int_equal(q_int(f->d, SQL_COUNT_AUDIT, NULL), 2);
	/* without the bad row, all of it goes in */
	char *bad = strstr(csv, "KH-A,M2,10101,202406,x\n");
	assert_non_null(bad);
	memmove(bad, bad + strlen("KH-A,M2,10101,202406,x\n"),
		strlen(bad + strlen("KH-A,M2,10101,202406,x\n")) + 1);
	import_ok(f->d, "off1", csv, 0, &res);
	assert_int_equal(res.imported, 72);
	assert_int_equal(res.reports_created, 35); /* 202401 existed */
	values_import_result_free(&res);
	free(csv);
	assert_true(value(f->d, "10101/202401/M1") == 101);
	assert_true(value(f->d, "10101/202512/M2") == 12.5);
}

static void test_same_file_twice(void **state)
{
	struct fx *f = *state;
	values_import_result res;
	import_ok(f->d, "off1", CLEAN, 0, &res);
	values_import_result_free(&res);
	import_ok(f->d, "lead1", CLEAN, 0, &res);
	assert_int_equal(res.reports_created, 0);
	assert_int_equal(res.imported, 4);
	values_import_result_free(&res);
	assert_int_equal(q_int(f->d, SQL_COUNT_REPORTS, NULL), 2);
	assert_int_equal(q_int(f->d, SQL_COUNT_VALUES, NULL), 4);
	assert_true(value(f->d, "10101/202401/M1") == 5);
	assert_true(value(f->d, "10101/202401/M2") == 12.5);
	assert_int_equal(q_int(f->d, SQL_REPORT_VERSION, "10101/202401"), 3);
	/* the second audit row holds the report as it was */
	static const char *SQL_BEFORE =
		"SELECT COUNT(*) FROM audit_log WHERE action = 'import' AND user_id = 3"
		" AND before_json LIKE '%\"version\":2%'";
	assert_int_equal(q_int(f->d, SQL_BEFORE, NULL), 2);
}

static void test_submitted_and_approved_refuse(void **state)
{
	struct fx *f = *state;
	values_import_result res;
	import_ok(f->d, "off1", CLEAN, 0, &res);
	values_import_result_free(&res);
	const char *one = "plan,indicator,unit,period,value\nKH-A,M1,10101,202401,9\n";
	set_status(f->d, "10101/202401", "submitted");
	assert_int_equal(import_as(f->d, "off1", one, 0, &res), TD_OK);
	expect_error(&res, 2, "report_submitted");
	values_import_result_free(&res);
	set_status(f->d, "10101/202401", "approved");
	assert_int_equal(import_as(f->d, "off1", one, 1, &res), TD_OK);
	expect_error(&res, 2, "report_locked");
	values_import_result_free(&res);
	assert_true(value(f->d, "10101/202401/M1") == 5);
	/* returned: editable again */
	set_status(f->d, "10101/202401", "returned");
	import_ok(f->d, "off1", one, 0, &res);
	values_import_result_free(&res);
	assert_true(value(f->d, "10101/202401/M1") == 9);
	static const char *SQL_STILL_RETURNED =
		"SELECT COUNT(*) FROM reports WHERE status = 'returned' AND period = ?";
	assert_int_equal(q_int(f->d, SQL_STILL_RETURNED, "202401"), 1);
}

static void test_who_may_write(void **state)
{
	struct fx *f = *state;
	values_import_result res;
	const char *c1 = "plan,indicator,unit,period,value\nKH-A,M1,10101,202401,1\n";
	const char *c3 = "plan,indicator,unit,period,value\nKH-A,M1,10201,202401,1\n";
	/* another commune's union, the MTTQ at the same commune */
	assert_int_equal(import_as(f->d, "off2", c1, 1, &res), TD_OK);
	expect_error(&res, 2, "forbidden_unit");
	values_import_result_free(&res);
	assert_int_equal(import_as(f->d, "mttq1", c1, 1, &res), TD_OK);
	expect_error(&res, 2, "forbidden_unit");
	values_import_result_free(&res);
	/* an admin over the district: its communes, not the other district's */
	import_ok(f->d, "adm", c1, 1, &res);
	values_import_result_free(&res);
	assert_int_equal(import_as(f->d, "adm", c3, 1, &res), TD_OK);
	expect_error(&res, 2, "forbidden_unit");
	values_import_result_free(&res);
	import_ok(f->d, "root", c3, 0, &res);
	values_import_result_free(&res);
	static const char *SQL_CREATED_BY =
		"SELECT COUNT(*) FROM reports r JOIN users u ON u.id = r.created_by"
		" WHERE u.username = ? AND r.organization_id = 6";
	assert_int_equal(q_int(f->d, SQL_CREATED_BY, "root"), 1);
	/* a viewer does not enter data at all; a disabled user is nobody */
	assert_int_equal(import_as(f->d, "view", c1, 1, &res), TD_EFORBIDDEN);
	assert_int_equal(res.errors_total, 0);
	values_import_result_free(&res);
	values_actor a;
	assert_int_equal(values_import_actor(f->d, "gone", &a), TD_ENOTFOUND);
	assert_int_equal(values_import_actor(f->d, "nobody", &a), TD_ENOTFOUND);
	assert_int_equal(values_import_actor(f->d, "adm", &a), TD_OK);
	assert_string_equal(a.user.unit_path, "/1/2/");
	assert_string_equal(a.user.org_system, "party");
}

static void test_csv_forms(void **state)
{
	struct fx *f = *state;
	values_import_result res;
	/* BOM, ';', CRLF, columns in another order and case, a decimal comma */
	const char *csv = "\xEF\xBB\xBFValue; Period ;UNIT;indicator;plan;comment\r\n"
			  "\"12,5\";202401;10101;M2;KH-A;\"có; chấm phẩy\"\r\n"
			  "  7 ;202401;10101;M1;KH-A;\r\n"
			  "true;202401;10101;B1;KH-A;x\r\n"
			  ";;;;;\r\n";
	import_ok(f->d, "off1", csv, 0, &res);
	assert_int_equal(res.rows, 3);
	values_import_result_free(&res);
	assert_true(value(f->d, "10101/202401/M2") == 12.5);
	assert_true(value(f->d, "10101/202401/M1") == 7);
	assert_true(value(f->d, "10101/202401/B1") == 1);
	char comment[64];
	double v;
	assert_true(value_of(f->d, "10101/202401/M2", &v, comment, sizeof comment));
	assert_string_equal(comment, "có; chấm phẩy");
	/* no comment column: comments stay; an empty value means "not entered" */
	const char *again = "plan,indicator,unit,period,value\nKH-A,M2,10101,202401,\n"
			    "KH-A,M1,10101,202401,8";
	import_ok(f->d, "off1", again, 0, &res);
	values_import_result_free(&res);
	assert_true(value_of(f->d, "10101/202401/M2", &v, comment, sizeof comment));
	assert_true(isnan(v));
	assert_string_equal(comment, "có; chấm phẩy");
	assert_true(value(f->d, "10101/202401/M1") == 8);
	/* an empty comment clears it */
	import_ok(f->d, "off1",
		  "plan,indicator,unit,period,value,comment\nKH-A,M2,10101,202401,3,\n", 0, &res);
	values_import_result_free(&res);
	assert_true(value_of(f->d, "10101/202401/M2", &v, comment, sizeof comment));
	assert_string_equal(comment, "");
}

static void expect_file_error(db *d, const char *csv, size_t len, int line, const char *code)
{
	values_actor a;
	assert_int_equal(values_import_actor(d, "off1", &a), TD_OK);
	values_import_opts o = {&a.user, NULL, NULL, 0};
	values_import_result res;
	assert_int_equal(values_import_csv(d, &o, csv, len, &res), TD_OK);
	expect_error(&res, line, code);
	assert_int_equal(res.imported, 0);
	values_import_result_free(&res);
	assert_int_equal(q_int(d, SQL_COUNT_REPORTS, NULL), 0);
}

static void test_file_faults(void **state)
{
	struct fx *f = *state;
	const char *row = "KH-A,M1,10101,202401,5\n";
	char buf[4096];
	expect_file_error(f->d, "", 0, 1, "empty_file");
	expect_file_error(f->d, "\n\n", 2, 1, "empty_file");
	snprintf(buf, sizeof buf, "plan,indicator,unit,period\n%s", row);
	expect_file_error(f->d, buf, strlen(buf), 1, "bad_header");
	snprintf(buf, sizeof buf, "plan,indicator,unit,period,value,note\n%s", row);
	expect_file_error(f->d, buf, strlen(buf), 1, "bad_header");
	snprintf(buf, sizeof buf, "plan,plan,indicator,unit,period,value\n%s", row);
	expect_file_error(f->d, buf, strlen(buf), 1, "bad_header");
	snprintf(buf, sizeof buf, "plan,indicator,unit,period,value\n%sKH-A,M1,\"10101,202402,5\n",
		 row);
	expect_file_error(f->d, buf, strlen(buf), 3, "bad_csv");
	snprintf(buf, sizeof buf, "plan,indicator,unit,period,value\n%sKH-A,M\"1,10101,202402,5\n",
		 row);
	expect_file_error(f->d, buf, strlen(buf), 3, "bad_csv");
	const char nul[] = "plan,indicator,unit,period,value\nKH-A,M1,10101,2024\0001,5\n";
	expect_file_error(f->d, nul, sizeof nul - 1, 2, "not_text");
	/* a field over 1 KiB */
	char *big = malloc(8192);
	assert_non_null(big);
	size_t n = (size_t)snprintf(big, 8192, "plan,indicator,unit,period,value,comment\n%s",
				    "KH-A,M1,10101,202401,5,");
	memset(big + n, 'a', 1025);
	memcpy(big + n + 1025, "\n", 2);
	expect_file_error(f->d, big, strlen(big), 2, "field_too_long");
	free(big);
}

static void test_dhis2_import(void **state)
{
	struct fx *f = *state;
	values_actor a;
	assert_int_equal(values_import_actor(f->d, "off1", &a), TD_OK);
	values_import_opts o = {&a.user, NULL, "DHIS2", 0};
	values_import_result res;
	const char *doc = "{\"orgUnit\": \"10101\", \"dataValues\": [\n"
			  "  {\"dataElement\": \"M1\", \"period\": \"202401\", \"value\": \"4\"},\n"
			  "  {\"dataElement\": \"M1\", \"period\": \"2024N9\", \"value\": \"4\"},\n"
			  "  {\"dataElement\": \"M1\", \"period\": \"2024W3\", \"value\": \"4\"},\n"
			  "  {\"dataElement\": \"M2\", \"period\": \"202401\", \"value\": 2,"
			  " \"deleted\": true},\n"
			  "  {\"dataElement\": \"Q1\", \"period\": \"2024Q1\", \"value\": 3,"
			  " \"comment\": \"=SUM(A1)\"}\n]}";
	td_error te = {0};
	assert_int_equal(values_import_dhis2(f->d, &o, "KH-A", doc, strlen(doc), &res, &te), TD_OK);
	assert_int_equal(res.rows, 5);
	assert_int_equal(res.errors_total, 3);
	expect_error(&res, 3, "bad_period");
	expect_error(&res, 4, "bad_period");
	expect_error(&res, 5, "deleted_value");
	json_t *e = error_at(&res, 3);
	assert_int_equal(json_integer_value(json_object_get(e, "index")), 1);
	assert_non_null(strstr(json_string_value(json_object_get(e, "reason")), "N9"));
	values_import_result_free(&res);
	assert_int_equal(q_int(f->d, SQL_COUNT_REPORTS, NULL), 0);
	/* the good values alone */
	const char *good = "{\"orgUnit\": \"10101\", \"dataValues\": [\n"
			   "  {\"dataElement\": \"M1\", \"period\": \"202401\", \"value\": \"4\"},\n"
			   "  {\"dataElement\": \"Q1\", \"period\": \"2024Q1\", \"value\": 3,"
			   " \"comment\": \"=SUM(A1)\"}\n]}";
	assert_int_equal(values_import_dhis2(f->d, &o, "KH-A", good, strlen(good), &res, &te),
			 TD_OK);
	assert_int_equal(res.errors_total, 0);
	assert_int_equal(res.imported, 2);
	values_import_result_free(&res);
	assert_true(value(f->d, "10101/202401/M1") == 4);
	char comment[64];
	double v;
	assert_true(value_of(f->d, "10101/2024Q1/Q1", &v, comment, sizeof comment));
	assert_string_equal(comment, "=SUM(A1)");
	/* a broken document: one error with its line; an unknown plan: refused first */
	const char *broken = "{\"dataValues\": [\n{\"dataElement\": \"M1\",\n\"value\": }]}";
	assert_int_equal(values_import_dhis2(f->d, &o, "KH-A", broken, strlen(broken), &res, &te),
			 TD_OK);
	assert_int_equal(res.errors_total, 1);
	expect_error(&res, 3, "bad_document");
	values_import_result_free(&res);
	assert_int_equal(values_import_dhis2(f->d, &o, "KH-Z", good, strlen(good), &res, &te),
			 TD_EINVALID);
	assert_string_equal(te.code, "unknown_plan");
	values_import_result_free(&res);
}

static void test_export(void **state)
{
	struct fx *f = *state;
	values_import_result res;
	const char *csv = "plan,indicator,unit,period,value,comment\n"
			  "KH-A,M1,10101,202401,5,\"=1+1\"\n"
			  "KH-A,M2,10101,202401,,\n"
			  "KH-A,M1,10101,202402,6,\n"
			  "KH-A,Q1,10101,2024Q1,7,\n";
	import_ok(f->d, "off1", csv, 0, &res);
	values_import_result_free(&res);
	import_ok(f->d, "off2", "plan,indicator,unit,period,value\nKH-A,M1,10102,202401,8\n", 0,
		  &res);
	values_import_result_free(&res);
	set_status(f->d, "10101/202401", "approved");
	set_status(f->d, "10101/2024Q1", "approved");
	set_status(f->d, "10102/202401", "approved");
	/* 202402 stays a draft: not exported */
	values_actor a;
	assert_int_equal(values_import_actor(f->d, "root", &a), TD_OK);
	int64_t plan = 0;
	assert_int_equal(values_plan_by_code(f->d, "KH-A", &plan), TD_OK);
	values_export_filter flt = {.plan_id = plan, .viewer = &a.user};
	json_t *doc = NULL;
	assert_int_equal(values_export_dhis2(f->d, &flt, &doc), TD_OK);
	json_t *arr = json_object_get(doc, "dataValues");
	assert_int_equal(json_array_size(arr), 3); /* M2 was not entered */
	json_t *first = json_array_get(arr, 0);
	assert_string_equal(json_string_value(json_object_get(first, "dataElement")), "M1");
	assert_string_equal(json_string_value(json_object_get(first, "period")), "202401");
	assert_string_equal(json_string_value(json_object_get(first, "orgUnit")), "10101");
	assert_string_equal(json_string_value(json_object_get(first, "value")), "5");
	assert_string_equal(json_string_value(json_object_get(first, "comment")), "=1+1");
	json_decref(doc);
	/* a period (months and quarters inside it), a unit */
	period q;
	assert_int_equal(period_parse("2024Q1", &q), TD_OK);
	flt.p = &q;
	flt.unit_path = "/1/2/3/";
	assert_int_equal(values_export_dhis2(f->d, &flt, &doc), TD_OK);
	assert_int_equal(json_array_size(json_object_get(doc, "dataValues")), 2);
	json_decref(doc);
	/* a commune sees its own values, not its neighbour's */
	assert_int_equal(values_import_actor(f->d, "off2", &a), TD_OK);
	flt = (values_export_filter){.plan_id = plan, .viewer = &a.user};
	assert_int_equal(values_export_dhis2(f->d, &flt, &doc), TD_OK);
	arr = json_object_get(doc, "dataValues");
	assert_int_equal(json_array_size(arr), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(arr, 0), "orgUnit")),
			    "10102");
	json_decref(doc);
	flt.viewer = NULL;
	assert_int_equal(values_export_dhis2(f->d, &flt, &doc), TD_EINVALID);
}

/* One good row, then duplicates past the cap: reading stops at the cap. */
static void test_row_cap(void **state)
{
	struct fx *f = *state;
	const char *head = "plan,indicator,unit,period,value\n";
	const char *row = "KH-A,M1,10101,202401,5\n";
	size_t rl = strlen(row), n = strlen(head);
	char *csv = malloc(n + rl * (VALUES_IMPORT_ROWS_MAX + 1) + 1);
	assert_non_null(csv);
	memcpy(csv, head, n);
	for (int i = 0; i <= VALUES_IMPORT_ROWS_MAX; i++, n += rl)
		memcpy(csv + n, row, rl);
	csv[n] = 0;
	values_import_result res;
	assert_int_equal(import_as(f->d, "off1", csv, 1, &res), TD_OK);
	assert_int_equal(res.rows, VALUES_IMPORT_ROWS_MAX);
	assert_int_equal(res.errors_total, VALUES_IMPORT_ROWS_MAX); /* duplicates + the cap */
	assert_int_equal(json_array_size(res.errors), VALUES_IMPORT_ERRORS_KEPT);
	values_import_result_free(&res);
	free(csv);
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* 50,000 rows over 463 communes: checked, then imported; the figure is printed. */
static void test_throughput_50k(void **state)
{
	struct fx *f = *state;
	enum { COMMUNES = 463, ROWS = 50000 };
	/* 463 more communes under district 102 (codes 90000..90462), each with its
	 * women's union */
	static const char *MORE =
		"WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 462)"
		" INSERT INTO org_units(id, code, parent_id, level, name, full_name, path, depth,"
		" search, sort_key) SELECT 1000 + i, '9' || substr('0000' || i, -4), 5, 'commune',"
		" 'Xã ' || i, 'Xã ' || i, '/1/5/' || (1000 + i) || '/', 2, '', '' FROM n;"
		"INSERT INTO organizations(code, name, system, unit_id, search, sort_key, created_at,"
		" updated_at) SELECT 'women-' || code, 'Hội LHPN ' || name, 'women', id, '', '', 't',"
		" 't' FROM org_units WHERE id >= 1000;";
	assert_int_equal(db_exec_script(f->d, MORE), TD_OK);
	size_t cap = (size_t)ROWS * 64 + 64;
	char *csv = malloc(cap);
	assert_non_null(csv);
	size_t n = (size_t)snprintf(csv, cap, "plan,indicator,unit,period,value,comment\n");
	static const char *const inds[] = {"M1", "M2", "B1"};
	int rows = 0;
	for (int i = 0; i < COMMUNES && rows < ROWS; i++)
		for (int y = 2023; y <= 2025 && rows < ROWS; y++)
			for (int m = 1; m <= 12 && rows < ROWS; m++)
				for (int k = 0; k < 3 && rows < ROWS; k++, rows++)
					n += (size_t)snprintf(csv + n, cap - n,
							      "KH-A,%s,9%04d,%d%02d,%d,%s\n", inds[k], i,
							      y, m, k == 2 ? 1 : m + i % 7,
							      k == 1 ? "ghi chú" : "");
	assert_int_equal(rows, ROWS);
	values_import_result res;
	double t0 = now_s();
	import_ok(f->d, "root", csv, 1, &res);
	double t1 = now_s();
	assert_int_equal(res.rows, ROWS);
	values_import_result_free(&res);
	import_ok(f->d, "root", csv, 0, &res);
	double t2 = now_s();
	assert_int_equal(res.imported, ROWS);
	assert_int_equal(res.reports_created, 16667); /* ceil(50000 / 3) */
	values_import_result_free(&res);
	assert_int_equal(q_int(f->d, SQL_COUNT_VALUES, NULL), ROWS);
	printf("# throughput: 50000 rows, %zu bytes: dry run %.2f s (%.0f rows/s),"
	       " import %.2f s (%.0f rows/s)\n",
	       n, t1 - t0, ROWS / (t1 - t0), t2 - t1, ROWS / (t2 - t1));
	free(csv);
}

/* Names quoted in messages: short ones whole, long ones cut at 45 bytes or less
 * without splitting a character, then "...". */
static void test_shown_names(void **state)
{
	(void)state;
	char buf[64];
	assert_string_equal(values_show("KH-A", buf), "KH-A");
	char ascii[61];
	memset(ascii, 'x', 60);
	ascii[60] = 0;
	const char *s = values_show(ascii, buf);
	assert_int_equal(strlen(s), 48);
	assert_string_equal(s + 45, "...");
	assert_memory_equal(s, ascii, 45);
	/* 44 ASCII bytes then "ệ" (3 bytes): byte 45 is inside it, so the cut is at 44 */
	char vn[80];
	snprintf(vn, sizeof vn, "%.44s%s%s", ascii, "ệ", "ABCDEFGH");
	s = values_show(vn, buf);
	assert_int_equal(strlen(s), 47);
	assert_string_equal(s + 44, "...");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shown_names),
		cmocka_unit_test_setup_teardown(test_clean_import, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dry_run_writes_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_rows_named, setup, teardown),
		cmocka_unit_test_setup_teardown(test_all_or_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_same_file_twice, setup, teardown),
		cmocka_unit_test_setup_teardown(test_submitted_and_approved_refuse, setup, teardown),
		cmocka_unit_test_setup_teardown(test_who_may_write, setup, teardown),
		cmocka_unit_test_setup_teardown(test_csv_forms, setup, teardown),
		cmocka_unit_test_setup_teardown(test_file_faults, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dhis2_import, setup, teardown),
		cmocka_unit_test_setup_teardown(test_export, setup, teardown),
		cmocka_unit_test_setup_teardown(test_row_cap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_throughput_50k, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
