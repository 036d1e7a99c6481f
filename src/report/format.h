/*
 * format.h - figures written the way the annual reports write them
 * (the seeds in ../shared/seeds/): 282.81万元, 27.5万平方米, 1733亩,
 * 20000余份, 91.7%, 100%, 2024年1月23日, 一、（一）1. 一是.
 *
 * Rounding is half up on the decimal value (33 of 36 is 91.666… → 91.7%),
 * done on the scaled integer so that binary floating point does not turn
 * 282.805 into 282.80. Every function appends to a capped fz_buf and
 * returns its code (FZ_ETOOBIG when the buffer is full).
 */
#ifndef FZ_REPORT_FORMAT_H
#define FZ_REPORT_FORMAT_H

#include "lib/buf.h"

#include <stdint.h>

#define FMT_M2_PER_MU (10000.0 / 15.0) /* 1亩 = 666.67平方米 */
/* A non-zero figure is never written as 0: a scaled value (万元, 万平方米)
 * or a rate strictly between 0 and 100 takes more decimals, up to this. */
#define FMT_MAX_DECIMALS 4

/* x rounded half up to `decimals` places, written without trailing
 * zeros beyond what is asked: fmt_decimal(27.46, 1) "27.5". */
int fmt_decimal(struct fz_buf *b, double x, int decimals);
/* yuan as 万元 with at most 2 decimals: 2828100 → "282.81万元", 72000 →
 * "7.2万元" (trailing zeros are not written) */
int fmt_wan_yuan(struct fz_buf *b, double yuan);
/* yuan as 亿元 the same way: 3724000000 → "37.24亿元" */
int fmt_yi_yuan(struct fz_buf *b, double yuan);
/* m² as 万平方米 with at most `decimals`: 275000 → "27.5万平方米",
 * 30000 → "3万平方米" */
int fmt_wan_m2(struct fz_buf *b, double m2, int decimals);
/* m² as 平方米, whole: 384 → "384平方米" */
int fmt_m2(struct fz_buf *b, double m2);
/* m² as 平方米 under 1万, as 万平方米 with at most `decimals` from 1万 */
int fmt_area(struct fz_buf *b, double m2, int decimals);
/* m² as whole 万 floored, "余": 121000 → "12万余平方米" (under 1万:
 * fmt_wan_m2 with 2 decimals) */
int fmt_wan_m2_approx(struct fz_buf *b, double m2);
/* m² as 亩, whole: 1155333 → "1733亩" */
int fmt_mu(struct fz_buf *b, double m2);
/* a count with its unit: "48宗"; approx floors to the leading digit and
 * adds 余: 20000 "20000余份", 63 "60余次" (under 10 it is exact) */
int fmt_count(struct fz_buf *b, double n, const char *unit, int approx);
/* num of den as a percentage, one decimal half up; exactly 100 or 0 is
 * written without decimals ("100%"); den 0 gives "0%". */
int fmt_rate(struct fz_buf *b, double num, double den);
/* the same from a percentage already computed */
int fmt_percent(struct fz_buf *b, double pct);
/* with `decimals` (0..4) half up; a rate strictly between 0 and 100 takes
 * more decimals rather than read 0% or 100% (99.996 at 2 → "99.996%"),
 * and exactly 0 or 100 is written without decimals. */
int fmt_percent_d(struct fz_buf *b, double pct, int decimals);
/* A rate's change: "上升3.2个百分点" / "下降0.5个百分点" / "持平" */
int fmt_points(struct fz_buf *b, double change);
/* a calendar day number as 2024年1月23日 */
int fmt_date(struct fz_buf *b, int day);
/* 1..99 in Chinese numerals: 一, 十, 十一, 二十三 */
int fmt_cn_number(struct fz_buf *b, int n);
/* Heading and list markers: level 1 "一、", 2 "（一）", 3 "1.", 4 "一是" */
int fmt_list_marker(struct fz_buf *b, int level, int n);
/* Against last year: "增加N件" / "减少N件" / "持平" (n: now - before) */
int fmt_change(struct fz_buf *b, double change, const char *unit);

#endif
