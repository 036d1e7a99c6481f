/*
 * user.c - `fazhi user add|list|passwd|lock|unlock|roles`: the way to
 * create the first accounts, and to repair access from the machine itself
 * (an administrator's password is reset only here: 三员分立). `add
 * --integration` makes an account for a system integration: no password,
 * business roles only, API tokens issued to it by the system administrator.
 * Every change is the same event the API would write, with actor "cli".
 */
#include "admin/accounts.h"
#include "auth/password.h"
#include "auth/roles.h"
#include "cmd/common.h"

#include <stdio.h>
#include <string.h>

struct user_job {
	struct store_user u;
	char old_hash[256];
	enum acct_change what;
	unsigned roles;
	int op; /* 0 add, 1 change, 2 password */
};

static int user_write(struct store_conn *c, void *arg, struct fz_err *e)
{
	struct user_job *j = arg;

	if (j->op == 0)
		return acct_user_add(c, &j->u, "cli", e);
	if (j->op == 1)
		return acct_user_change(c, j->u.id, j->what, j->roles, "cli",
					&j->u, e);
	return acct_user_password(c, &j->u, j->old_hash, 1, "cli", e);
}

static int run_job(const char *db, struct user_job *j)
{
	struct store *s;
	struct fz_err e;
	int rc = fz_open_store("user", db, &s);

	if (rc)
		return rc;
	fz_err_clear(&e);
	rc = store_write(s, user_write, j, &e);
	store_close(s);
	if (rc)
		return fz_cmd_fail("user", FZ_EXIT_FAIL, "%s", e.msg);
	return 0;
}

static int set_password(struct user_job *j)
{
	char pw[256];
	struct fz_err e;
	int rc = fz_read_password("user", pw, sizeof(pw));

	if (rc)
		return rc;
	if (pw_set(&j->u, pw, &e))
		return fz_cmd_fail("user", FZ_EXIT_FAIL, "%s", e.msg);
	return 0;
}

static int user_add(int argc, char **argv)
{
	const char *db = NULL, *org = NULL, *name = NULL, *display = NULL,
		   *roles = "";
	struct user_job j;
	struct fz_opt opts[] = {{"--db", &db, NULL},
				{"--org", &org, NULL},
				{"--username", &name, NULL},
				{"--name", &display, NULL},
				{"--roles", &roles, NULL},
				{"--integration", NULL, &j.u.integration},
				{NULL, NULL, NULL}};
	struct fz_err e;
	int rc;

	memset(&j, 0, sizeof(j));
	rc = fz_opts_parse("user", argc, argv, 2, opts, NULL, 0);
	if (!rc)
		rc = fz_opt_required("user", "--db", db);
	if (!rc)
		rc = fz_opt_required("user", "--org", org);
	if (!rc)
		rc = fz_opt_required("user", "--username", name);
	if (!rc)
		rc =
		    fz_opt_int("user", "--org", org, 1, INT64_MAX, &j.u.org_id);
	if (!rc &&
	    (roles_from_csv(roles, "--roles", &j.u.roles, &e) ||
	     roles_check_account(j.u.roles, j.u.integration, "--roles", &e)))
		rc = fz_cmd_fail("user", FZ_EXIT_USAGE, "%s", e.msg);
	if (rc)
		return rc;
	snprintf(j.u.username, sizeof(j.u.username), "%s", name);
	snprintf(j.u.display_name, sizeof(j.u.display_name), "%s",
		 display ? display : name);
	if (j.u.integration) /* tokens only: no password matches "!" */
		snprintf(j.u.pw_hash, sizeof(j.u.pw_hash), "!");
	else
		rc = set_password(&j);
	if (!rc)
		rc = run_job(db, &j);
	if (!rc)
		printf("%lld\n", (long long)j.u.id);
	return rc;
}

static int print_user(const struct store_user *u, void *arg)
{
	char roles[128];

	(void)arg;
	roles_to_csv(u->roles, roles, sizeof(roles));
	printf("%lld\t%s\t%s\torg %lld\t%s%s\n", (long long)u->id, u->username,
	       u->display_name, (long long)u->org_id, roles,
	       u->disabled ? "\tlocked" : "");
	return 0;
}

static int user_list(int argc, char **argv)
{
	const char *db = NULL;
	struct fz_opt opts[] = {{"--db", &db, NULL}, {NULL, NULL, NULL}};
	struct store_conn *c;
	struct store *s;
	struct fz_err e;
	int rc = fz_opts_parse("user", argc, argv, 2, opts, NULL, 0);

	if (!rc)
		rc = fz_opt_required("user", "--db", db);
	if (rc || (rc = fz_open_store("user", db, &s)))
		return rc;
	c = store_rd_acquire(s);
	rc = store_user_list(c, 0, print_user, NULL, &e);
	store_rd_release(s, c);
	store_close(s);
	return rc ? fz_cmd_fail("user", FZ_EXIT_FAIL, "%s", e.msg) : 0;
}

static int load_user(const char *db, const char *name, struct store_user *u)
{
	struct store_conn *c;
	struct store *s;
	struct fz_err e;
	int rc = fz_open_store("user", db, &s);

	if (rc)
		return rc;
	c = store_rd_acquire(s);
	rc = store_user_by_name(c, name, u, &e);
	store_rd_release(s, c);
	store_close(s);
	if (rc)
		return fz_cmd_fail("user", FZ_EXIT_FAIL,
				   "--username: no user '%s'", name);
	return 0;
}

/* passwd, lock, unlock, roles (argv[1]): an existing user by --username. */
static int user_modify(int argc, char **argv)
{
	const char *sub = argv[1], *db = NULL, *name = NULL, *set = NULL;
	struct fz_opt opts[] = {{"--db", &db, NULL},
				{"--username", &name, NULL},
				{"--set", &set, NULL},
				{NULL, NULL, NULL}};
	struct user_job j;
	struct fz_err e;
	int rc;

	memset(&j, 0, sizeof(j));
	rc = fz_opts_parse("user", argc, argv, 2, opts, NULL, 0);
	if (!rc)
		rc = fz_opt_required("user", "--db", db);
	if (!rc)
		rc = fz_opt_required("user", "--username", name);
	if (!rc && !strcmp(sub, "roles")) {
		rc = fz_opt_required("user", "--set", set);
		if (!rc && roles_from_csv(set, "--set", &j.roles, &e))
			rc = fz_cmd_fail("user", FZ_EXIT_USAGE, "%s", e.msg);
	}
	if (rc || (rc = load_user(db, name, &j.u)))
		return rc;
	j.op = 1;
	j.what = !strcmp(sub, "roles")	? ACCT_ROLES
		 : !strcmp(sub, "lock") ? ACCT_LOCK
					: ACCT_UNLOCK;
	if (!strcmp(sub, "passwd")) {
		j.op = 2;
		memcpy(j.old_hash, j.u.pw_hash, sizeof(j.old_hash));
		rc = set_password(&j);
	}
	return rc ? rc : run_job(db, &j);
}

int cmd_user(int argc, char **argv)
{
	static const struct fz_subcmd subs[] = {{"add", user_add},
						{"list", user_list},
						{"passwd", user_modify},
						{"lock", user_modify},
						{"unlock", user_modify},
						{"roles", user_modify},
						{NULL, NULL}};

	return fz_cmd_dispatch("user", subs, argc, argv);
}
