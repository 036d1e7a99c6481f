/*
 * statements.c - see statements.h: the catalogue read from the embedded
 * files under data/report/statements/ and checked.
 */
#include "statements.h"

#include "lib/embedded.h"
#include "lib/jsonv.h"
#include "lib/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Where a mistake is: the file and the JSON path. */
struct where {
	const char *file;
	char path[128];
	struct fz_err *e;
};

static int perr(struct where *w, const char *msg)
{
	return fz_err_set(w->e, FZ_EINVAL, "statements", "%s: %s: %s", w->file,
			  w->path, msg);
}

int stmt_voice(const char *level)
{
	return !strcmp(level, "government") || !strcmp(level, "region")
		   ? STMT_GOVERNMENT
		   : STMT_DEPARTMENT;
}

static int level_bit(const char *s)
{
	if (!strcmp(s, "department"))
		return 1 << STMT_DEPARTMENT;
	if (!strcmp(s, "government"))
		return 1 << STMT_GOVERNMENT;
	return 0;
}

static int check_keys(struct where *w, const json_t *o, const char *const *keys)
{
	const char *key = jv_unknown_key(o, keys);
	size_t n = strlen(w->path);

	if (!key)
		return 0;
	snprintf(w->path + n, sizeof(w->path) - n, ".%s", key);
	return perr(w, "unknown key");
}

static const char *str_of(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* One text of a statement, parsed: no sections or statements in it. */
static int parse_text(struct where *w, const char *text, tpl_known_fn known,
		      void *arg, struct tpl **out)
{
	struct fz_err sub = {0};
	int rc = tpl_parse(out, text, strlen(text), known, arg, &sub);

	if (rc)
		return perr(w, sub.msg);
	if (tpl_uses_words(*out)) {
		tpl_free(*out);
		*out = NULL;
		return perr(w, "a statement names no section or statement");
	}
	return 0;
}

static int parse_levels(struct where *w, const json_t *a, struct stmt *s)
{
	const json_t *v;
	size_t i;
	int bit;

	s->levels = (1u << STMT_NVOICES) - 1;
	if (!a)
		return 0;
	if (!json_is_array(a) || !json_array_size(a))
		return perr(w, "levels: must be a list of department, "
			       "government");
	s->levels = 0;
	json_array_foreach(a, i, v)
	{
		bit = json_is_string(v) ? level_bit(json_string_value(v)) : 0;
		if (!bit)
			return perr(w, "levels: each is department or "
				       "government");
		s->levels |= (unsigned)bit;
	}
	return 0;
}

#define STMT_LIST_MAX 20

static int parse_list(struct where *w, const json_t *o, tpl_known_fn known,
		      void *arg, struct stmt *s)
{
	static const char *const keys[] = {"indicator", "max", "book", NULL};
	const json_t *l = json_object_get(o, "list"), *max;
	size_t len = strlen(w->path);
	int rc;

	if (!l)
		return 0;
	snprintf(w->path + len, sizeof(w->path) - len, ".list");
	if (!json_is_object(l))
		return perr(w, "must be an object of indicator, max");
	if ((rc = check_keys(w, l, keys)))
		return rc;
	s->list = str_of(l, "indicator");
	if (!s->list || !known(s->list, arg) || strchr(s->list, '['))
		return perr(w, "indicator: an unknown indicator");
	s->list_book = json_is_true(json_object_get(l, "book"));
	max = json_object_get(l, "max");
	s->list_max = max ? (int)json_integer_value(max) : 5;
	if (max && (!json_is_integer(max) || s->list_max < 1 ||
		    s->list_max > STMT_LIST_MAX))
		return perr(w, "max: 1 to 20");
	w->path[len] = '\0';
	return 0;
}

/* {ID: {VALUE: label}}: known figures, labels of 1 to 32 characters. */
static int parse_labels(struct where *w, const json_t *o, tpl_known_fn known,
			void *arg, struct stmt *s)
{
	const json_t *l = json_object_get(o, "labels"), *g, *v;
	const char *id, *value;
	size_t len = strlen(w->path);

	if (!l)
		return 0;
	snprintf(w->path + len, sizeof(w->path) - len, ".labels");
	if (!json_is_object(l))
		return perr(w, "must be an object of figure: {value: label}");
	json_object_foreach((json_t *)(uintptr_t)l, id, g)
	{
		snprintf(w->path + len, sizeof(w->path) - len, ".labels.%s",
			 id);
		if (!known(id, arg))
			return perr(w, "an unknown figure");
		if (!json_is_object(g))
			return perr(w, "must be an object of value: label");
		json_object_foreach((json_t *)(uintptr_t)g, value,
				    v) if (!json_is_string(v) ||
					   !json_string_length(v) ||
					   jv_utf8_len(json_string_value(v)) >
					       32) return perr(w, "each "
								  "label "
								  "is 1 "
								  "to 32 "
								  "charac"
								  "ters");
	}
	w->path[len] = '\0';
	s->labels = l;
	return 0;
}

/* when or unless: a list of figures. */
static int parse_figures(struct where *w, const json_t *o, const char *key,
			 tpl_known_fn known, void *arg, const char ***out,
			 size_t *n)
{
	const json_t *a = json_object_get(o, key), *v;
	size_t i, len = strlen(w->path);

	if (!a)
		return 0;
	snprintf(w->path + len, sizeof(w->path) - len, ".%s", key);
	if (!json_is_array(a) || !json_array_size(a))
		return perr(w, "must be a list of figures");
	*out = fz_xcalloc(json_array_size(a), sizeof(**out));
	json_array_foreach(a, i, v)
	{
		if (!json_is_string(v) || !known(json_string_value(v), arg)) {
			snprintf(w->path + len, sizeof(w->path) - len,
				 ".%s[%zu]", key, i);
			return perr(w, "an unknown figure");
		}
		(*out)[(*n)++] = json_string_value(v);
	}
	w->path[len] = '\0';
	return 0;
}

static int parse_voices(struct where *w, const json_t *o, tpl_known_fn known,
			void *arg, struct stmt *s)
{
	static const char *const keys[] = {"department", "government", NULL};
	const char *t;
	size_t n = strlen(w->path);
	int rc, i;

	if (!o)
		return 0;
	snprintf(w->path + n, sizeof(w->path) - n, ".voices");
	if (!json_is_object(o))
		return perr(w, "must be an object of department, government");
	if ((rc = check_keys(w, o, keys)))
		return rc;
	for (i = 0; i < STMT_NVOICES; i++) {
		if (!(t = str_of(o, keys[i])))
			continue;
		snprintf(w->path + n, sizeof(w->path) - n, ".voices.%s",
			 keys[i]);
		tpl_free(s->text[i]);
		s->text[i] = NULL;
		if ((rc = parse_text(w, t, known, arg, &s->text[i])))
			return rc;
	}
	w->path[n] = '\0';
	return 0;
}

static int parse_one(struct where *w, const json_t *o, tpl_known_fn known,
		     void *arg, struct stmt *s)
{
	static const char *const keys[] = {
	    "id",   "section", "text", "voices", "levels", "scope",
	    "when", "unless",  "list", "labels", "about",  NULL};
	const char *scope = str_of(o, "scope"), *text = str_of(o, "text");
	size_t n = strlen(w->path);
	int rc, i;

	if (!json_is_object(o))
		return perr(w, "must be an object");
	if ((rc = check_keys(w, o, keys)))
		return rc;
	s->id = str_of(o, "id");
	s->section = str_of(o, "section");
	if (!s->id || !*s->id)
		return perr(w, "id: required");
	if (!s->section || !*s->section)
		return perr(w, "section: required");
	if (scope && strcmp(scope, "own") && strcmp(scope, "all"))
		return perr(w, "scope: own or all");
	s->own = scope && !strcmp(scope, "own");
	snprintf(w->path + n, sizeof(w->path) - n, ".text");
	if (!text)
		return perr(w, "required");
	if ((rc = parse_text(w, text, known, arg, &s->text[0])))
		return rc;
	w->path[n] = '\0';
	if ((rc = parse_voices(w, json_object_get(o, "voices"), known, arg, s)))
		return rc;
	if (!s->text[STMT_DEPARTMENT]) /* voices.government only replaced */
		return perr(w, "text: required");
	s->raw = str_of(json_object_get(o, "voices"), "department");
	if (!s->raw)
		s->raw = text;
	if ((rc = parse_levels(w, json_object_get(o, "levels"), s)))
		return rc;
	if ((rc = parse_figures(w, o, "when", known, arg, &s->when, &s->nwhen)))
		return rc;
	if ((rc = parse_figures(w, o, "unless", known, arg, &s->unless,
				&s->nunless)) ||
	    (rc = parse_list(w, o, known, arg, s)))
		return rc;
	for (i = 0; !s->list && i < STMT_NVOICES; i++)
		if (s->text[i] && tpl_uses(s->text[i], "list")) {
			snprintf(w->path + n, sizeof(w->path) - n, ".text");
			return perr(w, "{{list}} without a list");
		}
	return parse_labels(w, o, known, arg, s);
}

static int parse_file(struct stmt_catalogue *c, const char *file,
		      const json_t *doc, tpl_known_fn known, void *arg,
		      struct fz_err *e)
{
	static const char *const keys[] = {"about", "statements", NULL};
	struct where w = {file, "$", e};
	const json_t *a = json_object_get(doc, "statements"), *o;
	size_t i;
	int rc;

	if (!json_is_object(doc))
		return perr(&w, "must be an object");
	if ((rc = check_keys(&w, doc, keys)))
		return rc;
	snprintf(w.path, sizeof(w.path), "$.statements");
	if (!json_is_array(a))
		return perr(&w, "must be a list");
	c->v = fz_xrealloc(c->v, (c->n + json_array_size(a)) * sizeof(*c->v));
	json_array_foreach(a, i, o)
	{
		struct stmt *s = &c->v[c->n];
		memset(s, 0, sizeof(*s));
		s->file = file;
		c->n++;
		snprintf(w.path, sizeof(w.path), "$.statements[%zu]", i);
		if ((rc = parse_one(&w, o, known, arg, s)))
			return rc;
		if (stmt_find(c, s->id) != s) {
			snprintf(w.path, sizeof(w.path), "$.statements[%zu].id",
				 i);
			return perr(&w, "repeated");
		}
	}
	return 0;
}

int stmt_add(struct stmt_catalogue *c, const char *file, const char *text,
	     size_t len, tpl_known_fn known, void *arg, struct fz_err *e)
{
	json_error_t je;
	json_t *doc = json_loadb(text, len, 0, &je);

	if (!doc)
		return fz_err_set(e, FZ_EINVAL, "statements", "%s: line %d: %s",
				  file, je.line, je.text);
	if (!c->docs)
		c->docs = json_array();
	json_array_append_new(c->docs, doc);
	return parse_file(c, file, doc, known, arg, e);
}

int stmt_load(struct stmt_catalogue *c, tpl_known_fn known, void *arg,
	      struct fz_err *e)
{
	size_t first, count, i;
	int rc = 0;

	memset(c, 0, sizeof(*c));
	fz_embedded_under(STMT_DIR, &first, &count);
	for (i = 0; !rc && i < count; i++) {
		const struct fz_embedded *f = &fz_embedded_files[first + i];
		rc = stmt_add(c, f->path, (const char *)f->data, f->len, known,
			      arg, e);
	}
	if (!rc && !c->n)
		rc = fz_err_set(e, FZ_EINVAL, "statements", "%s: no statements",
				STMT_DIR);
	if (rc)
		stmt_release(c);
	return rc;
}

void stmt_release(struct stmt_catalogue *c)
{
	size_t i;
	int j;

	for (i = 0; i < c->n; i++) {
		for (j = 0; j < STMT_NVOICES; j++)
			tpl_free(c->v[i].text[j]);
		free((void *)c->v[i].when);
		free((void *)c->v[i].unless);
	}
	free(c->v);
	json_decref(c->docs);
	memset(c, 0, sizeof(*c));
}

const struct stmt *stmt_find(const struct stmt_catalogue *c, const char *id)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		if (c->v[i].id && !strcmp(c->v[i].id, id))
			return &c->v[i];
	return NULL;
}

int stmt_has_section(const struct stmt_catalogue *c, const char *section)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		if (!strcmp(c->v[i].section, section))
			return 1;
	return 0;
}
