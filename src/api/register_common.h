/* register_common.h — what the register handlers share: the register of the path
 * with its current schema, and the 422 answers for a refused schema, record or
 * formula (the standard error object, with the formula's position). */
#ifndef TD_REGISTER_COMMON_H
#define TD_REGISTER_COMMON_H
#include <jansson.h>
#include "core/expr.h"
#include "core/regschema.h"
#include "http/request.h"
#include "store/registers.h"

/* The register of path parameter 0 and its current schema (fields and derived are
 * new references the caller releases). 404 when absent. */
typedef struct reg_ctx {
	regtype_facts t;
	json_t *fields, *derived;
} reg_ctx;
tderr reg_ctx_load(http_req *r, reg_ctx *c);
void reg_ctx_release(reg_ctx *c);

/* 422 for a refused schema or record: code, message and field from f (a formula's
 * position and message added when f has them). Returns TD_EINVALID. */
tderr regfail_reply(http_req *r, const reg_fail *f);
/* 422 for a refused formula: {"error":{"code","message","message_en","field":
 * "formula","position"}}. Returns TD_EINVALID. */
tderr formula_fail(http_req *r, const expr_error *err);

/* Checks data against the register's current schema, and that every unit reference
 * names an existing unit: the clean data into *out (new reference) or a 422. */
tderr reg_check_data(http_req *r, const reg_ctx *c, const json_t *data, json_t **out);

#endif
