/*
 * docx.h - documents from records: a DOCX template filled with JSON data.
 *
 * A template is an ordinary .docx (a zip of XML parts) with placeholders
 * in its text. The built-in ones live as directories of parts under
 * data/templates/<name>/ (readable in git, embedded in the binary); an
 * organisation replaces one by giving its own .docx, typically the
 * built-in one exported, edited in Word or WPS, and uploaded.
 *
 *   struct docx_template *t;
 *   rc = docx_template_load_embedded(&t, "reply_letter", e);
 *   rc = docx_render(t, data, NULL, &out, e);    out: the .docx bytes
 *   docx_template_free(t);
 *
 * Placeholders (in word/document.xml, headers, footers, foot/endnotes):
 *   {{field}}           the value of data.field (a dotted path a.b works)
 *   {{field|filter}}    through a filter: date, cn_date (2024-01-23 →
 *                       2024年1月23日), yuan (12,345.00元), wan (1.23万元),
 *                       mask (ID number, phone or name, guessed), mask_name,
 *                       mask_id, mask_phone, mask_address (lib/mask.h)
 *   {{#list}} ... {{/list}}   repeated once per element of the array
 *                       data.list; inside, {{.x}} is the element's field x
 *                       and {{.}} the element itself. An object renders
 *                       once, true once, false or null not at all.
 * A block either lies inside one paragraph with text around it (the bytes
 * between the markers repeat) or takes whole paragraphs: it opens at the
 * start of a paragraph and closes at the end of one, and those paragraphs
 * repeat (table rows when they lie in one row); a paragraph holding only a
 * marker disappears. Word's splitting of text into runs is undone at load
 * time (see docs/internals/docx.md).
 *
 * Values: strings as they are, numbers in decimal, booleans 是/否, null as
 * opts->missing (default: nothing). Every value is XML-escaped; a line
 * break in a value starts a new paragraph with the same formatting.
 *
 * Errors (FZ_EINVAL, the message "PART:LINE: ..." and e->field the
 * placeholder's name): at load, a file that is not a zip or lacks
 * word/document.xml or [Content_Types].xml, malformed XML, a bad
 * placeholder, an unknown filter, a block not closed or badly placed; at
 * render, a field absent from the data ("unknown field 'aplicant'"), a
 * value a filter refuses, a list where a value is expected. The keys of
 * the data object are the fields a template may use: render a template
 * once with every key null to check an organisation's upload.
 *
 * Memory: a template is immutable once loaded; docx_render() may run on
 * one template from many threads. Output is appended to out; on failure
 * out is unchanged.
 */
#ifndef FZ_DOCX_H
#define FZ_DOCX_H

#include "lib/buf.h"
#include "lib/err.h"

#include <jansson.h>
#include <stddef.h>

struct docx_template;

struct docx_opts {
	const char *missing; /* printed for a null value; NULL: nothing */
};

/* data/templates/<name>/ from the binary; FZ_ENOTFOUND if there is none.
 * name: letters, digits, '_' and '-' only. */
int docx_template_load_embedded(struct docx_template **t, const char *name,
				struct fz_err *e);
/* A .docx file on disk (at most 16 MB). */
int docx_template_load_file(struct docx_template **t, const char *path,
			    struct fz_err *e);
/* A .docx in memory (an upload). */
int docx_template_load_mem(struct docx_template **t, const void *data,
			   size_t len, struct fz_err *e);
void docx_template_free(struct docx_template *t);
/* The template itself as .docx bytes, to be edited and given back. */
int docx_template_export(const struct docx_template *t, struct fz_buf *out,
			 struct fz_err *e);

int docx_render(const struct docx_template *t, const json_t *data,
		const struct docx_opts *opts, struct fz_buf *out,
		struct fz_err *e);

/* The text of a .docx's word/document.xml: paragraphs joined by "\n",
 * <w:tab/> as "\t", <w:br/> as "\n", entities decoded. */
int docx_text(const void *docx, size_t len, struct fz_buf *out,
	      struct fz_err *e);

/* Apply a filter (names above) to a value, appending the text to out.
 * FZ_EINVAL for an unknown filter or a value it cannot take. */
int docx_filter_apply(const char *filter, const json_t *value,
		      struct fz_buf *out, struct fz_err *e);

/* Append s[0..n) with & < > " escaped: text for XML, and for HTML (the
 * annual report's preview). */
int docx_xml_escape(struct fz_buf *out, const char *s, size_t n);

#endif
