/* test_router.c — route matching, parameters, 404 vs 405, duplicate rejection, and
 * that the application's own table builds (no duplicates, every row well formed). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include "api/api.h"
#include "http/router.h"

static tderr h_a(http_req *r) { (void)r; return TD_OK; }
static tderr h_b(http_req *r) { (void)r; return TD_OK; }

static const route rows[] = {
	{"GET", "/api/v1/plans", h_a, ROLE_ANY, ACCESS_NONE},
	{"GET", "/api/v1/plans/{id}", h_b, ROLE_ANY, ACCESS_PLAN},
	{"PATCH", "/api/v1/plans/{id}", h_a, ROLE_ADMIN, ACCESS_PLAN},
	{"GET", "/api/v1/plans/{id}/indicators", h_a, ROLE_ANY, ACCESS_PLAN},
	{"GET", "/api/v1/plans/summary", h_a, ROLE_ANY, ACCESS_NONE},
};

static route_table *make(void)
{
	const route *const g[] = {rows};
	const size_t n[] = {sizeof rows / sizeof rows[0]};
	route_table *t = NULL;
	char err[128];
	assert_int_equal(router_create(g, n, 1, &t, err, sizeof err), TD_OK);
	return t;
}

static void matches_params_and_methods(void **state)
{
	(void)state;
	route_table *t = make();
	arena *a = arena_create();
	const route *r;
	const char *p[REQ_MAX_PARAMS];
	int np;
	assert_int_equal(router_match(t, a, "GET", "/api/v1/plans/42", &r, p, &np), ROUTE_FOUND);
	assert_ptr_equal(r, &rows[1]);
	assert_int_equal(np, 1);
	assert_string_equal(p[0], "42");
	assert_int_equal(router_match(t, a, "GET", "/api/v1/plans/42/indicators", &r, p, &np), ROUTE_FOUND);
	assert_ptr_equal(r, &rows[3]);
	/* a literal row wins over a parametric one */
	assert_int_equal(router_match(t, a, "GET", "/api/v1/plans/summary", &r, p, &np), ROUTE_FOUND);
	assert_ptr_equal(r, &rows[4]);
	assert_int_equal(router_match(t, a, "DELETE", "/api/v1/plans/42", &r, p, &np), ROUTE_NO_METHOD);
	assert_int_equal(router_match(t, a, "GET", "/api/v1/plan", &r, p, &np), ROUTE_NO_PATH);
	assert_int_equal(router_match(t, a, "GET", "/api/v1/plans/", &r, p, &np), ROUTE_NO_PATH);
	assert_int_equal(router_match(t, a, "GET", "/api/v1/plans//indicators", &r, p, &np), ROUTE_NO_PATH);
	/* HEAD is answered by the GET row */
	assert_int_equal(router_match(t, a, "HEAD", "/api/v1/plans", &r, p, &np), ROUTE_FOUND);
	arena_destroy(a);
	router_destroy(t);
}

static void rejects_duplicates(void **state)
{
	(void)state;
	static const route dup[] = {
		{"GET", "/api/v1/x/{id}", h_a, ROLE_ANY, ACCESS_NONE},
		{"GET", "/api/v1/x/{code}", h_b, ROLE_ANY, ACCESS_NONE},
	};
	const route *const g[] = {dup};
	const size_t n[] = {2};
	route_table *t = NULL;
	char err[128] = "";
	assert_int_not_equal(router_create(g, n, 1, &t, err, sizeof err), TD_OK);
	assert_null(t);
	assert_non_null(strstr(err, "duplicate"));
}

static void application_table_is_valid(void **state)
{
	(void)state;
	route_table *t = NULL;
	char err[256] = "";
	tderr e = api_routes_create(&t, err, sizeof err);
	if (e)
		fail_msg("route table: %s", err);
	assert_true(router_count(t) >= 15);
	for (size_t i = 0; i < router_count(t); i++) {
		const route *r = router_row(t, i);
		int unsafe = strcmp(r->method, "GET") != 0;
		/* every write needs a session, except signing in */
		if (unsafe && strcmp(r->pattern, "/api/v1/session") != 0)
			assert_int_not_equal(r->roles, 0);
	}
	router_destroy(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(matches_params_and_methods),
		cmocka_unit_test(rejects_duplicates),
		cmocka_unit_test(application_table_is_valid),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
