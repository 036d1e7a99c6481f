/*
 * fill.c - one compiled part plus the data to the filled part.
 *
 * fill_range() copies the part's bytes from pos to end and, at each event
 * on the way, writes what the event stands for: a value, nothing (markers,
 * dropped paragraphs) or, for a block, its body once per element with the
 * element as the current scope. Blocks recurse; their depth is bounded at
 * compile time (DOCX_MAX_DEPTH) and the output by the buffer's cap.
 *
 * Lookup: "a.b" starts from the data object, ".a.b" from the current
 * element, "." is the element itself. A name that is not there is an
 * unknown field (an error naming it); a null value prints opts->missing.
 *
 * Writing a value: it is XML-escaped; '\t' becomes <w:tab/>; '\n' ends the
 * paragraph and opens another with the same paragraph and run properties
 * (or becomes <w:br/> where that is not possible, see compile.c); other
 * control characters, which XML 1.0 forbids, are dropped.
 */
#include "docx/internal.h"
#include "docx/xml.h"

#include <string.h>

struct fill {
	const struct docx_part *p;
	const struct docx_fill *f;
	const json_t *root;
	const char *missing;
	struct fz_buf *out;
	struct fz_err *e;
};

static int fill_range(struct fill *c, size_t from, size_t to, size_t pos,
		      size_t end, const json_t *cur);

static int unknown(const struct fill *c, const struct docx_ev *ev)
{
	return fz_err_set(c->e, FZ_EINVAL, ev->name,
			  "%s:%u: unknown field '%s'", c->p->name, ev->line,
			  ev->name);
}

static int lookup(const struct fill *c, const struct docx_ev *ev,
		  const json_t *cur, const json_t **out)
{
	const char *s = ev->name, *dot;
	const json_t *v = c->root;
	char seg[DOCX_MAX_NAME + 1];
	size_t n;

	if (*s == '.') {
		v = cur;
		s++;
	}
	while (*s) {
		dot = strchr(s, '.');
		n = dot ? (size_t)(dot - s) : strlen(s);
		memcpy(seg, s, n);
		seg[n] = '\0';
		v = json_is_object(v) ? json_object_get(v, seg) : NULL;
		if (!v)
			return unknown(c, ev);
		s += n + (dot != NULL);
	}
	*out = v;
	return 0;
}

static int plain_text(const struct fill *c, const struct docx_ev *ev,
		      const json_t *v, struct fz_buf *b)
{
	switch (json_typeof(v)) {
	case JSON_STRING:
		return fz_buf_add(b, json_string_value(v),
				  json_string_length(v));
	case JSON_INTEGER:
		return fz_buf_addf(b, "%" JSON_INTEGER_FORMAT,
				   json_integer_value(v));
	case JSON_REAL:
		return fz_buf_addf(b, "%.15g", json_real_value(v));
	case JSON_TRUE:
		return fz_buf_adds(b, "是");
	case JSON_FALSE:
		return fz_buf_adds(b, "否");
	default:
		return fz_err_set(c->e, FZ_EINVAL, ev->name,
				  "%s:%u: field '%s' is a list or an object; "
				  "use {{#%s}}...{{/%s}}",
				  c->p->name, ev->line, ev->name, ev->name,
				  ev->name);
	}
}

static int value_text(const struct fill *c, const struct docx_ev *ev,
		      const json_t *v, struct fz_buf *b)
{
	struct fz_err fe;
	int rc;

	if (json_is_null(v))
		return fz_buf_adds(b, c->missing);
	if (!ev->filter)
		return plain_text(c, ev, v, b);
	fz_err_clear(&fe);
	rc = docx_filter_apply(ev->filter, v, b, &fe);
	if (rc)
		return fz_err_set(c->e, rc, ev->name, "%s:%u: field '%s': %s",
				  c->p->name, ev->line, ev->name, fe.msg);
	return 0;
}

static int new_paragraph(const struct fill *c, const struct docx_ev *ev)
{
	const char *src = c->p->data;
	int rc = fz_buf_adds(c->out, "</w:t></w:r></w:p><w:p>");

	if (!rc)
		rc = fz_buf_add(c->out, src + ev->ppr_start,
				ev->ppr_end - ev->ppr_start);
	if (!rc)
		rc = fz_buf_adds(c->out, "<w:r>");
	if (!rc)
		rc = fz_buf_add(c->out, src + ev->rpr_start,
				ev->rpr_end - ev->rpr_start);
	if (!rc)
		rc = fz_buf_adds(c->out, "<w:t xml:space=\"preserve\">");
	return rc;
}

/* Write text (not yet escaped) in the place of a placeholder. */
static int write_text(const struct fill *c, const struct docx_ev *ev,
		      const char *s, size_t n)
{
	size_t i, from = 0;
	int rc = 0;

	for (i = 0; i <= n && !rc; i++) {
		unsigned char ch = i < n ? (unsigned char)s[i] : 0;
		if (i < n && ch >= 0x20)
			continue;
		rc = docx_xml_escape(c->out, s + from, i - from);
		from = i + 1;
		if (rc || i == n)
			break;
		if (ch == '\t')
			rc = fz_buf_adds(c->out, "</w:t><w:tab/><w:t "
						 "xml:space=\"preserve\">");
		else if (ch == '\n' && ev->para_split)
			rc = new_paragraph(c, ev);
		else if (ch == '\n')
			rc = fz_buf_adds(c->out, "</w:t><w:br/><w:t "
						 "xml:space=\"preserve\">");
	}
	return rc;
}

static int fill_var(const struct fill *c, const struct docx_ev *ev,
		    const json_t *cur)
{
	struct fz_buf val = FZ_BUF_INIT(DOCX_PART_CAP);
	const json_t *v;
	int rc = lookup(c, ev, cur, &v);

	if (!rc)
		rc = value_text(c, ev, v, &val);
	if (!rc)
		rc = write_text(c, ev, val.data ? val.data : "", val.len);
	fz_buf_release(&val);
	return rc;
}

/* Render events [from, to) over bytes [pos, end) once per element of the
 * block's value. */
static int repeat(struct fill *c, const struct docx_ev *ev, const json_t *cur,
		  size_t from, size_t to, size_t pos, size_t end)
{
	const json_t *v, *el;
	size_t i;
	int rc = lookup(c, ev, cur, &v);

	if (rc)
		return rc;
	switch (json_typeof(v)) {
	case JSON_ARRAY:
		json_array_foreach(v, i, el)
		{
			rc = fill_range(c, from, to, pos, end, el);
			if (rc)
				return rc;
		}
		return 0;
	case JSON_OBJECT:
		return fill_range(c, from, to, pos, end, v);
	case JSON_TRUE:
		return fill_range(c, from, to, pos, end, cur ? cur : c->root);
	case JSON_FALSE:
	case JSON_NULL:
		return 0;
	default:
		return fz_err_set(c->e, FZ_EINVAL, ev->name,
				  "%s:%u: block '{{#%s}}' needs a list, an "
				  "object or a boolean",
				  c->p->name, ev->line, ev->name);
	}
}

/* A block starting at event *i: render it, leave *i on its last event and
 * *pos past its bytes. */
static int fill_block(struct fill *c, size_t *i, size_t *pos, const json_t *cur)
{
	const struct docx_ev *ev = &c->f->ev[*i];
	const struct docx_block *b = &c->f->blk[ev->block];
	const struct docx_ev *open = &c->f->ev[b->open];
	const struct docx_ev *close = &c->f->ev[b->close];

	if (b->is_inline) {
		*i = b->close;
		*pos = close->end;
		return repeat(c, open, cur, b->open + 1, b->close, open->end,
			      close->start);
	}
	*i = b->body_end - 1;
	*pos = b->re;
	return repeat(c, open, cur, b->repeat + 1, b->body_end, b->rs, b->re);
}

static int fill_range(struct fill *c, size_t from, size_t to, size_t pos,
		      size_t end, const json_t *cur)
{
	const char *src = c->p->data;
	size_t i;
	int rc = 0;

	for (i = from; i < to && !rc; i++) {
		const struct docx_ev *ev = &c->f->ev[i];
		if (ev->start < pos)
			continue; /* inside a dropped paragraph */
		rc = fz_buf_add(c->out, src + pos, ev->start - pos);
		pos = ev->end;
		if (rc)
			break;
		if (ev->type == DOCX_EV_VAR)
			rc = fill_var(c, ev, cur);
		else if (ev->type == DOCX_EV_REPEAT ||
			 (ev->type == DOCX_EV_OPEN &&
			  c->f->blk[ev->block].is_inline))
			rc = fill_block(c, &i, &pos, cur);
	}
	if (!rc)
		rc = fz_buf_add(c->out, src + pos, end - pos);
	return rc;
}

int docx_fill_part(const struct docx_part *p, const json_t *data,
		   const struct docx_opts *opts, struct fz_buf *out,
		   struct fz_err *e)
{
	struct fill c;
	int rc;

	c.p = p;
	c.f = p->fill;
	c.root = data;
	c.missing = opts && opts->missing ? opts->missing : "";
	c.out = out;
	c.e = e;
	rc = fill_range(&c, 0, p->fill->nev, 0, p->len, NULL);
	if (rc == FZ_ETOOBIG)
		fz_err_set(e, rc, NULL, "%s: the filled part is too large",
			   p->name);
	return rc;
}
