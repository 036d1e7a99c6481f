/*
 * test_kinds.c - src/kinds/kind.c: the shipped declarations load; every
 * kind of mistake in a declaration is refused with a message naming the
 * file, the JSON path inside it and what is wrong.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "admin/legaltime.h"
#include "kinds/guards.h"
#include "kinds/kind.h"
#include "lib/embedded.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "scratch.h"

static struct rules_table rules;

static int setup(void **state)
{
	(void)state;
	rules_table_init(&rules);
	if (scratch_make("kinds"))
		return -1;
	return lt_rules_embedded(&rules, NULL);
}

static int teardown(void **state)
{
	rules_table_release(&rules);
	return scratch_remove(state);
}

static json_t *shipped(const char *path)
{
	const struct fz_embedded *f = fz_embedded_find(path);

	assert_non_null(f);
	return json_loadb((const char *)f->data, f->len, 0, NULL);
}

static json_t *disclosure(void)
{
	return shipped("kinds/disclosure_request.json");
}

static json_t *enforcement(void)
{
	return shipped("kinds/enforcement_case.json");
}

static void test_shipped_kinds_load(void **state)
{
	struct kind_registry reg;
	const struct kind *k;
	struct fz_err e;

	(void)state;
	kind_registry_init(&reg);
	assert_int_equal(kind_registry_load(&reg, NULL, &rules, &e), 0);
	k = kind_find(&reg, "disclosure_request");
	assert_non_null(k);
	assert_string_equal(k->label, "政府信息公开申请");
	assert_non_null(kind_transition(k, "reply"));
	assert_null(kind_transition(k, "extend")->to); /* stays */
	assert_string_equal(kind_deadline(k, "reply")->rule->id,
			    "disclosure.reply");
	assert_string_equal(
	    kind_value_label(kind_field(k, "applicant_type"), "research"),
	    "科研机构");
	kind_registry_release(&reg);
}

/* Apply a change to the declaration; expect a refusal mentioning each
 * of the words. */
static void expect_refused(json_t *decl, const char *w1, const char *w2)
{
	char *text = json_dumps(decl, 0);
	struct kind *k = NULL;
	struct fz_err e;
	int rc;

	fz_err_clear(&e);
	rc = kind_parse(text, strlen(text), "kinds/test.json", &rules, &k, &e);
	if (rc == 0)
		fail_msg("accepted a bad declaration (expected '%s')", w1);
	assert_int_equal(rc, FZ_EINVAL);
	assert_non_null(strstr(e.msg, "kinds/test.json"));
	if (!strstr(e.msg, w1) || (w2 && !strstr(e.msg, w2)))
		fail_msg("message '%s' lacks '%s' / '%s'", e.msg, w1,
			 w2 ? w2 : "");
	free(text);
	json_decref(decl);
}

static json_t *at(json_t *d, const char *arr, size_t i)
{
	return json_array_get(json_object_get(d, arr), i);
}

/* The registry with decl as kinds/NAME.json of a --kinds directory:
 * refused with a message naming that file and each of the words. */
static void expect_registry_refused(json_t *decl, const char *w1,
				    const char *w2)
{
	struct kind_registry reg;
	char dir[512], path[600];
	struct fz_err e;

	scratch_path(dir, sizeof(dir), "kinds");
	mkdir(dir, 0700);
	snprintf(path, sizeof(path), "%s/%s.json", dir,
		 json_string_value(json_object_get(decl, "kind")));
	assert_int_equal(json_dump_file(decl, path, 0), 0);
	json_decref(decl);
	kind_registry_init(&reg);
	fz_err_clear(&e);
	if (kind_registry_load(&reg, dir, &rules, &e) == 0)
		fail_msg("accepted a bad registry (expected '%s')", w1);
	assert_int_equal(e.code, FZ_EINVAL);
	if (!strstr(e.msg, path) || !strstr(e.msg, w1) ||
	    (w2 && !strstr(e.msg, w2)))
		fail_msg("message '%s' lacks '%s' / '%s' / '%s'", e.msg, path,
			 w1, w2 ? w2 : "");
	remove(path);
}

/* Indicator i of the enforcement case with `where` set to the JSON w. */
static json_t *enforcement_where(size_t i, const char *w)
{
	json_t *d = enforcement();

	json_object_set_new(at(d, "indicators", i), "where",
			    json_loads(w, JSON_DECODE_ANY, NULL));
	assert_non_null(json_object_get(at(d, "indicators", i), "where"));
	return d;
}

/* A declaration that loads: the kind parsed alone. */
static struct kind *parsed(json_t *decl)
{
	char *text = json_dumps(decl, 0);
	struct kind *k = NULL;
	struct fz_err e;

	if (kind_parse(text, strlen(text), "kinds/test.json", &rules, &k, &e))
		fail_msg("refused: %s", e.msg);
	free(text);
	json_decref(decl);
	return k;
}

static void test_top_level_mistakes(void **state)
{
	json_t *d;

	(void)state;
	d = disclosure();
	json_object_set_new(d, "lable", json_string("x"));
	expect_refused(d, "$.lable", "unknown key");
	d = disclosure();
	json_object_del(d, "label");
	expect_refused(d, "$.label", "required");
	d = disclosure();
	json_object_set_new(d, "kind", json_string("Bad-Id"));
	expect_refused(d, "$.kind", "identifier");
	d = disclosure();
	json_object_set_new(d, "number_prefix", json_string("gk"));
	expect_refused(d, "$.number_prefix", "A-Z");
	d = disclosure();
	json_object_set_new(d, "initial", json_string("nowhere"));
	expect_refused(d, "$.initial", "unknown state 'nowhere'");
	d = disclosure();
	json_object_set_new(d, "title", json_string("nothing"));
	expect_refused(d, "$.title", "unknown field 'nothing'");
}

static void test_field_mistakes(void **state)
{
	json_t *d;

	(void)state;
	d = disclosure();
	json_object_set_new(at(d, "fields", 2), "type", json_string("varchar"));
	expect_refused(d, "$.fields[2].type", "unknown type 'varchar'");
	d = disclosure();
	json_object_set_new(at(d, "fields", 3), "name",
			    json_string("applicant_name"));
	expect_refused(d, "$.fields[3]", "'applicant_name' repeated");
	d = disclosure();
	json_object_del(at(d, "fields", 0), "values");
	expect_refused(d, "$.fields[0].values", "non-empty");
	d = disclosure();
	json_object_set_new(at(d, "fields", 1), "min", json_integer(50));
	json_object_set_new(at(d, "fields", 1), "max", json_integer(5));
	expect_refused(d, "$.fields[1]", "max is below min");
	d = disclosure();
	json_object_set_new(at(d, "fields", 1), "derive", json_string("magic"));
	expect_refused(d, "$.fields[1].derive", "unknown derivation");
	d = disclosure();
	json_object_set_new(at(d, "fields", 1), "required", json_string("yes"));
	expect_refused(d, "$.fields[1].required", "true or false");
}

static void test_transition_mistakes(void **state)
{
	json_t *d;

	(void)state;
	d = disclosure();
	json_object_set_new(at(d, "transitions", 1), "to",
			    json_string("processed"));
	expect_refused(d, "$.transitions[1].to", "unknown state 'processed'");
	d = disclosure();
	json_object_set_new(at(d, "transitions", 0), "roles",
			    json_pack("[s]", "boss"));
	expect_refused(d, "$.transitions[0].roles", "unknown role 'boss'");
	d = disclosure();
	json_object_set_new(at(d, "transitions", 0), "roles",
			    json_pack("[s]", "sysadmin"));
	expect_refused(d, "$.transitions[0].roles", "administrator");
	d = disclosure();
	json_object_set_new(at(d, "transitions", 0), "required",
			    json_pack("[s]", "replied_on"));
	expect_refused(d, "$.transitions[0]", "'replied_on' is not among");
	d = disclosure();
	json_object_set_new(at(d, "transitions", 0), "guards",
			    json_pack("[s]", "two_officers"));
	expect_refused(d, "$.transitions[0].guards[0]", "unknown guard");
	d = disclosure();
	json_object_set_new(at(d, "transitions", 0), "guards",
			    json_pack("[s]", "not_future:content"));
	expect_refused(d, "$.transitions[0].guards[0]", "not a date field");
	d = disclosure();
	json_object_set_new(at(d, "transitions", 0), "guards",
			    json_pack("[s]", "not_future"));
	expect_refused(d, "$.transitions[0].guards[0]", "takes 1 argument");
	d = disclosure();
	json_object_set_new(
	    at(d, "transitions", 0), "guards",
	    json_pack("[s]", "within_rule:replied_on:received_on:no.such"));
	expect_refused(d, "$.transitions[0].guards[0]",
		       "no statutory rule 'no.such'");
	d = disclosure();
	json_object_set_new(at(d, "transitions", 0), "guards",
			    json_pack("[s]", "min_rule:replied_on:received_on:"
					     "disclosure.reply"));
	expect_refused(d, "$.transitions[0].guards[0]",
		       "'disclosure.reply' is not a minimum period");
	d = disclosure();
	json_object_set_new(at(d, "transitions", 2), "set",
			    json_pack("{s:s}", "reply_type", "maybe"));
	expect_refused(d, "$.transitions[2].set.reply_type", "not a value");
	d = disclosure();
	json_array_append(json_object_get(d, "transitions"),
			  at(d, "transitions", 0));
	expect_refused(d, "$.transitions[8]", "repeated");
	/* record.NAME must not be one of the engine's own events */
	d = disclosure();
	json_object_set_new(at(d, "transitions", 0), "name",
			    json_string("evidence"));
	expect_refused(d, "$.transitions[0].name", "engine's own");
}

/* The element of array arr whose "name" is name; its index in *i. */
static json_t *named(json_t *d, const char *arr, const char *name, size_t *i)
{
	json_t *a = json_object_get(d, arr), *o;

	for (*i = 0; *i < json_array_size(a); (*i)++) {
		o = json_array_get(a, *i);
		if (!strcmp(json_string_value(json_object_get(o, "name")),
			    name))
			return o;
	}
	fail_msg("no %s named '%s'", arr, name);
	return NULL;
}

/* snapshot_of, a transition's snapshot and as_reviewed name what exists. */
static void test_snapshot_mistakes(void **state)
{
	char where[64];
	json_t *d;
	size_t i;

	(void)state;
	d = enforcement();
	json_object_set_new(named(d, "fields", "legal_reviewed_proposal", &i),
			    "type", json_string("string"));
	snprintf(where, sizeof(where), "$.fields[%zu].snapshot_of", i);
	expect_refused(d, where, "type text");
	d = enforcement();
	json_array_append_new(
	    json_object_get(named(d, "fields", "discussed_proposal", &i),
			    "snapshot_of"),
	    json_string("nothing"));
	expect_refused(d, "'nothing' is not another field", NULL);
	d = enforcement();
	json_object_set_new(named(d, "transitions", "legal_review", &i),
			    "snapshot", json_string("fine"));
	snprintf(where, sizeof(where), "$.transitions[%zu].snapshot", i);
	expect_refused(d, where, "'fine' is not a field with snapshot_of");
	d = enforcement();
	json_array_append_new(
	    json_object_get(named(d, "transitions", "decide", &i), "guards"),
	    json_string("as_reviewed:fine"));
	expect_refused(d, "'fine' is not a field with snapshot_of", NULL);
}

/* The services declarations' guards and derivation, refused at load. */
static void test_service_guard_mistakes(void **state)
{
	const char *bad[][2] = {
	    {"equals:evaluation:worse", "'worse' is not a value"},
	    {"equals:evaluated_on:bad", "not an enum field"},
	    {"enum_class_opt:evaluation:grade", "is not CLASS.detail"},
	    {"enum_class_opt:grade:channel", "is not a value of 'channel'"},
	};
	char where[64];
	json_t *d;
	size_t i, t;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		d = shipped("kinds/service_application.json");
		json_object_set_new(named(d, "transitions", "rectify", &t),
				    "guards", json_pack("[s]", bad[i][0]));
		snprintf(where, sizeof(where), "$.transitions[%zu].guards[0]",
			 t);
		expect_refused(d, where, bad[i][1]);
	}
	/* N of within_days: a number or an int field */
	d = shipped("kinds/service_application.json");
	json_object_set_new(named(d, "fields", "instant", &t), "derive",
			    json_string("within_days:accepted_on:completed_on:"
					"applicant"));
	snprintf(where, sizeof(where), "$.fields[%zu].derive", t);
	expect_refused(d, where, "not an int field");
	d = shipped("kinds/service_application.json");
	json_object_set_new(named(d, "fields", "instant", &t), "derive",
			    json_string("within_days:accepted_on:completed_on:"
					"-1"));
	expect_refused(d, where, "not an int field");
}

static void test_deadline_mistakes(void **state)
{
	json_t *d;

	(void)state;
	d = disclosure();
	json_object_set_new(at(d, "deadlines", 1), "rule",
			    json_string("disclosure.answer"));
	expect_refused(d, "$.deadlines[1].rule", "no statutory rule");
	d = disclosure();
	json_object_set_new(at(d, "deadlines", 1), "rule",
			    json_string("report.submission"));
	expect_refused(d, "$.deadlines[1].rule", "fixed date");
	d = disclosure();
	json_object_set_new(at(d, "deadlines", 1), "start",
			    json_string("content"));
	expect_refused(d, "$.deadlines[1].start", "not a date");
	d = disclosure();
	json_object_set_new(at(d, "deadlines", 0), "extend",
			    json_string("extension_days"));
	expect_refused(d, "$.deadlines[0].extend", "allows no extension");
	d = disclosure();
	json_object_set_new(at(d, "deadlines", 1), "suspend_in",
			    json_pack("[s]", "waiting"));
	expect_refused(d, "$.deadlines[1].suspend_in[0]", "unknown state");
}

static void test_public_mistakes(void **state)
{
	json_t *d;

	(void)state;
	d = disclosure();
	json_object_set_new(json_object_get(d, "public"), "status_fields",
			    json_pack("[s]", "phone"));
	expect_refused(d, "$.public.status_fields[0]", "personal");
	d = disclosure();
	json_object_set_new(json_object_get(d, "public"), "channel",
			    json_string("pigeon"));
	expect_refused(d, "$.public.channel", "pigeon");
	d = disclosure();
	json_object_set_new(json_object_get(d, "public"), "fields",
			    json_pack("[s]", "received_on"));
	expect_refused(d, "$.public.fields", "computed");
	/* the portal's title of a public list is text */
	d = disclosure();
	json_object_set_new(
	    d, "public_list",
	    json_pack("{s:[s], s:i}", "fields", "content", "title", 7));
	expect_refused(d, "$.public_list.title", "must be a string");
}

static void test_indicator_mistakes(void **state)
{
	json_t *d;

	(void)state;
	d = disclosure();
	json_object_set_new(at(d, "indicators", 0), "sum",
			    json_string("content"));
	expect_refused(d, "$.indicators[0].sum", "not a numeric field");
	d = disclosure();
	json_object_set_new(at(d, "indicators", 0), "group",
			    json_string("content"));
	expect_refused(d, "$.indicators[0].group", "not an enum field");
	d = disclosure();
	json_object_set_new(at(d, "indicators", 0), "on_time",
			    json_string("nothing"));
	expect_refused(d, "$.indicators[0].on_time", "unknown deadline");
	d = disclosure();
	json_object_del(at(d, "indicators", 0), "date");
	expect_refused(d, "$.indicators[0]", "either date");
	d = disclosure();
	json_object_set_new(at(d, "indicators", 0), "where",
			    json_pack("{s:s}", "channel", "telepathy"));
	expect_refused(d, "$.indicators[0].where.channel", "not a value");
	d = disclosure();
	json_object_set_new(at(d, "indicators", 1), "id",
			    json_string("disclosure.received"));
	expect_refused(d, "$.indicators[1]", "repeated");
}

/* Each operator's value is checked against the field's type, the error
 * naming $.indicators[N].where.FIELD. */
static void test_where_mistakes(void **state)
{
	static const struct {
		const char *where, *path, *words;
	} bad[] = {
	    {"{\"fine\": {\">\": \"a lot\"}}", "where.fine",
	     "must be a number"},
	    {"{\"fine\": null}", "where.fine", "must be a number"},
	    {"{\"fine\": {\"~\": 1}}", "where.fine", "unknown operator '~'"},
	    {"{\"fine\": {\">\": 0, \"<\": 9}}", "where.fine", "one operator"},
	    {"{\"fine\": {\"in\": []}}", "where.fine", "1 to 16 values"},
	    {"{\"fine\": {\"in\": 5}}", "where.fine", "1 to 16 values"},
	    {"{\"fine\": {\"in\": [1, \"2\"]}}", "where.fine",
	     "must be a number"},
	    {"{\"fine\": {\"present\": false}}", "where.fine", "takes true"},
	    {"{\"filed_on\": {\"<\": \"2024-13-01\"}}", "where.filed_on",
	     "'2024-13-01' is not a date"},
	    {"{\"filed_on\": {\">=\": 20240101}}", "where.filed_on",
	     "must be a string"},
	    {"{\"violation_type\": {\"in\": [\"illegal_mining\", "
	     "\"teleport\"]}}",
	     "where.violation_type", "'teleport' is not a value"},
	    {"{\"violation_type\": {\"<\": \"illegal_mining\"}}",
	     "where.violation_type", "numeric and date fields only"},
	    {"{\"case_title\": {\">\": \"x\"}}", "where.case_title",
	     "numeric and date fields only"},
	    {"{\"order_demolition\": {\">\": true}}", "where.order_demolition",
	     "numeric and date fields only"},
	    {"{\"order_demolition\": {\"in\": [true, \"yes\"]}}",
	     "where.order_demolition", "true or false"},
	    {"{\"order_demolition\": {\"!=\": 1}}", "where.order_demolition",
	     "true or false"},
	    {"{\"case_title\": {\"!=\": 1}}", "where.case_title",
	     "must be a string"},
	    {"{\"investigators\": {\"present\": true}}", "where.investigators",
	     "no condition on a list"},
	    {"{\"parties\": \"x\"}", "where.parties", "no condition on a list"},
	    {"{\"nothing\": 1}", "where.nothing", "unknown field 'nothing'"},
	    {"{\"fine\": 1, \"land_area\": 1, \"building_area\": 1, "
	     "\"farmland_area\": 1, \"decision_type\": \"penalty\"}",
	     "where", "at most 4"},
	};
	char path[64], in17[200] = "{\"fine\": {\"in\": [0";
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(path, sizeof(path), "$.indicators[4].%s", bad[i].path);
		expect_refused(enforcement_where(4, bad[i].where), path,
			       bad[i].words);
	}
	for (i = 1; i < 17; i++)
		snprintf(in17 + strlen(in17), sizeof(in17) - strlen(in17),
			 ", %zu", i);
	strcat(in17, "]}}");
	expect_refused(enforcement_where(4, in17), "$.indicators[4].where.fine",
		       "1 to 16 values");
}

/* Every operator on every type of field loads as written. */
static void test_where_operators(void **state)
{
	struct kind *k;
	const struct kind_indicator *ind;

	(void)state;
	k = parsed(enforcement_where(
	    4,
	    "{\"fine\": {\">\": 0.5}, \"filed_on\": {\"<=\": \"2024-06-30\"}, "
	    "\"violation_type\": {\"in\": [\"illegal_mining\", \"other\"]}, "
	    "\"order_demolition\": {\"!=\": true}}"));
	ind = &k->indicators[4];
	assert_int_equal(ind->nwhere, 4);
	assert_string_equal(ind->where[0].field, "fine");
	assert_int_equal(ind->where[0].op, KOP_GT);
	assert_true(ind->where[0].numeric && ind->where[0].num[0] == 0.5);
	assert_int_equal(ind->where[1].op, KOP_LE);
	assert_false(ind->where[1].numeric);
	assert_string_equal(ind->where[1].text[0], "2024-06-30");
	assert_int_equal(ind->where[2].op, KOP_IN);
	assert_int_equal(ind->where[2].nvalues, 2);
	assert_string_equal(ind->where[2].text[1], "other");
	assert_int_equal(ind->where[3].op, KOP_NE);
	assert_true(ind->where[3].numeric && ind->where[3].num[0] == 1);
	assert_non_null(strstr(k->fig_def,
			       "fine>0.5;filed_on<=\"2024-06-30\";"
			       "violation_type in \"illegal_mining\","
			       "\"other\";order_demolition!=\"true\";"));
	kind_free(k);
	k = parsed(enforcement_where(
	    4,
	    "{\"case_title\": \"x\", \"decision_number\": {\"absent\": true}, "
	    "\"decision_extension_days\": {\"in\": [1, 2, 3]}, "
	    "\"served_on\": {\"present\": true}}"));
	ind = &k->indicators[4];
	assert_int_equal(ind->where[0].op, KOP_EQ);
	assert_int_equal(ind->where[1].op, KOP_ABSENT);
	assert_int_equal(ind->where[1].nvalues, 0);
	assert_int_equal(ind->where[2].nvalues, 3);
	assert_true(ind->where[2].num[2] == 3);
	assert_int_equal(ind->where[3].op, KOP_PRESENT);
	assert_non_null(strstr(k->fig_def,
			       "|case_title=\"x\";decision_number absent;"
			       "decision_extension_days in 1,2,3;served_on "
			       "present;"));
	/* an equality of an enum reads as before: stored definitions hold */
	assert_non_null(strstr(k->fig_def, "|decision_type=penalty;\n"));
	kind_free(k);
}

static void set_on(json_t *d, size_t i, const char *key, json_t *v)
{
	json_object_set_new(at(d, "indicators", i), key, v);
}

static void test_distinct_decimals_ratio_mistakes(void **state)
{
	json_t *d;
	struct kind *k;

	(void)state;
	d = enforcement();
	set_on(d, 0, "distinct", json_string("parties"));
	expect_refused(d, "$.indicators[0].distinct", "not a field of one");
	d = enforcement();
	set_on(d, 0, "distinct", json_string("nothing"));
	expect_refused(d, "$.indicators[0].distinct", "'nothing'");
	d = enforcement();
	set_on(d, 1, "distinct", json_string("location"));
	expect_refused(d, "$.indicators[1]", "one of sum, avg and distinct");
	d = disclosure();
	set_on(d, 0, "distinct", json_string("applicant_name"));
	expect_refused(d, "$.indicators[0]", "no groups");
	d = enforcement();
	set_on(d, 0, "decimals", json_integer(5));
	expect_refused(d, "$.indicators[0].decimals", "0 to 4");
	d = enforcement();
	set_on(d, 0, "decimals", json_string("2"));
	expect_refused(d, "$.indicators[0].decimals", "0 to 4");
	d = enforcement();
	set_on(d, 0, "complement", json_true());
	expect_refused(d, "$.indicators[0]", "complement is of a ratio");
	d = enforcement();
	set_on(d, 19, "ratio", json_string("enforcement.cases_filed"));
	expect_refused(d, "$.indicators[19].ratio", "[numerator, denominator]");
	d = enforcement();
	set_on(d, 19, "ratio", json_pack("[i, s]", 1, "enforcement.not_filed"));
	expect_refused(d, "$.indicators[19].ratio[0]", "an indicator id");
	d = enforcement();
	set_on(d, 19, "ratio", json_pack("[[], s]", "enforcement.not_filed"));
	expect_refused(d, "$.indicators[19].ratio[0]", "1 to 8 ids");
	d = enforcement();
	set_on(d, 19, "ratio",
	       json_pack("[s, [s, i]]", "a", "enforcement.not_filed", 3));
	expect_refused(d, "$.indicators[19].ratio[1][1]",
		       "must be an indicator id");
	d = enforcement();
	set_on(d, 19, "date", json_string("filed_on"));
	expect_refused(d, "$.indicators[19]", "a ratio takes only");
	/* accepted: decimals and a distinct count as declared */
	d = enforcement();
	set_on(d, 0, "decimals", json_integer(2));
	set_on(d, 17, "distinct", json_string("decision_number"));
	k = parsed(d);
	assert_int_equal(k->indicators[0].decimals, 2);
	assert_int_equal(k->indicators[1].decimals, -1);
	assert_string_equal(k->indicators[17].distinct, "decision_number");
	/* a distinct count of dated records is kept by its values: its
	 * definition names the field */
	assert_non_null(strstr(k->fig_def, "enforcement.published|"));
	assert_non_null(strstr(k->fig_def, "|decision_number~|"));
	assert_non_null(strstr(k->fig_def, "enforcement.not_filed|"));
	kind_free(k);
	/* one of records open at the year's end is not: not in it */
	d = enforcement();
	json_object_del(json_array_get(json_object_get(d, "indicators"), 17),
			"date");
	set_on(d, 17, "open_from", json_string("filed_on"));
	set_on(d, 17, "open_to", json_string("closed_on"));
	set_on(d, 17, "distinct", json_string("decision_number"));
	k = parsed(d);
	assert_null(strstr(k->fig_def, "enforcement.published|"));
	kind_free(k);
}

/* The parts of a rate are resolved in the whole registry: of any kind,
 * summed; an unknown id or a rate as a part names the file and path. */
static void test_ratio_parts(void **state)
{
	struct kind_registry reg;
	const struct kind_indicator *ind;
	struct fz_err e;
	json_t *d;
	char dir[512];

	(void)state;
	d = disclosure();
	set_on(d, 3, "ratio", json_pack("[s,s]", "disclosure.replied", "nope"));
	expect_registry_refused(d,
				"$.indicators[3].ratio[1]: 'nope' is no "
				"indicator",
				NULL);
	d = disclosure();
	set_on(d, 3, "ratio",
	       json_pack("[s,[s,s]]", "disclosure.replied",
			 "disclosure.received", "petition.nope"));
	expect_registry_refused(d, "$.indicators[3].ratio[1][1]",
				"'petition.nope'");
	d = disclosure();
	set_on(d, 3, "ratio",
	       json_pack("[s,s]", "litigation.admin_win_rate",
			 "disclosure.replied"));
	expect_registry_refused(d, "$.indicators[3].ratio[0]", "is a rate");
	/* a rate across kinds: the disclosure's numerator is petitions' */
	d = disclosure();
	set_on(d, 3, "ratio",
	       json_pack("[[s,s],s]", "petition.received", "disclosure.replied",
			 "disclosure.received"));
	scratch_path(dir, sizeof(dir), "kinds");
	mkdir(dir, 0700);
	{
		char path[600];
		snprintf(path, sizeof(path), "%s/disclosure_request.json", dir);
		assert_int_equal(json_dump_file(d, path, 0), 0);
		json_decref(d);
		kind_registry_init(&reg);
		assert_int_equal(kind_registry_load(&reg, dir, &rules, &e), 0);
		remove(path);
	}
	ind = kind_indicator_find(&reg, "disclosure.on_time_rate");
	assert_int_equal(ind->ratio[0].n, 2);
	assert_ptr_equal(ind->ratio[0].ind[0],
			 kind_indicator_find(&reg, "petition.received"));
	assert_string_equal(ind->ratio[0].ind[0]->kind->id, "petition");
	assert_ptr_equal(ind->ratio[1].ind[0],
			 kind_indicator_find(&reg, "disclosure.received"));
	kind_registry_release(&reg);
	/* the shipped 立案率: filed over filed and not filed */
	kind_registry_init(&reg);
	assert_int_equal(kind_registry_load(&reg, NULL, &rules, &e), 0);
	ind = kind_indicator_find(&reg, "enforcement.filing_rate");
	assert_int_equal(ind->ratio[1].n, 2);
	assert_ptr_equal(ind->ratio[1].ind[1],
			 kind_indicator_find(&reg, "enforcement.not_filed"));
	assert_int_equal(ind->decimals, 1);
	kind_registry_release(&reg);
}

/* A transition's spawn is resolved against both kinds when the registry is
 * read: the target kind, the org field, the link, the fields set and their
 * types, the constants, the target's required fields; each mistake names
 * the file and the JSON path. */
static json_t *spawn_with(const char *key, json_t *v)
{
	json_t *d = shipped("kinds/reconsideration_case.json");
	json_t *sp = json_object_get(at(d, "transitions", 4), "spawn");

	assert_non_null(sp);
	json_object_set_new(sp, key, v);
	return d;
}

static json_t *spawn_set(const char *obj, const char *key, json_t *v)
{
	json_t *d = shipped("kinds/reconsideration_case.json");
	json_t *sp = json_object_get(at(d, "transitions", 4), "spawn");

	if (v)
		json_object_set_new(json_object_get(sp, obj), key, v);
	else
		json_object_del(json_object_get(sp, obj), key);
	return d;
}

static void test_spawn_mistakes(void **state)
{
	const struct kind_transition *t;
	struct kind_registry reg;
	struct fz_err e;

	(void)state;
	expect_registry_refused(spawn_with("kind", json_string("nope")),
				"$.transitions[4].spawn.kind",
				"unknown kind 'nope'");
	expect_registry_refused(spawn_with("org", json_string("cause")),
				"$.transitions[4].spawn.org",
				"'cause' is not an org field");
	expect_registry_refused(spawn_with("link", json_string("cause")),
				"$.transitions[4].spawn.link",
				"is not an int field");
	expect_registry_refused(spawn_with("link", json_string("nope")),
				"$.transitions[4].spawn.link",
				"'nope' is not a field of kind "
				"'reconsideration'");
	expect_registry_refused(spawn_with("when", json_true()),
				"$.transitions[4].spawn.when", "unknown key");
	expect_registry_refused(spawn_set("set", "nope", json_string("cause")),
				"$.transitions[4].spawn.set.nope",
				"not a field of kind");
	expect_registry_refused(
	    spawn_set("set", "cause", json_string("nope")),
	    "$.transitions[4].spawn.set.cause",
	    "'nope' is not a field of kind 'reconsideration_case'");
	expect_registry_refused(
	    spawn_set("set", "received_on", json_string("cause")),
	    "$.transitions[4].spawn.set.received_on", "type mismatch");
	expect_registry_refused(
	    spawn_set("const", "capacity", json_string("judge")),
	    "$.transitions[4].spawn.const.capacity", "not a value");
	expect_registry_refused(spawn_set("set", "applicant_name", NULL),
				"$.transitions[4].spawn",
				"required field 'applicant_name'");
	expect_registry_refused(
	    spawn_set("echo", "replied_on", json_string("cause")),
	    "$.transitions[4].spawn.echo.replied_on", "of the same type");
	expect_registry_refused(
	    spawn_set("echo", "nope", json_string("reply_received_on")),
	    "$.transitions[4].spawn.echo.nope", "not a field of kind");
	/* the shipped one: resolved to the respondent's kind */
	kind_registry_init(&reg);
	assert_int_equal(kind_registry_load(&reg, NULL, &rules, &e), 0);
	t = kind_transition(kind_find(&reg, "reconsideration_case"),
			    "send_notice");
	assert_non_null(t->spawn);
	assert_ptr_equal(t->spawn->target, kind_find(&reg, "reconsideration"));
	assert_string_equal(t->spawn->link, "case_id");
	/* its echo: the respondent's reply date is the case's */
	assert_int_equal(t->spawn->necho, 1);
	assert_string_equal(t->spawn->echo[0].from, "replied_on");
	assert_string_equal(t->spawn->echo[0].to, "reply_received_on");
	assert_int_equal(kind_find(&reg, "reconsideration")->nechoes, 1);
	assert_ptr_equal(kind_find(&reg, "reconsideration")->echoes[0],
			 t->spawn);
	assert_int_equal(kind_field(kind_find(&reg, "reconsideration_case"),
				    "respondent_org")
			     ->type,
			 KF_ORG);
	kind_registry_release(&reg);
}

static void test_malformed_json(void **state)
{
	struct kind *k = NULL;
	struct fz_err e;
	static const char text[] = "{\"kind\": \"x\",\n \"label\": }";

	(void)state;
	assert_int_equal(kind_parse(text, sizeof(text) - 1, "kinds/bad.json",
				    &rules, &k, &e),
			 FZ_EINVAL);
	assert_non_null(strstr(e.msg, "kinds/bad.json: line 2"));
}

/* Run a rule window guard on date field a (day) and b (2024-03-01). */
static int run_window(struct guard_ctx *g, const char *guard, int day,
		      struct fz_err *e)
{
	char a[CAL_DATE_LEN], spec[96];
	json_t *after = json_pack("{s:s, s:s}", "a", cal_date_format(day, a),
				  "b", "2024-03-01");
	int rc;

	snprintf(spec, sizeof(spec), "%s:a:b:decision.public_comment", guard);
	g->after = after;
	fz_err_clear(e);
	rc = guard_run(g, spec, e);
	json_decref(after);
	return rc;
}

/* within_rule allows A up to the due date of the rule from B (lt_rule_due),
 * after_rule only after it, min_rule (a least period) from it on. */
static void test_rule_window_guards(void **state)
{
	struct lt_state *lt = NULL;
	struct guard_ctx g;
	struct cal_result res;
	struct rules_rule used;
	struct fz_err e;
	int64_t by = -1;
	int start, due;

	(void)state;
	assert_int_equal(lt_state_open(&lt, NULL, &e), 0);
	assert_int_equal(cal_date_parse("2024-03-01", &start, "b", &e), 0);
	lt_read_begin(lt, NULL);
	assert_int_equal(lt_rule_due(lt, "decision.public_comment", "/1/",
				     start, NULL, 0, 0, &res, &used, &by, &e),
			 0);
	due = res.due;
	assert_int_equal(used.n, 30);
	assert_int_equal(by, 0);
	assert_int_equal(lt_rule_due(lt, "no.such", "/1/", start, NULL, 0, 0,
				     &res, NULL, NULL, &e),
			 FZ_ENOTFOUND);
	lt_read_end(lt);
	assert_non_null(rules_find(lt_rules(lt), "decision.public_comment"));
	memset(&g, 0, sizeof(g));
	g.lt = lt;
	g.org_path = "/1/";
	assert_int_equal(run_window(&g, "within_rule", due, &e), 0);
	assert_int_equal(run_window(&g, "within_rule", due + 1, &e),
			 FZ_EREFUSED);
	assert_non_null(strstr(e.msg, "最后一日为"));
	assert_non_null(strstr(e.msg, "《重大行政决策程序暂行条例》"));
	assert_int_equal(run_window(&g, "after_rule", due + 1, &e), 0);
	assert_int_equal(run_window(&g, "after_rule", due, &e), FZ_EREFUSED);
	assert_non_null(strstr(e.msg, "30日内"));
	assert_non_null(strstr(e.msg, "届满后方可办理"));
	assert_int_equal(run_window(&g, "min_rule", due, &e), 0);
	assert_int_equal(run_window(&g, "min_rule", due - 1, &e), FZ_EREFUSED);
	assert_string_equal(e.field, "a");
	assert_non_null(strstr(e.msg, "不少于30日"));
	assert_null(strstr(e.msg, "decision.public_comment"));
	lt_state_free(lt);
}

/* ---- every guard's refusal, in plain Chinese ---------------------------- */

/* A value of field f's type, different for `which`. */
static json_t *value_of(const struct kind_field *f, int which)
{
	switch (f ? f->type : KF_STRING) {
	case KF_INT:
	case KF_DECIMAL:
	case KF_MONEY:
		return json_integer(which ? 5 : 1);
	case KF_DATE:
		return json_string(which ? "2024-06-30" : "2024-03-01");
	case KF_BOOL:
		return json_boolean(which);
	case KF_ENUM:
		return json_string(
		    f->values[which < (int)f->nvalues ? which : 0].value);
	default:
		return json_string(which ? "乙" : "甲");
	}
}

static int due_past(void *arg, const char *deadline)
{
	(void)deadline;
	return *(int *)arg;
}

/* The data that makes guard `text` of kind k refuse (1), or 0 for a guard
 * that needs the store (officers, a 复议 link) or settings. */
static int refusing(const struct kind *k, const char *text, json_t *before,
		    json_t *after)
{
	char name[64], a[64], b[64], c[64];
	const struct kind_field *fa, *snap;
	int n = sscanf(text, "%63[^:]:%63[^:]:%63[^:]:%63s", name, a, b, c);
	char *t;
	json_t *o;

	if (n < 1)
		return 0;
	fa = n > 1 ? kind_field(k, a) : NULL;
	if (!strcmp(name, "date_not_before") || !strcmp(name, "min_rule") ||
	    !strcmp(name, "after_rule")) {
		json_object_set_new(after, a, json_string("2024-03-01"));
		json_object_set_new(after, b, json_string("2024-03-05"));
		if (!strcmp(name, "after_rule"))
			json_object_set_new(after, b,
					    json_string("2024-02-28"));
		return 1;
	}
	if (!strcmp(name, "within_rule")) {
		json_object_set_new(after, a, json_string("2026-03-01"));
		json_object_set_new(after, b, json_string("2024-03-01"));
		return 1;
	}
	if (!strcmp(name, "not_future")) {
		json_object_set_new(after, a, json_string("2099-01-01"));
		return 1;
	}
	if (!strcmp(name, "once")) {
		json_object_set_new(before, a, value_of(fa, 0));
		return 1;
	}
	if (!strcmp(name, "present") || !strcmp(name, "before_due"))
		return 1;
	if (!strcmp(name, "not_above")) {
		json_object_set_new(after, a, json_integer(9));
		json_object_set_new(after, b, json_integer(1));
		return 1;
	}
	if (!strcmp(name, "in_year")) {
		json_object_set_new(after, a, json_string("2024-06-30"));
		json_object_set_new(after, b, json_integer(2023));
		return 1;
	}
	if (!strcmp(name, "as_reviewed")) {
		snap = kind_field(k, a);
		o = json_object();
		json_object_set_new(
		    o, snap->snapshot_of[0],
		    value_of(kind_field(k, snap->snapshot_of[0]), 0));
		t = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
		json_object_set_new(after, a, json_string(t));
		json_object_set_new(
		    after, snap->snapshot_of[0],
		    value_of(kind_field(k, snap->snapshot_of[0]), 1));
		free(t);
		json_decref(o);
		return 1;
	}
	return 0;
}

/* The sentence after the "field: " prefix has no identifier in it. */
static void assert_plain(const char *kind, const char *guard, const char *msg)
{
	const char *p = strstr(msg, ": ");
	int run = 0;

	for (p = p ? p + 2 : msg; *p; p++) {
		run = ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		       *p == '_')
			  ? run + 1
			  : 0;
		if (run >= 2)
			fail_msg("%s, %s: an identifier in '%s'", kind, guard,
				 msg);
	}
}

/* Every guard of every shipped kind that refuses on the record's data
 * alone, made to refuse: its message names fields, periods and states in
 * Chinese, never by their ids. */
static void test_guard_messages_plain(void **state)
{
	struct kind_registry reg;
	struct lt_state *lt = NULL;
	struct guard_ctx g;
	struct fz_err e;
	int past, today, walked = 0;
	size_t i, t, j;

	(void)state;
	kind_registry_init(&reg);
	assert_int_equal(kind_registry_load(&reg, NULL, &rules, &e), 0);
	assert_int_equal(lt_state_open(&lt, NULL, &e), 0);
	assert_int_equal(cal_date_parse("2024-01-02", &past, "d", &e), 0);
	assert_int_equal(cal_date_parse("2025-01-02", &today, "d", &e), 0);
	for (i = 0; i < reg.n; i++) {
		const struct kind *k = reg.v[i];
		for (t = 0; t < k->ntransitions; t++) {
			const struct kind_transition *tr = &k->transitions[t];
			for (j = 0; j < tr->nguards; j++) {
				json_t *before = json_object(),
				       *after = json_object();
				memset(&g, 0, sizeof(g));
				g.kind = k;
				g.before = before;
				g.after = after;
				g.today = today;
				g.lt = lt;
				g.org_path = "/1/";
				g.due = due_past;
				g.due_arg = &past;
				if (refusing(k, tr->guards[j], before, after)) {
					fz_err_clear(&e);
					if (guard_run(&g, tr->guards[j], &e) !=
					    FZ_EREFUSED)
						fail_msg("%s %s: %s did not "
							 "refuse (%s)",
							 k->id, tr->name,
							 tr->guards[j], e.msg);
					assert_plain(k->id, tr->guards[j],
						     e.msg);
					walked++;
				}
				json_decref(before);
				json_decref(after);
			}
		}
	}
	assert_true(walked > 100); /* the shipped kinds have that many */
	lt_state_free(lt);
	kind_registry_release(&reg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_shipped_kinds_load),
	    cmocka_unit_test(test_top_level_mistakes),
	    cmocka_unit_test(test_field_mistakes),
	    cmocka_unit_test(test_transition_mistakes),
	    cmocka_unit_test(test_snapshot_mistakes),
	    cmocka_unit_test(test_guard_messages_plain),
	    cmocka_unit_test(test_deadline_mistakes),
	    cmocka_unit_test(test_public_mistakes),
	    cmocka_unit_test(test_indicator_mistakes),
	    cmocka_unit_test(test_where_mistakes),
	    cmocka_unit_test(test_where_operators),
	    cmocka_unit_test(test_distinct_decimals_ratio_mistakes),
	    cmocka_unit_test(test_ratio_parts),
	    cmocka_unit_test(test_spawn_mistakes),
	    cmocka_unit_test(test_malformed_json),
	    cmocka_unit_test(test_rule_window_guards),
	    cmocka_unit_test(test_service_guard_mistakes),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
