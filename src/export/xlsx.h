/* xlsx.h — the project's tables as an Excel workbook (libxlsxwriter): sheets with a
 * bold Vietnamese header row that stays frozen and carries an autofilter, and rows
 * of typed cells (text, integer, decimal, percent, VND, date).
 *
 * Number formats are Excel's "#,##0", "#,##0.0", "0.0%" and "dd/mm/yyyy". The
 * separators a reader sees come from the viewer's locale, not from the file: with
 * Vietnamese regional settings Excel and LibreOffice show 1.234.567,5; with English
 * ones 1,234,567.5. The values stay numbers either way, so sums and filters work.
 *
 * Text is stored in NFC without control characters. Text that a spreadsheet could
 * take for a formula (beginning with = + - @ tab CR LF) gets a leading "'" and is
 * always written as a string, never as a formula. */
#ifndef TD_XLSX_H
#define TD_XLSX_H
#include <stddef.h>
#include <time.h>
#include "core/err.h"

/* Size caps: sheets per workbook, columns per sheet, rows per sheet (Excel's own
 * limit less the header), and the bytes of text a workbook may hold. */
#define XLSX_MAX_SHEETS 64
#define XLSX_MAX_COLS 256
#define XLSX_MAX_ROWS 1048575
#define XLSX_MAX_TEXT_BYTES (256u << 20)

typedef struct xlsx_book xlsx_book;
typedef struct xlsx_sheet xlsx_sheet;

typedef enum xlsx_type {
	XLSX_BLANK = 0,
	XLSX_TEXT,    /* text */
	XLSX_INT,     /* i, shown #,##0 */
	XLSX_DECIMAL, /* d, shown #,##0.0 */
	XLSX_PERCENT, /* d as a fraction (0.699 = 69,9 %), shown 0.0% */
	XLSX_VND,     /* i in đồng, shown #,##0 (VND has no decimals) */
	XLSX_DATE     /* text "YYYY-MM-DD" (a longer ISO 8601 time keeps its date part),
			 shown dd/mm/yyyy */
} xlsx_type;

typedef struct xlsx_cell {
	xlsx_type type;
	const char *text;
	long long i;
	double d;
} xlsx_cell;

/* Cell constructors, for readable row literals. */
static inline xlsx_cell xlsx_text(const char *s) { return (xlsx_cell){XLSX_TEXT, s, 0, 0}; }
static inline xlsx_cell xlsx_int(long long v) { return (xlsx_cell){XLSX_INT, NULL, v, 0}; }
static inline xlsx_cell xlsx_decimal(double v) { return (xlsx_cell){XLSX_DECIMAL, NULL, 0, v}; }
static inline xlsx_cell xlsx_percent(double v) { return (xlsx_cell){XLSX_PERCENT, NULL, 0, v}; }
static inline xlsx_cell xlsx_vnd(long long v) { return (xlsx_cell){XLSX_VND, NULL, v, 0}; }
static inline xlsx_cell xlsx_date(const char *iso) { return (xlsx_cell){XLSX_DATE, iso, 0, 0}; }
static inline xlsx_cell xlsx_blank(void) { return (xlsx_cell){XLSX_BLANK, NULL, 0, 0}; }

/* A column: its header text and width in characters (0 = 12). */
typedef struct xlsx_column {
	const char *header;
	double width;
} xlsx_column;

/* Row flags. */
enum { XLSX_ROW_TOTAL = 1 }; /* bold: a total row */

/* New empty workbook; title may be NULL (document properties: title, author
 * "Tiến Độ", created = created or now when 0). The workbook is written to a
 * private temporary file as it is built. *out is freed with xlsx_destroy.
 * TD_EINTERNAL when the temporary file cannot be made. */
tderr xlsx_create(const char *title, time_t created, xlsx_book **out);
/* Frees the workbook and removes its temporary file. Accepts NULL. */
void xlsx_destroy(xlsx_book *b);

/* Adds a sheet with its header row (bold, wrapped, frozen, with an autofilter over
 * the columns). The name is cleaned to what Excel accepts (no []:*?/\, at most 31
 * characters, not blank, unique in the workbook: "Báo cáo (2)"). *out belongs to
 * the workbook. TD_EINVALID for no or too many columns; TD_ETOOLARGE past
 * XLSX_MAX_SHEETS. */
tderr xlsx_add_sheet(xlsx_book *b, const char *name, const xlsx_column *cols, size_t ncols,
		     xlsx_sheet **out);
/* Appends a row below the last one: n cells (at most the sheet's columns).
 * flags: XLSX_ROW_TOTAL. TD_EINVALID for a bad cell (invalid UTF-8, a date that is
 * not YYYY-MM-DD, a number that is not finite), TD_ETOOLARGE past the caps. */
tderr xlsx_add_row(xlsx_sheet *s, const xlsx_cell *cells, size_t n, unsigned flags);

/* Finishes the workbook and writes it to path atomically (temporary file in the
 * same directory, fsync, rename): path holds its old content or the whole
 * workbook. After this, no sheet or row can be added. TD_ENOSPACE when the disk
 * is full, TD_ENOTFOUND when the directory is missing. */
tderr xlsx_save(xlsx_book *b, const char *path);
/* Finishes the workbook and returns its bytes (malloc'd; caller frees), for an
 * HTTP response. May be called again, and after xlsx_save. */
tderr xlsx_to_memory(xlsx_book *b, char **buf, size_t *len);

#endif
