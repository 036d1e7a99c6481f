/*
 * settings.c - the report's settings of an organisation (annual.h):
 * report.voice, the words the report calls the organisation by, and
 * report.style, how it writes some of its figures.
 */
#include "annual.h"

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

int annual_setting_known(const char *key)
{
	return !strcmp(key, ANNUAL_VOICE) || !strcmp(key, ANNUAL_STYLE);
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
	return fz_err_set(e, FZ_ENOTFOUND, "key", "key: no setting '%s'", key);
}
