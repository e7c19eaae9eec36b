/* clock.c — wall clock readings; Vietnam has been UTC+7 without DST since 1975. */
#include "core/clock.h"
#include <stdio.h>
#include <time.h>

int64_t clock_unix(void)
{
	return (int64_t)time(NULL);
}

void clock_iso(char *buf, unsigned long size)
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void clock_today_vn(char *buf, unsigned long size)
{
	time_t t = time(NULL) + 7 * 3600;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(buf, size, "%Y-%m-%d", &tm);
}
