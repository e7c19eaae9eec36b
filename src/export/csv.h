/* csv.h — an RFC 4180 CSV writer (prefix csvw_, apart from the libcsv parser the
 * importers use): records end in CRLF; a field holding the delimiter, a quote, CR
 * or LF is quoted with its quotes doubled. Text is stored in NFC without control
 * characters (line breaks inside a field become LF), and text a spreadsheet could
 * take for a formula (beginning with = + - @ tab CR LF) gets a leading "'".
 *
 * CSVW_BOM starts the file with a UTF-8 byte order mark, without which Excel reads
 * Vietnamese as mojibake. CSVW_SEMICOLON writes ';' between fields and ',' before
 * decimals — what Excel expects under Vietnamese regional settings; the default is
 * ',' between fields and '.' before decimals, for programs. Numbers are never
 * grouped: "1234567", not "1.234.567". */
#ifndef TD_CSV_H
#define TD_CSV_H
#include <stddef.h>
#include "core/err.h"

/* The most a CSV document may grow to. */
#define CSVW_MAX_BYTES (256u << 20)

typedef struct csvw csvw;

enum { CSVW_BOM = 1, CSVW_SEMICOLON = 2 };

/* New empty document in memory. flags: CSVW_BOM | CSVW_SEMICOLON. *out is freed
 * with csvw_destroy. A failed call makes every later call return the same error. */
tderr csvw_create(unsigned flags, csvw **out);
/* Frees the writer. Accepts NULL. */
void csvw_destroy(csvw *w);

/* A text field (NULL = empty). TD_EINVALID for invalid UTF-8, TD_ETOOLARGE past
 * the caps. */
tderr csvw_text(csvw *w, const char *s);
/* An integer field ("-1234567"). */
tderr csvw_int(csvw *w, long long v);
/* A number with exactly `decimals` (0..9) digits after the decimal separator.
 * TD_EINVALID for a number that is not finite or a bad `decimals`. */
tderr csvw_decimal(csvw *w, double v, int decimals);
/* An empty field. */
tderr csvw_blank(csvw *w);
/* Ends the record (CRLF). A record with no field is written as an empty line. */
tderr csvw_end_row(csvw *w);
/* A whole record of text fields. */
tderr csvw_row(csvw *w, const char *const *fields, size_t n);

/* The document so far: *data is borrowed (valid until the next call on w). */
tderr csvw_bytes(const csvw *w, const char **data, size_t *len);
/* Writes the document to path atomically (temporary file in the same directory,
 * fsync, rename). TD_ENOSPACE when the disk is full, TD_ENOTFOUND when the
 * directory is missing. */
tderr csvw_save(const csvw *w, const char *path);

#endif
