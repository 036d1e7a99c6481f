/*
 * xml.c - see xml.h.
 */
#include "docx/xml.h"

#include "docx/docx.h"

#include "lib/xalloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void docx_xml_release(struct docx_xml *x)
{
	free(x->tok);
	memset(x, 0, sizeof(*x));
}

static size_t add_tok(struct docx_xml *x, enum docx_tok_kind kind, size_t start,
		      size_t end, unsigned line)
{
	struct docx_tok *t;

	x->tok = fz_xgrow(x->tok, x->n, &x->alloc, sizeof(*x->tok), 256);
	t = &x->tok[x->n];
	t->kind = kind;
	t->start = start;
	t->end = end;
	t->name = t->nlen = 0;
	t->parent = DOCX_NONE;
	t->match = x->n;
	t->line = line;
	return x->n++;
}

static const char *find(const char *s, size_t len, size_t from,
			const char *what)
{
	size_t n = strlen(what);
	const char *p =
	    from <= len ? memmem(s + from, len - from, what, n) : NULL;

	return p ? p + n : NULL;
}

/* End (exclusive) of the markup starting at '<' at i, or 0. */
static size_t markup_end(const char *s, size_t len, size_t i)
{
	const char *p = NULL;
	char quote = 0;

	if (i + 1 < len && s[i + 1] == '?')
		p = find(s, len, i + 2, "?>");
	else if (len - i >= 4 && memcmp(s + i, "<!--", 4) == 0)
		p = find(s, len, i + 4, "-->");
	else if (len - i >= 9 && memcmp(s + i, "<![CDATA[", 9) == 0)
		p = find(s, len, i + 9, "]]>");
	else {
		for (i++; i < len; i++) {
			if (quote && s[i] == quote)
				quote = 0;
			else if (!quote && (s[i] == '"' || s[i] == '\''))
				quote = s[i];
			else if (!quote && s[i] == '>')
				return i + 1;
		}
		return 0;
	}
	return p ? (size_t)(p - s) : 0;
}

static size_t name_len(const char *s, size_t end)
{
	size_t n = 0;

	while (n < end && !strchr(" \t\r\n/>", s[n]))
		n++;
	return n;
}

static unsigned count_lines(const char *s, size_t n)
{
	unsigned lines = 0;
	const char *p = s, *stop = s + n;

	while (p < stop && (p = memchr(p, '\n', (size_t)(stop - p))) != NULL) {
		lines++;
		p++;
	}
	return lines;
}

static int tag_names_equal(const struct docx_xml *x, size_t a, size_t b)
{
	return x->tok[a].nlen == x->tok[b].nlen &&
	       memcmp(x->src + x->tok[a].name, x->src + x->tok[b].name,
		      x->tok[a].nlen) == 0;
}

/* Classify the tag token t (already added), and keep the open stack. */
static int place_tag(struct docx_xml *x, size_t t, size_t *top,
		     const char *part, struct fz_err *e)
{
	struct docx_tok *k = &x->tok[t];
	const char *s = x->src + k->start;
	size_t span = k->end - k->start, skip = s[1] == '/' ? 2 : 1;

	k->name = k->start + skip;
	k->nlen = name_len(s + skip, span - skip);
	if (!k->nlen)
		return fz_err_set(e, FZ_EINVAL, NULL, "%s:%u: malformed tag",
				  part, k->line);
	k->parent = *top;
	if (skip == 2) {
		k->kind = DOCX_CLOSE;
		if (*top == DOCX_NONE || !tag_names_equal(x, *top, t))
			return fz_err_set(e, FZ_EINVAL, NULL,
					  "%s:%u: unexpected end tag", part,
					  k->line);
		k->match = *top;
		x->tok[*top].match = t;
		k->parent = x->tok[*top].parent;
		*top = k->parent;
	} else if (s[span - 2] == '/') {
		k->kind = DOCX_EMPTY;
	} else {
		k->kind = DOCX_OPEN;
		*top = t;
	}
	return 0;
}

static int lex_markup(struct docx_xml *x, size_t *i, size_t *top,
		      unsigned *line, const char *part, struct fz_err *e)
{
	const char *s = x->src;
	size_t end = markup_end(s, x->len, *i), t;
	int rc = 0;

	if (!end)
		return fz_err_set(e, FZ_EINVAL, NULL,
				  "%s:%u: unterminated markup", part, *line);
	t = add_tok(x, DOCX_OTHER, *i, end, *line);
	if (s[*i + 1] != '?' && s[*i + 1] != '!')
		rc = place_tag(x, t, top, part, e);
	*line += count_lines(s + *i, end - *i);
	*i = end;
	return rc;
}

int docx_xml_parse(struct docx_xml *x, const char *src, size_t len,
		   const char *part, struct fz_err *e)
{
	size_t i = 0, top = DOCX_NONE, end, t;
	unsigned line = 1;
	const char *lt;
	int rc;

	memset(x, 0, sizeof(*x));
	x->src = src;
	x->len = len;
	while (i < len) {
		if (src[i] == '<') {
			rc = lex_markup(x, &i, &top, &line, part, e);
			if (rc)
				return rc;
			continue;
		}
		lt = memchr(src + i, '<', len - i);
		end = lt ? (size_t)(lt - src) : len;
		t = add_tok(x, DOCX_TEXT, i, end, line);
		x->tok[t].parent = top;
		line += count_lines(src + i, end - i);
		i = end;
	}
	if (top != DOCX_NONE)
		return fz_err_set(e, FZ_EINVAL, NULL,
				  "%s:%u: element <%.*s> not closed", part,
				  x->tok[top].line, (int)x->tok[top].nlen,
				  src + x->tok[top].name);
	return 0;
}

int docx_xml_is(const struct docx_xml *x, size_t i, const char *name)
{
	const struct docx_tok *t;
	size_t n = strlen(name);

	if (i == DOCX_NONE || i >= x->n)
		return 0;
	t = &x->tok[i];
	return t->kind != DOCX_TEXT && t->kind != DOCX_OTHER && t->nlen == n &&
	       memcmp(x->src + t->name, name, n) == 0;
}

int docx_xml_is_wt_text(const struct docx_xml *x, size_t i)
{
	return x->tok[i].kind == DOCX_TEXT &&
	       docx_xml_is(x, x->tok[i].parent, "w:t");
}

size_t docx_xml_para(const struct docx_xml *x, size_t i)
{
	size_t p = x->tok[i].kind == DOCX_CLOSE ? x->tok[i].match : i;

	for (p = x->tok[p].parent; p != DOCX_NONE; p = x->tok[p].parent)
		if (docx_xml_is(x, p, "w:p"))
			return p;
	return DOCX_NONE;
}

size_t docx_xml_first_child(const struct docx_xml *x, size_t i,
			    const char *name)
{
	size_t j;

	if (x->tok[i].kind != DOCX_OPEN)
		return DOCX_NONE;
	for (j = i + 1; j < x->tok[i].match; j++) {
		if (x->tok[j].kind == DOCX_TEXT || x->tok[j].kind == DOCX_OTHER)
			continue;
		return docx_xml_is(x, j, name) && x->tok[j].kind != DOCX_CLOSE
			   ? j
			   : DOCX_NONE;
	}
	return DOCX_NONE;
}

size_t docx_xml_elem_end(const struct docx_xml *x, size_t i)
{
	return x->tok[x->tok[i].match].end;
}

int docx_xml_escape(struct fz_buf *out, const char *s, size_t n)
{
	size_t i, from = 0;
	const char *rep;
	int rc;

	for (i = 0; i < n; i++) {
		switch (s[i]) {
		case '&':
			rep = "&amp;";
			break;
		case '<':
			rep = "&lt;";
			break;
		case '>':
			rep = "&gt;";
			break;
		case '"':
			rep = "&quot;";
			break;
		default:
			continue;
		}
		rc = fz_buf_add(out, s + from, i - from);
		if (!rc)
			rc = fz_buf_adds(out, rep);
		if (rc)
			return rc;
		from = i + 1;
	}
	return fz_buf_add(out, s + from, n - from);
}

static int add_utf8(struct fz_buf *out, unsigned long cp)
{
	char b[4];
	size_t n;

	if (cp < 0x80) {
		b[0] = (char)cp, n = 1;
	} else if (cp < 0x800) {
		b[0] = (char)(0xC0 | (cp >> 6)), n = 2;
	} else if (cp < 0x10000) {
		b[0] = (char)(0xE0 | (cp >> 12)), n = 3;
	} else {
		b[0] = (char)(0xF0 | (cp >> 18)), n = 4;
	}
	for (size_t k = 1; k < n; k++)
		b[k] = (char)(0x80 | ((cp >> (6 * (n - 1 - k))) & 0x3F));
	return fz_buf_add(out, b, n);
}

/* Decode the entity at s (s[0] == '&'); returns its length, 0 if unknown. */
static size_t entity(const char *s, size_t n, struct fz_buf *out, int *rc)
{
	static const char *const names[] = {
	    "amp;", "&", "lt;", "<", "gt;", ">", "quot;", "\"", "apos;", "'"};
	const char *semi = memchr(s, ';', n < 12 ? n : 12);
	unsigned long cp;
	char *endp;
	size_t i;

	if (!semi)
		return 0;
	for (i = 0; i < sizeof(names) / sizeof(*names); i += 2)
		if ((size_t)(semi - s) == strlen(names[i]) &&
		    memcmp(s + 1, names[i], strlen(names[i])) == 0) {
			*rc = fz_buf_adds(out, names[i + 1]);
			return (size_t)(semi - s) + 1;
		}
	if (n < 4 || s[1] != '#')
		return 0;
	cp =
	    s[2] == 'x' ? strtoul(s + 3, &endp, 16) : strtoul(s + 2, &endp, 10);
	if (endp != semi || cp == 0 || cp > 0x10FFFF)
		return 0;
	*rc = add_utf8(out, cp);
	return (size_t)(semi - s) + 1;
}

int docx_xml_unescape(struct fz_buf *out, const char *s, size_t n)
{
	size_t i = 0, from = 0, used;
	int rc = 0;

	while (i < n && !rc) {
		if (s[i] != '&') {
			i++;
			continue;
		}
		rc = fz_buf_add(out, s + from, i - from);
		used = rc ? 0 : entity(s + i, n - i, out, &rc);
		if (!used && !rc)
			rc = fz_buf_add(out, "&", 1), used = 1;
		i += used;
		from = i;
	}
	return rc ? rc : fz_buf_add(out, s + from, n - from);
}
