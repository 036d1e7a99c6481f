/*
 * annual.c - see annual.h: the template, the figures and the sections
 * brought together into the report's Markdown, then to the format asked.
 */
#include "annual.h"

#include "lib/embedded.h"
#include "lib/xalloc.h"
#include "report/indicators.h"
#include "report/template.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ANNUAL_TEMPLATE "data/report/annual.md"
#define REPORT_CAP	(8u << 20)

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
	const char *end = name + n, *open = memchr(name, '[', n), *close;
	size_t len = open ? (size_t)(open - name) : n;

	memset(f, 0, sizeof(*f));
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

/* Each listed value is one of the group field's. */
static int groups_known(const struct kind_indicator *ind, const char *groups)
{
	const struct kind_field *f = kind_field(ind->kind, ind->group);
	char buf[256], *save = NULL, *v;

	snprintf(buf, sizeof(buf), "%s", groups);
	for (v = strtok_r(buf, ",", &save); v; v = strtok_r(NULL, ",", &save))
		if (!f || !kind_value_label(f, v))
			return 0;
	return 1;
}

static int known(const char *name, void *arg)
{
	const struct kind_registry *reg = arg;
	const struct kind_indicator *ind;
	struct annual_fig n;

	if (annual_fig_name(name, strlen(name), &n))
		return 0;
	ind = kind_indicator_find(reg, n.id);
	return ind &&
	       (!n.groups[0] || (ind->group && groups_known(ind, n.groups)));
}

static int parse(const struct kind_registry *reg, const struct annual_req *q,
		 struct tpl **t, struct fz_err *e)
{
	const struct fz_embedded *f;
	const char *text = q->tpl;
	size_t len = q->tpl_len;

	if (!text) {
		f = fz_embedded_need(ANNUAL_TEMPLATE, "template", e);
		if (!f)
			return e ? e->code : FZ_ENOTFOUND;
		text = (const char *)f->data;
		len = f->len;
	}
	return tpl_parse(t, text, len, known, (void *)(uintptr_t)reg, e);
}

/* ---- what the template is filled with ------------------------------------ */

struct fill {
	json_t *figures;  /* id -> {value, previous, ...} from ind_all */
	json_t *sections; /* name -> text */
};

static int listed(const char *groups, const char *v)
{
	size_t n = strlen(v);
	const char *p = groups;

	while (v[0] && (p = strstr(p, v)) != NULL) {
		if ((p == groups || p[-1] == ',') && (p[n] == ',' || !p[n]))
			return 1;
		p += n;
	}
	return 0;
}

/* The groups of figure x named by n: their sum, or their share. */
static double of_groups(const json_t *x, const struct annual_fig *n)
{
	double part = 0, all = 0, amount;
	const json_t *g;
	size_t i;

	json_array_foreach(json_object_get(x, "groups"), i, g)
	{
		const char *v = json_string_value(json_object_get(g, "value"));
		amount = json_number_value(json_object_get(g, "amount"));
		all += amount;
		if (v && listed(n->groups, v))
			part += amount;
	}
	if (!n->share)
		return part;
	return all > 0 ? part * 100.0 / all : 0;
}

static int value(const char *name, double *now, double *before, void *arg)
{
	const struct fill *f = arg;
	struct annual_fig n;
	const json_t *x;

	if (annual_fig_name(name, strlen(name), &n) ||
	    !(x = json_object_get(f->figures, n.id)))
		return -1;
	if (n.groups[0]) { /* groups are this year's only: no comparison */
		*now = of_groups(x, &n);
		*before = 0;
		return 0;
	}
	*now = json_number_value(json_object_get(x, "value"));
	*before = json_number_value(json_object_get(x, "previous"));
	return 0;
}

static const char *text(const char *section, void *arg)
{
	const struct fill *f = arg;
	const char *s =
	    json_string_value(json_object_get(f->sections, section));

	return s && *s ? s : ANNUAL_MISSING;
}

/* A section's text without the figure marks, which only fazhi writes. */
static json_t *clean(const char *s)
{
	size_t n = strlen(s), i, j = 0;
	char *b = fz_xmalloc(n + 1);
	json_t *j_s;

	for (i = 0; i < n; i++) {
		if ((unsigned char)s[i] == 0xee && i + 2 < n &&
		    (unsigned char)s[i + 1] == 0x80 &&
		    (unsigned char)s[i + 2] >= 0x80 &&
		    (unsigned char)s[i + 2] <= 0x82) {
			i += 2;
			continue;
		}
		b[j++] = s[i];
	}
	b[j] = '\0';
	j_s = json_stringn(b, j);
	free(b);
	return j_s;
}

static int add_section(const char *section, const char *s, int version,
		       int64_t at, const char *by, void *arg)
{
	(void)version;
	(void)at;
	(void)by;
	json_object_set_new(arg, section, clean(s));
	return 0;
}

static int load(struct store_conn *c, const struct kind_registry *reg,
		const struct annual_req *q, struct fill *f, struct fz_err *e)
{
	json_t *a = NULL, *x;
	size_t i;
	int rc = ind_all(c, reg, q->org->id, q->year, &a, e);

	f->figures = json_object();
	f->sections = json_object();
	if (!rc)
		json_array_foreach(a, i, x) json_object_set(
		    f->figures, json_string_value(json_object_get(x, "id")), x);
	json_decref(a);
	if (!rc)
		rc = store_sections_list(c, q->org->id, q->year, add_section,
					 f->sections, e);
	return rc;
}

static int count_org(const struct store_org *o, void *arg)
{
	(void)o;
	++*(int *)arg;
	return 0;
}

/* What the figures cover: a government's report counts its departments. */
static void scope_of(struct store_conn *c, const struct store_org *org,
		     char *out, size_t n)
{
	int orgs = 0;

	store_org_list(c, org->id, count_org, &orgs, NULL);
	if (orgs > 1)
		snprintf(out, n,
			 "本报告所列数据汇总了本级及所属%d个单位的记录。",
			 orgs - 1);
	else
		out[0] = '\0';
}

static int markdown(struct store_conn *c, const struct kind_registry *reg,
		    const struct annual_req *q, int mark, struct fill *f,
		    struct fz_buf *md, struct fz_err *e)
{
	char scope[160];
	struct tpl *t = NULL;
	struct tpl_env env = {.org = q->org->name,
			      .year = q->year,
			      .date = q->date,
			      .scope = scope,
			      .mark = mark,
			      .value = value,
			      .text = text,
			      .arg = f};
	int rc = parse(reg, q, &t, e);

	if (!rc)
		rc = load(c, reg, q, f, e);
	scope_of(c, q->org, scope, sizeof(scope));
	if (!rc)
		rc = tpl_render(t, &env, md, e);
	tpl_free(t);
	return rc;
}

static void add_used(const char *id, void *arg)
{
	json_object_set_new(arg, id, json_true());
}

static int xlsx(struct store_conn *c, const struct kind_registry *reg,
		const struct annual_req *q, struct fz_buf *out,
		struct fz_err *e)
{
	struct tpl *t = NULL;
	json_t *a = NULL, *used = json_object();
	int rc = parse(reg, q, &t, e);

	if (!rc) {
		tpl_indicators(t, add_used, used);
		rc = ind_all(c, reg, q->org->id, q->year, &a, e);
	}
	if (!rc)
		rc = annual_xlsx(a, used, q->org->name, q->year, out, e);
	json_decref(a);
	json_decref(used);
	tpl_free(t);
	return rc;
}

int annual_render(struct store_conn *c, const struct kind_registry *reg,
		  const struct annual_req *q, enum annual_format f,
		  struct fz_buf *out, struct fz_err *e)
{
	struct fz_buf md = FZ_BUF_INIT(REPORT_CAP);
	struct fill fill = {NULL, NULL};
	char title[1024];
	int rc;

	if (f == ANNUAL_XLSX)
		return xlsx(c, reg, q, out, e);
	rc = markdown(c, reg, q, f == ANNUAL_HTML, &fill, &md, e);
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
	json_decref(fill.figures);
	json_decref(fill.sections);
	fz_buf_release(&md);
	return rc;
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
	int rc = parse(reg, q, &t, e);

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

int annual_has_section(const struct kind_registry *reg,
		       const struct annual_req *q, const char *name,
		       struct fz_err *e)
{
	struct finding f = {name, 0};
	struct tpl *t = NULL;

	if (parse(reg, q, &t, e))
		return 0;
	tpl_sections(t, find_section, &f);
	tpl_free(t);
	return f.found;
}
