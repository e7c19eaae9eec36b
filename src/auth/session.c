/* session.c — tokens, their hashes, and the session rows behind them. */
#include "auth/session.h"
#include "store/sessions.h"
#include <pthread.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

/* The session cache: the hot path of every request without a database round trip.
 * An entry is trusted while the generation it was read under is current — every
 * committed write of this process moves the generation on, and so does any commit
 * by another connection that the database reports (db_change_counter) — and for at
 * most SESSION_CACHE_S seconds. */
#define CACHE_SLOTS 1024

typedef struct cached_session {
	char hash[65];
	uint64_t gen;
	int64_t read_at, last_seen, expires_at;
	td_user u;
	char username[65], full_name[301], org_name[301], org_system[33];
	char unit_code[17], unit_name[201], unit_path[257], csrf[SESSION_TOKEN_LEN + 1];
} cached_session;

static cached_session cache[CACHE_SLOTS];
/* what this thread's handle last saw of other connections' commits */
static _Thread_local uint64_t seen_changes;
static _Thread_local const db *seen_db;
static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static _Atomic uint64_t cache_gen = 1;

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

void session_cache_flush(void)
{
	atomic_fetch_add(&cache_gen, 1);
}

static size_t cache_slot(const char *hash)
{
	size_t h = 0;
	for (int i = 0; i < 8; i++)
		h = h * 16 + (size_t)(hash[i] <= '9' ? hash[i] - '0' : hash[i] - 'a' + 10);
	return h % CACHE_SLOTS;
}

/* Copies s into a fixed field; 0 when it does not fit (then it is not cached). */
static int fit(char *dst, size_t size, const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n >= size)
		return 0;
	memcpy(dst, s ? s : "", n + 1);
	return 1;
}

static void cache_put(const char *hash, uint64_t gen, int64_t now, int64_t last_seen,
		      int64_t expires_at, const td_user *u)
{
	pthread_mutex_lock(&cache_lock);
	cached_session *c = &cache[cache_slot(hash)];
	if (fit(c->username, sizeof c->username, u->username) &&
	    fit(c->full_name, sizeof c->full_name, u->full_name) &&
	    fit(c->org_name, sizeof c->org_name, u->org_name) &&
	    fit(c->org_system, sizeof c->org_system, u->org_system) &&
	    fit(c->unit_code, sizeof c->unit_code, u->unit_code) &&
	    fit(c->unit_name, sizeof c->unit_name, u->unit_name) &&
	    fit(c->unit_path, sizeof c->unit_path, u->unit_path) &&
	    fit(c->csrf, sizeof c->csrf, u->csrf_token)) {
		memcpy(c->hash, hash, sizeof c->hash);
		c->gen = gen;
		c->read_at = now;
		c->last_seen = last_seen;
		c->expires_at = expires_at;
		c->u = *u;
	} else {
		c->hash[0] = 0;
	}
	pthread_mutex_unlock(&cache_lock);
}

/* A trusted cached answer for hash, copied into a; 0 when there is none. */
static int cache_get(const char *hash, arena *a, int64_t now, td_user *out, int64_t *last_seen,
		     int64_t *expires_at)
{
	int hit = 0;
	pthread_mutex_lock(&cache_lock);
	cached_session *c = &cache[cache_slot(hash)];
	if (c->hash[0] && strcmp(c->hash, hash) == 0 && c->gen == atomic_load(&cache_gen) &&
	    now - c->read_at < SESSION_CACHE_S && now >= c->read_at) {
		*out = c->u;
		out->username = arena_strdup(a, c->username);
		out->full_name = arena_strdup(a, c->full_name);
		out->org_name = arena_strdup(a, c->org_name);
		out->org_system = arena_strdup(a, c->org_system);
		out->unit_code = arena_strdup(a, c->unit_code);
		out->unit_name = arena_strdup(a, c->unit_name);
		out->unit_path = arena_strdup(a, c->unit_path);
		out->csrf_token = arena_strdup(a, c->csrf);
		*last_seen = c->last_seen;
		*expires_at = c->expires_at;
		hit = out->unit_path && out->csrf_token;
	}
	pthread_mutex_unlock(&cache_lock);
	return hit;
}

static void cache_touch(const char *hash, int64_t now)
{
	pthread_mutex_lock(&cache_lock);
	cached_session *c = &cache[cache_slot(hash)];
	if (strcmp(c->hash, hash) == 0)
		c->last_seen = now;
	pthread_mutex_unlock(&cache_lock);
}

tderr session_resolve(db *d, arena *a, const char *token, int64_t now, td_user *out)
{
	char hash[65];
	if (!token || strlen(token) != SESSION_TOKEN_LEN)
		return TD_EUNAUTH;
	session_token_hash(token, hash);
	int64_t last_seen = 0, expires_at = 0;
	/* a commit by another connection (a worker thread, the command line) may have
	 * ended a session or changed a user: then nothing cached is trusted */
	uint64_t changes = 0;
	if (db_change_counter(d, &changes) != TD_OK || seen_db != d || changes != seen_changes)
		session_cache_flush();
	seen_db = d;
	seen_changes = changes;
	if (!cache_get(hash, a, now, out, &last_seen, &expires_at)) {
		uint64_t gen = atomic_load(&cache_gen); /* read before the database */
		tderr e = store_session_lookup(d, a, hash, out, &last_seen, &expires_at);
		if (e == TD_ENOTFOUND)
			return TD_EUNAUTH;
		if (e)
			return e;
		cache_put(hash, gen, now, last_seen, expires_at, out);
	}
	if (now >= expires_at || now - last_seen > session_cfg.idle_s) {
		store_session_delete(d, hash);
		session_cache_flush();
		return TD_EUNAUTH;
	}
	/* refresh at most once a minute (or a quarter of a short idle limit), so a
	 * session in use stays alive without a write on every request */
	int64_t every = session_cfg.idle_s / 4 < 60 ? session_cfg.idle_s / 4 : 60;
	if (now - last_seen >= (every > 0 ? every : 1)) {
		store_session_touch(d, out->session_id, now);
		cache_touch(hash, now);
	}
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
