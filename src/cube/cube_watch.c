/* cube_watch.c — keeps this process's cube in step with what other processes
 * commit to the same database: a thread with its own handle waits for their
 * commits (PostgreSQL LISTEN/NOTIFY, db_wait_commits) to the tables the cube
 * reads, and rebuilds the cube after each burst. Commits of this process are not
 * waited for: the handlers refresh the cube themselves. */
#include "cube/cube.h"
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <time.h>

#define WATCH_WAIT_MS 250   /* how often the thread looks at the stop flag */
#define WATCH_SETTLE_MS 50  /* a burst of commits is gathered into one rebuild */

static const char *const cube_tables[] = {
	"reports", "report_values", "indicators", "plans", "organizations", "org_units", NULL,
};

static struct {
	pthread_t thread;
	db *d;
	atomic_int stop;
	int running;
} w;

static void sleep_ms(int ms)
{
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
	nanosleep(&ts, NULL);
}

static void *watch_main(void *arg)
{
	(void)arg;
	while (!atomic_load(&w.stop)) {
		int rc = db_wait_commits(w.d, WATCH_WAIT_MS, cube_tables);
		if (rc < 0) {
			sleep_ms(1000); /* the connection is down: try again later */
			continue;
		}
		if (rc == 0)
			continue;
		while (db_wait_commits(w.d, WATCH_SETTLE_MS, cube_tables) > 0 && !atomic_load(&w.stop))
			;
		if (cube_rebuild(w.d) != TD_OK)
			fprintf(stderr, "tiendo: analytics cube: cannot rebuild after another process's change: %s\n",
				db_errmsg(w.d));
	}
	return NULL;
}

tderr cube_watch_start(const char *db_url)
{
	if (w.running)
		return TD_OK;
	char err[256];
	if (db_open(db_url, &w.d, err, sizeof err) != TD_OK) {
		fprintf(stderr, "tiendo: analytics cube: %s\n", err);
		return TD_EUNAVAIL;
	}
	/* subscribes now, so that nothing committed after cube_init is missed */
	if (db_wait_commits(w.d, 0, cube_tables) < 0) {
		db_close(w.d); /* the backend cannot tell (SQLite): nothing to watch */
		w.d = NULL;
		return TD_OK;
	}
	atomic_store(&w.stop, 0);
	if (pthread_create(&w.thread, NULL, watch_main, NULL) != 0) {
		db_close(w.d);
		w.d = NULL;
		return TD_EINTERNAL;
	}
	w.running = 1;
	return TD_OK;
}

void cube_watch_stop(void)
{
	if (!w.running)
		return;
	atomic_store(&w.stop, 1);
	pthread_join(w.thread, NULL);
	db_close(w.d);
	w.d = NULL;
	w.running = 0;
}
