/* demo_reform.h — the 2025 reform on top of the demo (`tiendo init --demo
 * --reform`, docs/DEMO.md "The reform"): old Bắc Ninh and the new Bắc Ninh of
 * 1 July 2025 loaded, the mapping of seed/reform/ applied with its moves, the
 * moved organisations' reports from July 2025 on under their new units, and a
 * 2026–2030 plan on the new tree. */
#ifndef TD_DEMO_REFORM_H
#define TD_DEMO_REFORM_H
#include <stddef.h>
#include "core/err.h"
#include "store/db.h"

/* Runs after demo_seed on the same database, in one transaction (its own unless
 * the caller has one open) with one audit row (entity "demo", action
 * "seed_reform"). Errors as units_import_csv and reform_import_csv, with err. */
tderr demo_reform_seed(db *d, const char *seed_dir, char *err, size_t errlen);

#endif
