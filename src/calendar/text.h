/*
 * text.h - small helpers shared by the calendar and rules parsers; internal
 * to src/calendar/ (not part of the module's contract in calendar.h).
 *
 * - allocation that aborts on failure comes from lib/xalloc.h.
 * - struct cal_lines: walks a text buffer line by line (LF or CRLF), giving
 *   each line trimmed of surrounding blanks and its 1-based number. The text
 *   need not be NUL-terminated.
 * - cal_text_check(): is a byte string valid UTF-8 without control
 *   characters (tab allowed)? Everything the parsers keep ends up in JSON,
 *   which needs valid UTF-8.
 */
#ifndef FZ_CALENDAR_TEXT_H
#define FZ_CALENDAR_TEXT_H

#include <stddef.h>

#include "lib/xalloc.h"

struct cal_lines {
	const char *p, *end;
	int line; /* number of the line last returned */
};

void cal_lines_init(struct cal_lines *it, const char *text, size_t len);
/* Next line (trimmed) in *s, *n; returns 0 when the text is exhausted. */
int cal_lines_next(struct cal_lines *it, const char **s, size_t *n);

/* Length of the leading run of non-blank bytes of s[0..n). */
size_t cal_token_len(const char *s, size_t n);
/* Number of leading blanks (space, tab) of s[0..n). */
size_t cal_blank_len(const char *s, size_t n);

/* 0 if s[0..n) is valid UTF-8 without control characters other than tab;
 * else -1. */
int cal_text_check(const char *s, size_t n);

#endif
