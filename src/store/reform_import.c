/* reform_import.c — applies a reorganisation from a mapping file (CSV, libcsv):
 * checks every row, records the successions with their acts, closes the old units
 * and, when asked, moves what is still running to the successors — one
 * transaction, one audit row, nothing changed on any error. */
#include "store/reform_import.h"
#include "core/clock.h"
#include "core/period.h"
#include "store/sqlbind.h"
#include "store/store.h"
#include "store/unit_history.h"
#include <csv.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FILE_MAX_BYTES (16 * 1024 * 1024)
#define SHARE_EPS 1e-6

static const char *const kinds[] = {"merge", "split", "rename", "reparent", "level_removal"};

enum col { C_KIND, C_FROM, C_TO, C_SHARE, C_IND, C_ACT, C_ACTDATE, C_EFF, C_BASIS, C_NOTE, NCOL };
static const char *const col_names[NCOL] = {"kind",     "from_code",      "to_code", "share",
					    "indicator", "act_number", "act_date",
					    "effective_date", "basis", "note"};
static const int col_required[NCOL] = {1, 1, 1, 0, 0, 1, 1, 1, 0, 0};

/* One row of the mapping as read, then resolved. */
struct mrow {
	char *f[NCOL];
	int line;
	int64_t from_id, to_id;
	char from_level[16], to_level[16];
	double share;
	int whole;                /* kind takes the whole unit */
};

struct reader {
	struct mrow *rows;
	size_t n, cap;
	char *field[NCOL + 8];
	int nfield;
	int map[NCOL + 8];        /* file column -> enum col, -1 unknown */
	int ncols;                /* columns of the header */
	int header_done;
	int line;
	int failed;
	tderr e;
	char *err;
	size_t errlen;
};

__attribute__((format(printf, 4, 5)))
static void rfail(struct reader *r, int line, tderr e, const char *fmt, ...)
{
	if (r->failed)
		return;
	int k = line > 0 ? snprintf(r->err, r->errlen, "line %d: ", line) : 0;
	if (k >= 0 && (size_t)k < r->errlen) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(r->err + k, r->errlen - (size_t)k, fmt, ap);
		va_end(ap);
	}
	r->failed = 1;
	r->e = e;
}

static int all_digits(const char *s, size_t max)
{
	size_t n = strlen(s);
	if (n == 0 || n > max)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

static char *trimmed_dup(const char *s, size_t len)
{
	while (len > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		len--;
	}
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\r'))
		len--;
	char *p = malloc(len + 1);
	if (p) {
		memcpy(p, s, len);
		p[len] = 0;
	}
	return p;
}

static void on_field(void *s, size_t len, void *data)
{
	struct reader *r = data;
	if (r->failed)
		return;
	if (r->nfield >= NCOL + 8) {
		rfail(r, r->line, TD_EINVALID, "too many columns");
		return;
	}
	if (len > REFORM_TEXT_MAX) {
		rfail(r, r->line, TD_EINVALID, "column %d is longer than %d bytes", r->nfield + 1,
		      REFORM_TEXT_MAX);
		return;
	}
	r->field[r->nfield++] = trimmed_dup(s, len);
}

static void clear_fields(struct reader *r)
{
	for (int i = 0; i < r->nfield; i++) {
		free(r->field[i]);
		r->field[i] = NULL;
	}
	r->nfield = 0;
}

static void on_header(struct reader *r)
{
	int have[NCOL] = {0};
	for (int i = 0; i < r->nfield; i++) {
		const char *name = r->field[i] ? r->field[i] : "";
		if (i == 0 && strncmp(name, "\xEF\xBB\xBF", 3) == 0)
			name += 3;
		r->map[i] = -1;
		for (int c = 0; c < NCOL; c++)
			if (strcmp(name, col_names[c]) == 0)
				r->map[i] = c;
		if (r->map[i] < 0) {
			rfail(r, 1, TD_EINVALID, "unknown column \"%.40s\"", name);
			return;
		}
		if (have[r->map[i]]++) {
			rfail(r, 1, TD_EINVALID, "column %s twice", name);
			return;
		}
	}
	r->ncols = r->nfield;
	for (int c = 0; c < NCOL; c++)
		if (col_required[c] && !have[c]) {
			rfail(r, 1, TD_EINVALID, "missing column %s", col_names[c]);
			return;
		}
	r->header_done = 1;
}

static void on_record(int ch, void *data)
{
	struct reader *r = data;
	(void)ch;
	r->line++;
	if (r->failed)
		goto out;
	if (!r->header_done) {
		on_header(r);
		goto out;
	}
	if (r->nfield == 1 && (!r->field[0] || !r->field[0][0]))
		goto out; /* blank line */
	if (r->n >= REFORM_ROWS_MAX) {
		rfail(r, r->line, TD_EINVALID, "more than %d rows", REFORM_ROWS_MAX);
		goto out;
	}
	if (r->n == r->cap) {
		size_t nc = r->cap ? 2 * r->cap : 256;
		struct mrow *nr = realloc(r->rows, nc * sizeof *nr);
		if (!nr) {
			rfail(r, r->line, TD_EINTERNAL, "out of memory");
			goto out;
		}
		r->rows = nr;
		r->cap = nc;
	}
	struct mrow *m = &r->rows[r->n++];
	memset(m, 0, sizeof *m);
	m->line = r->line;
	for (int i = 0; i < r->nfield; i++) {
		if (i >= r->ncols || r->map[i] < 0) {
			rfail(r, r->line, TD_EINVALID, "more fields than the header names");
			goto out;
		}
		m->f[r->map[i]] = r->field[i];
		r->field[i] = NULL;
	}
out:
	clear_fields(r);
}

static void free_rows(struct reader *r)
{
	for (size_t i = 0; i < r->n; i++)
		for (int c = 0; c < NCOL; c++)
			free(r->rows[i].f[c]);
	free(r->rows);
	clear_fields(r);
}

static const char *fv(const struct mrow *m, enum col c)
{
	return m->f[c] ? m->f[c] : "";
}

static void read_mapping(struct reader *r, FILE *f)
{
	struct csv_parser p;
	if (csv_init(&p, CSV_APPEND_NULL) != 0) {
		rfail(r, 0, TD_EINTERNAL, "out of memory");
		return;
	}
	char buf[8192];
	size_t total = 0, got;
	while (!r->failed && (got = fread(buf, 1, sizeof buf, f)) > 0) {
		total += got;
		if (total > FILE_MAX_BYTES) {
			rfail(r, r->line + 1, TD_EINVALID, "the file is larger than %d MiB",
			      FILE_MAX_BYTES / (1024 * 1024));
			break;
		}
		if (csv_parse(&p, buf, got, on_field, on_record, r) != got)
			rfail(r, r->line + 1, TD_EINVALID, "%s", csv_strerror(csv_error(&p)));
	}
	if (!r->failed)
		csv_fini(&p, on_field, on_record, r);
	csv_free(&p);
	if (!r->failed && !r->header_done)
		rfail(r, 1, TD_EINVALID, "empty file");
}

/* --- resolving and checking the rows --- */

static int kind_ok(const char *k)
{
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (strcmp(kinds[i], k) == 0)
			return 1;
	return 0;
}

static tderr check_row(db *d, struct reader *r, struct mrow *m, const char *eff,
		       const char *before)
{
	const char *kind = fv(m, C_KIND);
	if (!kind_ok(kind)) {
		rfail(r, m->line, TD_EINVALID,
		      "kind \"%.30s\" is not merge, split, rename, reparent or level_removal", kind);
		return r->e;
	}
	if (!all_digits(fv(m, C_FROM), UNIT_CODE_MAX) || !all_digits(fv(m, C_TO), UNIT_CODE_MAX)) {
		rfail(r, m->line, TD_EINVALID, "unit codes are digits only");
		return r->e;
	}
	if (!period_date_valid(fv(m, C_ACTDATE)) || !*fv(m, C_ACT)) {
		rfail(r, m->line, TD_EINVALID, "the legal act needs a number and a date YYYY-MM-DD");
		return r->e;
	}
	if (strcmp(fv(m, C_EFF), eff) != 0) {
		rfail(r, m->line, TD_EINVALID, "one effective date per file (%s on line 2)", eff);
		return r->e;
	}
	if (strcmp(fv(m, C_ACTDATE), eff) > 0) {
		rfail(r, m->line, TD_EINVALID, "the act is dated after the effective date");
		return r->e;
	}
	const char *sh = fv(m, C_SHARE);
	m->share = 1;
	if (*sh) {
		char *end = NULL;
		errno = 0;
		m->share = strtod(sh, &end);
		if (errno || !end || *end || !isfinite(m->share) || m->share <= 0 ||
		    m->share > 1 + SHARE_EPS) {
			rfail(r, m->line, TD_EINVALID, "share \"%.20s\" is not a number in (0, 1]", sh);
			return r->e;
		}
	}
	m->whole = strcmp(kind, "split") != 0;
	if (m->whole && fabs(m->share - 1) > SHARE_EPS) {
		rfail(r, m->line, TD_EINVALID, "a %s passes the whole unit: share must be 1", kind);
		return r->e;
	}
	if (m->whole && *fv(m, C_IND)) {
		rfail(r, m->line, TD_EINVALID, "only a split has shares per indicator");
		return r->e;
	}
	tderr e = unit_version_level(d, fv(m, C_FROM), before, &m->from_id, NULL, m->from_level);
	if (e == TD_ENOTFOUND)
		rfail(r, m->line, TD_EINVALID, "no unit %s in force on %s", fv(m, C_FROM), before);
	else if (e)
		rfail(r, m->line, e, "database: %s", db_errmsg(d));
	if (e)
		return r->e;
	e = unit_version_level(d, fv(m, C_TO), eff, &m->to_id, NULL, m->to_level);
	if (e == TD_ENOTFOUND)
		rfail(r, m->line, TD_EINVALID, "no unit %s in force on %s (import the new tree first)",
		      fv(m, C_TO), eff);
	else if (e)
		rfail(r, m->line, e, "database: %s", db_errmsg(d));
	else if (m->to_id == m->from_id)
		rfail(r, m->line, TD_EINVALID,
		      "unit %s is the same version before and after: the new tree needs its own version",
		      fv(m, C_TO));
	return r->failed ? r->e : TD_OK;
}

static int cmp_rows(const void *a, const void *b)
{
	const struct mrow *x = a, *y = b;
	if (x->from_id != y->from_id)
		return x->from_id < y->from_id ? -1 : 1;
	int c = strcmp(fv(x, C_IND), fv(y, C_IND));
	if (c)
		return c;
	return x->line - y->line;
}

/* Shares of each old unit (per indicator override) add up to 1; a whole kind
 * stands alone among the default rows of its unit. Rows are sorted. */
static void check_shares(struct reader *r)
{
	size_t i = 0;
	while (i < r->n && !r->failed) {
		size_t j = i;
		double sum = 0;
		int whole = 0;
		while (j < r->n && r->rows[j].from_id == r->rows[i].from_id &&
		       strcmp(fv(&r->rows[j], C_IND), fv(&r->rows[i], C_IND)) == 0) {
			sum += r->rows[j].share;
			whole |= r->rows[j].whole;
			for (size_t k = i; k < j; k++)
				if (r->rows[k].to_id == r->rows[j].to_id)
					rfail(r, r->rows[j].line, TD_EINVALID, "%s -> %s twice (line %d)",
					      fv(&r->rows[j], C_FROM), fv(&r->rows[j], C_TO),
					      r->rows[k].line);
			j++;
		}
		if (whole && j - i > 1)
			rfail(r, r->rows[i].line, TD_EINVALID,
			      "unit %s passes whole to one unit and also to others: use split with shares",
			      fv(&r->rows[i], C_FROM));
		else if (fabs(sum - 1) > SHARE_EPS)
			rfail(r, r->rows[i].line, TD_EINVALID,
			      "the shares of unit %s%s%s add up to %.6g, not 1", fv(&r->rows[i], C_FROM),
			      *fv(&r->rows[i], C_IND) ? " for indicator " : "", fv(&r->rows[i], C_IND),
			      sum);
		i = j;
	}
}

/* --- writing --- */

static const char *SQL_REFORM_EXISTS =
	"SELECT COUNT(*) FROM unit_reforms WHERE name = ? AND effective_date = ?";
static const char *SQL_REFORM_INSERT =
	"INSERT INTO unit_reforms(name, effective_date, successions, applied_at)"
	" VALUES (?, ?, ?, ?) RETURNING id";
static const char *SQL_SUCCESSION_INSERT =
	"INSERT INTO unit_successions(reform_id, kind, from_unit_id, to_unit_id, indicator_code,"
	" share, act_number, act_date, effective_date, basis, note)"
	" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
static const char *SQL_UNIT_CLOSE =
	"UPDATE org_units SET valid_to = ? WHERE id = ? AND (valid_to IS NULL OR valid_to > ?)";
/* an old unit left open under a closed one: the file forgot it */
static const char *SQL_ORPHAN =
	"SELECT u.code FROM org_units u JOIN org_units a ON a.id = u.parent_id"
	" WHERE a.valid_to = ? AND u.valid_from < ? AND (u.valid_to IS NULL OR u.valid_to > ?)"
	" ORDER BY u.code LIMIT 1";
static const char *SQL_OPEN_TASKS =
	"SELECT id FROM tasks WHERE unit_id = ? AND completed_on IS NULL ORDER BY id";
static const char *SQL_OPEN_FINDINGS =
	"SELECT id FROM findings WHERE unit_id = ? AND status IN ('open', 'answered') ORDER BY id";
static const char *SQL_UNIT_ORGS = "SELECT id FROM organizations WHERE unit_id = ? ORDER BY id";
static const char *SQL_UNIT_RECORDS =
	"SELECT id FROM register_records WHERE unit_id = ? ORDER BY id";
static const char *SQL_TASK_MOVE =
	"UPDATE tasks SET unit_id = ?, version = version + 1, updated_at = ? WHERE id = ?";
static const char *SQL_FINDING_MOVE =
	"UPDATE findings SET unit_id = ?, version = version + 1, updated_at = ? WHERE id = ?";
static const char *SQL_ORG_MOVE =
	"UPDATE organizations SET unit_id = ?, version = version + 1, updated_at = ? WHERE id = ?";
static const char *SQL_RECORD_MOVE =
	"UPDATE register_records SET unit_id = ?, version = version + 1, updated_at = ? WHERE id = ?";
static const char *SQL_TRANSFER_INSERT =
	"INSERT INTO unit_transfers(reform_id, entity, entity_id, from_unit_id, to_unit_id, rule,"
	" moved_at) VALUES (?, ?, ?, ?, ?, ?, ?)";

static tderr move_batch(db *d, int64_t reform_id, const char *entity, const char *sql_move,
			const struct mrow *m, const char *now, const int64_t *ids, size_t n,
			int *count);

static tderr move_entity(db *d, int64_t reform_id, const char *entity, const char *sql_list,
			 const char *sql_move, const struct mrow *m, const char *now, int *count)
{
	int64_t ids[1024];
	size_t n;
	tderr e = TD_OK;
	do { /* a batch at a time: what moved no longer matches the list */
		db_stmt *s = db_prepare(d, sql_list);
		if (!s)
			return TD_EINTERNAL;
		db_bind_int(s, 1, m->from_id);
		n = 0;
		int rc;
		while (n < sizeof ids / sizeof ids[0] && (rc = db_step(s, &e)) == DB_ROW)
			ids[n++] = db_col_int(s, 0);
		db_reset(s);
		if (n < sizeof ids / sizeof ids[0] && rc < 0)
			return e;
		if ((e = move_batch(d, reform_id, entity, sql_move, m, now, ids, n, count)))
			return e;
	} while (n == sizeof ids / sizeof ids[0]);
	return TD_OK;
}

/* Moves the rows ids of entity to m's successor, each with its transfer row. */
static tderr move_batch(db *d, int64_t reform_id, const char *entity, const char *sql_move,
			const struct mrow *m, const char *now, const int64_t *ids, size_t n,
			int *count)
{
	tderr e;
	for (size_t i = 0; i < n; i++) {
		db_stmt *u = db_prepare(d, sql_move);
		if (!u)
			return TD_EINTERNAL;
		db_bind_int(u, 1, m->to_id);
		db_bind_text(u, 2, now);
		db_bind_int(u, 3, ids[i]);
		if ((e = store_exec(u)))
			return e;
		db_stmt *t = db_prepare(d, SQL_TRANSFER_INSERT);
		if (!t)
			return TD_EINTERNAL;
		sqlbind b = sb_start(t);
		sb_int(&b, reform_id);
		sb_text(&b, entity);
		sb_int(&b, ids[i]);
		sb_int(&b, m->from_id);
		sb_int(&b, m->to_id);
		sb_text(&b, "whole successor at the same level");
		sb_text(&b, now);
		if ((e = store_exec(t)))
			return e;
		(*count)++;
	}
	return TD_OK;
}

static const char *base_name(const char *path)
{
	const char *b = strrchr(path, '/');
	return b ? b + 1 : path;
}

static tderr write_reform(db *d, struct reader *r, const char *name, const char *eff,
			  int move_open, reform_result *res)
{
	char now[32];
	clock_iso(now, sizeof now);
	db_stmt *s = db_prepare(d, SQL_REFORM_EXISTS);
	if (!s)
		return TD_EINTERNAL;
	db_bind_text(s, 1, name);
	db_bind_text(s, 2, eff);
	int64_t exists = 0;
	tderr e = store_one_int(s, &exists);
	if (e)
		return e;
	if (exists) {
		rfail(r, 0, TD_ECONFLICT, "%s for %s was applied already", name, eff);
		return r->e;
	}
	if (!(s = db_prepare(d, SQL_REFORM_INSERT)))
		return TD_EINTERNAL;
	db_bind_text(s, 1, name);
	db_bind_text(s, 2, eff);
	db_bind_int(s, 3, (int64_t)r->n);
	db_bind_text(s, 4, now);
	if ((e = store_one_int(s, &res->reform_id)))
		return e;
	for (size_t i = 0; i < r->n; i++) {
		const struct mrow *m = &r->rows[i];
		if (!(s = db_prepare(d, SQL_SUCCESSION_INSERT)))
			return TD_EINTERNAL;
		sqlbind b = sb_start(s);
		sb_int(&b, res->reform_id);
		sb_text(&b, fv(m, C_KIND));
		sb_int(&b, m->from_id);
		sb_int(&b, m->to_id);
		sb_text(&b, fv(m, C_IND));
		db_bind_double(s, ++b.i, m->share);
		sb_text(&b, fv(m, C_ACT));
		sb_text(&b, fv(m, C_ACTDATE));
		sb_text(&b, eff);
		sb_text(&b, fv(m, C_BASIS));
		sb_text(&b, fv(m, C_NOTE));
		if ((e = store_exec(s)))
			return e;
		res->successions++;
	}
	for (size_t i = 0; i < r->n; i++) {
		if (i > 0 && r->rows[i].from_id == r->rows[i - 1].from_id)
			continue;
		if (!(s = db_prepare(d, SQL_UNIT_CLOSE)))
			return TD_EINTERNAL;
		db_bind_text(s, 1, eff);
		db_bind_int(s, 2, r->rows[i].from_id);
		db_bind_text(s, 3, eff);
		if ((e = store_exec(s)))
			return e;
		res->closed++;
	}
	if (!(s = db_prepare(d, SQL_ORPHAN)))
		return TD_EINTERNAL;
	db_bind_text(s, 1, eff);
	db_bind_text(s, 2, eff);
	db_bind_text(s, 3, eff);
	int rc = db_step(s, &e);
	if (rc == DB_ROW)
		rfail(r, 0, TD_EINVALID, "unit %s lies under a unit the reform closes but has no successor",
		      db_col_text(s, 0) ? db_col_text(s, 0) : "?");
	db_reset(s);
	if (rc < 0)
		return e;
	if (r->failed)
		return r->e;
	if (!move_open)
		return TD_OK;
	for (size_t i = 0; i < r->n; i++) {
		const struct mrow *m = &r->rows[i];
		if (!m->whole || *fv(m, C_IND) || strcmp(m->from_level, m->to_level) != 0)
			continue;
		if ((e = move_entity(d, res->reform_id, "tasks", SQL_OPEN_TASKS, SQL_TASK_MOVE, m, now,
				     &res->moved_tasks)) ||
		    (e = move_entity(d, res->reform_id, "findings", SQL_OPEN_FINDINGS, SQL_FINDING_MOVE,
				     m, now, &res->moved_findings)) ||
		    (e = move_entity(d, res->reform_id, "organizations", SQL_UNIT_ORGS, SQL_ORG_MOVE, m,
				     now, &res->moved_orgs)) ||
		    (e = move_entity(d, res->reform_id, "register_records", SQL_UNIT_RECORDS,
				     SQL_RECORD_MOVE, m, now, &res->moved_records)))
			return e;
	}
	return TD_OK;
}

tderr reform_import_csv(db *d, const char *path, int move_open, reform_result *res, char *err,
			size_t errlen)
{
	memset(res, 0, sizeof *res);
	if (errlen)
		err[0] = 0;
	FILE *f = fopen(path, "r");
	if (!f) {
		snprintf(err, errlen, "cannot open %s: %s", path, strerror(errno));
		return TD_ENOTFOUND;
	}
	struct reader r = {.err = err, .errlen = errlen};
	read_mapping(&r, f);
	fclose(f);
	if (!r.failed && r.n == 0)
		rfail(&r, 2, TD_EINVALID, "no successions in the file");
	const char *eff = r.n ? fv(&r.rows[0], C_EFF) : "";
	if (!r.failed && !period_date_valid(eff))
		rfail(&r, r.rows[0].line, TD_EINVALID, "effective_date \"%.20s\" is not YYYY-MM-DD", eff);
	char effective[PERIOD_DATE_SIZE], before[PERIOD_DATE_SIZE] = "1900-01-01";
	snprintf(effective, sizeof effective, "%s", eff);
	if (period_date_valid(effective))
		period_add_days(effective, -1, before, sizeof before);
	int own_tx = !db_in_tx(d);
	tderr e = TD_OK;
	if (!r.failed && own_tx && (e = db_begin(d))) {
		snprintf(err, errlen, "database: %s", db_errmsg(d));
		free_rows(&r);
		return e;
	}
	for (size_t i = 0; i < r.n && !r.failed; i++)
		if ((e = check_row(d, &r, &r.rows[i], effective, before)) && !r.failed)
			rfail(&r, r.rows[i].line, e, "database: %s", db_errmsg(d));
	if (!r.failed) {
		qsort(r.rows, r.n, sizeof r.rows[0], cmp_rows);
		check_shares(&r);
	}
	if (!r.failed && (e = write_reform(d, &r, base_name(path), effective, move_open, res)) &&
	    !r.failed)
		rfail(&r, 0, e, "database: %s", db_errmsg(d));
	if (!r.failed) {
		json_t *after = json_pack("{s:s, s:s, s:i, s:i, s:i, s:i, s:i}", "file", base_name(path),
					  "effective_date", effective, "successions", res->successions,
					  "closed", res->closed, "moved_tasks", res->moved_tasks,
					  "moved_findings", res->moved_findings, "moved_orgs",
					  res->moved_orgs);
		if (!after)
			rfail(&r, 0, TD_EINVALID, "the file name is not valid UTF-8");
		else if ((e = store_audit(d, NULL, NULL, "unit_reforms", res->reform_id, "import", NULL,
					  after)) ||
			 (own_tx && (e = db_commit(d))))
			rfail(&r, 0, e, "database: %s", db_errmsg(d));
		json_decref(after);
	}
	free_rows(&r);
	if (r.failed) {
		if (own_tx && db_in_tx(d))
			db_rollback(d);
		memset(res, 0, sizeof *res);
		return r.e;
	}
	return TD_OK;
}

