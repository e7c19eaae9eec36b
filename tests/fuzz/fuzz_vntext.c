/* fuzz_vntext.c — libFuzzer harness for the Vietnamese text functions: any bytes
 * must give a clean yes/no from vn_valid_text, and valid text must survive NFC,
 * folding, sort keys and comparison without a crash or a leak.
 * Built with -fsanitize=fuzzer,address,undefined; corpus: tests/fuzz/corpus/vntext. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "core/vntext.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = 0;
	/* bytes with a NUL inside are never text; the C-string functions see the
	 * part before it */
	if (memchr(data, 0, size) && vn_valid_text(s, size))
		abort();
	int valid = vn_valid_text(s, strlen(s));
	char *n = vn_nfc(s);
	/* vn_nfc accepts exactly what vn_valid_text accepts */
	if ((n != NULL) != valid)
		abort();
	char *f = vn_fold(s);
	char *k = vn_sort_key(s);
	if (n) {
		/* NFC is idempotent and keeps the text valid */
		char *nn = vn_nfc(n);
		if (!nn || strcmp(nn, n) != 0 || !vn_valid_text(n, strlen(n)))
			abort();
		/* the sort key of the NFC form equals that of the original */
		char *kn = vn_sort_key(n);
		if (!k || !kn || strcmp(k, kn) != 0)
			abort();
		free(nn);
		free(kn);
	}
	(void)vn_compare(s, "Lạng Giang");
	free(n);
	free(f);
	free(k);
	free(s);
	return 0;
}
