/*
 * package.c - the zip side of DOCX (libzip, in memory) and docx_text().
 *
 * Writing: an empty buffer source opened as an archive, each entry added
 * from the caller's bytes (which must live until zip_close()), deflated,
 * [Content_Types].xml first (Word does not need it first, some simple
 * readers do); after zip_close() the source, kept alive with
 * zip_source_keep(), holds the archive and is appended to the fz_buf.
 *
 * Reading: the bytes as a buffer source opened read-only. Caps guard
 * against zip bombs: DOCX_MAX_ENTRIES entries, DOCX_PART_CAP bytes for one
 * entry, twice that in all. Entry names are only ever used as names inside
 * the output zip, never as paths on disk.
 */
#include "docx/internal.h"
#include "docx/xml.h"

#include <string.h>
#include <zip.h>

static int zip_fail(struct fz_err *e, int code, const char *what,
		    zip_error_t *ze)
{
	fz_err_set(e, code, NULL, "%s: %s", what, zip_error_strerror(ze));
	zip_error_fini(ze);
	return code;
}

static int add_entry(zip_t *za, const struct docx_entry *en, struct fz_err *e)
{
	zip_source_t *s = zip_source_buffer(za, en->data, en->len, 0);
	zip_int64_t idx;

	if (!s)
		return fz_err_set(e, FZ_EIO, NULL, "zip: %s", zip_strerror(za));
	idx = zip_file_add(za, en->name, s, ZIP_FL_ENC_UTF_8);
	if (idx < 0) {
		zip_source_free(s);
		return fz_err_set(e, FZ_EIO, NULL, "zip: %s: %s", en->name,
				  zip_strerror(za));
	}
	if (zip_set_file_compression(za, (zip_uint64_t)idx, ZIP_CM_DEFLATE, 0))
		return fz_err_set(e, FZ_EIO, NULL, "zip: %s", zip_strerror(za));
	return 0;
}

static int add_entries(zip_t *za, const struct docx_entry *ents, size_t n,
		       struct fz_err *e)
{
	static const char ct[] = "[Content_Types].xml";
	size_t i;
	int rc = 0;

	for (i = 0; i < n && !rc; i++)
		if (strcmp(ents[i].name, ct) == 0)
			rc = add_entry(za, &ents[i], e);
	for (i = 0; i < n && !rc; i++)
		if (strcmp(ents[i].name, ct) != 0)
			rc = add_entry(za, &ents[i], e);
	return rc;
}

/* The archive a closed source holds, appended to out (unchanged on
 * failure). */
static int read_back(zip_source_t *src, struct fz_buf *out, struct fz_err *e)
{
	size_t old = out->len;
	zip_stat_t st;
	char chunk[16384];
	zip_int64_t got;
	int rc = 0;

	if (zip_source_stat(src, &st) < 0 || zip_source_open(src) < 0)
		return fz_err_set(e, FZ_EIO, NULL, "zip: %s",
				  zip_error_strerror(zip_source_error(src)));
	while (!rc && (got = zip_source_read(src, chunk, sizeof(chunk))) > 0)
		rc = fz_buf_add(out, chunk, (size_t)got);
	zip_source_close(src);
	if (!rc && out->len - old != st.size)
		rc = fz_err_set(e, FZ_EIO, NULL, "zip: short read");
	if (rc == FZ_ETOOBIG)
		fz_err_set(e, rc, NULL, "document larger than the output cap");
	if (rc)
		fz_buf_setlen(out, old);
	return rc;
}

int docx_zip_write(const struct docx_entry *ents, size_t n, struct fz_buf *out,
		   struct fz_err *e)
{
	zip_error_t ze;
	zip_source_t *src;
	zip_t *za;
	int rc;

	zip_error_init(&ze);
	src = zip_source_buffer_create(NULL, 0, 0, &ze);
	if (!src)
		return zip_fail(e, FZ_EIO, "zip", &ze);
	za = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
	if (!za) {
		zip_source_free(src);
		return zip_fail(e, FZ_EIO, "zip", &ze);
	}
	zip_error_fini(&ze);
	zip_source_keep(src);
	rc = add_entries(za, ents, n, e);
	if (!rc && zip_close(za) < 0)
		rc = fz_err_set(e, FZ_EIO, NULL, "zip: %s", zip_strerror(za));
	if (rc)
		zip_discard(za);
	else
		rc = read_back(src, out, e);
	zip_source_free(src);
	return rc;
}

static int read_entry(zip_t *za, zip_uint64_t i, const zip_stat_t *st,
		      struct fz_buf *b, struct fz_err *e)
{
	zip_file_t *zf = zip_fopen_index(za, i, 0);
	zip_int64_t got;
	char chunk[16384];
	int rc = 0;

	if (!zf)
		return fz_err_set(e, FZ_EINVAL, NULL, "%s: %s", st->name,
				  zip_strerror(za));
	while (!rc && (got = zip_fread(zf, chunk, sizeof(chunk))) > 0)
		rc = fz_buf_add(b, chunk, (size_t)got);
	if (!rc && b->len != st->size)
		rc = fz_err_set(e, FZ_EINVAL, NULL, "%s: damaged entry",
				st->name);
	zip_fclose(zf);
	if (rc == FZ_ETOOBIG)
		fz_err_set(e, rc, NULL, "%s: entry too large", st->name);
	return rc;
}

static int each_entry(zip_t *za, const char *only, docx_entry_fn fn, void *arg,
		      struct fz_err *e)
{
	zip_int64_t n = zip_get_num_entries(za, 0), i;
	zip_uint64_t total = 0;
	struct fz_buf b = FZ_BUF_INIT(DOCX_PART_CAP);
	zip_stat_t st;
	int rc = 0;

	if (n > DOCX_MAX_ENTRIES)
		return fz_err_set(e, FZ_ETOOBIG, NULL,
				  "too many entries (%lld)", (long long)n);
	for (i = 0; i < n && !rc; i++) {
		/* every way out goes through the release below: b holds the
		 * previous entry (a leak the fuzzer found, fuzz/fuzz_docx.c) */
		if (zip_stat_index(za, (zip_uint64_t)i, 0, &st) < 0 ||
		    !(st.valid & ZIP_STAT_NAME) ||
		    !(st.valid & ZIP_STAT_SIZE)) {
			rc = fz_err_set(e, FZ_EINVAL, NULL, "damaged zip");
			break;
		}
		size_t len = strlen(st.name);
		if (!len || st.name[len - 1] == '/' ||
		    (only && strcmp(st.name, only) != 0))
			continue;
		total += st.size;
		if (st.size > DOCX_PART_CAP || total > 2ull * DOCX_PART_CAP) {
			rc = fz_err_set(e, FZ_ETOOBIG, NULL,
					"%s: entry too large", st.name);
			break;
		}
		fz_buf_reset(&b);
		rc = read_entry(za, (zip_uint64_t)i, &st, &b, e);
		if (!rc)
			rc = fn(arg, st.name, b.data ? b.data : "", b.len, e);
	}
	fz_buf_release(&b);
	return rc;
}

int docx_zip_read(const void *data, size_t len, const char *only,
		  docx_entry_fn fn, void *arg, struct fz_err *e)
{
	zip_error_t ze;
	zip_source_t *src;
	zip_t *za;
	int rc;

	zip_error_init(&ze);
	src = zip_source_buffer_create(data, len, 0, &ze);
	if (!src)
		return zip_fail(e, FZ_EIO, "zip", &ze);
	za = zip_open_from_source(src, ZIP_RDONLY, &ze);
	if (!za) {
		zip_source_free(src);
		return zip_fail(e, FZ_EINVAL, "not a DOCX file (zip)", &ze);
	}
	zip_error_fini(&ze);
	rc = each_entry(za, only, fn, arg, e);
	zip_discard(za);
	return rc;
}

/* ---- docx_text ---------------------------------------------------------- */

static int keep_document(void *arg, const char *name, const char *data,
			 size_t len, struct fz_err *e)
{
	(void)name;
	(void)e;
	return fz_buf_add(arg, data, len);
}

static int text_of(const struct docx_xml *x, struct fz_buf *out)
{
	size_t i, start = out->len;
	int rc = 0;

	for (i = 0; i < x->n && !rc; i++) {
		const struct docx_tok *t = &x->tok[i];
		if (docx_xml_is_wt_text(x, i))
			rc = docx_xml_unescape(out, x->src + t->start,
					       t->end - t->start);
		else if (t->kind == DOCX_EMPTY && docx_xml_is(x, i, "w:tab"))
			rc = fz_buf_add(out, "\t", 1);
		else if (t->kind == DOCX_EMPTY && (docx_xml_is(x, i, "w:br") ||
						   docx_xml_is(x, i, "w:cr")))
			rc = fz_buf_add(out, "\n", 1);
		else if ((t->kind == DOCX_CLOSE || t->kind == DOCX_EMPTY) &&
			 docx_xml_is(x, i, "w:p"))
			rc = fz_buf_add(out, "\n", 1);
	}
	if (!rc && out->len > start && out->data[out->len - 1] == '\n')
		fz_buf_setlen(out, out->len - 1);
	return rc;
}

int docx_text(const void *docx, size_t len, struct fz_buf *out,
	      struct fz_err *e)
{
	static const char doc[] = "word/document.xml";
	struct fz_buf xml = FZ_BUF_INIT(DOCX_PART_CAP);
	struct docx_xml x;
	int rc = docx_zip_read(docx, len, doc, keep_document, &xml, e);

	if (!rc && !xml.data)
		rc = fz_err_set(e, FZ_EINVAL, NULL, "no %s in the file", doc);
	if (!rc)
		rc = docx_xml_parse(&x, xml.data, xml.len, doc, e);
	if (!rc) {
		rc = text_of(&x, out);
		docx_xml_release(&x);
	}
	fz_buf_release(&xml);
	return rc;
}
