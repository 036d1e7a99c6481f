/*
 * cmd.h - the subcommands of the fazhi binary, one file each in src/cmd/
 * (in the manner of git's builtin/). src/main.c holds the table.
 *
 * Each command is `int cmd_<name>(int argc, char **argv)`, where argv[0] is
 * the command's own name. It returns FZ_EXIT_OK (0) on success,
 * FZ_EXIT_FAIL (1) for a failure at run time and FZ_EXIT_USAGE (2) for a
 * usage error, after printing exactly one line to stderr that names what is
 * wrong ("fazhi deadline: --from: '2024-02-30' is not a date"). `--help`
 * anywhere prints the command's usage to stdout and returns 0.
 */
#ifndef FZ_CMD_H
#define FZ_CMD_H

enum { FZ_EXIT_OK = 0, FZ_EXIT_FAIL = 1, FZ_EXIT_USAGE = 2 };

struct fz_command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary; /* one line, for `fazhi help` */
	const char *usage;   /* full usage text, for --help */
};

/* The table, terminated by a {NULL} entry; defined in src/cmd/table.c. */
extern const struct fz_command fz_commands[];
const struct fz_command *fz_command_find(const char *name);

/* Shared helpers for commands (src/cmd/common.c). */
/* True if argv contains --help or -h. */
int fz_cmd_wants_help(int argc, char **argv);
/* Print usage of cmd to stdout and return FZ_EXIT_OK. */
int fz_cmd_help(const char *name);
/* Print "fazhi NAME: message" to stderr and return code. */
int fz_cmd_fail(const char *name, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

int cmd_version(int argc, char **argv);
int cmd_help(int argc, char **argv);
int cmd_init(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_org(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_backup(int argc, char **argv);
int cmd_restore(int argc, char **argv);
int cmd_calendar(int argc, char **argv);
int cmd_deadline(int argc, char **argv);
int cmd_rules(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_indicators(int argc, char **argv);
int cmd_figures(int argc, char **argv);
int cmd_demo(int argc, char **argv);

#endif
