/* conference.c — gathers the conference report's draft from the store: per plan its
 * indicators (target, actual, achievement), tasks, budget and models; limitations,
 * recommendations and directions from findings and the reports' own narratives; the
 * annex of scores and heads. */
#include "store/conference.h"
#include "core/followup.h"
#include "core/indicator.h"
#include "core/score.h"
#include "store/analytics_sql.h"
#include "store/unit_history.h"
#include "store/budgets.h"
#include "store/findings.h"
#include "store/models.h"
#include "store/tasks.h"
#include "store/units.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ustring.h>

#define TEXT_SIZE 4096
#define UPPER_MAX 600 /* UTF-16 units of a name put in capitals */

static const char SUBJECT_FMT[] = "Kết quả thực hiện các kế hoạch, đề án của Ủy ban MTTQ và "
				  "các tổ chức chính trị - xã hội năm %d";

void conf_number_vn(double v, int decimals, char *buf, size_t size)
{
	if (!size)
		return;
	if (!isfinite(v)) {
		snprintf(buf, size, "-");
		return;
	}
	char raw[64];
	snprintf(raw, sizeof raw, "%.*f", decimals, fabs(v));
	char *dot = strchr(raw, '.');
	size_t ilen = dot ? (size_t)(dot - raw) : strlen(raw);
	char frac[32] = "";
	if (dot) {
		snprintf(frac, sizeof frac, "%s", dot + 1);
		size_t fl = strlen(frac);
		while (fl && frac[fl - 1] == '0')
			frac[--fl] = '\0';
	}
	int zero = 1;
	for (const char *p = raw; *p; p++)
		if (*p >= '1' && *p <= '9')
			zero = 0;
	size_t o = 0;
	char out[96];
	if (v < 0 && !zero)
		out[o++] = '-';
	for (size_t i = 0; i < ilen; i++) {
		if (i && (ilen - i) % 3 == 0)
			out[o++] = '.';
		out[o++] = raw[i];
	}
	if (frac[0]) {
		out[o++] = ',';
		for (const char *p = frac; *p; p++)
			out[o++] = *p;
	}
	out[o] = '\0';
	snprintf(buf, size, "%s", out);
}

/* s in capitals (Vietnamese letters too) into buf; s itself when ICU fails. */
static void upper_vn(const char *s, char *buf, size_t size)
{
	UChar in[UPPER_MAX], up[UPPER_MAX];
	UErrorCode st = U_ZERO_ERROR;
	int32_t n = 0, m = 0, k = 0;
	u_strFromUTF8(in, UPPER_MAX, &n, s, -1, &st);
	if (U_SUCCESS(st))
		m = u_strToUpper(up, UPPER_MAX, in, n, "vi", &st);
	if (U_SUCCESS(st))
		u_strToUTF8(buf, (int32_t)size, &k, up, m, &st);
	if (U_FAILURE(st) || (size_t)k >= size)
		snprintf(buf, size, "%s", s);
}

static const char *jstr(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? s : "";
}

static double jnum(const json_t *o, const char *key)
{
	return json_number_value(json_object_get(o, key));
}

static json_t *section(json_t *sections, const char *key, const char *heading)
{
	json_t *s = json_pack("{s:s,s:s,s:[],s:[],s:[]}", "key", key, "heading", heading,
			      "paragraphs", "tables", "subsections");
	json_array_append_new(sections, s);
	return s;
}

static void para(json_t *holder, const char *text)
{
	json_array_append_new(json_object_get(holder, "paragraphs"), json_string(text));
}

/* ---- the header ---- */

static json_t *meta_json(const conf_query *q, const json_t *unit)
{
	const char *name = jstr(unit, "name"), *level = jstr(unit, "level");
	int province = strcmp(level, "province") == 0;
	char up[1024], issuer[TEXT_SIZE], number[64], place[TEXT_SIZE];
	upper_vn(name, up, sizeof up);
	if (q->format == CONF_STATE) {
		snprintf(issuer, sizeof issuer, "%s %s",
			 province ? "ỦY BAN NHÂN DÂN TỈNH" : "ỦY BAN NHÂN DÂN", up);
		snprintf(number, sizeof number, "Số:       /BC-UBND");
	} else {
		snprintf(issuer, sizeof issuer, "%s %s", province ? "TỈNH ỦY" : "HUYỆN ỦY", up);
		snprintf(number, sizeof number, "Số      -BC/%s", province ? "TU" : "HU");
	}
	/* the date of the day, "Bắc Giang, ngày 14 tháng 6 năm 2025" style (dd, mm) */
	snprintf(place, sizeof place, "%s, ngày %.2s tháng %.2s năm %.4s", name, q->today + 8,
		 q->today + 5, q->today);
	char subject[TEXT_SIZE];
	snprintf(subject, sizeof subject, SUBJECT_FMT, q->year);
	return json_pack("{s:s,s:s,s:s,s:s,s:s,s:s}", "format",
			 q->format == CONF_STATE ? "state" : "party", "issuer", issuer, "number",
			 number, "place_date", place, "title", "BÁO CÁO", "subject", subject);
}

/* ---- I. per plan ---- */

typedef struct worst {
	double ach;
	char text[TEXT_SIZE];
} worst;

static tderr plan_indicators(db *d, const conf_query *q, const eval_plan *pl, json_t *sub,
			     int *met, int *with_target, worst *w)
{
	json_t *rows = json_array();
	const period p = {PERIOD_YEAR, q->year, 0};
	*met = *with_target = 0;
	for (size_t i = 0; i < pl->nind; i++) {
		eval_value v;
		int has_t = 0;
		double t = 0, ach = 0;
		tderr e = q->values(q->ctx, pl->ind[i].id, q->unit_id, &p, &v);
		if (!e) /* after a reform: the predecessors' targets when the unit has none */
			e = unit_history_target(d, pl->ind[i].id, jstr(pl->ind[i].ref, "code"),
						jstr(pl->ind[i].ref, "unit_agg")[0] == 'r', q->unit_id,
						q->year, &has_t, &t);
		if (e) {
			json_decref(rows);
			return e;
		}
		int has_a = has_t && indicator_achievement(pl->ind[i].dir, v.has ? &v.value : NULL,
							   &t, &ach);
		char ts[64] = "", vs[64] = "", as[64] = "";
		if (has_t)
			conf_number_vn(t, 2, ts, sizeof ts);
		if (v.has)
			conf_number_vn(v.value, 2, vs, sizeof vs);
		if (has_a) {
			conf_number_vn(ach, 1, as, sizeof as);
			snprintf(as + strlen(as), sizeof as - strlen(as), "%%");
		}
		const json_t *ref = pl->ind[i].ref;
		json_array_append_new(rows, json_pack("[s,s,s,s,s,s]", jstr(ref, "code"),
						      jstr(ref, "name"), jstr(ref, "unit_label"), ts,
						      vs, as));
		if (has_t) {
			(*with_target)++;
			*met += has_a && ach >= 100.0 - 1e-9;
		}
		if (has_a && ach < w->ach) {
			w->ach = ach;
			snprintf(w->text, sizeof w->text, "chỉ tiêu \"%s\" của %s (mới đạt %s)",
				 jstr(ref, "name"), jstr(pl->ref, "title"), as);
		}
	}
	json_array_append_new(json_object_get(sub, "tables"),
			      json_pack("{s:s,s:[s,s,s,s,s,s],s:o}", "caption",
					"Kết quả thực hiện các chỉ tiêu", "columns", "Mã", "Chỉ tiêu",
					"Đơn vị tính", "Kế hoạch", "Thực hiện", "Tỷ lệ đạt", "rows",
					rows));
	return TD_OK;
}

static void base_filter(const conf_query *q, int64_t plan_id, pf_filter *b)
{
	memset(b, 0, sizeof *b);
	b->read_path = q->viewer->unit_path ? q->viewer->unit_path : "-";
	b->unit_path = q->unit_path;
	b->has_plan = 1;
	b->plan_id = plan_id;
	b->has_year = 1;
	b->year = q->year;
	b->limit = 1;
}

/* The budget totals a plan's paragraph reads, summed over the subtrees. */
typedef struct budget_sums {
	double planned, allocated, disbursed, lines, overdue_lines;
} budget_sums;

static void budget_add(budget_sums *bs, const json_t *summary)
{
	const json_t *tot = json_object_get(summary, "totals");
	bs->planned += jnum(tot, "planned");
	bs->allocated += jnum(tot, "allocated");
	bs->disbursed += jnum(tot, "disbursed");
	bs->lines += jnum(tot, "lines");
	bs->overdue_lines += jnum(tot, "overdue_lines");
}

/* Adds the tasks, budget lines and models of one old subtree taken over (read
 * whole: the caller may read it by the history rule). */
static tderr root_section(db *d, const unit_root *root, const task_filter *tf0,
			  const budget_summary_query *bq0, int64_t plan_id,
			  int64_t counts[TASK_STATUS_COUNT], budget_sums *bs, int64_t msums[4])
{
	task_filter tf = *tf0;
	budget_summary_query bq = *bq0;
	tf.base.read_path = tf.base.unit_path = root->path;
	bq.filter.base.read_path = bq.filter.base.unit_path = root->path;
	int64_t more[TASK_STATUS_COUNT] = {0};
	json_t *bud = NULL;
	tderr e = tasks_count_by_status(d, &tf, more);
	if (!e)
		e = budgets_summary(d, &bq, &bud);
	if (!e)
		e = models_count_under(d, plan_id, root->path, msums);
	if (!e) {
		for (int k = 0; k < TASK_STATUS_COUNT; k++)
			counts[k] += more[k];
		budget_add(bs, bud);
	}
	json_decref(bud);
	return e;
}

static tderr plan_section(db *d, const conf_query *q, int64_t plan_id, json_t *sec, worst *w,
			  int64_t *overdue_total)
{
	eval_plan *pl = NULL;
	tderr e = eval_plan_load(d, plan_id, &pl);
	if (e)
		return e;
	json_t *sub = json_pack("{s:s,s:[],s:[]}", "heading", jstr(pl->ref, "title"),
				"paragraphs", "tables");
	json_array_append_new(json_object_get(sec, "subsections"), sub);
	int met = 0, with_target = 0;
	int64_t counts[TASK_STATUS_COUNT] = {0};
	task_filter tf = {.today = q->today};
	base_filter(q, plan_id, &tf.base);
	budget_summary_query bq = {.by = BUDGET_BY_NONE};
	base_filter(q, plan_id, &bq.filter.base);
	bq.filter.today = q->today;
	json_t *bud = NULL, *mod = NULL;
	budget_sums bs = {0};
	int64_t msums[4] = {0};
	if ((e = plan_indicators(d, q, pl, sub, &met, &with_target, w)) ||
	    (e = tasks_count_by_status(d, &tf, counts)) || (e = budgets_summary(d, &bq, &bud)) ||
	    (e = models_summary(d, plan_id, q->unit_id, q->viewer, &mod)))
		goto done;
	budget_add(&bs, bud);
	const json_t *mt = json_object_get(mod, "totals");
	static const char *const mkeys[] = {"models", "originals", "replications", "recognized"};
	for (int k = 0; k < 4; k++)
		msums[k] = (int64_t)jnum(mt, mkeys[k]);
	/* after a reform: what the old units taken over recorded, each subtree once */
	for (size_t k = 0; k < q->nroots && !e; k++)
		e = root_section(d, &q->roots[k], &tf, &bq, plan_id, counts, &bs, msums);
	if (e)
		goto done;
	char s[TEXT_SIZE];
	int64_t tasks = 0, done_tasks = counts[TASK_DONE_ON_TIME] + counts[TASK_DONE_LATE];
	for (int k = 1; k < TASK_STATUS_COUNT; k++)
		tasks += counts[k];
	*overdue_total += counts[TASK_OVERDUE];
	snprintf(s, sizeof s,
		 "%s năm %d đạt %d/%d chỉ tiêu có kế hoạch; %lld/%lld nhiệm vụ đã hoàn thành "
		 "(%lld đúng hạn); %lld nhiệm vụ chậm tiến độ.",
		 jstr(pl->ref, "title"), q->year, met, with_target,
		 (long long)done_tasks, (long long)tasks,
		 (long long)counts[TASK_DONE_ON_TIME], (long long)counts[TASK_OVERDUE]);
	para(sub, s);
	double alloc = bs.allocated, disb = bs.disbursed;
	char a[64], b[64], c[64], r[64] = "";
	conf_number_vn(bs.planned, 0, a, sizeof a);
	conf_number_vn(alloc, 0, b, sizeof b);
	conf_number_vn(disb, 0, c, sizeof c);
	if (alloc > 0) {
		conf_number_vn(disb / alloc * 100.0, 1, r, sizeof r);
		snprintf(r + strlen(r), sizeof r - strlen(r), "%%");
	}
	if (bs.lines > 0)
		snprintf(s, sizeof s,
			 "Kinh phí: kế hoạch %s đồng, đã bố trí %s đồng, giải ngân %s đồng%s%s%s; "
			 "%lld khoản chưa được bố trí đúng hạn.",
			 a, b, c, r[0] ? " (" : "", r, r[0] ? " so với kinh phí đã bố trí)" : "",
			 (long long)bs.overdue_lines);
	else
		snprintf(s, sizeof s, "Chưa có khoản kinh phí nào được ghi nhận trong năm.");
	para(sub, s);
	snprintf(s, sizeof s,
		 "Mô hình: %lld mô hình (%lld mô hình điểm, %lld mô hình nhân rộng), %lld mô hình "
		 "được công nhận.",
		 (long long)msums[0], (long long)msums[1], (long long)msums[2], (long long)msums[3]);
	para(sub, s);
done:
	json_decref(bud);
	json_decref(mod);
	eval_plan_free(pl);
	return e;
}

/* ---- II, III: findings ---- */

static tderr findings_of(db *d, const conf_query *q, const char *kind, json_t **items)
{
	int64_t total = 0;
	finding_filter f = {.has_year = 1, .year = q->year, .unit_path = q->unit_path,
			    .kind = kind, .scope_path = q->viewer->unit_path ? q->viewer->unit_path : "-",
			    .scope_org = q->viewer->org_id, .limit = CONF_FINDINGS_MAX};
	tderr e = findings_list(d, &f, items, &total);
	/* after a reform: the old subtrees taken over, read whole (history rule) */
	for (size_t k = 0; k < q->nroots && !e; k++) {
		json_t *more = NULL;
		f.unit_path = f.scope_path = q->roots[k].path;
		if (!(e = findings_list(d, &f, &more, &total)))
			json_array_extend(*items, more);
		json_decref(more);
	}
	if (e) {
		json_decref(*items);
		*items = NULL;
	}
	return e;
}

static const char *status_vn(const char *st)
{
	if (!strcmp(st, "open"))
		return "chưa trả lời";
	if (!strcmp(st, "answered"))
		return "đã trả lời";
	if (!strcmp(st, "resolved"))
		return "đã giải quyết";
	if (!strcmp(st, "declined"))
		return "không tiếp thu";
	return st;
}

static int unresolved(const json_t *f)
{
	const char *st = jstr(f, "status");
	return !strcmp(st, "open") || !strcmp(st, "answered");
}

static tderr limitations(db *d, const conf_query *q, json_t *sec, size_t *open_n,
			 size_t *quoted_total)
{
	static const char *const kinds[] = {"limitation", "problem"};
	size_t quoted = 0;
	char s[TEXT_SIZE];
	for (size_t k = 0; k < 2; k++) {
		json_t *items = NULL;
		tderr e = findings_of(d, q, kinds[k], &items);
		if (e)
			return e;
		size_t i;
		json_t *f;
		json_array_foreach(items, i, f) {
			if (!unresolved(f))
				continue;
			(*open_n)++;
			if (quoted >= CONF_QUOTES_MAX)
				continue;
			const json_t *fp = json_object_get(f, "plan");
			snprintf(s, sizeof s, "%s (%s%s%s).", jstr(f, "title"), jstr(f, "unit_name"),
				 json_is_object(fp) ? ", " : "", jstr(fp, "title"));
			para(sec, s);
			quoted++;
		}
		json_decref(items);
	}
	*quoted_total += quoted;
	return TD_OK;
}

#define NARRATIVE_QUOTES 4
#define NARRATIVE_BYTES 480

/* The year's approved reports in the unit's subtree that wrote limitations or
 * causes, newest first: what the units themselves said. */
static const char *SQL_NARRATIVES =
	"SELECT un.name, p.title, r.period, r.limitations, r.causes"
	" FROM reports r JOIN org_units un ON un.id = r.unit_id JOIN plans p ON p.id = r.plan_id"
	" WHERE r.status = 'approved' AND un.path LIKE ? || '%' AND substr(r.period, 1, 4) = ?"
	" AND (r.limitations <> '' OR r.causes <> '')"
	" ORDER BY r.period DESC, r.id DESC LIMIT 4";

/* Copies at most max bytes of s, cut at a character boundary, with "…" when cut. */
static void clip_utf8(const char *s, size_t max, char *out, size_t size)
{
	size_t n = strlen(s);
	if (n <= max) {
		snprintf(out, size, "%s", s);
		return;
	}
	while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
		max--;
	snprintf(out, size, "%.*s…", (int)max, s);
}

/* The narratives of the subtree at path, while fewer than NARRATIVE_QUOTES are
 * quoted (*quoted counts them over the subtrees). */
static tderr narratives_at(db *d, const conf_query *q, const char *path, json_t *sec,
			   int *quoted, size_t *quoted_total)
{
	db_stmt *st = db_prepare(d, SQL_NARRATIVES);
	if (!st)
		return TD_EINTERNAL;
	char year[8], lim[NARRATIVE_BYTES + 8], cau[NARRATIVE_BYTES + 8], s[TEXT_SIZE];
	snprintf(year, sizeof year, "%04d", q->year);
	db_bind_text(st, 1, path);
	db_bind_text(st, 2, year);
	tderr e = TD_OK;
	int rc = DB_DONE;
	while (*quoted < NARRATIVE_QUOTES && (rc = db_step(st, &e)) == DB_ROW) {
		const char *unit = db_col_text(st, 0), *plan = db_col_text(st, 1);
		const char *per = db_col_text(st, 2);
		clip_utf8(db_col_text(st, 3) ? db_col_text(st, 3) : "", NARRATIVE_BYTES, lim, sizeof lim);
		clip_utf8(db_col_text(st, 4) ? db_col_text(st, 4) : "", NARRATIVE_BYTES, cau, sizeof cau);
		snprintf(s, sizeof s, "Báo cáo kỳ %s của %s (%s) nêu: %s%s%s%s", per, unit, plan, lim,
			 lim[0] && cau[0] ? " " : "", cau[0] ? "Nguyên nhân: " : "", cau);
		para(sec, s);
		(*quoted)++;
		(*quoted_total)++;
	}
	db_reset(st);
	return rc < 0 && *quoted < NARRATIVE_QUOTES ? e : TD_OK;
}

/* The unit's subtree first (the newest), then the old subtrees taken over. */
static tderr narratives(db *d, const conf_query *q, json_t *sec, size_t *quoted_total)
{
	int quoted = 0;
	tderr e = narratives_at(d, q, q->unit_path, sec, &quoted, quoted_total);
	for (size_t k = 0; k < q->nroots && !e && quoted < NARRATIVE_QUOTES; k++)
		e = narratives_at(d, q, q->roots[k].path, sec, &quoted, quoted_total);
	return e;
}

static tderr recommendations(db *d, const conf_query *q, json_t *sec, size_t *open_n)
{
	json_t *items = NULL;
	tderr e = findings_of(d, q, "recommendation", &items);
	if (e)
		return e;
	json_t *rows = json_array();
	size_t i;
	json_t *f;
	json_array_foreach(items, i, f) {
		const json_t *to = json_object_get(f, "addressed_to");
		*open_n += (size_t)unresolved(f);
		json_array_append_new(rows, json_pack("[s,s,s,s,s]", jstr(f, "unit_name"),
						      jstr(f, "title"), jstr(to, "name"),
						      status_vn(jstr(f, "status")), jstr(f, "response")));
	}
	char s[TEXT_SIZE];
	snprintf(s, sizeof s, "Trong năm có %zu kiến nghị, đề xuất được ghi nhận.",
		 json_array_size(items));
	para(sec, s);
	json_decref(items);
	json_array_append_new(json_object_get(sec, "tables"),
			      json_pack("{s:s,s:[s,s,s,s,s],s:o}", "caption", "Kiến nghị, đề xuất",
					"columns", "Đơn vị", "Nội dung", "Nơi nhận", "Tình trạng",
					"Trả lời", "rows", rows));
	return TD_OK;
}

/* ---- annex: scores and heads ---- */

static tderr annex(db *d, const conf_query *q, const int64_t *plans, size_t nplans, json_t *sec)
{
	json_t *rows = json_array();
	eval_span sp;
	const period p = {PERIOD_YEAR, q->year, 0};
	tderr e = eval_span_init(&sp, &p, q->today, q->now);
	for (size_t k = 0; k < nplans && !e; k++) {
		eval_plan *pl = NULL;
		eval_org *orgs = NULL;
		size_t n = 0;
		if ((e = eval_plan_load(d, plans[k], &pl)) ||
		    (e = eval_orgs_list(d, pl->system, q->unit_path, NULL, &orgs, &n))) {
			eval_plan_free(pl);
			break;
		}
		int top = n ? orgs[0].depth : 0;
		for (size_t i = 0; i < n && !e; i++) {
			if (orgs[i].depth > top + 1 ||
			    !scope_can_read_unit(q->viewer, orgs[i].unit_path))
				continue;
			eval_outcome out;
			eval_head *heads = NULL;
			size_t nh = 0;
			if ((e = eval_run(d, pl, &orgs[i], &sp, q->values, q->ctx, &out)))
				break;
			e = eval_heads(d, orgs[i].id, sp.from, sp.to, &heads, &nh);
			char names[TEXT_SIZE] = "", sc[32] = "";
			for (size_t h = 0; h < nh; h++) {
				size_t l = strlen(names);
				snprintf(names + l, sizeof names - l, "%s%s", h ? "; " : "",
					 jstr(heads[h].ref, "name"));
			}
			if (out.result.has_score)
				conf_number_vn(score_round1(out.result.score), 1, sc, sizeof sc);
			const char *g = out.result.has_score ? score_grade_label(out.result.grade) : NULL;
			if (!e)
				json_array_append_new(rows, json_pack("[s,s,s,s,s]",
								      jstr(orgs[i].ref, "name"),
								      jstr(pl->ref, "code"), names,
								      sc, g ? g : ""));
			eval_heads_free(heads, nh);
			eval_outcome_clear(&out);
		}
		eval_orgs_free(orgs, n);
		eval_plan_free(pl);
	}
	json_array_append_new(json_object_get(sec, "tables"),
			      json_pack("{s:s,s:[s,s,s,s,s],s:o}", "caption",
					"Điểm đánh giá và người đứng đầu", "columns", "Tổ chức",
					"Kế hoạch", "Người đứng đầu", "Điểm", "Xếp loại", "rows",
					rows));
	return e;
}

/* ---- the whole draft ---- */

tderr conference_draft(db *d, const conf_query *q, json_t **out)
{
	*out = NULL;
	json_t *unit = NULL;
	tderr e = units_get(d, q->unit_code, NULL, &unit);
	if (e)
		return e;
	int64_t plans[CONF_PLANS_MAX];
	size_t np = 0;
	eval_plan_filter pf = {.year = q->year, .scope_path = q->viewer->unit_path,
			       .scope_org = q->viewer->org_id};
	if ((e = eval_plans_running(d, &pf, plans, CONF_PLANS_MAX, &np))) {
		json_decref(unit);
		return e;
	}
	json_t *draft = json_pack("{s:o,s:[]}", "meta", meta_json(q, unit), "sections");
	json_t *secs = json_object_get(draft, "sections");
	json_t *s1 = section(secs, "results", "Kết quả thực hiện các kế hoạch, đề án");
	json_t *s2 = section(secs, "limitations", "Hạn chế, nguyên nhân");
	json_t *s3 = section(secs, "recommendations", "Kiến nghị, đề xuất");
	json_t *s4 = section(secs, "directions", "Phương hướng, nhiệm vụ thời gian tới");
	json_t *s5 = section(secs, "annex", "Phụ lục: Điểm đánh giá và người đứng đầu");
	char s[2 * TEXT_SIZE];
	snprintf(s, sizeof s, "Năm %d, trên địa bàn %s có %zu kế hoạch, đề án được triển khai thực hiện.",
		 q->year, jstr(unit, "name"), np);
	para(s1, s);
	worst w = {.ach = INFINITY};
	int64_t overdue = 0;
	size_t open_lim = 0, open_rec = 0, quoted = 0;
	for (size_t i = 0; i < np && !e; i++)
		e = plan_section(d, q, plans[i], s1, &w, &overdue);
	if (!e)
		e = limitations(d, q, s2, &open_lim, &quoted);
	if (!e)
		e = narratives(d, q, s2, &quoted);
	if (!e && !quoted)
		para(s2, "Không có hạn chế, vướng mắc nào chưa được giải quyết được ghi nhận trong năm.");
	if (!e)
		e = recommendations(d, q, s3, &open_rec);
	if (!e) {
		if (isfinite(w.ach) && w.ach < 100.0) {
			snprintf(s, sizeof s, "Tập trung chỉ đạo thực hiện %s.", w.text);
			para(s4, s);
		}
		if (overdue) {
			snprintf(s, sizeof s, "Tập trung chỉ đạo hoàn thành %lld nhiệm vụ đang chậm tiến độ.",
				 (long long)overdue);
			para(s4, s);
		}
		if (open_lim + open_rec) {
			snprintf(s, sizeof s, "Tập trung chỉ đạo giải quyết dứt điểm %zu hạn chế, vướng "
				 "mắc và kiến nghị chưa được giải quyết.", open_lim + open_rec);
			para(s4, s);
		}
		if (!json_array_size(json_object_get(s4, "paragraphs")))
			para(s4, "Tiếp tục duy trì kết quả đạt được của các kế hoạch, đề án.");
		e = annex(d, q, plans, np, s5);
	}
	json_decref(unit);
	if (e) {
		json_decref(draft);
		return e;
	}
	*out = draft;
	return TD_OK;
}
