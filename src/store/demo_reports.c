/* demo_reports.c — fills the demo plans with indicators, targets and periodic
 * reports (docs/DEMO.md, "Indicators and reports"): loads what demo.c made, adds
 * the leaders who approve, then each organisation's reports from the plan's
 * approval up to today, with their texts and workflow events. A fixed-seed PRNG
 * (splitmix64, seeded per report from plan, organisation and period) gives the same
 * rows for the same today; nothing happens after the start of today. */
#include "store/demo_reports.h"
#include "core/clock.h"
#include "core/workflow.h"
#include "store/demo_data.h"
#include "store/store.h"
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define TEXT_MAX 2048 /* one narrative section */

static const char *SQL_HASH = "SELECT password_hash FROM users WHERE username = ?";
static const char *SQL_PLANS =
	"SELECT p.id, p.code, o.system, p.start_year, p.end_year, COALESCE(p.approved_on, ''),"
	" p.owner_id, (SELECT COUNT(*) FROM indicators i WHERE i.plan_id = p.id)"
	" FROM plans p JOIN organizations o ON o.id = p.owner_id ORDER BY p.id";
/* each commune with the nearest organisation of the system at or above it */
static const char *SQL_COMMUNES =
	"SELECT u.code, (SELECT o.id FROM organizations o JOIN org_units ou ON ou.id = o.unit_id"
	" WHERE o.system = ? AND substr(u.path, 1, length(ou.path)) = ou.path"
	" ORDER BY ou.depth DESC, o.id LIMIT 1) FROM org_units u"
	" WHERE u.level = 'commune' AND u.valid_to IS NULL ORDER BY u.id";
static const char *SQL_SYSTEM_ORGS =
	"SELECT o.id, o.code, o.unit_id, COALESCE(o.parent_id, 0), u.code, u.depth"
	" FROM organizations o JOIN org_units u ON u.id = o.unit_id WHERE o.system = ?"
	" AND u.valid_to IS NULL ORDER BY u.depth, u.code, o.id";
static const char *SQL_LEADER =
	"SELECT id FROM users WHERE organization_id = ? AND role = 'leader' AND active = 1"
	" ORDER BY id LIMIT 1";
static const char *SQL_MEMBER =
	"SELECT id FROM users WHERE organization_id = ? AND role IN ('officer', 'leader')"
	" AND active = 1 ORDER BY CASE role WHEN 'officer' THEN 0 ELSE 1 END, id LIMIT 1";
static const char *SQL_USER_EXISTS = "SELECT id FROM users WHERE username = ?";
static const char *SQL_USER_INSERT =
	"INSERT INTO users(username, full_name, password_hash, organization_id, role, active,"
	" created_at, updated_at) VALUES (?, ?, ?, ?, 'leader', 1, ?, ?) RETURNING id";
static const char *SQL_REPORT_INSERT =
	"INSERT INTO reports(plan_id, organization_id, unit_id, period, status, version, results,"
	" limitations, causes, recommendations, deadline, submitted_at, last_submitted_at,"
	" approved_at, approved_by, returned_reason, created_at, updated_at, created_by)"
	" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
static const char *SQL_VALUE_INSERT =
	"INSERT INTO report_values(report_id, indicator_id, value, comment) VALUES (?, ?, ?, ?)";
static const char *SQL_EVENT_INSERT =
	"INSERT INTO report_events(report_id, at, user_id, action, from_status, to_status,"
	" reason) VALUES (?, ?, ?, ?, ?, ?, ?)";

/* ---- days and errors ---- */

static int rng_int(demo_rng *r, int lo, int hi) /* lo..hi inclusive */
{
	return lo + (int)(demo_rng01(r) * (hi - lo + 1));
}

/* Days since 1970-01-01 of a valid "YYYY-MM-DD". */
static int64_t day_of(const char *iso)
{
	struct tm tm = {0};
	tm.tm_year = (iso[0] - '0') * 1000 + (iso[1] - '0') * 100 + (iso[2] - '0') * 10 +
		     (iso[3] - '0') - 1900;
	tm.tm_mon = (iso[5] - '0') * 10 + (iso[6] - '0') - 1;
	tm.tm_mday = (iso[8] - '0') * 10 + (iso[9] - '0');
	return (int64_t)timegm(&tm) / 86400;
}

/* Moves a day off the weekend: approvals happen on working days. */
static int64_t working_day(int64_t day)
{
	int wd = (int)((day % 7 + 11) % 7); /* 0 = Sunday; day 0 was a Thursday */
	return wd == 6 ? day + 2 : wd == 0 ? day + 1 : day;
}

/* The instant (UTC seconds) of hh:mm:ss in Vietnam on a day. */
static int64_t at_vn(int64_t day, int hour, int minute, int second)
{
	return day * 86400 + hour * 3600 + minute * 60 + second - 7 * 3600;
}

static void iso_of(int64_t t, char out[32])
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

tderr demo_fail(demo_ctx *c, tderr e, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(c->err, c->errlen, fmt, ap);
	va_end(ap);
	return e == TD_OK ? TD_EINTERNAL : e;
}

tderr demo_db_fail(demo_ctx *c, tderr e, const char *what)
{
	return demo_fail(c, e ? e : TD_EINTERNAL, "demo reports: %s: %s", what, db_errmsg(c->d));
}

tderr demo_one_int(demo_ctx *c, db_stmt *st, int64_t *out, const char *what)
{
	*out = 0;
	tderr e = store_one_int(st, out);
	return e == TD_ENOTFOUND ? TD_OK : e ? demo_db_fail(c, e, what) : TD_OK;
}

static void bind_id(db_stmt *st, int idx, int64_t id) /* 0 binds NULL */
{
	if (id)
		db_bind_int(st, idx, id);
	else
		db_bind_null(st, idx);
}

static void bind_text_or_null(db_stmt *st, int idx, const char *v)
{
	if (v && *v)
		db_bind_text(st, idx, v);
	else
		db_bind_null(st, idx);
}

static void copy(char *dst, size_t size, const char *src)
{
	snprintf(dst, size, "%s", src ? src : "");
}

/* ---- loading what demo.c made ---- */

static double pace_of(const demo_rplan *p, const char *unit_code, const demo_rorg *parent)
{
	for (const demo_pace *x = p->spec->paces; x && x->unit_code; x++)
		if (strcmp(x->unit_code, unit_code) == 0)
			return x->perf;
	double h = demo_hash01(p->code, unit_code);
	return parent ? parent->perf * (0.92 + 0.16 * h) : 0.86 + 0.28 * h;
}

/* The organisations of the plan owner's system, parents first, with their pace,
 * habits and the communes each stands for: its own, and those below it that have
 * no organisation of the system (each weighs 0.75-1.35 of an average one). */
static tderr load_orgs(demo_ctx *c, demo_rplan *p)
{
	db_stmt *st = db_prepare(c->d, SQL_SYSTEM_ORGS);
	if (!st)
		return demo_db_fail(c, TD_EINTERNAL, "organisations");
	db_bind_text(st, 1, p->system);
	tderr e = TD_OK;
	while (db_step(st, &e) == DB_ROW) {
		if (p->n_org == DEMO_ORGS_MAX) {
			db_reset(st);
			return demo_fail(c, TD_EINVALID,
					 "demo reports: more than %d organisations of %s",
					 DEMO_ORGS_MAX, p->system);
		}
		demo_rorg *o = &p->org[p->n_org++];
		o->id = db_col_int(st, 0);
		copy(o->code, sizeof o->code, db_col_text(st, 1));
		o->unit_id = db_col_int(st, 2);
		o->parent_org = db_col_int(st, 3);
		copy(o->unit_code, sizeof o->unit_code, db_col_text(st, 4));
		o->depth = (int)db_col_int(st, 5);
		o->parent = -1;
	}
	db_reset(st);
	if (e)
		return demo_db_fail(c, e, "organisations");
	for (size_t i = 0; i < p->n_org; i++) {
		demo_rorg *o = &p->org[i];
		for (size_t j = 0; j < i; j++)
			if (p->org[j].id == o->parent_org)
				o->parent = (int)j;
		o->perf = pace_of(p, o->unit_code, o->parent >= 0 ? &p->org[o->parent] : NULL);
		o->late = o->depth == 0 ? 0.04 : o->depth == 1 ? 0.06 : 0.10;
		for (const demo_habit *h = demo_habits; h->unit_code; h++)
			if (strcmp(h->unit_code, o->unit_code) == 0) {
				o->late = h->late;
				o->skip = h->skip;
			}
	}
	if (!(st = db_prepare(c->d, SQL_COMMUNES)))
		return demo_db_fail(c, TD_EINTERNAL, "communes");
	db_bind_text(st, 1, p->system);
	while (db_step(st, &e) == DB_ROW)
		for (size_t j = 0; j < p->n_org; j++)
			if (p->org[j].id == db_col_int(st, 1))
				p->org[j].size +=
					0.75 + 0.6 * demo_hash01("commune", db_col_text(st, 0));
	db_reset(st);
	return e ? demo_db_fail(c, e, "communes") : TD_OK;
}

/* The plan's reporting periods of each kind its indicators use: within its years,
 * from the first one whose data ends after the plan was approved. */
static tderr load_periods(demo_ctx *c, demo_rplan *p)
{
	period_rules rules = period_default_rules();
	int64_t today = day_of(c->today);
	for (size_t i = 0; i < p->n_ind; i++) {
		period_kind k = p->ind[i].freq;
		if (p->n_per[k])
			continue;
		period all[DEMO_PERIODS_MAX];
		size_t n = period_list(p->start_year, p->end_year, k, all, DEMO_PERIODS_MAX),
		       passed = 0;
		for (size_t j = 0; j < n; j++) {
			demo_rperiod *x = &p->per[k][p->n_per[k]];
			char from[PERIOD_DATE_SIZE], to[PERIOD_DATE_SIZE], due[PERIOD_DATE_SIZE];
			x->p = all[j];
			if (period_window(&x->p, &rules, from, sizeof from, to, sizeof to) ||
			    period_deadline_date(&x->p, &rules, due, sizeof due) ||
			    period_deadline(&x->p, &rules, x->deadline, sizeof x->deadline) ||
			    period_format(&x->p, x->code, sizeof x->code))
				return demo_fail(c, TD_EINTERNAL, "demo reports: periods of %s",
						 p->code);
			if (p->approved_on[0] && strcmp(to, p->approved_on) < 0)
				continue; /* nobody reports on a plan not yet approved */
			x->from_day = day_of(from);
			x->to_day = day_of(to);
			x->due_day = day_of(due);
			x->month = x->p.year * 12 + period_last_month(&x->p) - 1;
			x->months = period_last_month(&x->p) - period_first_month(&x->p) + 1;
			x->state = x->from_day >= today ? 0 : x->due_day < today ? 2 : 1;
			passed += x->state == 2;
			p->n_per[k]++;
		}
		for (size_t j = 0, seen = 0; j < p->n_per[k]; j++)
			if (p->per[k][j].state == 2)
				p->per[k][j].recency = (int)(passed - 1 - seen++);
	}
	return TD_OK;
}

/* One plan row that has a spec in demo_indicators.c. */
static tderr plan_from_row(demo_ctx *c, db_stmt *st, const demo_plan_spec *spec, demo_rplan *p)
{
	p->id = db_col_int(st, 0);
	p->spec = spec;
	copy(p->code, sizeof p->code, db_col_text(st, 1));
	copy(p->system, sizeof p->system, db_col_text(st, 2));
	p->start_year = (int)db_col_int(st, 3);
	p->end_year = (int)db_col_int(st, 4);
	snprintf(p->approved_on, sizeof p->approved_on, "%.10s", db_col_text(st, 5));
	p->owner_org = db_col_int(st, 6);
	if (db_col_int(st, 7))
		return demo_fail(c, TD_ECONFLICT, "demo reports: plan %s already has indicators",
				 p->code);
	if (!period_date_valid(p->approved_on))
		p->approved_on[0] = 0;
	/* the plan's clock starts in the month it was approved */
	p->m0 = p->approved_on[0] ? (int)strtol(p->approved_on, NULL, 10) * 12 +
					    (int)strtol(p->approved_on + 5, NULL, 10) - 1
				  : p->start_year * 12;
	p->m_end = p->end_year * 12 + 11;
	if (p->m_end <= p->m0 || p->end_year - p->start_year >= DEMO_YEARS_MAX ||
	    spec->count > DEMO_IND_MAX)
		return demo_fail(c, TD_EINVALID, "demo reports: plan %s does not fit the demo",
				 p->code);
	p->n_ind = spec->count;
	for (size_t i = 0; i < spec->count; i++) {
		demo_rind *in = &p->ind[i];
		in->spec = &spec->indicators[i];
		in->freq = period_kind_from_name(in->spec->frequency);
		in->flow = strcmp(in->spec->time_agg, "sum") == 0;
		in->decimals = strcmp(in->spec->value_type, "integer") == 0 ? 0 : 1;
	}
	for (size_t i = 0; i < spec->count; i++) {
		p->ind[i].of = demo_ind_index(p, p->ind[i].spec->of);
		p->ind[i].den = demo_ind_index(p, p->ind[i].spec->den);
	}
	return TD_OK;
}

static tderr load_plans(demo_ctx *c, demo_rplan *plans, size_t *n)
{
	db_stmt *st = db_prepare(c->d, SQL_PLANS);
	if (!st)
		return demo_db_fail(c, TD_EINTERNAL, "plans");
	tderr e = TD_OK, fail = TD_OK;
	while (!fail && db_step(st, &e) == DB_ROW && *n < demo_plan_specs_count)
		for (size_t i = 0; i < demo_plan_specs_count; i++)
			if (db_col_text(st, 1) &&
			    !strcmp(demo_plan_specs[i].plan_code, db_col_text(st, 1)))
				fail = plan_from_row(c, st, &demo_plan_specs[i], &plans[(*n)++]);
	db_reset(st);
	return fail ? fail : e ? demo_db_fail(c, e, "plans") : TD_OK;
}

/* ---- leaders and members ---- */

static const char *slug_of(const demo_slug *t, const char *key)
{
	for (; t->key; t++)
		if (strcmp(t->key, key) == 0)
			return t->slug;
	return key;
}

/* The leader who approves for organisation o: its first active leader, else a new
 * user "<unit>.<system>.lanhdao" with a name from demo_data.c's parts and the demo
 * password's hash. */
static tderr leader_of(demo_ctx *c, const demo_rplan *p, const demo_rorg *o, int64_t *user)
{
	for (size_t i = 0; i < c->n_leaders; i++)
		if (c->leader_org[i] == o->id) {
			*user = c->leader_user[i];
			return TD_OK;
		}
	if (c->n_leaders == DEMO_LEADERS_MAX)
		return demo_fail(c, TD_EINTERNAL, "demo reports: too many approving organisations");
	db_stmt *st = db_prepare(c->d, SQL_LEADER);
	if (!st)
		return demo_db_fail(c, TD_EINTERNAL, "leader");
	db_bind_int(st, 1, o->id);
	tderr e = demo_one_int(c, st, user, "leader");
	if (e == TD_OK && !*user) {
		char username[128], name[128];
		int64_t taken = 0;
		snprintf(username, sizeof username, "%s.%s.lanhdao",
			 slug_of(demo_unit_slugs, o->unit_code),
			 slug_of(demo_system_slugs, p->system));
		if (!(st = db_prepare(c->d, SQL_USER_EXISTS)))
			return demo_db_fail(c, TD_EINTERNAL, username);
		db_bind_text(st, 1, username);
		if ((e = demo_one_int(c, st, &taken, username)) != TD_OK)
			return e;
		if (taken)
			return demo_fail(c, TD_ECONFLICT, "demo reports: user %s already exists",
					 username);
		size_t k = (size_t)c->generated++ + 7;
		const char *family = demo_family_names[(k * 3 + 5) % demo_family_names_count];
		if (strcmp(p->system, "women") == 0 || k % 3 == 2)
			snprintf(name, sizeof name, "%s %s %s", family,
				 demo_female_middle[(k * 5 + 1) % demo_female_middle_count],
				 demo_female_given[(k * 11 + 4) % demo_female_given_count]);
		else
			snprintf(name, sizeof name, "%s %s %s", family,
				 demo_male_middle[(k * 5 + 3) % demo_male_middle_count],
				 demo_male_given[(k * 11 + 2) % demo_male_given_count]);
		if (!(st = db_prepare(c->d, SQL_USER_INSERT)))
			return demo_db_fail(c, TD_EINTERNAL, username);
		db_bind_text(st, 1, username);
		db_bind_text(st, 2, name);
		db_bind_text(st, 3, c->hash);
		db_bind_int(st, 4, o->id);
		db_bind_text(st, 5, c->now);
		db_bind_text(st, 6, c->now);
		if ((e = store_one_int(st, user)) != TD_OK)
			return demo_db_fail(c, e, username);
		c->users++;
	}
	if (e == TD_OK) {
		c->leader_org[c->n_leaders] = o->id;
		c->leader_user[c->n_leaders++] = *user;
	}
	return e;
}

/* Who enters an organisation's reports: an officer, else a leader; 0 for none
 * (the figures were keyed in from paper). */
static tderr member_of(demo_ctx *c, int64_t org, int64_t *user)
{
	db_stmt *st = db_prepare(c->d, SQL_MEMBER);
	if (!st)
		return demo_db_fail(c, TD_EINTERNAL, "member");
	db_bind_int(st, 1, org);
	return demo_one_int(c, st, user, "member");
}

/* Approvers first (creating leaders), then who enters: a new leader may be both. */
static tderr people(demo_ctx *c, demo_rplan *p)
{
	tderr e = TD_OK;
	for (size_t i = 0; e == TD_OK && i < p->n_org; i++) {
		demo_rorg *o = &p->org[i];
		e = leader_of(c, p, o->parent >= 0 ? &p->org[o->parent] : o, &o->approver);
	}
	for (size_t i = 0; e == TD_OK && i < p->n_org; i++)
		e = member_of(c, p->org[i].id, &p->org[i].creator);
	return e ? e : member_of(c, p->owner_org, &p->owner_user);
}

/* ---- texts ---- */

typedef struct rtext {
	char results[TEXT_MAX], limitations[TEXT_MAX], causes[TEXT_MAX], recommendations[TEXT_MAX];
} rtext;

/* 1234567.5 the Vietnamese way: 1.234.567,5 */
static void fmt_vn(double v, int decimals, char *out, size_t size)
{
	long long scaled = llround(fabs(v) * (decimals ? 10 : 1));
	char digits[32], *w = out, *end = out + size - 1;
	int n = snprintf(digits, sizeof digits, "%lld", decimals ? scaled / 10 : scaled);
	for (int i = 0; i < n && w + 1 < end; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			*w++ = '.';
		*w++ = digits[i];
	}
	if (decimals && scaled % 10 && w + 2 <= end) {
		*w++ = ',';
		*w++ = (char)('0' + scaled % 10);
	}
	*w = 0;
}

static void cat(char *buf, const char *text)
{
	size_t len = strlen(buf), add = text ? strlen(text) : 0;
	if (!add || len + add + 2 > TEXT_MAX || strstr(buf, text))
		return;
	if (len)
		buf[len++] = ' ';
	memcpy(buf + len, text, add + 1);
}

/* Fills template tpl with the report's values; 0 when one of them is missing. */
static int expand(const demo_rplan *p, const demo_rvals *v, const char *tpl, char *out)
{
	char *w = out, *end = out + TEXT_MAX - 1;
	for (const char *s = tpl; *s && w < end;) {
		const char *close = *s == '{' ? strchr(s, '}') : NULL;
		if (*s != '{') {
			*w++ = *s++;
			continue;
		}
		char code[16], num[32];
		if (!close || close - s - 1 >= (long)sizeof code)
			return 0;
		snprintf(code, sizeof code, "%.*s", (int)(close - s - 1), s + 1);
		int k = demo_ind_index(p, code);
		if (k < 0 || !v->has[k])
			return 0;
		fmt_vn(v->v[k], p->ind[k].decimals, num, sizeof num);
		for (const char *n = num; *n && w < end; n++)
			*w++ = *n;
		s = close + 1;
	}
	*w = 0;
	return 1;
}

static const char *pick(const char *const *l, demo_rng *r)
{
	size_t n = 0;
	while (l && l[n])
		n++;
	return n ? l[(size_t)(demo_rng01(r) * (double)n) % n] : NULL;
}

/* Up to two of the plan's sentences with the report's figures, one without, and
 * a leading unit's way of working. */
static void results_text(const demo_rplan *p, const demo_rorg *o, const demo_rvals *v,
			 period_kind k, demo_rng *r, char *out)
{
	char one[TEXT_MAX];
	const char *plain[8];
	size_t with = 0, n = 0;
	for (const char *const *t = p->spec->results; *t; t++)
		if (!strchr(*t, '{') && n < 8)
			plain[n++] = *t;
		else if (with < 2 && strchr(*t, '{') && expand(p, v, *t, one) && ++with)
			cat(out, one);
	if (n && (!with || demo_rng01(r) < 0.5))
		cat(out, plain[(size_t)(demo_rng01(r) * (double)n) % n]);
	if (o->perf >= 1.1 && k != PERIOD_MONTH)
		cat(out, pick(demo_lead_results, r));
}

/* The lagging unit's own sentence, one of the plan's, perhaps a common one. */
static void section(const char *const *plan, const char *const *common, const char *lag,
		    demo_rng *r, char *out)
{
	cat(out, lag);
	if (!lag || demo_rng01(r) < 0.5)
		cat(out, demo_rng01(r) < 0.8 ? pick(plan, r) : NULL);
	if (!out[0] || demo_rng01(r) < 0.3)
		cat(out, pick(common, r));
}

/* Quarter and year reports of districts and the province always say something;
 * month reports and communes now and then. */
static void narrative(const demo_rplan *p, const demo_rorg *o, const demo_rvals *v, period_kind k,
		      int draft, demo_rng *r, rtext *t)
{
	const demo_plan_spec *sp = p->spec;
	int lag = o->perf < 0.8;
	memset(t, 0, sizeof *t);
	double share = k != PERIOD_MONTH ? (o->depth < 2 ? 1.0 : 0.6) : (o->depth < 2 ? 0.3 : 0.15);
	if (demo_rng01(r) >= share)
		return;
	results_text(p, o, v, k, r, t->results);
	if (draft || (k == PERIOD_MONTH && demo_rng01(r) >= 0.4))
		return;
	section(sp->limitations, demo_common_limitations, lag ? sp->lag_limitation : NULL, r,
		t->limitations);
	section(sp->causes, demo_common_causes, lag ? sp->lag_cause : NULL, r, t->causes);
	if (k != PERIOD_MONTH)
		section(sp->recommendations, demo_common_recommendations,
			lag ? sp->lag_recommendation : NULL, r, t->recommendations);
}

/* ---- the life of one report ---- */

typedef struct revent {
	int64_t at;
	wf_action action;
	wf_status from, to;
	int by_approver;
	const char *reason;
} revent;

typedef struct rlife {
	revent ev[8];
	int n;
} rlife;

static void event_add(rlife *l, int64_t at, wf_action a, wf_status from, wf_status to, int approver,
		      const char *reason)
{
	if (l->n < (int)(sizeof l->ev / sizeof l->ev[0]))
		l->ev[l->n++] = (revent){at, a, from, to, approver, reason};
}

static int64_t morning(int64_t day, demo_rng *r)
{
	return at_vn(day, rng_int(r, 8, 10), rng_int(r, 0, 59), rng_int(r, 0, 59));
}

static int64_t afternoon(int64_t day, demo_rng *r)
{
	return at_vn(day, rng_int(r, 14, 16), rng_int(r, 0, 59), rng_int(r, 0, 59));
}

/* The events of a report that ends in `fate`: created a few days before it is
 * sent, sent by the deadline or 1-20 days after it, approved or returned on a
 * working day after; some were returned once before approval. Cut at bound. */
static void life_of(const demo_rorg *o, const demo_rperiod *x, int fate, int64_t today,
		    int64_t bound, const char *reason, demo_rng *r, rlife *l)
{
	int late = demo_rng01(r) < o->late, again = demo_rng01(r) < (x->recency <= 1 ? 0.10 : 0.04);
	int days_late = 1 + (int)(19.99 * pow(demo_rng01(r), 2));
	int slack = (int)(x->due_day - x->to_day) - 1;
	int64_t submit, create;
	l->n = 0;
	if (x->state == 1) { /* still open: work in progress */
		submit = x->to_day + 1 + rng_int(r, 0, 3);
		submit = submit < today ? submit : today - 1;
		create = (fate == WF_DRAFT ? (x->to_day < today ? x->to_day : today - 1) : submit) -
			 rng_int(r, 0, 4);
		create = create > x->from_day ? create : x->from_day;
	} else {
		submit = late ? x->due_day + days_late
			      : x->due_day - rng_int(r, 0, slack < 4 ? slack : 4);
		create = fate == WF_DRAFT ? x->due_day - rng_int(r, 0, 3)
					  : submit - rng_int(r, 0, 2);
	}
	event_add(l, morning(create, r), WF_CREATE, WF_NONE, WF_DRAFT, 0, NULL);
	if (fate != WF_DRAFT) {
		event_add(l, afternoon(submit, r), WF_SUBMIT, WF_DRAFT, WF_SUBMITTED, 0, NULL);
		if (fate == WF_RETURNED || (again && fate == WF_APPROVED)) {
			int64_t back = working_day(submit + rng_int(r, 1, 3));
			event_add(l, morning(back, r), WF_RETURN, WF_SUBMITTED, WF_RETURNED, 1,
				  reason);
			if (fate == WF_APPROVED) {
				submit = back + rng_int(r, 1, 4);
				event_add(l, afternoon(submit, r), WF_SUBMIT, WF_RETURNED,
					  WF_SUBMITTED, 0, NULL);
			}
		}
		if (fate == WF_APPROVED)
			event_add(l, morning(working_day(submit + rng_int(r, 1, 5)), r), WF_APPROVE,
				  WF_SUBMITTED, WF_APPROVED, 1, NULL);
	}
	while (l->n > 0 && l->ev[l->n - 1].at >= bound)
		l->n--;
}

static tderr event_insert(demo_ctx *c, int64_t report, const demo_rorg *o, const revent *ev)
{
	char at[32];
	iso_of(ev->at, at);
	db_stmt *st = db_prepare(c->d, SQL_EVENT_INSERT);
	if (!st)
		return demo_db_fail(c, TD_EINTERNAL, "event");
	db_bind_int(st, 1, report);
	db_bind_text(st, 2, at);
	bind_id(st, 3, ev->by_approver ? o->approver : o->creator);
	db_bind_text(st, 4, wf_action_name(ev->action));
	db_bind_text(st, 5, ev->from == WF_NONE ? NULL : wf_status_name(ev->from));
	db_bind_text(st, 6, wf_status_name(ev->to));
	db_bind_text(st, 7, ev->reason ? ev->reason : "");
	tderr e = store_exec(st);
	if (e)
		return demo_db_fail(c, e, "event");
	c->events++;
	return TD_OK;
}

/* The report row as its events left it (version = one per event, as the workflow
 * bumps it), then its values and events. */
static tderr report_insert(demo_ctx *c, const demo_rplan *p, const demo_rorg *o,
			   const demo_rperiod *x, const rlife *l, const demo_rvals *v,
			   const rtext *t)
{
	char first[32] = "", last[32] = "", approved[32] = "", created[32], updated[32];
	const char *reason = NULL;
	for (int i = 0; i < l->n; i++) {
		const revent *ev = &l->ev[i];
		if (ev->action == WF_SUBMIT)
			iso_of(ev->at, first[0] ? last : first);
		else if (ev->action == WF_APPROVE)
			iso_of(ev->at, approved);
		else if (ev->action == WF_RETURN)
			reason = ev->reason; /* kept after approval, as reports_transition does */
	}
	if (!last[0])
		memcpy(last, first, sizeof last);
	wf_status status = l->ev[l->n - 1].to;
	iso_of(l->ev[0].at, created);
	iso_of(l->ev[l->n - 1].at, updated);
	db_stmt *st = db_prepare(c->d, SQL_REPORT_INSERT);
	if (!st)
		return demo_db_fail(c, TD_EINTERNAL, "report");
	db_bind_int(st, 1, p->id);
	db_bind_int(st, 2, o->id);
	db_bind_int(st, 3, o->unit_id);
	db_bind_text(st, 4, x->code);
	db_bind_text(st, 5, wf_status_name(status));
	db_bind_int(st, 6, l->n);
	db_bind_text(st, 7, t->results);
	db_bind_text(st, 8, t->limitations);
	db_bind_text(st, 9, t->causes);
	db_bind_text(st, 10, t->recommendations);
	db_bind_text(st, 11, x->deadline);
	bind_text_or_null(st, 12, first);
	bind_text_or_null(st, 13, last);
	bind_text_or_null(st, 14, approved);
	bind_id(st, 15, approved[0] ? o->approver : 0);
	bind_text_or_null(st, 16, reason);
	db_bind_text(st, 17, created);
	db_bind_text(st, 18, updated);
	bind_id(st, 19, o->creator);
	int64_t id = 0;
	tderr e = store_one_int(st, &id);
	if (e)
		return demo_db_fail(c, e, "report");
	c->reports++;
	c->status[status]++;
	for (size_t i = 0; i < p->n_ind; i++) {
		if (!v->has[i])
			continue;
		if (!(st = db_prepare(c->d, SQL_VALUE_INSERT)))
			return demo_db_fail(c, TD_EINTERNAL, "value");
		db_bind_int(st, 1, id);
		db_bind_int(st, 2, p->ind[i].id);
		db_bind_double(st, 3, v->v[i]);
		db_bind_text(st, 4, v->comment[i] ? v->comment[i] : "");
		if ((e = store_exec(st)) != TD_OK)
			return demo_db_fail(c, e, "value");
		c->values++;
	}
	for (int i = 0; i < l->n; i++)
		if ((e = event_insert(c, id, o, &l->ev[i])) != TD_OK)
			return e;
	return TD_OK;
}

static tderr reports_insert(demo_ctx *c, const demo_rplan *p)
{
	int64_t today = day_of(c->today);
	period_kind finest = PERIOD_NONE;
	for (int k = PERIOD_KIND_COUNT - 1; k > PERIOD_NONE; k--)
		finest = p->n_per[k] ? (period_kind)k : finest;
	for (size_t i = 0; i < p->n_org; i++)
		for (int k = PERIOD_MONTH; k < PERIOD_KIND_COUNT; k++)
			for (size_t j = 0; j < p->n_per[k]; j++) {
				const demo_rorg *o = &p->org[i];
				const demo_rperiod *x = &p->per[k][j];
				if (x->state == 0)
					continue;
				/* two streams: the values do not depend on how the report fared */
				demo_rng r = demo_rng_for(p->code, o->code, x->code), rv = r;
				rv.s ^= 0x5bd1e995ULL;
				int fate = demo_fate(o, x, finest, today, &r);
				const char *reason = demo_rng01(&r) < 0.6
							     ? pick(p->spec->return_reasons, &r)
							     : NULL;
				rlife l;
				life_of(o, x, fate, today, c->bound,
					reason ? reason : pick(demo_common_return_reasons, &r), &r,
					&l);
				if (fate == DEMO_FATE_MISSING || !l.n)
					continue;
				demo_rvals v;
				rtext t;
				demo_values(p, o, x, &rv, &v);
				int draft = l.ev[l.n - 1].to == WF_DRAFT;
				for (size_t n = 0; draft && n < p->n_ind; n++)
					v.has[n] &= demo_rng01(&rv) < 0.8; /* not all entered yet */
				narrative(p, o, &v, x->p.kind, draft, &rv, &t);
				tderr e = report_insert(c, p, o, x, &l, &v, &t);
				if (e)
					return e;
			}
	return TD_OK;
}

/* ---- the whole ---- */

static tderr seed_all(demo_ctx *c, demo_rplan *plans, size_t *n)
{
	tderr e = TD_OK;
	/* leaders share the first demo user's hash: no argon2id run here */
	db_stmt *st = db_prepare(c->d, SQL_HASH);
	if (!st)
		return demo_db_fail(c, TD_EINTERNAL, "users");
	db_bind_text(st, 1, demo_users[0].username);
	int rc = db_step(st, &e);
	if (rc == DB_ROW)
		copy(c->hash, sizeof c->hash, db_col_text(st, 0));
	db_reset(st);
	if (rc != DB_ROW || !c->hash[0])
		return rc < 0 ? demo_db_fail(c, e, "users")
			      : demo_fail(c, TD_ENOTFOUND,
					  "demo reports: the demo users are not loaded");
	if ((e = load_plans(c, plans, n)) != TD_OK)
		return e;
	if (*n == 0)
		return demo_fail(c, TD_ENOTFOUND, "demo reports: the demo plans are not loaded");
	for (size_t i = 0; i < *n; i++) {
		demo_rplan *p = &plans[i];
		if ((e = load_orgs(c, p)) != TD_OK || (e = load_periods(c, p)) != TD_OK ||
		    (e = people(c, p)) != TD_OK || (e = demo_indicators_insert(c, p)) != TD_OK ||
		    (e = demo_targets_insert(c, p)) != TD_OK || (e = reports_insert(c, p)) != TD_OK)
			return e;
	}
	json_t *after =
		json_pack("{s:s, s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:{s:i, s:i, s:i, s:i}}",
			  "today", c->today, "indicators", c->indicators, "targets", c->targets,
			  "target_history", c->history, "reports", c->reports, "values", c->values,
			  "events", c->events, "users", c->users, "statuses", "draft",
			  c->status[WF_DRAFT], "submitted", c->status[WF_SUBMITTED], "approved",
			  c->status[WF_APPROVED], "returned", c->status[WF_RETURNED]);
	e = after ? store_audit(c->d, NULL, NULL, "demo", 0, "seed_reports", NULL, after)
		  : TD_EINTERNAL;
	json_decref(after);
	return e ? demo_db_fail(c, e, "audit") : TD_OK;
}

tderr demo_reports_seed(db *d, const char *today, char *err, size_t errlen)
{
	static char sink[1];
	const char *env = today ? NULL : getenv(DEMO_TODAY_ENV);
	demo_ctx *c = calloc(1, sizeof *c);
	demo_rplan *plans = calloc(demo_plan_specs_count, sizeof *plans);
	if (errlen)
		err[0] = 0;
	if (!c || !plans) {
		free(c);
		free(plans);
		snprintf(errlen ? err : sink, errlen ? errlen : 1, "demo reports: out of memory");
		return TD_EINTERNAL;
	}
	c->d = d;
	c->err = errlen ? err : sink;
	c->errlen = errlen ? errlen : 1;
	if (!today && env && *env)
		today = env;
	if (today)
		copy(c->today, sizeof c->today, today);
	else
		clock_today_vn(c->today, sizeof c->today);
	size_t n = 0;
	tderr e = TD_OK;
	if (!period_date_valid(c->today) || (today && strlen(today) != 10))
		e = demo_fail(c, TD_EINVALID, "demo reports: %s%s is not a date (YYYY-MM-DD)",
			      today == env ? DEMO_TODAY_ENV "=" : "", today ? today : "");
	if (e == TD_OK) {
		c->bound = at_vn(day_of(c->today), 0, 0, 0);
		clock_iso(c->now, sizeof c->now);
		e = seed_all(c, plans, &n);
	}
	free(plans);
	free(c);
	return e;
}
