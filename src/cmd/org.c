/*
 * org.c - `fazhi org add|list`.
 */
#include "admin/accounts.h"
#include "cmd/common.h"

#include <stdio.h>
#include <string.h>

static int org_write(struct store_conn *c, void *arg, struct fz_err *e)
{
	return acct_org_add(c, arg, "cli", e);
}

static int check_level(const char *level)
{
	return strcmp(level, "region") && strcmp(level, "government") &&
	       strcmp(level, "department") && strcmp(level, "unit");
}

static int org_add(int argc, char **argv)
{
	const char *db = NULL, *name = NULL, *level = NULL, *parent = NULL;
	struct fz_opt opts[] = {{"--db", &db, NULL},
				{"--name", &name, NULL},
				{"--level", &level, NULL},
				{"--parent", &parent, NULL},
				{NULL, NULL, NULL}};
	struct store_org o;
	struct store *s;
	struct fz_err e;
	int64_t pid = 0;
	int rc;

	rc = fz_opts_parse("org", argc, argv, 2, opts, NULL, 0);
	if (!rc)
		rc = fz_opt_required("org", "--db", db);
	if (!rc)
		rc = fz_opt_required("org", "--name", name);
	if (!rc)
		rc = fz_opt_required("org", "--level", level);
	if (!rc && check_level(level))
		rc = fz_cmd_fail("org", FZ_EXIT_USAGE,
				 "--level: '%s' is not region, government, "
				 "department or unit",
				 level);
	if (!rc && parent)
		rc = fz_opt_int("org", "--parent", parent, 1, INT64_MAX, &pid);
	if (!rc && strlen(name) > STORE_NAME_MAX)
		rc = fz_cmd_fail("org", FZ_EXIT_USAGE, "--name: too long");
	if (rc || (rc = fz_open_store("org", db, &s)))
		return rc;
	memset(&o, 0, sizeof(o));
	o.parent_id = pid;
	snprintf(o.name, sizeof(o.name), "%s", name);
	snprintf(o.level, sizeof(o.level), "%s", level);
	fz_err_clear(&e);
	rc = store_write(s, org_write, &o, &e);
	store_close(s);
	if (rc)
		return fz_cmd_fail("org", FZ_EXIT_FAIL, "%s", e.msg);
	printf("%lld\n", (long long)o.id);
	return FZ_EXIT_OK;
}

static int print_org(const struct store_org *o, void *arg)
{
	const char *p;
	int depth = 0;

	(void)arg;
	for (p = o->path + 1; *p; p++)
		depth += *p == '/';
	printf("%*s%lld\t%s\t%s\n", (depth - 1) * 2, "", (long long)o->id,
	       o->level, o->name);
	return 0;
}

static int org_list(int argc, char **argv)
{
	const char *db = NULL;
	struct fz_opt opts[] = {{"--db", &db, NULL}, {NULL, NULL, NULL}};
	struct store_conn *c;
	struct store *s;
	struct fz_err e;
	int rc;

	rc = fz_opts_parse("org", argc, argv, 2, opts, NULL, 0);
	if (!rc)
		rc = fz_opt_required("org", "--db", db);
	if (rc || (rc = fz_open_store("org", db, &s)))
		return rc;
	c = store_rd_acquire(s);
	rc = store_org_list(c, 0, print_org, NULL, &e);
	store_rd_release(s, c);
	store_close(s);
	return rc ? fz_cmd_fail("org", FZ_EXIT_FAIL, "%s", e.msg) : 0;
}

int cmd_org(int argc, char **argv)
{
	static const struct fz_subcmd subs[] = {
	    {"add", org_add}, {"list", org_list}, {NULL, NULL}};

	return fz_cmd_dispatch("org", subs, argc, argv);
}
