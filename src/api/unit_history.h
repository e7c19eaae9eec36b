/* unit_history.h — figures on today's tree for other handlers: the conference
 * report's indicator values carry what a unit's predecessors reported. */
#ifndef TD_API_UNIT_HISTORY_H
#define TD_API_UNIT_HISTORY_H
#include <stdint.h>
#include "core/err.h"
#include "core/period.h"
#include "cube/cube.h"
#include "store/evaluation.h"

struct http_req;

/* An eval_value_fn (ctx: the http_req): the cube's figure of the unit's subtree
 * plus its predecessors' own figures with their shares (core/carry.h); the same
 * as evaluation_cube_values for a unit without predecessors. */
tderr unit_history_eval_values(void *ctx, int64_t indicator_id, int64_t unit_id,
			       const period *p, eval_value *out);

/* For the classic analytics: adds to f (the cube's figure of the unit: its subtree,
 * or with own_only its own reports) what the unit's predecessors reported, carried
 * as unit_history_eval_values does (into its subtree, or with own_only into the
 * unit itself). Called only once a reform has been applied (unit_history_any,
 * asked once per request by the caller). When a predecessor was
 * counted, *carried is 1 and, if *has_t is 0, the target of year (when > 0) is
 * looked up among the predecessors (unit_history_target). */
tderr unit_history_carry_cube(struct http_req *r, int64_t indicator_id, int64_t unit_id,
			      const char *path, int own_only, const period *p,
			      int include_submitted, cube_figure *f, int *carried, int year,
			      int *has_t, double *t);

/* A row without a target of its own: its predecessors' target of year. Called only
 * once a reform has been applied, as unit_history_carry_cube. */
tderr unit_history_fallback_target(struct http_req *r, int64_t indicator_id, int64_t unit_id,
				   int year, int *has_t, double *t);

#endif
