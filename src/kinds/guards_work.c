/*
 * guards_work.c - guards of the petition, litigation and supervision kinds
 * (guards_internal.h). Their deadlines and figures are declarations; what
 * is here are two checks a declaration cannot state:
 *
 *   enum_class:A:B  the value of enum A lies in the class held by enum B:
 *                   A's values are written "CLASS.detail" and B's values
 *                   are the classes. A transition sets B (`set`) and the
 *                   user chooses A: 结案（胜诉） takes the outcomes
 *                   "won.*" only (判决驳回诉讼请求 won.claim_dismissed),
 *                   so the figure "won" is a plain equality on B.
 *   not_above:A:B   the number A is not greater than the number B (matters
 *                   resolved at a reception day <= matters received).
 *
 *                   A unset is refused only where B's class has values
 *                   in A (政府信息公开: 不予公开 needs its reason, 予以公开
 *                   takes none, so reply_reason:reply_type is one
 *                   declaration); otherwise `required` says what must be
 *                   there.
 *
 *   enum_class_opt:A:B  as enum_class, A may be unset (好差评: the grade
 *                   is optional, when given it lies in the class 好评 or
 *                   差评 entered).
 *
 *   equals:F:V      enum F holds the value V (差评整改 is for a 差评; the
 *                   filings upward are for a government's document).
 *
 * not_above lets a field be unset.
 */
#include "guards_internal.h"

#include <stddef.h>
#include <string.h>

/* ---- enum_class ------------------------------------------------------------
 */

static int check_enum_class(const struct kind *k,
			    const struct rules_table *rules,
			    const struct spec *s, struct fz_err *e)
{
	const struct kind_field *a = kind_field(k, s->arg[0]),
				*b = kind_field(k, s->arg[1]);
	const char *dot;
	size_t i;

	(void)rules;
	if (!a || a->type != KF_ENUM)
		return fz_err_set(e, FZ_EINVAL, "guard",
				  "'%s' is not an enum field", s->arg[0]);
	if (!b || b->type != KF_ENUM)
		return fz_err_set(e, FZ_EINVAL, "guard",
				  "'%s' is not an enum field", s->arg[1]);
	/* Every value of A names a class of B before its dot. */
	for (i = 0; i < a->nvalues; i++) {
		char cls[GUARD_ARG_LEN];
		dot = strchr(a->values[i].value, '.');
		if (!dot || (size_t)(dot - a->values[i].value) >= sizeof(cls))
			return fz_err_set(e, FZ_EINVAL, "guard",
					  "value '%s' of '%s' is not "
					  "CLASS.detail",
					  a->values[i].value, s->arg[0]);
		memcpy(cls, a->values[i].value,
		       (size_t)(dot - a->values[i].value));
		cls[dot - a->values[i].value] = '\0';
		if (!kind_value_label(b, cls))
			return fz_err_set(e, FZ_EINVAL, "guard",
					  "value '%s' of '%s': '%s' is not a "
					  "value of '%s'",
					  a->values[i].value, s->arg[0], cls,
					  s->arg[1]);
	}
	return 0;
}

/* Value v is "CLASS.detail" of class cls. */
static int of_class(const char *v, const char *cls)
{
	size_t n = strlen(cls);

	return !strncmp(v, cls, n) && v[n] == '.';
}

/* Some value of enum field f is of class cls. */
static int has_class(const struct kind_field *f, const char *cls)
{
	size_t i;

	for (i = 0; f && i < f->nvalues; i++)
		if (of_class(f->values[i].value, cls))
			return 1;
	return 0;
}

static int run_enum_class(const struct guard_ctx *g, const struct spec *s,
			  struct fz_err *e)
{
	const char *a = json_string_value(json_object_get(g->after, s->arg[0]));
	const char *b = json_string_value(json_object_get(g->after, s->arg[1]));
	const struct kind_field *fa = kind_field(g->kind, s->arg[0]);
	const char *la, *lb;

	if (!b)
		return 0;
	lb = kind_value_label(kind_field(g->kind, s->arg[1]), b);
	if (!a)
		return has_class(fa, b)
			   ? fz_err_set(e, FZ_EREFUSED, s->arg[0],
					"%s: %s为“%s”时须填写%s", s->arg[0],
					kind_field(g->kind, s->arg[1])->label,
					lb ? lb : b, fa->label)
			   : 0;
	if (of_class(a, b))
		return 0;
	la = kind_value_label(fa, a);
	return fz_err_set(e, FZ_EREFUSED, s->arg[0],
			  "%s: %s“%s”不属于此步骤办理的“%s”", s->arg[0],
			  fa->label, la ? la : a, lb ? lb : b);
}

/* enum_class_opt: as enum_class, but A may stay unset whatever B holds (a
 * 好差评 grade, 非常满意 good.very_satisfied, fits the 好评/差评 entered
 * with it; an evaluation recorded as good or bad alone is still taken). */
static int run_enum_class_opt(const struct guard_ctx *g, const struct spec *s,
			      struct fz_err *e)
{
	const char *a = json_string_value(json_object_get(g->after, s->arg[0]));
	const char *b = json_string_value(json_object_get(g->after, s->arg[1]));
	const struct kind_field *fa = kind_field(g->kind, s->arg[0]),
				*fb = kind_field(g->kind, s->arg[1]);
	const char *la, *lb;

	if (!a || !b || of_class(a, b))
		return 0;
	la = kind_value_label(fa, a);
	lb = kind_value_label(fb, b);
	/* Labels only: no value id reaches the user. */
	return fz_err_set(e, FZ_EREFUSED, s->arg[0], "%s“%s”与%s“%s”不符",
			  fa->label, la ? la : "", fb->label, lb ? lb : "");
}

/* ---- equals ----------------------------------------------------------------
 */

static int check_equals(const struct kind *k, const struct rules_table *rules,
			const struct spec *s, struct fz_err *e)
{
	const struct kind_field *f = kind_field(k, s->arg[0]);

	(void)rules;
	if (!f || f->type != KF_ENUM)
		return fz_err_set(e, FZ_EINVAL, "guard",
				  "'%s' is not an enum field", s->arg[0]);
	if (!kind_value_label(f, s->arg[1]))
		return fz_err_set(e, FZ_EINVAL, "guard",
				  "'%s' is not a value of '%s'", s->arg[1],
				  s->arg[0]);
	return 0;
}

/* The step is for records whose enum F holds V (差评整改: a 差评 only; the
 * filings with the level above: a government's document only). The
 * message gives the labels, never the values. */
static int run_equals(const struct guard_ctx *g, const struct spec *s,
		      struct fz_err *e)
{
	const char *v = json_string_value(json_object_get(g->after, s->arg[0]));
	const struct kind_field *f = kind_field(g->kind, s->arg[0]);
	const char *lv = v ? kind_value_label(f, v) : NULL;

	if (v && !strcmp(v, s->arg[1]))
		return 0;
	return fz_err_set(e, FZ_EREFUSED, s->arg[0],
			  "此步骤只适用于%s为“%s”的记录，本记录为“%s”",
			  f->label, kind_value_label(f, s->arg[1]),
			  lv ? lv : "未填写");
}

const struct guard_def guards_work[] = {
    {"enum_class", 2, check_enum_class, run_enum_class},
    {"enum_class_opt", 2, check_enum_class, run_enum_class_opt},
    {"equals", 2, check_equals, run_equals},
    {NULL, 0, NULL, NULL},
};
