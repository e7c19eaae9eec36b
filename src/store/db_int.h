/* db_int.h — what the backends of db.h share: the table of operations each one
 * fills, and the heads of their handle and statement structures. db.c dispatches
 * every db_* call through the table; nothing outside src/store/db*.c includes
 * this file. */
#ifndef TD_DB_INT_H
#define TD_DB_INT_H
#include "store/db.h"

typedef struct db_ops db_ops;

/* The first member of each backend's handle and statement. */
struct db {
	const db_ops *ops;
};
struct db_stmt {
	db *owner;
	int writes; /* set by db_prepare: the text may change data (db_local_writes) */
};

struct db_ops {
	const char *name;
	void (*close)(db *d);
	const char *(*errmsg)(db *d);
	db_stmt *(*prepare)(db *d, const char *sql);
	void (*reset)(db_stmt *s);
	void (*bind_int)(db_stmt *s, int idx, int64_t v);
	void (*bind_double)(db_stmt *s, int idx, double v);
	void (*bind_text)(db_stmt *s, int idx, const char *v);
	void (*bind_null)(db_stmt *s, int idx);
	int (*step)(db_stmt *s, tderr *err);
	int (*col_count)(db_stmt *s);
	const char *(*col_name)(db_stmt *s, int col);
	db_type (*col_type)(db_stmt *s, int col);
	tderr (*after_bulk_ids)(db *d, const char *table);
	int (*col_is_null)(db_stmt *s, int col);
	int64_t (*col_int)(db_stmt *s, int col);
	double (*col_double)(db_stmt *s, int col);
	const char *(*col_text)(db_stmt *s, int col);
	tderr (*begin)(db *d);
	tderr (*commit)(db *d);
	void (*rollback)(db *d);
	int (*in_tx)(db *d);
	tderr (*exec_script)(db *d, const char *sql);
	tderr (*backup)(db *d, const char *path, char *err, size_t errlen);
	tderr (*change_counter)(db *d, uint64_t *out);
	int (*wait_commits)(db *d, int timeout_ms, const char *const *tables);
	uint64_t (*time_us)(db *d);
};

tderr db_sqlite_open(const char *path, db **out, char *err, size_t errlen);
/* Where the binary is built without libpq this answers TD_EINTERNAL. */
tderr db_pg_open(const char *url, db **out, char *err, size_t errlen);

/* The text of sql for PostgreSQL (docs/internals/POSTGRESQL.md, "What the
 * PostgreSQL backend translates"); ddl: a migration script. *nparams (may be NULL)
 * gets the number of '?'. malloc'd; NULL when out of memory. */
char *db_pg_translate(const char *sql, int ddl, int *nparams);

#endif
