/* workflow.c — the report state machine and who may move it. One table says which
 * action leads from which status to which; the actor rules are two lines, so the
 * whole role × transition matrix can be tested exhaustively. */
#include "core/workflow.h"
#include "core/period.h"
#include "core/scope.h"
#include <string.h>

static const char *const status_names[WF_STATUS_COUNT] = {
	[WF_NONE] = NULL,
	[WF_DRAFT] = "draft",
	[WF_SUBMITTED] = "submitted",
	[WF_APPROVED] = "approved",
	[WF_RETURNED] = "returned",
};

static const char *const action_names[WF_ACTION_COUNT] = {
	[WF_CREATE] = "create", [WF_EDIT] = "save",     [WF_SUBMIT] = "submit",
	[WF_APPROVE] = "approve", [WF_RETURN] = "return", [WF_REOPEN] = "reopen",
};

/* next[action][from]: the status after the action, WF_NONE when not allowed. */
static const wf_status next[WF_ACTION_COUNT][WF_STATUS_COUNT] = {
	[WF_CREATE] = {[WF_NONE] = WF_DRAFT},
	[WF_EDIT] = {[WF_DRAFT] = WF_DRAFT, [WF_RETURNED] = WF_RETURNED},
	[WF_SUBMIT] = {[WF_DRAFT] = WF_SUBMITTED, [WF_RETURNED] = WF_SUBMITTED},
	[WF_APPROVE] = {[WF_SUBMITTED] = WF_APPROVED},
	[WF_RETURN] = {[WF_SUBMITTED] = WF_RETURNED},
	[WF_REOPEN] = {[WF_APPROVED] = WF_RETURNED},
};

wf_status wf_status_from_name(const char *name)
{
	if (!name)
		return WF_NONE;
	for (int s = WF_DRAFT; s < WF_STATUS_COUNT; s++)
		if (strcmp(name, status_names[s]) == 0)
			return (wf_status)s;
	return WF_NONE;
}

const char *wf_status_name(wf_status s)
{
	return (s > WF_NONE && s < WF_STATUS_COUNT) ? status_names[s] : NULL;
}

int wf_action_from_name(const char *name)
{
	if (!name)
		return -1;
	for (int a = 0; a < WF_ACTION_COUNT; a++)
		if (strcmp(name, action_names[a]) == 0)
			return a;
	return -1;
}

const char *wf_action_name(wf_action a)
{
	return ((int)a >= 0 && a < WF_ACTION_COUNT) ? action_names[a] : NULL;
}

int wf_needs_reason(wf_action a)
{
	return a == WF_RETURN || a == WF_REOPEN;
}

int wf_actor_may(const wf_actor *who, wf_action a)
{
	if (!who)
		return 0;
	switch (a) {
	case WF_CREATE:
	case WF_EDIT:
	case WF_SUBMIT:
		return who->is_member && (who->role == ROLE_LEADER || who->role == ROLE_OFFICER);
	case WF_APPROVE:
	case WF_RETURN:
	case WF_REOPEN:
		return who->is_approver_org && who->role == ROLE_LEADER;
	case WF_ACTION_COUNT:
		break;
	}
	return 0;
}

int wf_transition(wf_status from, wf_action a, wf_status *to)
{
	if ((int)a < 0 || a >= WF_ACTION_COUNT || (int)from < 0 || from >= WF_STATUS_COUNT)
		return 0;
	wf_status n = next[a][from];
	if (n == WF_NONE)
		return 0;
	if (to)
		*to = n;
	return 1;
}

static tderr fail(td_error *e, tderr kind, const char *code, const char *msg,
		  const char *field)
{
	if (e) {
		e->kind = kind;
		e->code = code;
		e->message = msg;
		e->field = field;
	}
	return kind;
}

static const char *forbidden_message(wf_action a)
{
	switch (a) {
	case WF_CREATE:
	case WF_EDIT:
	case WF_SUBMIT:
		return "Chỉ lãnh đạo hoặc cán bộ của tổ chức báo cáo được lập, sửa và gửi báo cáo";
	case WF_APPROVE:
	case WF_RETURN:
	case WF_REOPEN:
		return "Chỉ lãnh đạo của tổ chức có thẩm quyền duyệt được duyệt, trả lại hoặc mở lại "
		       "báo cáo này";
	case WF_ACTION_COUNT:
		break;
	}
	return "Bạn không được thực hiện thao tác này";
}

/* Why the action is not allowed from `from` (the actor may take it). */
static tderr status_conflict(wf_status from, wf_action a, td_error *e)
{
	if (a == WF_CREATE)
		return fail(e, TD_ECONFLICT, "report_exists", "Báo cáo của kỳ này đã tồn tại", NULL);
	if (from == WF_APPROVED)
		return fail(e, TD_ECONFLICT, "report_locked",
			    "Báo cáo đã được duyệt nên bị khóa; cần mở lại trước khi thay đổi", NULL);
	const char *msg = "Thao tác không phù hợp với trạng thái của báo cáo";
	switch (a) {
	case WF_EDIT:
	case WF_SUBMIT:
		msg = "Báo cáo đang chờ duyệt; chỉ sửa hoặc gửi lại được khi bị trả lại";
		break;
	case WF_APPROVE:
	case WF_RETURN:
		msg = "Chỉ duyệt hoặc trả lại được báo cáo đã gửi";
		break;
	case WF_REOPEN:
		msg = "Chỉ mở lại được báo cáo đã duyệt";
		break;
	case WF_CREATE:
	case WF_ACTION_COUNT:
		break;
	}
	return fail(e, TD_ECONFLICT, "invalid_transition", msg, NULL);
}

tderr wf_check(wf_status from, wf_action a, const wf_actor *who, int has_reason,
	       wf_status *to, td_error *e)
{
	if ((int)a < 0 || a >= WF_ACTION_COUNT)
		return fail(e, TD_EINVALID, "unknown_action", "Thao tác không hợp lệ", NULL);
	if (!wf_actor_may(who, a))
		return fail(e, TD_EFORBIDDEN, "forbidden_action", forbidden_message(a), NULL);
	if (wf_needs_reason(a) && !has_reason)
		return fail(e, TD_EINVALID, "reason_required",
			    "Cần nêu lý do trả lại hoặc mở lại báo cáo", "reason");
	wf_status n;
	if (!wf_transition(from, a, &n))
		return status_conflict(from, a, e);
	if (to)
		*to = n;
	return TD_OK;
}

tderr wf_timeliness_of(const char *deadline, const char *submitted_at, const char *now,
		       wf_timeliness *out)
{
	wf_timeliness t = {-1, 0, 0};
	if (out)
		*out = (wf_timeliness){0, 0, 0};
	if (!out || period_is_late(deadline, now) < 0)
		return TD_EINVALID;
	if (submitted_at) {
		int late = period_is_late(deadline, submitted_at);
		if (late < 0)
			return TD_EINVALID;
		t.on_time = !late;
		t.days_late = period_days_late(deadline, submitted_at);
	} else if (period_is_late(deadline, now) == 1) {
		t.overdue = 1;
		t.days_late = period_days_late(deadline, now);
	}
	*out = t;
	return TD_OK;
}
