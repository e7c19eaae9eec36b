/* reach.h — what the access checks look up for entities that hang off others: a
 * report or a follow-up record sits at a unit. */
#ifndef TD_REACH_H
#define TD_REACH_H
#include <stdint.h>
#include "core/err.h"
#include "store/db.h"
#include "store/units.h"

/* The path of the unit a report is for. TD_ENOTFOUND when it does not exist. */
tderr reach_report_unit_path(db *d, int64_t report_id, char path[UNIT_PATH_MAX]);

/* The path of the unit a follow-up record sits at. entity is one of "tasks",
 * "documents", "budgets", "findings", "inspections", "models", "activities" (an
 * allow-list: anything else is TD_ENOTFOUND). TD_ENOTFOUND when no such record. */
tderr reach_record_unit_path(db *d, const char *entity, int64_t id, char path[UNIT_PATH_MAX]);

#endif
