/* arena.h — a memory pool owned by one request, freed once after the response.
 * Allocations are never freed one by one. */
#ifndef TD_ARENA_H
#define TD_ARENA_H
#include <stddef.h>

typedef struct arena arena;

/* New empty arena; NULL when out of memory. Free with arena_destroy. */
arena *arena_create(void);
/* Frees every allocation and the arena. Accepts NULL. */
void arena_destroy(arena *a);
/* size bytes aligned for any type, zeroed; NULL only when out of memory. */
void *arena_alloc(arena *a, size_t size);
/* Copy of s (NULL gives NULL). */
char *arena_strdup(arena *a, const char *s);
/* Copy of the first n bytes of s, NUL-terminated. */
char *arena_strndup(arena *a, const char *s, size_t n);
/* printf into the arena; NULL on failure. */
char *arena_printf(arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Bytes handed out so far (for tests and metrics). */
size_t arena_used(const arena *a);

#endif
