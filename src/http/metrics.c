/* metrics.c — lock-free counters and a latency histogram. */
#include "http/metrics.h"
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

static const uint64_t bucket_us[] = {1000, 5000, 10000, 50000, 100000, 500000, 1000000, 5000000};
#define NBUCKETS (sizeof bucket_us / sizeof bucket_us[0])

static _Atomic uint64_t by_class[6];            /* 1xx..5xx, index 1..5 */
static _Atomic uint64_t hist[NBUCKETS + 1];     /* last = +Inf */
static _Atomic uint64_t sum_us, db_sum_us;
static _Atomic int64_t open_conns;

void metrics_record(int status, uint64_t elapsed_us, uint64_t db_us)
{
	int c = status / 100;
	if (c < 1 || c > 5)
		c = 5;
	atomic_fetch_add(&by_class[c], 1);
	size_t i = 0;
	while (i < NBUCKETS && elapsed_us > bucket_us[i])
		i++;
	atomic_fetch_add(&hist[i], 1);
	atomic_fetch_add(&sum_us, elapsed_us);
	atomic_fetch_add(&db_sum_us, db_us);
}

void metrics_connection(int delta)
{
	atomic_fetch_add(&open_conns, delta);
}

char *metrics_render(arena *a)
{
	char buf[4096];
	size_t n = 0;
#define OUT(...) n += (size_t)snprintf(buf + n, n < sizeof buf ? sizeof buf - n : 0, __VA_ARGS__)
	OUT("# HELP tiendo_http_requests_total Requests answered, by status class.\n"
	    "# TYPE tiendo_http_requests_total counter\n");
	for (int c = 1; c <= 5; c++)
		OUT("tiendo_http_requests_total{code=\"%dxx\"} %llu\n", c,
		    (unsigned long long)atomic_load(&by_class[c]));
	OUT("# HELP tiendo_http_request_duration_seconds Time to answer a request.\n"
	    "# TYPE tiendo_http_request_duration_seconds histogram\n");
	uint64_t cum = 0;
	for (size_t i = 0; i <= NBUCKETS; i++) {
		cum += atomic_load(&hist[i]);
		if (i < NBUCKETS)
			OUT("tiendo_http_request_duration_seconds_bucket{le=\"%g\"} %llu\n",
			    (double)bucket_us[i] / 1e6, (unsigned long long)cum);
		else
			OUT("tiendo_http_request_duration_seconds_bucket{le=\"+Inf\"} %llu\n",
			    (unsigned long long)cum);
	}
	OUT("tiendo_http_request_duration_seconds_sum %.6f\n", (double)atomic_load(&sum_us) / 1e6);
	OUT("tiendo_http_request_duration_seconds_count %llu\n", (unsigned long long)cum);
	OUT("# HELP tiendo_db_seconds_total Time spent in the database.\n"
	    "# TYPE tiendo_db_seconds_total counter\n"
	    "tiendo_db_seconds_total %.6f\n", (double)atomic_load(&db_sum_us) / 1e6);
	OUT("# HELP tiendo_http_connections Open client connections.\n"
	    "# TYPE tiendo_http_connections gauge\n"
	    "tiendo_http_connections %lld\n", (long long)atomic_load(&open_conns));
#undef OUT
	if (n >= sizeof buf)
		n = sizeof buf - 1;
	return arena_strndup(a, buf, n);
}
