/*
 * statements.h - the statement catalogue of the annual report (issue 13):
 * the files of data/report/statements/, embedded, read and checked as a whole.
 *
 * A statement is one sentence of a report with the figures it writes
 * (docs/report.md, "Statements"):
 *
 *   {"id": "enforcement.filed", "section": "enforcement",
 *    "text": "全年立案查处违法案件{{enforcement.cases_filed|count:宗}}…。",
 *    "voices": {"government": "…"}, "levels": ["department"],
 *    "scope": "own", "when": ["enforcement.cases_filed"]}
 *
 * - text: the sentence in the template language (template.h), without
 *   sections or statements of its own; voices: the sentence as a
 *   government (region, government) or a department (department, unit)
 *   says it, where that differs from text;
 * - levels: the organisations that write it (default all);
 * - scope: "own" counts the organisation's own records only (a
 *   government's 本级), "all" (default) its whole subtree;
 * - when: figures that must all have data; without it the sentence is
 *   written when one of its figures has data, every rate it prints has a
 *   denominator and every change it prints has last year's records
 *   (tpl_writable); unless: figures that must have none (the shorter
 *   sentence where a longer one would say it);
 * - list: {"indicator": ID, "max": N, "book": true}: {{list}} in the
 *   text writes the
 *   titles of the records behind indicator ID this year (the trainings,
 *   the events, the documents), at most N (default 5, at most 20) and 等
 *   after them when there are more; the sentence is written only when
 *   there is one; book puts each title between 《》 (documents);
 * - labels: {"ID": {"VALUE": "label"}}: how split: names the groups of
 *   figure ID in this sentence, where the form's label does not read as
 *   a report's (被告（本机关） is 本机关作为被告).
 *
 * stmt_load checks every file: unknown keys, ids repeated, a text that
 * does not parse or names an unknown figure; the error names the file and
 * the JSON path: "data/report/statements/enforcement.json:
 * $.statements[3].text: template line 1: unknown indicator 'x'".
 *
 * Ownership: the catalogue owns every statement, its parsed texts and the
 * JSON they point into; stmt_release frees all.
 */
#ifndef FZ_REPORT_STATEMENTS_H
#define FZ_REPORT_STATEMENTS_H

#include "kinds/kind.h"
#include "lib/err.h"
#include "report/template.h"

#include <jansson.h>

#define STMT_DIR "data/report/statements/"

/* The two voices: a department's (and a unit's), a government's (and a
 * region's). */
enum { STMT_DEPARTMENT, STMT_GOVERNMENT, STMT_NVOICES };

struct stmt {
	const char *id, *section, *file;
	struct tpl *text[STMT_NVOICES]; /* [GOVERNMENT] NULL: text[0] */
	const char *raw;		/* the department's text, as in docs */
	unsigned levels;		/* 1 << STMT_*: who writes it */
	int own;	   /* 本级: the organisation's own records */
	const char **when; /* figures that must all have data */
	size_t nwhen;
	const char **unless; /* figures that must all have none */
	size_t nunless;
	const char *list; /* {{list}}: the titles of this indicator's records */
	int list_max;	  /* at most so many, then 等 */
	int list_book;	  /* titles of documents: between 《》 */
	const json_t *labels; /* {ID: {group value: label}}: split's words */
};

struct stmt_catalogue {
	struct stmt *v;
	size_t n;
	json_t *docs; /* the files as read: the strings point into them */
};

/* Reads the embedded catalogue; figures are checked against reg's
 * indicators by `known` (annual.c's figure names). Nothing is kept on
 * error. */
int stmt_load(struct stmt_catalogue *c, tpl_known_fn known, void *arg,
	      struct fz_err *e);
/* One file's statements added to c (zeroed before the first); on error c
 * holds what was read before and must still be released. */
int stmt_add(struct stmt_catalogue *c, const char *file, const char *text,
	     size_t len, tpl_known_fn known, void *arg, struct fz_err *e);
void stmt_release(struct stmt_catalogue *c);
const struct stmt *stmt_find(const struct stmt_catalogue *c, const char *id);
/* 1 if some statement is of this section. */
int stmt_has_section(const struct stmt_catalogue *c, const char *section);
/* The voice of an organisation of this level ("government", "region" or
 * the others). */
int stmt_voice(const char *level);

#endif
