/* accounts.h — user accounts by username, for the command line (init, user add,
 * passwd, disable). Each runs inside the caller's transaction and writes its audit
 * row with no actor (the system). */
#ifndef TD_ACCOUNTS_H
#define TD_ACCOUNTS_H
#include <stdint.h>
#include "store/db.h"

/* Creates a user in the organisation with code org_code. TD_ENOTFOUND when the
 * organisation does not exist, TD_ECONFLICT when the username is taken. */
tderr store_account_create(db *d, const char *username, const char *full_name,
			   const char *password_hash, const char *org_code, const char *role,
			   int64_t *id);
/* Same, by organisation id. */
tderr store_account_create_in(db *d, const char *username, const char *full_name,
			      const char *password_hash, int64_t org_id, const char *role,
			      int64_t *id);
/* Sets a new password hash and ends the user's sessions. TD_ENOTFOUND if unknown. */
tderr store_account_set_password(db *d, const char *username, const char *password_hash);
/* Disables the account and ends its sessions. TD_ENOTFOUND if unknown. */
tderr store_account_disable(db *d, const char *username);



/* Creates the system administrators' organisation "Quản trị hệ thống" at the first
 * root unit (used by a plain `tiendo init --units FILE`). */
tderr store_admin_org_create(db *d, int64_t *org_id);
#endif
