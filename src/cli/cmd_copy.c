/* cmd_copy.c — `tiendo copy`: moves a province's database into another database
 * (PostgreSQL, or a new SQLite file) without losing anything: the target is
 * migrated to the same schema version, every table is copied in foreign-key order
 * with its ids inside one transaction, then both sides are fingerprinted table by
 * table (rows and SHA-256) and the comparison is printed. */
#include "auth/password.h"
#include "cli/cli.h"
#include "store/dbcopy.h"
#include "store/migrate.h"
#include "store/tables.h"
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char USAGE[] =
	"usage: tiendo copy --from sqlite:FILE --to URL\n"
	"  Copies the whole database FILE into an empty database: URL is\n"
	"  postgresql://USER:PASSWORD@HOST/DBNAME (where PostgreSQL is built in) or\n"
	"  sqlite:FILE2 (a new SQLite file). The target is given the same schema version\n"
	"  by the migrations this program carries, then every table is copied in\n"
	"  foreign-key order with its ids, in one transaction. At the end both sides are\n"
	"  compared table by table (rows and a SHA-256 of the rows) and the comparison is\n"
	"  printed; exit 1 on any difference. A target that already holds rows is refused.\n"
	"  FILE is locked for writing during the copy: stop the server first, or copy a\n"
	"  backup (tiendo backup).\n";

static double mono_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static const char *sqlite_path(const char *url)
{
	return strncmp(url, "sqlite:", 7) == 0 ? url + 7 : url;
}

static int is_postgres(const char *url)
{
	return strncmp(url, "postgres://", 11) == 0 || strncmp(url, "postgresql://", 13) == 0;
}

/* Removes an SQLite file this command created (with its WAL files). */
static void remove_sqlite(const char *path)
{
	char p[PATH_MAX + 8];
	unlink(path);
	snprintf(p, sizeof p, "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", path);
	unlink(p);
}

/* Seconds with a decimal comma (Vietnamese). */
static const char *secs(double s, char *buf, size_t size)
{
	snprintf(buf, size, "%.2f", s);
	char *dot = strchr(buf, '.');
	if (dot)
		*dot = ',';
	return buf;
}

static void hex16(const unsigned char *sha, char out[17])
{
	for (int i = 0; i < 8; i++)
		snprintf(out + 2 * i, 3, "%02x", sha[i]);
}

/* Opens the source and checks it carries this program's schema version. */
static int open_source(const char *from, db **out)
{
	const char *path = sqlite_path(from);
	struct stat st;
	if (is_postgres(from)) {
		fprintf(stderr, "tiendo copy: the source must be an SQLite file (--from sqlite:FILE)\n");
		return 2;
	}
	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
		fprintf(stderr, "tiendo copy: no database at %s\n", path);
		return 1;
	}
	char err[512];
	if (db_open(path, out, err, sizeof err) != TD_OK) {
		fprintf(stderr, "tiendo copy: %s\n", err);
		return 1;
	}
	int v = 0;
	if (migrate_current(*out, &v) != TD_OK || v != migrate_latest()) {
		fprintf(stderr,
			"tiendo copy: %s has schema version %d, this program %d: bring it up to date first "
			"(tiendo migrate)\n",
			path, v, migrate_latest());
		return 1;
	}
	return 0;
}

/* Opens the target, migrates it when it is new, and refuses one with rows. */
static int open_target(const char *to, const char *from, int *created, db **out)
{
	*created = 0;
	if (!is_postgres(to)) {
		const char *path = sqlite_path(to);
		struct stat st, sst;
		if (stat(path, &st) == 0) {
			if (stat(sqlite_path(from), &sst) == 0 && st.st_dev == sst.st_dev && st.st_ino == sst.st_ino) {
				fprintf(stderr, "tiendo copy: the source and the target are the same file\n");
				return 1;
			}
		} else {
			*created = 1;
		}
	}
	char err[512];
	if (db_open(is_postgres(to) ? to : sqlite_path(to), out, err, sizeof err) != TD_OK) {
		fprintf(stderr, "tiendo copy: %s\n", err);
		return 1;
	}
	int v = 0, applied = 0;
	if (migrate_current(*out, &v) != TD_OK) {
		fprintf(stderr, "tiendo copy: target: %s\n", db_errmsg(*out));
		return 1;
	}
	if (v != 0 && v != migrate_latest()) {
		fprintf(stderr, "tiendo copy: the target has schema version %d, not %d; refusing it\n", v,
			migrate_latest());
		return 1;
	}
	if (v == 0 && migrate_apply(*out, &applied, err, sizeof err) != TD_OK) {
		fprintf(stderr, "tiendo copy: target: %s\n", err);
		return 1;
	}
	for (size_t i = 0; i < store_tables_count; i++) {
		int64_t n = 0;
		if (dbcopy_count(*out, &store_tables[i], &n) != TD_OK) {
			fprintf(stderr, "tiendo copy: target: %s: %s\n", store_tables[i].name, db_errmsg(*out));
			return 1;
		}
		if (n > 0) {
			fprintf(stderr,
				"tiendo copy: cơ sở dữ liệu đích đã có dữ liệu (bảng %s: %lld hàng); từ chối ghi đè\n"
				"tiendo copy: the target is not empty (table %s has %lld rows); refusing it\n",
				store_tables[i].name, (long long)n, store_tables[i].name, (long long)n);
			return 1;
		}
	}
	return 0;
}

/* Copies every table inside one transaction on each side. */
static int copy_all(db *src, db *dst, char ***cols, const int *ncols, int64_t *total)
{
	char err[512] = "";
	tderr e = db_begin(dst);
	*total = 0;
	for (size_t i = 0; !e && i < store_tables_count; i++) {
		int64_t rows = 0;
		e = dbcopy_table(src, dst, &store_tables[i], cols[i], ncols[i], &rows, err, sizeof err);
		if (!e && store_tables[i].has_id && (e = db_after_bulk_ids(dst, store_tables[i].name)))
			snprintf(err, sizeof err, "%s: %s", store_tables[i].name, db_errmsg(dst));
		*total += rows;
	}
	if (!e && (e = db_commit(dst)))
		snprintf(err, sizeof err, "commit: %s", db_errmsg(dst));
	if (e) {
		db_rollback(dst);
		fprintf(stderr, "tiendo copy: %s\n", err[0] ? err : db_errmsg(dst));
		return 1;
	}
	return 0;
}

/* Fingerprints both sides and prints the comparison; 0 when every table matches. */
static int verify(db *src, db *dst, char ***cols, const int *ncols, int *mismatches)
{
	*mismatches = 0;
	/* widths in bytes: the Vietnamese headings hold two-byte letters */
	printf("%-21s %11s %10s  %-18s  %-17s\n", "bảng/table", "nguồn", "đích", "sha256 nguồn",
	       "sha256 đích");
	for (size_t i = 0; i < store_tables_count; i++) {
		const store_table *t = &store_tables[i];
		dbcopy_sum a, b;
		char err[512] = "", ha[17], hb[17];
		if (dbcopy_sum_table(src, t, cols[i], ncols[i], &a, err, sizeof err) != TD_OK ||
		    dbcopy_sum_table(dst, t, cols[i], ncols[i], &b, err, sizeof err) != TD_OK) {
			fprintf(stderr, "tiendo copy: verify: %s\n", err);
			return 1;
		}
		hex16(a.sha256, ha);
		hex16(b.sha256, hb);
		int same = a.rows == b.rows && memcmp(a.sha256, b.sha256, sizeof a.sha256) == 0;
		if (!same)
			(*mismatches)++;
		printf("%-20s %9lld %9lld  %s  %s  %s\n", t->name, (long long)a.rows, (long long)b.rows, ha, hb,
		       same ? "khớp/ok" : "LỆCH/MISMATCH");
	}
	return 0;
}

int cmd_copy(int argc, char **argv)
{
	static const char *const known[] = {"from=", "to=", NULL};
	if (cli_check_args(argc, argv, known, 0))
		return 2;
	if (cli_flag(argc, argv, "help")) {
		fputs(USAGE, stdout);
		return 0;
	}
	const char *from = cli_opt(argc, argv, "from"), *to = cli_opt(argc, argv, "to");
	if (!from || !to || !*sqlite_path(from) || !*sqlite_path(to)) {
		fputs(USAGE, stderr);
		return 2;
	}
	if (auth_init() != TD_OK) {
		fprintf(stderr, "tiendo copy: cannot initialise the crypto library\n");
		return 1;
	}
	db *src = NULL, *dst = NULL;
	int created = 0, rc = open_source(from, &src);
	if (!rc)
		rc = open_target(to, from, &created, &dst);
	char ***cols = calloc(store_tables_count, sizeof *cols);
	int *ncols = calloc(store_tables_count, sizeof *ncols);
	if (!rc && (!cols || !ncols))
		rc = 1;
	/* the source's write lock: a consistent state for the copy and the check */
	if (!rc && db_begin(src) != TD_OK) {
		fprintf(stderr, "tiendo copy: cannot lock the source: %s\n", db_errmsg(src));
		rc = 1;
	}
	for (size_t i = 0; !rc && i < store_tables_count; i++) {
		char err[512] = "";
		if (dbcopy_columns(src, &store_tables[i], &cols[i], &ncols[i], err, sizeof err) != TD_OK) {
			fprintf(stderr, "tiendo copy: %s\n", err);
			rc = 1;
		}
	}
	int64_t total = 0;
	int mismatches = 0;
	double t0 = mono_s(), t1 = t0, t2 = t0;
	int started = !rc, committed = 0;
	if (!rc) {
		rc = copy_all(src, dst, cols, ncols, &total);
		committed = !rc;
		t1 = mono_s();
	}
	if (!rc) {
		rc = verify(src, dst, cols, ncols, &mismatches);
		t2 = mono_s();
	}
	if (!rc) {
		char a[32], b[32];
		printf("Đã chép %lld hàng của %zu bảng trong %s s; kiểm tra trong %s s.\n", (long long)total,
		       store_tables_count, secs(t1 - t0, a, sizeof a), secs(t2 - t1, b, sizeof b));
		if (mismatches) {
			printf("Kết quả: LỆCH ở %d bảng / MISMATCH in %d table(s)\n", mismatches, mismatches);
			rc = 1;
		} else {
			printf("Kết quả: khớp — đích giống hệt nguồn / the target matches the source\n");
		}
	}
	if (src)
		db_rollback(src);
	for (size_t i = 0; cols && ncols && i < store_tables_count; i++)
		dbcopy_free_cols(cols[i], ncols[i]);
	free(cols);
	free(ncols);
	db_close(src);
	db_close(dst);
	dbcopy_release();
	if (rc && created) {
		remove_sqlite(sqlite_path(to));
		if (committed)
			fprintf(stderr, "tiendo copy: removed %s, which does not match the source\n", sqlite_path(to));
	} else if (rc && committed) {
		fprintf(stderr, "tiendo copy: the target holds rows that do not match the source; empty it "
				"before trying again\n");
	} else if (rc && started) {
		fprintf(stderr, "tiendo copy: nothing was kept in the target (its schema only); it may be used "
				"again\n");
	}
	return rc;
}
