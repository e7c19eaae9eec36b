/* reports_workflow.c — the writes of a report's life: the form a PUT is checked
 * against, saving values and narrative, the workflow transitions with their
 * events. The caller holds the transaction, has run wf_check and compared the
 * version; these functions only write. */
#include "core/clock.h"
#include "core/vntext.h"
#include "store/reports.h"
#include "store/sqlbind.h"
#include "store/store.h"
#include <stdlib.h>
#include <string.h>

static const char *SQL_REPORT_FIELDS =
	"SELECT i.id, i.unit_agg, i.value_type, i.decimals, i.min_value, i.max_value"
	" FROM reports r JOIN indicators i ON i.plan_id = r.plan_id WHERE r.id = ?"
	" AND i.frequency = ? ORDER BY i.position, i.id";

tderr reports_fields(db *d, int64_t report_id, report_field **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	report_state st;
	tderr e = reports_state(d, report_id, NULL, &st);
	if (e)
		return e;
	db_stmt *s = db_prepare(d, SQL_REPORT_FIELDS);
	if (!s)
		return TD_EINTERNAL;
	db_bind_int(s, 1, report_id);
	db_bind_text(s, 2, period_kind_name(st.period.kind));
	size_t cap = 0;
	int rc;
	while ((rc = db_step(s, &e)) == DB_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			report_field *g = realloc(*out, cap * sizeof **out);
			if (!g) {
				rc = -1;
				e = TD_EINTERNAL;
				break;
			}
			*out = g;
		}
		report_field *f = &(*out)[(*n)++];
		memset(f, 0, sizeof *f);
		f->indicator_id = db_col_int(s, 0);
		const char *agg = db_col_text(s, 1);
		f->computed = agg && strcmp(agg, "ratio") == 0;
		f->rules.type = indicator_value_type_from_name(db_col_text(s, 2));
		f->rules.decimals = (int)db_col_int(s, 3);
		f->rules.has_min = !db_col_is_null(s, 4);
		f->rules.min = db_col_double(s, 4);
		f->rules.has_max = !db_col_is_null(s, 5);
		f->rules.max = db_col_double(s, 5);
	}
	db_reset(s);
	if (rc < 0) {
		free(*out);
		*out = NULL;
		*n = 0;
		return e;
	}
	return TD_OK;
}

static const char *SQL_EVENT_INSERT =
	"INSERT INTO report_events(report_id, at, user_id, action, from_status, to_status,"
	" reason) VALUES (?, ?, ?, ?, ?, ?, ?)";

/* One event row; from/to NULL when the status does not apply (create has no from). */
static tderr insert_event(db *d, int64_t id, const char *action, const char *from,
			  const char *to, const char *reason, int64_t user_id)
{
	char now[32];
	clock_iso(now, sizeof now);
	db_stmt *s = db_prepare(d, SQL_EVENT_INSERT);
	if (!s)
		return TD_EINTERNAL;
	sqlbind b = sb_start(s);
	sb_int(&b, id);
	sb_text(&b, now);
	sb_opt_int(&b, user_id > 0, user_id);
	sb_text(&b, action);
	sb_text(&b, from);
	sb_text(&b, to);
	sb_text(&b, reason ? reason : "");
	return store_exec(s);
}

tderr reports_event(db *d, int64_t report_id, const char *action, wf_status status,
		    const char *note, int64_t user_id)
{
	const char *name = wf_status_name(status);
	if (status == WF_NONE) /* creation: nothing before, a draft after */
		return insert_event(d, report_id, action, NULL, wf_status_name(WF_DRAFT), note,
				    user_id);
	return insert_event(d, report_id, action, name, name, note, user_id);
}

static const char *SQL_VALUE_UPSERT =
	"INSERT INTO report_values(report_id, indicator_id, value, comment)"
	" VALUES (?, ?, ?, COALESCE(CAST(? AS TEXT), ''))"
	" ON CONFLICT (report_id, indicator_id) DO UPDATE SET value = excluded.value,"
	" comment = CASE WHEN CAST(? AS TEXT) IS NULL THEN report_values.comment"
	" ELSE excluded.comment END";

static tderr save_value(db *d, int64_t id, const report_value_in *v)
{
	char *comment = NULL;
	if (v->comment && !(comment = vn_nfc(v->comment)))
		return TD_EINTERNAL;
	db_stmt *s = db_prepare(d, SQL_VALUE_UPSERT);
	tderr e = TD_EINTERNAL;
	if (s) {
		sqlbind b = sb_start(s);
		sb_int(&b, id);
		sb_int(&b, v->indicator_id);
		if (v->has_value)
			db_bind_double(s, ++b.i, v->value);
		else
			db_bind_null(s, ++b.i);
		sb_text(&b, comment);
		sb_text(&b, comment);
		e = store_exec(s);
	}
	free(comment);
	return e;
}

static const char *SQL_REPORT_SAVE =
	"UPDATE reports SET results = COALESCE(?, results),"
	" limitations = COALESCE(?, limitations), causes = COALESCE(?, causes),"
	" recommendations = COALESCE(?, recommendations), version = version + 1,"
	" updated_at = ? WHERE id = ?";

tderr reports_save(db *d, const report_state *st, const report_value_in *values, size_t n,
		   const report_narrative_in *narr, int64_t user_id)
{
	tderr e = TD_OK;
	for (size_t i = 0; !e && i < n; i++)
		e = save_value(d, st->id, &values[i]);
	if (e)
		return e;
	const char *in[4] = {narr ? narr->results : NULL, narr ? narr->limitations : NULL,
			     narr ? narr->causes : NULL, narr ? narr->recommendations : NULL};
	char *nfc[4] = {NULL, NULL, NULL, NULL};
	for (int i = 0; i < 4; i++)
		if (in[i] && !(nfc[i] = vn_nfc(in[i])))
			e = TD_EINTERNAL;
	char now[32];
	clock_iso(now, sizeof now);
	db_stmt *s = e ? NULL : db_prepare(d, SQL_REPORT_SAVE);
	if (s) {
		sqlbind b = sb_start(s);
		for (int i = 0; i < 4; i++)
			sb_text(&b, nfc[i]);
		sb_text(&b, now);
		sb_int(&b, st->id);
		e = store_exec(s);
	} else if (!e) {
		e = TD_EINTERNAL;
	}
	for (int i = 0; i < 4; i++)
		free(nfc[i]);
	if (e)
		return e;
	return reports_event(d, st->id, wf_action_name(WF_EDIT), st->status, NULL, user_id);
}

static const char *SQL_REPORT_SUBMIT =
	"UPDATE reports SET status = ?, submitted_at = COALESCE(submitted_at, ?),"
	" last_submitted_at = ?, version = version + 1, updated_at = ? WHERE id = ?";
static const char *SQL_REPORT_APPROVE =
	"UPDATE reports SET status = ?, approved_at = ?, approved_by = ?,"
	" version = version + 1, updated_at = ? WHERE id = ?";
static const char *SQL_REPORT_RETURN =
	"UPDATE reports SET status = ?, returned_reason = ?, version = version + 1,"
	" updated_at = ? WHERE id = ?";
static const char *SQL_REPORT_REOPEN =
	"UPDATE reports SET status = ?, returned_reason = ?, approved_at = NULL,"
	" approved_by = NULL, version = version + 1, updated_at = ? WHERE id = ?";

tderr reports_transition(db *d, const report_state *st, wf_action a, wf_status to,
			 const char *reason, int64_t user_id)
{
	const char *sql = a == WF_SUBMIT    ? SQL_REPORT_SUBMIT
			  : a == WF_APPROVE ? SQL_REPORT_APPROVE
			  : a == WF_RETURN  ? SQL_REPORT_RETURN
			  : a == WF_REOPEN  ? SQL_REPORT_REOPEN
					    : NULL;
	if (!sql || !wf_status_name(to))
		return TD_EINTERNAL;
	char now[32];
	clock_iso(now, sizeof now);
	char *why = NULL;
	if (reason && !(why = vn_nfc(reason)))
		return TD_EINTERNAL;
	db_stmt *s = db_prepare(d, sql);
	tderr e = TD_EINTERNAL;
	if (s) {
		sqlbind b = sb_start(s);
		sb_text(&b, wf_status_name(to));
		if (a == WF_SUBMIT) {
			sb_text(&b, now);
			sb_text(&b, now);
		} else if (a == WF_APPROVE) {
			sb_text(&b, now);
			sb_opt_int(&b, user_id > 0, user_id);
		} else {
			sb_text(&b, why ? why : "");
		}
		sb_text(&b, now);
		sb_int(&b, st->id);
		e = store_exec(s);
	}
	if (!e)
		e = insert_event(d, st->id, wf_action_name(a), wf_status_name(st->status),
				 wf_status_name(to), why, user_id);
	free(why);
	return e;
}
