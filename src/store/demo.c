/* demo.c — builds the demo province from the tables of demo_data.c: units from
 * the seed CSV, then organisations and heads, users, plans; one transaction and
 * no randomness, so every demo database looks the same. */
#include "store/demo.h"
#include "auth/password.h"
#include "core/clock.h"
#include "store/demo_data.h"
#include "store/demo_followup.h"
#include "store/demo_registers.h"
#include "store/demo_reports.h"
#include "store/store.h"
#include "store/textkey.h"
#include "store/units_import.h"
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *SQL_ORG_ID = "SELECT id FROM organizations WHERE code = ?";
static const char *SQL_USER_EXISTS = "SELECT id FROM users WHERE username = ?";
static const char *SQL_UNIT_CURRENT =
	"SELECT u.id, u.kind, u.name, u.full_name, p.code FROM org_units u"
	" LEFT JOIN org_units p ON p.id = u.parent_id"
	" WHERE u.code = ? AND u.valid_to IS NULL ORDER BY u.valid_from DESC LIMIT 1";
static const char *SQL_ORG_INSERT =
	"INSERT INTO organizations(code, name, system, unit_id, parent_id, search, sort_key,"
	" created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
static const char *SQL_HEAD_INSERT =
	"INSERT INTO org_heads(organization_id, name, title, term_from, term_to)"
	" VALUES (?, ?, ?, ?, ?)";
static const char *SQL_USER_INSERT =
	"INSERT INTO users(username, full_name, password_hash, organization_id, role, active,"
	" created_at, updated_at) VALUES (?, ?, ?, ?, ?, 1, ?, ?)";
static const char *SQL_PLAN_INSERT =
	"INSERT INTO plans(code, kind, title, owner_id, start_year, end_year, approving_doc,"
	" approved_on, summary, status, search, sort_key, created_at, updated_at)"
	" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', ?, ?, ?, ?) RETURNING id";
static const char *SQL_OBJECTIVE_INSERT =
	"INSERT INTO plan_objectives(plan_id, position, code, title) VALUES (?, ?, ?, ?)";
static const char *SQL_COORDINATOR_INSERT =
	"INSERT INTO plan_coordinators(plan_id, organization_id, role) VALUES (?, ?, ?)";

#define DEMO_NAME_MAX 300

struct seed {
	db *d;
	char now[32];
	char *err;
	size_t errlen;
	int units, orgs, heads, users, plans;
	int generated;   /* district and commune heads made so far: picks their names */
};

__attribute__((format(printf, 3, 4)))
static tderr failf(struct seed *s, tderr e, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(s->err, s->errlen, fmt, ap);
	va_end(ap);
	return e == TD_OK ? TD_EINTERNAL : e;
}

static tderr db_failed(struct seed *s, tderr e, const char *what, const char *code)
{
	return failf(s, e, "demo: %s %s: %s", what, code, db_errmsg(s->d));
}

/* Id of an organisation by code; 0 when absent (or on error, with *e set). */
static int64_t org_id(struct seed *s, const char *code, tderr *e)
{
	int64_t id = 0;
	db_stmt *st = db_prepare(s->d, SQL_ORG_ID);
	if (!st) {
		*e = TD_EINTERNAL;
		return 0;
	}
	db_bind_text(st, 1, code);
	tderr r = store_one_int(st, &id);
	*e = r == TD_ENOTFOUND ? TD_OK : r;
	return r == TD_OK ? id : 0;
}

struct unit_info {
	int64_t id;
	char kind[32], name[UNITS_NAME_MAX + 1], full_name[UNITS_NAME_MAX + 1], parent_code[16];
};

static tderr unit_get(struct seed *s, const char *code, struct unit_info *u)
{
	tderr e = TD_OK;
	db_stmt *st = db_prepare(s->d, SQL_UNIT_CURRENT);
	if (!st)
		return db_failed(s, TD_EINTERNAL, "unit", code);
	db_bind_text(st, 1, code);
	int rc = db_step(st, &e);
	if (rc < 0)
		return db_failed(s, e, "unit", code);
	if (rc != DB_ROW) {
		db_reset(st);
		return failf(s, TD_EINVALID, "demo: unit %s is not in the seed file %s", code,
			     DEMO_UNITS_CSV);
	}
	const char *t;
	u->id = db_col_int(st, 0);
	snprintf(u->kind, sizeof u->kind, "%s", (t = db_col_text(st, 1)) ? t : "");
	snprintf(u->name, sizeof u->name, "%s", (t = db_col_text(st, 2)) ? t : "");
	snprintf(u->full_name, sizeof u->full_name, "%s", (t = db_col_text(st, 3)) ? t : "");
	snprintf(u->parent_code, sizeof u->parent_code, "%s", (t = db_col_text(st, 4)) ? t : "");
	db_reset(st);
	return TD_OK;
}

static tderr head_insert(struct seed *s, int64_t org, const char *org_code, const demo_head *h)
{
	db_stmt *st = db_prepare(s->d, SQL_HEAD_INSERT);
	if (!st)
		return db_failed(s, TD_EINTERNAL, "head of", org_code);
	db_bind_int(st, 1, org);
	db_bind_text(st, 2, h->name);
	db_bind_text(st, 3, h->title);
	db_bind_text(st, 4, h->from);
	db_bind_text(st, 5, h->to);
	tderr e = store_exec(st);
	if (e != TD_OK)
		return db_failed(s, e, "head of", org_code);
	s->heads++;
	return TD_OK;
}

/* Inserts one organisation; parent_code NULL for none. */
static tderr org_insert(struct seed *s, const char *code, const char *name, const char *system,
			int64_t unit_id, const char *parent_code, int64_t *id)
{
	tderr e = TD_OK;
	int64_t parent = 0;
	if (parent_code) {
		parent = org_id(s, parent_code, &e);
		if (e != TD_OK)
			return db_failed(s, e, "organisation", parent_code);
		if (!parent)
			return failf(s, TD_EINTERNAL, "demo: %s comes before its parent %s", code,
				     parent_code);
	}
	textkey k;
	if ((e = textkey_make(name, &k)) != TD_OK)
		return failf(s, e, "demo: name of %s is not valid text", code);
	db_stmt *st = db_prepare(s->d, SQL_ORG_INSERT);
	if (!st) {
		textkey_free(&k);
		return db_failed(s, TD_EINTERNAL, "organisation", code);
	}
	db_bind_text(st, 1, code);
	db_bind_text(st, 2, k.nfc);
	db_bind_text(st, 3, system);
	db_bind_int(st, 4, unit_id);
	if (parent)
		db_bind_int(st, 5, parent);
	else
		db_bind_null(st, 5);
	db_bind_text(st, 6, k.fold);
	db_bind_text(st, 7, k.sort);
	db_bind_text(st, 8, s->now);
	db_bind_text(st, 9, s->now);
	e = store_one_int(st, id);
	textkey_free(&k);
	if (e != TD_OK)
		return db_failed(s, e, "organisation", code);
	s->orgs++;
	return TD_OK;
}

static tderr province_orgs(struct seed *s)
{
	struct unit_info u = {0};
	tderr e = unit_get(s, DEMO_PROVINCE, &u);
	for (size_t i = 0; e == TD_OK && i < demo_province_orgs_count; i++) {
		const demo_org *o = &demo_province_orgs[i];
		int64_t id = 0;
		e = org_insert(s, o->code, o->name, o->system, u.id, o->parent_code, &id);
		for (size_t h = 0; e == TD_OK && h < sizeof o->heads / sizeof o->heads[0]; h++)
			if (o->heads[h].name)
				e = head_insert(s, id, o->code, &o->heads[h]);
	}
	return e;
}

/* "Huyện Lạng Giang" -> "huyện Lạng Giang": the unit as it reads after a body's
 * name ("Hội LHPN huyện Lạng Giang"). Every kind word starts with ASCII. */
static void unit_label(const struct unit_info *u, char *out, size_t size)
{
	snprintf(out, size, "%s", u->full_name);
	if (out[0] >= 'A' && out[0] <= 'Z')
		out[0] = (char)(out[0] - 'A' + 'a');
}

/* The district-level body word for youth and party: Huyện đoàn, Thành ủy, ... */
static const char *district_body(const char *kind, int party)
{
	static const struct { const char *kind, *youth, *party; } words[] = {
		{"huyen", "Huyện đoàn", "Huyện ủy"},
		{"thanh-pho", "Thành đoàn", "Thành ủy"},
		{"thi-xa", "Thị đoàn", "Thị ủy"},
		{"quan", "Quận đoàn", "Quận ủy"},
	};
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		if (strcmp(words[i].kind, kind) == 0)
			return party ? words[i].party : words[i].youth;
	return NULL;
}

/* Name of template t's organisation at unit u; 0 when it does not fit. */
static int template_name(const demo_template *t, const struct unit_info *u, int commune,
			 char *out, size_t size)
{
	char label[UNITS_NAME_MAX + 1];
	unit_label(u, label, sizeof label);
	int n;
	if (t->naming == DEMO_NAME_PREFIX) {
		n = snprintf(out, size, "%s %s", t->name_prefix, label);
	} else {
		int party = t->naming == DEMO_NAME_PARTY;
		const char *body = commune ? NULL : district_body(u->kind, party);
		if (body)
			n = snprintf(out, size, "%s %s", body, u->name);
		else
			n = snprintf(out, size, "%s %s", party ? "Đảng ủy" : "Đoàn", label);
	}
	return n > 0 && (size_t)n < size;
}

/* A head's name for the n-th generated organisation: a fixed walk through the
 * name parts, so the same demo always has the same people. */
static void generated_name(int n, int female, char *out, size_t size)
{
	size_t k = (size_t)n;
	if (female < 0)
		female = k % 3 == 1;
	const char *family = demo_family_names[(k * 5 + 1) % demo_family_names_count];
	if (female)
		snprintf(out, size, "%s %s %s", family,
			 demo_female_middle[(k * 3 + 2) % demo_female_middle_count],
			 demo_female_given[(k * 7 + 3) % demo_female_given_count]);
	else
		snprintf(out, size, "%s %s %s", family,
			 demo_male_middle[(k * 4 + 2) % demo_male_middle_count],
			 demo_male_given[(k * 7 + 3) % demo_male_given_count]);
}

/* One organisation of template t at the unit with code; its parent is the same
 * template one level up. */
static tderr local_org(struct seed *s, const demo_template *t, const char *unit_code, int commune)
{
	struct unit_info u = {0};
	tderr e = unit_get(s, unit_code, &u);
	if (e != TD_OK)
		return e;
	char code[64], parent[64], name[DEMO_NAME_MAX], person[128];
	snprintf(code, sizeof code, "%s-%s", t->code_prefix, unit_code);
	snprintf(parent, sizeof parent, "%s-%s", t->code_prefix,
		 commune ? u.parent_code : DEMO_PROVINCE);
	if (!template_name(t, &u, commune, name, sizeof name))
		return failf(s, TD_EINTERNAL, "demo: name of %s is too long", code);
	int64_t id = 0;
	if ((e = org_insert(s, code, name, t->system, u.id, parent, &id)) != TD_OK)
		return e;
	generated_name(s->generated++, t->female, person, sizeof person);
	demo_head h = {person, t->title, DEMO_LOCAL_TERM_FROM, NULL};
	return head_insert(s, id, code, &h);
}

static tderr local_orgs(struct seed *s)
{
	tderr e = TD_OK;
	/* all districts first, so that every commune finds its parent */
	for (size_t i = 0; e == TD_OK && i < demo_districts_count; i++)
		for (size_t t = 0; e == TD_OK && t < demo_templates_count; t++)
			e = local_org(s, &demo_templates[t], demo_districts[i], 0);
	for (size_t i = 0; e == TD_OK && i < demo_communes_count; i++)
		for (size_t t = 0; e == TD_OK && t < demo_templates_count; t++)
			if (demo_templates[t].communes)
				e = local_org(s, &demo_templates[t], demo_communes[i], 1);
	return e;
}

static tderr users_insert(struct seed *s, char (*hashes)[PASSWORD_HASH_MAX])
{
	for (size_t i = 0; i < demo_users_count; i++) {
		const demo_user *u = &demo_users[i];
		tderr e = TD_OK;
		int64_t org = org_id(s, u->org_code, &e);
		if (e != TD_OK)
			return db_failed(s, e, "user", u->username);
		if (!org)
			return failf(s, TD_EINTERNAL, "demo: user %s: no organisation %s", u->username,
				     u->org_code);
		db_stmt *st = db_prepare(s->d, SQL_USER_EXISTS);
		if (!st)
			return db_failed(s, TD_EINTERNAL, "user", u->username);
		int64_t existing = 0;
		db_bind_text(st, 1, u->username);
		e = store_one_int(st, &existing);
		if (e == TD_OK)
			return failf(s, TD_ECONFLICT, "demo: user %s already exists", u->username);
		if (e != TD_ENOTFOUND)
			return db_failed(s, e, "user", u->username);
		st = db_prepare(s->d, SQL_USER_INSERT);
		if (!st)
			return db_failed(s, TD_EINTERNAL, "user", u->username);
		db_bind_text(st, 1, u->username);
		db_bind_text(st, 2, u->full_name);
		db_bind_text(st, 3, hashes[i]);
		db_bind_int(st, 4, org);
		db_bind_text(st, 5, u->role);
		db_bind_text(st, 6, s->now);
		db_bind_text(st, 7, s->now);
		if ((e = store_exec(st)) != TD_OK)
			return db_failed(s, e, "user", u->username);
		s->users++;
	}
	return TD_OK;
}

static tderr plan_lists(struct seed *s, const demo_plan *p, int64_t plan)
{
	tderr e = TD_OK;
	for (size_t i = 0; i < DEMO_OBJECTIVES_MAX && p->objectives[i]; i++) {
		char code[16];
		snprintf(code, sizeof code, "MT%zu", i + 1);
		db_stmt *st = db_prepare(s->d, SQL_OBJECTIVE_INSERT);
		if (!st)
			return db_failed(s, TD_EINTERNAL, "objectives of", p->code);
		db_bind_int(st, 1, plan);
		db_bind_int(st, 2, (int64_t)i + 1);
		db_bind_text(st, 3, code);
		db_bind_text(st, 4, p->objectives[i]);
		if ((e = store_exec(st)) != TD_OK)
			return db_failed(s, e, "objectives of", p->code);
	}
	for (size_t i = 0; i < DEMO_COORDINATORS_MAX && p->coordinators[i].org_code; i++) {
		const demo_coordinator *c = &p->coordinators[i];
		int64_t org = org_id(s, c->org_code, &e);
		if (e != TD_OK || !org)
			return failf(s, e ? e : TD_EINTERNAL, "demo: plan %s: no organisation %s",
				     p->code, c->org_code);
		db_stmt *st = db_prepare(s->d, SQL_COORDINATOR_INSERT);
		if (!st)
			return db_failed(s, TD_EINTERNAL, "coordinators of", p->code);
		db_bind_int(st, 1, plan);
		db_bind_int(st, 2, org);
		db_bind_text(st, 3, c->role);
		if ((e = store_exec(st)) != TD_OK)
			return db_failed(s, e, "coordinators of", p->code);
	}
	return TD_OK;
}

static tderr plans_insert(struct seed *s)
{
	for (size_t i = 0; i < demo_plans_count; i++) {
		const demo_plan *p = &demo_plans[i];
		tderr e = TD_OK;
		int64_t owner = org_id(s, p->owner_code, &e);
		if (e != TD_OK || !owner)
			return failf(s, e ? e : TD_EINTERNAL, "demo: plan %s: no owner %s", p->code,
				     p->owner_code);
		/* the same stored forms as plans created through the API (plans.c) */
		textkey k;
		if ((e = textkey_make(p->title, &k)) != TD_OK)
			return failf(s, e, "demo: title of plan %s is not valid text", p->code);
		db_stmt *st = db_prepare(s->d, SQL_PLAN_INSERT);
		int64_t id = 0;
		if (st) {
			db_bind_text(st, 1, p->code);
			db_bind_text(st, 2, p->kind);
			db_bind_text(st, 3, k.nfc);
			db_bind_int(st, 4, owner);
			db_bind_int(st, 5, p->start_year);
			db_bind_int(st, 6, p->end_year);
			db_bind_text(st, 7, p->approving_doc);
			db_bind_text(st, 8, p->approved_on);
			db_bind_text(st, 9, p->summary);
			db_bind_text(st, 10, k.fold);
			db_bind_text(st, 11, k.sort);
			db_bind_text(st, 12, s->now);
			db_bind_text(st, 13, s->now);
			e = store_one_int(st, &id);
		} else {
			e = TD_EINTERNAL;
		}
		textkey_free(&k);
		if (e != TD_OK)
			return db_failed(s, e, "plan", p->code);
		if ((e = plan_lists(s, p, id)) != TD_OK)
			return e;
		s->plans++;
	}
	return TD_OK;
}

static tderr seed_all(struct seed *s, const char *seed_dir, char (*hashes)[PASSWORD_HASH_MAX])
{
	tderr e = TD_OK;
	if (org_id(s, DEMO_ADMIN_ORG_CODE, &e) || e != TD_OK)
		return e ? db_failed(s, e, "organisation", DEMO_ADMIN_ORG_CODE)
			 : failf(s, TD_ECONFLICT, "demo: the demo data is already in this database");
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", seed_dir ? seed_dir : ".", DEMO_UNITS_CSV);
	char ierr[512];
	if ((e = units_import_csv(s->d, path, NULL, &s->units, ierr, sizeof ierr)) != TD_OK)
		return failf(s, e, "demo: %s%s%s", strncmp(ierr, "line ", 5) == 0 ? path : "",
			     strncmp(ierr, "line ", 5) == 0 ? ": " : "", ierr);
	clock_iso(s->now, sizeof s->now);
	if ((e = province_orgs(s)) != TD_OK || (e = local_orgs(s)) != TD_OK ||
	    (e = users_insert(s, hashes)) != TD_OK || (e = plans_insert(s)) != TD_OK)
		return e;
	json_t *after = json_pack("{s:i, s:i, s:i, s:i, s:i}", "units", s->units, "organizations",
				  s->orgs, "heads", s->heads, "users", s->users, "plans", s->plans);
	e = after ? store_audit(s->d, NULL, NULL, "demo", 0, "seed", NULL, after) : TD_EINTERNAL;
	json_decref(after);
	if (e != TD_OK)
		return db_failed(s, e, "audit", "seed");
	return TD_OK;
}

tderr demo_seed(db *d, const char *seed_dir, const char *demo_password, char *err,
		size_t errlen)
{
	struct seed s = {.d = d, .err = err, .errlen = errlen};
	if (errlen)
		err[0] = 0;
	const char *why = password_policy_error(demo_password);
	if (why) {
		snprintf(err, errlen, "demo: password: %s", why);
		return TD_EINVALID;
	}
	if (auth_init() != TD_OK) {
		snprintf(err, errlen, "demo: cannot initialise the password library");
		return TD_EINTERNAL;
	}
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", seed_dir ? seed_dir : ".", DEMO_UNITS_CSV);
	if (access(path, R_OK) != 0) {
		snprintf(err, errlen, "demo: %s: %s", path, strerror(errno));
		return TD_ENOTFOUND;
	}
	/* hash before taking the write lock: argon2id is slow on purpose */
	char (*hashes)[PASSWORD_HASH_MAX] = calloc(demo_users_count, sizeof *hashes);
	if (!hashes) {
		snprintf(err, errlen, "demo: out of memory");
		return TD_EINTERNAL;
	}
	/* one argon2id run shared by every demo user (they share the password): a
	 * run per user made `init --demo` take seconds */
	if (password_hash(demo_password, hashes[0]) != TD_OK) {
		free(hashes);
		snprintf(err, errlen, "demo: cannot hash the password (out of memory)");
		return TD_EINTERNAL;
	}
	for (size_t i = 1; i < demo_users_count; i++)
		memcpy(hashes[i], hashes[0], sizeof hashes[0]);
	int own_tx = !db_in_tx(d);
	tderr e = own_tx ? db_begin(d) : TD_OK;
	if (e != TD_OK) {
		free(hashes);
		snprintf(err, errlen, "demo: %s", db_errmsg(d));
		return e;
	}
	e = seed_all(&s, seed_dir, hashes);
	free(hashes);
	if (e == TD_OK) /* NULL: today in Vietnam, or TIENDO_DEMO_TODAY */
		e = demo_reports_seed(d, NULL, err, errlen);
	if (e == TD_OK) /* the same today: NULL as above */
		e = demo_followup_seed(d, NULL, err, errlen);
	if (e == TD_OK)
		e = demo_registers_seed(d, err, errlen);
	if (e == TD_OK && own_tx && (e = db_commit(d)) != TD_OK)
		snprintf(err, errlen, "demo: %s", db_errmsg(d));
	if (e != TD_OK && own_tx)
		db_rollback(d);
	return e;
}

tderr demo_admin_org(db *d, int64_t *org_id_out)
{
	db_stmt *st = db_prepare(d, SQL_ORG_ID);
	if (!st)
		return TD_EINTERNAL;
	db_bind_text(st, 1, DEMO_ADMIN_ORG_CODE);
	return store_one_int(st, org_id_out);
}
