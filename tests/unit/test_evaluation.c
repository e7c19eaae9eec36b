/* test_evaluation.c — the five components gathered from a small hand-built database
 * against hand-computed figures, over the whole year and one head's half of it;
 * plus organisations, heads and the stored scoring configuration. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "store/db.h"
#include "store/evaluation.h"
#include "store/migrate.h"

#define NEAR(a, b) assert_true(fabs((a) - (b)) < 1e-6)

/* Units: province 1, district 2 with commune 3, district 4. Organisations: women
 * at 1, 2, 3, 4 (ids 1-4) and the people's committee at 2 (id 5). Plan 1 of the
 * women's union, 2024-2025, approved 2024-01-10: I1 month sum, I2 quarter "down"
 * stock, I3 a ratio (month), I4 without a target. */
static const char FIXTURE[] =
	"INSERT INTO org_units(id, code, parent_id, level, name, full_name, path, depth, search,"
	" sort_key) VALUES (1, 'P', NULL, 'province', 'Tỉnh', 'Tỉnh', '/1/', 0, 'tinh', '01'),"
	" (2, 'D', 1, 'district', 'Huyện', 'Huyện', '/1/2/', 1, 'huyen', '02'),"
	" (3, 'C', 2, 'commune', 'Xã', 'Xã', '/1/2/3/', 2, 'xa', '03'),"
	" (4, 'E', 1, 'district', 'Huyện khác', 'Huyện khác', '/1/4/', 1, 'huyen khac', '04');"
	"INSERT INTO organizations(id, code, name, system, unit_id, parent_id, search, sort_key,"
	" created_at, updated_at) VALUES"
	" (1, 'women-P', 'Hội tỉnh', 'women', 1, NULL, '', '1', 'x', 'x'),"
	" (2, 'women-D', 'Hội huyện', 'women', 2, 1, '', '2', 'x', 'x'),"
	" (3, 'women-C', 'Hội xã', 'women', 3, 2, '', '3', 'x', 'x'),"
	" (4, 'women-E', 'Hội huyện khác', 'women', 4, 1, '', '4', 'x', 'x'),"
	" (5, 'ubnd-D', 'UBND huyện', 'people_committee', 2, NULL, '', '5', 'x', 'x');"
	"INSERT INTO org_heads(organization_id, name, title, term_from, term_to) VALUES"
	" (2, 'Người trước', 'Chủ tịch', '2019-10-01', '2024-06-30'),"
	" (2, 'Người sau', 'Chủ tịch', '2024-07-01', NULL);"
	"INSERT INTO plans(id, code, kind, title, owner_id, start_year, end_year, approved_on,"
	" search, sort_key, created_at, updated_at) VALUES (1, 'DA-THU', 'de_an', 'Đề án thử', 1,"
	" 2024, 2025, '2024-01-10', '', '1', 'x', 'x');"
	"INSERT INTO indicators(id, plan_id, code, name, time_agg, unit_agg, direction, frequency,"
	" created_at, updated_at) VALUES (1, 1, 'I1', 'Một', 'sum', 'sum', 'up', 'month', 'x', 'x'),"
	" (2, 1, 'I2', 'Hai', 'last', 'sum', 'down', 'quarter', 'x', 'x'),"
	" (3, 1, 'I3', 'Ba', 'last', 'ratio', 'up', 'month', 'x', 'x'),"
	" (4, 1, 'I4', 'Bốn', 'sum', 'sum', 'up', 'month', 'x', 'x');"
	"INSERT INTO targets(indicator_id, unit_id, year, value, updated_at) VALUES"
	" (1, 2, 2024, 100, 'x'), (2, 2, 2024, 10, 'x'), (3, 2, 2024, 80, 'x'), (1, 2, 0, 400, 'x');"
	"INSERT INTO tasks(plan_id, title, responsible_id, unit_id, start_on, deadline,"
	" original_deadline, slot, completed_on, created_at, updated_at) VALUES"
	" (1, 'T1', 2, 2, '2024-01-01', '2024-03-31', '2024-03-31', '2024Q1', '2024-03-30', 'x', 'x'),"
	" (1, 'T2', 3, 3, '2024-01-01', '2024-09-30', '2024-09-30', '2024Q3', '2024-10-05', 'x', 'x'),"
	" (1, 'T3', 3, 3, '2024-01-01', '2024-11-30', '2024-11-30', '2024Q4', NULL, 'x', 'x'),"
	" (1, 'T4', 4, 4, '2024-01-01', '2024-05-31', '2024-05-31', '2024Q2', NULL, 'x', 'x'),"
	" (1, 'T5', 5, 2, '2024-01-01', '2024-05-31', '2024-05-31', '2024Q2', NULL, 'x', 'x'),"
	" (1, 'T6', 2, 2, '2024-01-01', '2025-01-15', '2025-01-15', '2025Q1', NULL, 'x', 'x');"
	"INSERT INTO budgets(plan_id, organization_id, unit_id, year, source, allocated, disbursed,"
	" created_at, updated_at) VALUES (1, 2, 2, 2024, 'district', 100, 60, 'x', 'x'),"
	" (1, 2, 2, 2024, 'socialized', 50, 30, 'x', 'x'), (1, 2, 2, 2023, 'district', 80, 0, 'x', 'x'),"
	" (1, 3, 3, 2024, 'commune', 10, 0, 'x', 'x');"
	"INSERT INTO findings(plan_id, kind, unit_id, title, raised_by_id, addressed_to_id, due_on,"
	" status, resolved_on, created_at, updated_at) VALUES"
	" (1, 'problem', 2, 'F1', 1, 2, '2024-03-31', 'resolved', '2024-03-20', 'x', 'x'),"
	" (1, 'problem', 2, 'F2', 1, 2, '2024-06-30', 'resolved', '2024-08-01', 'x', 'x'),"
	" (1, 'problem', 2, 'F3', 1, 2, '2024-09-30', 'open', NULL, 'x', 'x'),"
	" (1, 'problem', 2, 'F4', 1, 2, '2024-10-31', 'declined', '2024-11-02', 'x', 'x'),"
	" (1, 'problem', 2, 'F5', 1, 2, '2024-12-31', 'answered', NULL, 'x', 'x'),"
	" (1, 'problem', 2, 'F6', 1, 5, '2024-12-31', 'open', NULL, 'x', 'x');";

static const char SQL_REPORT[] =
	"INSERT INTO reports(plan_id, organization_id, unit_id, period, status, deadline,"
	" submitted_at, created_at, updated_at) VALUES (1, 2, 2, ?, ?, ?, ?, 'x', 'x')";

typedef struct fixture {
	char dir[256];
	db *d;
	eval_plan *plan;
	eval_org org;      /* the district's women's union */
	int undefined_i3;  /* the ratio's denominator adds up to 0 */
} fixture;

/* The district's reports of 2024: every month and quarter on time and approved,
 * except 202403 (late), 202405 (on time, still waiting) and 202407 (never made). */
static int add_reports(db *d)
{
	static const char *const periods[] = {"202401", "202402", "202403", "202404", "202405",
					      "202406", "202408", "202409", "202410", "202411",
					      "202412", "2024Q1", "2024Q2", "2024Q3", "2024Q4"};
	for (size_t i = 0; i < sizeof periods / sizeof periods[0]; i++) {
		period p;
		char deadline[PERIOD_DATETIME_SIZE];
		if (period_parse(periods[i], &p) ||
		    period_deadline(&p, NULL, deadline, sizeof deadline))
			return -1;
		int late = strcmp(periods[i], "202403") == 0;
		int waiting = strcmp(periods[i], "202405") == 0;
		db_stmt *s = db_prepare(d, SQL_REPORT);
		if (!s)
			return -1;
		db_bind_text(s, 1, periods[i]);
		db_bind_text(s, 2, waiting ? "submitted" : "approved");
		db_bind_text(s, 3, deadline);
		db_bind_text(s, 4, late ? "2025-01-01T00:00:00Z" : deadline);
		tderr e = TD_OK;
		int rc = db_step(s, &e);
		db_reset(s);
		if (rc != DB_DONE)
			return -1;
	}
	return 0;
}

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	if (!f)
		return -1;
	const char *tmp = getenv("TMPDIR");
	snprintf(f->dir, sizeof f->dir, "%s/tiendo-eval-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	char path[320], err[256];
	int n = 0;
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(path, sizeof path, "%s/t.db", f->dir);
	if (db_open(path, &f->d, err, sizeof err) || migrate_apply(f->d, &n, err, sizeof err) ||
	    db_exec_script(f->d, FIXTURE) || add_reports(f->d) ||
	    eval_plan_load(f->d, 1, &f->plan) || eval_org_get(f->d, 2, &f->org))
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	char path[320];
	eval_org_clear(&f->org);
	eval_plan_free(f->plan);
	db_close(f->d);
	const char *const files[] = {"t.db", "t.db-wal", "t.db-shm"};
	for (size_t i = 0; i < 3; i++) {
		snprintf(path, sizeof path, "%s/%s", f->dir, files[i]);
		unlink(path);
	}
	rmdir(f->dir);
	free(f);
	return 0;
}

/* Values as the cube would give them at the district for 2024: I1 150 (150 %,
 * counts 120), I2 20 against at most 10 (50 %), I3 none. */
static tderr fake_values(void *ctx, int64_t indicator_id, int64_t unit_id, const period *p,
			 eval_value *out)
{
	const fixture *f = ctx;
	memset(out, 0, sizeof *out);
	if (unit_id != 2 || p->year != 2024)
		return TD_OK;
	if (indicator_id == 1)
		*out = (eval_value){1, 150, 0};
	else if (indicator_id == 2)
		*out = (eval_value){1, 20, 0};
	else if (indicator_id == 3)
		out->undefined = f->undefined_i3;
	return TD_OK;
}

static json_t *component(const eval_outcome *o, score_component i)
{
	return json_array_get(o->components, (size_t)i);
}

static double value_of(const eval_outcome *o, score_component i)
{
	return json_number_value(json_object_get(component(o, i), "value"));
}

static int64_t count_of(const eval_outcome *o, score_component i, const char *key)
{
	return json_integer_value(json_object_get(component(o, i), key));
}

static void run(fixture *f, const char *lo, const char *hi, const char *today,
		eval_outcome *out)
{
	period p = {PERIOD_YEAR, 2024, 0};
	eval_span sp;
	char now[PERIOD_DATETIME_SIZE];
	snprintf(now, sizeof now, "%sT00:00:00Z", today);
	assert_int_equal(eval_span_init(&sp, &p, today, now), TD_OK);
	assert_string_equal(sp.from, "2024-01-01");
	assert_string_equal(sp.to, "2024-12-31");
	if (lo)
		assert_int_equal(eval_span_narrow(&sp, lo, hi), TD_OK);
	assert_int_equal(eval_run(f->d, f->plan, &f->org, &sp, fake_values, f, out), TD_OK);
}

static void the_plan_and_its_defaults(void **state)
{
	fixture *f = *state;
	assert_int_equal(f->plan->nind, 4);
	assert_string_equal(f->plan->system, "women");
	assert_string_equal(f->plan->approved_on, "2024-01-10");
	assert_int_equal(f->plan->kinds, (1u << PERIOD_MONTH) | (1u << PERIOD_QUARTER));
	assert_int_equal(f->plan->config.weights[SCORE_INDICATORS], 50);
	eval_plan *none = NULL;
	assert_int_equal(eval_plan_load(f->d, 99, &none), TD_ENOTFOUND);
	assert_null(none);
}

static void the_whole_year(void **state)
{
	fixture *f = *state;
	f->undefined_i3 = 0;
	eval_outcome o;
	run(f, NULL, NULL, "2025-06-01", &o);
	/* indicators: I1 120, I2 50, I3 due but never reported 0: (120 + 50 + 0) / 3 */
	NEAR(value_of(&o, SCORE_INDICATORS), score_round1(170.0 / 3));
	assert_int_equal(count_of(&o, SCORE_INDICATORS, "with_target"), 3);
	assert_int_equal(count_of(&o, SCORE_INDICATORS, "missing"), 1);
	/* tasks of the line: T1 on time, T2 late (commune), T3 overdue (commune); not
	 * the neighbour's T4, the committee's T5 nor T6 of 2025: 1 of 3 */
	assert_int_equal(count_of(&o, SCORE_TASKS, "due"), 3);
	assert_int_equal(count_of(&o, SCORE_TASKS, "done_on_time"), 1);
	assert_int_equal(count_of(&o, SCORE_TASKS, "overdue"), 1);
	NEAR(value_of(&o, SCORE_TASKS), 33.3);
	/* reports: 12 months + 4 quarters owed; 202403 late, 202405 waiting, 202407
	 * missing: 13 of 16 = 81.25 */
	assert_int_equal(count_of(&o, SCORE_REPORTS, "expected"), 16);
	assert_int_equal(count_of(&o, SCORE_REPORTS, "on_time_approved"), 13);
	assert_int_equal(count_of(&o, SCORE_REPORTS, "late"), 1);
	assert_int_equal(count_of(&o, SCORE_REPORTS, "waiting_approval"), 1);
	assert_int_equal(count_of(&o, SCORE_REPORTS, "not_submitted"), 1);
	json_t *missing = json_object_get(component(&o, SCORE_REPORTS), "missing_periods");
	assert_int_equal(json_array_size(missing), 1);
	assert_string_equal(json_string_value(json_array_get(missing, 0)), "202407");
	NEAR(value_of(&o, SCORE_REPORTS), 81.3);
	/* budget 2024: 90 of 150 */
	assert_int_equal(count_of(&o, SCORE_BUDGET, "allocated"), 150);
	NEAR(value_of(&o, SCORE_BUDGET), 60);
	/* findings: F1 on time, F2 late, F3 open, F5 answered; F4 declined left out */
	assert_int_equal(count_of(&o, SCORE_FINDINGS, "due"), 4);
	assert_int_equal(count_of(&o, SCORE_FINDINGS, "resolved_on_time"), 1);
	assert_int_equal(count_of(&o, SCORE_FINDINGS, "declined"), 1);
	assert_int_equal(count_of(&o, SCORE_FINDINGS, "unanswered"), 1);
	NEAR(value_of(&o, SCORE_FINDINGS), 25);
	/* 50 % × 56.67 + 15 % × 33.33 + 15 % × 81.25 + 10 % × 60 + 10 % × 25 = 54.0 */
	double want = 0.5 * 170.0 / 3 + 0.15 * 100.0 / 3 + 0.15 * 81.25 + 0.1 * 60 + 0.1 * 25;
	assert_true(o.result.has_score);
	NEAR(o.result.score, score_round1(want));
	assert_int_equal(o.result.grade, SCORE_GRADE_PASS);
	assert_false(o.result.renormalised);
	assert_string_equal(json_string_value(json_object_get(component(&o, SCORE_TASKS), "records")),
			    "/api/v1/tasks?plan=1&unit=D");
	eval_outcome_clear(&o);
}

static void an_undefined_ratio_is_left_out(void **state)
{
	fixture *f = *state;
	f->undefined_i3 = 1;
	eval_outcome o;
	run(f, NULL, NULL, "2025-06-01", &o);
	NEAR(value_of(&o, SCORE_INDICATORS), 85); /* (120 + 50) / 2 */
	assert_int_equal(count_of(&o, SCORE_INDICATORS, "missing"), 0);
	eval_outcome_clear(&o);
	f->undefined_i3 = 0;
}

static void the_first_heads_half(void **state)
{
	fixture *f = *state;
	eval_outcome o;
	run(f, "2024-01-01", "2024-06-30", "2025-06-01", &o);
	/* tasks due by 30 June: T1 only */
	assert_int_equal(count_of(&o, SCORE_TASKS, "due"), 1);
	NEAR(value_of(&o, SCORE_TASKS), 100);
	/* reports due by 30 June: 202401-202406 and Q1, Q2; 202403 late, 202405 waiting */
	assert_int_equal(count_of(&o, SCORE_REPORTS, "expected"), 8);
	NEAR(value_of(&o, SCORE_REPORTS), 75);
	/* findings due by 30 June: F1 on time, F2 late */
	assert_int_equal(count_of(&o, SCORE_FINDINGS, "due"), 2);
	NEAR(value_of(&o, SCORE_FINDINGS), 50);
	/* indicators and budget are the year's */
	NEAR(value_of(&o, SCORE_BUDGET), 60);
	NEAR(value_of(&o, SCORE_INDICATORS), score_round1(170.0 / 3));
	eval_outcome_clear(&o);
	eval_span sp;
	period p = {PERIOD_YEAR, 2024, 0};
	assert_int_equal(eval_span_init(&sp, &p, "2025-06-01", "2025-06-01T00:00:00Z"), TD_OK);
	assert_int_equal(eval_span_narrow(&sp, "2023-12-31", "2024-06-30"), TD_EINVALID);
	assert_int_equal(eval_span_narrow(&sp, "2024-07-01", "2024-06-30"), TD_EINVALID);
}

static void only_what_is_due_counts(void **state)
{
	fixture *f = *state;
	eval_outcome o;
	/* on 1 July 2024: reports due are 202401-202406 and Q1, Q2; T3 is still in
	 * progress (T2, already completed, counts: completion needs no waiting);
	 * F3 and F5 are not due yet */
	run(f, NULL, NULL, "2024-07-01", &o);
	assert_int_equal(count_of(&o, SCORE_REPORTS, "expected"), 8);
	assert_int_equal(count_of(&o, SCORE_TASKS, "due"), 2);
	assert_int_equal(count_of(&o, SCORE_TASKS, "in_progress"), 1);
	assert_int_equal(count_of(&o, SCORE_FINDINGS, "due"), 2);
	/* I3 is not due before the year's last month: left out, not missing */
	assert_int_equal(count_of(&o, SCORE_INDICATORS, "missing"), 0);
	NEAR(value_of(&o, SCORE_INDICATORS), 85);
	eval_outcome_clear(&o);
}

static void organisations_and_heads(void **state)
{
	fixture *f = *state;
	eval_org *v = NULL;
	size_t n = 0;
	assert_int_equal(eval_orgs_list(f->d, "women", "/1/2/", NULL, &v, &n), TD_OK);
	assert_int_equal(n, 2);
	assert_int_equal(v[0].id, 2);
	assert_int_equal(v[1].id, 3);
	assert_string_equal(v[1].parent_path, "/1/2/");
	assert_string_equal(v[1].level, "commune");
	eval_orgs_free(v, n);
	assert_int_equal(eval_orgs_list(f->d, NULL, "/1/", "district", &v, &n), TD_OK);
	assert_int_equal(n, 3); /* women D, committee D, women E */
	eval_orgs_free(v, n);
	eval_head *h = NULL;
	assert_int_equal(eval_heads(f->d, 2, "2024-01-01", "2024-12-31", &h, &n), TD_OK);
	assert_int_equal(n, 2);
	assert_string_equal(json_string_value(json_object_get(h[0].ref, "name")), "Người trước");
	assert_string_equal(h[0].term_to, "2024-06-30");
	assert_string_equal(h[1].term_to, "");
	eval_heads_free(h, n);
	assert_int_equal(eval_heads(f->d, 2, "2025-01-01", "2025-12-31", &h, &n), TD_OK);
	assert_int_equal(n, 1);
	eval_heads_free(h, n);
	int64_t ids[4];
	eval_plan_filter pf = {.year = 2024, .system = "women", .scope_path = "/1/4/", .scope_org = 4};
	assert_int_equal(eval_plans_running(f->d, &pf, ids, 4, &n), TD_OK);
	assert_int_equal(n, 1);
	pf.year = 2026;
	assert_int_equal(eval_plans_running(f->d, &pf, ids, 4, &n), TD_OK);
	assert_int_equal(n, 0);
}

static void the_stored_configuration(void **state)
{
	fixture *f = *state;
	score_config c;
	json_t *meta = NULL;
	td_error e = {0};
	assert_int_equal(eval_config_get(f->d, 1, &c, &meta), TD_OK);
	assert_false(json_is_true(json_object_get(meta, "custom")));
	assert_int_equal(json_integer_value(json_object_get(meta, "version")), 1);
	json_decref(meta);
	score_config mine = {.weights = {100, 0, 0, 0, 0}, .cap = 150, .excellent = 95,
			     .good = 80, .pass = 60};
	assert_int_equal(eval_config_put(f->d, 1, &mine, 2, 0, &e), TD_ECONFLICT);
	assert_string_equal(e.code, "stale_version");
	assert_int_equal(eval_config_put(f->d, 1, &mine, 1, 0, &e), TD_OK);
	assert_int_equal(eval_config_get(f->d, 1, &c, &meta), TD_OK);
	assert_true(json_is_true(json_object_get(meta, "custom")));
	assert_int_equal(json_integer_value(json_object_get(meta, "version")), 2);
	json_decref(meta);
	assert_int_equal(c.weights[SCORE_INDICATORS], 100);
	NEAR(c.cap, 150);
	assert_int_equal(eval_config_put(f->d, 1, &mine, 1, 0, &e), TD_ECONFLICT);
	assert_int_equal(eval_config_put(f->d, 1, &mine, 2, 0, &e), TD_OK);
	assert_int_equal(eval_config_get(f->d, 99, &c, NULL), TD_ENOTFOUND);
	/* with the new weights only the indicators count, capped at 150 now:
	 * (150 + 50 + 0) / 3 = 66.7 */
	eval_plan *p = NULL;
	assert_int_equal(eval_plan_load(f->d, 1, &p), TD_OK);
	period y = {PERIOD_YEAR, 2024, 0};
	eval_span sp;
	eval_outcome o;
	assert_int_equal(eval_span_init(&sp, &y, "2025-06-01", "2025-06-01T00:00:00Z"), TD_OK);
	assert_int_equal(eval_run(f->d, p, &f->org, &sp, fake_values, f, &o), TD_OK);
	NEAR(o.result.score, 66.7);
	assert_int_equal(o.result.grade, SCORE_GRADE_PASS);
	eval_outcome_clear(&o);
	eval_plan_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_plan_and_its_defaults),
		cmocka_unit_test(the_whole_year),
		cmocka_unit_test(an_undefined_ratio_is_left_out),
		cmocka_unit_test(the_first_heads_half),
		cmocka_unit_test(only_what_is_due_counts),
		cmocka_unit_test(organisations_and_heads),
		cmocka_unit_test(the_stored_configuration),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
