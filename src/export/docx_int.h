/* docx_int.h — private to the docx writer: the document object and the paragraph
 * and table primitives that docx.c (body), docx_layout.c (official headers and
 * closing) and docx_parts.c (package parts) share. Not for other modules. */
#ifndef TD_DOCX_INT_H
#define TD_DOCX_INT_H
#include "export/docx.h"
#include "export/export.h"

/* Which official form the document follows (set by its header). */
typedef enum docx_form { DOCX_FORM_NONE = 0, DOCX_FORM_PARTY, DOCX_FORM_STATE } docx_form;

struct docx {
	xbuf body;        /* the children of <w:body>, without the section properties */
	tderr err;        /* first failure; every later call returns it */
	char *title;      /* clean, for core.xml; may be NULL */
	time_t created;
	docx_form form;
	unsigned heading[3]; /* counters of heading levels 1..3 */
	/* the open table, if any */
	int in_table;
	int table_has_body;
	size_t ncols;
	docx_col cols[DOCX_MAX_COLS];
	unsigned pending_rows[DOCX_MAX_COLS]; /* header rows a merged cell still covers */
	unsigned pending_span[DOCX_MAX_COLS]; /* and its width in columns */
};

/* How one paragraph looks; zero means "as its style says". */
typedef struct dpara {
	const char *style;  /* style id; NULL = Normal */
	int align;          /* 0 = style's, else docx_align + 1 */
	unsigned size;      /* font size in half-points for every run and the mark */
	unsigned style_all; /* DOCX_BOLD ... applied to every run */
	int before, after;  /* spacing in twips; -1 = style's */
	int keep_next;      /* keep with the next paragraph */
	unsigned hanging;   /* lines after the first indented by this many twips */
} dpara;

#define DPARA_INIT {NULL, 0, 0, 0, -1, -1, 0, 0}
#define DX_ALIGN(a) ((int)(a) + 1)

/* Remembers the first error; returns the remembered one. */
tderr dx_fail(docx *d, tderr e);
/* One paragraph of runs. Returns the document's error state. */
tderr dx_para(docx *d, const dpara *p, const docx_run *runs, size_t n);
/* One paragraph of a single text (NULL = empty paragraph). */
tderr dx_para_text(docx *d, const dpara *p, const char *text);
/* A centred horizontal line `width` twips long inside a space `avail` wide
 * (an empty paragraph with a top border and indents). */
tderr dx_rule(docx *d, unsigned width, unsigned avail, int before);
/* A borderless fixed-layout table of n columns filling the text width. */
tderr dx_plain_table_begin(docx *d, const unsigned *widths, size_t n);
/* <w:tr> (kept on one page) and </w:tr>. */
tderr dx_row_begin(docx *d, int header);
tderr dx_row_end(docx *d);
/* <w:tc> of width twips with optional gridSpan and vMerge
 * (0 none, 1 restart, 2 continue), vertically centred when vcenter. */
tderr dx_cell_begin(docx *d, unsigned width, unsigned span, int vmerge, int vcenter);
tderr dx_cell_end(docx *d);
tderr dx_table_close(docx *d);
/* Rough width in twips of text set in Times New Roman at size half-points: the
 * widest of its lines, at an average advance for capitals or lower case. Only for
 * the lengths of decorative lines, where a few percent do not matter. */
unsigned dx_text_width(const char *text, unsigned size, int capitals);

/* The whole package (see docx_parts.c): zip bytes, malloc'd. */
tderr dx_package(docx *d, char **buf, size_t *len);

#endif
