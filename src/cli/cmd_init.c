/* cmd_init.c — `tiendo init`: creates the database, applies the migrations, loads
 * the unit tree (a CSV, or the demo province) and creates the first admin. */
#include "auth/password.h"
#include "cli/cli.h"
#include "store/accounts.h"
#include "store/demo.h"
#include "store/demo_reform.h"
#include "store/migrate.h"
#include "store/units_import.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char USAGE[] =
	"usage: tiendo init [--data DIR] [--db URL] (--demo [--reform] | --units FILE.csv)\n"
	"  Creates DIR/tiendo.db (default DIR: data), or fills the empty PostgreSQL\n"
	"  database --db postgresql://..., applies the schema and creates the\n"
	"  user 'admin'. --demo loads the demo province (Bắc Giang 2023: units,\n"
	"  organisations, users, the six plans); --units loads a unit tree in the CSV\n"
	"  format code,parent_code,level,type,name,full_name and puts the admin at its root.\n"
	"  --reform adds the 2025 reform to the demo: old Bắc Giang and old Bắc Ninh merged\n"
	"  into the new Bắc Ninh on 01/07/2025, and a 2026-2030 plan on the new tree.\n"
	"  Passwords: TIENDO_ADMIN_PASSWORD (and TIENDO_DEMO_PASSWORD for demo users), else\n"
	"  generated and printed once. Refuses to touch an existing database.\n";

static void remove_db(const char *path)
{
	if (db_url_is_pg(path)) {
		fprintf(stderr, "tiendo: the PostgreSQL database is left as it is: drop it and create it "
				"again (dropdb, createdb) before another init\n");
		return;
	}
	char p[4200];
	unlink(path);
	snprintf(p, sizeof p, "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", path);
	unlink(p);
}

/* A password from the environment (checked), or a generated one. */
static int pick_password(const char *env, char *out, size_t size, int *generated)
{
	const char *v = getenv(env);
	*generated = 0;
	if (v && *v) {
		const char *why = password_policy_error(v);
		if (why) {
			fprintf(stderr, "tiendo: %s: %s\n", env, why);
			return 1;
		}
		snprintf(out, size, "%s", v);
		return 0;
	}
	password_generate(out, size);
	*generated = 1;
	return 0;
}

static int seed(db *d, int argc, char **argv, const char *demo_pw, int64_t *admin_org)
{
	char err[512] = "";
	tderr e;
	if (cli_flag(argc, argv, "demo")) {
		e = demo_seed(d, cli_seed_dir(), demo_pw, err, sizeof err);
		if (!e && cli_flag(argc, argv, "reform"))
			e = demo_reform_seed(d, cli_seed_dir(), err, sizeof err);
		if (!e)
			e = demo_admin_org(d, admin_org);
	} else {
		int count = 0;
		e = units_import_csv(d, cli_opt(argc, argv, "units"), NULL, &count, err, sizeof err);
		if (!e) {
			printf("Đã nạp %d đơn vị hành chính.\n", count);
			if ((e = db_begin(d)) == TD_OK && (e = store_admin_org_create(d, admin_org)) == TD_OK)
				e = db_commit(d);
			if (e && !err[0])
				snprintf(err, sizeof err, "%s", db_errmsg(d));
			db_rollback(d);
		}
	}
	if (e) {
		fprintf(stderr, "tiendo: init: %s\n", err[0] ? err : db_errmsg(d));
		return 1;
	}
	return 0;
}

int cmd_init(int argc, char **argv)
{
	static const char *const known[] = {"data=", "demo", "reform", "units=", NULL};
	if (cli_check_args(argc, argv, known, 0))
		return 2;
	if (cli_flag(argc, argv, "help")) {
		fputs(USAGE, stdout);
		return 0;
	}
	if (!cli_flag(argc, argv, "demo") && !cli_opt(argc, argv, "units")) {
		fputs(USAGE, stderr);
		return 2;
	}
	const char *dir = cli_data_dir(argc, argv);
	if (mkdir(dir, 0750) != 0 && errno != EEXIST) {
		fprintf(stderr, "tiendo: cannot create %s: %s\n", dir, strerror(errno));
		return 1;
	}
	const char *path = cli_db_path(dir);
	struct stat st;
	if (!db_url_is_pg(path) && stat(path, &st) == 0) {
		fprintf(stderr, "tiendo: %s already exists; refusing to overwrite it\n", path);
		return 1;
	}
	char admin_pw[PASSWORD_MAX_LEN + 1], demo_pw[PASSWORD_MAX_LEN + 1];
	int admin_gen = 0, demo_gen = 0;
	if (pick_password("TIENDO_ADMIN_PASSWORD", admin_pw, sizeof admin_pw, &admin_gen) ||
	    pick_password("TIENDO_DEMO_PASSWORD", demo_pw, sizeof demo_pw, &demo_gen))
		return 1;

	char err[512];
	db *d = NULL;
	int applied = 0;
	if (db_open(path, &d, err, sizeof err) != TD_OK) {
		fprintf(stderr, "tiendo: %s\n", err);
		return 1;
	}
	int had = 0;
	if (db_url_is_pg(path) && (migrate_current(d, &had) != TD_OK || had > 0)) {
		fprintf(stderr, "tiendo: the PostgreSQL database %s; refusing to overwrite it\n",
			had > 0 ? "already holds a schema" : "cannot be read");
		db_close(d);
		return 1;
	}
	if (migrate_apply(d, &applied, err, sizeof err) != TD_OK) {
		fprintf(stderr, "tiendo: %s\n", err);
		goto fail;
	}
	int64_t admin_org = 0, admin_id = 0;
	if (seed(d, argc, argv, demo_pw, &admin_org))
		goto fail;
	char hash[PASSWORD_HASH_MAX];
	tderr e = password_hash(admin_pw, hash);
	if (!e && !(e = db_begin(d)))
		e = store_account_create_in(d, "admin", "Quản trị viên", hash, admin_org, "admin", &admin_id);
	if (!e)
		e = db_commit(d);
	if (e) {
		fprintf(stderr, "tiendo: cannot create the admin: %s\n", db_errmsg(d));
		db_rollback(d);
		goto fail;
	}
	db_close(d);
	printf("Đã tạo cơ sở dữ liệu %s (lược đồ phiên bản %d).\n", path, migrate_latest());
	printf("Quản trị viên / admin: tên đăng nhập 'admin', mật khẩu %s%s\n",
	       admin_gen ? admin_pw : "(từ TIENDO_ADMIN_PASSWORD)",
	       admin_gen ? "  (chỉ hiện một lần — hãy ghi lại)" : "");
	if (cli_flag(argc, argv, "demo"))
		printf("Người dùng mẫu / demo users (xem docs/DEMO.md): mật khẩu %s\n",
		       demo_gen ? demo_pw : "(từ TIENDO_DEMO_PASSWORD)");
	return 0;
fail:
	db_close(d);
	remove_db(path);
	return 1;
}
