/*
 * fuzz_body.c - a request body as the API reads it: parsed (jv_parse_object:
 * malformed JSON, invalid UTF-8, non-objects) and, when it is an object,
 * checked against a kind's declaration (engine_check_input: unknown fields,
 * types, enums, limits, items of objects fields). The first byte picks the
 * kind among the built-in ones.
 */
#include "fuzz.h"

#include "kinds/engine.h"
#include "kinds/kind.h"
#include "lib/jsonv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct kind_registry *reg = fuzz_kinds();
	const struct kind *k;
	struct fz_err e;
	json_t *body;

	if (size < 1)
		return 0;
	k = reg->v[data[0] % reg->n];
	if (jv_parse_object((const char *)data + 1, size - 1, &body, &e))
		return 0;
	engine_check_input(k, body, NULL, 0, &e);
	engine_check_input(k, body, k->public_fields, k->npublic, &e);
	json_decref(body);
	return 0;
}
