/*
 * public_view.h - a record as the public may see it (the portal's lists and
 * status answers, docs/kinds.md "The public portal").
 *
 * Every value named is shown through the declaration: an enum value by its
 * label; a masked field (`mask`) masked (lib/mask.h), unless its
 * `unmasked_when` holds (a legal person's name, which a 公示 shows); a
 * personal field without a mask left out; and every other text (titles,
 * places, decisions' texts, reasons) masked with the record's own personal
 * values — every name, ID number, phone and address its masked and personal
 * fields hold (a legal person's name excepted), and the street part of each
 * address — and with the patterns of ID and phone numbers (fz_mask_text).
 *
 * public_view_make() returns the object {"number", field: value...} for the
 * fields names[0..n) of a record of kind k with data `data`. When report is
 * not NULL, what was masked where is added to it:
 * {field: {"name": N, "id_number": N, "phone": N, "address": N, "other": N}}
 * (counts only, never a value), the record of the masking.
 */
#ifndef FZ_KINDS_PUBLIC_VIEW_H
#define FZ_KINDS_PUBLIC_VIEW_H

#include "kinds/kind.h"

json_t *public_view_make(const struct kind *k, const char *number,
			 const json_t *data, const char *const *names, size_t n,
			 json_t *report);

/* Is a record in `state` with `data` on k's public list (its states, its
 * require field set, its exclude field not)? data NULL: no. */
int public_view_listed(const struct kind *k, const char *state,
		       const json_t *data);

/* One field's value as the public may see it (NULL when it is left out). */
json_t *public_view_value(const struct kind *k, const json_t *data,
			  const struct kind_field *f, json_t *report);

#endif
