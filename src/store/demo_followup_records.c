/* demo_followup_records.c — the demo's budget lines, inspections with the findings
 * they and the reports raised, pilot models with their replication trees, and
 * activities (docs/DEMO.md, "Follow-up records"), from the tables of
 * demo_followup_data.c, as of the seed's today. demo_followup.c drives. */
#include "store/demo_followup.h"
#include "store/store.h"
#include "store/textkey.h"
#include <stdio.h>
#include <string.h>

/* the raiser's latest report on the plan submitted before the finding */
static const char *SQL_REPORT =
	"SELECT id FROM reports WHERE plan_id = ? AND organization_id = ?"
	" AND submitted_at IS NOT NULL AND submitted_at < ? ORDER BY submitted_at DESC, id DESC"
	" LIMIT 1";
static const char *SQL_BUDGET_INSERT =
	"INSERT INTO budgets(plan_id, organization_id, unit_id, year, source, planned, allocated,"
	" allocated_on, disbursed, disbursed_on, needed_on, note, version, created_at, updated_at)"
	" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
static const char *SQL_INSPECTION_INSERT =
	"INSERT INTO inspections(plan_id, inspector_id, inspected_id, unit_id, kind, held_on,"
	" scope, conclusions, follow_up, created_at, updated_at)"
	" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
static const char *SQL_FINDING_INSERT =
	"INSERT INTO findings(plan_id, kind, unit_id, title, search, description, raised_by_id,"
	" source, report_id, inspection_id, addressed_to_id, severity, due_on, response,"
	" responded_at, responded_by, status, resolved_on, reopened, escalated_to_id,"
	" escalated_at, version, created_at, updated_at)"
	" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
static const char *SQL_MODEL_INSERT =
	"INSERT INTO models(plan_id, unit_id, organization_id, name, search, kind, started_on,"
	" results, replicates_id, recognized, recognized_on, created_at, updated_at)"
	" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
static const char *SQL_ACTIVITY_INSERT =
	"INSERT INTO activities(plan_id, unit_id, organization_id, kind, title, held_on,"
	" participants, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";

/* ---- budgets ---- */

typedef struct bline {
	const char *source, *unit_code;
	int64_t base;
	int level; /* 0 province, 1 district, 2 commune */
} bline;

static int forced_unallocated(const char *plan, const char *unit, int year)
{
	char key[DEMO_F_CODE_MAX * 2];
	snprintf(key, sizeof key, "%s %s %d", plan, unit, year);
	for (const char *const *u = demo_unallocated; *u; u++)
		if (strcmp(*u, key) == 0)
			return 1;
	return 0;
}

static tderr budget_insert(demo_fctx *c, const demo_fplan *f, const demo_fplaninfo *p,
			   const demo_forg *o, const bline *l, int year)
{
	demo_frng r = demo_frng_for(l->source, f->plan, (int64_t)year * 100000 + o->id);
	int64_t jan1 = demo_fymd(year, 1, 1);
	int64_t needed = year == demo_fyear(p->approved) ? demo_fmax(p->approved, jan1) : jan1;
	int64_t created =
		year == demo_fyear(p->approved) ? p->approved : demo_fymd(year - 1, 12, 15);
	if (created >= c->tday)
		return TD_OK;
	/* per kind of line: days the money comes after it is needed, share of the plan
	 * allocated and of the allocation disbursed (%): the province early, districts
	 * and communes months late (the conference's complaint), some never */
	static const struct {
		int wait[2], alloc[2], paid[2];
	} kinds[4] = {
		{{8, 50}, {85, 100}, {85, 100}},   /* province */
		{{20, 200}, {60, 100}, {55, 100}}, /* district */
		{{45, 260}, {60, 100}, {55, 100}}, /* commune */
		{{60, 180}, {50, 120}, {85, 100}}, /* socialized: raised during the year */
	};
	int socialized = strcmp(l->source, "socialized") == 0;
	int k = socialized ? 3 : l->level;
	int64_t dec31 = demo_fymd(year, 12, 31);
	int64_t planned = demo_frng_money(&r, l->base, 70, 130, 1000000);
	int64_t wait = demo_frng_int(&r, kinds[k].wait[0], kinds[k].wait[1]);
	/* a plan approved during the year waits in proportion to what is left of it */
	int64_t allocated_on = demo_fworking_day(needed + wait * (dec31 - needed) / 365);
	int64_t allocated = demo_frng_money(&r, planned, kinds[k].alloc[0], kinds[k].alloc[1],
					    1000000);
	int never = forced_unallocated(f->plan, l->unit_code, year) ||
		    (l->level > 0 && demo_frng_int(&r, 1, 100) <= 5);
	if (never || allocated_on >= c->tday || allocated_on > dec31) {
		allocated = 0;
		allocated_on = -1;
	}
	/* money that comes in the last months is mostly left unspent */
	int late = allocated_on >= 0 && allocated_on - needed > 240;
	int64_t disbursed_on = demo_fworking_day(demo_fymd(year, 12, demo_frng_int(&r, 8, 24)));
	int64_t disbursed = demo_frng_money(&r, allocated, late ? 20 : kinds[k].paid[0],
					    late ? 60 : kinds[k].paid[1], 50000);
	if (disbursed_on >= c->tday || !disbursed) {
		disbursed = 0;
		disbursed_on = -1;
	}
	char note[DEMO_F_TEXT_MAX] = "";
	if (allocated_on < 0 && year < demo_fyear(c->tday))
		snprintf(note, sizeof note, "Chưa được bố trí kinh phí năm %d", year);
	else if (socialized && allocated_on >= 0)
		snprintf(note, sizeof note, "Vận động doanh nghiệp, nhà hảo tâm hỗ trợ");
	else if (allocated_on >= 0 && allocated_on - needed > 90) {
		char d[PERIOD_DATE_SIZE];
		demo_fdate(allocated_on, d);
		snprintf(note, sizeof note, "Bổ sung dự toán ngày %.2s/%.2s/%.4s", d + 8, d + 5, d);
	}
	db_stmt *st = db_prepare(c->d, SQL_BUDGET_INSERT);
	if (!st)
		return demo_fdb_fail(c, TD_EINTERNAL, "budget of", f->plan);
	char cat[32], uat[32];
	int64_t last = demo_fmax(created, demo_fmax(allocated_on, disbursed_on));
	demo_fstamp(created, 9, 0, cat);
	demo_fstamp(last, 15, 30, uat);
	sqlbind b = sb_start(st);
	sb_int(&b, p->id);
	sb_int(&b, o->id);
	sb_int(&b, o->unit_id);
	sb_int(&b, year);
	sb_text(&b, l->source);
	sb_int(&b, planned);
	sb_int(&b, allocated);
	demo_fbind_day(&b, allocated_on);
	sb_int(&b, disbursed);
	demo_fbind_day(&b, disbursed_on);
	demo_fbind_day(&b, needed == jan1 ? -1 : needed);
	sb_text(&b, note);
	sb_int(&b, 1 + (allocated_on >= 0) + (disbursed_on >= 0));
	sb_text(&b, cat);
	sb_text(&b, uat);
	tderr e = store_exec(st);
	if (e)
		return demo_fdb_fail(c, e, "budget of", f->plan);
	c->budgets++;
	c->unallocated += allocated_on < 0;
	return TD_OK;
}

tderr demo_fseed_budgets(demo_fctx *c)
{
	tderr e = TD_OK;
	for (size_t i = 0; !e && i < demo_fplans_count; i++) {
		const demo_fplan *f = &demo_fplans[i];
		demo_fplaninfo p = {0};
		demo_forg owner = {0};
		if ((e = demo_fplan_get(c, f->plan, &p)) ||
		    (e = demo_fowner_get(c, f->plan, &p, &owner)))
			return e;
		for (int y = p.start_year; !e && y <= p.end_year; y++) {
			bline prov = {"provincial", "24", f->province, 0};
			bline soc = {"socialized", "24", f->socialized, 0};
			e = budget_insert(c, f, &p, &owner, &prov, y);
			if (!e && f->socialized)
				e = budget_insert(c, f, &p, &owner, &soc, y);
			const char *lists[2] = {f->districts, f->communes};
			for (int lv = 0; !e && lv < 2; lv++) {
				char unit[DEMO_F_UNIT_MAX], code[DEMO_F_CODE_MAX];
				for (int k = 0;
				     !e && demo_flist_item(lists[lv], k, unit, sizeof unit); k++) {
					demo_forg o = {0};
					snprintf(code, sizeof code, "%s-%s", f->system, unit);
					bline l = {lv ? "commune" : "district", unit,
						   lv ? f->commune : f->district, lv + 1};
					if (!(e = demo_forg_get(c, code, &o)))
						e = budget_insert(c, f, &p, &o, &l, y);
				}
			}
		}
	}
	return e;
}

/* ---- inspections and findings ---- */

/* What has become of a finding by today. Days are -1 when the event has not
 * happened (yet). */
typedef struct ffate {
	int64_t raised, due, answered, reopened, closed, escalated;
	const char *status;
} ffate;

static tderr finding_fate(demo_fctx *c, const demo_ffinding *f, ffate *x)
{
	int64_t answered = -1, closed = -1;
	tderr e;
	if ((e = demo_fday(c, f->raised_on, &x->raised)) ||
	    (e = demo_fday(c, f->due_on, &x->due)) ||
	    (f->answered_on && (e = demo_fday(c, f->answered_on, &answered))) ||
	    (f->closed_on && (e = demo_fday(c, f->closed_on, &closed))))
		return e;
	int closing = strcmp(f->status, "resolved") == 0 || strcmp(f->status, "declined") == 0;
	if ((closing && !f->closed_on) ||
	    (!closing && strcmp(f->status, "open") != 0 && strcmp(f->status, "answered") != 0) ||
	    (f->answered_on && !f->response) || (f->reopened && !f->answered_on))
		return demo_ffail(c, TD_EINVALID, "demo follow-up: finding \"%s\" is inconsistent",
				  f->title);
	x->status = "open";
	x->answered = answered >= 0 && answered < c->tday ? answered : -1;
	x->reopened = x->closed = x->escalated = -1;
	if (x->answered >= 0)
		x->status = "answered";
	if (f->reopened && x->answered >= 0 && demo_fworking_day(x->answered + 21) < c->tday) {
		/* the raiser found the answer short three weeks later */
		x->reopened = demo_fworking_day(x->answered + 21);
		x->status = "open";
	}
	if (closing && closed < c->tday) {
		x->closed = closed;
		x->status = f->status;
	}
	if (f->escalate && strcmp(x->status, "open") == 0 && x->due + 1 < c->tday)
		x->escalated = x->due + 1;
	return TD_OK;
}

static int inspection_index(const char *key)
{
	for (size_t i = 0; key && i < demo_finspections_count; i++)
		if (strcmp(demo_finspections[i].key, key) == 0)
			return (int)i;
	return -1;
}

tderr demo_fseed_inspections(demo_fctx *c)
{
	if (demo_finspections_count > DEMO_F_INSPECTIONS_MAX)
		return demo_ffail(c, TD_EINTERNAL, "demo follow-up: more than %d inspections",
				  DEMO_F_INSPECTIONS_MAX);
	for (size_t i = 0; i < demo_finspections_count; i++) {
		const demo_finspection *x = &demo_finspections[i];
		demo_fplaninfo p = {0};
		demo_forg by = {0}, of = {0};
		int64_t held, unit;
		tderr e;
		if ((e = demo_fplan_get(c, x->plan, &p)) ||
		    (e = demo_forg_get(c, x->inspector, &by)) ||
		    (e = demo_forg_get(c, x->inspected, &of)) ||
		    (e = demo_fday(c, x->held_on, &held)))
			return e;
		if (held >= c->tday)
			continue;
		unit = of.unit_id;
		if (x->unit && (e = demo_funit_get(c, x->unit, &unit, NULL, 0)))
			return e;
		/* followed up once every finding it raised is closed, and two months on */
		int done = held + 60 < c->tday;
		int64_t last = held;
		for (size_t k = 0; k < demo_ffindings_count; k++) {
			const demo_ffinding *f = &demo_ffindings[k];
			ffate fate;
			if (!f->inspection || strcmp(f->inspection, x->key) != 0)
				continue;
			if ((e = finding_fate(c, f, &fate)))
				return e;
			done &= fate.closed >= 0 || fate.raised >= c->tday;
			last = demo_fmax(last, fate.closed);
		}
		db_stmt *st = db_prepare(c->d, SQL_INSPECTION_INSERT);
		if (!st)
			return demo_fdb_fail(c, TD_EINTERNAL, "inspection", x->key);
		char cat[32], uat[32];
		demo_fstamp(held, 16, 30, cat);
		demo_fstamp(done ? last : held, 16, 30, uat);
		sqlbind b = sb_start(st);
		sb_int(&b, p.id);
		sb_int(&b, by.id);
		sb_int(&b, of.id);
		sb_int(&b, unit);
		sb_text(&b, x->kind);
		sb_text(&b, x->held_on);
		sb_text(&b, x->scope);
		sb_text(&b, x->conclusions);
		sb_text(&b, done ? "done" : "open");
		sb_text(&b, cat);
		sb_text(&b, uat);
		if ((e = store_one_int(st, &c->insp[i])))
			return demo_fdb_fail(c, e, "inspection", x->key);
		c->inspections++;
	}
	return TD_OK;
}

/* Where a finding came from: its source as stored, and the report or inspection. */
static tderr finding_origin(demo_fctx *c, const demo_ffinding *f, const demo_fplaninfo *p,
			    int64_t raiser, const ffate *x, const char **source, int64_t *report,
			    int64_t *insp)
{
	*source = "direct";
	*report = *insp = 0;
	if (strcmp(f->source, "inspection") == 0) {
		int i = inspection_index(f->inspection);
		if (i < 0 || !c->insp[i])
			return demo_ffail(c, TD_EINVALID,
					  "demo follow-up: finding \"%s\": no inspection %s",
					  f->title, f->inspection ? f->inspection : "");
		*source = "inspection";
		*insp = c->insp[i];
	} else if (strcmp(f->source, "report") == 0 && p->id) {
		char before[32];
		demo_fstamp(x->raised, 0, 0, before);
		db_stmt *st = db_prepare(c->d, SQL_REPORT);
		if (!st)
			return demo_fdb_fail(c, TD_EINTERNAL, "report for", f->title);
		db_bind_int(st, 1, p->id);
		db_bind_int(st, 2, raiser);
		db_bind_text(st, 3, before);
		tderr e = store_one_int(st, report);
		if (e && e != TD_ENOTFOUND)
			return demo_fdb_fail(c, e, "report for", f->title);
		if (!e)
			*source = "report";
	} else if (strcmp(f->source, "direct") != 0 && strcmp(f->source, "report") != 0) {
		return demo_ffail(c, TD_EINVALID, "demo follow-up: finding source %s", f->source);
	}
	return TD_OK;
}

static tderr finding_insert(demo_fctx *c, const demo_ffinding *f)
{
	ffate x;
	demo_fplaninfo p = {0};
	demo_forg by = {0}, to = {0};
	int64_t unit, report, insp, responder = 0;
	const char *source;
	tderr e;
	if ((e = finding_fate(c, f, &x)))
		return e;
	if (x.raised >= c->tday)
		return TD_OK;
	if ((f->plan && (e = demo_fplan_get(c, f->plan, &p))) ||
	    (e = demo_forg_get(c, f->raised_by, &by)) ||
	    (f->addressed_to && (e = demo_forg_get(c, f->addressed_to, &to))) ||
	    (e = demo_funit_get(c, f->unit, &unit, NULL, 0)) ||
	    (e = finding_origin(c, f, &p, by.id, &x, &source, &report, &insp)) ||
	    (x.answered >= 0 && (e = demo_fmember(c, to.id, &responder))))
		return e;
	if (x.escalated >= 0 && !to.parent_id)
		return demo_ffail(c, TD_EINVALID, "demo follow-up: %s has no parent to escalate to",
				  f->addressed_to);
	textkey k;
	if ((e = textkey_make(f->title, &k)))
		return demo_ffail(c, e, "demo follow-up: finding title is not valid text: %s",
				  f->title);
	db_stmt *st = db_prepare(c->d, SQL_FINDING_INSERT);
	if (!st) {
		textkey_free(&k);
		return demo_fdb_fail(c, TD_EINTERNAL, "finding", f->title);
	}
	char created[32], updated[32], responded[32], escalated[32];
	int64_t last = demo_fmax(demo_fmax(x.raised, x.answered), demo_fmax(x.reopened, x.closed));
	demo_fstamp(x.raised, 9, 30, created);
	demo_fstamp(demo_fmax(last, x.escalated), last > x.escalated ? 15 : 7, 5, updated);
	demo_fstamp(x.answered, 14, 20, responded);
	demo_fstamp(x.escalated, 7, 5, escalated);
	sqlbind b = sb_start(st);
	sb_opt_int(&b, p.id > 0, p.id);
	sb_text(&b, f->kind);
	sb_int(&b, unit);
	sb_text(&b, k.nfc);
	sb_text(&b, k.fold);
	sb_text(&b, f->description ? f->description : "");
	sb_int(&b, by.id);
	sb_text(&b, source);
	sb_opt_int(&b, report > 0, report);
	sb_opt_int(&b, insp > 0, insp);
	sb_opt_int(&b, to.id > 0, to.id);
	sb_text(&b, f->severity);
	sb_text(&b, f->due_on);
	sb_text(&b, x.answered >= 0 ? f->response : "");
	sb_text(&b, x.answered >= 0 ? responded : NULL);
	sb_opt_int(&b, responder > 0, responder);
	sb_text(&b, x.status);
	demo_fbind_day(&b, x.closed);
	sb_int(&b, x.reopened >= 0);
	sb_opt_int(&b, x.escalated >= 0, to.parent_id);
	sb_text(&b, x.escalated >= 0 ? escalated : NULL);
	sb_int(&b, 1 + (x.answered >= 0) + (x.reopened >= 0) + (x.closed >= 0));
	sb_text(&b, created);
	sb_text(&b, updated);
	e = store_exec(st);
	textkey_free(&k);
	if (e)
		return demo_fdb_fail(c, e, "finding", f->title);
	c->findings++;
	static const char *const statuses[] = {"open", "answered", "resolved", "declined"};
	for (int i = 0; i < 4; i++)
		c->status[i] += strcmp(x.status, statuses[i]) == 0;
	return TD_OK;
}

tderr demo_fseed_findings(demo_fctx *c)
{
	for (size_t i = 0; i < demo_ffindings_count; i++) {
		tderr e = finding_insert(c, &demo_ffindings[i]);
		if (e)
			return e;
	}
	return TD_OK;
}

/* ---- models ---- */

static tderr model_insert(demo_fctx *c, size_t i)
{
	const demo_fmodel *m = &demo_fmodels[i];
	demo_fplaninfo p = {0};
	demo_forg o = {0};
	int64_t unit, started, recognized = -1, parent = 0;
	tderr e;
	if ((e = demo_fplan_get(c, m->plan, &p)) ||
	    (m->org && (e = demo_forg_get(c, m->org, &o))) ||
	    (e = demo_funit_get(c, m->unit, &unit, NULL, 0)) ||
	    (e = demo_fday(c, m->started_on, &started)) ||
	    (m->recognized_on && (e = demo_fday(c, m->recognized_on, &recognized))))
		return e;
	if (m->replicates) {
		size_t k = 0;
		while (k < i && strcmp(demo_fmodels[k].key, m->replicates) != 0)
			k++;
		if (k == i || strcmp(demo_fmodels[k].plan, m->plan) != 0)
			return demo_ffail(c, TD_EINVALID,
					  "demo follow-up: model %s copies %s, not an earlier "
					  "model of its plan",
					  m->key, m->replicates);
		if (!(parent = c->model[k]))
			return TD_OK; /* the original has not started yet */
	}
	if (started >= c->tday)
		return TD_OK;
	if (recognized >= c->tday)
		recognized = -1;
	textkey k;
	if ((e = textkey_make(m->name, &k)))
		return demo_ffail(c, e, "demo follow-up: model name is not valid text: %s",
				  m->name);
	db_stmt *st = db_prepare(c->d, SQL_MODEL_INSERT);
	if (!st) {
		textkey_free(&k);
		return demo_fdb_fail(c, TD_EINTERNAL, "model", m->key);
	}
	char cat[32], uat[32];
	demo_fstamp(started, 10, 0, cat);
	demo_fstamp(demo_fmax(started, recognized), 10, 0, uat);
	sqlbind b = sb_start(st);
	sb_int(&b, p.id);
	sb_int(&b, unit);
	sb_opt_int(&b, o.id > 0, o.id);
	sb_text(&b, k.nfc);
	sb_text(&b, k.fold);
	sb_text(&b, m->kind);
	sb_text(&b, m->started_on);
	sb_text(&b, m->results ? m->results : "");
	sb_opt_int(&b, parent > 0, parent);
	sb_int(&b, recognized >= 0);
	demo_fbind_day(&b, recognized);
	sb_text(&b, cat);
	sb_text(&b, uat);
	e = store_one_int(st, &c->model[i]);
	textkey_free(&k);
	if (e)
		return demo_fdb_fail(c, e, "model", m->key);
	c->models++;
	return TD_OK;
}

tderr demo_fseed_models(demo_fctx *c)
{
	if (demo_fmodels_count > DEMO_F_MODELS_MAX)
		return demo_ffail(c, TD_EINTERNAL, "demo follow-up: more than %d models",
				  DEMO_F_MODELS_MAX);
	for (size_t i = 0; i < demo_fmodels_count; i++) {
		tderr e = model_insert(c, i);
		if (e)
			return e;
	}
	return TD_OK;
}

/* ---- activities ---- */

static tderr activity_insert(demo_fctx *c, int64_t plan, const demo_forg *o, const char *kind,
			     const char *title, int64_t held, int participants)
{
	db_stmt *st = db_prepare(c->d, SQL_ACTIVITY_INSERT);
	if (!st)
		return demo_fdb_fail(c, TD_EINTERNAL, "activity", title);
	char at[32];
	demo_fstamp(held, 17, 0, at);
	sqlbind b = sb_start(st);
	sb_int(&b, plan);
	sb_int(&b, o->unit_id);
	sb_int(&b, o->id);
	sb_text(&b, kind);
	sb_text(&b, title);
	demo_fbind_day(&b, held);
	sb_int(&b, participants);
	sb_text(&b, at);
	sb_text(&b, at);
	tderr e = store_exec(st);
	if (e)
		return demo_fdb_fail(c, e, "activity", title);
	c->activities++;
	return TD_OK;
}

/* People at an activity by kind and level (province, district, commune). */
static int participants_of(const char *kind, int level, demo_frng *r)
{
	static const struct {
		const char *kind;
		int lo[3], hi[3];
	} sizes[] = {
		{"propaganda", {600, 300, 120}, {2000, 1200, 500}},
		{"training", {80, 50, 25}, {200, 150, 70}},
		{"conference", {120, 70, 35}, {300, 180, 100}},
		{"emulation", {300, 150, 80}, {800, 500, 300}},
	};
	for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
		if (strcmp(sizes[i].kind, kind) == 0)
			return demo_frng_int(r, sizes[i].lo[level], sizes[i].hi[level]);
	return demo_frng_int(r, 20, level == 0 ? 200 : 120);
}

/* Each organisation of the plan holds a few of its activities a year. */
static tderr activities_of(demo_fctx *c, const demo_fplan *f, const demo_fplaninfo *p,
			   const demo_forg *o, const char *org_code, int level)
{
	size_t n = 0;
	while (n < sizeof f->activities / sizeof f->activities[0] && f->activities[n])
		n++;
	for (int y = p->start_year; n && y <= p->end_year; y++) {
		demo_frng r = demo_frng_for("activity", org_code,
					    (int64_t)y * 100 + (int64_t)(f - demo_fplans));
		int count = level == 0 ? 3 : level == 1 ? 2 : demo_frng_int(&r, 1, 2);
		for (int k = 0; k < count; k++) {
			const char *a = f->activities[demo_frng_int(&r, 0, (int)n - 1)];
			const char *bar = strchr(a, '|');
			int64_t held = demo_fworking_day(
				demo_fymd(y, demo_frng_int(&r, 1, 12), demo_frng_int(&r, 1, 28)));
			char kind[32];
			snprintf(kind, sizeof kind, "%.*s", bar ? (int)(bar - a) : 0, a);
			int people = participants_of(kind, level, &r);
			if (held <= p->approved || held >= c->tday || !bar)
				continue;
			tderr e = activity_insert(c, p->id, o, kind, bar + 1, held, people);
			if (e)
				return e;
		}
	}
	return TD_OK;
}

tderr demo_fseed_activities(demo_fctx *c)
{
	tderr e = TD_OK;
	for (size_t i = 0; !e && i < demo_factivities_count; i++) {
		const demo_factivity *a = &demo_factivities[i];
		demo_fplaninfo p = {0};
		demo_forg o = {0};
		int64_t held;
		if ((e = demo_fplan_get(c, a->plan, &p)) || (e = demo_forg_get(c, a->org, &o)) ||
		    (e = demo_fday(c, a->held_on, &held)))
			return e;
		if (held < c->tday)
			e = activity_insert(c, p.id, &o, a->kind, a->title, held, a->participants);
	}
	for (size_t i = 0; !e && i < demo_fplans_count; i++) {
		const demo_fplan *f = &demo_fplans[i];
		demo_fplaninfo p = {0};
		demo_forg o = {0};
		if ((e = demo_fplan_get(c, f->plan, &p)) ||
		    (e = demo_fowner_get(c, f->plan, &p, &o)))
			return e;
		e = activities_of(c, f, &p, &o, f->plan, 0);
		const char *lists[2] = {f->districts, f->communes};
		for (int lv = 0; !e && lv < 2; lv++) {
			char unit[DEMO_F_UNIT_MAX], code[DEMO_F_CODE_MAX];
			for (int k = 0; !e && demo_flist_item(lists[lv], k, unit, sizeof unit);
			     k++) {
				snprintf(code, sizeof code, "%s-%s", f->system, unit);
				if (!(e = demo_forg_get(c, code, &o)))
					e = activities_of(c, f, &p, &o, code, lv + 1);
			}
		}
	}
	return e;
}
