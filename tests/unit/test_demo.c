/* test_demo.c — the demo province: what docs/DEMO.md promises is there (units,
 * organisations with heads and head history, users, plans), every run gives the
 * same rows, and loading it twice is refused without touching the first load. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "auth/password.h"
#include "store/db.h"
#include "store/demo.h"
#include "store/migrate.h"

#define DEMO_PW "mat-khau-demo-2023"

struct fixture {
	char dir[256];
	db *d;
};

static const char *SQL_COUNT_UNITS = "SELECT COUNT(*) FROM org_units";
static const char *SQL_COUNT_ORGS = "SELECT COUNT(*) FROM organizations";
static const char *SQL_COUNT_USERS = "SELECT COUNT(*) FROM users";
static const char *SQL_COUNT_PLANS = "SELECT COUNT(*) FROM plans";
static const char *SQL_COUNT_ORGS_WITHOUT_HEAD =
	"SELECT COUNT(*) FROM organizations o WHERE NOT EXISTS"
	" (SELECT 1 FROM org_heads h WHERE h.organization_id = o.id AND h.term_to IS NULL)";
static const char *SQL_COUNT_PAST_HEADS =
	"SELECT COUNT(*) FROM org_heads WHERE term_to IS NOT NULL";
static const char *SQL_COUNT_DEMO_AUDIT =
	"SELECT COUNT(*) FROM audit_log WHERE entity = 'demo' AND action = 'seed'";
static const char *SQL_PLANS_WITHOUT_SUPERVISOR =
	"SELECT COUNT(*) FROM plans p WHERE NOT EXISTS (SELECT 1 FROM plan_coordinators c"
	" JOIN organizations o ON o.id = c.organization_id"
	" WHERE c.plan_id = p.id AND c.role = 'supervise' AND o.code = 'danvan-24')";
static const char *SQL_PLANS_BAD_OBJECTIVES =
	"SELECT COUNT(*) FROM plans p WHERE (SELECT COUNT(*) FROM plan_objectives o"
	" WHERE o.plan_id = p.id) NOT BETWEEN 3 AND 5";
static const char *SQL_ORG_PARENT =
	"SELECT p.code FROM organizations o JOIN organizations p ON p.id = o.parent_id"
	" WHERE o.code = ?";
static const char *SQL_ORG_NAME = "SELECT name FROM organizations WHERE code = ?";
static const char *SQL_HEAD_ON =
	"SELECT h.name FROM org_heads h JOIN organizations o ON o.id = h.organization_id"
	" WHERE o.code = ? AND h.term_from <= ? AND (h.term_to IS NULL OR h.term_to >= ?)";
static const char *SQL_USER =
	"SELECT u.role, o.code, u.password_hash FROM users u"
	" JOIN organizations o ON o.id = u.organization_id WHERE u.username = ?";
static const char *SQL_ORG_ID = "SELECT id FROM organizations WHERE code = 'danvan-24'";
static const char *SQL_ORG_UNIT_PATH_OK =
	"SELECT COUNT(*) FROM organizations o JOIN organizations p ON p.id = o.parent_id"
	" JOIN org_units u ON u.id = o.unit_id JOIN org_units pu ON pu.id = p.unit_id"
	" WHERE substr(u.path, 1, length(pu.path)) <> pu.path";
static const char *SQL_DIGEST =
	"SELECT group_concat(x, '|') FROM (SELECT o.id || o.code || o.name || o.search ||"
	" o.sort_key || COALESCE(o.parent_id, '') AS x FROM organizations o ORDER BY o.id)";

static int open_db(struct fixture *fx, const char *name)
{
	char path[300], err[256];
	snprintf(path, sizeof path, "%s/%s", fx->dir, name);
	if (db_open(path, &fx->d, err, sizeof err) != TD_OK)
		return -1;
	int n = 0;
	return migrate_apply(fx->d, &n, err, sizeof err) == TD_OK ? 0 : -1;
}

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof *fx);
	const char *tmp = getenv("TMPDIR");
	snprintf(fx->dir, sizeof fx->dir, "%s/tiendo-demo-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(fx->dir) || open_db(fx, "a.db") != 0) {
		db_close(fx->d);
		free(fx);
		return -1;
	}
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;
	db_close(fx->d);
	const char *names[] = {"a.db", "a.db-wal", "a.db-shm", "b.db", "b.db-wal", "b.db-shm"};
	char p[400];
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		snprintf(p, sizeof p, "%s/%s", fx->dir, names[i]);
		unlink(p);
	}
	rmdir(fx->dir);
	free(fx);
	return 0;
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

/* First column of the first row of sql bound with up to three texts, copied. */
static char *one_text(db *d, const char *sql, const char *a, const char *b, const char *c)
{
	db_stmt *s = db_prepare(d, sql);
	assert_non_null(s);
	const char *args[] = {a, b, c};
	for (int i = 0; i < 3 && args[i]; i++)
		db_bind_text(s, i + 1, args[i]);
	tderr e;
	char *out = NULL;
	if (db_step(s, &e) == DB_ROW && db_col_text(s, 0))
		out = strdup(db_col_text(s, 0));
	db_reset(s);
	return out;
}

static void expect_text(db *d, const char *sql, const char *a, const char *b, const char *c,
			const char *want)
{
	char *got = one_text(d, sql, a, b, c);
	if (!got || strcmp(got, want) != 0)
		fail_msg("%s(%s): got \"%s\", want \"%s\"", sql, a, got ? got : "(none)", want);
	free(got);
}

static void seed(struct fixture *fx)
{
	char err[512];
	tderr e = demo_seed(fx->d, "seed", DEMO_PW, err, sizeof err);
	if (e != TD_OK)
		fail_msg("demo_seed: %d %s", e, err);
}

static void test_demo_contents(void **state)
{
	struct fixture *fx = *state;
	if (access("seed/units/bac-giang-2023.csv", R_OK) != 0)
		skip();
	seed(fx);
	db *d = fx->d;
	assert_false(db_in_tx(d));
	assert_int_equal(one_int(d, SQL_COUNT_UNITS), 220);
	/* 11 at the province, 7 in each of 10 districts, 5 in each of 14 communes */
	assert_int_equal(one_int(d, SQL_COUNT_ORGS), 11 + 70 + 70);
	/* 20 demo users, plus the 38 leaders demo_reports.c adds (docs/DEMO.md) */
	assert_int_equal(one_int(d, SQL_COUNT_USERS), 20 + 38);
	assert_int_equal(one_int(d, SQL_COUNT_PLANS), 6);
	assert_int_equal(one_int(d, SQL_COUNT_ORGS_WITHOUT_HEAD), 0);
	assert_true(one_int(d, SQL_COUNT_PAST_HEADS) >= 2);
	assert_int_equal(one_int(d, SQL_COUNT_DEMO_AUDIT), 1);
	assert_int_equal(one_int(d, SQL_PLANS_WITHOUT_SUPERVISOR), 0);
	assert_int_equal(one_int(d, SQL_PLANS_BAD_OBJECTIVES), 0);
	/* every organisation sits in the subtree of its parent's unit */
	assert_int_equal(one_int(d, SQL_ORG_UNIT_PATH_OK), 0);

	expect_text(d, SQL_ORG_NAME, "women-217", NULL, NULL, "Hội LHPN huyện Lạng Giang");
	expect_text(d, SQL_ORG_NAME, "women-07411", NULL, NULL, "Hội LHPN xã Tân Thanh");
	expect_text(d, SQL_ORG_NAME, "women-07375", NULL, NULL, "Hội LHPN thị trấn Vôi");
	expect_text(d, SQL_ORG_NAME, "party-217", NULL, NULL, "Huyện ủy Lạng Giang");
	expect_text(d, SQL_ORG_NAME, "youth-213", NULL, NULL, "Thành đoàn Bắc Giang");
	expect_text(d, SQL_ORG_PARENT, "women-217", NULL, NULL, "women-24");
	expect_text(d, SQL_ORG_PARENT, "women-07411", NULL, NULL, "women-217");
	expect_text(d, SQL_ORG_PARENT, "mttq-07684", NULL, NULL, "mttq-221");
	expect_text(d, SQL_ORG_PARENT, "danvan-24", NULL, NULL, "party-24");
	expect_text(d, SQL_ORG_PARENT, "taichinh-24", NULL, NULL, "ubnd-24");

	/* the head accountable for 2023 is not today's head */
	char *then = one_text(d, SQL_HEAD_ON, "women-24", "2023-06-30", "2023-06-30");
	char *now = one_text(d, SQL_HEAD_ON, "women-24", "2025-06-30", "2025-06-30");
	assert_non_null(then);
	assert_non_null(now);
	assert_string_not_equal(then, now);
	free(then);
	free(now);

	db_stmt *s = db_prepare(d, SQL_USER);
	db_bind_text(s, 1, "tanthanh.xem");
	tderr e;
	assert_int_equal(db_step(s, &e), DB_ROW);
	assert_string_equal(db_col_text(s, 0), "viewer");
	assert_string_equal(db_col_text(s, 1), "mttq-07411");
	assert_true(password_verify(db_col_text(s, 2), DEMO_PW));
	assert_false(password_verify(db_col_text(s, 2), "sai-mat-khau-123"));
	db_reset(s);

	int64_t admin_org = 0;
	assert_int_equal(demo_admin_org(d, &admin_org), TD_OK);
	assert_int_equal(admin_org, one_int(d, SQL_ORG_ID));
}

static void test_demo_is_deterministic_and_once(void **state)
{
	struct fixture *fx = *state;
	if (access("seed/units/bac-giang-2023.csv", R_OK) != 0)
		skip();
	seed(fx);
	char *first = one_text(fx->d, SQL_DIGEST, NULL, NULL, NULL);
	assert_non_null(first);

	/* a second load into the same database is refused and changes nothing */
	char err[512];
	assert_int_equal(demo_seed(fx->d, "seed", DEMO_PW, err, sizeof err), TD_ECONFLICT);
	assert_false(db_in_tx(fx->d));
	assert_int_equal(one_int(fx->d, SQL_COUNT_ORGS), 151);
	assert_int_equal(one_int(fx->d, SQL_COUNT_DEMO_AUDIT), 1);

	/* another database gets exactly the same organisations */
	db_close(fx->d);
	fx->d = NULL;
	assert_int_equal(open_db(fx, "b.db"), 0);
	seed(fx);
	char *second = one_text(fx->d, SQL_DIGEST, NULL, NULL, NULL);
	assert_non_null(second);
	assert_string_equal(first, second);
	free(first);
	free(second);
}

static void test_demo_refuses_bad_input(void **state)
{
	struct fixture *fx = *state;
	char err[512];
	int64_t id = 0;
	assert_int_equal(demo_admin_org(fx->d, &id), TD_ENOTFOUND);
	assert_int_equal(demo_seed(fx->d, "seed", "short", err, sizeof err), TD_EINVALID);
	assert_int_equal(demo_seed(fx->d, "no-such-seed-dir", DEMO_PW, err, sizeof err),
			 TD_ENOTFOUND);
	assert_non_null(strstr(err, "bac-giang-2023.csv"));
	assert_false(db_in_tx(fx->d));
	assert_int_equal(one_int(fx->d, SQL_COUNT_UNITS), 0);
	assert_int_equal(one_int(fx->d, SQL_COUNT_ORGS), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_demo_contents, setup, teardown),
		cmocka_unit_test_setup_teardown(test_demo_is_deterministic_and_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_demo_refuses_bad_input, setup, teardown),
	};
	return cmocka_run_group_tests_name("demo", tests, NULL, NULL);
}
