/* values_csv.c — report values as CSV (plan,indicator,unit,period,value[,comment]),
 * read row by row with libcsv from a request body or a file and handed to the
 * import engine; the text helpers the engine shares; and the user the command line
 * acts as. */
#include "store/values_import_int.h"
#include "core/vntext.h"
#include <csv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define LINE_MAX_BYTES (64 * 1024) /* one physical line, and one record */
#define REASON_SIZE 400

const char *values_show(const char *s, char buf[64])
{
	size_t n = strlen(s);
	if (n <= 48)
		return s;
	n = 45;
	while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
		n--;
	snprintf(buf, 64, "%.*s...", (int)n, s);
	return buf;
}

const char *values_trimmed(const char *s, char *buf)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	if (n > VALUES_IMPORT_FIELD_MAX)
		n = VALUES_IMPORT_FIELD_MAX;
	memcpy(buf, s, n);
	buf[n] = 0;
	return buf;
}

enum { C_PLAN, C_IND, C_UNIT, C_PERIOD, C_VALUE, C_COMMENT, NCOL };
static const char *const col_names[NCOL] = {"plan", "indicator", "unit", "period", "value",
					    "comment"};

typedef struct csvin {
	values_engine *g;
	int header_done;
	int col_of[NCOL];     /* file column of each of ours, -1 when absent */
	int ncols;
	char field[NCOL][VALUES_IMPORT_FIELD_MAX + 1];
	int nfield;
	int long_field;       /* 1-based column of a field over the cap, 0 = none */
	int nl_in_row;        /* line breaks inside the row's quoted fields */
	size_t record_bytes;
	int line;             /* physical line being read */
	int stop;             /* the file itself is unreadable: no more rows */
} csvin;

/* A fault of the file rather than of a row: listed, and reading stops. */
static void file_fail(csvin *c, int line, const char *code, const char *msg)
{
	values_row r = {.line = line, .index = -1, .names = values_csv_names};
	values_engine_fail(c->g, &r, code, "%s", msg);
	c->stop = 1;
}

static void on_header(csvin *c, int line)
{
	char msg[REASON_SIZE], sh[64];
	for (int k = 0; k < NCOL; k++)
		c->col_of[k] = -1;
	c->ncols = c->nfield;
	for (int i = 0; i < c->nfield; i++) {
		char buf[VALUES_IMPORT_FIELD_MAX + 1];
		const char *name = values_trimmed(c->field[i], buf);
		int k = 0;
		while (k < NCOL && strcasecmp(col_names[k], name) != 0)
			k++;
		if (k == NCOL || c->col_of[k] >= 0) {
			snprintf(msg, sizeof msg,
				 k == NCOL ? "Cột \"%s\" không có trong mẫu (plan, indicator, unit, period,"
					     " value, comment)"
					   : "Cột \"%s\" xuất hiện hai lần",
				 vn_valid_text(name, strlen(name)) ? values_show(name, sh) : "?");
			file_fail(c, line, "bad_header", msg);
			return;
		}
		c->col_of[k] = i;
	}
	for (int k = 0; k < C_COMMENT; k++)
		if (c->col_of[k] < 0) {
			snprintf(msg, sizeof msg,
				 "Thiếu cột \"%s\"; dòng đầu phải là plan,indicator,unit,period,value[,comment]",
				 col_names[k]);
			file_fail(c, line, "bad_header", msg);
			return;
		}
	c->header_done = 1;
}

static void cb_field(void *s, size_t len, void *data)
{
	csvin *c = data;
	if (c->stop)
		return;
	for (size_t i = 0; i < len; i++)
		c->nl_in_row += ((const char *)s)[i] == '\n';
	if (c->nfield >= NCOL) { /* more than a header may have: counted only */
		c->nfield++;
		return;
	}
	if (len > VALUES_IMPORT_FIELD_MAX) {
		if (!c->long_field)
			c->long_field = c->nfield + 1;
		len = 0;
	}
	memcpy(c->field[c->nfield], s, len);
	c->field[c->nfield++][len] = 0;
}

static void cb_row(int term, void *data)
{
	csvin *c = data;
	(void)term;
	int line = c->line - c->nl_in_row;
	int blank = c->nfield <= NCOL && !c->long_field;
	for (int i = 0; blank && i < c->nfield; i++)
		if (c->field[i][strspn(c->field[i], " \t\r")])
			blank = 0;
	if (c->stop || blank) {
		/* nothing */
	} else if (!c->header_done) {
		if (c->nfield > NCOL)
			file_fail(c, line, "bad_header", "Dòng đầu có nhiều cột hơn mẫu"
				  " (plan, indicator, unit, period, value, comment)");
		else
			on_header(c, line);
	} else if (values_engine_rows(c->g) >= VALUES_IMPORT_ROWS_MAX) {
		char msg[120];
		snprintf(msg, sizeof msg, "Tệp có hơn %d dòng số liệu; hãy chia thành nhiều tệp",
			 VALUES_IMPORT_ROWS_MAX);
		file_fail(c, line, "too_many_rows", msg);
	} else {
		values_row r = {.line = line, .index = -1, .names = values_csv_names};
		if (c->nfield != c->ncols || c->long_field) {
			values_engine_count(c->g);
			if (c->long_field)
				values_engine_fail(c->g, &r, "field_too_long", "Ô ở cột %d dài quá %d byte",
					 c->long_field, VALUES_IMPORT_FIELD_MAX);
			else
				values_engine_fail(c->g, &r, "field_count", "Dòng có %d ô, dòng đầu có %d cột",
					 c->nfield, c->ncols);
		} else {
			int ok = 1;
			for (int i = 0; i < c->nfield; i++)
				ok = ok && vn_valid_text(c->field[i], strlen(c->field[i]));
			for (int k = 0; k < 5; k++)
				r.f[k] = c->field[c->col_of[k]];
			r.comment = c->col_of[C_COMMENT] >= 0 ? c->field[c->col_of[C_COMMENT]] : NULL;
			if (ok) {
				values_engine_row(c->g, &r);
			} else {
				values_engine_count(c->g);
				values_engine_fail(c->g, &r, "not_utf8",
					 "Dòng có ký tự không phải UTF-8 hợp lệ (hãy lưu tệp dạng CSV UTF-8)");
			}
		}
		if (values_engine_stopped(c->g))
			c->stop = 1;
	}
	c->nfield = 0;
	c->long_field = 0;
	c->nl_in_row = 0;
	c->record_bytes = 0;
}

/* The separator: ';' when the header line has more of them than commas. */
static unsigned char detect_delim(const char *s, size_t n)
{
	size_t commas = 0, semis = 0;
	int quoted = 0;
	for (size_t i = 0; i < n && s[i] != '\n'; i++) {
		if (s[i] == '"')
			quoted = !quoted;
		else if (!quoted && s[i] == ',')
			commas++;
		else if (!quoted && s[i] == ';')
			semis++;
	}
	return semis > commas ? ';' : ',';
}

static void feed_line(csvin *c, struct csv_parser *p, const char *s, size_t n)
{
	if (c->stop)
		return;
	if (++c->line == 1) {
		if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
			s += 3, n -= 3;
		csv_set_delim(p, detect_delim(s, n));
	}
	c->record_bytes += n;
	if (n > LINE_MAX_BYTES || c->record_bytes > LINE_MAX_BYTES) {
		file_fail(c, c->line, "line_too_long", "Dòng dài quá 64 KiB");
		return;
	}
	if (memchr(s, 0, n)) {
		file_fail(c, c->line, "not_text", "Tệp chứa byte NUL: không phải văn bản CSV");
		return;
	}
	if (csv_parse(p, s, n, cb_field, cb_row, c) != n)
		file_fail(c, c->line, "bad_csv",
			  "CSV sai dạng: dấu ngoặc kép không khớp hoặc nằm giữa ô");
}

static void feed_end(csvin *c, struct csv_parser *p)
{
	if (!c->stop && csv_fini(p, cb_field, cb_row, c) != 0)
		file_fail(c, c->line, "bad_csv",
			  "CSV sai dạng: dấu ngoặc kép chưa đóng ở cuối tệp");
	if (!c->stop && !c->header_done)
		file_fail(c, 1, "empty_file",
			  "Tệp trống: dòng đầu phải là plan,indicator,unit,period,value[,comment]");
}

/* Runs CSV text, from memory (buf) or a file (f), through the engine. */
static tderr run_csv(db *d, const values_import_opts *o, values_import_result *out,
		     const char *buf, size_t len, FILE *f)
{
	values_engine *g = NULL;
	tderr e = values_engine_start(d, o, out, &g);
	csvin *c = e ? NULL : calloc(1, sizeof *c);
	struct csv_parser p;
	if (!e && (!c || csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0)) {
		free(c);
		c = NULL;
		values_engine_fatal(g, TD_EINTERNAL);
		values_engine_finish(g); /* returns the fatal error just set */
		e = TD_EINTERNAL;
	}
	if (e) {
		values_import_result_free(out);
		out->dry_run = o->dry_run;
		return e;
	}
	c->g = g;
	if (f) {
		char *line = NULL;
		size_t cap = 0;
		ssize_t n;
		while (!c->stop && (n = getline(&line, &cap, f)) > 0)
			feed_line(c, &p, line, (size_t)n);
		if (!c->stop && ferror(f))
			values_engine_fatal(g, TD_EINTERNAL);
		free(line);
	} else {
		size_t pos = 0;
		while (!c->stop && pos < len) {
			const char *nl = memchr(buf + pos, '\n', len - pos);
			size_t n = nl ? (size_t)(nl - (buf + pos)) + 1 : len - pos;
			feed_line(c, &p, buf + pos, n);
			pos += n;
		}
	}
	feed_end(c, &p);
	csv_free(&p);
	free(c);
	if ((e = values_engine_finish(g))) {
		values_import_result_free(out);
		out->dry_run = o->dry_run;
	}
	return e;
}

tderr values_import_csv(db *d, const values_import_opts *o, const char *buf, size_t len,
			values_import_result *out)
{
	return run_csv(d, o, out, buf ? buf : "", buf ? len : 0, NULL);
}

tderr values_import_csv_file(db *d, const values_import_opts *o, FILE *f,
			     values_import_result *out)
{
	if (!f)
		return TD_EINTERNAL;
	return run_csv(d, o, out, NULL, 0, f);
}

/* ---- the command line's actor ---- */

static const char *SQL_ACTOR =
	"SELECT u.id, u.username, u.full_name, u.role, o.id, o.name, o.system, un.id, un.code,"
	" un.name, un.path FROM users u JOIN organizations o ON o.id = u.organization_id"
	" JOIN org_units un ON un.id = o.unit_id WHERE u.username = ? AND u.active = 1";

static void copy_col(db_stmt *s, int col, char *out, size_t size)
{
	const char *t = db_col_text(s, col);
	snprintf(out, size, "%s", t ? t : "");
}

tderr values_import_actor(db *d, const char *username, values_actor *out)
{
	db_stmt *s = db_prepare(d, SQL_ACTOR);
	if (!s)
		return TD_EINTERNAL;
	db_bind_text(s, 1, username);
	tderr e = TD_OK;
	int rc = db_step(s, &e);
	if (rc == DB_ROW) {
		memset(out, 0, sizeof *out);
		td_user *u = &out->user;
		u->id = db_col_int(s, 0);
		copy_col(s, 1, out->username, sizeof out->username);
		copy_col(s, 2, out->full_name, sizeof out->full_name);
		u->role = role_from_name(db_col_text(s, 3));
		u->org_id = db_col_int(s, 4);
		copy_col(s, 5, out->org_name, sizeof out->org_name);
		copy_col(s, 6, out->org_system, sizeof out->org_system);
		u->unit_id = db_col_int(s, 7);
		copy_col(s, 8, out->unit_code, sizeof out->unit_code);
		copy_col(s, 9, out->unit_name, sizeof out->unit_name);
		copy_col(s, 10, out->unit_path, sizeof out->unit_path);
		u->username = out->username;
		u->full_name = out->full_name;
		u->org_name = out->org_name;
		u->org_system = out->org_system;
		u->unit_code = out->unit_code;
		u->unit_name = out->unit_name;
		u->unit_path = out->unit_path;
	}
	db_reset(s);
	if (rc < 0)
		return e;
	return rc == DB_ROW ? TD_OK : TD_ENOTFOUND;
}
