/*
 * fuzz_calendar.c - the holidays file (data/calendar/holidays.txt, the
 * format `fazhi calendar import` takes): cal_load, then, when it loads,
 * a period counted in working days over the years it gave.
 */
#include "fuzz.h"

#include "calendar/calendar.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cal_calendar c;
	struct fz_err e;
	int day, end;

	cal_init(&c);
	if (cal_load(&c, (const char *)data, size, "fuzz.txt", &e) == 0 &&
	    cal_date_make(2024, 1, 1, &day, "day", &e) == 0 &&
	    cal_add_working_days(&c, day, 20, &end, &e) == 0)
		(void)cal_working_days(&c, day, end);
	cal_release(&c);
	return 0;
}
