/*
 * common.h - option parsing and password input shared by the commands.
 *
 *   const char *db = NULL; int demo = 0;
 *   struct fz_opt opts[] = {{"--db", &db, NULL}, {"--demo", NULL, &demo},
 *                           {NULL}};
 *   rc = fz_opts_parse("init", argc, argv, 1, opts, NULL, 0);
 *
 * An option with `val` takes a value ("--db PATH" or "--db=PATH"); one
 * with `flag` is a switch. Positional arguments go to pos[] (at most npos);
 * anything else is a usage error (one line, exit code 2).
 */
#ifndef FZ_CMD_COMMON_H
#define FZ_CMD_COMMON_H

#include "calendar/calendar.h"
#include "cmd/cmd.h"
#include "kinds/kind.h"
#include "store/store.h"

#include <stddef.h>
#include <stdint.h>

struct fz_opt {
	const char *name;
	const char **val;
	int *flag;
};

int fz_opts_parse(const char *cmd, int argc, char **argv, int first,
		  const struct fz_opt *opts, const char **pos, int npos);
/* A required option: usage error naming it when NULL. */
int fz_opt_required(const char *cmd, const char *name, const char *val);
/* Parse a positive integer option value. */
int fz_opt_int(const char *cmd, const char *name, const char *val, int64_t min,
	       int64_t max, int64_t *out);
/* Read a password: prompt twice with echo off on a terminal, else one line
 * from stdin. Never from argv. */
int fz_read_password(const char *cmd, char *out, size_t n);
/* A subcommand: `fazhi CMD NAME ...` runs run(argc, argv), argv[1] NAME. */
struct fz_subcmd {
	const char *name;
	int (*run)(int argc, char **argv);
};
/* --help, or the subcommand argv[1] names in subs (ended by {NULL}); a
 * usage error listing them when argv[1] is absent or unknown. */
int fz_cmd_dispatch(const char *cmd, const struct fz_subcmd *subs, int argc,
		    char **argv);
/* The built-in calendar, with the years imported into db over it when db
 * is not NULL (exit code on failure, message printed). */
int fz_load_calendar(const char *cmd, const char *db, struct cal_calendar *c);
/* Open the store of an existing database for a command (exit code on
 * failure, message printed). */
int fz_open_store(const char *cmd, const char *db, struct store **out);

/* The kinds of work (embedded, then those of dir when not NULL) and the
 * rule table they name, for a command; released with fz_kinds_release
 * (also after a failure: exit code, message printed). */
struct fz_kinds {
	struct kind_registry reg;
	struct rules_table rules;
};
int fz_kinds_load(const char *cmd, const char *dir, struct fz_kinds *k);
void fz_kinds_release(struct fz_kinds *k);

#endif
