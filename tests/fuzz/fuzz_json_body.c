/* fuzz_json_body.c — libFuzzer harness for request bodies: any bytes go through
 * req_body_object (size, depth and duplicate-key checks, then jansson) and the
 * jv_* getters every handler uses; each must answer with a value within its caps
 * or a 4xx error with a code, never crash or leak.
 * Built with -fsanitize=fuzzer,address,undefined; corpus: tests/fuzz/corpus/json_body. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "core/jsonv.h"
#include "core/vntext.h"
#include "http/request.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const KEYS[] = {"name", "title", "code", "version", "year", "planned", "unit",
				   "organization_id", "values", "active", "kind", "issued_on",
				   "coordinator_ids", "", NULL};
static const char *const KINDS[] = {"ke_hoach", "de_an", NULL};

static int is_4xx(tderr e)
{
	int s = td_err_status(e);
	return s >= 400 && s < 500;
}

static void check_getters(json_t *obj)
{
	for (size_t i = 0; KEYS[i]; i++) {
		const char *k = KEYS[i];
		td_error e = {0};
		int present = -1;
		const char *s = NULL;
		tderr r = jv_str(obj, k, JV_OPTIONAL, 300, &s, &present, &e);
		if (r == TD_OK && present && (!s || strlen(s) > 300 || !vn_valid_text(s, strlen(s))))
			abort();
		if (r != TD_OK && (!is_4xx(r) || !e.code || !e.field))
			abort();
		int64_t v = 7;
		memset(&e, 0, sizeof e);
		r = jv_int(obj, k, JV_OPTIONAL, -1000, 1000000, &v, &present, &e);
		if (r == TD_OK && present && (v < -1000 || v > 1000000))
			abort();
		if (r != TD_OK && (!is_4xx(r) || !e.code))
			abort();
		int b = 0;
		memset(&e, 0, sizeof e);
		r = jv_bool(obj, k, JV_OPTIONAL, &b, &present, &e);
		if (r != TD_OK && !is_4xx(r))
			abort();
		const char *en = NULL;
		memset(&e, 0, sizeof e);
		r = jv_enum(obj, k, JV_OPTIONAL, KINDS, &en, &present, &e);
		if (r == TD_OK && present && en && strcmp(en, "ke_hoach") != 0 && strcmp(en, "de_an") != 0)
			abort();
		const char *d = NULL;
		memset(&e, 0, sizeof e);
		r = jv_date(obj, k, JV_OPTIONAL, 1, &d, &present, &e);
		if (r == TD_OK && present && d && !jv_is_date(d))
			abort();
		json_t *arr = NULL;
		memset(&e, 0, sizeof e);
		r = jv_id_array(obj, k, JV_OPTIONAL, 50, &arr, &present, &e);
		if (r == TD_OK && present && arr) {
			if (!json_is_array(arr) || json_array_size(arr) > 50)
				abort();
			size_t j;
			json_t *x;
			json_array_foreach(arr, j, x)
				if (!json_is_integer(x) || json_integer_value(x) <= 0)
					abort();
		}
		if (r != TD_OK && !is_4xx(r))
			abort();
		/* a required field that is missing is an error naming it */
		memset(&e, 0, sizeof e);
		if (!json_object_get(obj, k) && jv_str(obj, k, JV_REQUIRED, 300, &s, NULL, &e) == TD_OK)
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	http_req r;
	memset(&r, 0, sizeof r);
	r.a = arena_create();
	if (!r.a)
		abort();
	/* the server hands handlers a NUL-terminated copy */
	char *body = malloc(size + 1);
	if (!body)
		abort();
	memcpy(body, data, size);
	body[size] = 0;
	r.body = body;
	r.body_len = size;
	json_t *obj = NULL;
	tderr e = req_body_object(&r, &obj);
	if (e == TD_OK) {
		if (!json_is_object(obj))
			abort();
		check_getters(obj);
		/* parsed once: a second call gives the same object */
		json_t *again = NULL;
		if (req_body_object(&r, &again) != TD_OK || again != obj)
			abort();
	} else if (!is_4xx(e) || !r.err.code || !r.err.message || obj) {
		abort();
	}
	json_decref(r.json);
	free(body);
	arena_destroy(r.a);
	return 0;
}
