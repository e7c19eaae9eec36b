/* password.h — argon2id password hashes (libsodium crypto_pwhash_str). */
#ifndef TD_PASSWORD_H
#define TD_PASSWORD_H
#include <stddef.h>
#include "core/err.h"

#define PASSWORD_HASH_MAX 128   /* crypto_pwhash_STRBYTES */
#define PASSWORD_MIN_LEN 10
#define PASSWORD_MAX_LEN 256

/* Initialises libsodium; call once at start (safe to call again). */
tderr auth_init(void);
/* Hashes pw into out (PASSWORD_HASH_MAX bytes) with argon2id, interactive limits
 * or stronger. TD_EINTERNAL when out of memory. */
tderr password_hash(const char *pw, char out[PASSWORD_HASH_MAX]);
/* 1 when pw matches hash (constant time in pw). A NULL hash runs a dummy
 * verification so that unknown users take as long as known ones, and returns 0. */
int password_verify(const char *hash, const char *pw);
/* Checks a new password: length PASSWORD_MIN_LEN..PASSWORD_MAX_LEN bytes, valid
 * UTF-8. Returns NULL when acceptable, else a Vietnamese message (static). */
const char *password_policy_error(const char *pw);
/* Fills out (size >= 17) with a random readable password of 16 characters. */
void password_generate(char *out, size_t size);

#endif
