/* export.h — what the document writers (docx, xlsx, csv) share: a growable byte
 * buffer with a size cap, XML escaping, the clean-up every text goes through (valid
 * UTF-8, NFC, control characters dropped), formula neutralising, atomic files. */
#ifndef TD_EXPORT_H
#define TD_EXPORT_H
#include <stddef.h>
#include "core/err.h"

/* Largest text accepted in one call of any writer (a paragraph, a cell). */
#define EXPORT_TEXT_MAX (1u << 20)

/* A byte buffer that refuses to grow past max. The first failure is remembered in
 * err; later appends do nothing and return it, so a long run of appends can be
 * checked once at the end. data is NUL-terminated whenever len > 0. */
typedef struct xbuf {
	char *data;
	size_t len, cap, max;
	tderr err;
} xbuf;

/* Empty buffer that may hold up to max bytes. */
void xbuf_init(xbuf *b, size_t max);
/* Frees the bytes and empties the buffer (keeps max). Accepts NULL. */
void xbuf_free(xbuf *b);
/* Appends n bytes. TD_ETOOLARGE past max, TD_EINTERNAL when out of memory. */
tderr xbuf_put(xbuf *b, const void *p, size_t n);
/* Appends a NUL-terminated string (NULL appends nothing). */
tderr xbuf_puts(xbuf *b, const char *s);
/* Appends printf output. */
tderr xbuf_printf(xbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends the first n bytes of s with & < > " escaped for XML text and attribute
 * values. s must be clean already (export_clean_text): control characters are not
 * looked at. */
tderr xbuf_xml(xbuf *b, const char *s, size_t n);
/* Hands the bytes to the caller (malloc'd; free them) and empties the buffer.
 * An empty buffer gives a 1-byte allocation holding NUL, so *data is never NULL
 * on success. Returns the buffer's remembered error, if any, instead. */
tderr xbuf_take(xbuf *b, char **data, size_t *len);

/* Clean copy of s for a document: must be valid UTF-8 (TD_EINVALID otherwise) and
 * at most EXPORT_TEXT_MAX bytes (TD_ETOOLARGE); CR LF and lone CR become LF; other
 * control characters (C0 but tab and LF, DEL, C1) and the non-characters U+FFFE
 * and U+FFFF are dropped; the result is in NFC. NULL gives "". *out is malloc'd. */
tderr export_clean_text(const char *s, char **out);

/* 1 when a spreadsheet would read s as a formula or a command: it begins with
 * '=', '+', '-', '@', a tab, CR or LF. Such text is written with a leading "'". */
int export_is_formula_like(const char *s);

/* export_clean_text, then a leading "'" when the result is formula-like: what a
 * spreadsheet cell or a CSV field stores for a text. *out is malloc'd. */
tderr export_clean_cell(const char *s, char **out);

/* Writes data to path so that path holds either its old content or all of data:
 * a temporary file in the same directory, fsync, rename over path, fsync of the
 * directory. The file gets mode 0644. TD_ENOSPACE when the disk or quota is full,
 * TD_ENOTFOUND when the directory does not exist, TD_EINTERNAL on other I/O
 * errors; the temporary file never stays behind. */
tderr export_write_atomic(const char *path, const void *data, size_t len);

/* Reads the whole file at path into a malloc'd buffer (NUL-terminated; caller
 * frees). TD_ETOOLARGE when it holds more than max bytes. */
tderr export_read_file(const char *path, size_t max, char **data, size_t *len);

/* A new empty private file for a writer's scratch work, in $TMPDIR or /tmp:
 * *path is malloc'd (caller unlinks and frees it). */
tderr export_temp_path(const char *suffix, char **path);

#endif
