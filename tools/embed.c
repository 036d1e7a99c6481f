/*
 * embed.c - build-time generator: writes a C file holding the bytes of the
 * given files, keyed by their path relative to the source root.
 *
 * usage: fz_embed OUT.c SOURCE_ROOT [--dir DIR PREFIX]... FILE...
 *
 * The output defines fz_embedded_files[] and fz_embedded_count as declared in
 * src/lib/embedded.h, sorted by key. Each file's bytes are followed by a NUL
 * so text files can be used as C strings; len excludes it. `--dir DIR
 * PREFIX` adds every file under DIR (recursively, dot files skipped) as
 * PREFIX/relative-path: the web interface, whose file names the build
 * makes up (hashed), comes in this way from the build directory.
 *
 * The bytes are written as string literals (printable ASCII as is, the rest
 * as three-digit octal escapes): compilers read those far faster than
 * arrays of numbers, which matters for the megabytes of the web bundle.
 * Written by hand because the alternatives (xxd, ld -b binary) are not on
 * every build machine or do not carry the path.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct entry {
	char *path; /* to read */
	char *key;  /* in the table */
};

static struct entry *entries;
static size_t nentries, capentries;

static char *dup_str(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = malloc(n);

	if (!p) {
		fprintf(stderr, "fz_embed: out of memory\n");
		exit(1);
	}
	return memcpy(p, s, n);
}

static char *join(const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b);
	char *p = malloc(na + nb + 2);

	if (!p) {
		fprintf(stderr, "fz_embed: out of memory\n");
		exit(1);
	}
	memcpy(p, a, na);
	p[na] = '/';
	memcpy(p + na + 1, b, nb + 1);
	return p;
}

static void add_entry(char *path, char *key)
{
	if (nentries == capentries) {
		capentries = capentries ? capentries * 2 : 256;
		entries = realloc(entries, capentries * sizeof(*entries));
		if (!entries) {
			fprintf(stderr, "fz_embed: out of memory\n");
			exit(1);
		}
	}
	entries[nentries].path = path;
	entries[nentries].key = key;
	nentries++;
}

/* Every regular file under dir as prefix/name, recursively. */
static int add_dir(const char *dir, const char *prefix, int depth)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	struct stat st;
	int rc = 0;

	if (!d || depth > 16) {
		fprintf(stderr, "fz_embed: cannot read directory %s\n", dir);
		if (d)
			closedir(d);
		return 1;
	}
	while (!rc && (de = readdir(d)) != NULL) {
		char *path, *key;
		if (de->d_name[0] == '.')
			continue;
		path = join(dir, de->d_name);
		key = join(prefix, de->d_name);
		if (stat(path, &st) != 0) {
			fprintf(stderr, "fz_embed: cannot stat %s\n", path);
			rc = 1;
		} else if (S_ISDIR(st.st_mode)) {
			rc = add_dir(path, key, depth + 1);
		} else if (S_ISREG(st.st_mode)) {
			add_entry(path, key);
			continue;
		}
		free(path);
		free(key);
	}
	closedir(d);
	return rc;
}

static int emit_file(FILE *out, const char *path, size_t idx)
{
	FILE *in = fopen(path, "rb");
	int c, col = 0;

	if (!in) {
		fprintf(stderr, "fz_embed: cannot open %s\n", path);
		return 1;
	}
	fprintf(out, "static const unsigned char f%zu[] =\n\"", idx);
	while ((c = fgetc(in)) != EOF) {
		if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\' &&
		    c != '?') {
			fputc(c, out);
			col++;
		} else {
			fprintf(out, "\\%03o", (unsigned)c);
			col += 4;
		}
		if (col >= 76) {
			fputs("\"\n\"", out);
			col = 0;
		}
	}
	fputs("\";\n", out);
	fclose(in);
	return 0;
}

static int by_key(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->key,
		      ((const struct entry *)b)->key);
}

static int parse_args(int argc, char **argv)
{
	size_t rootlen = strlen(argv[2]);
	int i;

	for (i = 3; i < argc; i++) {
		const char *p = argv[i];
		if (strcmp(p, "--dir") == 0) {
			if (i + 2 >= argc) {
				fprintf(stderr, "fz_embed: --dir DIR PREFIX\n");
				return 2;
			}
			if (add_dir(argv[i + 1], argv[i + 2], 0))
				return 1;
			i += 2;
			continue;
		}
		add_entry(dup_str(p),
			  dup_str(strncmp(p, argv[2], rootlen) == 0
				      ? p + rootlen + (p[rootlen] == '/')
				      : p));
	}
	return 0;
}

int main(int argc, char **argv)
{
	FILE *out;
	size_t i;
	int rc;

	if (argc < 3) {
		fprintf(stderr, "usage: fz_embed OUT.c SOURCE_ROOT "
				"[--dir DIR PREFIX]... FILE...\n");
		return 2;
	}
	if ((rc = parse_args(argc, argv)) != 0)
		return rc;
	qsort(entries, nentries, sizeof(*entries), by_key);
	for (i = 1; i < nentries; i++)
		if (strcmp(entries[i - 1].key, entries[i].key) == 0) {
			fprintf(stderr, "fz_embed: %s given twice\n",
				entries[i].key);
			return 1;
		}
	out = fopen(argv[1], "w");
	if (!out)
		return 1;
	fprintf(out, "#include \"lib/embedded.h\"\n");
	for (i = 0; i < nentries; i++)
		if (emit_file(out, entries[i].path, i))
			return 1;
	fprintf(out, "const struct fz_embedded fz_embedded_files[] = {\n");
	for (i = 0; i < nentries; i++)
		fprintf(out, "{\"%s\", f%zu, sizeof(f%zu) - 1},\n",
			entries[i].key, i, i);
	fprintf(out, "{0, 0, 0}};\nconst size_t fz_embedded_count = %zu;\n",
		nentries);
	return fclose(out) ? 1 : 0;
}
