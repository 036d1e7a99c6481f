/*
 * rules.h - the table of statutory time limits (data/rules/statutory.txt):
 * parsing, lookup by id, and the due date of a rule on the calendar.
 *
 * A rule says how long an obligation may take and by which law: an id
 * ("disclosure.reply"), a Chinese label, its legal basis, a form (N working
 * days, N calendar days, or a fixed day of the year after a reference year),
 * the event that starts the clock, optional pause events, an optional
 * restart event, and at most one extension (the event that grants it and
 * its maximum). The file format is documented at the top of statutory.txt
 * and in docs/internals/calendar.md. The rules are data: the kind engine
 * maps its events onto them; nothing here knows about records.
 *
 * Ownership: a struct rules_table owns its rules and every string in them;
 * pointers handed out live until the table is released or reloaded. A
 * failed load leaves the table unchanged; a successful one replaces its
 * whole content. Errors name the source and line ("statutory.txt line 12:
 * unknown key 'lable'") in fz_err with field "rules".
 */
#ifndef FZ_RULES_H
#define FZ_RULES_H

#include <stddef.h>

#include "calendar/calendar.h"
#include "lib/err.h"

enum rules_form {
	RULES_WORKING = CAL_WORKING_DAYS,   /* `working N` */
	RULES_CALENDAR = CAL_CALENDAR_DAYS, /* `calendar N` */
	RULES_FIXED = 3			    /* `fixed MM-DD` */
};

enum rules_kind {
	RULES_DEADLINE = 0, /* act no later than the due date */
	RULES_MINIMUM = 1   /* the period must run at least this long */
};

struct rules_pause {
	char *from; /* event that stops the clock */
	char *to;   /* event after which it runs again */
};

struct rules_rule {
	char *id;
	char *label;
	char *basis;
	enum rules_form form;
	int n;		 /* units of working/calendar forms */
	int month, mday; /* fixed form: due on month-mday of reference year+1 */
	char *start;	 /* starting event (fixed form: the reference year) */
	int backward;	 /* `direction: before` */
	enum rules_kind kind;
	char *restart; /* event that starts the clock anew, or NULL */
	struct rules_pause *pauses;
	size_t npauses;
	int extend_max;	    /* 0: no extension */
	char *extend_event; /* NULL when extend_max is 0 */
	char *note;	    /* or NULL */
	int line;	    /* line of `rule:` in its source */
};

struct rules_table {
	struct rules_rule *v;
	size_t n;
};

void rules_table_init(struct rules_table *t);
void rules_table_release(struct rules_table *t);
/* Parse text in the statutory.txt format, replacing t's content. */
int rules_table_load(struct rules_table *t, const char *text, size_t len,
		     const char *source, struct fz_err *e);
/* The rule with this id, or NULL. */
const struct rules_rule *rules_find(const struct rules_table *t,
				    const char *id);

/* Due date of rule r started on `start` (for a fixed rule: any date of the
 * reference year), with pauses and an extension of `extend` units (0: none;
 * at most r->extend_max). A fixed rule's date is not moved off a holiday:
 * it is a date, not a period. */
int rules_due(const struct rules_rule *r, const struct cal_calendar *c,
	      int start, const struct cal_pause *pauses, size_t npauses,
	      int extend, struct cal_result *res, struct fz_err *e);

const char *rules_form_name(enum rules_form f); /* "working", ... */

#endif
