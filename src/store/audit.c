/* audit.c — the audit log: every write records who, when, what, before and after,
 * inside the transaction of the change. */
#include "store/store.h"
#include "core/clock.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *SQL_AUDIT_INSERT =
	"INSERT INTO audit_log(at, user_id, ip, entity, entity_id, action, before_json, after_json)"
	" VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

tderr store_audit(db *d, const td_user *actor, const char *ip, const char *entity,
		  int64_t entity_id, const char *action, json_t *before, json_t *after)
{
	char now[32], idbuf[32];
	clock_iso(now, sizeof now);
	snprintf(idbuf, sizeof idbuf, "%lld", (long long)entity_id);
	char *b = before ? json_dumps(before, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	char *a = after ? json_dumps(after, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	db_stmt *s = db_prepare(d, SQL_AUDIT_INSERT);
	tderr e = TD_EINTERNAL;
	if (s) {
		db_bind_text(s, 1, now);
		if (actor)
			db_bind_int(s, 2, actor->id);
		else
			db_bind_null(s, 2);
		db_bind_text(s, 3, ip ? ip : "");
		db_bind_text(s, 4, entity);
		db_bind_text(s, 5, idbuf);
		db_bind_text(s, 6, action);
		db_bind_text(s, 7, b);
		db_bind_text(s, 8, a);
		e = store_exec(s);
	}
	free(b);
	free(a);
	return e;
}
