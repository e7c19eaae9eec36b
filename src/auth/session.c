/* session.c — tokens, their hashes, and the session rows behind them. */
#include "auth/session.h"
#include "store/sessions.h"
#include <sodium.h>
#include <string.h>

session_limits session_cfg = {1800, 43200};

static void random_token(char *out)
{
	unsigned char raw[32];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2base64(out, SESSION_TOKEN_LEN + 1, raw, sizeof raw,
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof raw);
}

void session_token_hash(const char *token, char *out)
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, (const unsigned char *)token, strlen(token));
	sodium_bin2hex(out, 65, h, sizeof h);
}

int session_token_equal(const char *a, const char *b)
{
	size_t n = strlen(a);
	if (n != strlen(b))
		return 0;
	return sodium_memcmp(a, b, n) == 0;
}

tderr session_start(db *d, int64_t user_id, const char *ip, int64_t now, char *token, char *csrf)
{
	char hash[65];
	random_token(token);
	random_token(csrf);
	session_token_hash(token, hash);
	return store_session_insert(d, hash, user_id, csrf, ip, now, now + session_cfg.max_s);
}

tderr session_resolve(db *d, arena *a, const char *token, int64_t now, td_user *out)
{
	char hash[65];
	if (!token || strlen(token) != SESSION_TOKEN_LEN)
		return TD_EUNAUTH;
	session_token_hash(token, hash);
	int64_t last_seen = 0, expires_at = 0;
	tderr e = store_session_lookup(d, a, hash, out, &last_seen, &expires_at);
	if (e == TD_ENOTFOUND)
		return TD_EUNAUTH;
	if (e)
		return e;
	if (now >= expires_at || now - last_seen > session_cfg.idle_s) {
		store_session_delete(d, hash);
		return TD_EUNAUTH;
	}
	/* refresh at most once a minute (or a quarter of a short idle limit), so a
	 * session in use stays alive without a write on every request */
	int64_t every = session_cfg.idle_s / 4 < 60 ? session_cfg.idle_s / 4 : 60;
	if (now - last_seen >= (every > 0 ? every : 1))
		store_session_touch(d, out->session_id, now);
	return TD_OK;
}

tderr session_end(db *d, const char *token)
{
	char hash[65];
	if (!token || strlen(token) != SESSION_TOKEN_LEN)
		return TD_OK;
	session_token_hash(token, hash);
	return store_session_delete(d, hash);
}
