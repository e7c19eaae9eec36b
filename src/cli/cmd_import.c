/* cmd_import.c — `tiendo import units FILE.csv`: loads the official list of
 * administrative units into the database, all rows or none; `tiendo import reform
 * MAPPING.csv`: applies a reorganisation (successions, closing the old units);
 * `tiendo import values
 * FILE.csv --as USER`: report values in bulk, checked as that user, all or none. */
#include "cli/cli.h"
#include "store/reform_import.h"
#include "store/units_import.h"
#include "store/values_import.h"
#include <errno.h>
#include <stdio.h>
#include <string.h>

static const char *const usage =
	"usage: tiendo import units FILE.csv [--data DIR] [--valid-from YYYY-MM-DD]\n"
	"       tiendo import reform MAPPING.csv [--move-open] [--data DIR]\n"
	"       tiendo import values FILE.csv --as USERNAME [--dry-run] [--data DIR]\n"
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
	"  --db URL                   the database instead: a file or postgresql://...\n"
	"  --valid-from YYYY-MM-DD    the date the units take effect (default: since\n"
	"                             always); a new tree after a reform gets its own date\n"
	"\n"
	"`import reform` applies a reorganisation from a CSV file with the header\n"
	"kind,from_code,to_code,share,indicator,act_number,act_date,effective_date,basis,note\n"
	"(kind: merge, split, rename, reparent, level_removal; see docs/UNITS.md). The new\n"
	"tree must be imported first with --valid-from the effective date. Old units are\n"
	"closed on that date; their data stay where they were reported.\n"
	"\n"
	"  --move-open                also move open tasks, open findings and the\n"
	"                             organisations of a unit taken whole, at the same\n"
	"                             level, to its successor\n"
	"\n"
	"`import values` enters report values from a CSV file (UTF-8, ',' or ';') with the\n"
	"header plan,indicator,unit,period,value[,comment]: plan and indicator by code,\n"
	"unit by its official code, period as 202405, 2024Q2, 2024S1 or 2024. Every row is\n"
	"checked with the rights of USERNAME (their own organisation's reports; an admin:\n"
	"the units of their scope), into draft or returned reports, created when absent.\n"
	"Each refused row is printed as \"line N: reason\" and then nothing is written.\n"
	"Importing the same file again gives the same values. A running server shows the\n"
	"new values in its analytics after its next start.\n"
	"\n"
	"  --as USERNAME              the user the values are entered as (required)\n"
	"  --dry-run                  check every row, write nothing\n";

/* Options that take a value, so their value is not read as a positional. */
static int takes_value(const char *arg)
{
	return strcmp(arg, "--data") == 0 || strcmp(arg, "--db") == 0 || strcmp(arg, "--valid-from") == 0 ||
	       strcmp(arg, "--as") == 0;
}

static int known_option(const char *arg)
{
	static const char *const names[] = {"--data", "--db", "--valid-from", "--as", "--dry-run",
					    "--move-open"};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		size_t n = strlen(names[i]);
		int flag = strcmp(names[i], "--dry-run") == 0 || strcmp(names[i], "--move-open") == 0;
		if (strncmp(arg, names[i], n) == 0 && (arg[n] == 0 || (!flag && arg[n] == '=')))
			return 1;
	}
	return 0;
}

static const char *base_name(const char *path)
{
	const char *b = strrchr(path, '/');
	return b ? b + 1 : path;
}

/* Prints what the engine refused, each as "line N: reason". */
static void print_errors(const char *file, const values_import_result *res)
{
	size_t n = json_array_size(res->errors);
	for (size_t i = 0; i < n; i++) {
		json_t *e = json_array_get(res->errors, i);
		fprintf(stderr, "line %lld: %s\n",
			(long long)json_integer_value(json_object_get(e, "line")),
			json_string_value(json_object_get(e, "reason")));
	}
	if ((int64_t)n < res->errors_total)
		fprintf(stderr, "... and %lld more\n", (long long)(res->errors_total - (int64_t)n));
	fprintf(stderr, "tiendo import: %s: %lld of %lld rows refused; nothing was imported\n",
		file, (long long)res->errors_total, (long long)res->rows);
}

static int import_values(int argc, char **argv, const char *file)
{
	const char *as = cli_opt(argc, argv, "as");
	int dry_run = cli_flag(argc, argv, "dry-run");
	if (!as || !*as) {
		fprintf(stderr, "tiendo import: values need --as USERNAME (whose rights apply)\n");
		return 2;
	}
	if (cli_opt(argc, argv, "valid-from")) {
		fprintf(stderr, "tiendo import: --valid-from is for `import units`\n");
		return 2;
	}
	FILE *f = fopen(file, "r");
	if (!f) {
		fprintf(stderr, "tiendo import: cannot open %s: %s\n", file, strerror(errno));
		return 1;
	}
	db *d = NULL;
	if (cli_open_db(cli_data_dir(argc, argv), &d) != 0) {
		fclose(f);
		return 1;
	}
	values_actor actor;
	values_import_result res = {0};
	tderr e = values_import_actor(d, as, &actor);
	if (e == TD_ENOTFOUND)
		fprintf(stderr, "tiendo import: no active user named \"%s\"\n", as);
	else if (e)
		fprintf(stderr, "tiendo import: database: %s\n", db_errmsg(d));
	if (!e) {
		values_import_opts o = {&actor.user, NULL, base_name(file), dry_run};
		e = values_import_csv_file(d, &o, f, &res);
		if (e == TD_EFORBIDDEN)
			fprintf(stderr, "tiendo import: %s is a %s; only admins, leaders and officers"
				" enter values\n", as, role_name(actor.user.role) ? role_name(actor.user.role) : "?");
		else if (e)
			fprintf(stderr, "tiendo import: %s; nothing was imported\n",
				e == TD_EUNAVAIL ? "the database is busy, try again" : db_errmsg(d));
	}
	fclose(f);
	db_close(d);
	int rc = 1;
	if (!e && res.errors_total > 0) {
		print_errors(file, &res);
	} else if (!e && dry_run) {
		printf("dry run: %lld rows checked, no errors; they would go into %lld reports (%lld"
		       " new). Nothing was written.\n", (long long)res.rows,
		       (long long)res.reports_touched, (long long)res.reports_created);
		rc = 0;
	} else if (!e) {
		printf("imported %lld values into %lld reports (%lld new) from %s as %s\n",
		       (long long)res.imported, (long long)res.reports_touched,
		       (long long)res.reports_created, file, as);
		rc = 0;
	}
	values_import_result_free(&res);
	return rc;
}

static int import_reform(int argc, char **argv, const char *file)
{
	if (cli_opt(argc, argv, "as") || cli_flag(argc, argv, "dry-run") ||
	    cli_opt(argc, argv, "valid-from")) {
		fprintf(stderr, "tiendo import: reform takes only --move-open and --data\n");
		return 2;
	}
	db *d = NULL;
	if (cli_open_db(cli_data_dir(argc, argv), &d) != 0)
		return 1;
	char err[512];
	reform_result res;
	tderr e = reform_import_csv(d, file, cli_flag(argc, argv, "move-open"), &res, err,
				    sizeof err);
	db_close(d);
	if (e != TD_OK) {
		if (strncmp(err, "line ", 5) == 0)
			fprintf(stderr, "tiendo import: %s: %s\n", file, err);
		else
			fprintf(stderr, "tiendo import: %s\n", err);
		fprintf(stderr, "tiendo import: nothing was changed\n");
		return 1;
	}
	printf("applied %s: %d successions, %d units closed; moved %d tasks, %d findings, "
	       "%d organisations, %d register records\n",
	       file, res.successions, res.closed, res.moved_tasks, res.moved_findings,
	       res.moved_orgs, res.moved_records);
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
	int values = npos >= 1 && strcmp(pos[0], "values") == 0;
	int reform = npos >= 1 && strcmp(pos[0], "reform") == 0;
	if (npos < 2 || (!values && !reform && strcmp(pos[0], "units") != 0)) {
		if (npos >= 1 && !values && !reform && strcmp(pos[0], "units") != 0)
			fprintf(stderr,
				"tiendo import: cannot import \"%s\" (only: units, reform, values)\n\n",
				pos[0]);
		fputs(usage, stderr);
		return 2;
	}
	const char *file = pos[1];
	if (values)
		return import_values(argc, argv, file);
	if (reform)
		return import_reform(argc, argv, file);
	if (cli_flag(argc, argv, "move-open")) {
		fprintf(stderr, "tiendo import: --move-open is for `import reform`\n");
		return 2;
	}
	if (cli_opt(argc, argv, "as") || cli_flag(argc, argv, "dry-run")) {
		fprintf(stderr, "tiendo import: --as and --dry-run are for `import values`\n");
		return 2;
	}
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
