/* fuzz_router.c — libFuzzer harness for the route table: any method and path
 * must match one row, no row, or a row for another method, and a match must
 * give path parameters that put the path back together. The table is the
 * application's own (api_routes_create), so every real pattern is exercised.
 * Built with -fsanitize=fuzzer,address,undefined; corpus: tests/fuzz/corpus/router
 * (one "METHOD /path" per file). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "api/api.h"
#include "http/arena.h"
#include "http/router.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static route_table *table;

/* Rebuilds the path from the row's pattern and the parameters. */
static int rebuild(const char *pattern, const char **params, int np, char *out, size_t cap)
{
	size_t o = 0;
	int k = 0;
	for (const char *p = pattern; *p;) {
		const char *s;
		size_t l;
		if (*p == '{') {
			const char *e = strchr(p, '}');
			if (!e || k >= np)
				return -1;
			s = params[k++];
			l = strlen(s);
			p = e + 1;
		} else {
			s = p;
			l = 1;
			p++;
		}
		if (o + l >= cap)
			return -1;
		memcpy(out + o, s, l);
		o += l;
	}
	out[o] = 0;
	return k == np ? 0 : -1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!table) {
		char err[256];
		if (api_routes_create(&table, err, sizeof err) != TD_OK)
			abort();
	}
	if (size > 4096)
		return 0;
	char *in = malloc(size + 1);
	if (!in)
		return 0;
	memcpy(in, data, size);
	in[size] = 0;
	/* "METHOD path": the method is what comes before the first space */
	char *sp = strchr(in, ' ');
	const char *method = "GET", *path = in;
	if (sp) {
		*sp = 0;
		method = in;
		path = sp + 1;
	}
	arena *a = arena_create();
	if (!a)
		abort();
	const route *rt = (const route *)1;
	const char *params[REQ_MAX_PARAMS];
	int np = -1;
	int m = router_match(table, a, method, path, &rt, params, &np);
	if (m == ROUTE_FOUND) {
		if (!rt || np < 0 || np > REQ_MAX_PARAMS)
			abort();
		if (strcmp(rt->method, method) != 0 && !(strcmp(method, "HEAD") == 0 && strcmp(rt->method, "GET") == 0))
			abort();
		for (int i = 0; i < np; i++)
			if (!params[i] || !params[i][0] || strchr(params[i], '/'))
				abort();
		char back[4200];
		if (rebuild(rt->pattern, params, np, back, sizeof back) != 0 || strcmp(back, path) != 0)
			abort();
	} else if (m == ROUTE_NO_PATH || m == ROUTE_NO_METHOD) {
		if (rt != NULL || np != 0)
			abort();
	} else {
		abort();
	}
	arena_destroy(a);
	free(in);
	return 0;
}
