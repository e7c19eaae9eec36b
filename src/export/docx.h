/* docx.h — a small WordprocessingML (.docx) writer for official reports: the
 * document is built in memory, call by call, then packed with libzip. Page, fonts
 * and the two official headers follow Decree 30/2020/NĐ-CP (state documents) and
 * Hướng dẫn 36-HD/VPTW (Party documents).
 *
 * Every text argument is UTF-8; it is stored in NFC with control characters
 * dropped and XML metacharacters escaped; "\n" inside a text is a line break.
 * Invalid UTF-8 gives TD_EINVALID. A builder call that fails makes every later
 * call (and docx_save / docx_to_memory) return the same error, so a caller may
 * check only the last one. */
#ifndef TD_DOCX_H
#define TD_DOCX_H
#include <stddef.h>
#include <time.h>
#include "core/err.h"

/* Size caps: the document.xml part, and columns of a table. */
#define DOCX_MAX_BYTES (64u << 20)
#define DOCX_MAX_COLS 32

/* A4 with the margins of Decree 30 (top and bottom 20 mm, left 30 mm, right
 * 15 mm), in twips (1/20 pt, 1/1440 inch). DOCX_TEXT_WIDTH is the width between
 * the margins, the widest a table can be. */
#define DOCX_PAGE_WIDTH 11906
#define DOCX_PAGE_HEIGHT 16838
#define DOCX_MARGIN_TOP 1134
#define DOCX_MARGIN_BOTTOM 1134
#define DOCX_MARGIN_LEFT 1701
#define DOCX_MARGIN_RIGHT 850
#define DOCX_TEXT_WIDTH (DOCX_PAGE_WIDTH - DOCX_MARGIN_LEFT - DOCX_MARGIN_RIGHT)

typedef struct docx docx;

/* Run styles, combined with |. */
enum { DOCX_BOLD = 1, DOCX_ITALIC = 2, DOCX_UNDERLINE = 4 };

/* A piece of a paragraph in one style. */
typedef struct docx_run {
	const char *text;
	unsigned style; /* DOCX_BOLD | DOCX_ITALIC | DOCX_UNDERLINE, or 0 */
} docx_run;

typedef enum docx_align { DOCX_LEFT = 0, DOCX_CENTER, DOCX_RIGHT, DOCX_JUSTIFY } docx_align;

/* A table column: width in twips (567 = 1 cm) and how its body cells align
 * (numbers DOCX_RIGHT). */
typedef struct docx_col {
	unsigned width;
	docx_align align;
} docx_col;

/* A table cell. span: columns it covers (0 or 1 = one). rows: header rows it
 * covers downwards (0 or 1 = one); the header rows below it then skip its columns,
 * their cell lists holding only the cells of the free columns. */
typedef struct docx_cell {
	const char *text;
	unsigned span;
	unsigned rows;
} docx_cell;

/* Body row flags. */
enum { DOCX_ROW_TOTAL = 1 }; /* bold: a total or subtotal row */

/* Facts for docProps/core.xml. */
typedef struct docx_meta {
	const char *title;   /* may be NULL */
	time_t created;      /* 0 = now */
} docx_meta;

/* The closing block: recipients at the bottom left, signature at the right. */
typedef struct docx_closing {
	const char *const *recipients; /* "Ban Thường vụ Tỉnh ủy,", ... shown "- ..." */
	size_t n_recipients;
	const char *authority; /* "T/M BAN THƯỜNG VỤ", "KT. CHỦ TỊCH"; may be NULL */
	const char *position;  /* "PHÓ BÍ THƯ", "PHÓ CHỦ TỊCH"; may be NULL */
	const char *signer;    /* full name; may be NULL */
} docx_closing;

/* New empty document; meta may be NULL. *out is freed with docx_destroy.
 * TD_EINVALID for a bad title, TD_EINTERNAL when out of memory. */
tderr docx_create(const docx_meta *meta, docx **out);
/* Frees the document. Accepts NULL. */
void docx_destroy(docx *d);

/* Official header of a Party document (Hướng dẫn 36): a borderless two-column
 * table; left the issuing body in bold capitals (lines before the last one, split
 * by "\n", are the superior body, not bold), "*" under it, then the number
 * ("Số 12-BC/TU"); right "ĐẢNG CỘNG SẢN VIỆT NAM" bold and underlined, the place
 * and date in italics under it. Also makes docx_title and docx_closing_block use
 * the Party forms. body and number are required (TD_EINVALID). */
tderr docx_party_header(docx *d, const char *body, const char *number,
			const char *place_date);
/* Official header of a state document (Decree 30): left the issuing body (last
 * line bold; earlier lines, the managing body, regular) with a short line under
 * it, then the number ("Số: 05/BC-UBND"); right "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT
 * NAM" bold 13 pt, "Độc lập - Tự do - Hạnh phúc" bold 14 pt with a line under it,
 * and the place and date in italics. body and number are required. */
tderr docx_state_header(docx *d, const char *body, const char *number,
			const char *place_date);
/* The document's kind and subject, centred and bold: kind in capitals
 * ("BÁO CÁO"), the subject ("Kết quả thực hiện ...") under it, then a short
 * separator. subject may be NULL. */
tderr docx_title(docx *d, const char *kind, const char *subject);

/* A numbered heading: level 1 "I.", "II."; level 2 "1.", "2."; level 3 "a)",
 * "b)" (Vietnamese letters: a b c d đ e g h ...). A heading resets the counters
 * below it. The number is part of the text, so it reads the same in every
 * program. TD_EINVALID for a level outside 1..3. */
tderr docx_heading(docx *d, int level, const char *text);
/* A justified body paragraph, first line indented. */
tderr docx_paragraph(docx *d, const char *text);
/* A justified body paragraph made of runs (bold, italic, underlined pieces).
 * n == 0 gives an empty paragraph. */
tderr docx_paragraph_runs(docx *d, const docx_run *runs, size_t n);
/* A "- " item, as Vietnamese reports write them (a body paragraph starting with
 * a dash). */
tderr docx_bullet(docx *d, const char *text);
/* The same with runs. */
tderr docx_bullet_runs(docx *d, const docx_run *runs, size_t n);
/* A paragraph with its own alignment and runs (a note, a caption, a unit line
 * such as "Đơn vị tính: triệu đồng"). */
tderr docx_paragraph_aligned(docx *d, docx_align align, const docx_run *runs, size_t n);
/* Starts a new page. */
tderr docx_page_break(docx *d);

/* Starts a table (13 pt, all borders, centred on the page): 1..DOCX_MAX_COLS
 * columns, widths in twips (each 200..DOCX_TEXT_WIDTH). Nothing else may be added
 * until docx_table_end. TD_EINVALID for bad columns or a table already open. */
tderr docx_table_begin(docx *d, const docx_col *cols, size_t ncols);
/* A header row, bold and centred, repeated at the top of every page. Header rows
 * come before any body row. The cells' spans must add up to the columns left
 * free by cells of earlier rows that cover several rows (TD_EINVALID). */
tderr docx_table_header(docx *d, const docx_cell *cells, size_t n);
/* The same with one plain cell per column (n == the table's columns). */
tderr docx_table_header_text(docx *d, const char *const *cells, size_t n);
/* A body row, one text per column, each aligned as its column says; NULL is an
 * empty cell. flags: DOCX_ROW_TOTAL. Rows are not split across pages. */
tderr docx_table_row(docx *d, const char *const *cells, size_t n, unsigned flags);
/* A body row with spans (a group label across the columns, say); rows > 1 is
 * not allowed here. Spanning cells are left-aligned. */
tderr docx_table_row_cells(docx *d, const docx_cell *cells, size_t n, unsigned flags);
/* Ends the table. TD_EINVALID when no table is open or a header still owes rows
 * to a cell covering several of them. */
tderr docx_table_end(docx *d);

/* The closing block (Decree 30 / Hướng dẫn 36 forms): "Nơi nhận:" and the list
 * at the bottom left, the signature block at the right with room to sign. */
tderr docx_closing_block(docx *d, const docx_closing *c);

/* Writes the .docx to path atomically: the package is built with libzip, then
 * written to a temporary file in the same directory, fsync'd and renamed over
 * path, so path holds either its old content or the whole new document.
 * TD_ENOSPACE when the disk is full, TD_ENOTFOUND when the directory is missing,
 * an earlier builder error, TD_EINVALID when a table is still open. */
tderr docx_save(docx *d, const char *path);
/* The .docx as bytes, for an HTTP response: *buf is malloc'd (caller frees).
 * Errors as docx_save. The document stays usable. */
tderr docx_to_memory(docx *d, char **buf, size_t *len);

#endif
