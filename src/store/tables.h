/* tables.h — every table of the schema in an order that respects the foreign keys
 * (a table comes after the tables it refers to), with what a copy of the whole
 * database needs to know of each. The list is written by hand; tests/unit/
 * test_tables.c holds it equal to the tables and foreign keys of a freshly
 * migrated database, so a migration that adds a table must add it here. */
#ifndef TD_TABLES_H
#define TD_TABLES_H
#include <stddef.h>

typedef struct store_table {
	const char *name;
	const char *order_by;  /* the primary key's columns: a stable row order */
	const char *self_refs; /* comma-separated columns referring to the same table, or NULL */
	int has_id;            /* 1: an `id INTEGER PRIMARY KEY` the database assigns */
} store_table;

/* Every table except schema_migrations (the migration runner's own), in
 * dependency order. */
extern const store_table store_tables[];
extern const size_t store_tables_count;

#endif
