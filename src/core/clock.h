/* clock.h — the server's clock in the forms the project stores. */
#ifndef TD_CLOCK_H
#define TD_CLOCK_H
#include <stdint.h>

/* Seconds since the epoch (UTC). */
int64_t clock_unix(void);
/* Now as ISO 8601 UTC, "2026-11-29T19:40:00Z", into buf (at least 21 bytes). */
void clock_iso(char *buf, unsigned long size);
/* Today in Asia/Ho_Chi_Minh (UTC+7, no DST) as "YYYY-MM-DD" (at least 11 bytes). */
void clock_today_vn(char *buf, unsigned long size);

#endif
