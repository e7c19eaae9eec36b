/* demo.h — the demo province of `tiendo init --demo` (docs/DEMO.md): Tỉnh Bắc
 * Giang as of 2023 with its organisations and heads, demo users and six plans. */
#ifndef TD_DEMO_H
#define TD_DEMO_H
#include <stddef.h>
#include <stdint.h>
#include "core/err.h"
#include "store/db.h"

/* Code of the organisation the admin belongs to (Ban Dân vận Tỉnh ủy). */
#define DEMO_ADMIN_ORG_CODE "danvan-24"

/* Loads the demo into an empty, migrated database: imports
 * seed_dir/units/bac-giang-2023.csv (units_import_csv), then creates the
 * organisations with their heads, the demo users (every one with password
 * demo_password, hashed with argon2id; not 'admin', which the caller creates),
 * the plans with objectives, coordinators and supervisor. Deterministic: two runs
 * give the same rows (ids included) apart from timestamps and password salts.
 * One transaction (opened here unless the caller has one open, in which case the
 * caller rolls back on error) and one audit row (entity "demo", action "seed")
 * besides the import's own. Errors, with a message in err: TD_EINVALID for a
 * password the policy refuses or a bad seed file, TD_ENOTFOUND when the seed file
 * is missing, TD_ECONFLICT when demo organisations or users already exist, or the
 * database error. */
tderr demo_seed(db *d, const char *seed_dir, const char *demo_password, char *err,
		size_t errlen);

/* Id of the demo's Ban Dân vận Tỉnh ủy (DEMO_ADMIN_ORG_CODE), the admin's
 * organisation. TD_ENOTFOUND when the demo has not been loaded. */
tderr demo_admin_org(db *d, int64_t *org_id);

#endif
