/* textkey.h — the stored forms of a name: NFC text, the folded search form and
 * the Vietnamese collation key, computed together for the name/search/sort_key
 * columns. */
#ifndef TD_TEXTKEY_H
#define TD_TEXTKEY_H
#include "core/err.h"

typedef struct textkey {
	char *nfc;     /* the text in NFC */
	char *fold;    /* vn_fold: lower case, no diacritics */
	char *sort;    /* vn_sort_key: hex collation key */
} textkey;

/* Fills t from s (all three malloc'd). TD_EINVALID when s is not valid text,
 * TD_EINTERNAL when out of memory; t is then empty. Release with textkey_free. */
tderr textkey_make(const char *s, textkey *t);
/* Frees the three strings and clears t. Accepts an empty t. */
void textkey_free(textkey *t);

/* LIKE patterns (ESCAPE '\') for a search text q as typed: *raw matches q as a
 * plain substring; *folded matches the folded search column, and is NULL when q
 * holds ASCII punctuation (folding would drop it and match more than was typed)
 * or folds to nothing. Both malloc'd; TD_EINVALID when q cannot be folded. */
tderr textkey_query(const char *q, char **raw, char **folded);

#endif
