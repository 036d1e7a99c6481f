/*
 * utf8.h - decoding UTF-8 one sequence at a time, and display widths.
 *
 *   size_t k = fz_utf8_seq(p + i, n - i, &cp);   0: not a valid sequence
 *
 * A sequence is well formed as RFC 3629 says: the shortest form, no
 * surrogates, nothing above U+10FFFF. What to do with an invalid byte is
 * the caller's choice (replace it by U+FFFD, count it as one character,
 * refuse the text); the usual step is `i += k ? k : 1`.
 */
#ifndef FZ_UTF8_H
#define FZ_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* The widest fz_text_width() reports (Excel's widest column). */
#define FZ_TEXT_WIDTH_MAX 255

/* Length of the well-formed UTF-8 sequence at s[0..n) and its code point
 * in *cp, or 0 (cp untouched) when the bytes there are not one or n is 0. */
size_t fz_utf8_seq(const unsigned char *s, size_t n, uint32_t *cp);

/* Display width of the widest line of s[0..len), at most
 * FZ_TEXT_WIDTH_MAX: a character from U+1100 on (CJK, full-width forms,
 * most symbols) counts two, any other from U+0020 on one, one below
 * nothing; '\n' starts a new line. An invalid byte counts as one U+FFFD
 * (two). */
unsigned fz_text_width(const char *s, size_t len);

#endif
