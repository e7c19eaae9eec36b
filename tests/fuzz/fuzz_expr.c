/* fuzz_expr.c — libFuzzer harness for the formula language: any bytes must give a
 * clean yes/no from expr_parse in both modes (a refusal with a position inside the
 * text and a message), and every accepted formula must evaluate over a few records
 * without a crash. Built with -fsanitize=fuzzer,address,undefined;
 * corpus: tests/fuzz/corpus/expr. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "core/expr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static json_t *recs;

static const json_t *records(void *ctx, const char *reg)
{
	(void)ctx;
	(void)reg;
	return recs;
}

static void check(const char *text, size_t len, expr_mode mode)
{
	expr *e = (expr *)&recs; /* must be cleared on refusal */
	expr_error err;
	tderr rc = expr_parse(text, len, mode, &e, &err);
	if (rc != TD_OK) {
		if (rc != TD_EINVALID || e != NULL || !err.code || !err.message[0] ||
		    !err.message_en[0] || err.pos > len)
			abort();
		return;
	}
	expr_ref refs[EXPR_REFS_MAX];
	size_t n = expr_refs(e, refs, EXPR_REFS_MAX);
	for (size_t i = 0; i < n && i < EXPR_REFS_MAX; i++)
		if (!refs[i].reg || !refs[i].field || refs[i].pos > len)
			abort();
	expr_env env = {records, NULL, json_array_get(recs, 0), "2025-06-30"};
	int is_null;
	(void)expr_eval_number(e, &env, &is_null);
	(void)expr_eval_truth(e, &env);
	expr_free(e);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!recs)
		recs = json_loads("[{\"a\":1,\"b\":true,\"c\":\"x\",\"rooms\":4},"
				  "{\"a\":null,\"b\":false,\"c\":\"\"},{}]",
				  0, NULL);
	if (size > EXPR_TEXT_MAX + 16)
		return 0;
	check((const char *)data, size, EXPR_AGGREGATE);
	check((const char *)data, size, EXPR_ROW);
	return 0;
}
