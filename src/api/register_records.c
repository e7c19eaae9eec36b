/* register_records.c — /api/v1/registers/{code}/records: the records of a register
 * at the units, searched without diacritics and in Vietnamese order, created,
 * changed (stamped with the schema they were checked against) and deleted with an
 * audit row, and the files attached to them (content-addressed evidence store).
 * Leaders and officers (and administrators) write records at the units of their
 * write scope; everyone reads those of their read scope. */
#include "api/api.h"
#include "api/register_common.h"
#include "core/jsonv.h"
#include "core/vntext.h"
#include "store/evidence.h"
#include "store/store.h"
#include "store/units.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static tderr handle_records_list(http_req *r)
{
	reg_ctx c;
	tderr e = reg_ctx_load(r, &c);
	if (e)
		return e;
	regrec_filter f = {.type_id = c.t.id};
	const char *unit = NULL, *q = NULL;
	char path[UNIT_PATH_MAX];
	char *folded = NULL;
	if ((e = req_paging(r, &f.limit, &f.offset)) || (e = req_query(r, "unit", &unit)) ||
	    (e = req_query(r, "q", &q)) || (e = req_query(r, "field", &f.field)) ||
	    (e = req_query(r, "value", &f.value)))
		goto out;
	if (f.field && *f.field) {
		int known = 0;
		size_t i;
		json_t *fd;
		json_array_foreach(c.fields, i, fd)
		known |= strcmp(json_string_value(json_object_get(fd, "name")), f.field) == 0;
		if (!known) {
			e = req_fail(r, TD_EBADREQ, "unknown_field", "Trường không có trong sổ", "field");
			goto out;
		}
	} else {
		f.field = NULL;
	}
	if (unit && *unit) {
		int64_t uid;
		e = units_lookup(r->db, unit, &uid, path);
		if (e) {
			e = e == TD_ENOTFOUND ? req_fail(r, TD_EINVALID, "unknown_unit",
							 "Không tìm thấy đơn vị hành chính", "unit")
					      : req_store_fail(r, e, NULL, NULL);
			goto out;
		}
		f.unit_path = path;
	}
	if (q && *q) {
		if (!(folded = vn_fold(q))) {
			e = req_fail(r, TD_EBADREQ, "bad_query", "Từ khóa tìm kiếm không hợp lệ", "q");
			goto out;
		}
		f.q = folded;
	}
	f.read_path = r->user->unit_path ? r->user->unit_path : "-";
	json_t *items = NULL;
	int64_t total = 0;
	if ((e = regrecs_list(r->db, &f, c.derived, &items, &total))) {
		e = req_store_fail(r, e, NULL, NULL);
		goto out;
	}
	e = req_reply_list(r, items, total);
out:
	free(folded);
	reg_ctx_release(&c);
	return e;
}

static tderr handle_records_get(http_req *r)
{
	reg_ctx c;
	int64_t id;
	if (req_param_id(r, 1, &id))
		return TD_ENOTFOUND;
	tderr e = reg_ctx_load(r, &c);
	if (e)
		return e;
	json_t *o = NULL;
	e = regrecs_get(r->db, c.t.id, id, c.derived, &o);
	reg_ctx_release(&c);
	if (e)
		return req_store_fail(r, e, NULL, NULL);
	return req_reply_json(r, 200, o);
}

/* One audited write of a record: create (id 0), update or delete. */
static tderr record_write(http_req *r, reg_ctx *c, int64_t id, regrec_input *in,
			  const char *action)
{
	json_t *before = NULL, *after = NULL;
	tderr e = db_begin(r->db);
	if (e)
		return req_store_fail(r, e, NULL, NULL);
	if (id && (e = regrecs_get(r->db, c->t.id, id, c->derived, &before)))
		goto fail;
	if (strcmp(action, "create") == 0)
		e = regrecs_create(r->db, in, &id);
	else if (strcmp(action, "update") == 0)
		e = regrecs_update(r->db, id, in);
	else
		e = regrecs_delete(r->db, id);
	if (e || (strcmp(action, "delete") != 0 &&
		  (e = regrecs_get(r->db, c->t.id, id, c->derived, &after))))
		goto fail;
	if ((e = store_audit(r->db, r->user, r->client_ip, "register_records", id, action, before,
			     after)) ||
	    (e = db_commit(r->db)))
		goto fail;
	json_decref(before);
	if (!after)
		return req_reply_empty(r, 204);
	return req_reply_json(r, strcmp(action, "create") == 0 ? 201 : 200, after);
fail:
	db_rollback(r->db);
	json_decref(before);
	json_decref(after);
	if (e == TD_ECONFLICT)
		return req_fail(r, e, "stale_version",
				"Hồ sơ đã được người khác sửa, vui lòng tải lại", "version");
	return req_store_fail(r, e, NULL, NULL);
}

static tderr handle_records_create(http_req *r)
{
	json_t *body;
	tderr e = req_body_object(r, &body);
	if (e)
		return e;
	const char *unit = NULL;
	td_error te = {0};
	if (jv_str(body, "unit", JV_REQUIRED, UNIT_CODE_MAX, &unit, NULL, &te))
		return req_fail(r, te.kind, te.code, te.message, te.field);
	regrec_input in = {0};
	if ((e = access_require_unit_write(r, unit, "unit", &in.unit_id)))
		return e;
	reg_ctx c;
	if ((e = reg_ctx_load(r, &c)))
		return e;
	json_t *data = NULL;
	if (!(e = reg_check_data(r, &c, json_object_get(body, "data"), &data))) {
		in.type_id = c.t.id;
		in.schema_version = c.t.schema_version;
		in.user_id = r->user->id;
		in.data = data;
		in.fields = c.fields;
		e = record_write(r, &c, 0, &in, "create");
	}
	json_decref(data);
	reg_ctx_release(&c);
	return e;
}

/* PATCH: data holds the fields to change (null clears one); the whole record is
 * checked again against the current schema and stamped with its version. */
static tderr handle_records_update(http_req *r)
{
	int64_t id;
	if (req_param_id(r, 1, &id))
		return TD_ENOTFOUND;
	json_t *body;
	tderr e = req_body_object(r, &body);
	if (e)
		return e;
	regrec_input in = {0};
	const char *unit = NULL;
	td_error te = {0};
	if (jv_int(body, "version", JV_REQUIRED, 1, INT64_MAX, &in.version, NULL, &te) ||
	    jv_str(body, "unit", JV_OPTIONAL, UNIT_CODE_MAX, &unit, NULL, &te))
		return req_fail(r, te.kind, te.code, te.message, te.field);
	json_t *patch = json_object_get(body, "data");
	if (patch && !json_is_object(patch))
		return req_fail(r, TD_EINVALID, "not_object", "Dữ liệu của hồ sơ là một đối tượng",
				"data");
	reg_ctx c;
	if ((e = reg_ctx_load(r, &c)))
		return e;
	json_t *cur = NULL, *merged = NULL, *data = NULL;
	if ((e = regrecs_get(r->db, c.t.id, id, NULL, &cur))) {
		e = req_store_fail(r, e, NULL, NULL);
		goto out;
	}
	if (unit) {
		if ((e = access_require_unit_write(r, unit, "unit", &in.unit_id)))
			goto out;
	} else {
		int64_t uid;
		char path[UNIT_PATH_MAX];
		const char *code =
			json_string_value(json_object_get(json_object_get(cur, "unit"), "code"));
		if ((e = units_lookup(r->db, code, &uid, path))) {
			e = req_store_fail(r, e, NULL, NULL);
			goto out;
		}
		in.unit_id = uid;
	}
	merged = json_deep_copy(json_object_get(cur, "data"));
	const char *k;
	json_t *v;
	json_object_foreach(patch, k, v)
	{
		if (json_is_null(v))
			json_object_del(merged, k);
		else
			json_object_set(merged, k, v);
	}
	if ((e = reg_check_data(r, &c, merged, &data)))
		goto out;
	in.type_id = c.t.id;
	in.schema_version = c.t.schema_version;
	in.user_id = r->user->id;
	in.data = data;
	in.fields = c.fields;
	e = record_write(r, &c, id, &in, "update");
out:
	json_decref(cur);
	json_decref(merged);
	json_decref(data);
	reg_ctx_release(&c);
	return e;
}

static tderr handle_records_delete(http_req *r)
{
	int64_t id, version = 0;
	int has = 0;
	if (req_param_id(r, 1, &id))
		return TD_ENOTFOUND;
	tderr e = req_query_int(r, "version", 1, INT64_MAX, &version, &has);
	if (e)
		return e;
	if (!has)
		return req_fail(r, TD_EBADREQ, "required", "Cần version của hồ sơ", "version");
	reg_ctx c;
	if ((e = reg_ctx_load(r, &c)))
		return e;
	json_t *cur = NULL;
	if ((e = regrecs_get(r->db, c.t.id, id, NULL, &cur))) {
		reg_ctx_release(&c);
		return req_store_fail(r, e, NULL, NULL);
	}
	int stale = json_integer_value(json_object_get(cur, "version")) != version;
	json_decref(cur);
	if (stale) {
		reg_ctx_release(&c);
		return req_fail(r, TD_ECONFLICT, "stale_version",
				"Hồ sơ đã được người khác sửa, vui lòng tải lại", "version");
	}
	regrec_input in = {0};
	e = record_write(r, &c, id, &in, "delete");
	reg_ctx_release(&c);
	return e;
}

static tderr handle_files_upload(http_req *r)
{
	int64_t id;
	if (req_param_id(r, 1, &id))
		return TD_ENOTFOUND;
	const char *raw = NULL, *ctype = NULL;
	char name[EVIDENCE_NAME_MAX + 1], sha[EVIDENCE_SHA_SIZE];
	td_error te = {0};
	tderr e;
	if ((e = req_query(r, "name", &raw)))
		return e;
	if (evidence_clean_name(raw, name, sizeof name, &te) ||
	    evidence_check(name, r->body, r->body_len, &ctype, &te))
		return req_fail(r, te.kind, te.code, te.message, te.field);
	reg_ctx c;
	if ((e = reg_ctx_load(r, &c)))
		return e;
	json_t *cur = NULL;
	e = regrecs_get(r->db, c.t.id, id, NULL, &cur);
	reg_ctx_release(&c);
	json_decref(cur);
	if (e)
		return req_store_fail(r, e, NULL, NULL);
	/* the content first, outside the transaction (as for reports' evidence) */
	if ((e = evidence_put(r->body, r->body_len, sha)))
		return req_fail(r, e, e == TD_EUNAVAIL ? "storage_unavailable" : NULL,
				e == TD_EUNAVAIL ? "Chưa cấu hình nơi lưu tệp" : NULL, NULL);
	int64_t fid = 0;
	json_t *meta = json_pack("{s:s,s:s,s:I,s:s}", "name", name, "content_type", ctype, "size",
				 (json_int_t)r->body_len, "sha256", sha);
	if ((e = db_begin(r->db)) ||
	    (e = regfiles_insert(r->db, id, name, ctype, r->body_len, sha, r->user->id, &fid)) ||
	    (e = store_audit(r->db, r->user, r->client_ip, "register_records", id, "attach", NULL,
			     meta)) ||
	    (e = db_commit(r->db))) {
		db_rollback(r->db);
		json_decref(meta);
		return req_store_fail(r, e, NULL, NULL);
	}
	json_object_set_new(meta, "id", json_integer(fid));
	return req_reply_json(r, 201, meta);
}

static tderr handle_files_download(http_req *r)
{
	int64_t id, fid;
	if (req_param_id(r, 1, &id) || req_param_id(r, 2, &fid))
		return TD_ENOTFOUND;
	json_t *m = NULL;
	tderr e = regfiles_get(r->db, id, fid, &m);
	if (e)
		return req_store_fail(r, e, NULL, NULL);
	json_int_t size = json_integer_value(json_object_get(m, "size"));
	char *buf = size >= 0 && (uint64_t)size <= EVIDENCE_SIZE_MAX
			    ? arena_alloc(r->a, (size_t)size + 1)
			    : NULL;
	if (!buf || evidence_read(json_string_value(json_object_get(m, "sha256")), buf,
				  (size_t)size) != TD_OK) {
		json_decref(m);
		return req_fail(r, TD_EINTERNAL, "file_unreadable", "Không đọc được tệp", NULL);
	}
	r->out = buf;
	r->out_len = (size_t)size;
	r->status = 200;
	r->content_type = arena_strdup(r->a, json_string_value(json_object_get(m, "content_type")));
	req_add_header(r, "Content-Disposition", "attachment");
	json_decref(m);
	return TD_OK;
}

#define WRITERS (ROLE_ADMIN | ROLE_LEADER | ROLE_OFFICER)

const route api_register_records_routes[] = {
	{"GET", "/api/v1/registers/{code}/records", handle_records_list, ROLE_ANY,
	 ACCESS_REGISTER},
	{"POST", "/api/v1/registers/{code}/records", handle_records_create, WRITERS,
	 ACCESS_REGISTER, NULL, 64 * 1024},
	{"GET", "/api/v1/registers/{code}/records/{id}", handle_records_get, ROLE_ANY,
	 ACCESS_REGISTER_RECORD},
	{"PATCH", "/api/v1/registers/{code}/records/{id}", handle_records_update, WRITERS,
	 ACCESS_REGISTER_RECORD, NULL, 64 * 1024},
	{"DELETE", "/api/v1/registers/{code}/records/{id}", handle_records_delete, WRITERS,
	 ACCESS_REGISTER_RECORD},
	{"POST", "/api/v1/registers/{code}/records/{id}/files", handle_files_upload, WRITERS,
	 ACCESS_REGISTER_RECORD, NULL, EVIDENCE_SIZE_MAX},
	{"GET", "/api/v1/registers/{code}/records/{id}/files/{file_id}", handle_files_download,
	 ROLE_ANY, ACCESS_REGISTER_RECORD},
};
const size_t api_register_records_routes_count =
	sizeof api_register_records_routes / sizeof api_register_records_routes[0];
