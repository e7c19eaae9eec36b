/* fuzz_units_csv.c — libFuzzer harness for the unit list import: any file must
 * end in a clean import or a "line N: ..." error with the database unchanged.
 * Built with -fsanitize=fuzzer,address,undefined; run from the repository root
 * (it reads sql/001_init.sql) over tests/fuzz/corpus/units_csv. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "store/db.h"
#include "store/units_import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *SQL_COUNT = "SELECT COUNT(*) FROM org_units";

static db *open_fresh(void)
{
	static char *schema;
	if (!schema) {
		FILE *f = fopen("sql/001_init.sql", "rb");
		if (!f)
			abort(); /* run from the repository root */
		static char buf[1 << 16];
		size_t n = fread(buf, 1, sizeof buf - 1, f);
		fclose(f);
		buf[n] = 0;
		schema = buf;
	}
	db *d = NULL;
	char err[256];
	if (db_open(":memory:", &d, err, sizeof err) != TD_OK || db_exec_script(d, schema) != TD_OK)
		abort();
	return d;
}

static int64_t unit_count(db *d)
{
	db_stmt *s = db_prepare(d, SQL_COUNT);
	tderr e;
	if (!s || db_step(s, &e) != DB_ROW)
		abort();
	int64_t n = db_col_int(s, 0);
	db_reset(s);
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[512];
	const char *tmp = getenv("TMPDIR");
	snprintf(path, sizeof path, "%s/fuzz-units-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	int fd = mkstemp(path);
	if (fd < 0)
		return 0;
	if (write(fd, data, size) != (ssize_t)size) {
		close(fd);
		unlink(path);
		return 0;
	}
	close(fd);
	db *d = open_fresh();
	char err[256];
	int count = -1;
	tderr e = units_import_csv(d, path, NULL, &count, err, sizeof err);
	if (e == TD_OK && unit_count(d) != count)
		abort();
	if (e != TD_OK && (unit_count(d) != 0 || db_in_tx(d) || !err[0]))
		abort();
	db_close(d);
	unlink(path);
	return 0;
}
