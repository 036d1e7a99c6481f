/*
 * internal.h - what the files of src/docx/ share and nobody else sees.
 *
 * A template is a list of parts (zip entries). Parts that may hold
 * placeholders (word/document.xml, headers, footers, foot- and endnotes)
 * are normalised at load time (normalize.c: every placeholder moved into
 * one <w:t>) and compiled (compile.c) into a sorted list of events: the
 * byte spans of the part that rendering replaces. fill.c walks the events
 * with the data; everything between events is copied verbatim. package.c
 * reads and writes zips with libzip (embedded templates are found with
 * lib/embedded.h fz_embedded_under(), in docx.c).
 *
 * Events, in the order of their start byte:
 *   VAR     {{name}} or {{name|filter}}: replaced by the value
 *   OPEN    {{#name}}, CLOSE {{/name}}: block markers, print nothing
 *   REPEAT  the bytes a paragraph-level block repeats (whole paragraphs,
 *           or table rows); its events follow it up to body_end
 *   DROP    a paragraph holding nothing but a block marker: removed
 * An inline block (both markers in one paragraph, text around them)
 * repeats the bytes between its markers; it has no REPEAT event.
 */
#ifndef FZ_DOCX_INTERNAL_H
#define FZ_DOCX_INTERNAL_H

#include "docx/docx.h"
#include "lib/buf.h"
#include "lib/err.h"

#include <stddef.h>

#define DOCX_MAX_NAME	 64   /* characters of a field name */
#define DOCX_MAX_DEPTH	 16   /* nested blocks */
#define DOCX_MAX_BLOCKS	 1000 /* blocks in one part */
#define DOCX_PART_CAP	 (32u << 20)
#define DOCX_FILE_CAP	 (16u << 20) /* a template file on disk */
#define DOCX_MAX_ENTRIES 1000

enum docx_ev_type {
	DOCX_EV_VAR,
	DOCX_EV_OPEN,
	DOCX_EV_CLOSE,
	DOCX_EV_REPEAT,
	DOCX_EV_DROP
};

struct docx_ev {
	enum docx_ev_type type;
	size_t start, end; /* bytes of the part this event replaces */
	char *name;	   /* VAR, OPEN, CLOSE: the field path (owned) */
	char *filter;	   /* VAR: the filter or NULL (owned) */
	unsigned line;
	size_t block; /* OPEN, CLOSE, REPEAT: index into blocks */
	size_t seq;   /* creation order: ties when sorting */
	size_t tok;   /* compile time only: the text token */
	/* VAR: a value with line breaks starts new paragraphs copying these
	 * paragraph and run properties (para_split), else gets <w:br/>. */
	int para_split;
	size_t ppr_start, ppr_end, rpr_start, rpr_end;
};

struct docx_block {
	int is_inline;
	size_t open, close, repeat; /* event indices (after sorting) */
	size_t body_end;	    /* REPEAT: first event past the range */
	size_t rs, re;		    /* REPEAT: the bytes repeated */
	size_t parent;		    /* enclosing block or DOCX_NONE */
};

struct docx_fill {
	struct docx_ev *ev;
	size_t nev, evalloc;
	struct docx_block *blk;
	size_t nblk, blkalloc;
};

struct docx_part {
	char *name;
	char *data;
	size_t len;
	struct docx_fill *fill; /* NULL: copied as it is */
};

struct docx_template {
	struct docx_part *parts;
	size_t n, alloc;
};

/* Next "{{...}}" in s[from, n): 1 and its span [*ps, *pe), 0 if none, -1
 * if a "{{" has no "}}" before the next "{{" or the end. */
int docx_scan_tag(const char *s, size_t n, size_t from, size_t *ps, size_t *pe);

int docx_normalize(const char *part, const char *src, size_t len,
		   struct fz_buf *out, struct fz_err *e);
int docx_compile(const char *part, const char *src, size_t len,
		 struct docx_fill *f, struct fz_err *e);
void docx_fill_release(struct docx_fill *f);
int docx_fill_part(const struct docx_part *p, const json_t *data,
		   const struct docx_opts *opts, struct fz_buf *out,
		   struct fz_err *e);

int docx_filter_known(const char *name);

struct docx_entry {
	const char *name;
	const char *data;
	size_t len;
};
typedef int (*docx_entry_fn)(void *arg, const char *name, const char *data,
			     size_t len, struct fz_err *e);
/* Write the entries as a zip (deflate), [Content_Types].xml first. */
int docx_zip_write(const struct docx_entry *ents, size_t n, struct fz_buf *out,
		   struct fz_err *e);
/* Call fn for each file of the zip (or only the one named only). */
int docx_zip_read(const void *data, size_t len, const char *only,
		  docx_entry_fn fn, void *arg, struct fz_err *e);

#endif
