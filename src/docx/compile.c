/*
 * compile.c - a normalised part's placeholders to the event list that
 * fill.c walks (the event kinds are described in internal.h).
 *
 * Three passes over the part, tokenized by xml.c:
 *  1. collect_tags(): every {{...}} inside a <w:t> becomes a VAR, OPEN or
 *     CLOSE event; its syntax and filter are checked, and block markers
 *     are paired on a stack (a close must name the innermost open block).
 *  2. shape_block(): each block is placed. Both markers in one paragraph
 *     with text before or after: inline, and the two markers must sit at
 *     the same depth (the bytes between them then repeat to well-formed
 *     XML: "</w:t></w:r><w:r><w:t>" followed by itself is balanced).
 *     Otherwise the block must open at the start of a paragraph and close
 *     at the end of one: the repeated range is the children, under the two
 *     paragraphs' lowest common ancestor, from the first to the last (so
 *     paragraphs that are siblings, or rows of a table), or the whole row
 *     when that ancestor is a <w:tr>. A paragraph holding only a marker is
 *     dropped when it is itself one end of the range. Anything else is
 *     refused. Ranges must nest as the markers do (check_nesting()).
 *  3. The events are sorted by start byte (longer first, then creation
 *     order, so an outer REPEAT comes before an inner one on the same
 *     bytes) and each block learns where its events ended up.
 * Every error names the part and line, and the placeholder.
 */
#include "docx/internal.h"
#include "docx/xml.h"

#include "lib/xalloc.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

struct comp {
	struct docx_xml x;
	struct docx_fill *f;
	const char *part;
	struct fz_err *e;
	size_t stack[DOCX_MAX_DEPTH];
	size_t depth;
};

void docx_fill_release(struct docx_fill *f)
{
	size_t i;

	for (i = 0; i < f->nev; i++) {
		free(f->ev[i].name);
		free(f->ev[i].filter);
	}
	free(f->ev);
	free(f->blk);
	memset(f, 0, sizeof(*f));
}

static size_t add_ev(struct docx_fill *f, enum docx_ev_type type, size_t start,
		     size_t end, unsigned line)
{
	struct docx_ev *ev;

	f->ev = fz_xgrow(f->ev, f->nev, &f->evalloc, sizeof(*f->ev), 16);
	ev = &f->ev[f->nev];
	memset(ev, 0, sizeof(*ev));
	ev->type = type;
	ev->start = start;
	ev->end = end;
	ev->line = line;
	ev->block = DOCX_NONE;
	ev->tok = DOCX_NONE;
	ev->seq = f->nev;
	return f->nev++;
}

static size_t add_block(struct docx_fill *f, size_t open, size_t parent)
{
	struct docx_block *b;

	f->blk = fz_xgrow(f->blk, f->nblk, &f->blkalloc, sizeof(*f->blk), 8);
	b = &f->blk[f->nblk];
	memset(b, 0, sizeof(*b));
	b->open = open;
	b->close = b->repeat = b->body_end = DOCX_NONE;
	b->parent = parent;
	return f->nblk++;
}

/* "a", "a.b", ".", ".a", ".a.b": segments of [A-Za-z0-9_]. */
static int valid_name(const char *s, size_t n)
{
	size_t i, seg = 0;

	if (n == 0 || n > DOCX_MAX_NAME)
		return 0;
	if (n == 1 && s[0] == '.')
		return 1;
	for (i = 0; i < n; i++) {
		if (s[i] == '.') {
			if ((seg == 0 && i > 0) || i + 1 == n)
				return 0;
			seg = 0;
		} else if (isalnum((unsigned char)s[i]) || s[i] == '_') {
			seg++;
		} else {
			return 0;
		}
	}
	return 1;
}

static size_t span(const char *s, size_t n, const char *accept)
{
	size_t i = 0;

	while (i < n && s[i] && strchr(accept, s[i]))
		i++;
	return i;
}

#define NAME_CHARS                                                             \
	"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_."

static int bad_tag(struct comp *c, size_t ev, const char *s, size_t n)
{
	return fz_err_set(c->e, FZ_EINVAL, NULL,
			  "%s:%u: bad placeholder '{{%.*s}}'", c->part,
			  c->f->ev[ev].line, (int)n, s);
}

/* The inside of {{...}}: [#|/]name[|filter], spaces around allowed. */
static int parse_tag(struct comp *c, size_t ev, const char *s, size_t n)
{
	struct docx_ev *v = &c->f->ev[ev];
	size_t i = span(s, n, " \t"), nl, fl = 0;

	while (n > i && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (i < n && (s[i] == '#' || s[i] == '/'))
		v->type = s[i++] == '#' ? DOCX_EV_OPEN : DOCX_EV_CLOSE;
	nl = span(s + i, n - i, NAME_CHARS);
	if (!valid_name(s + i, nl))
		return bad_tag(c, ev, s, n);
	v->name = fz_xstrndup(s + i, nl);
	i += nl;
	i += span(s + i, n - i, " \t");
	if (i < n && s[i] == '|' && v->type == DOCX_EV_VAR) {
		i += 1 + span(s + i + 1, n - i - 1, " \t");
		fl = span(s + i, n - i, "abcdefghijklmnopqrstuvwxyz_");
		v->filter = fz_xstrndup(s + i, fl);
		i += fl;
	}
	if (i != n || (v->filter && !fl))
		return bad_tag(c, ev, s, n);
	if (v->filter && !docx_filter_known(v->filter))
		return fz_err_set(c->e, FZ_EINVAL, v->name,
				  "%s:%u: unknown filter '%s' in '{{%.*s}}'",
				  c->part, v->line, v->filter, (int)n, s);
	return 0;
}

/* Where a multi-line value may open new paragraphs: a <w:t> in a run
 * directly in a paragraph whose properties hold no section break. */
static void note_split(struct comp *c, struct docx_ev *v)
{
	const struct docx_xml *x = &c->x;
	size_t wt = x->tok[v->tok].parent, r = x->tok[wt].parent, p, pp, rp;

	p = r == DOCX_NONE ? DOCX_NONE : x->tok[r].parent;
	if (!docx_xml_is(x, r, "w:r") || !docx_xml_is(x, p, "w:p"))
		return;
	pp = docx_xml_first_child(x, p, "w:pPr");
	rp = docx_xml_first_child(x, r, "w:rPr");
	if (pp != DOCX_NONE) {
		v->ppr_start = x->tok[pp].start;
		v->ppr_end = docx_xml_elem_end(x, pp);
		if (memmem(x->src + v->ppr_start, v->ppr_end - v->ppr_start,
			   "<w:sectPr", 9))
			return;
	}
	if (rp != DOCX_NONE) {
		v->rpr_start = x->tok[rp].start;
		v->rpr_end = docx_xml_elem_end(x, rp);
	}
	v->para_split = 1;
}

static int open_block(struct comp *c, size_t ev)
{
	struct docx_fill *f = c->f;
	size_t parent = c->depth ? c->stack[c->depth - 1] : DOCX_NONE;

	if (c->depth == DOCX_MAX_DEPTH || f->nblk == DOCX_MAX_BLOCKS)
		return fz_err_set(c->e, FZ_EINVAL, f->ev[ev].name,
				  "%s:%u: too many blocks, or nested too deep",
				  c->part, f->ev[ev].line);
	f->ev[ev].block = add_block(f, ev, parent);
	c->stack[c->depth++] = f->ev[ev].block;
	return 0;
}

static int close_block(struct comp *c, size_t ev)
{
	struct docx_fill *f = c->f;
	const struct docx_ev *v = &f->ev[ev], *o;
	size_t b;

	if (!c->depth)
		return fz_err_set(c->e, FZ_EINVAL, v->name,
				  "%s:%u: '{{/%s}}' without '{{#%s}}'", c->part,
				  v->line, v->name, v->name);
	b = c->stack[c->depth - 1];
	o = &f->ev[f->blk[b].open];
	if (strcmp(o->name, v->name) != 0)
		return fz_err_set(
		    c->e, FZ_EINVAL, v->name,
		    "%s:%u: '{{/%s}}' closes '{{#%s}}' of line %u", c->part,
		    v->line, v->name, o->name, o->line);
	f->blk[b].close = ev;
	f->ev[ev].block = b;
	c->depth--;
	return 0;
}

static int add_tag(struct comp *c, size_t tok, size_t ps, size_t pe)
{
	size_t ev = add_ev(c->f, DOCX_EV_VAR, ps, pe, c->x.tok[tok].line);
	struct docx_ev *v = &c->f->ev[ev];
	int rc;

	v->tok = tok;
	rc = parse_tag(c, ev, c->x.src + ps + 2, pe - ps - 4);
	if (rc)
		return rc;
	if (v->type == DOCX_EV_OPEN)
		return open_block(c, ev);
	if (v->type == DOCX_EV_CLOSE)
		return close_block(c, ev);
	if (v->name[0] == '.' && !c->depth)
		return fz_err_set(c->e, FZ_EINVAL, v->name,
				  "%s:%u: '{{%s}}' outside a block", c->part,
				  v->line, v->name);
	note_split(c, v);
	return 0;
}

static int collect_tags(struct comp *c)
{
	const struct docx_xml *x = &c->x;
	size_t i, pos, ps = 0, pe = 0;
	int r, rc;

	for (i = 0; i < x->n; i++) {
		if (!docx_xml_is_wt_text(x, i))
			continue;
		pos = x->tok[i].start;
		while ((r = docx_scan_tag(x->src, x->tok[i].end, pos, &ps,
					  &pe)) == 1) {
			rc = add_tag(c, i, ps, pe);
			if (rc)
				return rc;
			pos = pe;
		}
		if (r < 0)
			return fz_err_set(c->e, FZ_EINVAL, NULL,
					  "%s:%u: placeholder not closed",
					  c->part, x->tok[i].line);
	}
	if (c->depth) {
		const struct docx_ev *o =
		    &c->f->ev[c->f->blk[c->stack[c->depth - 1]].open];
		return fz_err_set(c->e, FZ_EINVAL, o->name,
				  "%s:%u: block '{{#%s}}' not closed", c->part,
				  o->line, o->name);
	}
	return 0;
}

/* Is the text of paragraph p within bytes [from, to) only white space? */
static int blank(const struct comp *c, size_t p, size_t from, size_t to)
{
	const struct docx_xml *x = &c->x;
	size_t j, q, stop;

	for (j = p + 1; j < x->tok[p].match; j++) {
		if (!docx_xml_is_wt_text(x, j) || docx_xml_para(x, j) != p)
			continue;
		q = x->tok[j].start > from ? x->tok[j].start : from;
		stop = x->tok[j].end < to ? x->tok[j].end : to;
		while (q < stop) {
			if (stop - q >= 3 &&
			    memcmp(x->src + q, "\xE3\x80\x80", 3) == 0)
				q += 3; /* U+3000 ideographic space */
			else if (strchr(" \t\r\n", x->src[q]))
				q++;
			else
				return 0;
		}
	}
	return 1;
}

static int block_error(const struct comp *c, size_t b, const char *why)
{
	const struct docx_ev *o = &c->f->ev[c->f->blk[b].open];

	return fz_err_set(c->e, FZ_EINVAL, o->name, "%s:%u: block '{{#%s}}' %s",
			  c->part, o->line, o->name, why);
}

static int inline_block(struct comp *c, size_t b)
{
	const struct docx_xml *x = &c->x;
	const struct docx_block *k = &c->f->blk[b];
	size_t p = x->tok[c->f->ev[k->open].tok].parent;
	size_t q = x->tok[c->f->ev[k->close].tok].parent;

	while (p != q) {
		if (p == DOCX_NONE || q == DOCX_NONE ||
		    x->tok[p].nlen != x->tok[q].nlen ||
		    memcmp(x->src + x->tok[p].name, x->src + x->tok[q].name,
			   x->tok[p].nlen) != 0)
			return block_error(c, b,
					   "must open and close at the same "
					   "level of its paragraph");
		p = x->tok[p].parent;
		q = x->tok[q].parent;
	}
	c->f->blk[b].is_inline = 1;
	return 0;
}

static size_t depth_of(const struct docx_xml *x, size_t i)
{
	size_t d = 0;

	while ((i = x->tok[i].parent) != DOCX_NONE)
		d++;
	return d;
}

/* The children of the lowest common ancestor of p1 and p2 on their paths
 * (or the row, when that ancestor is a table row). */
static int repeat_range(const struct comp *c, size_t b, size_t p1, size_t p2,
			size_t *c1, size_t *c2)
{
	const struct docx_xml *x = &c->x;
	size_t a = p1, q = p2, ca = DOCX_NONE, cq = DOCX_NONE;
	size_t da = depth_of(x, a), dq = depth_of(x, q);

	if (p1 == p2) {
		*c1 = *c2 = p1;
		return 0;
	}
	for (; da > dq; da--)
		ca = a, a = x->tok[a].parent;
	for (; dq > da; dq--)
		cq = q, q = x->tok[q].parent;
	while (a != q)
		ca = a, cq = q, a = x->tok[a].parent, q = x->tok[q].parent;
	if (ca == DOCX_NONE || cq == DOCX_NONE || a == DOCX_NONE)
		return block_error(c, b, "spans nested paragraphs");
	if (docx_xml_is(x, a, "w:tr"))
		ca = cq = a;
	*c1 = ca;
	*c2 = cq;
	return 0;
}

static void drop_para(struct comp *c, size_t p)
{
	add_ev(c->f, DOCX_EV_DROP, c->x.tok[p].start,
	       docx_xml_elem_end(&c->x, p), c->x.tok[p].line);
}

static int paragraph_block(struct comp *c, size_t b, size_t p1, size_t p2)
{
	const struct docx_xml *x = &c->x;
	struct docx_block *k = &c->f->blk[b];
	size_t c1 = DOCX_NONE, c2 = DOCX_NONE, r, open_end, close_start;
	int rc = repeat_range(c, b, p1, p2, &c1, &c2);

	if (rc)
		return rc;
	k->rs = x->tok[c1].start;
	k->re = docx_xml_elem_end(x, c2);
	open_end = c->f->ev[k->open].end;
	close_start = c->f->ev[k->close].start;
	r = add_ev(c->f, DOCX_EV_REPEAT, k->rs, k->re, c->f->ev[k->open].line);
	c->f->ev[r].block = b;
	if (p1 == p2)
		return 0;
	if (c1 == p1 && blank(c, p1, open_end, docx_xml_elem_end(x, p1)))
		drop_para(c, p1);
	if (c2 == p2 && blank(c, p2, x->tok[p2].start, close_start))
		drop_para(c, p2);
	return 0;
}

static int shape_block(struct comp *c, size_t b)
{
	const struct docx_xml *x = &c->x;
	const struct docx_ev *o = &c->f->ev[c->f->blk[b].open];
	const struct docx_ev *cl = &c->f->ev[c->f->blk[b].close];
	size_t p1 = docx_xml_para(x, o->tok), p2 = docx_xml_para(x, cl->tok);
	int at_start, at_end;

	if (p1 == DOCX_NONE || p2 == DOCX_NONE)
		return block_error(c, b, "lies outside a paragraph");
	at_start = blank(c, p1, x->tok[p1].start, o->start);
	at_end = blank(c, p2, cl->end, docx_xml_elem_end(x, p2));
	if (p1 == p2 && !(at_start && at_end))
		return inline_block(c, b);
	if (!at_start || !at_end)
		return block_error(c, b,
				   "must open and close in one paragraph or "
				   "open at the start of a paragraph and close "
				   "at the end of one");
	return paragraph_block(c, b, p1, p2);
}

/* The bytes block b occupies (outer) and those it repeats (inner). */
static void block_bytes(const struct docx_fill *f, size_t b, int outer,
			size_t *from, size_t *to)
{
	const struct docx_block *k = &f->blk[b];

	if (!k->is_inline) {
		*from = k->rs;
		*to = k->re;
	} else if (outer) {
		*from = f->ev[k->open].start;
		*to = f->ev[k->close].end;
	} else {
		*from = f->ev[k->open].end;
		*to = f->ev[k->close].start;
	}
}

static int check_nesting(const struct comp *c)
{
	const struct docx_fill *f = c->f;
	size_t a, b, af, at, bf, bt;

	for (a = 0; a < f->nblk; a++)
		for (b = a + 1; b < f->nblk; b++) {
			int nested = f->ev[f->blk[b].open].start <
				     f->ev[f->blk[a].close].start;
			block_bytes(f, a, !nested, &af, &at);
			block_bytes(f, b, 1, &bf, &bt);
			if (nested ? (bf < af || bt > at) : bf < at)
				return block_error(c, b,
						   "overlaps the paragraphs of "
						   "another block");
		}
	return 0;
}

static int ev_order(const void *pa, const void *pb)
{
	const struct docx_ev *a = pa, *b = pb;

	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	if (a->end != b->end)
		return a->end > b->end ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static void sort_and_link(struct docx_fill *f)
{
	size_t i, j;

	if (f->nev > 1)
		qsort(f->ev, f->nev, sizeof(*f->ev), ev_order);
	for (i = 0; i < f->nev; i++) {
		size_t b = f->ev[i].block;
		if (f->ev[i].type == DOCX_EV_OPEN)
			f->blk[b].open = i;
		else if (f->ev[i].type == DOCX_EV_CLOSE)
			f->blk[b].close = i;
		else if (f->ev[i].type == DOCX_EV_REPEAT)
			f->blk[b].repeat = i;
	}
	for (i = 0; i < f->nblk; i++) {
		if (f->blk[i].is_inline)
			continue;
		for (j = f->blk[i].repeat + 1;
		     j < f->nev && f->ev[j].start < f->blk[i].re; j++)
			;
		f->blk[i].body_end = j;
	}
}

int docx_compile(const char *part, const char *src, size_t len,
		 struct docx_fill *f, struct fz_err *e)
{
	struct comp c;
	size_t b;
	int rc;

	memset(&c, 0, sizeof(c));
	memset(f, 0, sizeof(*f));
	c.f = f;
	c.part = part;
	c.e = e;
	rc = docx_xml_parse(&c.x, src, len, part, e);
	if (!rc)
		rc = collect_tags(&c);
	for (b = 0; !rc && b < f->nblk; b++)
		rc = shape_block(&c, b);
	if (!rc)
		rc = check_nesting(&c);
	if (!rc)
		sort_and_link(f);
	else
		docx_fill_release(f);
	docx_xml_release(&c.x);
	return rc;
}
