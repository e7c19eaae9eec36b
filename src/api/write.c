/* write.c — the answers to failed store calls and the audited write of one row
 * (write.h), shared by the resource files. */
#include "api/write.h"
#include "store/store.h"

static const char MSG_CONFLICT[] = "Dữ liệu đã thay đổi, vui lòng tải lại";

tderr api_fail_te(http_req *r, const td_error *te)
{
	return req_fail(r, te->kind, te->code, te->message, te->field);
}

tderr api_fail_store(http_req *r, tderr e, const td_error *te)
{
	if (te && te->code)
		return req_fail(r, e, te->code, te->message, te->field);
	return req_store_fail(r, e, "conflict", MSG_CONFLICT);
}

tderr audited_begin(http_req *r, audited_write *w, const char *table, int64_t id)
{
	*w = (audited_write){.table = table,
			     .action = id ? "update" : "create",
			     .id = id,
			     .status = id ? 200 : 201,
			     .conflict_code = "conflict",
			     .conflict_message = MSG_CONFLICT};
	tderr e = db_begin(r->db);
	return e ? req_store_fail(r, e, NULL, NULL) : TD_OK;
}

tderr audited_end(http_req *r, audited_write *w, tderr e)
{
	json_t *logged = w->logged ? w->logged : w->after;
	if (!e && !w->after)
		e = TD_EINTERNAL;
	if (!e)
		e = store_audit(r->db, r->user, r->client_ip, w->table, w->id, w->action, w->before,
				logged);
	if (!e)
		e = db_commit(r->db);
	json_decref(w->before);
	json_decref(w->logged);
	w->before = w->logged = NULL;
	if (!e) {
		if (w->then)
			w->then(r, w);
		json_t *after = w->after;
		w->after = NULL;
		return req_reply_json(r, w->status, after);
	}
	db_rollback(r->db);
	json_decref(w->after);
	w->after = NULL;
	if (r->err.code && r->err.kind == e)
		return e; /* already answered by the store call's caller */
	if (w->te.code)
		return req_fail(r, e, w->te.code, w->te.message, w->te.field);
	return req_store_fail(r, e, w->conflict_code, w->conflict_message);
}
