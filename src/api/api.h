/* api.h — the route groups of every resource file. Each src/api/X.c defines
 * `const route api_X_routes[]` and `const size_t api_X_routes_count`; routes.c
 * gathers them into the one table. */
#ifndef TD_API_H
#define TD_API_H
#include <stddef.h>
#include "http/router.h"

#define API_GROUP(name)                                                                   \
	extern const route api_##name##_routes[];                                         \
	extern const size_t api_##name##_routes_count

API_GROUP(service);       /* healthz, metrics, openapi */
API_GROUP(session);       /* sign-in, sign-out */
API_GROUP(units);         /* org-units */
API_GROUP(organizations); /* organisations and heads */
API_GROUP(users);         /* users (admin) */
API_GROUP(plans);         /* plans, objectives, coordinators */
API_GROUP(audit);         /* audit log (admin, inspector) */

/* Builds the application's route table (rejects duplicates). */
tderr api_routes_create(route_table **out, char *err, size_t errlen);

#endif
