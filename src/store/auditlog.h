/* auditlog.h — reading the audit log (writing is store_audit in store.h). */
#ifndef TD_AUDITLOG_H
#define TD_AUDITLOG_H
#include <jansson.h>
#include <stdint.h>
#include "store/db.h"

typedef struct audit_filter {
	const char *entity;      /* the table: "organizations", "users", "plans", ...; NULL = any */
	const char *entity_id;   /* as stored (decimal id); NULL = any */
	int has_user;            /* 1: only changes made by user_id */
	int64_t user_id;
	const char *actor_path;  /* only changes made by users whose organisation's unit
				    lies in this subtree; NULL = every change, including
				    the system's own (command line, demo loader) */
	int64_t limit, offset;
} audit_filter;

/* Lists audit rows newest first. *items is a new array of {id,at,user_id,username,
 * ip,entity,entity_id,action,before,after}; before/after are the recorded JSON
 * (null when none). */
tderr auditlog_list(db *d, const audit_filter *f, json_t **items, int64_t *total);

#endif
