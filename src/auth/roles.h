/*
 * roles.h - the roles of SPEC §1 as bits, with their Chinese labels.
 *
 * A user may hold several roles, except that 系统管理员, 安全管理员 and
 * 审计管理员 are held by three different people (三员分立, GB/T 22239-2019
 * level 3): roles_check() refuses a set holding two of them, or one of them
 * with a business role.
 */
#ifndef FZ_AUTH_ROLES_H
#define FZ_AUTH_ROLES_H

#include "lib/err.h"

#include <jansson.h>

enum {
	ROLE_SYSADMIN = 1u << 0, /* 系统管理员: users, organisations, config */
	ROLE_SECADMIN = 1u << 1, /* 安全管理员: roles, passwords, lockout */
	ROLE_AUDITOR = 1u << 2,	 /* 审计管理员: reads the audit log only */
	ROLE_OFFICER = 1u << 3,	 /* 办案人员 */
	ROLE_REVIEWER = 1u << 4, /* 法制审核人员 */
	ROLE_HEAD = 1u << 5,	 /* 负责人 */
	ROLE_STATS = 1u << 6,	 /* 统计员 */
	ROLE_VIEWER = 1u << 7,	 /* 只读 */
	ROLE_ALL = 0xFFu,
	ROLE_ADMINS = ROLE_SYSADMIN | ROLE_SECADMIN | ROLE_AUDITOR,
	ROLE_BUSINESS = ROLE_ALL & ~ROLE_ADMINS,
};

struct role_info {
	unsigned bit;
	const char *id;	   /* "sysadmin" */
	const char *label; /* "系统管理员" */
};

extern const struct role_info role_table[];
extern const unsigned role_count;

/* Parse role ids (or Chinese labels) from a JSON array of strings, or from
 * a comma-separated list; unknown names are FZ_EINVAL naming `field`. */
int roles_from_json(const json_t *arr, const char *field, unsigned *out,
		    struct fz_err *e);
int roles_from_csv(const char *csv, const char *field, unsigned *out,
		   struct fz_err *e);
/* 三员分立: FZ_EREFUSED naming `field` if two administrator roles are set,
 * or an administrator role together with a business role. */
int roles_check(unsigned roles, const char *field, struct fz_err *e);
/* roles_check, and for an integration account business roles only. */
int roles_check_account(unsigned roles, int integration, const char *field,
			struct fz_err *e);
json_t *roles_to_json(unsigned roles);
/* The Chinese label of one role bit ("" for none). */
const char *roles_label(unsigned bit);
/* "sysadmin,officer" into out. */
void roles_to_csv(unsigned roles, char *out, size_t n);

#endif
