/*
 * mask.h - masking of personal data before it is published or printed for
 * the public (SPEC §2.1 公示: "张某某, ID and phone numbers masked").
 *
 * Each function appends the masked form of the UTF-8 text s to out and
 * returns 0, or FZ_ETOOBIG when out's cap is reached (out then holds what
 * it held before). The functions never fail on odd input: text that does
 * not look like what the function expects is masked more, never less.
 *
 *   fz_mask_name       a Chinese name becomes its surname and 某某, whatever
 *                      its length (which it would tell): 张三 → 张某某,
 *                      王小二子 → 王某某, 欧阳娜娜 → 欧阳某某 (compound
 *                      surnames keep both characters when the name has
 *                      three or more). A name with separators (· space .
 *                      -) or other letters keeps its separators and first
 *                      character; other Han characters become 某, other
 *                      letters and digits '*'. A one-character name is
 *                      kept.
 *   fz_mask_id_number  first 6 and last 4 kept, the rest '*':
 *                      500109199001011234 → 500109********1234 (18 digits,
 *                      15 digits alike); fewer than 12 characters: all '*'.
 *   fz_mask_phone      over the digits: first 3 and last 4 kept, the others
 *                      '*', separators kept: 13812345678 → 138****5678,
 *                      023-68881234 → 023-****1234; a leading +86 is kept
 *                      as it is; fewer than 8 digits: all digits '*'.
 *   fz_mask_address    up to the district, town and street the text stays;
 *                      every digit (ASCII or full-width) becomes '*', and so
 *                      does a run of Chinese numerals directly followed by a
 *                      house-number unit (号 栋 幢 单元 楼 层 室 户 组 社 队
 *                      弄): 五星村三组 → 五星村*组, 两路口 stays.
 *   fz_mask_auto       an ID number (15 or 18 characters, digits and a final
 *                      X) or a phone (7+ digits, separators) is masked as
 *                      such, anything else as a name.
 *   fz_mask_text       free text (a title, a place, a decision's text) as the
 *                      public may see it: every occurrence of a known value
 *                      (the record's own parties: their names, ID numbers,
 *                      phones, addresses; the longest first) is replaced by
 *                      its masked form, and so is any ID number (15 or 18
 *                      characters) or phone number (a mobile number, a
 *                      landline with its area code) found in the rest; the
 *                      count of replacements of each kind is added to
 *                      counts[kind].
 */
#ifndef FZ_MASK_H
#define FZ_MASK_H

#include "buf.h"

int fz_mask_name(const char *s, struct fz_buf *out);
int fz_mask_id_number(const char *s, struct fz_buf *out);
int fz_mask_phone(const char *s, struct fz_buf *out);
int fz_mask_address(const char *s, struct fz_buf *out);
int fz_mask_auto(const char *s, struct fz_buf *out);

/* What a known value is; FZ_MASK_AUTO: fz_mask_auto decides. */
enum {
	FZ_MASK_AUTO = 0,
	FZ_MASK_NAME,
	FZ_MASK_ID,
	FZ_MASK_PHONE,
	FZ_MASK_ADDRESS,
	FZ_MASK_KINDS
};

struct fz_mask_value {
	const char *text;
	int kind;
};

int fz_mask_text(const char *s, const struct fz_mask_value *known, size_t n,
		 struct fz_buf *out, unsigned counts[FZ_MASK_KINDS]);

#endif
