/*
 * session.h - browser sessions, held in memory.
 *
 * A session is created at login and identified by a random 256-bit token
 * (base64url, 43 characters) sent as the HttpOnly, SameSite=Strict cookie
 * `fz_session`. Each session has its own random CSRF token, which the
 * browser must send as `X-CSRF-Token` on every unsafe request.
 *
 * Sessions end after `idle_ms` without a request (idle expiry) or
 * `max_ms` after login, and on logout. They live in memory only: a restart
 * of the server logs everybody out, which is the safe side, and checking a
 * session costs no database read or write. The table is keyed by the
 * SHA-256 of the token, so lookups do not leak the token through timing.
 *
 * Time is passed in (now, unix ms), so tests can move it. Thread-safe.
 */
#ifndef FZ_AUTH_SESSION_H
#define FZ_AUTH_SESSION_H

#include <stddef.h>
#include <stdint.h>

#define SESSION_TOKEN_LEN 43

struct session {
	char csrf[SESSION_TOKEN_LEN + 1];
	int64_t user_id;
	int64_t org_id;
	char org_path[512]; /* for subtree scope checks without a read */
	unsigned roles;
	int must_change;
	char username[260];
	int64_t created;
	int64_t last_seen;
};

struct session_table;

struct session_table *session_table_new(int64_t idle_ms, int64_t max_ms);
void session_table_free(struct session_table *t);

/* Create a session for s (csrf, created, last_seen filled here); the new
 * token goes to token_out (SESSION_TOKEN_LEN + 1). */
void session_create(struct session_table *t, struct session *s, int64_t now,
		    char *token_out);
/* 0 and a copy in *out if token names a live session at now (which then
 * counts as activity); -1 if unknown or expired (and then forgotten). */
int session_check(struct session_table *t, const char *token, int64_t now,
		  struct session *out);
void session_destroy(struct session_table *t, const char *token);
/* End every session of a user (locked, password or roles changed). */
void session_destroy_user(struct session_table *t, int64_t user_id);
size_t session_count(struct session_table *t);

/* A random base64url token of SESSION_TOKEN_LEN characters. */
void session_random_token(char *out);

#endif
