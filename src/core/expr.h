/* expr.h — the small formula language of computed indicators and of the derived
 * fields of registers. No I/O: the caller hands the records in.
 *
 *   count(boarding_house where prices_posted and tax_declared)
 *   sum(waste_group.households_sorting) / sum(waste_group.households) * 100
 *   fire_equipment and hygiene and rooms >= 5          (a row formula)
 *
 * Grammar (keywords are ASCII, case-insensitive):
 *   expr    := or ;  or := and ('or' and)* ;  and := not ('and' not)*
 *   not     := 'not' not | cmp ;  cmp := add [('='|'=='|'!='|'<>'|'<'|'<='|'>'|'>=') add]
 *   add     := mul (('+'|'-') mul)* ;  mul := unary (('*'|'/') unary)*
 *   unary   := '-' unary | primary
 *   primary := NUMBER | 'text' | true | false | null | today | '(' expr ')'
 *            | FIELD                                    (row formulas, or inside where)
 *            | count '(' REGISTER [where expr] ')'
 *            | (sum|avg|min|max) '(' REGISTER '.' FIELD [where expr] ')'
 * Names are [A-Za-z_][A-Za-z0-9_]* (at most EXPR_NAME_MAX bytes). Strings are in
 * single quotes, '' for a quote. Aggregates do not nest.
 *
 * Values: number, yes/no, text, null. A missing field is null; arithmetic with null
 * is null; a comparison with null is false; division by zero is null. sum, avg, min
 * and max skip nulls (avg, min, max of nothing are null; sum of nothing is 0).
 * In a condition null, 0 and '' are false. */
#ifndef TD_EXPR_H
#define TD_EXPR_H
#include <jansson.h>
#include <stddef.h>
#include "core/err.h"

#define EXPR_TEXT_MAX 2000  /* bytes of formula text */
#define EXPR_DEPTH_MAX 32   /* nesting of parentheses and operators */
#define EXPR_NODES_MAX 400  /* operators, operands and aggregates */
#define EXPR_NAME_MAX 64    /* bytes of a register or field name */
#define EXPR_REFS_MAX 64    /* distinct register.field references */

typedef enum expr_mode {
	EXPR_AGGREGATE = 0, /* an indicator: aggregates over registers, fields inside them */
	EXPR_ROW,           /* a derived field: the fields of one record, no aggregates */
} expr_mode;

/* Where and why a formula was refused. pos is the 0-based character (code point)
 * offset of the offending token; message is Vietnamese, message_en English. */
typedef struct expr_error {
	size_t pos;
	const char *code;        /* snake_case: "syntax", "too_long", "too_deep" ... */
	char message[200];
	char message_en[200];
} expr_error;

typedef struct expr expr;

/* Parses text[0..len) (UTF-8) in the given mode. On success *out is a new formula
 * (free with expr_free). On failure returns TD_EINVALID, *out is NULL and err (when
 * not NULL) says where and why. */
tderr expr_parse(const char *text, size_t len, expr_mode mode, expr **out, expr_error *err);
/* Frees a formula. Accepts NULL. */
void expr_free(expr *e);

/* A reference to a register (and field) made by the formula, for the caller to check
 * against the schema. field is "" for count(REGISTER) and for a row formula's fields
 * register is "". Strings point into the formula. pos as in expr_error. */
typedef struct expr_ref {
	const char *reg, *field;
	size_t pos;
} expr_ref;

/* The formula's references in order of appearance (fields within a where clause are
 * reported with the register of their aggregate). Returns how many; at most max
 * are copied to refs. */
size_t expr_refs(const expr *e, expr_ref *refs, size_t max);

/* Where the records come from: for a register code, a JSON array of objects (one per
 * record, field name → value), borrowed; NULL when the register is unknown (which
 * evaluates as no records). */
typedef const json_t *(*expr_records_fn)(void *ctx, const char *reg);

typedef struct expr_env {
	expr_records_fn records; /* EXPR_AGGREGATE */
	void *ctx;
	const json_t *row;       /* EXPR_ROW: the record */
	const char *today;       /* YYYY-MM-DD for `today`; NULL = null */
} expr_env;

/* Result of an evaluation. */
typedef struct expr_value {
	enum { EXPR_NULL = 0, EXPR_NUMBER, EXPR_BOOL, EXPR_TEXT } type;
	double num;       /* EXPR_NUMBER; EXPR_BOOL: 0 or 1 */
	const char *text; /* EXPR_TEXT: borrowed from the formula or the records */
} expr_value;

/* Evaluates the formula. Never fails on data: bad types give null. */
expr_value expr_eval(const expr *e, const expr_env *env);
/* expr_eval as a number: *is_null set when there is no number (null, text). A yes/no
 * result is 1 or 0. */
double expr_eval_number(const expr *e, const expr_env *env, int *is_null);
/* expr_eval as a condition (null, 0, '' are false). */
int expr_eval_truth(const expr *e, const expr_env *env);

#endif
