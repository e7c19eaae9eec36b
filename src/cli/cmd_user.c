/* cmd_user.c — `tiendo user add|passwd|disable`: account care from the shell, for
 * the first users and for a locked-out admin. Every change is audited. */
#include "auth/password.h"
#include "cli/cli.h"
#include "core/scope.h"
#include "store/accounts.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char USAGE[] =
	"usage: tiendo user add USERNAME --org ORG_CODE --role ROLE --name \"FULL NAME\" [--data DIR]\n"
	"       tiendo user passwd USERNAME [--data DIR]\n"
	"       tiendo user disable USERNAME [--data DIR]\n"
	"  ROLE is admin, leader, officer, viewer or inspector. The password comes from\n"
	"  TIENDO_PASSWORD, else one is generated and printed. passwd and disable end the\n"
	"  user's sessions at once.\n";

static int new_password(char *pw, size_t size, char hash[PASSWORD_HASH_MAX])
{
	const char *v = getenv("TIENDO_PASSWORD");
	if (v && *v) {
		const char *why = password_policy_error(v);
		if (why) {
			fprintf(stderr, "tiendo: TIENDO_PASSWORD: %s\n", why);
			return 1;
		}
		snprintf(pw, size, "%s", v);
	} else {
		password_generate(pw, size);
		printf("Mật khẩu mới / new password: %s\n", pw);
	}
	if (auth_init() || password_hash(pw, hash)) {
		fprintf(stderr, "tiendo: cannot hash the password\n");
		return 1;
	}
	return 0;
}

static int finish(db *d, tderr e, const char *what, const char *username)
{
	if (!e)
		e = db_commit(d);
	if (e) {
		db_rollback(d);
		if (e == TD_ENOTFOUND)
			fprintf(stderr, "tiendo: %s: no such user or organisation\n", username);
		else if (e == TD_ECONFLICT)
			fprintf(stderr, "tiendo: %s: username already taken\n", username);
		else
			fprintf(stderr, "tiendo: %s: %s\n", what, db_errmsg(d));
		db_close(d);
		return 1;
	}
	db_close(d);
	printf("%s: %s\n", what, username);
	return 0;
}

int cmd_user(int argc, char **argv)
{
	static const char *const known[] = {"data=", "org=", "role=", "name=", NULL};
	if (cli_check_args(argc, argv, known, 2))
		return 2;
	if (cli_flag(argc, argv, "help") || argc < 3) {
		fputs(USAGE, argc < 3 && !cli_flag(argc, argv, "help") ? stderr : stdout);
		return cli_flag(argc, argv, "help") ? 0 : 2;
	}
	const char *verb = argv[1], *username = argv[2];
	char pw[PASSWORD_MAX_LEN + 1], hash[PASSWORD_HASH_MAX];
	db *d = NULL;
	if (strcmp(verb, "add") == 0) {
		const char *org = cli_opt(argc, argv, "org"), *role = cli_opt(argc, argv, "role");
		const char *name = cli_opt(argc, argv, "name");
		if (!org || !role || !name || !role_from_name(role)) {
			fputs(USAGE, stderr);
			return 2;
		}
		if (new_password(pw, sizeof pw, hash) || cli_open_db(cli_data_dir(argc, argv), &d))
			return 1;
		int64_t id = 0;
		tderr e = db_begin(d);
		if (!e)
			e = store_account_create(d, username, name, hash, org, role, &id);
		return finish(d, e, "Đã tạo người dùng", username);
	}
	if (strcmp(verb, "passwd") == 0) {
		if (new_password(pw, sizeof pw, hash) || cli_open_db(cli_data_dir(argc, argv), &d))
			return 1;
		tderr e = db_begin(d);
		if (!e)
			e = store_account_set_password(d, username, hash);
		return finish(d, e, "Đã đổi mật khẩu", username);
	}
	if (strcmp(verb, "disable") == 0) {
		if (cli_open_db(cli_data_dir(argc, argv), &d))
			return 1;
		tderr e = db_begin(d);
		if (!e)
			e = store_account_disable(d, username);
		return finish(d, e, "Đã khóa người dùng", username);
	}
	fputs(USAGE, stderr);
	return 2;
}
