/* expr.c — parser and evaluator of the formula language (see expr.h): a
 * recursive-descent parser into a fixed pool of nodes, with bounded length, depth
 * and size, and a tree-walking evaluator over records handed in as JSON. */
#include "core/expr.h"
#include "core/vntext.h"
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum node_kind { N_NUM, N_STR, N_BOOL, N_NULL, N_TODAY, N_FIELD, N_AGG, N_NOT, N_NEG, N_BIN };
enum bin_op { OP_OR, OP_AND, OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE, OP_ADD, OP_SUB, OP_MUL,
	      OP_DIV };
enum agg_fn { AGG_COUNT, AGG_SUM, AGG_AVG, AGG_MIN, AGG_MAX };

typedef struct node {
	unsigned char kind, op;
	int a, b;            /* children (-1 = none); N_AGG: a = where */
	double num;          /* N_NUM, N_BOOL */
	const char *s1, *s2; /* N_STR text; N_FIELD name, aggregate's register;
			      * N_AGG register, field ("" for count) */
	size_t pos;
} node;

struct expr {
	node nodes[EXPR_NODES_MAX];
	int n, root;
	expr_mode mode;
	char *strings; /* names and string literals, NUL-terminated, back to back */
	size_t strused, strcap;
};

/* ---- lexer ---- */

enum tok_type { T_END, T_NUM, T_STR, T_NAME, T_LP, T_RP, T_DOT, T_PLUS, T_MINUS, T_STAR,
		T_SLASH, T_EQ, T_NE, T_LT, T_LE, T_GT, T_GE, T_ANDAND, T_OROR, T_BANG, T_BAD };

typedef struct token {
	enum tok_type type;
	size_t start, end; /* bytes */
	double num;
	const char *str;   /* T_STR (unescaped), T_NAME: copies in the string pool */
} token;

typedef struct parser {
	expr *e;
	const char *t;
	size_t len, i;
	token cur;
	expr_error *err;
	int failed, depth;
	const char *agg_reg; /* inside an aggregate: its register */
} parser;

static size_t char_pos(const char *t, size_t bytes)
{
	size_t n = 0;
	for (size_t i = 0; i < bytes; i++)
		if (((unsigned char)t[i] & 0xC0) != 0x80)
			n++;
	return n;
}

static void fail_at(parser *p, size_t byte, const char *code, const char *en, const char *vi,
		    ...) __attribute__((format(printf, 5, 6)));

/* Records the first failure only; messages carry the 1-based position for people. */
static void fail_at(parser *p, size_t byte, const char *code, const char *en, const char *vi,
		    ...)
{
	if (p->failed)
		return;
	p->failed = 1;
	if (!p->err)
		return;
	size_t pos = char_pos(p->t, byte > p->len ? p->len : byte);
	char what[160];
	va_list ap;
	va_start(ap, vi);
	vsnprintf(what, sizeof what, vi, ap);
	va_end(ap);
	p->err->pos = pos;
	p->err->code = code;
	snprintf(p->err->message, sizeof p->err->message, "%s (vị trí %zu)", what, pos + 1);
	snprintf(p->err->message_en, sizeof p->err->message_en, "%s (position %zu)", en, pos + 1);
}

static const char *pool_copy(parser *p, const char *s, size_t n)
{
	expr *e = p->e;
	if (e->strused + n + 1 > e->strcap)
		return NULL; /* cannot happen: the pool is sized from the text */
	char *d = e->strings + e->strused;
	memcpy(d, s, n);
	d[n] = 0;
	e->strused += n + 1;
	return d;
}

static int is_name_start(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static int is_name_char(char c)
{
	return is_name_start(c) || (c >= '0' && c <= '9');
}

static void lex_number(parser *p, token *k)
{
	const char *t = p->t;
	size_t i = p->i, digits = 0;
	double v = 0;
	while (i < p->len && t[i] >= '0' && t[i] <= '9') {
		v = v * 10 + (t[i] - '0');
		i++;
		digits++;
	}
	if (i < p->len && t[i] == '.') {
		i++;
		double scale = 1;
		size_t frac = 0;
		while (i < p->len && t[i] >= '0' && t[i] <= '9') {
			if (frac < 18) {
				v = v * 10 + (t[i] - '0');
				scale *= 10;
			}
			i++;
			frac++;
		}
		if (frac == 0) {
			fail_at(p, i, "bad_number", "Invalid number: digits expected after '.'",
				"Số không hợp lệ: cần chữ số sau dấu '.'");
			return;
		}
		v /= scale;
	}
	if (digits > 15 || !isfinite(v)) {
		fail_at(p, p->i, "bad_number", "Number too long", "Số quá dài");
		return;
	}
	if (i < p->len && is_name_char(t[i])) {
		fail_at(p, i, "bad_number", "Invalid number", "Số không hợp lệ");
		return;
	}
	k->type = T_NUM;
	k->num = v;
	p->i = i;
}

static void lex_string(parser *p, token *k)
{
	const char *t = p->t;
	size_t i = p->i + 1;
	char *buf = p->e->strings + p->e->strused;
	size_t n = 0;
	for (;;) {
		if (i >= p->len) {
			fail_at(p, p->i, "unterminated_string", "Unterminated text: missing closing '",
				"Chuỗi chưa đóng: thiếu dấu nháy đơn kết thúc");
			return;
		}
		if (t[i] == '\'') {
			if (i + 1 < p->len && t[i + 1] == '\'') {
				buf[n++] = '\'';
				i += 2;
				continue;
			}
			i++;
			break;
		}
		buf[n++] = t[i++];
	}
	buf[n] = 0;
	p->e->strused += n + 1;
	k->type = T_STR;
	k->str = buf;
	p->i = i;
}

static void next(parser *p)
{
	token k = {T_END, 0, 0, 0, NULL};
	const char *t = p->t;
	while (p->i < p->len && (t[p->i] == ' ' || t[p->i] == '\t' || t[p->i] == '\n' ||
				 t[p->i] == '\r'))
		p->i++;
	k.start = p->i;
	if (p->failed || p->i >= p->len) {
		k.end = p->i;
		p->cur = k;
		return;
	}
	char c = t[p->i], d = 0;
	if (p->i + 1 < p->len)
		d = t[p->i + 1];
	size_t two = 0;
	switch (c) {
	case '(': k.type = T_LP; break;
	case ')': k.type = T_RP; break;
	case '.': k.type = T_DOT; break;
	case '+': k.type = T_PLUS; break;
	case '-': k.type = T_MINUS; break;
	case '*': k.type = T_STAR; break;
	case '/': k.type = T_SLASH; break;
	case '=': k.type = T_EQ; two = d == '='; break;
	case '!': if (d == '=') { k.type = T_NE; two = 1; } else k.type = T_BANG; break;
	case '<':
		if (d == '=') { k.type = T_LE; two = 1; }
		else if (d == '>') { k.type = T_NE; two = 1; }
		else k.type = T_LT;
		break;
	case '>': if (d == '=') { k.type = T_GE; two = 1; } else k.type = T_GT; break;
	case '&': if (d == '&') { k.type = T_ANDAND; two = 1; } else k.type = T_BAD; break;
	case '|': if (d == '|') { k.type = T_OROR; two = 1; } else k.type = T_BAD; break;
	default: k.type = T_BAD; break;
	}
	if (k.type != T_BAD) {
		p->i += 1 + two;
	} else if (c >= '0' && c <= '9') {
		lex_number(p, &k);
	} else if (c == '\'') {
		lex_string(p, &k);
	} else if (is_name_start(c)) {
		size_t j = p->i;
		while (j < p->len && is_name_char(t[j]))
			j++;
		if (j - p->i > EXPR_NAME_MAX) {
			fail_at(p, p->i, "name_too_long", "Name too long (at most 64 characters)",
				"Tên quá dài (tối đa %d ký tự)", EXPR_NAME_MAX);
		} else {
			k.type = T_NAME;
			k.str = pool_copy(p, t + p->i, j - p->i);
			p->i = j;
		}
	} else if ((unsigned char)c >= 0x80) {
		fail_at(p, p->i, "bad_character",
			"Unexpected character: names are unaccented letters, digits and _",
			"Ký tự không hợp lệ: tên chỉ gồm chữ không dấu, chữ số và dấu _");
	} else {
		fail_at(p, p->i, "bad_character", "Unexpected character",
			"Ký tự không hợp lệ '%c'", (c >= 32 && c < 127) ? c : '?');
	}
	if (p->failed)
		k.type = T_END;
	k.end = p->i;
	p->cur = k;
}

static int is_kw(const token *k, const char *kw)
{
	return k->type == T_NAME && k->str && strcasecmp(k->str, kw) == 0;
}

static int agg_of(const char *name)
{
	static const char *const names[] = {"count", "sum", "avg", "min", "max"};
	for (int i = 0; i < 5; i++)
		if (strcasecmp(name, names[i]) == 0)
			return i;
	return -1;
}

static int is_reserved(const char *name)
{
	static const char *const kws[] = {"and", "or", "not", "where", "true", "false", "null",
					  "today"};
	for (size_t i = 0; i < sizeof kws / sizeof kws[0]; i++)
		if (strcasecmp(name, kws[i]) == 0)
			return 1;
	return 0;
}

/* ---- parser ---- */

static int new_node(parser *p, int kind, size_t pos)
{
	expr *e = p->e;
	if (e->n >= EXPR_NODES_MAX) {
		fail_at(p, pos, "too_complex", "Formula too complex",
			"Công thức quá phức tạp (tối đa %d phần tử)", EXPR_NODES_MAX);
		return -1;
	}
	node *n = &e->nodes[e->n];
	memset(n, 0, sizeof *n);
	n->kind = (unsigned char)kind;
	n->a = n->b = -1;
	n->pos = char_pos(p->t, pos);
	return e->n++;
}

static int parse_or(parser *p);

static int enter(parser *p)
{
	if (++p->depth > EXPR_DEPTH_MAX) {
		fail_at(p, p->cur.start, "too_deep", "Formula nested too deeply",
			"Công thức lồng nhau quá sâu (tối đa %d mức)", EXPR_DEPTH_MAX);
		return 0;
	}
	return 1;
}

static void expect_value_fail(parser *p)
{
	if (p->cur.type == T_END)
		fail_at(p, p->cur.start, "unexpected_end", "Formula ends too early: a value is missing",
			"Công thức kết thúc sớm: thiếu giá trị");
	else
		fail_at(p, p->cur.start, "syntax", "A value is expected here",
			"Cần một giá trị (số, trường, hàm) ở đây");
}

static int parse_aggregate(parser *p, int fn, size_t at)
{
	if (p->e->mode == EXPR_ROW) {
		fail_at(p, at, "aggregate_in_row", "A derived field cannot use aggregates",
			"Công thức của trường dẫn xuất không dùng hàm tổng hợp");
		return -1;
	}
	if (p->agg_reg) {
		fail_at(p, at, "nested_aggregate", "Aggregates cannot be nested",
			"Không lồng hàm tổng hợp trong hàm tổng hợp");
		return -1;
	}
	next(p); /* ( */
	if (p->cur.type != T_NAME || is_reserved(p->cur.str) || agg_of(p->cur.str) >= 0) {
		if (!p->failed)
			fail_at(p, p->cur.start, "register_expected", "A register name is expected",
				"Cần tên sổ đăng ký");
		return -1;
	}
	int id = new_node(p, N_AGG, at);
	if (id < 0)
		return -1;
	node *n = &p->e->nodes[id];
	n->op = (unsigned char)fn;
	n->s1 = p->cur.str;
	n->s2 = "";
	n->pos = char_pos(p->t, p->cur.start);
	size_t reg_at = p->cur.start;
	next(p);
	if (p->cur.type == T_DOT) {
		next(p);
		if (p->cur.type != T_NAME || is_reserved(p->cur.str)) {
			if (!p->failed)
				fail_at(p, p->cur.start, "field_expected",
					"A field name is expected after '.'",
					"Cần tên trường sau dấu '.'");
			return -1;
		}
		if (fn == AGG_COUNT) {
			fail_at(p, reg_at, "count_field",
				"count takes a register, not a field: count(register where ...)",
				"count chỉ nhận tên sổ, không nhận trường: count(sổ where ...)");
			return -1;
		}
		p->e->nodes[id].s2 = p->cur.str;
		next(p);
	} else if (fn != AGG_COUNT) {
		fail_at(p, p->cur.start, "field_expected", "This function needs register.field",
			"Hàm này cần dạng sổ.trường, ví dụ sum(%s.truong)", p->e->nodes[id].s1);
		return -1;
	}
	if (is_kw(&p->cur, "where")) {
		next(p);
		p->agg_reg = p->e->nodes[id].s1;
		int w = parse_or(p);
		p->agg_reg = NULL;
		if (w < 0)
			return -1;
		p->e->nodes[id].a = w;
	}
	if (p->cur.type != T_RP) {
		if (!p->failed)
			fail_at(p, p->cur.start, "missing_paren", "Missing ')'", "Thiếu dấu ')'");
		return -1;
	}
	next(p);
	return id;
}

static int parse_name(parser *p)
{
	token k = p->cur;
	if (is_kw(&k, "true") || is_kw(&k, "false")) {
		int id = new_node(p, N_BOOL, k.start);
		if (id >= 0)
			p->e->nodes[id].num = is_kw(&k, "true");
		next(p);
		return id;
	}
	if (is_kw(&k, "null") || is_kw(&k, "today")) {
		int id = new_node(p, is_kw(&k, "null") ? N_NULL : N_TODAY, k.start);
		next(p);
		return id;
	}
	if (is_reserved(k.str)) {
		fail_at(p, k.start, "syntax", "A value is expected here, not a keyword",
			"Cần một giá trị ở đây, không phải từ khoá '%s'", k.str);
		return -1;
	}
	next(p);
	if (p->cur.type == T_LP) {
		int fn = agg_of(k.str);
		if (fn < 0) {
			fail_at(p, k.start, "unknown_function",
				"Unknown function: use count, sum, avg, min or max",
				"Hàm không xác định '%s': dùng count, sum, avg, min, max", k.str);
			return -1;
		}
		return parse_aggregate(p, fn, k.start);
	}
	const char *field = k.str;
	if (p->cur.type == T_DOT) {
		next(p);
		if (p->cur.type != T_NAME || is_reserved(p->cur.str)) {
			if (!p->failed)
				fail_at(p, p->cur.start, "field_expected",
					"A field name is expected after '.'",
					"Cần tên trường sau dấu '.'");
			return -1;
		}
		if (p->e->mode == EXPR_ROW || !p->agg_reg) {
			fail_at(p, k.start, "field_outside_aggregate",
				"A register field must be inside count, sum, avg, min or max",
				"Trường của sổ phải nằm trong hàm count, sum, avg, min hoặc max");
			return -1;
		}
		if (strcmp(k.str, p->agg_reg) != 0) {
			fail_at(p, k.start, "other_register",
				"A condition may only use fields of its own register",
				"Điều kiện chỉ được dùng trường của sổ '%s'", p->agg_reg);
			return -1;
		}
		field = p->cur.str;
		next(p);
	} else if (p->e->mode == EXPR_AGGREGATE && !p->agg_reg) {
		fail_at(p, k.start, "field_outside_aggregate",
			"A field can only be used in the where condition of an aggregate",
			"Trường '%s' chỉ dùng được trong điều kiện where của một hàm tổng hợp",
			k.str);
		return -1;
	}
	int id = new_node(p, N_FIELD, k.start);
	if (id >= 0) {
		p->e->nodes[id].s1 = field;
		p->e->nodes[id].s2 = p->agg_reg ? p->agg_reg : "";
	}
	return id;
}

static int parse_unary(parser *p);

static int parse_primary(parser *p)
{
	token k = p->cur;
	int id;
	switch (k.type) {
	case T_NUM:
		if ((id = new_node(p, N_NUM, k.start)) >= 0)
			p->e->nodes[id].num = k.num;
		next(p);
		return id;
	case T_STR:
		if ((id = new_node(p, N_STR, k.start)) >= 0)
			p->e->nodes[id].s1 = k.str;
		next(p);
		return id;
	case T_NAME:
		return parse_name(p);
	case T_LP:
		next(p);
		id = parse_or(p);
		if (id < 0)
			return -1;
		if (p->cur.type != T_RP) {
			if (!p->failed)
				fail_at(p, p->cur.start, "missing_paren", "Missing ')'",
					"Thiếu dấu ')'");
			return -1;
		}
		next(p);
		return id;
	default:
		if (!p->failed)
			expect_value_fail(p);
		return -1;
	}
}

/* A prefix operator at the current token: its operand by operand(), under one more
 * level of depth, then a node of kind over it. */
static int parse_prefix(parser *p, int kind, int (*operand)(parser *))
{
	size_t at = p->cur.start;
	if (!enter(p))
		return -1;
	next(p);
	int a = operand(p);
	p->depth--;
	if (a < 0)
		return -1;
	int id = new_node(p, kind, at);
	if (id >= 0)
		p->e->nodes[id].a = a;
	return id;
}

static int parse_unary(parser *p)
{
	if (p->cur.type != T_MINUS)
		return parse_primary(p);
	return parse_prefix(p, N_NEG, parse_unary);
}

static int binary(parser *p, int op, int a, int b, size_t at)
{
	if (a < 0 || b < 0)
		return -1;
	int id = new_node(p, N_BIN, at);
	if (id >= 0) {
		p->e->nodes[id].op = (unsigned char)op;
		p->e->nodes[id].a = a;
		p->e->nodes[id].b = b;
	}
	return id;
}

static int parse_mul(parser *p)
{
	int a = parse_unary(p);
	while (a >= 0 && (p->cur.type == T_STAR || p->cur.type == T_SLASH)) {
		int op = p->cur.type == T_STAR ? OP_MUL : OP_DIV;
		size_t at = p->cur.start;
		next(p);
		a = binary(p, op, a, parse_unary(p), at);
	}
	return a;
}

static int parse_add(parser *p)
{
	int a = parse_mul(p);
	while (a >= 0 && (p->cur.type == T_PLUS || p->cur.type == T_MINUS)) {
		int op = p->cur.type == T_PLUS ? OP_ADD : OP_SUB;
		size_t at = p->cur.start;
		next(p);
		a = binary(p, op, a, parse_mul(p), at);
	}
	return a;
}

static int cmp_op(enum tok_type t)
{
	switch (t) {
	case T_EQ: return OP_EQ;
	case T_NE: return OP_NE;
	case T_LT: return OP_LT;
	case T_LE: return OP_LE;
	case T_GT: return OP_GT;
	case T_GE: return OP_GE;
	default: return -1;
	}
}

static int parse_cmp(parser *p)
{
	int a = parse_add(p);
	int op = cmp_op(p->cur.type);
	if (a < 0 || op < 0)
		return a;
	size_t at = p->cur.start;
	next(p);
	a = binary(p, op, a, parse_add(p), at);
	if (a >= 0 && cmp_op(p->cur.type) >= 0) {
		fail_at(p, p->cur.start, "chained_comparison",
			"Comparisons cannot be chained: use and",
			"Không so sánh liên tiếp: hãy dùng and");
		return -1;
	}
	return a;
}

static int parse_not(parser *p)
{
	if (!is_kw(&p->cur, "not") && p->cur.type != T_BANG)
		return parse_cmp(p);
	return parse_prefix(p, N_NOT, parse_not);
}

static int parse_and(parser *p)
{
	int a = parse_not(p);
	while (a >= 0 && (is_kw(&p->cur, "and") || p->cur.type == T_ANDAND)) {
		size_t at = p->cur.start;
		next(p);
		a = binary(p, OP_AND, a, parse_not(p), at);
	}
	return a;
}

static int parse_or(parser *p)
{
	if (!enter(p))
		return -1;
	int a = parse_and(p);
	while (a >= 0 && (is_kw(&p->cur, "or") || p->cur.type == T_OROR)) {
		size_t at = p->cur.start;
		next(p);
		a = binary(p, OP_OR, a, parse_and(p), at);
	}
	p->depth--;
	return a;
}

tderr expr_parse(const char *text, size_t len, expr_mode mode, expr **out, expr_error *err)
{
	*out = NULL;
	parser p;
	memset(&p, 0, sizeof p);
	p.t = text ? text : "";
	p.len = text ? len : 0;
	p.err = err;
	if (err)
		memset(err, 0, sizeof *err);
	if (p.len > EXPR_TEXT_MAX) {
		fail_at(&p, EXPR_TEXT_MAX, "too_long", "Formula too long (at most 2000 bytes)",
			"Công thức quá dài (tối đa %d byte)", EXPR_TEXT_MAX);
		return TD_EINVALID;
	}
	if (!vn_valid_text(p.t, p.len)) {
		/* position of the first bad byte is not worth a UTF-8 decoder here */
		fail_at(&p, 0, "bad_text", "The formula is not valid UTF-8 text",
			"Công thức chứa ký tự không hợp lệ");
		return TD_EINVALID;
	}
	expr *e = calloc(1, sizeof *e);
	if (!e)
		return TD_EINTERNAL;
	e->strcap = 2 * p.len + 2;
	e->strings = malloc(e->strcap);
	if (!e->strings) {
		free(e);
		return TD_EINTERNAL;
	}
	e->mode = mode;
	p.e = e;
	next(&p);
	if (!p.failed && p.cur.type == T_END) {
		fail_at(&p, 0, "empty", "The formula is empty", "Công thức trống");
	} else {
		e->root = parse_or(&p);
		if (!p.failed && p.cur.type != T_END)
			fail_at(&p, p.cur.start, "trailing",
				p.cur.type == T_RP ? "Unbalanced ')'" : "Unexpected text after the formula",
				p.cur.type == T_RP ? "Thừa dấu ')'" : "Thừa nội dung sau công thức");
	}
	if (p.failed || e->root < 0) {
		if (!p.failed)
			fail_at(&p, 0, "syntax", "Invalid formula", "Công thức không hợp lệ");
		expr_free(e);
		return TD_EINVALID;
	}
	*out = e;
	return TD_OK;
}

void expr_free(expr *e)
{
	if (!e)
		return;
	free(e->strings);
	free(e);
}

size_t expr_refs(const expr *e, expr_ref *refs, size_t max)
{
	size_t n = 0;
	for (int i = 0; e && i < e->n; i++) {
		const node *k = &e->nodes[i];
		if (k->kind != N_AGG && k->kind != N_FIELD)
			continue;
		if (n < max) {
			refs[n].reg = k->kind == N_AGG ? k->s1 : k->s2;
			refs[n].field = k->kind == N_AGG ? k->s2 : k->s1;
			refs[n].pos = k->pos;
		}
		n++;
	}
	return n;
}

/* ---- evaluator ---- */

static expr_value v_null(void)
{
	expr_value v = {EXPR_NULL, 0, NULL};
	return v;
}

static expr_value v_num(double x)
{
	expr_value v = {isfinite(x) ? EXPR_NUMBER : EXPR_NULL, isfinite(x) ? x : 0, NULL};
	return v;
}

static expr_value v_bool(int b)
{
	expr_value v = {EXPR_BOOL, b ? 1 : 0, NULL};
	return v;
}

static expr_value from_json(const json_t *j)
{
	if (json_is_number(j))
		return v_num(json_number_value(j));
	if (json_is_boolean(j))
		return v_bool(json_is_true(j));
	if (json_is_string(j)) {
		expr_value v = {EXPR_TEXT, 0, json_string_value(j)};
		return v;
	}
	return v_null();
}

static int truth(expr_value v)
{
	switch (v.type) {
	case EXPR_NUMBER:
	case EXPR_BOOL: return v.num != 0;
	case EXPR_TEXT: return v.text && v.text[0];
	default: return 0;
	}
}

static int numeric(expr_value v)
{
	return v.type == EXPR_NUMBER || v.type == EXPR_BOOL;
}

static expr_value eval_node(const expr *e, int i, const expr_env *env, const json_t *row);

static expr_value compare(int op, expr_value a, expr_value b, int null_literal)
{
	if (null_literal && (op == OP_EQ || op == OP_NE)) {
		int same = a.type == EXPR_NULL && b.type == EXPR_NULL;
		return v_bool(op == OP_EQ ? same : !same);
	}
	int c;
	if (numeric(a) && numeric(b))
		c = a.num < b.num ? -1 : a.num > b.num ? 1 : 0;
	else if (a.type == EXPR_TEXT && b.type == EXPR_TEXT)
		c = strcmp(a.text, b.text);
	else
		return v_bool(op == OP_NE && a.type != EXPR_NULL && b.type != EXPR_NULL);
	switch (op) {
	case OP_EQ: return v_bool(c == 0);
	case OP_NE: return v_bool(c != 0);
	case OP_LT: return v_bool(c < 0);
	case OP_LE: return v_bool(c <= 0);
	case OP_GT: return v_bool(c > 0);
	default: return v_bool(c >= 0);
	}
}

static expr_value eval_aggregate(const expr *e, const node *k, const expr_env *env)
{
	const json_t *recs = env && env->records ? env->records(env->ctx, k->s1) : NULL;
	size_t idx, count = 0;
	const json_t *rec;
	double acc = 0;
	int any = 0;
	json_array_foreach(recs, idx, rec)
	{
		if (k->a >= 0 && !truth(eval_node(e, k->a, env, rec)))
			continue;
		if (k->op == AGG_COUNT) {
			count++;
			continue;
		}
		expr_value v = from_json(json_object_get(rec, k->s2));
		if (!numeric(v))
			continue;
		if (!any) {
			acc = k->op == AGG_MIN || k->op == AGG_MAX ? v.num : 0;
			any = 1;
		}
		count++;
		switch (k->op) {
		case AGG_MIN: if (v.num < acc) acc = v.num; break;
		case AGG_MAX: if (v.num > acc) acc = v.num; break;
		default: acc += v.num; break;
		}
	}
	switch (k->op) {
	case AGG_COUNT: return v_num((double)count);
	case AGG_SUM: return v_num(acc);
	case AGG_AVG: return count ? v_num(acc / (double)count) : v_null();
	default: return any ? v_num(acc) : v_null();
	}
}

static expr_value eval_node(const expr *e, int i, const expr_env *env, const json_t *row)
{
	const node *k = &e->nodes[i];
	switch (k->kind) {
	case N_NUM: return v_num(k->num);
	case N_BOOL: return v_bool(k->num != 0);
	case N_NULL: return v_null();
	case N_STR: {
		expr_value v = {EXPR_TEXT, 0, k->s1};
		return v;
	}
	case N_TODAY: {
		expr_value v = {env && env->today ? EXPR_TEXT : EXPR_NULL, 0,
				env ? env->today : NULL};
		return v;
	}
	case N_FIELD: return from_json(json_object_get(row, k->s1));
	case N_AGG: return eval_aggregate(e, k, env);
	case N_NOT: return v_bool(!truth(eval_node(e, k->a, env, row)));
	case N_NEG: {
		expr_value a = eval_node(e, k->a, env, row);
		return numeric(a) ? v_num(-a.num) : v_null();
	}
	default: break;
	}
	if (k->op == OP_AND)
		return v_bool(truth(eval_node(e, k->a, env, row)) &&
			      truth(eval_node(e, k->b, env, row)));
	if (k->op == OP_OR)
		return v_bool(truth(eval_node(e, k->a, env, row)) ||
			      truth(eval_node(e, k->b, env, row)));
	expr_value a = eval_node(e, k->a, env, row), b = eval_node(e, k->b, env, row);
	if (k->op <= OP_GE)
		return compare(k->op, a, b,
			       e->nodes[k->a].kind == N_NULL || e->nodes[k->b].kind == N_NULL);
	if (!numeric(a) || !numeric(b))
		return v_null();
	switch (k->op) {
	case OP_ADD: return v_num(a.num + b.num);
	case OP_SUB: return v_num(a.num - b.num);
	case OP_MUL: return v_num(a.num * b.num);
	default: return b.num == 0 ? v_null() : v_num(a.num / b.num);
	}
}

expr_value expr_eval(const expr *e, const expr_env *env)
{
	if (!e || e->root < 0)
		return v_null();
	return eval_node(e, e->root, env, env ? env->row : NULL);
}

double expr_eval_number(const expr *e, const expr_env *env, int *is_null)
{
	expr_value v = expr_eval(e, env);
	*is_null = !numeric(v);
	return numeric(v) ? v.num : 0;
}

int expr_eval_truth(const expr *e, const expr_env *env)
{
	return truth(expr_eval(e, env));
}
