/* test_demo_followup.c — the follow-up records the demo adds (docs/DEMO.md,
 * "Follow-up records"): the article's complaints are there as findings, tasks,
 * models and inspections; tasks show every derived status; late documents and
 * late money are visible; findings addressed to Sở Tài chính carry answers; the
 * replication trees stay inside their plan; nothing happens after today, nothing
 * points to a missing row, and two runs give the same rows. The schema comes from
 * the numbered files of sql/ applied in order, as a fresh database gets it. */
#include <glob.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "store/db.h"
#include "store/demo.h"
#include "store/demo_followup.h"
#include "store/demo_reports.h"

#define DEMO_PW "mat-khau-demo-2023"
#define TODAY "2026-11-29"           /* after every plan has ended */
#define TODAY_START "2026-11-28T17:00:00Z"
#define MID_PLAN "2024-05-10"
#define MID_PLAN_START "2024-05-09T17:00:00Z"
#define SEED_CSV "seed/units/bac-giang-2023.csv"

struct fixture {
	char dir[256];
	db *d;        /* seeded as of TODAY */
	int skipped;  /* no seed file: every test skips */
};

/* derived task status, as FOLLOWUP-CONTRACT.md defines it */
static const char *SQL_TASK_STATUS =
	"SELECT COUNT(*) FROM tasks WHERE CASE WHEN completed_on IS NOT NULL THEN"
	" CASE WHEN completed_on <= deadline THEN 'done_on_time' ELSE 'done_late' END"
	" WHEN ? <= deadline THEN 'in_progress' ELSE 'overdue' END = ?";
static const char *SQL_TASK_TITLE = "SELECT COUNT(*) FROM tasks WHERE title LIKE ?";
static const char *SQL_TASK_PLANS =
	"SELECT COUNT(DISTINCT plan_id) FROM tasks WHERE title LIKE ?";
static const char *SQL_TASKS_ALL_PLANS =
	"SELECT COUNT(*) FROM plans p"
	" WHERE NOT EXISTS (SELECT 1 FROM tasks t WHERE t.plan_id = p.id)";
static const char *SQL_SLOT_KINDS =
	"SELECT COUNT(DISTINCT CASE WHEN length(slot) = 4 THEN 'year' WHEN slot LIKE '%Q%'"
	" THEN 'quarter' ELSE 'month' END) FROM tasks"
	" WHERE substr(slot, 1, 4) BETWEEN '2022' AND '2026'";
static const char *SQL_EXTENDED =
	"SELECT COUNT(*) FROM tasks t JOIN task_extensions x ON x.task_id = t.id"
	" WHERE t.deadline <> t.original_deadline AND x.new_deadline = t.deadline"
	" AND x.old_deadline = t.original_deadline AND x.reason <> '' AND x.document <> ''";
static const char *SQL_EXTENDED_BAD =
	"SELECT COUNT(*) FROM tasks t WHERE (t.deadline <> t.original_deadline) <>"
	" EXISTS (SELECT 1 FROM task_extensions x WHERE x.task_id = t.id)";
static const char *SQL_COMMENTS = "SELECT COUNT(*) FROM task_comments WHERE body <> ''";
static const char *SQL_TASK_LEVELS =
	"SELECT COUNT(DISTINCT u.level) FROM tasks t JOIN org_units u ON u.id = t.unit_id";
static const char *SQL_TASK_BAD =
	"SELECT COUNT(*) FROM tasks WHERE progress NOT BETWEEN 0 AND 100"
	" OR (completed_on IS NOT NULL) <> (progress = 100) OR start_on > deadline"
	" OR unit_id <> (SELECT o.unit_id FROM organizations o WHERE o.id = responsible_id)";

static const char *SQL_FINDING =
	"SELECT COUNT(*) FROM findings f LEFT JOIN plans p ON p.id = f.plan_id"
	" WHERE f.title LIKE ? AND COALESCE(p.code, '') LIKE ?";
static const char *SQL_FINDING_UNITS =
	"SELECT COUNT(DISTINCT f.unit_id) FROM findings f JOIN plans p ON p.id = f.plan_id"
	" WHERE f.title LIKE ? AND p.code = ?";
/* the landfill: severity high, addressed to the People's Committee of the district
 * the commune lies in */
static const char *SQL_LANDFILL =
	"SELECT COUNT(*) FROM findings f JOIN org_units u ON u.id = f.unit_id"
	" JOIN org_units d ON d.id = u.parent_id JOIN organizations a ON a.id = f.addressed_to_id"
	" WHERE f.title LIKE '%bãi rác, lò đốt rác%' AND u.level = 'commune'"
	" AND f.severity = 'high' AND a.code = 'ubnd-' || d.code";
static const char *SQL_LATE_MONEY_PLANS =
	"SELECT COUNT(DISTINCT plan_id) FROM findings WHERE kind = 'limitation'"
	" AND title LIKE '%kinh phí%' AND (title LIKE '%chậm%' OR title LIKE '%Chưa bố trí%')";
static const char *SQL_ADDRESSED =
	"SELECT COUNT(*) FROM findings f JOIN organizations a ON a.id = f.addressed_to_id"
	" JOIN organizations r ON r.id = f.raised_by_id WHERE a.code = ? AND f.title LIKE ?"
	" AND r.code IN ('danvan-24', 'mttq-24') AND f.kind = 'recommendation'";
static const char *SQL_TAICHINH_ANSWERED =
	"SELECT COUNT(*) FROM findings f JOIN organizations a ON a.id = f.addressed_to_id"
	" WHERE a.code = 'taichinh-24' AND f.response <> '' AND f.responded_at IS NOT NULL"
	" AND f.responded_by IS NOT NULL AND f.status IN ('answered', 'resolved', 'declined')";
static const char *SQL_FINDING_STATUS = "SELECT COUNT(*) FROM findings WHERE status = ?";
static const char *SQL_OVERDUE =
	"SELECT COUNT(*) FROM findings WHERE status IN ('open', 'answered') AND due_on < ?";
static const char *SQL_ESCALATED =
	"SELECT COUNT(*) FROM findings f JOIN organizations a ON a.id = f.addressed_to_id"
	" WHERE f.escalated_at IS NOT NULL AND f.escalated_to_id = a.parent_id"
	" AND f.status = 'open' AND f.due_on < substr(f.escalated_at, 1, 10)";
static const char *SQL_ESCALATED_BAD =
	"SELECT COUNT(*) FROM findings WHERE (escalated_at IS NULL) <> (escalated_to_id IS NULL)";
static const char *SQL_REOPENED =
	"SELECT COUNT(*) FROM findings WHERE reopened = 1 AND status = 'open' AND response <> ''";
static const char *SQL_FINDING_BAD =
	"SELECT COUNT(*) FROM findings WHERE (status IN ('resolved', 'declined'))"
	" <> (resolved_on IS NOT NULL) OR (status = 'answered' AND response = '')"
	" OR (response <> '') <> (responded_at IS NOT NULL) OR search = ''"
	" OR (source = 'report') <> (report_id IS NOT NULL)"
	" OR (source = 'inspection') <> (inspection_id IS NOT NULL)";
/* a report-sourced finding quotes a report of its raiser on its plan */
static const char *SQL_FROM_REPORT =
	"SELECT COUNT(*), SUM(r.organization_id = f.raised_by_id AND r.plan_id = f.plan_id"
	" AND r.submitted_at < f.created_at) FROM findings f JOIN reports r ON r.id = f.report_id";
static const char *SQL_FROM_INSPECTION =
	"SELECT COUNT(*), SUM(i.inspector_id = f.raised_by_id) FROM findings f"
	" JOIN inspections i ON i.id = f.inspection_id";
static const char *SQL_INSPECTION =
	"SELECT COUNT(*) FROM inspections i JOIN organizations o ON o.id = i.inspector_id"
	" WHERE o.code LIKE ? AND i.kind = ? AND i.conclusions <> ''";
static const char *SQL_INSPECTION_FINDINGS =
	"SELECT COUNT(DISTINCT inspection_id) FROM findings WHERE inspection_id IS NOT NULL";

static const char *SQL_LATE_DOCS = "SELECT COUNT(*) FROM documents WHERE issued_on > due_on";
static const char *SQL_DOC_KIND =
	"SELECT COUNT(*) FROM documents WHERE kind = ? AND number LIKE ?";
static const char *SQL_PLANS_WITHOUT_DECISION =
	"SELECT COUNT(*) FROM plans p WHERE NOT EXISTS (SELECT 1 FROM documents d"
	" WHERE d.plan_id = p.id AND d.kind IN ('quyet_dinh', 'ke_hoach'))";

static const char *SQL_BUDGET_LATE =
	"SELECT COUNT(*) FROM budgets WHERE allocated_on IS NOT NULL AND julianday(allocated_on)"
	" - julianday(COALESCE(needed_on, year || '-01-01')) > 90"
	" AND source IN ('district', 'commune')";
static const char *SQL_BUDGET_NEVER =
	"SELECT COUNT(*) FROM budgets WHERE allocated_on IS NULL AND allocated = 0 AND year < 2026";
static const char *SQL_BUDGET_UNDER =
	"SELECT COUNT(*) FROM budgets WHERE disbursed > 0 AND disbursed < allocated";
static const char *SQL_BUDGET_SOURCES = "SELECT COUNT(DISTINCT source) FROM budgets";
static const char *SQL_BUDGET_BAD =
	"SELECT COUNT(*) FROM budgets WHERE planned NOT BETWEEN 1000000 AND 2000000000"
	" OR (allocated_on IS NULL) <> (allocated = 0) OR (disbursed_on IS NULL) <> (disbursed = 0)"
	" OR disbursed > allocated OR disbursed_on < allocated_on"
	" OR unit_id <> (SELECT o.unit_id FROM organizations o WHERE o.id = organization_id)";

static const char *SQL_MODEL = "SELECT COUNT(*) FROM models WHERE name LIKE ?";
static const char *SQL_REPLICATIONS_BAD =
	"SELECT COUNT(*) FROM models m JOIN models o ON o.id = m.replicates_id"
	" WHERE o.plan_id <> m.plan_id OR o.started_on > m.started_on";
static const char *SQL_REPLICATIONS =
	"SELECT COUNT(*) FROM models WHERE replicates_id IS NOT NULL";
static const char *SQL_SECOND_LEVEL =
	"SELECT COUNT(*) FROM models m JOIN models o ON o.id = m.replicates_id"
	" WHERE o.replicates_id IS NOT NULL";
static const char *SQL_RECOGNIZED =
	"SELECT COUNT(*) FROM models WHERE recognized = 1 AND recognized_on IS NOT NULL";

static const char *SQL_ACTIVITY_KINDS = "SELECT COUNT(DISTINCT kind) FROM activities";
static const char *SQL_ACTIVITY_BAD =
	"SELECT COUNT(*) FROM activities WHERE participants <= 0 OR kind NOT IN"
	" ('propaganda', 'training', 'conference', 'emulation', 'other')";
static const char *SQL_CONFERENCE =
	"SELECT COUNT(DISTINCT plan_id) FROM activities WHERE held_on = '2023-06-14'"
	" AND kind = 'conference'"
	" AND title LIKE 'Hội nghị đánh giá kết quả thực hiện các kế hoạch%'";

/* nothing on or after today: dates, and timestamps before today began in Vietnam */
static const char *SQL_AFTER =
	"SELECT (SELECT COUNT(*) FROM tasks WHERE completed_on >= ?1 OR created_at >= ?2"
	"   OR updated_at >= ?2)"
	" + (SELECT COUNT(*) FROM task_extensions WHERE at >= ?2)"
	" + (SELECT COUNT(*) FROM task_comments WHERE at >= ?2)"
	" + (SELECT COUNT(*) FROM documents WHERE issued_on >= ?1 OR updated_at >= ?2)"
	" + (SELECT COUNT(*) FROM budgets WHERE allocated_on >= ?1 OR disbursed_on >= ?1"
	"   OR updated_at >= ?2)"
	" + (SELECT COUNT(*) FROM inspections WHERE held_on >= ?1 OR updated_at >= ?2)"
	" + (SELECT COUNT(*) FROM findings WHERE responded_at >= ?2 OR resolved_on >= ?1"
	"   OR escalated_at >= ?2 OR created_at >= ?2 OR updated_at >= ?2)"
	" + (SELECT COUNT(*) FROM models WHERE started_on >= ?1 OR recognized_on >= ?1"
	"   OR updated_at >= ?2)"
	" + (SELECT COUNT(*) FROM activities WHERE held_on >= ?1 OR updated_at >= ?2)";
static const char *SQL_NOTIFICATIONS = "SELECT COUNT(*) FROM notifications";
static const char *SQL_AUDIT =
	"SELECT COUNT(*) FROM audit_log WHERE entity = 'demo' AND action = 'seed_followup'"
	" AND json_extract(after_json, '$.today') = ?";
static const char *SQL_FK_CHECK = "PRAGMA foreign_key_check";
static const char *SQL_FK_ON = "PRAGMA foreign_keys";

/* every follow-up row, every column */
static const char *const SQL_DIGESTS[] = {
	"SELECT group_concat(x, '|') FROM (SELECT quote(id) || quote(plan_id) || quote(title)"
	" || quote(description) || quote(responsible_id) || quote(unit_id) || quote(start_on)"
	" || quote(deadline) || quote(original_deadline) || quote(slot) || quote(progress)"
	" || quote(completed_on) || quote(version) || quote(created_by) || quote(created_at)"
	" || quote(updated_at) AS x FROM tasks ORDER BY id)",
	"SELECT group_concat(x, '|') FROM (SELECT quote(task_id) || quote(organization_id) AS x"
	" FROM task_coordinators ORDER BY task_id, organization_id)",
	"SELECT group_concat(x, '|') FROM (SELECT quote(task_id) || quote(new_deadline)"
	" || quote(reason) || quote(user_id) || quote(at) AS x FROM task_extensions ORDER BY id)",
	"SELECT group_concat(x, '|') FROM (SELECT quote(task_id) || quote(user_id) || quote(at)"
	" || quote(body) AS x FROM task_comments ORDER BY id)",
	"SELECT group_concat(x, '|') FROM (SELECT quote(id) || quote(plan_id) || quote(number)"
	" || quote(kind) || quote(title) || quote(issuer_id) || quote(unit_id) || quote(issued_on)"
	" || quote(due_on) || quote(created_at) AS x FROM documents ORDER BY id)",
	"SELECT group_concat(x, '|') FROM (SELECT quote(id) || quote(plan_id)"
	" || quote(organization_id) || quote(year) || quote(source) || quote(planned)"
	" || quote(allocated) || quote(allocated_on) || quote(disbursed) || quote(disbursed_on)"
	" || quote(needed_on) || quote(note) || quote(created_at) || quote(updated_at) AS x"
	" FROM budgets ORDER BY id)",
	"SELECT group_concat(x, '|') FROM (SELECT quote(id) || quote(inspector_id)"
	" || quote(inspected_id) || quote(unit_id) || quote(kind) || quote(held_on)"
	" || quote(follow_up) || quote(updated_at) AS x FROM inspections ORDER BY id)",
	"SELECT group_concat(x, '|') FROM (SELECT quote(id) || quote(plan_id) || quote(kind)"
	" || quote(unit_id) || quote(title) || quote(raised_by_id) || quote(source)"
	" || quote(report_id) || quote(inspection_id) || quote(addressed_to_id)"
	" || quote(severity) || quote(due_on) || quote(response) || quote(responded_at)"
	" || quote(responded_by) || quote(status) || quote(resolved_on) || quote(reopened)"
	" || quote(escalated_to_id) || quote(escalated_at) || quote(version)"
	" || quote(created_at) || quote(updated_at) AS x FROM findings ORDER BY id)",
	"SELECT group_concat(x, '|') FROM (SELECT quote(id) || quote(plan_id) || quote(unit_id)"
	" || quote(organization_id) || quote(name) || quote(started_on) || quote(replicates_id)"
	" || quote(recognized) || quote(recognized_on) AS x FROM models ORDER BY id)",
	"SELECT group_concat(x, '|') FROM (SELECT quote(id) || quote(plan_id) || quote(unit_id)"
	" || quote(organization_id) || quote(kind) || quote(title) || quote(held_on)"
	" || quote(participants) AS x FROM activities ORDER BY id)",
};

/* ---- helpers ---- */

static int64_t count(db *d, const char *sql, const char *a, const char *b)
{
	db_stmt *s = db_prepare(d, sql);
	if (!s)
		fail_msg("%s: %s", sql, db_errmsg(d));
	if (a)
		db_bind_text(s, 1, a);
	if (b)
		db_bind_text(s, 2, b);
	tderr e = TD_OK;
	int rc = db_step(s, &e);
	int64_t v = rc == DB_ROW ? db_col_int(s, 0) : -1;
	db_reset(s);
	if (rc != DB_ROW)
		fail_msg("%s: no row (%s)", sql, db_errmsg(d));
	return v;
}

/* Two integer columns of the first row. */
static void two(db *d, const char *sql, int64_t *x, int64_t *y)
{
	db_stmt *s = db_prepare(d, sql);
	assert_non_null(s);
	tderr e = TD_OK;
	assert_int_equal(db_step(s, &e), DB_ROW);
	*x = db_col_int(s, 0);
	*y = db_col_int(s, 1);
	db_reset(s);
}

static char *read_all(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *buf = n >= 0 ? malloc((size_t)n + 1) : NULL;
	if (buf && fread(buf, 1, (size_t)n, f) == (size_t)n) {
		buf[n] = 0;
	} else {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	return buf;
}

/* A new database at dir/name with every sql/NNN_*.sql applied in order, then the
 * whole demo as of today. */
static int open_seeded(const char *dir, const char *name, const char *today, db **out)
{
	char path[400], err[512];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	if (db_open(path, out, err, sizeof err) != TD_OK)
		return -1;
	glob_t g;
	if (glob("sql/[0-9]*.sql", 0, NULL, &g) != 0)
		return -1;
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < g.gl_pathc; i++) { /* glob sorts */
		char *sql = read_all(g.gl_pathv[i]);
		if (!sql || db_exec_script(*out, sql) != TD_OK) {
			print_error("%s: %s\n", g.gl_pathv[i], db_errmsg(*out));
			rc = -1;
		}
		free(sql);
	}
	globfree(&g);
	if (rc)
		return rc;
	setenv(DEMO_TODAY_ENV, today, 1);
	tderr e = demo_seed(*out, "seed", DEMO_PW, err, sizeof err);
	unsetenv(DEMO_TODAY_ENV);
	if (e != TD_OK) {
		print_error("demo_seed: %d %s\n", e, err);
		return -1;
	}
	return 0;
}

static void remove_db(const char *dir, const char *name)
{
	const char *suffixes[] = {"", "-wal", "-shm"};
	char p[400];
	for (size_t i = 0; i < 3; i++) {
		snprintf(p, sizeof p, "%s/%s%s", dir, name, suffixes[i]);
		unlink(p);
	}
}

static int group_setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof *fx);
	if (!fx)
		return -1;
	*state = fx;
	if (access(SEED_CSV, R_OK) != 0) {
		fx->skipped = 1;
		return 0;
	}
	const char *tmp = getenv("TMPDIR");
	snprintf(fx->dir, sizeof fx->dir, "%s/tiendo-followup-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(fx->dir))
		return -1;
	return open_seeded(fx->dir, "a.db", TODAY, &fx->d);
}

static int group_teardown(void **state)
{
	struct fixture *fx = *state;
	db_close(fx->d);
	if (fx->dir[0]) {
		remove_db(fx->dir, "a.db");
		rmdir(fx->dir);
	}
	free(fx);
	return 0;
}

#define SEEDED()                                                                          \
	struct fixture *fx = *state;                                                      \
	if (fx->skipped)                                                                  \
		skip();                                                                   \
	db *d = fx->d

static void expect_at_least(db *d, const char *sql, const char *a, const char *b, int64_t min)
{
	int64_t n = count(d, sql, a, b);
	if (n < min)
		fail_msg("%s [%s, %s]: %lld, want at least %lld", sql, a ? a : "", b ? b : "",
			 (long long)n, (long long)min);
}

/* ---- tests ---- */

static void test_article_examples(void **state)
{
	SEEDED();
	/* boarding houses: tax and posted prices, in several communes; density */
	expect_at_least(d, SQL_FINDING_UNITS, "%niêm yết giá%", "DA-NHATRO", 3);
	expect_at_least(d, SQL_FINDING, "%kê khai nộp thuế%", "DA-NHATRO", 3);
	expect_at_least(d, SQL_FINDING, "%xây vượt quá mật độ%công cộng%", "DA-NHATRO", 1);
	/* waste: sorted at home, one truck; no landfill or incinerator */
	expect_at_least(d, SQL_FINDING, "%đổ chung một xe%", "DA-RACTHAI", 2);
	expect_at_least(d, SQL_LANDFILL, NULL, NULL, 1);
	/* late money at the grassroots, in several plans; few digital applications */
	expect_at_least(d, SQL_LATE_MONEY_PLANS, NULL, NULL, 3);
	expect_at_least(d, SQL_FINDING, "%công nghệ số chưa nhiều%", "DA-NANGLUCSO", 1);
	/* the conference's recommendations to Sở Tài chính and UBND tỉnh */
	expect_at_least(d, SQL_ADDRESSED, "taichinh-24", "Kiến nghị Sở Tài chính bố trí kinh phí%",
			1);
	expect_at_least(d, SQL_ADDRESSED, "ubnd-24", "%tăng cường quản lý nhà nước%", 1);

	/* the roadmap's examples */
	static const char *const tasks[] = {
		"Tổ chức hội nghị triển khai đề án",
		"Khảo sát, lập danh sách nhà trọ trên địa bàn",
		"Tập huấn phân loại rác cho chi hội trưởng",
		"Xây dựng mô hình điểm “Khu dân cư phân loại rác tại nguồn”",
		"Sơ kết 3 năm thực hiện đề án",
		"Hỗ trợ HTX hoàn thiện hồ sơ OCOP",
		"Thành lập tổ ANTT tự quản",
		"Tập huấn kỹ năng số cho đoàn viên",
	};
	for (size_t i = 0; i < sizeof tasks / sizeof tasks[0]; i++)
		expect_at_least(d, SQL_TASK_TITLE, tasks[i], NULL, 1);
	expect_at_least(d, SQL_TASK_PLANS, "Tổ chức hội nghị triển khai đề án", NULL, 5);

	/* pilot models */
	static const char *const models[] = {
		"Mô hình “Nhà trọ công nhân an toàn, văn minh” tại %",
		"Mô hình “Khu dân cư phân loại rác tại nguồn”%",
		"Mô hình “Tổ tự quản ANTT do CCB làm nòng cốt”%",
		"Chi hội nông dân nghề nghiệp %",
		"Đội hình thanh niên hỗ trợ chuyển đổi số%",
	};
	for (size_t i = 0; i < sizeof models / sizeof models[0]; i++)
		expect_at_least(d, SQL_MODEL, models[i], NULL, 1);

	/* inspectors: Ban Dân vận, Ủy ban Kiểm tra, district party committees */
	expect_at_least(d, SQL_INSPECTION, "danvan-24", "giam_sat", 1);
	expect_at_least(d, SQL_INSPECTION, "ubkt-24", "kiem_tra", 1);
	expect_at_least(d, SQL_INSPECTION, "party-2__", "kiem_tra", 1);
	expect_at_least(d, SQL_INSPECTION, "party-2__", "giam_sat", 1);
	expect_at_least(d, SQL_INSPECTION_FINDINGS, NULL, NULL, 5);

	/* the conference itself, for every plan */
	assert_int_equal(count(d, SQL_CONFERENCE, NULL, NULL), 6);
}

/* Every activity of the plan tables is one "kind|title" with a known kind: two
 * strings run together by a missing comma would show as one entry with two bars. */
static void test_activity_tables(void **state)
{
	(void)state;
	static const char *const KINDS[] = {"propaganda", "conference", "training", "emulation",
					     "other"};
	for (size_t i = 0; i < demo_fplans_count; i++) {
		const demo_fplan *f = &demo_fplans[i];
		size_t n = 0;
		while (n < sizeof f->activities / sizeof f->activities[0] && f->activities[n]) {
			const char *a = f->activities[n++], *bar = strchr(a, '|');
			assert_non_null(bar);
			assert_null(strchr(bar + 1, '|'));
			assert_true(strlen(bar + 1) > 0);
			int known = 0;
			for (size_t k = 0; k < sizeof KINDS / sizeof KINDS[0]; k++)
				known |= strlen(KINDS[k]) == (size_t)(bar - a) &&
					 strncmp(a, KINDS[k], (size_t)(bar - a)) == 0;
			assert_true(known);
		}
		assert_in_range(n, 5, sizeof f->activities / sizeof f->activities[0] - 1);
	}
}

static void test_tasks(void **state)
{
	SEEDED();
	static const char *const statuses[] = {"done_on_time", "done_late", "in_progress",
						"overdue"};
	for (size_t i = 0; i < 4; i++)
		expect_at_least(d, SQL_TASK_STATUS, TODAY, statuses[i], 1);
	assert_int_equal(count(d, SQL_TASKS_ALL_PLANS, NULL, NULL), 0);
	/* month, quarter and year slots; province, district and commune */
	assert_int_equal(count(d, SQL_SLOT_KINDS, NULL, NULL), 3);
	assert_int_equal(count(d, SQL_TASK_LEVELS, NULL, NULL), 3);
	expect_at_least(d, SQL_EXTENDED, NULL, NULL, 2);
	assert_int_equal(count(d, SQL_EXTENDED_BAD, NULL, NULL), 0);
	expect_at_least(d, SQL_COMMENTS, NULL, NULL, 4);
	assert_int_equal(count(d, SQL_TASK_BAD, NULL, NULL), 0);
}

static void test_findings(void **state)
{
	SEEDED();
	static const char *const statuses[] = {"open", "answered", "resolved", "declined"};
	for (size_t i = 0; i < 4; i++)
		expect_at_least(d, SQL_FINDING_STATUS, statuses[i], NULL, 1);
	expect_at_least(d, SQL_OVERDUE, TODAY, NULL, 2);
	expect_at_least(d, SQL_ESCALATED, NULL, NULL, 1);
	assert_int_equal(count(d, SQL_ESCALATED_BAD, NULL, NULL), 0);
	expect_at_least(d, SQL_REOPENED, NULL, NULL, 1);
	expect_at_least(d, SQL_TAICHINH_ANSWERED, NULL, NULL, 2);
	assert_int_equal(count(d, SQL_FINDING_BAD, NULL, NULL), 0);
	int64_t n, good;
	two(d, SQL_FROM_REPORT, &n, &good);
	assert_true(n >= 3);
	assert_int_equal(good, n);
	two(d, SQL_FROM_INSPECTION, &n, &good);
	assert_true(n >= 5);
	assert_int_equal(good, n);
}

static void test_documents_and_budgets(void **state)
{
	SEEDED();
	expect_at_least(d, SQL_LATE_DOCS, NULL, NULL, 2);
	expect_at_least(d, SQL_DOC_KIND, "bao_cao", "%-BC/TU", 1);
	expect_at_least(d, SQL_DOC_KIND, "ket_luan", "%-KL/TU", 1);
	expect_at_least(d, SQL_DOC_KIND, "chi_thi", "%-CT/TU", 1);
	assert_int_equal(count(d, SQL_PLANS_WITHOUT_DECISION, NULL, NULL), 0);

	expect_at_least(d, SQL_BUDGET_LATE, NULL, NULL, 1);
	expect_at_least(d, SQL_BUDGET_NEVER, NULL, NULL, 2);
	expect_at_least(d, SQL_BUDGET_UNDER, NULL, NULL, 1);
	assert_int_equal(count(d, SQL_BUDGET_SOURCES, NULL, NULL), 4);
	assert_int_equal(count(d, SQL_BUDGET_BAD, NULL, NULL), 0);
}

static void test_models_and_activities(void **state)
{
	SEEDED();
	assert_int_equal(count(d, SQL_REPLICATIONS_BAD, NULL, NULL), 0);
	expect_at_least(d, SQL_REPLICATIONS, NULL, NULL, 10);
	expect_at_least(d, SQL_SECOND_LEVEL, NULL, NULL, 3);
	expect_at_least(d, SQL_RECOGNIZED, NULL, NULL, 3);
	assert_int_equal(count(d, SQL_ACTIVITY_KINDS, NULL, NULL), 5);
	assert_int_equal(count(d, SQL_ACTIVITY_BAD, NULL, NULL), 0);
}

static void test_consistency(void **state)
{
	SEEDED();
	assert_int_equal(count(d, SQL_AFTER, TODAY, TODAY_START), 0);
	assert_int_equal(count(d, SQL_NOTIFICATIONS, NULL, NULL), 0); /* the sweep's job */
	assert_int_equal(count(d, SQL_AUDIT, TODAY, NULL), 1);
	assert_int_equal(count(d, SQL_FK_ON, NULL, NULL), 1);
	db_stmt *s = db_prepare(d, SQL_FK_CHECK);
	assert_non_null(s);
	tderr e = TD_OK;
	int rc = db_step(s, &e);
	if (rc == DB_ROW)
		fail_msg("foreign key broken: %s row %lld -> %s", db_col_text(s, 0),
			 (long long)db_col_int(s, 1), db_col_text(s, 2));
	db_reset(s);
	assert_int_equal(rc, DB_DONE);

	/* once only */
	char err[256];
	assert_int_equal(demo_followup_seed(d, TODAY, err, sizeof err), TD_ECONFLICT);
	assert_int_equal(demo_followup_seed(d, "2026-02-30", err, sizeof err), TD_EINVALID);
	assert_int_equal(demo_followup_seed(d, "29/11/2026", err, sizeof err), TD_EINVALID);
	assert_non_null(strstr(err, "29/11/2026"));
}

static char *digest(db *d, size_t i)
{
	db_stmt *s = db_prepare(d, SQL_DIGESTS[i]);
	assert_non_null(s);
	tderr e = TD_OK;
	assert_int_equal(db_step(s, &e), DB_ROW);
	const char *t = db_col_text(s, 0);
	char *out = strdup(t ? t : "");
	db_reset(s);
	return out;
}

/* Another database as of the same today has the same rows, timestamps included;
 * one as of an earlier today has less, and nothing after that day. */
static void test_deterministic_and_as_of_today(void **state)
{
	SEEDED();
	db *other = NULL;
	assert_int_equal(open_seeded(fx->dir, "b.db", TODAY, &other), 0);
	for (size_t i = 0; i < sizeof SQL_DIGESTS / sizeof SQL_DIGESTS[0]; i++) {
		char *a = digest(d, i), *b = digest(other, i);
		assert_true(strlen(a) > 0);
		if (strcmp(a, b) != 0)
			fail_msg("rows differ: %s", SQL_DIGESTS[i]);
		free(a);
		free(b);
	}
	db_close(other);
	remove_db(fx->dir, "b.db");

	assert_int_equal(open_seeded(fx->dir, "c.db", MID_PLAN, &other), 0);
	assert_int_equal(count(other, SQL_AFTER, MID_PLAN, MID_PLAN_START), 0);
	expect_at_least(other, SQL_TASK_STATUS, MID_PLAN, "in_progress", 3);
	expect_at_least(other, SQL_TASK_STATUS, MID_PLAN, "overdue", 1);
	assert_true(count(other, "SELECT COUNT(*) FROM findings", NULL, NULL) <
		    count(d, "SELECT COUNT(*) FROM findings", NULL, NULL));
	/* the finding escalated by the end of June 2024 is not escalated yet */
	assert_int_equal(count(other, SQL_ESCALATED, NULL, NULL), 0);
	assert_int_equal(count(other, SQL_AUDIT, MID_PLAN, NULL), 1);
	db_close(other);
	remove_db(fx->dir, "c.db");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_article_examples),
		cmocka_unit_test(test_activity_tables),
		cmocka_unit_test(test_tasks),
		cmocka_unit_test(test_findings),
		cmocka_unit_test(test_documents_and_budgets),
		cmocka_unit_test(test_models_and_activities),
		cmocka_unit_test(test_consistency),
		cmocka_unit_test(test_deterministic_and_as_of_today),
	};
	return cmocka_run_group_tests_name("demo_followup", tests, group_setup, group_teardown);
}
