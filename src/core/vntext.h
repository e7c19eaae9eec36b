/* vntext.h — Vietnamese text: validation, NFC, search folding and collation keys
 * (ICU). Thread-safe; the ICU objects are opened once per process. */
#ifndef TD_VNTEXT_H
#define TD_VNTEXT_H
#include <stddef.h>

/* 1 when s[0..len) is well-formed UTF-8 (no overlong forms, no surrogates) with no
 * NUL and no control characters other than tab, newline and carriage return. */
int vn_valid_text(const char *s, size_t len);
/* NFC form of s; malloc'd (caller frees); NULL on invalid input or no memory. */
char *vn_nfc(const char *s);
/* Search form: NFC, lower case, diacritics removed, 'đ' -> 'd', spaces folded.
 * "Huyện Lạng Giang" -> "huyen lang giang". malloc'd; NULL on failure. */
char *vn_fold(const char *s);
/* Hex string of the ICU "vi" collation key of s: comparing two keys byte-wise
 * orders the texts as Vietnamese does (a < ă < â < b ... d < đ). malloc'd. */
char *vn_sort_key(const char *s);
/* Compares two texts by Vietnamese collation (<0, 0, >0). */
int vn_compare(const char *a, const char *b);

#endif
