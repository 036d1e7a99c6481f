/*
 * annual.h - the annual 法治政府建设情况报告 of an organisation (issue 7):
 * a template (data/report/annual.md, or the organisation's own) filled
 * with the indicators of its subtree for the year, last year's values for
 * the comparisons, and the narrative sections it wrote (report_sections),
 * written out as Markdown, an HTML preview, a DOCX laid out per
 * GB/T 9704-2012 (data/templates/annual_report) or an XLSX of the
 * indicator table with the inputs of every rate.
 *
 *   struct annual_req q = {.org = &org, .year = 2023, .date = today};
 *   rc = annual_render(c, &kinds, &q, ANNUAL_DOCX, &out, e);
 *
 * A narrative section nobody wrote prints as ANNUAL_MISSING, so a draft
 * shows what is left to write.
 */
#ifndef FZ_REPORT_ANNUAL_H
#define FZ_REPORT_ANNUAL_H

#include "kinds/kind.h"
#include "lib/buf.h"
#include "store/store.h"

#define ANNUAL_MISSING	   "（本部分待填写）"
#define ANNUAL_SECTION_MAX (64 * 1024) /* bytes of one section's text */

enum annual_format { ANNUAL_MD, ANNUAL_HTML, ANNUAL_DOCX, ANNUAL_XLSX };

struct annual_req {
	const struct store_org *org;
	int year;
	int date;	 /* the report's date (day number), 0: none */
	const char *tpl; /* template text; NULL: the built-in one */
	size_t tpl_len;
};

/* "md", "html", "docx", "xlsx"; FZ_EINVAL naming "format" otherwise. */
int annual_format_parse(const char *s, enum annual_format *f, struct fz_err *e);
const char *annual_content_type(enum annual_format f);
const char *annual_extension(enum annual_format f);

int annual_render(struct store_conn *c, const struct kind_registry *reg,
		  const struct annual_req *q, enum annual_format f,
		  struct fz_buf *out, struct fz_err *e);

/* The report's settings of an organisation (the nearest up the tree
 * holds): report.voice {self, region, gov, above} overrides the words the
 * report calls it by; report.style {INDICATOR: {unit, decimals, approx}}
 * how it writes a figure, over what the statements say (docs/report.md). */
#define ANNUAL_VOICE "report.voice"
#define ANNUAL_STYLE "report.style"
/* report.template {text}: the organisation's own template (Markdown,
 * docs/report.md), used instead of its level's default. */
#define ANNUAL_TEMPLATE "report.template"
int annual_setting_known(const char *key);
/* v as a value of setting key: FZ_EINVAL naming the field. */
int annual_setting_check(const char *key, const json_t *v,
			 const struct kind_registry *reg, struct fz_err *e);

/* The statement catalogue and the default templates read and checked
 * against reg's indicators (at start, as the kinds are). */
int annual_check(const struct kind_registry *reg, struct fz_err *e);

/* The statements the report asks for and whether each is written:
 * [{id, section, label, written, reason}], reason 无记录 (no data), 上年无数据
 * (a change without last year's records) or 不适用于本级别 (another
 * level's), null when written. */
int annual_statements(struct store_conn *c, const struct kind_registry *reg,
		      const struct annual_req *q, json_t **out,
		      struct fz_err *e);

/* The sections of the template with what the organisation wrote:
 * [{section, label, text|null, version, updated_at, updated_by}]. */
int annual_sections(struct store_conn *c, const struct kind_registry *reg,
		    const struct annual_req *q, json_t **out, struct fz_err *e);
/* Whether the template (q->tpl, the organisation's or its level's) has
 * section `name`: 1 or 0, -1 (e set) when it cannot be read. */
int annual_has_section(struct store_conn *c, const struct kind_registry *reg,
		       const struct annual_req *q, const char *name,
		       struct fz_err *e);

/* A figure's name in a template: an indicator id, or id[v1,v2,...] (the
 * sum of those groups of a grouped indicator), or id[v1,...]% (their share
 * of all its groups, in percent). name is n bytes (not terminated); -1
 * when it is not of that form or too long. A figure marked in the
 * report's Markdown may end in "@own": counted over the organisation's
 * own records (a government's 本级), not its subtree's. */
#define ANNUAL_OWN "@own"
struct annual_fig {
	char id[128];
	char groups[256]; /* "v1,v2" or "" */
	int share;
	int own; /* marked @own */
};
int annual_fig_name(const char *name, size_t n, struct annual_fig *f);

/* ---- the writers (annual_out.c, annual_xlsx.c) ----------------------------
 */

/* The report's Markdown (figures marked as template.h's TPL_MARK_* for
 * HTML) as an HTML page, or as the DOCX of template annual_report. */
int annual_md_to_html(const char *md, size_t len, const char *title,
		      struct fz_buf *out, struct fz_err *e);
int annual_md_to_docx(const char *md, size_t len, struct fz_buf *out,
		      struct fz_err *e);
/* The indicator table (ind_all's array) as XLSX bytes; `used` (a JSON
 * object of the ids the template prints, may be NULL) marks them. */
int annual_xlsx(const json_t *indicators, const json_t *used, const char *org,
		int year, struct fz_buf *out, struct fz_err *e);

#endif
