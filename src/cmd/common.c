/*
 * common.c - see common.h and cmd.h.
 */
#include "common.h"

#include "admin/legaltime.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

int fz_cmd_wants_help(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++)
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
			return 1;
	return 0;
}

int fz_cmd_help(const char *name)
{
	const struct fz_command *c = fz_command_find(name);

	if (!c)
		return FZ_EXIT_USAGE;
	printf("%s\n", c->usage);
	return FZ_EXIT_OK;
}

int fz_cmd_dispatch(const char *cmd, const struct fz_subcmd *subs, int argc,
		    char **argv)
{
	char names[256] = "";
	size_t i, n = 0;

	if (fz_cmd_wants_help(argc, argv))
		return fz_cmd_help(cmd);
	for (i = 0; argc >= 2 && subs[i].name; i++)
		if (!strcmp(argv[1], subs[i].name))
			return subs[i].run(argc, argv);
	for (i = 0; subs[i].name; i++)
		n += (size_t)snprintf(names + n,
				      n < sizeof(names) ? sizeof(names) - n : 0,
				      "%s%s",
				      i == 0		 ? ""
				      : subs[i + 1].name ? ", "
							 : " or ",
				      subs[i].name);
	if (argc < 2)
		return fz_cmd_fail(cmd, FZ_EXIT_USAGE, "needs a subcommand: %s",
				   names);
	return fz_cmd_fail(cmd, FZ_EXIT_USAGE, "no subcommand '%s' (%s)",
			   argv[1], names);
}

int fz_cmd_fail(const char *name, int code, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "fazhi %s: ", name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return code;
}

static const struct fz_opt *find_opt(const struct fz_opt *opts, const char *arg,
				     size_t len)
{
	for (; opts->name; opts++)
		if (strlen(opts->name) == len && !strncmp(opts->name, arg, len))
			return opts;
	return NULL;
}

int fz_opts_parse(const char *cmd, int argc, char **argv, int first,
		  const struct fz_opt *opts, const char **pos, int npos)
{
	int i, np = 0;

	for (i = first; i < argc; i++) {
		const char *a = argv[i], *eq = strchr(a, '=');
		size_t len = eq && a[0] == '-' ? (size_t)(eq - a) : strlen(a);
		const struct fz_opt *o;

		if (a[0] != '-' || a[1] == '\0') {
			if (np >= npos)
				return fz_cmd_fail(cmd, FZ_EXIT_USAGE,
						   "unexpected argument '%s'",
						   a);
			pos[np++] = a;
			continue;
		}
		o = find_opt(opts, a, len);
		if (!o)
			return fz_cmd_fail(cmd, FZ_EXIT_USAGE,
					   "unknown option '%.*s' (see fazhi "
					   "help %s)",
					   (int)len, a, cmd);
		if (o->flag) {
			*o->flag = 1;
		} else if (eq) {
			*o->val = eq + 1;
		} else if (i + 1 < argc) {
			*o->val = argv[++i];
		} else {
			return fz_cmd_fail(cmd, FZ_EXIT_USAGE,
					   "%s: needs a value", o->name);
		}
	}
	return 0;
}

int fz_opt_required(const char *cmd, const char *name, const char *val)
{
	if (!val || !*val)
		return fz_cmd_fail(cmd, FZ_EXIT_USAGE, "%s is required", name);
	return 0;
}

int fz_opt_int(const char *cmd, const char *name, const char *val, int64_t min,
	       int64_t max, int64_t *out)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(val, &end, 10);
	if (errno || *end || end == val || v < min || v > max)
		return fz_cmd_fail(cmd, FZ_EXIT_USAGE,
				   "%s: '%s' is not an integer from %lld to "
				   "%lld",
				   name, val, (long long)min, (long long)max);
	*out = v;
	return 0;
}

static int read_line(char *out, size_t n)
{
	size_t len;

	if (!fgets(out, (int)n, stdin))
		return -1;
	len = strlen(out);
	while (len && (out[len - 1] == '\n' || out[len - 1] == '\r'))
		out[--len] = '\0';
	return 0;
}

static int prompt(const char *text, char *out, size_t n)
{
	struct termios old, quiet;
	int rc;

	fprintf(stderr, "%s", text);
	tcgetattr(STDIN_FILENO, &old);
	quiet = old;
	quiet.c_lflag &= ~(tcflag_t)ECHO;
	tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
	rc = read_line(out, n);
	tcsetattr(STDIN_FILENO, TCSANOW, &old);
	fputc('\n', stderr);
	return rc;
}

int fz_read_password(const char *cmd, char *out, size_t n)
{
	char again[256];

	if (!isatty(STDIN_FILENO)) {
		if (read_line(out, n) || !out[0])
			return fz_cmd_fail(cmd, FZ_EXIT_USAGE,
					   "password: expected one line on "
					   "stdin");
		return 0;
	}
	if (prompt("密码 (password): ", out, n) ||
	    prompt("再次输入 (again): ", again, sizeof(again)))
		return fz_cmd_fail(cmd, FZ_EXIT_USAGE, "password: not read");
	if (strcmp(out, again) != 0)
		return fz_cmd_fail(cmd, FZ_EXIT_USAGE,
				   "password: the two entries differ");
	return 0;
}

int fz_open_store(const char *cmd, const char *db, struct store **out)
{
	struct fz_err e;

	fz_err_clear(&e);
	if (store_open(out, db, STORE_SERVE, &e))
		return fz_cmd_fail(cmd, FZ_EXIT_FAIL, "%s", e.msg);
	return 0;
}

int fz_kinds_load(const char *cmd, const char *dir, struct fz_kinds *k)
{
	struct fz_err e;

	kind_registry_init(&k->reg);
	rules_table_init(&k->rules);
	fz_err_clear(&e);
	if (lt_rules_embedded(&k->rules, &e) ||
	    kind_registry_load(&k->reg, dir, &k->rules, &e))
		return fz_cmd_fail(cmd, FZ_EXIT_FAIL, "%s", e.msg);
	return 0;
}

void fz_kinds_release(struct fz_kinds *k)
{
	kind_registry_release(&k->reg);
	rules_table_release(&k->rules);
}

int fz_load_calendar(const char *cmd, const char *db, struct cal_calendar *c)
{
	struct store_conn *conn = NULL;
	struct store *s = NULL;
	struct fz_err e;
	int rc;

	if (db && (rc = fz_open_store(cmd, db, &s)))
		return rc;
	if (s)
		conn = store_rd_acquire(s);
	fz_err_clear(&e);
	rc = lt_calendar_load(conn, c, &e);
	if (s) {
		store_rd_release(s, conn);
		store_close(s);
	}
	return rc ? fz_cmd_fail(cmd, FZ_EXIT_FAIL, "%s", e.msg) : 0;
}
