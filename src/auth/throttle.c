/* throttle.c — exponential back-off for failed sign-ins. */
#include "auth/throttle.h"

int64_t throttle_block_seconds(int64_t failures, int64_t free_failures)
{
	if (failures < free_failures)
		return 0;
	int64_t over = failures - free_failures;
	int64_t s = THROTTLE_BASE_S;
	while (over-- > 0 && s < THROTTLE_MAX_S)
		s *= 2;
	return s > THROTTLE_MAX_S ? THROTTLE_MAX_S : s;
}

int64_t throttle_next_failures(int64_t failures, int64_t *window_start, int64_t now)
{
	if (failures <= 0 || now - *window_start >= THROTTLE_WINDOW_S) {
		*window_start = now;
		return 1;
	}
	return failures + 1;
}
