/*
 * public_view.c - see public_view.h.
 *
 * The known values are gathered once per record from its data; a text is
 * then masked by them and by the number patterns in one pass
 * (fz_mask_text). An address also gives its street part: what follows each
 * 街道, 镇, 乡, 村, 社区 … in it, from a character that is not a digit on,
 * when a number follows (金龙路128号 of 渝北区龙溪街道金龙路128号), so that
 * the place a text names is masked even when written without the district.
 */
#include "public_view.h"

#include "lib/buf.h"
#include "lib/mask.h"
#include "lib/xalloc.h"

#include <stdlib.h>
#include <string.h>

_Static_assert((int)KM_NAME == FZ_MASK_NAME && (int)KM_ID == FZ_MASK_ID &&
		   (int)KM_PHONE == FZ_MASK_PHONE &&
		   (int)KM_ADDRESS == FZ_MASK_ADDRESS,
	       "kf_mask follows lib/mask.h's kinds");

enum { KNOWN_MAX = 256 };

struct known {
	struct fz_mask_value v[KNOWN_MAX];
	size_t n;
	char *owned[KNOWN_MAX]; /* the street parts, made here */
	size_t nowned;
};

static void known_release(struct known *kn)
{
	size_t i;

	for (i = 0; i < kn->nowned; i++)
		free(kn->owned[i]);
}

static void known_add(struct known *kn, const char *s, int kind)
{
	/* a one-character value would mask that character everywhere */
	if (kn->n < KNOWN_MAX && s && strlen(s) >= 4)
		kn->v[kn->n++] = (struct fz_mask_value){s, kind};
}

static int has_number(const char *s)
{
	static const char *const numerals[] = {
	    "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", NULL};
	size_t i;

	if (strpbrk(s, "0123456789"))
		return 1;
	for (i = 0; numerals[i]; i++)
		if (strstr(s, numerals[i]))
			return 1;
	return 0;
}

/* The street parts of an address: what follows each of its divisions. */
static void known_address(struct known *kn, const char *s)
{
	static const char *const divisions[] = {
	    "省", "市", "区", "县", "街道", "镇", "乡", "社区", "村", NULL};
	const char *p;
	size_t i;

	known_add(kn, s, FZ_MASK_ADDRESS);
	for (i = 0; divisions[i]; i++)
		for (p = strstr(s, divisions[i]); p;
		     p = strstr(p + 1, divisions[i])) {
			const char *rest = p + strlen(divisions[i]);
			if (!*rest || (*rest >= '0' && *rest <= '9') ||
			    !has_number(rest) || kn->nowned >= KNOWN_MAX)
				continue;
			kn->owned[kn->nowned] = fz_xstrdup(rest);
			known_add(kn, kn->owned[kn->nowned++], FZ_MASK_ADDRESS);
		}
}

/* Does f's unmasked_when hold in `where` (the item or the record)? */
static int unmasked(const struct kind_field *f, const json_t *where)
{
	const char *v =
	    f->unmasked_field
		? json_string_value(json_object_get(where, f->unmasked_field))
		: NULL;
	size_t i;

	for (i = 0; v && i < f->nunmasked_values; i++)
		if (!strcmp(v, f->unmasked_values[i]))
			return 1;
	return 0;
}

/* The personal values of the fields fields[0..n) in `where`. */
static void known_of(struct known *kn, const struct kind_field *fields,
		     size_t n, const json_t *where)
{
	const struct kind_field *f;
	json_t *v, *item;
	size_t i, j;

	for (i = 0; i < n; i++) {
		f = &fields[i];
		v = json_object_get(where, f->name);
		if (f->type == KF_OBJECTS && json_is_array(v)) {
			json_array_foreach(v, j, item)
			    known_of(kn, f->items, f->nitems, item);
			continue;
		}
		if (!f->personal || !json_is_string(v) || unmasked(f, where))
			continue;
		if (f->mask == KM_ADDRESS)
			known_address(kn, json_string_value(v));
		else
			known_add(kn, json_string_value(v), (int)f->mask);
	}
}

static void report_add(json_t *report, const char *field,
		       const unsigned counts[FZ_MASK_KINDS])
{
	static const char *const names[FZ_MASK_KINDS] = {
	    "other", "name", "id_number", "phone", "address"};
	json_t *o;
	size_t i;

	if (!report)
		return;
	for (i = 0; i < FZ_MASK_KINDS; i++) {
		if (!counts[i])
			continue;
		if (!(o = json_object_get(report, field))) {
			o = json_object();
			json_object_set_new(report, field, o);
		}
		json_object_set_new(
		    o, names[i],
		    json_integer(
			json_integer_value(json_object_get(o, names[i])) +
			counts[i]));
	}
}

struct view {
	const struct known *kn;
	json_t *report;
	const char *top; /* the record's field being shown */
};

static json_t *text_value(struct view *w, const char *s)
{
	struct fz_buf b = FZ_BUF_INIT(1 << 20);
	unsigned counts[FZ_MASK_KINDS] = {0};
	json_t *out;

	if (fz_mask_text(s, w->kn->v, w->kn->n, &b, counts)) {
		fz_buf_release(&b);
		return json_string(""); /* too long to mask: nothing shown */
	}
	report_add(w->report, w->top, counts);
	out = json_string(b.data ? b.data : "");
	fz_buf_release(&b);
	return out;
}

static json_t *masked_value(struct view *w, const struct kind_field *f,
			    const char *s)
{
	struct fz_buf b = FZ_BUF_INIT(4096);
	unsigned counts[FZ_MASK_KINDS] = {0};
	struct fz_mask_value one = {s, (int)f->mask};
	json_t *out;

	if (fz_mask_text(s, &one, 1, &b, counts)) {
		fz_buf_release(&b);
		return json_string("");
	}
	report_add(w->report, w->top, counts);
	out = json_string(b.data ? b.data : "");
	fz_buf_release(&b);
	return out;
}

static json_t *value_of(struct view *w, const struct kind_field *f,
			const json_t *v, const json_t *where);

static json_t *items_of(struct view *w, const struct kind_field *f,
			const json_t *v)
{
	json_t *a = json_array(), *item, *o, *x;
	size_t i, j;

	json_array_foreach((json_t *)(uintptr_t)v, i, item)
	{
		o = json_object();
		for (j = 0; j < f->nitems; j++) {
			const struct kind_field *sub = &f->items[j];
			x = json_object_get(item, sub->name);
			if (x && !(sub->personal && !sub->mask))
				json_object_set_new(o, sub->name,
						    value_of(w, sub, x, item));
		}
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *value_of(struct view *w, const struct kind_field *f,
			const json_t *v, const json_t *where)
{
	const char *label, *s = json_string_value(v);

	if (!v || json_is_null(v))
		return json_null();
	if (f->type == KF_OBJECTS)
		return json_is_array(v) ? items_of(w, f, v) : json_null();
	if (f->mask)
		return !s		    ? json_null()
		       : unmasked(f, where) ? json_string(s)
					    : masked_value(w, f, s);
	if (f->type == KF_ENUM && s && (label = kind_value_label(f, s)))
		return json_string(label);
	if ((f->type == KF_STRING || f->type == KF_TEXT) && s)
		return text_value(w, s);
	return json_incref((json_t *)(uintptr_t)v);
}

json_t *public_view_value(const struct kind *k, const json_t *data,
			  const struct kind_field *f, json_t *report)
{
	struct known kn;
	struct view w = {&kn, report, f->name};
	json_t *out;

	kn.n = kn.nowned = 0;
	if (f->personal && !f->mask)
		return NULL;
	known_of(&kn, k->fields, k->nfields, data);
	out = value_of(&w, f, json_object_get(data, f->name), data);
	known_release(&kn);
	return out;
}

json_t *public_view_make(const struct kind *k, const char *number,
			 const json_t *data, const char *const *names, size_t n,
			 json_t *report)
{
	json_t *o = json_pack("{s:s}", "number", number);
	const struct kind_field *f;
	struct known kn;
	struct view w = {&kn, report, NULL};
	size_t i;

	kn.n = kn.nowned = 0;
	known_of(&kn, k->fields, k->nfields, data);
	for (i = 0; i < n; i++) {
		if (!(f = kind_field(k, names[i])) || (f->personal && !f->mask))
			continue;
		w.top = f->name;
		json_object_set_new(
		    o, f->name,
		    value_of(&w, f, json_object_get(data, f->name), data));
	}
	known_release(&kn);
	return o;
}

int public_view_listed(const struct kind *k, const char *state,
		       const json_t *data)
{
	const json_t *req, *exc;

	if (!data || !k->public_list_fields)
		return 0;
	req = k->public_list_require
		  ? json_object_get(data, k->public_list_require)
		  : NULL;
	exc = k->public_list_exclude
		  ? json_object_get(data, k->public_list_exclude)
		  : NULL;
	if (k->public_list_require && (!req || json_is_null(req)))
		return 0;
	if (exc && !json_is_null(exc))
		return 0;
	return !k->npublic_list_states ||
	       kind_states_has(k->public_list_states, k->npublic_list_states,
			       state);
}
