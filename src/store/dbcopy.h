/* dbcopy.h — copying a whole database table by table through db.h, and the
 * per-table fingerprint (row count and SHA-256) that proves two databases hold the
 * same rows whatever their backend. Used by `tiendo copy`. */
#ifndef TD_DBCOPY_H
#define TD_DBCOPY_H
#include <stddef.h>
#include <stdint.h>
#include "store/db.h"
#include "store/tables.h"

#define DBCOPY_SUM_BYTES 32

typedef struct dbcopy_sum {
	int64_t rows;
	unsigned char sha256[DBCOPY_SUM_BYTES];
} dbcopy_sum;

/* The column names of t as the source database has them, sorted by name, in
 * *cols (malloc'd array of malloc'd strings; free with dbcopy_free_cols). */
tderr dbcopy_columns(db *d, const store_table *t, char ***cols, int *ncols, char *err, size_t errlen);
void dbcopy_free_cols(char **cols, int ncols);

/* Number of rows of t. */
tderr dbcopy_count(db *d, const store_table *t, int64_t *out);

/* Fingerprint of t over the given columns: each row is hashed with every value
 * normalised (type tag, then integers in decimal, reals with %.17g, text as its
 * length and bytes, NULL as a tag of its own), the row digests are sorted and the
 * sorted list hashed again — so the result does not depend on the order in which
 * a backend returns rows nor on the order of columns in its table. */
tderr dbcopy_sum_table(db *d, const store_table *t, char *const *cols, int ncols, dbcopy_sum *out,
		       char *err, size_t errlen);

/* Copies every row of t from src to dst (inside the callers' transactions), ids
 * included, by multi-row INSERTs; columns that refer to the same table are filled
 * in afterwards by UPDATE, so rows may come in any order. *rows counts them. */
tderr dbcopy_table(db *src, db *dst, const store_table *t, char *const *cols, int ncols,
		   int64_t *rows, char *err, size_t errlen);

/* Frees the SQL texts built so far. Call after closing every handle that ran them
 * (a handle caches statements by the address of their text). */
void dbcopy_release(void);

#endif
