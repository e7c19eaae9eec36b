/* router.c — matches a method and path against the route table. Patterns are
 * literal segments and {name} placeholders that match one non-empty segment. */
#include "http/router.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ROUTER_MAX_SEGMENTS 12

struct route_table {
	const route **rows;
	size_t n;
};

static int is_param(const char *seg, size_t len)
{
	return len >= 3 && seg[0] == '{' && seg[len - 1] == '}';
}

/* Splits p (starting with '/') into segments; returns count or -1 if too many. */
static int split(const char *p, const char **seg, size_t *len)
{
	int n = 0;
	if (*p != '/')
		return -1;
	while (*p == '/') {
		p++;
		const char *e = strchr(p, '/');
		size_t l = e ? (size_t)(e - p) : strlen(p);
		if (n == ROUTER_MAX_SEGMENTS)
			return -1;
		seg[n] = p;
		len[n] = l;
		n++;
		p += l;
	}
	/* "/x/" has an empty last segment: it is a different path from "/x" */
	return n;
}

/* 1 when two patterns are the same route: same segments, with placeholders at
 * the same places. A literal row beside a parametric one ("/x/new" and "/x/{id}")
 * is allowed; the literal one wins when matching. */
static int patterns_same(const char *a, const char *b)
{
	const char *sa[ROUTER_MAX_SEGMENTS], *sb[ROUTER_MAX_SEGMENTS];
	size_t la[ROUTER_MAX_SEGMENTS], lb[ROUTER_MAX_SEGMENTS];
	int na = split(a, sa, la), nb = split(b, sb, lb);
	if (na != nb)
		return 0;
	for (int i = 0; i < na; i++) {
		int pa = is_param(sa[i], la[i]), pb = is_param(sb[i], lb[i]);
		if (pa != pb)
			return 0;
		if (!pa && (la[i] != lb[i] || memcmp(sa[i], sb[i], la[i]) != 0))
			return 0;
	}
	return 1;
}

tderr router_create(const route *const *groups, const size_t *counts, size_t ngroups,
		    route_table **out, char *err, size_t errlen)
{
	*out = NULL;
	size_t total = 0;
	for (size_t g = 0; g < ngroups; g++)
		total += counts[g];
	route_table *t = calloc(1, sizeof *t);
	if (!t || !(t->rows = calloc(total ? total : 1, sizeof(const route *)))) {
		free(t);
		snprintf(err, errlen, "out of memory");
		return TD_EINTERNAL;
	}
	for (size_t g = 0; g < ngroups; g++)
		for (size_t i = 0; i < counts[g]; i++) {
			const route *r = &groups[g][i];
			const char *seg[ROUTER_MAX_SEGMENTS];
			size_t len[ROUTER_MAX_SEGMENTS];
			if (!r->method || !r->pattern || !r->handler || split(r->pattern, seg, len) < 1) {
				snprintf(err, errlen, "malformed route %s %s", r->method ? r->method : "?",
					 r->pattern ? r->pattern : "?");
				router_destroy(t);
				return TD_EINTERNAL;
			}
			for (size_t j = 0; j < t->n; j++)
				if (strcmp(t->rows[j]->method, r->method) == 0 &&
				    patterns_same(t->rows[j]->pattern, r->pattern)) {
					snprintf(err, errlen, "duplicate route %s %s (and %s)", r->method,
						 r->pattern, t->rows[j]->pattern);
					router_destroy(t);
					return TD_EINTERNAL;
				}
			t->rows[t->n++] = r;
		}
	*out = t;
	return TD_OK;
}

void router_destroy(route_table *t)
{
	if (!t)
		return;
	free(t->rows);
	free(t);
}

/* Matches path segments against one pattern; fills params on success. */
static int match_one(const char *pattern, const char **ps, const size_t *pl, int pn, arena *a,
		     const char **params, int *nparams)
{
	const char *ss[ROUTER_MAX_SEGMENTS];
	size_t sl[ROUTER_MAX_SEGMENTS];
	int sn = split(pattern, ss, sl);
	if (sn != pn)
		return 0;
	int np = 0;
	for (int i = 0; i < sn; i++) {
		if (is_param(ss[i], sl[i])) {
			if (pl[i] == 0)
				return 0;
			continue;
		}
		if (sl[i] != pl[i] || memcmp(ss[i], ps[i], sl[i]) != 0)
			return 0;
	}
	for (int i = 0; i < sn; i++)
		if (is_param(ss[i], sl[i]) && np < REQ_MAX_PARAMS)
			params[np++] = arena_strndup(a, ps[i], pl[i]);
	*nparams = np;
	return 1;
}

int router_match(const route_table *t, arena *a, const char *method, const char *path,
		 const route **out, const char **params, int *nparams)
{
	const char *ps[ROUTER_MAX_SEGMENTS];
	size_t pl[ROUTER_MAX_SEGMENTS];
	int pn = split(path, ps, pl);
	*out = NULL;
	*nparams = 0;
	if (pn < 1)
		return ROUTE_NO_PATH;
	int path_seen = 0;
	/* literal rows win over parametric ones: two passes */
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < t->n; i++) {
			const route *r = t->rows[i];
			int has_param = strchr(r->pattern, '{') != NULL;
			if (has_param != pass)
				continue;
			int np = 0;
			const char *pv[REQ_MAX_PARAMS];
			if (!match_one(r->pattern, ps, pl, pn, a, pv, &np))
				continue;
			path_seen = 1;
			if (strcmp(r->method, method) != 0 &&
			    !(strcmp(method, "HEAD") == 0 && strcmp(r->method, "GET") == 0))
				continue;
			*out = r;
			for (int k = 0; k < np; k++)
				params[k] = pv[k];
			*nparams = np;
			return ROUTE_FOUND;
		}
	return path_seen ? ROUTE_NO_METHOD : ROUTE_NO_PATH;
}

size_t router_count(const route_table *t) { return t ? t->n : 0; }
const route *router_row(const route_table *t, size_t i) { return i < t->n ? t->rows[i] : NULL; }
