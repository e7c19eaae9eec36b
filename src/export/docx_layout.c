/* docx_layout.c — the official parts of a report around its body: the header of a
 * Party document (Hướng dẫn 36-HD/VPTW) or of a state document (Decree
 * 30/2020/NĐ-CP), the title, and the closing block (recipients and signature). */
#include "export/docx_int.h"
#include <stdlib.h>
#include <string.h>

/* Column widths of the header tables (twips; together DOCX_TEXT_WIDTH). The state
 * header's right column holds the national name at 13 pt bold on one line. */
#define STATE_LEFT 3555
#define STATE_RIGHT (DOCX_TEXT_WIDTH - STATE_LEFT)
#define PARTY_LEFT 4155
#define PARTY_RIGHT (DOCX_TEXT_WIDTH - PARTY_LEFT)
#define CELL_PAD 170 /* left and right cell margins together */

/* Measured length of "Độc lập - Tự do - Hạnh phúc" at 14 pt bold (Decree 30: the
 * line under the motto is as long as the motto). */
#define MOTTO_WIDTH 3345

static const char NATIONAL_NAME[] = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
static const char MOTTO[] = "Độc lập - Tự do - Hạnh phúc";
static const char PARTY_NAME[] = "ĐẢNG CỘNG SẢN VIỆT NAM";

static int blank(const char *s)
{
	return !s || !*s;
}

/* A centred line of the header block. */
static tderr header_line(docx *d, const char *text, unsigned size, unsigned style,
			 int before)
{
	dpara p = DPARA_INIT;
	p.style = "OfficialHeader";
	p.align = DX_ALIGN(DOCX_CENTER);
	p.size = size;
	p.style_all = style;
	p.before = before;
	return dx_para_text(d, &p, text);
}

/* The issuing body: lines before the last one name the body above it (regular),
 * the last one the issuing body itself (bold). Both forms write it this way. */
static tderr body_lines(docx *d, const char *body, unsigned size)
{
	const char *last = strrchr(body, '\n');
	if (!last)
		return header_line(d, body, size, DOCX_BOLD, 0);
	char *upper = strndup(body, (size_t)(last - body));
	if (!upper)
		return dx_fail(d, TD_EINTERNAL);
	header_line(d, upper, size, 0, 0);
	free(upper);
	return header_line(d, last + 1, size, DOCX_BOLD, 0);
}

static const char *last_line(const char *s)
{
	const char *nl = strrchr(s, '\n');
	return nl ? nl + 1 : s;
}

tderr docx_party_header(docx *d, const char *body, const char *number,
			const char *place_date)
{
	if (d->err)
		return d->err;
	if (blank(body) || blank(number))
		return dx_fail(d, TD_EINVALID);
	d->form = DOCX_FORM_PARTY;
	const unsigned widths[2] = {PARTY_LEFT, PARTY_RIGHT};
	dx_plain_table_begin(d, widths, 2);
	/* row 1: the issuing body and its star | the Party's name, underlined */
	dx_row_begin(d, 0);
	dx_cell_begin(d, PARTY_LEFT, 1, 0, 0);
	body_lines(d, body, 28);
	header_line(d, "*", 28, 0, 0);
	dx_cell_end(d);
	dx_cell_begin(d, PARTY_RIGHT, 1, 0, 0);
	header_line(d, PARTY_NAME, 30, DOCX_BOLD | DOCX_UNDERLINE, 0);
	dx_cell_end(d);
	dx_row_end(d);
	/* row 2: the number | place and date, side by side as the guidance shows */
	dx_row_begin(d, 0);
	dx_cell_begin(d, PARTY_LEFT, 1, 0, 0);
	header_line(d, number, 28, 0, 0);
	dx_cell_end(d);
	dx_cell_begin(d, PARTY_RIGHT, 1, 0, 0);
	header_line(d, blank(place_date) ? NULL : place_date, 28, DOCX_ITALIC, 0);
	dx_cell_end(d);
	dx_row_end(d);
	return dx_table_close(d);
}

tderr docx_state_header(docx *d, const char *body, const char *number,
			const char *place_date)
{
	if (d->err)
		return d->err;
	if (blank(body) || blank(number))
		return dx_fail(d, TD_EINVALID);
	d->form = DOCX_FORM_STATE;
	const unsigned widths[2] = {STATE_LEFT, STATE_RIGHT};
	dx_plain_table_begin(d, widths, 2);
	/* row 1: the issuing body over a short line | national name, motto, line */
	dx_row_begin(d, 0);
	dx_cell_begin(d, STATE_LEFT, 1, 0, 0);
	body_lines(d, body, 26);
	/* Decree 30: a line a third to a half as long as the body's name */
	unsigned name_w = dx_text_width(last_line(body), 26, 1);
	unsigned rule = name_w * 2 / 5;
	if (rule < 850)
		rule = 850;
	dx_rule(d, rule, STATE_LEFT - CELL_PAD, 80);
	dx_cell_end(d);
	dx_cell_begin(d, STATE_RIGHT, 1, 0, 0);
	header_line(d, NATIONAL_NAME, 26, DOCX_BOLD, 0);
	header_line(d, MOTTO, 28, DOCX_BOLD, 0);
	dx_rule(d, MOTTO_WIDTH, STATE_RIGHT - CELL_PAD, 80);
	dx_cell_end(d);
	dx_row_end(d);
	/* row 2: the number | place and date */
	dx_row_begin(d, 0);
	dx_cell_begin(d, STATE_LEFT, 1, 0, 0);
	header_line(d, number, 26, 0, 120);
	dx_cell_end(d);
	dx_cell_begin(d, STATE_RIGHT, 1, 0, 0);
	header_line(d, blank(place_date) ? NULL : place_date, 28, DOCX_ITALIC, 120);
	dx_cell_end(d);
	dx_row_end(d);
	return dx_table_close(d);
}

tderr docx_title(docx *d, const char *kind, const char *subject)
{
	if (d->err)
		return d->err;
	if (d->in_table || blank(kind))
		return dx_fail(d, TD_EINVALID);
	/* Hướng dẫn 36 sets the kind of a Party document at 15-16 pt, Decree 30 at
	 * 13-14 pt */
	dpara p = DPARA_INIT;
	p.style = "Title";
	p.size = d->form == DOCX_FORM_PARTY ? 30 : 28;
	p.before = 480;
	p.keep_next = 1;
	dx_para_text(d, &p, kind);
	if (!blank(subject)) {
		dpara s = DPARA_INIT;
		s.style = "Subtitle";
		s.keep_next = 1;
		dx_para_text(d, &s, subject);
	}
	if (d->form == DOCX_FORM_PARTY) {
		header_line(d, "-----", 28, 0, 0);
	} else {
		unsigned w = dx_text_width(blank(subject) ? kind : subject, 28, 0) * 2 / 5;
		if (w < 1134)
			w = 1134;
		if (w > 3402)
			w = 3402;
		dx_rule(d, w, DOCX_TEXT_WIDTH, 80);
	}
	/* the body starts a line below */
	dpara gap = DPARA_INIT;
	gap.style = "OfficialHeader";
	return dx_para_text(d, &gap, NULL);
}

tderr docx_closing_block(docx *d, const docx_closing *c)
{
	if (d->err)
		return d->err;
	if (!c || (c->n_recipients && !c->recipients) || c->n_recipients > 200)
		return dx_fail(d, TD_EINVALID);
	int party = d->form == DOCX_FORM_PARTY;
	const unsigned widths[2] = {4155, DOCX_TEXT_WIDTH - 4155};
	dx_plain_table_begin(d, widths, 2);
	dx_row_begin(d, 0);
	dx_cell_begin(d, widths[0], 1, 0, 0);
	/* Decree 30: "Nơi nhận:" 12 pt bold italic, the list 11 pt. Hướng dẫn 36:
	 * "Nơi nhận:" 14 pt underlined, the list 12 pt. */
	dpara label = DPARA_INIT;
	label.style = "Recipients";
	label.before = 240;
	label.size = party ? 28 : 24;
	label.style_all = party ? DOCX_UNDERLINE : (DOCX_BOLD | DOCX_ITALIC);
	dx_para_text(d, &label, "Nơi nhận:");
	for (size_t i = 0; i < c->n_recipients && !d->err; i++) {
		dpara item = DPARA_INIT;
		item.style = "Recipients";
		item.size = party ? 24 : 22;
		item.hanging = party ? 140 : 130; /* wrapped lines start under the text */
		docx_run runs[2] = {{"- ", 0}, {c->recipients[i], 0}};
		dx_para(d, &item, runs, 2);
	}
	if (c->n_recipients == 0)
		dx_para_text(d, &label, NULL);
	dx_cell_end(d);
	dx_cell_begin(d, widths[1], 1, 0, 0);
	dpara sig = DPARA_INIT;
	sig.style = "Signature";
	sig.before = 240;
	if (!blank(c->authority)) {
		dx_para_text(d, &sig, c->authority);
		sig.before = 0;
	}
	if (!blank(c->position)) {
		dx_para_text(d, &sig, c->position);
		sig.before = 0;
	}
	/* room for the signature and the seal */
	sig.before = 1701;
	dx_para_text(d, &sig, blank(c->signer) ? NULL : c->signer);
	dx_cell_end(d);
	dx_row_end(d);
	return dx_table_close(d);
}
