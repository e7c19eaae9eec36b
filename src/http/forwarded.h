/* forwarded.h — the client's address behind a trusted reverse proxy. A proxy such
 * as nginx appends the address it received the request from to X-Forwarded-For;
 * everything to the left of that came from the client and may be forged. So the
 * header is read from the right, skipping the trusted proxies themselves, and the
 * first other address is the client's — only when the peer is a trusted proxy. */
#ifndef TD_FORWARDED_H
#define TD_FORWARDED_H
#include <stddef.h>

#define FORWARDED_MAX_PROXIES 8
#define FORWARDED_ADDR_SIZE 46 /* INET6_ADDRSTRLEN */
#define FORWARDED_HEADER_MAX 1024 /* longer X-Forwarded-For headers are ignored */

typedef struct forwarded_proxies {
	char addr[FORWARDED_MAX_PROXIES][FORWARDED_ADDR_SIZE]; /* normalised (inet_ntop) */
	int n;
} forwarded_proxies;

/* Parses a comma-separated list of IPv4/IPv6 addresses into p. Returns 0, or -1
 * when an entry is not an address or there are more than FORWARDED_MAX_PROXIES. */
int forwarded_parse_proxies(const char *list, forwarded_proxies *p);

/* The client's address for a request from peer carrying xff (may be NULL): the
 * rightmost X-Forwarded-For entry that is not a trusted proxy when peer is one,
 * else peer itself. A malformed or too long header also yields peer. The result
 * (normalised) goes into out. */
void forwarded_client(const forwarded_proxies *p, const char *peer, const char *xff, char *out,
		      size_t outlen);

#endif
