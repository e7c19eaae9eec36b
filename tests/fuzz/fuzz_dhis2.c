/* fuzz_dhis2.c — libFuzzer harness for DHIS2 dataValueSets documents: any bytes
 * are read whole or refused with a line and a message, and no value reaches the
 * callback from a refused document; every field handed over is valid text within
 * its cap. Also DHIS2 period codes and value texts.
 * Built with -fsanitize=fuzzer,address,undefined; corpus: tests/fuzz/corpus/dhis2. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/dhis2.h"
#include "core/vntext.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct seen {
	size_t count;
	size_t next_index;
	int last_line;
} seen;

static void check_text(const char *s)
{
	if (s && (strlen(s) > DHIS2_FIELD_MAX || !vn_valid_text(s, strlen(s))))
		abort();
}

static int on_value(void *ctx, const dhis2_value *v)
{
	seen *st = ctx;
	if (v->index != st->next_index || v->line < 1 || v->line < st->last_line)
		abort();
	st->next_index++;
	st->last_line = v->line;
	st->count++;
	check_text(v->data_element);
	check_text(v->period);
	check_text(v->org_unit);
	check_text(v->value);
	check_text(v->comment);
	if (v->period) {
		period p;
		const char *why = NULL;
		if (dhis2_period_parse(v->period, &p, &why) == TD_OK) {
			char back[PERIOD_CODE_SIZE];
			if (dhis2_period_format(&p, back, sizeof back) != TD_OK || strcmp(back, v->period) != 0)
				abort();
		} else if (!why) {
			abort();
		}
	}
	/* a callback may stop the reading early */
	return st->count >= 1000;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	seen st = {0};
	dhis2_error err;
	memset(&err, 0, sizeof err);
	tderr e = dhis2_parse((const char *)data, size, on_value, &st, &err);
	if (e == TD_EINVALID) {
		if (st.count != 0 || err.line < 1 || !err.message[0] ||
		    strnlen(err.message, sizeof err.message) == sizeof err.message)
			abort();
	} else if (e != TD_OK) {
		abort();
	}
	/* value texts: the shortest text that reads back as the same double */
	if (size >= sizeof(double)) {
		double v;
		memcpy(&v, data, sizeof v);
		char buf[32];
		tderr te = dhis2_value_text(v, buf, sizeof buf);
		if (isfinite(v) ? te != TD_OK || strtod(buf, NULL) != v : te == TD_OK)
			abort();
	}
	return 0;
}
