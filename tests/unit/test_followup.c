/* test_followup.c — what the follow-up records derive from their dates, at the
 * edges: the deadline day itself, the day after, leap days, allocation before the
 * money was needed; and who may write a record or which budget amounts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include "core/followup.h"
#include "core/scope.h"

static task_state task(const char *deadline, const char *completed, const char *today)
{
	task_state st = {TASK_STATUS_NONE, -1};
	assert_int_equal(followup_task(deadline, completed, today, &st), TD_OK);
	return st;
}

static void days_between_counts_leap_days(void **state)
{
	(void)state;
	int64_t n = 99;
	assert_int_equal(followup_days_between("2024-02-28", "2024-03-01", &n), TD_OK);
	assert_int_equal(n, 2);
	assert_int_equal(followup_days_between("2023-02-28", "2023-03-01", &n), TD_OK);
	assert_int_equal(n, 1);
	assert_int_equal(followup_days_between("2024-03-01", "2024-02-28", &n), TD_OK);
	assert_int_equal(n, -2);
	assert_int_equal(followup_days_between("2024-01-01", "2025-01-01", &n), TD_OK);
	assert_int_equal(n, 366);
	assert_int_equal(followup_days_between("2100-02-28", "2100-03-01", &n), TD_OK);
	assert_int_equal(n, 1); /* 2100 is not a leap year */
	assert_int_equal(followup_days_between("2000-02-28", "2000-03-01", &n), TD_OK);
	assert_int_equal(n, 2); /* 2000 is */
	assert_int_equal(followup_days_between("1969-12-31", "1970-01-01", &n), TD_OK);
	assert_int_equal(n, 1);
	assert_int_equal(followup_days_between("0001-01-01", "9999-12-31", &n), TD_OK);
	assert_int_equal(n, 3652058);
	assert_int_equal(followup_days_between("2024-06-14", "2024-06-14", &n), TD_OK);
	assert_int_equal(n, 0);
	/* malformed dates leave the output alone */
	n = 42;
	static const char *const bad[] = {"2023-02-29", "2024-13-01", "2024-6-14", "2024-06-14T00",
					  "", "14/06/2024", "2024-00-10", "2024-04-31"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(followup_days_between(bad[i], "2024-06-14", &n), TD_EINVALID);
		assert_int_equal(followup_days_between("2024-06-14", bad[i], &n), TD_EINVALID);
	}
	assert_int_equal(followup_days_between(NULL, "2024-06-14", &n), TD_EINVALID);
	assert_int_equal(followup_days_between("2024-06-14", "2024-06-14", NULL), TD_EINVALID);
	assert_int_equal(n, 42);
}

static void task_completed_on_the_deadline_is_on_time(void **state)
{
	(void)state;
	task_state st = task("2024-06-30", "2024-06-30", "2024-12-01");
	assert_int_equal(st.status, TASK_DONE_ON_TIME);
	assert_int_equal(st.days_overdue, 0);
	st = task("2024-06-30", "2024-05-02", "2024-12-01");
	assert_int_equal(st.status, TASK_DONE_ON_TIME);
	assert_int_equal(st.days_overdue, 0);
	/* the day after is late, by one day, whatever today is */
	st = task("2024-06-30", "2024-07-01", "2024-07-01");
	assert_int_equal(st.status, TASK_DONE_LATE);
	assert_int_equal(st.days_overdue, 1);
	st = task("2024-06-30", "2024-08-14", "2030-01-01");
	assert_int_equal(st.status, TASK_DONE_LATE);
	assert_int_equal(st.days_overdue, 45);
	/* completion judged even when today is before the deadline */
	st = task("2024-06-30", "2024-06-01", "2024-06-01");
	assert_int_equal(st.status, TASK_DONE_ON_TIME);
}

static void task_open_is_overdue_from_the_day_after(void **state)
{
	(void)state;
	task_state st = task("2024-06-30", NULL, "2024-06-30");
	assert_int_equal(st.status, TASK_IN_PROGRESS);
	assert_int_equal(st.days_overdue, 0);
	st = task("2024-06-30", NULL, "2024-06-29");
	assert_int_equal(st.status, TASK_IN_PROGRESS);
	st = task("2024-06-30", NULL, "2024-07-01");
	assert_int_equal(st.status, TASK_OVERDUE);
	assert_int_equal(st.days_overdue, 1);
	st = task("2024-12-31", NULL, "2025-01-01");
	assert_int_equal(st.status, TASK_OVERDUE);
	assert_int_equal(st.days_overdue, 1);
	/* across a leap day: 2024-02-28 + 2 days is 2024-03-01 */
	st = task("2024-02-28", NULL, "2024-03-01");
	assert_int_equal(st.status, TASK_OVERDUE);
	assert_int_equal(st.days_overdue, 2);
	st = task("2024-02-29", NULL, "2024-02-29");
	assert_int_equal(st.status, TASK_IN_PROGRESS);
	st = task("2024-02-29", "2024-03-01", "2024-03-01");
	assert_int_equal(st.status, TASK_DONE_LATE);
	assert_int_equal(st.days_overdue, 1);
}

static void task_rejects_malformed_dates(void **state)
{
	(void)state;
	task_state st = {TASK_DONE_LATE, 7};
	assert_int_equal(followup_task("2023-02-29", NULL, "2024-01-01", &st), TD_EINVALID);
	assert_int_equal(followup_task("2024-06-30", "", "2024-07-01", &st), TD_EINVALID);
	assert_int_equal(followup_task("2024-06-30", NULL, "2024-7-1", &st), TD_EINVALID);
	assert_int_equal(followup_task(NULL, NULL, "2024-07-01", &st), TD_EINVALID);
	assert_int_equal(followup_task("2024-06-30", NULL, NULL, &st), TD_EINVALID);
	assert_int_equal(followup_task("2024-06-30", NULL, "2024-07-01", NULL), TD_EINVALID);
	assert_int_equal(st.status, TASK_DONE_LATE);
	assert_int_equal(st.days_overdue, 7);
}

static void task_status_names_round_trip(void **state)
{
	(void)state;
	for (int i = 1; i < TASK_STATUS_COUNT; i++) {
		const char *n = followup_task_status_name((task_status)i);
		assert_non_null(n);
		assert_int_equal(followup_task_status_from_name(n), i);
	}
	assert_string_equal(followup_task_status_name(TASK_DONE_LATE), "done_late");
	assert_string_equal(followup_task_status_name(TASK_OVERDUE), "overdue");
	assert_null(followup_task_status_name(TASK_STATUS_NONE));
	assert_null(followup_task_status_name(TASK_STATUS_COUNT));
	assert_int_equal(followup_task_status_from_name("late"), TASK_STATUS_NONE);
	assert_int_equal(followup_task_status_from_name("OVERDUE"), TASK_STATUS_NONE);
	assert_int_equal(followup_task_status_from_name(NULL), TASK_STATUS_NONE);
}

static void document_late_from_the_day_after_due(void **state)
{
	(void)state;
	document_state st = {9, 9};
	assert_int_equal(followup_document("2024-03-15", "2024-03-15", &st), TD_OK);
	assert_false(st.late);
	assert_int_equal(st.days_late, 0);
	assert_int_equal(followup_document("2024-03-16", "2024-03-15", &st), TD_OK);
	assert_true(st.late);
	assert_int_equal(st.days_late, 1);
	assert_int_equal(followup_document("2024-03-01", "2024-02-28", &st), TD_OK);
	assert_true(st.late);
	assert_int_equal(st.days_late, 2);
	assert_int_equal(followup_document("2024-01-02", "2024-03-15", &st), TD_OK);
	assert_false(st.late);
	assert_int_equal(st.days_late, 0);
	/* no due day: never late */
	assert_int_equal(followup_document("2030-01-01", NULL, &st), TD_OK);
	assert_false(st.late);
	st.late = 5;
	assert_int_equal(followup_document("2024-02-30", "2024-03-15", &st), TD_EINVALID);
	assert_int_equal(followup_document("2024-03-15", "15/03/2024", &st), TD_EINVALID);
	assert_int_equal(followup_document(NULL, NULL, &st), TD_EINVALID);
	assert_int_equal(st.late, 5);
}

static budget_state budget(int64_t year, const char *needed, int64_t allocated,
			   const char *allocated_on, int64_t disbursed, const char *today)
{
	budget_in in = {year, needed, allocated, allocated_on, disbursed, today};
	budget_state st;
	assert_int_equal(followup_budget(&in, &st), TD_OK);
	return st;
}

static void budget_delay_counts_from_the_day_needed(void **state)
{
	(void)state;
	/* needed on 1 January by default; allocated on 15 March 2024: 31 + 29 + 14 */
	budget_state st = budget(2024, NULL, 50000000, "2024-03-15", 0, "2024-12-01");
	assert_string_equal(st.needed_on, "2024-01-01");
	assert_true(st.allocated);
	assert_true(st.has_delay);
	assert_int_equal(st.allocation_delay_days, 74);
	assert_false(st.has_overdue);
	assert_true(st.has_rate);
	assert_true(st.disbursement_rate == 0.0);
	assert_false(st.over_disbursed);
	/* allocated the very day it was needed: no delay */
	st = budget(2024, "2024-04-01", 10, "2024-04-01", 5, "2024-12-01");
	assert_int_equal(st.allocation_delay_days, 0);
	assert_true(st.disbursement_rate == 0.5);
	/* allocated early: a negative delay */
	st = budget(2024, NULL, 200000000, "2023-12-20", 150000000, "2024-12-01");
	assert_int_equal(st.allocation_delay_days, -12);
	assert_true(st.disbursement_rate == 0.75);
	/* a needed day across the leap day */
	st = budget(2024, "2024-02-28", 1, "2024-03-01", 1, "2024-12-01");
	assert_int_equal(st.allocation_delay_days, 2);
	assert_true(st.disbursement_rate == 1.0);
}

static void budget_not_allocated_is_overdue_after_the_day_needed(void **state)
{
	(void)state;
	budget_state st = budget(2024, NULL, 0, NULL, 0, "2024-01-01");
	assert_false(st.allocated);
	assert_false(st.has_delay);
	assert_true(st.has_overdue);
	assert_int_equal(st.allocation_overdue_days, 0);
	assert_false(st.has_rate); /* nothing allocated: no rate, never a division by zero */
	st = budget(2024, NULL, 0, NULL, 0, "2024-01-02");
	assert_int_equal(st.allocation_overdue_days, 1);
	st = budget(2024, NULL, 0, NULL, 0, "2023-11-30");
	assert_int_equal(st.allocation_overdue_days, 0); /* not needed yet */
	st = budget(2024, "2024-03-01", 0, NULL, 0, "2024-03-31");
	assert_int_equal(st.allocation_overdue_days, 30);
	/* an amount without its date: allocated, delay unknown */
	st = budget(2024, NULL, 7, NULL, 0, "2024-06-01");
	assert_true(st.allocated);
	assert_false(st.has_delay);
	assert_false(st.has_overdue);
	/* a date without an amount: allocated (nothing), delay known, no rate */
	st = budget(2024, NULL, 0, "2024-01-10", 0, "2024-06-01");
	assert_true(st.has_delay);
	assert_int_equal(st.allocation_delay_days, 9);
	assert_false(st.has_rate);
}

static void budget_over_disbursement_is_flagged_not_refused(void **state)
{
	(void)state;
	budget_state st = budget(2024, NULL, 100, "2024-02-01", 150, "2024-12-01");
	assert_true(st.over_disbursed);
	assert_true(st.disbursement_rate == 1.5);
	st = budget(2024, NULL, 100, "2024-02-01", 100, "2024-12-01");
	assert_false(st.over_disbursed);
	st = budget(2024, NULL, 0, NULL, 1, "2024-12-01");
	assert_true(st.over_disbursed);
	assert_false(st.has_rate);
	st = budget(2024, NULL, FOLLOWUP_VND_MAX, "2024-02-01", FOLLOWUP_VND_MAX, "2024-12-01");
	assert_true(st.disbursement_rate == 1.0);
}

static void budget_rejects_bad_input(void **state)
{
	(void)state;
	budget_state st;
	budget_in in = {2024, "2024-02-30", 0, NULL, 0, "2024-12-01"};
	assert_int_equal(followup_budget(&in, &st), TD_EINVALID);
	in.needed_on = NULL;
	in.allocated_on = "2024/02/01";
	assert_int_equal(followup_budget(&in, &st), TD_EINVALID);
	in.allocated_on = NULL;
	in.today = NULL;
	assert_int_equal(followup_budget(&in, &st), TD_EINVALID);
	in.today = "2024-12-01";
	in.year = 0;
	assert_int_equal(followup_budget(&in, &st), TD_EINVALID);
	in.year = 10000;
	assert_int_equal(followup_budget(&in, &st), TD_EINVALID);
	assert_int_equal(followup_budget(NULL, &st), TD_EINVALID);
	in.year = 2024;
	assert_int_equal(followup_budget(&in, NULL), TD_EINVALID);
}

static void vnd_sums_saturate(void **state)
{
	(void)state;
	assert_int_equal(followup_add_vnd(1, 2), 3);
	assert_int_equal(followup_add_vnd(INT64_MAX - 1, 1), INT64_MAX);
	assert_int_equal(followup_add_vnd(INT64_MAX, FOLLOWUP_VND_MAX), INT64_MAX);
	assert_int_equal(followup_add_vnd(INT64_MIN, -1), INT64_MIN);
	assert_int_equal(followup_add_vnd(-5, 3), -2);
	int64_t sum = 0;
	for (int i = 0; i < 10000; i++)
		sum = followup_add_vnd(sum, FOLLOWUP_VND_MAX);
	assert_int_equal(sum, INT64_MAX);
}

static void text_match_ignores_diacritics(void **state)
{
	(void)state;
	assert_true(followup_text_match("tuyen truyen", "Tuyên truyền phân loại rác"));
	assert_true(followup_text_match("rac", "Tuyên truyền phân loại RÁC thải"));
	assert_true(followup_text_match("12-bc/tu", "Báo cáo 12-BC/TU"));
	assert_true(followup_text_match("dan van kheo", "Phong trào \"Dân vận khéo\""));
	assert_false(followup_text_match("ocop", "Tuyên truyền phân loại rác"));
	assert_true(followup_text_match("", "bất kỳ"));
	assert_true(followup_text_match(NULL, "bất kỳ"));
	assert_false(followup_text_match("x", NULL));
}

static void who_may_write(void **state)
{
	(void)state;
	fu_actor admin = {ROLE_ADMIN, 0, 0, 0};
	fu_actor own = {ROLE_OFFICER, 1, 0, 0};
	fu_actor owner = {ROLE_LEADER, 0, 1, 0};
	fu_actor other = {ROLE_OFFICER, 0, 0, 0};
	fu_actor viewer = {ROLE_VIEWER, 1, 1, 1};
	fu_actor inspector = {ROLE_INSPECTOR, 1, 1, 0};
	fu_actor finance = {ROLE_OFFICER, 0, 0, 1};
	assert_true(followup_may_write(&admin));
	assert_true(followup_may_write(&own));
	assert_true(followup_may_write(&owner));
	assert_false(followup_may_write(&other));
	assert_false(followup_may_write(&viewer));
	assert_false(followup_may_write(&inspector));
	assert_false(followup_may_write(&finance)); /* finance writes budgets only */
	assert_false(followup_may_write(NULL));

	assert_int_equal(followup_budget_rights(&admin), BUDGET_EDIT_PLANNED | BUDGET_EDIT_FUNDS);
	assert_int_equal(followup_budget_rights(&owner), BUDGET_EDIT_PLANNED | BUDGET_EDIT_FUNDS);
	assert_int_equal(followup_budget_rights(&own), BUDGET_EDIT_PLANNED);
	assert_int_equal(followup_budget_rights(&finance), BUDGET_EDIT_FUNDS);
	fu_actor own_finance = {ROLE_LEADER, 1, 0, 1};
	assert_int_equal(followup_budget_rights(&own_finance),
			 BUDGET_EDIT_PLANNED | BUDGET_EDIT_FUNDS);
	assert_int_equal(followup_budget_rights(&other), 0);
	assert_int_equal(followup_budget_rights(&viewer), 0);
	assert_int_equal(followup_budget_rights(&inspector), 0);
	assert_int_equal(followup_budget_rights(NULL), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(days_between_counts_leap_days),
		cmocka_unit_test(task_completed_on_the_deadline_is_on_time),
		cmocka_unit_test(task_open_is_overdue_from_the_day_after),
		cmocka_unit_test(task_rejects_malformed_dates),
		cmocka_unit_test(task_status_names_round_trip),
		cmocka_unit_test(document_late_from_the_day_after_due),
		cmocka_unit_test(budget_delay_counts_from_the_day_needed),
		cmocka_unit_test(budget_not_allocated_is_overdue_after_the_day_needed),
		cmocka_unit_test(budget_over_disbursement_is_flagged_not_refused),
		cmocka_unit_test(budget_rejects_bad_input),
		cmocka_unit_test(vnd_sums_saturate),
		cmocka_unit_test(text_match_ignores_diacritics),
		cmocka_unit_test(who_may_write),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
