/* jsonv.h — reading fields of a JSON request body with caps and clear errors.
 * Each getter returns TD_OK, or TD_EINVALID (422) with e filled: the code, a
 * Vietnamese message and the field name. A missing optional field leaves *out as
 * it was and sets *present (if given) to 0. Strings must be valid UTF-8 text
 * (vn_valid_text) and at most max bytes; they point into the JSON value. */
#ifndef TD_JSONV_H
#define TD_JSONV_H
#include <jansson.h>
#include <stdint.h>
#include "core/err.h"

#define JV_REQUIRED 1
#define JV_OPTIONAL 0

tderr jv_str(json_t *obj, const char *key, int required, size_t max,
	     const char **out, int *present, td_error *e);
tderr jv_int(json_t *obj, const char *key, int required, int64_t min, int64_t max,
	     int64_t *out, int *present, td_error *e);
tderr jv_bool(json_t *obj, const char *key, int required, int *out, int *present, td_error *e);
/* A string that must be one of the NULL-terminated list allowed. */
tderr jv_enum(json_t *obj, const char *key, int required, const char *const *allowed,
	      const char **out, int *present, td_error *e);
/* An ISO date 'YYYY-MM-DD' (a real calendar date) or null when nullable. */
tderr jv_date(json_t *obj, const char *key, int required, int nullable,
	      const char **out, int *present, td_error *e);
/* An array of positive integer ids, at most max of them; *out is the array value. */
tderr jv_id_array(json_t *obj, const char *key, int required, size_t max,
		  json_t **out, int *present, td_error *e);
/* Fills e as an invalid-field error and returns TD_EINVALID. */
tderr jv_fail(td_error *e, const char *field, const char *code, const char *message);
/* 1 when s is a real calendar date written YYYY-MM-DD. */
int jv_is_date(const char *s);

#endif
