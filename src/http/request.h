/* request.h — one HTTP request as handlers see it: its arena, database handle,
 * path parameters, query, body, the signed-in user, and the response being built.
 * Everything a handler allocates comes from r->a and is freed after the response. */
#ifndef TD_REQUEST_H
#define TD_REQUEST_H
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include "core/err.h"
#include "core/scope.h"
#include "http/arena.h"
#include "store/db.h"

#define REQ_MAX_PARAMS 4
#define REQ_MAX_HEADERS 8
#define REQ_QUERY_MAX 512    /* bytes of one query parameter */

struct MHD_Connection;
struct route;

typedef struct http_req {
	arena *a;
	db *db;
	const char *method;
	const char *path;
	const char *client_ip;
	struct MHD_Connection *conn;
	const char *body;              /* NUL-terminated copy, body_len bytes */
	size_t body_len;
	const char *params[REQ_MAX_PARAMS]; /* path {params}, in pattern order */
	int nparams;
	const td_user *user;           /* NULL when nobody is signed in */
	const struct route *route;
	td_error err;                  /* filled by req_fail */
	json_t *json;                  /* parsed body, freed with the request */
	/* the response */
	int status;
	const char *content_type;
	const char *out;
	size_t out_len;
	const char *hdr_name[REQ_MAX_HEADERS];
	const char *hdr_value[REQ_MAX_HEADERS];
	int nhdr;
} http_req;

typedef tderr (*http_handler)(http_req *r);

/* Records the failure (message NULL = the default for kind) and returns kind,
 * so handlers write: return req_fail(r, TD_EINVALID, "bad_year", "...", "year"); */
tderr req_fail(http_req *r, tderr kind, const char *code, const char *message,
	       const char *field);
/* Records a store error: TD_ECONFLICT from a constraint becomes a 409 with the
 * given code/message; others keep their default message. Returns e. */
tderr req_store_fail(http_req *r, tderr e, const char *conflict_code,
		     const char *conflict_message);

/* A query parameter, NULL when absent. Values longer than REQ_QUERY_MAX or not
 * valid UTF-8 text make *err TD_EBADREQ (and req_fail is called). */
tderr req_query(http_req *r, const char *name, const char **out);
/* req_query for an optional parameter: an empty value counts as absent (NULL). */
tderr req_query_opt(http_req *r, const char *name, const char **out);
/* An integer query parameter in [min,max]; *present 0 when absent; 400 otherwise. */
tderr req_query_int(http_req *r, const char *name, int64_t min, int64_t max,
		    int64_t *out, int *present);
/* limit (default 50, max 1000) and offset (default 0) of a list. */
tderr req_paging(http_req *r, int64_t *limit, int64_t *offset);
/* A request header, NULL when absent. */
const char *req_header(http_req *r, const char *name);
/* Path parameter i as a positive id; 404 when it is not one. */
tderr req_param_id(http_req *r, int i, int64_t *out);
/* The body as a JSON object (parsed once, kept in r->json): 400 when empty or
 * malformed, too deep, or with duplicate keys; 422 when not an object. */
tderr req_body_object(http_req *r, json_t **out);

/* Sets the response to j (stolen) with status. */
tderr req_reply_json(http_req *r, int status, json_t *j);
/* A list response {"items": items (stolen), "total": total}. */
tderr req_reply_list(http_req *r, json_t *items, int64_t total);
/* An empty response (e.g. 204). */
tderr req_reply_empty(http_req *r, int status);
/* Adds a response header; both strings must live as long as the request. */
void req_add_header(http_req *r, const char *name, const char *value);

#endif
