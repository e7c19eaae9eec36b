/* fuzz_db.h — the demo database the harnesses that run the store share: a
 * template built once (migrations, the demo province, an admin nobody signs in
 * as), copied afresh whenever a harness starts over. Header only: each harness is
 * built as one translation unit (tools/fuzz.sh). */
#ifndef TD_FUZZ_DB_H
#define TD_FUZZ_DB_H
#include "store/accounts.h"
#include "store/db.h"
#include "store/demo.h"
#include "store/migrate.h"
#include <stdio.h>
#include <stdlib.h>

static inline void fuzz_die(const char *what, const char *msg)
{
	fprintf(stderr, "fuzz: %s: %s\n", what, msg ? msg : "");
	abort();
}

/* Builds the template at path: the demo, run from the repository root. */
static inline void fuzz_db_template(const char *path)
{
	char err[512];
	db *d = NULL;
	int applied = 0;
	int64_t org = 0, id = 0;
	if (db_open(":memory:", &d, err, sizeof err) != TD_OK)
		fuzz_die("open", err);
	if (migrate_apply(d, &applied, err, sizeof err) != TD_OK)
		fuzz_die("migrate", err);
	if (demo_seed(d, "seed", "Fuzz-demo-pass-1", err, sizeof err) != TD_OK)
		fuzz_die("demo", err);
	/* nobody signs in here: a hash that matches no password, without argon2id */
	static const char hash[] = "$argon2id$v=19$m=65536,t=2,p=1$bm9zYWx0bm9zYWx0$bm9oYXNobm9oYXNobm9oYXNobm9oYXNo";
	if (demo_admin_org(d, &org) != TD_OK || db_begin(d) != TD_OK ||
	    store_account_create_in(d, "admin", "Quản trị viên", hash, org, "admin", &id) != TD_OK ||
	    db_commit(d) != TD_OK)
		fuzz_die("admin", db_errmsg(d));
	if (db_backup(d, path, err, sizeof err) != TD_OK)
		fuzz_die("backup", err);
	db_close(d);
}

static inline void fuzz_copy_file(const char *from, const char *to)
{
	FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
	if (!in || !out)
		fuzz_die("copy", from);
	char buf[1 << 16];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, in)) > 0)
		if (fwrite(buf, 1, n, out) != n)
			fuzz_die("copy", to);
	fclose(in);
	if (fclose(out) != 0)
		fuzz_die("copy", to);
}

/* Closes *cur and opens a fresh copy of the template at work (its WAL and shared
 * memory files removed), with the whole database in the page cache. */
static inline void fuzz_db_reopen(db **cur, const char *template_path, const char *work)
{
	char err[256], side[320];
	db_close(*cur);
	*cur = NULL;
	snprintf(side, sizeof side, "%s-wal", work);
	remove(side);
	snprintf(side, sizeof side, "%s-shm", work);
	remove(side);
	fuzz_copy_file(template_path, work);
	if (db_open(work, cur, err, sizeof err) != TD_OK)
		fuzz_die("open", err);
	if (db_exec_script(*cur, "PRAGMA cache_size = -131072") != TD_OK)
		fuzz_die("cache", db_errmsg(*cur));
}

#endif
