/* test_finding.c — the finding state machine: every action from every status by
 * every kind of actor, the order in which refusals are reported, and overdue and
 * escalation at the edges of the due date. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include "core/finding.h"
#include "core/scope.h"

static const finding_status all_status[] = {FINDING_OPEN, FINDING_ANSWERED, FINDING_RESOLVED,
					    FINDING_DECLINED};
static const unsigned all_roles[] = {ROLE_ADMIN, ROLE_LEADER, ROLE_OFFICER, ROLE_VIEWER,
				     ROLE_INSPECTOR};

static void names_round_trip(void **state)
{
	(void)state;
	for (int s = FINDING_OPEN; s < FINDING_STATUS_COUNT; s++)
		assert_int_equal(finding_status_from_name(finding_status_name((finding_status)s)), s);
	for (int a = 0; a < FINDING_ACTION_COUNT; a++)
		assert_int_equal(finding_action_from_name(finding_action_name((finding_action)a)), a);
	assert_int_equal(finding_status_from_name("Open"), FINDING_NONE);
	assert_int_equal(finding_status_from_name(NULL), FINDING_NONE);
	assert_int_equal(finding_status_from_name(""), FINDING_NONE);
	assert_null(finding_status_name(FINDING_NONE));
	assert_null(finding_status_name(FINDING_STATUS_COUNT));
	assert_int_equal(finding_action_from_name("approve"), -1);
	assert_int_equal(finding_action_from_name(NULL), -1);
	assert_null(finding_action_name(FINDING_ACTION_COUNT));
	assert_true(finding_is_closed(FINDING_RESOLVED));
	assert_true(finding_is_closed(FINDING_DECLINED));
	assert_false(finding_is_closed(FINDING_OPEN));
	assert_false(finding_is_closed(FINDING_ANSWERED));
}

/* The transition table, written out: from x action -> to (FINDING_NONE = refused). */
static void transitions_table(void **state)
{
	(void)state;
	static const struct {
		finding_status from;
		finding_action a;
		finding_status to;
	} t[] = {
		{FINDING_OPEN, FINDING_ANSWER, FINDING_ANSWERED},
		{FINDING_OPEN, FINDING_RESOLVE, FINDING_RESOLVED},
		{FINDING_OPEN, FINDING_DECLINE, FINDING_DECLINED},
		{FINDING_OPEN, FINDING_REOPEN, FINDING_NONE},
		{FINDING_ANSWERED, FINDING_ANSWER, FINDING_NONE},
		{FINDING_ANSWERED, FINDING_RESOLVE, FINDING_RESOLVED},
		{FINDING_ANSWERED, FINDING_DECLINE, FINDING_DECLINED},
		{FINDING_ANSWERED, FINDING_REOPEN, FINDING_OPEN},
		{FINDING_RESOLVED, FINDING_ANSWER, FINDING_NONE},
		{FINDING_RESOLVED, FINDING_RESOLVE, FINDING_NONE},
		{FINDING_RESOLVED, FINDING_DECLINE, FINDING_NONE},
		{FINDING_RESOLVED, FINDING_REOPEN, FINDING_NONE},
		{FINDING_DECLINED, FINDING_ANSWER, FINDING_NONE},
		{FINDING_DECLINED, FINDING_RESOLVE, FINDING_NONE},
		{FINDING_DECLINED, FINDING_DECLINE, FINDING_NONE},
		{FINDING_DECLINED, FINDING_REOPEN, FINDING_NONE},
	};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		finding_status to = FINDING_NONE;
		int ok = finding_transition(t[i].from, t[i].a, &to);
		assert_int_equal(ok, t[i].to != FINDING_NONE);
		if (ok)
			assert_int_equal(to, t[i].to);
	}
	assert_false(finding_transition(FINDING_NONE, FINDING_ANSWER, NULL));
	assert_false(finding_transition(FINDING_OPEN, FINDING_ACTION_COUNT, NULL));
	assert_true(finding_transition(FINDING_OPEN, FINDING_ANSWER, NULL));
}

/* Who may, for every role and both memberships. */
static void actors(void **state)
{
	(void)state;
	for (size_t r = 0; r < sizeof all_roles / sizeof all_roles[0]; r++) {
		unsigned role = all_roles[r];
		int writer = role == ROLE_LEADER || role == ROLE_OFFICER;
		for (int addr = 0; addr <= 1; addr++) {
			for (int raiser = 0; raiser <= 1; raiser++) {
				finding_actor w = {role, addr, raiser};
				assert_int_equal(finding_actor_may(&w, FINDING_ANSWER), addr && writer);
				int closer = raiser && (writer || role == ROLE_INSPECTOR);
				assert_int_equal(finding_actor_may(&w, FINDING_RESOLVE), closer);
				assert_int_equal(finding_actor_may(&w, FINDING_DECLINE), closer);
				assert_int_equal(finding_actor_may(&w, FINDING_REOPEN), closer);
			}
		}
	}
	assert_false(finding_actor_may(NULL, FINDING_ANSWER));
	finding_actor both = {ROLE_LEADER, 1, 1};
	assert_false(finding_actor_may(&both, FINDING_ACTION_COUNT));
}

/* finding_check over the whole product status x action x actor: the answer is the
 * first refusal in the documented order, or the table's target. */
static void check_everything(void **state)
{
	(void)state;
	for (size_t si = 0; si < sizeof all_status / sizeof all_status[0]; si++) {
		finding_status from = all_status[si];
		for (int a = 0; a < FINDING_ACTION_COUNT; a++) {
			for (size_t r = 0; r < sizeof all_roles / sizeof all_roles[0]; r++) {
				for (int who = 0; who < 4; who++) {
					for (int text = 0; text <= 1; text++) {
						finding_actor w = {all_roles[r], who & 1, (who >> 1) & 1};
						td_error e = {0};
						finding_status to = FINDING_NONE;
						tderr got = finding_check(from, (finding_action)a, &w, text, &to, &e);
						finding_status want_to = FINDING_NONE;
						tderr want;
						const char *code = NULL;
						if (!finding_actor_may(&w, (finding_action)a))
							want = TD_EFORBIDDEN, code = "forbidden_action";
						else if (finding_needs_text((finding_action)a) && !text)
							want = TD_EINVALID, code = a == FINDING_ANSWER ? "response_required" : "reason_required";
						else if (finding_is_closed(from))
							want = TD_ECONFLICT, code = "finding_closed";
						else if (!finding_transition(from, (finding_action)a, &want_to))
							want = TD_ECONFLICT, code = "invalid_transition";
						else
							want = TD_OK;
						assert_int_equal(got, want);
						if (want == TD_OK) {
							assert_int_equal(to, want_to);
						} else {
							assert_string_equal(e.code, code);
							assert_int_equal(e.kind, want);
							assert_non_null(e.message);
						}
					}
				}
			}
		}
	}
}

/* The story of the issue, step by step. */
static void scenario(void **state)
{
	(void)state;
	finding_actor taichinh = {ROLE_OFFICER, 1, 0}; /* the addressee */
	finding_actor commune = {ROLE_LEADER, 0, 1};   /* the raiser */
	finding_actor viewer = {ROLE_VIEWER, 0, 1};
	finding_actor admin = {ROLE_ADMIN, 1, 1};
	td_error e = {0};
	finding_status s = FINDING_OPEN, to = FINDING_NONE;

	assert_int_equal(finding_check(s, FINDING_ANSWER, &commune, 1, &to, &e), TD_EFORBIDDEN);
	assert_int_equal(finding_check(s, FINDING_ANSWER, &admin, 1, &to, &e), TD_EFORBIDDEN);
	assert_int_equal(finding_check(s, FINDING_ANSWER, &taichinh, 0, &to, &e), TD_EINVALID);
	assert_string_equal(e.field, "response");
	assert_int_equal(finding_check(s, FINDING_ANSWER, &taichinh, 1, &to, &e), TD_OK);
	s = to;
	assert_int_equal(s, FINDING_ANSWERED);
	/* the answer is not enough: reopen, needs a reason */
	assert_int_equal(finding_check(s, FINDING_REOPEN, &taichinh, 1, &to, &e), TD_EFORBIDDEN);
	assert_int_equal(finding_check(s, FINDING_REOPEN, &viewer, 1, &to, &e), TD_EFORBIDDEN);
	assert_int_equal(finding_check(s, FINDING_REOPEN, &commune, 0, &to, &e), TD_EINVALID);
	assert_string_equal(e.field, "reason");
	assert_int_equal(finding_check(s, FINDING_REOPEN, &commune, 1, &to, &e), TD_OK);
	s = to;
	assert_int_equal(s, FINDING_OPEN);
	assert_int_equal(finding_check(s, FINDING_REOPEN, &commune, 1, &to, &e), TD_ECONFLICT);
	assert_string_equal(e.code, "invalid_transition");
	assert_int_equal(finding_check(s, FINDING_ANSWER, &taichinh, 1, &to, &e), TD_OK);
	s = to;
	assert_int_equal(finding_check(s, FINDING_ANSWER, &taichinh, 1, &to, &e), TD_ECONFLICT);
	/* resolving needs no note */
	assert_int_equal(finding_check(s, FINDING_RESOLVE, &commune, 0, &to, &e), TD_OK);
	s = to;
	assert_int_equal(s, FINDING_RESOLVED);
	assert_int_equal(finding_check(s, FINDING_REOPEN, &commune, 1, &to, &e), TD_ECONFLICT);
	assert_string_equal(e.code, "finding_closed");
	assert_int_equal(finding_check(s, FINDING_ACTION_COUNT, &commune, 1, &to, &e), TD_EINVALID);
}

static void overdue_at_the_edge(void **state)
{
	(void)state;
	/* the due day itself is on time; the next day is one day overdue */
	assert_false(finding_overdue(FINDING_OPEN, "2024-06-14", "2024-06-13"));
	assert_false(finding_overdue(FINDING_OPEN, "2024-06-14", "2024-06-14"));
	assert_true(finding_overdue(FINDING_OPEN, "2024-06-14", "2024-06-15"));
	assert_int_equal(finding_days_overdue(FINDING_OPEN, "2024-06-14", "2024-06-15"), 1);
	assert_int_equal(finding_days_overdue(FINDING_OPEN, "2024-06-14", "2024-06-14"), 0);
	/* across a month, a leap day and a year */
	assert_int_equal(finding_days_overdue(FINDING_ANSWERED, "2024-02-28", "2024-03-01"), 2);
	assert_int_equal(finding_days_overdue(FINDING_ANSWERED, "2023-02-28", "2023-03-01"), 1);
	assert_int_equal(finding_days_overdue(FINDING_OPEN, "2023-12-31", "2024-01-01"), 1);
	assert_int_equal(finding_days_overdue(FINDING_OPEN, "2022-06-14", "2024-06-14"), 731);
	/* closed findings are never overdue */
	assert_false(finding_overdue(FINDING_RESOLVED, "2024-06-14", "2025-01-01"));
	assert_false(finding_overdue(FINDING_DECLINED, "2024-06-14", "2025-01-01"));
	assert_int_equal(finding_days_overdue(FINDING_RESOLVED, "2024-06-14", "2025-01-01"), 0);
	/* no due date, or dates that are not dates */
	assert_false(finding_overdue(FINDING_OPEN, NULL, "2025-01-01"));
	assert_false(finding_overdue(FINDING_OPEN, "2024-06-14", NULL));
	assert_false(finding_overdue(FINDING_OPEN, "2024-02-30", "2025-01-01"));
	assert_false(finding_overdue(FINDING_OPEN, "2024-6-14", "2025-01-01"));
	assert_false(finding_overdue(FINDING_OPEN, "2024-06-14T00:00:00Z", "2025-01-01"));
	assert_false(finding_overdue(FINDING_NONE, "2024-06-14", "2025-01-01"));
}

static void escalation_once(void **state)
{
	(void)state;
	assert_false(finding_should_escalate(FINDING_OPEN, "2024-06-14", "2024-06-14", 0, 1));
	assert_true(finding_should_escalate(FINDING_OPEN, "2024-06-14", "2024-06-15", 0, 1));
	/* once only */
	assert_false(finding_should_escalate(FINDING_OPEN, "2024-06-14", "2024-06-15", 1, 1));
	/* nobody above the addressee */
	assert_false(finding_should_escalate(FINDING_OPEN, "2024-06-14", "2024-06-15", 0, 0));
	/* answered: the next step is the raiser's, nothing to escalate */
	assert_false(finding_should_escalate(FINDING_ANSWERED, "2024-06-14", "2024-07-15", 0, 1));
	assert_false(finding_should_escalate(FINDING_RESOLVED, "2024-06-14", "2024-07-15", 0, 1));
	assert_false(finding_should_escalate(FINDING_OPEN, NULL, "2024-07-15", 0, 1));
}

static void date_arithmetic(void **state)
{
	(void)state;
	char buf[16];
	long d;
	assert_int_equal(finding_date_days("1970-01-01", &d), 0);
	assert_int_equal(d, 0);
	assert_int_equal(finding_date_days("2000-03-01", &d), 0);
	assert_int_equal(d, 11017);
	assert_int_equal(finding_date_add("2024-02-27", 7, buf, sizeof buf), 0);
	assert_string_equal(buf, "2024-03-05");
	assert_int_equal(finding_date_add("2023-12-29", 7, buf, sizeof buf), 0);
	assert_string_equal(buf, "2024-01-05");
	assert_int_equal(finding_date_add("2024-03-01", -1, buf, sizeof buf), 0);
	assert_string_equal(buf, "2024-02-29");
	assert_int_equal(finding_date_add("2100-02-28", 1, buf, sizeof buf), 0);
	assert_string_equal(buf, "2100-03-01");
	assert_int_equal(finding_date_add("9999-12-31", 1, buf, sizeof buf), -1);
	assert_int_equal(finding_date_add("2024-13-01", 1, buf, sizeof buf), -1);
	assert_int_equal(finding_date_add("2024-01-01", 1, buf, 10), -1);
	assert_int_equal(finding_date_add(NULL, 1, buf, sizeof buf), -1);
	assert_int_equal(finding_date_days("2023-02-29", &d), -1);
	assert_int_equal(finding_date_days("abcd-ef-gh", &d), -1);
	assert_int_equal(finding_date_days("", &d), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(names_round_trip),  cmocka_unit_test(transitions_table),
		cmocka_unit_test(actors),            cmocka_unit_test(check_everything),
		cmocka_unit_test(scenario),          cmocka_unit_test(overdue_at_the_edge),
		cmocka_unit_test(escalation_once),   cmocka_unit_test(date_arithmetic),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
