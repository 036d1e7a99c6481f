/*
 * embed.c - build-time generator: writes a C file holding the bytes of the
 * given files, keyed by their path relative to the source root.
 *
 * usage: fz_embed OUT.c SOURCE_ROOT FILE...
 *
 * The output defines fz_embedded_files[] and fz_embedded_count as declared in
 * src/lib/embedded.h. Each file's bytes are followed by a NUL so text files
 * can be used as C strings; len excludes it. Written by hand because the
 * alternatives (xxd, ld -b binary) are not on every build machine or do not
 * carry the path.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int emit_file(FILE *out, const char *path, int idx)
{
	FILE *in = fopen(path, "rb");
	int c, col = 0;
	long n = 0;

	if (!in) {
		fprintf(stderr, "fz_embed: cannot open %s\n", path);
		return 1;
	}
	fprintf(out, "static const unsigned char f%d[] = {", idx);
	while ((c = fgetc(in)) != EOF) {
		fprintf(out, "%s%d,", col == 0 ? "\n" : "", c);
		col = (col + 1) % 24;
		n++;
	}
	fprintf(out, "0};\n");
	fclose(in);
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int main(int argc, char **argv)
{
	FILE *out;
	size_t rootlen;
	int i, nfiles;

	if (argc < 3) {
		fprintf(stderr, "usage: fz_embed OUT.c SOURCE_ROOT FILE...\n");
		return 2;
	}
	rootlen = strlen(argv[2]);
	nfiles = argc - 3;
	qsort(argv + 3, (size_t)nfiles, sizeof(char *), by_name);
	out = fopen(argv[1], "w");
	if (!out)
		return 1;
	fprintf(out, "#include \"lib/embedded.h\"\n");
	for (i = 0; i < nfiles; i++)
		if (emit_file(out, argv[3 + i], i))
			return 1;
	fprintf(out, "const struct fz_embedded fz_embedded_files[] = {\n");
	for (i = 0; i < nfiles; i++) {
		const char *p = argv[3 + i];
		const char *rel = strncmp(p, argv[2], rootlen) == 0
				      ? p + rootlen + (p[rootlen] == '/')
				      : p;
		fprintf(out, "{\"%s\", f%d, sizeof(f%d) - 1},\n", rel, i, i);
	}
	fprintf(out, "{0, 0, 0}};\nconst size_t fz_embedded_count = %d;\n",
		nfiles);
	return fclose(out) ? 1 : 0;
}
