/*
 * router.h - the route table and its matcher. Pure: no I/O, no MHD.
 *
 * A route is (method, pattern, handler, roles, flags). Patterns are paths
 * whose segments are literal or a capture `{name}`:
 * "/api/v1/orgs/{id}". router_match() finds the route for a method and path:
 * ROUTER_FOUND with the captures, ROUTER_NO_METHOD when the path matches
 * only under other methods (405; `allow` lists them), ROUTER_NO_PATH (404).
 * HEAD matches the GET routes (libmicrohttpd leaves the body out).
 */
#ifndef FZ_HTTP_ROUTER_H
#define FZ_HTTP_ROUTER_H

#include <stddef.h>

struct http_req;
typedef int (*http_handler)(struct http_req *r);

enum route_flags {
	R_PUBLIC = 1u << 0,	  /* no account needed */
	R_JSON_BODY = 1u << 1,	  /* body must be a JSON object */
	R_RATE_LIMITED = 1u << 2, /* per-address rate limit applies */
	R_PW_CHANGE_OK = 1u << 3, /* allowed while a password must change */
	R_UPLOAD = 1u << 4,	  /* raw body up to max_upload, not max_body */
	R_RATE_ACCOUNT = 1u << 5, /* the body's username is rate-limited too */
};

struct route {
	const char *method;
	const char *pattern;
	http_handler handler;
	unsigned roles; /* allowed roles; 0 = any authenticated user */
	unsigned flags;
	const char *name; /* for metrics, e.g. "orgs.get" */
};

enum { ROUTER_MAX_CAPTURES = 4, ROUTER_CAPTURE_LEN = 64 };

struct route_match {
	const struct route *route;
	size_t index; /* in the table */
	int ncaptures;
	char captures[ROUTER_MAX_CAPTURES][ROUTER_CAPTURE_LEN];
	char allow[64]; /* for 405: "GET, POST" */
};

enum router_result { ROUTER_FOUND, ROUTER_NO_METHOD, ROUTER_NO_PATH };

/* table ends with a {NULL} entry */
enum router_result router_match(const struct route *table, const char *method,
				const char *path, struct route_match *m);

#endif
