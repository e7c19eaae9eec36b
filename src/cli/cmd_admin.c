/* cmd_admin.c — `tiendo migrate`, `tiendo backup`, `tiendo version`. */
#include "cli/cli.h"
#include "store/migrate.h"
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
		      "  API: safe while the server runs and writes. For a PostgreSQL database\n"
		      "  (--db postgresql://...) use pg_dump -Fc -f FILE DBNAME instead.\n",
		      file || cli_flag(argc, argv, "help") ? stdout : stderr);
		return file || cli_flag(argc, argv, "help") ? 0 : 2;
	}
	struct stat st;
	if (stat(file, &st) == 0) {
		fprintf(stderr, "tiendo: %s already exists; refusing to overwrite it\n", file);
		return 1;
	}
	db *d = NULL;
	if (cli_open_db(cli_data_dir(argc, argv), &d))
		return 1;
	char err[512];
	tderr e = db_backup(d, file, err, sizeof err);
	db_close(d);
	if (e) {
		fprintf(stderr, "tiendo: backup: %s\n", err);
		remove(file);
		return 1;
	}
	printf("Đã sao lưu vào %s\n", file);
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
