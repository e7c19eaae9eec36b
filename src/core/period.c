/* period.c — reporting periods of the plans: codes, containment and roll-up, and the
 * cut-off windows and deadlines of Decree 09/2019/NĐ-CP. Dates are proleptic
 * Gregorian; Vietnam is UTC+7 all year, so no time-zone database is needed. */
#include "core/period.h"
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define ICT_OFFSET_S (7 * 3600)
#define DAY_S 86400

typedef struct ymd {
	int y, m, d;
} ymd;

/* ---- calendar arithmetic (days since 1970-01-01, H. Hinnant's algorithms) ---- */

int period_is_leap_year(int year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int period_days_in_month(int year, int month)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (year < 1 || year > 9999 || month < 1 || month > 12)
		return 0;
	if (month == 2 && period_is_leap_year(year))
		return 29;
	return days[month - 1];
}

static int64_t days_from_civil(ymd t)
{
	int64_t y = t.y - (t.m <= 2);
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (t.m + (t.m > 2 ? -3 : 9)) + 2) / 5 + t.d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static ymd civil_from_days(int64_t z)
{
	ymd t;
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	t.d = (int)(doy - (153 * mp + 2) / 5 + 1);
	t.m = (int)(mp < 10 ? mp + 3 : mp - 9);
	t.y = (int)(yoe + era * 400 + (t.m <= 2));
	return t;
}

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/* Reads exactly n decimal digits; 0 when any of them is not a digit (or is NUL). */
static int read_digits(const char *s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 1;
}

/* Reads "YYYY-MM-DD" at s (no terminator check); 1 when it is a real date. */
static int read_date(const char *s, ymd *out)
{
	ymd t;
	if (!read_digits(s, 4, &t.y) || s[4] != '-' || !read_digits(s + 5, 2, &t.m) ||
	    s[7] != '-' || !read_digits(s + 8, 2, &t.d) || t.d < 1 ||
	    t.d > period_days_in_month(t.y, t.m))
		return 0;
	*out = t;
	return 1;
}

static int parse_date(const char *s, ymd *out)
{
	return s && read_date(s, out) && s[10] == '\0';
}

static void clear(char *buf, size_t size)
{
	if (buf && size > 0)
		buf[0] = '\0';
}

/* Writes "YYYY-MM-DD"; TD_EINVALID when buf is NULL or too small. */
static tderr write_date(ymd t, char *buf, size_t size)
{
	if (!buf || size < PERIOD_DATE_SIZE || t.y < 1 || t.y > 9999) {
		clear(buf, size);
		return TD_EINVALID;
	}
	snprintf(buf, size, "%04d-%02d-%02d", t.y, t.m, t.d);
	return TD_OK;
}

int period_date_valid(const char *s)
{
	ymd t;
	return parse_date(s, &t);
}

static int add_days(ymd t, int64_t n, ymd *out)
{
	int64_t lo = days_from_civil((ymd){1, 1, 1});
	int64_t hi = days_from_civil((ymd){9999, 12, 31});
	int64_t z = days_from_civil(t);
	if (n < lo - z || n > hi - z)
		return 0;
	*out = civil_from_days(z + n);
	return 1;
}

tderr period_add_days(const char *iso_date, int n, char *out, size_t size)
{
	ymd t, r;
	if (!parse_date(iso_date, &t) || !add_days(t, n, &r)) {
		clear(out, size);
		return TD_EINVALID;
	}
	return write_date(r, out, size);
}

/* Reads an ISO 8601 timestamp into seconds since the epoch (UTC); fractions are
 * dropped so that the deadline's own second stays on time. */
static int parse_timestamp(const char *s, int64_t *out)
{
	ymd t;
	int hh, mi, ss, oh = 0, om = 0, sign = 1;
	if (!s || !read_date(s, &t) || (s[10] != 'T' && s[10] != ' '))
		return 0;
	s += 11;
	if (!read_digits(s, 2, &hh) || s[2] != ':' || !read_digits(s + 3, 2, &mi) ||
	    s[5] != ':' || !read_digits(s + 6, 2, &ss) || hh > 23 || mi > 59 || ss > 59)
		return 0;
	s += 8;
	if (*s == '.') {
		int n = 0;
		for (s++; *s >= '0' && *s <= '9'; s++)
			if (++n > 9)
				return 0;
		if (n == 0)
			return 0;
	}
	if (*s == 'Z') {
		s++;
	} else if (*s == '+' || *s == '-') {
		sign = *s == '-' ? -1 : 1;
		if (!read_digits(s + 1, 2, &oh) || s[3] != ':' ||
		    !read_digits(s + 4, 2, &om) || oh > 14 || om > 59)
			return 0;
		s += 6;
	}
	if (*s != '\0')
		return 0;
	*out = days_from_civil(t) * DAY_S + hh * 3600 + mi * 60 + ss -
	       sign * (oh * 3600 + om * 60);
	return 1;
}

/* ---- periods ---- */

int period_valid(const period *p)
{
	if (!p || p->year < PERIOD_YEAR_MIN || p->year > PERIOD_YEAR_MAX)
		return 0;
	switch (p->kind) {
	case PERIOD_MONTH:   return p->index >= 1 && p->index <= 12;
	case PERIOD_QUARTER: return p->index >= 1 && p->index <= 4;
	case PERIOD_HALF:    return p->index >= 1 && p->index <= 2;
	case PERIOD_NINE:
	case PERIOD_YEAR:    return p->index == 0;
	default:             return 0;
	}
}

tderr period_parse(const char *code, period *out)
{
	period p = {PERIOD_NONE, 0, 0};
	size_t len = 0;
	if (!code || !out)
		return TD_EINVALID;
	while (len < PERIOD_CODE_SIZE && code[len] != '\0')
		len++;
	if (!read_digits(code, 4, &p.year))
		return TD_EINVALID;
	if (len == 4) {
		p.kind = PERIOD_YEAR;
	} else if (len == 6 && read_digits(code + 4, 2, &p.index)) {
		p.kind = PERIOD_MONTH;
	} else if (len == 6 && read_digits(code + 5, 1, &p.index)) {
		switch (code[4]) {
		case 'Q': p.kind = PERIOD_QUARTER; break;
		case 'S': p.kind = PERIOD_HALF; break;
		case 'N':
			if (p.index != 9)
				return TD_EINVALID;
			p.kind = PERIOD_NINE;
			p.index = 0;
			break;
		default: return TD_EINVALID;
		}
	}
	if (!period_valid(&p))
		return TD_EINVALID;
	*out = p;
	return TD_OK;
}

/* snprintf into buf; TD_EINVALID (buf "") when it does not fit. */
static tderr finish(int n, char *buf, size_t size)
{
	if (n < 0 || (size_t)n >= size) {
		clear(buf, size);
		return TD_EINVALID;
	}
	return TD_OK;
}

tderr period_format(const period *p, char *buf, size_t size)
{
	int n;
	if (!buf || !period_valid(p)) {
		clear(buf, size);
		return TD_EINVALID;
	}
	switch (p->kind) {
	case PERIOD_MONTH:   n = snprintf(buf, size, "%04d%02d", p->year, p->index); break;
	case PERIOD_QUARTER: n = snprintf(buf, size, "%04dQ%d", p->year, p->index); break;
	case PERIOD_HALF:    n = snprintf(buf, size, "%04dS%d", p->year, p->index); break;
	case PERIOD_NINE:    n = snprintf(buf, size, "%04dN9", p->year); break;
	default:             n = snprintf(buf, size, "%04d", p->year); break;
	}
	return finish(n, buf, size);
}

int period_first_month(const period *p)
{
	if (!period_valid(p))
		return 0;
	switch (p->kind) {
	case PERIOD_MONTH:   return p->index;
	case PERIOD_QUARTER: return 3 * p->index - 2;
	case PERIOD_HALF:    return 6 * p->index - 5;
	default:             return 1;
	}
}

int period_last_month(const period *p)
{
	if (!period_valid(p))
		return 0;
	switch (p->kind) {
	case PERIOD_MONTH:   return p->index;
	case PERIOD_QUARTER: return 3 * p->index;
	case PERIOD_HALF:    return 6 * p->index;
	case PERIOD_NINE:    return 9;
	default:             return 12;
	}
}

int period_equal(const period *a, const period *b)
{
	return period_valid(a) && period_valid(b) && a->kind == b->kind &&
	       a->year == b->year && a->index == b->index;
}

/* Every period lies inside one calendar year, so containment is a matter of
 * month ranges. */
int period_contains(const period *outer, const period *inner)
{
	return period_valid(outer) && period_valid(inner) && outer->year == inner->year &&
	       period_first_month(outer) <= period_first_month(inner) &&
	       period_last_month(inner) <= period_last_month(outer);
}

tderr period_parent(const period *p, period *out)
{
	if (!out || !period_valid(p))
		return TD_EINVALID;
	switch (p->kind) {
	case PERIOD_MONTH:
		*out = (period){PERIOD_QUARTER, p->year, (p->index + 2) / 3};
		return TD_OK;
	case PERIOD_QUARTER:
		*out = (period){PERIOD_HALF, p->year, (p->index + 1) / 2};
		return TD_OK;
	case PERIOD_HALF:
	case PERIOD_NINE:
		*out = (period){PERIOD_YEAR, p->year, 0};
		return TD_OK;
	default:
		return TD_ENOTFOUND;
	}
}

/* The period of `kind` in p's year that holds `month`; kind NONE if there is none. */
static period period_holding(int year, int month, period_kind kind)
{
	switch (kind) {
	case PERIOD_MONTH:   return (period){kind, year, month};
	case PERIOD_QUARTER: return (period){kind, year, (month + 2) / 3};
	case PERIOD_HALF:    return (period){kind, year, (month + 5) / 6};
	case PERIOD_NINE:
		return month <= 9 ? (period){kind, year, 0} : (period){PERIOD_NONE, 0, 0};
	case PERIOD_YEAR:    return (period){kind, year, 0};
	default:             return (period){PERIOD_NONE, 0, 0};
	}
}

size_t period_containing(const period *p, period *out, size_t max)
{
	period found[PERIOD_CONTAINING_MAX];
	size_t n = 0;
	if (!out || !period_valid(p))
		return 0;
	/* Kinds from the smallest up; the first month's holder contains p only when it
	 * also covers p's last month. */
	for (int k = PERIOD_MONTH; k < PERIOD_KIND_COUNT; k++) {
		period c = period_holding(p->year, period_first_month(p), (period_kind)k);
		if (period_contains(&c, p))
			found[n++] = c;
	}
	if (n > max)
		return 0;
	for (size_t i = 0; i < n; i++)
		out[i] = found[i];
	return n;
}

size_t period_base_list(const period *p, period_kind base, period *out, size_t max)
{
	period found[PERIOD_BASE_MAX];
	size_t n = 0;
	if (!out || !period_valid(p))
		return 0;
	for (int m = period_first_month(p); m <= period_last_month(p); m++) {
		period c = period_holding(p->year, m, base);
		/* Consecutive months share a holder: keep each one once. */
		if (period_contains(p, &c) && (n == 0 || !period_equal(&found[n - 1], &c)))
			found[n++] = c;
	}
	if (n > max)
		return 0;
	for (size_t i = 0; i < n; i++)
		out[i] = found[i];
	return n;
}

static int periods_per_year(period_kind kind)
{
	switch (kind) {
	case PERIOD_MONTH:   return 12;
	case PERIOD_QUARTER: return 4;
	case PERIOD_HALF:    return 2;
	case PERIOD_NINE:
	case PERIOD_YEAR:    return 1;
	default:             return 0;
	}
}

size_t period_list(int start_year, int end_year, period_kind freq, period *out,
		size_t max)
{
	int per = periods_per_year(freq);
	if (per == 0 || start_year < PERIOD_YEAR_MIN || end_year > PERIOD_YEAR_MAX ||
	    start_year > end_year)
		return 0;
	size_t n = (size_t)(end_year - start_year + 1) * (size_t)per;
	if (!out)
		return n;
	if (n > max)
		return 0;
	size_t i = 0;
	for (int y = start_year; y <= end_year; y++)
		for (int k = 1; k <= per; k++)
			out[i++] = (period){freq, y, per == 1 ? 0 : k};
	return n;
}

static const char *const kind_names[PERIOD_KIND_COUNT] = {
	[PERIOD_MONTH] = "month", [PERIOD_QUARTER] = "quarter", [PERIOD_HALF] = "half",
	[PERIOD_NINE] = "nine",   [PERIOD_YEAR] = "year",
};

period_kind period_kind_from_name(const char *name)
{
	if (!name)
		return PERIOD_NONE;
	for (int k = PERIOD_MONTH; k < PERIOD_KIND_COUNT; k++)
		if (strcmp(name, kind_names[k]) == 0)
			return (period_kind)k;
	return PERIOD_NONE;
}

const char *period_kind_name(period_kind kind)
{
	if ((int)kind <= PERIOD_NONE || kind >= PERIOD_KIND_COUNT)
		return NULL;
	return kind_names[kind];
}

/* ---- cut-off and deadline (Decree 09/2019/NĐ-CP) ---- */

period_rules period_default_rules(void)
{
	period_rules r = {.cutoff_day = 14};
	r.deadline_days[PERIOD_MONTH] = 5;
	r.deadline_days[PERIOD_QUARTER] = 7;
	r.deadline_days[PERIOD_HALF] = 10;
	r.deadline_days[PERIOD_NINE] = 10;
	r.deadline_days[PERIOD_YEAR] = 15;
	return r;
}

tderr period_rules_check(const period_rules *rules)
{
	/* 28 keeps the cut-off day in every month, February included. */
	if (!rules || rules->cutoff_day < 1 || rules->cutoff_day > 28)
		return TD_EINVALID;
	for (int k = PERIOD_MONTH; k < PERIOD_KIND_COUNT; k++)
		if (rules->deadline_days[k] < 0 || rules->deadline_days[k] > 366)
			return TD_EINVALID;
	return TD_OK;
}

/* The window of p as dates; 0 on invalid p or rules. */
static int window_dates(const period *p, const period_rules *rules, ymd *from, ymd *to)
{
	period_rules def = period_default_rules();
	rules = rules ? rules : &def;
	if (!period_valid(p) || period_rules_check(rules) != TD_OK)
		return 0;
	int first = period_first_month(p);
	ymd before = first == 1 ? (ymd){p->year - 1, 12, rules->cutoff_day}
				: (ymd){p->year, first - 1, rules->cutoff_day};
	*to = (ymd){p->year, period_last_month(p), rules->cutoff_day};
	return add_days(before, 1, from);
}

tderr period_window(const period *p, const period_rules *rules, char *from,
		size_t from_size, char *to, size_t to_size)
{
	ymd f, t;
	if (!window_dates(p, rules, &f, &t) || write_date(f, from, from_size) != TD_OK ||
	    write_date(t, to, to_size) != TD_OK) {
		clear(from, from_size);
		clear(to, to_size);
		return TD_EINVALID;
	}
	return TD_OK;
}

static int deadline_day(const period *p, const period_rules *rules, ymd *out)
{
	period_rules def = period_default_rules();
	ymd f, t;
	if (!window_dates(p, rules, &f, &t))
		return 0;
	return add_days(t, (rules ? rules : &def)->deadline_days[p->kind], out);
}

tderr period_deadline_date(const period *p, const period_rules *rules, char *buf,
		size_t size)
{
	ymd d;
	if (!deadline_day(p, rules, &d)) {
		clear(buf, size);
		return TD_EINVALID;
	}
	return write_date(d, buf, size);
}

tderr period_deadline(const period *p, const period_rules *rules, char *buf,
		size_t size)
{
	ymd d;
	if (!buf || size < PERIOD_DATETIME_SIZE || !deadline_day(p, rules, &d)) {
		clear(buf, size);
		return TD_EINVALID;
	}
	/* 23:59:59 at UTC+7 is 16:59:59 UTC on the same day. */
	int n = snprintf(buf, size, "%04d-%02d-%02dT16:59:59Z", d.y, d.m, d.d);
	return finish(n, buf, size);
}

int period_is_late(const char *deadline, const char *submitted_at)
{
	int64_t dl, at;
	if (!parse_timestamp(deadline, &dl) || !parse_timestamp(submitted_at, &at))
		return -1;
	return at > dl;
}

int period_days_late(const char *deadline, const char *submitted_at)
{
	int64_t dl, at;
	if (!parse_timestamp(deadline, &dl) || !parse_timestamp(submitted_at, &at))
		return -1;
	if (at <= dl)
		return 0;
	/* Years 1-9999 keep the difference far inside an int. */
	return (int)(floor_div(at + ICT_OFFSET_S, DAY_S) - floor_div(dl + ICT_OFFSET_S, DAY_S));
}

tderr period_for_date(const char *iso_date, period_kind kind,
		const period_rules *rules, period *out)
{
	period_rules def = period_default_rules();
	ymd t;
	rules = rules ? rules : &def;
	if (!out || !parse_date(iso_date, &t) || periods_per_year(kind) == 0 ||
	    period_rules_check(rules) != TD_OK)
		return TD_EINVALID;
	/* After the cut-off, a day's data belongs to the next month's report. */
	if (t.d > rules->cutoff_day && ++t.m > 12) {
		t.m = 1;
		t.y++;
	}
	period p = period_holding(t.y, t.m, kind);
	if (!period_valid(&p))
		return TD_ENOTFOUND;
	*out = p;
	return TD_OK;
}

/* ---- labels ---- */

tderr period_label_vi(const period *p, char *buf, size_t size)
{
	static const char *const roman[5] = {"", "I", "II", "III", "IV"};
	int n;
	if (!buf || !period_valid(p)) {
		clear(buf, size);
		return TD_EINVALID;
	}
	switch (p->kind) {
	case PERIOD_MONTH:
		n = snprintf(buf, size, "Tháng %d/%d", p->index, p->year);
		break;
	case PERIOD_QUARTER:
		n = snprintf(buf, size, "Quý %s/%d", roman[p->index], p->year);
		break;
	case PERIOD_HALF:
		n = snprintf(buf, size, "6 tháng %s năm %d",
			     p->index == 1 ? "đầu" : "cuối", p->year);
		break;
	case PERIOD_NINE:
		n = snprintf(buf, size, "9 tháng năm %d", p->year);
		break;
	default:
		n = snprintf(buf, size, "Năm %d", p->year);
		break;
	}
	return finish(n, buf, size);
}

tderr period_label_en(const period *p, char *buf, size_t size)
{
	static const char *const months[12] = {
		"January", "February", "March",     "April",   "May",      "June",
		"July",    "August",   "September", "October", "November", "December"};
	int n;
	if (!buf || !period_valid(p)) {
		clear(buf, size);
		return TD_EINVALID;
	}
	switch (p->kind) {
	case PERIOD_MONTH:
		n = snprintf(buf, size, "%s %d", months[p->index - 1], p->year);
		break;
	case PERIOD_QUARTER:
		n = snprintf(buf, size, "Q%d %d", p->index, p->year);
		break;
	case PERIOD_HALF:
		n = snprintf(buf, size, "H%d %d", p->index, p->year);
		break;
	case PERIOD_NINE:
		n = snprintf(buf, size, "9 months %d", p->year);
		break;
	default:
		n = snprintf(buf, size, "%d", p->year);
		break;
	}
	return finish(n, buf, size);
}
