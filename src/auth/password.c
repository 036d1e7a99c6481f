/*
 * password.c - see password.h.
 *
 * Cost: crypto_pwhash's INTERACTIVE limits (64 MiB, 2 passes), about a
 * tenth of a second here; FAZHI_PWHASH_MEM_KIB lowers the memory for the
 * test suite's many logins without changing the algorithm.
 */
#include "password.h"

#include "auth/roles.h"
#include "lib/jsonv.h"

#include <jansson.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

static size_t mem_limit(void)
{
	const char *env = getenv("FAZHI_PWHASH_MEM_KIB");
	long kib = env ? strtol(env, NULL, 10) : 0;

	if (kib >= 8 * 1024)
		return (size_t)kib * 1024;
	return crypto_pwhash_MEMLIMIT_INTERACTIVE;
}

int pw_hash(const char *pw, char *out, size_t n, struct fz_err *e)
{
	if (n < crypto_pwhash_STRBYTES ||
	    crypto_pwhash_str_alg(out, pw, strlen(pw),
				  crypto_pwhash_OPSLIMIT_INTERACTIVE,
				  mem_limit(), crypto_pwhash_ALG_ARGON2ID13))
		return fz_err_set(e, FZ_ENOMEM, "password",
				  "password hashing failed (out of memory)");
	return 0;
}

int pw_matches(const char *hash, const char *pw)
{
	return hash[0] && crypto_pwhash_str_verify(hash, pw, strlen(pw)) == 0;
}

static int classes(const char *pw)
{
	int lower = 0, upper = 0, digit = 0, other = 0;

	for (; *pw; pw++) {
		unsigned char c = (unsigned char)*pw;
		if (c >= 'a' && c <= 'z')
			lower = 1;
		else if (c >= 'A' && c <= 'Z')
			upper = 1;
		else if (c >= '0' && c <= '9')
			digit = 1;
		else
			other = 1;
	}
	return lower + upper + digit + other;
}

int pw_policy_check(const char *pw, const char *username, struct fz_err *e)
{
	size_t n = jv_utf8_len(pw);

	if (n < PW_MIN_CHARS)
		return fz_err_set(e, FZ_EREFUSED, "password",
				  "password: must have at least %d characters",
				  PW_MIN_CHARS);
	if (n > PW_MAX_CHARS)
		return fz_err_set(e, FZ_EREFUSED, "password",
				  "password: must have at most %d characters",
				  PW_MAX_CHARS);
	if (classes(pw) < 3)
		return fz_err_set(e, FZ_EREFUSED, "password",
				  "password: needs three of lower-case, "
				  "upper-case, digits and symbols");
	if (username && username[0] && strcasestr(pw, username))
		return fz_err_set(e, FZ_EREFUSED, "password",
				  "password: must not contain the user name");
	return 0;
}

static int reused(const struct store_user *u, const char *pw)
{
	json_t *h = json_loads(u->pw_history, 0, NULL);
	size_t i;
	json_t *v;
	int hit = pw_matches(u->pw_hash, pw);

	json_array_foreach(h, i, v)
	{
		if (hit || i >= PW_HISTORY - 1)
			break;
		hit = pw_matches(
		    json_string_value(v) ? json_string_value(v) : "", pw);
	}
	json_decref(h);
	return hit;
}

static void push_history(struct store_user *u)
{
	json_t *h = json_loads(u->pw_history, 0, NULL);
	char *text;

	if (!json_is_array(h)) {
		json_decref(h);
		h = json_array();
	}
	if (u->pw_hash[0])
		json_array_insert_new(h, 0, json_string(u->pw_hash));
	while (json_array_size(h) > PW_HISTORY - 1)
		json_array_remove(h, json_array_size(h) - 1);
	text = json_dumps(h, JSON_COMPACT);
	snprintf(u->pw_history, sizeof(u->pw_history), "%s", text);
	free(text);
	json_decref(h);
}

int pw_set(struct store_user *u, const char *pw, struct fz_err *e)
{
	char hash[crypto_pwhash_STRBYTES];
	int rc;

	rc = pw_policy_check(pw, u->username, e);
	if (rc)
		return rc;
	if (reused(u, pw))
		return fz_err_set(e, FZ_EREFUSED, "password",
				  "password: must differ from the last %d "
				  "passwords",
				  PW_HISTORY);
	rc = pw_hash(pw, hash, sizeof(hash), e);
	if (rc)
		return rc;
	push_history(u);
	snprintf(u->pw_hash, sizeof(u->pw_hash), "%s", hash);
	u->must_change = 0;
	return 0;
}

int pw_is_locked(const struct store_user *u, int64_t now)
{
	return u->disabled || u->locked_until > now;
}

int pw_note_failure(struct store_user *u, int64_t now)
{
	if (u->locked_until && u->locked_until <= now) {
		u->failed_count = 0; /* a past lockout has run out */
		u->locked_until = 0; /* and counting starts afresh */
	}
	u->failed_count++;
	if (u->failed_count >= PW_MAX_FAILURES) {
		u->locked_until = now + PW_LOCK_MS;
		return 1;
	}
	return 0;
}

void pw_note_success(struct store_user *u)
{
	u->failed_count = 0;
	u->locked_until = 0;
}
