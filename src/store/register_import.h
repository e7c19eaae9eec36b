/* register_import.h — tables of records from outside (CSV with libcsv, XLSX with
 * libzip and expat) read into rows of text cells, and their import into a
 * register: every row checked (a dry run reports the errors by line), then all
 * rows or none, each record with its audit row. */
#ifndef TD_REGISTER_IMPORT_H
#define TD_REGISTER_IMPORT_H
#include <jansson.h>
#include <stddef.h>
#include "core/err.h"
#include "core/scope.h"
#include "store/db.h"
#include "store/registers.h"

#define REGIMPORT_ROWS_MAX 5000          /* data rows of one file */
#define REGIMPORT_COLS_MAX 100           /* columns of one row */
#define REGIMPORT_BYTES_MAX (8u << 20)   /* bytes of one file (and of an XLSX part) */
#define REGIMPORT_ERRORS_MAX 1000        /* errors listed (all are counted) */

/* Reads a CSV (UTF-8, optional BOM, ',' or ';' between fields) or, when xlsx, the
 * first sheet of a workbook into *rows: a new array of {"line": n, "cells":
 * ["..."]} (line: 1-based, the header included; empty rows left out). TD_EINVALID
 * with a reason in err (and *line, 0 when not tied to one) for a file that cannot
 * be read; TD_ETOOLARGE past the caps. */
tderr regimport_read(const char *body, size_t len, int xlsx, json_t **rows, char *err,
		     size_t errlen, int *line);

typedef struct regimport_result {
	int64_t rows, imported, errors_total;
	json_t *errors; /* [{line, field, code, reason}], at most REGIMPORT_ERRORS_MAX */
} regimport_result;

/* Checks rows (from regimport_read; the first is the header: field names or labels,
 * and "unit" / "Mã đơn vị" for the unit code; the columns of an export that are not
 * fields — the unit's name, the derived fields — are passed over) against the register's current schema
 * and the user's write scope, and unless dry_run, when no row has an error,
 * creates every record inside the caller's transaction with an audit row each
 * (action "import"). res->errors is a new array the caller releases. */
tderr regimport_run(db *d, const td_user *u, const char *ip, const regtype_facts *t,
		    const json_t *fields, const json_t *derived, const json_t *rows, int dry_run,
		    regimport_result *res);

#endif
