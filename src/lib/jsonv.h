/*
 * jsonv.h - validation of a JSON request object against a small field spec,
 * so every handler refuses bad input the same way: the first problem found
 * is reported with the field's name and nothing is written.
 *
 *   static const struct jv_field spec[] = {
 *       {"username", JV_STRING, JV_REQUIRED, 1, 64},
 *       {"roles", JV_ARRAY, 0, 0, 16},
 *       {NULL}};
 *   rc = jv_check(body, spec, e);
 *
 * Checks, in order: the value is an object; no field outside the spec
 * (unknown fields are errors, not ignored); each present field has the
 * declared type; strings are within [min,max] characters (UTF-8 code
 * points) and contain no control characters; integers within [min,max];
 * arrays within [min,max] items; required fields are present and not null.
 */
#ifndef FZ_JSONV_H
#define FZ_JSONV_H

#include "err.h"

#include <jansson.h>

enum jv_type { JV_STRING = 1, JV_INT, JV_BOOL, JV_ARRAY, JV_OBJECT };
enum { JV_REQUIRED = 1, JV_MULTILINE = 2 };

struct jv_field {
	const char *name;
	enum jv_type type;
	unsigned flags;
	long long min, max;
};

int jv_check(const json_t *obj, const struct jv_field *spec, struct fz_err *e);
/* The checks of one field's value v (not null) against its spec: type,
 * then length or range; errors name spec->name as jv_check does. */
int jv_check_value(const json_t *v, const struct jv_field *spec,
		   struct fz_err *e);
/* Parse a request body: FZ_EINVAL naming "body" for malformed JSON, invalid
 * UTF-8 or a non-object. *out is a new reference on success. */
int jv_parse_object(const char *data, size_t len, json_t **out,
		    struct fz_err *e);
/* Number of UTF-8 code points in s (assumed valid UTF-8). */
size_t jv_utf8_len(const char *s);
/* The first key of object o that is not in allowed (NULL-terminated), or
 * NULL if there is none: for readers of files that refuse a misspelt key
 * and word the message their own way. */
const char *jv_unknown_key(const json_t *o, const char *const *allowed);
/* String member or def when absent. */
const char *jv_str(const json_t *obj, const char *key, const char *def);

#endif
