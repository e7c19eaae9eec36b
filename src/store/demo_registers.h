/* demo_registers.h — the six registers of the demo plans with their records at the
 * demo communes, and the indicators computed from them (docs/DEMO.md). */
#ifndef TD_DEMO_REGISTERS_H
#define TD_DEMO_REGISTERS_H
#include <stddef.h>
#include "core/err.h"
#include "store/db.h"

/* Adds the register types, records and computed indicators to a database where
 * demo_seed has loaded the province and plans. Runs inside the caller's
 * transaction and writes one audit row (entity "demo", action "seed_registers").
 * Errors, with a message in err: the database error, TD_ENOTFOUND when a plan or
 * commune is missing. */
tderr demo_registers_seed(db *d, char *err, size_t errlen);

#endif
