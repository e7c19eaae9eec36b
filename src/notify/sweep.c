/* sweep.c — the notifications sweep (escalation of overdue findings, then the
 * notices the data calls for), the mail round after it, and the background thread
 * that runs both at start, every interval and when kicked. */
#include "notify/notify.h"
#include "core/clock.h"
#include "core/finding.h"
#include "store/findings.h"
#include "store/notifications.h"
#include "store/store.h"
#include <curl/curl.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void iso_at(time_t t, char *buf, size_t size)
{
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

tderr notify_sweep(db *d, const char *today, notify_stats *st)
{
	char plus7[16], now[32], plus5[32];
	if (finding_date_add(today, 7, plus7, sizeof plus7))
		return TD_EINVALID;
	time_t t = time(NULL);
	iso_at(t, now, sizeof now);
	iso_at(t + (time_t)5 * 86400, plus5, sizeof plus5);
	notify_clock c = {now, today, plus7, plus5};
	notify_stats local = {0};
	tderr e = db_begin(d);
	if (e)
		return e;
	if ((e = findings_escalate_due(d, today, now, &local.escalated)) ||
	    (e = notifications_generate(d, &c, &local.created)))
		goto fail;
	if (local.escalated || local.created) {
		json_t *after = json_pack("{s:s,s:I,s:I}", "today", today, "escalated",
					  (json_int_t)local.escalated, "created",
					  (json_int_t)local.created);
		e = store_audit(d, NULL, "", "notifications", 0, "sweep", NULL, after);
		json_decref(after);
		if (e)
			goto fail;
	}
	if ((e = db_commit(d)))
		goto fail;
	if (st) {
		st->escalated = local.escalated;
		st->created = local.created;
	}
	return TD_OK;
fail:
	db_rollback(d);
	return e;
}

/* The body of a notice's message. */
static char *mail_body(json_t *n)
{
	const char *name = json_string_value(json_object_get(n, "full_name"));
	const char *title = json_string_value(json_object_get(n, "title"));
	const char *link = json_string_value(json_object_get(n, "link"));
	size_t size = (name ? strlen(name) : 0) + (title ? strlen(title) : 0) +
		      (link ? strlen(link) : 0) + 512;
	char *body = malloc(size);
	if (body)
		snprintf(body, size,
			 "Kính gửi %s,\n\n%s\n\nĐăng nhập hệ thống Tiến Độ để xem chi tiết (mục "
			 "Thông báo, đường dẫn %s).\n\nThư này được gửi tự động, vui lòng không "
			 "trả lời.\n",
			 name ? name : "", title ? title : "", link ? link : "");
	return body;
}

/* Takes back the mark of the notices ids[0..n) set at `at`, with one audit row. */
static tderr unclaim(db *d, const int64_t *ids, size_t n, const char *at)
{
	tderr e = db_begin(d);
	if (e)
		return e;
	json_t *list = json_array();
	for (size_t i = 0; e == TD_OK && i < n; i++) {
		e = notifications_unmark_emailed(d, ids[i], at);
		json_array_append_new(list, json_integer(ids[i]));
	}
	json_t *after = json_pack("{s:o}", "not_sent", list);
	if (e == TD_OK)
		e = store_audit(d, NULL, "", "notifications", 0, "mail_failed", NULL, after);
	json_decref(after);
	if (e == TD_OK)
		e = db_commit(d);
	if (e)
		db_rollback(d);
	return e;
}

/* Reads the notices to mail and marks them mailed at `at`, with one audit row, in
 * one write transaction: write transactions take turns, so another server's claim
 * sees these as taken. *items gets the claimed notices. */
static tderr claim(db *d, const char *since, const char *at, json_t **items)
{
	*items = NULL;
	tderr e = db_begin(d);
	if (e)
		return e;
	json_t *list = NULL;
	e = notifications_pending_mail(d, since, NOTIFY_MAIL_BATCH, items);
	if (e == TD_OK && json_array_size(*items) == 0) {
		db_rollback(d); /* nothing to claim, nothing written */
		return TD_OK;
	}
	if (e == TD_OK) {
		list = json_array();
		for (size_t i = 0; e == TD_OK && i < json_array_size(*items); i++) {
			json_int_t id = json_integer_value(json_object_get(json_array_get(*items, i), "id"));
			e = notifications_mark_emailed(d, id, at);
			json_array_append_new(list, json_integer(id));
		}
	}
	if (e == TD_OK) {
		json_t *after = json_pack("{s:O}", "emailed", list);
		e = store_audit(d, NULL, "", "notifications", 0, "mail", NULL, after);
		json_decref(after);
	}
	json_decref(list);
	if (e == TD_OK)
		e = db_commit(d);
	if (e) {
		db_rollback(d);
		json_decref(*items);
		*items = NULL;
	}
	return e;
}

/* The batch is claimed first, so that two servers on one database never mail the
 * same notice; the messages that could not be sent are released again for the next
 * round. A crash between the claim and the sending loses those messages rather than
 * sending them twice. */
tderr notify_mail_pending(db *d, const char *smtp_url, const char *from, const char *since,
			  int64_t *sent)
{
	*sent = 0;
	char now[32];
	clock_iso(now, sizeof now);
	json_t *items = NULL;
	tderr e = claim(d, since, now, &items);
	if (e || !items)
		return e;
	int64_t failed[NOTIFY_MAIL_BATCH];
	size_t nfailed = 0;
	int down = 0;
	for (size_t i = 0; i < json_array_size(items) && i < NOTIFY_MAIL_BATCH; i++) {
		json_t *it = json_array_get(items, i);
		tderr me = TD_EUNAVAIL;
		if (!down) {
			char *body = mail_body(it);
			me = body ? mail_send(smtp_url, from, json_string_value(json_object_get(it, "email")),
					      json_string_value(json_object_get(it, "title")), body)
				  : TD_EINTERNAL;
			free(body);
		}
		if (me == TD_OK)
			(*sent)++;
		else
			failed[nfailed++] = json_integer_value(json_object_get(it, "id"));
		if (me == TD_EUNAVAIL)
			down = 1; /* the server is down: the next round retries the rest */
	}
	json_decref(items);
	return nfailed ? unclaim(d, failed, nfailed, now) : TD_OK;
}

/* ---- the background thread ---- */

/* Notices are mailed while they are fresh: created after the thread started and
 * within the last day (so a failing address is not retried for ever). */
#define MAIL_RETRY_SECONDS 86400

static struct {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	pthread_t thread;
	int running, stop, kicked;
	unsigned interval;
	db *d;
	char *smtp_url, *mail_from;
	time_t started;
} g = {.mu = PTHREAD_MUTEX_INITIALIZER, .interval = NOTIFY_INTERVAL_DEFAULT};

void notify_set_interval(unsigned seconds)
{
	if (seconds >= 1 && seconds <= 86400)
		g.interval = seconds;
}

static void run_once(void)
{
	char today[16];
	clock_today_vn(today, sizeof today);
	notify_stats st = {0};
	tderr e = notify_sweep(g.d, today, &st);
	if (e)
		fprintf(stderr, "tiendo: notifications sweep failed (%s): %s\n", td_err_code(e),
			db_errmsg(g.d));
	if (!g.smtp_url)
		return;
	time_t since = g.started > time(NULL) - MAIL_RETRY_SECONDS ? g.started
								    : time(NULL) - MAIL_RETRY_SECONDS;
	char since_iso[32];
	iso_at(since, since_iso, sizeof since_iso);
	int64_t sent = 0;
	if ((e = notify_mail_pending(g.d, g.smtp_url, g.mail_from, since_iso, &sent)))
		fprintf(stderr, "tiendo: notifications mail failed (%s)\n", td_err_code(e));
}

/* Sweeps, then sleeps until the interval is over or a write kicks it — but never
 * sweeps again within KICK_GAP seconds (or the interval, when shorter), so a burst
 * of writes costs one sweep, not one each. */
#define KICK_GAP 5

static void *thread_main(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&g.mu);
	while (!g.stop) {
		g.kicked = 0;
		pthread_mutex_unlock(&g.mu);
		run_once();
		pthread_mutex_lock(&g.mu);
		struct timespec gap, full;
		clock_gettime(CLOCK_MONOTONIC, &gap);
		full = gap;
		gap.tv_sec += g.interval < KICK_GAP ? g.interval : KICK_GAP;
		full.tv_sec += g.interval;
		while (!g.stop)
			if (pthread_cond_timedwait(&g.cv, &g.mu, &gap) == ETIMEDOUT)
				break;
		while (!g.stop && !g.kicked)
			if (pthread_cond_timedwait(&g.cv, &g.mu, &full) == ETIMEDOUT)
				break;
	}
	pthread_mutex_unlock(&g.mu);
	return NULL;
}

static void release(void)
{
	db_close(g.d);
	g.d = NULL;
	free(g.smtp_url);
	free(g.mail_from);
	g.smtp_url = g.mail_from = NULL;
}

tderr notify_start(const char *db_url, const char *smtp_url, const char *mail_from)
{
	if (!smtp_url != !mail_from || (mail_from && !mail_address_ok(mail_from)))
		return TD_EINVALID;
	pthread_mutex_lock(&g.mu);
	int running = g.running;
	pthread_mutex_unlock(&g.mu);
	if (running)
		return TD_ECONFLICT;
	char err[256];
	if (db_open(db_url, &g.d, err, sizeof err) != TD_OK) {
		fprintf(stderr, "tiendo: notifications: %s\n", err);
		return TD_EINTERNAL;
	}
	if (smtp_url && curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		release();
		return TD_EINTERNAL;
	}
	g.smtp_url = smtp_url ? strdup(smtp_url) : NULL;
	g.mail_from = mail_from ? strdup(mail_from) : NULL;
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&g.cv, &ca);
	pthread_condattr_destroy(&ca);
	g.started = time(NULL);
	g.stop = 0;
	g.kicked = 0;
	if ((smtp_url && (!g.smtp_url || !g.mail_from)) ||
	    pthread_create(&g.thread, NULL, thread_main, NULL) != 0) {
		pthread_cond_destroy(&g.cv);
		if (smtp_url)
			curl_global_cleanup();
		release();
		return TD_EINTERNAL;
	}
	pthread_mutex_lock(&g.mu);
	g.running = 1;
	pthread_mutex_unlock(&g.mu);
	return TD_OK;
}

void notify_kick(void)
{
	pthread_mutex_lock(&g.mu);
	if (g.running) {
		g.kicked = 1;
		pthread_cond_signal(&g.cv);
	}
	pthread_mutex_unlock(&g.mu);
}

void notify_stop(void)
{
	pthread_mutex_lock(&g.mu);
	if (!g.running) {
		pthread_mutex_unlock(&g.mu);
		return;
	}
	g.stop = 1;
	pthread_cond_signal(&g.cv);
	pthread_mutex_unlock(&g.mu);
	pthread_join(g.thread, NULL);
	pthread_mutex_lock(&g.mu);
	g.running = 0;
	pthread_mutex_unlock(&g.mu);
	pthread_cond_destroy(&g.cv);
	if (g.smtp_url)
		curl_global_cleanup();
	release();
}
