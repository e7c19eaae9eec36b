/* fuzz_values_csv.c — libFuzzer harness for the import of report values as CSV
 * (store/values_import.h): any bytes, imported by the admin over the demo
 * province, alternately as a dry run and as a real run. Each must end in a result
 * (success, or errors listed by line), never crash or leak, never leave a
 * transaction open; a dry run writes nothing, and neither does a real run that
 * reports errors. A successful real run stays; every RESET_EVERY executions the
 * database is copied afresh from a template built once.
 * Built with -fsanitize=fuzzer,address,undefined; run from the repository root
 * (it reads seed/units/); corpus: tests/fuzz/corpus/values_csv. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "store/values_import.h"
#include "fuzz_db.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define RESET_EVERY 5000

static char dir[256], template_path[300], work_path[300];
static db *cur;
static unsigned long execs;
static values_actor admin;

/* What an import may change, counted before and after. */
static const char *const COUNTS[] = {
	"SELECT COUNT(*) FROM reports",
	"SELECT COUNT(*) FROM report_values",
	/* every write of a real run adds events and an audit row: the newest ids
	 * show whether anything was written */
	"SELECT COALESCE(MAX(id), 0) FROM report_events",
	"SELECT COALESCE(MAX(id), 0) FROM audit_log",
};
#define NCOUNTS (sizeof COUNTS / sizeof COUNTS[0])

static void die(const char *what, const char *msg)
{
	fprintf(stderr, "fuzz_values_csv: %s: %s\n", what, msg ? msg : "");
	abort();
}

static void counts(int64_t out[NCOUNTS])
{
	for (size_t i = 0; i < NCOUNTS; i++) {
		db_stmt *s = db_prepare(cur, COUNTS[i]);
		tderr e;
		if (!s || db_step(s, &e) != DB_ROW)
			die("count", db_errmsg(cur));
		out[i] = db_col_int(s, 0);
		db_reset(s);
	}
}

static void reopen(void)
{
	fuzz_db_reopen(&cur, template_path, work_path);
}

static void cleanup(void)
{
	char side[320];
	db_close(cur);
	cur = NULL;
	remove(template_path);
	remove(work_path);
	snprintf(side, sizeof side, "%s-wal", work_path);
	remove(side);
	snprintf(side, sizeof side, "%s-shm", work_path);
	remove(side);
	rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : getenv("TMPDIR");
	snprintf(dir, sizeof dir, "%s/fuzz-values-XXXXXX", base && *base ? base : "/tmp");
	if (!mkdtemp(dir))
		die("mkdtemp", dir);
	snprintf(template_path, sizeof template_path, "%s/template.db", dir);
	snprintf(work_path, sizeof work_path, "%s/work.db", dir);
	atexit(cleanup);
	fuzz_db_template(template_path);
	reopen();
	if (values_import_actor(cur, "admin", &admin) != TD_OK)
		die("actor", "admin missing");
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (++execs % RESET_EVERY == 0)
		reopen();
	values_import_opts o = {.actor = &admin.user, .ip = "127.0.0.1", .source = "fuzz.csv",
				.dry_run = (int)(execs & 1)};
	int64_t before[NCOUNTS], after[NCOUNTS];
	counts(before);
	values_import_result res;
	memset(&res, 0, sizeof res);
	tderr e = values_import_csv(cur, &o, (const char *)data, size, &res);
	if (db_in_tx(cur)) {
		db_rollback(cur);
		die("transaction left open", o.dry_run ? "dry run" : "real run");
	}
	if (e != TD_OK && e != TD_EUNAVAIL && e != TD_ENOSPACE)
		die("import failed", db_errmsg(cur));
	counts(after);
	int same = memcmp(before, after, sizeof before) == 0;
	if (e == TD_OK) {
		if (!json_is_array(res.errors) || res.errors_total < (int64_t)json_array_size(res.errors) ||
		    res.dry_run != o.dry_run || res.rows < 0 || res.imported < 0 || res.reports_created < 0)
			die("result", "inconsistent counts");
		if (json_array_size(res.errors) > VALUES_IMPORT_ERRORS_KEPT)
			die("result", "too many errors kept");
		for (size_t i = 0; i < json_array_size(res.errors); i++) {
			json_t *x = json_array_get(res.errors, i);
			if (!json_is_integer(json_object_get(x, "line")) ||
			    !json_is_string(json_object_get(x, "code")) ||
			    !json_is_string(json_object_get(x, "reason")))
				die("result", "an error without line, code or reason");
		}
		if (res.errors_total > 0 && (res.imported || res.reports_created || res.nreport_ids))
			die("result", "errors, yet rows counted as imported");
		if ((o.dry_run || res.errors_total > 0) && !same)
			die("written", o.dry_run ? "a dry run changed the database"
						 : "a run with errors changed the database");
		if (!o.dry_run && res.errors_total == 0 && res.imported > 0 && same)
			die("not written", "rows imported, nothing changed");
	} else if (!same) {
		die("written", "a failed import changed the database");
	}
	if (getenv("FUZZ_VALUES_VERBOSE")) {
		char *errs = res.errors ? json_dumps(res.errors, JSON_COMPACT) : NULL;
		fprintf(stderr, "%s: %s rows %lld imported %lld created %lld errors %lld %.300s\n",
			o.dry_run ? "dry run" : "real run", td_err_code(e), (long long)res.rows,
			(long long)res.imported, (long long)res.reports_created, (long long)res.errors_total,
			errs ? errs : "");
		free(errs);
	}
	values_import_result_free(&res);
	return 0;
}
