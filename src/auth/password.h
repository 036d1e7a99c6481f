/*
 * password.h - password hashing (Argon2id through libsodium) and the
 * password policy of SPEC §1.
 *
 * Policy: 10 to 128 characters; at least three of lower-case letters,
 * upper-case letters, digits and other characters; not containing the user
 * name; not one of the last 5 passwords (the current one and the 4 before,
 * kept as hashes in the user's pw_history).
 *
 * Lockout: 5 failed logins in a row lock the account for 15 minutes
 * (pw_note_failure); a successful login clears the count.
 */
#ifndef FZ_AUTH_PASSWORD_H
#define FZ_AUTH_PASSWORD_H

#include "lib/err.h"
#include "store/store.h"

enum {
	PW_MIN_CHARS = 10,
	PW_MAX_CHARS = 128,
	PW_HISTORY = 5,
	PW_MAX_FAILURES = 5,
};
#define PW_LOCK_MS (15 * 60 * 1000LL)

/* Argon2id hash of pw into out (crypto_pwhash_STRBYTES). */
int pw_hash(const char *pw, char *out, size_t n, struct fz_err *e);
/* 1 if pw matches the hash. */
int pw_matches(const char *hash, const char *pw);
/* FZ_EREFUSED naming "password" with the rule that failed. */
int pw_policy_check(const char *pw, const char *username, struct fz_err *e);
/* Set u's password to pw: policy, reuse of the last 5, then hash, history,
 * must_change cleared. Nothing in u changes on failure. */
int pw_set(struct store_user *u, const char *pw, struct fz_err *e);
/* 1 if u is locked at now (by failures or by an administrator). */
int pw_is_locked(const struct store_user *u, int64_t now);
/* Record a failed login at now; returns 1 if this failure locked it. */
int pw_note_failure(struct store_user *u, int64_t now);
void pw_note_success(struct store_user *u);

#endif
