/* test_period.c — reporting periods: codes, containment, roll-up, and the cut-off
 * windows and deadlines of Decree 09/2019/NĐ-CP. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include "core/period.h"

static period P(const char *code)
{
	period p = {PERIOD_NONE, 0, 0};
	assert_int_equal(period_parse(code, &p), TD_OK);
	return p;
}

static void codes_round_trip(void **state)
{
	(void)state;
	static const char *const codes[] = {
		"2024", "2024S1", "2024S2", "2024N9", "2024Q1", "2024Q4", "202401",
		"202405", "202412", "1900", "2999", "190001", "299912", "2000Q2"};
	for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
		char buf[PERIOD_CODE_SIZE];
		period p = P(codes[i]);
		assert_true(period_valid(&p));
		assert_int_equal(period_format(&p, buf, sizeof buf), TD_OK);
		assert_string_equal(buf, codes[i]);
	}
	period p = P("202405");
	assert_int_equal(p.kind, PERIOD_MONTH);
	assert_int_equal(p.year, 2024);
	assert_int_equal(p.index, 5);
	p = P("2024Q2");
	assert_int_equal(p.kind, PERIOD_QUARTER);
	assert_int_equal(p.index, 2);
	p = P("2024S2");
	assert_int_equal(p.kind, PERIOD_HALF);
	assert_int_equal(p.index, 2);
	p = P("2024N9");
	assert_int_equal(p.kind, PERIOD_NINE);
	assert_int_equal(p.index, 0);
	p = P("2024");
	assert_int_equal(p.kind, PERIOD_YEAR);
	assert_int_equal(p.index, 0);
}

static void bad_codes_are_rejected(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"2024Q5", "2024Q0", "202413", "202400", "2024q2", " 2024", "2024 ", "2024S",
		"2024S3", "2024S0", "20240", "2024N8", "2024N", "2024M1", "2024-05", "24",
		"", "1899", "3000", "189912", "300001", "2024Q12", "20240501", "202405x",
		"2024Q2\n", "202405202405202405202405", "２０２４", "2024W1", "2024-Q2"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		period p = {PERIOD_MONTH, 1234, 7};
		assert_int_equal(period_parse(bad[i], &p), TD_EINVALID);
		/* the output is untouched on error */
		assert_int_equal(p.kind, PERIOD_MONTH);
		assert_int_equal(p.year, 1234);
	}
	period p;
	assert_int_equal(period_parse(NULL, &p), TD_EINVALID);
	assert_int_equal(period_parse("2024", NULL), TD_EINVALID);
}

static void format_checks_period_and_buffer(void **state)
{
	(void)state;
	char buf[PERIOD_CODE_SIZE] = "junk";
	period bad[] = {{PERIOD_MONTH, 2024, 13}, {PERIOD_QUARTER, 2024, 5},
			{PERIOD_HALF, 2024, 0},   {PERIOD_NINE, 2024, 9},
			{PERIOD_YEAR, 1899, 0},   {PERIOD_NONE, 2024, 0},
			{(period_kind)42, 2024, 1}};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_false(period_valid(&bad[i]));
		memcpy(buf, "junk", 5);
		assert_int_equal(period_format(&bad[i], buf, sizeof buf), TD_EINVALID);
		assert_string_equal(buf, "");
	}
	assert_false(period_valid(NULL));
	assert_int_equal(period_format(NULL, buf, sizeof buf), TD_EINVALID);
	period p = P("2024Q2");
	assert_int_equal(period_format(&p, NULL, 8), TD_EINVALID);
	char small[6];
	assert_int_equal(period_format(&p, small, sizeof small), TD_EINVALID);
	assert_string_equal(small, "");
	char exact[7];
	assert_int_equal(period_format(&p, exact, sizeof exact), TD_OK);
	assert_string_equal(exact, "2024Q2");
}

static void first_and_last_months(void **state)
{
	(void)state;
	static const struct { const char *code; int first, last; } cases[] = {
		{"202405", 5, 5}, {"2024Q1", 1, 3}, {"2024Q2", 4, 6}, {"2024Q4", 10, 12},
		{"2024S1", 1, 6}, {"2024S2", 7, 12}, {"2024N9", 1, 9}, {"2024", 1, 12}};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		period p = P(cases[i].code);
		assert_int_equal(period_first_month(&p), cases[i].first);
		assert_int_equal(period_last_month(&p), cases[i].last);
	}
	assert_int_equal(period_first_month(NULL), 0);
	assert_int_equal(period_last_month(NULL), 0);
}

static void contains_matrix(void **state)
{
	(void)state;
	static const struct { const char *outer, *inner; int yes; } cases[] = {
		{"2024", "2024Q2", 1},     {"2024Q2", "202405", 1},  {"2024", "202405", 1},
		{"2024N9", "2024Q3", 1},   {"2024N9", "202409", 1},  {"2024N9", "202401", 1},
		{"2024N9", "2024S1", 1},   {"2024N9", "2024Q4", 0},  {"2024N9", "2024S2", 0},
		{"2024N9", "202410", 0},   {"2024N9", "2024", 0},    {"2024S1", "2024Q2", 1},
		{"2024S1", "202406", 1},   {"2024S1", "202407", 0},  {"2024S1", "2024Q3", 0},
		{"2024S2", "2024Q3", 1},   {"2024S2", "2024N9", 0},  {"2024Q2", "202407", 0},
		{"2024Q2", "202403", 0},   {"2024Q2", "2024", 0},    {"202405", "2024Q2", 0},
		{"2023", "2024Q2", 0},     {"2024", "2025Q1", 0},    {"2024", "2024", 1},
		{"202405", "202405", 1},   {"2024N9", "2024N9", 1},  {"2024", "2024N9", 1},
		{"2024Q2", "2024S1", 0},   {"2024", "2024S2", 1},    {"202405", "202505", 0}};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		period o = P(cases[i].outer), in = P(cases[i].inner);
		if (period_contains(&o, &in) != cases[i].yes)
			fail_msg("contains(%s, %s) != %d", cases[i].outer, cases[i].inner,
				 cases[i].yes);
	}
	period y = P("2024"), bad = {PERIOD_MONTH, 2024, 13};
	assert_false(period_contains(&y, &bad));
	assert_false(period_contains(NULL, &y));
	assert_false(period_contains(&y, NULL));
	period a = P("2024Q2"), b = P("2024Q2"), c = P("2025Q2");
	assert_true(period_equal(&a, &b));
	assert_false(period_equal(&a, &c));
	assert_false(period_equal(&bad, &bad));
}

/* Formats a list of periods as "code,code,..." for one readable comparison. */
static const char *codes_of(const period *list, size_t n)
{
	static char out[512];
	size_t len = 0;
	out[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		char code[PERIOD_CODE_SIZE];
		assert_int_equal(period_format(&list[i], code, sizeof code), TD_OK);
		len += (size_t)snprintf(out + len, sizeof out - len, "%s%s", i ? "," : "", code);
		assert_true(len < sizeof out);
	}
	return out;
}

static void parent_chain(void **state)
{
	(void)state;
	period p = P("202405"), up;
	const char *chain[] = {"2024Q2", "2024S1", "2024"};
	for (size_t i = 0; i < 3; i++) {
		assert_int_equal(period_parent(&p, &up), TD_OK);
		assert_string_equal(codes_of(&up, 1), chain[i]);
		p = up;
	}
	assert_int_equal(period_parent(&p, &up), TD_ENOTFOUND);
	p = P("202412");
	assert_int_equal(period_parent(&p, &up), TD_OK);
	assert_string_equal(codes_of(&up, 1), "2024Q4");
	p = P("2024Q3");
	assert_int_equal(period_parent(&p, &up), TD_OK);
	assert_string_equal(codes_of(&up, 1), "2024S2");
	p = P("2024N9");
	assert_int_equal(period_parent(&p, &up), TD_OK);
	assert_string_equal(codes_of(&up, 1), "2024");
	assert_int_equal(period_parent(NULL, &up), TD_EINVALID);
	assert_int_equal(period_parent(&p, NULL), TD_EINVALID);
}

static void periods_containing_a_period(void **state)
{
	(void)state;
	static const struct { const char *code, *want; } cases[] = {
		{"202405", "202405,2024Q2,2024S1,2024N9,2024"},
		{"202409", "202409,2024Q3,2024S2,2024N9,2024"},
		{"202410", "202410,2024Q4,2024S2,2024"},
		{"202401", "202401,2024Q1,2024S1,2024N9,2024"},
		{"202412", "202412,2024Q4,2024S2,2024"},
		{"2024Q3", "2024Q3,2024S2,2024N9,2024"},
		{"2024Q4", "2024Q4,2024S2,2024"},
		{"2024S1", "2024S1,2024N9,2024"},
		{"2024S2", "2024S2,2024"},
		{"2024N9", "2024N9,2024"},
		{"2024", "2024"}};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		period p = P(cases[i].code), out[PERIOD_CONTAINING_MAX];
		size_t n = period_containing(&p, out, PERIOD_CONTAINING_MAX);
		assert_string_equal(codes_of(out, n), cases[i].want);
	}
	period p = P("202405"), out[4] = {{PERIOD_NONE, 0, 0}};
	assert_int_equal(period_containing(&p, out, 4), 0); /* too small: nothing written */
	assert_int_equal(out[0].kind, PERIOD_NONE);
	assert_int_equal(period_containing(NULL, out, 4), 0);
	assert_int_equal(period_containing(&p, NULL, 5), 0);
}

static void base_periods_inside(void **state)
{
	(void)state;
	static const struct { const char *code; period_kind base; const char *want; } cases[] = {
		{"2024Q2", PERIOD_MONTH, "202404,202405,202406"},
		{"2024N9", PERIOD_QUARTER, "2024Q1,2024Q2,2024Q3"},
		{"2024N9", PERIOD_HALF, "2024S1"},
		{"2024N9", PERIOD_MONTH, "202401,202402,202403,202404,202405,202406,202407,"
					 "202408,202409"},
		{"2024", PERIOD_MONTH, "202401,202402,202403,202404,202405,202406,202407,"
				       "202408,202409,202410,202411,202412"},
		{"2024", PERIOD_QUARTER, "2024Q1,2024Q2,2024Q3,2024Q4"},
		{"2024", PERIOD_HALF, "2024S1,2024S2"},
		{"2024", PERIOD_NINE, "2024N9"},
		{"2024", PERIOD_YEAR, "2024"},
		{"2024S2", PERIOD_QUARTER, "2024Q3,2024Q4"},
		{"2024S2", PERIOD_NINE, ""},
		{"202405", PERIOD_MONTH, "202405"},
		{"202405", PERIOD_QUARTER, ""},
		{"2024Q2", PERIOD_HALF, ""},
		{"2024Q2", PERIOD_NONE, ""}};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		period p = P(cases[i].code), out[PERIOD_BASE_MAX];
		size_t n = period_base_list(&p, cases[i].base, out, PERIOD_BASE_MAX);
		assert_true(n <= PERIOD_BASE_MAX);
		assert_string_equal(codes_of(out, n), cases[i].want);
	}
	period y = P("2024"), out[11];
	assert_int_equal(period_base_list(&y, PERIOD_MONTH, out, 11), 0);
	assert_int_equal(period_base_list(NULL, PERIOD_MONTH, out, 11), 0);
}

static void plan_periods_in_order(void **state)
{
	(void)state;
	period out[64];
	size_t n = period_list(2022, 2025, PERIOD_MONTH, out, 64);
	assert_int_equal(n, 48);
	assert_string_equal(codes_of(out, 1), "202201");
	assert_string_equal(codes_of(out + 11, 2), "202212,202301");
	assert_string_equal(codes_of(out + 47, 1), "202512");
	for (size_t i = 1; i < n; i++) /* strictly chronological */
		assert_true(out[i - 1].year * 100 + out[i - 1].index <
			    out[i].year * 100 + out[i].index);
	n = period_list(2023, 2024, PERIOD_QUARTER, out, 64);
	assert_string_equal(codes_of(out, n),
			    "2023Q1,2023Q2,2023Q3,2023Q4,2024Q1,2024Q2,2024Q3,2024Q4");
	n = period_list(2023, 2024, PERIOD_HALF, out, 64);
	assert_string_equal(codes_of(out, n), "2023S1,2023S2,2024S1,2024S2");
	n = period_list(2023, 2025, PERIOD_NINE, out, 64);
	assert_string_equal(codes_of(out, n), "2023N9,2024N9,2025N9");
	n = period_list(2024, 2024, PERIOD_YEAR, out, 64);
	assert_string_equal(codes_of(out, n), "2024");
	/* sizing, and refusals that write nothing */
	assert_int_equal(period_list(2022, 2025, PERIOD_MONTH, NULL, 0), 48);
	out[0] = (period){PERIOD_NONE, 0, 0};
	assert_int_equal(period_list(2022, 2025, PERIOD_MONTH, out, 47), 0);
	assert_int_equal(out[0].kind, PERIOD_NONE);
	assert_int_equal(period_list(2025, 2022, PERIOD_YEAR, out, 64), 0);
	assert_int_equal(period_list(1899, 1900, PERIOD_YEAR, out, 64), 0);
	assert_int_equal(period_list(2999, 3000, PERIOD_YEAR, out, 64), 0);
	assert_int_equal(period_list(2024, 2024, PERIOD_NONE, out, 64), 0);
}

static void frequency_names(void **state)
{
	(void)state;
	assert_int_equal(period_kind_from_name("month"), PERIOD_MONTH);
	assert_int_equal(period_kind_from_name("quarter"), PERIOD_QUARTER);
	assert_int_equal(period_kind_from_name("half"), PERIOD_HALF);
	assert_int_equal(period_kind_from_name("nine"), PERIOD_NINE);
	assert_int_equal(period_kind_from_name("year"), PERIOD_YEAR);
	assert_int_equal(period_kind_from_name("Month"), PERIOD_NONE);
	assert_int_equal(period_kind_from_name("weekly"), PERIOD_NONE);
	assert_int_equal(period_kind_from_name(""), PERIOD_NONE);
	assert_int_equal(period_kind_from_name(NULL), PERIOD_NONE);
	for (int k = PERIOD_MONTH; k < PERIOD_KIND_COUNT; k++)
		assert_int_equal(period_kind_from_name(period_kind_name((period_kind)k)), k);
	assert_null(period_kind_name(PERIOD_NONE));
	assert_null(period_kind_name(PERIOD_KIND_COUNT));
}

static void check_window(const char *code, const period_rules *rules, const char *from,
		const char *to)
{
	char f[PERIOD_DATE_SIZE], t[PERIOD_DATE_SIZE];
	period p = P(code);
	assert_int_equal(period_window(&p, rules, f, sizeof f, t, sizeof t), TD_OK);
	if (strcmp(f, from) != 0 || strcmp(t, to) != 0)
		fail_msg("%s: %s..%s, want %s..%s", code, f, t, from, to);
}

static void windows_follow_decree_09(void **state)
{
	(void)state;
	check_window("202401", NULL, "2023-12-15", "2024-01-14");
	check_window("202403", NULL, "2024-02-15", "2024-03-14");
	check_window("202303", NULL, "2023-02-15", "2023-03-14");
	check_window("202405", NULL, "2024-04-15", "2024-05-14");
	check_window("202412", NULL, "2024-11-15", "2024-12-14");
	check_window("2024Q1", NULL, "2023-12-15", "2024-03-14");
	check_window("2024Q2", NULL, "2024-03-15", "2024-06-14");
	check_window("2024Q4", NULL, "2024-09-15", "2024-12-14");
	check_window("2024S1", NULL, "2023-12-15", "2024-06-14");
	check_window("2024S2", NULL, "2024-06-15", "2024-12-14");
	check_window("2024N9", NULL, "2023-12-15", "2024-09-14");
	check_window("2024", NULL, "2023-12-15", "2024-12-14");
	check_window("1900", NULL, "1899-12-15", "1900-12-14");
	period_rules def = period_default_rules();
	check_window("2024", &def, "2023-12-15", "2024-12-14");

	/* a plan that cuts off on the 28th: March starts the day after 28/02 */
	period_rules r = period_default_rules();
	r.cutoff_day = 28;
	check_window("202303", &r, "2023-03-01", "2023-03-28");
	check_window("202403", &r, "2024-02-29", "2024-03-28");

	char f[PERIOD_DATE_SIZE] = "x", t[PERIOD_DATE_SIZE] = "x", small[10];
	period p = P("202405");
	r.cutoff_day = 29;
	assert_int_equal(period_window(&p, &r, f, sizeof f, t, sizeof t), TD_EINVALID);
	assert_string_equal(f, "");
	assert_string_equal(t, "");
	r = period_default_rules();
	r.deadline_days[PERIOD_YEAR] = -1;
	assert_int_equal(period_rules_check(&r), TD_EINVALID);
	assert_int_equal(period_rules_check(NULL), TD_EINVALID);
	def = period_default_rules();
	assert_int_equal(period_rules_check(&def), TD_OK);
	assert_int_equal(period_window(&p, NULL, small, sizeof small, t, sizeof t),
			 TD_EINVALID);
	assert_int_equal(period_window(&p, NULL, NULL, 11, t, sizeof t), TD_EINVALID);
	assert_int_equal(period_window(NULL, NULL, f, sizeof f, t, sizeof t), TD_EINVALID);
}

static void check_deadline(const char *code, const period_rules *rules, const char *day,
		const char *utc)
{
	char d[PERIOD_DATE_SIZE], s[PERIOD_DATETIME_SIZE];
	period p = P(code);
	assert_int_equal(period_deadline_date(&p, rules, d, sizeof d), TD_OK);
	assert_int_equal(period_deadline(&p, rules, s, sizeof s), TD_OK);
	if (strcmp(d, day) != 0 || strcmp(s, utc) != 0)
		fail_msg("%s: %s %s, want %s %s", code, d, s, day, utc);
}

static void deadlines(void **state)
{
	(void)state;
	check_deadline("202405", NULL, "2024-05-19", "2024-05-19T16:59:59Z");
	check_deadline("202412", NULL, "2024-12-19", "2024-12-19T16:59:59Z");
	check_deadline("202402", NULL, "2024-02-19", "2024-02-19T16:59:59Z");
	check_deadline("2024Q1", NULL, "2024-03-21", "2024-03-21T16:59:59Z");
	check_deadline("2024S1", NULL, "2024-06-24", "2024-06-24T16:59:59Z");
	check_deadline("2024N9", NULL, "2024-09-24", "2024-09-24T16:59:59Z");
	check_deadline("2024", NULL, "2024-12-29", "2024-12-29T16:59:59Z");

	/* a plan's own rules: deadlines that cross a month end and a year end */
	period_rules r = period_default_rules();
	r.deadline_days[PERIOD_MONTH] = 20;
	r.deadline_days[PERIOD_YEAR] = 20;
	r.deadline_days[PERIOD_QUARTER] = 0;
	check_deadline("202401", &r, "2024-02-03", "2024-02-03T16:59:59Z");
	check_deadline("202402", &r, "2024-03-05", "2024-03-05T16:59:59Z");
	check_deadline("202302", &r, "2023-03-06", "2023-03-06T16:59:59Z");
	check_deadline("202412", &r, "2025-01-03", "2025-01-03T16:59:59Z");
	check_deadline("2024", &r, "2025-01-03", "2025-01-03T16:59:59Z");
	check_deadline("2024Q2", &r, "2024-06-14", "2024-06-14T16:59:59Z");
	r.cutoff_day = 20;
	check_deadline("202405", &r, "2024-06-09", "2024-06-09T16:59:59Z");

	char s[PERIOD_DATETIME_SIZE - 1] = "x";
	period p = P("202405");
	assert_int_equal(period_deadline(&p, NULL, s, sizeof s), TD_EINVALID);
	assert_string_equal(s, "");
	assert_int_equal(period_deadline(NULL, NULL, s, sizeof s), TD_EINVALID);
}

static void late_or_on_time(void **state)
{
	(void)state;
	const char *dl = "2024-05-19T16:59:59Z";
	/* 23:59:59 in Vietnam on the deadline day is on time; midnight is late */
	assert_int_equal(period_is_late(dl, "2024-05-19T16:59:59Z"), 0);
	assert_int_equal(period_is_late(dl, "2024-05-19T16:59:59.999Z"), 0);
	assert_int_equal(period_is_late(dl, "2024-05-19T17:00:00Z"), 1);
	assert_int_equal(period_is_late(dl, "2024-05-10T03:00:00Z"), 0);
	assert_int_equal(period_is_late(dl, "2024-05-19T23:59:59+07:00"), 0);
	assert_int_equal(period_is_late(dl, "2024-05-20T00:00:00+07:00"), 1);
	assert_int_equal(period_is_late(dl, "2024-05-19 16:59:59"), 0);
	assert_int_equal(period_is_late(dl, "2024-05-19 17:00:00"), 1);
	assert_int_equal(period_is_late(dl, "2024-05-19T12:00:00-05:00"), 1);
	/* unreadable input is neither late nor on time */
	static const char *const bad[] = {
		"2024-05-19", "2024-05-19T24:00:00Z", "2024-05-19T16:60:00Z",
		"2024-02-30T10:00:00Z", "2024-05-19T16:59:59ZZ", "2024-05-19T16:59:59+7",
		"2024-05-19T16:59:59.Z", "2024-05-19T16:59:59.1234567890Z", "",
		"2024-05-19T16:59:59z", "2024/05/19T16:59:59Z"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(period_is_late(dl, bad[i]), -1);
		assert_int_equal(period_days_late(bad[i], dl), -1);
	}
	assert_int_equal(period_is_late(NULL, dl), -1);
	assert_int_equal(period_is_late(dl, NULL), -1);
}

static void days_late_in_vietnam_days(void **state)
{
	(void)state;
	const char *dl = "2024-05-19T16:59:59Z";
	assert_int_equal(period_days_late(dl, "2024-05-01T00:00:00Z"), 0);
	assert_int_equal(period_days_late(dl, dl), 0);
	assert_int_equal(period_days_late(dl, "2024-05-19T17:00:00Z"), 1);
	/* 16:59:59 UTC on the 20th is 23:59:59 on the 20th in Vietnam; 17:00 is the 21st */
	assert_int_equal(period_days_late(dl, "2024-05-20T16:59:59Z"), 1);
	assert_int_equal(period_days_late(dl, "2024-05-20T17:00:00Z"), 2);
	/* across a month end: 19/05 to 03/06 (ICT) */
	assert_int_equal(period_days_late(dl, "2024-06-03T02:00:00Z"), 15);
	/* across February of a leap year and of a common year */
	assert_int_equal(period_days_late("2024-02-19T16:59:59Z", "2024-03-01T05:00:00Z"), 11);
	assert_int_equal(period_days_late("2023-02-19T16:59:59Z", "2023-03-01T05:00:00Z"), 10);
	/* across a year end */
	assert_int_equal(period_days_late("2024-12-29T16:59:59Z", "2025-01-02T09:00:00Z"), 4);
	assert_int_equal(period_days_late(NULL, dl), -1);
}

static void dates_and_leap_years(void **state)
{
	(void)state;
	assert_true(period_is_leap_year(2024));
	assert_true(period_is_leap_year(2000));
	assert_false(period_is_leap_year(1900));
	assert_false(period_is_leap_year(2023));
	assert_false(period_is_leap_year(2100));
	assert_int_equal(period_days_in_month(2024, 2), 29);
	assert_int_equal(period_days_in_month(2023, 2), 28);
	assert_int_equal(period_days_in_month(1900, 2), 28);
	assert_int_equal(period_days_in_month(2000, 2), 29);
	assert_int_equal(period_days_in_month(2024, 4), 30);
	assert_int_equal(period_days_in_month(2024, 12), 31);
	assert_int_equal(period_days_in_month(2024, 13), 0);
	assert_int_equal(period_days_in_month(2024, 0), 0);
	assert_true(period_date_valid("2024-02-29"));
	assert_true(period_date_valid("2000-02-29"));
	assert_false(period_date_valid("2023-02-29"));
	assert_false(period_date_valid("1900-02-29"));
	assert_false(period_date_valid("2024-04-31"));
	assert_false(period_date_valid("2024-13-01"));
	assert_false(period_date_valid("2024-00-10"));
	assert_false(period_date_valid("2024-05-00"));
	assert_false(period_date_valid("0000-01-01"));
	assert_false(period_date_valid("2024-5-19"));
	assert_false(period_date_valid("2024-05-19T00:00:00Z"));
	assert_false(period_date_valid("2024-05-1"));
	assert_false(period_date_valid(NULL));

	static const struct { const char *from; int n; const char *want; } adds[] = {
		{"2024-02-28", 1, "2024-02-29"}, {"2024-02-29", 1, "2024-03-01"},
		{"2023-02-28", 1, "2023-03-01"}, {"1900-02-28", 1, "1900-03-01"},
		{"2000-02-28", 1, "2000-02-29"}, {"2024-12-31", 1, "2025-01-01"},
		{"2025-01-01", -1, "2024-12-31"}, {"2024-12-14", 15, "2024-12-29"},
		{"2024-12-14", 20, "2025-01-03"}, {"2024-01-31", 30, "2024-03-01"},
		{"2024-01-01", 366, "2025-01-01"}, {"2023-01-01", 365, "2024-01-01"},
		{"2024-05-19", 0, "2024-05-19"}, {"1970-01-01", -1, "1969-12-31"},
		{"9999-12-30", 1, "9999-12-31"}};
	for (size_t i = 0; i < sizeof adds / sizeof adds[0]; i++) {
		char out[PERIOD_DATE_SIZE];
		assert_int_equal(period_add_days(adds[i].from, adds[i].n, out, sizeof out),
				 TD_OK);
		assert_string_equal(out, adds[i].want);
	}
	char out[PERIOD_DATE_SIZE] = "x";
	assert_int_equal(period_add_days("9999-12-31", 1, out, sizeof out), TD_EINVALID);
	assert_string_equal(out, "");
	assert_int_equal(period_add_days("0001-01-01", -1, out, sizeof out), TD_EINVALID);
	assert_int_equal(period_add_days("2023-02-29", 1, out, sizeof out), TD_EINVALID);
	assert_int_equal(period_add_days(NULL, 1, out, sizeof out), TD_EINVALID);
	assert_int_equal(period_add_days("2024-01-01", 1, out, 10), TD_EINVALID);
	assert_int_equal(period_add_days("2024-01-01", 1, NULL, 11), TD_EINVALID);
}

static void period_of_a_date(void **state)
{
	(void)state;
	static const struct { const char *date; period_kind kind; const char *want; } cases[] = {
		{"2024-05-14", PERIOD_MONTH, "202405"},   {"2024-05-15", PERIOD_MONTH, "202406"},
		{"2024-12-15", PERIOD_MONTH, "202501"},   {"2024-12-14", PERIOD_YEAR, "2024"},
		{"2024-12-20", PERIOD_YEAR, "2025"},      {"2024-06-14", PERIOD_HALF, "2024S1"},
		{"2024-06-15", PERIOD_HALF, "2024S2"},    {"2023-12-15", PERIOD_NINE, "2024N9"},
		{"2024-09-14", PERIOD_NINE, "2024N9"},    {"2024-03-15", PERIOD_QUARTER, "2024Q2"},
		{"2024-02-29", PERIOD_MONTH, "202403"}};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		period p;
		assert_int_equal(period_for_date(cases[i].date, cases[i].kind, NULL, &p), TD_OK);
		assert_string_equal(codes_of(&p, 1), cases[i].want);
	}
	period p;
	assert_int_equal(period_for_date("2024-09-15", PERIOD_NINE, NULL, &p), TD_ENOTFOUND);
	assert_int_equal(period_for_date("2999-12-20", PERIOD_YEAR, NULL, &p), TD_ENOTFOUND);
	assert_int_equal(period_for_date("2024-02-30", PERIOD_MONTH, NULL, &p), TD_EINVALID);
	assert_int_equal(period_for_date("2024-02-01", PERIOD_NONE, NULL, &p), TD_EINVALID);
	assert_int_equal(period_for_date("2024-02-01", PERIOD_MONTH, NULL, NULL), TD_EINVALID);
}

static void labels(void **state)
{
	(void)state;
	static const struct { const char *code, *vi, *en; } cases[] = {
		{"202405", "Tháng 5/2024", "May 2024"},
		{"202412", "Tháng 12/2024", "December 2024"},
		{"2024Q1", "Quý I/2024", "Q1 2024"},
		{"2024Q2", "Quý II/2024", "Q2 2024"},
		{"2024Q3", "Quý III/2024", "Q3 2024"},
		{"2024Q4", "Quý IV/2024", "Q4 2024"},
		{"2024S1", "6 tháng đầu năm 2024", "H1 2024"},
		{"2024S2", "6 tháng cuối năm 2024", "H2 2024"},
		{"2024N9", "9 tháng năm 2024", "9 months 2024"},
		{"2024", "Năm 2024", "2024"}};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char buf[PERIOD_LABEL_SIZE];
		period p = P(cases[i].code);
		assert_int_equal(period_label_vi(&p, buf, sizeof buf), TD_OK);
		assert_string_equal(buf, cases[i].vi);
		assert_int_equal(period_label_en(&p, buf, sizeof buf), TD_OK);
		assert_string_equal(buf, cases[i].en);
	}
	char small[8] = "x";
	period p = P("2024S2");
	assert_int_equal(period_label_vi(&p, small, sizeof small), TD_EINVALID);
	assert_string_equal(small, "");
	assert_int_equal(period_label_en(NULL, small, sizeof small), TD_EINVALID);
	assert_int_equal(period_label_vi(&p, NULL, 0), TD_EINVALID);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(codes_round_trip),
		cmocka_unit_test(bad_codes_are_rejected),
		cmocka_unit_test(format_checks_period_and_buffer),
		cmocka_unit_test(first_and_last_months),
		cmocka_unit_test(contains_matrix),
		cmocka_unit_test(parent_chain),
		cmocka_unit_test(periods_containing_a_period),
		cmocka_unit_test(base_periods_inside),
		cmocka_unit_test(plan_periods_in_order),
		cmocka_unit_test(frequency_names),
		cmocka_unit_test(windows_follow_decree_09),
		cmocka_unit_test(deadlines),
		cmocka_unit_test(late_or_on_time),
		cmocka_unit_test(days_late_in_vietnam_days),
		cmocka_unit_test(dates_and_leap_years),
		cmocka_unit_test(period_of_a_date),
		cmocka_unit_test(labels),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
