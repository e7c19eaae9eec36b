/* evaluation.h — what an evaluation is computed from: the plan, the organisations
 * and their heads, and per plan × organisation × period the five components with
 * their records. Indicator values come through a callback, so the store stays below the cube. */
#ifndef TD_EVALUATION_H
#define TD_EVALUATION_H
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include "core/err.h"
#include "core/indicator.h"
#include "core/period.h"
#include "core/score.h"
#include "store/db.h"
#include "store/units.h"

#define EVAL_SYSTEM_MAX 32
#define EVAL_LEVEL_MAX 32
#define EVAL_INDICATORS_MAX 200   /* indicators of one plan taken into account */
#define EVAL_ORGS_MAX 5000        /* organisations in one answer */
#define EVAL_PLANS_MAX 200        /* plans in one answer */
#define EVAL_HEADS_MAX 50         /* heads of one organisation within one period */
#define EVAL_IDS_MAX 100          /* record ids listed per component */

/* An indicator of the plan. */
typedef struct eval_indicator {
	int64_t id;
	indicator_direction dir;
	indicator_time_agg time_agg;
	indicator_unit_agg unit_agg;
	period_kind freq;
	json_t *ref;          /* {id, code, name, unit_label} */
} eval_indicator;

/* A plan as the evaluation needs it; one malloc'd block from eval_plan_load. */
typedef struct eval_plan {
	int64_t id, owner_id;
	char system[EVAL_SYSTEM_MAX];          /* the owner's system: who reports it */
	int start_year, end_year;
	char approved_on[PERIOD_DATE_SIZE];    /* "" when unknown */
	period_rules rules;                    /* cut-off and deadlines (plan_rules) */
	unsigned kinds;                        /* bit k: an indicator is reported at kind k */
	score_config config;                   /* plan_score_config, or the defaults */
	json_t *ref;                           /* {id, code, title} */
	size_t nind;
	eval_indicator ind[];                  /* in the plan's order */
} eval_plan;

/* Loads plan id with its indicators (at most EVAL_INDICATORS_MAX) and its scoring
 * configuration. Free with eval_plan_free. TD_ENOTFOUND when absent. */
tderr eval_plan_load(db *d, int64_t id, eval_plan **out);
/* Frees a plan from eval_plan_load. Accepts NULL. */
void eval_plan_free(eval_plan *p);

/* Which plans count for a year. */
typedef struct eval_plan_filter {
	int year;                /* plans running that year (drafts left out) */
	const char *system;      /* the owner's system; NULL = any */
	const char *scope_path;  /* visible: the owner's unit readable from this path... */
	int64_t scope_org;       /* ...or this organisation owns, coordinates or supervises
				    it, or keeps it across a reform (plans_access) */
} eval_plan_filter;

/* Ids of the plans, in Vietnamese order of their titles, into ids (room for max);
 * *n counts them (at most max). */
tderr eval_plans_running(db *d, const eval_plan_filter *f, int64_t *ids, size_t max, size_t *n);

/* An organisation being evaluated, with its unit. */
typedef struct eval_org {
	int64_t id, unit_id, parent_unit_id;   /* parent_unit_id 0 at the root */
	int depth;
	char system[EVAL_SYSTEM_MAX];
	char unit_code[UNIT_CODE_MAX + 1];
	char level[EVAL_LEVEL_MAX];
	char unit_path[UNIT_PATH_MAX];
	char parent_path[UNIT_PATH_MAX];       /* "" at the root */
	json_t *ref;                           /* {id, name, system} */
	json_t *unit;                          /* {code, name, level} */
} eval_org;

/* The organisations of a system (NULL = any) whose unit lies in the subtree at
 * within_path and has the level (NULL = any), shallower units first, then in
 * Vietnamese order. *out is malloc'd (free with eval_orgs_free), *n its length.
 * TD_ETOOLARGE when more than EVAL_ORGS_MAX match. */
tderr eval_orgs_list(db *d, const char *system, const char *within_path, const char *level,
		     eval_org **out, size_t *n);
/* One organisation into *out (release with eval_org_clear). TD_ENOTFOUND. */
tderr eval_org_get(db *d, int64_t id, eval_org *out);
/* Releases the JSON of one organisation. Accepts NULL. */
void eval_org_clear(eval_org *o);
/* Frees a list from eval_orgs_list. Accepts NULL. */
void eval_orgs_free(eval_org *v, size_t n);

/* A head of an organisation. */
typedef struct eval_head {
	char term_from[PERIOD_DATE_SIZE];
	char term_to[PERIOD_DATE_SIZE];        /* "" while in office */
	json_t *ref;                           /* {name, title} */
} eval_head;

/* The heads whose term overlaps from..to (inclusive days), earliest first, at
 * most EVAL_HEADS_MAX. *out is malloc'd (NULL when none; free with
 * eval_heads_free). */
tderr eval_heads(db *d, int64_t org_id, const char *from, const char *to, eval_head **out,
		 size_t *n);
/* Frees a list from eval_heads. Accepts NULL. */
void eval_heads_free(eval_head *v, size_t n);

/* An indicator's figure as the evaluation needs it. */
typedef struct eval_value {
	int has;        /* value is set */
	double value;
	int undefined;  /* no value can exist: a ratio whose denominator adds up to 0 */
} eval_value;

/* The figure of an indicator over a unit's subtree for a period, from whatever
 * the caller trusts (the cube), into *out (zeroed first). */
typedef tderr (*eval_value_fn)(void *ctx, int64_t indicator_id, int64_t unit_id,
			       const period *p, eval_value *out);

/* When: the period, its calendar days, and the part of it the dated components
 * (tasks, reports, findings) cover — a head's share of the period, or all of it. */
typedef struct eval_span {
	period p;
	char code[PERIOD_CODE_SIZE];
	char from[PERIOD_DATE_SIZE], to[PERIOD_DATE_SIZE];  /* first, last day of p */
	char lo[PERIOD_DATE_SIZE], hi[PERIOD_DATE_SIZE];    /* the covered part */
	char today[PERIOD_DATE_SIZE];                       /* Vietnam's date */
	char now[PERIOD_DATETIME_SIZE];                     /* ISO UTC instant */
} eval_span;

/* Fills *s for the whole of p. TD_EINVALID for an invalid p, today or now. */
tderr eval_span_init(eval_span *s, const period *p, const char *today, const char *now);
/* Narrows the covered part to lo..hi (inclusive, within the period). TD_EINVALID
 * for dates outside the period or in the wrong order. */
tderr eval_span_narrow(eval_span *s, const char *lo, const char *hi);

/* The evaluation of one plan for one organisation. */
typedef struct eval_outcome {
	score_result result;
	json_t *components;   /* [{component, value, weight, effective_weight,
				 contribution, has_data, ...counts, ids, records}] in
				 score_component order; new reference */
} eval_outcome;

/* Gathers the five components of plan × org over the span, scores them with the
 * plan's configuration and builds their breakdown into *out (release with
 * eval_outcome_clear). values gives the indicator values. Errors: the database's
 * or the callback's; *out is then empty. */
tderr eval_run(db *d, const eval_plan *plan, const eval_org *org, const eval_span *span,
	       eval_value_fn values, void *ctx, eval_outcome *out);
/* Releases what eval_run built. Accepts NULL. */
void eval_outcome_clear(eval_outcome *o);

/* ---- the scoring configuration (evaluation_config.c) ---- */

/* The configuration of a plan: *c is the stored one or the defaults; the meta
 * object (new reference) is {custom, version, updated_at, updated_by} with
 * version 1 for the defaults. TD_ENOTFOUND when the plan does not exist. */
tderr eval_config_get(db *d, int64_t plan_id, score_config *c, json_t **meta);
/* The API shape of a configuration: {plan_id, weights:{...}, achievement_cap,
 * thresholds:{excellent, good, pass}, grades:[{grade, label, min}], custom,
 * version, updated_at, updated_by}. meta is borrowed. New reference. */
json_t *eval_config_json(int64_t plan_id, const score_config *c, json_t *meta);
/* Stores a checked configuration for the plan if version is the current one (1
 * for the defaults), bumping it. Inside the caller's transaction. TD_ECONFLICT
 * with e filled (stale_version). */
tderr eval_config_put(db *d, int64_t plan_id, const score_config *c, int64_t version,
		      int64_t user_id, td_error *e);

#endif
