/*
 * init.c - `fazhi init`: create or migrate the database; with --demo, the
 * demo organisations and one account per role group, whose random
 * passwords are written to --credentials (or printed); with --gm, the
 * chains of the event log started from then on are hashed with SM3 (the
 * 国密 option; chains that already exist keep their algorithm).
 */
#include "admin/accounts.h"
#include "auth/password.h"
#include "auth/roles.h"
#include "auth/session.h"
#include "cmd/common.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

struct demo_user {
	const char *username, *display, *org;
	unsigned roles;
};

static const struct demo_user demo_users[] = {
    {"admin", "系统管理员", "gov", ROLE_SYSADMIN},
    {"secadmin", "安全管理员", "gov", ROLE_SECADMIN},
    {"auditor", "审计管理员", "gov", ROLE_AUDITOR},
    {"fazhi", "法规督察科 张敏", "bureau",
     ROLE_OFFICER | ROLE_REVIEWER | ROLE_HEAD | ROLE_STATS},
    {"zhifa", "执法支队 李强", "bureau", ROLE_OFFICER},
};
#define NDEMO (sizeof(demo_users) / sizeof(demo_users[0]))

struct demo {
	struct store_org gov, bureau;
	struct store_user users[NDEMO];
	char passwords[NDEMO][SESSION_TOKEN_LEN + 8];
	int skipped;
};

static int has_org(const struct store_org *o, void *arg)
{
	(void)o;
	*(int *)arg = 1;
	return 1;
}

static int demo_write(struct store_conn *c, void *arg, struct fz_err *e)
{
	struct demo *d = arg;
	int any = 0, rc;
	size_t i;

	store_org_list(c, 0, has_org, &any, NULL);
	if (any) {
		d->skipped = 1;
		return 0;
	}
	rc = acct_org_add(c, &d->gov, "cli", e);
	d->bureau.parent_id = d->gov.id;
	if (!rc)
		rc = acct_org_add(c, &d->bureau, "cli", e);
	for (i = 0; !rc && i < NDEMO; i++) {
		d->users[i].org_id = strcmp(demo_users[i].org, "gov") == 0
					 ? d->gov.id
					 : d->bureau.id;
		rc = acct_user_add(c, &d->users[i], "cli", e);
	}
	return rc;
}

static int demo_prepare(struct demo *d, struct fz_err *e)
{
	char raw[SESSION_TOKEN_LEN + 1];
	size_t i;

	memset(d, 0, sizeof(*d));
	snprintf(d->gov.name, sizeof(d->gov.name), "北碚区人民政府");
	snprintf(d->gov.level, sizeof(d->gov.level), "government");
	snprintf(d->bureau.name, sizeof(d->bureau.name),
		 "北碚区规划和自然资源局");
	snprintf(d->bureau.level, sizeof(d->bureau.level), "department");
	for (i = 0; i < NDEMO; i++) {
		struct store_user *u = &d->users[i];
		session_random_token(raw);
		/* 16 random characters plus classes the policy asks for */
		snprintf(d->passwords[i], sizeof(d->passwords[i]), "Fz-%.16s9",
			 raw);
		snprintf(u->username, sizeof(u->username), "%s",
			 demo_users[i].username);
		snprintf(u->display_name, sizeof(u->display_name), "%s",
			 demo_users[i].display);
		u->roles = demo_users[i].roles;
		if (pw_set(u, d->passwords[i], e))
			return FZ_EREFUSED;
	}
	return 0;
}

static int write_credentials(const struct demo *d, const char *path)
{
	FILE *f = path ? fopen(path, "w") : stdout;
	size_t i;

	if (!f)
		return fz_cmd_fail("init", FZ_EXIT_FAIL,
				   "--credentials: cannot write %s", path);
	if (path)
		chmod(path, 0600);
	fprintf(f, "演示账户 (demo accounts):\n");
	for (i = 0; i < NDEMO; i++)
		fprintf(f, "  %-9s %-22s 密码: %s\n", demo_users[i].username,
			demo_users[i].display, d->passwords[i]);
	if (path)
		fclose(f);
	return 0;
}

static int init_demo(struct store *s, const char *cred)
{
	struct demo d;
	struct fz_err e;

	fz_err_clear(&e);
	if (demo_prepare(&d, &e) || store_write(s, demo_write, &d, &e))
		return fz_cmd_fail("init", FZ_EXIT_FAIL, "%s", e.msg);
	if (d.skipped) {
		fprintf(stderr, "fazhi init: organisations exist; demo "
				"accounts not added\n");
		return 0;
	}
	return write_credentials(&d, cred);
}

static int gm_write(struct store_conn *c, void *arg, struct fz_err *e)
{
	(void)arg;
	return store_audit_setting_put(c, "chain_hash", "sm3", e);
}

int cmd_init(int argc, char **argv)
{
	const char *db = NULL, *cred = NULL;
	int demo = 0, gm = 0, rc;
	struct fz_opt opts[] = {{"--db", &db, NULL},
				{"--demo", NULL, &demo},
				{"--credentials", &cred, NULL},
				{"--gm", NULL, &gm},
				{NULL, NULL, NULL}};
	struct store *s;
	struct fz_err e;

	if (fz_cmd_wants_help(argc, argv))
		return fz_cmd_help("init");
	rc = fz_opts_parse("init", argc, argv, 1, opts, NULL, 0);
	if (!rc)
		rc = fz_opt_required("init", "--db", db);
	if (rc)
		return rc;
	fz_err_clear(&e);
	if (store_open(&s, db, STORE_INIT, &e))
		return fz_cmd_fail("init", FZ_EXIT_FAIL, "%s", e.msg);
	/* 国密: every chain started from now on is hashed with SM3 */
	if (gm && store_write(s, gm_write, NULL, &e))
		rc = fz_cmd_fail("init", FZ_EXIT_FAIL, "%s", e.msg);
	if (!rc && demo)
		rc = init_demo(s, cred);
	store_close(s);
	if (!rc)
		fprintf(stderr, "fazhi init: %s is ready (schema %d)\n", db,
			store_schema_version());
	return rc;
}
