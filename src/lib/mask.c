/*
 * mask.c - see mask.h.
 *
 * Everything works on code points decoded by lib/utf8.h (invalid bytes
 * count as one character each, so malformed text is still masked). Output
 * goes through a small sticky-error writer: the first failed append stops
 * further appends, and mask_end() puts the buffer back as it was, which
 * gives every function its all-or-nothing contract.
 */
#include "mask.h"

#include "err.h"
#include "utf8.h"

#include <stdint.h>
#include <string.h>

struct mask_out {
	struct fz_buf *b;
	size_t old;
	int rc;
};

static void mask_begin(struct mask_out *w, struct fz_buf *b)
{
	w->b = b;
	w->old = b->len;
	w->rc = 0;
}

static void mask_add(struct mask_out *w, const char *p, size_t n)
{
	if (!w->rc)
		w->rc = fz_buf_add(w->b, p, n);
}

static int mask_end(struct mask_out *w)
{
	if (w->rc)
		fz_buf_setlen(w->b, w->old);
	return w->rc;
}

/* The code point at s (n bytes left, n > 0) and its length; an invalid
 * byte is one character, U+FFFD. */
static size_t u8_next(const char *s, size_t n, uint32_t *cp)
{
	size_t len = fz_utf8_seq((const unsigned char *)s, n, cp);

	if (!len)
		*cp = 0xFFFD;
	return len ? len : 1;
}

static int is_han(uint32_t cp)
{
	return (cp >= 0x3400 && cp <= 0x4DBF) ||
	       (cp >= 0x4E00 && cp <= 0x9FFF) ||
	       (cp >= 0xF900 && cp <= 0xFAFF) ||
	       (cp >= 0x20000 && cp <= 0x2FFFF);
}

/* Separators inside names: kept as they are, not counted. */
static int is_name_sep(uint32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == '.' || cp == '-' ||
	       cp == 0x00B7 || cp == 0x2022 || cp == 0x30FB || cp == 0x3000;
}

static const char *const compound_surnames[] = {
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容",
    "长孙", "宇文", "司徒", "夏侯", "轩辕", "令狐", "钟离", "澹台", "公冶",
    "申屠", "太史", "端木", "独孤", "南宫", "闻人", "呼延", "赫连", "百里",
    "东郭", "西门", "万俟", "拓跋", "第五", "左丘", "仲孙", "单于", "司空",
    "濮阳", "淳于", "谷梁", "乐正", "宗政", "梁丘", "公羊", "亓官", NULL};

static int has_compound_surname(const char *s)
{
	size_t i;

	while (*s == ' ' || *s == '\t')
		s++;
	for (i = 0; compound_surnames[i]; i++)
		if (strncmp(s, compound_surnames[i],
			    strlen(compound_surnames[i])) == 0)
			return 1;
	return 0;
}

static size_t name_chars(const char *s, size_t n)
{
	size_t i = 0, count = 0;
	uint32_t cp;

	while (i < n) {
		i += u8_next(s + i, n - i, &cp);
		if (!is_name_sep(cp))
			count++;
	}
	return count;
}

/* Han characters only, no separator: a name written the Chinese way. */
static int all_han(const char *s, size_t n)
{
	size_t i = 0;
	uint32_t cp;

	while (i < n) {
		i += u8_next(s + i, n - i, &cp);
		if (!is_han(cp))
			return 0;
	}
	return n > 0;
}

int fz_mask_name(const char *s, struct fz_buf *out)
{
	struct mask_out w;
	size_t n = strlen(s), i = 0, k = 0, keep = 1, total, step;
	uint32_t cp;

	mask_begin(&w, out);
	total = name_chars(s, n);
	if (total >= 3 && has_compound_surname(s))
		keep = 2;
	if (total >= 2 && all_han(s, n)) {
		/* the surname and 某某, whatever the name's length */
		for (i = 0; k < keep; k++)
			i += u8_next(s + i, n - i, &cp);
		mask_add(&w, s, i);
		mask_add(&w, "某某", strlen("某某"));
		return mask_end(&w);
	}
	while (i < n) {
		step = u8_next(s + i, n - i, &cp);
		if (is_name_sep(cp) || k < keep || total <= 1)
			mask_add(&w, s + i, step);
		else if (is_han(cp))
			mask_add(&w, "某", strlen("某"));
		else
			mask_add(&w, "*", 1);
		if (!is_name_sep(cp))
			k++;
		i += step;
	}
	return mask_end(&w);
}

/* Keep the first head and the last tail characters, '*' for the others. */
static int keep_ends(const char *s, size_t head, size_t tail,
		     struct fz_buf *out)
{
	struct mask_out w;
	size_t n = strlen(s), i = 0, k = 0, total = 0, step;
	uint32_t cp;

	while (i < n) {
		i += u8_next(s + i, n - i, &cp);
		total++;
	}
	if (head + tail > total)
		head = tail = 0;
	mask_begin(&w, out);
	for (i = 0; i < n; i += step, k++) {
		step = u8_next(s + i, n - i, &cp);
		if (k < head || k >= total - tail)
			mask_add(&w, s + i, step);
		else
			mask_add(&w, "*", 1);
	}
	return mask_end(&w);
}

int fz_mask_id_number(const char *s, struct fz_buf *out)
{
	if (strlen(s) < 12)
		return keep_ends(s, 0, 0, out);
	return keep_ends(s, 6, 4, out);
}

static size_t count_digits(const char *s)
{
	size_t count = 0;

	for (; *s; s++)
		if (*s >= '0' && *s <= '9')
			count++;
	return count;
}

int fz_mask_phone(const char *s, struct fz_buf *out)
{
	struct mask_out w;
	size_t digits, k = 0;

	mask_begin(&w, out);
	if (strncmp(s, "+86", 3) == 0) {
		mask_add(&w, s, 3);
		s += 3;
	}
	digits = count_digits(s);
	for (; *s; s++) {
		if (*s < '0' || *s > '9') {
			mask_add(&w, s, 1);
			continue;
		}
		if (digits >= 8 && (k < 3 || k >= digits - 4))
			mask_add(&w, s, 1);
		else
			mask_add(&w, "*", 1);
		k++;
	}
	return mask_end(&w);
}

static int is_cn_numeral(uint32_t cp)
{
	static const uint32_t nums[] = {
	    0x3007, /* 〇 */ 0x96F6, /* 零 */ 0x4E00, /* 一 */ 0x4E8C, /* 二 */
	    0x4E09, /* 三 */ 0x56DB, /* 四 */ 0x4E94, /* 五 */ 0x516D, /* 六 */
	    0x4E03, /* 七 */ 0x516B, /* 八 */ 0x4E5D, /* 九 */ 0x5341, /* 十 */
	    0x767E, /* 百 */ 0x5343, /* 千 */ 0x4E24, /* 两 */ 0x58F9, /* 壹 */
	    0x8D30, /* 贰 */ 0x53C1, /* 叁 */ 0x8086, /* 肆 */ 0x4F0D, /* 伍 */
	    0x9646, /* 陆 */ 0x67D2, /* 柒 */ 0x634C, /* 捌 */ 0x7396, /* 玖 */
	    0x62FE, /* 拾 */ 0};
	size_t i;

	for (i = 0; nums[i]; i++)
		if (nums[i] == cp)
			return 1;
	return 0;
}

/* Does s (n bytes) begin with a house-number unit? 社 counts unless it is
 * the 社 of 社区 (a community, named, not numbered). */
static int unit_at(const char *s, size_t n)
{
	static const char *const units[] = {"号", "栋", "幢", "单元",
					    "楼", "层", "室", "户",
					    "组", "队", "弄", NULL};
	size_t i, len;

	for (i = 0; units[i]; i++) {
		len = strlen(units[i]);
		if (n >= len && memcmp(s, units[i], len) == 0)
			return 1;
	}
	len = strlen("社");
	return n >= len && memcmp(s, "社", len) == 0 &&
	       !(n >= 2 * len && memcmp(s + len, "区", len) == 0);
}

static void flush_numerals(struct mask_out *w, const char *run, size_t bytes,
			   size_t count, int masked)
{
	if (!masked) {
		mask_add(w, run, bytes);
		return;
	}
	while (count--)
		mask_add(w, "*", 1);
}

int fz_mask_address(const char *s, struct fz_buf *out)
{
	struct mask_out w;
	size_t n = strlen(s), i = 0, run = 0, count = 0, step;
	uint32_t cp;

	mask_begin(&w, out);
	while (i < n) {
		step = u8_next(s + i, n - i, &cp);
		if (is_cn_numeral(cp)) {
			if (!count)
				run = i;
			count++;
			i += step;
			continue;
		}
		if (count)
			flush_numerals(&w, s + run, i - run, count,
				       unit_at(s + i, n - i));
		count = 0;
		if ((cp >= '0' && cp <= '9') || (cp >= 0xFF10 && cp <= 0xFF19))
			mask_add(&w, "*", 1);
		else
			mask_add(&w, s + i, step);
		i += step;
	}
	if (count)
		flush_numerals(&w, s + run, i - run, count, 0);
	return mask_end(&w);
}

static int looks_like_id(const char *s)
{
	size_t n = strlen(s), i;

	if (n != 15 && n != 18)
		return 0;
	for (i = 0; i < n; i++) {
		int digit = s[i] >= '0' && s[i] <= '9';
		int x = i == 17 && (s[i] == 'X' || s[i] == 'x');
		if (!digit && !x)
			return 0;
	}
	return 1;
}

static int looks_like_phone(const char *s)
{
	const char *p;

	for (p = s; *p; p++)
		if (!strchr("0123456789 -+()", *p))
			return 0;
	return count_digits(s) >= 7;
}

int fz_mask_auto(const char *s, struct fz_buf *out)
{
	if (looks_like_id(s))
		return fz_mask_id_number(s, out);
	if (looks_like_phone(s))
		return fz_mask_phone(s, out);
	return fz_mask_name(s, out);
}

/* ---- free text ----------------------------------------------------------- */

static int mask_as(int kind, const char *s, struct fz_buf *out)
{
	switch (kind) {
	case FZ_MASK_NAME:
		return fz_mask_name(s, out);
	case FZ_MASK_ID:
		return fz_mask_id_number(s, out);
	case FZ_MASK_PHONE:
		return fz_mask_phone(s, out);
	case FZ_MASK_ADDRESS:
		return fz_mask_address(s, out);
	default:
		return fz_mask_auto(s, out);
	}
}

/* The longest known value that s begins with, or NULL. */
static const struct fz_mask_value *
known_at(const char *s, const struct fz_mask_value *known, size_t n)
{
	const struct fz_mask_value *best = NULL;
	size_t i, len, best_len = 0;

	for (i = 0; i < n; i++) {
		len = strlen(known[i].text);
		if (len > best_len && strncmp(s, known[i].text, len) == 0) {
			best = &known[i];
			best_len = len;
		}
	}
	return best;
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int is_alnum(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* The length of an ID number or a phone number at s (which is not preceded
 * by a letter or digit) and its kind, or 0: 18 characters (17 digits and a
 * digit or X) or 15 digits; a mobile number, 1[3-9] and 9 digits; a
 * landline, 0 and 2-3 digits, an optional '-', 7-8 digits. None of them may
 * run on into a letter or digit. */
static size_t number_at(const char *s, int *kind)
{
	size_t d = 0, area, rest;

	while (is_digit(s[d]))
		d++;
	if (d == 17 && (s[17] == 'X' || s[17] == 'x') && !is_alnum(s[18])) {
		*kind = FZ_MASK_ID;
		return 18;
	}
	if (is_alnum(s[d]))
		return 0;
	if (d == 18 || d == 15) {
		*kind = FZ_MASK_ID;
		return d;
	}
	*kind = FZ_MASK_PHONE;
	if (d == 11 && s[0] == '1' && s[1] >= '3' && s[1] <= '9')
		return 11;
	if (s[0] != '0')
		return 0;
	if (d >= 10 && d <= 12)
		return d; /* an area code and a number without '-' */
	if ((d == 3 || d == 4) && s[d] == '-') {
		area = d + 1;
		for (rest = 0; is_digit(s[area + rest]); rest++)
			;
		if ((rest == 7 || rest == 8) && !is_alnum(s[area + rest]))
			return area + rest;
	}
	return 0;
}

static int mask_span(int kind, const char *s, size_t len, struct fz_buf *out)
{
	char tmp[64];

	if (len >= sizeof(tmp))
		len = sizeof(tmp) - 1;
	memcpy(tmp, s, len);
	tmp[len] = '\0';
	return mask_as(kind, tmp, out);
}

int fz_mask_text(const char *s, const struct fz_mask_value *known, size_t n,
		 struct fz_buf *out, unsigned counts[FZ_MASK_KINDS])
{
	struct mask_out w;
	const struct fz_mask_value *k;
	size_t i = 0, len = strlen(s), step;
	int prev_alnum = 0, kind = 0;
	uint32_t cp;

	mask_begin(&w, out);
	while (i < len && !w.rc) {
		if ((k = known_at(s + i, known, n)) != NULL) {
			w.rc = mask_as(k->kind, k->text, out);
			counts[k->kind]++;
			i += strlen(k->text);
			prev_alnum = 0;
			continue;
		}
		if (!prev_alnum && is_digit(s[i]) &&
		    (step = number_at(s + i, &kind)) != 0) {
			w.rc = mask_span(kind, s + i, step, out);
			counts[kind]++;
			i += step;
			prev_alnum = 1;
			continue;
		}
		step = u8_next(s + i, len - i, &cp);
		mask_add(&w, s + i, step);
		prev_alnum = step == 1 && is_alnum(s[i]);
		i += step;
	}
	return mask_end(&w);
}
