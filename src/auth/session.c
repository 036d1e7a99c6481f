/*
 * session.c - see session.h. A chained hash table on the first bytes of
 * SHA-256(token), under one mutex: the critical section is a few loads.
 */
#include "session.h"

#include "lib/xalloc.h"

#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#define NBUCKETS 4096

struct entry {
	unsigned char key[32];
	struct session s;
	struct entry *next;
};

struct session_table {
	pthread_mutex_t mu;
	int64_t idle_ms, max_ms;
	size_t count;
	struct entry *b[NBUCKETS];
};

struct session_table *session_table_new(int64_t idle_ms, int64_t max_ms)
{
	struct session_table *t = fz_xcalloc(1, sizeof(*t));

	pthread_mutex_init(&t->mu, NULL);
	t->idle_ms = idle_ms;
	t->max_ms = max_ms;
	return t;
}

void session_table_free(struct session_table *t)
{
	struct entry *en, *next;
	size_t i;

	if (!t)
		return;
	for (i = 0; i < NBUCKETS; i++)
		for (en = t->b[i]; en; en = next) {
			next = en->next;
			free(en);
		}
	pthread_mutex_destroy(&t->mu);
	free(t);
}

void session_random_token(char *out)
{
	unsigned char raw[32];

	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(out, SESSION_TOKEN_LEN + 1, raw, sizeof(raw),
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

static size_t key_of(const char *token, unsigned char key[32])
{
	crypto_hash_sha256(key, (const unsigned char *)token, strlen(token));
	return ((size_t)key[0] << 8 | key[1]) % NBUCKETS;
}

void session_create(struct session_table *t, struct session *s, int64_t now,
		    char *token_out)
{
	struct entry *en = fz_xcalloc(1, sizeof(*en));
	size_t h;

	session_random_token(token_out);
	session_random_token(s->csrf);
	s->created = now;
	s->last_seen = now;
	h = key_of(token_out, en->key);
	en->s = *s;
	pthread_mutex_lock(&t->mu);
	en->next = t->b[h];
	t->b[h] = en;
	t->count++;
	pthread_mutex_unlock(&t->mu);
}

static int expired(const struct session_table *t, const struct session *s,
		   int64_t now)
{
	return now - s->last_seen > t->idle_ms || now - s->created > t->max_ms;
}

/* Unlink the entry at *pp (mutex held). */
static void unlink_at(struct session_table *t, struct entry **pp)
{
	struct entry *en = *pp;

	*pp = en->next;
	t->count--;
	sodium_memzero(en, sizeof(*en));
	free(en);
}

int session_check(struct session_table *t, const char *token, int64_t now,
		  struct session *out)
{
	unsigned char key[32];
	struct entry **pp;
	size_t h;
	int rc = -1;

	if (strlen(token) != SESSION_TOKEN_LEN)
		return -1;
	h = key_of(token, key);
	pthread_mutex_lock(&t->mu);
	for (pp = &t->b[h]; *pp; pp = &(*pp)->next) {
		if (memcmp((*pp)->key, key, 32) != 0)
			continue;
		if (expired(t, &(*pp)->s, now)) {
			unlink_at(t, pp);
		} else {
			(*pp)->s.last_seen = now;
			*out = (*pp)->s;
			rc = 0;
		}
		break;
	}
	pthread_mutex_unlock(&t->mu);
	return rc;
}

void session_destroy(struct session_table *t, const char *token)
{
	unsigned char key[32];
	struct entry **pp;
	size_t h = key_of(token, key);

	pthread_mutex_lock(&t->mu);
	for (pp = &t->b[h]; *pp; pp = &(*pp)->next)
		if (memcmp((*pp)->key, key, 32) == 0) {
			unlink_at(t, pp);
			break;
		}
	pthread_mutex_unlock(&t->mu);
}

void session_destroy_user(struct session_table *t, int64_t user_id)
{
	struct entry **pp;
	size_t i;

	pthread_mutex_lock(&t->mu);
	for (i = 0; i < NBUCKETS; i++)
		for (pp = &t->b[i]; *pp;)
			if ((*pp)->s.user_id == user_id)
				unlink_at(t, pp);
			else
				pp = &(*pp)->next;
	pthread_mutex_unlock(&t->mu);
}

size_t session_count(struct session_table *t)
{
	size_t n;

	pthread_mutex_lock(&t->mu);
	n = t->count;
	pthread_mutex_unlock(&t->mu);
	return n;
}
