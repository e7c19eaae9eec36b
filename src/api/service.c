/* service.c — health, metrics, and the OpenAPI document built from the route
 * table itself, so it always lists every route with who may call it. */
#include "api/api.h"
#include "http/metrics.h"
#include <string.h>

static route_table *g_routes; /* set by api_routes_create, read-only afterwards */

static tderr h_healthz(http_req *r)
{
	return req_reply_json(r, 200, json_pack("{s:s}", "status", "ok"));
}

static tderr h_metrics(http_req *r)
{
	r->out = metrics_render(r->a);
	r->out_len = r->out ? strlen(r->out) : 0;
	r->status = 200;
	r->content_type = "text/plain; version=0.0.4; charset=utf-8";
	return TD_OK;
}

/* "/api/v1/plans/{id}" stays as is: OpenAPI uses the same placeholder syntax. */
static json_t *operation(const route *rt)
{
	json_t *op = json_object();
	json_t *roles = json_array();
	for (unsigned b = 1; b <= ROLE_INSPECTOR; b <<= 1)
		if (rt->roles & b)
			json_array_append_new(roles, json_string(role_name(b)));
	json_object_set_new(op, "x-roles", roles);
	if (rt->roles) {
		json_object_set_new(op, "security", json_pack("[{s:[]}]", "session"));
	} else {
		json_object_set_new(op, "security", json_array());
	}
	static const char *const access_names[] = {"none", "unit", "organization", "user", "plan", "indicator", "report", "record", "register", "register_record"};
	json_object_set_new(op, "x-scope", json_string(access_names[rt->access]));
	json_t *params = json_array();
	for (const char *p = strchr(rt->pattern, '{'); p; p = strchr(p + 1, '{')) {
		const char *e = strchr(p, '}');
		if (!e)
			break;
		json_array_append_new(params, json_pack("{s:s%,s:s,s:b,s:{s:s}}", "name", p + 1,
							(size_t)(e - p - 1), "in", "path", "required", 1,
							"schema", "type", "string"));
	}
	json_object_set_new(op, "parameters", params);
	json_object_set_new(op, "responses",
			    json_pack("{s:{s:s},s:{s:s}}", "200", "description", "OK", "default",
				      "description", "{\"error\":{\"code\",\"message\",\"field\"}}"));
	return op;
}

static tderr h_openapi(http_req *r)
{
	json_t *paths = json_object();
	for (size_t i = 0; i < router_count(g_routes); i++) {
		const route *rt = router_row(g_routes, i);
		json_t *item = json_object_get(paths, rt->pattern);
		if (!item) {
			item = json_object();
			json_object_set_new(paths, rt->pattern, item);
		}
		char m[8] = {0};
		for (size_t k = 0; k < sizeof m - 1 && rt->method[k]; k++)
			m[k] = (char)(rt->method[k] | 0x20);
		json_object_set_new(item, m, operation(rt));
	}
	json_t *doc = json_pack(
		"{s:s,s:{s:s,s:s,s:s},s:o,s:{s:{s:{s:s,s:s,s:s}}}}", "openapi", "3.0.3", "info", "title",
		"Tiến Độ API", "version", "1", "description",
		"Theo dõi kế hoạch, đề án của MTTQ và các tổ chức chính trị - xã hội. Errors: "
		"{\"error\":{\"code\",\"message\",\"field\"}}; lists: {\"items\",\"total\"} with limit/offset; "
		"unsafe methods need the X-CSRF-Token header.",
		"paths", paths, "components", "securitySchemes", "session", "type", "apiKey", "in",
		"cookie", "name", "tiendo_session");
	return req_reply_json(r, 200, doc);
}

const route api_service_routes[] = {
	{"GET", "/healthz", h_healthz, 0, ACCESS_NONE},
	{"GET", "/metrics", h_metrics, 0, ACCESS_NONE},
	{"GET", "/api/v1/openapi.json", h_openapi, 0, ACCESS_NONE},
};
const size_t api_service_routes_count = sizeof api_service_routes / sizeof api_service_routes[0];

tderr api_routes_create(route_table **out, char *err, size_t errlen)
{
#define GROUP_ROWS(name) api_##name##_routes,
#define GROUP_COUNT(name) api_##name##_routes_count,
	const route *const groups[] = {API_GROUPS(GROUP_ROWS)};
	const size_t counts[] = {API_GROUPS(GROUP_COUNT)};
#undef GROUP_ROWS
#undef GROUP_COUNT
	tderr e = router_create(groups, counts, sizeof counts / sizeof counts[0], out, err, errlen);
	if (!e)
		g_routes = *out;
	return e;
}
