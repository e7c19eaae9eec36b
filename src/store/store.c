/* store.c — helpers every store file uses: JSON from columns, LIKE patterns,
 * running statements that return nothing or one integer. */
#include "store/store.h"
#include <stdlib.h>
#include <string.h>

json_t *store_col_str(db_stmt *s, int col)
{
	const char *t = db_col_text(s, col);
	return t ? json_string(t) : json_null();
}

json_t *store_col_int(db_stmt *s, int col)
{
	return db_col_is_null(s, col) ? json_null() : json_integer(db_col_int(s, col));
}

char *store_like_contains(const char *s)
{
	size_t n = strlen(s);
	char *p = malloc(2 * n + 3);
	if (!p)
		return NULL;
	size_t j = 0;
	p[j++] = '%';
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '%' || s[i] == '_' || s[i] == '\\')
			p[j++] = '\\';
		p[j++] = s[i];
	}
	p[j++] = '%';
	p[j] = 0;
	return p;
}

tderr store_exec(db_stmt *s)
{
	tderr e = TD_OK;
	int rc = db_step(s, &e);
	db_reset(s);
	return rc < 0 ? e : TD_OK;
}

tderr store_one_int(db_stmt *s, int64_t *out)
{
	tderr e = TD_OK;
	int rc = db_step(s, &e);
	if (rc == DB_ROW)
		*out = db_col_int(s, 0);
	db_reset(s);
	if (rc < 0)
		return e;
	return rc == DB_ROW ? TD_OK : TD_ENOTFOUND;
}
