/* evaluation_subjects.c — what an evaluation is about: the plan with its
 * indicators, rules and scoring configuration, the plans running in a year, the
 * organisations of a system under a unit, and the heads who held their posts. */
#include "store/evaluation.h"
#include "store/plan_heirs.h"
#include "store/sqlbind.h"
#include "store/store.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void copy_text(char *dst, size_t size, const char *src)
{
	snprintf(dst, size, "%s", src ? src : "");
}

/* ---- the plan ---- */

static const char *SQL_PLAN =
	"SELECT p.id, p.code, p.title, p.owner_id, o.system, p.start_year, p.end_year,"
	" p.approved_on FROM plans p JOIN organizations o ON o.id = p.owner_id WHERE p.id = ?";
static const char *SQL_PLAN_RULES =
	"SELECT cutoff_day, deadline_days_month, deadline_days_quarter, deadline_days_half,"
	" deadline_days_nine, deadline_days_year FROM plan_rules WHERE plan_id = ?";
static const char *SQL_PLAN_INDICATORS =
	"SELECT id, code, name, unit_label, direction, time_agg, unit_agg, frequency"
	" FROM indicators WHERE plan_id = ? ORDER BY position, id LIMIT ?";

static tderr plan_head(db *d, int64_t id, eval_plan *p)
{
	db_stmt *s = db_prepare(d, SQL_PLAN);
	if (!s)
		return TD_EINTERNAL;
	db_bind_int(s, 1, id);
	tderr e = TD_OK;
	int rc = db_step(s, &e);
	if (rc == DB_ROW) {
		p->id = db_col_int(s, 0);
		p->ref = json_pack("{s:I,s:o,s:o}", "id", (json_int_t)p->id, "code",
				   store_col_str(s, 1), "title", store_col_str(s, 2));
		p->owner_id = db_col_int(s, 3);
		copy_text(p->system, sizeof p->system, db_col_text(s, 4));
		p->start_year = (int)db_col_int(s, 5);
		p->end_year = (int)db_col_int(s, 6);
		const char *ap = db_col_text(s, 7);
		copy_text(p->approved_on, sizeof p->approved_on, ap && period_date_valid(ap) ? ap : "");
	}
	db_reset(s);
	if (rc < 0)
		return e;
	return rc == DB_ROW ? TD_OK : TD_ENOTFOUND;
}

static tderr plan_rules(db *d, eval_plan *p)
{
	p->rules = period_default_rules();
	db_stmt *s = db_prepare(d, SQL_PLAN_RULES);
	if (!s)
		return TD_EINTERNAL;
	db_bind_int(s, 1, p->id);
	tderr e = TD_OK;
	int rc = db_step(s, &e);
	if (rc == DB_ROW) {
		period_rules r = {.cutoff_day = (int)db_col_int(s, 0)};
		for (int k = 0; k < 5; k++)
			r.deadline_days[PERIOD_MONTH + k] = (int)db_col_int(s, 1 + k);
		if (period_rules_check(&r) == TD_OK)
			p->rules = r;
	}
	db_reset(s);
	return rc < 0 ? e : TD_OK;
}

static tderr plan_indicators(db *d, eval_plan *p)
{
	db_stmt *s = db_prepare(d, SQL_PLAN_INDICATORS);
	if (!s)
		return TD_EINTERNAL;
	db_bind_int(s, 1, p->id);
	db_bind_int(s, 2, EVAL_INDICATORS_MAX);
	tderr e = TD_OK;
	int rc;
	while ((rc = db_step(s, &e)) == DB_ROW && p->nind < EVAL_INDICATORS_MAX) {
		eval_indicator *x = &p->ind[p->nind++];
		x->id = db_col_int(s, 0);
		x->ref = json_pack("{s:I,s:o,s:o,s:o}", "id", (json_int_t)x->id, "code",
				   store_col_str(s, 1), "name", store_col_str(s, 2), "unit_label",
				   store_col_str(s, 3));
		x->dir = indicator_direction_from_name(db_col_text(s, 4));
		x->time_agg = indicator_time_agg_from_name(db_col_text(s, 5));
		x->unit_agg = indicator_unit_agg_from_name(db_col_text(s, 6));
		x->freq = indicator_frequency_from_name(db_col_text(s, 7));
		if (x->freq != PERIOD_NONE)
			p->kinds |= 1u << x->freq;
	}
	db_reset(s);
	return rc < 0 ? e : TD_OK;
}

tderr eval_plan_load(db *d, int64_t id, eval_plan **out)
{
	*out = NULL;
	eval_plan *p = calloc(1, sizeof *p + EVAL_INDICATORS_MAX * sizeof p->ind[0]);
	if (!p)
		return TD_EINTERNAL;
	tderr e;
	if ((e = plan_head(d, id, p)) || (e = plan_rules(d, p)) || (e = plan_indicators(d, p)) ||
	    (e = eval_config_get(d, id, &p->config, NULL))) {
		eval_plan_free(p);
		return e;
	}
	*out = p;
	return TD_OK;
}

void eval_plan_free(eval_plan *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->nind; i++)
		json_decref(p->ind[i].ref);
	json_decref(p->ref);
	free(p);
}

/* Visible as plans_access says (plan_heirs.h), the organisation bound first. */
static const char *SQL_PLANS_RUNNING =
	PLAN_HEIRS_WITH "SELECT p.id FROM plans p JOIN organizations o ON o.id = p.owner_id"
	" JOIN org_units un ON un.id = o.unit_id"
	" WHERE p.status <> 'draft' AND p.start_year <= ? AND p.end_year >= ?"
	" AND (CAST(? AS TEXT) IS NULL OR o.system = ?)"
	" AND (un.path LIKE (? || '%') OR ? LIKE (un.path || '%') OR p.owner_id = ?"
	"   OR EXISTS (SELECT 1 FROM plan_coordinators vc WHERE vc.plan_id = p.id"
	"   AND vc.organization_id = ?) OR" PLAN_HEIR ")"
	" ORDER BY p.sort_key, p.id LIMIT ?";

tderr eval_plans_running(db *d, const eval_plan_filter *f, int64_t *ids, size_t max, size_t *n)
{
	*n = 0;
	db_stmt *s = db_prepare(d, SQL_PLANS_RUNNING);
	if (!s)
		return TD_EINTERNAL;
	sqlbind b = sb_start(s);
	sb_int(&b, f->scope_org);
	sb_int(&b, f->year);
	sb_int(&b, f->year);
	sb_text(&b, f->system);
	sb_text(&b, f->system);
	sb_text(&b, f->scope_path);
	sb_text(&b, f->scope_path);
	sb_int(&b, f->scope_org);
	sb_int(&b, f->scope_org);
	sb_int(&b, (int64_t)max);
	tderr e = TD_OK;
	int rc;
	while ((rc = db_step(s, &e)) == DB_ROW && *n < max)
		ids[(*n)++] = db_col_int(s, 0);
	db_reset(s);
	return rc < 0 ? e : TD_OK;
}

/* ---- organisations and heads ---- */

#define ORG_COLS                                                                           \
	"SELECT o.id, o.name, o.system, un.id, un.code, un.name, un.level, un.path,"       \
	" un.depth, pu.id, pu.path FROM organizations o JOIN org_units un ON un.id = o.unit_id" \
	" LEFT JOIN org_units pu ON pu.id = un.parent_id"

static const char *SQL_ORGS =
	ORG_COLS " WHERE (CAST(? AS TEXT) IS NULL OR o.system = ?) AND un.path LIKE (? || '%')"
	" AND (CAST(? AS TEXT) IS NULL OR un.level = ?)"
	" ORDER BY un.depth, un.sort_key, un.id, o.sort_key, o.id LIMIT ?";
static const char *SQL_ORG = ORG_COLS " WHERE o.id = ?";

static void org_row(db_stmt *s, eval_org *o)
{
	memset(o, 0, sizeof *o);
	o->id = db_col_int(s, 0);
	copy_text(o->system, sizeof o->system, db_col_text(s, 2));
	o->ref = json_pack("{s:I,s:o,s:o}", "id", (json_int_t)o->id, "name", store_col_str(s, 1),
			   "system", store_col_str(s, 2));
	o->unit_id = db_col_int(s, 3);
	copy_text(o->unit_code, sizeof o->unit_code, db_col_text(s, 4));
	o->unit = json_pack("{s:o,s:o,s:o}", "code", store_col_str(s, 4), "name",
			    store_col_str(s, 5), "level", store_col_str(s, 6));
	copy_text(o->level, sizeof o->level, db_col_text(s, 6));
	copy_text(o->unit_path, sizeof o->unit_path, db_col_text(s, 7));
	o->depth = (int)db_col_int(s, 8);
	o->parent_unit_id = db_col_is_null(s, 9) ? 0 : db_col_int(s, 9);
	copy_text(o->parent_path, sizeof o->parent_path, db_col_text(s, 10));
}

tderr eval_orgs_list(db *d, const char *system, const char *within_path, const char *level,
		     eval_org **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	db_stmt *s = db_prepare(d, SQL_ORGS);
	if (!s)
		return TD_EINTERNAL;
	sqlbind b = sb_start(s);
	sb_text(&b, system);
	sb_text(&b, system);
	sb_text(&b, within_path);
	sb_text(&b, level);
	sb_text(&b, level);
	sb_int(&b, EVAL_ORGS_MAX + 1);
	eval_org *v = NULL;
	size_t cap = 0, k = 0;
	tderr e = TD_OK;
	int rc;
	while ((rc = db_step(s, &e)) == DB_ROW) {
		if (k == EVAL_ORGS_MAX) {
			rc = -1;
			e = TD_ETOOLARGE;
			break;
		}
		if (k == cap) {
			size_t ncap = cap ? cap * 2 : 32;
			eval_org *nv = realloc(v, ncap * sizeof *nv);
			if (!nv) {
				rc = -1;
				e = TD_EINTERNAL;
				break;
			}
			v = nv;
			cap = ncap;
		}
		org_row(s, &v[k++]);
	}
	db_reset(s);
	if (rc < 0) {
		eval_orgs_free(v, k);
		return e;
	}
	*out = v;
	*n = k;
	return TD_OK;
}

tderr eval_org_get(db *d, int64_t id, eval_org *out)
{
	memset(out, 0, sizeof *out);
	db_stmt *s = db_prepare(d, SQL_ORG);
	if (!s)
		return TD_EINTERNAL;
	db_bind_int(s, 1, id);
	tderr e = TD_OK;
	int rc = db_step(s, &e);
	if (rc == DB_ROW)
		org_row(s, out);
	db_reset(s);
	if (rc < 0)
		return e;
	return rc == DB_ROW ? TD_OK : TD_ENOTFOUND;
}

void eval_org_clear(eval_org *o)
{
	if (!o)
		return;
	json_decref(o->ref);
	json_decref(o->unit);
	o->ref = o->unit = NULL;
}

void eval_orgs_free(eval_org *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		eval_org_clear(&v[i]);
	free(v);
}

static const char *SQL_HEADS =
	"SELECT name, title, term_from, term_to FROM org_heads WHERE organization_id = ?"
	" AND term_from <= ? AND (term_to IS NULL OR term_to >= ?) ORDER BY term_from, id LIMIT ?";

tderr eval_heads(db *d, int64_t org_id, const char *from, const char *to, eval_head **out,
		 size_t *n)
{
	*out = NULL;
	*n = 0;
	db_stmt *s = db_prepare(d, SQL_HEADS);
	if (!s)
		return TD_EINTERNAL;
	eval_head *v = calloc(EVAL_HEADS_MAX, sizeof *v);
	if (!v) {
		db_reset(s);
		return TD_EINTERNAL;
	}
	db_bind_int(s, 1, org_id);
	db_bind_text(s, 2, to);
	db_bind_text(s, 3, from);
	db_bind_int(s, 4, EVAL_HEADS_MAX);
	tderr e = TD_OK;
	size_t k = 0;
	int rc;
	while ((rc = db_step(s, &e)) == DB_ROW && k < EVAL_HEADS_MAX) {
		eval_head *h = &v[k++];
		h->ref = json_pack("{s:o,s:o}", "name", store_col_str(s, 0), "title",
				   store_col_str(s, 1));
		copy_text(h->term_from, sizeof h->term_from, db_col_text(s, 2));
		copy_text(h->term_to, sizeof h->term_to, db_col_text(s, 3));
	}
	db_reset(s);
	if (rc < 0 || k == 0) {
		eval_heads_free(v, k);
		return rc < 0 ? e : TD_OK;
	}
	*out = v;
	*n = k;
	return TD_OK;
}

void eval_heads_free(eval_head *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		json_decref(v[i].ref);
	free(v);
}
