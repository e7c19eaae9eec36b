/* test_units_import.c — importing the official unit list: the tree paths, the
 * all-or-nothing rule with the bad line named, idempotent re-import, and the
 * checks an administrator relies on (parents, codes, UTF-8, NFC). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "store/db.h"
#include "store/units_import.h"

struct fixture {
	char dir[256];
	db *d;
};

static const char *SQL_COUNT_UNITS = "SELECT COUNT(*) FROM org_units";
static const char *SQL_COUNT_IMPORT_AUDIT =
	"SELECT COUNT(*) FROM audit_log WHERE entity = 'org_units' AND action = 'import'";
static const char *SQL_UNIT_BY_CODE =
	"SELECT id, path, depth, name, full_name, search, sort_key, kind, level"
	" FROM org_units WHERE code = ?";
static const char *SQL_UNIT_ID = "SELECT id FROM org_units WHERE code = ?";
static const char *SQL_LAST_AUDIT =
	"SELECT after_json FROM audit_log ORDER BY id DESC LIMIT 1";

static char *read_all(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *buf = malloc((size_t)n + 1);
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
	struct fixture *fx = calloc(1, sizeof *fx);
	const char *tmp = getenv("TMPDIR");
	snprintf(fx->dir, sizeof fx->dir, "%s/tiendo-units-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(fx->dir)) {
		free(fx);
		return -1;
	}
	char path[300], err[256];
	snprintf(path, sizeof path, "%s/test.db", fx->dir);
	if (db_open(path, &fx->d, err, sizeof err) != TD_OK) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	char *schema = read_all("sql/001_init.sql");
	if (!schema) {
		fprintf(stderr, "run the tests from the repository root (sql/001_init.sql)\n");
		return -1;
	}
	tderr e = db_exec_script(fx->d, schema);
	free(schema);
	if (e != TD_OK) {
		fprintf(stderr, "schema: %s\n", db_errmsg(fx->d));
		return -1;
	}
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;
	db_close(fx->d);
	char cmd[400];
	const char *names[] = {"test.db", "test.db-wal", "test.db-shm", "units.csv", "more.csv"};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		snprintf(cmd, sizeof cmd, "%s/%s", fx->dir, names[i]);
		unlink(cmd);
	}
	rmdir(fx->dir);
	free(fx);
	return 0;
}

/* Writes text to DIR/name and returns the path (static buffer per name). */
static const char *write_csv(struct fixture *fx, const char *name, const char *text)
{
	static char path[2][300];
	char *p = path[strcmp(name, "units.csv") == 0 ? 0 : 1];
	snprintf(p, 300, "%s/%s", fx->dir, name);
	FILE *f = fopen(p, "wb");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	return p;
}

static int64_t one_int(db *d, const char *sql)
{
	db_stmt *s = db_prepare(d, sql);
	assert_non_null(s);
	tderr e;
	assert_int_equal(db_step(s, &e), DB_ROW);
	int64_t v = db_col_int(s, 0);
	db_reset(s);
	return v;
}

struct unit {
	int64_t id, depth;
	char path[64], name[256], full_name[256], search[256], sort_key[512], kind[32],
		level[16];
};

static void get_unit(db *d, const char *code, struct unit *u)
{
	db_stmt *s = db_prepare(d, SQL_UNIT_BY_CODE);
	assert_non_null(s);
	db_bind_text(s, 1, code);
	tderr e;
	assert_int_equal(db_step(s, &e), DB_ROW);
	u->id = db_col_int(s, 0);
	snprintf(u->path, sizeof u->path, "%s", db_col_text(s, 1));
	u->depth = db_col_int(s, 2);
	snprintf(u->name, sizeof u->name, "%s", db_col_text(s, 3));
	snprintf(u->full_name, sizeof u->full_name, "%s", db_col_text(s, 4));
	snprintf(u->search, sizeof u->search, "%s", db_col_text(s, 5));
	snprintf(u->sort_key, sizeof u->sort_key, "%s", db_col_text(s, 6));
	snprintf(u->kind, sizeof u->kind, "%s", db_col_text(s, 7));
	snprintf(u->level, sizeof u->level, "%s", db_col_text(s, 8));
	db_reset(s);
}

static const char *SMALL =
	"code,parent_code,level,type,name,full_name\n"
	"24,,province,tinh,Bắc Giang,Tỉnh Bắc Giang\n"
	"217,24,district,huyen,Lạng Giang,Huyện Lạng Giang\n"
	"07375,217,commune,thi-tran,Vôi,Thị trấn Vôi\n"
	"07411,217,commune,xa,Tân Thanh,Xã Tân Thanh\n"
	"213,24,district,thanh-pho,Bắc Giang,Thành phố Bắc Giang\n"
	"07201,213,commune,phuong,Thọ Xương,Phường Thọ Xương\n";

static void test_import_builds_tree(void **state)
{
	struct fixture *fx = *state;
	char err[256];
	int count = -1;
	const char *p = write_csv(fx, "units.csv", SMALL);
	assert_int_equal(units_import_csv(fx->d, p, NULL, &count, err, sizeof err), TD_OK);
	assert_int_equal(count, 6);
	assert_int_equal(one_int(fx->d, SQL_COUNT_UNITS), 6);

	struct unit prov, lg, voi, tp, tx;
	get_unit(fx->d, "24", &prov);
	get_unit(fx->d, "217", &lg);
	get_unit(fx->d, "07375", &voi);
	get_unit(fx->d, "213", &tp);
	get_unit(fx->d, "07201", &tx);
	char want[64];
	snprintf(want, sizeof want, "/%lld/", (long long)prov.id);
	assert_string_equal(prov.path, want);
	assert_int_equal(prov.depth, 0);
	snprintf(want, sizeof want, "/%lld/%lld/", (long long)prov.id, (long long)lg.id);
	assert_string_equal(lg.path, want);
	assert_int_equal(lg.depth, 1);
	snprintf(want, sizeof want, "/%lld/%lld/%lld/", (long long)prov.id, (long long)lg.id,
		 (long long)voi.id);
	assert_string_equal(voi.path, want);
	assert_int_equal(voi.depth, 2);
	snprintf(want, sizeof want, "/%lld/%lld/%lld/", (long long)prov.id, (long long)tp.id,
		 (long long)tx.id);
	assert_string_equal(tx.path, want);

	assert_string_equal(lg.search, "huyen lang giang lang giang");
	assert_string_equal(voi.search, "thi tran voi voi");
	assert_string_equal(voi.kind, "thi-tran");
	assert_string_equal(voi.level, "commune");
	assert_true(strlen(voi.sort_key) > 0);
	assert_true(strspn(voi.sort_key, "0123456789abcdef") == strlen(voi.sort_key));

	assert_int_equal(one_int(fx->d, SQL_COUNT_IMPORT_AUDIT), 1);
	db_stmt *s = db_prepare(fx->d, SQL_LAST_AUDIT);
	tderr e;
	assert_int_equal(db_step(s, &e), DB_ROW);
	assert_non_null(strstr(db_col_text(s, 0), "\"count\":6"));
	assert_non_null(strstr(db_col_text(s, 0), "\"file\":\"units.csv\""));
	db_reset(s);
}

static void test_bad_row_rolls_back_everything(void **state)
{
	struct fixture *fx = *state;
	char err[256];
	int count = -1;
	/* line 4 names a parent that exists nowhere */
	const char *p = write_csv(fx, "units.csv",
				  "code,parent_code,level,type,name,full_name\n"
				  "24,,province,tinh,Bắc Giang,Tỉnh Bắc Giang\n"
				  "217,24,district,huyen,Lạng Giang,Huyện Lạng Giang\n"
				  "07375,999,commune,thi-tran,Vôi,Thị trấn Vôi\n"
				  "07411,217,commune,xa,Tân Thanh,Xã Tân Thanh\n");
	assert_int_equal(units_import_csv(fx->d, p, NULL, &count, err, sizeof err), TD_EINVALID);
	assert_non_null(strstr(err, "line 4:"));
	assert_non_null(strstr(err, "999"));
	assert_int_equal(count, 0);
	assert_int_equal(one_int(fx->d, SQL_COUNT_UNITS), 0);
	assert_int_equal(one_int(fx->d, SQL_COUNT_IMPORT_AUDIT), 0);
	assert_false(db_in_tx(fx->d));

	/* the same file corrected goes in whole */
	p = write_csv(fx, "units.csv", SMALL);
	assert_int_equal(units_import_csv(fx->d, p, NULL, &count, err, sizeof err), TD_OK);
	assert_int_equal(one_int(fx->d, SQL_COUNT_UNITS), 6);
}

static void expect_line_error(struct fixture *fx, const char *csv, const char *line,
			      const char *words)
{
	char err[256];
	int count = -1;
	const char *p = write_csv(fx, "units.csv", csv);
	assert_int_equal(units_import_csv(fx->d, p, NULL, &count, err, sizeof err), TD_EINVALID);
	if (!strstr(err, line) || !strstr(err, words))
		fail_msg("error \"%s\" should name \"%s\" and \"%s\"", err, line, words);
	assert_int_equal(one_int(fx->d, SQL_COUNT_UNITS), 0);
}

static void test_row_checks(void **state)
{
	struct fixture *fx = *state;
	const char *h = "code,parent_code,level,type,name,full_name\n";
	const char *prov = "24,,province,tinh,Bắc Giang,Tỉnh Bắc Giang\n";
	char csv[1024];

	expect_line_error(fx, "code,parent,level,name\n", "line 1:", "parent");
	expect_line_error(fx, "code,level,name\n", "line 1:", "parent_code");
	expect_line_error(fx, "", "line 1:", "header");
	snprintf(csv, sizeof csv, "%s%s2a7,24,district,huyen,X,Huyện X\n", h, prov);
	expect_line_error(fx, csv, "line 3:", "digits");
	snprintf(csv, sizeof csv, "%s%s12345678901,24,district,huyen,X,X\n", h, prov);
	expect_line_error(fx, csv, "line 3:", "digits");
	snprintf(csv, sizeof csv, "%s%s217,24,county,huyen,X,X\n", h, prov);
	expect_line_error(fx, csv, "line 3:", "level");
	snprintf(csv, sizeof csv, "%s%s217,,district,huyen,X,X\n", h, prov);
	expect_line_error(fx, csv, "line 3:", "parent");
	snprintf(csv, sizeof csv, "%s%s07375,24,commune,xa,X,X\n07352,07375,district,huyen,Y,Y\n",
		 h, prov);
	expect_line_error(fx, csv, "line 4:", "cannot lie under");
	snprintf(csv, sizeof csv, "%s%s217,24,district,huyen,A,A\n217,24,district,huyen,B,B\n", h,
		 prov);
	expect_line_error(fx, csv, "line 4:", "twice");
	snprintf(csv, sizeof csv, "%s%s217,24,district,huyen,B\xE1\xBA,B\n", h, prov);
	expect_line_error(fx, csv, "line 3:", "UTF-8");
	snprintf(csv, sizeof csv, "%s%s217,24,district,huyen,\"A\nB\",X\n", h, prov);
	expect_line_error(fx, csv, "line 4:", "line break");
	snprintf(csv, sizeof csv, "%s%s217,24,district,huyen,%0201d,X\n", h, prov, 0);
	expect_line_error(fx, csv, "line 3:", "200");
	snprintf(csv, sizeof csv, "%s%s217,24,district,huyen,A\n", h, prov);
	expect_line_error(fx, csv, "line 3:", "fields");
	snprintf(csv, sizeof csv, "%s%s217,24,district,huyen,\"A,B\n", h, prov);
	expect_line_error(fx, csv, "line 3", "CSV");
}

static void test_reimport_is_idempotent(void **state)
{
	struct fixture *fx = *state;
	char err[256];
	int count = -1;
	const char *p = write_csv(fx, "units.csv", SMALL);
	assert_int_equal(units_import_csv(fx->d, p, "2023-04-01", &count, err, sizeof err), TD_OK);
	struct unit before, after;
	get_unit(fx->d, "07411", &before);
	assert_int_equal(units_import_csv(fx->d, p, "2023-04-01", &count, err, sizeof err), TD_OK);
	assert_int_equal(count, 6);
	assert_int_equal(one_int(fx->d, SQL_COUNT_UNITS), 6);
	get_unit(fx->d, "07411", &after);
	assert_int_equal(after.id, before.id);
	assert_string_equal(after.path, before.path);
	assert_string_equal(after.sort_key, before.sort_key);
	assert_int_equal(one_int(fx->d, SQL_COUNT_IMPORT_AUDIT), 2);

	/* a corrected name updates the same unit */
	const char *fixed = "code,parent_code,level,type,name,full_name\n"
			    "24,,province,tinh,Bắc Giang,Tỉnh Bắc Giang\n"
			    "217,24,district,huyen,Lạng Giang,Huyện Lạng Giang\n"
			    "07411,217,commune,xa,Tân Thạnh,Xã Tân Thạnh\n";
	p = write_csv(fx, "units.csv", fixed);
	assert_int_equal(units_import_csv(fx->d, p, "2023-04-01", &count, err, sizeof err), TD_OK);
	assert_int_equal(count, 3);
	get_unit(fx->d, "07411", &after);
	assert_int_equal(after.id, before.id);
	assert_string_equal(after.name, "Tân Thạnh");
	assert_string_equal(after.search, "xa tan thanh tan thanh");
	assert_int_equal(one_int(fx->d, SQL_COUNT_UNITS), 6);

	/* moving a unit to another parent is not a correction */
	const char *moved = "code,parent_code,level,type,name,full_name\n"
			    "07411,213,commune,xa,Tân Thanh,Xã Tân Thanh\n";
	p = write_csv(fx, "units.csv", moved);
	assert_int_equal(units_import_csv(fx->d, p, "2023-04-01", &count, err, sizeof err),
			 TD_EINVALID);
	assert_non_null(strstr(err, "line 2:"));
	get_unit(fx->d, "07411", &after);
	assert_string_equal(after.path, before.path);
}

static void test_parent_from_database_and_nfc(void **state)
{
	struct fixture *fx = *state;
	char err[256];
	int count = -1;
	const char *p = write_csv(fx, "units.csv",
				  "code,parent_code,level,type,name,full_name\n"
				  "24,,province,tinh,Bắc Giang,Tỉnh Bắc Giang\n"
				  "217,24,district,huyen,Lạng Giang,Huyện Lạng Giang\n");
	assert_int_equal(units_import_csv(fx->d, p, NULL, &count, err, sizeof err), TD_OK);
	/* columns in another order, a quoted name, a decomposed "ạ", a BOM, CRLF */
	const char *more = "\xEF\xBB\xBF" "name,code,level,parent_code\r\n"
			   "\"Xương Lâm, mới\",07399,commune,217\r\n"
			   "Tân Thanh,07411,commune,217\r\n"
			   "Ta\xCC\xA3i,07400,commune,217\r\n";
	p = write_csv(fx, "more.csv", more);
	assert_int_equal(units_import_csv(fx->d, p, NULL, &count, err, sizeof err), TD_OK);
	assert_int_equal(count, 3);
	struct unit lg, xl, tai;
	get_unit(fx->d, "217", &lg);
	get_unit(fx->d, "07399", &xl);
	get_unit(fx->d, "07400", &tai);
	assert_string_equal(xl.name, "Xương Lâm, mới");
	assert_string_equal(xl.full_name, "Xương Lâm, mới");
	assert_int_equal(strncmp(xl.path, lg.path, strlen(lg.path)), 0);
	assert_string_equal(tai.name, "Tại");
	assert_string_equal(tai.search, "tai tai");
}

static void test_parent_in_force_on_date(void **state)
{
	struct fixture *fx = *state;
	char err[256];
	int count = -1;
	const char *p = write_csv(fx, "units.csv", SMALL);
	assert_int_equal(units_import_csv(fx->d, p, "2023-04-01", &count, err, sizeof err), TD_OK);
	/* a unit list dated before the province existed cannot hang under it */
	p = write_csv(fx, "more.csv",
		      "code,parent_code,level,name\n"
		      "219,24,district,Lục Nam\n");
	assert_int_equal(units_import_csv(fx->d, p, "2020-01-01", &count, err, sizeof err),
			 TD_EINVALID);
	assert_non_null(strstr(err, "line 2:"));
	assert_int_equal(units_import_csv(fx->d, p, "2023-13-01", &count, err, sizeof err),
			 TD_EINVALID);
	assert_int_equal(units_import_csv(fx->d, p, "2024-01-01", &count, err, sizeof err), TD_OK);
	assert_int_equal(one_int(fx->d, SQL_COUNT_UNITS), 7);
}

static void test_real_province(void **state)
{
	struct fixture *fx = *state;
	char err[256];
	int count = -1;
	if (access("seed/units/bac-giang-2023.csv", R_OK) != 0)
		skip();
	assert_int_equal(units_import_csv(fx->d, "seed/units/bac-giang-2023.csv", NULL, &count,
					  err, sizeof err),
			 TD_OK);
	assert_int_equal(count, 220);
	struct unit lg, tt;
	get_unit(fx->d, "217", &lg);
	assert_string_equal(lg.full_name, "Huyện Lạng Giang");
	db_stmt *s = db_prepare(fx->d, SQL_UNIT_ID);
	db_bind_text(s, 1, "24");
	tderr e;
	assert_int_equal(db_step(s, &e), DB_ROW);
	db_reset(s);
	get_unit(fx->d, "07201", &tt);
	assert_int_equal(tt.depth, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_import_builds_tree, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_row_rolls_back_everything, setup, teardown),
		cmocka_unit_test_setup_teardown(test_row_checks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reimport_is_idempotent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_parent_from_database_and_nfc, setup, teardown),
		cmocka_unit_test_setup_teardown(test_parent_in_force_on_date, setup, teardown),
		cmocka_unit_test_setup_teardown(test_real_province, setup, teardown),
	};
	return cmocka_run_group_tests_name("units_import", tests, NULL, NULL);
}
