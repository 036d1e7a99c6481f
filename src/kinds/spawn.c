/*
 * spawn.c - the "spawn" of a transition (kind.h, struct kind_spawn):
 * resolved once every kind is read, since it names another kind. Errors
 * name the file and the JSON path, as kind.c's do.
 */
#include "kind.h"

#include "lib/jsonv.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

struct sctx {
	struct kind *k;
	size_t t; /* index of the transition */
	struct fz_err *e;
};

static int serr(const struct sctx *x, const char *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int serr(const struct sctx *x, const char *at, const char *fmt, ...)
{
	char msg[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return fz_err_set(x->e, FZ_EINVAL, "kind",
			  "%s: $.transitions[%zu].spawn%s: %s", x->k->source,
			  x->t, at, msg);
}

/* A target field that a spawn may write: declared, not derived. */
static int target_field(const struct sctx *x, const struct kind *to,
			const char *at, const char *name,
			const struct kind_field **out)
{
	*out = kind_field(to, name);
	if (!*out)
		return serr(x, at, "'%s' is not a field of kind '%s'", name,
			    to->id);
	if ((*out)->derive)
		return serr(x, at, "'%s' of kind '%s' is computed", name,
			    to->id);
	return 0;
}

/* Source field `from` (or @number, @org) fits target field f. */
static int check_pair(const struct sctx *x, const char *at,
		      const struct kind_field *f, const char *from)
{
	const struct kind_field *s;
	size_t i;

	if (!strcmp(from, "@number") || !strcmp(from, "@org"))
		return f->type == KF_STRING || f->type == KF_TEXT
			   ? 0
			   : serr(x, at, "'%s' gives text: '%s' is a %s field",
				  from, f->name, kind_type_name(f->type));
	s = kind_field(x->k, from);
	if (!s)
		return serr(x, at, "'%s' is not a field of kind '%s'", from,
			    x->k->id);
	if (s->type != f->type &&
	    !((s->type == KF_STRING || s->type == KF_TEXT) &&
	      f->type == KF_TEXT))
		return serr(
		    x, at, "type mismatch: '%s' is a %s field, '%s' a %s", from,
		    kind_type_name(s->type), f->name, kind_type_name(f->type));
	for (i = 0; s->type == KF_ENUM && i < s->nvalues; i++)
		if (!kind_value_label(f, s->values[i].value))
			return serr(x, at,
				    "value '%s' of '%s' is not a value of '%s'",
				    s->values[i].value, from, f->name);
	return 0;
}

typedef int (*pair_check)(const struct sctx *x, const char *at,
			  const struct kind_field *f, const char *from);

/* An object {target field: source field} under `name` ("set", "echo"),
 * each pair checked by `check`, into *out (to, from: as stored for a set;
 * the other way round for an echo, whose `to` is the source's field). */
static int parse_pairs(const struct sctx *x, const struct kind *to,
		       const json_t *o, const char *name, pair_check check,
		       int back, struct kind_spawn_set **out, size_t *n)
{
	const struct kind_field *f;
	const char *key, *from;
	char at[160];
	json_t *v;
	size_t i = 0;
	int rc;

	if (!o)
		return 0;
	snprintf(at, sizeof(at), ".%s", name);
	if (!json_is_object(o))
		return serr(x, at, "must be an object of target: source");
	*out = kind_alloc(x->k, json_object_size(o), sizeof(**out));
	json_object_foreach((json_t *)(uintptr_t)o, key, v)
	{
		snprintf(at, sizeof(at), ".%s.%.100s", name, key);
		if (!json_is_string(v))
			return serr(x, at, "must be a field name");
		from = json_string_value(v);
		if ((rc = target_field(x, to, at, key, &f)) ||
		    (rc = check(x, at, f, from)))
			return rc;
		(*out)[i].to = back ? from : key;
		(*out)[i++].from = back ? key : from;
	}
	*n = i;
	return 0;
}

static int parse_consts(const struct sctx *x, const struct kind *to,
			const json_t *o, struct kind_spawn *sp)
{
	const struct kind_field *f;
	const char *key;
	char at[160];
	json_t *v;
	size_t i = 0;
	int rc;

	if (!o)
		return 0;
	if (!json_is_object(o))
		return serr(x, ".const", "must be an object of field: value");
	sp->consts = kind_alloc(x->k, json_object_size(o), sizeof(*sp->consts));
	json_object_foreach((json_t *)(uintptr_t)o, key, v)
	{
		snprintf(at, sizeof(at), ".const.%.100s", key);
		if ((rc = target_field(x, to, at, key, &f)))
			return rc;
		if (!json_is_string(v) ||
		    (f->type != KF_ENUM && f->type != KF_STRING &&
		     f->type != KF_TEXT) ||
		    (f->type == KF_ENUM &&
		     !kind_value_label(f, json_string_value(v))))
			return serr(x, at, "not a value of field '%s'", key);
		sp->consts[i].field = key;
		sp->consts[i++].value = json_string_value(v);
	}
	sp->nconsts = i;
	return 0;
}

/* An echo's source field: of the target field's type, not computed. */
static int check_echo(const struct sctx *x, const char *at,
		      const struct kind_field *f, const char *from)
{
	const struct kind_field *s = kind_field(x->k, from);

	if (!s || s->derive || s->type != f->type)
		return serr(x, at,
			    "must name a field of kind '%s' of the same type, "
			    "not computed",
			    x->k->id);
	return 0;
}

/* Every required field of the target is given. */
static int check_covered(const struct sctx *x, const struct kind *to,
			 const struct kind_spawn *sp)
{
	size_t i, j;

	for (i = 0; i < to->nfields; i++) {
		const struct kind_field *f = &to->fields[i];
		int given = !strcmp(f->name, sp->link);
		for (j = 0; !given && j < sp->nset; j++)
			given = !strcmp(sp->set[j].to, f->name);
		for (j = 0; !given && j < sp->nconsts; j++)
			given = !strcmp(sp->consts[j].field, f->name);
		if (f->required && !f->derive && !given)
			return serr(x, "",
				    "required field '%s' of kind '%s' is "
				    "neither set nor const",
				    f->name, to->id);
	}
	return 0;
}

static int resolve_one(const struct kind_registry *reg, const struct sctx *x,
		       struct kind_transition *t)
{
	static const char *const keys[] = {"kind",  "org",  "link", "set",
					   "const", "echo", NULL};
	const json_t *o = t->spawn_decl;
	const struct kind_field *f;
	struct kind_spawn *sp;
	const char *key;
	char at[64];
	int rc;

	if ((key = jv_unknown_key(o, keys))) {
		snprintf(at, sizeof(at), ".%.40s", key);
		return serr(x, at, "unknown key");
	}
	sp = kind_alloc(x->k, 1, sizeof(*sp));
	sp->kind = json_string_value(json_object_get(o, "kind"));
	sp->org = json_string_value(json_object_get(o, "org"));
	sp->link = json_string_value(json_object_get(o, "link"));
	if (!sp->kind)
		return serr(x, ".kind", "is required (a kind id)");
	if (!(sp->target = kind_find(reg, sp->kind)))
		return serr(x, ".kind", "unknown kind '%s'", sp->kind);
	f = sp->org ? kind_field(x->k, sp->org) : NULL;
	if (!f || f->type != KF_ORG)
		return serr(x, ".org", "'%s' is not an org field of kind '%s'",
			    sp->org ? sp->org : "", x->k->id);
	if ((rc = target_field(x, sp->target, ".link", sp->link ? sp->link : "",
			       &f)))
		return rc;
	if (f->type != KF_INT)
		return serr(x, ".link", "'%s' of kind '%s' is not an int field",
			    sp->link, sp->kind);
	if ((rc = parse_pairs(x, sp->target, json_object_get(o, "set"), "set",
			      check_pair, 0, &sp->set, &sp->nset)) ||
	    (rc = parse_consts(x, sp->target, json_object_get(o, "const"),
			       sp)) ||
	    (rc = check_covered(x, sp->target, sp)) ||
	    (rc = parse_pairs(x, sp->target, json_object_get(o, "echo"), "echo",
			      check_echo, 1, &sp->echo, &sp->necho)))
		return rc;
	sp->source = x->k;
	t->spawn = sp;
	return 0;
}

/* The target of every spawn with an echo knows it (engine.c runs them). */
static int link_echoes(const struct kind_registry *reg, struct fz_err *e)
{
	size_t i, j, m;

	for (i = 0; i < reg->n; i++)
		reg->v[i]->nechoes = 0;
	for (i = 0; i < reg->n; i++)
		for (j = 0; j < reg->v[i]->ntransitions; j++) {
			const struct kind_spawn *sp =
			    reg->v[i]->transitions[j].spawn;
			struct kind *to = NULL;
			if (!sp || !sp->necho)
				continue;
			for (m = 0; m < reg->n; m++)
				if (reg->v[m] == sp->target)
					to = reg->v[m];
			if (!to || to->nechoes == KIND_ECHOES_MAX)
				return fz_err_set(
				    e, FZ_EINVAL, "kind",
				    "%s: $.transitions[%zu].spawn.echo: more "
				    "than %d spawns with an echo target kind "
				    "'%s'",
				    reg->v[i]->source, j, KIND_ECHOES_MAX,
				    sp->kind);
			to->echoes[to->nechoes++] = sp;
		}
	return 0;
}

int kind_resolve_spawns(const struct kind_registry *reg, struct fz_err *e)
{
	size_t i, j;
	int rc;

	for (i = 0; i < reg->n; i++)
		for (j = 0; j < reg->v[i]->ntransitions; j++) {
			struct sctx x = {reg->v[i], j, e};
			struct kind_transition *t = &reg->v[i]->transitions[j];
			t->spawn = NULL;
			if (t->spawn_decl && (rc = resolve_one(reg, &x, t)))
				return rc;
		}
	return link_echoes(reg, e);
}
