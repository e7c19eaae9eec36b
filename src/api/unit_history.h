/* unit_history.h — figures on today's tree for other handlers: the conference
 * report's indicator values carry what a unit's predecessors reported. */
#ifndef TD_API_UNIT_HISTORY_H
#define TD_API_UNIT_HISTORY_H
#include <stdint.h>
#include "core/err.h"
#include "core/period.h"
#include "store/evaluation.h"

/* An eval_value_fn (ctx: the http_req): the cube's figure of the unit's subtree
 * plus its predecessors' own figures with their shares (core/carry.h); the same
 * as evaluation_cube_values for a unit without predecessors. */
tderr unit_history_eval_values(void *ctx, int64_t indicator_id, int64_t unit_id,
			       const period *p, eval_value *out);

#endif
