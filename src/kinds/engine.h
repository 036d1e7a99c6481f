/*
 * engine.h - one engine for every kind of work (DESIGN.md): create a
 * record, take a transition, send it back (退回), copy it to people (抄送);
 * compute its deadlines. Reads (get, list, history) go straight to the
 * store; this module holds the rules of change.
 *
 * Every change runs inside a store write function (the writer thread) and
 * is one event in the organisation's hash chain plus the update of the
 * record's projection and its deadlines, in one transaction. Input is
 * checked against the declaration first: an unknown field, a wrong type,
 * an enum value not declared, a missing required field, a transition not
 * allowed from this state or for these roles, a guard that refuses — each
 * is an error naming the field (or "transition"/"state"/"roles"), and
 * nothing is written.
 *
 * Record data is a JSON object of field values: strings for string, text,
 * enum and date ("YYYY-MM-DD") fields, integers for int, numbers for
 * decimal and money, booleans for bool. Absent means unset.
 */
#ifndef FZ_KINDS_ENGINE_H
#define FZ_KINDS_ENGINE_H

#include "admin/legaltime.h"
#include "kinds/kind.h"
#include "store/store.h"

/* Where and when a change happens. */
struct engine_env {
	struct lt_state *lt; /* calendar and the periods in force */
	int today;	     /* Asia/Shanghai day number */
	const char *actor;   /* "user:12", "public", "cli" */
	unsigned roles;	     /* of the actor; ROLE_ALL for the system */
};

/* Create a record of kind k in org_id from input (fields of k->create
 * only; `extra` holds fields set by the system, e.g. the portal's channel
 * and dates, and may be NULL). query_code (may be NULL) makes it
 * followable on the public portal. *out gets the record as written
 * (release it). */
int engine_create(struct store_conn *c, const struct engine_env *env,
		  const struct kind *k, int64_t org_id, const json_t *input,
		  const json_t *extra, const char *query_code,
		  struct store_record *out, struct fz_err *e);
/* Take transition `name` on record id with input (the transition's
 * fields and, when it asks for one, "reason"). version: the version the
 * caller saw (0: any). */
/* FZ_ECONFLICT naming "version": the caller's version is not the
 * record's (now). */
int engine_stale(int now, struct fz_err *e);
int engine_transition(struct store_conn *c, const struct engine_env *env,
		      const struct kind *k, int64_t id, const char *name,
		      const json_t *input, int version,
		      struct store_record *out, struct fz_err *e);
/* 退回: back to the state before the last move, with a reason; taken by
 * those who may act on the record in its present state. */
int engine_return(struct store_conn *c, const struct engine_env *env,
		  const struct kind *k, int64_t id, const char *reason,
		  int version, struct store_record *out, struct fz_err *e);
/* 抄送: copy to users (ids) with a note. */
int engine_cc(struct store_conn *c, const struct engine_env *env,
	      const struct kind *k, int64_t id, const int64_t *users,
	      size_t nusers, const char *note, struct fz_err *e);

/* Deadlines of a record as they stand (computed from its data and state,
 * as the engine stores them): those that apply ("when"), *n of them, at
 * most k->ndeadlines, in out. */
int engine_deadlines(const struct engine_env *env, const struct kind *k,
		     const char *org_path, const char *state,
		     const json_t *data, struct store_deadline *out, size_t *n,
		     struct fz_err *e);
/* Transitions the roles may take from state (names into out, up to cap;
 * returns how many). */
/* FZ_EREFUSED (the guard's refusal in e) when one of t's guards refuses
 * the record as it is, whatever the step would be given: only the guards
 * that read nothing the step sets (once: and its before-value excepted), so
 * that a step shown as doable is, and one refused says why beforehand.
 * data: the record's data, parsed. */
int engine_blocked(struct store_conn *c, const struct engine_env *env,
		   const struct kind *k, const struct store_record *rec,
		   const json_t *data, const struct kind_transition *t,
		   struct fz_err *e);
size_t engine_allowed(const struct kind *k, const char *state, unsigned roles,
		      const char **out, size_t cap);
/* Check input values against the declaration (unknown fields, types,
 * enums, limits). `allowed` (n names) limits which fields may appear;
 * NULL allows every field. */
int engine_check_input(const struct kind *k, const json_t *input,
		       const char *const *allowed, size_t n, struct fz_err *e);

#endif
