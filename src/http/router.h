/* router.h — the one route table: method, path pattern, handler, who may call it
 * and which path entity must be in the caller's scope. Adding an endpoint is
 * adding a row to the table of its resource file (one file per resource under src/api). */
#ifndef TD_ROUTER_H
#define TD_ROUTER_H
#include "api/access.h"
#include "http/request.h"

typedef struct route {
	const char *method;      /* "GET", "POST", "PUT", "PATCH", "DELETE" */
	const char *pattern;     /* "/api/v1/plans/{id}": {x} matches one segment */
	http_handler handler;
	unsigned roles;          /* ROLE_* bits allowed; 0 = public, no session */
	access_rule access;      /* which path entity must be in scope */
	const char *entity;      /* ACCESS_RECORD: the table ("tasks", "findings" ...) */
	size_t body_max;         /* bytes of body accepted; 0 = the server's default */
} route;

typedef struct route_table route_table;

enum { ROUTE_FOUND = 0, ROUTE_NO_PATH = 1, ROUTE_NO_METHOD = 2 };

/* Builds a table from rows (copied pointers; rows must outlive the table).
 * Fails with a message in err when two rows share a method and a pattern that
 * match the same paths, or a pattern is malformed. */
tderr router_create(const route *const *groups, const size_t *counts, size_t ngroups,
		    route_table **out, char *err, size_t errlen);
void router_destroy(route_table *t);
/* Finds the row for method and path; fills params (pointers into the arena) and
 * returns ROUTE_FOUND, ROUTE_NO_PATH (404) or ROUTE_NO_METHOD (405). */
int router_match(const route_table *t, arena *a, const char *method, const char *path,
		 const route **out, const char **params, int *nparams);
/* Rows in the table, in order (for the OpenAPI document and the access tests). */
size_t router_count(const route_table *t);
const route *router_row(const route_table *t, size_t i);

#endif
