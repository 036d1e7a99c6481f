/*
 * replay.c - see replay.h. The objects derived from the events are kept in
 * arrays indexed by id (ids are allocated densely, max + 1); the rows are
 * then read table by table and compared, and every derived object not met
 * by a row is reported as removed.
 */
#include "replay.h"

#include "audit/findings.h"

#include "lib/xalloc.h"

#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Ids past this in an event are reported, not allocated. */
#define ID_MAX (1 << 26)

struct rec {
	int present, seen, partial;
	int64_t org_id, version;
	char *kind, *number, *state;
	json_t *data;
};

struct user {
	int present, seen, must_known, lock_known;
	int64_t org_id, locked_until;
	int must_change, failed_count, disabled, integration;
	char *username, *display_name, *roles;
};

struct token {
	int present, seen, revoked;
	int64_t org_id, user_id;
	char *name, *hash; /* hash: hex SHA-256 of the stored hash, or NULL */
};

struct org {
	int present, seen;
	int64_t parent_id;
	char *name, *level;
};

struct arr {
	void *v;
	size_t n, size;
};

struct replay {
	struct store_conn *c;
	struct arr recs, users, tokens, orgs;
	const struct replay_opts *o;
	struct replay_report *r;
	struct fz_err *e;
	struct audit_findings f;
};

/* Element id of a, grown (zeroed) to hold it; NULL past ID_MAX. */
static void *slot(struct arr *a, int64_t id)
{
	size_t want;

	if (id < 0 || id > ID_MAX)
		return NULL;
	if ((size_t)id >= a->n) {
		want = a->n ? a->n : 1024;
		while (want <= (size_t)id)
			want *= 2;
		a->v = fz_xrealloc(a->v, want * a->size);
		memset((char *)a->v + a->n * a->size, 0,
		       (want - a->n) * a->size);
		a->n = want;
	}
	return (char *)a->v + (size_t)id * a->size;
}

/* Element id of a if derived, else NULL (never grows a). */
static void *get(struct arr *a, int64_t id)
{
	int *present;

	if (id < 0 || (size_t)id >= a->n)
		return NULL;
	present = (int *)(void *)((char *)a->v + (size_t)id * a->size);
	return *present ? present : NULL;
}

static void set_str(char **to, const char *s)
{
	free(*to);
	*to = fz_xstrdup(s ? s : "");
}

static int same(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

/* The id after the last ':' of subject, or -1. */
static int64_t subject_id(const char *subject, const char *prefix)
{
	const char *colon = strrchr(subject, ':');
	char *end;
	long long id;

	if (!colon || (prefix && (strncmp(subject, prefix, strlen(prefix)) ||
				  subject[strlen(prefix)] != ':')))
		return -1;
	id = strtoll(colon + 1, &end, 10);
	return *end || colon[1] == '\0' ? -1 : id;
}

static const char *jstr(const json_t *d, const char *k)
{
	return json_string_value(json_object_get(d, k));
}

/* ---- deriving: one event at a time ------------------------------------- */

static void ev_org(struct replay *w, const struct store_event *ev,
		   const json_t *d)
{
	struct org *o = slot(&w->orgs, subject_id(ev->subject, "org"));

	if (!o) {
		audit_found(&w->f,
			    "event org %lld seq %lld: org.add names no valid "
			    "organisation id",
			    (long long)ev->org_id, (long long)ev->seq);
		return;
	}
	o->present = 1;
	o->parent_id = json_integer_value(json_object_get(d, "parent_id"));
	set_str(&o->name, jstr(d, "name"));
	set_str(&o->level, jstr(d, "level"));
}

static void lock_counters(struct user *u, const json_t *d)
{
	json_t *f = json_object_get(d, "failed_count");
	json_t *l = json_object_get(d, "locked_until");

	u->lock_known = json_is_integer(f) && json_is_integer(l);
	u->failed_count = (int)json_integer_value(f);
	u->locked_until = json_integer_value(l);
}

static void lock_reset(struct user *u)
{
	u->lock_known = 1;
	u->failed_count = 0;
	u->locked_until = 0;
}

static void ev_user(struct replay *w, const struct store_event *ev,
		    const json_t *d)
{
	int64_t id = subject_id(ev->subject, "user");
	struct user *u = get(&w->users, id);
	json_t *mc = json_object_get(d, "must_change");

	if (!strcmp(ev->type, "user.add")) {
		u = slot(&w->users, id);
		if (!u)
			return;
		u->present = 1;
		u->org_id = json_integer_value(json_object_get(d, "org_id"));
		set_str(&u->username, jstr(d, "username"));
		set_str(&u->display_name, jstr(d, "display_name"));
		set_str(&u->roles, jstr(d, "roles"));
		u->must_known = json_is_boolean(mc);
		u->must_change = json_is_true(mc);
		u->integration =
		    json_is_true(json_object_get(d, "integration"));
		lock_reset(u);
		return;
	}
	if (!u)
		return; /* "user:unknown" and the like: nothing derived */
	if (!strcmp(ev->type, "user.roles")) {
		set_str(&u->roles, jstr(d, "to"));
		if (json_is_true(json_object_get(d, "password_cleared")))
			u->must_change = 1; /* and the password with it */
	} else if (!strcmp(ev->type, "user.lock"))
		u->disabled = 1;
	else if (!strcmp(ev->type, "user.unlock")) {
		u->disabled = 0;
		lock_reset(u);
	} else if (!strcmp(ev->type, "user.password")) {
		u->must_known = json_is_boolean(mc);
		u->must_change = json_is_true(mc);
		if (json_is_true(json_object_get(d, "reset_by_admin")))
			lock_reset(u);
	} else if (!strcmp(ev->type, "auth.login"))
		lock_reset(u);
	else if (!strcmp(ev->type, "auth.login_failed") ||
		 !strcmp(ev->type, "auth.login_refused") ||
		 !strcmp(ev->type, "auth.password_failed") ||
		 !strcmp(ev->type, "auth.lockout"))
		lock_counters(u, d);
}

static void ev_token(struct replay *w, const struct store_event *ev,
		     const json_t *d)
{
	int64_t id = subject_id(ev->subject, "token");
	struct token *t;

	if (!strcmp(ev->type, "token.add")) {
		t = slot(&w->tokens, id);
		if (!t)
			return;
		t->present = 1;
		t->org_id = ev->org_id;
		t->user_id = json_integer_value(json_object_get(d, "user_id"));
		set_str(&t->name, jstr(d, "name"));
		free(t->hash);
		t->hash = jstr(d, "hash_sha256")
			      ? fz_xstrdup(jstr(d, "hash_sha256"))
			      : NULL;
	} else if ((t = get(&w->tokens, id)))
		t->revoked = 1;
}

/* data += fields (null removes), as the engine applies them. */
static void apply(json_t *data, const json_t *fields)
{
	const char *key;
	json_t *v;

	json_object_foreach((json_t *)(uintptr_t)fields, key, v)
	{
		if (json_is_null(v))
			json_object_del(data, key);
		else
			json_object_set(data, key, v);
	}
}

static void ev_record(struct replay *w, const struct store_event *ev,
		      const json_t *d)
{
	int64_t id = subject_id(ev->subject, NULL);
	const char *colon = strrchr(ev->subject, ':');
	json_t *changed = json_object_get(d, "changed");
	struct rec *r;

	if (!json_object_get(d, "state"))
		return; /* record.cc, record.evidence: no projection change */
	if (!strcmp(ev->type, "record.create")) {
		if (!(r = slot(&w->recs, id)))
			return;
		r->present = 1;
		r->org_id = ev->org_id;
		free(r->kind);
		r->kind =
		    fz_xstrndup(ev->subject, (size_t)(colon - ev->subject));
		json_decref(r->data);
		r->data = json_deep_copy(json_object_get(d, "fields"));
		if (!json_is_object(r->data)) {
			json_decref(r->data);
			r->data = json_object();
		}
		r->version = 0;
	} else if (!(r = get(&w->recs, id))) {
		audit_found(
		    &w->f,
		    "event org %lld seq %lld: %s of record %s, which has "
		    "no record.create event before it",
		    (long long)ev->org_id, (long long)ev->seq, ev->type,
		    ev->subject);
		return;
	} else if (!strcmp(ev->type, "record.echo"))
		apply(r->data, json_object_get(d, "fields"));
	else if (json_is_object(changed))
		apply(r->data, changed);
	else if (strcmp(ev->type, "record.return") != 0)
		r->partial = 1; /* a transition written before "changed" */
	r->version++;
	set_str(&r->state, jstr(d, "state"));
	set_str(&r->number, jstr(d, "number"));
}

static int derive(const struct store_event *ev, void *arg)
{
	struct replay *w = arg;
	json_t *d = json_loads(ev->data, 0, NULL);

	if (!strcmp(ev->type, "org.add"))
		ev_org(w, ev, d);
	else if (!strncmp(ev->subject, "user:", 5))
		ev_user(w, ev, d);
	else if (!strncmp(ev->type, "token.", 6))
		ev_token(w, ev, d);
	else if (!strncmp(ev->type, "record.", 7))
		ev_record(w, ev, d);
	json_decref(d);
	return 0;
}

/* ---- comparing: one row at a time -------------------------------------- */

/* The first field where the row's data and the derived data differ. */
static const char *data_diff(const json_t *row, const json_t *derived)
{
	const char *key;
	json_t *v;

	json_object_foreach((json_t *)(uintptr_t)row, key, v)
	{
		if (!json_equal(v, json_object_get(derived, key)))
			return key;
	}
	json_object_foreach((json_t *)(uintptr_t)derived, key, v)
	{
		if (!json_object_get(row, key))
			return key;
	}
	return NULL;
}

static int cmp_record(const struct store_rec_row *row, void *arg)
{
	struct replay *w = arg;
	struct rec *r = get(&w->recs, row->id);
	json_t *data;
	const char *f = NULL;
	char key[128];

	w->r->records++;
	if (!r) {
		audit_found(&w->f,
			    "record %s:%lld (%s): no record.create event "
			    "(inserted outside fazhi)",
			    row->kind, (long long)row->id, row->number);
		return 0;
	}
	r->seen = 1;
	if (r->partial)
		w->r->partial++;
	data = json_loads(row->data, 0, NULL);
	if (row->org_id != r->org_id)
		f = "organisation";
	else if (!same(row->kind, r->kind))
		f = "kind";
	else if (!same(row->number, r->number))
		f = "number";
	else if (!same(row->state, r->state))
		f = "state";
	else if (row->version != r->version)
		f = "version";
	else if (!data)
		f = "data (not JSON)";
	else if (!r->partial && (f = data_diff(data, r->data)))
		f = snprintf(key, sizeof(key), "%s", f) >= 0 ? key : f;
	json_decref(data); /* f points into key, not into data */
	if (f)
		audit_found(&w->f,
			    "record %s:%lld (%s): %s does not match its events "
			    "(changed)",
			    row->kind, (long long)row->id, row->number, f);
	return 0;
}

static int cmp_user(const struct store_user_row *row, void *arg)
{
	struct replay *w = arg;
	struct user *u = get(&w->users, row->id);
	const char *f = NULL;
	char roles[128];

	w->r->users++;
	if (!u) {
		audit_found(
		    &w->f,
		    "user %lld (%s): no user.add event (inserted outside "
		    "fazhi)",
		    (long long)row->id, row->username);
		return 0;
	}
	u->seen = 1;
	w->o->roles_csv(row->roles, roles, sizeof(roles));
	if (!u->must_known || !u->lock_known)
		w->r->partial++;
	if (row->org_id != u->org_id)
		f = "organisation";
	else if (!same(row->username, u->username))
		f = "username";
	else if (!same(row->display_name, u->display_name))
		f = "display name";
	else if (!same(roles, u->roles))
		f = "roles";
	else if (row->disabled != u->disabled)
		f = "disabled";
	else if (row->integration != u->integration)
		f = "integration account";
	else if (u->must_known && !row->must_change != !u->must_change)
		f = "must change password";
	else if (u->lock_known && (row->failed_count != u->failed_count ||
				   row->locked_until != u->locked_until))
		f = "lockout (failed logins, locked until)";
	if (f)
		audit_found(&w->f,
			    "user %lld (%s): %s does not match its events "
			    "(changed)",
			    (long long)row->id, row->username, f);
	return 0;
}

static int cmp_token(const struct store_token_row *row, void *arg)
{
	struct replay *w = arg;
	struct token *t = get(&w->tokens, row->id);
	unsigned char twice[32];
	const char *f = NULL;
	char hex[65];

	w->r->tokens++;
	if (!t) {
		audit_found(
		    &w->f,
		    "API token %lld (%s) of user %lld: no token.add event "
		    "(inserted outside fazhi)",
		    (long long)row->id, row->name, (long long)row->user_id);
		return 0;
	}
	t->seen = 1;
	crypto_hash_sha256(twice, row->hash, sizeof(row->hash));
	sodium_bin2hex(hex, sizeof(hex), twice, sizeof(twice));
	if (!t->hash)
		w->r->partial++;
	if (row->org_id != t->org_id)
		f = "organisation";
	else if (row->user_id != t->user_id)
		f = "user";
	else if (!same(row->name, t->name))
		f = "name";
	else if (t->hash && strcmp(hex, t->hash) != 0)
		f = "token hash";
	else if (t->revoked && !row->revoked)
		f = "revoked (revoked by its events, live in its row)";
	else if (!t->revoked && row->revoked)
		f = "revoked";
	if (f)
		audit_found(&w->f,
			    "API token %lld (%s): %s does not match its events "
			    "(changed)",
			    (long long)row->id, row->name, f);
	return 0;
}

/* The path org id must have by the events ("/1/4/9/"); 0 if it has none
 * (an unknown ancestor, or a cycle). */
static int derived_path(struct replay *w, int64_t id, char *out, size_t n)
{
	int64_t chain[64];
	struct org *o;
	size_t k = 0, len = 0;

	while (id && k < 64) {
		if (!(o = get(&w->orgs, id)))
			return 0;
		chain[k++] = id;
		id = o->parent_id;
	}
	if (id)
		return 0;
	out[len++] = '/';
	while (k-- > 0 && len < n)
		len += (size_t)snprintf(out + len, n - len, "%lld/",
					(long long)chain[k]);
	out[len < n ? len : n - 1] = '\0';
	return len < n;
}

static int cmp_org(const struct store_org *row, void *arg)
{
	struct replay *w = arg;
	struct org *o = get(&w->orgs, row->id);
	const char *f = NULL;
	char path[512];

	w->r->orgs++;
	if (!o) {
		audit_found(
		    &w->f,
		    "organisation %lld (%s): no org.add event (inserted "
		    "outside fazhi)",
		    (long long)row->id, row->name);
		return 0;
	}
	o->seen = 1;
	if (row->parent_id != o->parent_id)
		f = "parent";
	else if (!derived_path(w, row->id, path, sizeof(path)) ||
		 strcmp(path, row->path) != 0)
		f = "path";
	else if (!same(row->name, o->name))
		f = "name";
	else if (!same(row->level, o->level))
		f = "level";
	if (f)
		audit_found(&w->f,
			    "organisation %lld (%s): %s does not match its "
			    "events (changed)",
			    (long long)row->id, row->name, f);
	return 0;
}

struct file_match {
	const struct store_file *f;
	const char *what;
};

static int file_event(const struct store_event *ev, void *arg)
{
	struct file_match *m = arg;
	json_t *d = json_loads(ev->data, 0, NULL);

	if (!same(jstr(d, "name"), m->f->name))
		m->what = "name";
	else if (!same(jstr(d, "content_type"), m->f->content_type))
		m->what = "content type";
	else
		m->what = NULL;
	json_decref(d);
	return 1;
}

static int cmp_file(const struct store_file *f, void *arg)
{
	struct replay *w = arg;
	struct file_match m = {f, "its event"};

	w->r->files++;
	if (store_file_event(w->c, f, file_event, &m, NULL))
		m.what = "its event";
	if (m.what)
		audit_found(
		    &w->f,
		    "file %lld of record %lld (%s): %s does not match its "
		    "record.evidence event (changed)",
		    (long long)f->id, (long long)f->record_id, f->name, m.what);
	return 0;
}

/* ---- derived objects whose row is gone, and the whole run ------------- */

static void removed(struct replay *w)
{
	size_t i;

	for (i = 0; i < w->recs.n; i++) {
		struct rec *r = (struct rec *)w->recs.v + i;
		if (r->present && !r->seen)
			audit_found(
			    &w->f,
			    "record %s:%zu (%s): its events have no row "
			    "(removed)",
			    r->kind, i, r->number ? r->number : "");
	}
	for (i = 0; i < w->users.n; i++) {
		struct user *u = (struct user *)w->users.v + i;
		if (u->present && !u->seen)
			audit_found(&w->f,
				    "user %zu (%s): its events have no row "
				    "(removed)",
				    i, u->username);
	}
	for (i = 0; i < w->tokens.n; i++) {
		struct token *t = (struct token *)w->tokens.v + i;
		if (t->present && !t->seen)
			audit_found(
			    &w->f,
			    "API token %zu (%s): its events have no row "
			    "(removed)",
			    i, t->name);
	}
	for (i = 0; i < w->orgs.n; i++) {
		struct org *o = (struct org *)w->orgs.v + i;
		if (o->present && !o->seen)
			audit_found(&w->f,
				    "organisation %zu (%s): its events have no "
				    "row (removed)",
				    i, o->name);
	}
}

static void release(struct replay *w)
{
	size_t i;

	for (i = 0; i < w->recs.n; i++) {
		struct rec *r = (struct rec *)w->recs.v + i;
		free(r->kind);
		free(r->number);
		free(r->state);
		json_decref(r->data);
	}
	for (i = 0; i < w->users.n; i++) {
		struct user *u = (struct user *)w->users.v + i;
		free(u->username);
		free(u->display_name);
		free(u->roles);
	}
	for (i = 0; i < w->tokens.n; i++) {
		struct token *t = (struct token *)w->tokens.v + i;
		free(t->name);
		free(t->hash);
	}
	for (i = 0; i < w->orgs.n; i++) {
		struct org *o = (struct org *)w->orgs.v + i;
		free(o->name);
		free(o->level);
	}
	free(w->recs.v);
	free(w->users.v);
	free(w->tokens.v);
	free(w->orgs.v);
}

int audit_replay(struct store_conn *c, const struct replay_opts *o,
		 struct replay_report *r, struct fz_err *e)
{
	struct replay w;
	struct store_event_filter f;
	int rc;

	memset(r, 0, sizeof(*r));
	memset(&w, 0, sizeof(w));
	w.c = c;
	w.o = o;
	w.r = r;
	w.e = e;
	w.recs.size = sizeof(struct rec);
	w.users.size = sizeof(struct user);
	w.tokens.size = sizeof(struct token);
	w.orgs.size = sizeof(struct org);
	w.f.cb = o->finding;
	w.f.arg = o->arg;
	w.f.max = o->max_findings;
	memset(&f, 0, sizeof(f));
	f.org_id = STORE_ALL_ORGS;
	rc = store_event_list(c, &f, derive, &w, e);
	if (!rc)
		rc = store_replay_orgs(c, cmp_org, &w, e);
	if (!rc)
		rc = store_replay_users(c, cmp_user, &w, e);
	if (!rc)
		rc = store_replay_tokens(c, cmp_token, &w, e);
	if (!rc)
		rc = store_replay_records(c, cmp_record, &w, e);
	if (!rc)
		rc = store_file_each(c, cmp_file, &w, e);
	if (!rc)
		removed(&w);
	release(&w);
	r->findings = w.f.n;
	if (!rc && r->findings)
		rc = fz_err_set(e, FZ_ECORRUPT, "replay",
				"%.200s (%lld finding%s in all)", w.f.first,
				(long long)r->findings,
				r->findings == 1 ? "" : "s");
	return rc;
}
