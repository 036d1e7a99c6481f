/*
 * xml.h - the small XML tokenizer under the DOCX template engine (internal
 * to src/docx/).
 *
 * docx_xml_parse() splits a part (word/document.xml, a footer ...) into a
 * flat array of tokens: text, start tags, end tags, empty-element tags and
 * "other" (declarations, comments, processing instructions, CDATA). Tags
 * are matched while parsing, so each token knows its enclosing start tag
 * (parent) and each start tag its end tag (match): the array is the
 * element tree without copying a byte of the source. Nothing is decoded:
 * token spans point into the caller's source, which must outlive the
 * struct. Attributes are skipped (quotes respected), not parsed.
 *
 * Refused with FZ_EINVAL and "PART:LINE: ..." in *e: an end tag that does
 * not close the open element, an unterminated tag or comment, an element
 * left open at the end. DOCX parts are machine-written and regular; this
 * is all the XML the engine needs (see docx.c for why not libxml2).
 *
 * Names are compared as written, prefix included ("w:p"): every producer
 * of WordprocessingML (Word, WPS, LibreOffice) binds the main namespace to
 * the prefix w.
 */
#ifndef FZ_DOCX_XML_H
#define FZ_DOCX_XML_H

#include "lib/buf.h"
#include "lib/err.h"

#include <stddef.h>

#define DOCX_NONE ((size_t)-1)

enum docx_tok_kind { DOCX_TEXT, DOCX_OPEN, DOCX_CLOSE, DOCX_EMPTY, DOCX_OTHER };

struct docx_tok {
	enum docx_tok_kind kind;
	size_t start, end; /* bytes of the token in the source */
	size_t name, nlen; /* element name (tags only) */
	size_t parent;	   /* enclosing start tag, or DOCX_NONE */
	size_t match;	   /* OPEN: its CLOSE; CLOSE: its OPEN; else itself */
	unsigned line;
};

struct docx_xml {
	const char *src;
	size_t len;
	struct docx_tok *tok;
	size_t n, alloc;
};

int docx_xml_parse(struct docx_xml *x, const char *src, size_t len,
		   const char *part, struct fz_err *e);
void docx_xml_release(struct docx_xml *x);

/* Is token i a tag (of any kind) named name? */
int docx_xml_is(const struct docx_xml *x, size_t i, const char *name);
/* Is token i text directly inside a <w:t>? */
int docx_xml_is_wt_text(const struct docx_xml *x, size_t i);
/* The nearest enclosing <w:p> start tag of token i, or DOCX_NONE. */
size_t docx_xml_para(const struct docx_xml *x, size_t i);
/* The first child element of start tag i if it is named name (an OPEN or
 * EMPTY token), else DOCX_NONE. */
size_t docx_xml_first_child(const struct docx_xml *x, size_t i,
			    const char *name);
/* Bytes of the whole element starting at token i (up to its end tag). */
size_t docx_xml_elem_end(const struct docx_xml *x, size_t i);

/* docx_xml_escape (escaping text) is in docx.h: the report uses it too. */
/* Append s with the five entities and character references decoded. */
int docx_xml_unescape(struct fz_buf *out, const char *s, size_t n);

#endif
