/* test_auth.c — passwords (argon2id), session tokens and the throttling policy. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include "auth/password.h"
#include "auth/session.h"
#include "auth/throttle.h"

static void password_round_trip(void **state)
{
	(void)state;
	char h[PASSWORD_HASH_MAX];
	assert_int_equal(auth_init(), TD_OK);
	assert_int_equal(password_hash("Mật-khẩu-đủ-dài", h), TD_OK);
	assert_non_null(strstr(h, "$argon2id$"));
	assert_true(password_verify(h, "Mật-khẩu-đủ-dài"));
	assert_false(password_verify(h, "Mật-khẩu-đủ-dàI"));
	assert_false(password_verify(NULL, "anything"));
	char h2[PASSWORD_HASH_MAX];
	assert_int_equal(password_hash("Mật-khẩu-đủ-dài", h2), TD_OK);
	assert_string_not_equal(h, h2); /* salted */
}

static void password_policy(void **state)
{
	(void)state;
	assert_non_null(password_policy_error("short"));
	assert_non_null(password_policy_error("ten chars\x01!"));
	assert_null(password_policy_error("mười ký tự trở lên"));
	char big[300];
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = 0;
	assert_non_null(password_policy_error(big));
	char gen[17];
	password_generate(gen, sizeof gen);
	assert_int_equal(strlen(gen), 16);
	assert_null(password_policy_error(gen));
}

static void token_hash_and_compare(void **state)
{
	(void)state;
	char h[65];
	session_token_hash("abc", h);
	assert_string_equal(h, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	assert_true(session_token_equal("same-token", "same-token"));
	assert_false(session_token_equal("same-token", "same-tokex"));
	assert_false(session_token_equal("short", "shorter"));
}

static void throttle_policy(void **state)
{
	(void)state;
	assert_int_equal(throttle_block_seconds(4, THROTTLE_FREE_ACCOUNT), 0);
	assert_int_equal(throttle_block_seconds(5, THROTTLE_FREE_ACCOUNT), 15);
	assert_int_equal(throttle_block_seconds(6, THROTTLE_FREE_ACCOUNT), 30);
	assert_int_equal(throttle_block_seconds(7, THROTTLE_FREE_ACCOUNT), 60);
	assert_int_equal(throttle_block_seconds(50, THROTTLE_FREE_ACCOUNT), THROTTLE_MAX_S);
	int64_t ws = 1000;
	assert_int_equal(throttle_next_failures(0, &ws, 2000), 1);
	assert_int_equal(ws, 2000);
	assert_int_equal(throttle_next_failures(3, &ws, 2100), 4);
	assert_int_equal(ws, 2000);
	/* the window has passed: counting starts again */
	assert_int_equal(throttle_next_failures(4, &ws, 2000 + THROTTLE_WINDOW_S), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(password_round_trip),
		cmocka_unit_test(password_policy),
		cmocka_unit_test(token_hash_and_compare),
		cmocka_unit_test(throttle_policy),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
