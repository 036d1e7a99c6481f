/*
 * jsonw.c - see jsonw.h.
 */
#include "jsonw.h"

#include "err.h"
#include "utf8.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

void fz_jw_init(struct fz_jw *w, struct fz_buf *b)
{
	memset(w, 0, sizeof(*w));
	w->b = b;
}

static void add(struct fz_jw *w, const char *p, size_t n)
{
	if (!w->rc)
		w->rc = fz_buf_add(w->b, p, n);
}

static void fail(struct fz_jw *w)
{
	if (!w->rc)
		w->rc = FZ_EINVAL;
}

/* Before a value or a key: the comma after the previous member. A value
 * right after its key needs none. */
static void before(struct fz_jw *w)
{
	if (w->after_key) {
		w->after_key = 0;
		return;
	}
	if (w->depth == 0)
		return;
	if (w->more[w->depth - 1])
		add(w, ",", 1);
	w->more[w->depth - 1] = 1;
}

static void open(struct fz_jw *w, int arr)
{
	before(w);
	if (w->depth == FZ_JW_DEPTH) {
		fail(w);
		return;
	}
	add(w, arr ? "[" : "{", 1);
	w->more[w->depth] = 0;
	w->arr[w->depth] = (unsigned char)arr;
	w->depth++;
}

void fz_jw_obj(struct fz_jw *w)
{
	open(w, 0);
}

void fz_jw_arr(struct fz_jw *w)
{
	open(w, 1);
}

void fz_jw_end(struct fz_jw *w)
{
	if (w->depth == 0 || w->after_key) {
		fail(w);
		return;
	}
	w->depth--;
	add(w, w->arr[w->depth] ? "]" : "}", 1);
}

/* s[0..n) as a JSON string, with its quotes. */
static void quoted(struct fz_jw *w, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, run = 0, k;
	char esc[8];
	uint32_t cp;

	add(w, "\"", 1);
	while (i < n) {
		k = fz_utf8_seq(p + i, n - i, &cp);
		if (k && cp >= 0x20 && cp != '"' && cp != '\\') {
			i += k;
			continue;
		}
		add(w, s + run, i - run);
		if (!k) {
			add(w, "\xEF\xBF\xBD", 3); /* U+FFFD */
			k = 1;
		} else if (cp == '"' || cp == '\\') {
			esc[0] = '\\';
			esc[1] = (char)cp;
			add(w, esc, 2);
		} else {
			const char *named = cp == '\b'	 ? "\\b"
					    : cp == '\f' ? "\\f"
					    : cp == '\n' ? "\\n"
					    : cp == '\r' ? "\\r"
					    : cp == '\t' ? "\\t"
							 : NULL;
			if (named)
				add(w, named, 2);
			else {
				snprintf(esc, sizeof(esc), "\\u%04X",
					 (unsigned)cp);
				add(w, esc, 6);
			}
		}
		i += k;
		run = i;
	}
	add(w, s + run, n - run);
	add(w, "\"", 1);
}

void fz_jw_key(struct fz_jw *w, const char *key)
{
	if (w->depth == 0 || w->arr[w->depth - 1] || w->after_key) {
		fail(w);
		return;
	}
	before(w);
	quoted(w, key, strlen(key));
	add(w, ":", 1);
	w->after_key = 1;
}

void fz_jw_str(struct fz_jw *w, const char *s)
{
	if (!s) {
		fz_jw_null(w);
		return;
	}
	before(w);
	quoted(w, s, strlen(s));
}

void fz_jw_int(struct fz_jw *w, int64_t v)
{
	char num[24];
	int n = snprintf(num, sizeof(num), "%" PRId64, v);

	before(w);
	add(w, num, (size_t)n);
}

void fz_jw_bool(struct fz_jw *w, int v)
{
	before(w);
	if (v)
		add(w, "true", 4);
	else
		add(w, "false", 5);
}

void fz_jw_null(struct fz_jw *w)
{
	before(w);
	add(w, "null", 4);
}

void fz_jw_raw(struct fz_jw *w, const char *json, size_t len)
{
	before(w);
	add(w, json, len);
}

void fz_jw_kstr(struct fz_jw *w, const char *key, const char *s)
{
	fz_jw_key(w, key);
	fz_jw_str(w, s);
}

void fz_jw_kint(struct fz_jw *w, const char *key, int64_t v)
{
	fz_jw_key(w, key);
	fz_jw_int(w, v);
}

void fz_jw_kbool(struct fz_jw *w, const char *key, int v)
{
	fz_jw_key(w, key);
	fz_jw_bool(w, v);
}
