/* regschema.h — the schema of a register type as data: its fields (name, labels,
 * type, required, min/max, choices) and derived fields (a row formula over the
 * record, e.g. "safe and civilised" from a checklist), how a schema may change
 * (fields are added or relabelled, never removed or retyped, so old records stay
 * valid), and the check of a record's data against a schema. Pure: no I/O. */
#ifndef TD_REGSCHEMA_H
#define TD_REGSCHEMA_H
#include <jansson.h>
#include <stddef.h>
#include "core/err.h"

#define REG_FIELDS_MAX 60      /* fields of one type */
#define REG_DERIVED_MAX 10     /* derived fields of one type */
#define REG_CHOICES_MAX 50     /* choices of one field */
#define REG_LABEL_MAX 200      /* bytes of a label or a choice */
#define REG_TEXT_MAX 2000      /* bytes of a text value */
#define REG_NAME_MAX 48        /* bytes of a field or register code */

/* Field types, NULL-terminated: text, integer, decimal, yesno, date, choice, unit. */
extern const char *const reg_field_types[];

/* Why a schema or a record was refused: a static code and Vietnamese message, and
 * the field path ("fields[2].name", "data.rooms"). */
typedef struct reg_fail {
	const char *code;
	const char *message;
	char field[96];
	size_t pos;        /* derived formulas: character position of the error */
	char detail[220];  /* derived formulas: the parser's message */
} reg_fail;

/* 1 when s is a register or field name: [a-z][a-z0-9_]*, at most REG_NAME_MAX bytes. */
int regschema_name_ok(const char *s);

/* Checks fields (an array of field objects) and derived (an array of {name, label,
 * label_en, formula}, may be NULL) and writes their clean form (known keys only,
 * defaults filled) to *fields_out and *derived_out (new references).
 * TD_EINVALID with f filled. */
tderr regschema_check(const json_t *fields, const json_t *derived, json_t **fields_out,
		      json_t **derived_out, reg_fail *f);

/* Checks that next may replace prev (both clean): every field of prev is still
 * there with the same type. TD_EINVALID (field_removed, field_type_changed). */
tderr regschema_evolve(const json_t *prev, const json_t *next, reg_fail *f);

/* Checks data (an object) against fields (clean) and writes its clean form to *out
 * (new reference: known fields only, text in NFC, integers as integers, empty
 * optional values dropped). Unit reference values are checked for form only (a
 * code of digits); the caller checks they exist. TD_EINVALID with f filled. */
tderr regschema_check_record(const json_t *fields, const json_t *data, json_t **out,
			     reg_fail *f);

/* The derived values of a record: {name: value} computed from data with the
 * formulas of derived (clean); null where a formula gives null. New reference. */
json_t *regschema_derive(const json_t *derived, const json_t *data);

/* A cell of an imported table (text as read from CSV or XLSX) as the JSON value
 * of field (clean): numbers with '.' or ',' as the decimal mark and no grouping,
 * yes/no as có/không/yes/no/true/false/x/1/0, dates as YYYY-MM-DD, dd/mm/yyyy or an
 * Excel day number, choices matched without regard to case. An empty cell gives
 * *out NULL. TD_EINVALID with *why a Vietnamese reason when the text does not fit
 * (range and required are regschema_check_record's business). */
tderr regschema_parse_cell(const json_t *field, const char *text, json_t **out,
			   const char **why);

/* The name of the first text field (the record's title), or NULL. */
const char *regschema_title_field(const json_t *fields);

#endif
