/*
 * utf8.c - see utf8.h.
 */
#include "utf8.h"

/* The length a lead byte announces and its payload bits, 0 if it cannot
 * start a well-formed sequence (C0 and C1 would only start overlong ones,
 * F5 and above code points past U+10FFFF). */
static size_t lead(unsigned char b, uint32_t *c)
{
	if (b >= 0xC2 && b <= 0xDF) {
		*c = b & 0x1F;
		return 2;
	}
	if (b >= 0xE0 && b <= 0xEF) {
		*c = b & 0x0F;
		return 3;
	}
	if (b >= 0xF0 && b <= 0xF4) {
		*c = b & 0x07;
		return 4;
	}
	return 0;
}

size_t fz_utf8_seq(const unsigned char *s, size_t n, uint32_t *cp)
{
	size_t len, i;
	uint32_t c = 0;

	if (n == 0)
		return 0;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	len = lead(s[0], &c);
	if (!len || n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3F);
	}
	if ((len == 3 && c < 0x800) || (len == 4 && c < 0x10000) ||
	    c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return len;
}

unsigned fz_text_width(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned line = 0, max = 0;
	size_t i = 0, k;
	uint32_t cp;

	while (i < len && max < FZ_TEXT_WIDTH_MAX) {
		k = fz_utf8_seq(p + i, len - i, &cp);
		if (!k)
			cp = 0xFFFD;
		i += k ? k : 1;
		if (cp == '\n')
			line = 0;
		else if (cp >= 0x20)
			line += cp >= 0x1100 ? 2 : 1;
		if (line > max)
			max = line;
	}
	return max < FZ_TEXT_WIDTH_MAX ? max : FZ_TEXT_WIDTH_MAX;
}
