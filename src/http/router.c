/*
 * router.c - see router.h. Linear over the table: a few dozen routes, each
 * compared segment by segment without allocation.
 */
#include "router.h"

#include <stdio.h>
#include <string.h>

/* Length of the segment at s (up to '/' or end). */
static size_t seg_len(const char *s)
{
	return strcspn(s, "/");
}

static int match_path(const char *pat, const char *path, struct route_match *m)
{
	m->ncaptures = 0;
	while (*pat && *path) {
		size_t pl, sl;
		if (*pat != '/' || *path != '/')
			return 0;
		pat++;
		path++;
		pl = seg_len(pat);
		sl = seg_len(path);
		if (pl > 1 && pat[0] == '{' && pat[pl - 1] == '}') {
			if (sl == 0 || sl >= ROUTER_CAPTURE_LEN ||
			    m->ncaptures == ROUTER_MAX_CAPTURES)
				return 0;
			memcpy(m->captures[m->ncaptures], path, sl);
			m->captures[m->ncaptures++][sl] = '\0';
		} else if (pl != sl || memcmp(pat, path, pl) != 0) {
			return 0;
		}
		pat += pl;
		path += sl;
	}
	return *pat == '\0' && *path == '\0';
}

static void add_allow(struct route_match *m, const char *method)
{
	size_t used = strlen(m->allow);

	if (strstr(m->allow, method))
		return;
	snprintf(m->allow + used, sizeof(m->allow) - used, "%s%s",
		 used ? ", " : "", method);
}

enum router_result router_match(const struct route *table, const char *method,
				const char *path, struct route_match *m)
{
	const struct route *r;
	int path_seen = 0;

	memset(m, 0, sizeof(*m));
	for (r = table; r->method; r++) {
		if (!match_path(r->pattern, path, m))
			continue;
		if (strcmp(r->method, method) == 0 ||
		    (!strcmp(method, "HEAD") && !strcmp(r->method, "GET"))) {
			m->route = r;
			m->index = (size_t)(r - table);
			return ROUTER_FOUND;
		}
		path_seen = 1;
		add_allow(m, r->method);
		if (!strcmp(r->method, "GET"))
			add_allow(m, "HEAD");
	}
	m->ncaptures = 0;
	return path_seen ? ROUTER_NO_METHOD : ROUTER_NO_PATH;
}
