/* jsonv.c — typed, capped reads of request-body fields with Vietnamese errors.
 * Optional fields that are absent or JSON null count as not present (except
 * nullable dates, where null is a value); required fields must be present and,
 * for strings, not blank. Messages are static strings. */
#include "core/jsonv.h"
#include "core/vntext.h"
#include <string.h>

static const char MSG_REQUIRED[] = "Trường bắt buộc";
static const char MSG_NOT_STRING[] = "Phải là chuỗi ký tự";
static const char MSG_BAD_TEXT[] = "Văn bản không hợp lệ (UTF-8 sai hoặc có ký tự điều khiển)";
static const char MSG_NOT_INT[] = "Phải là số nguyên";
static const char MSG_RANGE[] = "Giá trị nằm ngoài khoảng cho phép";
static const char MSG_NOT_BOOL[] = "Phải là true hoặc false";
static const char MSG_CHOICE[] = "Giá trị không thuộc danh sách cho phép";
static const char MSG_DATE[] = "Ngày không hợp lệ (định dạng YYYY-MM-DD)";
static const char MSG_NOT_ARRAY[] = "Phải là một mảng";
static const char MSG_TOO_MANY[] = "Quá nhiều phần tử";
static const char MSG_BAD_ID[] = "Phải là mã số (số nguyên dương)";
static const char MSG_DUP_ID[] = "Có mã số bị lặp lại";

/* The caps used across the API, each with its message written out, so that the
 * message stays a static string; any other cap gets the generic text. */
static const struct {
	size_t max;
	const char *msg;
} too_long_msgs[] = {
	{16, "Quá dài (tối đa 16 byte)"},
	{32, "Quá dài (tối đa 32 byte)"},
	{64, "Quá dài (tối đa 64 byte)"},
	{100, "Quá dài (tối đa 100 byte)"},
	{128, "Quá dài (tối đa 128 byte)"},
	{200, "Quá dài (tối đa 200 byte)"},
	{256, "Quá dài (tối đa 256 byte)"},
	{300, "Quá dài (tối đa 300 byte)"},
	{500, "Quá dài (tối đa 500 byte)"},
	{1000, "Quá dài (tối đa 1000 byte)"},
	{2000, "Quá dài (tối đa 2000 byte)"},
	{5000, "Quá dài (tối đa 5000 byte)"},
	{10000, "Quá dài (tối đa 10000 byte)"},
	{20000, "Quá dài (tối đa 20000 byte)"},
	{100000, "Quá dài (tối đa 100000 byte)"},
};

static const char *too_long_message(size_t max)
{
	for (size_t i = 0; i < sizeof too_long_msgs / sizeof too_long_msgs[0]; i++)
		if (too_long_msgs[i].max == max)
			return too_long_msgs[i].msg;
	return "Quá dài so với giới hạn cho phép";
}

tderr jv_fail(td_error *e, const char *field, const char *code, const char *message)
{
	if (e) {
		e->kind = TD_EINVALID;
		e->code = code;
		e->message = message;
		e->field = field;
	}
	return TD_EINVALID;
}

/* Looks key up. Returns 1 with *v set when a non-null value is there; 0 when the
 * field counts as absent (*err TD_OK) or is a missing required field (*err set). */
static int lookup(json_t *obj, const char *key, int required, json_t **v, int *present,
		  td_error *e, tderr *err)
{
	*err = TD_OK;
	if (present)
		*present = 0;
	*v = json_is_object(obj) ? json_object_get(obj, key) : NULL;
	if (*v && !json_is_null(*v))
		return 1;
	if (required)
		*err = jv_fail(e, key, "required", MSG_REQUIRED);
	return 0;
}

static int is_blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
			return 0;
	return 1;
}

tderr jv_str(json_t *obj, const char *key, int required, size_t max, const char **out,
	     int *present, td_error *e)
{
	json_t *v;
	tderr err;
	if (!lookup(obj, key, required, &v, present, e, &err))
		return err;
	if (!json_is_string(v))
		return jv_fail(e, key, "not_string", MSG_NOT_STRING);
	const char *s = json_string_value(v);
	size_t n = json_string_length(v);
	if (n > max)
		return jv_fail(e, key, "too_long", too_long_message(max));
	if (!vn_valid_text(s, n))
		return jv_fail(e, key, "invalid_text", MSG_BAD_TEXT);
	if (required && is_blank(s, n))
		return jv_fail(e, key, "required", MSG_REQUIRED);
	*out = s;
	if (present)
		*present = 1;
	return TD_OK;
}

tderr jv_int(json_t *obj, const char *key, int required, int64_t min, int64_t max,
	     int64_t *out, int *present, td_error *e)
{
	json_t *v;
	tderr err;
	if (!lookup(obj, key, required, &v, present, e, &err))
		return err;
	if (!json_is_integer(v))
		return jv_fail(e, key, "not_integer", MSG_NOT_INT);
	json_int_t x = json_integer_value(v);
	if (x < min || x > max)
		return jv_fail(e, key, "out_of_range", MSG_RANGE);
	*out = (int64_t)x;
	if (present)
		*present = 1;
	return TD_OK;
}

tderr jv_bool(json_t *obj, const char *key, int required, int *out, int *present, td_error *e)
{
	json_t *v;
	tderr err;
	if (!lookup(obj, key, required, &v, present, e, &err))
		return err;
	if (!json_is_boolean(v))
		return jv_fail(e, key, "not_boolean", MSG_NOT_BOOL);
	*out = json_is_true(v);
	if (present)
		*present = 1;
	return TD_OK;
}

tderr jv_enum(json_t *obj, const char *key, int required, const char *const *allowed,
	      const char **out, int *present, td_error *e)
{
	json_t *v;
	tderr err;
	if (!lookup(obj, key, required, &v, present, e, &err))
		return err;
	if (!json_is_string(v))
		return jv_fail(e, key, "not_string", MSG_NOT_STRING);
	const char *s = json_string_value(v);
	size_t n = json_string_length(v);
	for (size_t i = 0; allowed && allowed[i]; i++)
		if (strlen(allowed[i]) == n && memcmp(allowed[i], s, n) == 0) {
			*out = allowed[i];
			if (present)
				*present = 1;
			return TD_OK;
		}
	return jv_fail(e, key, "invalid_choice", MSG_CHOICE);
}

static int days_in_month(int y, int m)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return days[m - 1];
}

static int digits(const char *s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 1;
}

int jv_is_date(const char *s)
{
	int y, m, d;
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	if (!digits(s, 4, &y) || !digits(s + 5, 2, &m) || !digits(s + 8, 2, &d))
		return 0;
	if (y < 1 || m < 1 || m > 12 || d < 1)
		return 0;
	return d <= days_in_month(y, m);
}

tderr jv_date(json_t *obj, const char *key, int required, int nullable, const char **out,
	      int *present, td_error *e)
{
	json_t *v = json_is_object(obj) ? json_object_get(obj, key) : NULL;
	if (present)
		*present = 0;
	if (v && json_is_null(v) && nullable) {
		*out = NULL;
		if (present)
			*present = 1;
		return TD_OK;
	}
	tderr err;
	if (!lookup(obj, key, required, &v, present, e, &err))
		return err;
	if (!json_is_string(v))
		return jv_fail(e, key, "invalid_date", MSG_DATE);
	const char *s = json_string_value(v);
	if (json_string_length(v) != 10 || !jv_is_date(s))
		return jv_fail(e, key, "invalid_date", MSG_DATE);
	*out = s;
	if (present)
		*present = 1;
	return TD_OK;
}

tderr jv_id_array(json_t *obj, const char *key, int required, size_t max, json_t **out,
		  int *present, td_error *e)
{
	json_t *v;
	tderr err;
	if (!lookup(obj, key, required, &v, present, e, &err))
		return err;
	if (!json_is_array(v))
		return jv_fail(e, key, "not_array", MSG_NOT_ARRAY);
	size_t n = json_array_size(v);
	if (n > max)
		return jv_fail(e, key, "too_many", MSG_TOO_MANY);
	for (size_t i = 0; i < n; i++) {
		json_t *x = json_array_get(v, i);
		if (!json_is_integer(x) || json_integer_value(x) <= 0)
			return jv_fail(e, key, "invalid_id", MSG_BAD_ID);
		for (size_t j = 0; j < i; j++)
			if (json_integer_value(json_array_get(v, j)) == json_integer_value(x))
				return jv_fail(e, key, "duplicate_id", MSG_DUP_ID);
	}
	*out = v;
	if (present)
		*present = 1;
	return TD_OK;
}
