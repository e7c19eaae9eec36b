/* textkey.c — NFC, search and sort forms of a name, for the store files that keep
 * name/search/sort_key columns. */
#include "store/textkey.h"
#include "core/vntext.h"
#include "store/store.h"
#include <stdlib.h>
#include <string.h>

tderr textkey_make(const char *s, textkey *t)
{
	memset(t, 0, sizeof *t);
	if (!s || !vn_valid_text(s, strlen(s)))
		return TD_EINVALID;
	t->nfc = vn_nfc(s);
	if (t->nfc) {
		t->fold = vn_fold(t->nfc);
		t->sort = vn_sort_key(t->nfc);
	}
	if (!t->nfc || !t->fold || !t->sort) {
		textkey_free(t);
		return TD_EINTERNAL;
	}
	return TD_OK;
}

void textkey_free(textkey *t)
{
	free(t->nfc);
	free(t->fold);
	free(t->sort);
	memset(t, 0, sizeof *t);
}

static int has_ascii_punct(const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c < 0x80 && c > ' ' && !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
					      (c >= 'A' && c <= 'Z')))
			return 1;
	}
	return 0;
}

tderr textkey_query(const char *q, char **raw, char **folded)
{
	*raw = *folded = NULL;
	char *f = vn_fold(q);
	if (!f)
		return TD_EINVALID;
	if (*f && !has_ascii_punct(q) && !(*folded = store_like_contains(f))) {
		free(f);
		return TD_EINTERNAL;
	}
	free(f);
	if (!(*raw = store_like_contains(q))) {
		free(*folded);
		*folded = NULL;
		return TD_EINTERNAL;
	}
	return TD_OK;
}
