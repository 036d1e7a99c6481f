/*
 * test_statements.c - src/report/statements.c: the embedded catalogue
 * reads against the embedded kinds; every mistake in a statement file is
 * named with its file and JSON path and keeps nothing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "admin/legaltime.h"
#include "calendar/rules.h"
#include "kinds/kind.h"
#include "report/statements.h"

#include <stdio.h>
#include <string.h>

static int known(const char *name, void *arg)
{
	(void)arg;
	return !strcmp(name, "a.count") || !strcmp(name, "a.rate");
}

static void expect(const char *text, const char *want)
{
	struct stmt_catalogue c;
	struct fz_err e;

	memset(&c, 0, sizeof(c));
	fz_err_clear(&e);
	assert_int_equal(
	    stmt_add(&c, "x.json", text, strlen(text), known, NULL, &e),
	    FZ_EINVAL);
	if (!strstr(e.msg, want))
		fail_msg("'%s' lacks '%s'", e.msg, want);
	stmt_release(&c);
}

static void test_mistakes(void **state)
{
	(void)state;
	expect("{", "x.json: line 1:");
	expect("{\"statement\": []}", "x.json: $.statement: unknown key");
	expect("{\"statements\": {}}", "x.json: $.statements: must be a list");
	expect("{\"statements\": [{\"section\": \"s\", \"text\": \"t\"}]}",
	       "$.statements[0]: id: required");
	expect("{\"statements\": [{\"id\": \"a\", \"text\": \"t\"}]}",
	       "$.statements[0]: section: required");
	expect("{\"statements\": [{\"id\": \"a\", \"section\": \"s\"}]}",
	       "$.statements[0].text: required");
	expect("{\"statements\": [{\"id\": \"a\", \"section\": \"s\", "
	       "\"text\": \"{{a.cout|count:件}}\"}]}",
	       "x.json: $.statements[0].text: template line 1: unknown "
	       "indicator 'a.cout'");
	expect("{\"statements\": [{\"id\": \"a\", \"section\": \"s\", "
	       "\"text\": \"{{text:x}}\"}]}",
	       "$.statements[0].text: a statement names no section");
	expect("{\"statements\": [{\"id\": \"a\", \"section\": \"s\", "
	       "\"text\": \"t\", \"voices\": {\"county\": \"t\"}}]}",
	       "$.statements[0].voices.county: unknown key");
	expect("{\"statements\": [{\"id\": \"a\", \"section\": \"s\", "
	       "\"text\": \"t\", \"voices\": {\"government\": \"{{x}}\"}}]}",
	       "$.statements[0].voices.government: template line 1: unknown "
	       "indicator 'x'");
	expect("{\"statements\": [{\"id\": \"a\", \"section\": \"s\", "
	       "\"text\": \"t\", \"levels\": [\"county\"]}]}",
	       "levels: each is department or government");
	expect("{\"statements\": [{\"id\": \"a\", \"section\": \"s\", "
	       "\"text\": \"t\", \"scope\": \"mine\"}]}",
	       "scope: own or all");
	expect("{\"statements\": [{\"id\": \"a\", \"section\": \"s\", "
	       "\"text\": \"t\", \"when\": [\"a.count\", \"b\"]}]}",
	       "$.statements[0].when[1]: an unknown figure");
	expect("{\"statements\": [{\"id\": \"a\", \"section\": \"s\", "
	       "\"text\": \"t\", \"unless\": []}]}",
	       "$.statements[0].unless: must be a list of figures");
	expect("{\"statements\": [{\"id\": \"a\", \"section\": \"s\", "
	       "\"text\": \"t\"}, {\"id\": \"a\", \"section\": \"s\", "
	       "\"text\": \"u\"}]}",
	       "$.statements[1].id: repeated");
	expect("{\"statements\": [{\"id\": \"a\", \"section\": \"s\", "
	       "\"text\": \"t\", \"colour\": 1}]}",
	       "$.statements[0].colour: unknown key");
}

static void test_a_statement(void **state)
{
	static const char text[] =
	    "{\"statements\": [{\"id\": \"a\", \"section\": \"s\", \"text\": "
	    "\"共{{a.count|count:件}}。\", \"voices\": {\"government\": "
	    "\"全{{region}}共{{a.count|count:件}}。\"}, \"levels\": "
	    "[\"government\"], \"scope\": \"own\", \"when\": [\"a.rate\"]}]}";
	struct stmt_catalogue c;
	const struct stmt *s;

	(void)state;
	memset(&c, 0, sizeof(c));
	assert_int_equal(
	    stmt_add(&c, "x.json", text, strlen(text), known, NULL, NULL), 0);
	s = stmt_find(&c, "a");
	assert_non_null(s);
	assert_string_equal(s->section, "s");
	assert_non_null(s->text[STMT_DEPARTMENT]);
	assert_non_null(s->text[STMT_GOVERNMENT]);
	assert_int_equal(s->levels, 1u << STMT_GOVERNMENT);
	assert_true(s->own);
	assert_int_equal(s->nwhen, 1);
	assert_true(stmt_has_section(&c, "s"));
	assert_false(stmt_has_section(&c, "t"));
	assert_null(stmt_find(&c, "b"));
	stmt_release(&c);
	assert_int_equal(stmt_voice("government"), STMT_GOVERNMENT);
	assert_int_equal(stmt_voice("region"), STMT_GOVERNMENT);
	assert_int_equal(stmt_voice("department"), STMT_DEPARTMENT);
	assert_int_equal(stmt_voice("unit"), STMT_DEPARTMENT);
}

/* The embedded catalogue names only indicators the embedded kinds
 * declare. */
static int known_in(const char *name, void *arg)
{
	char id[128];
	size_t n = strcspn(name, "[");

	snprintf(id, sizeof(id), "%.*s", (int)n, name);
	return kind_indicator_find(arg, id) != NULL;
}

static void test_embedded(void **state)
{
	struct rules_table rules;
	struct kind_registry reg;
	struct stmt_catalogue c;
	struct fz_err e;

	(void)state;
	rules_table_init(&rules);
	assert_int_equal(lt_rules_embedded(&rules, &e), 0);
	kind_registry_init(&reg);
	assert_int_equal(kind_registry_load(&reg, NULL, &rules, &e), 0);
	if (stmt_load(&c, known_in, &reg, &e))
		fail_msg("%s", e.msg);
	assert_true(c.n >= 50);
	assert_non_null(stmt_find(&c, "enforcement.filed"));
	stmt_release(&c);
	kind_registry_release(&reg);
	rules_table_release(&rules);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_mistakes),
	    cmocka_unit_test(test_a_statement),
	    cmocka_unit_test(test_embedded),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
