/* evaluation.h — what the handlers of the `evaluation` route group share: the
 * period and unit of a request, the indicator values from the cube, and the
 * scorecard handlers (scorecards.c) whose rows sit in evaluation.c's table. */
#ifndef TD_API_EVALUATION_H
#define TD_API_EVALUATION_H
#include <stdint.h>
#include "core/period.h"
#include "http/request.h"
#include "store/evaluation.h"
#include "store/units.h"

/* The period of ?period= (a year, half, nine months or quarter code) or ?year=
 * (default: this year in Vietnam). 400 bad_period / bad_year, or when both are
 * given and disagree. */
tderr evaluation_read_period(http_req *r, period *out);
/* The unit of ?unit= (NULL or "": the caller's own unit) with its id and path;
 * 404 when unknown or out of the caller's read scope. */
tderr evaluation_read_unit(http_req *r, const char *code, int64_t *id,
			   char path[UNIT_PATH_MAX]);
/* The span of the whole period p, judged today (Vietnam) and now (UTC). */
tderr evaluation_span(http_req *r, const period *p, eval_span *out);
/* eval_value_fn over the cube (ctx is the http_req): the approved figure of the
 * indicator over the unit's subtree; none when the cube knows no such unit. */
tderr evaluation_cube_values(void *ctx, int64_t indicator_id, int64_t unit_id,
			     const period *p, eval_value *out);
/* Like req_reply_json, with reals written to 12 significant digits. */
tderr evaluation_reply(http_req *r, int status, json_t *j);
/* Turns a store or cube error into the response. */
tderr evaluation_fail(http_req *r, tderr e);

/* GET /api/v1/scorecards?organization=&year=&period=&unit=&system= — one item per
 * head per organisation in the unit's subtree that reports a plan running that
 * year, best score first. */
tderr scorecards_list(http_req *r);
/* GET /api/v1/scorecards/{organization_id}?year=&period= — the items of one
 * organisation, one per head who held the post in the period, earliest first. */
tderr scorecards_of_org(http_req *r);

#endif
