/* export.c — the pieces the docx, xlsx and csv writers share: capped buffers, XML
 * escaping, text clean-up (UTF-8, NFC, no control characters), formula-like text,
 * and files that are replaced atomically so a full disk never leaves half a file. */
#include "export/export.h"
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "core/vntext.h"

void xbuf_init(xbuf *b, size_t max)
{
	b->data = NULL;
	b->len = b->cap = 0;
	b->max = max;
	b->err = TD_OK;
}

void xbuf_free(xbuf *b)
{
	if (!b)
		return;
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
	b->err = TD_OK;
}

static tderr xbuf_fail(xbuf *b, tderr e)
{
	if (!b->err)
		b->err = e;
	return b->err;
}

/* Room for n more bytes and a NUL. */
static tderr xbuf_reserve(xbuf *b, size_t n)
{
	if (b->err)
		return b->err;
	if (n > b->max || b->len > b->max - n)
		return xbuf_fail(b, TD_ETOOLARGE);
	size_t need = b->len + n + 1;
	if (need <= b->cap)
		return TD_OK;
	size_t cap = b->cap ? b->cap : 256;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	char *p = realloc(b->data, cap);
	if (!p)
		return xbuf_fail(b, TD_EINTERNAL);
	b->data = p;
	b->cap = cap;
	return TD_OK;
}

tderr xbuf_put(xbuf *b, const void *p, size_t n)
{
	tderr e = xbuf_reserve(b, n);
	if (e)
		return e;
	if (!b->data) /* cannot happen after a reserve; keeps analysers sure of it */
		return xbuf_fail(b, TD_EINTERNAL);
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = 0;
	return TD_OK;
}

tderr xbuf_puts(xbuf *b, const char *s)
{
	return s ? xbuf_put(b, s, strlen(s)) : b->err;
}

tderr xbuf_printf(xbuf *b, const char *fmt, ...)
{
	if (b->err)
		return b->err;
	char small[256];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n < 0)
		return xbuf_fail(b, TD_EINTERNAL);
	if ((size_t)n < sizeof small)
		return xbuf_put(b, small, (size_t)n);
	tderr e = xbuf_reserve(b, (size_t)n);
	if (e)
		return e;
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return TD_OK;
}

tderr xbuf_xml(xbuf *b, const char *s, size_t n)
{
	if (!s)
		return b->err;
	const char *run = s;
	for (const char *p = s; p < s + n; p++) {
		const char *rep;
		switch (*p) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		default: continue;
		}
		xbuf_put(b, run, (size_t)(p - run));
		xbuf_puts(b, rep);
		run = p + 1;
	}
	return xbuf_put(b, run, (size_t)(s + n - run));
}

tderr xbuf_take(xbuf *b, char **data, size_t *len)
{
	if (b->err)
		return b->err;
	if (!b->data && xbuf_reserve(b, 0))
		return b->err;
	if (b->len == 0)
		b->data[0] = 0;
	*data = b->data;
	*len = b->len;
	b->data = NULL;
	b->len = b->cap = 0;
	return TD_OK;
}

/* Length of the UTF-8 sequence at p (at most avail bytes) and its code point;
 * 0 when it is not well-formed (overlong, surrogate, past U+10FFFF, cut short). */
static size_t utf8_decode(const unsigned char *p, size_t avail, uint32_t *cp)
{
	unsigned c = p[0];
	size_t need;
	uint32_t v, min;
	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if (c >= 0xc2 && c <= 0xdf) {
		need = 1, v = c & 0x1f, min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		need = 2, v = c & 0x0f, min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		need = 3, v = c & 0x07, min = 0x10000;
	} else {
		return 0;
	}
	if (avail <= need)
		return 0;
	for (size_t k = 1; k <= need; k++) {
		if ((p[k] & 0xc0) != 0x80)
			return 0;
		v = (v << 6) | (p[k] & 0x3f);
	}
	if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
		return 0;
	*cp = v;
	return need + 1;
}

/* Code points a document never carries: XML 1.0 forbids most of them, and the
 * rest (DEL, C1) only ever arrive by mistake. Tab and LF are kept. */
static int dropped(uint32_t cp)
{
	return (cp < 0x20 && cp != '\t' && cp != '\n') || (cp >= 0x7f && cp <= 0x9f) ||
	       cp == 0xfffe || cp == 0xffff;
}

tderr export_clean_text(const char *s, char **out)
{
	*out = NULL;
	if (!s)
		s = "";
	size_t n = strlen(s);
	if (n > EXPORT_TEXT_MAX)
		return TD_ETOOLARGE;
	char *tmp = malloc(n + 1);
	if (!tmp)
		return TD_EINTERNAL;
	const unsigned char *p = (const unsigned char *)s;
	size_t k = 0;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t len = utf8_decode(p + i, n - i, &cp);
		if (!len) {
			free(tmp);
			return TD_EINVALID;
		}
		if (cp == '\r') {
			tmp[k++] = '\n';
			i += (i + 1 < n && p[i + 1] == '\n') ? 2 : 1;
			continue;
		}
		if (!dropped(cp)) {
			memcpy(tmp + k, p + i, len);
			k += len;
		}
		i += len;
	}
	tmp[k] = 0;
	char *nfc = vn_nfc(tmp);
	free(tmp);
	if (!nfc)
		return TD_EINTERNAL; /* the text is valid by now: only memory or ICU fail */
	*out = nfc;
	return TD_OK;
}

int export_is_formula_like(const char *s)
{
	return s && s[0] && strchr("=+-@\t\r\n", s[0]) != NULL;
}

tderr export_clean_cell(const char *s, char **out)
{
	char *clean = NULL;
	tderr e = export_clean_text(s, &clean);
	if (e || !export_is_formula_like(clean)) {
		*out = clean;
		return e;
	}
	size_t n = strlen(clean);
	char *q = malloc(n + 2);
	if (q) {
		q[0] = '\'';
		memcpy(q + 1, clean, n + 1);
	}
	free(clean);
	*out = q;
	return q ? TD_OK : TD_EINTERNAL;
}

static tderr io_error(int err)
{
	switch (err) {
	case ENOSPC:
	case EDQUOT:
	case EFBIG:
		return TD_ENOSPACE;
	case ENOENT:
	case ENOTDIR:
		return TD_ENOTFOUND;
	default:
		return TD_EINTERNAL;
	}
}

/* The directory part of path ("." when there is none); malloc'd. */
static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return strdup(".");
	if (slash == path)
		return strdup("/");
	return strndup(path, (size_t)(slash - path));
}

static tderr write_all(int fd, const void *data, size_t len)
{
	const char *p = data;
	while (len > 0) {
		ssize_t w = write(fd, p, len);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return io_error(errno);
		}
		if (w == 0)
			return TD_ENOSPACE;
		p += w;
		len -= (size_t)w;
	}
	return TD_OK;
}

tderr export_write_atomic(const char *path, const void *data, size_t len)
{
	if (!path || !*path || (!data && len))
		return TD_EINVALID;
	size_t plen = strlen(path);
	static const char suffix[] = ".tmp-XXXXXX";
	char *tmp = malloc(plen + sizeof suffix);
	char *dir = dir_of(path);
	if (!tmp || !dir) {
		free(tmp);
		free(dir);
		return TD_EINTERNAL;
	}
	memcpy(tmp, path, plen);
	memcpy(tmp + plen, suffix, sizeof suffix);
	tderr e = TD_OK;
	int fd = mkstemp(tmp);
	if (fd < 0) {
		e = io_error(errno);
		goto out;
	}
	e = write_all(fd, data, len);
	if (!e && fchmod(fd, 0644) != 0)
		e = io_error(errno);
	if (!e && fsync(fd) != 0)
		e = io_error(errno);
	if (close(fd) != 0 && !e)
		e = io_error(errno);
	if (!e && rename(tmp, path) != 0)
		e = io_error(errno);
	if (e) {
		unlink(tmp);
		goto out;
	}
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		if (fsync(dfd) != 0)
			e = io_error(errno);
		close(dfd);
	}
out:
	free(tmp);
	free(dir);
	return e;
}

tderr export_read_file(const char *path, size_t max, char **data, size_t *len)
{
	*data = NULL;
	*len = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return io_error(errno);
	xbuf b;
	xbuf_init(&b, max);
	char chunk[65536];
	tderr e = TD_OK;
	for (;;) {
		ssize_t r = read(fd, chunk, sizeof chunk);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			e = io_error(errno);
			break;
		}
		if (r == 0)
			break;
		if ((e = xbuf_put(&b, chunk, (size_t)r)) != TD_OK)
			break;
	}
	close(fd);
	if (!e)
		e = xbuf_take(&b, data, len);
	xbuf_free(&b);
	return e;
}

tderr export_temp_path(const char *suffix, char **path)
{
	*path = NULL;
	const char *dir = getenv("TMPDIR");
	if (!dir || !*dir)
		dir = "/tmp";
	if (!suffix)
		suffix = "";
	xbuf b;
	xbuf_init(&b, 4096);
	xbuf_printf(&b, "%s/tiendo-export-XXXXXX%s", dir, suffix);
	if (b.err || !b.data) {
		tderr e = b.err ? b.err : TD_EINTERNAL;
		xbuf_free(&b);
		return e;
	}
	int fd = mkstemps(b.data, (int)strlen(suffix));
	if (fd < 0) {
		tderr e = io_error(errno);
		xbuf_free(&b);
		return e;
	}
	close(fd);
	*path = b.data;
	return TD_OK;
}
