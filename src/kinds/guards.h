/*
 * guards.h - the code a declaration names: guards that may refuse a
 * transition, and derivations that compute a field from others.
 *
 * A guard is named in a transition as "name" or "name:arg:arg"
 * ("certified_officers:deciders:decided_on")
 * ("date_not_before:replied_on:received_on"). guard_check_decl() validates
 * the name and its arguments against the kind when the declaration is
 * loaded; guard_run() runs it on the record as it would be after the
 * transition, and refuses with FZ_EREFUSED naming the field and the
 * reason ("replied_on: 2024-01-02 is before received_on 2024-01-05").
 */
#ifndef FZ_KINDS_GUARDS_H
#define FZ_KINDS_GUARDS_H

#include "admin/legaltime.h"
#include "kinds/kind.h"
#include "store/store.h"

/* What a guard sees. */
struct guard_ctx {
	const struct kind *kind;
	const json_t *before; /* the record's data before the transition */
	const json_t *after;  /* ... and after */
	const char *state;    /* before */
	int today;	      /* Asia/Shanghai, a calendar day number */
	struct store_conn *c; /* the writer's connection (read-only use) */
	int64_t org_id;	      /* the record's organisation ... */
	const char *org_path; /* ... and its path */
	struct lt_state *lt;  /* calendar and periods in force */
	/* due date of a deadline of the record (before the transition), or
	 * CAL_NO_DATE when it has none */
	int (*due)(void *arg, const char *deadline);
	void *due_arg;
};

/* FZ_EINVAL (message without the file and path; the caller adds them) if
 * the guard is unknown or its arguments do not fit the kind; rules: the
 * statutory rules table the kind is loaded with (the rules a guard names). */
int guard_check_decl(const struct kind *k, const struct rules_table *rules,
		     const char *spec, struct fz_err *e);
int guard_run(const struct guard_ctx *g, const char *spec, struct fz_err *e);

/* ---- the organisation settings guards read -------------------------------
 * GET/PUT /api/v1/orgs/{id}/settings/{key}. One today: "major_case", the
 * criteria that make an enforcement case major (major_case_review); the
 * default is a fine of GUARD_MAJOR_MIN_FINE yuan or more, confiscation, an
 * order to demolish, revocation of a licence, or a hearing held. */
#define GUARD_MAJOR_MIN_FINE 100000.0
struct jv_field;
/* The spec a value of setting key is checked by, or NULL: no such setting. */
const struct jv_field *guard_setting_spec(const char *key);
/* The value of setting key in force for the organisation at org_path: its
 * own or that of the nearest organisation above, else the default. A new
 * reference, NULL if there is no such setting; *from (may be NULL) gets
 * the organisation that set it (0: the default). c may be NULL (the
 * default). */
/* Why a record of kind k (one whose steps carry major_case_review) is a
 * major case under its organisation's criteria, in buf; NULL when it is not
 * (or k has no such guard). */
const char *guard_major_reason(const struct kind *k, struct store_conn *c,
			       const char *org_path, const json_t *data,
			       char *buf, size_t n);
json_t *guard_setting(struct store_conn *c, const char *org_path,
		      const char *key, int64_t *from);

/* The enforcement certificate a user holds through the roster: the
 * officer on duty (kind enforcement_officer, state on_duty) linked to the
 * account, and a certificate of that officer (kind officer_certificate,
 * state valid: not suspended, not revoked) covering day (CAL_NO_DATE: any
 * valid one): 1 and its number and the officer's name as written on it,
 * or 0. out->officer is the officer's record (0: no officer linked) and
 * out->name the officer's name even when there is no certificate. */
struct guard_cert {
	char number[64];
	char name[64 * 3];
	int64_t officer;
};
int guard_certificate(struct store_conn *c, int64_t user, int day,
		      struct guard_cert *out);

/* Derivations: a field computed from others, never entered, named in the
 * declaration as "name" or "name:arg:arg":
 *   disclosure_received_on          the received date of 条例 art. 31
 *   days_between:A:B                int: calendar days from date A to B
 *   working_days_between:A:B        int: working days in (A, B]
 *   within_days:A:B:N               bool: B within N (int field) days of A
 *   within_working_days:A:B:N       bool: the same in working days
 *   lapse_day:A:B                   date: the earlier of A + 1 day and B
 *   record_field:REF:FIELD          text: field FIELD of the record whose
 *                                   id int field REF holds (needs c)
 * A derived value is unset while what it needs is. derive_check_decl()
 * validates a field's derivation against the kind (after all fields are
 * read); derive_run() sets or removes the field in data. cal (may be NULL:
 * then working days count as calendar days) is the calendar in force; c
 * (may be NULL: record_field is then left as it is) the store. */
int derive_check_decl(const struct kind *k, const struct kind_field *f,
		      struct fz_err *e);
int derive_run(const struct kind_field *f, json_t *data,
	       const struct cal_calendar *cal, struct store_conn *c,
	       struct fz_err *e);

#endif
