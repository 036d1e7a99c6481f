/*
 * format.c - see format.h.
 */
#include "format.h"

#include "calendar/calendar.h"
#include "lib/err.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* x * 10^d rounded half up, as an integer; a tiny allowance absorbs the
 * binary error of values such as 282.805 (really 282.80499999…). */
static long long scaled(double x, int decimals)
{
	double p = pow(10.0, decimals);
	double v = fabs(x) * p;
	long long r = (long long)floor(v + 0.5 + 1e-9 * (v > 1 ? v : 1));

	return x < 0 ? -r : r;
}

int fmt_decimal(struct fz_buf *b, double x, int decimals)
{
	long long s = scaled(x, decimals), p = 1, ip, fp;
	int i;

	for (i = 0; i < decimals; i++)
		p *= 10;
	ip = (s < 0 ? -s : s) / p;
	fp = (s < 0 ? -s : s) % p;
	if (decimals == 0)
		return fz_buf_addf(b, "%s%lld", s < 0 ? "-" : "", ip);
	return fz_buf_addf(b, "%s%lld.%0*lld", s < 0 ? "-" : "", ip, decimals,
			   fp);
}

/* x in units of `per`, rounded half up to `decimals` and written without
 * trailing zeros (7.20万元 is written 7.2万元, 3.00万平方米 3万平方米), then
 * the unit. */
static int scaled_unit(struct fz_buf *b, double x, double per, int decimals,
		       const char *unit)
{
	size_t start = b->len;
	int rc = fmt_decimal(b, x / per, decimals);

	if (!rc && decimals > 0) {
		while (b->len > start && b->data[b->len - 1] == '0')
			b->len--;
		if (b->len > start && b->data[b->len - 1] == '.')
			b->len--;
	}
	return rc ? rc : fz_buf_adds(b, unit);
}

/* The fewest decimals from `decimals` up to FMT_MAX_DECIMALS at which a
 * non-zero x / per does not round to 0: 384平方米 is 0.04万平方米, never
 * 0万平方米. */
static int nonzero_decimals(double x, double per, int decimals)
{
	while (x != 0 && decimals < FMT_MAX_DECIMALS &&
	       scaled(x / per, decimals) == 0)
		decimals++;
	return decimals;
}

int fmt_wan_yuan(struct fz_buf *b, double yuan)
{
	return scaled_unit(b, yuan, 1e4, nonzero_decimals(yuan, 1e4, 2),
			   "万元");
}

int fmt_yi_yuan(struct fz_buf *b, double yuan)
{
	return scaled_unit(b, yuan, 1e8, nonzero_decimals(yuan, 1e8, 2),
			   "亿元");
}

int fmt_wan_m2(struct fz_buf *b, double m2, int decimals)
{
	return scaled_unit(b, m2, 1e4, nonzero_decimals(m2, 1e4, decimals),
			   "万平方米");
}

int fmt_m2(struct fz_buf *b, double m2)
{
	return scaled_unit(b, m2, 1, nonzero_decimals(m2, 1, 0), "平方米");
}

int fmt_area(struct fz_buf *b, double m2, int decimals)
{
	return m2 < 10000.0 ? fmt_m2(b, m2) : fmt_wan_m2(b, m2, decimals);
}

int fmt_wan_m2_approx(struct fz_buf *b, double m2)
{
	if (m2 < 10000.0)
		return fmt_wan_m2(b, m2, 2);
	return fz_buf_addf(b, "%lld万余平方米", (long long)(m2 / 10000.0));
}

int fmt_mu(struct fz_buf *b, double m2)
{
	int rc = fmt_decimal(b, m2 / FMT_M2_PER_MU, 0);
	return rc ? rc : fz_buf_adds(b, "亩");
}

/* n floored to its leading digit: 63 → 60, 20500 → 20000 */
static double leading(double n)
{
	double p = 1;

	while (p * 10 <= n)
		p *= 10;
	return (double)(long long)(n / p) * p;
}

int fmt_count(struct fz_buf *b, double n, const char *unit, int approx)
{
	int rc = fmt_decimal(b, approx && n >= 10 ? leading(n) : n, 0);

	if (!rc && approx && n >= 10)
		rc = fz_buf_adds(b, "余");
	return rc ? rc : fz_buf_adds(b, unit ? unit : "");
}

int fmt_percent_d(struct fz_buf *b, double pct, int decimals)
{
	long long s = scaled(pct, decimals), p = 1;
	int i, rc;

	for (i = 0; i < decimals; i++)
		p *= 10;
	/* strictly between 0 and 100: never written as 0% or 100% */
	while (decimals < FMT_MAX_DECIMALS + 2 && pct > 0 && pct < 100 &&
	       (s == 0 || s == 100 * p)) {
		decimals++;
		p *= 10;
		s = scaled(pct, decimals);
	}
	if (s == 0 || s == 100 * p)
		rc = fz_buf_addf(b, "%lld", s / p);
	else
		rc = fmt_decimal(b, pct, decimals);
	return rc ? rc : fz_buf_adds(b, "%");
}

int fmt_percent(struct fz_buf *b, double pct)
{
	return fmt_percent_d(b, pct, 1);
}

int fmt_points(struct fz_buf *b, double change)
{
	int rc;

	if (scaled(change, 1) == 0)
		return fz_buf_adds(b, "持平");
	rc = fz_buf_adds(b, change > 0 ? "上升" : "下降");
	if (!rc)
		rc = fmt_decimal(b, fabs(change), 1);
	return rc ? rc : fz_buf_adds(b, "个百分点");
}

int fmt_rate(struct fz_buf *b, double num, double den)
{
	return fmt_percent(b, den > 0 ? num * 100.0 / den : 0);
}

int fmt_date(struct fz_buf *b, int day)
{
	int y, m, d;

	if (!cal_date_valid(day))
		return FZ_EINVAL;
	cal_date_split(day, &y, &m, &d);
	return fz_buf_addf(b, "%d年%d月%d日", y, m, d);
}

int fmt_cn_number(struct fz_buf *b, int n)
{
	static const char *const digit[] = {"",	  "一", "二", "三", "四",
					    "五", "六", "七", "八", "九"};
	int rc = 0;

	if (n < 1 || n > 99)
		return fz_buf_addf(b, "%d", n);
	if (n >= 20)
		rc = fz_buf_adds(b, digit[n / 10]);
	if (!rc && n >= 10)
		rc = fz_buf_adds(b, "十");
	if (!rc && n % 10)
		rc = fz_buf_adds(b, digit[n % 10]);
	return rc;
}

int fmt_list_marker(struct fz_buf *b, int level, int n)
{
	int rc;

	switch (level) {
	case 1:
		rc = fmt_cn_number(b, n);
		return rc ? rc : fz_buf_adds(b, "、");
	case 2:
		rc = fz_buf_adds(b, "（");
		if (!rc)
			rc = fmt_cn_number(b, n);
		return rc ? rc : fz_buf_adds(b, "）");
	case 3:
		return fz_buf_addf(b, "%d.", n);
	default:
		rc = fmt_cn_number(b, n);
		return rc ? rc : fz_buf_adds(b, "是");
	}
}

int fmt_change(struct fz_buf *b, double change, const char *unit)
{
	int rc;

	if (scaled(change, 2) == 0)
		return fz_buf_adds(b, "持平");
	rc = fz_buf_adds(b, change > 0 ? "增加" : "减少");
	if (!rc)
		rc = fmt_decimal(
		    b, fabs(change),
		    scaled(change, 0) * 100 == scaled(change, 2) ? 0 : 2);
	return rc ? rc : fz_buf_adds(b, unit ? unit : "");
}
