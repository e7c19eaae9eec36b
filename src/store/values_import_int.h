/* values_import_int.h — the import engine's inside, shared by values_import.c
 * (checking and writing rows), values_csv.c (rows from CSV) and values_dhis2.c
 * (rows from DHIS2, and the export). Not for use outside these files. */
#ifndef TD_VALUES_IMPORT_INT_H
#define TD_VALUES_IMPORT_INT_H
#include "store/values_import.h"

typedef struct values_engine values_engine;

/* One row as a source gives it; NULL fields are absent. */
typedef struct values_row {
	int line;                 /* where the row starts; 1-based */
	long index;               /* DHIS2: position in dataValues; -1 otherwise */
	const char *f[5];         /* plan, indicator, unit, period, value */
	const char *comment;      /* NULL: the stored comment stays */
	int deleted;              /* DHIS2 "deleted": true */
	const char *const *names; /* how the source names the five fields */
} values_row;

enum { VR_PLAN, VR_IND, VR_UNIT, VR_PERIOD, VR_VALUE };
extern const char *const values_csv_names[5];   /* plan indicator unit period value */
extern const char *const values_dhis2_names[5]; /* plan dataElement orgUnit period value */

/* Starts an import into *out (zeroed first): a real run opens its transaction.
 * TD_EFORBIDDEN for an actor who does not enter data; database errors. On error
 * nothing is left to free but *out (values_import_result_free). */
tderr values_engine_start(db *d, const values_import_opts *o, values_import_result *out,
			  values_engine **g);
/* Checks one data row and, in a clean real run, writes it. */
void values_engine_row(values_engine *g, const values_row *r);
/* Counts a row that its source already found bad (then report it with
 * values_engine_fail). */
void values_engine_count(values_engine *g);
/* Records a bad row (or a fault of the file) with a Vietnamese reason; the
 * transaction, if any, is rolled back: nothing of this import will be written. */
void values_engine_fail(values_engine *g, const values_row *r, const char *code,
			const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Records a database or memory failure: the import stops. */
void values_engine_fatal(values_engine *g, tderr e);
/* 1 after a fatal failure. */
int values_engine_stopped(const values_engine *g);
/* Data rows seen so far. */
int64_t values_engine_rows(const values_engine *g);
/* Closes the import: a clean real run closes each report (version, 'import'
 * event, audit) and commits; otherwise rolls back. Frees g. Returns the fatal
 * error, if any (the result's counts are then zero). */
tderr values_engine_finish(values_engine *g);

/* Trims ASCII blanks of s into buf (VALUES_IMPORT_FIELD_MAX + 1 bytes, longer
 * text is cut) and returns buf. */
const char *values_trimmed(const char *s, char *buf);
/* s shortened to at most 48 bytes without cutting a character, for messages;
 * buf holds 64 bytes. */
const char *values_show(const char *s, char buf[64]);

#endif
