/* metrics.h — process counters for GET /metrics (Prometheus text format). */
#ifndef TD_METRICS_H
#define TD_METRICS_H
#include <stdint.h>
#include "http/arena.h"

/* Records one finished request: status, wall time and database time (µs). */
void metrics_record(int status, uint64_t elapsed_us, uint64_t db_us);
/* Notes a connection opened (+1) or closed (-1). */
void metrics_connection(int delta);
/* The exposition text, in a. */
char *metrics_render(arena *a);

#endif
