/* register_common.c — what the register handlers share (see the header). */
#include "api/register_common.h"
#include "store/units.h"
#include <string.h>

tderr reg_ctx_load(http_req *r, reg_ctx *c)
{
	memset(c, 0, sizeof *c);
	tderr e = regtypes_facts(r->db, r->params[0], &c->t);
	if (!e)
		e = regtypes_schema(r->db, c->t.id, c->t.schema_version, &c->fields, &c->derived);
	if (e)
		return req_store_fail(r, e, NULL, NULL);
	return TD_OK;
}

void reg_ctx_release(reg_ctx *c)
{
	json_decref(c->fields);
	json_decref(c->derived);
	c->fields = c->derived = NULL;
}

tderr regfail_reply(http_req *r, const reg_fail *f)
{
	r->err.kind = TD_EINVALID;
	r->err.code = f->code ? f->code : "invalid";
	r->err.message = f->detail[0] ? arena_printf(r->a, "%s: %s", f->message, f->detail)
				      : f->message;
	r->err.field = arena_strdup(r->a, f->field);
	return TD_EINVALID;
}

tderr formula_fail(http_req *r, const expr_error *err)
{
	json_t *e = json_pack("{s:s,s:s,s:s,s:s,s:I}", "code", err->code ? err->code : "bad_formula",
			      "message", err->message, "message_en", err->message_en, "field",
			      "formula", "position", (json_int_t)err->pos);
	req_reply_json(r, 422, json_pack("{s:o}", "error", e));
	return TD_OK;
}

tderr reg_check_data(http_req *r, const reg_ctx *c, const json_t *data, json_t **out)
{
	reg_fail f;
	memset(&f, 0, sizeof f);
	if (regschema_check_record(c->fields, data, out, &f))
		return regfail_reply(r, &f);
	size_t i;
	json_t *fd;
	json_array_foreach(c->fields, i, fd)
	{
		const char *name = json_string_value(json_object_get(fd, "name"));
		const char *code = json_string_value(json_object_get(*out, name));
		if (!code || strcmp(json_string_value(json_object_get(fd, "type")), "unit") != 0)
			continue;
		int64_t id;
		char path[UNIT_PATH_MAX];
		tderr e = units_lookup(r->db, code, &id, path);
		if (e) {
			json_decref(*out);
			*out = NULL;
			if (e != TD_ENOTFOUND)
				return req_store_fail(r, e, NULL, NULL);
			return req_fail(r, TD_EINVALID, "unknown_unit",
					"Không tìm thấy đơn vị hành chính",
					arena_printf(r->a, "data.%s", name));
		}
	}
	return TD_OK;
}
