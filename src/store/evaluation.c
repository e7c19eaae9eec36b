/* evaluation.c — per plan × organisation × period, the five components of an
 * evaluation (indicators, tasks, reports, budget, findings) with the counts, ids
 * and links of the records behind them, scored by core/score.c. */
#include "store/evaluation.h"
#include "core/finding.h"
#include "core/followup.h"
#include "store/sqlbind.h"
#include "store/store.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void copy_text(char *dst, size_t size, const char *src)
{
	snprintf(dst, size, "%s", src ? src : "");
}

/* ---- the span ---- */

tderr eval_span_init(eval_span *s, const period *p, const char *today, const char *now)
{
	memset(s, 0, sizeof *s);
	if (!period_valid(p) || !today || !period_date_valid(today) || !now ||
	    strlen(now) >= sizeof s->now)
		return TD_EINVALID;
	s->p = *p;
	period_format(p, s->code, sizeof s->code);
	int first = period_first_month(p), last = period_last_month(p);
	unsigned y = (unsigned)p->year % 10000u;
	snprintf(s->from, sizeof s->from, "%04u-%02u-01", y, (unsigned)first % 100u);
	snprintf(s->to, sizeof s->to, "%04u-%02u-%02u", y, (unsigned)last % 100u,
		 (unsigned)period_days_in_month(p->year, last) % 100u);
	memcpy(s->lo, s->from, sizeof s->lo);
	memcpy(s->hi, s->to, sizeof s->hi);
	memcpy(s->today, today, PERIOD_DATE_SIZE - 1);
	copy_text(s->now, sizeof s->now, now);
	return TD_OK;
}

tderr eval_span_narrow(eval_span *s, const char *lo, const char *hi)
{
	if (!lo || !hi || !period_date_valid(lo) || !period_date_valid(hi) ||
	    strcmp(lo, hi) > 0 || strcmp(lo, s->from) < 0 || strcmp(hi, s->to) > 0)
		return TD_EINVALID;
	memcpy(s->lo, lo, PERIOD_DATE_SIZE - 1);
	memcpy(s->hi, hi, PERIOD_DATE_SIZE - 1);
	return TD_OK;
}

static int in_span(const eval_span *s, const char *date)
{
	return date && strcmp(date, s->lo) >= 0 && strcmp(date, s->hi) <= 0;
}

/* ---- JSON helpers ---- */

/* Whole numbers as integers, others as reals rounded to `places` decimals. */
static json_t *num(double v, int places)
{
	if (!isfinite(v))
		return json_null();
	double f = places == 1 ? 10.0 : 100.0;
	double r = places == 1 ? score_round1(v) : round(v * f) / f;
	if (r == floor(r) && fabs(r) < 1e15)
		return json_integer((json_int_t)r);
	return json_real(r);
}

static json_t *opt_num(int has, double v, int places)
{
	return has ? num(v, places) : json_null();
}

static void add_id(json_t *ids, int64_t id)
{
	if (json_array_size(ids) < EVAL_IDS_MAX)
		json_array_append_new(ids, json_integer(id));
}

/* The analytics link of the indicators component names at most this many. */
#define EVAL_LINK_IDS 100
#define EVAL_LINK_MAX (EVAL_LINK_IDS * 21 + 128)

/* What each component gathering hands back. */
typedef struct component {
	score_part part;
	json_t *o;   /* the component's own fields (counts, ids, records) */
} component;

/* ---- indicators ---- */

static const char *SQL_TARGETS =
	"SELECT t.indicator_id, t.value FROM targets t JOIN indicators i ON i.id = t.indicator_id"
	" WHERE i.plan_id = ? AND t.unit_id = ? AND t.year = ?";

/* 1 when the last report of the indicator's frequency inside the period is due. */
static int indicator_due(const eval_plan *plan, const eval_indicator *x, const eval_span *s)
{
	period b[PERIOD_BASE_MAX];
	char deadline[PERIOD_DATETIME_SIZE];
	size_t nb = x->freq != PERIOD_NONE ? period_base_list(&s->p, x->freq, b, PERIOD_BASE_MAX) : 0;
	return nb && period_deadline(&b[nb - 1], &plan->rules, deadline, sizeof deadline) == TD_OK &&
	       strcmp(deadline, s->now) < 0;
}

static tderr gather_indicators(db *d, const eval_plan *plan, const eval_org *org,
			       const eval_span *sp, eval_value_fn values, void *ctx, component *c)
{
	size_t n = plan->nind;
	int *has_t = calloc(n ? n : 1, sizeof *has_t);
	double *tv = calloc(n ? n : 1, sizeof *tv);
	score_indicator *in = calloc(n ? n : 1, sizeof *in);
	score_achievement *each = calloc(n ? n : 1, sizeof *each);
	size_t *which = calloc(n ? n : 1, sizeof *which);
	tderr e = TD_OK;
	if (!has_t || !tv || !in || !each || !which) {
		e = TD_EINTERNAL;
		goto done;
	}
	db_stmt *s = db_prepare(d, SQL_TARGETS);
	if (!s) {
		e = TD_EINTERNAL;
		goto done;
	}
	db_bind_int(s, 1, plan->id);
	db_bind_int(s, 2, org->unit_id);
	db_bind_int(s, 3, sp->p.year);
	int rc;
	while ((rc = db_step(s, &e)) == DB_ROW) {
		int64_t id = db_col_int(s, 0);
		for (size_t i = 0; i < n; i++)
			if (plan->ind[i].id == id && !db_col_is_null(s, 1)) {
				has_t[i] = 1;
				tv[i] = db_col_double(s, 1);
			}
	}
	db_reset(s);
	if (rc < 0)
		goto done;
	size_t m = 0; /* indicators with a comparable target */
	for (size_t i = 0; i < n && !e; i++) {
		const eval_indicator *x = &plan->ind[i];
		if (!has_t[i] || !indicator_target_comparable(x->time_agg, x->unit_agg, sp->p.kind))
			continue;
		score_indicator *si = &in[m];
		eval_value v = {0};
		e = values(ctx, x->id, org->unit_id, &sp->p, &v);
		*si = (score_indicator){.dir = x->dir, .has_value = v.has, .value = v.value,
					.target = tv[i], .due = indicator_due(plan, x, sp),
					.undefined = v.undefined};
		which[m++] = i;
	}
	if (e)
		goto done;
	double value = 0;
	size_t counted = score_indicators(in, m, plan->config.cap, each, &value);
	c->part = (score_part){counted > 0, value};
	json_t *list = json_array();
	char link[EVAL_LINK_MAX];
	size_t len = (size_t)snprintf(link, sizeof link, "/api/v1/analytics?indicator=");
	size_t missing = 0;
	for (size_t k = 0; k < m; k++) {
		const eval_indicator *x = &plan->ind[which[k]];
		json_t *o = json_deep_copy(x->ref);
		json_object_set_new(o, "value", opt_num(in[k].has_value, in[k].value, 2));
		json_object_set_new(o, "target", num(in[k].target, 2));
		json_object_set_new(o, "direction", json_string(indicator_direction_name(x->dir)));
		json_object_set_new(o, "achievement", opt_num(each[k].has_raw, each[k].raw, 1));
		json_object_set_new(o, "counted_as", opt_num(each[k].counted, each[k].capped, 1));
		json_object_set_new(o, "missing", json_boolean(each[k].missing));
		if (in[k].undefined)
			json_object_set_new(o, "undefined", json_true());
		json_array_append_new(list, o);
		missing += (size_t)each[k].missing;
		if (k < EVAL_LINK_IDS && len < sizeof link)
			len += (size_t)snprintf(link + len, sizeof link - len, "%s%lld", k ? "," : "",
						(long long)x->id);
	}
	if (len < sizeof link)
		snprintf(link + len, sizeof link - len, "&unit=%s&period=%s", org->unit_code, sp->code);
	c->o = json_object();
	json_object_set_new(c->o, "with_target", json_integer((json_int_t)m));
	json_object_set_new(c->o, "counted", json_integer((json_int_t)counted));
	json_object_set_new(c->o, "missing", json_integer((json_int_t)missing));
	json_object_set_new(c->o, "cap", num(plan->config.cap, 1));
	json_object_set_new(c->o, "indicators", list);
	json_object_set_new(c->o, "records", m ? json_string(link) : json_null());
done:
	free(has_t);
	free(tv);
	free(in);
	free(each);
	free(which);
	return e;
}

/* ---- tasks ---- */

/* The tasks of the organisation's line: its own and those of the organisations of
 * its system below it, due (by their current deadline) within the span. */
static const char *SQL_TASKS =
	"SELECT t.id, t.deadline, t.completed_on FROM tasks t"
	" JOIN organizations o ON o.id = t.responsible_id JOIN org_units un ON un.id = o.unit_id"
	" WHERE t.plan_id = ? AND o.system = ? AND un.path LIKE (? || '%')"
	" AND t.deadline >= ? AND t.deadline <= ? ORDER BY t.deadline, t.id";

static tderr gather_tasks(db *d, const eval_plan *plan, const eval_org *org, const eval_span *sp,
			  component *c)
{
	db_stmt *s = db_prepare(d, SQL_TASKS);
	if (!s)
		return TD_EINTERNAL;
	sqlbind b = sb_start(s);
	sb_int(&b, plan->id);
	sb_text(&b, org->system);
	sb_text(&b, org->unit_path);
	sb_text(&b, sp->lo);
	sb_text(&b, sp->hi);
	int64_t n[TASK_STATUS_COUNT] = {0};
	json_t *ids = json_array();
	tderr e = TD_OK;
	int rc;
	while ((rc = db_step(s, &e)) == DB_ROW) {
		task_state st;
		if (followup_task(db_col_text(s, 1), db_col_text(s, 2), sp->today, &st))
			continue;
		n[st.status]++;
		if (st.status != TASK_IN_PROGRESS)
			add_id(ids, db_col_int(s, 0));
	}
	db_reset(s);
	if (rc < 0) {
		json_decref(ids);
		return e;
	}
	int64_t due = n[TASK_DONE_ON_TIME] + n[TASK_DONE_LATE] + n[TASK_OVERDUE];
	double v = 0;
	c->part = (score_part){score_rate((double)n[TASK_DONE_ON_TIME], (double)due, &v), v};
	c->o = json_object();
	json_object_set_new(c->o, "done_on_time", json_integer(n[TASK_DONE_ON_TIME]));
	json_object_set_new(c->o, "due", json_integer(due));
	json_object_set_new(c->o, "done_late", json_integer(n[TASK_DONE_LATE]));
	json_object_set_new(c->o, "overdue", json_integer(n[TASK_OVERDUE]));
	json_object_set_new(c->o, "in_progress", json_integer(n[TASK_IN_PROGRESS]));
	json_object_set_new(c->o, "ids", ids);
	json_object_set_new(c->o, "records", json_sprintf("/api/v1/tasks?plan=%lld&unit=%s",
							  (long long)plan->id, org->unit_code));
	json_object_set_new(c->o, "records_overdue",
			    json_sprintf("/api/v1/tasks?plan=%lld&unit=%s&status=overdue",
					 (long long)plan->id, org->unit_code));
	return TD_OK;
}

/* ---- reports ---- */

#define EXPECTED_MAX 32  /* report periods of one year: 12 + 4 + 2 + 1 */

typedef struct expected {
	period p;
	char code[PERIOD_CODE_SIZE];
	int found;
} expected;

/* The report periods the organisation owed within the span: periods of the kinds
 * the plan's indicators are reported at, inside the evaluated period and the plan's
 * years, whose data ends after the plan's approval, whose deadline has passed and
 * whose deadline day (kept within the period) falls in the covered part. */
static size_t expected_reports(const eval_plan *plan, const eval_span *sp, expected *out)
{
	size_t k = 0;
	for (int kind = PERIOD_MONTH; kind < PERIOD_KIND_COUNT; kind++) {
		period list[PERIOD_BASE_MAX];
		size_t nb = (plan->kinds >> kind) & 1u
				    ? period_base_list(&sp->p, (period_kind)kind, list, PERIOD_BASE_MAX)
				    : 0;
		for (size_t i = 0; i < nb && k < EXPECTED_MAX; i++) {
			const period *b = &list[i];
			char wfrom[PERIOD_DATE_SIZE], wto[PERIOD_DATE_SIZE], dday[PERIOD_DATE_SIZE];
			char deadline[PERIOD_DATETIME_SIZE];
			if (b->year < plan->start_year || b->year > plan->end_year ||
			    period_window(b, &plan->rules, wfrom, sizeof wfrom, wto, sizeof wto) ||
			    (plan->approved_on[0] && strcmp(wto, plan->approved_on) <= 0) ||
			    period_deadline(b, &plan->rules, deadline, sizeof deadline) ||
			    strcmp(deadline, sp->now) >= 0 ||
			    period_deadline_date(b, &plan->rules, dday, sizeof dday))
				continue;
			const char *when = strcmp(dday, sp->from) < 0 ? sp->from
					   : strcmp(dday, sp->to) > 0 ? sp->to
								      : dday;
			if (!in_span(sp, when))
				continue;
			out[k].p = *b;
			out[k].found = 0;
			period_format(b, out[k].code, sizeof out[k].code);
			k++;
		}
	}
	return k;
}

static const char *SQL_REPORTS =
	"SELECT r.id, r.period, r.status, r.deadline, r.submitted_at FROM reports r"
	" WHERE r.plan_id = ? AND r.organization_id = ? AND r.unit_id = ?"
	" AND r.period LIKE (? || '%') ORDER BY r.period";

static tderr gather_reports(db *d, const eval_plan *plan, const eval_org *org,
			    const eval_span *sp, component *c)
{
	expected ex[EXPECTED_MAX];
	size_t nex = expected_reports(plan, sp, ex);
	db_stmt *s = db_prepare(d, SQL_REPORTS);
	if (!s)
		return TD_EINTERNAL;
	char prefix[8];
	snprintf(prefix, sizeof prefix, "%04u", (unsigned)sp->p.year % 10000u);
	sqlbind b = sb_start(s);
	sb_int(&b, plan->id);
	sb_int(&b, org->id);
	sb_int(&b, org->unit_id);
	sb_text(&b, prefix);
	int64_t good = 0, late = 0, waiting = 0, unsent = 0;
	json_t *ids = json_array();
	tderr e = TD_OK;
	int rc;
	while ((rc = db_step(s, &e)) == DB_ROW) {
		const char *code = db_col_text(s, 1);
		size_t i = 0;
		while (i < nex && (!code || strcmp(ex[i].code, code) != 0))
			i++;
		if (i == nex || ex[i].found)
			continue;
		ex[i].found = 1;
		add_id(ids, db_col_int(s, 0));
		const char *status = db_col_text(s, 2);
		int is_late = period_is_late(db_col_text(s, 3), db_col_text(s, 4));
		if (is_late < 0)
			unsent++;
		else if (is_late)
			late++;
		else if (status && strcmp(status, "approved") == 0)
			good++;
		else
			waiting++;
	}
	db_reset(s);
	if (rc < 0) {
		json_decref(ids);
		return e;
	}
	json_t *missing = json_array();
	int64_t absent = 0;
	for (size_t i = 0; i < nex; i++)
		if (!ex[i].found) {
			absent++;
			json_array_append_new(missing, json_string(ex[i].code));
		}
	double v = 0;
	c->part = (score_part){score_rate((double)good, (double)nex, &v), v};
	c->o = json_object();
	json_object_set_new(c->o, "on_time_approved", json_integer(good));
	json_object_set_new(c->o, "expected", json_integer((json_int_t)nex));
	json_object_set_new(c->o, "late", json_integer(late));
	json_object_set_new(c->o, "waiting_approval", json_integer(waiting));
	json_object_set_new(c->o, "not_submitted", json_integer(unsent + absent));
	json_object_set_new(c->o, "missing_periods", missing);
	json_object_set_new(c->o, "ids", ids);
	json_object_set_new(c->o, "records",
			    json_sprintf("/api/v1/reports?plan=%lld&organization=%lld&unit=%s",
					 (long long)plan->id, (long long)org->id, org->unit_code));
	return TD_OK;
}

/* ---- budget ---- */

static const char *SQL_BUDGETS =
	"SELECT id, allocated, disbursed FROM budgets WHERE plan_id = ? AND organization_id = ?"
	" AND year = ? ORDER BY id";

static tderr gather_budget(db *d, const eval_plan *plan, const eval_org *org, const eval_span *sp,
			   component *c)
{
	db_stmt *s = db_prepare(d, SQL_BUDGETS);
	if (!s)
		return TD_EINTERNAL;
	db_bind_int(s, 1, plan->id);
	db_bind_int(s, 2, org->id);
	db_bind_int(s, 3, sp->p.year);
	int64_t allocated = 0, disbursed = 0, lines = 0;
	json_t *ids = json_array();
	tderr e = TD_OK;
	int rc;
	while ((rc = db_step(s, &e)) == DB_ROW) {
		lines++;
		add_id(ids, db_col_int(s, 0));
		allocated = followup_add_vnd(allocated, db_col_int(s, 1));
		disbursed = followup_add_vnd(disbursed, db_col_int(s, 2));
	}
	db_reset(s);
	if (rc < 0) {
		json_decref(ids);
		return e;
	}
	double v = 0;
	c->part = (score_part){score_rate((double)disbursed, (double)allocated, &v), v};
	c->o = json_object();
	json_object_set_new(c->o, "disbursed", json_integer(disbursed));
	json_object_set_new(c->o, "allocated", json_integer(allocated));
	json_object_set_new(c->o, "lines", json_integer(lines));
	json_object_set_new(c->o, "ids", ids);
	json_object_set_new(c->o, "records",
			    json_sprintf("/api/v1/budgets?plan=%lld&organization=%lld&year=%d",
					 (long long)plan->id, (long long)org->id, sp->p.year));
	return TD_OK;
}

/* ---- findings ---- */

static const char *SQL_FINDINGS =
	"SELECT id, due_on, status, resolved_on FROM findings WHERE plan_id = ?"
	" AND addressed_to_id = ? AND due_on IS NOT NULL AND due_on >= ? AND due_on <= ?"
	" ORDER BY due_on, id";

static tderr gather_findings(db *d, const eval_plan *plan, const eval_org *org,
			     const eval_span *sp, component *c)
{
	db_stmt *s = db_prepare(d, SQL_FINDINGS);
	if (!s)
		return TD_EINTERNAL;
	sqlbind b = sb_start(s);
	sb_int(&b, plan->id);
	sb_int(&b, org->id);
	sb_text(&b, sp->lo);
	sb_text(&b, sp->hi);
	int64_t due = 0, on_time = 0, late = 0, declined = 0, unanswered = 0;
	json_t *ids = json_array();
	tderr e = TD_OK;
	int rc;
	while ((rc = db_step(s, &e)) == DB_ROW) {
		const char *due_on = db_col_text(s, 1), *resolved_on = db_col_text(s, 3);
		finding_status st = finding_status_from_name(db_col_text(s, 2));
		if (st == FINDING_DECLINED) { /* withdrawn by whoever raised it */
			declined++;
			continue;
		}
		unanswered += st == FINDING_OPEN;
		if (st != FINDING_RESOLVED && strcmp(due_on, sp->today) >= 0)
			continue; /* not due yet */
		due++;
		add_id(ids, db_col_int(s, 0));
		if (st == FINDING_RESOLVED && resolved_on && strcmp(resolved_on, due_on) <= 0)
			on_time++;
		else if (st == FINDING_RESOLVED)
			late++;
	}
	db_reset(s);
	if (rc < 0) {
		json_decref(ids);
		return e;
	}
	double v = 0;
	c->part = (score_part){score_rate((double)on_time, (double)due, &v), v};
	c->o = json_object();
	json_object_set_new(c->o, "resolved_on_time", json_integer(on_time));
	json_object_set_new(c->o, "due", json_integer(due));
	json_object_set_new(c->o, "resolved_late", json_integer(late));
	json_object_set_new(c->o, "unresolved", json_integer(due - on_time - late));
	json_object_set_new(c->o, "declined", json_integer(declined));
	json_object_set_new(c->o, "unanswered", json_integer(unanswered));
	json_object_set_new(c->o, "ids", ids);
	json_object_set_new(c->o, "records",
			    json_sprintf("/api/v1/findings?plan=%lld&addressed_to=%lld",
					 (long long)plan->id, (long long)org->id));
	return TD_OK;
}

/* ---- the run ---- */

static const char MSG_NO_DATA[] =
	"Không có dữ liệu trong kỳ: trọng số được chia lại cho các thành phần còn lại";

tderr eval_run(db *d, const eval_plan *plan, const eval_org *org, const eval_span *span,
	       eval_value_fn values, void *ctx, eval_outcome *out)
{
	memset(out, 0, sizeof *out);
	component c[SCORE_COMPONENTS];
	memset(c, 0, sizeof c);
	tderr e;
	if ((e = gather_indicators(d, plan, org, span, values, ctx, &c[SCORE_INDICATORS])) ||
	    (e = gather_tasks(d, plan, org, span, &c[SCORE_TASKS])) ||
	    (e = gather_reports(d, plan, org, span, &c[SCORE_REPORTS])) ||
	    (e = gather_budget(d, plan, org, span, &c[SCORE_BUDGET])) ||
	    (e = gather_findings(d, plan, org, span, &c[SCORE_FINDINGS])))
		goto fail;
	score_part parts[SCORE_COMPONENTS];
	for (int i = 0; i < SCORE_COMPONENTS; i++)
		parts[i] = c[i].part;
	if ((e = score_compute(&plan->config, parts, &out->result)))
		goto fail;
	out->components = json_array();
	for (int i = 0; i < SCORE_COMPONENTS; i++) {
		int has = c[i].part.has_data;
		json_t *o = json_object();
		json_object_set_new(o, "component", json_string(score_component_names[i]));
		json_object_set_new(o, "value", opt_num(has, c[i].part.value, 1));
		json_object_set_new(o, "weight", json_integer(plan->config.weights[i]));
		json_object_set_new(o, "effective_weight", num(out->result.weight[i], 2));
		json_object_set_new(o, "contribution", num(out->result.contribution[i], 2));
		json_object_set_new(o, "has_data", json_boolean(has));
		if (!has)
			json_object_set_new(o, "note", json_string(MSG_NO_DATA));
		json_object_update(o, c[i].o);
		json_decref(c[i].o);
		json_array_append_new(out->components, o);
	}
	return TD_OK;
fail:
	for (int i = 0; i < SCORE_COMPONENTS; i++)
		json_decref(c[i].o);
	memset(out, 0, sizeof *out);
	return e;
}

void eval_outcome_clear(eval_outcome *o)
{
	if (!o)
		return;
	json_decref(o->components);
	o->components = NULL;
}
