/* csv.c — RFC 4180 CSV for downloads: quoting, formula neutralising, the UTF-8 BOM
 * Excel needs for Vietnamese, and a semicolon variant for Vietnamese regional
 * settings. The document is built in a capped buffer. */
#include "export/csv.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "export/export.h"

struct csvw {
	xbuf out;
	char delim;
	char point;
	int fields; /* fields in the current record */
};

static const char BOM[] = "\xef\xbb\xbf";

tderr csvw_create(unsigned flags, csvw **out)
{
	*out = NULL;
	csvw *w = calloc(1, sizeof *w);
	if (!w)
		return TD_EINTERNAL;
	xbuf_init(&w->out, CSVW_MAX_BYTES);
	w->delim = (flags & CSVW_SEMICOLON) ? ';' : ',';
	w->point = (flags & CSVW_SEMICOLON) ? ',' : '.';
	if ((flags & CSVW_BOM) && xbuf_put(&w->out, BOM, 3)) {
		csvw_destroy(w);
		return TD_EINTERNAL;
	}
	*out = w;
	return TD_OK;
}

void csvw_destroy(csvw *w)
{
	if (!w)
		return;
	xbuf_free(&w->out);
	free(w);
}

static void separate(csvw *w)
{
	if (w->fields++ > 0)
		xbuf_put(&w->out, &w->delim, 1);
}

/* A field quoted when it must be: the delimiter, a quote, CR or LF inside. */
static tderr put_field(csvw *w, const char *s)
{
	separate(w);
	char special[] = {w->delim, '"', '\r', '\n', 0};
	if (!s[strcspn(s, special)])
		return xbuf_puts(&w->out, s);
	xbuf_put(&w->out, "\"", 1);
	for (const char *p = s; *p;) {
		size_t n = strcspn(p, "\"");
		xbuf_put(&w->out, p, n);
		p += n;
		if (*p == '"') {
			xbuf_put(&w->out, "\"\"", 2);
			p++;
		}
	}
	return xbuf_put(&w->out, "\"", 1);
}

tderr csvw_text(csvw *w, const char *s)
{
	if (w->out.err)
		return w->out.err;
	char *cell = NULL;
	tderr e = export_clean_cell(s, &cell);
	if (e) {
		w->out.err = e;
		return e;
	}
	e = put_field(w, cell);
	free(cell);
	return e;
}

tderr csvw_int(csvw *w, long long v)
{
	if (w->out.err)
		return w->out.err;
	separate(w);
	return xbuf_printf(&w->out, "%lld", v);
}

tderr csvw_decimal(csvw *w, double v, int decimals)
{
	if (w->out.err)
		return w->out.err;
	if (!isfinite(v) || decimals < 0 || decimals > 9) {
		w->out.err = TD_EINVALID;
		return w->out.err;
	}
	char num[400];
	snprintf(num, sizeof num, "%.*f", decimals, v);
	if (strspn(num, "-0.") == strlen(num))
		snprintf(num, sizeof num, "%.*f", decimals, 0.0); /* no "-0.0" */
	char *dot = strchr(num, '.');
	if (dot)
		*dot = w->point;
	separate(w);
	return xbuf_puts(&w->out, num);
}

tderr csvw_blank(csvw *w)
{
	if (w->out.err)
		return w->out.err;
	separate(w);
	return TD_OK;
}

tderr csvw_end_row(csvw *w)
{
	w->fields = 0;
	return xbuf_put(&w->out, "\r\n", 2);
}

tderr csvw_row(csvw *w, const char *const *fields, size_t n)
{
	if (n && !fields) {
		if (!w->out.err)
			w->out.err = TD_EINVALID;
		return w->out.err;
	}
	for (size_t i = 0; i < n; i++)
		if (csvw_text(w, fields[i]))
			return w->out.err;
	return csvw_end_row(w);
}

tderr csvw_bytes(const csvw *w, const char **data, size_t *len)
{
	*data = NULL;
	*len = 0;
	if (w->out.err)
		return w->out.err;
	*data = w->out.data ? w->out.data : "";
	*len = w->out.len;
	return TD_OK;
}

tderr csvw_save(const csvw *w, const char *path)
{
	const char *data;
	size_t len;
	tderr e = csvw_bytes(w, &data, &len);
	return e ? e : export_write_atomic(path, data, len);
}
