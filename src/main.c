/*
 * main.c - fazhi's entry point: find the command in the table and run it.
 */
#include "cmd/cmd.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
	const struct fz_command *c;

	if (sodium_init() < 0) {
		fprintf(stderr, "fazhi: libsodium failed to start\n");
		return FZ_EXIT_FAIL;
	}
	if (argc < 2)
		return cmd_help(1, argv) ? FZ_EXIT_FAIL : FZ_EXIT_USAGE;
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
		return cmd_help(1, argv);
	if (!strcmp(argv[1], "--version"))
		return cmd_version(1, argv);
	c = fz_command_find(argv[1]);
	if (!c) {
		fprintf(stderr, "fazhi: '%s' is not a command (fazhi help)\n",
			argv[1]);
		return FZ_EXIT_USAGE;
	}
	return c->fn(argc - 1, argv + 1);
}
