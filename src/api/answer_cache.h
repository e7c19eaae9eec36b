/* answer_cache.h — whole answers of read-only requests (GET /api/v1/analytics) kept
 * in memory, each under the version of the data it was computed from. An answer is
 * given again only while that version is still current: no commit through this
 * process's handles (db_local_writes), none by another connection or process that
 * this thread's handle has seen (db_change_counter), no change to the analytics
 * cube (cube_version). The key is the caller's: it must hold everything else the
 * answer depends on (the request, normalised, and every fact about the user the
 * handler reads).
 *
 * Bounded: at most ANSWER_CACHE_ENTRIES answers and ANSWER_CACHE_BYTES bytes of keys
 * and bodies (split evenly over ANSWER_CACHE_SHARDS shards, each with its own lock;
 * the least recently used answer of a shard goes first); a body over
 * ANSWER_CACHE_BODY_MAX or a key over ANSWER_CACHE_KEY_MAX is never kept. No lock
 * is held while an answer is computed. */
#ifndef TD_API_ANSWER_CACHE_H
#define TD_API_ANSWER_CACHE_H
#include <stddef.h>
#include <stdint.h>
#include "core/err.h"
#include "http/arena.h"
#include "store/db.h"

#define ANSWER_CACHE_SHARDS 16
#define ANSWER_CACHE_ENTRIES 512            /* 32 a shard */
#define ANSWER_CACHE_BYTES (32u << 20)      /* 2 MiB a shard */
#define ANSWER_CACHE_BODY_MAX (1u << 20)
#define ANSWER_CACHE_KEY_MAX 4096

typedef struct answer_version {
	uint64_t local;  /* db_local_writes */
	uint64_t others; /* moves on when a handle sees another connection's commit */
	uint64_t cube;   /* cube_version */
} answer_version;

/* The version of the data now, seen through d (the request's handle). Call it
 * BEFORE reading anything the answer depends on, and keep the answer under it.
 * Errors: the database's (then neither look up nor keep). */
tderr answer_version_now(db *d, answer_version *out);

/* The body kept under key at version v, copied into a (NUL-terminated): 1, with
 * *body and *len set; 0 when there is none (or out of memory). */
int answer_cache_get(const char *key, size_t klen, const answer_version *v, arena *a,
		     const char **body, size_t *len);

/* Keeps a copy of body under key at version v, replacing what the key held. Does
 * nothing when v is no longer current (the answer may already be out of date), when
 * body or key is too large, or when out of memory. */
void answer_cache_put(const char *key, size_t klen, const answer_version *v, const char *body,
		      size_t len);

/* How many answers and bytes are kept now (tests, metrics). */
void answer_cache_usage(size_t *entries, size_t *bytes);

/* Forgets every answer and frees the memory (at shutdown, and in tests). */
void answer_cache_clear(void);

#endif
