/* fuzz_forwarded.c — libFuzzer harness for X-Forwarded-For behind a trusted proxy:
 * any header yields either the peer or one address that parses back to itself and
 * is not a trusted proxy; a proxy list either parses into valid addresses or is
 * refused. Built with -fsanitize=fuzzer,address,undefined; corpus:
 * tests/fuzz/corpus/forwarded. */
#include <arpa/inet.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "http/forwarded.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int is_address(const char *s)
{
	unsigned char bin[16];
	return inet_pton(AF_INET, s, bin) == 1 || inet_pton(AF_INET6, s, bin) == 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = 0;
	forwarded_proxies p;
	if (forwarded_parse_proxies(text, &p) == 0) {
		if (p.n < 1 || p.n > FORWARDED_MAX_PROXIES)
			abort();
		for (int i = 0; i < p.n; i++)
			if (!is_address(p.addr[i]))
				abort();
	}
	static const char *const peers[] = {"127.0.0.1", "10.0.0.5", "192.0.2.1"};
	forwarded_proxies trusted;
	if (forwarded_parse_proxies("127.0.0.1,10.0.0.5", &trusted) != 0)
		abort();
	for (size_t k = 0; k < sizeof peers / sizeof peers[0]; k++) {
		char out[FORWARDED_ADDR_SIZE];
		forwarded_client(&trusted, peers[k], text, out, sizeof out);
		if (strcmp(out, peers[k]) == 0)
			continue;
		/* another answer only from a trusted peer, and never a proxy itself */
		if (k == 2 || !is_address(out) || strcmp(out, "127.0.0.1") == 0 || strcmp(out, "10.0.0.5") == 0)
			abort();
	}
	free(text);
	return 0;
}
