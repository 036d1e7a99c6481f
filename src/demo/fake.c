/*
 * fake.c - realistic parties for the demo: personal names from the
 * fixture's lists of surnames and given names, company names from its
 * lists of trade names and industries, and identifiers that pass their
 * check: the resident identity number (GB 11643-1999, ISO 7064 MOD 11-2)
 * and the unified social credit code (GB 32100-2015). They identify no
 * one: the serial parts are random.
 */
#include "internal.h"

#include <stdio.h>
#include <string.h>

static int pick(struct demo_rng *r, const json_t *lists, const char *name,
		const char **out, struct fz_err *e)
{
	const json_t *a = json_object_get(lists, name);

	if (!json_is_array(a) || !json_array_size(a))
		return fz_err_set(e, FZ_EINVAL, name,
				  "data/demo: the list '%s' is missing", name);
	*out = json_string_value(
	    json_array_get(a, demo_rng_below(r, json_array_size(a))));
	if (!*out)
		return fz_err_set(e, FZ_EINVAL, name,
				  "data/demo: the list '%s' holds a "
				  "non-string",
				  name);
	return 0;
}

int demo_fake_person(struct demo_rng *r, const json_t *lists, json_t **out,
		     struct fz_err *e)
{
	const char *sur, *given;
	char name[64];
	int rc = pick(r, lists, "surnames", &sur, e);

	if (!rc)
		rc = pick(r, lists, "given_names", &given, e);
	if (rc)
		return rc;
	snprintf(name, sizeof(name), "%s%s", sur, given);
	*out = json_string(name);
	return 0;
}

int demo_fake_company(struct demo_rng *r, const json_t *lists,
		      const char *prefix, json_t **out, struct fz_err *e)
{
	const char *word, *trade, *form;
	char name[160];
	int rc = pick(r, lists, "trade_names", &word, e);

	if (!rc)
		rc = pick(r, lists, "industries", &trade, e);
	if (!rc)
		rc = pick(r, lists, "company_forms", &form, e);
	if (rc)
		return rc;
	snprintf(name, sizeof(name), "%s%s%s%s", prefix, word, trade, form);
	*out = json_string(name);
	return 0;
}

json_t *demo_fake_id_number(struct demo_rng *r, const char *region)
{
	static const int w[17] = {7, 9, 10, 5,	8, 4, 2, 1, 6,
				  3, 7, 9,  10, 5, 8, 4, 2};
	static const char check[] = "10X98765432";
	char id[64]; /* 18 used; room for what the compiler cannot rule out */
	int i, sum = 0;

	snprintf(id, sizeof(id), "%.6s%04d%02d%02d%03d", region,
		 1952 + (int)demo_rng_below(r, 46),
		 1 + (int)demo_rng_below(r, 12), 1 + (int)demo_rng_below(r, 28),
		 (int)demo_rng_below(r, 1000));
	for (i = 0; i < 17; i++)
		sum += (id[i] - '0') * w[i];
	id[17] = check[sum % 11];
	id[18] = '\0';
	return json_string(id);
}

json_t *demo_fake_credit_code(struct demo_rng *r, const char *region)
{
	static const char set[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
	static const int w[17] = {1,  3,  9,  27, 19, 26, 16, 17, 20,
				  29, 25, 13, 8,  24, 10, 30, 28};
	char code[19];
	int i, sum = 0;

	snprintf(code, sizeof(code), "91%.6s", region);
	for (i = 8; i < 17; i++)
		code[i] = set[demo_rng_below(r, 31)];
	for (i = 0; i < 17; i++)
		sum += (int)(strchr(set, code[i]) - set) * w[i];
	code[17] = set[(31 - sum % 31) % 31];
	code[18] = '\0';
	return json_string(code);
}

json_t *demo_fake_phone(struct demo_rng *r)
{
	static const int prefix[] = {133, 135, 136, 137, 138, 139, 150,
				     151, 152, 158, 159, 177, 180, 181,
				     183, 186, 187, 188, 189, 199};
	char phone[16];

	snprintf(phone, sizeof(phone), "%d%08d",
		 prefix[demo_rng_below(r, sizeof(prefix) / sizeof(*prefix))],
		 (int)demo_rng_below(r, 100000000));
	return json_string(phone);
}
