/* vntext.c — Vietnamese text with ICU: our own strict UTF-8 check, NFC, the
 * diacritic-free search form, and "vi" collation (keys and comparison).
 * The normalizers and the collator are opened once and only read afterwards. */
#include "core/vntext.h"
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/ucol.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>

int vn_valid_text(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	if (!s)
		return len == 0;
	while (i < len) {
		unsigned c = p[i];
		if (c < 0x80) {
			if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f)
				return 0;
			i++;
			continue;
		}
		unsigned need;
		uint32_t cp, min;
		if (c >= 0xc2 && c <= 0xdf) {
			need = 1;
			cp = c & 0x1f;
			min = 0x80;
		} else if (c >= 0xe0 && c <= 0xef) {
			need = 2;
			cp = c & 0x0f;
			min = 0x800;
		} else if (c >= 0xf0 && c <= 0xf4) {
			need = 3;
			cp = c & 0x07;
			min = 0x10000;
		} else {
			/* 0x80..0xc1: stray continuation or a lead byte of an overlong
			 * two-byte form; 0xf5..0xff: beyond U+10FFFF or never valid */
			return 0;
		}
		if (len - i <= need)
			return 0;
		for (unsigned k = 1; k <= need; k++) {
			unsigned cc = p[i + k];
			if ((cc & 0xc0) != 0x80)
				return 0;
			cp = (cp << 6) | (cc & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		/* C1 controls are as unwelcome in text as C0 ones */
		if (cp >= 0x80 && cp <= 0x9f)
			return 0;
		i += need + 1;
	}
	return 1;
}

/* ---- ICU singletons ---------------------------------------------------- */

static pthread_once_t icu_once = PTHREAD_ONCE_INIT;
static const UNormalizer2 *nfc_norm;
static const UNormalizer2 *nfd_norm;
static UCollator *vi_coll;

static void icu_open(void)
{
	UErrorCode st = U_ZERO_ERROR;
	nfc_norm = unorm2_getNFCInstance(&st);
	if (U_FAILURE(st))
		nfc_norm = NULL;
	st = U_ZERO_ERROR;
	nfd_norm = unorm2_getNFDInstance(&st);
	if (U_FAILURE(st))
		nfd_norm = NULL;
	st = U_ZERO_ERROR;
	vi_coll = ucol_open("vi", &st);
	if (U_FAILURE(st)) {
		vi_coll = NULL;
		return;
	}
	/* decomposed input (typed on some keyboards) must sort like composed text */
	st = U_ZERO_ERROR;
	ucol_setAttribute(vi_coll, UCOL_NORMALIZATION_MODE, UCOL_ON, &st);
}

static void icu_ready(void)
{
	pthread_once(&icu_once, icu_open);
}

/* UTF-8 -> malloc'd UTF-16 (NUL-terminated). strict: ill-formed input fails;
 * otherwise ill-formed bytes become U+FFFD. */
static UChar *to_u16(const char *s, int strict, int32_t *outlen)
{
	UErrorCode st = U_ZERO_ERROR;
	int32_t n = 0;
	size_t blen = strlen(s);
	if (blen > INT32_MAX / 2)
		return NULL;
	if (strict)
		u_strFromUTF8(NULL, 0, &n, s, (int32_t)blen, &st);
	else
		u_strFromUTF8WithSub(NULL, 0, &n, s, (int32_t)blen, 0xfffd, NULL, &st);
	if (st != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(st))
		return NULL;
	UChar *u = malloc(((size_t)n + 1) * sizeof *u);
	if (!u)
		return NULL;
	st = U_ZERO_ERROR;
	if (strict)
		u_strFromUTF8(u, n + 1, NULL, s, (int32_t)blen, &st);
	else
		u_strFromUTF8WithSub(u, n + 1, NULL, s, (int32_t)blen, 0xfffd, NULL, &st);
	if (U_FAILURE(st)) {
		free(u);
		return NULL;
	}
	*outlen = n;
	return u;
}

/* UTF-16 -> malloc'd UTF-8. */
static char *to_u8(const UChar *u, int32_t n)
{
	UErrorCode st = U_ZERO_ERROR;
	int32_t need = 0;
	u_strToUTF8(NULL, 0, &need, u, n, &st);
	if (st != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(st))
		return NULL;
	char *out = malloc((size_t)need + 1);
	if (!out)
		return NULL;
	st = U_ZERO_ERROR;
	u_strToUTF8(out, need + 1, NULL, u, n, &st);
	if (U_FAILURE(st)) {
		free(out);
		return NULL;
	}
	out[need] = 0;
	return out;
}

/* Normalizes u[0..n) with norm into a new malloc'd buffer. */
static UChar *normalize(const UNormalizer2 *norm, const UChar *u, int32_t n, int32_t *outlen)
{
	UErrorCode st = U_ZERO_ERROR;
	int32_t need = unorm2_normalize(norm, u, n, NULL, 0, &st);
	if (st != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(st))
		return NULL;
	UChar *out = malloc(((size_t)need + 1) * sizeof *out);
	if (!out)
		return NULL;
	st = U_ZERO_ERROR;
	unorm2_normalize(norm, u, n, out, need + 1, &st);
	if (U_FAILURE(st)) {
		free(out);
		return NULL;
	}
	*outlen = need;
	return out;
}

char *vn_nfc(const char *s)
{
	if (!s || !vn_valid_text(s, strlen(s)))
		return NULL;
	icu_ready();
	if (!nfc_norm)
		return NULL;
	int32_t n = 0, m = 0;
	UChar *u = to_u16(s, 1, &n);
	if (!u)
		return NULL;
	UChar *c = normalize(nfc_norm, u, n, &m);
	free(u);
	if (!c)
		return NULL;
	char *out = to_u8(c, m);
	free(c);
	return out;
}

/* Letters with a stroke do not decompose, so NFD alone leaves them: map them. */
static UChar32 fold_letter(UChar32 c)
{
	switch (c) {
	case 0x0110: /* Đ */
	case 0x0111: /* đ */
	case 0x00d0: /* Ð, often typed for Đ */
	case 0x0189: /* Ɖ, likewise */
		return 'd';
	default:
		return u_tolower(c);
	}
}

char *vn_fold(const char *s)
{
	if (!s)
		return NULL;
	icu_ready();
	if (!nfd_norm || !nfc_norm)
		return NULL;
	int32_t n = 0, dn = 0, cn = 0;
	UChar *u = to_u16(s, 1, &n);
	if (!u)
		return NULL;
	UChar *d = normalize(nfd_norm, u, n, &dn);
	free(u);
	if (!d)
		return NULL;
	/* folding only drops marks or maps to shorter letters, so dn+1 units suffice */
	UChar *f = malloc(((size_t)dn + 1) * sizeof *f);
	if (!f) {
		free(d);
		return NULL;
	}
	int32_t i = 0, j = 0;
	int pending_space = 0;
	while (i < dn) {
		UChar32 c;
		U16_NEXT(d, i, dn, c);
		if (u_charType(c) == U_NON_SPACING_MARK)
			continue;
		/* punctuation stays: a search is a plain substring of what was typed */
		if (u_isUWhiteSpace(c) || u_iscntrl(c)) {
			pending_space = j > 0;
			continue;
		}
		c = fold_letter(c);
		if (pending_space) {
			f[j++] = ' ';
			pending_space = 0;
		}
		if (U16_LENGTH(c) > dn + 1 - j)
			break; /* cannot happen for real text; never overrun */
		U16_APPEND_UNSAFE(f, j, c);
	}
	free(d);
	UChar *c16 = normalize(nfc_norm, f, j, &cn);
	free(f);
	if (!c16)
		return NULL;
	char *out = to_u8(c16, cn);
	free(c16);
	return out;
}

char *vn_sort_key(const char *s)
{
	static const char hex[] = "0123456789abcdef";
	if (!s)
		return NULL;
	icu_ready();
	if (!vi_coll)
		return NULL;
	/* the key of the NFC form: the collator's own normalisation leaves some
	 * canonically equal spellings apart (o + circumflex + grave + dot below) */
	char *nfc = vn_nfc(s);
	int32_t n = 0;
	UChar *u = to_u16(nfc ? nfc : s, 0, &n);
	free(nfc);
	if (!u)
		return NULL;
	uint8_t small[512];
	uint8_t *key = small;
	int32_t klen = ucol_getSortKey(vi_coll, u, n, key, (int32_t)sizeof small);
	if (klen > (int32_t)sizeof small) {
		key = malloc((size_t)klen);
		if (!key) {
			free(u);
			return NULL;
		}
		klen = ucol_getSortKey(vi_coll, u, n, key, klen);
	}
	free(u);
	char *out = NULL;
	if (klen > 0) {
		/* the key ends with a 0 byte that is not needed once in hex: a prefix
		 * still sorts first under strcmp */
		size_t bytes = (size_t)klen - 1;
		out = malloc(2 * bytes + 1);
		if (out) {
			for (size_t k = 0; k < bytes; k++) {
				out[2 * k] = hex[key[k] >> 4];
				out[2 * k + 1] = hex[key[k] & 15];
			}
			out[2 * bytes] = 0;
		}
	}
	if (key != small)
		free(key);
	return out;
}

int vn_compare(const char *a, const char *b)
{
	if (!a || !b)
		return (a != NULL) - (b != NULL);
	icu_ready();
	if (!vi_coll)
		return strcmp(a, b);
	UErrorCode st = U_ZERO_ERROR;
	UCollationResult r = ucol_strcollUTF8(vi_coll, a, -1, b, -1, &st);
	if (U_FAILURE(st))
		return strcmp(a, b);
	return r == UCOL_LESS ? -1 : r == UCOL_GREATER ? 1 : 0;
}
