/* finding.c — the finding state machine, who may move it, and the dates derived
 * from its due date. Dates are civil days counted as in Howard Hinnant's
 * days_from_civil, so no time zone or locale is involved. */
#include "core/finding.h"
#include "core/scope.h"
#include <stdio.h>
#include <string.h>

static const char *const status_names[FINDING_STATUS_COUNT] = {
	NULL, "open", "answered", "resolved", "declined"};
static const char *const action_names[FINDING_ACTION_COUNT] = {
	"answer", "resolve", "decline", "reopen"};

finding_status finding_status_from_name(const char *name)
{
	for (int i = 1; name && i < FINDING_STATUS_COUNT; i++)
		if (strcmp(status_names[i], name) == 0)
			return (finding_status)i;
	return FINDING_NONE;
}

const char *finding_status_name(finding_status s)
{
	return s > FINDING_NONE && s < FINDING_STATUS_COUNT ? status_names[s] : NULL;
}

int finding_action_from_name(const char *name)
{
	for (int i = 0; name && i < FINDING_ACTION_COUNT; i++)
		if (strcmp(action_names[i], name) == 0)
			return i;
	return -1;
}

const char *finding_action_name(finding_action a)
{
	return (int)a >= 0 && a < FINDING_ACTION_COUNT ? action_names[a] : NULL;
}

int finding_needs_text(finding_action a)
{
	return a == FINDING_ANSWER || a == FINDING_DECLINE || a == FINDING_REOPEN;
}

int finding_is_closed(finding_status s)
{
	return s == FINDING_RESOLVED || s == FINDING_DECLINED;
}

int finding_actor_may(const finding_actor *who, finding_action a)
{
	if (!who)
		return 0;
	switch (a) {
	case FINDING_ANSWER:
		return who->is_addressee && (who->role == ROLE_LEADER || who->role == ROLE_OFFICER);
	case FINDING_RESOLVE:
	case FINDING_DECLINE:
	case FINDING_REOPEN:
		return who->is_raiser && (who->role == ROLE_LEADER || who->role == ROLE_OFFICER ||
					  who->role == ROLE_INSPECTOR);
	case FINDING_ACTION_COUNT: break;
	}
	return 0;
}

int finding_transition(finding_status from, finding_action a, finding_status *to)
{
	finding_status next = FINDING_NONE;
	switch (a) {
	case FINDING_ANSWER:
		if (from == FINDING_OPEN)
			next = FINDING_ANSWERED;
		break;
	case FINDING_RESOLVE:
		if (from == FINDING_OPEN || from == FINDING_ANSWERED)
			next = FINDING_RESOLVED;
		break;
	case FINDING_DECLINE:
		if (from == FINDING_OPEN || from == FINDING_ANSWERED)
			next = FINDING_DECLINED;
		break;
	case FINDING_REOPEN:
		if (from == FINDING_ANSWERED)
			next = FINDING_OPEN;
		break;
	case FINDING_ACTION_COUNT: break;
	}
	if (next == FINDING_NONE)
		return 0;
	if (to)
		*to = next;
	return 1;
}

static tderr fail(td_error *e, tderr kind, const char *code, const char *msg, const char *field)
{
	if (e) {
		e->kind = kind;
		e->code = code;
		e->message = msg;
		e->field = field;
	}
	return kind;
}

tderr finding_check(finding_status from, finding_action a, const finding_actor *who,
		    int has_text, finding_status *to, td_error *e)
{
	if ((int)a < 0 || a >= FINDING_ACTION_COUNT)
		return fail(e, TD_EINVALID, "unknown_action", "Thao tác không hợp lệ", NULL);
	if (!finding_actor_may(who, a))
		return fail(e, TD_EFORBIDDEN, "forbidden_action",
			    a == FINDING_ANSWER
				    ? "Chỉ lãnh đạo, cán bộ của cơ quan được kiến nghị mới trả lời được"
				    : "Chỉ cơ quan nêu kiến nghị mới được kết thúc hoặc mở lại",
			    NULL);
	if (finding_needs_text(a) && !has_text)
		return a == FINDING_ANSWER
			       ? fail(e, TD_EINVALID, "response_required",
				      "Cần nhập nội dung trả lời", "response")
			       : fail(e, TD_EINVALID, "reason_required", "Cần nêu lý do", "reason");
	if (finding_is_closed(from))
		return fail(e, TD_ECONFLICT, "finding_closed",
			    "Kiến nghị đã kết thúc, không thể thay đổi", NULL);
	if (!finding_transition(from, a, to))
		return fail(e, TD_ECONFLICT, "invalid_transition",
			    a == FINDING_ANSWER ? "Kiến nghị đã được trả lời"
						: "Chỉ mở lại được kiến nghị đã được trả lời",
			    NULL);
	return TD_OK;
}

/* ---- dates ---- */

static int is_leap(long y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(long y, int m)
{
	static const int n[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return m == 2 && is_leap(y) ? 29 : n[m - 1];
}

static long days_from_civil(long y, int m, int d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, long *y, int *m, int *d)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

static int digits(const char *s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

int finding_date_days(const char *date, long *out)
{
	int y, m, d;
	if (!date || strlen(date) != 10 || date[4] != '-' || date[7] != '-' ||
	    digits(date, 4, &y) || digits(date + 5, 2, &m) || digits(date + 8, 2, &d))
		return -1;
	if (y < 1 || m < 1 || m > 12 || d < 1 || d > month_days(y, m))
		return -1;
	*out = days_from_civil(y, m, d);
	return 0;
}

int finding_date_add(const char *date, long days, char *out, unsigned long size)
{
	long z;
	if (finding_date_days(date, &z) || !out || size < 11)
		return -1;
	long y;
	int m, d;
	civil_from_days(z + days, &y, &m, &d);
	if (y < 1 || y > 9999)
		return -1;
	snprintf(out, size, "%04ld-%02d-%02d", y, m, d);
	return 0;
}

int finding_days_overdue(finding_status s, const char *due_on, const char *today)
{
	long due, now;
	if (s != FINDING_OPEN && s != FINDING_ANSWERED)
		return 0;
	if (finding_date_days(due_on, &due) || finding_date_days(today, &now) || now <= due)
		return 0;
	return (int)(now - due);
}

int finding_overdue(finding_status s, const char *due_on, const char *today)
{
	return finding_days_overdue(s, due_on, today) > 0;
}

int finding_should_escalate(finding_status s, const char *due_on, const char *today,
			    int escalated, int addressee_has_parent)
{
	return s == FINDING_OPEN && !escalated && addressee_has_parent &&
	       finding_overdue(s, due_on, today);
}
