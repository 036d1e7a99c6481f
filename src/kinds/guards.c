/*
 * guards.c - see guards.h. Each guard is a row of `guards` below: its
 * name, how many arguments it takes, how they are checked against the kind
 * when the declaration loads, and the function that runs it.
 *
 * Guards of general use:
 *   date_not_before:A:B  date field A is not before date field B
 *   not_future:A         date field A is not after today
 *   once:F               field F had no value before this transition
 *   before_due:D         today is not past the due date of deadline D
 * and those of one kind:
 *   disclosure_reason    a reason that belongs to the reply type, given
 *                        exactly when the national table needs one
 */
#include "guards.h"

#include "calendar/calendar.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_ARGS = 3, ARG_LEN = 64 };

struct spec {
	char name[ARG_LEN];
	char arg[MAX_ARGS][ARG_LEN];
	int nargs;
};

static int split(const char *s, struct spec *sp)
{
	const char *p = s;
	size_t len;
	int i = -1;

	memset(sp, 0, sizeof(*sp));
	while (1) {
		len = strcspn(p, ":");
		if (len >= ARG_LEN || i >= MAX_ARGS - 1)
			return -1;
		memcpy(i < 0 ? sp->name : sp->arg[i], p, len);
		if (i >= 0)
			sp->nargs = i + 1;
		if (!p[len])
			return 0;
		p += len + 1;
		i++;
	}
}

/* A date field's value in data, or CAL_NO_DATE. */
static int date_of(const json_t *data, const char *field)
{
	const char *s = json_string_value(json_object_get(data, field));
	int day;

	if (!s || cal_date_parse(s, &day, field, NULL))
		return CAL_NO_DATE;
	return day;
}

static int arg_date_field(const struct kind *k, const char *name,
			  struct fz_err *e)
{
	const struct kind_field *f = kind_field(k, name);

	if (!f || f->type != KF_DATE)
		return fz_err_set(e, FZ_EINVAL, "guard",
				  "'%s' is not a date field", name);
	return 0;
}

static int arg_field(const struct kind *k, const char *name, struct fz_err *e)
{
	return kind_field(k, name) ? 0
				   : fz_err_set(e, FZ_EINVAL, "guard",
						"unknown field '%s'", name);
}

/* ---- the guards -------------------------------------------------------- */

static int check_dates2(const struct kind *k, const struct spec *s,
			struct fz_err *e)
{
	int rc = arg_date_field(k, s->arg[0], e);
	return rc ? rc : arg_date_field(k, s->arg[1], e);
}

static int run_not_before(const struct guard_ctx *g, const struct spec *s,
			  struct fz_err *e)
{
	int a = date_of(g->after, s->arg[0]), b = date_of(g->after, s->arg[1]);
	char da[CAL_DATE_LEN], db[CAL_DATE_LEN];

	if (a == CAL_NO_DATE || b == CAL_NO_DATE || a >= b)
		return 0;
	return fz_err_set(e, FZ_EREFUSED, s->arg[0], "%s: %s is before %s (%s)",
			  s->arg[0], cal_date_format(a, da), s->arg[1],
			  cal_date_format(b, db));
}

static int check_date1(const struct kind *k, const struct spec *s,
		       struct fz_err *e)
{
	return arg_date_field(k, s->arg[0], e);
}

static int run_not_future(const struct guard_ctx *g, const struct spec *s,
			  struct fz_err *e)
{
	int a = date_of(g->after, s->arg[0]);
	char da[CAL_DATE_LEN];

	if (a == CAL_NO_DATE || a <= g->today)
		return 0;
	return fz_err_set(e, FZ_EREFUSED, s->arg[0], "%s: %s is in the future",
			  s->arg[0], cal_date_format(a, da));
}

static int check_field1(const struct kind *k, const struct spec *s,
			struct fz_err *e)
{
	return arg_field(k, s->arg[0], e);
}

static int run_once(const struct guard_ctx *g, const struct spec *s,
		    struct fz_err *e)
{
	json_t *v = json_object_get(g->before, s->arg[0]);

	if (!v || json_is_null(v))
		return 0;
	return fz_err_set(e, FZ_EREFUSED, s->arg[0],
			  "%s: already set; this can be done only once",
			  s->arg[0]);
}

static int check_deadline1(const struct kind *k, const struct spec *s,
			   struct fz_err *e)
{
	return kind_deadline(k, s->arg[0])
		   ? 0
		   : fz_err_set(e, FZ_EINVAL, "guard", "unknown deadline '%s'",
				s->arg[0]);
}

static int run_before_due(const struct guard_ctx *g, const struct spec *s,
			  struct fz_err *e)
{
	int due = g->due ? g->due(g->due_arg, s->arg[0]) : CAL_NO_DATE;
	char d[CAL_DATE_LEN];

	if (due == CAL_NO_DATE || g->today <= due)
		return 0;
	return fz_err_set(e, FZ_EREFUSED, s->arg[0],
			  "%s: the period ended on %s; it can no longer be "
			  "extended",
			  s->arg[0], cal_date_format(due, d));
}

static int check_disclosure(const struct kind *k, const struct spec *s,
			    struct fz_err *e)
{
	const struct kind_field *t = kind_field(k, "reply_type"),
				*r = kind_field(k, "reply_reason");

	(void)s;
	if (!t || !r || t->type != KF_ENUM || r->type != KF_ENUM)
		return fz_err_set(e, FZ_EINVAL, "guard",
				  "disclosure_reason needs the enum fields "
				  "reply_type and reply_reason");
	return 0;
}

/* Reply types whose national-table row has reasons. */
static int needs_reason(const char *type)
{
	return !strcmp(type, "withhold") || !strcmp(type, "unavailable") ||
	       !strcmp(type, "not_handled") || !strcmp(type, "other");
}

static int run_disclosure(const struct guard_ctx *g, const struct spec *s,
			  struct fz_err *e)
{
	const char *type =
	    json_string_value(json_object_get(g->after, "reply_type"));
	const char *reason =
	    json_string_value(json_object_get(g->after, "reply_reason"));
	size_t n;

	(void)s;
	if (!type)
		return 0;
	if (!needs_reason(type))
		return reason ? fz_err_set(e, FZ_EREFUSED, "reply_reason",
					   "reply_reason: a reply of type "
					   "'%s' takes no reason",
					   type)
			      : 0;
	if (!reason)
		return fz_err_set(e, FZ_EREFUSED, "reply_reason",
				  "reply_reason: required for a reply of "
				  "type '%s'",
				  type);
	n = strlen(type);
	if (strncmp(reason, type, n) != 0 || reason[n] != '.')
		return fz_err_set(e, FZ_EREFUSED, "reply_reason",
				  "reply_reason: '%s' is not a reason of "
				  "type '%s'",
				  reason, type);
	return 0;
}

static const struct guard_def {
	const char *name;
	int nargs;
	int (*check)(const struct kind *k, const struct spec *s,
		     struct fz_err *e);
	int (*run)(const struct guard_ctx *g, const struct spec *s,
		   struct fz_err *e);
} guards[] = {
    {"date_not_before", 2, check_dates2, run_not_before},
    {"not_future", 1, check_date1, run_not_future},
    {"once", 1, check_field1, run_once},
    {"before_due", 1, check_deadline1, run_before_due},
    {"disclosure_reason", 0, check_disclosure, run_disclosure},
};

static const struct guard_def *find(const char *text, struct spec *sp,
				    struct fz_err *e)
{
	size_t i;

	if (split(text, sp))
		goto bad;
	for (i = 0; i < sizeof(guards) / sizeof(guards[0]); i++)
		if (!strcmp(guards[i].name, sp->name)) {
			if (guards[i].nargs != sp->nargs) {
				fz_err_set(e, FZ_EINVAL, "guard",
					   "guard '%s' takes %d argument(s)",
					   sp->name, guards[i].nargs);
				return NULL;
			}
			return &guards[i];
		}
bad:
	fz_err_set(e, FZ_EINVAL, "guard", "unknown guard '%s'", text);
	return NULL;
}

int guard_check_decl(const struct kind *k, const char *text, struct fz_err *e)
{
	struct spec sp;
	const struct guard_def *g = find(text, &sp, e);

	return g ? g->check(k, &sp, e) : FZ_EINVAL;
}

int guard_run(const struct guard_ctx *g, const char *text, struct fz_err *e)
{
	struct spec sp;
	const struct guard_def *d = find(text, &sp, e);

	return d ? d->run(g, &sp, e) : FZ_EINVAL;
}

/* ---- derivations -------------------------------------------------------- */

/* 政府信息公开条例 art. 31: the day a request counts as received. In
 * person: the day it was handed in; by mail: the day it was signed for;
 * over the internet or by fax: the day both sides confirmed it. */
static int derive_received_on(const struct kind_field *f, json_t *data,
			      struct fz_err *e)
{
	const char *ch = json_string_value(json_object_get(data, "channel"));
	const char *from = "submitted_on";
	json_t *v;

	if (ch && !strcmp(ch, "mail"))
		from = "signed_on";
	else if (ch && (!strcmp(ch, "online") || !strcmp(ch, "fax")))
		from = "confirmed_on";
	v = json_object_get(data, from);
	if (!v || json_is_null(v))
		return fz_err_set(e, FZ_EINVAL, from,
				  "%s: required for a request received by "
				  "'%s' (政府信息公开条例第三十一条)",
				  from, ch ? ch : "?");
	json_object_set(data, f->name, v);
	return 0;
}

static const struct derive_def {
	const char *name;
	int (*run)(const struct kind_field *f, json_t *data, struct fz_err *e);
} derivations[] = {
    {"disclosure_received_on", derive_received_on},
};

int derive_exists(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(derivations) / sizeof(derivations[0]); i++)
		if (!strcmp(derivations[i].name, name))
			return 1;
	return 0;
}

int derive_run(const char *name, const struct kind_field *f, json_t *data,
	       struct fz_err *e)
{
	size_t i;

	for (i = 0; i < sizeof(derivations) / sizeof(derivations[0]); i++)
		if (!strcmp(derivations[i].name, name))
			return derivations[i].run(f, data, e);
	return fz_err_set(e, FZ_EINVAL, f->name, "unknown derivation '%s'",
			  name);
}
