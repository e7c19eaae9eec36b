/* reform_import.h — `tiendo import reform MAPPING.csv`: a reorganisation of the
 * unit tree applied from a mapping file (docs/UNITS.md). */
#ifndef TD_REFORM_IMPORT_H
#define TD_REFORM_IMPORT_H
#include <stddef.h>
#include <stdint.h>
#include "core/err.h"
#include "store/db.h"

#define REFORM_ROWS_MAX 100000
#define REFORM_TEXT_MAX 300     /* bytes of a note, act number or indicator code */

/* What a reform did, for the caller to print. */
typedef struct reform_result {
	int64_t reform_id;
	int successions;          /* rows of the file */
	int closed;               /* units given valid_to = the effective date */
	int moved_tasks, moved_findings, moved_orgs, moved_records;
} reform_result;

/* Applies the mapping file at path (UTF-8 CSV, header naming the columns in any
 * order): kind (merge|split|rename|reparent|level_removal), from_code, to_code,
 * share (empty = 1; 0 < share <= 1), indicator (empty = every indicator, else an
 * indicator code whose share overrides), act_number, act_date, effective_date
 * (one date for the whole file), basis and note (optional). The old unit is the
 * version of from_code in force the day before effective_date, the new one the
 * version of to_code in force on it (so a code reused by a new unit is told apart).
 * Checks: both exist and differ; for every old unit its shares add up to 1 (per
 * indicator override too); merge, rename, re-parent and level removal carry the
 * whole unit (share 1, one successor); the file was not applied before.
 * Then every old unit is closed (valid_to = effective_date). With move_open, open
 * tasks (not completed) and open findings (open, answered) at a closed unit and the
 * organisations there move to its successor when that successor takes the whole
 * unit at the same level (a commune merged into a commune, a province into a
 * province); each move is a unit_transfers row. All in one transaction with one
 * audit row (entity "unit_reforms", action "import"). err gets "line N: reason" for
 * a bad row; TD_EINVALID for bad content, TD_ENOTFOUND for a missing file,
 * TD_ECONFLICT when already applied. */
tderr reform_import_csv(db *d, const char *path, int move_open, reform_result *res, char *err,
			size_t errlen);

#endif
