/* plan_heirs.h — the SQL of plans seen across a reform (docs/DECISIONS.md "Plans
 * seen across a reform"), shared by every statement that lists or checks visible
 * plans: plans_access and the plan list (plans.c), the evaluation's running plans
 * (evaluation_subjects.c), the analytics overview (analytics_sql.c). Header-only. */
#ifndef TD_PLAN_HEIRS_H
#define TD_PLAN_HEIRS_H

/* PLAN_HEIRS_CTE(name, start) defines the recursive table name(id): the units that
 * took, whole and at the same level (not a split, no indicator override, same
 * level), the unit start selects (its id and parent_id) or a unit above it, and what
 * took those the same way in later reforms. The units above are walked by parent
 * (name_up) and successions looked up by their old unit, so the cost does not grow
 * with the number of successions. No reform applied: no rows. */
#define PLAN_WHOLE_SAME_LEVEL                                                              \
	" hs.kind <> 'split' AND hs.indicator_code = '' AND ht.level = hf.level"
#define PLAN_HEIRS_STEP                                                                    \
	" JOIN org_units hf ON hf.id = hs.from_unit_id"                                     \
	" JOIN org_units ht ON ht.id = hs.to_unit_id WHERE" PLAN_WHOLE_SAME_LEVEL
#define PLAN_HEIRS_CTE(name, start)                                                        \
	name "_up(id, parent) AS (" start " UNION ALL SELECT pu.id, pu.parent_id"           \
	" FROM " name "_up a JOIN org_units pu ON pu.id = a.parent), "                      \
	name "(id) AS (SELECT hs.to_unit_id FROM " name "_up a"                             \
	" JOIN unit_successions hs ON hs.from_unit_id = a.id" PLAN_HEIRS_STEP               \
	" UNION SELECT hs.to_unit_id FROM " name " h"                                       \
	" JOIN unit_successions hs ON hs.from_unit_id = h.id" PLAN_HEIRS_STEP ")"
/* The unit of the organisation bound here (a user's scope is their organisation's
 * unit). */
#define PLAN_ORG_UNIT                                                                      \
	"SELECT hu.id, hu.parent_id FROM organizations ho"                                  \
	" JOIN org_units hu ON hu.id = ho.unit_id WHERE ho.id = ?"
/* The unit whose path is bound here. */
#define PLAN_PATH_UNIT "SELECT hu.id, hu.parent_id FROM org_units hu WHERE hu.path = ?"
/* Starts a statement: plan_heirs of the organisation bound first. The statement
 * then tests PLAN_HEIR on the owner's unit "un": a plan owned there stays in sight
 * of the organisation's users as their old province's plans were. plans_access and
 * every list of visible plans use it, so lists and single plans agree. */
#define PLAN_HEIRS_WITH "WITH RECURSIVE " PLAN_HEIRS_CTE("plan_heirs", PLAN_ORG_UNIT) " "
#define PLAN_HEIR " un.id IN (SELECT ph.id FROM plan_heirs ph)"

#endif
