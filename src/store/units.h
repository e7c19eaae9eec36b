/* units.h — queries over the administrative unit tree (org_units). Units are
 * addressed by their official code; a code may have several versions over time
 * (valid_from/valid_to), and "current" means valid_to IS NULL, else the latest. */
#ifndef TD_UNITS_H
#define TD_UNITS_H
#include <jansson.h>
#include <stdint.h>
#include "store/db.h"

#define UNIT_PATH_MAX 256   /* bytes of a path '/1/5/30/' incl. NUL */
#define UNIT_CODE_MAX 32

typedef struct unit_filter {
	const char *parent;  /* code: children of that unit; NULL = no parent filter */
	const char *level;   /* "province", "district", ...; NULL = any */
	const char *q;       /* search text as typed (folded here); NULL = none */
	const char *as_of;   /* YYYY-MM-DD: units valid that day; NULL = today (VN) */
	int64_t limit, offset;
} unit_filter;

/* Lists units valid on f->as_of in Vietnamese order (shallower first). With no
 * parent, level or q, lists the roots. *items is a new array of
 * {code,name,full_name,level,kind,parent_code,valid_from,valid_to,has_children};
 * *total counts all matches. TD_EINVALID when q cannot be folded. */
tderr units_list(db *d, const unit_filter *f, json_t **items, int64_t *total);
/* The unit with code: the version valid on as_of, or (as_of NULL) the current one.
 * *out is a new object like a list item plus "ancestors":[{code,name,level}] from
 * the root. TD_ENOTFOUND when no such unit. */
tderr units_get(db *d, const char *code, const char *as_of, json_t **out);
/* Id and path of the current version of code (path into a caller buffer).
 * TD_ENOTFOUND when unknown. */
tderr units_lookup(db *d, const char *code, int64_t *id, char path[UNIT_PATH_MAX]);

#endif
