/* plan_rules.h — a plan's reporting rules (plan_rules): the data cut-off day, the
 * deadline days of each period kind and who approves a report. The defaults of
 * Decree 09/2019 (and 'parent') stand in for a missing row. */
#ifndef TD_PLAN_RULES_H
#define TD_PLAN_RULES_H
#include <jansson.h>
#include <stdint.h>
#include "core/err.h"
#include "core/period.h"
#include "store/db.h"

#define PLAN_APPROVAL_SIZE 8  /* "parent" | "owner" + NUL */

typedef struct plan_rules_set {
	period_rules rules;
	char approval[PLAN_APPROVAL_SIZE];
	int is_default;  /* 1 when the plan has no row (the defaults) */
} plan_rules_set;

/* The defaults: period_default_rules() and "parent". */
plan_rules_set plan_rules_default(void);
/* The rules of a plan into *out; a row the checks would refuse falls back to the
 * defaults. TD_ENOTFOUND when the plan does not exist. */
tderr plan_rules_get(db *d, int64_t plan_id, plan_rules_set *out);
/* The API shape: {plan_id, cutoff_day, deadline_days:{month, quarter, half, nine,
 * year}, approval, is_default} (new reference). */
json_t *plan_rules_json(int64_t plan_id, const plan_rules_set *r);
/* Inserts or replaces the plan's row with checked rules (no versioning: the last
 * write wins). Run it in the caller's transaction. TD_EINVALID when r fails
 * period_rules_check or approval is neither "parent" nor "owner". */
tderr plan_rules_put(db *d, int64_t plan_id, const plan_rules_set *r);

#endif
