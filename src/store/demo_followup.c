/* demo_followup.c — turns the tables of demo_followup_data.c into the demo's
 * follow-up rows as of a given today (docs/DEMO.md, "Follow-up records"): the
 * driver, the helpers it shares with demo_followup_records.c, tasks and documents.
 * Whatever would happen on or after today is left out or left unfinished. The only
 * randomness is a splitmix64 stream seeded per record from a fixed seed and the
 * record's names, so one record's draw does not depend on which others exist. */
#include "store/demo_followup.h"
#include "core/clock.h"
#include "core/period.h"
#include "store/demo_reports.h"
#include "store/sqlbind.h"
#include "store/store.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define FOLLOWUP_SEED 0x7469656e646f3236ULL /* "tiendo26" */

static const char *SQL_EXISTING =
	"SELECT (SELECT COUNT(*) FROM tasks) + (SELECT COUNT(*) FROM documents)"
	" + (SELECT COUNT(*) FROM budgets) + (SELECT COUNT(*) FROM inspections)"
	" + (SELECT COUNT(*) FROM findings) + (SELECT COUNT(*) FROM models)"
	" + (SELECT COUNT(*) FROM activities)";
static const char *SQL_PLAN =
	"SELECT id, owner_id, COALESCE(approved_on, ''), start_year, end_year FROM plans"
	" WHERE code = ?";
static const char *SQL_ORG =
	"SELECT o.id, o.unit_id, COALESCE(o.parent_id, 0) FROM organizations o WHERE o.code = ?";
static const char *SQL_ORG_UNIT = "SELECT unit_id FROM organizations WHERE id = ?";
static const char *SQL_UNIT =
	"SELECT id, full_name FROM org_units WHERE code = ? AND valid_to IS NULL"
	" ORDER BY valid_from DESC LIMIT 1";
static const char *SQL_MEMBER =
	"SELECT id FROM users WHERE organization_id = ? AND role IN ('officer', 'leader')"
	" AND active = 1 ORDER BY CASE role WHEN 'officer' THEN 0 ELSE 1 END, id LIMIT 1";
static const char *SQL_TASK_INSERT =
	"INSERT INTO tasks(plan_id, title, description, responsible_id, unit_id, start_on,"
	" deadline, original_deadline, slot, progress, completed_on, version, created_by,"
	" created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
	" RETURNING id";
static const char *SQL_TASK_COORDINATOR =
	"INSERT INTO task_coordinators(task_id, organization_id) VALUES (?, ?)";
static const char *SQL_TASK_EXTENSION =
	"INSERT INTO task_extensions(task_id, old_deadline, new_deadline, reason, document,"
	" user_id, at) VALUES (?, ?, ?, ?, ?, ?, ?)";
static const char *SQL_TASK_COMMENT =
	"INSERT INTO task_comments(task_id, user_id, at, body) VALUES (?, ?, ?, ?)";
static const char *SQL_DOC_INSERT =
	"INSERT INTO documents(plan_id, number, kind, title, issuer_id, unit_id, issued_on, due_on,"
	" summary, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

/* ---- errors ---- */

tderr demo_ffail(demo_fctx *c, tderr e, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(c->err, c->errlen, fmt, ap);
	va_end(ap);
	return e == TD_OK ? TD_EINTERNAL : e;
}

tderr demo_fdb_fail(demo_fctx *c, tderr e, const char *what, const char *name)
{
	return demo_ffail(c, e ? e : TD_EINTERNAL, "demo follow-up: %s %s: %s", what,
			  name ? name : "", db_errmsg(c->d));
}

/* ---- the draw ---- */

static uint64_t rng_next(demo_frng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint64_t fnv(uint64_t h, const char *s)
{
	for (; s && *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	return (h ^ 0xff) * 0x100000001b3ULL; /* a separator: ("ab","c") differs from ("a","bc") */
}

/* A stream fixed by a tag, a name and a number. */
demo_frng demo_frng_for(const char *tag, const char *name, int64_t n)
{
	char num[24];
	snprintf(num, sizeof num, "%lld", (long long)n);
	demo_frng r = {fnv(fnv(fnv(0xcbf29ce484222325ULL ^ FOLLOWUP_SEED, tag), name), num)};
	rng_next(&r);
	return r;
}

int demo_frng_int(demo_frng *r, int lo, int hi) /* lo..hi inclusive */
{
	return lo + (int)(rng_next(r) % (uint64_t)(hi - lo + 1));
}

/* An amount of VND: base × (lo..hi %), rounded down to a multiple of step. */
int64_t demo_frng_money(demo_frng *r, int64_t base, int lo, int hi, int64_t step)
{
	int64_t v = base * demo_frng_int(r, lo, hi) / 100;
	return v / step * step;
}

/* ---- days ---- */

/* Days since 1970-01-01 of a date "YYYY-MM-DD"; TD_EINVALID unless a real date. */
tderr demo_fday(demo_fctx *c, const char *iso, int64_t *day)
{
	if (!iso || !period_date_valid(iso))
		return demo_ffail(c, TD_EINVALID, "demo follow-up: \"%s\" is not a date",
				  iso ? iso : "");
	struct tm tm = {0};
	tm.tm_year = (iso[0] - '0') * 1000 + (iso[1] - '0') * 100 + (iso[2] - '0') * 10 +
		     (iso[3] - '0') - 1900;
	tm.tm_mon = (iso[5] - '0') * 10 + (iso[6] - '0') - 1;
	tm.tm_mday = (iso[8] - '0') * 10 + (iso[9] - '0');
	*day = (int64_t)timegm(&tm) / 86400;
	return TD_OK;
}

int64_t demo_fymd(int year, int month, int mday)
{
	struct tm tm = {.tm_year = year - 1900, .tm_mon = month - 1, .tm_mday = mday};
	return (int64_t)timegm(&tm) / 86400;
}

void demo_fdate(int64_t day, char out[PERIOD_DATE_SIZE])
{
	time_t t = (time_t)(day * 86400);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, PERIOD_DATE_SIZE, "%Y-%m-%d", &tm);
}

int demo_fyear(int64_t day)
{
	time_t t = (time_t)(day * 86400);
	struct tm tm;
	gmtime_r(&t, &tm);
	return tm.tm_year + 1900;
}

/* The instant hh:mm in Vietnam (UTC+7) on a day, as stored: ISO 8601 UTC. */
void demo_fstamp(int64_t day, int hour, int minute, char out[32])
{
	int64_t seconds = (int64_t)hour * 3600 + (int64_t)minute * 60 - 25200; /* UTC+7 */
	time_t t = (time_t)(day * 86400 + seconds);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Moves a day off the weekend, forward: offices work Monday to Friday. */
int64_t demo_fworking_day(int64_t day)
{
	int wd = (int)((day % 7 + 11) % 7); /* 0 = Sunday; day 0 was a Thursday */
	return wd == 6 ? day + 2 : wd == 0 ? day + 1 : day;
}

/* ---- lookups ---- */

tderr demo_fplan_get(demo_fctx *c, const char *code, demo_fplaninfo *p)
{
	db_stmt *st = db_prepare(c->d, SQL_PLAN);
	if (!st)
		return demo_fdb_fail(c, TD_EINTERNAL, "plan", code);
	db_bind_text(st, 1, code);
	tderr e = TD_OK;
	int rc = db_step(st, &e);
	char approved[PERIOD_DATE_SIZE] = "";
	if (rc == DB_ROW) {
		p->id = db_col_int(st, 0);
		p->owner = db_col_int(st, 1);
		snprintf(approved, sizeof approved, "%s", db_col_text(st, 2));
		p->start_year = (int)db_col_int(st, 3);
		p->end_year = (int)db_col_int(st, 4);
	}
	db_reset(st);
	if (rc < 0)
		return demo_fdb_fail(c, e, "plan", code);
	if (rc != DB_ROW)
		return demo_ffail(c, TD_ENOTFOUND,
				  "demo follow-up: no plan %s (load the demo first)", code);
	if (!approved[0]) {
		p->approved = demo_fymd(p->start_year, 1, 1);
		return TD_OK;
	}
	return demo_fday(c, approved, &p->approved);
}

tderr demo_forg_get(demo_fctx *c, const char *code, demo_forg *o)
{
	db_stmt *st = db_prepare(c->d, SQL_ORG);
	if (!st)
		return demo_fdb_fail(c, TD_EINTERNAL, "organisation", code);
	db_bind_text(st, 1, code);
	tderr e = TD_OK;
	int rc = db_step(st, &e);
	if (rc == DB_ROW)
		*o = (demo_forg){db_col_int(st, 0), db_col_int(st, 1), db_col_int(st, 2)};
	db_reset(st);
	if (rc < 0)
		return demo_fdb_fail(c, e, "organisation", code);
	return rc == DB_ROW
		       ? TD_OK
		       : demo_ffail(c, TD_ENOTFOUND, "demo follow-up: no organisation %s", code);
}

/* Unit id by code; label (may be NULL) gets its full name as it reads inside a
 * sentence: "huyện Lạng Giang". */
tderr demo_funit_get(demo_fctx *c, const char *code, int64_t *id, char *label, size_t size)
{
	db_stmt *st = db_prepare(c->d, SQL_UNIT);
	if (!st)
		return demo_fdb_fail(c, TD_EINTERNAL, "unit", code);
	db_bind_text(st, 1, code);
	tderr e = TD_OK;
	int rc = db_step(st, &e);
	if (rc == DB_ROW) {
		*id = db_col_int(st, 0);
		if (label) {
			snprintf(label, size, "%s", db_col_text(st, 1));
			if (label[0] >= 'A' &&
			    label[0] <= 'Z') /* every kind word starts with ASCII */
				label[0] = (char)(label[0] - 'A' + 'a');
		}
	}
	db_reset(st);
	if (rc < 0)
		return demo_fdb_fail(c, e, "unit", code);
	return rc == DB_ROW ? TD_OK
			    : demo_ffail(c, TD_ENOTFOUND, "demo follow-up: no unit %s", code);
}

/* The plan's owner organisation. */
tderr demo_fowner_get(demo_fctx *c, const char *code, const demo_fplaninfo *p, demo_forg *o)
{
	db_stmt *st = db_prepare(c->d, SQL_ORG_UNIT);
	if (!st)
		return demo_fdb_fail(c, TD_EINTERNAL, "owner of", code);
	db_bind_int(st, 1, p->owner);
	*o = (demo_forg){p->owner, 0, 0};
	tderr e = store_one_int(st, &o->unit_id);
	return e ? demo_fdb_fail(c, e, "owner of", code) : TD_OK;
}

/* An officer (else a leader) of the organisation; 0 when it has no such user. */
tderr demo_fmember(demo_fctx *c, int64_t org, int64_t *user)
{
	*user = 0;
	db_stmt *st = db_prepare(c->d, SQL_MEMBER);
	if (!st)
		return demo_fdb_fail(c, TD_EINTERNAL, "users", NULL);
	db_bind_int(st, 1, org);
	tderr e = store_one_int(st, user);
	return e == TD_ENOTFOUND ? TD_OK : e ? demo_fdb_fail(c, e, "users", NULL) : TD_OK;
}

/* The n-th code (0-based) of a list separated by spaces into out; 0 past the end. */
int demo_flist_item(const char *list, int n, char *out, size_t size)
{
	const char *p = list;
	for (;;) {
		while (p && *p == ' ')
			p++;
		if (!p || !*p)
			return 0;
		size_t len = strcspn(p, " ");
		if (n-- == 0) {
			snprintf(out, size, "%.*s", (int)len, p);
			return 1;
		}
		p += len;
	}
}

void demo_fbind_day(sqlbind *b, int64_t day) /* < 0 binds NULL */
{
	char s[PERIOD_DATE_SIZE];
	if (day < 0) {
		sb_text(b, NULL);
		return;
	}
	demo_fdate(day, s);
	sb_text(b, s);
}

/* ---- tasks ---- */

/* First and last day of a roadmap slot (a period code). */
static tderr slot_days(demo_fctx *c, const char *slot, int64_t *first, int64_t *last)
{
	period p;
	if (period_parse(slot, &p) != TD_OK)
		return demo_ffail(c, TD_EINVALID, "demo follow-up: slot %s is not a period", slot);
	int m0 = period_first_month(&p), m1 = period_last_month(&p);
	*first = demo_fymd(p.year, m0, 1);
	*last = demo_fymd(p.year, m1, period_days_in_month(p.year, m1));
	return TD_OK;
}

static tderr task_coordinators(demo_fctx *c, const demo_ftask *t, int64_t task, int64_t resp,
			       const char *unit)
{
	for (size_t i = 0; i < sizeof t->coordinators / sizeof t->coordinators[0]; i++) {
		const char *code = t->coordinators[i];
		if (!code)
			break;
		char buf[DEMO_F_CODE_MAX];
		size_t len = strlen(code);
		if (len >= 2 && strcmp(code + len - 2, "-*") == 0)
			snprintf(buf, sizeof buf, "%.*s-%s", (int)(len - 2), code, unit);
		else
			snprintf(buf, sizeof buf, "%s", code);
		demo_forg o = {0};
		tderr e = demo_forg_get(c, buf, &o);
		if (e)
			return e;
		if (o.id == resp)
			continue;
		db_stmt *st = db_prepare(c->d, SQL_TASK_COORDINATOR);
		if (!st)
			return demo_fdb_fail(c, TD_EINTERNAL, "coordinator", buf);
		db_bind_int(st, 1, task);
		db_bind_int(st, 2, o.id);
		if ((e = store_exec(st)))
			return demo_fdb_fail(c, e, "coordinator", buf);
		c->coordinators++;
	}
	return TD_OK;
}

/* The dates of one task as of today; -1 for what has not happened (yet). */
typedef struct task_life {
	int64_t created, start, orig, deadline, completed, extended_at, updated;
	int64_t comment[2]; /* the follow-up question and the reply */
	int progress;
} task_life;

static void task_life_of(const demo_fctx *c, const demo_ftask *t, const demo_fplaninfo *p,
			 int64_t ext, demo_frng *r, task_life *l)
{
	l->created = demo_fmax(l->start - 14, p->approved);
	l->extended_at = ext >= 0 ? demo_fworking_day(l->orig - 8) : -1;
	if (l->extended_at >= c->tday)
		l->extended_at = -1; /* not asked for yet: the original deadline holds */
	l->deadline = l->extended_at >= 0 ? ext : l->orig;
	l->completed = -1;
	if (t->lag != DEMO_F_NEVER) {
		int lag = t->lag + (t->spread ? demo_frng_int(r, 0, t->spread) - t->spread / 2 : 0);
		int64_t done = demo_fworking_day(demo_fmax(l->deadline + lag, l->start + 3));
		l->completed = done < c->tday ? done : -1;
	}
	if (l->completed >= 0) {
		l->progress = 100;
	} else if (c->tday > l->deadline) {
		l->progress = t->progress ? t->progress : demo_frng_int(r, 20, 80);
	} else if (c->tday <= l->start) {
		l->progress = 0;
	} else {
		int64_t pct = (c->tday - l->start) * 100 / (l->deadline - l->start + 1);
		l->progress = (int)(pct < 5 ? 5 : pct > 95 ? 95 : pct);
	}
	/* the owner asks a little before the deadline (or before an early completion),
	 * the responsible answers three working days later */
	int64_t asked = demo_fworking_day(l->completed >= 0 && l->completed < l->deadline
						  ? l->completed - 10
						  : l->deadline - 12);
	l->comment[0] = l->comment[1] = -1;
	for (int i = 0; i < 2 && t->comments[i]; i++) {
		int64_t day = i == 0 ? asked : demo_fworking_day(asked + 3);
		if (day >= c->tday || day < l->created)
			break;
		l->comment[i] = day;
	}
	int64_t last = l->completed >= 0 ? l->completed : demo_fmax(l->created, l->start);
	last = demo_fmax(demo_fmax(last, l->extended_at), demo_fmax(l->comment[0], l->comment[1]));
	l->updated = last < c->tday ? last : c->tday - 1;
}

static tderr task_extras(demo_fctx *c, const demo_ftask *t, int64_t task, const task_life *l,
			 int64_t owner_user, int64_t resp_user)
{
	tderr e;
	char at[32];
	if (l->extended_at >= 0) {
		char d0[PERIOD_DATE_SIZE], d1[PERIOD_DATE_SIZE];
		db_stmt *st = db_prepare(c->d, SQL_TASK_EXTENSION);
		if (!st)
			return demo_fdb_fail(c, TD_EINTERNAL, "extension of", t->title);
		demo_fdate(l->orig, d0);
		demo_fdate(l->deadline, d1);
		demo_fstamp(l->extended_at, 15, 20, at);
		sqlbind b = sb_start(st);
		sb_int(&b, task);
		sb_text(&b, d0);
		sb_text(&b, d1);
		sb_text(&b, t->ext_reason);
		sb_text(&b, t->ext_document ? t->ext_document : "");
		sb_opt_int(&b, resp_user > 0, resp_user);
		sb_text(&b, at);
		if ((e = store_exec(st)))
			return demo_fdb_fail(c, e, "extension of", t->title);
		c->extensions++;
	}
	for (int i = 0; i < 2 && l->comment[i] >= 0; i++) {
		db_stmt *st = db_prepare(c->d, SQL_TASK_COMMENT);
		if (!st)
			return demo_fdb_fail(c, TD_EINTERNAL, "comment on", t->title);
		int64_t who = i == 0 ? owner_user : resp_user;
		demo_fstamp(l->comment[i], i == 0 ? 9 : 14, 10 + 7 * i, at);
		sqlbind b = sb_start(st);
		sb_int(&b, task);
		sb_opt_int(&b, who > 0, who);
		sb_text(&b, at);
		sb_text(&b, t->comments[i]);
		if ((e = store_exec(st)))
			return demo_fdb_fail(c, e, "comment on", t->title);
		c->comments++;
	}
	return TD_OK;
}

static tderr task_insert(demo_fctx *c, const demo_ftask *t, size_t row, const char *org_code,
			 const char *unit)
{
	demo_fplaninfo p = {0};
	demo_forg o = {0};
	task_life l = {0};
	int64_t ext = -1;
	tderr e;
	if ((e = demo_fplan_get(c, t->plan, &p)) || (e = demo_forg_get(c, org_code, &o)) ||
	    (e = slot_days(c, t->slot, &l.start, &l.orig)) ||
	    (t->extended_to && (e = demo_fday(c, t->extended_to, &ext))))
		return e;
	demo_frng r = demo_frng_for("task", org_code, (int64_t)row);
	task_life_of(c, t, &p, ext, &r, &l);
	if (l.created >= c->tday)
		return TD_OK; /* not on the roadmap yet */
	/* the plan owner follows the roadmap; Ban Dân vận follows the owner's own tasks */
	int64_t resp_user = 0, owner_user = 0;
	demo_forg danvan = {0};
	if ((e = demo_fmember(c, o.id, &resp_user)) ||
	    (e = demo_forg_get(c, "danvan-24", &danvan)) ||
	    (e = demo_fmember(c, o.id == p.owner ? danvan.id : p.owner, &owner_user)))
		return e;
	db_stmt *st = db_prepare(c->d, SQL_TASK_INSERT);
	if (!st)
		return demo_fdb_fail(c, TD_EINTERNAL, "task", t->title);
	char created[32], updated[32];
	demo_fstamp(l.created, 8, 30, created);
	demo_fstamp(l.updated, 16, 45, updated);
	sqlbind b = sb_start(st);
	sb_int(&b, p.id);
	sb_text(&b, t->title);
	sb_text(&b, t->description ? t->description : "");
	sb_int(&b, o.id);
	sb_int(&b, o.unit_id);
	demo_fbind_day(&b, l.start);
	demo_fbind_day(&b, l.deadline);
	demo_fbind_day(&b, l.orig);
	sb_text(&b, t->slot);
	sb_int(&b, l.progress);
	demo_fbind_day(&b, l.completed);
	sb_int(&b, 1 + (l.extended_at >= 0) + (l.completed >= 0));
	sb_opt_int(&b, resp_user > 0 || owner_user > 0, resp_user ? resp_user : owner_user);
	sb_text(&b, created);
	sb_text(&b, updated);
	int64_t id = 0;
	if ((e = store_one_int(st, &id)))
		return demo_fdb_fail(c, e, "task", t->title);
	c->tasks++;
	if ((e = task_coordinators(c, t, id, o.id, unit)) ||
	    (e = task_extras(c, t, id, &l, owner_user, resp_user)))
		return e;
	return TD_OK;
}

static tderr tasks_seed(demo_fctx *c)
{
	for (size_t i = 0; i < demo_ftasks_count; i++) {
		const demo_ftask *t = &demo_ftasks[i];
		tderr e = TD_OK;
		if (!t->units) { /* "-*" coordinators take the unit code after the dash */
			const char *dash = strrchr(t->responsible, '-');
			e = task_insert(c, t, i, t->responsible, dash ? dash + 1 : "");
		}
		char unit[DEMO_F_UNIT_MAX], code[DEMO_F_CODE_MAX];
		for (int k = 0; !e && t->units && demo_flist_item(t->units, k, unit, sizeof unit);
		     k++) {
			snprintf(code, sizeof code, "%s-%s", t->responsible, unit);
			e = task_insert(c, t, i, code, unit);
		}
		if (e)
			return e;
	}
	return TD_OK;
}

/* ---- documents ---- */

static tderr doc_insert(demo_fctx *c, int64_t plan, const char *number, const char *kind,
			const char *title, const char *issuer, int64_t issued, int64_t due,
			const char *summary)
{
	if (issued >= c->tday)
		return TD_OK;
	demo_forg o = {0};
	tderr e = demo_forg_get(c, issuer, &o);
	if (e)
		return e;
	db_stmt *st = db_prepare(c->d, SQL_DOC_INSERT);
	if (!st)
		return demo_fdb_fail(c, TD_EINTERNAL, "document", number);
	char at[32];
	demo_fstamp(issued, 10, 15, at);
	sqlbind b = sb_start(st);
	sb_opt_int(&b, plan > 0, plan);
	sb_text(&b, number);
	sb_text(&b, kind);
	sb_text(&b, title);
	sb_int(&b, o.id);
	sb_int(&b, o.unit_id);
	demo_fbind_day(&b, issued);
	demo_fbind_day(&b, due);
	sb_text(&b, summary ? summary : "");
	sb_text(&b, at);
	sb_text(&b, at);
	if ((e = store_exec(st)))
		return demo_fdb_fail(c, e, "document", number);
	c->documents++;
	return TD_OK;
}

static tderr documents_seed(demo_fctx *c)
{
	tderr e = TD_OK;
	for (size_t i = 0; !e && i < demo_fdocs_count; i++) {
		const demo_fdoc *x = &demo_fdocs[i];
		demo_fplaninfo p = {0};
		int64_t issued = 0, due = -1;
		if ((x->plan && (e = demo_fplan_get(c, x->plan, &p))) ||
		    (e = demo_fday(c, x->issued_on, &issued)) ||
		    (x->due_on && (e = demo_fday(c, x->due_on, &due))))
			return e;
		e = doc_insert(c, p.id, x->number, x->kind, x->title, x->issuer, issued, due,
			       x->summary);
	}
	/* each district's plan carrying out the province's, due 45 days after approval */
	for (size_t i = 0; !e && i < demo_fplans_count; i++) {
		const demo_fplan *f = &demo_fplans[i];
		demo_fplaninfo p = {0};
		if ((e = demo_fplan_get(c, f->plan, &p)))
			return e;
		char unit[DEMO_F_UNIT_MAX], org[DEMO_F_CODE_MAX], number[DEMO_F_CODE_MAX],
			label[DEMO_F_TEXT_MAX];
		char title[DEMO_F_TEXT_MAX * 2];
		for (int k = 0; !e && demo_flist_item(f->districts, k, unit, sizeof unit); k++) {
			demo_frng r = demo_frng_for("district-plan", f->plan, k);
			int64_t unit_id;
			if ((e = demo_funit_get(c, unit, &unit_id, label, sizeof label)))
				return e;
			snprintf(org, sizeof org, "%s-%s", f->system, unit);
			snprintf(number, sizeof number, "%d%s", demo_frng_int(&r, 12, 95),
				 f->doc_suffix);
			snprintf(title, sizeof title, "Kế hoạch thực hiện %s trên địa bàn %s",
				 f->short_title, label);
			int64_t issued = demo_fworking_day(p.approved + demo_frng_int(&r, 10, 60));
			e = doc_insert(c, p.id, number, "ke_hoach", title, org, issued,
				       p.approved + 45, "");
		}
	}
	return e;
}

/* ---- the whole ---- */

static tderr seed_all(demo_fctx *c)
{
	int64_t existing = 0;
	db_stmt *st = db_prepare(c->d, SQL_EXISTING);
	if (!st)
		return demo_fdb_fail(c, TD_EINTERNAL, "existing records", NULL);
	tderr e = store_one_int(st, &existing);
	if (e)
		return demo_fdb_fail(c, e, "existing records", NULL);
	if (existing)
		return demo_ffail(c, TD_ECONFLICT,
				  "demo follow-up: the database already has follow-up "
				  "records");
	if ((e = documents_seed(c)) || (e = tasks_seed(c)) || (e = demo_fseed_budgets(c)) ||
	    (e = demo_fseed_inspections(c)) || (e = demo_fseed_findings(c)) ||
	    (e = demo_fseed_models(c)) || (e = demo_fseed_activities(c)))
		return e;
	json_t *after = json_pack(
		"{s:s, s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:i,"
		" s:{s:i, s:i, s:i, s:i}}",
		"today", c->today, "tasks", c->tasks, "task_coordinators", c->coordinators,
		"task_extensions", c->extensions, "task_comments", c->comments, "documents",
		c->documents, "budgets", c->budgets, "budgets_unallocated", c->unallocated,
		"inspections", c->inspections, "findings", c->findings, "models", c->models,
		"activities", c->activities, "finding_statuses", "open", c->status[0], "answered",
		c->status[1], "resolved", c->status[2], "declined", c->status[3]);
	e = after ? store_audit(c->d, NULL, NULL, "demo", 0, "seed_followup", NULL, after)
		  : TD_EINTERNAL;
	json_decref(after);
	return e ? demo_fdb_fail(c, e, "audit", NULL) : TD_OK;
}

tderr demo_followup_seed(db *d, const char *today, char *err, size_t errlen)
{
	static char sink[1];
	demo_fctx c = {.d = d, .err = errlen ? err : sink, .errlen = errlen ? errlen : 1};
	c.err[0] = 0;
	const char *env = today ? NULL : getenv(DEMO_TODAY_ENV);
	if (!today && env && *env)
		today = env;
	if (today)
		snprintf(c.today, sizeof c.today, "%s", today);
	else
		clock_today_vn(c.today, sizeof c.today);
	if ((today && strlen(today) != 10) || !period_date_valid(c.today))
		return demo_ffail(
			&c, TD_EINVALID, "demo follow-up: %s%s is not a date (YYYY-MM-DD)",
			today && today == env ? DEMO_TODAY_ENV "=" : "", today ? today : "");
	tderr e = demo_fday(&c, c.today, &c.tday);
	return e ? e : seed_all(&c);
}
