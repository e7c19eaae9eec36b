/* test_demo_reports.c — the indicators, targets and reports the demo adds
 * (docs/DEMO.md, "Indicators and reports"): what the dashboards and inboxes need is
 * there, the workflow is consistent (approved after submitted, by a leader one level
 * up, late per period_is_late), nothing is stored for ratio indicators or outside a
 * plan's years, nothing happens after today, and two runs give the same rows. */
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
#include "core/period.h"
#include "store/db.h"
#include "store/demo.h"
#include "store/demo_reports.h"
#include "store/migrate.h"

#define DEMO_PW "mat-khau-demo-2023"
#define TODAY "2026-11-29"          /* after every plan has ended */
#define TODAY_START "2026-11-28T17:00:00Z"
#define MID_PLAN "2024-05-10"       /* in the middle of the plans */
#define MID_PLAN_START "2024-05-09T17:00:00Z"
#define SEED_CSV "seed/units/bac-giang-2023.csv"

struct fixture {
	char dir[256];
	db *d;       /* seeded as of TODAY */
	int skipped; /* no seed file: every test skips */
};

static const char *SQL_INDICATORS_PER_PLAN =
	"SELECT COUNT(*) FROM plans p WHERE (SELECT COUNT(*) FROM indicators i"
	" WHERE i.plan_id = p.id AND i.formula IS NULL) NOT BETWEEN 4 AND 7";
/* the reported indicators: those computed from registers (formula) come on top */
static const char *SQL_INDICATORS = "SELECT COUNT(*) FROM indicators WHERE formula IS NULL";
static const char *SQL_PLANS_WITHOUT_RATIO =
	"SELECT COUNT(*) FROM plans p WHERE NOT EXISTS (SELECT 1 FROM indicators i"
	" WHERE i.plan_id = p.id AND i.unit_agg = 'ratio' AND i.value_type = 'percent')";
static const char *SQL_BAD_RATIOS =
	"SELECT COUNT(*) FROM indicators i LEFT JOIN indicators n ON n.id = i.numerator_id"
	" LEFT JOIN indicators d ON d.id = i.denominator_id WHERE i.unit_agg = 'ratio' AND"
	" (n.id IS NULL OR d.id IS NULL OR n.plan_id <> i.plan_id OR d.plan_id <> i.plan_id"
	" OR n.unit_agg <> 'sum' OR d.unit_agg <> 'sum' OR n.frequency <> i.frequency)";
static const char *SQL_KINDS =
	"SELECT COUNT(DISTINCT frequency) + COUNT(DISTINCT time_agg) + COUNT(DISTINCT direction)"
	" FROM indicators";
static const char *SQL_WITH_OBJECTIVE =
	"SELECT COUNT(*) FROM indicators i JOIN plan_objectives o ON o.id = i.objective_id"
	" WHERE o.plan_id = i.plan_id";
static const char *SQL_TARGETS_PLAN_PERIOD = "SELECT COUNT(*) FROM targets WHERE year = 0";
static const char *SQL_TARGETS_OUTSIDE =
	"SELECT COUNT(*) FROM targets t JOIN indicators i ON i.id = t.indicator_id JOIN plans p"
	" ON p.id = i.plan_id WHERE t.year <> 0 AND t.year NOT BETWEEN p.start_year AND p.end_year";
static const char *SQL_HISTORY =
	"SELECT COUNT(*) FROM target_history h JOIN targets t ON t.indicator_id = h.indicator_id"
	" AND t.unit_id = h.unit_id AND t.year = h.year WHERE h.reason <> '' AND h.document <> ''"
	" AND h.new_value = t.value AND h.old_value <> h.new_value";
/* target of the unit minus what its children were given (by indicator code, unit, year) */
static const char *SQL_GAP =
	"SELECT t.value - (SELECT SUM(c.value) FROM targets c"
	" JOIN org_units cu ON cu.id = c.unit_id WHERE c.indicator_id = t.indicator_id"
	" AND c.year = t.year AND cu.parent_id = t.unit_id)"
	" FROM targets t JOIN indicators i ON i.id = t.indicator_id JOIN org_units u"
	" ON u.id = t.unit_id WHERE i.code = ? AND u.code = ? AND t.year = CAST(? AS INTEGER)";
static const char *SQL_STATUS = "SELECT COUNT(*) FROM reports WHERE status = ?";
static const char *SQL_BAD_APPROVED =
	"SELECT COUNT(*) FROM reports WHERE status = 'approved' AND (approved_by IS NULL OR"
	" submitted_at IS NULL OR submitted_at > last_submitted_at"
	" OR last_submitted_at > approved_at)";
static const char *SQL_BAD_OTHERS =
	"SELECT COUNT(*) FROM reports WHERE (status <> 'approved' AND (approved_at IS NOT NULL OR"
	" approved_by IS NOT NULL)) OR (status = 'draft' AND submitted_at IS NOT NULL) OR"
	" (status IN ('submitted', 'returned') AND submitted_at IS NULL) OR"
	" (status = 'returned' AND COALESCE(returned_reason, '') = '')";
/* approved by a leader of the same system one level up, or of the same organisation
 * at the root (REPORTING-CONTRACT.md, approval 'parent') */
static const char *SQL_BAD_APPROVER =
	"SELECT COUNT(*) FROM reports r JOIN organizations o ON o.id = r.organization_id"
	" JOIN org_units u ON u.id = r.unit_id JOIN users a ON a.id = r.approved_by"
	" JOIN organizations ao ON ao.id = a.organization_id WHERE NOT (a.role = 'leader' AND"
	" ao.system = o.system AND ((u.parent_id IS NULL AND ao.id = o.id) OR"
	" ao.unit_id = u.parent_id))";
static const char *SQL_NOT_OWNER_SYSTEM =
	"SELECT COUNT(*) FROM reports r JOIN plans p ON p.id = r.plan_id JOIN organizations ow"
	" ON ow.id = p.owner_id JOIN organizations o ON o.id = r.organization_id"
	" WHERE o.system <> ow.system OR o.unit_id <> r.unit_id";
static const char *SQL_OUTSIDE_YEARS =
	"SELECT COUNT(*) FROM reports r JOIN plans p ON p.id = r.plan_id"
	" WHERE CAST(substr(r.period, 1, 4) AS INTEGER) NOT BETWEEN p.start_year AND p.end_year";
static const char *SQL_BAD_VERSION =
	"SELECT COUNT(*) FROM reports r WHERE r.version <> (SELECT COUNT(*) FROM report_events e"
	" WHERE e.report_id = r.id) OR (SELECT e.action FROM report_events e"
	" WHERE e.report_id = r.id ORDER BY e.id LIMIT 1) <> 'create' OR (SELECT e.to_status"
	" FROM report_events e WHERE e.report_id = r.id ORDER BY e.id DESC LIMIT 1) <> r.status"
	" OR r.created_at <> (SELECT MIN(e.at) FROM report_events e WHERE e.report_id = r.id)";
static const char *SQL_EVENTS_OUT_OF_ORDER =
	"SELECT COUNT(*) FROM report_events e JOIN report_events f ON f.report_id = e.report_id"
	" AND f.id > e.id WHERE f.at <= e.at";
static const char *SQL_LAST_EVENT = "SELECT MAX(at) FROM report_events";
static const char *SQL_REPORT_TIMES = "SELECT period, deadline, submitted_at FROM reports";
static const char *SQL_RATIO_VALUES =
	"SELECT COUNT(*) FROM report_values v JOIN indicators i ON i.id = v.indicator_id"
	" WHERE i.unit_agg = 'ratio'";
static const char *SQL_VALUE_KINDS =
	"SELECT r.period, i.frequency, i.plan_id = r.plan_id, v.value FROM report_values v"
	" JOIN reports r ON r.id = v.report_id JOIN indicators i ON i.id = v.indicator_id";
static const char *SQL_NUM_OVER_DEN =
	"SELECT COUNT(*) FROM indicators q JOIN report_values n ON n.indicator_id = q.numerator_id"
	" JOIN report_values d ON d.indicator_id = q.denominator_id AND d.report_id = n.report_id"
	" WHERE n.value > d.value";
/* commune organisations with fewer month reports of a plan than the most regular one */
static const char *SQL_MISSED_MONTHS =
	"WITH m AS (SELECT r.plan_id, r.organization_id, COUNT(*) n FROM reports r"
	" WHERE length(r.period) = 6 AND substr(r.period, 5, 1) BETWEEN '0' AND '1'"
	" GROUP BY r.plan_id, r.organization_id) SELECT COUNT(*) FROM m"
	" JOIN organizations o ON o.id = m.organization_id JOIN org_units u ON u.id = o.unit_id"
	" WHERE u.level = 'commune' AND m.n < (SELECT MAX(n) FROM m x WHERE x.plan_id = m.plan_id)";
static const char *SQL_INBOX =
	"SELECT COUNT(*) FROM reports r JOIN organizations o ON o.id = r.organization_id"
	" JOIN users a ON a.organization_id = o.parent_id WHERE a.username = ?"
	" AND r.status = 'submitted'";
static const char *SQL_USER_HASH = "SELECT password_hash FROM users WHERE username = ?";
static const char *SQL_LEADERS = "SELECT COUNT(*) FROM users WHERE username LIKE '%.lanhdao'";
static const char *SQL_NARRATIVES =
	"SELECT COUNT(*) FROM reports WHERE limitations LIKE '%đổ chung một xe%'"
	" OR causes LIKE '%chậm%'";
static const char *SQL_REPORTS = "SELECT COUNT(*) FROM reports";
static const char *SQL_PERIOD_REPORTS = "SELECT COUNT(*) FROM reports WHERE period = ?";
static const char *SQL_PERIOD_STATUS =
	"SELECT COUNT(*) FROM reports WHERE period = ? AND status = ?";
static const char *SQL_DIGEST[] = {
	"SELECT COUNT(*) || ':' || printf('%.3f', SUM(value)) FROM report_values",
	"SELECT group_concat(x, '|') FROM (SELECT r.id || r.period || r.status ||"
	" COALESCE(r.submitted_at, '') || COALESCE(r.approved_at, '') ||"
	" COALESCE(r.approved_by, '') || r.results || r.limitations AS x FROM reports r"
	" ORDER BY r.id)",
	"SELECT group_concat(x, '|') FROM (SELECT t.indicator_id || '/' || t.unit_id || '/' ||"
	" t.year || '=' || t.value AS x FROM targets t ORDER BY t.id)",
	"SELECT group_concat(x, '|') FROM (SELECT e.report_id || e.at || e.action ||"
	" COALESCE(e.user_id, '') AS x FROM report_events e ORDER BY e.id)",
};

/* ---- helpers ---- */

static int open_seeded(const char *dir, const char *name, const char *today, db **out)
{
	char path[400], err[512];
	int n = 0;
	snprintf(path, sizeof path, "%s/%s", dir, name);
	if (db_open(path, out, err, sizeof err) != TD_OK ||
	    migrate_apply(*out, &n, err, sizeof err) != TD_OK)
		return -1;
	setenv(DEMO_TODAY_ENV, today, 1);
	tderr e = demo_seed(*out, "seed", DEMO_PW, err, sizeof err);
	unsetenv(DEMO_TODAY_ENV);
	if (e != TD_OK)
		fprintf(stderr, "demo_seed: %d %s\n", e, err);
	return e == TD_OK ? 0 : -1;
}

static int group_setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof *fx);
	const char *tmp = getenv("TMPDIR");
	if (!fx)
		return -1;
	snprintf(fx->dir, sizeof fx->dir, "%s/tiendo-demo-reports-XXXXXX",
		 tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(fx->dir)) {
		free(fx);
		return -1;
	}
	*state = fx;
	if (access(SEED_CSV, R_OK) != 0) {
		fx->skipped = 1;
		return 0;
	}
	return open_seeded(fx->dir, "a.db", TODAY, &fx->d);
}

static int group_teardown(void **state)
{
	struct fixture *fx = *state;
	db_close(fx->d);
	const char *names[] = {"a.db", "b.db", "c.db"};
	char p[400];
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		snprintf(p, sizeof p, "%s/%s", fx->dir, names[i]);
		unlink(p);
		snprintf(p, sizeof p, "%s/%s-wal", fx->dir, names[i]);
		unlink(p);
		snprintf(p, sizeof p, "%s/%s-shm", fx->dir, names[i]);
		unlink(p);
	}
	rmdir(fx->dir);
	free(fx);
	return 0;
}

/* First column of the first row of sql, bound with up to three texts. */
static int64_t one_int(db *d, const char *sql, const char *a, const char *b, const char *c)
{
	db_stmt *s = db_prepare(d, sql);
	assert_non_null(s);
	const char *args[] = {a, b, c};
	for (int i = 0; i < 3 && args[i]; i++)
		db_bind_text(s, i + 1, args[i]);
	tderr e;
	assert_int_equal(db_step(s, &e), DB_ROW);
	int64_t v = db_col_int(s, 0);
	db_reset(s);
	return v;
}

static char *one_text(db *d, const char *sql, const char *a)
{
	db_stmt *s = db_prepare(d, sql);
	assert_non_null(s);
	if (a)
		db_bind_text(s, 1, a);
	tderr e;
	char *out = NULL;
	if (db_step(s, &e) == DB_ROW && db_col_text(s, 0))
		out = strdup(db_col_text(s, 0));
	db_reset(s);
	return out;
}

static char *digest(db *d)
{
	size_t len = 0;
	char *all = NULL;
	for (size_t i = 0; i < sizeof SQL_DIGEST / sizeof SQL_DIGEST[0]; i++) {
		char *part = one_text(d, SQL_DIGEST[i], NULL);
		assert_non_null(part);
		size_t n = strlen(part);
		char *grown = realloc(all, len + n + 2);
		assert_non_null(grown);
		all = grown;
		memcpy(all + len, part, n);
		all[len + n] = '#';
		all[len + n + 1] = 0;
		len += n + 1;
		free(part);
	}
	return all;
}

#define FIXTURE(fx)                                                                          \
	struct fixture *fx = *state;                                                         \
	if ((fx)->skipped)                                                                   \
		skip()

/* ---- tests ---- */

static void test_indicators_and_targets(void **state)
{
	FIXTURE(fx);
	db *d = fx->d;
	assert_int_equal(one_int(d, SQL_INDICATORS_PER_PLAN, NULL, NULL, NULL), 0);
	int64_t n = one_int(d, SQL_INDICATORS, NULL, NULL, NULL);
	assert_true(n >= 30 && n <= 42);
	assert_int_equal(one_int(d, SQL_PLANS_WITHOUT_RATIO, NULL, NULL, NULL), 0);
	assert_int_equal(one_int(d, SQL_BAD_RATIOS, NULL, NULL, NULL), 0);
	/* month, quarter, year; sum and last; up and down */
	assert_int_equal(one_int(d, SQL_KINDS, NULL, NULL, NULL), 3 + 2 + 2);
	assert_true(one_int(d, SQL_WITH_OBJECTIVE, NULL, NULL, NULL) >= n - 2);
	assert_true(one_int(d, SQL_TARGETS_PLAN_PERIOD, NULL, NULL, NULL) > 0);
	assert_int_equal(one_int(d, SQL_TARGETS_OUTSIDE, NULL, NULL, NULL), 0);
	/* the revisions of the mid-term conference, each with its document */
	int64_t revised = one_int(d, SQL_HISTORY, NULL, NULL, NULL);
	assert_true(revised >= 2 && revised <= 3);
	/* the province raised its OCOP target for 2024 without allocating the rise: a gap;
	 * in 2023 it was allocated exactly (the province has no products of its own) */
	assert_true(one_int(d, SQL_GAP, "OC02", "24", "2024") > 0);
	assert_int_equal(one_int(d, SQL_GAP, "OC02", "24", "2023"), 0);
	/* a district keeps a part for its own report: never less than its communes' */
	assert_true(one_int(d, SQL_GAP, "RT07", "217", "2025") > 0);
}

static void test_statuses_and_approvals(void **state)
{
	FIXTURE(fx);
	db *d = fx->d;
	const char *statuses[] = {"approved", "submitted", "returned", "draft"};
	int64_t count[4];
	for (int i = 0; i < 4; i++) {
		count[i] = one_int(d, SQL_STATUS, statuses[i], NULL, NULL);
		assert_true(count[i] > 0);
	}
	int64_t total = one_int(d, SQL_REPORTS, NULL, NULL, NULL);
	assert_true(total > 5000);
	assert_true(count[0] * 10 > total * 9); /* mostly approved */
	assert_int_equal(one_int(d, SQL_BAD_APPROVED, NULL, NULL, NULL), 0);
	assert_int_equal(one_int(d, SQL_BAD_OTHERS, NULL, NULL, NULL), 0);
	assert_int_equal(one_int(d, SQL_BAD_APPROVER, NULL, NULL, NULL), 0);
	assert_int_equal(one_int(d, SQL_NOT_OWNER_SYSTEM, NULL, NULL, NULL), 0);
	assert_int_equal(one_int(d, SQL_BAD_VERSION, NULL, NULL, NULL), 0);
	assert_int_equal(one_int(d, SQL_EVENTS_OUT_OF_ORDER, NULL, NULL, NULL), 0);
	/* the approval inbox of Lạng Giang's women's union is not empty */
	assert_true(one_int(d, SQL_INBOX, "langgiang.phunu.lanhdao", NULL, NULL) > 0);
	assert_true(one_int(d, SQL_INBOX, "tinh.phunu.lanhdao", NULL, NULL) > 0);
}

static void test_deadlines_and_lateness(void **state)
{
	FIXTURE(fx);
	db_stmt *s = db_prepare(fx->d, SQL_REPORT_TIMES);
	assert_non_null(s);
	period_rules rules = period_default_rules();
	int late = 0, on_time = 0;
	tderr e;
	while (db_step(s, &e) == DB_ROW) {
		period p;
		char want[PERIOD_DATETIME_SIZE];
		const char *deadline = db_col_text(s, 1), *submitted = db_col_text(s, 2);
		assert_int_equal(period_parse(db_col_text(s, 0), &p), TD_OK);
		assert_int_equal(period_deadline(&p, &rules, want, sizeof want), TD_OK);
		assert_string_equal(deadline, want);
		if (!submitted)
			continue;
		if (period_is_late(deadline, submitted) == 1) {
			int days = period_days_late(deadline, submitted);
			assert_true(days >= 1 && days <= 20);
			late++;
		} else {
			assert_int_equal(period_is_late(deadline, submitted), 0);
			on_time++;
		}
	}
	db_reset(s);
	assert_true(late > 0);
	assert_true(on_time > 4 * late); /* mostly on time */
	/* nothing after the start of today in Vietnam */
	char *last = one_text(fx->d, SQL_LAST_EVENT, NULL);
	assert_non_null(last);
	assert_true(strcmp(last, TODAY_START) < 0);
	free(last);
}

static void test_values(void **state)
{
	FIXTURE(fx);
	db *d = fx->d;
	assert_int_equal(one_int(d, SQL_RATIO_VALUES, NULL, NULL, NULL), 0);
	assert_int_equal(one_int(d, SQL_OUTSIDE_YEARS, NULL, NULL, NULL), 0);
	assert_int_equal(one_int(d, SQL_NUM_OVER_DEN, NULL, NULL, NULL), 0);
	db_stmt *s = db_prepare(d, SQL_VALUE_KINDS);
	assert_non_null(s);
	tderr e;
	int n = 0;
	while (db_step(s, &e) == DB_ROW) {
		period p;
		assert_int_equal(period_parse(db_col_text(s, 0), &p), TD_OK);
		/* a value only for an indicator of the plan reported at the period's kind */
		assert_string_equal(period_kind_name(p.kind), db_col_text(s, 1));
		assert_int_equal(db_col_int(s, 2), 1);
		assert_true(db_col_double(s, 3) >= 0);
		n++;
	}
	db_reset(s);
	assert_true(n > 10000);
	/* the story of the article is told */
	assert_true(one_int(d, SQL_NARRATIVES, NULL, NULL, NULL) > 0);
	assert_true(one_int(d, SQL_MISSED_MONTHS, NULL, NULL, NULL) > 0);
}

static void test_leaders(void **state)
{
	FIXTURE(fx);
	db *d = fx->d;
	/* one per approving organisation without a leader: 5 at the province, 33 in the
	 * seven districts with demo communes */
	assert_int_equal(one_int(d, SQL_LEADERS, NULL, NULL, NULL), 1 + 38);
	char *theirs = one_text(d, SQL_USER_HASH, "yendung.phunu.lanhdao");
	char *first = one_text(d, SQL_USER_HASH, "tinh.danvan");
	assert_non_null(theirs);
	assert_non_null(first);
	assert_string_equal(theirs, first); /* hashed once, by demo.c */
	assert_true(password_verify(theirs, DEMO_PW));
	free(theirs);
	free(first);
}

static void test_deterministic_and_once(void **state)
{
	FIXTURE(fx);
	char err[512];
	int64_t before = one_int(fx->d, SQL_REPORTS, NULL, NULL, NULL);
	assert_int_equal(demo_reports_seed(fx->d, TODAY, err, sizeof err), TD_ECONFLICT);
	assert_int_equal(demo_reports_seed(fx->d, "2026-13-01", err, sizeof err), TD_EINVALID);
	assert_non_null(strstr(err, "2026-13-01"));
	assert_int_equal(one_int(fx->d, SQL_REPORTS, NULL, NULL, NULL), before);

	db *other = NULL;
	assert_int_equal(open_seeded(fx->dir, "b.db", TODAY, &other), 0);
	char *a = digest(fx->d), *b = digest(other);
	assert_string_equal(a, b);
	free(a);
	free(b);
	db_close(other);
}

static void test_mid_plan(void **state)
{
	FIXTURE(fx);
	db *d = NULL;
	assert_int_equal(open_seeded(fx->dir, "c.db", MID_PLAN, &d), 0);
	/* May's data runs to the 14th: drafts; June has not begun */
	assert_true(one_int(d, SQL_PERIOD_STATUS, "202405", "draft", NULL) > 0);
	assert_int_equal(one_int(d, SQL_PERIOD_REPORTS, "202406", NULL, NULL), 0);
	assert_int_equal(one_int(d, SQL_PERIOD_REPORTS, "2025", NULL, NULL), 0);
	/* April's deadline has just passed: the approvers have work */
	assert_true(one_int(d, SQL_PERIOD_STATUS, "202404", "submitted", NULL) > 0);
	assert_true(one_int(d, SQL_PERIOD_STATUS, "202404", "approved", NULL) > 0);
	char *last = one_text(d, SQL_LAST_EVENT, NULL);
	assert_non_null(last);
	assert_true(strcmp(last, MID_PLAN_START) < 0);
	free(last);
	assert_int_equal(one_int(d, SQL_BAD_APPROVED, NULL, NULL, NULL), 0);
	assert_int_equal(one_int(d, SQL_BAD_VERSION, NULL, NULL, NULL), 0);
	db_close(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_indicators_and_targets),
		cmocka_unit_test(test_statuses_and_approvals),
		cmocka_unit_test(test_deadlines_and_lateness),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_leaders),
		cmocka_unit_test(test_deterministic_and_once),
		cmocka_unit_test(test_mid_plan),
	};
	return cmocka_run_group_tests_name("demo_reports", tests, group_setup, group_teardown);
}
