/* test_scope.c — who may read and change what in the unit tree: subtree prefixes
 * that respect id boundaries, and the read/write rules for commune, district and
 * province users. Paths model Bắc Giang: province /1/, districts Lạng Giang /1/5/
 * and Yên Dũng /1/50/, communes Tân Thanh /1/5/30/ and Lão Hộ /1/50/300/. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "core/scope.h"

#define PROVINCE "/1/"
#define LANG_GIANG "/1/5/"
#define YEN_DUNG "/1/50/"
#define TAN_THANH "/1/5/30/"
#define VOI "/1/5/31/"
#define LAO_HO "/1/50/300/"
#define OTHER_PROVINCE "/2/"

static td_user user_at(const char *path, unsigned role)
{
	td_user u = {0};
	u.id = 1;
	u.role = role;
	u.unit_path = path;
	return u;
}

static void prefix_respects_id_boundaries(void **state)
{
	(void)state;
	assert_true(scope_path_contains("/1/5/", "/1/5/"));
	assert_true(scope_path_contains("/1/5/", "/1/5/30/"));
	assert_false(scope_path_contains("/1/5/", "/1/50/"));
	assert_false(scope_path_contains("/1/5/", "/1/50/300/"));
	assert_false(scope_path_contains("/1/50/", "/1/5/"));
	assert_false(scope_path_contains("/1/5/30/", "/1/5/"));
	assert_false(scope_path_contains("/1/", "/10/"));
	assert_true(scope_path_contains("/1/", "/1/50/300/"));
}

static void malformed_scope_paths_contain_nothing(void **state)
{
	(void)state;
	/* without the trailing '/', "/1/5" would also match "/1/50/" */
	assert_false(scope_path_contains("/1/5", "/1/50/"));
	assert_false(scope_path_contains("/1/5", "/1/5/"));
	assert_false(scope_path_contains("1/5/", "1/5/30/"));
	assert_false(scope_path_contains("", "/1/"));
	assert_false(scope_path_contains("/", "/1/"));
	assert_false(scope_path_contains(NULL, "/1/"));
	assert_false(scope_path_contains("/1/", NULL));
}

static void commune_user_reads_up_writes_only_own(void **state)
{
	(void)state;
	td_user u = user_at(TAN_THANH, ROLE_OFFICER);
	/* reads: itself and the units above it */
	assert_true(scope_can_read_unit(&u, TAN_THANH));
	assert_true(scope_can_read_unit(&u, LANG_GIANG));
	assert_true(scope_can_read_unit(&u, PROVINCE));
	/* not a neighbouring commune, another district or its communes */
	assert_false(scope_can_read_unit(&u, VOI));
	assert_false(scope_can_read_unit(&u, YEN_DUNG));
	assert_false(scope_can_read_unit(&u, LAO_HO));
	assert_false(scope_can_read_unit(&u, OTHER_PROVINCE));
	/* writes: its own commune only */
	assert_true(scope_can_write_unit(&u, TAN_THANH));
	assert_false(scope_can_write_unit(&u, LANG_GIANG));
	assert_false(scope_can_write_unit(&u, PROVINCE));
	assert_false(scope_can_write_unit(&u, VOI));
}

static void district_user_reads_subtree_and_province(void **state)
{
	(void)state;
	td_user u = user_at(LANG_GIANG, ROLE_ADMIN);
	assert_true(scope_can_read_unit(&u, LANG_GIANG));
	assert_true(scope_can_read_unit(&u, TAN_THANH));
	assert_true(scope_can_read_unit(&u, VOI));
	assert_true(scope_can_read_unit(&u, PROVINCE));
	/* Yên Dũng's id 50 starts with Lạng Giang's 5: still out of reach */
	assert_false(scope_can_read_unit(&u, YEN_DUNG));
	assert_false(scope_can_read_unit(&u, LAO_HO));
	assert_true(scope_can_write_unit(&u, LANG_GIANG));
	assert_true(scope_can_write_unit(&u, TAN_THANH));
	assert_false(scope_can_write_unit(&u, PROVINCE));
	assert_false(scope_can_write_unit(&u, YEN_DUNG));
	assert_false(scope_can_write_unit(&u, LAO_HO));
}

static void province_user_reaches_whole_province_only(void **state)
{
	(void)state;
	td_user u = user_at(PROVINCE, ROLE_LEADER);
	const char *inside[] = {PROVINCE, LANG_GIANG, YEN_DUNG, TAN_THANH, LAO_HO};
	for (size_t i = 0; i < sizeof inside / sizeof inside[0]; i++) {
		assert_true(scope_can_read_unit(&u, inside[i]));
		assert_true(scope_can_write_unit(&u, inside[i]));
	}
	assert_false(scope_can_read_unit(&u, OTHER_PROVINCE));
	assert_false(scope_can_write_unit(&u, OTHER_PROVINCE));
	assert_false(scope_can_read_unit(&u, "/10/"));
}

static void nobody_and_no_path_reach_nothing(void **state)
{
	(void)state;
	assert_false(scope_can_read_unit(NULL, PROVINCE));
	assert_false(scope_can_write_unit(NULL, PROVINCE));
	td_user u = user_at(NULL, ROLE_ADMIN);
	assert_false(scope_can_read_unit(&u, PROVINCE));
	assert_false(scope_can_write_unit(&u, PROVINCE));
	td_user v = user_at(LANG_GIANG, ROLE_ADMIN);
	assert_false(scope_can_read_unit(&v, NULL));
	assert_false(scope_can_write_unit(&v, NULL));
}

static void role_names_round_trip(void **state)
{
	(void)state;
	const char *names[] = {"admin", "leader", "officer", "viewer", "inspector"};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		unsigned bit = role_from_name(names[i]);
		assert_true(bit != 0);
		assert_true((bit & ROLE_ANY) == bit);
		assert_string_equal(role_name(bit), names[i]);
	}
	assert_int_equal(role_from_name("Admin"), 0);
	assert_int_equal(role_from_name(""), 0);
	assert_int_equal(role_from_name(NULL), 0);
	assert_null(role_name(ROLE_ADMIN | ROLE_LEADER));
	assert_null(role_name(0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(prefix_respects_id_boundaries),
		cmocka_unit_test(malformed_scope_paths_contain_nothing),
		cmocka_unit_test(commune_user_reads_up_writes_only_own),
		cmocka_unit_test(district_user_reads_subtree_and_province),
		cmocka_unit_test(province_user_reaches_whole_province_only),
		cmocka_unit_test(nobody_and_no_path_reach_nothing),
		cmocka_unit_test(role_names_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
