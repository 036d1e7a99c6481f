/*
 * clock.h - the one source of "now" (unix milliseconds), replaceable so that
 * tests can move time (idle expiry, lockout) without sleeping.
 *
 * fz_now_ms() returns the real time unless fz_clock_set() installed another
 * function. fz_ms_to_local() formats a time as Asia/Shanghai (UTC+8, no
 * daylight saving since 1991), "2024-01-23 09:30:00".
 */
#ifndef FZ_CLOCK_H
#define FZ_CLOCK_H

#include <stddef.h>
#include <stdint.h>

typedef int64_t (*fz_clock_fn)(void);

int64_t fz_now_ms(void);
void fz_clock_set(fz_clock_fn fn); /* NULL restores the real clock */
void fz_ms_to_local(int64_t ms, char *out, size_t n);
/* Asia/Shanghai civil date of a time, "2024-01-23". */
void fz_ms_to_local_date(int64_t ms, char *out, size_t n);

#endif
