/* cli.h — the subcommands of the tiendo binary and what they share. Each
 * cmd_* returns the process exit code (0 ok, 1 failure, 2 usage). */
#ifndef TD_CLI_H
#define TD_CLI_H
#include "store/db.h"

#define TIENDO_VERSION "0.1.0"

int cmd_init(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_migrate(int argc, char **argv);
int cmd_backup(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_version(int argc, char **argv);
int cmd_copy(int argc, char **argv);

/* Value of "--data DIR" in argv, default "data". */
const char *cli_data_dir(int argc, char **argv);
/* Value of "--NAME VALUE" (or "--NAME=VALUE") in argv, or NULL. */
const char *cli_opt(int argc, char **argv, const char *name);
/* 1 when "--NAME" is present. */
int cli_flag(int argc, char **argv, const char *name);
/* Checks argv[1..] against the options a command knows: `known` lists names with
 * a value ("data=") and flags ("demo"), NULL-terminated; positional arguments are
 * counted against max_positional. Prints the offending word and returns 2, else 0. */
int cli_check_args(int argc, char **argv, const char *const *known, int max_positional);
/* Takes "--db URL" (a SQLite file or postgresql://...) from argv for every later
 * cli_db_path; without it the database is DATA/tiendo.db. */
void cli_set_db(int argc, char **argv);
/* The --db URL, else DATA/tiendo.db in a static buffer. */
const char *cli_db_path(const char *data_dir);
/* Opens DATA/tiendo.db (which must exist) and checks its schema version, applying
 * pending migrations when apply is 1. Prints errors itself; returns 0 when ok. */
int cli_open_db_ex(const char *data_dir, int apply, db **out);
/* cli_open_db_ex without applying migrations (refuses a pending or newer schema). */
int cli_open_db(const char *data_dir, db **out);
/* Where the reference data (units CSV) lives: $TIENDO_SEED_DIR, else "seed" next
 * to the binary's parent directory, else "./seed". Static buffer. */
const char *cli_seed_dir(void);

#endif
