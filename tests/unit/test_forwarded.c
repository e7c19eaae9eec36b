/* test_forwarded.c — which address a request is counted under behind nginx: the
 * client's from X-Forwarded-For only when the peer is a trusted proxy, read from the
 * right so that a forged left part changes nothing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include "http/forwarded.h"

static const char *client(const forwarded_proxies *p, const char *peer, const char *xff)
{
	static char out[FORWARDED_ADDR_SIZE];
	forwarded_client(p, peer, xff, out, sizeof out);
	return out;
}

static void proxies_parse(void **state)
{
	(void)state;
	forwarded_proxies p;
	assert_int_equal(forwarded_parse_proxies("127.0.0.1", &p), 0);
	assert_int_equal(p.n, 1);
	assert_int_equal(forwarded_parse_proxies("10.0.0.5, 10.0.0.6,::1", &p), 0);
	assert_int_equal(p.n, 3);
	assert_string_equal(p.addr[1], "10.0.0.6");
	assert_int_equal(forwarded_parse_proxies("0:0:0:0:0:0:0:1", &p), 0);
	assert_string_equal(p.addr[0], "::1"); /* normalised */
	assert_int_equal(forwarded_parse_proxies("nginx.local", &p), -1);
	assert_int_equal(forwarded_parse_proxies("10.0.0.0/8", &p), -1);
	assert_int_equal(forwarded_parse_proxies("", &p), -1);
	assert_int_equal(forwarded_parse_proxies("127.0.0.1,", &p), -1);
	assert_int_equal(forwarded_parse_proxies("1.1.1.1,2.2.2.2,3.3.3.3,4.4.4.4,5.5.5.5,6.6.6.6,7.7.7.7,8.8.8.8,9.9.9.9", &p), -1);
}

static void client_behind_one_proxy(void **state)
{
	(void)state;
	forwarded_proxies p;
	assert_int_equal(forwarded_parse_proxies("127.0.0.1", &p), 0);
	assert_string_equal(client(&p, "127.0.0.1", "203.0.113.7"), "203.0.113.7");
	/* the client sent its own X-Forwarded-For; nginx appended the real address */
	assert_string_equal(client(&p, "127.0.0.1", "198.51.100.1, 203.0.113.7"), "203.0.113.7");
	assert_string_equal(client(&p, "127.0.0.1", " 2001:db8::0:1 "), "2001:db8::1");
	/* no header, a broken one or a too long one: the peer */
	assert_string_equal(client(&p, "127.0.0.1", NULL), "127.0.0.1");
	assert_string_equal(client(&p, "127.0.0.1", "unknown"), "127.0.0.1");
	assert_string_equal(client(&p, "127.0.0.1", ""), "127.0.0.1");
	char long_xff[FORWARDED_HEADER_MAX + 16];
	memset(long_xff, ' ', sizeof long_xff - 1);
	long_xff[sizeof long_xff - 1] = 0;
	memcpy(long_xff + sizeof long_xff - 12, "203.0.113.7", 11);
	assert_string_equal(client(&p, "127.0.0.1", long_xff), "127.0.0.1");
}

static void untrusted_peer_is_itself(void **state)
{
	(void)state;
	forwarded_proxies p;
	assert_int_equal(forwarded_parse_proxies("10.0.0.5", &p), 0);
	assert_string_equal(client(&p, "192.0.2.9", "203.0.113.7"), "192.0.2.9");
	forwarded_proxies none = {.n = 0};
	assert_string_equal(client(&none, "127.0.0.1", "203.0.113.7"), "127.0.0.1");
	assert_string_equal(client(NULL, "127.0.0.1", "203.0.113.7"), "127.0.0.1");
}

static void chain_of_proxies(void **state)
{
	(void)state;
	forwarded_proxies p;
	assert_int_equal(forwarded_parse_proxies("10.0.0.5,10.0.0.6", &p), 0);
	/* client -> 10.0.0.6 (edge) -> 10.0.0.5 (inner) -> tiendo */
	assert_string_equal(client(&p, "10.0.0.5", "forged, 203.0.113.7, 10.0.0.6"), "203.0.113.7");
	/* a garbage entry right of the client stops the walk: the peer is kept */
	assert_string_equal(client(&p, "10.0.0.5", "203.0.113.7, junk, 10.0.0.6"), "10.0.0.5");
	/* only proxies */
	assert_string_equal(client(&p, "10.0.0.5", "10.0.0.6"), "10.0.0.5");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(proxies_parse),
		cmocka_unit_test(client_behind_one_proxy),
		cmocka_unit_test(untrusted_peer_is_itself),
		cmocka_unit_test(chain_of_proxies),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
