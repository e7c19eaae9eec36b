/* notifications.c — generating notices from the state of tasks, reports and
 * findings (INSERT ... SELECT with ON CONFLICT DO NOTHING on the dedupe key, so a
 * rule can run any number of times), reading them, and the mail queue. */
#include "store/notifications.h"
#include "store/sqlbind.h"
#include "store/store.h"
#include <string.h>

/* "dd/mm/yyyy" of an ISO date or timestamp column, for titles. */
#define SQL_DMY(c) "SUBSTR(" c ", 9, 2) || '/' || SUBSTR(" c ", 6, 2) || '/' || SUBSTR(" c ", 1, 4)"
#define SQL_NOTICE_INSERT "INSERT INTO notifications(user_id, kind, title, link, dedupe_key, created_at) "
#define SQL_NOTICE_ONCE " ON CONFLICT (user_id, dedupe_key) DO NOTHING RETURNING id"
#define SQL_ID(c) "CAST(" c " AS TEXT)"
#define SQL_FINDING_KIND                                                                   \
	"CASE f.kind WHEN 'recommendation' THEN 'Kiến nghị' WHEN 'problem'"                \
	" THEN 'Vấn đề phát sinh' ELSE 'Tồn tại, hạn chế' END"

/* Tasks due within 7 days: the responsible organisation's leaders and officers.
 * A new deadline (an extension) is a new event. */
static const char *SQL_GEN_TASK_DUE = SQL_NOTICE_INSERT
	"SELECT u.id, 'task_due', 'Nhiệm vụ sắp đến hạn " "' || " SQL_DMY("t.deadline")
	" || ': ' || SUBSTR(t.title, 1, 200), '#/tasks/' || " SQL_ID("t.id") ","
	" 'task_due:' || " SQL_ID("t.id") " || ':' || t.deadline, ?"
	" FROM tasks t JOIN users u ON u.organization_id = t.responsible_id"
	" WHERE u.active = 1 AND u.role IN ('leader', 'officer') AND t.completed_on IS NULL"
	" AND t.deadline >= ? AND t.deadline <= ?" SQL_NOTICE_ONCE;

static const char *SQL_GEN_TASK_OVERDUE = SQL_NOTICE_INSERT
	"SELECT u.id, 'task_overdue', 'Nhiệm vụ quá hạn từ " "' || " SQL_DMY("t.deadline")
	" || ': ' || SUBSTR(t.title, 1, 200), '#/tasks/' || " SQL_ID("t.id") ","
	" 'task_overdue:' || " SQL_ID("t.id") " || ':' || t.deadline, ?"
	" FROM tasks t JOIN users u ON u.organization_id = t.responsible_id"
	" WHERE u.active = 1 AND u.role IN ('leader', 'officer') AND t.completed_on IS NULL"
	" AND t.deadline < ?" SQL_NOTICE_ONCE;

/* Draft reports due within 5 days: the reporting organisation's leaders and
 * officers (those who enter and submit it). */
static const char *SQL_GEN_REPORT_DUE = SQL_NOTICE_INSERT
	"SELECT u.id, 'report_due', 'Báo cáo kỳ ' || r.period || ' cần nộp trước "
	"' || " SQL_DMY("r.deadline") " || ': ' || SUBSTR(p.title, 1, 200),"
	" '#/reports/' || " SQL_ID("r.id") ", 'report_due:' || " SQL_ID("r.id") ", ?"
	" FROM reports r JOIN plans p ON p.id = r.plan_id"
	" JOIN users u ON u.organization_id = r.organization_id"
	" WHERE u.active = 1 AND u.role IN ('leader', 'officer') AND r.status = 'draft'"
	" AND r.deadline > ? AND r.deadline <= ?" SQL_NOTICE_ONCE;

/* Returned reports: each return (or reopening) is an event of its own. */
static const char *SQL_GEN_REPORT_RETURNED = SQL_NOTICE_INSERT
	"SELECT u.id, 'report_returned', 'Báo cáo kỳ ' || r.period || ' bị trả lại: '"
	" || SUBSTR(COALESCE(r.returned_reason, ''), 1, 200),"
	" '#/reports/' || " SQL_ID("r.id") ", 'report_returned:' || " SQL_ID("r.id")
	" || ':' || " SQL_ID("COALESCE((SELECT MAX(e.id) FROM report_events e"
	" WHERE e.report_id = r.id AND e.action IN ('return', 'reopen')), 0)") ", ?"
	" FROM reports r JOIN users u ON u.organization_id = r.organization_id"
	" WHERE u.active = 1 AND u.role IN ('leader', 'officer') AND r.status = 'returned'"
	SQL_NOTICE_ONCE;

/* Submitted reports: the leaders of the approving organisation (reports.h), one
 * rule per way of finding it so that each joins users by an indexed equality: the
 * plan owner when the plan's rule says so, else the organisation of the same system
 * at the parent unit, or the report's own organisation at the root. Each
 * submission is an event; the three share the dedupe key. */
#define SQL_APPROVAL_NOTICE                                                                \
	"SELECT u.id, 'approval_waiting', 'Báo cáo chờ phê duyệt: ' || ro.name || ', kỳ '" \
	" || r.period, '#/reports/' || " SQL_ID("r.id") ", 'approval_waiting:' || "        \
	SQL_ID("r.id") " || ':' || " SQL_ID("COALESCE((SELECT MAX(e.id) FROM report_events e" \
	" WHERE e.report_id = r.id AND e.action = 'submit'), 0)") ", ?"                     \
	" FROM reports r JOIN org_units ru ON ru.id = r.unit_id"                            \
	" JOIN organizations ro ON ro.id = r.organization_id"                               \
	" LEFT JOIN plan_rules pr ON pr.plan_id = r.plan_id"
#define SQL_APPROVER_LEADER " WHERE u.active = 1 AND u.role = 'leader' AND r.status = 'submitted'"

static const char *SQL_GEN_APPROVAL_OWNER = SQL_NOTICE_INSERT SQL_APPROVAL_NOTICE
	" JOIN plans p ON p.id = r.plan_id JOIN users u ON u.organization_id = p.owner_id"
	SQL_APPROVER_LEADER " AND COALESCE(pr.approval, 'parent') = 'owner'" SQL_NOTICE_ONCE;
static const char *SQL_GEN_APPROVAL_PARENT = SQL_NOTICE_INSERT SQL_APPROVAL_NOTICE
	" JOIN organizations ao ON ao.unit_id = ru.parent_id AND ao.system = ro.system"
	" JOIN users u ON u.organization_id = ao.id"
	SQL_APPROVER_LEADER " AND COALESCE(pr.approval, 'parent') <> 'owner'" SQL_NOTICE_ONCE;
static const char *SQL_GEN_APPROVAL_ROOT = SQL_NOTICE_INSERT SQL_APPROVAL_NOTICE
	" JOIN users u ON u.organization_id = r.organization_id"
	SQL_APPROVER_LEADER " AND COALESCE(pr.approval, 'parent') <> 'owner'"
	" AND ru.parent_id IS NULL" SQL_NOTICE_ONCE;

/* Open findings: the addressee's leaders and officers (a new addressee is a new
 * event); not when an organisation records a limitation addressed to itself. */
static const char *SQL_GEN_FINDING_ADDRESSED = SQL_NOTICE_INSERT
	"SELECT u.id, 'finding_addressed', " SQL_FINDING_KIND " || ' gửi đơn vị: '"
	" || SUBSTR(f.title, 1, 200), '#/findings/' || " SQL_ID("f.id") ","
	" 'finding_addressed:' || " SQL_ID("f.id") " || ':' || " SQL_ID("f.addressed_to_id")
	", ? FROM findings f JOIN users u ON u.organization_id = f.addressed_to_id"
	" WHERE u.active = 1 AND u.role IN ('leader', 'officer') AND f.status = 'open'"
	" AND f.addressed_to_id <> f.raised_by_id" SQL_NOTICE_ONCE;

/* Escalated findings: the leaders of the organisation it was escalated to. */
static const char *SQL_GEN_FINDING_ESCALATED = SQL_NOTICE_INSERT
	"SELECT u.id, 'finding_escalated', " SQL_FINDING_KIND " || ' quá hạn chưa được '"
	" || ao.name || ' trả lời: ' || SUBSTR(f.title, 1, 200),"
	" '#/findings/' || " SQL_ID("f.id") ", 'finding_escalated:' || " SQL_ID("f.id") ", ?"
	" FROM findings f JOIN organizations ao ON ao.id = f.addressed_to_id"
	" JOIN users u ON u.organization_id = f.escalated_to_id"
	" WHERE u.active = 1 AND u.role = 'leader' AND f.status IN ('open', 'answered')"
	SQL_NOTICE_ONCE;

/* Answered findings: the raiser's leaders, officers and inspectors, once per round
 * (an answer after a reopening is a new event). */
static const char *SQL_GEN_FINDING_ANSWERED = SQL_NOTICE_INSERT
	"SELECT u.id, 'finding_answered', ao.name || ' đã trả lời: ' || SUBSTR(f.title, 1, 200),"
	" '#/findings/' || " SQL_ID("f.id") ", 'finding_answered:' || " SQL_ID("f.id")
	" || ':' || " SQL_ID("f.reopened") ", ?"
	" FROM findings f JOIN organizations ao ON ao.id = f.addressed_to_id"
	" JOIN users u ON u.organization_id = f.raised_by_id"
	" WHERE u.active = 1 AND u.role IN ('leader', 'officer', 'inspector')"
	" AND f.status = 'answered' AND f.addressed_to_id <> f.raised_by_id" SQL_NOTICE_ONCE;

/* Reopened findings: the addressee's leaders and officers, once per reopening. */
static const char *SQL_GEN_FINDING_REOPENED = SQL_NOTICE_INSERT
	"SELECT u.id, 'finding_reopened', " SQL_FINDING_KIND " || ' được mở lại, cần trả lời"
	" thêm: ' || SUBSTR(f.title, 1, 200), '#/findings/' || " SQL_ID("f.id") ","
	" 'finding_reopened:' || " SQL_ID("f.id") " || ':' || " SQL_ID("f.reopened") ", ?"
	" FROM findings f JOIN users u ON u.organization_id = f.addressed_to_id"
	" WHERE u.active = 1 AND u.role IN ('leader', 'officer') AND f.status = 'open'"
	" AND f.reopened > 0 AND f.addressed_to_id <> f.raised_by_id" SQL_NOTICE_ONCE;

enum { P_NOW, P_TODAY, P_TODAY7, P_NOW5, P_END = -1 };

static const struct {
	const char *const *sql;
	int params[4];
} rules[] = {
	{&SQL_GEN_TASK_DUE, {P_NOW, P_TODAY, P_TODAY7, P_END}},
	{&SQL_GEN_TASK_OVERDUE, {P_NOW, P_TODAY, P_END}},
	{&SQL_GEN_REPORT_DUE, {P_NOW, P_NOW, P_NOW5, P_END}},
	{&SQL_GEN_REPORT_RETURNED, {P_NOW, P_END}},
	{&SQL_GEN_APPROVAL_OWNER, {P_NOW, P_END}},
	{&SQL_GEN_APPROVAL_PARENT, {P_NOW, P_END}},
	{&SQL_GEN_APPROVAL_ROOT, {P_NOW, P_END}},
	{&SQL_GEN_FINDING_ADDRESSED, {P_NOW, P_END}},
	{&SQL_GEN_FINDING_ESCALATED, {P_NOW, P_END}},
	{&SQL_GEN_FINDING_ANSWERED, {P_NOW, P_END}},
	{&SQL_GEN_FINDING_REOPENED, {P_NOW, P_END}},
};

tderr notifications_generate(db *d, const notify_clock *c, int64_t *created)
{
	*created = 0;
	const char *values[] = {c->now, c->today, c->today_plus7, c->now_plus5};
	for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++) {
		db_stmt *s = db_prepare(d, *rules[i].sql);
		if (!s)
			return TD_EINTERNAL;
		for (int k = 0; k < 4 && rules[i].params[k] != P_END; k++)
			db_bind_text(s, k + 1, values[rules[i].params[k]]);
		tderr e = TD_OK;
		int rc;
		while ((rc = db_step(s, &e)) == DB_ROW)
			(*created)++;
		db_reset(s);
		if (rc < 0)
			return e;
	}
	return TD_OK;
}

/* ---- the owner's view ---- */

#define NOTICE_COLS "id, kind, title, link, created_at, read_at"

static json_t *notice_json(db_stmt *s)
{
	return json_pack("{s:I,s:o,s:o,s:o,s:b,s:o,s:o}", "id", (json_int_t)db_col_int(s, 0),
			 "kind", store_col_str(s, 1), "title", store_col_str(s, 2), "link",
			 store_col_str(s, 3), "read", !db_col_is_null(s, 5), "created_at",
			 store_col_str(s, 4), "read_at", store_col_str(s, 5));
}

static const char *SQL_NOTICES_COUNT =
	"SELECT COUNT(*) FROM notifications WHERE user_id = ? AND (? = 0 OR read_at IS NULL)";
static const char *SQL_NOTICES_LIST =
	"SELECT " NOTICE_COLS " FROM notifications WHERE user_id = ?"
	" AND (? = 0 OR read_at IS NULL) ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?";

static tderr count_notices(db *d, int64_t user_id, int unread_only, int64_t *out)
{
	db_stmt *s = db_prepare(d, SQL_NOTICES_COUNT);
	if (!s)
		return TD_EINTERNAL;
	db_bind_int(s, 1, user_id);
	db_bind_int(s, 2, unread_only ? 1 : 0);
	return store_one_int(s, out);
}

tderr notifications_list(db *d, int64_t user_id, int unread_only, int64_t limit,
			 int64_t offset, json_t **items, int64_t *total, int64_t *unread)
{
	tderr e;
	if ((e = count_notices(d, user_id, unread_only, total)) ||
	    (e = count_notices(d, user_id, 1, unread)))
		return e;
	db_stmt *s = db_prepare(d, SQL_NOTICES_LIST);
	if (!s)
		return TD_EINTERNAL;
	sqlbind b = sb_start(s);
	sb_int(&b, user_id);
	sb_int(&b, unread_only ? 1 : 0);
	sb_int(&b, limit);
	sb_int(&b, offset);
	json_t *arr = json_array();
	int rc;
	while ((rc = db_step(s, &e)) == DB_ROW)
		json_array_append_new(arr, notice_json(s));
	db_reset(s);
	if (rc < 0) {
		json_decref(arr);
		return e;
	}
	*items = arr;
	return TD_OK;
}

static const char *SQL_NOTICE_GET =
	"SELECT " NOTICE_COLS " FROM notifications WHERE id = ? AND user_id = ?";
static const char *SQL_NOTICE_READ =
	"UPDATE notifications SET read_at = ? WHERE id = ? AND user_id = ? AND read_at IS NULL";

static tderr notice_get(db *d, int64_t user_id, int64_t id, json_t **out)
{
	db_stmt *s = db_prepare(d, SQL_NOTICE_GET);
	if (!s)
		return TD_EINTERNAL;
	db_bind_int(s, 1, id);
	db_bind_int(s, 2, user_id);
	tderr e = TD_OK;
	int rc = db_step(s, &e);
	if (rc == DB_ROW)
		*out = notice_json(s);
	db_reset(s);
	if (rc < 0)
		return e;
	return rc == DB_ROW ? TD_OK : TD_ENOTFOUND;
}

tderr notifications_read(db *d, int64_t user_id, int64_t id, const char *now, json_t **out)
{
	json_t *before = NULL;
	tderr e = notice_get(d, user_id, id, &before);
	if (e)
		return e;
	json_decref(before);
	db_stmt *s = db_prepare(d, SQL_NOTICE_READ);
	if (!s)
		return TD_EINTERNAL;
	db_bind_text(s, 1, now);
	db_bind_int(s, 2, id);
	db_bind_int(s, 3, user_id);
	if ((e = store_exec(s)))
		return e;
	return notice_get(d, user_id, id, out);
}

static const char *SQL_NOTICES_READ_ALL =
	"UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL";

tderr notifications_read_all(db *d, int64_t user_id, const char *now, int64_t *count)
{
	tderr e = count_notices(d, user_id, 1, count);
	if (e)
		return e;
	db_stmt *s = db_prepare(d, SQL_NOTICES_READ_ALL);
	if (!s)
		return TD_EINTERNAL;
	db_bind_text(s, 1, now);
	db_bind_int(s, 2, user_id);
	return store_exec(s);
}

/* ---- the mail queue ---- */

static const char *SQL_NOTICES_TO_MAIL =
	"SELECT n.id, u.email, u.full_name, n.kind, n.title, n.link FROM notifications n"
	" JOIN users u ON u.id = n.user_id WHERE n.emailed_at IS NULL AND n.created_at >= ?"
	" AND u.active = 1 AND u.email IS NOT NULL AND u.email <> '' ORDER BY n.id LIMIT ?";

tderr notifications_pending_mail(db *d, const char *since, int64_t limit, json_t **items)
{
	db_stmt *s = db_prepare(d, SQL_NOTICES_TO_MAIL);
	if (!s)
		return TD_EINTERNAL;
	db_bind_text(s, 1, since);
	db_bind_int(s, 2, limit);
	json_t *arr = json_array();
	tderr e = TD_OK;
	int rc;
	while ((rc = db_step(s, &e)) == DB_ROW)
		json_array_append_new(arr, json_pack("{s:I,s:o,s:o,s:o,s:o,s:o}", "id",
						     (json_int_t)db_col_int(s, 0), "email",
						     store_col_str(s, 1), "full_name", store_col_str(s, 2),
						     "kind", store_col_str(s, 3), "title",
						     store_col_str(s, 4), "link", store_col_str(s, 5)));
	db_reset(s);
	if (rc < 0) {
		json_decref(arr);
		return e;
	}
	*items = arr;
	return TD_OK;
}

static const char *SQL_NOTICE_EMAILED =
	"UPDATE notifications SET emailed_at = ? WHERE id = ? AND emailed_at IS NULL";

static const char *SQL_NOTICE_NOT_EMAILED =
	"UPDATE notifications SET emailed_at = NULL WHERE id = ? AND emailed_at = ?";

tderr notifications_unmark_emailed(db *d, int64_t id, const char *at)
{
	db_stmt *s = db_prepare(d, SQL_NOTICE_NOT_EMAILED);
	if (!s)
		return TD_EINTERNAL;
	db_bind_int(s, 1, id);
	db_bind_text(s, 2, at);
	return store_exec(s);
}

tderr notifications_mark_emailed(db *d, int64_t id, const char *now)
{
	db_stmt *s = db_prepare(d, SQL_NOTICE_EMAILED);
	if (!s)
		return TD_EINTERNAL;
	db_bind_text(s, 1, now);
	db_bind_int(s, 2, id);
	return store_exec(s);
}
