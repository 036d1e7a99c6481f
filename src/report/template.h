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
 * figures cover, e.g. a government's departments), the organisation's
 * voice (`self` 本局/本机关/县政府, `region` 区/县/市, `gov` the
 * government's name, `above` the level above), `text:SECTION` (a
 * narrative section the organisation writes; its one filter is
 * label:LABEL, the section's title for the editor), or statements of the
 * catalogue (`compose:SECTION` every statement of a section that has data,
 * `say:ID` one statement). Filters of figures (docs/report.md): count:UNIT
 * (48宗), approx:UNIT (a computed count floored to its leading digit,
 * 3000余人次; a figure entered as approximate keeps its number, 3700余),
 * about:UNIT (约850人次), wan_yuan (282.81万元), yi_yuan (37.24亿元),
 * wan_m2:D (27.5万平方米), m2 (384平方米), area:D (平方米 under 1万,
 * 万平方米 from it), wan_m2_approx (12万余平方米), mu (1733亩), percent:D
 * (91.7%; D or the indicator's decimals, default 1; never 0% or 100%
 * strictly between), split:UNIT ("，其中A3件、B2件、其他1件" from the
 * groups), number, change:UNIT (增加4宗), previous:UNIT, compare:UNIT
 * ("，与去年相比增加4宗", nothing when last year has no records of the
 * kind), points ("，较去年上升3.2个百分点", the same), groups:N ("国家宪法日、
 * 全国土地日等": the labels of the N groups holding most), top:N (their
 * share of all the records, 84.0%). {{list}} writes
 * the records a statement lists (statements.h). A non-zero amount
 * is never written as 0 (0.04万平方米, not 0万平方米).
 *
 * {{?ID}} … {{/?}} keeps the text between only when figure ID has data
 * (not 0, or for a rate a denominator that is not 0), and so has every
 * figure the text between prints: a clause never writes a zero as a
 * result (and a change in it, last year's records). Conditions do not
 * nest.
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

/* One group of a grouped figure (split:UNIT). */
struct tpl_group {
	const char *value; /* NULL: records of no group */
	const char *label;
	double amount;
};

/* A figure as the template writes it. */
struct tpl_fig {
	double now, before;
	int has_before; /* last year has records of the kind to compare */
	int rate;	/* a rate: den is its denominator this year */
	double den;
	int decimals; /* declared by the indicator, -1: none */
	int entered;  /* a figure entered by hand (manual_figure) ... */
	int approx;   /* ... and entered as approximate ("余") */
	const struct tpl_group *g;
	size_t ng;
	/* How the organisation writes it (its report.style), over the
	 * statement's filter: the unit of a count (条 for 件), of an area
	 * (平方米, 万平方米, 亩) or of money (万元, 亿元); the decimals; a
	 * count written approximately (60余次). NULL, -1, 0: as the filter. */
	const char *unit;
	int style_decimals;
	int style_approx;
};

/* The figure `name`; 0, or non-zero if there is none. f is zeroed with
 * decimals and style_decimals -1 before the call. */
typedef int (*tpl_value_fn)(const char *name, struct tpl_fig *f, void *arg);
/* The text of a narrative section or of statements (may be NULL: printed
 * empty): text:SECTION gets SECTION, {{compose:S}} and {{say:ID}} their
 * whole name. */
typedef const char *(*tpl_text_fn)(const char *section, void *arg);

/* The voice of the organisation ({{self}} 本局, {{region}} 县, {{gov}}
 * 云溪县人民政府, {{above}} the level above). */
enum { TPL_SELF, TPL_REGION, TPL_GOV, TPL_ABOVE, TPL_VOICE_N };
/* At most this many groups are named by split:, the rest are 其他. */
#define TPL_SPLIT_MAX 4

struct tpl_env {
	const char *org;
	int year;
	int date;	   /* {{date}}: a day number (0: printed empty) */
	const char *scope; /* {{scope}}: what the figures cover (may be NULL) */
	const char *voice[TPL_VOICE_N];
	int mark; /* figures between TPL_MARK_* (the HTML preview) */
	const char *mark_scope; /* written after a marked figure's name */
	tpl_value_fn value;
	tpl_text_fn text;
	tpl_text_fn statements;
	/* {{list}}: the records a statement names (may be NULL) */
	const char *(*list)(void *arg);
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

/* Whether a statement's text can be written: TPL_WRITABLE when every
 * figure it prints outside a condition has data (tpl_figure_has_data: no
 * zero is written as a result, no rate over nothing; compare:, points and
 * split: leave themselves out instead), every change it prints outside a
 * condition has last year's records, and some figure has data; otherwise
 * why not. */
enum { TPL_WRITABLE = 0, TPL_NO_DATA, TPL_NO_PREVIOUS };
int tpl_writable(const struct tpl *t, const struct tpl_env *env);
/* A count or sum that is not 0, a rate whose denominator is not 0. */
int tpl_figure_has_data(const struct tpl_fig *f);
/* 1 if the text names sections or statements (a statement may not). */
int tpl_uses_words(const struct tpl *t);

/* The sections and statements the template asks for, in order:
 * cb("text:SECTION" | "compose:SECTION" | "say:ID", arg) for each. */
void tpl_words(const struct tpl *t, void (*cb)(const char *name, void *arg),
	       void *arg);
/* 1 if the template prints builtin `name` ("list"). */
int tpl_uses(const struct tpl *t, const char *name);
/* The statements the template asks for, in order: cb("compose:SECTION" or
 * "say:ID", arg) for each. */
void tpl_statements(const struct tpl *t,
		    void (*cb)(const char *name, void *arg), void *arg);
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
