/*
 * compose.h - for annual.c only: the composer of the annual report
 * (issue 13). A template (the organisation's, or the default of its level:
 * data/report/department.md, government.md) places sections, narrative
 * texts and statements ({{compose:SECTION}}, {{say:ID}}); the composer
 * writes each statement of the catalogue (statements.h) whose data exist,
 * in the organisation's voice, and the manual figures confirmed for the
 * year that no statement wrote, each in the section chosen for it.
 *
 * Before anything is written every statement the template asks for is
 * judged (written, or left out and why), so that a manual figure is
 * written by its own sentence where one speaks of it and by a sentence of
 * its own otherwise: no confirmed figure is left out.
 *
 * Ownership: compose_open allocates everything, compose_close frees it.
 */
#ifndef FZ_REPORT_COMPOSE_H
#define FZ_REPORT_COMPOSE_H

#include "report/annual.h"
#include "report/template.h"

struct compose;

/* The figures of the organisation (and of its own records, for a
 * government's 本级), its sections, the catalogue and the template. */
int compose_open(struct compose **out, struct store_conn *c,
		 const struct kind_registry *reg, const struct annual_req *q,
		 int mark, struct fz_err *e);
void compose_close(struct compose *x);
/* The report's Markdown. */
int compose_markdown(struct compose *x, struct fz_buf *md, struct fz_err *e);
/* What was judged: [{id, section, label, written, reason}] (label: the
 * sentence without its placeholders, cut to 40 characters; reason 无记录,
 * 上年无数据, 不适用于本级别; null when written), borrowed. */
const json_t *compose_outcomes(const struct compose *x);
/* The template (borrowed). */
const struct tpl *compose_template(const struct compose *x);
/* The figures by id (ind_all's entries, borrowed). */
json_t *compose_figures(const struct compose *x);

/* The indicators the written statements print: cb(id, arg) each. */
void compose_used(const struct compose *x,
		  void (*cb)(const char *id, void *arg), void *arg);

/* The template of q parsed against reg: q->tpl, else the organisation's
 * own (its setting report.template; c may be NULL: none), else its
 * level's. */
int compose_parse(struct store_conn *c, const struct kind_registry *reg,
		  const struct annual_req *q, struct tpl **t, struct fz_err *e);

#endif
