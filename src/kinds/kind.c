/*
 * kind.c - see kind.h. A recursive-descent walk over the declaration's
 * JSON (jansson), with the JSON path kept for error messages; unknown keys
 * are errors, so a misspelt key is reported rather than ignored.
 */
#include "kind.h"

#include "kinds/figures.h"

#include "kinds/guards.h"
#include "lib/buf.h"
#include "lib/embedded.h"
#include "lib/jsonv.h"
#include "lib/xalloc.h"

#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct arena {
	void **p;
	size_t n, a;
};

struct pctx {
	const char *source;
	char path[256];
	struct fz_err *e;
	struct arena *ar;
	const struct rules_table *rules;
	struct kind *k;
};

static void *arena_alloc(struct arena *ar, size_t count, size_t size)
{
	void *p = fz_xcalloc(count ? count : 1, size);

	ar->p = fz_xgrow(ar->p, ar->n, &ar->a, sizeof(*ar->p), 32);
	ar->p[ar->n++] = p;
	return p;
}

static void arena_free(struct arena *ar)
{
	size_t i;

	if (!ar)
		return;
	for (i = 0; i < ar->n; i++)
		free(ar->p[i]);
	free(ar->p);
	free(ar);
}

static int perr(struct pctx *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int perr(struct pctx *p, const char *fmt, ...)
{
	char msg[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return fz_err_set(p->e, FZ_EINVAL, "kind", "%s: %s: %s", p->source,
			  p->path, msg);
}

/* Set the path to the parent's path plus a key or an index. */
static void path_key(struct pctx *p, const char *base, const char *key)
{
	snprintf(p->path, sizeof(p->path), "%.200s.%s", base, key);
}

static void path_index(struct pctx *p, const char *base, size_t i)
{
	snprintf(p->path, sizeof(p->path), "%.200s[%zu]", base, i);
}

/* ---- basic values ---------------------------------------------------- */

static int is_ident(const char *s, size_t max)
{
	size_t n = 0;

	if (!s || !(*s >= 'a' && *s <= 'z'))
		return 0;
	for (; *s; s++, n++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		      *s == '_'))
			return 0;
	return n <= max;
}

static int check_keys(struct pctx *p, const json_t *o,
		      const char *const *allowed)
{
	const char *key;
	char base[256];

	if (!json_is_object(o))
		return perr(p, "must be an object");
	if (!(key = jv_unknown_key(o, allowed)))
		return 0;
	memcpy(base, p->path, sizeof(base));
	path_key(p, base, key);
	return perr(p, "unknown key");
}

const char *const kind_event_names[KIND_NEVENT_NAMES] = {"create", "return",
							 "cc", "evidence"};

/* String member `key` of o: required or optional (NULL when absent). */
static int get_str(struct pctx *p, const json_t *o, const char *key,
		   int required, const char **out)
{
	json_t *v = json_object_get(o, key);
	char base[256];

	*out = NULL;
	if (!v && !required)
		return 0;
	memcpy(base, p->path, sizeof(base));
	path_key(p, base, key);
	if (!json_is_string(v))
		return perr(p, v ? "must be a string" : "is required");
	*out = json_string_value(v);
	memcpy(p->path, base, sizeof(base));
	return 0;
}

static int get_ident(struct pctx *p, const json_t *o, const char *key,
		     int required, const char **out)
{
	char base[256];
	int rc = get_str(p, o, key, required, out);

	if (rc || !*out)
		return rc;
	if (!is_ident(*out, 40)) {
		memcpy(base, p->path, sizeof(base));
		path_key(p, base, key);
		return perr(p, "'%s' is not an identifier (a-z, 0-9, _)", *out);
	}
	return 0;
}

static int get_bool(struct pctx *p, const json_t *o, const char *key, int *out)
{
	json_t *v = json_object_get(o, key);
	char base[256];

	*out = 0;
	if (!v)
		return 0;
	if (!json_is_boolean(v)) {
		memcpy(base, p->path, sizeof(base));
		path_key(p, base, key);
		return perr(p, "must be true or false");
	}
	*out = json_is_true(v);
	return 0;
}

/* Array of strings at key (absent: empty), each checked by `ok`. */
static int get_names(struct pctx *p, const json_t *o, const char *key,
		     int (*ok)(struct pctx *, const char *), const char ***out,
		     size_t *n)
{
	json_t *a = json_object_get(o, key), *v;
	char base[256], here[256];
	size_t i;
	int rc;

	*out = NULL;
	*n = 0;
	if (!a)
		return 0;
	memcpy(base, p->path, sizeof(base));
	path_key(p, base, key);
	if (!json_is_array(a))
		return perr(p, "must be an array");
	memcpy(here, p->path, sizeof(here));
	*out = arena_alloc(p->ar, json_array_size(a), sizeof(char *));
	json_array_foreach(a, i, v)
	{
		path_index(p, here, i);
		if (!json_is_string(v))
			return perr(p, "must be a string");
		(*out)[i] = json_string_value(v);
		if (ok && (rc = ok(p, (*out)[i])))
			return rc;
	}
	*n = json_array_size(a);
	memcpy(p->path, base, sizeof(base));
	return 0;
}

/* ---- references into the kind being parsed -------------------------- */

static int ok_field(struct pctx *p, const char *name)
{
	return kind_field(p->k, name) ? 0 : perr(p, "unknown field '%s'", name);
}

static int ok_date_field(struct pctx *p, const char *name)
{
	const struct kind_field *f = kind_field(p->k, name);

	if (!f)
		return perr(p, "unknown field '%s'", name);
	return f->type == KF_DATE ? 0
				  : perr(p, "field '%s' is not a date", name);
}

static int ok_state(struct pctx *p, const char *name)
{
	return kind_state(p->k, name) ? 0 : perr(p, "unknown state '%s'", name);
}

/* What the public may see of a record: never a personal field. */
static int ok_status(struct pctx *p, const char *name)
{
	const struct kind_field *f;

	if (!strcmp(name, "number") || !strcmp(name, "state"))
		return 0;
	if (!strncmp(name, "deadline:", 9))
		return kind_deadline(p->k, name + 9)
			   ? 0
			   : perr(p, "unknown deadline '%s'", name + 9);
	f = kind_field(p->k, name);
	if (!f)
		return perr(p, "unknown field '%s'", name);
	return f->personal ? perr(p,
				  "'%s' is personal data: the public "
				  "cannot see it",
				  name)
			   : 0;
}

/* ---- fields ----------------------------------------------------------- */

static const struct {
	const char *name;
	enum kf_type type;
} types[] = {{"string", KF_STRING},   {"text", KF_TEXT},   {"int", KF_INT},
	     {"decimal", KF_DECIMAL}, {"money", KF_MONEY}, {"date", KF_DATE},
	     {"bool", KF_BOOL},	      {"enum", KF_ENUM},   {"users", KF_USERS},
	     {"objects", KF_OBJECTS}, {"org", KF_ORG}};

const char *kind_type_name(enum kf_type t)
{
	size_t i;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (types[i].type == t)
			return types[i].name;
	return "?";
}

static int parse_type(struct pctx *p, const char *s, enum kf_type *t)
{
	size_t i;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (!strcmp(types[i].name, s)) {
			*t = types[i].type;
			return 0;
		}
	return perr(p,
		    "unknown type '%s' (string, text, int, decimal, "
		    "money, date, bool, enum, users, objects, org)",
		    s);
}

static int parse_limit(struct pctx *p, const json_t *o, const char *key,
		       int *has, double *out)
{
	json_t *v = json_object_get(o, key);
	char base[256];

	*has = 0;
	if (!v)
		return 0;
	if (!json_is_number(v)) {
		memcpy(base, p->path, sizeof(base));
		path_key(p, base, key);
		return perr(p, "must be a number");
	}
	*has = 1;
	*out = json_number_value(v);
	return 0;
}

static int parse_values(struct pctx *p, const json_t *o, struct kind_field *f)
{
	static const char *const keys[] = {"value", "label", NULL};
	json_t *a = json_object_get(o, "values"), *v;
	char base[256], here[256];
	struct kind_value *vals;
	size_t i, j;
	int rc;

	memcpy(base, p->path, sizeof(base));
	path_key(p, base, "values");
	if (f->type != KF_ENUM)
		return a ? perr(p, "only an enum has values") : 0;
	if (!json_is_array(a) || json_array_size(a) == 0)
		return perr(p, "an enum needs a non-empty array of values");
	memcpy(here, p->path, sizeof(here));
	vals = arena_alloc(p->ar, json_array_size(a), sizeof(*vals));
	json_array_foreach(a, i, v)
	{
		path_index(p, here, i);
		if ((rc = check_keys(p, v, keys)) ||
		    (rc = get_str(p, v, "value", 1, &vals[i].value)) ||
		    (rc = get_str(p, v, "label", 1, &vals[i].label)))
			return rc;
		for (j = 0; j < i; j++)
			if (!strcmp(vals[j].value, vals[i].value))
				return perr(p, "value '%s' repeated",
					    vals[i].value);
	}
	f->values = vals;
	f->nvalues = json_array_size(a);
	memcpy(p->path, base, sizeof(base));
	return 0;
}

static int parse_mask(struct pctx *p, const json_t *o, struct kind_field *f)
{
	static const char *const names[] = {"", "name", "id_number", "phone",
					    "address"};
	const char *m;
	char base[256];
	size_t i;
	int rc = get_str(p, o, "mask", 0, &m);

	if (rc || !m)
		return rc;
	for (i = 1; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(names[i], m)) {
			f->mask = (enum kf_mask)i;
			f->personal = 1; /* a masked value is personal data */
			return 0;
		}
	memcpy(base, p->path, sizeof(base));
	path_key(p, base, "mask");
	return perr(p, "'%s' is not name, id_number, phone or address", m);
}

static int parse_field(struct pctx *p, const json_t *o, struct kind_field *f,
		       int nested);

/* "unmasked_when" of a masked field: {"field": an enum field among the
 * siblings, "values": some of its values}; checked against the siblings
 * by check_unmasked once they are all read. */
static int parse_unmasked(struct pctx *p, const json_t *o, struct kind_field *f)
{
	static const char *const keys[] = {"field", "values", NULL};
	json_t *u = json_object_get(o, "unmasked_when");
	char base[256];
	int rc;

	if (!u)
		return 0;
	memcpy(base, p->path, sizeof(base));
	path_key(p, base, "unmasked_when");
	if (!json_is_object(u))
		return perr(p, "must be an object {field, values}");
	if (!f->mask)
		return perr(p, "only a masked field is shown unmasked");
	if ((rc = check_keys(p, u, keys)) ||
	    (rc = get_ident(p, u, "field", 1, &f->unmasked_field)) ||
	    (rc = get_names(p, u, "values", NULL, &f->unmasked_values,
			    &f->nunmasked_values)))
		return rc;
	if (!f->nunmasked_values)
		return perr(p, "values: name at least one value");
	memcpy(p->path, base, sizeof(base));
	return 0;
}

/* Each unmasked_when of fields[0..n) names an enum sibling and its values. */
static int check_unmasked(struct pctx *p, const char *where,
			  const struct kind_field *fields, size_t n)
{
	const struct kind_field *f, *g;
	size_t i, j, v;

	for (i = 0; i < n; i++) {
		f = &fields[i];
		if (!f->unmasked_field)
			continue;
		snprintf(p->path, sizeof(p->path),
			 "%.200s[%zu].unmasked_when.field", where, i);
		for (g = NULL, j = 0; j < n && !g; j++)
			if (!strcmp(fields[j].name, f->unmasked_field))
				g = &fields[j];
		if (!g || g->type != KF_ENUM)
			return perr(p, "'%s' is not an enum field beside it",
				    f->unmasked_field);
		for (v = 0; v < f->nunmasked_values; v++)
			if (!kind_value_label(g, f->unmasked_values[v]))
				return perr(p, "'%s' is not a value of '%s'",
					    f->unmasked_values[v], g->name);
	}
	return 0;
}

/* The fields of one item of an objects field: simple types only. */
static int parse_items(struct pctx *p, const json_t *o, struct kind_field *f)
{
	json_t *a = json_object_get(o, "items"), *v;
	char base[256];
	size_t i, j;
	int rc;

	memcpy(base, p->path, sizeof(base));
	path_key(p, base, "items");
	if (f->type != KF_OBJECTS)
		return a ? perr(p, "only an objects field has items") : 0;
	if (!json_is_array(a) || json_array_size(a) == 0)
		return perr(p, "an objects field needs a non-empty array of "
			       "item fields");
	f->items = arena_alloc(p->ar, json_array_size(a), sizeof(*f->items));
	json_array_foreach(a, i, v)
	{
		snprintf(p->path, sizeof(p->path), "%.200s.items[%zu]", base,
			 i);
		if ((rc = parse_field(p, v, &f->items[i], 1)))
			return rc;
		for (j = 0; j < i; j++)
			if (!strcmp(f->items[j].name, f->items[i].name))
				return perr(p, "item field '%s' repeated",
					    f->items[i].name);
	}
	f->nitems = json_array_size(a);
	if ((rc = check_unmasked(p, base, f->items, f->nitems)))
		return rc;
	memcpy(p->path, base, sizeof(base));
	return 0;
}

static int parse_field(struct pctx *p, const json_t *o, struct kind_field *f,
		       int nested)
{
	static const char *const keys[] = {
	    "name",   "label",	"type",		 "required",	"min",
	    "max",    "values", "personal",	 "mask",	"search",
	    "derive", "items",	"unmasked_when", "snapshot_of", NULL};
	const char *type;
	char base[256];
	int rc;

	memcpy(base, p->path, sizeof(base));
	if ((rc = check_keys(p, o, keys)) ||
	    (rc = get_ident(p, o, "name", 1, &f->name)) ||
	    (rc = get_str(p, o, "label", 1, &f->label)) ||
	    (rc = get_str(p, o, "type", 1, &type)))
		return rc;
	path_key(p, base, "type");
	if ((rc = parse_type(p, type, &f->type)))
		return rc;
	if (nested &&
	    (f->type == KF_OBJECTS || f->type == KF_USERS || f->type == KF_ORG))
		return perr(p, "an item field has a simple type");
	memcpy(p->path, base, sizeof(base));
	if ((rc = get_bool(p, o, "required", &f->required)) ||
	    (rc = get_bool(p, o, "personal", &f->personal)) ||
	    (rc = parse_mask(p, o, f)) || (rc = parse_unmasked(p, o, f)) ||
	    (rc = get_bool(p, o, "search", &f->search)) ||
	    (rc = parse_limit(p, o, "min", &f->has_min, &f->min)) ||
	    (rc = parse_limit(p, o, "max", &f->has_max, &f->max)) ||
	    (rc = get_str(p, o, "derive", 0, &f->derive)) ||
	    (rc = get_names(p, o, "snapshot_of", NULL, &f->snapshot_of,
			    &f->nsnapshot_of)) ||
	    (rc = parse_values(p, o, f)) || (rc = parse_items(p, o, f)))
		return rc;
	if (f->has_min && f->has_max && f->max < f->min)
		return perr(p, "max is below min");
	if (f->derive && nested) {
		path_key(p, base, "derive");
		return perr(p, "an item field is not derived");
	}
	return 0;
}

/* A snapshot field is text and names other fields of the record: checked
 * once all are read. */
static int check_snapshots(struct pctx *p)
{
	const struct kind_field *f, *of;
	size_t i, j;

	for (i = 0; i < p->k->nfields; i++) {
		f = &p->k->fields[i];
		if (!f->nsnapshot_of)
			continue;
		snprintf(p->path, sizeof(p->path), "$.fields[%zu].snapshot_of",
			 i);
		if (f->type != KF_TEXT)
			return perr(p, "a snapshot is a field of type text");
		for (j = 0; j < f->nsnapshot_of; j++) {
			of = kind_field(p->k, f->snapshot_of[j]);
			if (!of || of == f || of->nsnapshot_of)
				return perr(p,
					    "'%s' is not another field of the "
					    "kind",
					    f->snapshot_of[j]);
		}
	}
	return 0;
}

/* Derivations name other fields: checked once all are read. */
static int check_derivations(struct pctx *p)
{
	struct fz_err inner;
	size_t i;

	for (i = 0; i < p->k->nfields; i++) {
		if (!p->k->fields[i].derive)
			continue;
		snprintf(p->path, sizeof(p->path), "$.fields[%zu].derive", i);
		if (derive_check_decl(p->k, &p->k->fields[i], &inner))
			return perr(p, "%s", inner.msg);
	}
	return 0;
}

static int parse_fields(struct pctx *p, const json_t *root)
{
	json_t *a = json_object_get(root, "fields"), *v;
	size_t i, j;
	int rc;

	snprintf(p->path, sizeof(p->path), "$.fields");
	if (!json_is_array(a) || json_array_size(a) == 0)
		return perr(p, "must be a non-empty array");
	p->k->fields =
	    arena_alloc(p->ar, json_array_size(a), sizeof(*p->k->fields));
	json_array_foreach(a, i, v)
	{
		snprintf(p->path, sizeof(p->path), "$.fields[%zu]", i);
		if ((rc = parse_field(p, v, &p->k->fields[i], 0)))
			return rc;
		for (j = 0; j < i; j++)
			if (!strcmp(p->k->fields[j].name, p->k->fields[i].name))
				return perr(p, "field '%s' repeated",
					    p->k->fields[i].name);
		p->k->nfields = i + 1;
	}
	if ((rc = check_unmasked(p, "$.fields", p->k->fields, p->k->nfields)) ||
	    (rc = check_snapshots(p)))
		return rc;
	return check_derivations(p);
}

/* ---- states ---------------------------------------------------------- */

static int parse_states(struct pctx *p, const json_t *root)
{
	static const char *const keys[] = {"name", "label", "final", NULL};
	json_t *a = json_object_get(root, "states"), *v;
	struct kind_state *st;
	size_t i, j;
	int rc;

	snprintf(p->path, sizeof(p->path), "$.states");
	if (!json_is_array(a) || json_array_size(a) == 0)
		return perr(p, "must be a non-empty array");
	st = arena_alloc(p->ar, json_array_size(a), sizeof(*st));
	p->k->states = st;
	json_array_foreach(a, i, v)
	{
		snprintf(p->path, sizeof(p->path), "$.states[%zu]", i);
		if ((rc = check_keys(p, v, keys)) ||
		    (rc = get_ident(p, v, "name", 1, &st[i].name)) ||
		    (rc = get_str(p, v, "label", 1, &st[i].label)) ||
		    (rc = get_bool(p, v, "final", &st[i].final)))
			return rc;
		for (j = 0; j < i; j++)
			if (!strcmp(st[j].name, st[i].name))
				return perr(p, "state '%s' repeated",
					    st[i].name);
		p->k->nstates = i + 1;
	}
	return 0;
}

/* ---- transitions --------------------------------------------------------- */

static int parse_roles(struct pctx *p, const json_t *o, unsigned *roles)
{
	json_t *a = json_object_get(o, "roles");
	char base[256];
	struct fz_err e;

	memcpy(base, p->path, sizeof(base));
	path_key(p, base, "roles");
	if (!json_is_array(a) || json_array_size(a) == 0)
		return perr(p, "must be a non-empty array of role ids");
	if (roles_from_json(a, "roles", roles, &e))
		return perr(p, "%s", e.msg);
	if (*roles & ROLE_ADMINS)
		return perr(p, "the administrator roles do not take part in "
			       "the work");
	memcpy(p->path, base, sizeof(base));
	return 0;
}

static int parse_set(struct pctx *p, const json_t *o, struct kind_transition *t)
{
	json_t *s = json_object_get(o, "set"), *v;
	const struct kind_field *f;
	struct kind_const *c;
	const char *key;
	char base[256];
	size_t i = 0;

	if (!s)
		return 0;
	memcpy(base, p->path, sizeof(base));
	path_key(p, base, "set");
	if (!json_is_object(s))
		return perr(p, "must be an object of field: value");
	c = arena_alloc(p->ar, json_object_size(s), sizeof(*c));
	json_object_foreach(s, key, v)
	{
		snprintf(p->path, sizeof(p->path), "%.200s.set.%s", base, key);
		f = kind_field(p->k, key);
		if (!f)
			return perr(p, "unknown field");
		if (!json_is_string(v) ||
		    (f->type == KF_ENUM &&
		     !kind_value_label(f, json_string_value(v))))
			return perr(p, "not a value of field '%s'", key);
		c[i].field = key;
		c[i++].value = json_string_value(v);
	}
	t->set = c;
	t->nset = i;
	memcpy(p->path, base, sizeof(base));
	return 0;
}

static int check_required(struct pctx *p, const struct kind_transition *t)
{
	size_t i, j;

	for (i = 0; i < t->nrequired; i++) {
		for (j = 0; j < t->nfields; j++)
			if (!strcmp(t->required[i], t->fields[j]))
				break;
		if (j == t->nfields)
			return perr(p,
				    "required field '%s' is not among the "
				    "transition's fields",
				    t->required[i]);
	}
	return 0;
}

static int check_guards(struct pctx *p, const struct kind_transition *t)
{
	char base[256];
	struct fz_err e;
	size_t i;

	memcpy(base, p->path, sizeof(base));
	for (i = 0; i < t->nguards; i++) {
		snprintf(p->path, sizeof(p->path), "%.200s.guards[%zu]", base,
			 i);
		if (guard_check_decl(p->k, p->rules, t->guards[i], &e))
			return perr(p, "%s", e.msg);
	}
	memcpy(p->path, base, sizeof(base));
	return 0;
}

static int parse_transition(struct pctx *p, const json_t *o,
			    struct kind_transition *t)
{
	static const char *const keys[] = {
	    "name",   "label",	  "from", "to",	    "roles",
	    "fields", "required", "set",  "guards", "reason",
	    "spawn",  "snapshot", NULL};
	const struct kind_field *snap;
	char base[256];
	int rc;

	memcpy(base, p->path, sizeof(base));
	if ((rc = check_keys(p, o, keys)) ||
	    (rc = get_ident(p, o, "name", 1, &t->name)) ||
	    (rc = get_str(p, o, "label", 1, &t->label)) ||
	    (rc = get_names(p, o, "from", ok_state, &t->from, &t->nfrom)) ||
	    (rc = get_str(p, o, "to", 1, &t->to)) ||
	    (rc = parse_roles(p, o, &t->roles)) ||
	    (rc = get_names(p, o, "fields", ok_field, &t->fields,
			    &t->nfields)) ||
	    (rc = get_names(p, o, "required", ok_field, &t->required,
			    &t->nrequired)) ||
	    (rc = get_names(p, o, "guards", NULL, &t->guards, &t->nguards)) ||
	    (rc = get_bool(p, o, "reason", &t->reason)) ||
	    (rc = get_str(p, o, "snapshot", 0, &t->snapshot)) ||
	    (rc = parse_set(p, o, t)))
		return rc;
	snap = t->snapshot ? kind_field(p->k, t->snapshot) : NULL;
	if (t->snapshot && (!snap || !snap->nsnapshot_of)) {
		path_key(p, base, "snapshot");
		return perr(p, "'%s' is not a field with snapshot_of",
			    t->snapshot);
	}
	t->spawn_decl = json_object_get(o, "spawn");
	if (t->spawn_decl && !json_is_object(t->spawn_decl)) {
		path_key(p, base, "spawn");
		return perr(p, "must be an object {kind, org, link, set, "
			       "const}");
	}
	if (kind_states_has(kind_event_names, KIND_NEVENT_NAMES, t->name)) {
		path_key(p, base, "name");
		return perr(p,
			    "'%s' names an event of the engine's own "
			    "(record.%s): choose another",
			    t->name, t->name);
	}
	if (t->nfrom == 0) {
		path_key(p, base, "from");
		return perr(p, "must name at least one state");
	}
	if (t->to[0] == '\0') {
		t->to = NULL; /* the state stays */
	} else {
		path_key(p, base, "to");
		if ((rc = ok_state(p, t->to)))
			return rc;
	}
	memcpy(p->path, base, sizeof(base));
	if ((rc = check_required(p, t)))
		return rc;
	return check_guards(p, t);
}

static int parse_transitions(struct pctx *p, const json_t *root)
{
	json_t *a = json_object_get(root, "transitions"), *v;
	struct kind_transition *t;
	size_t i, j;
	int rc;

	snprintf(p->path, sizeof(p->path), "$.transitions");
	if (!json_is_array(a))
		return perr(p, "must be an array");
	t = arena_alloc(p->ar, json_array_size(a), sizeof(*t));
	p->k->transitions = t;
	json_array_foreach(a, i, v)
	{
		snprintf(p->path, sizeof(p->path), "$.transitions[%zu]", i);
		if ((rc = parse_transition(p, v, &t[i])))
			return rc;
		for (j = 0; j < i; j++)
			if (!strcmp(t[j].name, t[i].name))
				return perr(p, "transition '%s' repeated",
					    t[i].name);
		p->k->ntransitions = i + 1;
	}
	return 0;
}

/* ---- deadlines ---------------------------------------------------------- */

static int parse_pauses(struct pctx *p, const json_t *o,
			struct kind_deadline *d)
{
	static const char *const keys[] = {"from", "to", NULL};
	json_t *a = json_object_get(o, "pauses"), *v;
	char base[256], here[256];
	struct kind_pause *ps;
	size_t i;
	int rc;

	if (!a)
		return 0;
	memcpy(base, p->path, sizeof(base));
	path_key(p, base, "pauses");
	if (!json_is_array(a))
		return perr(p, "must be an array");
	memcpy(here, p->path, sizeof(here));
	ps = arena_alloc(p->ar, json_array_size(a), sizeof(*ps));
	json_array_foreach(a, i, v)
	{
		path_index(p, here, i);
		if ((rc = check_keys(p, v, keys)) ||
		    (rc = get_str(p, v, "from", 1, &ps[i].from)) ||
		    (rc = get_str(p, v, "to", 1, &ps[i].to)) ||
		    (rc = ok_date_field(p, ps[i].from)) ||
		    (rc = ok_date_field(p, ps[i].to)))
			return rc;
	}
	d->pauses = ps;
	d->npauses = json_array_size(a);
	memcpy(p->path, base, sizeof(base));
	return 0;
}

static int opt_date_field(struct pctx *p, const json_t *o, const char *key,
			  const char **out)
{
	char base[256];
	int rc = get_str(p, o, key, 0, out);

	if (rc || !*out)
		return rc;
	memcpy(base, p->path, sizeof(base));
	path_key(p, base, key);
	rc = ok_date_field(p, *out);
	memcpy(p->path, base, sizeof(base));
	return rc;
}

static int parse_rule_ref(struct pctx *p, const json_t *o,
			  struct kind_deadline *d)
{
	const char *id;
	char base[256];
	int rc = get_str(p, o, "rule", 1, &id);

	if (rc)
		return rc;
	memcpy(base, p->path, sizeof(base));
	path_key(p, base, "rule");
	d->rule = rules_find(p->rules, id);
	if (!d->rule)
		return perr(p, "no statutory rule '%s' in statutory.txt", id);
	if (d->rule->form == RULES_FIXED)
		return perr(p, "rule '%s' is a fixed date, not a period", id);
	memcpy(p->path, base, sizeof(base));
	return 0;
}

/* "when": "field" or "field=value" (an enum value of that field). */
static int parse_when(struct pctx *p, const json_t *o, struct kind_deadline *d)
{
	const struct kind_field *f;
	const char *w, *eq;
	char base[256], name[64];
	size_t len;
	int rc = get_str(p, o, "when", 0, &w);

	if (rc || !w)
		return rc;
	memcpy(base, p->path, sizeof(base));
	path_key(p, base, "when");
	eq = strchr(w, '=');
	len = eq ? (size_t)(eq - w) : strlen(w);
	if (len >= sizeof(name))
		return perr(p, "unknown field");
	memcpy(name, w, len);
	name[len] = '\0';
	f = kind_field(p->k, name);
	if (!f)
		return perr(p, "unknown field '%s'", name);
	if (eq && (f->type != KF_ENUM || !kind_value_label(f, eq + 1)))
		return perr(p, "'%s' is not a value of the enum '%s'", eq + 1,
			    name);
	d->when = f->name;
	d->when_value = eq ? eq + 1 : NULL;
	return 0;
}

static int parse_deadline(struct pctx *p, const json_t *o,
			  struct kind_deadline *d)
{
	static const char *const keys[] = {
	    "name",   "label", "rule",	     "start", "restart", "pauses",
	    "extend", "done",  "suspend_in", "when",  NULL};
	const struct kind_field *f;
	char base[256];
	int rc;

	memcpy(base, p->path, sizeof(base));
	if ((rc = check_keys(p, o, keys)) ||
	    (rc = get_ident(p, o, "name", 1, &d->name)) ||
	    (rc = get_str(p, o, "label", 1, &d->label)) ||
	    (rc = parse_rule_ref(p, o, d)) ||
	    (rc = get_str(p, o, "start", 1, &d->start)) ||
	    (rc = opt_date_field(p, o, "start", &d->start)) ||
	    (rc = opt_date_field(p, o, "restart", &d->restart)) ||
	    (rc = parse_pauses(p, o, d)) ||
	    (rc = get_str(p, o, "extend", 0, &d->extend)) ||
	    (rc =
		 get_names(p, o, "done", ok_date_field, &d->done, &d->ndone)) ||
	    (rc = get_names(p, o, "suspend_in", ok_state, &d->suspend_in,
			    &d->nsuspend)))
		return rc;
	if (d->ndone == 0) {
		path_key(p, base, "done");
		return perr(p, "must name at least one date field");
	}
	if ((rc = parse_when(p, o, d)))
		return rc;
	memcpy(p->path, base, sizeof(base));
	if (d->extend) {
		path_key(p, base, "extend");
		f = kind_field(p->k, d->extend);
		if (!f || f->type != KF_INT)
			return perr(p, "'%s' is not an int field", d->extend);
		if (!d->rule->extend_max)
			return perr(p, "rule '%s' allows no extension",
				    d->rule->id);
	}
	return 0;
}

static int parse_deadlines(struct pctx *p, const json_t *root)
{
	json_t *a = json_object_get(root, "deadlines"), *v;
	struct kind_deadline *d;
	size_t i, j;
	int rc;

	snprintf(p->path, sizeof(p->path), "$.deadlines");
	if (!a)
		return 0;
	if (!json_is_array(a))
		return perr(p, "must be an array");
	d = arena_alloc(p->ar, json_array_size(a), sizeof(*d));
	p->k->deadlines = d;
	json_array_foreach(a, i, v)
	{
		snprintf(p->path, sizeof(p->path), "$.deadlines[%zu]", i);
		if ((rc = parse_deadline(p, v, &d[i])))
			return rc;
		for (j = 0; j < i; j++)
			if (!strcmp(d[j].name, d[i].name))
				return perr(p, "deadline '%s' repeated",
					    d[i].name);
		p->k->ndeadlines = i + 1;
	}
	return 0;
}

/* ---- creation, the public portal, documents ------------------------------ */

static int parse_create(struct pctx *p, const json_t *root)
{
	static const char *const keys[] = {"roles", "fields", "guards", NULL};
	json_t *o = json_object_get(root, "create");
	int rc;

	snprintf(p->path, sizeof(p->path), "$.create");
	if ((rc = check_keys(p, o, keys)) ||
	    (rc = parse_roles(p, o, &p->k->create_roles)) ||
	    (rc = get_names(p, o, "guards", NULL, &p->k->create_guards,
			    &p->k->ncreate_guards)))
		return rc;
	return get_names(p, o, "fields", ok_field, &p->k->create_fields,
			 &p->k->ncreate);
}

/* Creation guards may name deadlines: checked once those are read. */
static int check_create_guards(struct pctx *p)
{
	struct fz_err inner;
	size_t i;

	for (i = 0; i < p->k->ncreate_guards; i++) {
		snprintf(p->path, sizeof(p->path), "$.create.guards[%zu]", i);
		if (guard_check_decl(p->k, p->rules, p->k->create_guards[i],
				     &inner))
			return perr(p, "%s", inner.msg);
	}
	return 0;
}

static int parse_public(struct pctx *p, const json_t *root)
{
	static const char *const keys[] = {"fields", "channel", "set_today",
					   "status_fields", NULL};
	json_t *o = json_object_get(root, "public");
	const struct kind_field *ch;
	size_t i;
	int rc;

	snprintf(p->path, sizeof(p->path), "$.public");
	if (!o)
		return p->k->public_intake
			   ? perr(p, "public_intake needs a public section")
			   : 0;
	if ((rc = check_keys(p, o, keys)) ||
	    (rc = get_names(p, o, "fields", ok_field, &p->k->public_fields,
			    &p->k->npublic)) ||
	    (rc = get_str(p, o, "channel", 0, &p->k->public_channel)) ||
	    (rc = get_names(p, o, "set_today", ok_date_field,
			    &p->k->public_today, &p->k->npublic_today)) ||
	    (rc = get_names(p, o, "status_fields", ok_status,
			    &p->k->public_status, &p->k->npublic_status)))
		return rc;
	for (i = 0; i < p->k->npublic; i++)
		if (kind_field(p->k, p->k->public_fields[i])->derive) {
			snprintf(p->path, sizeof(p->path), "$.public.fields");
			return perr(p, "'%s' is computed, not entered",
				    p->k->public_fields[i]);
		}
	ch = kind_field(p->k, "channel");
	if (p->k->public_channel &&
	    (!ch || !kind_value_label(ch, p->k->public_channel))) {
		snprintf(p->path, sizeof(p->path), "$.public.channel");
		return perr(p, "'%s' is not a value of the field 'channel'",
			    p->k->public_channel);
	}
	return 0;
}

static int parse_documents(struct pctx *p, const json_t *root)
{
	static const char *const keys[] = {"name",   "label",  "template",
					   "states", "number", NULL};
	json_t *a = json_object_get(root, "documents"), *v;
	struct kind_document *d;
	size_t i;
	int rc;

	snprintf(p->path, sizeof(p->path), "$.documents");
	if (!a)
		return 0;
	if (!json_is_array(a))
		return perr(p, "must be an array");
	d = arena_alloc(p->ar, json_array_size(a), sizeof(*d));
	json_array_foreach(a, i, v)
	{
		snprintf(p->path, sizeof(p->path), "$.documents[%zu]", i);
		if ((rc = check_keys(p, v, keys)) ||
		    (rc = get_ident(p, v, "name", 1, &d[i].name)) ||
		    (rc = get_str(p, v, "label", 1, &d[i].label)) ||
		    (rc =
			 get_ident(p, v, "template", 1, &d[i].template_name)) ||
		    (rc = get_names(p, v, "states", ok_state, &d[i].states,
				    &d[i].nstates)) ||
		    (rc = get_str(p, v, "number", 0, &d[i].number_field)))
			return rc;
		if (d[i].number_field && (rc = ok_field(p, d[i].number_field)))
			return rc;
	}
	p->k->documents = d;
	p->k->ndocuments = json_array_size(a);
	return 0;
}

/* ---- the whole declaration ------------------------------------------------
 */

static int parse_head(struct pctx *p, const json_t *root)
{
	static const char *const keys[] = {
	    "kind",   "label",	       "number_prefix", "number_date",
	    "title",  "public_intake", "fields",	"create",
	    "states", "initial",       "transitions",	"deadlines",
	    "public", "documents",     "public_list",	"indicators",
	    NULL};
	struct kind *k = p->k;
	const char *s;
	int rc;

	snprintf(p->path, sizeof(p->path), "$");
	if ((rc = check_keys(p, root, keys)) ||
	    (rc = get_ident(p, root, "kind", 1, &k->id)) ||
	    (rc = get_str(p, root, "label", 1, &k->label)) ||
	    (rc = get_str(p, root, "number_prefix", 1, &k->prefix)) ||
	    (rc = get_bool(p, root, "public_intake", &k->public_intake)))
		return rc;
	for (s = k->prefix; *s; s++)
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9')) ||
		    s - k->prefix >= 8) {
			snprintf(p->path, sizeof(p->path), "$.number_prefix");
			return perr(p, "must be 1 to 8 of A-Z and 0-9");
		}
	if (!k->prefix[0]) {
		snprintf(p->path, sizeof(p->path), "$.number_prefix");
		return perr(p, "must be 1 to 8 of A-Z and 0-9");
	}
	return 0;
}

static int parse_refs(struct pctx *p, const json_t *root)
{
	struct kind *k = p->k;
	int rc;

	if ((rc = get_str(p, root, "title", 1, &k->title)))
		return rc;
	snprintf(p->path, sizeof(p->path), "$.title");
	if ((rc = ok_field(p, k->title)))
		return rc;
	snprintf(p->path, sizeof(p->path), "$");
	if ((rc = get_str(p, root, "initial", 1, &k->initial)))
		return rc;
	snprintf(p->path, sizeof(p->path), "$.initial");
	if ((rc = ok_state(p, k->initial)))
		return rc;
	snprintf(p->path, sizeof(p->path), "$");
	return opt_date_field(p, root, "number_date", &k->number_date);
}

/* A field the public may see in a list: not personal, or masked. */
static int ok_listed(struct pctx *p, const char *name)
{
	const struct kind_field *f = kind_field(p->k, name);
	size_t i;

	if (!f)
		return perr(p, "unknown field '%s'", name);
	if (f->personal && !f->mask)
		return perr(p,
			    "'%s' is personal data without a mask: the "
			    "public cannot see it",
			    name);
	for (i = 0; i < f->nitems; i++)
		if (f->items[i].personal && !f->items[i].mask)
			return perr(p,
				    "'%s.%s' is personal data without a "
				    "mask",
				    name, f->items[i].name);
	return 0;
}

static int parse_public_list(struct pctx *p, const json_t *root)
{
	static const char *const keys[] = {
	    "states", "require", "exclude", "fields", "title", "intro", NULL};
	json_t *o = json_object_get(root, "public_list");
	struct kind *k = p->k;
	int rc;

	snprintf(p->path, sizeof(p->path), "$.public_list");
	if (!o)
		return 0;
	if ((rc = check_keys(p, o, keys)) ||
	    (rc = get_names(p, o, "states", ok_state, &k->public_list_states,
			    &k->npublic_list_states)) ||
	    (rc = opt_date_field(p, o, "require", &k->public_list_require)) ||
	    (rc = opt_date_field(p, o, "exclude", &k->public_list_exclude)) ||
	    (rc = get_str(p, o, "title", 0, &k->public_list_title)) ||
	    (rc = get_str(p, o, "intro", 0, &k->public_list_intro)) ||
	    (rc = get_names(p, o, "fields", ok_listed, &k->public_list_fields,
			    &k->npublic_list_fields)))
		return rc;
	if (!k->npublic_list_fields)
		return perr(p, "fields: must name at least one field");
	return 0;
}

/* ---- indicators ------------------------------------------------------------
 */

int kind_is_rate(const struct kind_indicator *ind)
{
	return ind->ratio[0].n > 0;
}

static int is_numeric(enum kf_type t)
{
	return t == KF_INT || t == KF_DECIMAL || t == KF_MONEY;
}

static int is_ordered(enum kind_op op)
{
	return op == KOP_LT || op == KOP_LE || op == KOP_GT || op == KOP_GE;
}

static const struct {
	const char *name;
	enum kind_op op;
} where_ops[] = {{"!=", KOP_NE},	   {"<", KOP_LT},
		 {"<=", KOP_LE},	   {">", KOP_GT},
		 {">=", KOP_GE},	   {"in", KOP_IN},
		 {"present", KOP_PRESENT}, {"absent", KOP_ABSENT}};

static enum kind_op op_of(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(where_ops) / sizeof(where_ops[0]); i++)
		if (!strcmp(where_ops[i].name, name))
			return where_ops[i].op;
	return 0;
}

/* Value v of a condition on field f as the i-th of w's values (num: w's
 * numbers, being filled), checked against the field's type. */
static int where_value(struct pctx *p, const struct kind_field *f,
		       const json_t *v, struct kind_where *w, double *num,
		       size_t i)
{
	int day;

	if (is_numeric(f->type) || f->type == KF_ORG) {
		if (!json_is_number(v))
			return perr(p, "must be a number: '%s' is a %s field",
				    f->name, kind_type_name(f->type));
		num[i] = json_number_value(v);
		return 0;
	}
	if (f->type == KF_BOOL) {
		if (!json_is_boolean(v))
			return perr(p,
				    "must be true or false: '%s' is a bool "
				    "field",
				    f->name);
		num[i] = json_is_true(v);
		w->text[i] = json_is_true(v) ? "true" : "false";
		return 0;
	}
	if (!json_is_string(v))
		return perr(p, "must be a string: '%s' is a %s field", f->name,
			    kind_type_name(f->type));
	w->text[i] = json_string_value(v);
	if (f->type == KF_DATE &&
	    cal_date_parse(w->text[i], &day, f->name, NULL))
		return perr(p, "'%s' is not a date YYYY-MM-DD", w->text[i]);
	if (f->type == KF_ENUM && !kind_value_label(f, w->text[i]))
		return perr(p, "'%s' is not a value of field '%s'", w->text[i],
			    f->name);
	return 0;
}

/* The operator of condition v ({op: arg}) into w; *arg its argument. */
static int where_op(struct pctx *p, const struct kind_field *f, const json_t *v,
		    struct kind_where *w, const json_t **arg)
{
	const char *name;
	void *it = json_object_iter((json_t *)(uintptr_t)v);

	if (json_object_size(v) != 1)
		return perr(p, "an operator object holds one operator");
	name = json_object_iter_key(it);
	*arg = json_object_iter_value(it);
	if (!(w->op = op_of(name)))
		return perr(p,
			    "unknown operator '%s' (!=, <, <=, >, >=, in, "
			    "present, absent)",
			    name);
	if (is_ordered(w->op) && !is_numeric(f->type) && f->type != KF_DATE)
		return perr(p,
			    "'%s' compares numeric and date fields only: "
			    "'%s' is a %s field",
			    name, f->name, kind_type_name(f->type));
	if ((w->op == KOP_PRESENT || w->op == KOP_ABSENT) &&
	    !json_is_true(*arg))
		return perr(p, "'%s' takes true", name);
	if (w->op == KOP_IN &&
	    (!json_is_array(*arg) || json_array_size(*arg) == 0 ||
	     json_array_size(*arg) > KIND_IN_MAX))
		return perr(p, "'in' takes an array of 1 to %d values",
			    KIND_IN_MAX);
	return 0;
}

/* The condition v on field f: a value (equality) or {op: arg}. */
static int parse_cond(struct pctx *p, const struct kind_field *f,
		      const json_t *v, struct kind_where *w)
{
	const json_t *arg = v;
	double *num;
	size_t n, i;
	int rc;

	w->field = f->name;
	w->op = KOP_EQ;
	w->numeric =
	    is_numeric(f->type) || f->type == KF_BOOL || f->type == KF_ORG;
	if (json_is_object(v) && (rc = where_op(p, f, v, w, &arg)))
		return rc;
	if (w->op == KOP_PRESENT || w->op == KOP_ABSENT)
		return 0;
	n = w->op == KOP_IN ? json_array_size(arg) : 1;
	w->text = arena_alloc(p->ar, n, sizeof(*w->text));
	num = arena_alloc(p->ar, n, sizeof(*num));
	for (i = 0; i < n; i++)
		if ((rc = where_value(
			 p, f, w->op == KOP_IN ? json_array_get(arg, i) : arg,
			 w, num, i)))
			return rc;
	w->num = num;
	w->nvalues = n;
	return 0;
}

static int parse_where(struct pctx *p, const json_t *o,
		       struct kind_indicator *ind)
{
	json_t *w = json_object_get(o, "where"), *v;
	const struct kind_field *f;
	char base[256];
	const char *key;
	int rc;

	if (!w)
		return 0;
	memcpy(base, p->path, sizeof(base));
	path_key(p, base, "where");
	if (!json_is_object(w) || json_object_size(w) > KIND_WHERE_MAX)
		return perr(p,
			    "must be an object of at most %d field: "
			    "condition",
			    KIND_WHERE_MAX);
	json_object_foreach(w, key, v)
	{
		snprintf(p->path, sizeof(p->path), "%.200s.where.%s", base,
			 key);
		f = kind_field(p->k, key);
		if (!f)
			return perr(p, "unknown field '%s'", key);
		if (f->type == KF_USERS || f->type == KF_OBJECTS)
			return perr(p,
				    "'%s' is a %s field: no condition on a "
				    "list",
				    key, kind_type_name(f->type));
		if ((rc = parse_cond(p, f, v, &ind->where[ind->nwhere++])))
			return rc;
	}
	memcpy(p->path, base, sizeof(base));
	return 0;
}

/* One side of a ratio: an indicator id, or an array of ids (summed). */
static int parse_part(struct pctx *p, const json_t *v, struct kind_parts *part)
{
	size_t i, n = json_is_array(v) ? json_array_size(v) : 1;
	char here[256];

	if (!json_is_string(v) &&
	    !(json_is_array(v) && n >= 1 && n <= KIND_PARTS_MAX))
		return perr(p,
			    "must be an indicator id or an array of 1 to "
			    "%d ids",
			    KIND_PARTS_MAX);
	part->ids = arena_alloc(p->ar, n, sizeof(*part->ids));
	part->n = n;
	if (json_is_string(v)) {
		part->ids[0] = json_string_value(v);
		return 0;
	}
	memcpy(here, p->path, sizeof(here));
	for (i = 0; i < n; i++) {
		path_index(p, here, i);
		if (!json_is_string(json_array_get(v, i)))
			return perr(p, "must be an indicator id");
		part->ids[i] = json_string_value(json_array_get(v, i));
	}
	memcpy(p->path, here, sizeof(here));
	return 0;
}

/* ratio: [numerator, denominator], resolved when the registry is read. */
static int parse_ratio(struct pctx *p, const json_t *o,
		       struct kind_indicator *ind)
{
	json_t *r = json_object_get(o, "ratio");
	char base[256], here[256];
	size_t j;
	int rc;

	if (!r)
		return 0;
	memcpy(base, p->path, sizeof(base));
	path_key(p, base, "ratio");
	if (!json_is_array(r) || json_array_size(r) != 2)
		return perr(p, "must be [numerator, denominator], each an "
			       "indicator id or an array of ids");
	memcpy(here, p->path, sizeof(here));
	for (j = 0; j < 2; j++) {
		path_index(p, here, j);
		if ((rc = parse_part(p, json_array_get(r, j), &ind->ratio[j])))
			return rc;
	}
	memcpy(p->path, base, sizeof(base));
	return 0;
}

static int parse_decimals(struct pctx *p, const json_t *o,
			  struct kind_indicator *ind)
{
	json_t *v = json_object_get(o, "decimals");
	char base[256];

	ind->decimals = -1;
	if (!v)
		return 0;
	memcpy(base, p->path, sizeof(base));
	path_key(p, base, "decimals");
	if (!json_is_integer(v) || json_integer_value(v) < 0 ||
	    json_integer_value(v) > 4)
		return perr(p, "must be an integer from 0 to 4");
	ind->decimals = (int)json_integer_value(v);
	memcpy(p->path, base, sizeof(base));
	return 0;
}

/* Field `name` at key of the indicator: numeric (sum, avg) or scalar
 * (distinct: any type but users and objects). */
static int ind_field(struct pctx *p, const char *base, const char *key,
		     const char *name, int numeric)
{
	const struct kind_field *f = name ? kind_field(p->k, name) : NULL;

	if (!name)
		return 0;
	path_key(p, base, key);
	if (numeric && (!f || !is_numeric(f->type)))
		return perr(p, "'%s' is not a numeric field", name);
	if (!f || f->type == KF_USERS || f->type == KF_OBJECTS)
		return perr(p, "'%s' is not a field of one value", name);
	return 0;
}

/* on_time (a deadline), group (an enum field), avg and distinct (fields),
 * ratio, decimals. */
static int parse_ind_extras(struct pctx *p, const json_t *o,
			    struct kind_indicator *ind)
{
	const struct kind_field *f;
	char base[256];
	int rc;

	memcpy(base, p->path, sizeof(base));
	if ((rc = get_str(p, o, "on_time", 0, &ind->on_time)) ||
	    (rc = get_str(p, o, "group", 0, &ind->group)) ||
	    (rc = get_bool(p, o, "complement", &ind->complement)) ||
	    (rc = get_str(p, o, "avg", 0, &ind->avg)) ||
	    (rc = get_str(p, o, "distinct", 0, &ind->distinct)) ||
	    (rc = parse_ratio(p, o, ind)) || (rc = parse_decimals(p, o, ind)))
		return rc;
	path_key(p, base, "on_time");
	if (ind->on_time && !kind_deadline(p->k, ind->on_time))
		return perr(p, "unknown deadline '%s'", ind->on_time);
	path_key(p, base, "group");
	f = ind->group ? kind_field(p->k, ind->group) : NULL;
	if (ind->group && (!f || (f->type != KF_ENUM && f->type != KF_ORG)))
		return perr(p, "'%s' is not an enum field (nor an org field)",
			    ind->group);
	if ((rc = ind_field(p, base, "sum", ind->sum, 1)) ||
	    (rc = ind_field(p, base, "avg", ind->avg, 1)) ||
	    (rc = ind_field(p, base, "distinct", ind->distinct, 0)))
		return rc;
	memcpy(p->path, base, sizeof(base));
	return 0;
}

/* What a rate and a distinct count may not be combined with. */
static int check_ind_shape(struct pctx *p, const struct kind_indicator *ind)
{
	if (kind_is_rate(ind))
		return (ind->sum || ind->avg || ind->distinct || ind->date ||
			ind->open_from || ind->open_to || ind->nwhere ||
			ind->on_time || ind->group)
			   ? perr(p, "a ratio takes only ratio, complement, "
				     "id, label, unit and decimals")
			   : 0;
	if (ind->complement)
		return perr(p, "complement is of a ratio only");
	if (!!ind->sum + !!ind->avg + !!ind->distinct > 1)
		return perr(p, "give one of sum, avg and distinct");
	if (ind->distinct && ind->group)
		return perr(p, "a distinct count has no groups");
	if (!ind->date == !(ind->open_from && ind->open_to))
		return perr(p, "give either date, or open_from and open_to");
	return 0;
}

static int parse_indicator(struct pctx *p, const json_t *o,
			   struct kind_indicator *ind)
{
	static const char *const keys[] = {
	    "id",    "label",	   "unit",     "sum",	"avg",	   "distinct",
	    "date",  "open_from",  "open_to",  "where", "on_time", "group",
	    "ratio", "complement", "decimals", NULL};
	char base[256];
	int rc;

	memcpy(base, p->path, sizeof(base));
	ind->kind = p->k;
	if ((rc = check_keys(p, o, keys)) ||
	    (rc = get_str(p, o, "id", 1, &ind->id)) ||
	    (rc = get_str(p, o, "label", 1, &ind->label)) ||
	    (rc = get_str(p, o, "unit", 1, &ind->unit)) ||
	    (rc = get_str(p, o, "sum", 0, &ind->sum)) ||
	    (rc = opt_date_field(p, o, "date", &ind->date)) ||
	    (rc = opt_date_field(p, o, "open_from", &ind->open_from)) ||
	    (rc = opt_date_field(p, o, "open_to", &ind->open_to)) ||
	    (rc = parse_where(p, o, ind)) || (rc = parse_ind_extras(p, o, ind)))
		return rc;
	memcpy(p->path, base, sizeof(base));
	return check_ind_shape(p, ind);
}

static int parse_indicators(struct pctx *p, const json_t *root)
{
	json_t *a = json_object_get(root, "indicators"), *v;
	struct kind_indicator *ind;
	size_t i, j;
	int rc;

	snprintf(p->path, sizeof(p->path), "$.indicators");
	if (!a)
		return 0;
	if (!json_is_array(a))
		return perr(p, "must be an array");
	ind = arena_alloc(p->ar, json_array_size(a), sizeof(*ind));
	p->k->indicators = ind;
	json_array_foreach(a, i, v)
	{
		snprintf(p->path, sizeof(p->path), "$.indicators[%zu]", i);
		if ((rc = parse_indicator(p, v, &ind[i])))
			return rc;
		for (j = 0; j < i; j++)
			if (!strcmp(ind[j].id, ind[i].id))
				return perr(p, "indicator '%s' repeated",
					    ind[i].id);
		p->k->nindicators = i + 1;
	}
	return 0;
}

static int parse_all(struct pctx *p, const json_t *root)
{
	int rc;

	if ((rc = parse_head(p, root)) || (rc = parse_fields(p, root)) ||
	    (rc = parse_states(p, root)) || (rc = parse_refs(p, root)) ||
	    (rc = parse_create(p, root)) || (rc = parse_deadlines(p, root)) ||
	    (rc = check_create_guards(p)) ||
	    (rc = parse_transitions(p, root)) || (rc = parse_public(p, root)))
		return rc;
	if ((rc = parse_documents(p, root)) ||
	    (rc = parse_public_list(p, root)))
		return rc;
	return parse_indicators(p, root);
}

int kind_parse(const char *text, size_t len, const char *source,
	       const struct rules_table *rules, struct kind **out,
	       struct fz_err *e)
{
	struct kind *k = fz_xcalloc(1, sizeof(*k));
	struct pctx p;
	json_error_t je;
	int rc;

	memset(&p, 0, sizeof(p));
	p.source = source;
	p.e = e;
	p.rules = rules;
	p.k = k;
	p.ar = fz_xcalloc(1, sizeof(*p.ar));
	k->mem = p.ar;
	k->source = arena_alloc(p.ar, strlen(source) + 1, 1);
	memcpy((char *)(uintptr_t)k->source, source, strlen(source) + 1);
	k->decl = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
	if (!k->decl) {
		kind_free(k);
		return fz_err_set(e, FZ_EINVAL, "kind",
				  "%s: line %d column %d: %s", source, je.line,
				  je.column, je.text);
	}
	rc = parse_all(&p, k->decl);
	if (rc) {
		kind_free(k);
		return rc;
	}
	k->fig_def = fig_def(k);
	*out = k;
	return 0;
}

void kind_free(struct kind *k)
{
	if (!k)
		return;
	json_decref(k->decl);
	free(k->fig_def);
	arena_free(k->mem);
	free(k);
}

/* ---- lookups ----------------------------------------------------------------
 */

const struct kind_field *kind_field(const struct kind *k, const char *name)
{
	size_t i;

	for (i = 0; i < k->nfields; i++)
		if (!strcmp(k->fields[i].name, name))
			return &k->fields[i];
	return NULL;
}

const struct kind_state *kind_state(const struct kind *k, const char *name)
{
	size_t i;

	for (i = 0; i < k->nstates; i++)
		if (!strcmp(k->states[i].name, name))
			return &k->states[i];
	return NULL;
}

const struct kind_transition *kind_transition(const struct kind *k,
					      const char *name)
{
	size_t i;

	for (i = 0; i < k->ntransitions; i++)
		if (!strcmp(k->transitions[i].name, name))
			return &k->transitions[i];
	return NULL;
}

const struct kind_deadline *kind_deadline(const struct kind *k,
					  const char *name)
{
	size_t i;

	for (i = 0; i < k->ndeadlines; i++)
		if (!strcmp(k->deadlines[i].name, name))
			return &k->deadlines[i];
	return NULL;
}

const struct kind_indicator *kind_indicator_find(const struct kind_registry *r,
						 const char *id)
{
	size_t i, j;

	for (i = 0; i < r->n; i++)
		for (j = 0; j < r->v[i]->nindicators; j++)
			if (!strcmp(r->v[i]->indicators[j].id, id))
				return &r->v[i]->indicators[j];
	return NULL;
}

int kind_states_has(const char *const *states, size_t n, const char *state)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(states[i], state))
			return 1;
	return 0;
}

int kind_date_of(const json_t *data, const char *field)
{
	const char *s;
	int day;

	if (!field)
		return CAL_NO_DATE;
	s = json_string_value(json_object_get(data, field));
	if (!s || cal_date_parse(s, &day, field, NULL))
		return CAL_NO_DATE;
	return day;
}

const char *kind_value_label(const struct kind_field *f, const char *value)
{
	size_t i;

	for (i = 0; i < f->nvalues; i++)
		if (!strcmp(f->values[i].value, value))
			return f->values[i].label;
	return NULL;
}

/* ---- the registry -----------------------------------------------------------
 */

void kind_registry_init(struct kind_registry *reg)
{
	reg->v = NULL;
	reg->n = 0;
}

void kind_registry_release(struct kind_registry *reg)
{
	size_t i;

	for (i = 0; i < reg->n; i++)
		kind_free(reg->v[i]);
	free(reg->v);
	kind_registry_init(reg);
}

void *kind_alloc(struct kind *k, size_t count, size_t size)
{
	return arena_alloc(k->mem, count, size);
}

const struct kind *kind_find(const struct kind_registry *reg, const char *id)
{
	size_t i;

	for (i = 0; i < reg->n; i++)
		if (!strcmp(reg->v[i]->id, id))
			return reg->v[i];
	return NULL;
}

/* Add k, replacing a kind of the same id. */
static void registry_put(struct kind_registry *reg, struct kind *k)
{
	size_t i;

	for (i = 0; i < reg->n; i++)
		if (!strcmp(reg->v[i]->id, k->id)) {
			kind_free(reg->v[i]);
			reg->v[i] = k;
			return;
		}
	reg->v = fz_xrealloc(reg->v, (reg->n + 1) * sizeof(*reg->v));
	reg->v[reg->n++] = k;
}

static int load_embedded(struct kind_registry *reg,
			 const struct rules_table *rules, struct fz_err *e)
{
	struct kind *k;
	size_t i, first, n;
	int rc;

	fz_embedded_under("kinds/", &first, &n);
	for (i = first; i < first + n; i++) {
		const struct fz_embedded *f = &fz_embedded_files[i];
		rc = kind_parse((const char *)f->data, f->len, f->path, rules,
				&k, e);
		if (rc)
			return rc;
		registry_put(reg, k);
	}
	return 0;
}

static int load_file(struct kind_registry *reg, const char *path,
		     const struct rules_table *rules, struct fz_err *e)
{
	struct fz_buf b = FZ_BUF_INIT(1u << 20);
	struct kind *k;
	int rc = fz_buf_read_file(&b, path, e);

	if (rc && e) /* a file of --kinds */
		snprintf(e->field, sizeof(e->field), "kinds");
	else if (!rc)
		rc =
		    kind_parse(b.data ? b.data : "", b.len, path, rules, &k, e);
	fz_buf_release(&b);
	if (!rc)
		registry_put(reg, k);
	return rc;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int load_dir(struct kind_registry *reg, const char *dir,
		    const struct rules_table *rules, struct fz_err *e)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **names = NULL, path[4096];
	size_t n = 0, i, len;
	int rc = 0;

	if (!d)
		return fz_err_set(e, FZ_ENOTFOUND, "kinds",
				  "--kinds: cannot open directory %s", dir);
	while ((de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		if (len > 5 && !strcmp(de->d_name + len - 5, ".json")) {
			names = fz_xrealloc(names, (n + 1) * sizeof(*names));
			names[n++] = fz_xstrdup(de->d_name);
		}
	}
	closedir(d);
	qsort(names, n, sizeof(*names), by_name);
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		if (!rc)
			rc = load_file(reg, path, rules, e);
		free(names[i]);
	}
	free(names);
	return rc;
}

static int unique_indicators(const struct kind_registry *reg, struct fz_err *e)
{
	size_t i, j;

	for (i = 0; i < reg->n; i++)
		for (j = 0; j < reg->v[i]->nindicators; j++) {
			const struct kind_indicator *a =
			    &reg->v[i]->indicators[j];
			if (kind_indicator_find(reg, a->id) != a)
				return fz_err_set(e, FZ_EINVAL, "kind",
						  "%s: indicator '%s' is also "
						  "declared by another kind",
						  reg->v[i]->source, a->id);
		}
	return 0;
}

/* Part m of side j of the ratio of indicator i of k, at its JSON path. */
static int part_err(const struct kind *k, size_t i, size_t j, size_t m,
		    const char *what, const char *id, struct fz_err *e)
{
	const json_t *side = json_array_get(
	    json_object_get(
		json_array_get(json_object_get(k->decl, "indicators"), i),
		"ratio"),
	    j);
	char at[24] = "";

	if (json_is_array(side))
		snprintf(at, sizeof(at), "[%zu]", m);
	return fz_err_set(e, FZ_EINVAL, "kind",
			  "%s: $.indicators[%zu].ratio[%zu]%s: '%s' %s",
			  k->source, i, j, at, id, what);
}

/* The parts of the rates of k, resolved to indicators of any kind. */
static int resolve_kind(const struct kind_registry *reg, struct kind *k,
			struct fz_err *e)
{
	struct kind_indicator *ind;
	const struct kind_indicator **to;
	size_t i, j, m;

	for (i = 0; i < k->nindicators; i++)
		for (j = 0; j < 2 && kind_is_rate(&k->indicators[i]); j++) {
			ind = &k->indicators[i];
			to = arena_alloc(k->mem, ind->ratio[j].n, sizeof(*to));
			ind->ratio[j].ind = to;
			for (m = 0; m < ind->ratio[j].n; m++) {
				to[m] = kind_indicator_find(
				    reg, ind->ratio[j].ids[m]);
				if (!to[m] || kind_is_rate(to[m]))
					return part_err(
					    k, i, j, m,
					    to[m] ? "is a rate: the parts of "
						    "a rate are counts and "
						    "sums"
						  : "is no indicator of any "
						    "kind",
					    ind->ratio[j].ids[m], e);
			}
		}
	return 0;
}

static int resolve_ratios(const struct kind_registry *reg, struct fz_err *e)
{
	size_t i;
	int rc = 0;

	for (i = 0; !rc && i < reg->n; i++)
		rc = resolve_kind(reg, reg->v[i], e);
	return rc;
}

int kind_registry_load(struct kind_registry *reg, const char *dir,
		       const struct rules_table *rules, struct fz_err *e)
{
	struct kind_registry tmp;
	int rc;

	kind_registry_init(&tmp);
	rc = load_embedded(&tmp, rules, e);
	if (!rc && dir)
		rc = load_dir(&tmp, dir, rules, e);
	if (!rc)
		rc = unique_indicators(&tmp, e);
	if (!rc)
		rc = resolve_ratios(&tmp, e);
	if (!rc)
		rc = kind_resolve_spawns(&tmp, e);
	if (rc) {
		kind_registry_release(&tmp);
		return rc;
	}
	kind_registry_release(reg);
	*reg = tmp;
	return 0;
}
