/* cmd_admin.c — `tiendo migrate`, `tiendo backup`, `tiendo version`. */
#include "cli/cli.h"
#include "store/evidence.h"
#include "store/migrate.h"
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

int cmd_migrate(int argc, char **argv)
{
	static const char *const known[] = {"data=", NULL};
	if (cli_check_args(argc, argv, known, 0))
		return 2;
	if (cli_flag(argc, argv, "help")) {
		puts("usage: tiendo migrate [--data DIR] [--db URL]\n"
		     "  Applies the schema migrations this program carries to DIR/tiendo.db, each in\n"
		     "  its own transaction; refuses a database newer than this program.");
		return 0;
	}
	db *d = NULL;
	if (cli_open_db_ex(cli_data_dir(argc, argv), 1, &d))
		return 1;
	int v = 0;
	migrate_current(d, &v);
	printf("Lược đồ cơ sở dữ liệu: phiên bản %d\n", v);
	db_close(d);
	return 0;
}

int cmd_backup(int argc, char **argv)
{
	static const char *const known[] = {"data=", NULL};
	if (cli_check_args(argc, argv, known, 1))
		return 2;
	const char *file = argc > 1 && strncmp(argv[1], "--", 2) != 0 ? argv[1] : NULL;
	if (cli_flag(argc, argv, "help") || !file) {
		fputs("usage: tiendo backup FILE [--data DIR]\n"
		      "  Copies DIR/tiendo.db into FILE (a new SQLite file) with the online backup\n"
		      "  API, safe while the server runs and writes, then the evidence files of\n"
		      "  DIR/files into FILE.files/, each checked against its hash. To restore:\n"
		      "  FILE becomes DIR/tiendo.db and FILE.files/ becomes DIR/files/. For a\n"
		      "  PostgreSQL database (--db postgresql://...) use pg_dump -Fc -f FILE DBNAME\n"
		      "  and copy DIR/files yourself.\n",
		      file || cli_flag(argc, argv, "help") ? stdout : stderr);
		return file || cli_flag(argc, argv, "help") ? 0 : 2;
	}
	char files_to[PATH_MAX], files_from[PATH_MAX];
	const char *dir = cli_data_dir(argc, argv);
	if ((size_t)snprintf(files_to, sizeof files_to, "%s.files", file) >= sizeof files_to ||
	    (size_t)snprintf(files_from, sizeof files_from, "%s/files", dir) >= sizeof files_from) {
		fprintf(stderr, "tiendo: backup: path too long\n");
		return 2;
	}
	struct stat st;
	if (stat(file, &st) == 0 || stat(files_to, &st) == 0) {
		fprintf(stderr, "tiendo: %s or %s already exists; refusing to overwrite it\n", file,
			files_to);
		return 1;
	}
	db *d = NULL;
	if (cli_open_db(dir, &d))
		return 1;
	char err[512];
	tderr e = db_backup(d, file, err, sizeof err);
	db_close(d);
	if (e) {
		fprintf(stderr, "tiendo: backup: %s\n", err);
		remove(file);
		return 1;
	}
	/* After the database: every file a backed-up row names was stored before its
	 * row was committed, so it is there to copy (contents are never rewritten). */
	size_t copied = 0;
	evidence_set_root(files_from);
	e = evidence_copy_all(files_to, &copied);
	evidence_set_root(NULL);
	if (e) {
		fprintf(stderr, "tiendo: backup: evidence files could not be copied into %s (%s);"
				" the database copy %s is whole\n", files_to, td_err_code(e), file);
		return 1;
	}
	printf("Đã sao lưu vào %s (cơ sở dữ liệu) và %s (%zu tệp minh chứng)\n", file, files_to,
	       copied);
	return 0;
}

int cmd_version(int argc, char **argv)
{
	if (cli_flag(argc, argv, "help")) {
		puts("usage: tiendo version\n  Prints the program's version and the schema version it carries.");
		return 0;
	}
	printf("tiendo %s (schema %d)\n", TIENDO_VERSION, migrate_latest());
	return 0;
}
