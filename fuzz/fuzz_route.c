/*
 * fuzz_route.c - a request's method and path as the server reads them: the
 * route table (router_match, with its {captures}), and the dates of query
 * strings (cal_date_parse_n). Input: METHOD ' ' PATH.
 */
#include "fuzz.h"

#include "api/api.h"
#include "calendar/calendar.h"
#include "http/router.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_str(data, size), *path = strchr(s, ' ');
	struct route_match m;
	struct fz_err e;
	int day;

	if (path) {
		*path++ = '\0';
		router_match(api_routes, s, path, &m);
	} else {
		router_match(api_routes, "GET", s, &m);
	}
	cal_date_parse_n((const char *)data, size, &day, "date", &e);
	free(s);
	return 0;
}
