/*
 * settings.c - the report's settings of an organisation (annual.h):
 * report.voice, the words the report calls the organisation by, and
 * report.style, how it writes some of its figures; report.template, its
 * own template.
 */
#include "annual.h"
#include "compose.h"

#include "lib/jsonv.h"

#include <stdio.h>
#include <string.h>

static const struct jv_field voice_spec[] = {{"self", JV_STRING, 0, 1, 32},
					     {"region", JV_STRING, 0, 1, 8},
					     {"gov", JV_STRING, 0, 1, 64},
					     {"above", JV_STRING, 0, 1, 64},
					     {NULL, 0, 0, 0, 0}};

static const struct jv_field style_spec[] = {{"unit", JV_STRING, 0, 1, 8},
					     {"decimals", JV_INT, 0, 0, 4},
					     {"approx", JV_BOOL, 0, 0, 0},
					     {"about", JV_BOOL, 0, 0, 0},
					     {NULL, 0, 0, 0, 0}};

static const struct jv_field template_spec[] = {
    {"text", JV_STRING, JV_REQUIRED | JV_MULTILINE, 1, ANNUAL_SECTION_MAX},
    {NULL, 0, 0, 0, 0}};

int annual_setting_known(const char *key)
{
	return !strcmp(key, ANNUAL_VOICE) || !strcmp(key, ANNUAL_STYLE) ||
	       !strcmp(key, ANNUAL_TEMPLATE);
}

/* {text}: a template that reads against the catalogue and reg. */
static int check_template(const json_t *v, const struct kind_registry *reg,
			  struct fz_err *e)
{
	static const struct store_org none = {.level = "department"};
	const char *text = json_string_value(json_object_get(v, "text"));
	struct annual_req q = {.org = &none};
	struct tpl *t = NULL;
	int rc = jv_check(v, template_spec, e);

	if (rc)
		return rc;
	q.tpl = text;
	q.tpl_len = strlen(text);
	rc = compose_parse(NULL, reg, &q, &t, e);
	tpl_free(t);
	return rc ? fz_err_set(e, rc, "text", "text: %s", e->msg) : 0;
}

/* {ID: {unit, decimals, approx}, ...}: ids of reg's indicators. */
static int check_style(const json_t *v, const struct kind_registry *reg,
		       struct fz_err *e)
{
	const char *id;
	json_t *x;
	int rc;

	if (!json_is_object(v))
		return fz_err_set(e, FZ_EINVAL, "body",
				  "body: an object of indicator: {unit, "
				  "decimals, approx}");
	json_object_foreach((json_t *)(uintptr_t)v, id, x)
	{
		if (!kind_indicator_find(reg, id))
			return fz_err_set(e, FZ_EINVAL, id,
					  "%s: no such indicator", id);
		if ((rc = jv_check(x, style_spec, e)))
			return fz_err_set(e, rc, id, "%s.%s", id, e->msg);
	}
	return 0;
}

int annual_setting_check(const char *key, const json_t *v,
			 const struct kind_registry *reg, struct fz_err *e)
{
	if (!strcmp(key, ANNUAL_VOICE))
		return jv_check(v, voice_spec, e);
	if (!strcmp(key, ANNUAL_STYLE))
		return check_style(v, reg, e);
	if (!strcmp(key, ANNUAL_TEMPLATE))
		return check_template(v, reg, e);
	return fz_err_set(e, FZ_ENOTFOUND, "key", "key: no setting '%s'", key);
}
