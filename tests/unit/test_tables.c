/* test_tables.c — the table list that `tiendo copy` walks is the schema: every
 * table of a freshly migrated database, in foreign-key order, with its primary key
 * and self references; and the copy itself keeps every value (child rows before
 * their parents, NULL apart from '' and 0) with fingerprints that see a change. */
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
#include "store/dbcopy.h"
#include "store/migrate.h"
#include "store/tables.h"

struct fixture {
	char dir[256];
	db *a, *b;
};

static const char *SQL_TABLES =
	"SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
	" AND name <> 'schema_migrations' ORDER BY name";
static const char *SQL_FKS = "SELECT \"table\", \"from\" FROM pragma_foreign_key_list(?)";
static const char *SQL_PK = "SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk";
static const char *SQL_PK_TYPE = "SELECT type FROM pragma_table_info(?) WHERE pk > 0";

static db *open_migrated(const char *dir, const char *name)
{
	char path[400], err[256];
	db *d = NULL;
	snprintf(path, sizeof path, "%s/%s", dir, name);
	if (db_open(path, &d, err, sizeof err) != TD_OK)
		return NULL;
	int n = 0;
	if (migrate_apply(d, &n, err, sizeof err) != TD_OK) {
		db_close(d);
		return NULL;
	}
	return d;
}

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof *fx);
	const char *tmp = getenv("TMPDIR");
	snprintf(fx->dir, sizeof fx->dir, "%s/tiendo-tables-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(fx->dir) || !(fx->a = open_migrated(fx->dir, "a.db")) ||
	    !(fx->b = open_migrated(fx->dir, "b.db")))
		return -1;
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;
	db_close(fx->a);
	db_close(fx->b);
	dbcopy_release();
	char cmd[400];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", fx->dir);
	if (system(cmd) != 0)
		return -1;
	free(fx);
	return 0;
}

static int table_index(const char *name)
{
	for (size_t i = 0; i < store_tables_count; i++)
		if (strcmp(store_tables[i].name, name) == 0)
			return (int)i;
	return -1;
}

/* 1 when col is in the comma-separated list (spaces after commas allowed). */
static int in_list(const char *list, const char *col)
{
	if (!list)
		return 0;
	size_t n = strlen(col);
	for (const char *p = list; *p;) {
		while (*p == ' ')
			p++;
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len == n && strncmp(p, col, n) == 0)
			return 1;
		if (!end)
			break;
		p = end + 1;
	}
	return 0;
}

static size_t list_len(const char *list)
{
	if (!list)
		return 0;
	size_t n = 1;
	for (const char *p = list; *p; p++)
		n += *p == ',';
	return n;
}

/* The list names exactly the tables of the migrated schema. */
static void list_is_the_schema(void **state)
{
	struct fixture *fx = *state;
	db_stmt *s = db_prepare(fx->a, SQL_TABLES);
	assert_non_null(s);
	size_t n = 0;
	tderr e = TD_OK;
	while (db_step(s, &e) == DB_ROW) {
		const char *name = db_col_text(s, 0);
		if (table_index(name) < 0)
			fail_msg("table %s is in the schema but not in src/store/tables.c", name);
		n++;
	}
	db_reset(s);
	assert_int_equal(e, TD_OK);
	assert_int_equal(n, store_tables_count); /* no table listed twice or missing */
}

/* Every table comes after the tables it refers to; references to itself are
 * exactly its self_refs; order_by is its primary key; has_id says "id INTEGER". */
static void list_respects_foreign_keys(void **state)
{
	struct fixture *fx = *state;
	for (size_t i = 0; i < store_tables_count; i++) {
		const store_table *t = &store_tables[i];
		db_stmt *s = db_prepare(fx->a, SQL_FKS);
		db_bind_text(s, 1, t->name);
		size_t selfs = 0;
		while (db_step(s, NULL) == DB_ROW) {
			const char *target = db_col_text(s, 0), *col = db_col_text(s, 1);
			int j = table_index(target);
			if (j < 0 || (size_t)j > i)
				fail_msg("%s.%s refers to %s, which is not listed before it", t->name, col, target);
			if ((size_t)j == i) {
				if (!in_list(t->self_refs, col))
					fail_msg("%s.%s refers to its own table: add it to self_refs", t->name, col);
				selfs++;
			}
		}
		db_reset(s);
		assert_int_equal(selfs, list_len(t->self_refs));

		s = db_prepare(fx->a, SQL_PK);
		db_bind_text(s, 1, t->name);
		size_t pk = 0;
		while (db_step(s, NULL) == DB_ROW) {
			if (!in_list(t->order_by, db_col_text(s, 0)))
				fail_msg("%s: order_by '%s' is not its primary key", t->name, t->order_by);
			pk++;
		}
		db_reset(s);
		assert_int_equal(pk, list_len(t->order_by));

		s = db_prepare(fx->a, SQL_PK_TYPE);
		db_bind_text(s, 1, t->name);
		int id_int = pk == 1 && strcmp(t->order_by, "id") == 0 && db_step(s, NULL) == DB_ROW &&
			     strcmp(db_col_text(s, 0), "INTEGER") == 0;
		db_reset(s);
		if (id_int != t->has_id)
			fail_msg("%s: has_id should be %d", t->name, id_int);
	}
}

static void exec(db *d, const char *sql)
{
	if (db_exec_script(d, sql) != TD_OK)
		fail_msg("%s: %s", sql, db_errmsg(d));
}

static void sum_of(db *d, const char *table, dbcopy_sum *out)
{
	const store_table *t = &store_tables[table_index(table)];
	char **cols = NULL, err[256] = "";
	int n = 0;
	assert_int_equal(dbcopy_columns(d, t, &cols, &n, err, sizeof err), TD_OK);
	assert_int_equal(dbcopy_sum_table(d, t, cols, n, out, err, sizeof err), TD_OK);
	dbcopy_free_cols(cols, n);
}

/* Copies every table from a to b; returns the rows copied. */
static int64_t copy_all(struct fixture *fx)
{
	int64_t total = 0;
	assert_int_equal(db_begin(fx->b), TD_OK);
	for (size_t i = 0; i < store_tables_count; i++) {
		char **cols = NULL, err[256] = "";
		int n = 0;
		int64_t rows = 0;
		assert_int_equal(dbcopy_columns(fx->a, &store_tables[i], &cols, &n, err, sizeof err), TD_OK);
		if (dbcopy_table(fx->a, fx->b, &store_tables[i], cols, n, &rows, err, sizeof err) != TD_OK)
			fail_msg("copy: %s", err);
		total += rows;
		dbcopy_free_cols(cols, n);
	}
	assert_int_equal(db_commit(fx->b), TD_OK);
	return total;
}

/* A child unit with a smaller id than its parent, reals, NULL, '' and 0: all kept,
 * and the fingerprints of both sides agree until one value changes. */
static void copy_keeps_every_value(void **state)
{
	struct fixture *fx = *state;
	exec(fx->a,
	     "INSERT INTO org_units(id, code, parent_id, level, name, full_name, path, depth, search, sort_key)"
	     " VALUES (50, 'P', NULL, 'province', 'Tỉnh', 'Tỉnh', '/50/', 0, 'tinh', '01');"
	     "INSERT INTO org_units(id, code, parent_id, level, name, full_name, path, depth, search, sort_key)"
	     " VALUES (70, 'D', 50, 'district', 'Huyện', 'Huyện', '/50/70/', 1, 'huyen', '02');"
	     "INSERT INTO org_units(id, code, parent_id, level, name, full_name, path, depth, search, sort_key)"
	     " VALUES (7, 'C', 70, 'commune', 'Xã', 'Xã', '/50/70/7/', 2, 'xa', '03');"
	     "INSERT INTO organizations(id, code, name, system, unit_id, search, sort_key, created_at, updated_at)"
	     " VALUES (1, 'O', 'MTTQ', 'mttq', 50, 'mttq', '04', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');"
	     "INSERT INTO plans(id, code, kind, title, owner_id, start_year, end_year, search, sort_key, created_at, updated_at)"
	     " VALUES (3, 'KH', 'ke_hoach', 'Kế hoạch', 1, 2024, 2025, 'ke hoach', '05', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');"
	     "INSERT INTO indicators(id, plan_id, code, name, min_value, max_value, formula, created_at, updated_at)"
	     " VALUES (9, 3, 'A', 'Chỉ tiêu', 0.1, NULL, '', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');"
	     "INSERT INTO indicators(id, plan_id, code, name, min_value, max_value, formula, created_at, updated_at)"
	     " VALUES (10, 3, 'B', 'Chỉ tiêu', 0, 1e300, NULL, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');"
	     "UPDATE indicators SET numerator_id = 10, denominator_id = 10 WHERE id = 9;");
	assert_int_equal(copy_all(fx), 7);
	const char *tables[] = {"org_units", "organizations", "plans", "indicators"};
	for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++) {
		dbcopy_sum x, y;
		sum_of(fx->a, tables[i], &x);
		sum_of(fx->b, tables[i], &y);
		assert_int_equal(x.rows, y.rows);
		assert_memory_equal(x.sha256, y.sha256, sizeof x.sha256);
	}
	dbcopy_sum before, after;
	sum_of(fx->b, "indicators", &before);
	exec(fx->b, "UPDATE indicators SET formula = NULL WHERE id = 9"); /* '' -> NULL */
	sum_of(fx->b, "indicators", &after);
	assert_memory_not_equal(before.sha256, after.sha256, sizeof before.sha256);
	exec(fx->b, "UPDATE indicators SET formula = '' WHERE id = 9");
	sum_of(fx->b, "indicators", &after);
	assert_memory_equal(before.sha256, after.sha256, sizeof before.sha256);
	exec(fx->b, "UPDATE indicators SET min_value = 0.10000000000000002 WHERE id = 9"); /* one ulp */
	sum_of(fx->b, "indicators", &after);
	assert_memory_not_equal(before.sha256, after.sha256, sizeof before.sha256);
	/* the child keeps its parent although it came first */
	db_stmt *s = db_prepare(fx->b, "SELECT parent_id FROM org_units WHERE id = 7");
	assert_int_equal(db_step(s, NULL), DB_ROW);
	assert_int_equal(db_col_int(s, 0), 70);
	db_reset(s);
}

/* A second copy into a target with rows fails on the ids (the command refuses such
 * a target before copying; here the engine itself must not merge silently). */
static void copy_into_rows_conflicts(void **state)
{
	struct fixture *fx = *state;
	exec(fx->a,
	     "INSERT INTO org_units(id, code, parent_id, level, name, full_name, path, depth, search, sort_key)"
	     " VALUES (1, 'P', NULL, 'province', 'Tỉnh', 'Tỉnh', '/1/', 0, 'tinh', '01');");
	exec(fx->b,
	     "INSERT INTO org_units(id, code, parent_id, level, name, full_name, path, depth, search, sort_key)"
	     " VALUES (1, 'X', NULL, 'province', 'Khác', 'Khác', '/1/', 0, 'khac', '01');");
	char **cols = NULL, err[256] = "";
	int n = 0;
	int64_t rows = 0;
	const store_table *t = &store_tables[table_index("org_units")];
	assert_int_equal(dbcopy_columns(fx->a, t, &cols, &n, err, sizeof err), TD_OK);
	assert_int_equal(db_begin(fx->b), TD_OK);
	assert_int_equal(dbcopy_table(fx->a, fx->b, t, cols, n, &rows, err, sizeof err), TD_ECONFLICT);
	assert_non_null(strstr(err, "org_units"));
	db_rollback(fx->b);
	dbcopy_free_cols(cols, n);
}

/* The column names and types a generic copy relies on. */
static void column_names_and_types(void **state)
{
	struct fixture *fx = *state;
	db_stmt *s = db_prepare(fx->a, "SELECT 1 AS i, 2.5 AS r, 'x' AS t, NULL AS n");
	assert_int_equal(db_step(s, NULL), DB_ROW);
	assert_int_equal(db_col_count(s), 4);
	assert_string_equal(db_col_name(s, 0), "i");
	assert_string_equal(db_col_name(s, 3), "n");
	assert_int_equal(db_col_type(s, 0), DB_INT);
	assert_int_equal(db_col_type(s, 1), DB_REAL);
	assert_int_equal(db_col_type(s, 2), DB_TEXT);
	assert_int_equal(db_col_type(s, 3), DB_NULL);
	db_reset(s);
	assert_int_equal(db_after_bulk_ids(fx->a, "org_units"), TD_OK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(list_is_the_schema, setup, teardown),
		cmocka_unit_test_setup_teardown(list_respects_foreign_keys, setup, teardown),
		cmocka_unit_test_setup_teardown(copy_keeps_every_value, setup, teardown),
		cmocka_unit_test_setup_teardown(copy_into_rows_conflicts, setup, teardown),
		cmocka_unit_test_setup_teardown(column_names_and_types, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
