/*
 * roles.c - see roles.h.
 */
#include "roles.h"

#include <stdio.h>
#include <string.h>

const struct role_info role_table[] = {
    {ROLE_SYSADMIN, "sysadmin", "系统管理员"},
    {ROLE_SECADMIN, "secadmin", "安全管理员"},
    {ROLE_AUDITOR, "auditor", "审计管理员"},
    {ROLE_OFFICER, "officer", "办案人员"},
    {ROLE_REVIEWER, "reviewer", "法制审核人员"},
    {ROLE_HEAD, "head", "负责人"},
    {ROLE_STATS, "statistician", "统计员"},
    {ROLE_VIEWER, "viewer", "只读"},
};
const unsigned role_count = sizeof(role_table) / sizeof(role_table[0]);

static int role_bit(const char *name, size_t len, unsigned *bit)
{
	unsigned i;

	for (i = 0; i < role_count; i++) {
		if ((strlen(role_table[i].id) == len &&
		     memcmp(role_table[i].id, name, len) == 0) ||
		    (strlen(role_table[i].label) == len &&
		     memcmp(role_table[i].label, name, len) == 0)) {
			*bit = role_table[i].bit;
			return 0;
		}
	}
	return FZ_EINVAL;
}

static int unknown(const char *field, const char *name, size_t len,
		   struct fz_err *e)
{
	return fz_err_set(e, FZ_EINVAL, field, "%s: unknown role '%.*s'", field,
			  (int)(len > 64 ? 64 : len), name);
}

int roles_from_json(const json_t *arr, const char *field, unsigned *out,
		    struct fz_err *e)
{
	size_t i;
	json_t *v;
	unsigned bit, roles = 0;

	if (!json_is_array(arr))
		return fz_err_set(e, FZ_EINVAL, field,
				  "%s: must be an array of role names", field);
	json_array_foreach(arr, i, v)
	{
		const char *s = json_string_value(v);
		if (!s)
			return fz_err_set(e, FZ_EINVAL, field,
					  "%s: item %zu is not a string", field,
					  i);
		if (role_bit(s, strlen(s), &bit))
			return unknown(field, s, strlen(s), e);
		roles |= bit;
	}
	*out = roles;
	return roles_check(roles, field, e);
}

int roles_from_csv(const char *csv, const char *field, unsigned *out,
		   struct fz_err *e)
{
	unsigned bit, roles = 0;
	const char *p = csv;

	while (*p) {
		size_t len = strcspn(p, ",");
		if (len && role_bit(p, len, &bit))
			return unknown(field, p, len, e);
		if (len)
			roles |= bit;
		p += len + (p[len] == ',');
	}
	*out = roles;
	return roles_check(roles, field, e);
}

int roles_check(unsigned roles, const char *field, struct fz_err *e)
{
	unsigned admins = roles & ROLE_ADMINS;

	if (admins & (admins - 1))
		return fz_err_set(e, FZ_EREFUSED, field,
				  "%s: 系统管理员、安全管理员、审计管理员须由"
				  "不同账号担任（三员分立）",
				  field);
	if (admins && (roles & ROLE_BUSINESS))
		return fz_err_set(
		    e, FZ_EREFUSED, field,
		    "%s: 管理员账号不能同时担任业务角色（三员分立）", field);
	return 0;
}

int roles_check_account(unsigned roles, int integration, const char *field,
			struct fz_err *e)
{
	if (integration && (roles & ROLE_ADMINS))
		return fz_err_set(e, FZ_EREFUSED, field,
				  "%s: 集成账户只能担任业务角色", field);
	return roles_check(roles, field, e);
}

const char *roles_label(unsigned bit)
{
	unsigned i;

	for (i = 0; i < role_count; i++)
		if (role_table[i].bit == bit)
			return role_table[i].label;
	return "";
}

json_t *roles_to_json(unsigned roles)
{
	json_t *a = json_array();
	unsigned i;

	for (i = 0; i < role_count; i++)
		if (roles & role_table[i].bit)
			json_array_append_new(a, json_string(role_table[i].id));
	return a;
}

void roles_to_csv(unsigned roles, char *out, size_t n)
{
	size_t used = 0;
	unsigned i;

	if (n)
		out[0] = '\0';
	for (i = 0; i < role_count && used < n; i++)
		if (roles & role_table[i].bit)
			used +=
			    (size_t)snprintf(out + used, n - used, "%s%s",
					     used ? "," : "", role_table[i].id);
}
