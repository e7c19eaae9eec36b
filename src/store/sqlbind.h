/* sqlbind.h — binds '?' parameters in the order they appear in a query, so long
 * filter queries with optional parts (CAST(? AS TEXT) IS NULL OR ...) stay readable.
 * Header-only; used by the store files. */
#ifndef TD_SQLBIND_H
#define TD_SQLBIND_H
#include <stdint.h>
#include "store/db.h"

typedef struct sqlbind {
	db_stmt *s;
	int i;
} sqlbind;

/* Starts binding s at parameter 1. */
static inline sqlbind sb_start(db_stmt *s) { return (sqlbind){s, 0}; }
/* Next parameter: text (NULL binds SQL NULL). */
static inline void sb_text(sqlbind *b, const char *v) { db_bind_text(b->s, ++b->i, v); }
/* Next parameter: integer. */
static inline void sb_int(sqlbind *b, int64_t v) { db_bind_int(b->s, ++b->i, v); }
/* Next parameter: integer when present, else SQL NULL. */
static inline void sb_opt_int(sqlbind *b, int present, int64_t v)
{
	if (present)
		db_bind_int(b->s, ++b->i, v);
	else
		db_bind_null(b->s, ++b->i);
}

#endif
