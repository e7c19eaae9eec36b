/* units_import.c — reads the official unit list (CSV, libcsv) row by row, checks
 * each row and writes org_units in one transaction: a bad row anywhere leaves the
 * database as it was, and the error names its line. */
#include "store/units_import.h"
#include "core/vntext.h"
#include "store/store.h"
#include "store/units.h"
#include <csv.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LINE_MAX_BYTES (64 * 1024)
#define FIELD_MAX_BYTES 1024
#define KIND_MAX 32
#define DEFAULT_VALID_FROM "1900-01-01"

enum col { C_CODE, C_PARENT, C_LEVEL, C_TYPE, C_NAME, C_FULL, NCOL };

static const char *const col_names[NCOL] = {
	"code", "parent_code", "level", "type", "name", "full_name",
};
static const int col_required[NCOL] = {1, 1, 1, 0, 1, 0};

static const char *const levels[] = {"province", "district", "commune"};

/* The version of the parent in force on the import's date: rows of this file
 * carry that very date, so they are found as well. */
static const char *SQL_UNIT_PARENT =
	"SELECT id, path, depth, level FROM org_units"
	" WHERE code = ? AND valid_from <= ? AND (valid_to IS NULL OR valid_to > ?)"
	" ORDER BY valid_from DESC LIMIT 1";
static const char *SQL_UNIT_SAME =
	"SELECT id, parent_id, level FROM org_units WHERE code = ? AND valid_from = ?";
static const char *SQL_UNIT_INSERT =
	"INSERT INTO org_units(code, parent_id, level, kind, name, full_name, valid_from,"
	" path, depth, search, sort_key) VALUES (?, ?, ?, ?, ?, ?, ?, '', ?, ?, ?) RETURNING id";
static const char *SQL_UNIT_SET_PATH = "UPDATE org_units SET path = ? WHERE id = ?";
static const char *SQL_UNIT_UPDATE_NAMES =
	"UPDATE org_units SET kind = ?, name = ?, full_name = ?, search = ?, sort_key = ?"
	" WHERE id = ?";

/* Codes already seen in this file (open addressing), to catch duplicates. */
struct seen_entry {
	char code[UNITS_CODE_MAX + 1];
	int line;
};

struct seen {
	struct seen_entry *slots;
	size_t cap, used;
};

struct import {
	db *d;
	const char *valid_from;
	struct seen seen;
	int file_col[NCOL];   /* file column index -> enum col, filled from the header */
	int ncols;            /* columns in the header */
	int header_done;
	char *field[NCOL];    /* current row, by file column index */
	int nfield;
	int line;             /* physical line being parsed (1-based) */
	int count;
	int failed;
	tderr e;
	char *err;
	size_t errlen;
};

__attribute__((format(printf, 3, 4)))
static tderr fail(struct import *im, tderr e, const char *fmt, ...)
{
	if (im->failed)
		return im->e;
	int n = snprintf(im->err, im->errlen, "line %d: ", im->line);
	if (n >= 0 && (size_t)n < im->errlen) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(im->err + n, im->errlen - (size_t)n, fmt, ap);
		va_end(ap);
	}
	im->failed = 1;
	im->e = e;
	return e;
}

static uint64_t hash_code(const char *s)
{
	uint64_t h = 1469598103934665603ull;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

/* Returns the line where code was first seen, or 0 after recording it; -1 when out
 * of memory. */
static int seen_add(struct seen *st, const char *code, int line)
{
	if (2 * (st->used + 1) > st->cap) {
		size_t ncap = st->cap ? 2 * st->cap : 512;
		struct seen_entry *ns = calloc(ncap, sizeof *ns);
		if (!ns)
			return -1;
		for (size_t i = 0; i < st->cap; i++) {
			if (!st->slots[i].code[0])
				continue;
			size_t j = hash_code(st->slots[i].code) & (ncap - 1);
			while (ns[j].code[0])
				j = (j + 1) & (ncap - 1);
			ns[j] = st->slots[i];
		}
		free(st->slots);
		st->slots = ns;
		st->cap = ncap;
	}
	size_t j = hash_code(code) & (st->cap - 1);
	while (st->slots[j].code[0]) {
		if (strcmp(st->slots[j].code, code) == 0)
			return st->slots[j].line;
		j = (j + 1) & (st->cap - 1);
	}
	snprintf(st->slots[j].code, sizeof st->slots[j].code, "%s", code);
	st->slots[j].line = line;
	st->used++;
	return 0;
}

static int level_rank(const char *level)
{
	for (size_t i = 0; i < sizeof levels / sizeof levels[0]; i++)
		if (strcmp(levels[i], level) == 0)
			return (int)i;
	return -1;
}

static int is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* 1 when s is a real calendar date "YYYY-MM-DD". */
static int valid_iso_date(const char *s)
{
	static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return 0;
	int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	int m = (s[5] - '0') * 10 + (s[6] - '0');
	int dd = (s[8] - '0') * 10 + (s[9] - '0');
	if (y < 1 || m < 1 || m > 12 || dd < 1)
		return 0;
	int max = mdays[m - 1] + (m == 2 && is_leap(y));
	return dd <= max;
}

/* Trims ASCII spaces in place. */
static char *trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = 0;
	return s;
}

static const char *row_value(struct import *im, enum col c)
{
	for (int i = 0; i < im->nfield && i < im->ncols; i++)
		if (im->file_col[i] == (int)c)
			return im->field[i] ? trim(im->field[i]) : "";
	return "";
}

static void row_clear(struct import *im)
{
	for (int i = 0; i < NCOL; i++) {
		free(im->field[i]);
		im->field[i] = NULL;
	}
	im->nfield = 0;
}

static void on_header(struct import *im)
{
	int have[NCOL] = {0};
	im->ncols = im->nfield;
	for (int i = 0; i < im->nfield; i++) {
		char *name = trim(im->field[i]);
		/* a byte-order mark from spreadsheet exports */
		if (i == 0 && strncmp(name, "\xEF\xBB\xBF", 3) == 0)
			name += 3;
		int c = -1;
		for (int k = 0; k < NCOL; k++)
			if (strcmp(col_names[k], name) == 0)
				c = k;
		if (c < 0) {
			fail(im, TD_EINVALID, "unknown column \"%.40s\" (expected %s,%s,%s,%s,%s,%s)",
			     vn_valid_text(name, strlen(name)) ? name : "?", col_names[0],
			     col_names[1], col_names[2], col_names[3], col_names[4], col_names[5]);
			return;
		}
		if (have[c]) {
			fail(im, TD_EINVALID, "column \"%s\" appears twice", col_names[c]);
			return;
		}
		have[c] = 1;
		im->file_col[i] = c;
	}
	for (int k = 0; k < NCOL; k++)
		if (col_required[k] && !have[k]) {
			fail(im, TD_EINVALID, "missing column \"%s\"", col_names[k]);
			return;
		}
	im->header_done = 1;
}

/* Checks a name-like field and returns its NFC form (malloc'd), or NULL after
 * recording the error. */
static char *checked_name(struct import *im, const char *what, const char *v)
{
	size_t n = strlen(v);
	if (n == 0) {
		fail(im, TD_EINVALID, "%s is empty", what);
		return NULL;
	}
	if (!vn_valid_text(v, n)) {
		fail(im, TD_EINVALID, "%s is not valid UTF-8 text", what);
		return NULL;
	}
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)v[i] < 0x20) {
			fail(im, TD_EINVALID, "%s contains a line break or tab", what);
			return NULL;
		}
	char *nfc = vn_nfc(v);
	if (!nfc) {
		fail(im, TD_EINTERNAL, "out of memory");
		return NULL;
	}
	if (strlen(nfc) > UNITS_NAME_MAX) {
		free(nfc);
		fail(im, TD_EINVALID, "%s is longer than %d bytes", what, UNITS_NAME_MAX);
		return NULL;
	}
	return nfc;
}

static void db_fail(struct import *im, tderr e, const char *code)
{
	fail(im, e == TD_OK ? TD_EINTERNAL : e, "unit %s: database: %s", code, db_errmsg(im->d));
}

struct unit_row {
	const char *code, *parent_code, *level, *kind;
	char *name, *full_name, *search, *sort_key;
};

/* Inserts the row, or updates the names of the same unit (code, valid_from). */
static void store_row(struct import *im, const struct unit_row *u)
{
	tderr e = TD_OK;
	int64_t parent_id = 0, parent_depth = -1;
	char parent_path[UNIT_PATH_MAX] = "/";

	if (u->parent_code[0]) {
		db_stmt *s = db_prepare(im->d, SQL_UNIT_PARENT);
		if (!s) {
			db_fail(im, TD_EINTERNAL, u->code);
			return;
		}
		db_bind_text(s, 1, u->parent_code);
		db_bind_text(s, 2, im->valid_from);
		db_bind_text(s, 3, im->valid_from);
		int rc = db_step(s, &e);
		if (rc < 0) {
			db_fail(im, e, u->code);
			return;
		}
		if (rc != DB_ROW) {
			db_reset(s);
			fail(im, TD_EINVALID,
			     "parent %s of unit %s is neither earlier in the file nor in the database",
			     u->parent_code, u->code);
			return;
		}
		parent_id = db_col_int(s, 0);
		const char *pp = db_col_text(s, 1);
		snprintf(parent_path, sizeof parent_path, "%s", pp ? pp : "/");
		parent_depth = db_col_int(s, 2);
		char plevel[16];
		snprintf(plevel, sizeof plevel, "%s", db_col_text(s, 3) ? db_col_text(s, 3) : "?");
		db_reset(s);
		if (level_rank(plevel) >= level_rank(u->level)) {
			fail(im, TD_EINVALID, "unit %s (%s) cannot lie under %s (%s)", u->code, u->level,
			     u->parent_code, plevel);
			return;
		}
	}

	db_stmt *s = db_prepare(im->d, SQL_UNIT_SAME);
	if (!s) {
		db_fail(im, TD_EINTERNAL, u->code);
		return;
	}
	db_bind_text(s, 1, u->code);
	db_bind_text(s, 2, im->valid_from);
	int rc = db_step(s, &e);
	if (rc < 0) {
		db_fail(im, e, u->code);
		return;
	}
	if (rc == DB_ROW) {
		int64_t id = db_col_int(s, 0);
		int64_t old_parent = db_col_is_null(s, 1) ? 0 : db_col_int(s, 1);
		const char *ol = db_col_text(s, 2);
		int same_level = ol && strcmp(ol, u->level) == 0;
		db_reset(s);
		if (old_parent != parent_id || !same_level) {
			fail(im, TD_EINVALID,
			     "unit %s valid from %s already exists with another parent or level;"
			     " import the new tree with a new --valid-from", u->code, im->valid_from);
			return;
		}
		db_stmt *up = db_prepare(im->d, SQL_UNIT_UPDATE_NAMES);
		if (!up) {
			db_fail(im, TD_EINTERNAL, u->code);
			return;
		}
		db_bind_text(up, 1, u->kind);
		db_bind_text(up, 2, u->name);
		db_bind_text(up, 3, u->full_name);
		db_bind_text(up, 4, u->search);
		db_bind_text(up, 5, u->sort_key);
		db_bind_int(up, 6, id);
		if ((e = store_exec(up)) != TD_OK)
			db_fail(im, e, u->code);
		return;
	}
	db_reset(s);

	db_stmt *ins = db_prepare(im->d, SQL_UNIT_INSERT);
	if (!ins) {
		db_fail(im, TD_EINTERNAL, u->code);
		return;
	}
	db_bind_text(ins, 1, u->code);
	if (parent_id)
		db_bind_int(ins, 2, parent_id);
	else
		db_bind_null(ins, 2);
	db_bind_text(ins, 3, u->level);
	db_bind_text(ins, 4, u->kind);
	db_bind_text(ins, 5, u->name);
	db_bind_text(ins, 6, u->full_name);
	db_bind_text(ins, 7, im->valid_from);
	db_bind_int(ins, 8, parent_depth + 1);
	db_bind_text(ins, 9, u->search);
	db_bind_text(ins, 10, u->sort_key);
	int64_t id = 0;
	if ((e = store_one_int(ins, &id)) != TD_OK) {
		db_fail(im, e, u->code);
		return;
	}
	char path[UNIT_PATH_MAX];
	int n = snprintf(path, sizeof path, "%s%lld/", parent_path, (long long)id);
	if (n < 0 || (size_t)n >= sizeof path) {
		fail(im, TD_EINVALID, "unit %s lies too deep in the tree", u->code);
		return;
	}
	db_stmt *sp = db_prepare(im->d, SQL_UNIT_SET_PATH);
	if (!sp) {
		db_fail(im, TD_EINTERNAL, u->code);
		return;
	}
	db_bind_text(sp, 1, path);
	db_bind_int(sp, 2, id);
	if ((e = store_exec(sp)) != TD_OK)
		db_fail(im, e, u->code);
}

static void on_row(struct import *im)
{
	struct unit_row u = {0};
	u.code = row_value(im, C_CODE);
	u.parent_code = row_value(im, C_PARENT);
	u.level = row_value(im, C_LEVEL);
	u.kind = row_value(im, C_TYPE);
	const char *name = row_value(im, C_NAME);
	const char *full = row_value(im, C_FULL);

	size_t cl = strlen(u.code);
	if (cl == 0 || cl > UNITS_CODE_MAX || strspn(u.code, "0123456789") != cl) {
		fail(im, TD_EINVALID, "code \"%.20s\" must be 1 to %d digits",
		     vn_valid_text(u.code, cl) ? u.code : "?", UNITS_CODE_MAX);
		return;
	}
	size_t pl = strlen(u.parent_code);
	if (pl > UNITS_CODE_MAX || strspn(u.parent_code, "0123456789") != pl) {
		fail(im, TD_EINVALID, "parent_code of unit %s must be 1 to %d digits or empty",
		     u.code, UNITS_CODE_MAX);
		return;
	}
	if (strcmp(u.parent_code, u.code) == 0) {
		fail(im, TD_EINVALID, "unit %s is its own parent", u.code);
		return;
	}
	int rank = level_rank(u.level);
	if (rank < 0) {
		fail(im, TD_EINVALID, "level of unit %s must be province, district or commune",
		     u.code);
		return;
	}
	if (rank == 0 && pl) {
		fail(im, TD_EINVALID, "province %s cannot have a parent", u.code);
		return;
	}
	if (rank > 0 && !pl) {
		fail(im, TD_EINVALID, "%s %s needs a parent_code", u.level, u.code);
		return;
	}
	size_t kl = strlen(u.kind);
	if (kl > KIND_MAX || strspn(u.kind, "abcdefghijklmnopqrstuvwxyz-") != kl) {
		fail(im, TD_EINVALID, "type of unit %s must be lower-case letters and '-'", u.code);
		return;
	}
	int first = seen_add(&im->seen, u.code, im->line);
	if (first < 0) {
		fail(im, TD_EINTERNAL, "out of memory");
		return;
	}
	if (first > 0) {
		fail(im, TD_EINVALID, "code %s appears twice in the file (first on line %d)", u.code,
		     first);
		return;
	}

	u.name = checked_name(im, "name", name);
	if (u.name)
		u.full_name = checked_name(im, "full_name", full[0] ? full : name);
	if (u.name && u.full_name) {
		size_t n1 = strlen(u.full_name), n2 = strlen(u.name);
		char *both = malloc(n1 + n2 + 2);
		if (both) {
			memcpy(both, u.full_name, n1);
			both[n1] = ' ';
			memcpy(both + n1 + 1, u.name, n2 + 1);
			u.search = vn_fold(both);
			free(both);
		}
		u.sort_key = vn_sort_key(u.name);
		if (!u.search || !u.sort_key)
			fail(im, TD_EINTERNAL, "out of memory");
		else
			store_row(im, &u);
	}
	if (!im->failed)
		im->count++;
	free(u.name);
	free(u.full_name);
	free(u.search);
	free(u.sort_key);
}

static void cb_field(void *s, size_t len, void *data)
{
	struct import *im = data;
	if (im->failed)
		return;
	if (!im->header_done && im->nfield >= NCOL) {
		fail(im, TD_EINVALID, "the header has more than the %d known columns", NCOL);
		return;
	}
	if (im->header_done && im->nfield >= im->ncols) {
		fail(im, TD_EINVALID, "more fields than the %d columns of the header", im->ncols);
		return;
	}
	if (len > FIELD_MAX_BYTES) {
		fail(im, TD_EINVALID, "field %d is longer than %d bytes", im->nfield + 1,
		     FIELD_MAX_BYTES);
		return;
	}
	char *v = malloc(len + 1);
	if (!v) {
		fail(im, TD_EINTERNAL, "out of memory");
		return;
	}
	if (len)
		memcpy(v, s, len);
	v[len] = 0;
	im->field[im->nfield++] = v;
}

static void cb_row(int c, void *data)
{
	struct import *im = data;
	(void)c;
	if (!im->failed) {
		if (!im->header_done) {
			on_header(im);
		} else {
			int blank = 1;
			for (int i = 0; i < im->nfield; i++)
				if (im->field[i] && trim(im->field[i])[0])
					blank = 0;
			if (!blank && im->nfield != im->ncols)
				fail(im, TD_EINVALID, "%d fields where the header has %d", im->nfield,
				     im->ncols);
			else if (!blank)
				on_row(im);
		}
	}
	row_clear(im);
}

static const char *base_name(const char *path)
{
	const char *b = strrchr(path, '/');
	return b ? b + 1 : path;
}

/* Parses the whole file through the callbacks; returns with im->failed set on error. */
static void parse_file(struct import *im, FILE *f)
{
	struct csv_parser p;
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0) {
		fail(im, TD_EINTERNAL, "out of memory");
		return;
	}
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	while (!im->failed && (n = getline(&line, &cap, f)) > 0) {
		im->line++;
		if (n > (ssize_t)LINE_MAX_BYTES) {
			fail(im, TD_EINVALID, "line longer than %d bytes", LINE_MAX_BYTES);
			break;
		}
		if ((size_t)n != strlen(line)) {
			fail(im, TD_EINVALID, "NUL byte in the file");
			break;
		}
		if (csv_parse(&p, line, (size_t)n, cb_field, cb_row, im) != (size_t)n) {
			fail(im, TD_EINVALID, "CSV: %s", csv_strerror(csv_error(&p)));
			break;
		}
	}
	if (!im->failed && ferror(f))
		fail(im, TD_EINTERNAL, "read error: %s", strerror(errno));
	if (!im->failed && csv_fini(&p, cb_field, cb_row, im) != 0)
		fail(im, TD_EINVALID, "CSV: %s", csv_strerror(csv_error(&p)));
	if (!im->failed && !im->header_done) {
		im->line = 1;
		fail(im, TD_EINVALID, "empty file: expected the header %s,%s,%s,%s,%s,%s",
		     col_names[0], col_names[1], col_names[2], col_names[3], col_names[4],
		     col_names[5]);
	}
	free(line);
	row_clear(im);
	csv_free(&p);
}

tderr units_import_csv(db *d, const char *path, const char *valid_from, int *count, char *err,
		       size_t errlen)
{
	if (count)
		*count = 0;
	if (errlen)
		err[0] = 0;
	if (!valid_from)
		valid_from = DEFAULT_VALID_FROM;
	if (!valid_iso_date(valid_from)) {
		snprintf(err, errlen, "valid-from \"%.20s\" is not a date YYYY-MM-DD", valid_from);
		return TD_EINVALID;
	}
	FILE *f = fopen(path, "r");
	if (!f) {
		snprintf(err, errlen, "cannot open %s: %s", path, strerror(errno));
		return TD_ENOTFOUND;
	}
	struct import im = {.d = d, .valid_from = valid_from, .err = err, .errlen = errlen};
	int own_tx = !db_in_tx(d);
	if (own_tx) {
		tderr e = db_begin(d);
		if (e != TD_OK) {
			snprintf(err, errlen, "database: %s", db_errmsg(d));
			fclose(f);
			return e;
		}
	}
	parse_file(&im, f);
	fclose(f);
	free(im.seen.slots);

	if (!im.failed) {
		json_t *after = json_pack("{s:s, s:i, s:s}", "file", base_name(path), "count",
					  im.count, "valid_from", valid_from);
		tderr e = TD_EINVALID;
		if (!after)
			snprintf(err, errlen, "the file name is not valid UTF-8");
		else if ((e = store_audit(d, NULL, NULL, "org_units", 0, "import", NULL, after)) ==
				 TD_OK &&
			 own_tx)
			e = db_commit(d);
		json_decref(after);
		if (e != TD_OK) {
			if (after)
				snprintf(err, errlen, "database: %s", db_errmsg(d));
			im.failed = 1;
			im.e = e;
		}
	}
	if (im.failed) {
		if (own_tx)
			db_rollback(d);
		return im.e;
	}
	if (count)
		*count = im.count;
	return TD_OK;
}
