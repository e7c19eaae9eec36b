/* migrate.h — schema migrations: the numbered files of sql/, carried inside the
 * binary, each applied once in its own transaction and recorded. */
#ifndef TD_MIGRATE_H
#define TD_MIGRATE_H
#include <stddef.h>
#include "store/db.h"

/* Highest migration number this binary knows. */
int migrate_latest(void);
/* The database's schema version (0 for an empty database). */
tderr migrate_current(db *d, int *version);
/* Applies every pending migration. Refuses (TD_ECONFLICT, message in err) a
 * database whose version is newer than this binary's. *applied counts those run. */
tderr migrate_apply(db *d, int *applied, char *err, size_t errlen);

#endif
