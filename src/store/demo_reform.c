/* demo_reform.c — the demo's reorganisation: the new tree, the mapping, the
 * reports of moved organisations re-attributed from July 2025, and the first plan
 * of the new province (2026–2030). */
#include "store/demo_reform.h"
#include "core/clock.h"
#include "core/period.h"
#include "core/vntext.h"
#include "store/store.h"
#include "store/reform_import.h"
#include "store/units_import.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EFFECTIVE "2025-07-01"
#define MOVED_REPORTS_MAX 20000

static const char *SQL_MOVED_REPORTS =
	"SELECT r.id, r.period, o.unit_id FROM reports r"
	" JOIN organizations o ON o.id = r.organization_id"
	" JOIN unit_transfers t ON t.entity = 'organizations' AND t.entity_id = o.id"
	" WHERE r.unit_id = t.from_unit_id ORDER BY r.id";
static const char *SQL_REPORT_UNIT = "UPDATE reports SET unit_id = ? WHERE id = ?";
static const char *SQL_ORG_BY_CODE = "SELECT id, unit_id FROM organizations WHERE code = ?";
static const char *SQL_PLAN_INSERT =
	"INSERT INTO plans(code, kind, title, owner_id, start_year, end_year, approving_doc,"
	" approved_on, summary, status, search, sort_key, created_at, updated_at)"
	" VALUES (?, 'ke_hoach', ?, ?, 2026, 2030, ?, '2026-01-20', ?, 'active', ?, ?, ?, ?)"
	" RETURNING id";
static const char *SQL_INDICATOR_INSERT =
	"INSERT INTO indicators(plan_id, code, name, unit_label, value_type, time_agg, unit_agg,"
	" direction, frequency, decimals, min_value, position, version, created_at, updated_at)"
	" VALUES (?, ?, ?, ?, 'integer', ?, 'sum', 'up', ?, 0, 0, ?, 1, ?, ?) RETURNING id";
static const char *SQL_TARGET_INSERT =
	"INSERT INTO targets(indicator_id, unit_id, year, value, updated_at, updated_by)"
	" VALUES (?, ?, ?, ?, ?, NULL)";

typedef struct new_indicator {
	const char *code, *name, *label, *time_agg, *freq;
	double first, step; /* target of 2026, then + step a year */
} new_indicator;

static const new_indicator indicators[] = {
	{"KDC01", "Khu dân cư đạt chuẩn văn hóa", "khu dân cư", "last", "year", 3500, 60},
	{"KDC02", "Nhà Đại đoàn kết được xây mới, sửa chữa", "nhà", "sum", "quarter", 400, 20},
	{"KDC03", "Quỹ “Vì người nghèo” vận động được", "triệu đồng", "sum", "month", 60000, 3000},
};

/* Reports of the organisations the reform moved, for periods that begin on or
 * after the effective date, belong to the new unit. */
static tderr reattribute(db *d, int *moved)
{
	db_stmt *s = db_prepare(d, SQL_MOVED_REPORTS);
	if (!s)
		return TD_EINTERNAL;
	int64_t (*rows)[2] = malloc(MOVED_REPORTS_MAX * sizeof *rows);
	if (!rows)
		return TD_EINTERNAL;
	size_t n = 0;
	tderr e = TD_OK;
	int rc;
	while ((rc = db_step(s, &e)) == DB_ROW && n < MOVED_REPORTS_MAX) {
		period p;
		const char *code = db_col_text(s, 1);
		if (!code || period_parse(code, &p) != TD_OK)
			continue;
		if (p.year * 12 + period_first_month(&p) < 2025 * 12 + 7)
			continue;
		rows[n][0] = db_col_int(s, 0);
		rows[n][1] = db_col_int(s, 2);
		n++;
	}
	db_reset(s);
	if (rc < 0) {
		free(rows);
		return e;
	}
	for (size_t i = 0; i < n && !e; i++) {
		if (!(s = db_prepare(d, SQL_REPORT_UNIT))) {
			e = TD_EINTERNAL;
			break;
		}
		db_bind_int(s, 1, rows[i][1]);
		db_bind_int(s, 2, rows[i][0]);
		e = store_exec(s);
	}
	free(rows);
	*moved = (int)n;
	return e;
}

static tderr new_plan(db *d, int *targets)
{
	db_stmt *s = db_prepare(d, SQL_ORG_BY_CODE);
	if (!s)
		return TD_EINTERNAL;
	db_bind_text(s, 1, "mttq-24");
	tderr e = TD_OK;
	int64_t owner = 0, unit = 0;
	if (db_step(s, &e) == DB_ROW) {
		owner = db_col_int(s, 0);
		unit = db_col_int(s, 1);
	}
	db_reset(s);
	if (!owner)
		return e ? e : TD_ENOTFOUND;
	const char *title = "Phát huy sức mạnh khối đại đoàn kết toàn dân tộc, xây dựng tỉnh Bắc"
			    " Ninh giàu mạnh, văn minh giai đoạn 2026–2030";
	char now[32];
	clock_iso(now, sizeof now);
	char *search = vn_fold(title), *key = vn_sort_key(title);
	if (!search || !key || !(s = db_prepare(d, SQL_PLAN_INSERT))) {
		free(search);
		free(key);
		return TD_EINTERNAL;
	}
	db_bind_text(s, 1, "KH-MTTQ-2630");
	db_bind_text(s, 2, title);
	db_bind_int(s, 3, owner);
	db_bind_text(s, 4, "Kế hoạch số 15/KH-MTTQ-BTT ngày 20/01/2026 của Ban Thường trực Ủy ban"
			   " MTTQ tỉnh Bắc Ninh");
	db_bind_text(s, 5, "Kế hoạch đầu tiên trên địa bàn tỉnh Bắc Ninh mới (sau sắp xếp đơn vị"
			   " hành chính từ 01/7/2025): 99 xã, phường, không còn cấp huyện.");
	db_bind_text(s, 6, search);
	db_bind_text(s, 7, key);
	db_bind_text(s, 8, now);
	db_bind_text(s, 9, now);
	int64_t plan = 0;
	e = store_one_int(s, &plan);
	free(search);
	free(key);
	for (size_t i = 0; i < sizeof indicators / sizeof indicators[0] && !e; i++) {
		const new_indicator *ni = &indicators[i];
		if (!(s = db_prepare(d, SQL_INDICATOR_INSERT)))
			return TD_EINTERNAL;
		db_bind_int(s, 1, plan);
		db_bind_text(s, 2, ni->code);
		db_bind_text(s, 3, ni->name);
		db_bind_text(s, 4, ni->label);
		db_bind_text(s, 5, ni->time_agg);
		db_bind_text(s, 6, ni->freq);
		db_bind_int(s, 7, (int64_t)i + 1);
		db_bind_text(s, 8, now);
		db_bind_text(s, 9, now);
		int64_t ind = 0;
		if ((e = store_one_int(s, &ind)))
			break;
		double whole = 0;
		for (int y = 2026; y <= 2030 && !e; y++) {
			double v = ni->first + ni->step * (y - 2026);
			whole = strcmp(ni->time_agg, "last") == 0 ? v : whole + v;
			for (int k = 0; k < 2 && !e; k++) {
				if (k == 1 && y != 2030)
					break;
				if (!(s = db_prepare(d, SQL_TARGET_INSERT)))
					return TD_EINTERNAL;
				db_bind_int(s, 1, ind);
				db_bind_int(s, 2, unit);
				db_bind_int(s, 3, k ? 0 : y);
				db_bind_double(s, 4, k ? whole : v);
				db_bind_text(s, 5, now);
				if (!(e = store_exec(s)))
					(*targets)++;
			}
		}
	}
	return e;
}

tderr demo_reform_seed(db *d, const char *seed_dir, char *err, size_t errlen)
{
	char old_bn[1024], new_bn[1024], map[1024];
	snprintf(old_bn, sizeof old_bn, "%s/units/bac-ninh-2023.csv", seed_dir);
	snprintf(new_bn, sizeof new_bn, "%s/units/bac-ninh-2025.csv", seed_dir);
	snprintf(map, sizeof map, "%s/reform/bac-ninh-2025.csv", seed_dir);
	int own_tx = !db_in_tx(d);
	tderr e = own_tx ? db_begin(d) : TD_OK;
	if (e) {
		snprintf(err, errlen, "database: %s", db_errmsg(d));
		return e;
	}
	int n_old = 0, n_new = 0, reports = 0, targets = 0;
	reform_result res = {0};
	if ((e = units_import_csv(d, old_bn, NULL, &n_old, err, errlen)) ||
	    (e = units_import_csv(d, new_bn, EFFECTIVE, &n_new, err, errlen)) ||
	    (e = reform_import_csv(d, map, 1, &res, err, errlen)))
		goto fail;
	if ((e = reattribute(d, &reports)) || (e = new_plan(d, &targets))) {
		snprintf(err, errlen, "database: %s", db_errmsg(d));
		goto fail;
	}
	json_t *after = json_pack("{s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:i}", "units_old_bac_ninh",
				  n_old, "units_2025", n_new, "successions", res.successions,
				  "moved_organizations", res.moved_orgs, "moved_tasks",
				  res.moved_tasks, "moved_register_records", res.moved_records,
				  "reports_reattributed", reports, "targets_2026_2030", targets);
	e = store_audit(d, NULL, NULL, "demo", 0, "seed_reform", NULL, after);
	json_decref(after);
	if (!e && own_tx)
		e = db_commit(d);
	if (e) {
		snprintf(err, errlen, "database: %s", db_errmsg(d));
		goto fail;
	}
	return TD_OK;
fail:
	if (own_tx)
		db_rollback(d);
	return e;
}
