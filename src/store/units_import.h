/* units_import.h — loading administrative units (org_units) from the official
 * list as CSV: code,parent_code,level,type,name,full_name (seed/units/). */
#ifndef TD_UNITS_IMPORT_H
#define TD_UNITS_IMPORT_H
#include <stddef.h>
#include "core/err.h"
#include "store/db.h"

/* Longest name or full name accepted, in bytes (after NFC). */
#define UNITS_NAME_MAX 200
/* Longest unit code: GSO codes are 2 (province), 3 (district) or 5 (commune) digits. */
#define UNITS_CODE_MAX 10

/* Imports the units of the CSV file at path, all valid from valid_from
 * ("YYYY-MM-DD"; NULL means "1900-01-01", i.e. since always).
 *
 * The header names the columns, in any order: code, parent_code, level and name
 * are required, type and full_name optional (full_name defaults to name); any
 * other column is an error. Every row is checked: code digits only, at most
 * UNITS_CODE_MAX; level province|district|commune; a province has no parent, other
 * levels have a parent of a higher level, defined earlier in the file or already
 * in the database (the version in force on valid_from); names valid UTF-8 text
 * without control characters, at most UNITS_NAME_MAX bytes, stored NFC; no code
 * twice in the file. For each unit: path = the ids from the root down to and
 * including the unit ('/1/', '/1/5/'), depth = number of ancestors (0 for a root),
 * search = vn_fold(full_name + " " + name), sort_key = vn_sort_key(name).
 *
 * A unit that already exists with the same code and valid_from gets its names and
 * type updated, so importing the same file twice changes nothing; a changed level
 * or parent is an error (that is a reorganisation, not a correction).
 *
 * All or nothing: when no transaction is open on d, this function opens one and
 * commits it, or rolls it back on any error; when the caller has one open, the
 * rows join it and on error the caller must roll back. One audit row (entity
 * "org_units", action "import", after {"file": basename, "count", "valid_from"})
 * is written. On success *count (when not NULL) is the number of rows imported
 * (inserted or updated). On failure err holds "line N: reason" (line 1 is the
 * header) or a file/database message, and the return is TD_EINVALID for bad
 * content, TD_ENOTFOUND when the file cannot be opened, or the database error. */
tderr units_import_csv(db *d, const char *path, const char *valid_from, int *count, char *err,
		       size_t errlen);

#endif
