/*
 * jsonv.c - see jsonv.h. jansson already rejects invalid UTF-8 and
 * malformed JSON; this adds the schema-like checks.
 */
#include "jsonv.h"

#include <stdint.h>
#include <string.h>

size_t jv_utf8_len(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

const char *jv_str(const json_t *obj, const char *key, const char *def)
{
	const char *v = json_string_value(json_object_get(obj, key));
	return v ? v : def;
}

const char *jv_unknown_key(const json_t *o, const char *const *allowed)
{
	const char *key;
	json_t *v;
	size_t i;

	json_object_foreach((json_t *)(uintptr_t)o, key, v)
	{
		for (i = 0; allowed[i] && strcmp(allowed[i], key); i++)
			;
		if (!allowed[i])
			return key;
	}
	return NULL;
}

static const char *type_name(enum jv_type t)
{
	switch (t) {
	case JV_STRING:
		return "a string";
	case JV_INT:
		return "an integer";
	case JV_BOOL:
		return "true or false";
	case JV_ARRAY:
		return "an array";
	case JV_OBJECT:
		return "an object";
	}
	return "?";
}

static int type_ok(const json_t *v, enum jv_type t)
{
	switch (t) {
	case JV_STRING:
		return json_is_string(v);
	case JV_INT:
		return json_is_integer(v);
	case JV_BOOL:
		return json_is_boolean(v);
	case JV_ARRAY:
		return json_is_array(v);
	case JV_OBJECT:
		return json_is_object(v);
	}
	return 0;
}

static int check_string(const json_t *v, const struct jv_field *f,
			struct fz_err *e)
{
	const char *s = json_string_value(v);
	size_t len = json_string_length(v), n, i;

	if (strlen(s) != len)
		return fz_err_set(e, FZ_EINVAL, f->name,
				  "%s: contains a NUL character", f->name);
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		int nl = (c == '\n' || c == '\r' || c == '\t');
		if (c < 0x20 && !(nl && (f->flags & JV_MULTILINE)))
			return fz_err_set(e, FZ_EINVAL, f->name,
					  "%s: contains a control character",
					  f->name);
	}
	n = jv_utf8_len(s);
	if ((long long)n < f->min)
		return fz_err_set(e, FZ_EINVAL, f->name,
				  "%s: must have at least %lld characters",
				  f->name, f->min);
	if (f->max && (long long)n > f->max)
		return fz_err_set(e, FZ_EINVAL, f->name,
				  "%s: must have at most %lld characters",
				  f->name, f->max);
	return 0;
}

int jv_check_value(const json_t *v, const struct jv_field *f, struct fz_err *e)
{
	long long n;

	if (!type_ok(v, f->type))
		return fz_err_set(e, FZ_EINVAL, f->name, "%s: must be %s",
				  f->name, type_name(f->type));
	switch (f->type) {
	case JV_STRING:
		return check_string(v, f, e);
	case JV_INT:
		n = json_integer_value(v);
		if (n < f->min || (f->max && n > f->max))
			return fz_err_set(e, FZ_EINVAL, f->name,
					  "%s: %lld is outside %lld..%lld",
					  f->name, n, f->min, f->max);
		return 0;
	case JV_ARRAY:
		n = (long long)json_array_size(v);
		if (n < f->min || (f->max && n > f->max))
			return fz_err_set(e, FZ_EINVAL, f->name,
					  "%s: must have %lld to %lld items",
					  f->name, f->min, f->max);
		return 0;
	default:
		return 0;
	}
}

static const struct jv_field *find(const struct jv_field *spec,
				   const char *name)
{
	for (; spec->name; spec++)
		if (strcmp(spec->name, name) == 0)
			return spec;
	return NULL;
}

int jv_check(const json_t *obj, const struct jv_field *spec, struct fz_err *e)
{
	const char *key;
	json_t *v;
	const struct jv_field *f;
	int rc;

	if (!json_is_object(obj))
		return fz_err_set(e, FZ_EINVAL, "body",
				  "body: must be a JSON object");
	json_object_foreach((json_t *)(uintptr_t)obj, key, v)
	{
		f = find(spec, key);
		if (!f)
			return fz_err_set(e, FZ_EINVAL, key,
					  "%s: unknown field", key);
		if (json_is_null(v) && !(f->flags & JV_REQUIRED))
			continue;
		rc = jv_check_value(v, f, e);
		if (rc)
			return rc;
	}
	for (f = spec; f->name; f++) {
		v = json_object_get(obj, f->name);
		if ((f->flags & JV_REQUIRED) && (!v || json_is_null(v)))
			return fz_err_set(e, FZ_EINVAL, f->name,
					  "%s: is required", f->name);
	}
	return 0;
}

int jv_parse_object(const char *data, size_t len, json_t **out,
		    struct fz_err *e)
{
	json_error_t je;
	json_t *v;

	if (len == 0)
		return fz_err_set(e, FZ_EINVAL, "body", "body: is empty");
	v = json_loadb(data, len, JSON_REJECT_DUPLICATES, &je);
	if (!v)
		return fz_err_set(
		    e, FZ_EINVAL, "body",
		    "body: malformed JSON at line %d column %d: %s", je.line,
		    je.column, je.text);
	if (!json_is_object(v)) {
		json_decref(v);
		return fz_err_set(e, FZ_EINVAL, "body",
				  "body: must be a JSON object");
	}
	*out = v;
	return 0;
}
