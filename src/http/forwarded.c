/* forwarded.c — X-Forwarded-For from trusted proxies only (see forwarded.h). */
#include "http/forwarded.h"
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

/* Writes the normalised form of the address in s[0..len) into out; -1 if none. */
static int normalise(const char *s, size_t len, char out[FORWARDED_ADDR_SIZE])
{
	char buf[FORWARDED_ADDR_SIZE];
	while (len && (*s == ' ' || *s == '\t'))
		s++, len--;
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	if (len == 0 || len >= sizeof buf)
		return -1;
	memcpy(buf, s, len);
	buf[len] = 0;
	unsigned char bin[16];
	if (inet_pton(AF_INET, buf, bin) == 1)
		return inet_ntop(AF_INET, bin, out, FORWARDED_ADDR_SIZE) ? 0 : -1;
	if (inet_pton(AF_INET6, buf, bin) == 1)
		return inet_ntop(AF_INET6, bin, out, FORWARDED_ADDR_SIZE) ? 0 : -1;
	return -1;
}

static int trusted(const forwarded_proxies *p, const char *addr)
{
	for (int i = 0; i < p->n; i++)
		if (strcmp(p->addr[i], addr) == 0)
			return 1;
	return 0;
}

int forwarded_parse_proxies(const char *list, forwarded_proxies *p)
{
	p->n = 0;
	if (!list || !*list)
		return -1;
	for (const char *s = list;;) {
		const char *comma = strchr(s, ',');
		size_t len = comma ? (size_t)(comma - s) : strlen(s);
		if (p->n == FORWARDED_MAX_PROXIES || normalise(s, len, p->addr[p->n]) != 0)
			return -1;
		p->n++;
		if (!comma)
			return 0;
		s = comma + 1;
	}
}

void forwarded_client(const forwarded_proxies *p, const char *peer, const char *xff, char *out,
		      size_t outlen)
{
	snprintf(out, outlen, "%s", peer ? peer : "");
	if (!p || p->n == 0 || !peer || !trusted(p, peer) || !xff || strlen(xff) > FORWARDED_HEADER_MAX)
		return;
	const char *end = xff + strlen(xff);
	while (end > xff) {
		const char *start = end;
		while (start > xff && start[-1] != ',')
			start--;
		char addr[FORWARDED_ADDR_SIZE];
		if (normalise(start, (size_t)(end - start), addr) != 0)
			return; /* not an address: believe nothing further left */
		if (!trusted(p, addr)) {
			snprintf(out, outlen, "%s", addr);
			return;
		}
		end = start > xff ? start - 1 : xff;
	}
	/* only proxies in the header: the peer stays the answer */
}
