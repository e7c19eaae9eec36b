/* test_vntext.c — Vietnamese text: what is accepted as text, NFC, the search form,
 * and that names sort the way Vietnamese readers expect. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <pthread.h>
#include "core/vntext.h"

static int valid(const char *s)
{
	return vn_valid_text(s, strlen(s));
}

static void test_valid_accepts_text(void **state)
{
	(void)state;
	assert_true(valid(""));
	assert_true(valid("Bắc Giang"));
	assert_true(valid("Thị trấn Vôi\tdòng 1\r\ndòng 2"));
	assert_true(valid("\xF0\x9F\x98\x80"));           /* U+1F600, four bytes */
	assert_true(valid("\xEF\xBF\xBD"));                /* U+FFFD */
	assert_true(valid("\xF4\x8F\xBF\xBF"));            /* U+10FFFF, the last */
	assert_true(vn_valid_text(NULL, 0));
}

static void test_valid_rejects_malformed(void **state)
{
	(void)state;
	assert_false(valid("\xC0\xAF"));                   /* overlong '/' */
	assert_false(valid("\xC1\xBF"));                   /* overlong */
	assert_false(valid("\xE0\x80\xAF"));               /* overlong, three bytes */
	assert_false(valid("\xF0\x80\x80\xAF"));           /* overlong, four bytes */
	assert_false(valid("\xED\xA0\x80"));               /* surrogate U+D800 */
	assert_false(valid("\xED\xBF\xBF"));               /* surrogate U+DFFF */
	assert_false(valid("\xF4\x90\x80\x80"));           /* U+110000 */
	assert_false(valid("\xF5\x80\x80\x80"));
	assert_false(valid("\xFF"));
	assert_false(valid("\x80"));                       /* stray continuation */
	assert_false(valid("B\xE1\xBA"));                  /* truncated "ắ" at the end */
	assert_false(valid("\xE1\xBA" "c"));               /* truncated in the middle */
	assert_false(valid("\xC3"));
	assert_false(valid("\xF0\x9F\x98"));
	assert_false(vn_valid_text("ab\0cd", 5));          /* NUL inside */
	assert_false(valid("a\x01" "b"));                  /* C0 control */
	assert_false(valid("a\x1b[31m"));                  /* escape */
	assert_false(valid("a\x7f"));                      /* DEL */
	assert_false(valid("a\xC2\x85"));                  /* C1 control NEL */
	/* a length that cuts a character is judged on the bytes given */
	assert_false(vn_valid_text("\xE1\xBA\xAF", 2));
	assert_true(vn_valid_text("\xE1\xBA\xAF", 3));
}

static void test_nfc(void **state)
{
	(void)state;
	/* "Lạng" typed decomposed: a + combining dot below (U+0323) */
	const char *decomposed = "La\xCC\xA3ng";
	const char *composed = "L\xE1\xBA\xA1ng";
	assert_string_equal(composed, "Lạng");
	char *n = vn_nfc(decomposed);
	assert_non_null(n);
	assert_string_equal(n, composed);
	free(n);
	n = vn_nfc("Lạng Giang");
	assert_string_equal(n, "Lạng Giang");
	free(n);
	/* "ệ" as e + circumflex + dot below in the "wrong" order still composes */
	n = vn_nfc("Huye\xCC\xA3\xCC\x82n");
	assert_string_equal(n, "Huyện");
	free(n);
	assert_null(vn_nfc("\xC0\xAF"));
	assert_null(vn_nfc(NULL));
}

static void check_fold(const char *in, const char *want)
{
	char *f = vn_fold(in);
	assert_non_null(f);
	assert_string_equal(f, want);
	free(f);
}

static void test_fold(void **state)
{
	(void)state;
	check_fold("Huyện Lạng Giang", "huyen lang giang");
	check_fold("Đồng Đăng", "dong dang");
	check_fold("  Thành   phố\tBắc\nGiang  ", "thanh pho bac giang");
	check_fold("La\xCC\xA3ng", "lang");
	check_fold("ĐƯỜNG Ơ Ư Ă Â Ê Ô", "duong o u a a e o");
	check_fold("Hội LHPN xã Tân Thanh", "hoi lhpn xa tan thanh");
	/* punctuation is kept, so "%_" or "'" search for themselves */
	check_fold("Nhà trọ an toàn, văn minh (2022–2025)", "nha tro an toan, van minh (2022–2025)");
	check_fold("%_'", "%_'");
	check_fold("", "");
	check_fold("   ", "");
	assert_null(vn_fold("\xED\xA0\x80"));
	assert_null(vn_fold(NULL));
}

static int cmp_key(const char *a, const char *b)
{
	char *ka = vn_sort_key(a), *kb = vn_sort_key(b);
	assert_non_null(ka);
	assert_non_null(kb);
	int r = strcmp(ka, kb);
	free(ka);
	free(kb);
	return r;
}

static void check_less(const char *a, const char *b)
{
	assert_true(vn_compare(a, b) < 0);
	assert_true(vn_compare(b, a) > 0);
	assert_true(cmp_key(a, b) < 0);
	assert_true(cmp_key(b, a) > 0);
}

static void test_collation_letters(void **state)
{
	(void)state;
	check_less("a", "ă");
	check_less("ă", "â");
	check_less("â", "b");
	check_less("d", "đ");
	check_less("đ", "e");
	check_less("e", "ê");
	check_less("o", "ô");
	check_less("ô", "ơ");
	check_less("ơ", "p");
	check_less("u", "ư");
	check_less("ư", "v");
	/* whole words: the letter decides before the tone marks */
	check_less("Dĩnh Kế", "Đa Mai");
	check_less("Tăng Tiến", "Tân An");
	check_less("Tân Yên", "Tây Yên");
	check_less("Ông", "Ơn");
	assert_int_equal(vn_compare("Lạng", "La\xCC\xA3ng"), 0);
	assert_int_equal(cmp_key("Lạng", "La\xCC\xA3ng"), 0);
	assert_int_equal(vn_compare("Vôi", "Vôi"), 0);
}

static int by_vn(const void *a, const void *b)
{
	return vn_compare(*(const char *const *)a, *(const char *const *)b);
}

struct keyed {
	const char *name;
	char *key;
};

static int by_key(const void *a, const void *b)
{
	return strcmp(((const struct keyed *)a)->key, ((const struct keyed *)b)->key);
}

static void test_sort_commune_names(void **state)
{
	(void)state;
	/* communes of Bắc Giang in Vietnamese order: letter by letter with ă, â, đ, ê,
	 * ô, ơ, ư as letters of their own (so "Nghĩa" < "Ngô" < "Nham"), tone marks
	 * deciding only between otherwise equal names */
	static const char *const want[] = {
		"An Hà",     "Ân Thọ",      "Bảo Đài",   "Dĩnh Kế",  "Dĩnh Trì",
		"Dương Đức", "Đa Mai",      "Đào Mỹ",    "Đồng Sơn", "Hương Sơn",
		"Kép",       "Lão Hộ",      "Mỹ Độ",     "Nghĩa Hòa", "Ngô Quyền",
		"Nham Biền", "Ôn Ngọc",     "Quang Thịnh", "Tăng Tiến", "Tân An",
		"Tân Thanh", "Thọ Xương",   "Trần Nguyên Hãn", "Vôi", "Xương Giang",
		"Yên Mỹ",
	};
	enum { N = sizeof want / sizeof want[0] };
	/* shuffled by a fixed permutation */
	const char *list[N];
	for (size_t i = 0; i < N; i++)
		list[i] = want[(i * 7 + 3) % N];
	qsort(list, N, sizeof list[0], by_vn);
	for (size_t i = 0; i < N; i++)
		assert_string_equal(list[i], want[i]);

	struct keyed k[N];
	for (size_t i = 0; i < N; i++) {
		k[i].name = want[(i * 11 + 5) % N];
		k[i].key = vn_sort_key(k[i].name);
		assert_non_null(k[i].key);
	}
	qsort(k, N, sizeof k[0], by_key);
	for (size_t i = 0; i < N; i++) {
		assert_string_equal(k[i].name, want[i]);
		free(k[i].key);
	}
}

/* Request threads fold and sort at the same time: each must get the answer a
 * lone thread gets. */
static void *fold_many(void *arg)
{
	const char *want_key = arg;
	for (int i = 0; i < 500; i++) {
		char *f = vn_fold("Hội LHPN thị trấn Vôi, huyện Lạng Giang");
		char *k = vn_sort_key("Trần Nguyên Hãn");
		char *n = vn_nfc("La\xCC\xA3ng");
		int ok = f && k && n && strcmp(f, "hoi lhpn thi tran voi, huyen lang giang") == 0 &&
			 strcmp(k, want_key) == 0 && strcmp(n, "Lạng") == 0 &&
			 vn_compare("đ", "e") < 0;
		free(f);
		free(k);
		free(n);
		if (!ok)
			return (void *)1;
	}
	return NULL;
}

/* Canonically equal spellings get one sort key: "ồ" followed by a combining dot
 * below reorders under NFC ("ộ" + grave); found by the vntext fuzzer. */
static void test_sort_key_of_equal_spellings(void **state)
{
	(void)state;
	const char *odd = "\x44\xe1\xbb\x93\xcc\xa3ng"; /* D + ồ + U+0323 + ng */
	char *n = vn_nfc(odd);
	assert_non_null(n);
	assert_string_not_equal(n, odd);
	char *k1 = vn_sort_key(odd), *k2 = vn_sort_key(n);
	assert_non_null(k1);
	assert_non_null(k2);
	assert_string_equal(k1, k2);
	free(n);
	free(k1);
	free(k2);
}

static void test_threads(void **state)
{
	(void)state;
	char *want = vn_sort_key("Trần Nguyên Hãn");
	assert_non_null(want);
	pthread_t t[8];
	for (int i = 0; i < 8; i++)
		assert_int_equal(pthread_create(&t[i], NULL, fold_many, want), 0);
	for (int i = 0; i < 8; i++) {
		void *r = NULL;
		pthread_join(t[i], &r);
		assert_null(r);
	}
	free(want);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_accepts_text),
		cmocka_unit_test(test_valid_rejects_malformed),
		cmocka_unit_test(test_nfc),
		cmocka_unit_test(test_fold),
		cmocka_unit_test(test_collation_letters),
		cmocka_unit_test(test_sort_commune_names),
		cmocka_unit_test(test_sort_key_of_equal_spellings),
		cmocka_unit_test(test_threads),
	};
	return cmocka_run_group_tests_name("vntext", tests, NULL, NULL);
}
