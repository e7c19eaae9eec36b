/* gen.c — the benchmark's data and in-process measurements, built against the
 * project's own store and cube code (libtiendo.a).
 *
 *   gen units SCALE UNITS.csv           the unit tree of a scale, on stdout
 *   gen fill SCALE DB                   organisations, six plans, ~80 indicators,
 *                                       targets, reports and values (2021-2024)
 *   gen import-csv DB ROWS OUT.csv      values of 2025 in the values import format
 *   gen officers DB N                   N commune officers (admin's password)
 *   gen rawinsert DB ROWS               reference: a prepared-statement insert loop
 *   gen rollup DB PLAN UNIT YEAR N      one roll-up question, cube vs SQL
 *   gen sql                             that question's SQL (for PostgreSQL, DuckDB)
 *
 * SCALE: province (Bắc Giang, code 24), national-2025 or national-2023 (the whole
 * file). Everything is deterministic: the same scale gives the same database. */
#include "core/period.h"
#include "core/vntext.h"
#include "cube/cube.h"
#include "store/analytics_sql.h"
#include "store/db.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define YEAR0 2021
#define YEARS 4
#define NPLANS 6
#define LINE_MAX_BYTES 1024

static uint64_t rng_state = 0x7469656e646f3038ull;

static uint64_t rnd(void)
{
	uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

/* uniform in [0, 1) */
static double rndf(void)
{
	return (double)(rnd() >> 11) / 9007199254740992.0;
}

static double now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void die(const char *what, db *d)
{
	fprintf(stderr, "gen: %s: %s\n", what, d ? db_errmsg(d) : "");
	exit(1);
}

/* ---- gen units ---- */

/* Copies the header and the rows of the scale; for province, the subtree of 24. */
static int cmd_units(const char *scale, const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		perror(path);
		return 1;
	}
	int province = strcmp(scale, "province") == 0;
	char line[LINE_MAX_BYTES];
	char keep[2048][16];
	int nkeep = 0, first = 1;
	while (fgets(line, sizeof line, f)) {
		if (first || !province) {
			fputs(line, stdout);
			first = 0;
			continue;
		}
		char code[16] = "", parent[16] = "";
		if (sscanf(line, "%15[^,],%15[^,],", code, parent) < 1)
			continue;
		if (line[strlen(code)] == ',' && line[strlen(code) + 1] == ',')
			parent[0] = 0;
		int in = strcmp(code, "24") == 0;
		for (int i = 0; i < nkeep && !in; i++)
			in = strcmp(parent, keep[i]) == 0;
		if (!in)
			continue;
		if (nkeep < 2048)
			snprintf(keep[nkeep++], sizeof keep[0], "%s", code);
		fputs(line, stdout);
	}
	fclose(f);
	return 0;
}

/* ---- gen fill ---- */

typedef struct unit {
	int64_t id, parent;
	int64_t root;  /* the id of the unit's province */
	int64_t org;
	int depth;
	char code[16];
} unit;

static unit *units;
static int nunits;

static void load_units(db *d)
{
	db_stmt *s = db_prepare(d, "SELECT id, parent_id, depth, code FROM org_units ORDER BY id");
	if (!s)
		die("units", d);
	tderr e;
	int cap = 0;
	while (db_step(s, &e) == DB_ROW) {
		if (nunits == cap) {
			cap = cap ? cap * 2 : 1024;
			units = realloc(units, (size_t)cap * sizeof *units);
			if (!units)
				die("memory", NULL);
		}
		unit *u = &units[nunits++];
		u->id = db_col_int(s, 0);
		u->parent = db_col_is_null(s, 1) ? 0 : db_col_int(s, 1);
		u->depth = (int)db_col_int(s, 2);
		u->org = 0;
		snprintf(u->code, sizeof u->code, "%s", db_col_text(s, 3));
		/* parents come before their children in id order */
		u->root = u->id;
		for (int k = nunits - 2; k >= 0 && u->parent; k--)
			if (units[k].id == u->parent) {
				u->root = units[k].root;
				break;
			}
	}
	db_reset(s);
}

static void exec1(db *d, const char *sql)
{
	if (db_exec_script(d, sql) != TD_OK)
		die(sql, d);
}

static void step_done(db *d, db_stmt *s)
{
	tderr e;
	if (db_step(s, &e) < 0)
		die("insert", d);
	db_reset(s);
}

static int64_t step_id(db *d, db_stmt *s)
{
	tderr e;
	if (db_step(s, &e) != DB_ROW)
		die("insert returning", d);
	int64_t id = db_col_int(s, 0);
	db_reset(s);
	return id;
}

static const char *const PLAN_CODES[NPLANS] = {"BG-KDC", "BG-DDK", "BG-VHXH",
					       "BG-RACTHAI", "BG-OCOP", "BG-ANTT"};
static const char *const PLAN_TITLES[NPLANS] = {
	"Cuộc vận động Toàn dân đoàn kết xây dựng nông thôn mới, đô thị văn minh",
	"Phong trào Ngày vì người nghèo và an sinh xã hội",
	"Xây dựng đời sống văn hóa ở khu dân cư",
	"Thu gom, phân loại rác thải sinh hoạt tại nguồn",
	"Hỗ trợ sản phẩm OCOP và liên kết chuỗi giá trị",
	"Phong trào toàn dân bảo vệ an ninh Tổ quốc"};
/* indicators per plan (78 in all): monthly, then quarterly; the first plan's
 * monthly report carries 40 values (the submission benchmark) */
static const int MONTHLY[NPLANS] = {40, 6, 6, 6, 6, 6};
static const int QUARTERLY[NPLANS] = {0, 2, 2, 2, 2, 0};

typedef struct ind {
	int64_t id;
	int plan;
	int quarterly;
	int last;      /* time aggregation last (a stock) rather than sum */
	double scale;  /* typical monthly value at a commune */
} ind;

static ind inds[NPLANS * 48];
static int ninds;
static int64_t plan_ids[NPLANS];

static void make_orgs(db *d, const char *now)
{
	for (int i = 0; i < nunits; i++) {
		char code[48], name[96];
		snprintf(code, sizeof code, "mttq-%s", units[i].code);
		snprintf(name, sizeof name, "Ủy ban MTTQ %s", units[i].code);
		int64_t parent_org = 0;
		for (int k = i - 1; k >= 0 && units[i].parent; k--)
			if (units[k].id == units[i].parent) {
				parent_org = units[k].org;
				break;
			}
		char *search = vn_fold(name), *key = vn_sort_key(name);
		if (!search || !key)
			die("text", NULL);
		db_stmt *s = db_prepare(d,
			"INSERT INTO organizations(code, name, system, unit_id, parent_id, search,"
			" sort_key, version, created_at, updated_at) VALUES (?, ?, 'mttq', ?, ?, ?, ?,"
			" 1, ?, ?) RETURNING id");
		db_bind_text(s, 1, code);
		db_bind_text(s, 2, name);
		db_bind_int(s, 3, units[i].id);
		if (parent_org)
			db_bind_int(s, 4, parent_org);
		else
			db_bind_null(s, 4);
		db_bind_text(s, 5, search);
		db_bind_text(s, 6, key);
		db_bind_text(s, 7, now);
		db_bind_text(s, 8, now);
		units[i].org = step_id(d, s);
		free(search);
		free(key);
	}
}

static void make_plans(db *d, const char *now)
{
	for (int p = 0; p < NPLANS; p++) {
		char *search = vn_fold(PLAN_TITLES[p]), *key = vn_sort_key(PLAN_TITLES[p]);
		if (!search || !key)
			die("text", NULL);
		db_stmt *s = db_prepare(d,
			"INSERT INTO plans(code, kind, title, owner_id, start_year, end_year, search,"
			" sort_key, version, created_at, updated_at) VALUES (?, 'ke_hoach', ?, ?, ?, ?,"
			" ?, ?, 1, ?, ?) RETURNING id");
		db_bind_text(s, 1, PLAN_CODES[p]);
		db_bind_text(s, 2, PLAN_TITLES[p]);
		db_bind_int(s, 3, units[0].org);
		db_bind_int(s, 4, YEAR0);
		db_bind_int(s, 5, YEAR0 + YEARS);
		db_bind_text(s, 6, search);
		db_bind_text(s, 7, key);
		db_bind_text(s, 8, now);
		db_bind_text(s, 9, now);
		plan_ids[p] = step_id(d, s);
		free(search);
		free(key);
		int n = MONTHLY[p] + QUARTERLY[p];
		for (int k = 0; k < n; k++) {
			ind *in = &inds[ninds++];
			in->plan = p;
			in->quarterly = k >= MONTHLY[p];
			in->last = k % 5 == 4;
			in->scale = 2.0 + (double)(rnd() % 40);
			char code[32], name[96];
			snprintf(code, sizeof code, "CT%02d", k + 1);
			snprintf(name, sizeof name, "Chỉ tiêu %d của %s", k + 1, PLAN_CODES[p]);
			s = db_prepare(d,
				"INSERT INTO indicators(plan_id, code, name, unit_label, value_type,"
				" time_agg, unit_agg, direction, frequency, decimals, position, version,"
				" created_at, updated_at) VALUES (?, ?, ?, 'lượt', 'integer', ?, 'sum',"
				" 'up', ?, 0, ?, 1, ?, ?) RETURNING id");
			db_bind_int(s, 1, plan_ids[p]);
			db_bind_text(s, 2, code);
			db_bind_text(s, 3, name);
			db_bind_text(s, 4, in->last ? "last" : "sum");
			db_bind_text(s, 5, in->quarterly ? "quarter" : "month");
			db_bind_int(s, 6, k + 1);
			db_bind_text(s, 7, now);
			db_bind_text(s, 8, now);
			in->id = step_id(d, s);
		}
	}
}

/* Year targets for every unit with children and every indicator. */
static void make_targets(db *d, const char *now)
{
	db_stmt *s = db_prepare(d,
		"INSERT INTO targets(indicator_id, unit_id, year, value, updated_at)"
		" VALUES (?, ?, ?, ?, ?)");
	if (!s)
		die("targets", d);
	for (int i = 0; i < nunits; i++) {
		if (units[i].depth >= 2)
			continue;
		for (int k = 0; k < ninds; k++)
			for (int y = 0; y <= YEARS; y++) {
				db_bind_int(s, 1, inds[k].id);
				db_bind_int(s, 2, units[i].id);
				db_bind_int(s, 3, y == YEARS ? 0 : YEAR0 + y);
				db_bind_double(s, 4, floor(inds[k].scale * (units[i].depth ? 150 : 4000)));
				db_bind_text(s, 5, now);
				step_done(d, s);
			}
	}
}

static void make_reports(db *d, int64_t *nrep, int64_t *nval)
{
	db_stmt *rs = db_prepare(d,
		"INSERT INTO reports(plan_id, organization_id, unit_id, period, status, deadline,"
		" submitted_at, last_submitted_at, approved_at, created_at, updated_at)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
	db_stmt *vs = db_prepare(d,
		"INSERT INTO report_values(report_id, indicator_id, value) VALUES (?, ?, ?)");
	if (!rs || !vs)
		die("reports", d);
	int64_t since_commit = 0;
	for (int i = 0; i < nunits; i++) {
		if (units[i].depth < 2)
			continue; /* values are entered at communes */
		double size = 0.5 + rndf();
		for (int p = 0; p < NPLANS; p++)
			for (int q = 0; q < 2; q++) {
				if (q == 1 && !QUARTERLY[p])
					continue;
				int nper = q ? YEARS * 4 : YEARS * 12;
				for (int t = 0; t < nper; t++) {
					double r = rndf();
					if (r < 0.02)
						continue; /* never reported */
					int year = YEAR0 + t / (q ? 4 : 12), idx = t % (q ? 4 : 12) + 1;
					char per[16], dl[32], sub[32], appr[32];
					snprintf(per, sizeof per, q ? "%04dQ%d" : "%04d%02d", year, idx);
					int dm = q ? idx * 3 + 1 : idx + 1, dy = year;
					if (dm > 12)
						dm -= 12, dy++;
					snprintf(dl, sizeof dl, "%04d-%02d-05T16:59:59Z", dy, dm);
					int late = r > 0.90;
					snprintf(sub, sizeof sub, "%04d-%02d-%02dT02:00:00Z", dy, dm,
						 late ? 12 : 3);
					snprintf(appr, sizeof appr, "%04d-%02d-%02dT03:00:00Z", dy, dm,
						 late ? 20 : 6);
					/* late ones: most approved later, a few still waiting or drafts */
					const char *status = r > 0.985 ? "draft" : r > 0.97 ? "submitted"
											   : "approved";
					db_bind_int(rs, 1, plan_ids[p]);
					db_bind_int(rs, 2, units[i].org);
					db_bind_int(rs, 3, units[i].id);
					db_bind_text(rs, 4, per);
					db_bind_text(rs, 5, status);
					db_bind_text(rs, 6, dl);
					if (status[0] == 'd') {
						db_bind_null(rs, 7);
						db_bind_null(rs, 8);
					} else {
						db_bind_text(rs, 7, sub);
						db_bind_text(rs, 8, sub);
					}
					if (status[0] == 'a')
						db_bind_text(rs, 9, appr);
					else
						db_bind_null(rs, 9);
					db_bind_text(rs, 10, sub);
					db_bind_text(rs, 11, status[0] == 'a' ? appr : sub);
					int64_t rid = step_id(d, rs);
					(*nrep)++;
					for (int k = 0; k < ninds; k++) {
						if (inds[k].plan != p || inds[k].quarterly != q)
							continue;
						if (rndf() < 0.015)
							continue; /* a gap: left empty */
						double v = floor(inds[k].scale * size * (0.5 + rndf()) *
								 (q ? 3 : 1));
						db_bind_int(vs, 1, rid);
						db_bind_int(vs, 2, inds[k].id);
						db_bind_double(vs, 3, v);
						step_done(d, vs);
						(*nval)++;
						since_commit++;
					}
				}
			}
		if (since_commit > 2000000) {
			if (db_commit(d) || db_begin(d))
				die("commit", d);
			since_commit = 0;
			fprintf(stderr, "gen: %d/%d units, %lld values\n", i + 1, nunits,
				(long long)*nval);
		}
	}
}

static int cmd_fill(const char *path)
{
	db *d;
	char err[256];
	if (db_open(path, &d, err, sizeof err)) {
		fprintf(stderr, "gen: %s\n", err);
		return 1;
	}
	double t0 = now_s();
	exec1(d, "PRAGMA synchronous=OFF; PRAGMA cache_size=-400000");
	load_units(d);
	if (nunits == 0)
		die("no units", NULL);
	const char *now = "2025-01-10T00:00:00Z";
	if (db_begin(d))
		die("begin", d);
	make_orgs(d, now);
	make_plans(d, now);
	make_targets(d, now);
	int64_t nrep = 0, nval = 0;
	make_reports(d, &nrep, &nval);
	if (db_commit(d))
		die("commit", d);
	exec1(d, "PRAGMA synchronous=FULL; ANALYZE; PRAGMA wal_checkpoint(TRUNCATE)");
	db_close(d);
	printf("units %d, plans %d, indicators %d, reports %lld, values %lld, %.1f s\n", nunits,
	       NPLANS, ninds, (long long)nrep, (long long)nval, now_s() - t0);
	return 0;
}

/* ---- gen import-csv: values of 2025 (draft reports) for the import ---- */

static int cmd_import_csv(const char *path, long rows, const char *out)
{
	db *d;
	char err[256];
	if (db_open(path, &d, err, sizeof err)) {
		fprintf(stderr, "gen: %s\n", err);
		return 1;
	}
	load_units(d);
	db_stmt *s = db_prepare(d,
		"SELECT p.code, i.code, i.frequency FROM indicators i JOIN plans p ON p.id = i.plan_id"
		" ORDER BY p.id, i.position");
	char codes[NPLANS * 48][2][32];
	int quarterly[NPLANS * 48], n = 0;
	tderr e;
	while (s && db_step(s, &e) == DB_ROW && n < NPLANS * 48) {
		snprintf(codes[n][0], 32, "%s", db_col_text(s, 0));
		snprintf(codes[n][1], 32, "%s", db_col_text(s, 1));
		quarterly[n++] = strcmp(db_col_text(s, 2), "quarter") == 0;
	}
	db_reset(s);
	db_close(d);
	FILE *f = fopen(out, "w");
	if (!f) {
		perror(out);
		return 1;
	}
	fputs("plan,indicator,unit,period,value\n", f);
	long written = 0;
	/* communes under the first root (the admin's scope), month by month of 2025 */
	for (int m = 1; m <= 12 && written < rows; m++)
		for (int i = 0; i < nunits && written < rows; i++) {
			if (units[i].depth < 2 || units[i].root != units[0].id)
				continue;
			for (int k = 0; k < n && written < rows; k++) {
				if (quarterly[k] && m % 3)
					continue;
				char per[16];
				if (quarterly[k])
					snprintf(per, sizeof per, "2025Q%d", m / 3);
				else
					snprintf(per, sizeof per, "2025%02d", m);
				fprintf(f, "%s,%s,%s,%s,%d\n", codes[k][0], codes[k][1], units[i].code,
					per, (int)(rnd() % 90) + 1);
				written++;
			}
		}
	fclose(f);
	printf("%ld rows\n", written);
	return 0;
}

/* ---- gen officers: one officer per commune of the first root, admin's password ---- */

static int cmd_officers(const char *path, int n)
{
	db *d;
	char err[256];
	if (db_open(path, &d, err, sizeof err)) {
		fprintf(stderr, "gen: %s\n", err);
		return 1;
	}
	load_units(d);
	if (db_begin(d))
		die("begin", d);
	int made = 0;
	for (int i = 0; i < nunits && made < n; i++) {
		if (units[i].depth < 2 || units[i].root != units[0].id)
			continue;
		char user[48];
		snprintf(user, sizeof user, "cb-%s", units[i].code);
		db_stmt *s = db_prepare(d,
			"INSERT INTO users(username, full_name, password_hash, organization_id, role,"
			" active, version, created_at, updated_at)"
			" SELECT ?, ?, u.password_hash, o.id, 'officer', 1, 1, u.created_at, u.created_at"
			" FROM users u, organizations o WHERE u.username = 'admin' AND o.code = ?");
		char org[48];
		snprintf(org, sizeof org, "mttq-%s", units[i].code);
		db_bind_text(s, 1, user);
		db_bind_text(s, 2, user);
		db_bind_text(s, 3, org);
		step_done(d, s);
		printf("%s\n", user);
		made++;
	}
	if (db_commit(d))
		die("commit", d);
	db_close(d);
	return 0;
}

/* ---- gen rawinsert: the reference insert loop ---- */

static int cmd_rawinsert(const char *path, long rows)
{
	db *d;
	char err[256];
	remove(path);
	if (db_open(path, &d, err, sizeof err)) {
		fprintf(stderr, "gen: %s\n", err);
		return 1;
	}
	exec1(d, "CREATE TABLE report_values (report_id INTEGER NOT NULL,"
		 " indicator_id INTEGER NOT NULL, value REAL, comment TEXT NOT NULL DEFAULT '',"
		 " PRIMARY KEY (report_id, indicator_id));"
		 " CREATE INDEX report_values_ind ON report_values(indicator_id)");
	double t0 = now_s();
	if (db_begin(d))
		die("begin", d);
	db_stmt *s = db_prepare(d,
		"INSERT INTO report_values(report_id, indicator_id, value) VALUES (?, ?, ?)");
	for (long i = 0; i < rows; i++) {
		db_bind_int(s, 1, i / 12 + 1);
		db_bind_int(s, 2, i % 12 + 1);
		db_bind_double(s, 3, (double)(rnd() % 90 + 1));
		step_done(d, s);
	}
	if (db_commit(d))
		die("commit", d);
	double dt = now_s() - t0;
	db_close(d);
	printf("%ld %.0f\n", rows, (double)rows / dt);
	return 0;
}

/* ---- gen rollup: the same question by the cube and by SQL ---- */

static long rss_kb(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	long kb = 0;
	while (f && fgets(line, sizeof line, f))
		if (sscanf(line, "VmRSS: %ld", &kb) == 1)
			break;
	if (f)
		fclose(f);
	return kb;
}

/* The roll-up question in one SQL statement, the same text for SQLite, PostgreSQL
 * and DuckDB (`gen sql` prints it): per district of the province and per monthly
 * summed indicator of the plan, the Σ of the approved values of the year. Binds:
 * province id, plan id, first and last month, plan id. */
static const char SQL_ROLLUP[] =
	"SELECT c.parent_id, v.indicator_id, SUM(v.value) FROM report_values v"
	" JOIN reports r ON r.id = v.report_id"
	" JOIN org_units c ON c.id = r.unit_id"
	" JOIN org_units dd ON dd.id = c.parent_id"
	" WHERE dd.parent_id = ? AND r.plan_id = ? AND r.status = 'approved'"
	" AND r.period >= ? AND r.period <= ?"
	" AND v.indicator_id IN (SELECT id FROM indicators WHERE plan_id = ?"
	" AND frequency = 'month' AND time_agg = 'sum')"
	" GROUP BY c.parent_id, v.indicator_id";

static int cmd_rollup(const char *path, const char *plan, const char *unit_code, int year,
		      int iters)
{
	db *d;
	char err[256];
	if (db_open(path, &d, err, sizeof err)) {
		fprintf(stderr, "gen: %s\n", err);
		return 1;
	}
	double t0 = now_s();
	if (cube_init(d) != TD_OK)
		die("cube", d);
	double t_build = now_s() - t0;
	long rss = rss_kb();
	int64_t unit_id = 0, plan_id = 0, ids[64];
	int n = 0;
	tderr e;
	db_stmt *s = db_prepare(d, "SELECT id FROM org_units WHERE code = ? AND parent_id IS NULL");
	db_bind_text(s, 1, unit_code);
	if (db_step(s, &e) == DB_ROW)
		unit_id = db_col_int(s, 0);
	db_reset(s);
	s = db_prepare(d, "SELECT i.id, p.id FROM indicators i JOIN plans p ON p.id = i.plan_id"
			  " WHERE p.code = ? AND i.frequency = 'month' AND i.time_agg = 'sum'"
			  " ORDER BY i.id");
	db_bind_text(s, 1, plan);
	while (db_step(s, &e) == DB_ROW && n < 64) {
		ids[n++] = db_col_int(s, 0);
		plan_id = db_col_int(s, 1);
	}
	db_reset(s);
	cube_unit_ref *fam = NULL;
	size_t nf = 0;
	if (!unit_id || !n || cube_unit_family(d, unit_id, &fam, &nf))
		die("question", d);
	int64_t *uids = malloc(nf * sizeof *uids);
	cube_figure *out = malloc((size_t)n * nf * sizeof *out);
	if (!uids || !out)
		die("memory", NULL);
	for (size_t i = 0; i < nf; i++)
		uids[i] = fam[i].id;
	period p = {PERIOD_YEAR, year, 0};
	t0 = now_s();
	for (int it = 0; it < iters; it++)
		for (int k = 0; k < n; k++)
			if (cube_query_family(d, ids[k], uids, nf, &p, 0, out + (size_t)k * nf))
				die("cube query", d);
	double t_cube = (now_s() - t0) / (iters > 0 ? iters : 1);
	/* the same question by SQLite, best of three */
	char lo[16], hi[16];
	snprintf(lo, sizeof lo, "%04d01", year);
	snprintf(hi, sizeof hi, "%04d12", year);
	double t_sql = 1e9;
	int mismatches = 0, cells = 0;
	for (int run = 0; run < 3; run++) {
		t0 = now_s();
		s = db_prepare(d, SQL_ROLLUP);
		if (!s)
			die("rollup sql", d);
		db_bind_int(s, 1, unit_id);
		db_bind_int(s, 2, plan_id);
		db_bind_text(s, 3, lo);
		db_bind_text(s, 4, hi);
		db_bind_int(s, 5, plan_id);
		cells = 0;
		while (db_step(s, &e) == DB_ROW) {
			int64_t dist = db_col_int(s, 0), indicator = db_col_int(s, 1);
			double v = db_col_double(s, 2);
			cells++;
			if (run)
				continue;
			int found = 0;
			for (int k = 0; k < n; k++)
				for (size_t i = 1; i < nf; i++)
					if (ids[k] == indicator && uids[i] == dist) {
						const cube_figure *f = &out[(size_t)k * nf + i];
						found = f->has_value && fabs(f->value - v) <= 1e-9 * fabs(v);
					}
			mismatches += !found;
		}
		db_reset(s);
		double t = now_s() - t0;
		if (t < t_sql)
			t_sql = t;
	}
	printf("build_s %.3f rss_mb %.1f cube_us %.2f sqlite_us %.0f cells %d mismatches %d\n",
	       t_build, (double)rss / 1024.0, t_cube * 1e6, t_sql * 1e6, cells, mismatches);
	printf("question province_id %lld plan_id %lld from %s to %s\n", (long long)unit_id,
	       (long long)plan_id, lo, hi);
	free(fam);
	free(uids);
	free(out);
	cube_shutdown();
	db_close(d);
	return mismatches != 0;
}

int main(int argc, char **argv)
{
	if (argc >= 4 && strcmp(argv[1], "units") == 0)
		return cmd_units(argv[2], argv[3]);
	if (argc >= 4 && strcmp(argv[1], "fill") == 0)
		return cmd_fill(argv[3]);
	if (argc >= 5 && strcmp(argv[1], "import-csv") == 0)
		return cmd_import_csv(argv[2], atol(argv[3]), argv[4]);
	if (argc >= 4 && strcmp(argv[1], "officers") == 0)
		return cmd_officers(argv[2], atoi(argv[3]));
	if (argc >= 4 && strcmp(argv[1], "rawinsert") == 0)
		return cmd_rawinsert(argv[2], atol(argv[3]));
	if (argc >= 2 && strcmp(argv[1], "sql") == 0)
		return puts(SQL_ROLLUP) < 0;
	if (argc >= 7 && strcmp(argv[1], "rollup") == 0)
		return cmd_rollup(argv[2], argv[3], argv[4], atoi(argv[5]), atoi(argv[6]));
	fputs("usage: gen units SCALE UNITS.csv | fill SCALE DB | import-csv DB ROWS OUT.csv |"
	      " officers DB N | rawinsert DB ROWS | rollup DB PLAN UNIT YEAR N | sql\n",
	      stderr);
	return 2;
}
