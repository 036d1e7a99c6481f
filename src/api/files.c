/*
 * files.c - evidence files of records over HTTP (SPEC §2.1: "Evidence
 * files are stored with their SHA-256"):
 *
 *   POST /api/v1/records/{kind}/{id}/files?name=FILENAME&note=…
 *        the raw bytes as the body, the file's type as Content-Type
 *   GET  /api/v1/records/{kind}/{id}/files            the record's files
 *   GET  /api/v1/records/{kind}/{id}/files/{file_id}  the bytes
 *
 * The upload route has the R_UPLOAD flag, so the server caps its body at
 * --max-upload (default 20 MiB) instead of --max-body; a larger body is a
 * 413 naming "body" before this file sees it. Then, in this order, each
 * refusal writing nothing: the record must be visible to the caller (404,
 * as records.c), the name present, at most STORE_FILE_NAME_MAX characters
 * of UTF-8 with no '/', '\\', NUL or control character and not "." or ".."
 * (400 naming "name"), the note at most STORE_FILE_NOTE_MAX characters
 * (400 naming "note"), the Content-Type one of `types` below, the one list
 * (415 naming "Content-Type"), the body not empty (400 naming "body").
 *
 * Then the blob is written (store_blob_put: hashed, durable, stored once
 * per content) on this HTTP thread, outside the writer, and one write adds
 * the row and the record.evidence event {file_id, sha256, size, content_type,
 * name, note} to the record's organisation chain with subject
 * "<kind>:<id>", so the file is part of the record's history. A failure of
 * that write leaves an unnamed blob behind, which is harmless.
 *
 * A download reads the blob whole (files are at most --max-upload) and
 * checks it against the SHA-256 first: changed evidence is never served
 * as if it were the original (500 naming "file").
 */
#include "api.h"

#include "lib/buf.h"
#include "lib/clock.h"
#include "lib/jsonv.h"
#include "lib/xalloc.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The types an evidence file may have: this list and nowhere else. */
static const char *const types[] = {
    "application/pdf",
    "image/jpeg",
    "image/png",
    "image/tiff",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/msword",
    "audio/mpeg",
    "video/mp4",
    "text/plain",
};

/* ---- checking the upload ---------------------------------------------------
 */

/* The media type of a Content-Type header (parameters dropped) if it is
 * allowed, into out in lower case; else FZ_EINVAL. */
static int media_type(const char *header, char *out, size_t n, struct fz_err *e)
{
	size_t len, i;

	if (!header)
		header = "";
	len = strcspn(header, ";");
	while (len && (header[len - 1] == ' ' || header[len - 1] == '\t'))
		len--;
	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (strlen(types[i]) == len &&
		    strncasecmp(header, types[i], len) == 0 && len < n) {
			snprintf(out, n, "%s", types[i]);
			return 0;
		}
	return fz_err_set(e, FZ_EINVAL, "Content-Type",
			  "Content-Type: '%.80s' is not a type of evidence "
			  "file (PDF, JPEG, PNG, TIFF, Word, MP3, MP4 or text)",
			  header);
}

/* Check a query string (name or note) with the JSON validator: valid
 * UTF-8, length in characters, control characters. */
static int check_text(const char *field, const char *v, size_t len,
		      const struct jv_field *spec, struct fz_err *e)
{
	json_t *s = json_stringn(v, len), *o;
	int rc;

	if (!s)
		return fz_err_set(e, FZ_EINVAL, field, "%s: must be UTF-8 text",
				  field);
	o = json_object();
	json_object_set_new(o, field, s);
	rc = jv_check(o, spec, e);
	json_decref(o);
	return rc;
}

static int check_name(const char *name, size_t len, struct fz_err *e)
{
	static const struct jv_field spec[] = {
	    {"name", JV_STRING, JV_REQUIRED, 1, STORE_FILE_NAME_MAX},
	    {NULL, 0, 0, 0, 0}};

	if (!name || !len)
		return fz_err_set(e, FZ_EINVAL, "name",
				  "name: the file name is required "
				  "(?name=…)");
	if (memchr(name, '\0', len) || memchr(name, '/', len) ||
	    memchr(name, '\\', len) || !strcmp(name, ".") ||
	    !strcmp(name, ".."))
		return fz_err_set(e, FZ_EINVAL, "name",
				  "name: a file name, not a path (no '/', "
				  "'\\', NUL, '.' or '..')");
	return check_text("name", name, len, spec, e);
}

static int check_note(const char *note, size_t len, struct fz_err *e)
{
	static const struct jv_field spec[] = {
	    {"note", JV_STRING, JV_MULTILINE, 0, STORE_FILE_NOTE_MAX},
	    {NULL, 0, 0, 0, 0}};

	if (note && memchr(note, '\0', len))
		return fz_err_set(e, FZ_EINVAL, "note",
				  "note: must not contain NUL");
	return note ? check_text("note", note, len, spec, e) : 0;
}

/* ---- shared pieces ---------------------------------------------------------
 */

static void files_dir(struct http_req *r, char *out, size_t n)
{
	store_files_dir(store_path(server_store(r->srv)), out, n);
}

/* The record of the path if the caller may see it (act: add to it, which
 * a copy does not allow): *k, *rec (release). */
static int target(struct http_req *r, int act, const struct kind **k,
		  struct store_record *rec, struct fz_err *e)
{
	struct store_conn *c;
	int rc;

	*k = api_kind(r, e);
	if (!*k)
		return FZ_ENOTFOUND;
	c = store_rd_acquire(server_store(r->srv));
	rc = act ? api_record_to_act(r, c, *k, rec, e)
		 : api_record_at(r, c, *k, rec, e);
	store_rd_release(server_store(r->srv), c);
	return rc;
}

static json_t *file_json(const struct store_file *f)
{
	char when[32];

	fz_ms_to_local(f->created_at, when, sizeof(when));
	return json_pack(
	    "{s:I, s:I, s:I, s:s, s:s, s:I, s:s, s:s, s:s, s:s}", "id",
	    (json_int_t)f->id, "record_id", (json_int_t)f->record_id, "org_id",
	    (json_int_t)f->org_id, "name", f->name, "content_type",
	    f->content_type, "size", (json_int_t)f->size, "sha256", f->sha256,
	    "note", f->note, "created_at", when, "created_by", f->actor);
}

/* ---- upload
 * ------------------------------------------------------------------ */

struct file_write {
	struct api_result res; /* first: api_after_json */
	struct store_file f;
	char subject[96];
};

static int file_write_fn(struct store_conn *c, void *arg, struct fz_err *e)
{
	struct file_write *x = arg;
	json_t *ev;
	int rc = store_file_insert(c, &x->f, e);

	if (rc)
		return rc;
	ev = json_pack("{s:I, s:s, s:I, s:s, s:s, s:s}", "file_id",
		       (json_int_t)x->f.id, "sha256", x->f.sha256, "size",
		       (json_int_t)x->f.size, "content_type", x->f.content_type,
		       "name", x->f.name, "note", x->f.note);
	rc = store_event_append(c, x->f.org_id, x->f.actor,
				STORE_EVIDENCE_EVENT, x->subject, ev, e);
	json_decref(ev);
	if (rc)
		return rc;
	x->res.status = 201;
	x->res.json = file_json(&x->f);
	return 0;
}

/* Name and note from the query into f; 0 or the error. */
static int upload_names(struct http_req *r, struct store_file *f,
			struct fz_err *e)
{
	size_t nlen, tlen;
	const char *name = http_query_n(r, "name", &nlen);
	const char *note = http_query_n(r, "note", &tlen);
	int rc;

	if ((rc = check_name(name, nlen, e)) ||
	    (rc = check_note(note, tlen, e)))
		return rc;
	snprintf(f->name, sizeof(f->name), "%s", name);
	snprintf(f->note, sizeof(f->note), "%s", note ? note : "");
	return 0;
}

int api_files_add(struct http_req *r)
{
	struct store_record rec;
	struct file_write *x;
	const struct kind *k;
	char dir[4096];
	struct fz_err e;

	fz_err_clear(&e);
	if (target(r, 1, &k, &rec, &e))
		return http_fail(r, &e);
	x = api_ctx(r, sizeof(*x), api_result_free);
	x->f.org_id = rec.org_id;
	x->f.record_id = rec.id;
	snprintf(x->subject, sizeof(x->subject), "%s:%lld", k->id,
		 (long long)rec.id);
	store_record_release(&rec);
	if (upload_names(r, &x->f, &e))
		return http_fail(r, &e);
	if (media_type(http_header(r, "Content-Type"), x->f.content_type,
		       sizeof(x->f.content_type), &e))
		return http_fail_status(r, 415, "unsupported_media_type",
					"Content-Type", e.msg);
	if (r->body.len == 0)
		return http_fail_code(r, FZ_EINVAL, "body",
				      "body: the file is empty");
	x->f.size = (int64_t)r->body.len;
	snprintf(x->f.actor, sizeof(x->f.actor), "%s", r->actor);
	files_dir(r, dir, sizeof(dir));
	if (store_blob_put(dir, r->body.data, r->body.len, x->f.sha256, NULL,
			   &e))
		return http_fail(r, &e);
	return http_write(r, file_write_fn, x, api_after_json);
}

/* ---- list
 * ---------------------------------------------------------------------- */

static int add_file(const struct store_file *f, void *arg)
{
	json_array_append_new(arg, file_json(f));
	return 0;
}

int api_files_list(struct http_req *r)
{
	struct store_record rec;
	const struct kind *k;
	struct store_conn *c;
	struct fz_err e;
	json_t *a;
	int rc;

	fz_err_clear(&e);
	if (target(r, 0, &k, &rec, &e))
		return http_fail(r, &e);
	a = json_array();
	c = store_rd_acquire(server_store(r->srv));
	rc = store_file_list(c, rec.org_id, rec.id, add_file, a, &e);
	store_rd_release(server_store(r->srv), c);
	store_record_release(&rec);
	if (rc) {
		json_decref(a);
		return http_fail(r, &e);
	}
	return http_json(r, 200, json_pack("{s:o}", "files", a));
}

/* ---- download
 * ------------------------------------------------------------------ */

/* The blob of f, whole (out's cap is its size), if it still matches its
 * SHA-256. */
static int read_checked(const char *dir, const struct store_file *f,
			struct fz_buf *out, struct fz_err *e)
{
	unsigned char h[32];
	char hex[STORE_SHA256_HEX], *chunk;
	FILE *fp = NULL;
	size_t n;
	int rc = store_blob_open(dir, f->sha256, &fp, e);

	if (!rc) {
		chunk = fz_xmalloc(64 * 1024);
		while (!rc && (n = fread(chunk, 1, 64 * 1024, fp)) > 0)
			rc = fz_buf_add(out, chunk, n);
		if (!rc && ferror(fp))
			rc = FZ_EIO;
		free(chunk);
		fclose(fp);
	}
	if (!rc) {
		crypto_hash_sha256(h, (const unsigned char *)out->data,
				   out->len);
		sodium_bin2hex(hex, sizeof(hex), h, 32);
		rc = strcmp(hex, f->sha256) ? FZ_ECORRUPT : 0;
	}
	if (rc)
		return fz_err_set(e, FZ_ECORRUPT, "file",
				  "file %lld: the stored bytes are missing or "
				  "do not match their SHA-256; run `fazhi "
				  "audit verify`",
				  (long long)f->id);
	return 0;
}

int api_files_get(struct http_req *r)
{
	struct store_record rec;
	struct store_file *f;
	const struct kind *k;
	struct store_conn *c;
	struct fz_buf b;
	char dir[4096];
	struct fz_err e;
	int64_t id;
	int rc;

	fz_err_clear(&e);
	if (target(r, 0, &k, &rec, &e))
		return http_fail(r, &e);
	f = api_ctx(r, sizeof(*f), NULL);
	rc = http_capture_id(r, 2, "file_id", &id, &e);
	c = store_rd_acquire(server_store(r->srv));
	if (!rc)
		rc = store_file_get(c, id, f, &e);
	store_rd_release(server_store(r->srv), c);
	if (!rc && (f->org_id != rec.org_id || f->record_id != rec.id))
		rc = fz_err_set(&e, FZ_ENOTFOUND, "file_id",
				"file_id: no file %lld", (long long)id);
	store_record_release(&rec);
	if (rc)
		return http_fail(r, &e);
	files_dir(r, dir, sizeof(dir));
	fz_buf_init(&b, (size_t)f->size + 1);
	if (read_checked(dir, f, &b, &e)) {
		fz_buf_release(&b);
		return http_fail(r, &e);
	}
	http_download(r, f->content_type, f->name, b.data, b.len);
	fz_buf_release(&b);
	return 0;
}
