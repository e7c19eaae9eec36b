/* period.h — reporting periods: DHIS2-style codes (2024, 2024S1, 2024N9, 2024Q2,
 * 202405), containment and roll-up, and the data cut-off and deadline of each report
 * under Decree 09/2019/NĐ-CP. Pure logic: no I/O, no clock (callers pass "now"). */
#ifndef TD_PERIOD_H
#define TD_PERIOD_H
#include <stddef.h>
#include "core/err.h"

typedef enum period_kind {
	PERIOD_NONE = 0, /* not a period: unknown name, zeroed struct */
	PERIOD_MONTH,
	PERIOD_QUARTER,
	PERIOD_HALF,
	PERIOD_NINE,     /* nine months, January to September */
	PERIOD_YEAR,
	PERIOD_KIND_COUNT
} period_kind;

#define PERIOD_YEAR_MIN 1900
#define PERIOD_YEAR_MAX 2999
#define PERIOD_CODE_SIZE 8       /* "2024Q2" + NUL, with room to spare */
#define PERIOD_DATE_SIZE 11      /* "2024-05-19" + NUL */
#define PERIOD_DATETIME_SIZE 21  /* "2024-05-19T16:59:59Z" + NUL */
#define PERIOD_LABEL_SIZE 48     /* longest label, UTF-8, + NUL */
#define PERIOD_CONTAINING_MAX 5  /* month, quarter, half, nine months, year */
#define PERIOD_BASE_MAX 12       /* months of a year */

/* A period: month (index 1-12), quarter (1-4), half (1-2), nine months or year
 * (index 0). Plain value; copy freely. */
typedef struct period {
	period_kind kind;
	int year;
	int index;
} period;

/* When data is cut off and when a report is due. The data of a period runs from the
 * day after cutoff_day of the month before its first month to cutoff_day of its last
 * month; the deadline is deadline_days[kind] days after that last day. */
typedef struct period_rules {
	int cutoff_day;                        /* 1-28; Decree 09/2019: 14 */
	int deadline_days[PERIOD_KIND_COUNT];  /* 0-366 per kind; [PERIOD_NONE] unused */
} period_rules;

/* 1 when p is non-NULL and a well-formed period in years 1900-2999; else 0. */
int period_valid(const period *p);

/* Parses a period code into *out. Only the exact forms YYYY, YYYYSn, YYYYN9, YYYYQn
 * and YYYYMM are accepted (upper case, no spaces). TD_EINVALID for anything else or
 * NULL arguments; *out is untouched on error. */
tderr period_parse(const char *code, period *out);
/* Writes the code of p ("202405", "2024Q2") into buf (PERIOD_CODE_SIZE is enough).
 * TD_EINVALID when p is invalid, buf NULL or too small; buf is then "" if size > 0. */
tderr period_format(const period *p, char *buf, size_t size);

/* First / last calendar month (1-12) of p; 0 when p is invalid. */
int period_first_month(const period *p);
int period_last_month(const period *p);
/* 1 when a and b are the same valid period. */
int period_equal(const period *a, const period *b);
/* 1 when every month of inner lies in outer (a period contains itself): 2024N9
 * contains 2024Q3 and 202409 but not 2024Q4 nor 2024S2. 0 when either is invalid. */
int period_contains(const period *outer, const period *inner);
/* The next level of the roll-up: month -> quarter -> half -> year; nine months ->
 * year. TD_ENOTFOUND for a year; TD_EINVALID for an invalid p or NULL out. */
tderr period_parent(const period *p, period *out);
/* Every period containing p, p first, then quarter, half, nine months (only when p
 * ends by September) and year, smallest first. Returns the count (at most
 * PERIOD_CONTAINING_MAX); 0, writing nothing, when p is invalid, out NULL or max
 * too small. */
size_t period_containing(const period *p, period *out, size_t max);
/* The periods of kind `base` inside p, in order: the months of 2024Q2, the quarters
 * of 2024N9 (Q1-Q3), the 12 months of 2024, p itself when base is p's kind. Returns
 * the count (at most PERIOD_BASE_MAX); 0, writing nothing, when none fits (quarters
 * of a month), an argument is invalid, or max is too small. */
size_t period_base_list(const period *p, period_kind base, period *out, size_t max);
/* The reporting periods of kind `freq` from start_year to end_year inclusive, in
 * chronological order (the N9 of each year for PERIOD_NINE). With out NULL, returns
 * the count without writing. Otherwise returns the count written; 0, writing
 * nothing, when the arguments are invalid or max is smaller than the count. */
size_t period_list(int start_year, int end_year, period_kind freq, period *out,
		size_t max);

/* Kind for a frequency name: "month", "quarter", "half", "nine", "year" (exact,
 * lower case); PERIOD_NONE for anything else or NULL. */
period_kind period_kind_from_name(const char *name);
/* Frequency name of a kind (static string); NULL for PERIOD_NONE or out of range. */
const char *period_kind_name(period_kind kind);

/* The regime of Decree 09/2019: cut-off on the 14th; deadline 5 days after it for a
 * month, 7 for a quarter, 10 for six and nine months, 15 for a year. */
period_rules period_default_rules(void);
/* TD_OK when rules are usable (cutoff_day 1-28, deadline days 0-366); TD_EINVALID
 * otherwise or for NULL. */
tderr period_rules_check(const period_rules *rules);

/* First and last day (inclusive, "YYYY-MM-DD") of the data reported for p: 202401
 * runs 2023-12-15..2024-01-14 by default. rules NULL means the default rules. Each
 * buffer needs PERIOD_DATE_SIZE bytes. TD_EINVALID for an invalid p or rules, NULL
 * or small buffers (buffers are then "" when they have room for it). */
tderr period_window(const period *p, const period_rules *rules, char *from,
		size_t from_size, char *to, size_t to_size);
/* The deadline day of p as "YYYY-MM-DD" (Vietnam's calendar): the window's last day
 * plus the kind's deadline days (202405 -> 2024-05-19). Errors as period_window. */
tderr period_deadline_date(const period *p, const period_rules *rules, char *buf,
		size_t size);
/* The deadline of p as the last second of its deadline day in Asia/Ho_Chi_Minh
 * (UTC+7, no DST), written in UTC: 202405 -> "2024-05-19T16:59:59Z". buf needs
 * PERIOD_DATETIME_SIZE bytes. Errors as period_window. */
tderr period_deadline(const period *p, const period_rules *rules, char *buf,
		size_t size);

/* Timestamps below are ISO 8601: "YYYY-MM-DDTHH:MM:SS" ('T' or a space), optional
 * fraction (ignored), then "Z", "+HH:MM"/"-HH:MM", or nothing (read as UTC). */

/* 1 when submitted_at is after the deadline, 0 when on time (the deadline's own
 * second is on time); -1 when either is NULL or unreadable. */
int period_is_late(const char *deadline, const char *submitted_at);
/* Whole days late: the Vietnam calendar date of submitted_at minus that of the
 * deadline; 0 when on time; -1 when either is NULL or unreadable. */
int period_days_late(const char *deadline, const char *submitted_at);

/* The period of kind `kind` whose data window holds the date ("YYYY-MM-DD"):
 * 2024-05-20 lies in 202406 and, for a year, 2024-12-20 in 2025. rules NULL means
 * the defaults. TD_ENOTFOUND when no such period exists (nine months for an October
 * date, a year outside 1900-2999); TD_EINVALID for bad arguments. */
tderr period_for_date(const char *iso_date, period_kind kind,
		const period_rules *rules, period *out);

/* 1 for a leap year of the Gregorian calendar (2024, 2000; not 1900, 2023). */
int period_is_leap_year(int year);
/* Days in a month (28-31); 0 when month is not 1-12 or year not 1-9999. */
int period_days_in_month(int year, int month);
/* 1 when s is exactly a real calendar date "YYYY-MM-DD" in years 0001-9999. */
int period_date_valid(const char *s);
/* Date n days after iso_date (n may be negative) into out (PERIOD_DATE_SIZE bytes):
 * "2024-12-29" + 3 -> "2025-01-01". TD_EINVALID for an invalid date, NULL or small
 * out, or a result outside years 0001-9999; out is then "" if size > 0. */
tderr period_add_days(const char *iso_date, int n, char *out, size_t size);

/* Vietnamese label into buf (PERIOD_LABEL_SIZE is enough): "Tháng 5/2024",
 * "Quý II/2024", "6 tháng đầu năm 2024", "6 tháng cuối năm 2024", "9 tháng năm
 * 2024", "Năm 2024". TD_EINVALID as period_format. */
tderr period_label_vi(const period *p, char *buf, size_t size);
/* English label: "May 2024", "Q2 2024", "H1 2024", "9 months 2024", "2024". */
tderr period_label_en(const period *p, char *buf, size_t size);

#endif
