/*
 * test_http.c - src/http pieces that need no socket: the router (captures,
 * 404 vs 405 with Allow) and the per-address rate limiter.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "http/ratelimit.h"
#include "http/router.h"

static int h(struct http_req *r)
{
	(void)r;
	return 0;
}

static const struct route table[] = {
    {"GET", "/api/v1/orgs", h, 0, 0, "orgs.list"},
    {"POST", "/api/v1/orgs", h, 0, 0, "orgs.add"},
    {"GET", "/api/v1/orgs/{id}", h, 0, 0, "orgs.get"},
    {"PUT", "/api/v1/users/{id}/roles", h, 0, 0, "users.roles"},
    {NULL, NULL, NULL, 0, 0, NULL}};

static void test_router(void **state)
{
	struct route_match m;

	(void)state;
	assert_int_equal(router_match(table, "GET", "/api/v1/orgs/42", &m),
			 ROUTER_FOUND);
	assert_string_equal(m.route->name, "orgs.get");
	assert_int_equal(m.ncaptures, 1);
	assert_string_equal(m.captures[0], "42");
	assert_int_equal(
	    router_match(table, "PUT", "/api/v1/users/7/roles", &m),
	    ROUTER_FOUND);
	assert_int_equal(m.index, 3);
	assert_string_equal(m.captures[0], "7");
	assert_int_equal(router_match(table, "DELETE", "/api/v1/orgs", &m),
			 ROUTER_NO_METHOD);
	assert_string_equal(m.allow, "GET, HEAD, POST");
	assert_int_equal(router_match(table, "HEAD", "/api/v1/orgs/9", &m),
			 ROUTER_FOUND);
	assert_string_equal(m.route->name, "orgs.get");
	assert_int_equal(router_match(table, "GET", "/api/v1/orgs/", &m),
			 ROUTER_NO_PATH);
	assert_int_equal(router_match(table, "GET", "/api/v1/orgs/1/x", &m),
			 ROUTER_NO_PATH);
	assert_int_equal(router_match(table, "GET", "/api/v1/org", &m),
			 ROUTER_NO_PATH);
}

static void test_ratelimit(void **state)
{
	struct ratelimit *rl = ratelimit_new(60, 3); /* 1 a second */
	int64_t t = 1000000;

	(void)state;
	assert_int_equal(ratelimit_take(rl, "127.0.0.1", t), 0);
	assert_int_equal(ratelimit_take(rl, "127.0.0.1", t), 0);
	assert_int_equal(ratelimit_take(rl, "127.0.0.1", t), 0);
	assert_int_equal(ratelimit_take(rl, "127.0.0.1", t), -1);
	/* another address has its own bucket */
	assert_int_equal(ratelimit_take(rl, "127.0.0.2", t), 0);
	/* one token back after a second */
	assert_int_equal(ratelimit_take(rl, "127.0.0.1", t + 1000), 0);
	assert_int_equal(ratelimit_take(rl, "127.0.0.1", t + 1000), -1);
	ratelimit_free(rl);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_router),
	    cmocka_unit_test(test_ratelimit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
