/*
 * text.c - see text.h.
 */
#include "calendar/text.h"

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

/* Length of the UTF-8 sequence at s (at most n bytes), 0 if invalid. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
	size_t len;
	unsigned int cp, min;

	if (s[0] < 0x80)
		return 1;
	if ((s[0] & 0xE0) == 0xC0)
		len = 2, cp = s[0] & 0x1F, min = 0x80;
	else if ((s[0] & 0xF0) == 0xE0)
		len = 3, cp = s[0] & 0x0F, min = 0x800;
	else if ((s[0] & 0xF8) == 0xF0)
		len = 4, cp = s[0] & 0x07, min = 0x10000;
	else
		return 0;
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return len;
}

int cal_text_check(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, k;

	while (i < n) {
		if ((u[i] < 0x20 && u[i] != '\t') || u[i] == 0x7F)
			return -1;
		k = utf8_seq(u + i, n - i);
		if (!k)
			return -1;
		i += k;
	}
	return 0;
}
