/*
 * store_files.c - evidence files (store.h, "evidence files"): the blobs on
 * disk and the `files` table (migration 003).
 *
 * Blobs. A file's bytes are stored once per content, named by their
 * SHA-256: "<db path>.files/ab/abcdef…" (the full 64 hex digits, the first
 * two as a subdirectory, so no directory grows past a few thousand
 * entries). Content addressing makes every write idempotent and every copy
 * checkable: the name is the checksum. A blob is written to a temporary
 * file in its subdirectory, fsynced, renamed over its name and the
 * subdirectory fsynced; a directory made on the way is fsynced into its
 * parent. So a blob is either absent or whole, and once store_blob_put()
 * returns it survives a crash; the caller commits the row naming it only
 * afterwards. A temporary file left by a crash is never read (its name
 * starts with ".tmp-"). Blobs are never removed: a blob whose row never
 * committed costs only its space.
 *
 * Names are checked before they become paths: a sha256 is exactly 64
 * lower-case hex digits, whatever a (possibly edited) database says, so no
 * row can point outside the directory.
 *
 * Rows. Statements are prepared per call (sqlite3_prepare_v3, finalized
 * before returning) on the connection's handle (store_internal.h): file
 * operations are rare next to the cached statements of store_sqlite.c. A
 * row's file_id is the next in the table and its event_seq the next seq of
 * its organisation's chain, i.e. the record.evidence event the caller appends
 * right after in the same write (the verifier checks the event against the
 * row). Triggers refuse UPDATE and DELETE on `files`.
 *
 * Hashing is libsodium's SHA-256, streamed 64 KiB at a time when reading a
 * blob back, so checking a large file does not hold it in memory.
 */
#include "store.h"
#include "store_internal.h"

#include "lib/clock.h"
#include "lib/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { PATH_CAP = 4096 + 96, CHUNK = 64 * 1024 };

/* ---- names and directories ----------------------------------------------- */

void store_files_dir(const char *db_path, char *out, size_t n)
{
	snprintf(out, n, "%s.files", db_path);
}

static int sha_ok(const char *sha)
{
	size_t i;

	for (i = 0; i < 64; i++)
		if (!((sha[i] >= '0' && sha[i] <= '9') ||
		      (sha[i] >= 'a' && sha[i] <= 'f')))
			return 0;
	return sha[64] == '\0';
}

/* dir/ab into sub and dir/ab/abcd… into path (either may be NULL). */
static int blob_paths(const char *dir, const char *sha, char *sub, char *path,
		      struct fz_err *e)
{
	char tmp[PATH_CAP];
	int n;

	if (!sha_ok(sha))
		return fz_err_set(e, FZ_EINVAL, "sha256",
				  "sha256: '%.70s' is not 64 lower-case hex "
				  "digits",
				  sha);
	n = snprintf(tmp, sizeof(tmp), "%s/%.2s/%s", dir, sha, sha);
	if (n < 0 || (size_t)n >= sizeof(tmp))
		return fz_err_set(e, FZ_EINVAL, "file",
				  "file: the directory path %.100s… is too "
				  "long",
				  dir);
	if (path)
		memcpy(path, tmp, (size_t)n + 1);
	if (sub)
		snprintf(sub, PATH_CAP, "%s/%.2s", dir, sha);
	return 0;
}

/* fsync a directory, so that the entries made in it are durable. */
static int fsync_dir(const char *dir, struct fz_err *e)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int rc = 0;

	if (fd < 0 || fsync(fd) != 0)
		rc = fz_err_set(e, FZ_EIO, "file", "file: cannot sync %s: %s",
				dir, strerror(errno));
	if (fd >= 0)
		close(fd);
	return rc;
}

/* The directory that holds `path` ("." when it has no slash). */
static void parent_of(const char *path, char *out, size_t n)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		snprintf(out, n, ".");
	else if (slash == path)
		snprintf(out, n, "/");
	else
		snprintf(out, n, "%.*s", (int)(slash - path), path);
}

/* mkdir dir if absent; a new directory is made durable in its parent. */
static int ensure_dir(const char *dir, struct fz_err *e)
{
	char parent[PATH_CAP];

	if (mkdir(dir, 0700) != 0) {
		if (errno == EEXIST)
			return 0;
		return fz_err_set(e, FZ_EIO, "file",
				  "file: cannot create %s: %s", dir,
				  strerror(errno));
	}
	parent_of(dir, parent, sizeof(parent));
	return fsync_dir(parent, e);
}

/* ---- writing a blob ------------------------------------------------------ */

/* A blob being written: a temporary file in its subdirectory. */
struct blob_tmp {
	char sub[PATH_CAP], final[PATH_CAP];
	char tmp[PATH_CAP + 16]; /* sub + "/.tmp-XXXXXX" */
	int fd;
};

static int tmp_open(struct blob_tmp *t, const char *dir, const char *sha,
		    struct fz_err *e)
{
	int rc;

	t->fd = -1;
	rc = blob_paths(dir, sha, t->sub, t->final, e);
	if (!rc)
		rc = ensure_dir(dir, e);
	if (!rc)
		rc = ensure_dir(t->sub, e);
	if (rc)
		return rc;
	snprintf(t->tmp, sizeof(t->tmp), "%s/.tmp-XXXXXX", t->sub);
	t->fd = mkstemp(t->tmp);
	if (t->fd < 0)
		return fz_err_set(e, FZ_EIO, "file",
				  "file: cannot create a file in %s: %s",
				  t->sub, strerror(errno));
	return 0;
}

static int tmp_write(struct blob_tmp *t, const void *data, size_t n,
		     struct fz_err *e)
{
	const char *p = data;
	ssize_t w;

	while (n > 0) {
		w = write(t->fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return fz_err_set(e, FZ_EIO, "file",
					  "file: cannot write %s: %s", t->tmp,
					  strerror(errno));
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Drop the temporary file (after a failure). */
static void tmp_abandon(struct blob_tmp *t)
{
	if (t->fd >= 0) {
		close(t->fd);
		unlink(t->tmp);
	}
	t->fd = -1;
}

/* fsync, rename over the final name, fsync the subdirectory. */
static int tmp_commit(struct blob_tmp *t, struct fz_err *e)
{
	int rc = 0;

	if (fsync(t->fd) != 0)
		rc = fz_err_set(e, FZ_EIO, "file", "file: cannot sync %s: %s",
				t->tmp, strerror(errno));
	close(t->fd);
	t->fd = -1;
	if (!rc && rename(t->tmp, t->final) != 0)
		rc = fz_err_set(e, FZ_EIO, "file",
				"file: cannot rename %s to %s: %s", t->tmp,
				t->final, strerror(errno));
	if (rc) {
		unlink(t->tmp);
		return rc;
	}
	return fsync_dir(t->sub, e);
}

static void hex_of(const unsigned char h[32], char hex[STORE_SHA256_HEX])
{
	sodium_bin2hex(hex, STORE_SHA256_HEX, h, 32);
}

/* 1 if dir holds an intact blob of this name. */
static int blob_intact(const char *dir, const char *sha)
{
	char hex[STORE_SHA256_HEX];
	int64_t size;

	return store_blob_hash(dir, sha, hex, &size, NULL) == 0 &&
	       strcmp(hex, sha) == 0;
}

int store_blob_put(const char *dir, const void *data, size_t n,
		   char sha256[STORE_SHA256_HEX], int *existed,
		   struct fz_err *e)
{
	unsigned char h[32];
	struct blob_tmp t;
	int rc;

	crypto_hash_sha256(h, data, n);
	hex_of(h, sha256);
	if (existed)
		*existed = 0;
	if (blob_intact(dir, sha256)) {
		if (existed)
			*existed = 1;
		return 0;
	}
	rc = tmp_open(&t, dir, sha256, e);
	if (!rc)
		rc = tmp_write(&t, data, n, e);
	if (rc) {
		tmp_abandon(&t);
		return rc;
	}
	return tmp_commit(&t, e);
}

/* ---- reading a blob -------------------------------------------------------
 */

int store_blob_open(const char *dir, const char *sha256, FILE **out,
		    struct fz_err *e)
{
	char path[PATH_CAP];
	int rc = blob_paths(dir, sha256, NULL, path, e);

	if (rc)
		return rc;
	*out = fopen(path, "rbe");
	if (*out)
		return 0;
	if (errno == ENOENT)
		return fz_err_set(e, FZ_ENOTFOUND, "file",
				  "file: %s is missing", path);
	return fz_err_set(e, FZ_EIO, "file", "file: cannot read %s: %s", path,
			  strerror(errno));
}

/* Hash f to its end; with t, also write each piece to it. */
static int hash_stream(FILE *f, struct blob_tmp *t, unsigned char h[32],
		       int64_t *size, struct fz_err *e)
{
	crypto_hash_sha256_state st;
	unsigned char *buf = fz_xmalloc(CHUNK);
	size_t n;
	int rc = 0;

	crypto_hash_sha256_init(&st);
	*size = 0;
	while (!rc && (n = fread(buf, 1, CHUNK, f)) > 0) {
		crypto_hash_sha256_update(&st, buf, n);
		*size += (int64_t)n;
		if (t)
			rc = tmp_write(t, buf, n, e);
	}
	if (!rc && ferror(f))
		rc = fz_err_set(e, FZ_EIO, "file", "file: read error");
	crypto_hash_sha256_final(&st, h);
	free(buf);
	return rc;
}

int store_blob_hash(const char *dir, const char *sha256,
		    char hex[STORE_SHA256_HEX], int64_t *size, struct fz_err *e)
{
	unsigned char h[32];
	FILE *f;
	int rc = store_blob_open(dir, sha256, &f, e);

	if (rc)
		return rc;
	rc = hash_stream(f, NULL, h, size, e);
	fclose(f);
	if (!rc)
		hex_of(h, hex);
	return rc;
}

int store_blob_copy(const char *from, const char *to, const char *sha256,
		    struct fz_err *e)
{
	char hex[STORE_SHA256_HEX];
	unsigned char h[32];
	struct blob_tmp t;
	int64_t size;
	FILE *f;
	int rc;

	if (blob_intact(to, sha256))
		return 0;
	rc = store_blob_open(from, sha256, &f, e);
	if (rc)
		return rc;
	rc = tmp_open(&t, to, sha256, e);
	if (!rc)
		rc = hash_stream(f, &t, h, &size, e);
	fclose(f);
	if (!rc) {
		hex_of(h, hex);
		if (strcmp(hex, sha256) != 0)
			rc = fz_err_set(e, FZ_ECORRUPT, "file",
					"file: %s/%.2s/%s does not match its "
					"SHA-256 (changed)",
					from, sha256, sha256);
	}
	if (rc) {
		tmp_abandon(&t);
		return rc;
	}
	return tmp_commit(&t, e);
}

/* ---- rows ------------------------------------------------------------------
 */

#define FILE_COLS                                                              \
	"org_id, file_id, record_id, sha256, size, content_type, name, "       \
	"note, created_at, actor, event_seq"

static void file_row(sqlite3_stmt *st, void *out)
{
	struct store_file *f = out;

	f->org_id = sqlite3_column_int64(st, 0);
	f->id = sqlite3_column_int64(st, 1);
	f->record_id = sqlite3_column_int64(st, 2);
	store_col_text(st, 3, f->sha256, sizeof(f->sha256));
	f->size = sqlite3_column_int64(st, 4);
	store_col_text(st, 5, f->content_type, sizeof(f->content_type));
	store_col_text(st, 6, f->name, sizeof(f->name));
	store_col_text(st, 7, f->note, sizeof(f->note));
	f->created_at = sqlite3_column_int64(st, 8);
	store_col_text(st, 9, f->actor, sizeof(f->actor));
	f->event_seq = sqlite3_column_int64(st, 10);
}

static void bind_file(sqlite3_stmt *st, const struct store_file *f)
{
	sqlite3_bind_int64(st, 1, f->org_id);
	sqlite3_bind_int64(st, 2, f->record_id);
	sqlite3_bind_text(st, 3, f->sha256, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 4, f->size);
	sqlite3_bind_text(st, 5, f->content_type, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 6, f->name, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 7, f->note, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 8, f->created_at);
	sqlite3_bind_text(st, 9, f->actor, -1, SQLITE_TRANSIENT);
}

static void inserted_row(sqlite3_stmt *st, void *out)
{
	struct store_file *f = out;

	f->id = sqlite3_column_int64(st, 0);
	f->event_seq = sqlite3_column_int64(st, 1);
}

int store_file_insert(struct store_conn *c, struct store_file *f,
		      struct fz_err *e)
{
	static const char sql[] =
	    "INSERT INTO files(" FILE_COLS ") VALUES(?1, (SELECT "
	    "ifnull(max(file_id),0)+1 FROM files), ?2, ?3, ?4, ?5, ?6, ?7, "
	    "?8, ?9, ifnull((SELECT seq FROM chain_heads WHERE "
	    "org_id=?1),0)+1) "
	    "RETURNING file_id, event_seq";
	sqlite3_stmt *st;
	int rc;

	if (!sha_ok(f->sha256))
		return fz_err_set(e, FZ_EINVAL, "sha256",
				  "sha256: not 64 lower-case hex digits");
	f->created_at = fz_now_ms();
	rc = store_prepare(c, sql, &st, "files", e);
	if (rc)
		return rc;
	bind_file(st, f);
	rc = store_one_row(c, st, inserted_row, f, "file", "file: not written",
			   e);
	sqlite3_finalize(st);
	if (rc == FZ_ENOTFOUND)
		return fz_err_set(
		    e, rc, "id", "id: no record %lld in organisation %lld",
		    (long long)f->record_id, (long long)f->org_id);
	return rc;
}

/* Step st to its end, each row to cb (non-zero stops); finalizes st. */
static int each_row(struct store_conn *c, sqlite3_stmt *st, store_file_cb cb,
		    void *arg, struct fz_err *e)
{
	struct store_file *f = fz_xmalloc(sizeof(*f));
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		file_row(st, f);
		if (cb(f, arg))
			break;
	}
	free(f);
	rc = rc == SQLITE_ROW || rc == SQLITE_DONE
		 ? 0
		 : store_db_err(e, store_conn_db(c), "files");
	sqlite3_finalize(st);
	return rc;
}

int store_file_get(struct store_conn *c, int64_t id, struct store_file *f,
		   struct fz_err *e)
{
	char missing[64];
	sqlite3_stmt *st;
	int rc =
	    store_prepare(c, "SELECT " FILE_COLS " FROM files WHERE file_id=?1",
			  &st, "files", e);

	if (rc)
		return rc;
	snprintf(missing, sizeof(missing), "file_id: no file %lld",
		 (long long)id);
	sqlite3_bind_int64(st, 1, id);
	rc = store_one_row(c, st, file_row, f, "file_id", missing, e);
	sqlite3_finalize(st);
	return rc;
}

int store_file_list(struct store_conn *c, int64_t org_id, int64_t record_id,
		    store_file_cb cb, void *arg, struct fz_err *e)
{
	sqlite3_stmt *st;
	int rc =
	    store_prepare(c,
			  "SELECT " FILE_COLS " FROM files WHERE org_id=?1 "
			  "AND record_id=?2 ORDER BY file_id",
			  &st, "files", e);

	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, org_id);
	sqlite3_bind_int64(st, 2, record_id);
	return each_row(c, st, cb, arg, e);
}

int store_file_each(struct store_conn *c, store_file_cb cb, void *arg,
		    struct fz_err *e)
{
	sqlite3_stmt *st;
	int rc = store_prepare(
	    c, "SELECT " FILE_COLS " FROM files ORDER BY org_id, file_id", &st,
	    "files", e);

	return rc ? rc : each_row(c, st, cb, arg, e);
}

/* An event row handed to a store_event_cb (while the row is valid). */
struct event_to {
	store_event_cb cb;
	void *arg;
};

static void event_fill(sqlite3_stmt *st, void *out)
{
	struct event_to *to = out;
	struct store_event ev;

	store_event_row(st, &ev);
	to->cb(&ev, to->arg);
}

int store_file_event(struct store_conn *c, const struct store_file *f,
		     store_event_cb cb, void *arg, struct fz_err *e)
{
	struct event_to to = {cb, arg};
	char missing[96];
	sqlite3_stmt *st;
	int rc = store_prepare(c,
			       "SELECT org_id, seq, ts, actor, type, subject, "
			       "data, prev_hash, hash FROM events WHERE "
			       "org_id=?1 AND seq=?2",
			       &st, "files", e);

	if (rc)
		return rc;
	snprintf(missing, sizeof(missing), "event org %lld seq %lld: none",
		 (long long)f->org_id, (long long)f->event_seq);
	sqlite3_bind_int64(st, 1, f->org_id);
	sqlite3_bind_int64(st, 2, f->event_seq);
	rc = store_one_row(c, st, event_fill, &to, "event", missing, e);
	sqlite3_finalize(st);
	return rc;
}

/* ---- copying every blob (backup, restore) ------------------------------- */

struct copy_walk {
	const char *from, *to;
	int64_t n;
	int rc;
	struct fz_err *e;
};

static int copy_one(const struct store_file *f, void *arg)
{
	struct copy_walk *w = arg;
	struct fz_err e;

	fz_err_clear(&e);
	w->rc = store_blob_copy(w->from, w->to, f->sha256, &e);
	if (w->rc) {
		fz_err_set(w->e, w->rc, "file", "file %lld (record %lld): %s",
			   (long long)f->id, (long long)f->record_id, e.msg);
		return 1;
	}
	w->n++;
	return 0;
}

int store_files_copy(struct store_conn *c, const char *from, const char *to,
		     int64_t *n, struct fz_err *e)
{
	struct copy_walk w = {from, to, 0, 0, e};
	int rc = store_file_each(c, copy_one, &w, e);

	if (n)
		*n = w.n;
	return rc ? rc : w.rc;
}
