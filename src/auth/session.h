/* session.h — sign-in sessions: a 256-bit random token in the cookie, only its
 * SHA-256 stored; idle and absolute lifetimes; a CSRF token per session. */
#ifndef TD_SESSION_H
#define TD_SESSION_H
#include <stdint.h>
#include "core/scope.h"
#include "http/arena.h"
#include "store/db.h"

#define SESSION_COOKIE "tiendo_session"
#define SESSION_TOKEN_LEN 43   /* base64url of 32 bytes, no padding */
#define SESSION_CACHE_S 5      /* longest a cached session answer is trusted */

typedef struct session_limits {
	int64_t idle_s;   /* default 1800 */
	int64_t max_s;    /* default 43200 */
} session_limits;

/* Process-wide limits, set once at start by serve. */
extern session_limits session_cfg;

/* Starts a session for user_id: writes the row (caller's transaction), fills the
 * cookie token and the CSRF token (each SESSION_TOKEN_LEN + 1 bytes). */
tderr session_start(db *d, int64_t user_id, const char *ip, int64_t now,
		    char *token, char *csrf);
/* Resolves a cookie token into the signed-in user (strings in a): TD_EUNAUTH when
 * unknown, expired, idle too long, or the user is disabled. Refreshes last_seen at
 * most once a minute. Answers from an in-process cache for up to SESSION_CACHE_S
 * seconds after a database read, unless session_cache_flush was called since. */
tderr session_resolve(db *d, arena *a, const char *token, int64_t now, td_user *out);
/* Forgets every cached session (call after any committed write: a change of user,
 * organisation or session must be seen by the next request). Cheap. */
void session_cache_flush(void);

/* Ends the session of this token (no error when unknown). */
tderr session_end(db *d, const char *token);
/* Hex SHA-256 of a token into out (65 bytes). */
void session_token_hash(const char *token, char *out);
/* 1 when the two strings are equal, in time independent of where they differ. */
int session_token_equal(const char *a, const char *b);

#endif
