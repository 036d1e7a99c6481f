/*
 * annual.c - see annual.h: the template, the figures and the sections
 * brought together into the report's Markdown, then to the format asked.
 */
#include "annual.h"

#include "lib/embedded.h"
#include "lib/xalloc.h"
#include "report/compose.h"
#include "report/indicators.h"
#include "report/template.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REPORT_CAP (8u << 20)

static const struct {
	const char *name, *type, *ext;
} formats[] = {
    {"md", "text/markdown; charset=utf-8", "md"},
    {"html", "text/html; charset=utf-8", "html"},
    {"docx",
     "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
     "docx"},
    {"xlsx",
     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
     "xlsx"}};

int annual_format_parse(const char *s, enum annual_format *f, struct fz_err *e)
{
	size_t i;

	for (i = 0; s && i < sizeof(formats) / sizeof(formats[0]); i++)
		if (!strcmp(s, formats[i].name)) {
			*f = (enum annual_format)i;
			return 0;
		}
	return fz_err_set(e, FZ_EINVAL, "format",
			  "format: '%s' is not md, html, docx or xlsx",
			  s ? s : "");
}

const char *annual_content_type(enum annual_format f)
{
	return formats[f].type;
}

const char *annual_extension(enum annual_format f)
{
	return formats[f].ext;
}

/* ---- the template ------------------------------------------------------- */

int annual_fig_name(const char *name, size_t n, struct annual_fig *f)
{
	const char *end, *open, *close;
	size_t len, ol = strlen(ANNUAL_OWN);
	int own = n > ol && !memcmp(name + n - ol, ANNUAL_OWN, ol);

	n -= own ? ol : 0;
	end = name + n;
	open = memchr(name, '[', n);
	len = open ? (size_t)(open - name) : n;
	memset(f, 0, sizeof(*f));
	f->own = own;
	if (len >= sizeof(f->id))
		return -1;
	memcpy(f->id, name, len);
	if (!open)
		return 0;
	close = memchr(open, ']', (size_t)(end - open));
	if (!close || close == open + 1 ||
	    (size_t)(close - open - 1) >= sizeof(f->groups))
		return -1;
	memcpy(f->groups, open + 1, (size_t)(close - open - 1));
	f->share = close + 1 < end && close[1] == '%';
	return close + 1 + f->share == end ? 0 : -1;
}

static void add_used(const char *id, void *arg)
{
	json_object_set_new(arg, id, json_true());
}

/* The indicator table of what the report writes: the template's figures
 * and the catalogue statements it writes. */
static int xlsx(struct compose *x, const struct annual_req *q,
		struct fz_buf *out, struct fz_err *e)
{
	json_t *a = json_array(), *used = json_object(), *v;
	const char *id;
	int rc;

	tpl_indicators(compose_template(x), add_used, used);
	compose_used(x, add_used, used);
	json_object_foreach(compose_figures(x), id, v) json_array_append(a, v);
	rc = annual_xlsx(a, used, q->org->name, q->year, out, e);
	json_decref(a);
	json_decref(used);
	return rc;
}

int annual_render(struct store_conn *c, const struct kind_registry *reg,
		  const struct annual_req *q, enum annual_format f,
		  struct fz_buf *out, struct fz_err *e)
{
	struct fz_buf md = FZ_BUF_INIT(REPORT_CAP);
	struct compose *x = NULL;
	char title[1024];
	int rc = compose_open(&x, c, reg, q, f == ANNUAL_HTML, e);

	if (!rc && f == ANNUAL_XLSX) {
		rc = xlsx(x, q, out, e);
		compose_close(x);
		return rc;
	}
	if (!rc)
		rc = compose_markdown(x, &md, e);
	snprintf(title, sizeof(title), "%s%d年法治政府建设情况报告",
		 q->org->name, q->year);
	if (!rc && f == ANNUAL_MD)
		rc = fz_buf_add(out, md.data ? md.data : "", md.len);
	else if (!rc && f == ANNUAL_HTML)
		rc = annual_md_to_html(md.data ? md.data : "", md.len, title,
				       out, e);
	else if (!rc)
		rc = annual_md_to_docx(md.data ? md.data : "", md.len, out, e);
	if (rc == FZ_ETOOBIG)
		fz_err_set(e, rc, "report", "the report is too long");
	compose_close(x);
	fz_buf_release(&md);
	return rc;
}

int annual_statements(struct store_conn *c, const struct kind_registry *reg,
		      const struct annual_req *q, json_t **out,
		      struct fz_err *e)
{
	struct compose *x = NULL;
	int rc = compose_open(&x, c, reg, q, 0, e);

	if (rc)
		return rc;
	*out = json_deep_copy(compose_outcomes(x));
	compose_close(x);
	return 0;
}

/* ---- sections ------------------------------------------------------------ */

struct listing {
	json_t *a;
	json_t *written; /* name -> {text, version, updated_at, updated_by} */
};

static int add_written(const char *section, const char *s, int version,
		       int64_t at, const char *by, void *arg)
{
	json_object_set_new(arg, section,
			    json_pack("{s:s, s:i, s:I, s:s}", "text", s,
				      "version", version, "updated_at",
				      (json_int_t)at, "updated_by", by));
	return 0;
}

static void add_listed(const char *name, const char *label, void *arg)
{
	struct listing *l = arg;
	json_t *w = json_object_get(l->written, name);
	json_t *x =
	    json_pack("{s:s, s:s, s:O?, s:i}", "section", name, "label", label,
		      "text", json_object_get(w, "text"), "version",
		      (int)json_integer_value(json_object_get(w, "version")));

	if (w) {
		json_object_set(x, "updated_at",
				json_object_get(w, "updated_at"));
		json_object_set(x, "updated_by",
				json_object_get(w, "updated_by"));
	}
	json_array_append_new(l->a, x);
}

int annual_sections(struct store_conn *c, const struct kind_registry *reg,
		    const struct annual_req *q, json_t **out, struct fz_err *e)
{
	struct listing l = {json_array(), json_object()};
	struct tpl *t = NULL;
	int rc = compose_parse(c, reg, q, &t, e);

	if (!rc)
		rc = store_sections_list(c, q->org->id, q->year, add_written,
					 l.written, e);
	if (!rc)
		tpl_sections(t, add_listed, &l);
	tpl_free(t);
	json_decref(l.written);
	if (rc) {
		json_decref(l.a);
		return rc;
	}
	*out = l.a;
	return 0;
}

struct finding {
	const char *name;
	int found;
};

static void find_section(const char *name, const char *label, void *arg)
{
	struct finding *f = arg;

	(void)label;
	f->found |= !strcmp(name, f->name);
}

int annual_has_section(struct store_conn *c, const struct kind_registry *reg,
		       const struct annual_req *q, const char *name,
		       struct fz_err *e)
{
	struct finding f = {name, 0};
	struct tpl *t = NULL;

	if (compose_parse(c, reg, q, &t, e))
		return -1;
	tpl_sections(t, find_section, &f);
	tpl_free(t);
	return f.found;
}
