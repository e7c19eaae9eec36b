/* fuzz_period.c — libFuzzer harness for period codes: any bytes must give a
 * clean yes/no from period_parse, and every code it accepts must format back to
 * itself and give windows, deadlines, labels and roll-ups without a crash.
 * Built with -fsanitize=fuzzer,address,undefined; corpus: tests/fuzz/corpus/period. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "core/dhis2.h"
#include "core/period.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 64)
		return 0;
	char s[65];
	memcpy(s, data, size);
	s[size] = 0;
	period p;
	memset(&p, 0x5a, sizeof p);
	period before = p;
	if (period_parse(s, &p) != TD_OK) {
		/* refused: *out untouched */
		if (memcmp(&p, &before, sizeof p) != 0)
			abort();
		return 0;
	}
	if (!period_valid(&p))
		abort();
	/* the exact forms only: the code formats back to the same text */
	char code[PERIOD_CODE_SIZE];
	if (period_format(&p, code, sizeof code) != TD_OK || strcmp(code, s) != 0)
		abort();
	char from[PERIOD_DATE_SIZE], to[PERIOD_DATE_SIZE], dl[PERIOD_DATETIME_SIZE],
		day[PERIOD_DATE_SIZE], label[PERIOD_LABEL_SIZE];
	period_rules rules = period_default_rules();
	if (period_window(&p, &rules, from, sizeof from, to, sizeof to) != TD_OK ||
	    !period_date_valid(from) || !period_date_valid(to) || strcmp(from, to) > 0)
		abort();
	/* years at the edges may have deadlines past 2999-12-31; both answers are fine */
	if (period_deadline(&p, NULL, dl, sizeof dl) == TD_OK &&
	    period_deadline_date(&p, NULL, day, sizeof day) != TD_OK)
		abort();
	if (period_label_vi(&p, label, sizeof label) != TD_OK ||
	    period_label_en(&p, label, sizeof label) != TD_OK)
		abort();
	/* every period of the roll-up contains this one */
	period up[PERIOD_CONTAINING_MAX];
	size_t n = period_containing(&p, up, PERIOD_CONTAINING_MAX);
	if (n == 0 || !period_equal(&up[0], &p))
		abort();
	for (size_t i = 0; i < n; i++)
		if (!period_contains(&up[i], &p))
			abort();
	/* the months inside it lie inside it */
	period base[PERIOD_BASE_MAX];
	size_t m = period_base_list(&p, PERIOD_MONTH, base, PERIOD_BASE_MAX);
	if (m == 0 || m > 12)
		abort();
	for (size_t i = 0; i < m; i++)
		if (!period_contains(&p, &base[i]))
			abort();
	period parent;
	tderr pe = period_parent(&p, &parent);
	if (pe == TD_OK && !period_contains(&parent, &p))
		abort();
	/* DHIS2: the same codes, but nine months has none */
	period d;
	const char *why = NULL;
	tderr de = dhis2_period_parse(s, &d, &why);
	if (p.kind == PERIOD_NINE ? de == TD_OK : (de != TD_OK || !period_equal(&d, &p)))
		abort();
	return 0;
}
