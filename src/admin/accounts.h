/*
 * accounts.h - the changes to organisations and accounts, each as the rows
 * it changes plus its event, for use inside a store write function. The
 * API handlers and the CLI both call these, so an account changed from the
 * command line leaves the same trace as one changed in the browser.
 *
 * `actor` is "user:ID" for a person and "cli" for the command line.
 */
#ifndef FZ_ADMIN_ACCOUNTS_H
#define FZ_ADMIN_ACCOUNTS_H

#include "store/store.h"

/* Insert o (id, path filled) and append org.add to the parent's chain (its
 * own chain for a root). */
int acct_org_add(struct store_conn *c, struct store_org *o, const char *actor,
		 struct fz_err *e);
/* Insert u (already carrying its password hash) and append user.add. */
int acct_user_add(struct store_conn *c, struct store_user *u, const char *actor,
		  struct fz_err *e);

/* Set org_id's setting key to value (JSON text, checked by the caller) and
 * append org.setting {key, value} to its chain. */
int acct_setting_put(struct store_conn *c, int64_t org_id, const char *key,
		     const char *value, const char *actor, struct fz_err *e);

enum acct_change { ACCT_ROLES, ACCT_LOCK, ACCT_UNLOCK };
/* Re-read user id, apply the change, write it, append user.roles /
 * user.lock / user.unlock. The user as written goes to *out. 三员分立:
 * roles are checked for the account (roles_check_account), and neither a
 * role change nor a lock may take away the last enabled holder of an
 * administrator role in the account's organisation tree (FZ_EREFUSED). A
 * lock revokes the account's API tokens. An administrator role granted by
 * an actor other than "cli" clears the account's password ("!": nobody
 * logs in with the temporary one the system administrator chose); its
 * holder sets one on the server (`fazhi user passwd`). */
int acct_user_change(struct store_conn *c, int64_t id, enum acct_change what,
		     unsigned roles, const char *actor, struct store_user *out,
		     struct fz_err *e);
/* Write the password fields of u (hash, history, must_change) if the hash
 * in the database is still old_hash, and append user.password. by_admin
 * also clears a lockout. The account's API tokens are revoked; an
 * integration account has no password (FZ_EREFUSED). *u becomes the row as
 * written. */
int acct_user_password(struct store_conn *c, struct store_user *u,
		       const char *old_hash, int by_admin, const char *actor,
		       struct fz_err *e);

/* Revoke u's live API tokens, each with its token.revoke event carrying
 * `why` (the event that caused it). */
int acct_tokens_revoke(struct store_conn *c, const struct store_user *u,
		       const char *why, const char *actor, struct fz_err *e);

#endif
