/* regschema.c — register schemas as data: checking a schema, how it may evolve,
 * checking a record against it, and the derived fields (row formulas, expr.c). */
#include "core/regschema.h"
#include "core/expr.h"
#include "core/jsonv.h"
#include "core/vntext.h"
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const reg_field_types[] = {"text", "integer", "decimal", "yesno",
				       "date", "choice",  "unit",    NULL};

static tderr failf(reg_fail *f, const char *code, const char *message, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static tderr failf(reg_fail *f, const char *code, const char *message, const char *fmt, ...)
{
	if (f) {
		f->code = code;
		f->message = message;
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(f->field, sizeof f->field, fmt, ap);
		va_end(ap);
	}
	return TD_EINVALID;
}

int regschema_name_ok(const char *s)
{
	if (!s || !(s[0] >= 'a' && s[0] <= 'z'))
		return 0;
	size_t n = 0;
	for (; s[n]; n++)
		if (!((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= '0' && s[n] <= '9') || s[n] == '_'))
			return 0;
	return n <= REG_NAME_MAX;
}

static int label_ok(const json_t *v, int required)
{
	if (!v || json_is_null(v))
		return !required;
	if (!json_is_string(v))
		return 0;
	size_t n = json_string_length(v);
	const char *s = json_string_value(v);
	return n <= REG_LABEL_MAX && vn_valid_text(s, n) && (!required || s[strspn(s, " ")]);
}

static int type_known(const char *t)
{
	for (size_t i = 0; t && reg_field_types[i]; i++)
		if (strcmp(t, reg_field_types[i]) == 0)
			return 1;
	return 0;
}

static json_t *nfc_string(const json_t *v)
{
	char *s = vn_nfc(json_string_value(v));
	json_t *j = s ? json_string(s) : NULL;
	free(s);
	return j;
}

/* One field definition, clean, or NULL with f filled. */
static json_t *check_field(const json_t *fd, size_t i, reg_fail *f)
{
	if (!json_is_object(fd)) {
		failf(f, "bad_field", "Mỗi trường là một đối tượng", "fields[%zu]", i);
		return NULL;
	}
	const char *name = json_string_value(json_object_get(fd, "name"));
	const char *type = json_string_value(json_object_get(fd, "type"));
	json_t *label = json_object_get(fd, "label"), *label_en = json_object_get(fd, "label_en");
	json_t *req = json_object_get(fd, "required"), *min = json_object_get(fd, "min"),
	       *max = json_object_get(fd, "max"), *choices = json_object_get(fd, "choices");
	if (!regschema_name_ok(name)) {
		failf(f, "bad_field_name",
		      "Tên trường: chữ thường không dấu, chữ số và dấu _, bắt đầu bằng chữ",
		      "fields[%zu].name", i);
		return NULL;
	}
	if (!label_ok(label, 1)) {
		failf(f, "bad_label", "Nhãn trường bắt buộc, tối đa 200 byte", "fields[%zu].label", i);
		return NULL;
	}
	if (!label_ok(label_en, 0)) {
		failf(f, "bad_label", "Nhãn tiếng Anh tối đa 200 byte", "fields[%zu].label_en", i);
		return NULL;
	}
	if (!type_known(type)) {
		failf(f, "bad_field_type",
		      "Kiểu trường: text, integer, decimal, yesno, date, choice hoặc unit",
		      "fields[%zu].type", i);
		return NULL;
	}
	if (req && !json_is_boolean(req)) {
		failf(f, "not_boolean", "Phải là true hoặc false", "fields[%zu].required", i);
		return NULL;
	}
	int numeric = strcmp(type, "integer") == 0 || strcmp(type, "decimal") == 0;
	if ((min && !json_is_null(min) && (!numeric || !json_is_number(min))) ||
	    (max && !json_is_null(max) && (!numeric || !json_is_number(max)))) {
		failf(f, "bad_bounds", "min/max chỉ dành cho trường số và phải là số",
		      "fields[%zu].min", i);
		return NULL;
	}
	if (json_is_number(min) && json_is_number(max) &&
	    json_number_value(min) > json_number_value(max)) {
		failf(f, "bad_bounds", "min không được lớn hơn max", "fields[%zu].max", i);
		return NULL;
	}
	int is_choice = strcmp(type, "choice") == 0;
	if (is_choice != (choices && !json_is_null(choices)) ||
	    (is_choice && (!json_is_array(choices) || json_array_size(choices) == 0 ||
			   json_array_size(choices) > REG_CHOICES_MAX))) {
		failf(f, "bad_choices",
		      "Trường lựa chọn cần danh sách lựa chọn (1–50); trường khác không có",
		      "fields[%zu].choices", i);
		return NULL;
	}
	json_t *out = json_object();
	json_object_set_new(out, "name", json_string(name));
	json_object_set_new(out, "label", nfc_string(label));
	json_object_set_new(out, "label_en", json_is_string(label_en) ? nfc_string(label_en)
								   : json_null());
	json_object_set_new(out, "type", json_string(type));
	json_object_set_new(out, "required", json_boolean(json_is_true(req)));
	json_object_set_new(out, "min", json_is_number(min) ? json_real(json_number_value(min))
							     : json_null());
	json_object_set_new(out, "max", json_is_number(max) ? json_real(json_number_value(max))
							     : json_null());
	if (is_choice) {
		json_t *cs = json_array();
		size_t k;
		json_t *c;
		json_array_foreach(choices, k, c)
		{
			json_t *clean = label_ok(c, 1) ? nfc_string(c) : NULL;
			for (size_t m = 0; clean && m < json_array_size(cs); m++)
				if (json_equal(json_array_get(cs, m), clean)) {
					json_decref(clean);
					clean = NULL;
				}
			if (!clean) {
				json_decref(cs);
				json_decref(out);
				failf(f, "bad_choices", "Lựa chọn là chữ (tối đa 200 byte), không trùng",
				      "fields[%zu].choices[%zu]", i, k);
				return NULL;
			}
			json_array_append_new(cs, clean);
		}
		json_object_set_new(out, "choices", cs);
	} else {
		json_object_set_new(out, "choices", json_null());
	}
	return out;
}

static int has_field(const json_t *fields, const char *name)
{
	size_t i;
	json_t *fd;
	json_array_foreach(fields, i, fd)
	{
		const char *n = json_string_value(json_object_get(fd, "name"));
		if (n && name && strcmp(n, name) == 0)
			return 1;
	}
	return 0;
}

static json_t *check_derived(const json_t *fields, const json_t *dv, size_t i, reg_fail *f)
{
	const char *name = json_string_value(json_object_get(dv, "name"));
	const char *formula = json_string_value(json_object_get(dv, "formula"));
	if (!json_is_object(dv) || !regschema_name_ok(name) || has_field(fields, name)) {
		failf(f, "bad_field_name", "Tên trường dẫn xuất không hợp lệ hoặc trùng tên trường",
		      "derived[%zu].name", i);
		return NULL;
	}
	if (!label_ok(json_object_get(dv, "label"), 1) ||
	    !label_ok(json_object_get(dv, "label_en"), 0)) {
		failf(f, "bad_label", "Nhãn trường bắt buộc, tối đa 200 byte", "derived[%zu].label", i);
		return NULL;
	}
	if (!formula) {
		failf(f, "required", "Trường bắt buộc", "derived[%zu].formula", i);
		return NULL;
	}
	expr *e = NULL;
	expr_error err;
	if (expr_parse(formula, json_string_length(json_object_get(dv, "formula")), EXPR_ROW, &e,
		       &err)) {
		failf(f, "bad_formula", "Công thức không hợp lệ", "derived[%zu].formula", i);
		if (f) {
			f->pos = err.pos;
			snprintf(f->detail, sizeof f->detail, "%s", err.message);
		}
		return NULL;
	}
	expr_ref refs[EXPR_REFS_MAX];
	size_t n = expr_refs(e, refs, EXPR_REFS_MAX);
	for (size_t k = 0; k < n && k < EXPR_REFS_MAX; k++)
		if (!has_field(fields, refs[k].field)) {
			failf(f, "unknown_field", "Công thức dùng một trường không có trong sổ",
			      "derived[%zu].formula", i);
			if (f) {
				f->pos = refs[k].pos;
				snprintf(f->detail, sizeof f->detail,
					 "Không có trường '%s' (vị trí %zu)", refs[k].field,
					 refs[k].pos + 1);
			}
			expr_free(e);
			return NULL;
		}
	expr_free(e);
	json_t *out = json_object();
	json_object_set_new(out, "name", json_string(name));
	json_object_set_new(out, "label", nfc_string(json_object_get(dv, "label")));
	json_object_set_new(out, "label_en", json_is_string(json_object_get(dv, "label_en"))
						     ? nfc_string(json_object_get(dv, "label_en"))
						     : json_null());
	json_object_set_new(out, "formula", json_string(formula));
	return out;
}

tderr regschema_check(const json_t *fields, const json_t *derived, json_t **fields_out,
		      json_t **derived_out, reg_fail *f)
{
	*fields_out = *derived_out = NULL;
	if (!json_is_array(fields) || json_array_size(fields) == 0 ||
	    json_array_size(fields) > REG_FIELDS_MAX)
		return failf(f, "bad_fields", "Sổ cần từ 1 đến 60 trường", "fields");
	if (derived && !json_is_null(derived) &&
	    (!json_is_array(derived) || json_array_size(derived) > REG_DERIVED_MAX))
		return failf(f, "bad_derived", "Tối đa 10 trường dẫn xuất", "derived");
	json_t *fo = json_array();
	size_t i;
	json_t *fd;
	json_array_foreach(fields, i, fd)
	{
		json_t *c = check_field(fd, i, f);
		if (!c) {
			json_decref(fo);
			return TD_EINVALID;
		}
		if (has_field(fo, json_string_value(json_object_get(c, "name")))) {
			json_decref(c);
			json_decref(fo);
			return failf(f, "duplicate_field", "Tên trường bị trùng", "fields[%zu].name", i);
		}
		json_array_append_new(fo, c);
	}
	json_t *dout = json_array();
	json_array_foreach(derived, i, fd)
	{
		json_t *c = check_derived(fo, fd, i, f);
		if (!c || has_field(dout, json_string_value(json_object_get(c, "name")))) {
			if (c)
				failf(f, "duplicate_field", "Tên trường bị trùng", "derived[%zu].name", i);
			json_decref(c);
			json_decref(fo);
			json_decref(dout);
			return TD_EINVALID;
		}
		json_array_append_new(dout, c);
	}
	*fields_out = fo;
	*derived_out = dout;
	return TD_OK;
}

static const json_t *find_field(const json_t *fields, const char *name)
{
	size_t i;
	json_t *fd;
	json_array_foreach(fields, i, fd)
	{
		const char *n = json_string_value(json_object_get(fd, "name"));
		if (n && name && strcmp(n, name) == 0)
			return fd;
	}
	return NULL;
}

tderr regschema_evolve(const json_t *prev, const json_t *next, reg_fail *f)
{
	size_t i;
	json_t *fd;
	json_array_foreach(prev, i, fd)
	{
		const char *name = json_string_value(json_object_get(fd, "name"));
		const json_t *nf = find_field(next, name);
		if (!name)
			continue;
		if (!nf)
			return failf(f, "field_removed",
				     "Không được bỏ trường đã có: hồ sơ cũ vẫn dùng nó", "fields.%s",
				     name);
		if (!json_equal(json_object_get(fd, "type"), json_object_get(nf, "type")))
			return failf(f, "field_type_changed",
				     "Không được đổi kiểu của trường đã có", "fields.%s", name);
	}
	return TD_OK;
}

static int is_empty(const json_t *v)
{
	return !v || json_is_null(v) ||
	       (json_is_string(v) && json_string_value(v)[strspn(json_string_value(v), " \t")] == 0);
}

static int unit_code_ok(const char *s, size_t n)
{
	if (n == 0 || n > 16)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* The clean value of one field, or NULL with f filled. */
static json_t *check_value(const json_t *fd, const char *name, const json_t *v, reg_fail *f)
{
	const char *type = json_string_value(json_object_get(fd, "type"));
	if (strcmp(type, "integer") == 0 || strcmp(type, "decimal") == 0) {
		double x = json_is_number(v) ? json_number_value(v) : NAN;
		int integer = strcmp(type, "integer") == 0;
		if (!isfinite(x) || (integer && (x != floor(x) || fabs(x) > 9e15))) {
			failf(f, integer ? "not_integer" : "not_number",
			      integer ? "Phải là số nguyên" : "Phải là số", "data.%s", name);
			return NULL;
		}
		json_t *min = json_object_get(fd, "min"), *max = json_object_get(fd, "max");
		if ((json_is_number(min) && x < json_number_value(min)) ||
		    (json_is_number(max) && x > json_number_value(max))) {
			failf(f, "out_of_range", "Giá trị nằm ngoài khoảng cho phép", "data.%s", name);
			return NULL;
		}
		return integer ? json_integer((json_int_t)x) : json_real(x);
	}
	if (strcmp(type, "yesno") == 0) {
		if (!json_is_boolean(v)) {
			failf(f, "not_boolean", "Phải là có (true) hoặc không (false)", "data.%s", name);
			return NULL;
		}
		return json_boolean(json_is_true(v));
	}
	if (!json_is_string(v)) {
		failf(f, "not_string", "Phải là chuỗi ký tự", "data.%s", name);
		return NULL;
	}
	const char *s = json_string_value(v);
	size_t n = json_string_length(v);
	if (n > REG_TEXT_MAX || !vn_valid_text(s, n)) {
		failf(f, "invalid_text", "Chuỗi không hợp lệ hoặc quá dài (tối đa 2000 byte)",
		      "data.%s", name);
		return NULL;
	}
	if (strcmp(type, "date") == 0) {
		if (n != 10 || !jv_is_date(s)) {
			failf(f, "invalid_date", "Ngày theo dạng YYYY-MM-DD", "data.%s", name);
			return NULL;
		}
		return json_string(s);
	}
	if (strcmp(type, "unit") == 0) {
		if (!unit_code_ok(s, n)) {
			failf(f, "unknown_unit", "Mã đơn vị hành chính không hợp lệ", "data.%s", name);
			return NULL;
		}
		return json_string(s);
	}
	json_t *clean = nfc_string(v);
	if (!clean) {
		failf(f, "invalid_text", "Chuỗi không hợp lệ", "data.%s", name);
		return NULL;
	}
	if (strcmp(type, "choice") == 0) {
		size_t k;
		json_t *c;
		json_array_foreach(json_object_get(fd, "choices"), k, c)
		if (json_equal(c, clean))
			return clean;
		json_decref(clean);
		failf(f, "not_a_choice", "Giá trị không có trong danh sách lựa chọn", "data.%s", name);
		return NULL;
	}
	return clean;
}

tderr regschema_check_record(const json_t *fields, const json_t *data, json_t **out,
			     reg_fail *f)
{
	*out = NULL;
	if (!json_is_object(data))
		return failf(f, "not_object", "Dữ liệu của hồ sơ là một đối tượng", "data");
	const char *key;
	json_t *v;
	json_object_foreach((json_t *)data, key, v)
	if (!find_field(fields, key))
		return failf(f, "unknown_field", "Trường không có trong sổ", "data.%.80s", key);
	json_t *clean = json_object();
	size_t i;
	json_t *fd;
	json_array_foreach(fields, i, fd)
	{
		const char *name = json_string_value(json_object_get(fd, "name"));
		v = json_object_get(data, name);
		if (is_empty(v)) {
			if (json_is_true(json_object_get(fd, "required"))) {
				json_decref(clean);
				return failf(f, "required", "Trường bắt buộc", "data.%s", name);
			}
			continue;
		}
		json_t *c = check_value(fd, name, v, f);
		if (!c) {
			json_decref(clean);
			return TD_EINVALID;
		}
		json_object_set_new(clean, name, c);
	}
	*out = clean;
	return TD_OK;
}

json_t *regschema_derive(const json_t *derived, const json_t *data)
{
	json_t *out = json_object();
	size_t i;
	json_t *dv;
	json_array_foreach(derived, i, dv)
	{
		const char *name = json_string_value(json_object_get(dv, "name"));
		json_t *ft = json_object_get(dv, "formula");
		expr *e = NULL;
		if (!name || !json_is_string(ft) ||
		    expr_parse(json_string_value(ft), json_string_length(ft), EXPR_ROW, &e, NULL)) {
			continue;
		}
		expr_env env = {NULL, NULL, data, NULL};
		expr_value v = expr_eval(e, &env);
		json_t *j = v.type == EXPR_BOOL     ? json_boolean(v.num != 0)
			    : v.type == EXPR_NUMBER ? json_real(v.num)
			    : v.type == EXPR_TEXT   ? json_string(v.text)
						    : json_null();
		json_object_set_new(out, name, j ? j : json_null());
		expr_free(e);
	}
	return out;
}

const char *regschema_title_field(const json_t *fields)
{
	size_t i;
	json_t *fd;
	json_array_foreach(fields, i, fd)
	if (strcmp(json_string_value(json_object_get(fd, "type")), "text") == 0)
		return json_string_value(json_object_get(fd, "name"));
	return NULL;
}

static int ieq(const char *a, const char *b)
{
	char *fa = vn_fold(a), *fb = vn_fold(b);
	int eq = fa && fb && strcmp(fa, fb) == 0;
	free(fa);
	free(fb);
	return eq;
}

/* "12", "-3,5", "1.25": a number, no grouping; 0 when it is not one. */
static int parse_num(const char *s, double *out)
{
	char buf[64];
	size_t n = strlen(s);
	if (n == 0 || n >= sizeof buf)
		return 0;
	int seen_mark = 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == ',' || c == '.') {
			if (seen_mark++)
				return 0;
			c = '.';
		} else if (!(c >= '0' && c <= '9') && !(i == 0 && c == '-')) {
			return 0;
		}
		buf[i] = c;
	}
	buf[n] = 0;
	if (buf[n - 1] == '.' || buf[0] == '.' || (buf[0] == '-' && (n == 1 || buf[1] == '.')))
		return 0;
	/* digits and one '.': strtod reads them the same in any locale the server runs */
	char *end = NULL;
	*out = strtod(buf, &end);
	return end && *end == 0 && isfinite(*out);
}

/* "d/m/yyyy" with one or two digits for day and month. */
static int parse_dmy(const char *s, int *d, int *m, int *y)
{
	int part[3] = {0, 0, 0}, digits[3] = {0, 0, 0}, k = 0;
	for (; *s; s++) {
		if (*s == '/') {
			if (++k > 2)
				return 0;
		} else if (*s >= '0' && *s <= '9' && digits[k] < 4) {
			part[k] = part[k] * 10 + (*s - '0');
			digits[k]++;
		} else {
			return 0;
		}
	}
	if (k != 2 || digits[0] < 1 || digits[0] > 2 || digits[1] < 1 || digits[1] > 2 || digits[2] != 4)
		return 0;
	*d = part[0];
	*m = part[1];
	*y = part[2];
	return 1;
}

static void civil_from_days(long z, int *y, int *m, int *d)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long yy = yoe + era * 400;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yy + (*m <= 2));
}

tderr regschema_parse_cell(const json_t *field, const char *text, json_t **out,
			   const char **why)
{
	*out = NULL;
	*why = NULL;
	const char *type = json_string_value(json_object_get(field, "type"));
	while (*text == ' ' || *text == '\t')
		text++;
	size_t n = strlen(text);
	while (n > 0 && (text[n - 1] == ' ' || text[n - 1] == '\t' || text[n - 1] == '\r'))
		n--;
	if (n == 0)
		return TD_OK;
	if (n > REG_TEXT_MAX || !vn_valid_text(text, n)) {
		*why = "Chuỗi không hợp lệ hoặc quá dài";
		return TD_EINVALID;
	}
	char *s = malloc(n + 1);
	if (!s)
		return TD_EINTERNAL;
	memcpy(s, text, n);
	s[n] = 0;
	tderr e = TD_OK;
	double x;
	if (strcmp(type, "integer") == 0 || strcmp(type, "decimal") == 0) {
		if (!parse_num(s, &x))
			*why = "Không phải là số (dùng dấu , hoặc . cho phần thập phân, không tách hàng nghìn)";
		else
			*out = json_real(x); /* the record check makes integers of it */
	} else if (strcmp(type, "yesno") == 0) {
		static const char *const yes[] = {"có", "co", "yes", "true", "x", "1", "đạt", NULL};
		static const char *const no[] = {"không", "khong", "no", "false", "0", "chưa", NULL};
		for (size_t i = 0; !*out && yes[i]; i++)
			if (ieq(s, yes[i]))
				*out = json_true();
		for (size_t i = 0; !*out && no[i]; i++)
			if (ieq(s, no[i]))
				*out = json_false();
		if (!*out)
			*why = "Chỉ nhận Có hoặc Không";
	} else if (strcmp(type, "date") == 0) {
		int d, m, y;
		char iso[16];
		if (n == 10 && s[4] == '-' && jv_is_date(s)) {
			*out = json_string(s);
		} else if (parse_dmy(s, &d, &m, &y) &&
			   (snprintf(iso, sizeof iso, "%04d-%02d-%02d", y, m, d), jv_is_date(iso))) {
			*out = json_string(iso);
		} else if (parse_num(s, &x) && x >= 1 && x < 2958466 && x == floor(x)) {
			civil_from_days((long)x - 25569, &y, &m, &d); /* Excel's day 25569 = 1970-01-01 */
			snprintf(iso, sizeof iso, "%04d-%02d-%02d", y, m, d);
			*out = json_string(iso);
		} else {
			*why = "Ngày theo dạng dd/mm/yyyy hoặc YYYY-MM-DD";
		}
	} else if (strcmp(type, "choice") == 0) {
		size_t k;
		json_t *c;
		json_array_foreach(json_object_get(field, "choices"), k, c)
		if (!*out && ieq(s, json_string_value(c)))
			*out = json_copy(c);
		if (!*out)
			*why = "Giá trị không có trong danh sách lựa chọn";
	} else {
		*out = json_string(s);
	}
	free(s);
	if (*why)
		e = TD_EINVALID;
	return e;
}
