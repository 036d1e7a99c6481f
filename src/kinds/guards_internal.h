/*
 * guards_internal.h - for the files that define guards (src/kinds/
 * guards*.c): the parsed form of "name:arg:arg" and a guard's definition.
 *
 * guards.c holds the general guards and searches, after its own table,
 * the tables of the other files (each ends with a {NULL} entry), so a new
 * area of work adds its guards in its own file.
 */
#ifndef FZ_KINDS_GUARDS_INTERNAL_H
#define FZ_KINDS_GUARDS_INTERNAL_H

#include "kinds/guards.h"

enum { GUARD_MAX_ARGS = 3, GUARD_ARG_LEN = 64 };

struct spec {
	char name[GUARD_ARG_LEN];
	char arg[GUARD_MAX_ARGS][GUARD_ARG_LEN];
	int nargs;
};

struct guard_def {
	const char *name;
	int nargs;
	/* validate the arguments against the kind (and the statutory rules
	 * it is loaded with) when it loads */
	int (*check)(const struct kind *k, const struct rules_table *rules,
		     const struct spec *s, struct fz_err *e);
	/* refuse with FZ_EREFUSED naming the field, or 0 */
	int (*run)(const struct guard_ctx *g, const struct spec *s,
		   struct fz_err *e);
};

/* Guards of the petitions, litigation and supervision kinds. */
extern const struct guard_def guards_work[];
/* Guards of normative documents, major decisions, capacity, services. */
extern const struct guard_def guards_docs[];
/* Guards of the enforcement officers' roster and their certificates. */
extern const struct guard_def guards_officers[];
/* The reviewed proposal is what is decided (as_reviewed). */
extern const struct guard_def guards_review[];

/* Shared by the guard files (a date's value: kind_date_of): FZ_EINVAL
 * unless name is a date field of k. */
int guard_arg_date_field(const struct kind *k, const char *name,
			 struct fz_err *e);

#endif
