/* conference.h — the draft of the yearly evaluation conference's report, gathered
 * from the plans, indicators, tasks, budgets, models, findings and scores of a unit's
 * subtree as one JSON object {meta, sections} that the .docx writer lays out. */
#ifndef TD_CONFERENCE_H
#define TD_CONFERENCE_H
#include <jansson.h>
#include <stdint.h>
#include "core/err.h"
#include "core/scope.h"
#include "store/db.h"
#include "store/evaluation.h"
#include "store/unit_history.h"

#define CONF_PLANS_MAX 50        /* plans in one report */
#define CONF_FINDINGS_MAX 200    /* findings read per kind */
#define CONF_QUOTES_MAX 8        /* limitations quoted in section II */
#define CONF_DIRECTIONS_MAX 12   /* items of section IV */

typedef enum conf_format { CONF_PARTY = 0, CONF_STATE } conf_format;

/* What one report is about: the year, the unit (id, code, path), the reader whose
 * scope bounds every figure, the day, where indicator values come from, and the
 * subtrees of old units the unit took over in a reform that the reader may read
 * (tasks, budgets, models, findings and reports' narratives are gathered there
 * too; none before any reform). */
typedef struct conf_query {
	int year;
	int64_t unit_id;
	const char *unit_code;
	const char *unit_path;
	conf_format format;
	const td_user *viewer;
	const char *today;        /* YYYY-MM-DD, Vietnam */
	const char *now;          /* ISO UTC */
	eval_value_fn values;
	void *ctx;
	const unit_root *roots;
	size_t nroots;
} conf_query;

/* Builds the draft into *out (new reference): {meta:{format, issuer, number,
 * place_date, title, subject}, sections:[{key, heading, paragraphs:[text],
 * subsections:[{heading, paragraphs, tables}], tables:[{caption, columns:[text],
 * rows:[[text]]}]}]}. Every sentence is made from stored figures. */
tderr conference_draft(db *d, const conf_query *q, json_t **out);

/* Writes v with Vietnamese separators ("1.234.567,5") and at most `decimals`
 * digits after the comma (trailing zeros dropped) into buf. */
void conf_number_vn(double v, int decimals, char *buf, size_t size);

#endif
