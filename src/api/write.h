/* write.h — what the resource files' writes share: the answer to a store call
 * that failed, and the audited write of one row (its transaction, the row before
 * and after, the audit row, the commit and the answer). */
#ifndef TD_API_WRITE_H
#define TD_API_WRITE_H
#include <jansson.h>
#include <stdint.h>
#include "core/err.h"
#include "http/request.h"

/* Answers te as it is (its kind, code, message and field). */
tderr api_fail_te(http_req *r, const td_error *te);

/* Answers a failed store call: te's code when the store set one, else e, a
 * conflict (TD_ECONFLICT) as "conflict" with the message to reload. */
tderr api_fail_store(http_req *r, tderr e, const td_error *te);

/* An audited write of one row. audited_begin sets every field; the caller then
 * reads `before` (updates), runs the store call (which fills te, and id on a
 * create), reads `after`, and ends with audited_end. */
typedef struct audited_write {
	const char *table;  /* the audit row's entity */
	const char *action; /* "create" (id 0 at the start) or "update"; may be replaced */
	int64_t id;
	json_t *before, *after;
	json_t *logged;     /* what the audit row keeps as after when not `after` (taken) */
	int status;         /* the answer's status: 201 for a create, else 200 */
	const char *conflict_code, *conflict_message; /* a TD_ECONFLICT without te */
	td_error te;
	/* run after the commit, before the answer (cube rebuild, notifications) */
	void (*then)(http_req *r, const struct audited_write *w);
} audited_write;

/* Begins the transaction of a write of table's row id (0: a new row). On failure
 * it has answered the error. */
tderr audited_begin(http_req *r, audited_write *w, const char *table, int64_t id);

/* Ends the write: when e is TD_OK, writes the audit row (action, before → logged
 * or after), commits, runs then and answers `after` with status; otherwise, or
 * when the audit or the commit fails, rolls back and answers the error (te's when
 * the store set one; an error a callee already answered is kept). Releases
 * before, after and logged. */
tderr audited_end(http_req *r, audited_write *w, tderr e);

#endif
