/*
 * docx.c - templates: loading (embedded directory, file, memory), export,
 * rendering. The public contract is docx.h; the pieces are:
 *
 *   xml.c        a tokenizer over one part (tags matched, nothing decoded)
 *   normalize.c  placeholders split across runs merged into one <w:t>
 *   compile.c    placeholders to events; blocks placed and checked
 *   fill.c       events plus JSON data to the filled part
 *   filter.c     date, yuan, wan, mask...
 *   package.c    zip in and out (libzip), docx_text()
 *
 * Why no XML library. libxml2 would parse and serialise the parts, but
 * the engine needs neither a tree it can edit nor namespaces resolved: it
 * needs to know, for a byte of text, which <w:t>, run and paragraph hold
 * it, and to copy everything else byte for byte. A tokenizer that matches
 * tags gives exactly that in 300 lines, keeps the organisation's XML
 * untouched outside the placeholders (libxml2 would rewrite namespace
 * declarations, quotes and the XML declaration), and adds no dependency
 * or global parser state. WordprocessingML is machine-written and
 * regular: no DTDs, no entities beyond the five, no mixed namespaces for
 * the elements the engine reads.
 *
 * A template owns its parts: name, bytes (normalised for the parts that
 * take placeholders) and the compiled events. It is immutable once loaded.
 */
#include "docx/docx.h"
#include "docx/internal.h"

#include "lib/embedded.h"
#include "lib/xalloc.h"

#include <stdlib.h>
#include <string.h>

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* Parts where placeholders are filled. */
static int takes_placeholders(const char *name)
{
	const char *rest;

	if (strcmp(name, "word/document.xml") == 0 ||
	    strcmp(name, "word/footnotes.xml") == 0 ||
	    strcmp(name, "word/endnotes.xml") == 0)
		return 1;
	if (strncmp(name, "word/header", 11) == 0)
		rest = name + 11;
	else if (strncmp(name, "word/footer", 11) == 0)
		rest = name + 11;
	else
		return 0;
	return !strchr(rest, '/') && ends_with(rest, ".xml");
}

void docx_template_free(struct docx_template *t)
{
	size_t i;

	if (!t)
		return;
	for (i = 0; i < t->n; i++) {
		free(t->parts[i].name);
		free(t->parts[i].data);
		if (t->parts[i].fill)
			docx_fill_release(t->parts[i].fill);
		free(t->parts[i].fill);
	}
	free(t->parts);
	free(t);
}

static struct docx_part *find_part(const struct docx_template *t,
				   const char *name)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (strcmp(t->parts[i].name, name) == 0)
			return &t->parts[i];
	return NULL;
}

static int compile_part(struct docx_part *p, const char *data, size_t len,
			struct fz_err *e)
{
	struct fz_buf b = FZ_BUF_INIT(DOCX_PART_CAP);
	int rc = docx_normalize(p->name, data, len, &b, e);

	if (rc == FZ_ETOOBIG)
		fz_err_set(e, rc, NULL, "%s: too large", p->name);
	if (rc) {
		fz_buf_release(&b);
		return rc;
	}
	p->data = fz_buf_detach(&b, &p->len);
	p->fill = fz_xcalloc(1, sizeof(*p->fill));
	return docx_compile(p->name, p->data, p->len, p->fill, e);
}

/* docx_entry_fn: one part into the template (arg). */
static int add_part(void *arg, const char *name, const char *data, size_t len,
		    struct fz_err *e)
{
	struct docx_template *t = arg;
	struct docx_part *p;

	if (find_part(t, name))
		return fz_err_set(e, FZ_EINVAL, NULL, "%s: twice in the file",
				  name);
	t->parts = fz_xgrow(t->parts, t->n, &t->alloc, sizeof(*t->parts), 16);
	p = &t->parts[t->n++];
	memset(p, 0, sizeof(*p));
	p->name = fz_xstrdup(name);
	if (takes_placeholders(name))
		return compile_part(p, data, len, e);
	p->data = fz_xmalloc(len + 1);
	memcpy(p->data, data, len);
	p->data[len] = '\0';
	p->len = len;
	return 0;
}

static int check_complete(const struct docx_template *t, struct fz_err *e)
{
	if (!find_part(t, "word/document.xml"))
		return fz_err_set(e, FZ_EINVAL, NULL,
				  "not a Word document: no word/document.xml");
	if (!find_part(t, "[Content_Types].xml"))
		return fz_err_set(
		    e, FZ_EINVAL, NULL,
		    "not a Word document: no [Content_Types].xml");
	return 0;
}

static int finish(struct docx_template **out, struct docx_template *t, int rc,
		  struct fz_err *e)
{
	if (!rc)
		rc = check_complete(t, e);
	if (rc) {
		docx_template_free(t);
		return rc;
	}
	*out = t;
	return 0;
}

static int valid_template_name(const char *name)
{
	const char *p;

	if (!*name || strlen(name) > 64)
		return 0;
	for (p = name; *p; p++)
		if (!strchr("abcdefghijklmnopqrstuvwxyz"
			    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-",
			    *p))
			return 0;
	return 1;
}

int docx_template_load_embedded(struct docx_template **t, const char *name,
				struct fz_err *e)
{
	struct docx_template *tp;
	struct fz_buf prefix = FZ_BUF_INIT(256);
	size_t first, count, i;
	int rc = 0;

	if (!valid_template_name(name))
		return fz_err_set(e, FZ_EINVAL, "template",
				  "bad template name '%.64s'", name);
	fz_buf_addf(&prefix, "data/templates/%s/", name);
	fz_embedded_under(prefix.data, &first, &count);
	if (!count) {
		fz_buf_release(&prefix);
		return fz_err_set(e, FZ_ENOTFOUND, "template",
				  "no built-in template '%s'", name);
	}
	tp = fz_xcalloc(1, sizeof(*tp));
	for (i = first; i < first + count && !rc; i++) {
		const struct fz_embedded *f = &fz_embedded_files[i];
		rc = add_part(tp, f->path + prefix.len, (const char *)f->data,
			      f->len, e);
	}
	fz_buf_release(&prefix);
	return finish(t, tp, rc, e);
}

int docx_template_load_mem(struct docx_template **t, const void *data,
			   size_t len, struct fz_err *e)
{
	struct docx_template *tp = fz_xcalloc(1, sizeof(*tp));
	int rc = docx_zip_read(data, len, NULL, add_part, tp, e);

	return finish(t, tp, rc, e);
}

int docx_template_load_file(struct docx_template **t, const char *path,
			    struct fz_err *e)
{
	struct fz_buf b = FZ_BUF_INIT(DOCX_FILE_CAP);
	int rc = fz_buf_read_file(&b, path, e);

	if (!rc)
		rc = docx_template_load_mem(t, b.data ? b.data : "", b.len, e);
	fz_buf_release(&b);
	return rc;
}

int docx_template_export(const struct docx_template *t, struct fz_buf *out,
			 struct fz_err *e)
{
	struct docx_entry *ents = fz_xcalloc(t->n + 1, sizeof(*ents));
	size_t i;
	int rc;

	for (i = 0; i < t->n; i++) {
		ents[i].name = t->parts[i].name;
		ents[i].data = t->parts[i].data;
		ents[i].len = t->parts[i].len;
	}
	rc = docx_zip_write(ents, t->n, out, e);
	free(ents);
	return rc;
}

static int fill_parts(const struct docx_template *t, const json_t *data,
		      const struct docx_opts *opts, struct fz_buf *filled,
		      struct docx_entry *ents, struct fz_err *e)
{
	size_t i;
	int rc;

	for (i = 0; i < t->n; i++) {
		const struct docx_part *p = &t->parts[i];
		ents[i].name = p->name;
		ents[i].data = p->data;
		ents[i].len = p->len;
		if (!p->fill)
			continue;
		fz_buf_init(&filled[i], DOCX_PART_CAP);
		rc = docx_fill_part(p, data, opts, &filled[i], e);
		if (rc)
			return rc;
		ents[i].data = filled[i].data ? filled[i].data : "";
		ents[i].len = filled[i].len;
	}
	return 0;
}

int docx_render(const struct docx_template *t, const json_t *data,
		const struct docx_opts *opts, struct fz_buf *out,
		struct fz_err *e)
{
	struct docx_entry *ents;
	struct fz_buf *filled;
	size_t i;
	int rc;

	if (!json_is_object(data))
		return fz_err_set(e, FZ_EINVAL, NULL,
				  "document data must be an object");
	ents = fz_xcalloc(t->n + 1, sizeof(*ents));
	filled = fz_xcalloc(t->n + 1, sizeof(*filled));
	rc = fill_parts(t, data, opts, filled, ents, e);
	if (!rc)
		rc = docx_zip_write(ents, t->n, out, e);
	for (i = 0; i < t->n; i++)
		fz_buf_release(&filled[i]);
	free(filled);
	free(ents);
	return rc;
}
