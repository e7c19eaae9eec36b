/* notify.h — the notifications sweep and the mail it sends. The sweep escalates
 * overdue findings and creates the notices the data calls for
 * (docs/internals/FOLLOWUP-CONTRACT.md, "Notifications"); in the server it runs on
 * a background thread with its own database handle — at start, every interval,
 * and when a handler kicks it after a write — and mails new notices through
 * libcurl when an SMTP server is configured. Mail never goes out on a request
 * thread. */
#ifndef TD_NOTIFY_H
#define TD_NOTIFY_H
#include <stdint.h>
#include "core/err.h"
#include "store/db.h"

#define NOTIFY_INTERVAL_DEFAULT 600   /* seconds between sweeps */
#define NOTIFY_MAIL_BATCH 50          /* messages per round */

typedef struct notify_stats {
	int64_t escalated;   /* findings escalated to the addressee's parent */
	int64_t created;     /* notices created */
	int64_t mailed;      /* messages sent */
} notify_stats;

/* One sweep at `today` (Vietnam's date, YYYY-MM-DD): escalates the findings due
 * for it and creates the missing notices, in one transaction with an audit row
 * (actor: the system) when anything changed. *st (may be NULL) gets the counts.
 * TD_EINVALID when today is not a date. */
tderr notify_sweep(db *d, const char *today, notify_stats *st);

/* Mails the notices created at or after `since` (ISO 8601 UTC) that are not
 * mailed yet to users with an e-mail address, at most NOTIFY_MAIL_BATCH, and
 * records emailed_at for each one sent. Stops the round at the first failure to
 * reach the server (the next round retries). *sent counts the messages sent. */
tderr notify_mail_pending(db *d, const char *smtp_url, const char *from, const char *since,
			  int64_t *sent);

/* Sends one plain-text message through the SMTP server at smtp_url (smtp:// or
 * smtps://; STARTTLS is used when offered): UTF-8 subject encoded per RFC 2047,
 * base64 body, CRLF line ends, with connect and total timeouts. from and to are
 * bare addresses (no display name). Never call it on a request thread.
 * TD_EINVALID for an address or subject that cannot go into a header,
 * TD_EUNAVAIL when the server cannot be reached, TD_EINTERNAL when it refused. */
tderr mail_send(const char *smtp_url, const char *from, const char *to, const char *subject,
		const char *body_utf8);
/* 1 when addr is a plausible bare e-mail address that is safe in a header: one
 * '@', no spaces, controls, angle brackets, quotes or commas, at most 254 bytes. */
int mail_address_ok(const char *addr);

/* Seconds between sweeps of the background thread (1 .. 86400; default
 * NOTIFY_INTERVAL_DEFAULT). Call before notify_start. */
void notify_set_interval(unsigned seconds);
/* Starts the background thread on its own handle to db_url. smtp_url and
 * mail_from may be NULL (no mail); when one is given both must be. Copies the
 * strings. TD_EINVALID for a bad mail_from or half a mail setting, TD_EINTERNAL
 * when the database or the thread cannot be opened; TD_ECONFLICT when running. */
tderr notify_start(const char *db_url, const char *smtp_url, const char *mail_from);
/* Asks for a sweep soon (after a write that may call for notices). Cheap, never
 * blocks on the sweep; does nothing when the thread is not running. */
void notify_kick(void);
/* Stops the thread (finishing the sweep or message in progress), closes its
 * handle. Safe to call when not running. */
void notify_stop(void);

#endif
