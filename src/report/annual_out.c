/*
 * annual_out.c - the report's Markdown as HTML and as DOCX. Both go
 * through the same list of blocks read from the Markdown with cmark:
 *
 *   # title                 TITLE  (公文标题, centred)
 *   ## 一、…                H1     (一级标题, 黑体)
 *   ### （一）…             H2     (二级标题, 楷体)
 *   #### and below          H3     (三级标题, 仿宋 bold)
 *   the first paragraph after the title when it ends with "："
 *                           LEAD   (主送机关, not indented)
 *   paragraphs, list items  BODY   (正文, indented two characters)
 *   paragraphs after a thematic break (---) at the end
 *                           SIGN   (落款 and date, right-aligned)
 *
 * Inline formatting is flattened to its text: the GB/T 9704 body has one
 * face. A soft line break joins lines without a space (Chinese text).
 */
#include "annual.h"

#include "docx/docx.h"
#include "report/template.h"

#include <cmark.h>
#include <string.h>

enum style { TITLE, H1, H2, H3, LEAD, BODY, SIGN, NSTYLES };

static const char *const style_key[NSTYLES] = {"title", "h1", "h2",  "h3",
					       "lead",	"p",  "sign"};

typedef int (*block_fn)(enum style s, const char *text, size_t len, void *arg);

struct walk {
	block_fn fn;
	void *arg;
	struct fz_buf text;
	int after_title, signing, rc;
};

static void inline_text(cmark_node *n, struct fz_buf *b)
{
	cmark_node *ch;
	const char *lit;

	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_SOFTBREAK:
		return;
	case CMARK_NODE_LINEBREAK:
		fz_buf_adds(b, "\n");
		return;
	default:
		break;
	}
	lit = cmark_node_get_literal(n);
	if (lit && cmark_node_first_child(n) == NULL)
		fz_buf_adds(b, lit);
	for (ch = cmark_node_first_child(n); ch; ch = cmark_node_next(ch))
		inline_text(ch, b);
}

static void emit(struct walk *w, enum style s, cmark_node *n,
		 const char *prefix)
{
	w->text.len = 0;
	fz_buf_adds(&w->text, prefix);
	if (cmark_node_get_type(n) == CMARK_NODE_CODE_BLOCK ||
	    cmark_node_get_type(n) == CMARK_NODE_HTML_BLOCK)
		fz_buf_adds(&w->text, cmark_node_get_literal(n));
	else
		inline_text(n, &w->text);
	while (w->text.len && w->text.data[w->text.len - 1] == '\n')
		w->text.len--;
	if (!w->rc && w->text.len)
		w->rc = w->fn(s, w->text.data, w->text.len, w->arg);
}

static int ends_with_colon(cmark_node *n)
{
	struct fz_buf b = FZ_BUF_INIT(4096);
	int yes;

	inline_text(n, &b);
	yes = b.len >= 3 && !memcmp(b.data + b.len - 3, "：", 3);
	fz_buf_release(&b);
	return yes;
}

static void block(struct walk *w, cmark_node *n);

static void children(struct walk *w, cmark_node *n)
{
	cmark_node *ch;
	char marker[16];
	int i = cmark_node_get_list_start(n);

	for (ch = cmark_node_first_child(n); ch; ch = cmark_node_next(ch)) {
		if (cmark_node_get_type(ch) == CMARK_NODE_ITEM &&
		    cmark_node_get_list_type(n) == CMARK_ORDERED_LIST &&
		    cmark_node_first_child(ch)) {
			snprintf(marker, sizeof(marker), "%d.", i++);
			emit(w, BODY, cmark_node_first_child(ch), marker);
			continue;
		}
		block(w, ch);
	}
}

static void block(struct walk *w, cmark_node *n)
{
	int level, first = w->after_title;

	w->after_title = 0;
	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_HEADING:
		level = cmark_node_get_heading_level(n);
		emit(w,
		     level == 1	  ? TITLE
		     : level == 2 ? H1
		     : level == 3 ? H2
				  : H3,
		     n, "");
		w->after_title = level == 1;
		w->signing = 0;
		return;
	case CMARK_NODE_THEMATIC_BREAK:
		w->signing = 1;
		return;
	case CMARK_NODE_PARAGRAPH:
		emit(w,
		     w->signing			   ? SIGN
		     : first && ends_with_colon(n) ? LEAD
						   : BODY,
		     n, "");
		return;
	case CMARK_NODE_CODE_BLOCK:
	case CMARK_NODE_HTML_BLOCK:
		emit(w, BODY, n, "");
		return;
	default:
		children(w, n);
	}
}

static int each_block(const char *md, size_t len, block_fn fn, void *arg,
		      struct fz_err *e)
{
	struct walk w = {fn, arg, FZ_BUF_INIT(1u << 20), 0, 0, 0};
	cmark_node *doc = cmark_parse_document(md, len, CMARK_OPT_DEFAULT);

	if (!doc)
		return fz_err_set(e, FZ_ENOMEM, "report", "cannot parse");
	children(&w, doc);
	cmark_node_free(doc);
	fz_buf_release(&w.text);
	if (w.rc == FZ_ETOOBIG)
		return fz_err_set(e, w.rc, "report", "the report is too long");
	return w.rc;
}

/* ---- HTML -----------------------------------------------------------------
 */

static const char *const html_open[NSTYLES] = {"<h1>",
					       "<h2>",
					       "<h3>",
					       "<h4>",
					       "<p class=\"lead\">",
					       "<p>",
					       "<p class=\"sign\">"};
static const char *const html_close[NSTYLES] = {
    "</h1>\n", "</h2>\n", "</h3>\n", "</h4>\n", "</p>\n", "</p>\n", "</p>\n"};

/* s escaped for HTML (docx_xml_escape: the same four entities), a line
 * break written as <br>. */
static int escaped(struct fz_buf *b, const char *s, size_t n)
{
	const char *nl;
	int rc = 0;

	while (!rc && (nl = memchr(s, '\n', n)) != NULL) {
		rc = docx_xml_escape(b, s, (size_t)(nl - s));
		rc = rc ? rc : fz_buf_adds(b, "<br>");
		n -= (size_t)(nl - s) + 1;
		s = nl + 1;
	}
	return rc ? rc : docx_xml_escape(b, s, n);
}

/* A figure's link: <a class="fig" data-indicator="ID" href="#ID">, with
 * data-groups="v1,v2" when the figure is some groups of it (id[v1,v2]),
 * data-scope="own" when it counts the organisation's own records. */
static int fig_open(struct fz_buf *b, const char *name, size_t n)
{
	struct annual_fig f;
	int rc = annual_fig_name(name, n, &f) ? FZ_EINVAL : 0;

	rc = rc ? rc : fz_buf_adds(b, "<a class=\"fig\" data-indicator=\"");
	rc = rc ? rc : escaped(b, f.id, strlen(f.id));
	if (!rc && f.groups[0]) {
		rc = fz_buf_adds(b, "\" data-groups=\"");
		rc = rc ? rc : escaped(b, f.groups, strlen(f.groups));
	}
	if (!rc && f.own)
		rc = fz_buf_adds(b, "\" data-scope=\"own");
	rc = rc ? rc : fz_buf_adds(b, "\" href=\"#");
	rc = rc ? rc : escaped(b, f.id, strlen(f.id));
	return rc ? rc : fz_buf_adds(b, "\">");
}

/* Text with its figures (OPEN name MID text CLOSE) as links to their
 * records. */
static int html_text(struct fz_buf *b, const char *s, size_t n)
{
	const char *end = s + n, *open, *mid, *close;
	int rc = 0;

	while (!rc && s < end) {
		open = memmem(s, (size_t)(end - s), TPL_MARK_OPEN, 3);
		mid = open ? memmem(open, (size_t)(end - open), TPL_MARK_MID, 3)
			   : NULL;
		close =
		    mid ? memmem(mid, (size_t)(end - mid), TPL_MARK_CLOSE, 3)
			: NULL;
		if (!close)
			return escaped(b, s, (size_t)(end - s));
		rc = escaped(b, s, (size_t)(open - s));
		rc = rc ? rc : fig_open(b, open + 3, (size_t)(mid - open - 3));
		rc = rc ? rc : escaped(b, mid + 3, (size_t)(close - mid - 3));
		rc = rc ? rc : fz_buf_adds(b, "</a>");
		s = close + 3;
	}
	return rc;
}

static int html_block(enum style s, const char *text, size_t len, void *arg)
{
	struct fz_buf *b = arg;
	int rc = fz_buf_adds(b, html_open[s]);

	rc = rc ? rc : html_text(b, text, len);
	return rc ? rc : fz_buf_adds(b, html_close[s]);
}

/* Fonts are named, never shipped: the reader's machine has them (every
 * government PC has the GB2312 faces) or falls back. */
static const char html_head[] =
    "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta "
    "charset=\"utf-8\">\n<title>";
static const char html_style[] =
    "</title>\n<style>\n"
    "body{margin:0;background:#f0f2f5}\n"
    ".report{box-sizing:border-box;width:210mm;min-height:297mm;margin:0 "
    "auto;padding:37mm 26mm 35mm 28mm;background:#fff;color:#000;"
    "font:16pt/28.95pt \"仿宋_GB2312\",\"FangSong\",\"STFangsong\",serif;"
    "text-align:justify}\n"
    ".report h1{font:22pt/1.5 \"方正小标宋简体\",\"FZXiaoBiaoSong-B05S\","
    "\"SimSun\",serif;text-align:center;margin:0 0 28.95pt}\n"
    ".report h2{font:16pt/28.95pt \"黑体\",\"SimHei\",sans-serif;margin:0;"
    "text-indent:2em}\n"
    ".report h3{font:16pt/28.95pt \"楷体_GB2312\",\"KaiTi\",serif;margin:0;"
    "text-indent:2em}\n"
    ".report h4{font:bold 16pt/28.95pt inherit;margin:0;text-indent:2em}\n"
    ".report p{margin:0;text-indent:2em}\n"
    ".report p.lead{text-indent:0}\n"
    ".report p.sign{text-align:right;text-indent:0;padding-right:4em}\n"
    ".report a.fig{color:inherit;text-decoration:underline dotted #409eff}\n"
    "@media print{body{background:#fff}.report{margin:0}}\n"
    "</style>\n</head>\n<body>\n<article class=\"report\">\n";

int annual_md_to_html(const char *md, size_t len, const char *title,
		      struct fz_buf *out, struct fz_err *e)
{
	int rc = fz_buf_adds(out, html_head);

	rc = rc ? rc : escaped(out, title, strlen(title));
	rc = rc ? rc : fz_buf_adds(out, html_style);
	rc = rc ? rc : each_block(md, len, html_block, out, e);
	rc = rc ? rc : fz_buf_adds(out, "</article>\n</body>\n</html>\n");
	if (rc == FZ_ETOOBIG)
		fz_err_set(e, rc, "report", "the report is too long");
	return rc;
}

/* ---- DOCX -----------------------------------------------------------------
 */

/* Each block is an object with one key per style, all but its own null:
 * the template's {{#.h1}}…{{/.h1}} paragraphs render only for H1. */
static int docx_block(enum style s, const char *text, size_t len, void *arg)
{
	json_t *b = json_object();
	int i;

	for (i = 0; i < NSTYLES; i++)
		json_object_set_new(b, style_key[i],
				    i == (int)s
					? json_pack("{s:s%}", "text", text, len)
					: json_null());
	json_array_append_new(arg, b);
	return 0;
}

int annual_md_to_docx(const char *md, size_t len, struct fz_buf *out,
		      struct fz_err *e)
{
	struct docx_template *t = NULL;
	json_t *blocks = json_array();
	json_t *data = json_pack("{s:o}", "blocks", blocks);
	int rc = each_block(md, len, docx_block, blocks, e);

	if (!rc)
		rc = docx_template_load_embedded(&t, "annual_report", e);
	if (!rc)
		rc = docx_render(t, data, NULL, out, e);
	docx_template_free(t);
	json_decref(data);
	return rc;
}
