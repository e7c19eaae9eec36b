/* test_unit_history.c — surviving a reorganisation: the arithmetic that carries old
 * units' figures to their successors (sums kept, ratios recomputed from the parts,
 * stocks not counted twice), and a reform applied from a mapping file: old units
 * closed, a reused code told apart by date, shares checked, nothing applied twice,
 * open work moved with its trail, and who may read across the break. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "core/carry.h"
#include "store/db.h"
#include "store/migrate.h"
#include "store/reform_import.h"
#include "store/unit_history.h"
#include "store/units_import.h"

struct fixture {
	char dir[256];
	db *d;
};

static const char *OLD_TREE =
	"code,parent_code,level,type,name,full_name\n"
	"90,,province,tinh,Cũ,Tỉnh Cũ\n"
	"901,90,district,huyen,Đông,Huyện Đông\n"
	"90001,901,commune,xa,An,Xã An\n"
	"90002,901,commune,xa,Bình,Xã Bình\n"
	"90003,901,commune,xa,Chính,Xã Chính\n";
/* the new tree reuses 90 and 90001 for other units */
static const char *NEW_TREE =
	"code,parent_code,level,type,name,full_name\n"
	"90,,province,tinh,Mới,Tỉnh Mới\n"
	"90001,90,commune,xa,An Bình,Xã An Bình\n"
	"90009,90,commune,xa,Hòa,Xã Hòa\n";
static const char *MAPPING_HEAD =
	"kind,from_code,to_code,share,indicator,act_number,act_date,effective_date,basis,note\n";
static const char *MAPPING_ROWS =
	"merge,90,90,1,,1/2025/QH15,2025-06-12,2025-07-01,province,\n"
	"level_removal,901,90,1,,1/2025/QH15,2025-06-12,2025-07-01,level,\n"
	"merge,90001,90001,1,,2/NQ-UBTVQH15,2025-06-16,2025-07-01,code,\n"
	"merge,90002,90001,,,2/NQ-UBTVQH15,2025-06-16,2025-07-01,name,\n"
	"split,90003,90001,0.4,,2/NQ-UBTVQH15,2025-06-16,2025-07-01,,\n"
	"split,90003,90009,0.6,,2/NQ-UBTVQH15,2025-06-16,2025-07-01,,\n"
	"split,90003,90001,0.5,HH,2/NQ-UBTVQH15,2025-06-16,2025-07-01,,households\n"
	"split,90003,90009,0.5,HH,2/NQ-UBTVQH15,2025-06-16,2025-07-01,,households\n";

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

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof *fx);
	const char *tmp = getenv("TMPDIR");
	snprintf(fx->dir, sizeof fx->dir, "%s/tiendo-uh-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(fx->dir))
		return -1;
	char err[256];
	int applied = 0;
	if (db_open(path_in(fx, "test.db"), &fx->d, err, sizeof err) != TD_OK ||
	    migrate_apply(fx->d, &applied, err, sizeof err) != TD_OK) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	int count = 0;
	if (units_import_csv(fx->d, write_file(fx, "old.csv", OLD_TREE, NULL), NULL, &count, err,
			     sizeof err) != TD_OK ||
	    units_import_csv(fx->d, write_file(fx, "new.csv", NEW_TREE, NULL), "2025-07-01", &count,
			     err, sizeof err) != TD_OK) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;
	db_close(fx->d);
	const char *names[] = {"test.db", "test.db-wal", "test.db-shm", "old.csv", "new.csv",
			       "map.csv", "bad.csv"};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		unlink(path_in(fx, names[i]));
	rmdir(fx->dir);
	free(fx);
	return 0;
}

static int64_t one_int(db *d, const char *sql, const char *arg)
{
	db_stmt *s = db_prepare(d, sql);
	assert_non_null(s);
	if (arg)
		db_bind_text(s, 1, arg);
	tderr e = TD_OK;
	int64_t v = -1;
	if (db_step(s, &e) == DB_ROW)
		v = db_col_int(s, 0);
	db_reset(s);
	return v;
}

static int64_t unit_on(db *d, const char *code, const char *day)
{
	int64_t id = 0;
	char path[UNIT_PATH_MAX];
	if (unit_version(d, code, day, &id, path) != TD_OK)
		return 0;
	return id;
}

static void apply(struct fixture *fx, int move_open)
{
	reform_result res;
	char err[256];
	tderr e = reform_import_csv(fx->d, write_file(fx, "map.csv", MAPPING_HEAD, MAPPING_ROWS),
				    move_open, &res, err, sizeof err);
	if (e)
		fprintf(stderr, "%s\n", err);
	assert_int_equal(e, TD_OK);
	assert_int_equal(res.successions, 8);
	assert_int_equal(res.closed, 5);
}

/* --- arithmetic --- */

static void test_merge_keeps_the_sum(void **state)
{
	(void)state;
	carry_part parts[] = {
		{.has_value = 1, .value = 10, .share = 1, .predecessor = 0},
		{.has_value = 1, .value = 25, .share = 1, .predecessor = 1},
		{.has_value = 1, .value = 7, .share = 1, .predecessor = 1},
		{.has_value = 0, .share = 1, .predecessor = 1},
	};
	carry_result r;
	carry_combine(parts, 4, IND_TYPE_INTEGER, IND_UNIT_SUM, IND_TIME_SUM, &r);
	assert_true(r.has_value);
	assert_true(r.value == 42);
	assert_true(r.used_predecessors);
}

static void test_split_shares_add_up_without_double_counting(void **state)
{
	(void)state;
	/* old unit C reported 250; 0.4 goes to N, 0.6 to M: together 250 again */
	carry_part to_n[] = {{.has_value = 1, .value = 250, .share = 0.4, .predecessor = 1}};
	carry_part to_m[] = {{.has_value = 1, .value = 250, .share = 0.6, .predecessor = 1}};
	carry_result rn, rm;
	carry_combine(to_n, 1, IND_TYPE_INTEGER, IND_UNIT_SUM, IND_TIME_SUM, &rn);
	carry_combine(to_m, 1, IND_TYPE_INTEGER, IND_UNIT_SUM, IND_TIME_SUM, &rm);
	assert_true(rn.value == 100);
	assert_true(rm.value == 150);
	assert_true(rn.value + rm.value == 250);
}

static void test_ratio_is_recomputed_from_parts(void **state)
{
	(void)state;
	/* 45 of 50 households (90 %) and 30 of 150 (20 %): 75 of 200 = 37.5 %, not the
	 * mean of 90 and 20 */
	carry_part parts[] = {
		{.has_num = 1, .num = 45, .has_den = 1, .den = 50, .share = 1, .predecessor = 1},
		{.has_num = 1, .num = 30, .has_den = 1, .den = 150, .share = 1, .predecessor = 1},
	};
	carry_result r;
	carry_combine(parts, 2, IND_TYPE_PERCENT, IND_UNIT_RATIO, IND_TIME_SUM, &r);
	assert_true(r.has_value);
	assert_true(r.num == 75 && r.den == 200);
	assert_true(r.value > 37.4999 && r.value < 37.5001);
	/* a split's share scales numerator and denominator alike */
	parts[1].share = 0.5;
	carry_combine(parts, 2, IND_TYPE_PERCENT, IND_UNIT_RATIO, IND_TIME_SUM, &r);
	assert_true(r.num == 60 && r.den == 125);
	assert_true(r.value > 47.999 && r.value < 48.001);
}

static void test_stock_on_the_new_tree_replaces_the_carried(void **state)
{
	(void)state;
	/* households at the end of the year: the new commune's December count already
	 * holds the households of the old commune it took whole (superseded); an
	 * abolished unit's last count (380) is nobody else's and stands */
	carry_part parts[] = {
		{.has_value = 1, .value = 900, .share = 1, .predecessor = 0, .expected_units = 1},
		{.has_value = 1, .value = 500, .share = 1, .predecessor = 1, .superseded = 1,
		 .expected_units = 1},
		{.has_value = 1, .value = 380, .share = 1, .predecessor = 1, .expected_units = 1},
	};
	carry_result r;
	carry_combine(parts, 3, IND_TYPE_INTEGER, IND_UNIT_SUM, IND_TIME_LAST, &r);
	assert_true(r.value == 1280);
	assert_int_equal(r.expected_units, 3);
	/* a flow is never superseded: January–June of the old commune is not in the
	 * new one's July–December */
	carry_combine(parts, 3, IND_TYPE_INTEGER, IND_UNIT_SUM, IND_TIME_SUM, &r);
	assert_true(r.value == 1780);
	/* no figure on the new tree yet (the successor has not reported): all stand */
	parts[0].has_value = 0;
	parts[1].superseded = 0;
	carry_combine(parts, 3, IND_TYPE_INTEGER, IND_UNIT_SUM, IND_TIME_LAST, &r);
	assert_true(r.value == 880);
	assert_true(r.used_predecessors);
}

/* --- a reform applied --- */

static void test_reform_closes_old_units_and_tells_reused_codes_apart(void **state)
{
	struct fixture *fx = *state;
	int64_t old_an = unit_on(fx->d, "90001", "2025-06-30");
	int64_t new_an = unit_on(fx->d, "90001", "2025-07-01");
	assert_true(old_an > 0 && new_an > 0 && old_an != new_an);
	apply(fx, 0);
	/* the same code on both sides of the date names two units */
	assert_int_equal(unit_on(fx->d, "90001", "2025-06-30"), old_an);
	assert_int_equal(unit_on(fx->d, "90001", "2025-07-01"), new_an);
	assert_int_equal(unit_on(fx->d, "90001", "2030-01-01"), new_an);
	/* the district is gone after the date, there before it */
	assert_true(unit_on(fx->d, "901", "2025-06-30") > 0);
	assert_int_equal(unit_on(fx->d, "901", "2025-07-01"), 0);
	assert_int_equal(one_int(fx->d,
				 "SELECT COUNT(*) FROM org_units WHERE valid_to = ? AND valid_from < '2025-07-01'",
				 "2025-07-01"),
			 5);
	/* one audit row */
	assert_int_equal(one_int(fx->d,
				 "SELECT COUNT(*) FROM audit_log WHERE entity = ? AND action = 'import'",
				 "unit_reforms"),
			 1);
	/* the history of the code, with the label of each version */
	json_t *h = NULL;
	assert_int_equal(unit_history_get(fx->d, "90001", &h), TD_OK);
	json_t *v = json_object_get(h, "versions");
	assert_int_equal(json_array_size(v), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(v, 0), "label")),
			    "Xã An (đến 30/06/2025)");
	assert_string_equal(json_string_value(json_object_get(json_array_get(v, 1), "label")),
			    "Xã An Bình (từ 01/07/2025)");
	/* An, Bình, and Chính twice (its default share and its households share) */
	assert_int_equal(json_array_size(json_object_get(json_array_get(v, 1), "predecessors")), 4);
	json_decref(h);
}

static double carried_share(const unit_carrier *c, size_t n, const char *code)
{
	double s = 0;
	for (size_t i = 0; i < n; i++)
		if (strcmp(c[i].code, code) == 0)
			s += c[i].share;
	return s;
}

static void test_carriers_count_each_old_unit_once(void **state)
{
	struct fixture *fx = *state;
	apply(fx, 0);
	int64_t id;
	char prov[UNIT_PATH_MAX], an[UNIT_PATH_MAX], hoa[UNIT_PATH_MAX];
	assert_int_equal(unit_version(fx->d, "90", "2025-07-01", &id, prov), TD_OK);
	assert_int_equal(unit_version(fx->d, "90001", "2025-07-01", &id, an), TD_OK);
	assert_int_equal(unit_version(fx->d, "90009", "2025-07-01", &id, hoa), TD_OK);
	unit_carrier *c = NULL;
	size_t n = 0;
	/* the new province carries every old unit exactly once (the split's two halves
	 * come back together) */
	assert_int_equal(unit_history_carriers(fx->d, prov, "XX", &c, &n), TD_OK);
	assert_int_equal(n, 5);
	const char *codes[] = {"90", "901", "90001", "90002", "90003"};
	for (size_t i = 0; i < 5; i++)
		assert_true(carried_share(c, n, codes[i]) > 0.999999 &&
			    carried_share(c, n, codes[i]) < 1.000001);
	free(c);
	/* the communes: An Bình takes An, Bình and 0.4 of Chính; Hòa 0.6 of Chính */
	assert_int_equal(unit_history_carriers(fx->d, an, "XX", &c, &n), TD_OK);
	assert_int_equal(n, 3);
	assert_true(carried_share(c, n, "90003") > 0.3999 && carried_share(c, n, "90003") < 0.4001);
	free(c);
	assert_int_equal(unit_history_carriers(fx->d, hoa, "XX", &c, &n), TD_OK);
	assert_int_equal(n, 1);
	assert_true(carried_share(c, n, "90003") > 0.5999 && carried_share(c, n, "90003") < 0.6001);
	free(c);
	/* an indicator with its own shares (households: half and half) */
	assert_int_equal(unit_history_carriers(fx->d, hoa, "HH", &c, &n), TD_OK);
	assert_int_equal(n, 1);
	assert_true(carried_share(c, n, "90003") > 0.4999 && carried_share(c, n, "90003") < 0.5001);
	free(c);
}

static void test_bad_mappings_change_nothing(void **state)
{
	struct fixture *fx = *state;
	reform_result res;
	char err[256];
	/* shares that do not add up */
	const char *bad = write_file(fx, "bad.csv", MAPPING_HEAD,
				     "split,90003,90001,0.4,,2/NQ,2025-06-16,2025-07-01,,\n"
				     "split,90003,90009,0.5,,2/NQ,2025-06-16,2025-07-01,,\n");
	assert_int_equal(reform_import_csv(fx->d, bad, 0, &res, err, sizeof err), TD_EINVALID);
	assert_non_null(strstr(err, "add up to 0.9"));
	/* a merge with a share */
	bad = write_file(fx, "bad.csv", MAPPING_HEAD,
			 "merge,90002,90001,0.5,,2/NQ,2025-06-16,2025-07-01,,\n");
	assert_int_equal(reform_import_csv(fx->d, bad, 0, &res, err, sizeof err), TD_EINVALID);
	assert_non_null(strstr(err, "line 2:"));
	/* a row longer than the header */
	bad = write_file(fx, "bad.csv", MAPPING_HEAD,
			 "merge,90002,90001,1,,2/NQ,2025-06-16,2025-07-01,,,extra\n");
	assert_int_equal(reform_import_csv(fx->d, bad, 0, &res, err, sizeof err), TD_EINVALID);
	assert_non_null(strstr(err, "line 2: more fields"));
	/* a unit that does not exist on the new side */
	bad = write_file(fx, "bad.csv", MAPPING_HEAD,
			 "merge,90002,90077,1,,2/NQ,2025-06-16,2025-07-01,,\n");
	assert_int_equal(reform_import_csv(fx->d, bad, 0, &res, err, sizeof err), TD_EINVALID);
	assert_non_null(strstr(err, "no unit 90077"));
	/* a commune forgotten under a closed district */
	bad = write_file(fx, "bad.csv", MAPPING_HEAD,
			 "level_removal,901,90,1,,1/QH,2025-06-12,2025-07-01,,\n"
			 "merge,90001,90001,1,,2/NQ,2025-06-16,2025-07-01,,\n"
			 "merge,90002,90001,1,,2/NQ,2025-06-16,2025-07-01,,\n");
	assert_int_equal(reform_import_csv(fx->d, bad, 0, &res, err, sizeof err), TD_EINVALID);
	assert_non_null(strstr(err, "90003"));
	assert_int_equal(one_int(fx->d, "SELECT COUNT(*) FROM unit_successions", NULL), 0);
	assert_int_equal(one_int(fx->d, "SELECT COUNT(*) FROM org_units WHERE valid_to IS NOT NULL",
				 NULL),
			 0);
	/* applied once only */
	apply(fx, 0);
	assert_int_equal(reform_import_csv(fx->d, path_in(fx, "map.csv"), 0, &res, err, sizeof err),
			 TD_ECONFLICT);
	assert_int_equal(one_int(fx->d, "SELECT COUNT(*) FROM unit_successions", NULL), 8);
}

static const char *SQL_ORG_UNIT =
	"SELECT unit_id FROM organizations WHERE id = CAST(? AS INTEGER)";

static int64_t add_org(db *d, const char *code, int64_t unit_id)
{
	db_stmt *s = db_prepare(d, "INSERT INTO organizations(code, name, system, unit_id, search,"
				   " sort_key, created_at, updated_at) VALUES (?, ?, 'women', ?, '',"
				   " '', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z') RETURNING id");
	assert_non_null(s);
	db_bind_text(s, 1, code);
	db_bind_text(s, 2, code);
	db_bind_int(s, 3, unit_id);
	tderr e = TD_OK;
	assert_int_equal(db_step(s, &e), DB_ROW);
	int64_t id = db_col_int(s, 0);
	db_reset(s);
	return id;
}

/* A register record (a boarding house, say) at unit_id; returns its id. */
static int64_t add_record(db *d, int64_t org, int64_t unit_id)
{
	static const char *const sql[] = {
		"INSERT INTO plans(code, kind, title, owner_id, start_year, end_year, search, sort_key,"
		" created_at, updated_at) VALUES ('KH-T', 'ke_hoach', 'Thử', ?, 2025, 2026, '', '',"
		" '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z') RETURNING id",
		"INSERT INTO register_types(code, plan_id, name, created_at, updated_at)"
		" VALUES ('nha_tro', ?, 'Nhà trọ', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z')"
		" RETURNING id",
		"INSERT INTO register_records(type_id, unit_id, schema_version, data, title, search,"
		" sort_key, created_at, updated_at) VALUES (?, ?, 1, '{}', 'Nhà trọ An', '', '',"
		" '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z') RETURNING id",
	};
	int64_t id = org;
	for (size_t i = 0; i < 3; i++) {
		db_stmt *s = db_prepare(d, sql[i]);
		assert_non_null(s);
		db_bind_int(s, 1, id);
		if (i == 2)
			db_bind_int(s, 2, unit_id);
		tderr e = TD_OK;
		assert_int_equal(db_step(s, &e), DB_ROW);
		id = db_col_int(s, 0);
		db_reset(s);
	}
	return id;
}

static void test_open_work_moves_with_a_trail(void **state)
{
	struct fixture *fx = *state;
	int64_t old_an = unit_on(fx->d, "90001", "2025-06-30");
	int64_t district = unit_on(fx->d, "901", "2025-06-30");
	int64_t commune_org = add_org(fx->d, "women-90001", old_an);
	int64_t district_org = add_org(fx->d, "women-901", district);
	int64_t record = add_record(fx->d, commune_org, old_an);
	apply(fx, 1);
	int64_t new_an = unit_on(fx->d, "90001", "2025-07-01");
	char id[32];
	/* a commune taken whole by a commune moves; a district whose level is removed
	 * does not (its successor, the province, would widen its users' scope) */
	snprintf(id, sizeof id, "%lld", (long long)commune_org);
	assert_int_equal(one_int(fx->d, SQL_ORG_UNIT, id), new_an);
	snprintf(id, sizeof id, "%lld", (long long)district_org);
	assert_int_equal(one_int(fx->d, SQL_ORG_UNIT, id), district);
	assert_int_equal(one_int(fx->d, "SELECT COUNT(*) FROM unit_transfers WHERE entity = ?",
				 "organizations"),
			 1);
	/* the commune's register records go with it, with their trail */
	snprintf(id, sizeof id, "%lld", (long long)record);
	assert_int_equal(one_int(fx->d, "SELECT unit_id FROM register_records WHERE id = ?", id),
			 new_an);
	assert_int_equal(one_int(fx->d, "SELECT COUNT(*) FROM unit_transfers WHERE entity = ?",
				 "register_records"),
			 1);
}

static void test_reach_across_the_reform(void **state)
{
	struct fixture *fx = *state;
	apply(fx, 0);
	int64_t id_old_an, id_old_binh, id_new_an, id_hoa, id_district, id_old_prov, id_new_prov;
	char p_old_an[UNIT_PATH_MAX], p_old_binh[UNIT_PATH_MAX], p_new_an[UNIT_PATH_MAX],
		p_hoa[UNIT_PATH_MAX], p_district[UNIT_PATH_MAX], p_old_prov[UNIT_PATH_MAX],
		p_new_prov[UNIT_PATH_MAX];
	assert_int_equal(unit_version(fx->d, "90001", "2025-06-30", &id_old_an, p_old_an), TD_OK);
	assert_int_equal(unit_version(fx->d, "90002", "2025-06-30", &id_old_binh, p_old_binh), TD_OK);
	assert_int_equal(unit_version(fx->d, "90001", "2025-07-01", &id_new_an, p_new_an), TD_OK);
	assert_int_equal(unit_version(fx->d, "90009", "2025-07-01", &id_hoa, p_hoa), TD_OK);
	assert_int_equal(unit_version(fx->d, "901", "2025-06-30", &id_district, p_district), TD_OK);
	assert_int_equal(unit_version(fx->d, "90", "2025-06-30", &id_old_prov, p_old_prov), TD_OK);
	assert_int_equal(unit_version(fx->d, "90", "2025-07-01", &id_new_prov, p_new_prov), TD_OK);
	int ok = -1;
	/* the old province's users read the new province and its communes */
	assert_int_equal(unit_history_reach(fx->d, id_old_prov, p_old_prov, id_hoa, p_hoa, &ok),
			 TD_OK);
	assert_int_equal(ok, 1);
	/* the old An's users read the new An Bình (and the province above it) */
	unit_history_reach(fx->d, id_old_an, p_old_an, id_new_an, p_new_an, &ok);
	assert_int_equal(ok, 1);
	unit_history_reach(fx->d, id_old_an, p_old_an, id_new_prov, p_new_prov, &ok);
	assert_int_equal(ok, 1);
	/* but not Hòa, another commune */
	unit_history_reach(fx->d, id_old_an, p_old_an, id_hoa, p_hoa, &ok);
	assert_int_equal(ok, 0);
	/* an abolished district's users do not get the new province's communes */
	unit_history_reach(fx->d, id_district, p_district, id_new_an, p_new_an, &ok);
	assert_int_equal(ok, 0);
	/* the new An Bình's users read the old Bình (a predecessor), not the old district */
	unit_history_reach(fx->d, id_new_an, p_new_an, id_old_binh, p_old_binh, &ok);
	assert_int_equal(ok, 1);
	unit_history_reach(fx->d, id_new_an, p_new_an, id_district, p_district, &ok);
	assert_int_equal(ok, 0);
	/* the old Bình's users, whose commune was merged into An Bình, read it; Hòa's
	 * users do not read the old Bình */
	unit_history_reach(fx->d, id_hoa, p_hoa, id_old_binh, p_old_binh, &ok);
	assert_int_equal(ok, 0);
	/* the split Chính's users have no whole successor, but still read upwards: the
	 * new province took their old province whole; not its communes */
	int64_t id_chinh;
	char p_chinh[UNIT_PATH_MAX];
	assert_int_equal(unit_version(fx->d, "90003", "2025-06-30", &id_chinh, p_chinh), TD_OK);
	unit_history_reach(fx->d, id_chinh, p_chinh, id_new_prov, p_new_prov, &ok);
	assert_int_equal(ok, 1);
	unit_history_reach(fx->d, id_chinh, p_chinh, id_hoa, p_hoa, &ok);
	assert_int_equal(ok, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_merge_keeps_the_sum),
		cmocka_unit_test(test_split_shares_add_up_without_double_counting),
		cmocka_unit_test(test_ratio_is_recomputed_from_parts),
		cmocka_unit_test(test_stock_on_the_new_tree_replaces_the_carried),
		cmocka_unit_test_setup_teardown(test_reform_closes_old_units_and_tells_reused_codes_apart,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_carriers_count_each_old_unit_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_mappings_change_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_open_work_moves_with_a_trail, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reach_across_the_reform, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
