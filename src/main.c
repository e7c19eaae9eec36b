/* main.c — the tiendo command: one binary for the server and its administration. */
#include "cli/cli.h"
#include <stdio.h>
#include <string.h>

static const struct {
	const char *name;
	int (*run)(int, char **);
	const char *help;
} commands[] = {
	{"init", cmd_init, "create the database (--demo for the demo province)"},
	{"serve", cmd_serve, "serve the web UI and the API"},
	{"migrate", cmd_migrate, "apply pending schema migrations"},
	{"backup", cmd_backup, "copy the database safely while it serves"},
	{"user", cmd_user, "add a user, change a password, disable a user"},
	{"copy", cmd_copy, "copy the whole database into another (PostgreSQL, SQLite)"},
	{"import", cmd_import, "import units or report values from CSV"},
	{"version", cmd_version, "print the version"},
};

static void usage(FILE *f)
{
	fputs("Tiến Độ — theo dõi kế hoạch, đề án của MTTQ và các tổ chức chính trị - xã hội\n"
	      "usage: tiendo COMMAND [options]   (tiendo COMMAND --help for details)\n"
	      "  every command takes --db URL: a SQLite file (default DATA/tiendo.db) or\n"
	      "  postgresql://USER@HOST:PORT/DBNAME\n\n",
	      f);
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(f, "  %-8s %s\n", commands[i].name, commands[i].help);
}

int main(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "help") == 0) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	if (strcmp(argv[1], "--version") == 0)
		return cmd_version(argc - 1, argv + 1);
	cli_set_db(argc - 1, argv + 1);
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].run(argc - 1, argv + 1);
	fprintf(stderr, "tiendo: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return 2;
}
