/* answer_cache.c — whole answers kept under the data version they were computed
 * from (answer_cache.h). Shards of fixed slots, each shard behind a read-write
 * lock: a look-up shares it (the copy into the request's arena is made under it),
 * keeping an answer takes it alone for a few pointer moves. */
#include "api/answer_cache.h"
#include "cube/cube.h"
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#define SLOTS (ANSWER_CACHE_ENTRIES / ANSWER_CACHE_SHARDS)
#define SHARD_BYTES (ANSWER_CACHE_BYTES / ANSWER_CACHE_SHARDS)

typedef struct slot {
	uint64_t hash;
	char *key;  /* NULL: free */
	size_t klen;
	char *body;
	size_t len;
	answer_version v;
	_Atomic uint64_t used; /* the shard's tick at the last hit: least recent goes first */
} slot;

typedef struct shard {
	pthread_rwlock_t lock;
	slot s[SLOTS];
	size_t bytes;
	_Atomic uint64_t tick;
} shard;

static shard shards[ANSWER_CACHE_SHARDS];
static pthread_once_t shards_once = PTHREAD_ONCE_INIT;

/* Moves on when a handle has seen a commit of another connection or process. */
static _Atomic uint64_t others_epoch = 1;
/* What this thread's handle last answered to db_change_counter. */
static _Thread_local const db *seen_db;
static _Thread_local uint64_t seen_changes;

static void shards_init(void)
{
	for (size_t i = 0; i < ANSWER_CACHE_SHARDS; i++)
		pthread_rwlock_init(&shards[i].lock, NULL);
}

tderr answer_version_now(db *d, answer_version *out)
{
	uint64_t changes = 0;
	tderr e = db_change_counter(d, &changes);
	if (e)
		return e;
	if (seen_db != d || seen_changes != changes) {
		atomic_fetch_add(&others_epoch, 1);
		seen_db = d;
		seen_changes = changes;
	}
	out->others = atomic_load(&others_epoch);
	out->local = db_local_writes();
	out->cube = cube_version();
	return TD_OK;
}

static int version_equal(const answer_version *a, const answer_version *b)
{
	return a->local == b->local && a->others == b->others && a->cube == b->cube;
}

static int version_current(const answer_version *v)
{
	answer_version now = {db_local_writes(), atomic_load(&others_epoch), cube_version()};
	return version_equal(v, &now);
}

/* FNV-1a, then mixed (MurmurHash3's finaliser) so that keys differing only in
 * their last bytes spread over the shards too. */
static uint64_t key_hash(const char *key, size_t klen)
{
	uint64_t h = 14695981039346656037ULL;
	for (size_t i = 0; i < klen; i++)
		h = (h ^ (unsigned char)key[i]) * 1099511628211ULL;
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h;
}

static shard *shard_of(uint64_t h)
{
	pthread_once(&shards_once, shards_init);
	return &shards[h % ANSWER_CACHE_SHARDS];
}

static int slot_is(const slot *e, uint64_t h, const char *key, size_t klen)
{
	return e->key && e->hash == h && e->klen == klen && memcmp(e->key, key, klen) == 0;
}

int answer_cache_get(const char *key, size_t klen, const answer_version *v, arena *a,
		     const char **body, size_t *len)
{
	uint64_t h = key_hash(key, klen);
	shard *sh = shard_of(h);
	int hit = 0;
	pthread_rwlock_rdlock(&sh->lock);
	for (size_t i = 0; i < SLOTS && !hit; i++) {
		slot *e = &sh->s[i];
		if (!slot_is(e, h, key, klen) || !version_equal(&e->v, v))
			continue;
		char *copy = arena_alloc(a, e->len + 1);
		if (copy) {
			memcpy(copy, e->body, e->len);
			*body = copy;
			*len = e->len;
			atomic_store(&e->used, atomic_fetch_add(&sh->tick, 1));
			hit = 1;
		}
		break;
	}
	pthread_rwlock_unlock(&sh->lock);
	return hit;
}

/* Holding the shard alone. */
static void slot_free(shard *sh, slot *e)
{
	if (!e->key)
		return;
	sh->bytes -= e->klen + e->len;
	free(e->key);
	free(e->body);
	e->key = e->body = NULL;
	e->klen = e->len = 0;
}

void answer_cache_put(const char *key, size_t klen, const answer_version *v, const char *body,
		      size_t len)
{
	if (!klen || klen > ANSWER_CACHE_KEY_MAX || len > ANSWER_CACHE_BODY_MAX ||
	    klen + len > SHARD_BYTES || !version_current(v))
		return;
	char *k = malloc(klen), *b = malloc(len ? len : 1);
	if (!k || !b) {
		free(k);
		free(b);
		return;
	}
	memcpy(k, key, klen);
	memcpy(b, body, len);
	uint64_t h = key_hash(key, klen);
	shard *sh = shard_of(h);
	pthread_rwlock_wrlock(&sh->lock);
	if (!version_current(v)) { /* a commit came meanwhile */
		pthread_rwlock_unlock(&sh->lock);
		free(k);
		free(b);
		return;
	}
	/* the same key, and answers of older versions, are out of date: v is current */
	slot *free_slot = NULL;
	for (size_t i = 0; i < SLOTS; i++) {
		slot *e = &sh->s[i];
		if (e->key && (slot_is(e, h, key, klen) || !version_equal(&e->v, v)))
			slot_free(sh, e);
		if (!e->key && !free_slot)
			free_slot = e;
	}
	/* then the least recently used, until both caps hold */
	while (!free_slot || sh->bytes + klen + len > SHARD_BYTES) {
		slot *lru = NULL;
		for (size_t i = 0; i < SLOTS; i++)
			if (sh->s[i].key && (!lru || atomic_load(&sh->s[i].used) <
							     atomic_load(&lru->used)))
				lru = &sh->s[i];
		slot_free(sh, lru); /* never NULL: the shard holds at least one answer */
		if (!free_slot)
			free_slot = lru;
	}
	free_slot->hash = h;
	free_slot->key = k;
	free_slot->klen = klen;
	free_slot->body = b;
	free_slot->len = len;
	free_slot->v = *v;
	atomic_store(&free_slot->used, atomic_fetch_add(&sh->tick, 1));
	sh->bytes += klen + len;
	pthread_rwlock_unlock(&sh->lock);
}

void answer_cache_usage(size_t *entries, size_t *bytes)
{
	pthread_once(&shards_once, shards_init);
	size_t n = 0, b = 0;
	for (size_t i = 0; i < ANSWER_CACHE_SHARDS; i++) {
		shard *sh = &shards[i];
		pthread_rwlock_rdlock(&sh->lock);
		for (size_t j = 0; j < SLOTS; j++)
			n += sh->s[j].key != NULL;
		b += sh->bytes;
		pthread_rwlock_unlock(&sh->lock);
	}
	*entries = n;
	*bytes = b;
}

void answer_cache_clear(void)
{
	pthread_once(&shards_once, shards_init);
	for (size_t i = 0; i < ANSWER_CACHE_SHARDS; i++) {
		shard *sh = &shards[i];
		pthread_rwlock_wrlock(&sh->lock);
		for (size_t j = 0; j < SLOTS; j++)
			slot_free(sh, &sh->s[j]);
		pthread_rwlock_unlock(&sh->lock);
	}
}
