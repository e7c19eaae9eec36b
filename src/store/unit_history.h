/* unit_history.h — the history of the unit tree (reforms are applied by
 * reform_import.h: which old unit passed to which new one, by what act, from what
 * day): the versions of a code, the predecessors whose figures a unit carries on
 * today's tree, and who may read across a reform. Tables of
 * sql/007_unit_history.sql. */
#ifndef TD_UNIT_HISTORY_H
#define TD_UNIT_HISTORY_H
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include "core/err.h"
#include "store/db.h"
#include "store/units.h"

#define UNIT_HISTORY_DEPTH_MAX 8 /* reforms followed back from one unit */

/* The version of code in force on day ("YYYY-MM-DD"): id and path. TD_ENOTFOUND. */
tderr unit_version(db *d, const char *code, const char *day, int64_t *id,
		   char path[UNIT_PATH_MAX]);
/* The same, without checking its arguments, also giving the level (16 bytes;
 * path and level may be NULL). */
tderr unit_version_level(db *d, const char *code, const char *day, int64_t *id,
			 char path[UNIT_PATH_MAX], char level[16]);

/* Every version of code, oldest first, each with its label ("Huyện Lạng Giang (đến
 * 30/6/2025)"), its predecessors and successors ({code, full_name, valid_from,
 * kind, share, indicator, act_number, act_date, effective_date, basis}).
 * TD_ENOTFOUND when the code is unknown. */
tderr unit_history_get(db *d, const char *code, json_t **out);

/* One version by id: {code, name, full_name, level, valid_from, valid_to,
 * parent_code, label}. TD_ENOTFOUND. */
tderr unit_history_unit(db *d, int64_t id, json_t **out);

/* Units of every version whose search text starts with or contains the folded q
 * (NULL: all), closed ones included, with labels; at most limit. */
tderr unit_history_pick(db *d, const char *q, int64_t limit, json_t **out);

/* A predecessor whose figures a unit carries, with the product of the shares
 * along the way. */
typedef struct unit_carrier {
	int64_t unit_id;
	double share;
	char code[UNIT_CODE_MAX];
	char effective[11];
	int64_t whole_to;         /* the successor that took it whole at the same
				   * level (first reform back only); 0 when none */
} unit_carrier;

/* The predecessors carried into the current subtree at path (every succession
 * into a unit of that subtree, then theirs, up to UNIT_HISTORY_DEPTH_MAX reforms
 * back), with the share for indicator_code (its override, else the default row).
 * *out is malloc'd (free it); *n counts it. */
tderr unit_history_carriers(db *d, const char *path, const char *indicator_code,
			    unit_carrier **out, size_t *n);

/* Path of the unit with id (any version). TD_ENOTFOUND. */
tderr unit_history_path(db *d, int64_t id, char path[UNIT_PATH_MAX]);

/* The year's target of an indicator at a unit on today's tree: its own target
 * when it has one, else what its predecessors had (the outermost ones only, since
 * a unit's target already holds its children's, each times its share; for a
 * ratio, their mean weighted by share: a rate is not added up). */
tderr unit_history_target(db *d, int64_t indicator_id, const char *indicator_code,
			  int is_ratio, int64_t unit_id, int year, int *has, double *value);

/* The predecessors carried into exactly the unit (not its subtree), as
 * unit_history_carriers. */
tderr unit_history_carriers_into(db *d, int64_t unit_id, const char *indicator_code,
				 unit_carrier **out, size_t *n);

/* *any = 1 when some reform was ever applied (a cheap test before carrying). */
tderr unit_history_any(db *d, int *any);

/* Whether a user whose scope is the unit (user_unit_id, user_path) may read the
 * unit target through the history: target lies under (or above) a successor that
 * took the user's whole unit at the same level, or target is a predecessor of a
 * unit inside the user's subtree (target_id 0: not looked at), or target is (or
 * is above) what took an ancestor of the user's unit whole at its level (reading
 * upwards, as before the reform). *ok is 1 or 0. */
tderr unit_history_reach(db *d, int64_t user_unit_id, const char *user_path, int64_t target_id,
			 const char *target_path, int *ok);

/* The root of a subtree of old units a unit took over whole. */
typedef struct unit_root {
	int64_t unit_id;
	char path[UNIT_PATH_MAX];
} unit_root;

/* The subtrees of old units that passed whole into the subtree at path: every
 * unit with a succession into it that is not a split (a merge, rename, re-parent,
 * level removal or residue passes the whole unit), and what passed that way into
 * those in earlier reforms; kept are the outermost units whose whole subtree so
 * passed (a unit with a child that went elsewhere, or was split, is not a root:
 * its children that passed whole are), not inside path nor above it, by path.
 * *out is malloc'd (free it; NULL when none); *n counts it. No reform: none. */
tderr unit_history_roots(db *d, const char *path, unit_root **out, size_t *n);

/* "dd/mm/yyyy" of the day before iso ("YYYY-MM-DD"): the last day of a unit
 * whose valid_to is iso. buf of at least 11 bytes. */
void unit_history_last_day(const char *iso, char *buf, size_t size);

#endif
