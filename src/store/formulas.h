/* formulas.h — formulas of computed indicators over the registers: checked against
 * the registers' current schemas, and evaluated for a unit from its records. */
#ifndef TD_FORMULAS_H
#define TD_FORMULAS_H
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include "core/err.h"
#include "core/expr.h"
#include "store/db.h"

/* Parses formula and checks every register and field it names exists (a field of
 * the register's current schema, or one of its derived fields). TD_EINVALID with
 * err filled (code unknown_register / unknown_field and their position);
 * other errors from the database. */
tderr formulas_check(db *d, const char *formula, expr_error *err);

/* Evaluates formula over the records at unit_path (own_only) or in its subtree.
 * *is_null when it gives no number. TD_EINVALID (err filled) when the formula does
 * not parse. */
tderr formulas_eval(db *d, const char *formula, const char *unit_path, int own_only,
		    double *value, int *is_null, expr_error *err);

/* The plan's indicators that carry a formula, in order: a new array of
 * {indicator_id, code, name, unit_label, value_type, decimals, formula}. */
tderr formulas_plan_indicators(db *d, int64_t plan_id, json_t **items);

/* Adds to each entry of a report's "form" whose indicator carries a formula:
 * "formula" and "computed_value" (the formula over the records at the report's
 * own unit, null when it gives no number). report is the JSON of reports_get. */
tderr formulas_prefill(db *d, json_t *report);

/* Sets (or, with NULL, clears) the formula of an indicator; the caller has checked
 * it (formulas_check). Inside the caller's transaction. */
tderr formulas_set(db *d, int64_t indicator_id, const char *formula);

#endif
