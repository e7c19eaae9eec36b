/* textkey.c — NFC, search and sort forms of a name, for the store files that keep
 * name/search/sort_key columns. */
#include "store/textkey.h"
#include "core/vntext.h"
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
