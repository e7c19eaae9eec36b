/* docx.c — the body of a .docx report: numbered headings, justified paragraphs
 * with bold/italic runs, "- " items, bordered tables with repeated and merged
 * header rows, page breaks; and saving the package. WordprocessingML elements are
 * written in schema order, which Word insists on. */
#include "export/docx_int.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

tderr docx_create(const docx_meta *meta, docx **out)
{
	*out = NULL;
	docx *d = calloc(1, sizeof *d);
	if (!d)
		return TD_EINTERNAL;
	xbuf_init(&d->body, DOCX_MAX_BYTES);
	d->created = meta && meta->created ? meta->created : time(NULL);
	if (meta && meta->title) {
		tderr e = export_clean_text(meta->title, &d->title);
		if (e) {
			free(d);
			return e;
		}
	}
	*out = d;
	return TD_OK;
}

void docx_destroy(docx *d)
{
	if (!d)
		return;
	xbuf_free(&d->body);
	free(d->title);
	free(d);
}

tderr dx_fail(docx *d, tderr e)
{
	if (!d->err)
		d->err = e;
	return d->err;
}

/* The state of the document after some appends: the buffer's error becomes the
 * document's. */
static tderr dx_state(docx *d)
{
	if (d->body.err)
		dx_fail(d, d->body.err);
	return d->err;
}

/* Body content is refused while a table is open (it would land inside it). */
static tderr dx_check_flow(docx *d)
{
	if (d->err)
		return d->err;
	if (d->in_table)
		return dx_fail(d, TD_EINVALID);
	return TD_OK;
}

static const char *const align_names[] = {"left", "center", "right", "both"};

static void rpr(xbuf *b, unsigned style, unsigned size)
{
	if (!style && !size)
		return;
	xbuf_puts(b, "<w:rPr>");
	if (style & DOCX_BOLD)
		xbuf_puts(b, "<w:b/><w:bCs/>");
	if (style & DOCX_ITALIC)
		xbuf_puts(b, "<w:i/><w:iCs/>");
	if (size)
		xbuf_printf(b, "<w:sz w:val=\"%u\"/><w:szCs w:val=\"%u\"/>", size, size);
	if (style & DOCX_UNDERLINE)
		xbuf_puts(b, "<w:u w:val=\"single\"/>");
	xbuf_puts(b, "</w:rPr>");
}

/* One run: clean text split into <w:t>, <w:br/> and <w:tab/>. */
static tderr run_xml(docx *d, const char *text, unsigned style, unsigned size)
{
	char *clean = NULL;
	tderr e = export_clean_text(text, &clean);
	if (e)
		return dx_fail(d, e);
	xbuf *b = &d->body;
	xbuf_puts(b, "<w:r>");
	rpr(b, style, size);
	for (const char *p = clean; *p;) {
		size_t n = strcspn(p, "\n\t");
		if (n) {
			xbuf_puts(b, "<w:t xml:space=\"preserve\">");
			xbuf_xml(b, p, n);
			xbuf_puts(b, "</w:t>");
		}
		p += n;
		if (*p == '\n')
			xbuf_puts(b, "<w:br/>");
		else if (*p == '\t')
			xbuf_puts(b, "<w:tab/>");
		if (*p)
			p++;
	}
	xbuf_puts(b, "</w:r>");
	free(clean);
	return dx_state(d);
}

tderr dx_para(docx *d, const dpara *p, const docx_run *runs, size_t n)
{
	if (d->err)
		return d->err;
	xbuf *b = &d->body;
	xbuf_puts(b, "<w:p><w:pPr>");
	if (p->style)
		xbuf_printf(b, "<w:pStyle w:val=\"%s\"/>", p->style);
	if (p->keep_next)
		xbuf_puts(b, "<w:keepNext/>");
	if (p->before >= 0 || p->after >= 0) {
		xbuf_puts(b, "<w:spacing");
		if (p->before >= 0)
			xbuf_printf(b, " w:before=\"%d\"", p->before);
		if (p->after >= 0)
			xbuf_printf(b, " w:after=\"%d\"", p->after);
		xbuf_puts(b, "/>");
	}
	if (p->hanging)
		xbuf_printf(b, "<w:ind w:left=\"%u\" w:hanging=\"%u\"/>", p->hanging, p->hanging);
	if (p->align > 0 && p->align <= 4)
		xbuf_printf(b, "<w:jc w:val=\"%s\"/>", align_names[p->align - 1]);
	rpr(b, p->style_all, p->size);
	xbuf_puts(b, "</w:pPr>");
	for (size_t i = 0; i < n; i++)
		if (run_xml(d, runs[i].text, runs[i].style | p->style_all, p->size))
			return d->err;
	xbuf_puts(b, "</w:p>");
	return dx_state(d);
}

tderr dx_para_text(docx *d, const dpara *p, const char *text)
{
	docx_run r = {text, 0};
	return dx_para(d, p, &r, text ? 1 : 0);
}

tderr dx_rule(docx *d, unsigned width, unsigned avail, int before)
{
	if (width > avail)
		width = avail;
	unsigned side = (avail - width) / 2;
	xbuf_printf(&d->body,
		    "<w:p><w:pPr><w:pStyle w:val=\"OfficialHeader\"/>"
		    "<w:pBdr><w:top w:val=\"single\" w:sz=\"6\" w:space=\"0\" w:color=\"000000\"/></w:pBdr>"
		    "<w:spacing w:before=\"%d\" w:after=\"0\" w:line=\"40\" w:lineRule=\"exact\"/>"
		    "<w:ind w:left=\"%u\" w:right=\"%u\"/>"
		    "<w:rPr><w:sz w:val=\"2\"/><w:szCs w:val=\"2\"/></w:rPr></w:pPr></w:p>",
		    before, side, side);
	return dx_state(d);
}

static void table_open(docx *d, const unsigned *widths, size_t n, int borders)
{
	xbuf *b = &d->body;
	unsigned total = 0;
	for (size_t i = 0; i < n; i++)
		total += widths[i];
	xbuf_printf(b, "<w:tbl><w:tblPr><w:tblStyle w:val=\"%s\"/>"
		       "<w:tblW w:w=\"%u\" w:type=\"dxa\"/><w:jc w:val=\"center\"/>",
		    borders ? "TableGrid" : "TableNormal", total);
	if (borders) {
		xbuf_puts(b, "<w:tblBorders>");
		static const char *const sides[] = {"top", "left", "bottom", "right",
						    "insideH", "insideV"};
		for (size_t i = 0; i < 6; i++)
			xbuf_printf(b, "<w:%s w:val=\"single\" w:sz=\"4\" w:space=\"0\" "
				       "w:color=\"000000\"/>", sides[i]);
		xbuf_puts(b, "</w:tblBorders>");
	} else {
		xbuf_puts(b, "<w:tblBorders><w:top w:val=\"nil\"/><w:left w:val=\"nil\"/>"
			     "<w:bottom w:val=\"nil\"/><w:right w:val=\"nil\"/>"
			     "<w:insideH w:val=\"nil\"/><w:insideV w:val=\"nil\"/></w:tblBorders>");
	}
	xbuf_puts(b, "<w:tblLayout w:type=\"fixed\"/><w:tblCellMar>"
		     "<w:left w:w=\"85\" w:type=\"dxa\"/><w:right w:w=\"85\" w:type=\"dxa\"/>"
		     "</w:tblCellMar><w:tblLook w:val=\"0000\" w:firstRow=\"0\" w:lastRow=\"0\" "
		     "w:firstColumn=\"0\" w:lastColumn=\"0\" w:noHBand=\"1\" w:noVBand=\"1\"/>"
		     "</w:tblPr><w:tblGrid>");
	for (size_t i = 0; i < n; i++)
		xbuf_printf(b, "<w:gridCol w:w=\"%u\"/>", widths[i]);
	xbuf_puts(b, "</w:tblGrid>");
}

tderr dx_plain_table_begin(docx *d, const unsigned *widths, size_t n)
{
	if (dx_check_flow(d))
		return d->err;
	table_open(d, widths, n, 0);
	return dx_state(d);
}

tderr dx_row_begin(docx *d, int header)
{
	xbuf_printf(&d->body, "<w:tr><w:trPr><w:cantSplit/>%s</w:trPr>",
		    header ? "<w:tblHeader/>" : "");
	return dx_state(d);
}

tderr dx_row_end(docx *d)
{
	xbuf_puts(&d->body, "</w:tr>");
	return dx_state(d);
}

tderr dx_cell_begin(docx *d, unsigned width, unsigned span, int vmerge, int vcenter)
{
	xbuf *b = &d->body;
	xbuf_printf(b, "<w:tc><w:tcPr><w:tcW w:w=\"%u\" w:type=\"dxa\"/>", width);
	if (span > 1)
		xbuf_printf(b, "<w:gridSpan w:val=\"%u\"/>", span);
	if (vmerge == 1)
		xbuf_puts(b, "<w:vMerge w:val=\"restart\"/>");
	else if (vmerge == 2)
		xbuf_puts(b, "<w:vMerge/>");
	if (vcenter)
		xbuf_puts(b, "<w:vAlign w:val=\"center\"/>");
	xbuf_puts(b, "</w:tcPr>");
	return dx_state(d);
}

tderr dx_cell_end(docx *d)
{
	xbuf_puts(&d->body, "</w:tc>");
	return dx_state(d);
}

tderr dx_table_close(docx *d)
{
	/* a paragraph must separate a table from whatever follows it; a tiny one keeps
	 * two tables apart without a visible gap */
	xbuf_puts(&d->body, "</w:tbl><w:p><w:pPr><w:spacing w:before=\"0\" w:after=\"0\" "
			    "w:line=\"120\" w:lineRule=\"exact\"/><w:rPr><w:sz w:val=\"4\"/>"
			    "</w:rPr></w:pPr></w:p>");
	return dx_state(d);
}

unsigned dx_text_width(const char *text, unsigned size, int capitals)
{
	/* average advances per em, Times New Roman: capitals ~0.70, lower case ~0.46 */
	unsigned per_mille = capitals ? 700 : 460;
	unsigned widest = 0, cur = 0;
	for (const unsigned char *p = (const unsigned char *)(text ? text : ""); ; p++) {
		if (!*p || *p == '\n') {
			if (cur > widest)
				widest = cur;
			cur = 0;
			if (!*p)
				break;
			continue;
		}
		if ((*p & 0xc0) != 0x80) /* count code points, not bytes */
			cur++;
	}
	/* size is in half-points; 1 pt = 20 twips */
	return (unsigned)((unsigned long)widest * size * 10u * per_mille / 1000u);
}

/* ---- headings and paragraphs ---- */

static void roman(unsigned n, char *buf, size_t size)
{
	static const struct { unsigned v; const char *s; } digits[] = {
		{1000, "M"}, {900, "CM"}, {500, "D"}, {400, "CD"}, {100, "C"}, {90, "XC"},
		{50, "L"}, {40, "XL"}, {10, "X"}, {9, "IX"}, {5, "V"}, {4, "IV"}, {1, "I"}};
	size_t k = 0;
	buf[0] = 0;
	for (size_t i = 0; i < sizeof digits / sizeof digits[0]; i++)
		while (n >= digits[i].v && k + strlen(digits[i].s) < size) {
			memcpy(buf + k, digits[i].s, strlen(digits[i].s) + 1);
			k += strlen(digits[i].s);
			n -= digits[i].v;
		}
}

/* Points of a list the Vietnamese way: a, b, c, d, đ, e, g, h, i, k ... y (no f,
 * j, w, z); past y they go round again with a number: a1, b1 ... */
static void vn_letter(unsigned n, char *buf, size_t size)
{
	static const char *const letters[] = {"a", "b", "c", "d", "đ", "e", "g", "h",
					      "i", "k", "l", "m", "n", "o", "p", "q",
					      "r", "s", "t", "u", "v", "x", "y"};
	const unsigned count = sizeof letters / sizeof letters[0];
	unsigned i = (n - 1) % count, round = (n - 1) / count;
	if (round)
		snprintf(buf, size, "%s%u", letters[i], round);
	else
		snprintf(buf, size, "%s", letters[i]);
}

tderr docx_heading(docx *d, int level, const char *text)
{
	if (dx_check_flow(d))
		return d->err;
	if (level < 1 || level > 3)
		return dx_fail(d, TD_EINVALID);
	unsigned *h = d->heading;
	if (h[level - 1] >= 3999)
		return dx_fail(d, TD_ETOOLARGE);
	h[level - 1]++;
	for (int i = level; i < 3; i++)
		h[i] = 0;
	char part[24], num[32];
	if (level == 1) {
		roman(h[0], part, sizeof part);
		snprintf(num, sizeof num, "%s. ", part);
	} else if (level == 2) {
		snprintf(num, sizeof num, "%u. ", h[1]);
	} else {
		vn_letter(h[2], part, sizeof part);
		snprintf(num, sizeof num, "%s) ", part);
	}
	static const char *const styles[] = {"Heading1", "Heading2", "Heading3"};
	dpara p = DPARA_INIT;
	p.style = styles[level - 1];
	docx_run runs[2] = {{num, 0}, {text, 0}};
	return dx_para(d, &p, runs, 2);
}

tderr docx_paragraph(docx *d, const char *text)
{
	docx_run r = {text, 0};
	return docx_paragraph_runs(d, &r, 1);
}

tderr docx_paragraph_runs(docx *d, const docx_run *runs, size_t n)
{
	if (dx_check_flow(d))
		return d->err;
	dpara p = DPARA_INIT;
	p.style = "BodyText";
	return dx_para(d, &p, runs, n);
}

tderr docx_bullet(docx *d, const char *text)
{
	docx_run r = {text, 0};
	return docx_bullet_runs(d, &r, 1);
}

tderr docx_bullet_runs(docx *d, const docx_run *runs, size_t n)
{
	if (dx_check_flow(d))
		return d->err;
	if (n > 1024)
		return dx_fail(d, TD_ETOOLARGE);
	docx_run *all = malloc((n + 1) * sizeof *all);
	if (!all)
		return dx_fail(d, TD_EINTERNAL);
	all[0].text = "- ";
	all[0].style = 0;
	if (n)
		memcpy(all + 1, runs, n * sizeof *runs);
	dpara p = DPARA_INIT;
	p.style = "ListDash";
	tderr e = dx_para(d, &p, all, n + 1);
	free(all);
	return e;
}

tderr docx_paragraph_aligned(docx *d, docx_align align, const docx_run *runs, size_t n)
{
	if (dx_check_flow(d))
		return d->err;
	if ((int)align < 0 || align > DOCX_JUSTIFY)
		return dx_fail(d, TD_EINVALID);
	dpara p = DPARA_INIT;
	p.style = "Plain";
	p.align = DX_ALIGN(align);
	return dx_para(d, &p, runs, n);
}

tderr docx_page_break(docx *d)
{
	if (dx_check_flow(d))
		return d->err;
	xbuf_puts(&d->body, "<w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>");
	return dx_state(d);
}

/* ---- data tables ---- */

tderr docx_table_begin(docx *d, const docx_col *cols, size_t ncols)
{
	if (dx_check_flow(d))
		return d->err;
	if (!cols || ncols == 0 || ncols > DOCX_MAX_COLS)
		return dx_fail(d, TD_EINVALID);
	unsigned widths[DOCX_MAX_COLS];
	for (size_t i = 0; i < ncols; i++) {
		if (cols[i].width < 200 || cols[i].width > DOCX_TEXT_WIDTH ||
		    (int)cols[i].align < 0 || cols[i].align > DOCX_JUSTIFY)
			return dx_fail(d, TD_EINVALID);
		widths[i] = cols[i].width;
	}
	memcpy(d->cols, cols, ncols * sizeof *cols);
	memset(d->pending_rows, 0, sizeof d->pending_rows);
	memset(d->pending_span, 0, sizeof d->pending_span);
	d->ncols = ncols;
	d->in_table = 1;
	d->table_has_body = 0;
	table_open(d, widths, ncols, 1);
	return dx_state(d);
}

static unsigned span_width(const docx *d, size_t col, unsigned span)
{
	unsigned w = 0;
	for (size_t i = col; i < col + span; i++)
		w += d->cols[i].width;
	return w;
}

static tderr cell_para(docx *d, const char *text, const char *style, docx_align align,
		       unsigned run_style)
{
	dpara p = DPARA_INIT;
	p.style = style;
	p.align = DX_ALIGN(align);
	docx_run r = {text ? text : "", run_style};
	return dx_para(d, &p, &r, 1);
}

/* Checks a row's cells against the free columns before anything is written. */
static tderr check_row(const docx *d, const docx_cell *cells, size_t n, int header)
{
	size_t col = 0, ci = 0;
	while (col < d->ncols) {
		if (d->pending_rows[col]) {
			col += d->pending_span[col];
			continue;
		}
		if (ci >= n)
			return TD_EINVALID;
		unsigned span = cells[ci].span ? cells[ci].span : 1;
		unsigned rows = cells[ci].rows ? cells[ci].rows : 1;
		if (span > d->ncols - col || (!header && rows > 1) || rows > 16)
			return TD_EINVALID;
		for (size_t k = col; k < col + span; k++)
			if (d->pending_rows[k])
				return TD_EINVALID;
		col += span;
		ci++;
	}
	return ci == n ? TD_OK : TD_EINVALID;
}

static tderr write_row(docx *d, const docx_cell *cells, size_t n, int header,
		       unsigned flags)
{
	if (d->err)
		return d->err;
	if (!d->in_table || (n && !cells) || (header && d->table_has_body))
		return dx_fail(d, TD_EINVALID);
	if (check_row(d, cells, n, header))
		return dx_fail(d, TD_EINVALID);
	dx_row_begin(d, header);
	size_t col = 0, ci = 0;
	while (col < d->ncols && !d->err) {
		if (d->pending_rows[col]) {
			unsigned span = d->pending_span[col];
			dx_cell_begin(d, span_width(d, col, span), span, 2, 1);
			cell_para(d, "", "TableHeading", DOCX_CENTER, 0);
			dx_cell_end(d);
			d->pending_rows[col]--;
			col += span;
			continue;
		}
		const docx_cell *c = &cells[ci++];
		unsigned span = c->span ? c->span : 1;
		unsigned rows = c->rows ? c->rows : 1;
		dx_cell_begin(d, span_width(d, col, span), span, rows > 1 ? 1 : 0, header);
		if (header) {
			cell_para(d, c->text, "TableHeading", DOCX_CENTER, 0);
		} else {
			docx_align a = span > 1 ? DOCX_LEFT : d->cols[col].align;
			cell_para(d, c->text, "TableText", a,
				  (flags & DOCX_ROW_TOTAL) ? DOCX_BOLD : 0);
		}
		dx_cell_end(d);
		if (rows > 1) {
			d->pending_rows[col] = rows - 1;
			d->pending_span[col] = span;
		}
		col += span;
	}
	dx_row_end(d);
	if (!header)
		d->table_has_body = 1;
	return dx_state(d);
}

tderr docx_table_header(docx *d, const docx_cell *cells, size_t n)
{
	return write_row(d, cells, n, 1, 0);
}

static tderr text_row(docx *d, const char *const *texts, size_t n, int header,
		      unsigned flags)
{
	if (d->err)
		return d->err;
	if (!d->in_table || n != d->ncols || !texts)
		return dx_fail(d, TD_EINVALID);
	docx_cell cells[DOCX_MAX_COLS];
	for (size_t i = 0; i < n; i++)
		cells[i] = (docx_cell){texts[i], 1, 1};
	return write_row(d, cells, n, header, flags);
}

tderr docx_table_header_text(docx *d, const char *const *cells, size_t n)
{
	return text_row(d, cells, n, 1, 0);
}

tderr docx_table_row(docx *d, const char *const *cells, size_t n, unsigned flags)
{
	return text_row(d, cells, n, 0, flags);
}

tderr docx_table_row_cells(docx *d, const docx_cell *cells, size_t n, unsigned flags)
{
	return write_row(d, cells, n, 0, flags);
}

tderr docx_table_end(docx *d)
{
	if (d->err)
		return d->err;
	if (!d->in_table)
		return dx_fail(d, TD_EINVALID);
	for (size_t i = 0; i < d->ncols; i++)
		if (d->pending_rows[i])
			return dx_fail(d, TD_EINVALID);
	d->in_table = 0;
	return dx_table_close(d);
}

/* ---- output ---- */

tderr docx_to_memory(docx *d, char **buf, size_t *len)
{
	*buf = NULL;
	*len = 0;
	if (d->err)
		return d->err;
	if (d->in_table)
		return TD_EINVALID;
	return dx_package(d, buf, len);
}

tderr docx_save(docx *d, const char *path)
{
	char *buf = NULL;
	size_t len = 0;
	tderr e = docx_to_memory(d, &buf, &len);
	if (!e)
		e = export_write_atomic(path, buf, len);
	free(buf);
	return e;
}
