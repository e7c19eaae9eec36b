/* sessions.h — the session and login-throttle rows (shared by every instance
 * through the database). */
#ifndef TD_STORE_SESSIONS_H
#define TD_STORE_SESSIONS_H
#include "core/scope.h"
#include "http/arena.h"
#include "store/db.h"

/* Inserts a session row. */
tderr store_session_insert(db *d, const char *token_hash, int64_t user_id, const char *csrf,
			   const char *ip, int64_t now, int64_t expires_at);
/* Loads the active user of a session (strings copied into a). TD_ENOTFOUND when no
 * such session or its user is disabled. */
tderr store_session_lookup(db *d, arena *a, const char *token_hash, td_user *out,
			   int64_t *last_seen, int64_t *expires_at);
tderr store_session_touch(db *d, int64_t session_id, int64_t now);
tderr store_session_delete(db *d, const char *token_hash);
/* Ends every session of a user (password change, disabling). */
tderr store_session_delete_user(db *d, int64_t user_id);
/* Deletes sessions past their absolute lifetime. */
tderr store_session_purge(db *d, int64_t now);

/* Login throttle state of one key ('u:name', 'ip:addr'). */
typedef struct throttle_state {
	int64_t failures, window_start, blocked_until;
} throttle_state;
/* Reads a key's state; zeros when absent. */
tderr store_throttle_get(db *d, const char *key, throttle_state *out);
tderr store_throttle_put(db *d, const char *key, const throttle_state *st);
tderr store_throttle_clear(db *d, const char *key);

/* For sign-in: the password hash and state of a user by username. TD_ENOTFOUND
 * when no such user. hash is copied into a. */
tderr store_login_lookup(db *d, arena *a, const char *username, int64_t *user_id,
			 const char **hash, int *active);

#endif
