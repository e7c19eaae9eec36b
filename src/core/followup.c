/* followup.c — the derived fields of tasks, documents and budget lines, and the
 * write rules of the follow-up records. Dates compare as day numbers (days since
 * 1970-01-01 on the proleptic Gregorian calendar), so leap days count. */
#include "core/followup.h"
#include "core/period.h"
#include "core/scope.h"
#include "core/vntext.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const followup_task_statuses[] = {"in_progress", "overdue", "done_on_time",
					      "done_late", NULL};

const char *followup_task_status_name(task_status s)
{
	if (s <= TASK_STATUS_NONE || s >= TASK_STATUS_COUNT)
		return NULL;
	return followup_task_statuses[s - 1];
}

task_status followup_task_status_from_name(const char *name)
{
	for (int i = 0; name && followup_task_statuses[i]; i++)
		if (strcmp(followup_task_statuses[i], name) == 0)
			return (task_status)(i + 1);
	return TASK_STATUS_NONE;
}

/* Day number of a valid date: days since 1970-01-01 (negative before). Counts
 * years from March so that the leap day is the last day of its year. */
static int64_t day_number(int64_t y, int64_t m, int64_t d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static int date_number(const char *s, int64_t *out)
{
	if (!s || !period_date_valid(s))
		return 0;
	int64_t y = 0, m = 0, d = 0;
	for (int i = 0; i < 4; i++)
		y = y * 10 + (s[i] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	*out = day_number(y, m, d);
	return 1;
}

tderr followup_days_between(const char *from, const char *to, int64_t *out)
{
	int64_t a, b;
	if (!out || !date_number(from, &a) || !date_number(to, &b))
		return TD_EINVALID;
	*out = b - a;
	return TD_OK;
}

tderr followup_task(const char *deadline, const char *completed_on, const char *today,
		    task_state *out)
{
	int64_t dl, now, done = 0;
	if (!out || !date_number(deadline, &dl) || !date_number(today, &now) ||
	    (completed_on && !date_number(completed_on, &done)))
		return TD_EINVALID;
	task_state st = {TASK_IN_PROGRESS, 0};
	if (completed_on) {
		st.status = done <= dl ? TASK_DONE_ON_TIME : TASK_DONE_LATE;
		st.days_overdue = done > dl ? done - dl : 0;
	} else if (now > dl) {
		st.status = TASK_OVERDUE;
		st.days_overdue = now - dl;
	}
	*out = st;
	return TD_OK;
}

tderr followup_document(const char *issued_on, const char *due_on, document_state *out)
{
	int64_t issued, due = 0;
	if (!out || !date_number(issued_on, &issued) || (due_on && !date_number(due_on, &due)))
		return TD_EINVALID;
	document_state st = {0, 0};
	if (due_on && issued > due) {
		st.late = 1;
		st.days_late = issued - due;
	}
	*out = st;
	return TD_OK;
}

tderr followup_budget(const budget_in *in, budget_state *out)
{
	if (!in || !out || in->year < 1 || in->year > 9999)
		return TD_EINVALID;
	budget_state st;
	memset(&st, 0, sizeof st);
	if (in->needed_on) {
		if (!period_date_valid(in->needed_on))
			return TD_EINVALID;
		memcpy(st.needed_on, in->needed_on, 11);
	} else {
		snprintf(st.needed_on, sizeof st.needed_on, "%04d-01-01", (int)in->year);
	}
	int64_t needed, now, on = 0;
	if (!date_number(st.needed_on, &needed) || !date_number(in->today, &now) ||
	    (in->allocated_on && !date_number(in->allocated_on, &on)))
		return TD_EINVALID;
	st.allocated = in->allocated_on != NULL || in->allocated > 0;
	if (in->allocated_on) {
		st.has_delay = 1;
		st.allocation_delay_days = on - needed;
	}
	if (!st.allocated) {
		st.has_overdue = 1;
		st.allocation_overdue_days = now > needed ? now - needed : 0;
	}
	if (in->allocated > 0) {
		st.has_rate = 1;
		st.disbursement_rate = (double)in->disbursed / (double)in->allocated;
	}
	st.over_disbursed = in->disbursed > in->allocated;
	*out = st;
	return TD_OK;
}

int64_t followup_add_vnd(int64_t a, int64_t b)
{
	if (b > 0 && a > INT64_MAX - b)
		return INT64_MAX;
	if (b < 0 && a < INT64_MIN - b)
		return INT64_MIN;
	return a + b;
}

int followup_text_match(const char *folded_query, const char *text)
{
	if (!folded_query || !*folded_query)
		return 1;
	if (!text)
		return 0;
	char *f = vn_fold(text);
	int hit = f && strstr(f, folded_query) != NULL;
	free(f);
	return hit;
}

int followup_may_write(const fu_actor *who)
{
	if (!who)
		return 0;
	if (who->role == ROLE_ADMIN)
		return 1;
	if (who->role != ROLE_LEADER && who->role != ROLE_OFFICER)
		return 0;
	return who->is_record_org || who->is_plan_owner;
}

unsigned followup_budget_rights(const fu_actor *who)
{
	if (!who)
		return 0;
	if (who->role == ROLE_ADMIN)
		return BUDGET_EDIT_PLANNED | BUDGET_EDIT_FUNDS;
	if (who->role != ROLE_LEADER && who->role != ROLE_OFFICER)
		return 0;
	if (who->is_plan_owner)
		return BUDGET_EDIT_PLANNED | BUDGET_EDIT_FUNDS;
	unsigned r = 0;
	if (who->is_record_org)
		r |= BUDGET_EDIT_PLANNED;
	if (who->is_finance)
		r |= BUDGET_EDIT_FUNDS;
	return r;
}
