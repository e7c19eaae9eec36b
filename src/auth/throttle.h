/* throttle.h — the sign-in throttling policy, pure arithmetic over the failure
 * count (the state itself lives in the database, shared by all instances). */
#ifndef TD_THROTTLE_H
#define TD_THROTTLE_H
#include <stdint.h>

#define THROTTLE_WINDOW_S 900        /* failures are counted over 15 minutes */
#define THROTTLE_FREE_ACCOUNT 5      /* failures allowed per account */
#define THROTTLE_FREE_ADDRESS 20     /* failures allowed per client address */
#define THROTTLE_BASE_S 15           /* first block; doubles with each failure */
#define THROTTLE_MAX_S 900

/* Seconds to block after the given number of failures in the window, with
 * free_failures allowed: 0 below the allowance, then 15, 30, 60 ... capped at 900. */
int64_t throttle_block_seconds(int64_t failures, int64_t free_failures);
/* Failure count after one more failure at now, given the window start (which is
 * reset to now when the window has passed). */
int64_t throttle_next_failures(int64_t failures, int64_t *window_start, int64_t now);

#endif
