/* api.h — the route groups of every resource file. Each src/api/X.c defines
 * `const route api_X_routes[]` and `const size_t api_X_routes_count`; routes.c
 * gathers them into the one table. */
#ifndef TD_API_H
#define TD_API_H
#include <stddef.h>
#include "http/router.h"

/* Every route group, in table order: adding a resource is one line here. */
#define API_GROUPS(X)                                                                     \
	X(service)       /* healthz, metrics, openapi */                                  \
	X(session)       /* sign-in, sign-out */                                          \
	X(units)         /* org-units */                                                  \
	X(organizations) /* organisations and heads */                                    \
	X(users)         /* users (admin) */                                              \
	X(plans)         /* plans, objectives, coordinators */                            \
	X(audit)         /* audit log (admin, inspector) */                               \
	X(indicators)    /* indicators, targets, allocation */                            \
	X(reports)       /* periodic reports, workflow, evidence files */                 \
	X(plan_rules)    /* a plan's cut-off, deadline days, approver */                  \
	X(imports)       /* bulk import of values (CSV, DHIS2), DHIS2 export */           \
	X(completeness)  /* who has reported */                                           \
	X(analytics)     /* roll-ups from the cube, overview */                           \
	X(tasks)         /* roadmap tasks, extensions, comments, timeline */              \
	X(documents)     /* leadership and direction documents */                         \
	X(budgets)       /* budget lines and their roll-up */                             \
	X(activities)    /* activities and their totals */                                \
	X(plan_followup) /* a plan's follow-up counts */                                  \
	X(findings)      /* findings and recommendations, their answers */                \
	X(inspections)   /* inspections and supervision */                                \
	X(models)        /* pilot models, replication tree, counts */                     \
	X(notifications) /* the caller's notices */                                      \
	X(evaluation)    /* scores, rankings, head scorecards, score configuration */  \
	X(exports)       /* conference report (json, docx) */                           \
	X(exports_tables) /* indicators, scores, tasks, budgets, findings (xlsx, csv) */ \
	X(registers)      /* register types, formula checks, computed indicators */      \
	X(register_records) /* records of the registers and their files */             \
	X(register_io)    /* registers' records imported (CSV, XLSX) and exported */     \
	X(unit_history)  /* unit versions, successions, analytics across a reform */

#define API_GROUP_DECLARE(name)                                                           \
	extern const route api_##name##_routes[];                                         \
	extern const size_t api_##name##_routes_count;
API_GROUPS(API_GROUP_DECLARE)
#undef API_GROUP_DECLARE

/* Builds the application's route table (rejects duplicates). */
tderr api_routes_create(route_table **out, char *err, size_t errlen);

#endif
