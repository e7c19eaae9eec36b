/* registers.h — register types (schema as data, every version kept) and their
 * records at units, with the files attached to records. Writes run inside the
 * caller's transaction (with its audit row). */
#ifndef TD_REGISTERS_H
#define TD_REGISTERS_H
#include <jansson.h>
#include <stdint.h>
#include "core/err.h"
#include "store/db.h"
#include "store/units.h"

#define REG_RECORDS_SCAN_MAX 100000 /* records read for one list, export or formula */

/* ---- types ---- */

/* What the checks need of a type. */
typedef struct regtype_facts {
	int64_t id, plan_id, schema_version, version;
} regtype_facts;

/* TD_ENOTFOUND when no type has this code. */
tderr regtypes_facts(db *d, const char *code, regtype_facts *out);

/* Every type, by plan then name: {id, code, plan_id, plan:{id,code,title}, name,
 * name_en, schema_version, version, fields, derived, records} (records: how many).
 * plan_id > 0 keeps one plan's. New array. */
tderr regtypes_list(db *d, int64_t plan_id, json_t **items);
/* One type as in the list; schema_version > 0 gives that older schema's fields
 * and derived instead of the current ones. TD_ENOTFOUND when absent. */
tderr regtypes_get(db *d, const char *code, int64_t schema_version, json_t **out);
/* The fields and derived of one schema version (new references). */
tderr regtypes_schema(db *d, int64_t type_id, int64_t schema_version, json_t **fields,
		      json_t **derived);

typedef struct regtype_input {
	const char *code, *name, *name_en;   /* code: create only */
	int64_t plan_id;                     /* create only */
	json_t *fields, *derived;            /* clean (regschema_check); NULL = unchanged */
	int64_t version;                     /* update only */
} regtype_input;

/* Inserts a type with schema version 1. TD_ECONFLICT when the code is taken. */
tderr regtypes_create(db *d, const regtype_input *in, int64_t *id);
/* Updates name(s) and, when fields is given, stores a new schema version. The caller
 * has checked that the schema may evolve. TD_ECONFLICT when version is stale. */
tderr regtypes_update(db *d, int64_t id, const regtype_input *in);

/* ---- records ---- */

typedef struct regrec_filter {
	int64_t type_id;
	const char *read_path;  /* the caller's unit path: its subtree and above */
	const char *unit_path;  /* only this unit's subtree; NULL = anywhere readable */
	const char *q;          /* folded search text; NULL = none */
	const char *field, *value; /* equality filter on one field (as text); NULL = none */
	int64_t limit, offset;
} regrec_filter;

/* Records in Vietnamese order of their title: {id, type, unit:{code,name},
 * schema_version, data, derived, title, version, created_at, updated_at}.
 * derived is computed with the derived fields given (the current ones). */
tderr regrecs_list(db *d, const regrec_filter *f, const json_t *derived, json_t **items,
		   int64_t *total);
/* One record, with its files: as in the list plus files:[{id,name,size,sha256,
 * content_type}]. TD_ENOTFOUND when absent or of another type. */
tderr regrecs_get(db *d, int64_t type_id, int64_t id, const json_t *derived, json_t **out);
/* The unit path of a record (access checks). TD_ENOTFOUND when absent. */
tderr regrecs_unit_path(db *d, int64_t id, char path[UNIT_PATH_MAX]);

typedef struct regrec_input {
	int64_t type_id, unit_id, schema_version, user_id;
	const json_t *data;       /* clean (regschema_check_record) */
	const json_t *fields;     /* the schema data was checked against (title, search) */
	int64_t version;          /* update only */
} regrec_input;

tderr regrecs_create(db *d, const regrec_input *in, int64_t *id);
/* TD_ECONFLICT when version is stale, TD_ENOTFOUND when absent. */
tderr regrecs_update(db *d, int64_t id, const regrec_input *in);
/* Deletes the record and its file rows. */
tderr regrecs_delete(db *d, int64_t id);

/* The records of a type as formula input: a new array of objects, each its data
 * merged with its derived values. own_only: records at exactly the unit of
 * unit_path; else its whole subtree. */
tderr regrecs_for_formula(db *d, int64_t type_id, const char *unit_path, int own_only,
			  const json_t *derived, json_t **out);

/* Files of records (content in the evidence store). */
tderr regfiles_insert(db *d, int64_t record_id, const char *name, const char *content_type,
		      size_t size, const char *sha, int64_t user_id, int64_t *id);
/* {name, content_type, size, sha256} of a file of the record; TD_ENOTFOUND. */
tderr regfiles_get(db *d, int64_t record_id, int64_t file_id, json_t **out);

#endif
