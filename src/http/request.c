/* request.c — what handlers use to read a request and build the response. */
#include "http/request.h"
#include "core/vntext.h"
#include <errno.h>
#include <microhttpd.h>
#include <stdlib.h>
#include <string.h>

#define JSON_MAX_DEPTH 64

tderr req_fail(http_req *r, tderr kind, const char *code, const char *message,
	       const char *field)
{
	r->err.kind = kind;
	r->err.code = code ? code : td_err_code(kind);
	r->err.message = message ? message : td_err_message(kind);
	r->err.field = field;
	return kind;
}

tderr req_store_fail(http_req *r, tderr e, const char *conflict_code,
		     const char *conflict_message)
{
	if (e == TD_ECONFLICT)
		return req_fail(r, e, conflict_code, conflict_message, NULL);
	if (r->err.kind == e && r->err.code)
		return e; /* already described */
	return req_fail(r, e, NULL, NULL, NULL);
}

tderr req_query(http_req *r, const char *name, const char **out)
{
	*out = NULL;
	const char *v = r->conn ? MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name) : NULL;
	if (!v)
		return TD_OK;
	size_t n = strlen(v);
	if (n > REQ_QUERY_MAX)
		return req_fail(r, TD_EBADREQ, "query_too_long", "Tham số truy vấn quá dài", name);
	if (!vn_valid_text(v, n))
		return req_fail(r, TD_EBADREQ, "invalid_text",
				"Tham số truy vấn không phải văn bản hợp lệ (UTF-8, không chứa ký tự điều khiển)",
				name);
	*out = v;
	return TD_OK;
}

tderr req_query_opt(http_req *r, const char *name, const char **out)
{
	tderr e = req_query(r, name, out);
	if (!e && *out && !**out)
		*out = NULL;
	return e;
}

/* Strict decimal integer: optional '-', digits only, no overflow. */
static int parse_int(const char *s, int64_t *out)
{
	if (!s || !*s)
		return 0;
	char *end = NULL;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno || *end || (s[0] != '-' && (s[0] < '0' || s[0] > '9')))
		return 0;
	*out = v;
	return 1;
}

tderr req_query_int(http_req *r, const char *name, int64_t min, int64_t max, int64_t *out,
		    int *present)
{
	const char *v;
	tderr e = req_query(r, name, &v);
	if (present)
		*present = 0;
	if (e || !v || !*v)
		return e;
	int64_t x;
	if (!parse_int(v, &x) || x < min || x > max)
		return req_fail(r, TD_EBADREQ, "bad_number", "Tham số phải là số nguyên hợp lệ", name);
	*out = x;
	if (present)
		*present = 1;
	return TD_OK;
}

tderr req_paging(http_req *r, int64_t *limit, int64_t *offset)
{
	*limit = 50;
	*offset = 0;
	tderr e = req_query_int(r, "limit", 0, 1000, limit, NULL);
	if (e)
		return e;
	return req_query_int(r, "offset", 0, INT64_MAX / 2, offset, NULL);
}

const char *req_header(http_req *r, const char *name)
{
	return r->conn ? MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name) : NULL;
}

tderr req_param_id(http_req *r, int i, int64_t *out)
{
	int64_t v;
	const char *s = i < r->nparams ? r->params[i] : NULL;
	if (!s || s[0] == '-' || s[0] == '+' || !parse_int(s, &v) || v <= 0 || strlen(s) > 18)
		return req_fail(r, TD_ENOTFOUND, "not_found", NULL, NULL);
	*out = v;
	return TD_OK;
}

/* Deepest nesting of arrays/objects in a JSON text, counted outside strings; stops
 * early once past limit. */
static int json_depth_exceeds(const char *s, size_t n, int limit)
{
	int depth = 0, in_str = 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (in_str) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_str = 0;
		} else if (c == '"') {
			in_str = 1;
		} else if (c == '[' || c == '{') {
			if (++depth > limit)
				return 1;
		} else if (c == ']' || c == '}') {
			depth--;
		}
	}
	return 0;
}

tderr req_body_object(http_req *r, json_t **out)
{
	*out = NULL;
	if (!r->json) {
		if (!r->body || r->body_len == 0)
			return req_fail(r, TD_EBADREQ, "empty_body", "Thiếu nội dung JSON", NULL);
		if (json_depth_exceeds(r->body, r->body_len, JSON_MAX_DEPTH))
			return req_fail(r, TD_EBADREQ, "json_too_deep", "JSON lồng nhau quá sâu", NULL);
		json_error_t je;
		r->json = json_loadb(r->body, r->body_len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &je);
		if (!r->json) {
			const char *msg = arena_printf(r->a, "JSON không hợp lệ (dòng %d, cột %d): %s",
						       je.line, je.column, je.text);
			return req_fail(r, TD_EBADREQ, "malformed_json", msg, NULL);
		}
	}
	if (!json_is_object(r->json))
		return req_fail(r, TD_EINVALID, "body_not_object", "Nội dung phải là một đối tượng JSON", NULL);
	*out = r->json;
	return TD_OK;
}

tderr req_reply_json(http_req *r, int status, json_t *j)
{
	if (!j)
		return req_fail(r, TD_EINTERNAL, NULL, NULL, NULL);
	char *s = json_dumps(j, JSON_COMPACT | JSON_REAL_PRECISION(12));
	json_decref(j);
	if (!s)
		return req_fail(r, TD_EINTERNAL, NULL, NULL, NULL);
	size_t n = strlen(s);
	r->out = arena_strndup(r->a, s, n);
	free(s);
	r->out_len = n;
	r->status = status;
	r->content_type = "application/json; charset=utf-8";
	return r->out ? TD_OK : req_fail(r, TD_EINTERNAL, NULL, NULL, NULL);
}

tderr req_reply_list(http_req *r, json_t *items, int64_t total)
{
	json_t *o = json_object();
	json_object_set_new(o, "items", items ? items : json_array());
	json_object_set_new(o, "total", json_integer(total));
	return req_reply_json(r, 200, o);
}

tderr req_reply_empty(http_req *r, int status)
{
	r->status = status;
	r->out = "";
	r->out_len = 0;
	r->content_type = NULL;
	return TD_OK;
}

void req_add_header(http_req *r, const char *name, const char *value)
{
	if (r->nhdr < REQ_MAX_HEADERS) {
		r->hdr_name[r->nhdr] = name;
		r->hdr_value[r->nhdr] = value;
		r->nhdr++;
	}
}
