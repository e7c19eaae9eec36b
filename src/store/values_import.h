/* values_import.h — bulk import of report values (CSV, DHIS2 dataValueSets) with a
 * dry run, and the DHIS2 export of approved values. Every row is checked against
 * the rules of docs/internals/REPORTING-CONTRACT.md (plan, indicator, unit,
 * period, value, who may write, the report's status) and every bad row is named
 * with its line; a real run writes all rows or none, in one transaction. */
#ifndef TD_VALUES_IMPORT_H
#define TD_VALUES_IMPORT_H
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "core/err.h"
#include "core/period.h"
#include "core/scope.h"
#include "store/db.h"
#include "store/units.h"

#define VALUES_IMPORT_ROWS_MAX 200000  /* data rows of one file */
#define VALUES_IMPORT_FIELD_MAX 1024   /* bytes of one field */
#define VALUES_IMPORT_ERRORS_KEPT 1000 /* errors listed; the count goes on */
#define VALUES_EXPORT_MAX 500000       /* values in one DHIS2 export */

/* Who imports, and how. */
typedef struct values_import_opts {
	const td_user *actor;   /* whose rights apply, recorded in events and audit */
	const char *ip;         /* for the audit; NULL = none (command line) */
	const char *source;     /* the file's name for the event note; NULL = none */
	int dry_run;            /* 1: check only, write nothing */
} values_import_opts;

/* What an import did. errors is a new JSON array owned by the result:
 * [{"line","code","reason"}] (DHIS2 rows add "index", the 0-based position in
 * dataValues), at most VALUES_IMPORT_ERRORS_KEPT of them in file order;
 * errors_total counts them all. imported and reports_created are the rows
 * written and the draft reports created — or, in a dry run, that would be —
 * and 0 whenever errors_total > 0 (nothing is written then). report_ids lists the
 * reports a committed import changed (malloc'd), for the caller to refresh the
 * cube after the commit. */
typedef struct values_import_result {
	int dry_run;
	int64_t rows;
	int64_t imported;
	int64_t reports_created;
	int64_t reports_touched;
	int64_t errors_total;
	json_t *errors;
	int64_t *report_ids;
	size_t nreport_ids;
} values_import_result;

/* Frees what a result holds and zeroes it; accepts NULL. */
void values_import_result_free(values_import_result *r);

/* Imports CSV text (buf, len bytes, need not be NUL-terminated) with the header
 * plan,indicator,unit,period,value[,comment] (any order, any case; a UTF-8
 * byte-order mark is skipped; the separator is ';' when the header has more ';'
 * than ',', else ','). Line numbers are physical lines, the header being line 1;
 * a row's line is where it starts. Blank lines are skipped. value: a number with
 * '.' or ',' as the decimal mark and no grouping, true/false, or empty for "not
 * entered"; comment: absent column = the stored comment stays, empty = cleared.
 *
 * Each row must name a plan (code), an entered (not ratio) indicator of it
 * (code), a unit (current code), a period of the indicator's frequency within the
 * plan's years, and a value its indicator accepts; the report goes to the
 * organisation of the plan owner's system at that unit, which must be the actor's
 * own organisation (leader, officer) or lie in the actor's write scope (admin);
 * that report must be absent, draft or returned; no (report, indicator) twice.
 *
 * Real run: one transaction: draft reports created where absent (as
 * reports_create: deadline from the plan's rules, a 'create' event), values
 * upserted, then per report its version bumped, an 'import' event and one audit
 * row (entity "reports", action "import"). Any bad row: rolled back, nothing
 * written. Fills *out (zeroed first; free with values_import_result_free).
 * Returns TD_OK when the text was processed, errors or not; TD_EFORBIDDEN when
 * the actor's role does not enter data (viewer, inspector); database errors
 * (nothing written). */
tderr values_import_csv(db *d, const values_import_opts *o, const char *buf, size_t len,
			values_import_result *out);
/* The same, reading the CSV from an open file, line by line. */
tderr values_import_csv_file(db *d, const values_import_opts *o, FILE *f,
			     values_import_result *out);

/* Imports a DHIS2 dataValueSets document (core/dhis2.h) into plan_code:
 * dataElement = indicator code, orgUnit = unit code, period (DHIS2 yearly,
 * six-monthly, quarterly or monthly; nine months and other DHIS2 types are row
 * errors), value, comment (absent: the stored comment stays); "deleted": true is
 * refused. Rows are the data values, with their line and index. Same rules,
 * writes and returns as values_import_csv; a document that cannot be read is one
 * error (code bad_document) with its line. TD_EINVALID with e filled
 * (unknown_plan, field "plan") when the plan does not exist. */
tderr values_import_dhis2(db *d, const values_import_opts *o, const char *plan_code,
			  const char *buf, size_t len, values_import_result *out, td_error *e);

/* A user acting from the command line, with the strings its td_user points to. */
typedef struct values_actor {
	td_user user;
	char username[65], full_name[301], org_name[301], org_system[32];
	char unit_code[UNIT_CODE_MAX + 1], unit_name[301], unit_path[UNIT_PATH_MAX];
} values_actor;

/* Loads the active user named username into *out (whose user points into *out:
 * do not copy it). TD_ENOTFOUND when no such user or the user is disabled. */
tderr values_import_actor(db *d, const char *username, values_actor *out);

/* The id of the plan with code. TD_ENOTFOUND when none. */
tderr values_plan_by_code(db *d, const char *code, int64_t *id);

/* What to export: a plan's approved values, optionally of periods inside p and
 * units in the subtree at unit_path, and always only at units viewer may read. */
typedef struct values_export_filter {
	int64_t plan_id;
	const period *p;          /* NULL = every period */
	const char *unit_path;    /* NULL = every unit */
	const td_user *viewer;    /* required */
} values_export_filter;

/* The DHIS2 dataValueSets document of the approved, entered values
 * (core/dhis2.h's dhis2_doc_*), by unit code, period, indicator order; nine-month
 * reports have no DHIS2 code and are left out. New reference. TD_EINVALID without
 * a viewer; TD_ETOOLARGE past VALUES_EXPORT_MAX values; database errors. */
tderr values_export_dhis2(db *d, const values_export_filter *f, json_t **out);

#endif
