/* common.c — option parsing and database opening shared by the subcommands. */
#include "cli/cli.h"
#include "store/migrate.h"
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const char *cli_opt(int argc, char **argv, const char *name)
{
	size_t n = strlen(name);
	for (int i = 1; i < argc; i++) {
		if (strncmp(argv[i], "--", 2) != 0 || strncmp(argv[i] + 2, name, n) != 0)
			continue;
		const char *rest = argv[i] + 2 + n;
		if (*rest == '=')
			return rest + 1;
		if (*rest == 0 && i + 1 < argc)
			return argv[i + 1];
	}
	return NULL;
}

int cli_flag(int argc, char **argv, const char *name)
{
	for (int i = 1; i < argc; i++)
		if (strncmp(argv[i], "--", 2) == 0 && strcmp(argv[i] + 2, name) == 0)
			return 1;
	return 0;
}

int cli_check_args(int argc, char **argv, const char *const *known, int max_positional)
{
	int positional = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strncmp(a, "--", 2) != 0) {
			if (++positional > max_positional) {
				fprintf(stderr, "tiendo: unexpected argument '%s'\n", a);
				return 2;
			}
			continue;
		}
		const char *name = a + 2, *eq = strchr(name, '=');
		size_t n = eq ? (size_t)(eq - name) : strlen(name);
		int found = 0, takes_value = 0;
		for (const char *const *k = known; *k; k++) {
			size_t kn = strlen(*k);
			int kv = kn > 0 && (*k)[kn - 1] == '=';
			if (kv)
				kn--;
			if (kn == n && strncmp(*k, name, n) == 0) {
				found = 1;
				takes_value = kv;
				break;
			}
		}
		if (!found && n == 2 && strncmp(name, "db", 2) == 0)
			found = takes_value = 1; /* every command takes --db (cli_set_db) */
		if (!found && strcmp(name, "help") != 0) {
			fprintf(stderr, "tiendo: unknown option '%s' (see --help)\n", a);
			return 2;
		}
		if (takes_value && !eq) {
			if (i + 1 >= argc) {
				fprintf(stderr, "tiendo: option '%s' needs a value\n", a);
				return 2;
			}
			i++;
		}
	}
	return 0;
}

const char *cli_data_dir(int argc, char **argv)
{
	const char *d = cli_opt(argc, argv, "data");
	return d ? d : "data";
}

static const char *db_url;

void cli_set_db(int argc, char **argv)
{
	db_url = cli_opt(argc, argv, "db");
}

const char *cli_db_path(const char *data_dir)
{
	static char path[PATH_MAX];
	if (db_url)
		return db_url;
	snprintf(path, sizeof path, "%s/tiendo.db", data_dir);
	return path;
}

int cli_open_db_ex(const char *data_dir, int apply, db **out)
{
	const char *path = cli_db_path(data_dir);
	struct stat st;
	*out = NULL;
	if (!db_url_is_pg(path) && stat(path, &st) != 0) {
		fprintf(stderr, "tiendo: no database at %s (create one with: tiendo init --data %s)\n",
			path, data_dir);
		return 1;
	}
	char err[512];
	db *d = NULL;
	if (db_open(path, &d, err, sizeof err) != TD_OK) {
		fprintf(stderr, "tiendo: %s\n", err);
		return 1;
	}
	int cur = 0;
	if (migrate_current(d, &cur) != TD_OK) {
		fprintf(stderr, "tiendo: %s: %s\n", path, db_errmsg(d));
		db_close(d);
		return 1;
	}
	if (cur > migrate_latest()) {
		fprintf(stderr, "tiendo: %s has schema version %d, newer than this program (%d); refusing to use it\n",
			path, cur, migrate_latest());
		db_close(d);
		return 1;
	}
	if (cur < migrate_latest()) {
		if (!apply) {
			fprintf(stderr, "tiendo: %s has schema version %d; run: tiendo migrate --data %s\n", path,
				cur, data_dir);
			db_close(d);
			return 1;
		}
		int n = 0;
		if (migrate_apply(d, &n, err, sizeof err) != TD_OK) {
			fprintf(stderr, "tiendo: %s\n", err);
			db_close(d);
			return 1;
		}
		fprintf(stderr, "tiendo: applied %d migration(s) to %s\n", n, path);
	}
	*out = d;
	return 0;
}

int cli_open_db(const char *data_dir, db **out)
{
	return cli_open_db_ex(data_dir, 0, out);
}

const char *cli_seed_dir(void)
{
	static char dir[PATH_MAX + 8];
	const char *env = getenv("TIENDO_SEED_DIR");
	if (env && *env)
		return env;
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = 0;
		/* build/tiendo -> build -> repository root */
		for (int up = 0; up < 2; up++) {
			char *slash = strrchr(exe, '/');
			if (slash)
				*slash = 0;
		}
		snprintf(dir, sizeof dir, "%s/seed", exe);
		struct stat st;
		if (stat(dir, &st) == 0 && S_ISDIR(st.st_mode))
			return dir;
	}
	return "seed";
}
