/* password.c — argon2id hashing and verification through libsodium. */
#include "auth/password.h"
#include "core/vntext.h"
#include <sodium.h>
#include <string.h>

_Static_assert(PASSWORD_HASH_MAX >= crypto_pwhash_STRBYTES, "hash buffer too small");

tderr auth_init(void)
{
	return sodium_init() < 0 ? TD_EINTERNAL : TD_OK;
}

tderr password_hash(const char *pw, char out[PASSWORD_HASH_MAX])
{
	if (crypto_pwhash_str_alg(out, pw, strlen(pw), crypto_pwhash_OPSLIMIT_INTERACTIVE,
				  crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0)
		return TD_EINTERNAL;
	return TD_OK;
}

int password_verify(const char *hash, const char *pw)
{
	static char dummy[PASSWORD_HASH_MAX];
	if (!hash) {
		/* same cost as a real check, so unknown names are not told apart by time */
		if (!dummy[0])
			password_hash("tiendo-dummy-password", dummy);
		int same = crypto_pwhash_str_verify(dummy, pw, strlen(pw)) == 0;
		(void)same;
		return 0;
	}
	return crypto_pwhash_str_verify(hash, pw, strlen(pw)) == 0;
}

const char *password_policy_error(const char *pw)
{
	size_t n = pw ? strlen(pw) : 0;
	if (n < PASSWORD_MIN_LEN)
		return "Mật khẩu phải có ít nhất 10 ký tự";
	if (n > PASSWORD_MAX_LEN)
		return "Mật khẩu quá dài (tối đa 256 byte)";
	if (!vn_valid_text(pw, n))
		return "Mật khẩu chứa ký tự không hợp lệ";
	return NULL;
}

void password_generate(char *out, size_t size)
{
	/* no look-alikes (0/O, 1/l/I) so it can be read aloud and typed */
	static const char alphabet[] = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
	size_t n = size - 1 < 16 ? size - 1 : 16;
	for (size_t i = 0; i < n; i++)
		out[i] = alphabet[randombytes_uniform(sizeof alphabet - 1)];
	out[n] = 0;
}
