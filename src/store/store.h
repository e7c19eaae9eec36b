/* store.h — what every store_* file shares: the audit row written inside the
 * caller's transaction, and helpers to turn result columns into JSON.
 *
 * Conventions for store files (one per aggregate: units.c, orgs.c, users.c, ...):
 * queries are named static const strings next to the function that runs them, with
 * '?' parameters only; sort and filter columns come from allow-lists; functions
 * return tderr and fill out-parameters; JSON results are new references owned by
 * the caller. Writes are done by the caller inside db_begin/db_commit together with
 * store_audit. */
#ifndef TD_STORE_H
#define TD_STORE_H
#include <jansson.h>
#include "core/scope.h"
#include "store/db.h"

/* Appends an audit row: who (actor may be NULL for the system/CLI), from where,
 * what entity and id, which action, the JSON before and after (either may be
 * NULL). Must run inside the transaction of the change it records. */
tderr store_audit(db *d, const td_user *actor, const char *ip, const char *entity,
		  int64_t entity_id, const char *action, json_t *before, json_t *after);

/* Column col as a JSON string, or JSON null for SQL NULL (new reference). */
json_t *store_col_str(db_stmt *s, int col);
/* Column col as a JSON integer, or null. */
json_t *store_col_int(db_stmt *s, int col);
/* Escapes s for a LIKE pattern with ESCAPE '\' and wraps it in '%': malloc'd. */
char *store_like_contains(const char *s);
/* Runs a statement expected to produce no row (insert/update/delete); returns the
 * step error or TD_OK, and resets the statement. */
tderr store_exec(db_stmt *s);
/* Runs a statement returning one integer (e.g. RETURNING id, COUNT(*)).
 * TD_ENOTFOUND when no row. Resets the statement. */
tderr store_one_int(db_stmt *s, int64_t *out);

#endif
