/*
 * normalize.c - undo Word's splitting of placeholders across runs.
 *
 * Word stores a paragraph as runs, and an edit, a spelling mark or a
 * change of language in the middle of "{{applicant_name}}" leaves it as
 *   <w:r><w:t>{{appli</w:t></w:r><w:proofErr .../><w:r><w:t>cant_name}}</w:t>
 * The rule used here: within one paragraph, the text of its <w:t> elements
 * is read as one string; every placeholder found in it is moved whole into
 * the <w:t> where it starts, and the pieces it took from the following
 * <w:t>s are removed from them (they may become empty, which Word
 * accepts). Only text moves: runs, their formatting and everything between
 * them (bookmarks, proofErr, fields) stay where they were, so the merged
 * placeholder takes the formatting of its first character, which is what a
 * person typing it meant. Text outside placeholders never moves.
 *
 * Because text only moves towards an earlier <w:t> and placeholders do not
 * overlap, the new text of each <w:t> is a contiguous slice of the
 * paragraph's string: norm_group() computes the slices, and the part is
 * written again with those slices in place of the old text. Each <w:t>
 * that ends up holding a placeholder gets xml:space="preserve" so that
 * spaces at the edges of a value survive.
 *
 * Parts without "{{" are copied unchanged.
 */
#include "docx/internal.h"
#include "docx/xml.h"

#include "lib/xalloc.h"

#include <stdlib.h>
#include <string.h>

struct norm {
	struct docx_xml x;
	char **newtext;		 /* per token: replacement text or NULL */
	unsigned char *preserve; /* per token: <w:t> needs xml:space */
	const char *part;
	struct fz_err *e;
};

struct para_text {
	size_t para, tok;
};

int docx_scan_tag(const char *s, size_t n, size_t from, size_t *ps, size_t *pe)
{
	const char *open, *close, *again;

	if (from >= n)
		return 0;
	open = memmem(s + from, n - from, "{{", 2);
	if (!open)
		return 0;
	*ps = (size_t)(open - s);
	close = memmem(open + 2, n - *ps - 2, "}}", 2);
	again = memmem(open + 2, n - *ps - 2, "{{", 2);
	if (!close || (again && again < close))
		return -1;
	*pe = (size_t)(close - s) + 2;
	return 1;
}

static int by_para(const void *a, const void *b)
{
	const struct para_text *x = a, *y = b;

	if (x->para != y->para)
		return x->para < y->para ? -1 : 1;
	return x->tok < y->tok ? -1 : x->tok > y->tok;
}

/* Index of the node holding byte b of the paragraph string. */
static size_t node_at(const size_t *off, size_t count, size_t b)
{
	size_t k = 0;

	while (k + 1 < count && off[k + 1] <= b)
		k++;
	return k;
}

static int unclosed(const struct norm *nm, size_t tok, const char *s, size_t n)
{
	size_t show = n < 24 ? n : 24;

	while (show > 0 && show < n && ((unsigned char)s[show] & 0xC0) == 0x80)
		show--;
	return fz_err_set(nm->e, FZ_EINVAL, NULL,
			  "%s:%u: placeholder '%.*s' not closed in its "
			  "paragraph",
			  nm->part, nm->x.tok[tok].line, (int)show, s);
}

/* The paragraph's <w:t> texts as one string; off[k]: where node k starts. */
static void join_texts(const struct norm *nm, const struct para_text *g,
		       size_t count, struct fz_buf *s, size_t *off)
{
	size_t k;

	for (k = 0; k < count; k++) {
		const struct docx_tok *t = &nm->x.tok[g[k].tok];
		off[k] = s->len;
		/* cannot fail: a paragraph is smaller than the part's cap */
		(void)fz_buf_add(s, nm->x.src + t->start, t->end - t->start);
	}
	off[count] = s->len;
}

/* Move each placeholder into the node where it starts: from/to are the
 * new slices of the string, initially each node's own text. */
static int move_tags(struct norm *nm, const struct para_text *g, size_t count,
		     const struct fz_buf *s, const size_t *off, size_t *from,
		     size_t *to)
{
	size_t pos = 0, ps = 0, pe = 0, k0, k1, k;
	int r;

	while ((r = docx_scan_tag(s->data, s->len, pos, &ps, &pe)) == 1) {
		k0 = node_at(off, count, ps);
		k1 = node_at(off, count, pe - 1);
		nm->preserve[nm->x.tok[g[k0].tok].parent] = 1;
		if (k0 != k1) {
			to[k0] = pe;
			for (k = k0 + 1; k < k1; k++)
				from[k] = to[k] = pe;
			from[k1] = pe;
		}
		pos = pe;
	}
	if (r < 0)
		return unclosed(nm, g[node_at(off, count, ps)].tok,
				s->data + ps, s->len - ps);
	return 0;
}

static int norm_group(struct norm *nm, const struct para_text *g, size_t count)
{
	struct fz_buf s = FZ_BUF_INIT(DOCX_PART_CAP);
	size_t *off = fz_xmalloc(3 * (count + 1) * sizeof(*off));
	size_t *from = off + count + 1, *to = from + count + 1, k;
	int rc = 0;

	join_texts(nm, g, count, &s, off);
	for (k = 0; k < count; k++) {
		from[k] = off[k];
		to[k] = off[k + 1];
	}
	if (s.len && memmem(s.data, s.len, "{{", 2))
		rc = move_tags(nm, g, count, &s, off, from, to);
	for (k = 0; k < count && !rc; k++)
		if (from[k] != off[k] || to[k] != off[k + 1])
			nm->newtext[g[k].tok] =
			    fz_xstrndup(s.data + from[k], to[k] - from[k]);
	fz_buf_release(&s);
	free(off);
	return rc;
}

/* Every <w:t> text inside a paragraph, grouped by paragraph. */
static struct para_text *collect(const struct docx_xml *x, size_t *count)
{
	struct para_text *pt = fz_xmalloc((x->n + 1) * sizeof(*pt));
	size_t i, n = 0;

	for (i = 0; i < x->n; i++) {
		if (!docx_xml_is_wt_text(x, i))
			continue;
		pt[n].para = docx_xml_para(x, i);
		pt[n].tok = i;
		if (pt[n].para != DOCX_NONE)
			n++;
	}
	qsort(pt, n, sizeof(*pt), by_para);
	*count = n;
	return pt;
}

static int emit(const struct norm *nm, struct fz_buf *out)
{
	const struct docx_xml *x = &nm->x;
	size_t i, n;
	int rc = 0;

	for (i = 0; i < x->n && !rc; i++) {
		const struct docx_tok *t = &x->tok[i];
		const char *s = x->src + t->start;
		n = t->end - t->start;
		if (nm->newtext[i])
			rc = fz_buf_adds(out, nm->newtext[i]);
		else if (nm->preserve[i] && !memmem(s, n, "xml:space", 9)) {
			rc = fz_buf_add(out, s, n - 1);
			if (!rc)
				rc = fz_buf_adds(out,
						 " xml:space=\"preserve\">");
		} else
			rc = fz_buf_add(out, s, n);
	}
	return rc;
}

static int normalize_groups(struct norm *nm)
{
	size_t count, a, b;
	struct para_text *pt = collect(&nm->x, &count);
	int rc = 0;

	for (a = 0; a < count && !rc; a = b) {
		for (b = a + 1; b < count && pt[b].para == pt[a].para; b++)
			;
		rc = norm_group(nm, pt + a, b - a);
	}
	free(pt);
	return rc;
}

int docx_normalize(const char *part, const char *src, size_t len,
		   struct fz_buf *out, struct fz_err *e)
{
	struct norm nm;
	size_t i;
	int rc;

	if (!memmem(src, len, "{{", 2))
		return fz_buf_add(out, src, len);
	memset(&nm, 0, sizeof(nm));
	nm.part = part;
	nm.e = e;
	rc = docx_xml_parse(&nm.x, src, len, part, e);
	if (!rc) {
		nm.newtext = fz_xcalloc(nm.x.n + 1, sizeof(*nm.newtext));
		nm.preserve = fz_xcalloc(nm.x.n + 1, 1);
		rc = normalize_groups(&nm);
	}
	if (!rc)
		rc = emit(&nm, out);
	for (i = 0; nm.newtext && i < nm.x.n; i++)
		free(nm.newtext[i]);
	free(nm.newtext);
	free(nm.preserve);
	docx_xml_release(&nm.x);
	return rc;
}
