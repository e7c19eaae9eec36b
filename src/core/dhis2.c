/* dhis2.c — DHIS2 dataValueSets: a small pull reader of the JSON text (one data
 * value at a time, so a 10 MiB document never becomes a tree in memory, and each
 * value knows the line it starts on), period codes both ways, and the export
 * document. */
#include "core/dhis2.h"
#include "core/vntext.h"
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define KEY_MAX 32      /* longer keys are none of ours: skipped */
#define NUMBER_MAX 64   /* characters of a number token */

typedef struct reader {
	const char *p, *end;
	int line;
	dhis2_error *err;
} reader;

/* The fields of one data value while it is read. */
typedef struct dv_buf {
	char f[5][DHIS2_FIELD_MAX + 1];
	int has[5];
	int deleted;
	int line;
} dv_buf;

enum { F_DE, F_PERIOD, F_OU, F_VALUE, F_COMMENT };
static const char *const dv_keys[5] = {"dataElement", "period", "orgUnit", "value", "comment"};

__attribute__((format(printf, 2, 3)))
static int fail(reader *r, const char *fmt, ...)
{
	if (r->err) {
		r->err->line = r->line;
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(r->err->message, sizeof r->err->message, fmt, ap);
		va_end(ap);
	}
	return -1;
}

static void skip_ws(reader *r)
{
	while (r->p < r->end) {
		char c = *r->p;
		if (c == '\n')
			r->line++;
		else if (c != ' ' && c != '\t' && c != '\r')
			return;
		r->p++;
	}
}

/* Consumes c after optional white space; -1 (with the error) when absent. */
static int expect(reader *r, char c, const char *what)
{
	skip_ws(r);
	if (r->p < r->end && *r->p == c) {
		r->p++;
		return 0;
	}
	return fail(r, "JSON không hợp lệ: cần %s", what);
}

static int peek(reader *r)
{
	skip_ws(r);
	return r->p < r->end ? (unsigned char)*r->p : -1;
}

static int hex4(const char *p, unsigned *out)
{
	unsigned v = 0;
	for (int i = 0; i < 4; i++) {
		char c = p[i];
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned)(c - 'A' + 10);
		else
			return -1;
	}
	*out = v;
	return 0;
}

/* Appends n bytes to out (cap bytes with the NUL); sets *over when they do not fit. */
static void put(char *out, size_t cap, size_t *len, const char *s, size_t n, int *over)
{
	if (!out)
		return;
	if (*len + n + 1 > cap) {
		*over = 1;
		return;
	}
	memcpy(out + *len, s, n);
	*len += n;
}

static size_t utf8_encode(unsigned cp, char *b)
{
	if (cp < 0x80) {
		b[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		b[0] = (char)(0xc0 | (cp >> 6));
		b[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		b[0] = (char)(0xe0 | (cp >> 12));
		b[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		b[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	b[0] = (char)(0xf0 | (cp >> 18));
	b[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	b[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	b[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* Length of the valid UTF-8 sequence at p (lead byte >= 0x80), 0 when invalid. */
static size_t utf8_seq(const char *p, const char *end)
{
	unsigned char c = (unsigned char)*p;
	size_t n = c >= 0xc2 && c <= 0xdf   ? 2
		   : c >= 0xe0 && c <= 0xef ? 3
		   : c >= 0xf0 && c <= 0xf4 ? 4
					    : 0;
	if (!n || (size_t)(end - p) < n || !vn_valid_text(p, n))
		return 0;
	return n;
}

/* Reads the string at r->p (a '"'). With out, decodes it there (cap bytes with
 * the NUL) and checks it is text; over_ok lets a too-long string through with
 * *over set (keys), else it is an error. Without out, only checks it. */
static int read_string(reader *r, char *out, size_t cap, size_t *outlen, int over_ok, int *over)
{
	size_t len = 0;
	int too_long = 0;
	r->p++; /* the opening quote */
	for (;;) {
		if (r->p >= r->end)
			return fail(r, "JSON không hợp lệ: chuỗi chưa đóng");
		unsigned char c = (unsigned char)*r->p;
		if (c == '"') {
			r->p++;
			break;
		}
		if (c < 0x20)
			return fail(r, "JSON không hợp lệ: ký tự điều khiển trong chuỗi");
		if (c >= 0x80) {
			size_t n = utf8_seq(r->p, r->end);
			if (!n)
				return fail(r, "Chuỗi không phải văn bản UTF-8 hợp lệ");
			put(out, cap, &len, r->p, n, &too_long);
			r->p += n;
			continue;
		}
		if (c != '\\') {
			put(out, cap, &len, r->p, 1, &too_long);
			r->p++;
			continue;
		}
		if (r->end - r->p < 2)
			return fail(r, "JSON không hợp lệ: chuỗi chưa đóng");
		char e = r->p[1], ch = 0;
		r->p += 2;
		switch (e) {
		case '"': ch = '"'; break;
		case '\\': ch = '\\'; break;
		case '/': ch = '/'; break;
		case 'b': ch = '\b'; break;
		case 'f': ch = '\f'; break;
		case 'n': ch = '\n'; break;
		case 'r': ch = '\r'; break;
		case 't': ch = '\t'; break;
		case 'u': break;
		default: return fail(r, "JSON không hợp lệ: ký tự thoát \\%c", e);
		}
		if (e != 'u') {
			put(out, cap, &len, &ch, 1, &too_long);
			continue;
		}
		unsigned cp, lo;
		if (r->end - r->p < 4 || hex4(r->p, &cp))
			return fail(r, "JSON không hợp lệ: \\u cần 4 chữ số hex");
		r->p += 4;
		if (cp >= 0xdc00 && cp <= 0xdfff)
			return fail(r, "JSON không hợp lệ: nửa sau của cặp thay thế đứng một mình");
		if (cp >= 0xd800 && cp <= 0xdbff) {
			if (r->end - r->p < 6 || r->p[0] != '\\' || r->p[1] != 'u' ||
			    hex4(r->p + 2, &lo) || lo < 0xdc00 || lo > 0xdfff)
				return fail(r, "JSON không hợp lệ: cặp thay thế \\u không trọn vẹn");
			r->p += 6;
			cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
		}
		char b[4];
		put(out, cap, &len, b, utf8_encode(cp, b), &too_long);
	}
	if (!out)
		return 0;
	out[len] = 0;
	if (outlen)
		*outlen = len;
	if (too_long) {
		if (over_ok) {
			*over = 1;
			return 0;
		}
		return fail(r, "Chuỗi dài quá %d byte", DHIS2_FIELD_MAX);
	}
	if (!vn_valid_text(out, len))
		return fail(r, "Chuỗi chứa ký tự điều khiển không được phép");
	return 0;
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* A number token, copied into out (NUMBER_MAX + 1 bytes) when given. */
static int read_number(reader *r, char *out)
{
	const char *s = r->p, *p = r->p;
	if (p < r->end && *p == '-')
		p++;
	if (p >= r->end || !is_digit(*p))
		return fail(r, "JSON không hợp lệ: số sai dạng");
	if (*p == '0')
		p++;
	else
		while (p < r->end && is_digit(*p))
			p++;
	if (p < r->end && *p == '.') {
		if (++p >= r->end || !is_digit(*p))
			return fail(r, "JSON không hợp lệ: số sai dạng");
		while (p < r->end && is_digit(*p))
			p++;
	}
	if (p < r->end && (*p == 'e' || *p == 'E')) {
		p++;
		if (p < r->end && (*p == '+' || *p == '-'))
			p++;
		if (p >= r->end || !is_digit(*p))
			return fail(r, "JSON không hợp lệ: số sai dạng");
		while (p < r->end && is_digit(*p))
			p++;
	}
	if ((size_t)(p - s) > NUMBER_MAX)
		return fail(r, "Số dài quá %d ký tự", NUMBER_MAX);
	if (out) {
		memcpy(out, s, (size_t)(p - s));
		out[p - s] = 0;
	}
	r->p = p;
	return 0;
}

/* true, false or null: returns 1, 0 or 2; -1 for anything else. */
static int read_literal(reader *r)
{
	static const char *const words[] = {"false", "true", "null"};
	for (int i = 0; i < 3; i++) {
		size_t n = strlen(words[i]);
		if ((size_t)(r->end - r->p) >= n && memcmp(r->p, words[i], n) == 0) {
			r->p += n;
			return i;
		}
	}
	return fail(r, "JSON không hợp lệ: giá trị không nhận ra");
}

static int skip_value(reader *r, int depth);

/* An object or array being skipped, its opening bracket at r->p. */
static int skip_container(reader *r, int depth)
{
	char close = *r->p == '{' ? '}' : ']';
	int object = close == '}';
	if (depth > DHIS2_DEPTH_MAX)
		return fail(r, "Tài liệu lồng nhau quá %d cấp", DHIS2_DEPTH_MAX);
	r->p++;
	if (peek(r) == close) {
		r->p++;
		return 0;
	}
	for (;;) {
		if (object) {
			if (peek(r) != '"')
				return fail(r, "JSON không hợp lệ: cần tên trường trong ngoặc kép");
			if (read_string(r, NULL, 0, NULL, 0, NULL) || expect(r, ':', "':'"))
				return -1;
		}
		if (skip_value(r, depth + 1))
			return -1;
		int c = peek(r);
		if (c == ',') {
			r->p++;
			continue;
		}
		if (c == close) {
			r->p++;
			return 0;
		}
		return fail(r, "JSON không hợp lệ: cần ',' hoặc '%c'", close);
	}
}

static int skip_value(reader *r, int depth)
{
	int c = peek(r);
	if (c == '{' || c == '[')
		return skip_container(r, depth);
	if (c == '"')
		return read_string(r, NULL, 0, NULL, 0, NULL);
	if (c == '-' || (c >= '0' && c <= '9'))
		return read_number(r, NULL);
	if (c < 0)
		return fail(r, "JSON không hợp lệ: tài liệu kết thúc giữa chừng");
	return read_literal(r) < 0 ? -1 : 0;
}

/* A key at r->p, then the colon: into key (KEY_MAX + 1); *ours 0 when too long to
 * be one of ours. */
static int read_key(reader *r, char *key, int *ours)
{
	int over = 0;
	if (peek(r) != '"')
		return fail(r, "JSON không hợp lệ: cần tên trường trong ngoặc kép");
	if (read_string(r, key, KEY_MAX + 1, NULL, 1, &over) || expect(r, ':', "':'"))
		return -1;
	*ours = !over;
	return 0;
}

/* A string-or-null field of ours into buf; *has 0 for null. */
static int read_text_field(reader *r, const char *key, char *buf, int *has)
{
	int c = peek(r);
	if (c == '"') {
		*has = 1;
		return read_string(r, buf, DHIS2_FIELD_MAX + 1, NULL, 0, NULL);
	}
	if (c == 'n' && read_literal(r) == 2) {
		*has = 0;
		return 0;
	}
	return fail(r, "Trường \"%s\" phải là chuỗi", key);
}

/* "value": a string, a number (its text), a boolean ("true"/"false") or null. */
static int read_value_field(reader *r, char *buf, int *has)
{
	int c = peek(r);
	if (c == '"' || c == 'n')
		return read_text_field(r, "value", buf, has);
	*has = 1;
	if (c == '-' || (c >= '0' && c <= '9'))
		return read_number(r, buf);
	if (c == 't' || c == 'f') {
		int b = read_literal(r);
		if (b < 0 || b > 1)
			return -1;
		snprintf(buf, DHIS2_FIELD_MAX + 1, "%s", b ? "true" : "false");
		return 0;
	}
	return fail(r, "Trường \"value\" phải là chuỗi, số hoặc true/false");
}

/* One element of dataValues at depth (the object's own). */
static int read_data_value(reader *r, int depth, dv_buf *v)
{
	if (peek(r) != '{')
		return fail(r, "Mỗi phần tử của dataValues phải là một đối tượng");
	if (depth > DHIS2_DEPTH_MAX)
		return fail(r, "Tài liệu lồng nhau quá %d cấp", DHIS2_DEPTH_MAX);
	memset(v->has, 0, sizeof v->has);
	v->deleted = 0;
	v->line = r->line;
	r->p++;
	if (peek(r) == '}') {
		r->p++;
		return 0;
	}
	for (;;) {
		char key[KEY_MAX + 1];
		int ours = 0, k = -1;
		if (read_key(r, key, &ours))
			return -1;
		for (int i = 0; ours && i < 5 && k < 0; i++)
			if (strcmp(key, dv_keys[i]) == 0)
				k = i;
		int rc;
		if (k == F_VALUE) {
			rc = read_value_field(r, v->f[k], &v->has[k]);
		} else if (k >= 0) {
			rc = read_text_field(r, dv_keys[k], v->f[k], &v->has[k]);
		} else if (ours && strcmp(key, "deleted") == 0) {
			int b = peek(r) == '"' ? -1 : read_literal(r);
			if (b < 0)
				return fail(r, "Trường \"deleted\" phải là true hoặc false");
			v->deleted = b == 1;
			rc = 0;
		} else {
			rc = skip_value(r, depth + 1);
		}
		if (rc)
			return -1;
		int c = peek(r);
		if (c == ',') {
			r->p++;
			continue;
		}
		if (c == '}') {
			r->p++;
			return 0;
		}
		return fail(r, "JSON không hợp lệ: cần ',' hoặc '}'");
	}
}

/* What the document says besides its values. */
typedef struct doc_info {
	char period[DHIS2_FIELD_MAX + 1], org_unit[DHIS2_FIELD_MAX + 1];
	int has_period, has_org_unit;
	size_t count;
} doc_info;

typedef struct pass {
	int emit;                /* 0: check only; 1: call fn */
	doc_info *info;
	dhis2_value_fn fn;
	void *ctx;
	int stopped;
	dv_buf *v;
} pass;

static int emit_value(pass *ps, size_t index)
{
	const dv_buf *v = ps->v;
	const doc_info *in = ps->info;
	dhis2_value out = {
		.index = index,
		.line = v->line,
		.data_element = v->has[F_DE] ? v->f[F_DE] : NULL,
		.period = v->has[F_PERIOD] ? v->f[F_PERIOD] : in->has_period ? in->period : NULL,
		.org_unit = v->has[F_OU] ? v->f[F_OU] : in->has_org_unit ? in->org_unit : NULL,
		.value = v->has[F_VALUE] ? v->f[F_VALUE] : NULL,
		.comment = v->has[F_COMMENT] ? v->f[F_COMMENT] : NULL,
		.deleted = v->deleted,
	};
	if (ps->fn(ps->ctx, &out))
		ps->stopped = 1;
	return 0;
}

static int read_data_values(reader *r, pass *ps)
{
	if (peek(r) != '[')
		return fail(r, "\"dataValues\" phải là một mảng các đối tượng");
	r->p++;
	if (peek(r) == ']') {
		r->p++;
		return 0;
	}
	for (size_t i = 0;; i++) {
		if (i >= DHIS2_VALUES_MAX)
			return fail(r, "Tài liệu có hơn %d giá trị", DHIS2_VALUES_MAX);
		if (read_data_value(r, 3, ps->v))
			return -1;
		if (!ps->emit)
			ps->info->count++;
		else if (emit_value(ps, i) || ps->stopped)
			return 0;
		int c = peek(r);
		if (c == ',') {
			r->p++;
			continue;
		}
		if (c == ']') {
			r->p++;
			return 0;
		}
		return fail(r, "JSON không hợp lệ: cần ',' hoặc ']'");
	}
}

static int read_document(reader *r, pass *ps)
{
	int seen_values = 0;
	if ((size_t)(r->end - r->p) >= 3 && memcmp(r->p, "\xEF\xBB\xBF", 3) == 0)
		r->p += 3;
	if (peek(r) != '{')
		return fail(r, "Tài liệu phải là một đối tượng JSON dataValueSets");
	r->p++;
	int c = peek(r);
	while (c != '}') {
		char key[KEY_MAX + 1];
		int ours = 0, rc, has = 0;
		if (read_key(r, key, &ours))
			return -1;
		if (ours && strcmp(key, "dataValues") == 0) {
			if (seen_values++)
				return fail(r, "\"dataValues\" xuất hiện hai lần");
			rc = read_data_values(r, ps);
			if (!rc && ps->stopped)
				return 0;
		} else if (ours && strcmp(key, "period") == 0) {
			rc = read_text_field(r, key, ps->info->period, &has);
			ps->info->has_period = has;
		} else if (ours && strcmp(key, "orgUnit") == 0) {
			rc = read_text_field(r, key, ps->info->org_unit, &has);
			ps->info->has_org_unit = has;
		} else {
			rc = skip_value(r, 2);
		}
		if (rc)
			return -1;
		c = peek(r);
		if (c == ',') {
			r->p++;
			c = peek(r);
			if (c == '}')
				return fail(r, "JSON không hợp lệ: dấu ',' thừa trước '}'");
		} else if (c != '}') {
			return fail(r, "JSON không hợp lệ: cần ',' hoặc '}'");
		}
	}
	r->p++;
	if (peek(r) >= 0)
		return fail(r, "Có dữ liệu thừa sau tài liệu JSON");
	if (!seen_values)
		return fail(r, "Tài liệu không có \"dataValues\"");
	return 0;
}

tderr dhis2_parse(const char *buf, size_t len, dhis2_value_fn fn, void *ctx,
		  dhis2_error *err)
{
	if ((!buf && len) || !fn)
		return TD_EINTERNAL;
	if (err) {
		err->line = 0;
		err->message[0] = 0;
	}
	doc_info *info = calloc(1, sizeof *info);
	dv_buf *v = calloc(1, sizeof *v);
	if (!info || !v) {
		free(info);
		free(v);
		return TD_EINTERNAL;
	}
	reader r = {buf ? buf : "", (buf ? buf : "") + len, 1, err};
	pass ps = {0, info, fn, ctx, 0, v};
	tderr e = TD_OK;
	if (read_document(&r, &ps)) {
		e = TD_EINVALID;
	} else {
		/* checked, and the top-level defaults known wherever they stand: now the values */
		reader r2 = {buf ? buf : "", (buf ? buf : "") + len, 1, err};
		ps.emit = 1;
		if (read_document(&r2, &ps))
			e = TD_EINTERNAL; /* the same text read twice cannot differ */
	}
	free(info);
	free(v);
	return e;
}

/* ---- periods ---- */

static const char *const REASON_NINE =
	"Kỳ 9 tháng (N9) không có trong DHIS2; hãy gửi các tháng hoặc quý";
static const char *const REASON_OTHER_KIND =
	"Loại kỳ DHIS2 này (tuần, hai tháng, năm tài chính, ngày) không được hỗ trợ;"
	" dùng năm (2024), 6 tháng (2024S1), quý (2024Q2) hoặc tháng (202405)";
static const char *const REASON_BAD =
	"Mã kỳ DHIS2 không hợp lệ (ví dụ 2024, 2024S1, 2024Q2, 202405)";

tderr dhis2_period_parse(const char *code, period *out, const char **reason)
{
	period p;
	const char *why = REASON_BAD;
	if (code && out && period_parse(code, &p) == TD_OK) {
		if (p.kind != PERIOD_NINE) {
			*out = p;
			return TD_OK;
		}
		why = REASON_NINE;
	} else if (code && strlen(code) >= 5 && strspn(code, "0123456789") >= 4) {
		/* 2024W1, 2024BiW1, 202401B, 2024April, 2024AprilS1, 2024July, 2024Oct,
		 * 2024Nov, 20240501: real DHIS2 periods we do not report on */
		const char *t = code + 4;
		size_t digits = strspn(code, "0123456789");
		if (*t == 'W' || strncmp(t, "BiW", 3) == 0 || strncmp(t, "April", 5) == 0 ||
		    strncmp(t, "July", 4) == 0 || strncmp(t, "Oct", 3) == 0 ||
		    strncmp(t, "Nov", 3) == 0 ||
		    (digits == 6 && strcmp(code + 6, "B") == 0) ||
		    (digits == 8 && code[8] == 0))
			why = REASON_OTHER_KIND;
	}
	if (reason)
		*reason = why;
	return TD_EINVALID;
}

tderr dhis2_period_format(const period *p, char *buf, size_t size)
{
	if (buf && size)
		buf[0] = 0;
	if (!period_valid(p) || !buf)
		return TD_EINVALID;
	if (p->kind == PERIOD_NINE)
		return TD_ENOTFOUND;
	return period_format(p, buf, size);
}

/* ---- the export document ---- */

tderr dhis2_value_text(double v, char *buf, size_t size)
{
	if (!buf || size == 0)
		return TD_EINVALID;
	buf[0] = 0;
	if (!isfinite(v))
		return TD_EINVALID;
	if (v == 0)
		v = fabs(v); /* no "-0" */
	int n;
	if (v == floor(v) && fabs(v) < 1e15) {
		n = snprintf(buf, size, "%.0f", v);
		return n > 0 && (size_t)n < size ? TD_OK : TD_EINVALID;
	}
	for (int prec = 1; prec <= 17; prec++) {
		n = snprintf(buf, size, "%.*g", prec, v);
		if (n <= 0 || (size_t)n >= size) {
			buf[0] = 0;
			return TD_EINVALID;
		}
		if (strtod(buf, NULL) == v)
			return TD_OK;
	}
	return TD_OK;
}

json_t *dhis2_doc_new(void)
{
	return json_pack("{s:s,s:s,s:[]}", "dataElementIdScheme", "CODE", "orgUnitIdScheme",
			 "CODE", "dataValues");
}

int dhis2_doc_add(json_t *doc, const char *data_element, const period *p,
		  const char *org_unit, double value, const char *comment)
{
	json_t *arr = json_object_get(doc, "dataValues");
	char pc[PERIOD_CODE_SIZE], vt[32];
	if (!json_is_array(arr) || !data_element || !org_unit)
		return -1;
	tderr e = dhis2_period_format(p, pc, sizeof pc);
	if (e == TD_ENOTFOUND)
		return 0;
	if (e || dhis2_value_text(value, vt, sizeof vt))
		return -1;
	json_t *o = json_pack("{s:s,s:s,s:s,s:s}", "dataElement", data_element, "period", pc,
			      "orgUnit", org_unit, "value", vt);
	if (!o)
		return -1;
	if (comment && *comment && json_object_set_new(o, "comment", json_string(comment))) {
		json_decref(o);
		return -1;
	}
	return json_array_append_new(arr, o) ? -1 : 1;
}
