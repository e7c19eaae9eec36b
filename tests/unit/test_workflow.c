/* test_workflow.c — the report state machine: every role × membership × status ×
 * action against the rules written out here a second time, plus the paths users
 * walk (submit, return, resubmit, approve, reopen) and the order of the errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include "core/period.h"
#include "core/scope.h"
#include "core/workflow.h"

static const unsigned roles[] = {ROLE_ADMIN, ROLE_LEADER, ROLE_OFFICER, ROLE_VIEWER,
				 ROLE_INSPECTOR};

/* The contract's transitions, spelled out independently of the module's table. */
static const struct {
	wf_status from;
	wf_action action;
	wf_status to;
} allowed[] = {
	{WF_NONE, WF_CREATE, WF_DRAFT},
	{WF_DRAFT, WF_EDIT, WF_DRAFT},
	{WF_RETURNED, WF_EDIT, WF_RETURNED},
	{WF_DRAFT, WF_SUBMIT, WF_SUBMITTED},
	{WF_RETURNED, WF_SUBMIT, WF_SUBMITTED},
	{WF_SUBMITTED, WF_APPROVE, WF_APPROVED},
	{WF_SUBMITTED, WF_RETURN, WF_RETURNED},
	{WF_APPROVED, WF_REOPEN, WF_RETURNED},
};

static int expected_transition(wf_status from, wf_action a, wf_status *to)
{
	for (size_t i = 0; i < sizeof allowed / sizeof allowed[0]; i++)
		if (allowed[i].from == from && allowed[i].action == a) {
			*to = allowed[i].to;
			return 1;
		}
	return 0;
}

static int expected_actor(unsigned role, int member, int approver, wf_action a)
{
	if (a == WF_CREATE || a == WF_EDIT || a == WF_SUBMIT)
		return member && (role == ROLE_LEADER || role == ROLE_OFFICER);
	return approver && role == ROLE_LEADER;
}

static void names_round_trip(void **state)
{
	(void)state;
	static const char *const st[] = {"draft", "submitted", "approved", "returned"};
	for (size_t i = 0; i < 4; i++) {
		wf_status s = wf_status_from_name(st[i]);
		assert_int_not_equal(s, WF_NONE);
		assert_string_equal(wf_status_name(s), st[i]);
	}
	assert_int_equal(wf_status_from_name("Draft"), WF_NONE);
	assert_int_equal(wf_status_from_name(""), WF_NONE);
	assert_int_equal(wf_status_from_name(NULL), WF_NONE);
	assert_null(wf_status_name(WF_NONE));
	assert_null(wf_status_name(WF_STATUS_COUNT));
	static const char *const acts[] = {"create", "save", "submit", "approve", "return",
					   "reopen"};
	for (int a = 0; a < WF_ACTION_COUNT; a++) {
		assert_string_equal(wf_action_name((wf_action)a), acts[a]);
		assert_int_equal(wf_action_from_name(acts[a]), a);
	}
	assert_int_equal(wf_action_from_name("delete"), -1);
	assert_int_equal(wf_action_from_name(NULL), -1);
	assert_null(wf_action_name(WF_ACTION_COUNT));
}

static void only_return_and_reopen_need_a_reason(void **state)
{
	(void)state;
	for (int a = 0; a < WF_ACTION_COUNT; a++)
		assert_int_equal(wf_needs_reason((wf_action)a), a == WF_RETURN || a == WF_REOPEN);
}

/* One cell of the matrix: wf_check against the rules written out above. Returns 1
 * when the action went through. */
static int check_cell(unsigned role, int member, int approver, wf_status from, wf_action a,
		      int reason)
{
	wf_actor who = {role, member, approver};
	wf_status to = WF_STATUS_COUNT, want_to = WF_NONE;
	td_error e = {0};
	tderr got = wf_check(from, a, &who, reason, &to, &e);
	int may = expected_actor(role, member, approver, a);
	int moves = expected_transition(from, a, &want_to);
	assert_int_equal(wf_actor_may(&who, a), may);
	assert_int_equal(wf_transition(from, a, NULL), moves);
	if (!may) {
		assert_int_equal(got, TD_EFORBIDDEN);
		assert_string_equal(e.code, "forbidden_action");
	} else if (wf_needs_reason(a) && !reason) {
		assert_int_equal(got, TD_EINVALID);
		assert_string_equal(e.code, "reason_required");
		assert_string_equal(e.field, "reason");
	} else if (!moves) {
		assert_int_equal(got, TD_ECONFLICT);
		if (a == WF_CREATE)
			assert_string_equal(e.code, "report_exists");
		else if (from == WF_APPROVED)
			assert_string_equal(e.code, "report_locked");
		else
			assert_string_equal(e.code, "invalid_transition");
	} else {
		assert_int_equal(got, TD_OK);
		assert_int_equal(to, want_to);
		return 1;
	}
	assert_int_equal(e.kind, got);
	assert_non_null(e.message);
	assert_int_equal(to, WF_STATUS_COUNT); /* untouched on error */
	return 0;
}

/* Every role × member × approver × status × action × reason given or not. */
static void full_matrix(void **state)
{
	(void)state;
	size_t cells = 0, passed = 0;
	for (size_t r = 0; r < sizeof roles / sizeof roles[0]; r++)
		for (int m = 0; m <= 1; m++)
			for (int ap = 0; ap <= 1; ap++)
				for (int from = 0; from < WF_STATUS_COUNT; from++)
					for (int a = 0; a < WF_ACTION_COUNT; a++)
						for (int reason = 0; reason <= 1; reason++, cells++)
							passed += (size_t)check_cell(roles[r], m, ap,
								(wf_status)from, (wf_action)a, reason);
	assert_int_equal(cells, 5 * 2 * 2 * WF_STATUS_COUNT * WF_ACTION_COUNT * 2);
	/* member actions (5 transitions) for leader/officer members, approver or not,
	 * reason or not: 5 * 2 * 2 * 2 = 40; approve (reason optional: 2), return and
	 * reopen (reason given: 1 each) for leaders of the approving organisation,
	 * member or not: 4 * 2 = 8 */
	assert_int_equal(passed, 48);
}

/* The path of the API test, as the people in the demo would walk it. */
static void commune_report_life(void **state)
{
	(void)state;
	wf_actor officer = {ROLE_OFFICER, 1, 0};      /* tanthanh.phunu */
	wf_actor district_leader = {ROLE_LEADER, 0, 1}; /* langgiang.phunu.lanhdao */
	wf_actor other_system = {ROLE_LEADER, 0, 0};  /* langgiang.mttq */
	wf_actor district_officer = {ROLE_OFFICER, 0, 1}; /* langgiang.phunu */
	td_error e = {0};
	wf_status s = WF_NONE;
	assert_int_equal(wf_check(s, WF_CREATE, &officer, 0, &s, &e), TD_OK);
	assert_int_equal(s, WF_DRAFT);
	assert_int_equal(wf_check(s, WF_EDIT, &officer, 0, &s, &e), TD_OK);
	assert_int_equal(wf_check(s, WF_APPROVE, &district_leader, 0, NULL, &e), TD_ECONFLICT);
	assert_string_equal(e.code, "invalid_transition");
	assert_int_equal(wf_check(s, WF_SUBMIT, &officer, 0, &s, &e), TD_OK);
	assert_int_equal(s, WF_SUBMITTED);
	assert_int_equal(wf_check(s, WF_EDIT, &officer, 0, NULL, &e), TD_ECONFLICT);
	assert_int_equal(wf_check(s, WF_APPROVE, &officer, 0, NULL, &e), TD_EFORBIDDEN);
	assert_int_equal(wf_check(s, WF_APPROVE, &other_system, 0, NULL, &e), TD_EFORBIDDEN);
	assert_int_equal(wf_check(s, WF_APPROVE, &district_officer, 0, NULL, &e), TD_EFORBIDDEN);
	assert_int_equal(wf_check(s, WF_RETURN, &district_leader, 0, NULL, &e), TD_EINVALID);
	assert_int_equal(wf_check(s, WF_RETURN, &district_leader, 1, &s, &e), TD_OK);
	assert_int_equal(s, WF_RETURNED);
	assert_int_equal(wf_check(s, WF_EDIT, &officer, 0, &s, &e), TD_OK);
	assert_int_equal(wf_check(s, WF_SUBMIT, &officer, 0, &s, &e), TD_OK);
	assert_int_equal(wf_check(s, WF_APPROVE, &district_leader, 0, &s, &e), TD_OK);
	assert_int_equal(s, WF_APPROVED);
	assert_int_equal(wf_check(s, WF_EDIT, &officer, 0, NULL, &e), TD_ECONFLICT);
	assert_string_equal(e.code, "report_locked");
	assert_int_equal(wf_check(s, WF_SUBMIT, &officer, 0, NULL, &e), TD_ECONFLICT);
	assert_string_equal(e.code, "report_locked");
	assert_int_equal(wf_check(s, WF_REOPEN, &officer, 1, NULL, &e), TD_EFORBIDDEN);
	assert_int_equal(wf_check(s, WF_REOPEN, &district_leader, 0, NULL, &e), TD_EINVALID);
	assert_int_equal(wf_check(s, WF_REOPEN, &district_leader, 1, &s, &e), TD_OK);
	assert_int_equal(s, WF_RETURNED);
}

/* A report at the root unit is approved by a leader of its own organisation, who is
 * then both member and approver; an administrator neither enters nor approves. */
static void root_leader_and_admin(void **state)
{
	(void)state;
	wf_actor root_leader = {ROLE_LEADER, 1, 1};
	wf_actor admin = {ROLE_ADMIN, 1, 1};
	td_error e = {0};
	wf_status s = WF_DRAFT;
	assert_int_equal(wf_check(s, WF_SUBMIT, &root_leader, 0, &s, &e), TD_OK);
	assert_int_equal(wf_check(s, WF_APPROVE, &root_leader, 0, &s, &e), TD_OK);
	assert_int_equal(s, WF_APPROVED);
	for (int a = 0; a < WF_ACTION_COUNT; a++)
		assert_int_equal(wf_check(WF_SUBMITTED, (wf_action)a, &admin, 1, NULL, &e),
				 TD_EFORBIDDEN);
	assert_int_equal(wf_check(WF_DRAFT, WF_SUBMIT, NULL, 0, NULL, &e), TD_EFORBIDDEN);
	assert_int_equal(wf_check(WF_DRAFT, WF_ACTION_COUNT, &root_leader, 0, NULL, &e),
			 TD_EINVALID);
	assert_string_equal(e.code, "unknown_action");
	assert_int_equal(wf_check(WF_DRAFT, WF_CREATE, &root_leader, 0, NULL, &e), TD_ECONFLICT);
	assert_string_equal(e.code, "report_exists");
	assert_int_equal(wf_transition(WF_STATUS_COUNT, WF_EDIT, NULL), 0);
}

/* The deadline's own second is on time, the next one late; days count by the
 * calendar in Vietnam (UTC+7), not by 24-hour spans. */
static void timeliness_edges(void **state)
{
	(void)state;
	period p;
	char dl[PERIOD_DATETIME_SIZE];
	assert_int_equal(period_parse("202401", &p), TD_OK);
	assert_int_equal(period_deadline(&p, NULL, dl, sizeof dl), TD_OK);
	assert_string_equal(dl, "2024-01-19T16:59:59Z"); /* 19/01/2024 23:59:59 in Hà Nội */
	assert_int_equal(period_is_late(dl, "2024-01-19T16:59:59Z"), 0);
	assert_int_equal(period_is_late(dl, "2024-01-19T17:00:00Z"), 1);
	assert_int_equal(period_is_late(dl, "2024-01-19T23:59:59+07:00"), 0);
	assert_int_equal(period_is_late(dl, "2024-01-20T00:00:00+07:00"), 1);

	const char *now = "2026-11-29T12:00:00Z";
	wf_timeliness t;
	assert_int_equal(wf_timeliness_of(dl, "2024-01-19T16:59:59Z", now, &t), TD_OK);
	assert_int_equal(t.on_time, 1);
	assert_int_equal(t.days_late, 0);
	assert_int_equal(t.overdue, 0);
	/* one second past midnight in Vietnam: one day late */
	assert_int_equal(wf_timeliness_of(dl, "2024-01-19T17:00:00Z", now, &t), TD_OK);
	assert_int_equal(t.on_time, 0);
	assert_int_equal(t.days_late, 1);
	/* 20/01 23:59 ICT is still day 1; 21/01 00:00 ICT is day 2 */
	assert_int_equal(wf_timeliness_of(dl, "2024-01-20T16:59:59Z", now, &t), TD_OK);
	assert_int_equal(t.days_late, 1);
	assert_int_equal(wf_timeliness_of(dl, "2024-01-20T17:00:00Z", now, &t), TD_OK);
	assert_int_equal(t.days_late, 2);
	/* not submitted: overdue once the deadline has passed, counting days so far */
	assert_int_equal(wf_timeliness_of(dl, NULL, "2024-01-19T16:59:59Z", &t), TD_OK);
	assert_int_equal(t.on_time, -1);
	assert_int_equal(t.overdue, 0);
	assert_int_equal(t.days_late, 0);
	assert_int_equal(wf_timeliness_of(dl, NULL, "2024-01-22T03:00:00Z", &t), TD_OK);
	assert_int_equal(t.on_time, -1);
	assert_int_equal(t.overdue, 1);
	assert_int_equal(t.days_late, 3);
	/* a submission is judged by itself, whenever "now" is */
	assert_int_equal(wf_timeliness_of(dl, "2024-01-10T00:00:00Z", "2030-01-01T00:00:00Z", &t),
			 TD_OK);
	assert_int_equal(t.on_time, 1);
	assert_int_equal(t.overdue, 0);
	/* unreadable input */
	assert_int_equal(wf_timeliness_of(NULL, NULL, now, &t), TD_EINVALID);
	assert_int_equal(wf_timeliness_of(dl, "hôm qua", now, &t), TD_EINVALID);
	assert_int_equal(wf_timeliness_of(dl, NULL, NULL, &t), TD_EINVALID);
	assert_int_equal(wf_timeliness_of(dl, NULL, now, NULL), TD_EINVALID);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(names_round_trip),
		cmocka_unit_test(only_return_and_reopen_need_a_reason),
		cmocka_unit_test(full_matrix),
		cmocka_unit_test(commune_report_life),
		cmocka_unit_test(root_leader_and_admin),
		cmocka_unit_test(timeliness_edges),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
