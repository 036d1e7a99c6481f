/*
 * template.h - the report template language (issue 7): Markdown text with
 * placeholders bound to indicators and formatting filters.
 *
 *   全年立案查处土地违法案件{{enforcement.cases_filed|count:宗}}，罚款
 *   {{enforcement.fines|wan_yuan}}，{{enforcement.cases_filed|change:宗}}。
 *   {{text:measures}}
 *
 * A placeholder is {{NAME}} or {{NAME|FILTER}} or {{NAME|FILTER:ARG}}.
 * NAME is an indicator id, `org` (the organisation's name), `year`,
 * `next_year`, `date` (the report's date, 2024年1月23日), `scope` (what the
 * figures cover, e.g. a government's departments), or `text:SECTION` (a
 * narrative section the organisation writes; its one filter is
 * label:LABEL, the section's title for the editor). Filters of figures:
 * count:UNIT (48宗), approx:UNIT (20000余份: floored to its leading
 * digit), about:UNIT (约850人次), wan_yuan (282.81万元), yi_yuan
 * (37.24亿元), wan_m2:DECIMALS
 * (27.5万平方米), wan_m2_approx (12万余平方米), mu (1733亩), percent
 * (91.7%), number, change:UNIT (增加4宗 against last year),
 * previous:UNIT (last year's value), compare:UNIT ("，与去年相比增加4宗",
 * or nothing when last year's figure is 0: no records to compare with). Without
 * a filter an indicator prints as a number.
 *
 * {{?ID}} … {{/?}} keeps the text between only when indicator ID (a
 * figure name as above, groups included) is not 0: a clause about fines
 * is left out of a report that has none. Conditions do not nest.
 *
 * tpl_parse() checks the whole text once: an unclosed placeholder, an
 * unknown filter, a filter argument that does not fit, or (through the
 * caller's `known` function) an unknown name is FZ_EINVAL naming the line
 * and the placeholder: "template line 12: unknown indicator
 * 'enforcement.case_filed'". tpl_render() then fills it from the values the
 * caller's lookup gives.
 */
#ifndef FZ_REPORT_TEMPLATE_H
#define FZ_REPORT_TEMPLATE_H

#include "lib/buf.h"
#include "lib/err.h"

struct tpl;

/* What a template may name: return 1 if `name` exists. */
typedef int (*tpl_known_fn)(const char *name, void *arg);
/* The value and last year's of an indicator; 0, or non-zero if absent. */
typedef int (*tpl_value_fn)(const char *id, double *now, double *before,
			    void *arg);
/* The text of a narrative section (may be NULL: printed empty). */
typedef const char *(*tpl_text_fn)(const char *section, void *arg);

struct tpl_env {
	const char *org;
	int year;
	int date;	   /* {{date}}: a day number (0: printed empty) */
	const char *scope; /* {{scope}}: what the figures cover (may be NULL) */
	int mark;	   /* figures between TPL_MARK_* (the HTML preview) */
	tpl_value_fn value;
	tpl_text_fn text;
	void *arg;
};

int tpl_parse(struct tpl **out, const char *text, size_t len,
	      tpl_known_fn known, void *arg, struct fz_err *e);
void tpl_free(struct tpl *t);
/* Markdown. */
int tpl_render(const struct tpl *t, const struct tpl_env *env,
	       struct fz_buf *out, struct fz_err *e);
/* A figure printed with env.mark: OPEN id MID text CLOSE. The marks are
 * characters of Unicode's private use area, which no report contains
 * (section texts are cleaned of them before rendering). */
#define TPL_MARK_OPEN  "\xee\x80\x80"
#define TPL_MARK_MID   "\xee\x80\x81"
#define TPL_MARK_CLOSE "\xee\x80\x82"

/* The sections (text:NAME) the template asks for, in order of first use,
 * with their labels (NAME when the template gives none). */
void tpl_sections(const struct tpl *t,
		  void (*cb)(const char *name, const char *label, void *arg),
		  void *arg);
/* The indicator ids the template uses, in order of first use (for the
 * report's XLSX of inputs): cb(id, arg) for each. */
void tpl_indicators(const struct tpl *t, void (*cb)(const char *id, void *arg),
		    void *arg);

#endif
