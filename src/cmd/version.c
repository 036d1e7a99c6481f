/*
 * version.c - `fazhi version` and `fazhi help`.
 */
#include "cmd/cmd.h"
#include "store/store.h"

#include <sqlite3.h>
#include <stdio.h>

int cmd_version(int argc, char **argv)
{
	if (fz_cmd_wants_help(argc, argv))
		return fz_cmd_help("version");
	printf("fazhi %s (schema %d, SQLite %s)\n", FZ_VERSION,
	       store_schema_version(), sqlite3_libversion());
	return FZ_EXIT_OK;
}

int cmd_help(int argc, char **argv)
{
	const struct fz_command *c;

	if (argc > 1) {
		if (!fz_command_find(argv[1]))
			return fz_cmd_fail("help", FZ_EXIT_USAGE,
					   "no command '%s'", argv[1]);
		return fz_cmd_help(argv[1]);
	}
	printf("usage: fazhi COMMAND [OPTIONS]   (fazhi help COMMAND)\n\n");
	for (c = fz_commands; c->name; c++)
		printf("  %-10s %s\n", c->name, c->summary);
	return FZ_EXIT_OK;
}
