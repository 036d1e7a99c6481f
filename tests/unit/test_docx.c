/*
 * test_docx.c - src/docx: the built-in reply letter filled and read back
 * (every value present, dates in Chinese, & < > " escaped and returned,
 * a valid zip with [Content_Types].xml first), placeholders split across
 * runs, blocks (paragraphs, inline, table rows, nested, empty), missing
 * values, filters, export and reload, and each error with its message.
 *
 * Small templates are built here as zips from a document.xml body, with
 * the package writer of src/docx/ (internal.h); the output is checked with
 * libzip directly.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "docx/docx.h"
#include "docx/internal.h"
#include "lib/buf.h"
#include "lib/err.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

#define W_NS "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

static const char content_types[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/"
    "content-types\"><Default Extension=\"xml\" "
    "ContentType=\"application/xml\"/></Types>";

/* A template zip whose document body is body (and a footer if given). */
static void make_docx(const char *body, const char *footer, struct fz_buf *out)
{
	struct fz_buf doc = FZ_BUF_INIT(0), ftr = FZ_BUF_INIT(0);
	struct docx_entry ents[3];
	size_t n = 2;

	fz_buf_addf(&doc,
		    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		    "<w:document xmlns:w=\"%s\"><w:body>\n%s\n"
		    "<w:sectPr/></w:body></w:document>",
		    W_NS, body);
	ents[0] = (struct docx_entry){"word/document.xml", doc.data, doc.len};
	ents[1] = (struct docx_entry){"[Content_Types].xml", content_types,
				      strlen(content_types)};
	if (footer) {
		fz_buf_addf(&ftr, "<w:ftr xmlns:w=\"%s\">%s</w:ftr>", W_NS,
			    footer);
		ents[n++] =
		    (struct docx_entry){"word/footer1.xml", ftr.data, ftr.len};
	}
	assert_int_equal(docx_zip_write(ents, n, out, NULL), 0);
	fz_buf_release(&doc);
	fz_buf_release(&ftr);
}

static json_t *data_of(const char *json)
{
	json_error_t err;
	json_t *j = json_loads(json, 0, &err);

	if (!j)
		fail_msg("bad test JSON: %s", err.text);
	return j;
}

/* Render body with data; return the rc, the text in *text. */
static int render_body(const char *body, const char *json,
		       const struct docx_opts *opts, struct fz_buf *text,
		       struct fz_err *e)
{
	struct fz_buf zip = FZ_BUF_INIT(0), out = FZ_BUF_INIT(0);
	struct docx_template *t = NULL;
	json_t *data = data_of(json);
	int rc;

	make_docx(body, NULL, &zip);
	fz_err_clear(e);
	rc = docx_template_load_mem(&t, zip.data, zip.len, e);
	if (!rc)
		rc = docx_render(t, data, opts, &out, e);
	if (!rc)
		assert_int_equal(docx_text(out.data, out.len, text, NULL), 0);
	docx_template_free(t);
	json_decref(data);
	fz_buf_release(&zip);
	fz_buf_release(&out);
	return rc;
}

static void expect_text(const char *body, const char *json, const char *want)
{
	struct fz_buf text = FZ_BUF_INIT(0);
	struct fz_err e;

	if (render_body(body, json, NULL, &text, &e))
		fail_msg("render failed: %s", e.msg);
	assert_string_equal(text.data, want);
	fz_buf_release(&text);
}

static void expect_error(const char *body, const char *json, int code,
			 const char *msg_part, const char *field)
{
	struct fz_buf text = FZ_BUF_INIT(0);
	struct fz_err e;

	assert_int_equal(render_body(body, json, NULL, &text, &e), code);
	if (!strstr(e.msg, msg_part))
		fail_msg("message '%s' lacks '%s'", e.msg, msg_part);
	if (field)
		assert_string_equal(e.field, field);
	fz_buf_release(&text);
}

/* One entry of a zip, read with libzip. */
static void zip_entry(const struct fz_buf *zipb, const char *name,
		      struct fz_buf *out)
{
	zip_error_t ze;
	zip_source_t *src;
	zip_t *za;
	zip_file_t *zf;
	char chunk[4096];
	zip_int64_t got;

	zip_error_init(&ze);
	src = zip_source_buffer_create(zipb->data, zipb->len, 0, &ze);
	assert_non_null(src);
	za = zip_open_from_source(src, ZIP_RDONLY, &ze);
	assert_non_null(za);
	zf = zip_fopen(za, name, 0);
	assert_non_null(zf);
	while ((got = zip_fread(zf, chunk, sizeof(chunk))) > 0)
		fz_buf_add(out, chunk, (size_t)got);
	zip_fclose(zf);
	zip_discard(za);
	zip_error_fini(&ze);
}

#define P(text) "<w:p><w:r><w:t>" text "</w:t></w:r></w:p>"

/* ---- the reply letter --------------------------------------------------- */

static const char letter_data[] =
    "{\"org_name\":\"重庆市北碚区规划和自然资源局\","
    "\"doc_number\":\"北碚规资公开〔2024〕12号\","
    "\"applicant_name\":\"张三\","
    "\"received_on\":\"2024-01-23\","
    "\"content\":\"A&B <地块> \\\"征收\\\" 补偿方案\","
    "\"reply_text\":\"经查，你申请的信息属于本机关公开的范围，现予以公开。\","
    "\"reply_basis\":"
    "\"《中华人民共和国政府信息公开条例》第三十六条第（二）项\","
    "\"reconsideration_organ\":\"重庆市北碚区人民政府\","
    "\"court\":\"重庆市江北区人民法院\","
    "\"replied_on\":\"2024-02-05\","
    "\"contact_name\":\"李四\","
    "\"contact_phone\":\"023-68881234\"}";

static void render_letter(const char *json, struct fz_buf *docx)
{
	struct docx_template *t;
	struct fz_err e;
	json_t *data = data_of(json);

	if (docx_template_load_embedded(&t, "reply_letter", &e))
		fail_msg("load: %s", e.msg);
	if (docx_render(t, data, NULL, docx, &e))
		fail_msg("render: %s", e.msg);
	docx_template_free(t);
	json_decref(data);
}

static void test_reply_letter(void **state)
{
	static const char *const want[] = {
	    "重庆市北碚区规划和自然资源局\n政府信息公开申请答复书\n"
	    "北碚规资公开〔2024〕12号\n\n张三：\n",
	    "你（单位）于2024年1月23日向本机关提出的政府信息公开申请收悉。"
	    "你申请公开“A&B <地块> \"征收\" 补偿方案”的政府信息。",
	    "经查，你申请的信息属于本机关公开的范围，现予以公开。",
	    "本答复依据《中华人民共和国政府信息公开条例》第三十六条第（二）"
	    "项作出。",
	    "如对本答复不服，可以在收到本答复之日起六十日内向重庆市北碚区人民"
	    "政府申请行政复议，或者在六个月内向重庆市江北区人民法院提起行政诉"
	    "讼。",
	    "\n重庆市北碚区规划和自然资源局\n2024年2月5日\n",
	    "（联系人：李四，联系电话：023-68881234）",
	    NULL};
	struct fz_buf docx = FZ_BUF_INIT(0), text = FZ_BUF_INIT(0);
	struct fz_buf xml = FZ_BUF_INIT(0);
	size_t i;

	(void)state;
	render_letter(letter_data, &docx);
	assert_int_equal(docx_text(docx.data, docx.len, &text, NULL), 0);
	for (i = 0; want[i]; i++)
		if (!strstr(text.data, want[i]))
			fail_msg("missing '%s' in:\n%s", want[i], text.data);
	assert_null(strstr(text.data, "{{"));
	zip_entry(&docx, "word/document.xml", &xml);
	assert_non_null(
	    strstr(xml.data, "A&amp;B &lt;地块&gt; &quot;征收&quot;"));
	assert_non_null(strstr(xml.data, "w:linePitch=\"579\""));
	fz_buf_release(&docx);
	fz_buf_release(&text);
	fz_buf_release(&xml);
}

static void test_reply_letter_zip(void **state)
{
	static const char *const parts[] = {
	    "_rels/.rels",	  "word/_rels/document.xml.rels",
	    "word/styles.xml",	  "word/settings.xml",
	    "word/fontTable.xml", "word/footer1.xml",
	    "word/footer2.xml",	  NULL};
	struct fz_buf docx = FZ_BUF_INIT(0);
	zip_error_t ze;
	zip_source_t *src;
	zip_t *za;
	zip_stat_t st;
	size_t i;

	(void)state;
	render_letter(letter_data, &docx);
	assert_memory_equal(docx.data, "PK\3\4", 4);
	zip_error_init(&ze);
	src = zip_source_buffer_create(docx.data, docx.len, 0, &ze);
	za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
	assert_non_null(za);
	assert_string_equal(zip_get_name(za, 0, 0), "[Content_Types].xml");
	for (i = 0; parts[i]; i++)
		assert_true(zip_name_locate(za, parts[i], 0) > 0);
	assert_int_equal(zip_stat(za, "word/document.xml", 0, &st), 0);
	assert_int_equal(st.comp_method, ZIP_CM_DEFLATE);
	assert_true(st.comp_size < st.size);
	zip_discard(za);
	zip_error_fini(&ze);
	fz_buf_release(&docx);
}

/* An officer's reply in two paragraphs becomes two Body paragraphs. */
static void test_multiline_value(void **state)
{
	struct fz_buf docx = FZ_BUF_INIT(0), text = FZ_BUF_INIT(0);
	struct fz_buf xml = FZ_BUF_INIT(0);
	json_t *data = data_of(letter_data);
	char *json;
	const char *p;
	int bodies = 0;

	(void)state;
	json_object_set_new(data, "reply_text",
			    json_string("第一段。\n第二段：\t列表。"));
	json = json_dumps(data, 0);
	render_letter(json, &docx);
	assert_int_equal(docx_text(docx.data, docx.len, &text, NULL), 0);
	assert_non_null(strstr(text.data, "\n第一段。\n第二段：\t列表。\n"));
	zip_entry(&docx, "word/document.xml", &xml);
	for (p = xml.data; (p = strstr(p, "w:val=\"Body\"")) != NULL; p++)
		bodies++;
	assert_int_equal(bodies, 5); /* 4 in the template, 1 more */
	free(json);
	json_decref(data);
	fz_buf_release(&docx);
	fz_buf_release(&text);
	fz_buf_release(&xml);
}

static void test_missing_values(void **state)
{
	struct fz_buf text = FZ_BUF_INIT(0);
	struct docx_opts opts = {"____"};
	struct fz_err e;

	(void)state;
	expect_text(P("申请人：{{name}}。"), "{\"name\":null}", "申请人：。");
	assert_int_equal(render_body(P("申请人：{{name}}，{{d|date}}。"),
				     "{\"name\":null,\"d\":null}", &opts, &text,
				     &e),
			 0);
	assert_string_equal(text.data, "申请人：____，____。");
	fz_buf_release(&text);
}

/* ---- split runs -----------------------------------------------------------
 */

static void test_split_runs(void **state)
{
	(void)state;
	/* three runs, formatting and a proofErr between them */
	expect_text(
	    "<w:p><w:r><w:t>申请人：{{appli</w:t></w:r>"
	    "<w:proofErr w:type=\"spellStart\"/>"
	    "<w:r><w:rPr><w:b/></w:rPr><w:t>cant_</w:t></w:r>"
	    "<w:r><w:t xml:space=\"preserve\">name}}。 </w:t></w:r></w:p>",
	    "{\"applicant_name\":\"张三\"}", "申请人：张三。 ");
	/* braces split, a filter split, two placeholders sharing runs */
	expect_text("<w:p><w:r><w:t>{</w:t></w:r><w:r><w:t>{a}}{{b|da</w:t>"
		    "</w:r><w:r><w:t>te}}{</w:t></w:r><w:r><w:t>{c}</w:t></w:r>"
		    "<w:r><w:t>}</w:t></w:r></w:p>",
		    "{\"a\":\"甲\",\"b\":\"2024-01-23\",\"c\":\"丙\"}",
		    "甲2024年1月23日丙");
	/* block markers split too */
	expect_text("<w:p><w:r><w:t>{{#l</w:t></w:r><w:r><w:t>}}{{.}}</w:t>"
		    "</w:r><w:r><w:t>{{/</w:t></w:r><w:r><w:t>l}}</w:t></w:r>"
		    "</w:p>",
		    "{\"l\":[\"x\",\"y\"]}", "x\ny");
}

/* ---- blocks ------------------------------------------------------------- */

static void test_block_paragraphs(void **state)
{
	(void)state;
	/* marker paragraphs vanish, the paragraphs between repeat */
	expect_text(P("当事人：") P("{{#parties}}") P("{{.name}}，{{.role}}")
			P("住址：{{.address|mask_address}}") P("{{/parties}}")
			    P("完"),
		    "{\"parties\":[{\"name\":\"张三\",\"role\":\"申请人\","
		    "\"address\":\"天生路2号\"},{\"name\":\"李四\",\"role\":"
		    "\"第三人\",\"address\":\"五星村三组\"}]}",
		    "当事人：\n张三，申请人\n住址：天生路*号\n李四，第三人\n"
		    "住址：五星村*组\n完");
	/* a block taking one whole paragraph repeats that paragraph */
	expect_text(P("理由：") P("{{#reasons}}{{.}}{{/reasons}}"),
		    "{\"reasons\":[\"一\",\"二\",\"三\"]}",
		    "理由：\n一\n二\n三");
	/* empty list, null, false: nothing; true and an object: once */
	expect_text(P("a") P("{{#l}}x{{/l}}") P("b"), "{\"l\":[]}", "a\nb");
	expect_text(P("a") P("{{#l}}x{{/l}}") P("b"), "{\"l\":null}", "a\nb");
	expect_text(P("a") P("{{#l}}x{{/l}}") P("b"), "{\"l\":false}", "a\nb");
	expect_text(P("{{#l}}x{{n}}{{/l}}"), "{\"l\":true,\"n\":1}", "x1");
	expect_text(P("{{#o}}{{.k}}{{/o}}"), "{\"o\":{\"k\":\"v\"}}", "v");
}

static void test_block_inline(void **state)
{
	(void)state;
	expect_text(P("附件：{{#att}}{{.}}、{{/att}}等"),
		    "{\"att\":[\"甲\",\"乙\"]}", "附件：甲、乙、等");
	/* across runs of different formatting, at the same depth */
	expect_text("<w:p><w:r><w:t>X{{#l}}[</w:t></w:r><w:r><w:rPr><w:b/>"
		    "</w:rPr><w:t>{{.}}</w:t></w:r><w:r><w:t>]{{/l}}Y</w:t>"
		    "</w:r></w:p>",
		    "{\"l\":[1,2]}", "X[1][2]Y");
	expect_text(P("X{{#l}}[{{.}}]{{/l}}Y"), "{\"l\":[]}", "XY");
}

static void test_block_table_rows_and_nesting(void **state)
{
	(void)state;
	expect_text(
	    "<w:tbl><w:tr><w:tc>" P("姓名") "</w:tc><w:tc>" P(
		"角色") "</w:tc></w:tr><w:tr><w:tc>" P("{{#rows}}{{.a}"
						       "}") "</"
							    "w:tc><w:"
							    "tc>" P(
								"{{"
								".b"
								"}}"
								"{{"
								"/r"
								"ow"
								"s}"
								"}") "</w:tc></"
								     "w:tr></"
								     "w:tbl>",
	    "{\"rows\":[{\"a\":\"张三\",\"b\":\"申请人\"},"
	    "{\"a\":\"李四\",\"b\":\"第三人\"}]}",
	    "姓名\n角色\n张三\n申请人\n李四\n第三人");
	/* a paragraph block with an inline block on the element's list */
	expect_text(P("{{#groups}}")
			P("{{.title}}：{{#.items}}{{.}};{{/.items}}")
			    P("{{/groups}}"),
		    "{\"groups\":[{\"title\":\"甲\",\"items\":[1,2]},"
		    "{\"title\":\"乙\",\"items\":[]}]}",
		    "甲：1;2;\n乙：");
	/* top-level fields stay reachable inside a block */
	expect_text(P("{{#l}}{{org}}-{{.}}{{/l}}"),
		    "{\"l\":[\"a\",\"b\"],\"org\":\"局\"}", "局-a\n局-b");
}

/* ---- values and filters ------------------------------------------------- */

static void test_plain_values(void **state)
{
	(void)state;
	expect_text(P("{{n}}|{{r}}|{{t}}|{{f}}|{{a.b}}"),
		    "{\"n\":42,\"r\":1.5,\"t\":true,\"f\":false,"
		    "\"a\":{\"b\":\"深\"}}",
		    "42|1.5|是|否|深");
	/* spaces inside the braces are allowed */
	expect_text(P("{{ n | yuan }}"), "{\"n\":5}", "5.00元");
}

static void filter_is(const char *filter, const char *json_value,
		      const char *want)
{
	struct fz_buf b = FZ_BUF_INIT(0);
	json_t *v = json_loads(json_value, JSON_DECODE_ANY, NULL);
	struct fz_err e;

	assert_non_null(v);
	if (docx_filter_apply(filter, v, &b, &e))
		fail_msg("%s(%s): %s", filter, json_value, e.msg);
	assert_string_equal(b.data, want);
	json_decref(v);
	fz_buf_release(&b);
}

static void filter_fails(const char *filter, const char *json_value,
			 const char *msg_part)
{
	struct fz_buf b = FZ_BUF_INIT(0);
	json_t *v = json_loads(json_value, JSON_DECODE_ANY, NULL);
	struct fz_err e;

	assert_non_null(v);
	assert_int_equal(docx_filter_apply(filter, v, &b, &e), FZ_EINVAL);
	if (!strstr(e.msg, msg_part))
		fail_msg("message '%s' lacks '%s'", e.msg, msg_part);
	json_decref(v);
	fz_buf_release(&b);
}

static void test_filters(void **state)
{
	(void)state;
	filter_is("date", "\"2024-01-23\"", "2024年1月23日");
	filter_is("cn_date", "\"2024-12-05T10:00:00+08:00\"", "2024年12月5日");
	filter_is("yuan", "12345", "12,345.00元");
	filter_is("yuan", "1234567.891", "1,234,567.89元");
	filter_is("yuan", "\"0.005\"", "0.01元");
	filter_is("yuan", "1.005", "1.01元");
	filter_is("yuan", "-1234.5", "-1,234.50元");
	filter_is("yuan", "999", "999.00元");
	filter_is("wan", "12345", "1.23万元");
	filter_is("wan", "2828100", "282.81万元");
	filter_is("wan", "\"123456789.99\"", "12345.68万元");
	filter_is("wan", "0", "0.00万元");
	filter_is("mask", "\"张三丰\"", "张某某");
	filter_is("mask", "\"50010919900101123X\"", "500109********123X");
	filter_is("mask", "13812345678", "138****5678");
	filter_is("mask_name", "\"欧阳娜娜\"", "欧阳某某");
	filter_is("mask_id", "\"500109900101123\"", "500109*****1123");
	filter_is("mask_phone", "\"023-68881234\"", "023-****1234");
	filter_is("mask_address", "\"天生路2号\"", "天生路*号");
	filter_fails("date", "\"2024-13-45\"", "not a date");
	filter_fails("date", "\"23/01/2024\"", "not a date");
	filter_fails("date", "20240123", "expects text");
	filter_fails("yuan", "\"12元\"", "not an amount");
	filter_fails("yuan", "1e300", "not an amount");
	filter_fails("upper", "\"x\"", "unknown filter 'upper'");
}

/* ---- errors ------------------------------------------------------------- */

static void test_errors_at_render(void **state)
{
	(void)state;
	expect_error(P("申请人：{{aplicant}}"), "{\"applicant\":\"张三\"}",
		     FZ_EINVAL, "word/document.xml:3: unknown field 'aplicant'",
		     "aplicant");
	expect_error(P("{{#l}}{{.nmae}}{{/l}}"), "{\"l\":[{\"name\":\"x\"}]}",
		     FZ_EINVAL, "unknown field '.nmae'", ".nmae");
	expect_error(P("{{#items}}x{{/items}}"), "{}", FZ_EINVAL,
		     "unknown field 'items'", "items");
	expect_error(P("{{d|date}}"), "{\"d\":\"2024-02-30\"}", FZ_EINVAL,
		     "field 'd': not a date", "d");
	expect_error(P("{{l}}"), "{\"l\":[1]}", FZ_EINVAL,
		     "field 'l' is a list or an object", "l");
	expect_error(P("{{#s}}x{{/s}}"), "{\"s\":\"text\"}", FZ_EINVAL,
		     "needs a list, an object or a boolean", "s");
}

static void test_errors_at_load(void **state)
{
	(void)state;
	expect_error(P("{{received_on|dat}}"), "{}", FZ_EINVAL,
		     "unknown filter 'dat' in '{{received_on|dat}}'",
		     "received_on");
	expect_error(P("{{#items}}") P("{{.name}}"), "{}", FZ_EINVAL,
		     "block '{{#items}}' not closed", "items");
	expect_error(P("{{#a}}x{{/b}}"), "{}", FZ_EINVAL,
		     "'{{/b}}' closes '{{#a}}'", "b");
	expect_error(P("x{{/a}}"), "{}", FZ_EINVAL, "'{{/a}}' without '{{#a}}'",
		     "a");
	expect_error(P("{{na me}}"), "{}", FZ_EINVAL,
		     "bad placeholder '{{na me}}'", NULL);
	expect_error(P("{{a..b}}"), "{}", FZ_EINVAL, "bad placeholder", NULL);
	expect_error(P("{{a|}}"), "{}", FZ_EINVAL, "bad placeholder", NULL);
	expect_error(P("申请人：{{name"), "{}", FZ_EINVAL,
		     "placeholder '{{name' not closed", NULL);
	expect_error(P("{{.x}}"), "{}", FZ_EINVAL, "'{{.x}}' outside a block",
		     ".x");
	expect_error(P("前{{#l}}") P("{{/l}}"), "{}", FZ_EINVAL,
		     "block '{{#l}}' must open and close in one paragraph",
		     "l");
	expect_error("<w:p><w:r><w:t>{{#l}}</w:t></w:r><w:hyperlink><w:r>"
		     "<w:t>{{/l}}x</w:t></w:r></w:hyperlink></w:p>",
		     "{}", FZ_EINVAL, "at the same level", "l");
	expect_error("<w:p><w:r><w:t>x</w:t></w:p>", "{}", FZ_EINVAL,
		     "word/document.xml:3: unexpected end tag", NULL);
}

static void test_errors_package(void **state)
{
	struct docx_template *t = NULL;
	struct fz_buf zip = FZ_BUF_INIT(0);
	struct docx_entry only_ct = {"[Content_Types].xml", content_types,
				     strlen(content_types)};
	struct fz_err e;

	(void)state;
	assert_int_equal(docx_template_load_mem(&t, "hello", 5, &e), FZ_EINVAL);
	assert_non_null(strstr(e.msg, "not a DOCX file"));
	assert_int_equal(docx_zip_write(&only_ct, 1, &zip, NULL), 0);
	assert_int_equal(docx_template_load_mem(&t, zip.data, zip.len, &e),
			 FZ_EINVAL);
	assert_non_null(strstr(e.msg, "no word/document.xml"));
	assert_int_equal(docx_template_load_embedded(&t, "no_such", &e),
			 FZ_ENOTFOUND);
	assert_non_null(strstr(e.msg, "no built-in template 'no_such'"));
	assert_int_equal(docx_template_load_embedded(&t, "../etc", &e),
			 FZ_EINVAL);
	assert_int_equal(docx_template_load_file(&t, "/nonexistent/x.docx", &e),
			 FZ_ENOTFOUND);
	assert_int_equal(docx_text("hello", 5, &zip, &e), FZ_EINVAL);
	assert_null(t);
	fz_buf_release(&zip);
}

/* ---- export, files, footers --------------------------------------------- */

static void test_export_and_file(void **state)
{
	struct docx_template *t, *t2;
	struct fz_buf exp = FZ_BUF_INIT(0), a = FZ_BUF_INIT(0);
	struct fz_buf b = FZ_BUF_INIT(0), ta = FZ_BUF_INIT(0);
	struct fz_buf tb = FZ_BUF_INIT(0);
	char path[] = "/tmp/fz_docx_XXXXXX";
	json_t *data = data_of(letter_data);
	FILE *f;
	int fd;

	(void)state;
	assert_int_equal(docx_template_load_embedded(&t, "reply_letter", NULL),
			 0);
	assert_int_equal(docx_template_export(t, &exp, NULL), 0);
	fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "wb");
	assert_int_equal(fwrite(exp.data, 1, exp.len, f), exp.len);
	fclose(f);
	assert_int_equal(docx_template_load_file(&t2, path, NULL), 0);
	unlink(path);
	assert_int_equal(docx_render(t, data, NULL, &a, NULL), 0);
	assert_int_equal(docx_render(t2, data, NULL, &b, NULL), 0);
	assert_int_equal(docx_text(a.data, a.len, &ta, NULL), 0);
	assert_int_equal(docx_text(b.data, b.len, &tb, NULL), 0);
	assert_string_equal(ta.data, tb.data);
	docx_template_free(t);
	docx_template_free(t2);
	json_decref(data);
	fz_buf_release(&exp);
	fz_buf_release(&a);
	fz_buf_release(&b);
	fz_buf_release(&ta);
	fz_buf_release(&tb);
}

static void test_footer_placeholders(void **state)
{
	struct fz_buf zip = FZ_BUF_INIT(0), out = FZ_BUF_INIT(0);
	struct fz_buf ftr = FZ_BUF_INIT(0);
	struct docx_template *t;
	json_t *data = data_of("{\"no\":\"〔2024〕12号\"}");

	(void)state;
	make_docx(P("正文"), P("{{n</w:t></w:r><w:r><w:t>o}} 第页"), &zip);
	assert_int_equal(docx_template_load_mem(&t, zip.data, zip.len, NULL),
			 0);
	assert_int_equal(docx_render(t, data, NULL, &out, NULL), 0);
	zip_entry(&out, "word/footer1.xml", &ftr);
	assert_non_null(strstr(ftr.data, "<w:t xml:space=\"preserve\">"
					 "〔2024〕12号</w:t>"));
	assert_null(strstr(ftr.data, "{{"));
	docx_template_free(t);
	json_decref(data);
	fz_buf_release(&zip);
	fz_buf_release(&out);
	fz_buf_release(&ftr);
}

/* The check an upload gets: every key of the data present, all null. */
static void test_check_with_null_sample(void **state)
{
	struct docx_template *t;
	struct fz_buf out = FZ_BUF_INIT(0);
	json_t *sample = data_of(letter_data);
	const char *key;
	json_t *v;
	void *tmp;
	struct fz_err e;

	(void)state;
	json_object_foreach_safe(sample, tmp, key, v)
	    json_object_set_new(sample, key, json_null());
	assert_int_equal(docx_template_load_embedded(&t, "reply_letter", NULL),
			 0);
	assert_int_equal(docx_render(t, sample, NULL, &out, &e), 0);
	json_object_del(sample, "court");
	assert_int_equal(docx_render(t, sample, NULL, &out, &e), FZ_EINVAL);
	assert_non_null(strstr(e.msg, "unknown field 'court'"));
	docx_template_free(t);
	json_decref(sample);
	fz_buf_release(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_reply_letter),
	    cmocka_unit_test(test_reply_letter_zip),
	    cmocka_unit_test(test_multiline_value),
	    cmocka_unit_test(test_missing_values),
	    cmocka_unit_test(test_split_runs),
	    cmocka_unit_test(test_block_paragraphs),
	    cmocka_unit_test(test_block_inline),
	    cmocka_unit_test(test_block_table_rows_and_nesting),
	    cmocka_unit_test(test_plain_values),
	    cmocka_unit_test(test_filters),
	    cmocka_unit_test(test_errors_at_render),
	    cmocka_unit_test(test_errors_at_load),
	    cmocka_unit_test(test_errors_package),
	    cmocka_unit_test(test_export_and_file),
	    cmocka_unit_test(test_footer_placeholders),
	    cmocka_unit_test(test_check_with_null_sample),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
