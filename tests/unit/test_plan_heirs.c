/* test_plan_heirs.c — plans seen across a reform (plan_heirs.h): a plan owned at
 * what took the organisation's unit or a unit above it whole, at the same level,
 * stays visible through plans_access, also after a second reform; a split, a level
 * removal or a commune carried only to the province gives nothing; a new commune's
 * plan stays out of sight; and the plan list counts exactly what plans_access
 * allows. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "core/scope.h"
#include "store/db.h"
#include "store/migrate.h"
#include "store/plans.h"
#include "store/reform_import.h"
#include "store/store.h"
#include "store/units_import.h"

struct fixture {
	char dir[256];
	db *d;
};

/* Old tree: province 90, district 901 with communes An (whole to the new An Bình),
 * Bình (carried to the province only) and Chính (split). */
static const char *OLD_TREE =
	"code,parent_code,level,type,name,full_name\n"
	"90,,province,tinh,Cũ,Tỉnh Cũ\n"
	"901,90,district,huyen,Đông,Huyện Đông\n"
	"90001,901,commune,xa,An,Xã An\n"
	"90002,901,commune,xa,Bình,Xã Bình\n"
	"90003,901,commune,xa,Chính,Xã Chính\n";
static const char *NEW_TREE =
	"code,parent_code,level,type,name,full_name\n"
	"90,,province,tinh,Mới,Tỉnh Mới\n"
	"90001,90,commune,xa,An Bình,Xã An Bình\n"
	"90009,90,commune,xa,Hòa,Xã Hòa\n";
/* a second reform: the new province and An Bình merge again */
static const char *LATER_TREE =
	"code,parent_code,level,type,name,full_name\n"
	"95,,province,tinh,Lớn,Tỉnh Lớn\n"
	"95001,95,commune,xa,Đại An,Xã Đại An\n";
static const char *MAPPING_HEAD =
	"kind,from_code,to_code,share,indicator,act_number,act_date,effective_date,basis,note\n";
static const char *MAPPING_2025 =
	"merge,90,90,1,,1/2025/QH15,2025-06-12,2025-07-01,province,\n"
	"level_removal,901,90,1,,1/2025/QH15,2025-06-12,2025-07-01,level,\n"
	"merge,90001,90001,1,,2/NQ-UBTVQH15,2025-06-16,2025-07-01,code,\n"
	"merge,90002,90,1,,2/NQ-UBTVQH15,2025-06-16,2025-07-01,residue,\n"
	"split,90003,90001,0.4,,2/NQ-UBTVQH15,2025-06-16,2025-07-01,,\n"
	"split,90003,90009,0.6,,2/NQ-UBTVQH15,2025-06-16,2025-07-01,,\n";
static const char *MAPPING_2030 =
	"merge,90,95,1,,9/2029/QH16,2029-06-12,2030-01-01,province,\n"
	"merge,90001,95001,1,,9/2029/QH16,2029-06-12,2030-01-01,code,\n"
	"merge,90009,95001,1,,9/2029/QH16,2029-06-12,2030-01-01,code,\n";

static const char *path_in(struct fixture *fx, const char *name)
{
	static char p[4][300];
	static int k;
	char *out = p[k++ % 4];
	snprintf(out, 300, "%s/%s", fx->dir, name);
	return out;
}

static const char *write_file(struct fixture *fx, const char *name, const char *a, const char *b)
{
	const char *p = path_in(fx, name);
	FILE *f = fopen(p, "w");
	assert_non_null(f);
	fputs(a, f);
	if (b)
		fputs(b, f);
	fclose(f);
	return p;
}

static int import_tree(struct fixture *fx, const char *csv, const char *from)
{
	char err[256];
	int count = 0;
	if (units_import_csv(fx->d, write_file(fx, "tree.csv", csv, NULL), from, &count, err,
			     sizeof err) != TD_OK) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	return 0;
}

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof *fx);
	const char *tmp = getenv("TMPDIR");
	snprintf(fx->dir, sizeof fx->dir, "%s/tiendo-ph-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(fx->dir))
		return -1;
	char err[256];
	int applied = 0;
	if (db_open(path_in(fx, "test.db"), &fx->d, err, sizeof err) != TD_OK ||
	    migrate_apply(fx->d, &applied, err, sizeof err) != TD_OK) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	if (import_tree(fx, OLD_TREE, NULL) || import_tree(fx, NEW_TREE, "2025-07-01") ||
	    import_tree(fx, LATER_TREE, "2030-01-01"))
		return -1;
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;
	db_close(fx->d);
	const char *names[] = {"test.db", "test.db-wal", "test.db-shm", "tree.csv", "map.csv"};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		unlink(path_in(fx, names[i]));
	rmdir(fx->dir);
	free(fx);
	return 0;
}

static void reform(struct fixture *fx, const char *rows)
{
	reform_result res;
	char err[256];
	tderr e = reform_import_csv(fx->d, write_file(fx, "map.csv", MAPPING_HEAD, rows), 0, &res,
				    err, sizeof err);
	if (e)
		fprintf(stderr, "%s\n", err);
	assert_int_equal(e, TD_OK);
}

/* The id and path of code's version valid from `from` ("1900-01-01" for the old tree). */
static int64_t unit_id(struct fixture *fx, const char *code, const char *from, char *path)
{
	db_stmt *s = db_prepare(fx->d, "SELECT id, path FROM org_units WHERE code = ? AND valid_from = ?");
	assert_non_null(s);
	db_bind_text(s, 1, code);
	db_bind_text(s, 2, from);
	tderr e = TD_OK;
	assert_int_equal(db_step(s, &e), DB_ROW);
	int64_t id = db_col_int(s, 0);
	if (path)
		snprintf(path, UNIT_PATH_MAX, "%s", db_col_text(s, 1));
	db_reset(s);
	return id;
}

/* An organisation (code) at the unit: its id. */
static int64_t org_at(struct fixture *fx, const char *code, int64_t unit)
{
	db_stmt *s = db_prepare(fx->d,
				"INSERT INTO organizations(code, name, system, unit_id, search, sort_key,"
				" created_at, updated_at) VALUES (?, ?, 'women', ?, ?, ?,"
				" '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z') RETURNING id");
	assert_non_null(s);
	db_bind_text(s, 1, code);
	db_bind_text(s, 2, code);
	db_bind_int(s, 3, unit);
	db_bind_text(s, 4, code);
	db_bind_text(s, 5, code);
	tderr e = TD_OK;
	assert_int_equal(db_step(s, &e), DB_ROW);
	int64_t id = db_col_int(s, 0);
	db_reset(s);
	return id;
}

/* A plan owned by org: its id. */
static int64_t plan_of(struct fixture *fx, const char *code, int64_t org)
{
	db_stmt *s = db_prepare(fx->d,
				"INSERT INTO plans(code, kind, title, owner_id, start_year, end_year,"
				" search, sort_key, created_at, updated_at) VALUES (?, 'ke_hoach', ?, ?,"
				" 2025, 2030, ?, ?, '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z')"
				" RETURNING id");
	assert_non_null(s);
	db_bind_text(s, 1, code);
	db_bind_text(s, 2, code);
	db_bind_int(s, 3, org);
	db_bind_text(s, 4, code);
	db_bind_text(s, 5, code);
	tderr e = TD_OK;
	assert_int_equal(db_step(s, &e), DB_ROW);
	int64_t id = db_col_int(s, 0);
	db_reset(s);
	return id;
}

/* A user of the organisation at the unit (path) sees the plan: plans_visible, and
 * the plan list agrees with it. */
static int sees(struct fixture *fx, int64_t org, const char *path, int64_t plan)
{
	td_user u = {.id = 1, .role = ROLE_OFFICER, .org_id = org, .unit_path = path};
	int one = plans_visible(fx->d, plan, &u) == TD_OK;
	plan_filter f = {.scope_path = path, .scope_org = org, .has_owner = 1, .limit = 10};
	int64_t owner = 0, total = -1;
	char owner_path[UNIT_PATH_MAX];
	int member = 0;
	assert_int_equal(plans_access(fx->d, plan, org, &owner, owner_path, &member), TD_OK);
	f.owner_id = owner;
	json_t *items = NULL;
	assert_int_equal(plans_list(fx->d, &f, &items, &total), TD_OK);
	int listed = 0;
	for (size_t i = 0; i < json_array_size(items); i++)
		listed |= json_integer_value(json_object_get(json_array_get(items, i), "id")) == plan;
	json_decref(items);
	assert_int_equal(listed, one);
	return one;
}

static void test_plans_follow_whole_successors(void **state)
{
	struct fixture *fx = *state;
	char p_an[UNIT_PATH_MAX], p_binh[UNIT_PATH_MAX], p_chinh[UNIT_PATH_MAX],
		p_dong[UNIT_PATH_MAX], p_hoa[UNIT_PATH_MAX];
	int64_t old90 = unit_id(fx, "90", "1900-01-01", NULL);
	int64_t dong = org_at(fx, "dong", unit_id(fx, "901", "1900-01-01", p_dong));
	int64_t an = org_at(fx, "an", unit_id(fx, "90001", "1900-01-01", p_an));
	int64_t binh = org_at(fx, "binh", unit_id(fx, "90002", "1900-01-01", p_binh));
	int64_t chinh = org_at(fx, "chinh", unit_id(fx, "90003", "1900-01-01", p_chinh));
	int64_t tinh = org_at(fx, "tinh", old90);
	int64_t province_plan = plan_of(fx, "KH-TINH", tinh);
	int64_t an_plan = plan_of(fx, "KH-AN", an);

	/* before any reform: the province's plan from below, a commune's only from above */
	assert_true(sees(fx, binh, p_binh, province_plan));
	assert_true(sees(fx, dong, p_dong, an_plan));
	assert_false(sees(fx, binh, p_binh, an_plan));

	reform(fx, MAPPING_2025);
	/* the province's organisation moves to the new province, An's to An Bình (by hand:
	 * the reform is applied without --move-open) */
	int64_t new90 = unit_id(fx, "90", "2025-07-01", NULL);
	int64_t anbinh = unit_id(fx, "90001", "2025-07-01", NULL);
	db_stmt *s = db_prepare(fx->d, "UPDATE organizations SET unit_id = ? WHERE id = ?");
	db_bind_int(s, 1, new90);
	db_bind_int(s, 2, tinh);
	assert_int_equal(store_exec(s), TD_OK);
	s = db_prepare(fx->d, "UPDATE organizations SET unit_id = ? WHERE id = ?");
	db_bind_int(s, 1, anbinh);
	db_bind_int(s, 2, an);
	assert_int_equal(store_exec(s), TD_OK);
	int64_t hoa = org_at(fx, "hoa", unit_id(fx, "90009", "2025-07-01", p_hoa));
	int64_t hoa_plan = plan_of(fx, "KH-HOA", hoa);

	/* the province's plan, now at the new province, stays in sight of every old unit
	 * under the old province: district (level removal), Bình (carried to the province),
	 * Chính (split) — all through the province's own merge */
	assert_true(sees(fx, dong, p_dong, province_plan));
	assert_true(sees(fx, binh, p_binh, province_plan));
	assert_true(sees(fx, chinh, p_chinh, province_plan));
	/* An Bình took An whole: an organisation left at An would see its plan */
	int64_t an_left = org_at(fx, "an-left", unit_id(fx, "90001", "1900-01-01", NULL));
	assert_true(sees(fx, an_left, p_an, an_plan));
	/* nothing else: a new commune's plans, even of Chính's split successor, and An's
	 * plan for the other communes and the district (An Bình is not above them) */
	assert_false(sees(fx, chinh, p_chinh, hoa_plan));
	assert_false(sees(fx, binh, p_binh, an_plan));
	assert_false(sees(fx, dong, p_dong, an_plan));
	assert_false(sees(fx, binh, p_binh, hoa_plan));

	/* a second reform: the new province and An Bình merge into Lớn and Đại An */
	reform(fx, MAPPING_2030);
	s = db_prepare(fx->d, "UPDATE organizations SET unit_id = ? WHERE id = ?");
	db_bind_int(s, 1, unit_id(fx, "95", "2030-01-01", NULL));
	db_bind_int(s, 2, tinh);
	assert_int_equal(store_exec(s), TD_OK);
	s = db_prepare(fx->d, "UPDATE organizations SET unit_id = ? WHERE id = ?");
	db_bind_int(s, 1, unit_id(fx, "95001", "2030-01-01", NULL));
	db_bind_int(s, 2, an);
	assert_int_equal(store_exec(s), TD_OK);
	assert_true(sees(fx, binh, p_binh, province_plan));
	assert_true(sees(fx, dong, p_dong, province_plan));
	assert_true(sees(fx, an_left, p_an, an_plan));
	/* Hòa's plan: Hòa took no old unit whole, so Chính and An still do not see it */
	assert_false(sees(fx, chinh, p_chinh, hoa_plan));
	assert_false(sees(fx, an_left, p_an, hoa_plan));
	/* the organisation left at the new province's first version sees the merged one */
	int64_t between = org_at(fx, "hoa-left", unit_id(fx, "90009", "2025-07-01", NULL));
	assert_true(sees(fx, between, p_hoa, province_plan));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_plans_follow_whole_successors, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
