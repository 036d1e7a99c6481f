/*
 * text.c - see text.h.
 */
#include "calendar/text.h"

#include "lib/utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void cal_lines_init(struct cal_lines *it, const char *text, size_t len)
{
	it->p = text;
	it->end = text + len;
	it->line = 0;
}

static int is_blank(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r';
}

int cal_lines_next(struct cal_lines *it, const char **s, size_t *n)
{
	const char *b, *e, *nl;

	if (it->p >= it->end)
		return 0;
	b = it->p;
	nl = memchr(b, '\n', (size_t)(it->end - b));
	e = nl ? nl : it->end;
	it->p = nl ? nl + 1 : it->end;
	it->line++;
	while (b < e && is_blank(*b))
		b++;
	while (e > b && is_blank(e[-1]))
		e--;
	*s = b;
	*n = (size_t)(e - b);
	return 1;
}

size_t cal_token_len(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && s[i] != ' ' && s[i] != '\t')
		i++;
	return i;
}

size_t cal_blank_len(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	return i;
}

int cal_text_check(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, k;
	uint32_t cp;

	while (i < n) {
		if ((u[i] < 0x20 && u[i] != '\t') || u[i] == 0x7F)
			return -1;
		k = fz_utf8_seq(u + i, n - i, &cp);
		if (!k)
			return -1;
		i += k;
	}
	return 0;
}
