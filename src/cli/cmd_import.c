/* cmd_import.c — `tiendo import units FILE.csv`: loads the official list of
 * administrative units into the database, all rows or none. */
#include "cli/cli.h"
#include "store/units_import.h"
#include <stdio.h>
#include <string.h>

static const char *const usage =
	"usage: tiendo import units FILE.csv [--data DIR] [--valid-from YYYY-MM-DD]\n"
	"\n"
	"Imports administrative units from a CSV file with the header\n"
	"  code,parent_code,level,type,name,full_name\n"
	"(level: province, district or commune; type and full_name optional).\n"
	"Parents must come earlier in the file or already be in the database.\n"
	"The whole file goes in one transaction: a bad row stops the import, names\n"
	"its line, and changes nothing. Importing the same file again only updates\n"
	"names, so it is safe to repeat.\n"
	"\n"
	"  --data DIR                 data directory holding tiendo.db (default: data)\n"
	"  --valid-from YYYY-MM-DD    the date the units take effect (default: since\n"
	"                             always); a new tree after a reform gets its own date\n";

/* Options that take a value, so their value is not read as a positional. */
static int takes_value(const char *arg)
{
	return strcmp(arg, "--data") == 0 || strcmp(arg, "--valid-from") == 0;
}

static int known_option(const char *arg)
{
	static const char *const names[] = {"--data", "--valid-from"};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		size_t n = strlen(names[i]);
		if (strncmp(arg, names[i], n) == 0 && (arg[n] == 0 || arg[n] == '='))
			return 1;
	}
	return 0;
}

int cmd_import(int argc, char **argv)
{
	const char *pos[2] = {NULL, NULL};
	int npos = 0;
	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			fputs(usage, stdout);
			return 0;
		}
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strncmp(a, "--", 2) == 0) {
			if (!known_option(a)) {
				fprintf(stderr, "tiendo import: unknown option %s\n\n%s", a, usage);
				return 2;
			}
			if (takes_value(a)) {
				if (i + 1 >= argc) {
					fprintf(stderr, "tiendo import: %s needs a value\n", a);
					return 2;
				}
				i++;
			}
			continue;
		}
		if (npos == 2) {
			fprintf(stderr, "tiendo import: unexpected argument %s\n\n%s", a, usage);
			return 2;
		}
		pos[npos++] = a;
	}
	if (npos < 2 || strcmp(pos[0], "units") != 0) {
		if (npos >= 1 && strcmp(pos[0], "units") != 0)
			fprintf(stderr, "tiendo import: cannot import \"%s\" (only: units)\n\n", pos[0]);
		fputs(usage, stderr);
		return 2;
	}
	const char *file = pos[1];
	const char *valid_from = cli_opt(argc, argv, "valid-from");
	const char *data_dir = cli_data_dir(argc, argv);

	db *d = NULL;
	if (cli_open_db(data_dir, &d) != 0)
		return 1;
	char err[512];
	int count = 0;
	tderr e = units_import_csv(d, file, valid_from, &count, err, sizeof err);
	db_close(d);
	if (e != TD_OK) {
		/* row errors name the line; say which file it is in */
		if (strncmp(err, "line ", 5) == 0)
			fprintf(stderr, "tiendo import: %s: %s\n", file, err);
		else
			fprintf(stderr, "tiendo import: %s\n", err);
		fprintf(stderr, "tiendo import: nothing was imported\n");
		return 1;
	}
	printf("imported %d unit%s from %s (valid from %s)\n", count, count == 1 ? "" : "s", file,
	       valid_from ? valid_from : "always");
	return 0;
}
