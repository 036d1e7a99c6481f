/*
 * filter.c - the filters of {{field|filter}}, also usable alone through
 * docx_filter_apply() (the HTML and Markdown writers print the same way).
 *
 *   date, cn_date  "2024-01-23" (or a timestamp starting so) → 2024年1月23日:
 *                  GB/T 9704 writes dates in Arabic numerals, the year in
 *                  full, month and day without a leading zero. The date
 *                  is checked by calendar/cal_date_parse_n() (the
 *                  reports' fmt_date() writes the same).
 *   yuan           an amount in yuan → "12,345.00元"
 *   wan            an amount in yuan → "1.23万元" (SPEC §4.1: two
 *                  decimals, no thousands separator, as the reports print)
 *   mask, mask_name, mask_id, mask_phone, mask_address   lib/mask.h
 *
 * Amounts are integers, reals or decimal strings ("1234.5"). They are
 * rounded half away from zero to the fen (and to 0.01 万元) in integer
 * arithmetic: a real is first printed with six decimals, so 1.005 yuan is
 * 1.01 and not the 1.00 its binary value would give. Amounts of more than
 * 15 integer digits are refused.
 */
#include "docx/internal.h"

#include "calendar/calendar.h"
#include "lib/mask.h"

#include <stdio.h>
#include <string.h>

typedef int (*filter_fn)(const json_t *v, struct fz_buf *out, struct fz_err *e);

static int want_string(const json_t *v, const char *what, struct fz_err *e)
{
	if (json_is_string(v))
		return 0;
	return fz_err_set(e, FZ_EINVAL, NULL, "%s expects text", what);
}

static int f_date(const json_t *v, struct fz_buf *out, struct fz_err *e)
{
	const char *s;
	size_t n;
	int day, y, m, d;

	if (want_string(v, "date", e))
		return FZ_EINVAL;
	s = json_string_value(v);
	n = json_string_length(v);
	if (n < 10 || (n > 10 && s[10] != 'T' && s[10] != ' ') ||
	    cal_date_parse_n(s, 10, &day, NULL, NULL))
		return fz_err_set(e, FZ_EINVAL, NULL, "not a date: '%.40s'", s);
	cal_date_split(day, &y, &m, &d);
	return fz_buf_addf(out, "%d年%d月%d日", y, m, d);
}

/* A decimal string to fen, rounded half away from zero. */
static int parse_fen(const char *s, long long *fen)
{
	long long whole = 0, frac = 0;
	int neg = 0, digits = 0, fd = 0;

	if (*s == '-' || *s == '+')
		neg = *s++ == '-';
	for (; *s >= '0' && *s <= '9'; s++, digits++)
		if (digits < 15)
			whole = whole * 10 + (*s - '0');
	if (*s == '.')
		for (s++; *s >= '0' && *s <= '9'; s++, fd++)
			if (fd < 3)
				frac = frac * 10 + (*s - '0');
	if (*s || digits == 0 || digits > 15)
		return FZ_EINVAL;
	for (; fd < 3; fd++)
		frac *= 10;
	*fen = whole * 100 + (frac + 5) / 10;
	if (neg)
		*fen = -*fen;
	return 0;
}

static int amount_fen(const json_t *v, long long *fen, struct fz_err *e)
{
	char tmp[64];
	const char *s = tmp;

	if (json_is_integer(v))
		snprintf(tmp, sizeof(tmp), "%" JSON_INTEGER_FORMAT,
			 json_integer_value(v));
	else if (json_is_real(v))
		snprintf(tmp, sizeof(tmp), "%.6f", json_real_value(v));
	else if (json_is_string(v))
		s = json_string_value(v);
	else
		return fz_err_set(e, FZ_EINVAL, NULL, "not an amount");
	if (parse_fen(s, fen))
		return fz_err_set(e, FZ_EINVAL, NULL, "not an amount: '%.40s'",
				  s);
	return 0;
}

/* Digits of n with a comma every three. */
static int add_grouped(struct fz_buf *out, unsigned long long n)
{
	char d[32];
	int len = snprintf(d, sizeof(d), "%llu", n), i, rc = 0;

	for (i = 0; i < len && !rc; i++) {
		rc = fz_buf_add(out, d + i, 1);
		if (!rc && i < len - 1 && (len - 1 - i) % 3 == 0)
			rc = fz_buf_add(out, ",", 1);
	}
	return rc;
}

static int f_yuan(const json_t *v, struct fz_buf *out, struct fz_err *e)
{
	long long fen;
	unsigned long long a;
	size_t old = out->len;
	int rc = amount_fen(v, &fen, e);

	if (rc)
		return rc;
	a = fen < 0 ? 0ull - (unsigned long long)fen : (unsigned long long)fen;
	rc = fen < 0 ? fz_buf_add(out, "-", 1) : 0;
	if (!rc)
		rc = add_grouped(out, a / 100);
	if (!rc)
		rc = fz_buf_addf(out, ".%02llu元", a % 100);
	if (rc)
		fz_buf_setlen(out, old);
	return rc;
}

static int f_wan(const json_t *v, struct fz_buf *out, struct fz_err *e)
{
	long long fen;
	unsigned long long a, w;
	int rc = amount_fen(v, &fen, e);

	if (rc)
		return rc;
	a = fen < 0 ? 0ull - (unsigned long long)fen : (unsigned long long)fen;
	w = (a + 5000) / 10000; /* hundredths of 万元 */
	return fz_buf_addf(out, "%s%llu.%02llu万元", fen < 0 && w ? "-" : "",
			   w / 100, w % 100);
}

/* Masking takes text; a number (a phone stored as one) is printed first. */
static int mask_with(int (*mask)(const char *, struct fz_buf *),
		     const json_t *v, struct fz_buf *out, struct fz_err *e)
{
	char tmp[32];

	if (json_is_integer(v)) {
		snprintf(tmp, sizeof(tmp), "%" JSON_INTEGER_FORMAT,
			 json_integer_value(v));
		return mask(tmp, out);
	}
	if (want_string(v, "mask", e))
		return FZ_EINVAL;
	return mask(json_string_value(v), out);
}

static int f_mask(const json_t *v, struct fz_buf *out, struct fz_err *e)
{
	return mask_with(fz_mask_auto, v, out, e);
}

static int f_mask_name(const json_t *v, struct fz_buf *out, struct fz_err *e)
{
	return mask_with(fz_mask_name, v, out, e);
}

static int f_mask_id(const json_t *v, struct fz_buf *out, struct fz_err *e)
{
	return mask_with(fz_mask_id_number, v, out, e);
}

static int f_mask_phone(const json_t *v, struct fz_buf *out, struct fz_err *e)
{
	return mask_with(fz_mask_phone, v, out, e);
}

static int f_mask_address(const json_t *v, struct fz_buf *out, struct fz_err *e)
{
	return mask_with(fz_mask_address, v, out, e);
}

static const struct {
	const char *name;
	filter_fn fn;
} filters[] = {
    {"date", f_date},
    {"cn_date", f_date},
    {"yuan", f_yuan},
    {"wan", f_wan},
    {"mask", f_mask},
    {"mask_name", f_mask_name},
    {"mask_id", f_mask_id},
    {"mask_phone", f_mask_phone},
    {"mask_address", f_mask_address},
    {NULL, NULL},
};

static filter_fn find_filter(const char *name)
{
	size_t i;

	for (i = 0; filters[i].name; i++)
		if (strcmp(filters[i].name, name) == 0)
			return filters[i].fn;
	return NULL;
}

int docx_filter_known(const char *name)
{
	return find_filter(name) != NULL;
}

int docx_filter_apply(const char *filter, const json_t *value,
		      struct fz_buf *out, struct fz_err *e)
{
	filter_fn fn = find_filter(filter);

	if (!fn)
		return fz_err_set(e, FZ_EINVAL, NULL, "unknown filter '%s'",
				  filter);
	if (!value)
		return fz_err_set(e, FZ_EINVAL, NULL, "no value");
	return fn(value, out, e);
}
