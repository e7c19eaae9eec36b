/* findings.c — findings and recommendations: visible lists, one finding, create,
 * update, the answer/resolve/decline/reopen transitions, a report as a finding's
 * source, and the once-only escalation of overdue findings that the sweep runs. */
#include "store/findings.h"
#include "core/clock.h"
#include "core/vntext.h"
#include "store/sqlbind.h"
#include "store/store.h"
#include "store/textkey.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const finding_kinds[] = {"limitation", "problem", "recommendation", NULL};
const char *const finding_severities[] = {"low", "medium", "high", NULL};
const char *const finding_statuses[] = {"open", "answered", "resolved", "declined", NULL};
const char *const finding_sources[] = {"direct", "report", "inspection", NULL};
const char *const finding_sorts[] = {"-created_at", "due_on", "-updated_at", "severity", NULL};

#define ESCALATE_BATCH 500

static tderr set_err(td_error *e, tderr kind, const char *code, const char *msg,
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

#define FINDING_COLS                                                                       \
	"f.id, f.plan_id, p.code, p.title, f.kind, un.code, un.name, f.title,"              \
	" f.description, f.raised_by_id, ro.name, f.addressed_to_id, ao.name, f.severity,"  \
	" f.due_on, f.response, f.responded_at, f.responded_by, rb.full_name, f.status,"    \
	" f.resolved_on, f.reopened, f.source, f.report_id, f.inspection_id,"               \
	" f.escalated_to_id, eo.name, f.escalated_at, f.version, f.created_at, f.updated_at"
#define FINDING_FROM                                                                       \
	" FROM findings f JOIN org_units un ON un.id = f.unit_id"                           \
	" JOIN organizations ro ON ro.id = f.raised_by_id"                                  \
	" LEFT JOIN organizations ao ON ao.id = f.addressed_to_id"                          \
	" LEFT JOIN organizations eo ON eo.id = f.escalated_to_id"                          \
	" LEFT JOIN plans p ON p.id = f.plan_id"                                            \
	" LEFT JOIN users rb ON rb.id = f.responded_by"

/* {id, <name key>: name} from two columns, or null when the id is NULL. */
static json_t *ref_json(db_stmt *s, int col, const char *name_key)
{
	if (db_col_is_null(s, col))
		return json_null();
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(db_col_int(s, col)));
	json_object_set_new(o, name_key, store_col_str(s, col + 1));
	return o;
}

static json_t *finding_row_json(db_stmt *s, const char *today)
{
	json_t *f = json_object();
	json_object_set_new(f, "id", json_integer(db_col_int(s, 0)));
	json_object_set_new(f, "plan_id", store_col_int(s, 1));
	if (db_col_is_null(s, 1)) {
		json_object_set_new(f, "plan", json_null());
	} else {
		json_object_set_new(f, "plan", json_pack("{s:I,s:o,s:o}", "id", (json_int_t)db_col_int(s, 1),
							 "code", store_col_str(s, 2), "title",
							 store_col_str(s, 3)));
	}
	json_object_set_new(f, "kind", store_col_str(s, 4));
	json_object_set_new(f, "unit", store_col_str(s, 5));
	json_object_set_new(f, "unit_name", store_col_str(s, 6));
	json_object_set_new(f, "title", store_col_str(s, 7));
	json_object_set_new(f, "description", store_col_str(s, 8));
	json_object_set_new(f, "raised_by_id", json_integer(db_col_int(s, 9)));
	json_object_set_new(f, "raised_by", ref_json(s, 9, "name"));
	json_object_set_new(f, "addressed_to_id", store_col_int(s, 11));
	json_object_set_new(f, "addressed_to", ref_json(s, 11, "name"));
	json_object_set_new(f, "severity", store_col_str(s, 13));
	json_object_set_new(f, "due_on", store_col_str(s, 14));
	json_object_set_new(f, "response", store_col_str(s, 15));
	json_object_set_new(f, "responded_at", store_col_str(s, 16));
	json_object_set_new(f, "responded_by", ref_json(s, 17, "full_name"));
	const char *status = db_col_text(s, 19);
	finding_status st = finding_status_from_name(status);
	json_object_set_new(f, "status", store_col_str(s, 19));
	json_object_set_new(f, "resolved_on", store_col_str(s, 20));
	json_object_set_new(f, "reopened", json_integer(db_col_int(s, 21)));
	json_object_set_new(f, "source", store_col_str(s, 22));
	json_object_set_new(f, "report_id", store_col_int(s, 23));
	json_object_set_new(f, "inspection_id", store_col_int(s, 24));
	const char *due = db_col_text(s, 14);
	json_object_set_new(f, "overdue", json_boolean(finding_overdue(st, due, today)));
	json_object_set_new(f, "days_overdue", json_integer(finding_days_overdue(st, due, today)));
	json_object_set_new(f, "escalated", json_boolean(!db_col_is_null(s, 27)));
	json_object_set_new(f, "escalated_to", ref_json(s, 25, "name"));
	json_object_set_new(f, "escalated_at", store_col_str(s, 27));
	json_object_set_new(f, "version", json_integer(db_col_int(s, 28)));
	json_object_set_new(f, "created_at", store_col_str(s, 29));
	json_object_set_new(f, "updated_at", store_col_str(s, 30));
	return f;
}

/* Filters: visibility (5), plan (2), unit (2), organization (4), addressee (2),
 * raiser (2), inspection (2), report (2), status (2), kind (2), severity (2),
 * source (2), overdue (2), year (2), q (3). */
#define FINDING_WHERE                                                                      \
	" WHERE (un.path LIKE (? || '%') OR ? LIKE (un.path || '%') OR f.raised_by_id = ?"  \
	"   OR f.addressed_to_id = ? OR f.escalated_to_id = ?)"                             \
	" AND (CAST(? AS INTEGER) IS NULL OR f.plan_id = ?)"                                \
	" AND (CAST(? AS TEXT) IS NULL OR un.path LIKE (? || '%'))"                         \
	" AND (CAST(? AS INTEGER) IS NULL OR f.raised_by_id = ? OR f.addressed_to_id = ?"   \
	"   OR f.escalated_to_id = ?)"                                                      \
	" AND (CAST(? AS INTEGER) IS NULL OR f.addressed_to_id = ?)"                        \
	" AND (CAST(? AS INTEGER) IS NULL OR f.raised_by_id = ?)"                           \
	" AND (CAST(? AS INTEGER) IS NULL OR f.inspection_id = ?)"                          \
	" AND (CAST(? AS INTEGER) IS NULL OR f.report_id = ?)"                              \
	" AND (CAST(? AS TEXT) IS NULL OR f.status = ?)"                                    \
	" AND (CAST(? AS TEXT) IS NULL OR f.kind = ?)"                                      \
	" AND (CAST(? AS TEXT) IS NULL OR f.severity = ?)"                                  \
	" AND (CAST(? AS TEXT) IS NULL OR f.source = ?)"                                    \
	" AND (CAST(? AS TEXT) IS NULL OR (f.status IN ('open', 'answered')"               \
	"   AND f.due_on IS NOT NULL AND f.due_on < ?))"                                    \
	" AND (CAST(? AS TEXT) IS NULL OR SUBSTR(f.created_at, 1, 4) = ?)"                  \
	" AND (CAST(? AS TEXT) IS NULL OR f.search LIKE ? ESCAPE '\\'"                      \
	"   OR LOWER(f.title) LIKE LOWER(?) ESCAPE '\\')"

static void bind_filters(sqlbind *b, const finding_filter *f, const char *today,
			 const char *year, const char *raw, const char *folded)
{
	sb_text(b, f->scope_path);
	sb_text(b, f->scope_path);
	sb_int(b, f->scope_org);
	sb_int(b, f->scope_org);
	sb_int(b, f->scope_org);
	sb_opt_int(b, f->has_plan, f->plan_id);
	sb_opt_int(b, f->has_plan, f->plan_id);
	sb_text(b, f->unit_path);
	sb_text(b, f->unit_path);
	for (int i = 0; i < 4; i++)
		sb_opt_int(b, f->has_org, f->org_id);
	sb_opt_int(b, f->has_addressee, f->addressee_id);
	sb_opt_int(b, f->has_addressee, f->addressee_id);
	sb_opt_int(b, f->has_raiser, f->raiser_id);
	sb_opt_int(b, f->has_raiser, f->raiser_id);
	sb_opt_int(b, f->has_inspection, f->inspection_id);
	sb_opt_int(b, f->has_inspection, f->inspection_id);
	sb_opt_int(b, f->has_report, f->report_id);
	sb_opt_int(b, f->has_report, f->report_id);
	sb_text(b, f->status);
	sb_text(b, f->status);
	sb_text(b, f->kind);
	sb_text(b, f->kind);
	sb_text(b, f->severity);
	sb_text(b, f->severity);
	sb_text(b, f->source);
	sb_text(b, f->source);
	sb_text(b, f->overdue ? today : NULL);
	sb_text(b, today);
	sb_text(b, year);
	sb_text(b, year);
	sb_text(b, raw);
	sb_text(b, folded);
	sb_text(b, raw);
}

#define FINDING_SELECT "SELECT " FINDING_COLS FINDING_FROM FINDING_WHERE
static const char *SQL_FINDINGS_BY_CREATED =
	FINDING_SELECT " ORDER BY f.created_at DESC, f.id DESC LIMIT ? OFFSET ?";
static const char *SQL_FINDINGS_BY_DUE = FINDING_SELECT
	" ORDER BY CASE WHEN f.due_on IS NULL THEN 1 ELSE 0 END, f.due_on, f.id LIMIT ? OFFSET ?";
static const char *SQL_FINDINGS_BY_UPDATED =
	FINDING_SELECT " ORDER BY f.updated_at DESC, f.id DESC LIMIT ? OFFSET ?";
static const char *SQL_FINDINGS_BY_SEVERITY = FINDING_SELECT
	" ORDER BY CASE f.severity WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END,"
	" f.created_at DESC, f.id DESC LIMIT ? OFFSET ?";
static const char *SQL_FINDINGS_COUNT = "SELECT COUNT(*) FROM findings f"
					" JOIN org_units un ON un.id = f.unit_id" FINDING_WHERE;

static const char *list_sql(const char *sort)
{
	if (!sort || strcmp(sort, "-created_at") == 0)
		return SQL_FINDINGS_BY_CREATED;
	if (strcmp(sort, "due_on") == 0)
		return SQL_FINDINGS_BY_DUE;
	if (strcmp(sort, "-updated_at") == 0)
		return SQL_FINDINGS_BY_UPDATED;
	if (strcmp(sort, "severity") == 0)
		return SQL_FINDINGS_BY_SEVERITY;
	return NULL;
}

tderr findings_list(db *d, const finding_filter *f, json_t **items, int64_t *total)
{
	const char *sql = list_sql(f->sort);
	if (!sql || !f->scope_path)
		return TD_EINVALID;
	char today[16], year[16];
	clock_today_vn(today, sizeof today);
	if (f->has_year)
		snprintf(year, sizeof year, "%04lld", (long long)f->year);
	char *raw = NULL, *folded = NULL;
	if (f->q && *f->q) {
		tderr qe = textkey_query(f->q, &raw, &folded);
		if (qe)
			return qe;
	}
	tderr e = TD_EINTERNAL;
	json_t *arr = NULL;
	db_stmt *s = db_prepare(d, SQL_FINDINGS_COUNT);
	if (!s)
		goto out;
	sqlbind b = sb_start(s);
	bind_filters(&b, f, today, f->has_year ? year : NULL, raw, folded);
	if ((e = store_one_int(s, total)) != TD_OK)
		goto out;
	e = TD_EINTERNAL;
	if (!(s = db_prepare(d, sql)))
		goto out;
	b = sb_start(s);
	bind_filters(&b, f, today, f->has_year ? year : NULL, raw, folded);
	sb_int(&b, f->limit);
	sb_int(&b, f->offset);
	arr = json_array();
	int rc;
	while ((rc = db_step(s, &e)) == DB_ROW)
		json_array_append_new(arr, finding_row_json(s, today));
	db_reset(s);
	if (rc < 0)
		goto out;
	*items = arr;
	arr = NULL;
	e = TD_OK;
out:
	json_decref(arr);
	free(raw);
	free(folded);
	return e;
}

static const char *SQL_FINDING_GET = "SELECT " FINDING_COLS FINDING_FROM " WHERE f.id = ?";

tderr findings_get(db *d, int64_t id, json_t **out)
{
	char today[16];
	clock_today_vn(today, sizeof today);
	db_stmt *s = db_prepare(d, SQL_FINDING_GET);
	if (!s)
		return TD_EINTERNAL;
	db_bind_int(s, 1, id);
	tderr e = TD_OK;
	int rc = db_step(s, &e);
	if (rc == DB_ROW)
		*out = finding_row_json(s, today);
	db_reset(s);
	if (rc < 0)
		return e;
	return rc == DB_ROW ? TD_OK : TD_ENOTFOUND;
}

static const char *SQL_FINDING_STATE =
	"SELECT f.plan_id, f.unit_id, f.raised_by_id, f.addressed_to_id, f.escalated_to_id,"
	" f.version, f.reopened, f.inspection_id, f.status, un.path"
	" FROM findings f JOIN org_units un ON un.id = f.unit_id WHERE f.id = ?";

static int64_t col_id(db_stmt *s, int col)
{
	return db_col_is_null(s, col) ? 0 : db_col_int(s, col);
}

tderr findings_state(db *d, int64_t id, finding_state *out)
{
	db_stmt *s = db_prepare(d, SQL_FINDING_STATE);
	if (!s)
		return TD_EINTERNAL;
	db_bind_int(s, 1, id);
	tderr e = TD_OK;
	int rc = db_step(s, &e);
	if (rc == DB_ROW) {
		memset(out, 0, sizeof *out);
		out->id = id;
		out->plan_id = col_id(s, 0);
		out->unit_id = db_col_int(s, 1);
		out->raised_by_id = db_col_int(s, 2);
		out->addressed_to_id = col_id(s, 3);
		out->escalated_to_id = col_id(s, 4);
		out->version = db_col_int(s, 5);
		out->reopened = db_col_int(s, 6);
		out->inspection_id = col_id(s, 7);
		out->status = finding_status_from_name(db_col_text(s, 8));
		const char *p = db_col_text(s, 9);
		if (!p || strlen(p) >= UNIT_PATH_MAX)
			rc = -1, e = TD_EINTERNAL;
		else
			memcpy(out->unit_path, p, strlen(p) + 1);
	}
	db_reset(s);
	if (rc < 0)
		return e;
	return rc == DB_ROW ? TD_OK : TD_ENOTFOUND;
}

static const char *SQL_FINDING_INVOLVES =
	"SELECT CASE WHEN addressed_to_id = ? OR escalated_to_id = ? THEN 1 ELSE 0 END"
	" FROM findings WHERE id = ?";

tderr findings_involves(db *d, int64_t id, int64_t org, int *involved)
{
	db_stmt *s = db_prepare(d, SQL_FINDING_INVOLVES);
	if (!s)
		return TD_EINTERNAL;
	db_bind_int(s, 1, org);
	db_bind_int(s, 2, org);
	db_bind_int(s, 3, id);
	int64_t v = 0;
	tderr e = store_one_int(s, &v);
	*involved = v != 0;
	return e;
}

/* ---- writes ---- */

static const char *SQL_FINDING_INSERT =
	"INSERT INTO findings(plan_id, kind, unit_id, title, search, description, raised_by_id,"
	" source, report_id, inspection_id, addressed_to_id, severity, due_on, status,"
	" version, created_at, updated_at)"
	" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', 1, ?, ?) RETURNING id";

tderr findings_create(db *d, const finding_input *in, int64_t *id, td_error *e)
{
	textkey k;
	if (textkey_make(in->title, &k) != TD_OK)
		return set_err(e, TD_EINVALID, "invalid_text", "Tiêu đề không hợp lệ", "title");
	char *desc = vn_nfc(in->description ? in->description : "");
	char now[32];
	clock_iso(now, sizeof now);
	tderr err = TD_EINTERNAL;
	db_stmt *s = desc ? db_prepare(d, SQL_FINDING_INSERT) : NULL;
	if (s) {
		sqlbind b = sb_start(s);
		sb_opt_int(&b, in->plan_id > 0, in->plan_id);
		sb_text(&b, in->kind);
		sb_int(&b, in->unit_id);
		sb_text(&b, k.nfc);
		sb_text(&b, k.fold);
		sb_text(&b, desc);
		sb_int(&b, in->raised_by_id);
		sb_text(&b, in->source ? in->source : "direct");
		sb_opt_int(&b, in->report_id > 0, in->report_id);
		sb_opt_int(&b, in->inspection_id > 0, in->inspection_id);
		sb_opt_int(&b, in->addressed_to_id > 0, in->addressed_to_id);
		sb_text(&b, in->severity ? in->severity : "medium");
		sb_text(&b, in->set_due ? in->due_on : NULL);
		sb_text(&b, now);
		sb_text(&b, now);
		err = store_one_int(s, id);
	}
	textkey_free(&k);
	free(desc);
	return err;
}

static const char *SQL_FINDING_UPDATE =
	"UPDATE findings SET plan_id = CASE WHEN ? = 1 THEN ? ELSE plan_id END,"
	" kind = COALESCE(?, kind), title = COALESCE(?, title), search = COALESCE(?, search),"
	" description = COALESCE(?, description), severity = COALESCE(?, severity),"
	" unit_id = COALESCE(?, unit_id),"
	" escalated_to_id = CASE WHEN ? = 1 AND COALESCE(addressed_to_id, 0) <> ? THEN NULL"
	"   ELSE escalated_to_id END,"
	" escalated_at = CASE WHEN ? = 1 AND COALESCE(addressed_to_id, 0) <> ? THEN NULL"
	"   ELSE escalated_at END,"
	" addressed_to_id = CASE WHEN ? = 1 THEN ? ELSE addressed_to_id END,"
	" due_on = CASE WHEN ? = 1 THEN ? ELSE due_on END,"
	" version = version + 1, updated_at = ? WHERE id = ?";

tderr findings_update(db *d, int64_t id, const finding_input *in, td_error *e)
{
	finding_state st = {0};
	tderr err = findings_state(d, id, &st);
	if (err == TD_ENOTFOUND)
		return set_err(e, err, "not_found", "Không tìm thấy kiến nghị", NULL);
	if (err)
		return err;
	if (in->version != st.version)
		return set_err(e, TD_ECONFLICT, "stale_version",
			       "Kiến nghị đã được người khác sửa, vui lòng tải lại", "version");
	if (finding_is_closed(st.status))
		return set_err(e, TD_ECONFLICT, "finding_closed",
			       "Kiến nghị đã kết thúc, không thể sửa", NULL);
	textkey k = {0};
	if (in->title && textkey_make(in->title, &k) != TD_OK)
		return set_err(e, TD_EINVALID, "invalid_text", "Tiêu đề không hợp lệ", "title");
	char *desc = in->description ? vn_nfc(in->description) : NULL;
	char now[32];
	clock_iso(now, sizeof now);
	err = TD_EINTERNAL;
	db_stmt *s = (!in->description || desc) ? db_prepare(d, SQL_FINDING_UPDATE) : NULL;
	if (s) {
		sqlbind b = sb_start(s);
		sb_int(&b, in->set_plan);
		sb_opt_int(&b, in->plan_id > 0, in->plan_id);
		sb_text(&b, in->kind);
		sb_text(&b, k.nfc);
		sb_text(&b, k.fold);
		sb_text(&b, desc);
		sb_text(&b, in->severity);
		sb_opt_int(&b, in->unit_id > 0, in->unit_id);
		for (int i = 0; i < 2; i++) {
			sb_int(&b, in->set_addressee);
			sb_int(&b, in->addressed_to_id);
		}
		sb_int(&b, in->set_addressee);
		sb_opt_int(&b, in->addressed_to_id > 0, in->addressed_to_id);
		sb_int(&b, in->set_due);
		sb_text(&b, in->set_due ? in->due_on : NULL);
		sb_text(&b, now);
		sb_int(&b, id);
		err = store_exec(s);
	}
	textkey_free(&k);
	free(desc);
	return err;
}

static const char *SQL_FINDING_ANSWER =
	"UPDATE findings SET status = 'answered', response = ?, responded_at = ?,"
	" responded_by = ?, version = version + 1, updated_at = ? WHERE id = ?";
static const char *SQL_FINDING_CLOSE =
	"UPDATE findings SET status = ?, resolved_on = ?, version = version + 1,"
	" updated_at = ? WHERE id = ?";
static const char *SQL_FINDING_REOPEN =
	"UPDATE findings SET status = 'open', reopened = reopened + 1, version = version + 1,"
	" updated_at = ? WHERE id = ?";

tderr findings_transition(db *d, const finding_state *st, finding_action a, finding_status to,
			  const char *response, int64_t user_id, const char *today)
{
	char now[32];
	clock_iso(now, sizeof now);
	db_stmt *s = NULL;
	char *text = NULL;
	tderr err = TD_EINTERNAL;
	switch (a) {
	case FINDING_ANSWER:
		if (!(text = vn_nfc(response ? response : "")) ||
		    !(s = db_prepare(d, SQL_FINDING_ANSWER)))
			break;
		db_bind_text(s, 1, text);
		db_bind_text(s, 2, now);
		db_bind_int(s, 3, user_id);
		db_bind_text(s, 4, now);
		db_bind_int(s, 5, st->id);
		err = store_exec(s);
		break;
	case FINDING_RESOLVE:
	case FINDING_DECLINE:
		if (!(s = db_prepare(d, SQL_FINDING_CLOSE)))
			break;
		db_bind_text(s, 1, finding_status_name(to));
		db_bind_text(s, 2, today);
		db_bind_text(s, 3, now);
		db_bind_int(s, 4, st->id);
		err = store_exec(s);
		break;
	case FINDING_REOPEN:
		if (!(s = db_prepare(d, SQL_FINDING_REOPEN)))
			break;
		db_bind_text(s, 1, now);
		db_bind_int(s, 2, st->id);
		err = store_exec(s);
		break;
	case FINDING_ACTION_COUNT:
		err = TD_EINVALID;
		break;
	}
	free(text);
	return err;
}

static const char *SQL_FINDING_REPORT_SOURCE =
	"SELECT plan_id, organization_id, unit_id, limitations, causes, recommendations"
	" FROM reports WHERE id = ?";

tderr findings_report_source(db *d, int64_t report_id, finding_report_source *out)
{
	db_stmt *s = db_prepare(d, SQL_FINDING_REPORT_SOURCE);
	if (!s)
		return TD_EINTERNAL;
	db_bind_int(s, 1, report_id);
	tderr e = TD_OK;
	int rc = db_step(s, &e);
	if (rc == DB_ROW) {
		out->plan_id = db_col_int(s, 0);
		out->org_id = db_col_int(s, 1);
		out->unit_id = db_col_int(s, 2);
		out->narrative = json_pack("{s:o,s:o,s:o}", "limitations", store_col_str(s, 3),
					   "causes", store_col_str(s, 4), "recommendations",
					   store_col_str(s, 5));
	}
	db_reset(s);
	if (rc < 0)
		return e;
	return rc == DB_ROW ? TD_OK : TD_ENOTFOUND;
}

/* ---- escalation (the sweep) ---- */

static const char *SQL_ESCALATION_CANDIDATES =
	"SELECT f.id, ao.parent_id, f.status, f.due_on FROM findings f"
	" JOIN organizations ao ON ao.id = f.addressed_to_id"
	" WHERE f.status = 'open' AND f.escalated_at IS NULL AND f.due_on IS NOT NULL"
	" AND f.due_on < ? AND ao.parent_id IS NOT NULL ORDER BY f.id LIMIT ?";
/* The version is left alone: escalation is the system's flag, not an edit, and an
 * addressee answering just as it happens should not meet a stale version. */
static const char *SQL_FINDING_ESCALATE =
	"UPDATE findings SET escalated_to_id = ?, escalated_at = ?, updated_at = ?"
	" WHERE id = ? AND escalated_at IS NULL";

typedef struct escalation {
	int64_t id, parent;
} escalation;

/* The findings to escalate now, as the pure rule decides, into a malloc'd array. */
static tderr escalation_candidates(db *d, const char *today, escalation **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	db_stmt *s = db_prepare(d, SQL_ESCALATION_CANDIDATES);
	if (!s)
		return TD_EINTERNAL;
	escalation *v = malloc(ESCALATE_BATCH * sizeof *v);
	if (!v) {
		db_reset(s);
		return TD_EINTERNAL;
	}
	db_bind_text(s, 1, today);
	db_bind_int(s, 2, ESCALATE_BATCH);
	tderr e = TD_OK;
	int rc;
	while ((rc = db_step(s, &e)) == DB_ROW && *n < ESCALATE_BATCH) {
		finding_status st = finding_status_from_name(db_col_text(s, 2));
		if (finding_should_escalate(st, db_col_text(s, 3), today, 0, 1))
			v[(*n)++] = (escalation){db_col_int(s, 0), db_col_int(s, 1)};
	}
	db_reset(s);
	if (rc < 0) {
		free(v);
		*n = 0;
		return e;
	}
	*out = v;
	return TD_OK;
}

tderr findings_escalate_due(db *d, const char *today, const char *now, int64_t *count)
{
	*count = 0;
	escalation *v = NULL;
	size_t n = 0;
	tderr e = escalation_candidates(d, today, &v, &n);
	for (size_t i = 0; e == TD_OK && i < n; i++) {
		json_t *before = NULL, *after = NULL;
		db_stmt *s = NULL;
		if ((e = findings_get(d, v[i].id, &before)) == TD_OK &&
		    (s = db_prepare(d, SQL_FINDING_ESCALATE)) == NULL)
			e = TD_EINTERNAL;
		if (e == TD_OK) {
			db_bind_int(s, 1, v[i].parent);
			db_bind_text(s, 2, now);
			db_bind_text(s, 3, now);
			db_bind_int(s, 4, v[i].id);
			e = store_exec(s);
		}
		if (e == TD_OK && (e = findings_get(d, v[i].id, &after)) == TD_OK)
			e = store_audit(d, NULL, "", "findings", v[i].id, "escalate", before, after);
		json_decref(before);
		json_decref(after);
		if (e == TD_OK)
			(*count)++;
	}
	free(v);
	return e;
}
