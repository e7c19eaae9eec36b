/* xlsx.c — thin helpers over libxlsxwriter for the project's tables: typed cells
 * with Excel number formats, a frozen bold header with an autofilter, sheet names
 * Excel accepts, text neutralised against formula injection. libxlsxwriter writes
 * the workbook to a private temporary file; save and to_memory copy it out. */
#include "export/xlsx.h"
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>
#include "core/vntext.h"
#include "export/export.h"

#define SHEET_NAME_MAX 31        /* Excel's limit, in characters */
#define XLSX_FILE_MAX (1u << 30) /* what to_memory reads back at most */
#define EXACT_INT_MAX 9007199254740992LL /* 2^53: larger integers lose digits */

/* the font of the project's official documents */
#define FONT "Times New Roman"

enum { F_TEXT, F_INT, F_DECIMAL, F_PERCENT, F_VND, F_DATE, F_COUNT };

struct xlsx_sheet {
	xlsx_book *book;
	lxw_worksheet *ws;
	size_t ncols;
	unsigned rows; /* data rows written below the header */
	char *fold;    /* folded name, for Excel's case-insensitive uniqueness */
};

struct xlsx_book {
	lxw_workbook *wb;
	char *path;       /* the temporary file libxlsxwriter writes */
	int finished;     /* workbook_close has run */
	tderr err;        /* the outcome of finishing */
	size_t nsheets;
	xlsx_sheet *sheets[XLSX_MAX_SHEETS];
	lxw_format *fmt[F_COUNT][2]; /* [kind][bold] */
	lxw_format *header;
	size_t text_bytes;
};

static const char *const NUM_FORMATS[F_COUNT] = {
	NULL, "#,##0", "#,##0.0", "0.0%", "#,##0", "dd/mm/yyyy"};

static void make_formats(xlsx_book *b)
{
	for (int k = 0; k < F_COUNT; k++)
		for (int bold = 0; bold < 2; bold++) {
			lxw_format *f = workbook_add_format(b->wb);
			format_set_font_name(f, FONT);
			format_set_font_size(f, 12);
			if (NUM_FORMATS[k])
				format_set_num_format(f, NUM_FORMATS[k]);
			if (bold)
				format_set_bold(f);
			format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
			if (k == F_TEXT)
				format_set_text_wrap(f);
			b->fmt[k][bold] = f;
		}
	lxw_format *h = workbook_add_format(b->wb);
	format_set_font_name(h, FONT);
	format_set_font_size(h, 12);
	format_set_bold(h);
	format_set_text_wrap(h);
	format_set_align(h, LXW_ALIGN_CENTER);
	format_set_align(h, LXW_ALIGN_VERTICAL_CENTER);
	format_set_border(h, LXW_BORDER_THIN);
	format_set_bg_color(h, 0xD9D9D9);
	b->header = h;
}

tderr xlsx_create(const char *title, time_t created, xlsx_book **out)
{
	*out = NULL;
	char *clean_title = NULL;
	tderr e = export_clean_text(title, &clean_title);
	if (e)
		return e;
	xlsx_book *b = calloc(1, sizeof *b);
	if (!b) {
		free(clean_title);
		return TD_EINTERNAL;
	}
	e = export_temp_path(".xlsx", &b->path);
	if (!e) {
		lxw_workbook_options opt = {0};
		b->wb = workbook_new_opt(b->path, &opt);
		if (!b->wb)
			e = TD_EINTERNAL;
	}
	if (!e) {
		lxw_doc_properties props = {0};
		props.title = *clean_title ? clean_title : NULL;
		props.author = "Tiến Độ";
		props.created = created ? created : time(NULL);
		if (workbook_set_properties(b->wb, &props) != LXW_NO_ERROR)
			e = TD_EINTERNAL;
		make_formats(b);
	}
	free(clean_title);
	if (e) {
		xlsx_destroy(b);
		return e;
	}
	*out = b;
	return TD_OK;
}

void xlsx_destroy(xlsx_book *b)
{
	if (!b)
		return;
	if (b->wb && !b->finished)
		lxw_workbook_free(b->wb); /* never written: nothing to assemble */
	for (size_t i = 0; i < b->nsheets; i++) {
		free(b->sheets[i]->fold);
		free(b->sheets[i]);
	}
	if (b->path) {
		unlink(b->path);
		free(b->path);
	}
	free(b);
}

/* ---- sheet names ---- */

/* name cut to at most max characters, on a character boundary */
static void cut_chars(char *s, size_t max)
{
	size_t chars = 0;
	for (char *p = s; *p; p++) {
		if ((*p & 0xc0) == 0x80)
			continue;
		if (chars++ == max) {
			*p = 0;
			return;
		}
	}
}

/* What Excel accepts: no []:*?/\ (they become '-'), no line breaks or tabs, no
 * apostrophe at either end, at most 31 characters, not blank. malloc'd. */
static tderr sheet_base_name(const char *name, char **out)
{
	char *s = NULL;
	tderr e = export_clean_text(name, &s);
	if (e)
		return e;
	for (char *p = s; *p; p++) {
		if (strchr("[]:*?/\\", *p))
			*p = '-';
		else if (*p == '\n' || *p == '\t')
			*p = ' ';
	}
	cut_chars(s, SHEET_NAME_MAX);
	size_t len = strlen(s);
	while (len && (s[len - 1] == '\'' || s[len - 1] == ' '))
		s[--len] = 0;
	size_t lead = strspn(s, "' ");
	memmove(s, s + lead, len - lead + 1);
	if (!*s) {
		free(s);
		s = strdup("Trang tính");
		if (!s)
			return TD_EINTERNAL;
	}
	*out = s;
	return TD_OK;
}

static int name_taken(const xlsx_book *b, const char *fold)
{
	for (size_t i = 0; i < b->nsheets; i++)
		if (strcmp(b->sheets[i]->fold, fold) == 0)
			return 1;
	return 0;
}

/* A unique name: base, else "base (2)", "base (3)"... cut to fit 31 characters.
 * Uniqueness is judged on the folded form, which is stricter than Excel's
 * case-insensitive rule, never looser. */
static tderr unique_name(const xlsx_book *b, const char *base, char **name, char **fold)
{
	for (unsigned k = 1; k <= XLSX_MAX_SHEETS + 1; k++) {
		char suffix[16] = "";
		if (k > 1)
			snprintf(suffix, sizeof suffix, " (%u)", k);
		char *cand = malloc(strlen(base) + sizeof suffix);
		if (!cand)
			return TD_EINTERNAL;
		memcpy(cand, base, strlen(base) + 1);
		cut_chars(cand, SHEET_NAME_MAX - strlen(suffix));
		size_t len = strlen(cand);
		while (k > 1 && len && cand[len - 1] == ' ')
			len--;
		memcpy(cand + len, suffix, strlen(suffix) + 1);
		char *f = vn_fold(cand);
		if (!f) {
			free(cand);
			return TD_EINTERNAL;
		}
		if (!name_taken(b, f)) {
			*name = cand;
			*fold = f;
			return TD_OK;
		}
		free(cand);
		free(f);
	}
	return TD_ETOOLARGE;
}

/* ---- cells ---- */

/* "YYYY-MM-DD" (anything after the day must start with 'T' or ' '), a real day
 * between 1900 and 9999. */
static int parse_date(const char *s, lxw_datetime *dt)
{
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (!s || strlen(s) < 10)
		return 0;
	for (int i = 0; i < 10; i++)
		if ((i == 4 || i == 7) ? s[i] != '-' : (s[i] < '0' || s[i] > '9'))
			return 0;
	if (s[10] && s[10] != 'T' && s[10] != ' ')
		return 0;
	int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	int m = (s[5] - '0') * 10 + (s[6] - '0');
	int d = (s[8] - '0') * 10 + (s[9] - '0');
	if (y < 1900 || m < 1 || m > 12 || d < 1)
		return 0;
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (d > mdays[m - 1] + (m == 2 && leap))
		return 0;
	*dt = (lxw_datetime){y, m, d, 0, 0, 0.0};
	return 1;
}

static tderr lxw_fail(lxw_error le)
{
	switch (le) {
	case LXW_NO_ERROR:
		return TD_OK;
	case LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED:
	case LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE:
		return TD_ETOOLARGE;
	default:
		return TD_EINTERNAL;
	}
}

static tderr write_cell(xlsx_sheet *s, lxw_row_t row, lxw_col_t col, const xlsx_cell *c,
			int bold)
{
	xlsx_book *b = s->book;
	switch (c->type) {
	case XLSX_BLANK:
		return bold ? lxw_fail(worksheet_write_blank(s->ws, row, col, b->fmt[F_TEXT][1]))
			    : TD_OK;
	case XLSX_TEXT: {
		char *t = NULL;
		tderr e = export_clean_cell(c->text, &t);
		if (e)
			return e;
		size_t n = strlen(t);
		if (n > XLSX_MAX_TEXT_BYTES - b->text_bytes) {
			free(t);
			return TD_ETOOLARGE;
		}
		b->text_bytes += n;
		e = lxw_fail(worksheet_write_string(s->ws, row, col, t, b->fmt[F_TEXT][bold]));
		free(t);
		return e;
	}
	case XLSX_INT:
	case XLSX_VND:
		if (c->i > EXACT_INT_MAX || c->i < -EXACT_INT_MAX)
			return TD_EINVALID;
		return lxw_fail(worksheet_write_number(
			s->ws, row, col, (double)c->i,
			b->fmt[c->type == XLSX_INT ? F_INT : F_VND][bold]));
	case XLSX_DECIMAL:
	case XLSX_PERCENT:
		if (!isfinite(c->d))
			return TD_EINVALID;
		return lxw_fail(worksheet_write_number(
			s->ws, row, col, c->d,
			b->fmt[c->type == XLSX_DECIMAL ? F_DECIMAL : F_PERCENT][bold]));
	case XLSX_DATE: {
		lxw_datetime dt;
		if (!parse_date(c->text, &dt))
			return TD_EINVALID;
		return lxw_fail(worksheet_write_datetime(s->ws, row, col, &dt, b->fmt[F_DATE][bold]));
	}
	}
	return TD_EINVALID;
}

/* ---- sheets and rows ---- */

tderr xlsx_add_sheet(xlsx_book *b, const char *name, const xlsx_column *cols, size_t ncols,
		     xlsx_sheet **out)
{
	*out = NULL;
	if (b->finished)
		return TD_EINVALID;
	if (!cols || ncols == 0 || ncols > XLSX_MAX_COLS)
		return TD_EINVALID;
	if (b->nsheets >= XLSX_MAX_SHEETS)
		return TD_ETOOLARGE;
	char *base = NULL, *final = NULL, *fold = NULL;
	tderr e = sheet_base_name(name, &base);
	if (!e)
		e = unique_name(b, base, &final, &fold);
	free(base);
	if (e)
		return e;
	xlsx_sheet *s = calloc(1, sizeof *s);
	lxw_worksheet *ws = s ? workbook_add_worksheet(b->wb, final) : NULL;
	free(final);
	if (!ws) {
		free(s);
		free(fold);
		return TD_EINTERNAL;
	}
	s->book = b;
	s->ws = ws;
	s->ncols = ncols;
	s->fold = fold;
	b->sheets[b->nsheets++] = s;
	double lines = 1;
	for (size_t c = 0; c < ncols && !e; c++) {
		double width = cols[c].width > 0 && cols[c].width <= 255 ? cols[c].width : 12;
		worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, width, NULL);
		xlsx_cell h = xlsx_text(cols[c].header ? cols[c].header : "");
		char *t = NULL;
		e = export_clean_cell(h.text, &t);
		if (!e) {
			/* characters over width: the lines the header wraps to */
			double need = ceil((double)strlen(t) * 0.8 / width);
			if (need > lines)
				lines = need > 4 ? 4 : need;
			e = lxw_fail(worksheet_write_string(ws, 0, (lxw_col_t)c, t, b->header));
		}
		free(t);
	}
	if (e)
		return e;
	worksheet_set_row(ws, 0, 15 * lines + 3, NULL);
	worksheet_freeze_panes(ws, 1, 0);
	*out = s;
	return TD_OK;
}

tderr xlsx_add_row(xlsx_sheet *s, const xlsx_cell *cells, size_t n, unsigned flags)
{
	if (s->book->finished || (n && !cells) || n > s->ncols)
		return TD_EINVALID;
	if (s->rows >= XLSX_MAX_ROWS)
		return TD_ETOOLARGE;
	lxw_row_t row = s->rows + 1;
	int bold = (flags & XLSX_ROW_TOTAL) != 0;
	for (size_t c = 0; c < n; c++) {
		tderr e = write_cell(s, row, (lxw_col_t)c, &cells[c], bold);
		if (e)
			return e;
	}
	s->rows++;
	return TD_OK;
}

/* ---- output ---- */

static tderr finish(xlsx_book *b)
{
	if (b->finished)
		return b->err;
	for (size_t i = 0; i < b->nsheets; i++) {
		xlsx_sheet *s = b->sheets[i];
		worksheet_autofilter(s->ws, 0, 0, s->rows, (lxw_col_t)(s->ncols - 1));
	}
	errno = 0;
	lxw_error le = workbook_close(b->wb);
	b->wb = NULL;
	b->finished = 1;
	if (le != LXW_NO_ERROR)
		b->err = (errno == ENOSPC || errno == EDQUOT) ? TD_ENOSPACE : TD_EINTERNAL;
	return b->err;
}

tderr xlsx_to_memory(xlsx_book *b, char **buf, size_t *len)
{
	*buf = NULL;
	*len = 0;
	tderr e = finish(b);
	return e ? e : export_read_file(b->path, XLSX_FILE_MAX, buf, len);
}

tderr xlsx_save(xlsx_book *b, const char *path)
{
	char *buf = NULL;
	size_t len = 0;
	tderr e = xlsx_to_memory(b, &buf, &len);
	if (!e)
		e = export_write_atomic(path, buf, len);
	free(buf);
	return e;
}
