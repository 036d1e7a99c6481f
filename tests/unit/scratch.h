/*
 * scratch.h - a unit test's scratch folder: scratch_make() in the group
 * setup makes /tmp/fz-test-NAME-XXXXXX, scratch_path() names a file in it,
 * scratch_remove() (the group teardown) removes it with all inside. And
 * count_entries(), the entries of a folder. Include after <cmocka.h>.
 */
#ifndef FZ_TEST_SCRATCH_H
#define FZ_TEST_SCRATCH_H

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char scratch_dir[256];

static inline int scratch_make(const char *name)
{
	snprintf(scratch_dir, sizeof(scratch_dir), "/tmp/fz-test-%s-XXXXXX",
		 name);
	return mkdtemp(scratch_dir) ? 0 : -1;
}

static inline int scratch_remove(void **state)
{
	char cmd[512];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", scratch_dir);
	return system(cmd) == 0 ? 0 : -1;
}

static inline void scratch_path(char *out, size_t n, const char *name)
{
	snprintf(out, n, "%s/%s", scratch_dir, name);
}

/* Entries of a folder, "." and ".." left out. */
static inline int count_entries(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *de;
	int n = 0;

	assert_non_null(d);
	while ((de = readdir(d)))
		n += strcmp(de->d_name, ".") && strcmp(de->d_name, "..");
	closedir(d);
	return n;
}

#endif
