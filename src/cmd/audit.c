/*
 * audit.c - `fazhi audit verify`, and `backup` / `restore`, which end by
 * verifying the log they copied.
 *
 * Evidence files live next to the database in "<db>.files/" (store.h):
 * `verify` re-hashes each one; `backup --out F` copies the blobs to
 * "F.files/" after the database; `restore --from F` checks the blobs of
 * "F.files/" against the restored rows and copies them into "<db>.files/"
 * before the database is replaced (content-addressed, so adding them
 * never changes what the old database names).
 */
#include "audit/checkpoint.h"
#include "audit/replay.h"
#include "audit/verify.h"
#include "auth/roles.h"
#include "cmd/common.h"
#include "lib/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* One finding of the replay, on stderr. */
static void print_finding(const char *msg, void *arg)
{
	fprintf(stderr, "fazhi %s: %s\n", (const char *)arg, msg);
}

/* The projections as the events derive them (replay.h); findings are
 * printed for `cmd` (NULL: not printed). */
static int check_projections(struct store_conn *c, const char *cmd,
			     struct replay_report *p, struct fz_err *e)
{
	struct replay_opts o = {roles_to_csv, cmd ? print_finding : NULL,
				(void *)(uintptr_t)cmd, 20};

	return audit_replay(c, &o, p, e);
}

/* Verify the store's chains, then its evidence files against the blobs
 * of files_dir, then the projections against the events: 0 and the
 * counts in *r (*p), or the error. */
static int check_log_counts(struct store *s, const char *files_dir,
			    const char *cmd, struct audit_report *r,
			    struct replay_report *p, struct fz_err *e)
{
	struct store_conn *c = store_rd_acquire(s);
	int rc;

	fz_err_clear(e);
	rc = audit_verify(c, r, e);
	if (!rc)
		rc = audit_verify_files(c, files_dir, r, e);
	if (!rc)
		rc = check_projections(c, cmd, p, e);
	store_rd_release(s, c);
	return rc;
}

/* 0 intact (a line on stdout), 1 otherwise (one line on stderr). */
static int verify(const char *cmd, struct store *s)
{
	struct replay_report p;
	struct audit_report r;
	char dir[4096];
	struct fz_err e;

	store_files_dir(store_path(s), dir, sizeof(dir));
	if (check_log_counts(s, dir, cmd, &r, &p, &e))
		return fz_cmd_fail(cmd, FZ_EXIT_FAIL, "%s", e.msg);
	printf("intact: %lld events in %lld chains, %lld files\n",
	       (long long)r.events, (long long)r.chains, (long long)r.files);
	printf("projections match their events: %lld records, %lld users, "
	       "%lld API tokens, %lld organisations, %lld files",
	       (long long)p.records, (long long)p.users, (long long)p.tokens,
	       (long long)p.orgs, (long long)p.files);
	if (p.partial)
		printf(" (%lld in part: events written before they carried "
		       "every change)",
		       (long long)p.partial);
	printf("\n");
	return FZ_EXIT_OK;
}

/* --db and, when `other` is not NULL, one more required option. */
static int db_only(const char *cmd, int argc, char **argv, int first,
		   const char **db, const char *other, const char **oval)
{
	struct fz_opt opts[] = {
	    {"--db", db, NULL}, {other, oval, NULL}, {NULL, NULL, NULL}};
	int rc = fz_opts_parse(cmd, argc, argv, first, opts, NULL, 0);

	if (!rc)
		rc = fz_opt_required(cmd, "--db", *db);
	if (!rc && other)
		rc = fz_opt_required(cmd, other, *oval);
	return rc;
}

/* The signed checkpoints against pubkey (and the witness file): 0, or 1
 * with every finding on stderr. */
static int verify_signed(struct store *s, const char *pubkey,
			 const char *witness)
{
	struct audit_key k;
	struct ckpt_report r;
	struct fz_buf w;
	struct store_conn *c;
	struct fz_err e;
	int rc;

	fz_err_clear(&e);
	if (audit_key_load(pubkey, 0, &k, &e))
		return fz_cmd_fail("audit", FZ_EXIT_USAGE, "--pubkey: %s",
				   e.msg);
	fz_buf_init(&w, 0);
	if (witness && fz_buf_read_file(&w, witness, &e)) {
		audit_key_free(&k);
		fz_buf_release(&w);
		return fz_cmd_fail("audit", FZ_EXIT_USAGE, "--witness: %s",
				   e.msg);
	}
	c = store_rd_acquire(s);
	rc = audit_verify_checkpoints(c, &k, witness ? w.data : NULL, &r,
				      print_finding,
				      (void *)(uintptr_t) "audit", &e);
	store_rd_release(s, c);
	audit_key_free(&k);
	fz_buf_release(&w);
	if (rc == FZ_ECORRUPT) /* each finding is on stderr already */
		return fz_cmd_fail("audit", FZ_EXIT_FAIL,
				   "%lld finding(s) against the signed "
				   "checkpoints",
				   (long long)r.findings);
	if (rc)
		return fz_cmd_fail("audit", FZ_EXIT_FAIL, "%s", e.msg);
	printf("signed: %lld checkpoints by key %s, the last covering %lld "
	       "chains; %lld events since it%s\n",
	       (long long)r.checkpoints, k.fpr, (long long)r.heads,
	       (long long)r.unsigned_events,
	       witness ? "; the witness is covered (no rollback)" : "");
	return FZ_EXIT_OK;
}

static int verify_cmd(int argc, char **argv)
{
	const char *db = NULL, *pubkey = NULL, *witness = NULL;
	struct fz_opt opts[] = {{"--db", &db, NULL},
				{"--pubkey", &pubkey, NULL},
				{"--witness", &witness, NULL},
				{NULL, NULL, NULL}};
	struct store *s;
	int rc = fz_opts_parse("audit", argc, argv, 2, opts, NULL, 0);

	if (!rc)
		rc = fz_opt_required("audit", "--db", db);
	if (!rc && witness && !pubkey)
		rc = fz_cmd_fail("audit", FZ_EXIT_USAGE,
				 "--witness: needs --pubkey (the key that "
				 "signed it)");
	if (rc || (rc = fz_open_store("audit", db, &s)))
		return rc;
	rc = verify("audit", s);
	if (!rc && pubkey)
		rc = verify_signed(s, pubkey, witness);
	store_close(s);
	return rc;
}

static int keygen_cmd(int argc, char **argv)
{
	const char *out = NULL;
	int gm = 0;
	struct fz_opt opts[] = {
	    {"--out", &out, NULL}, {"--gm", NULL, &gm}, {NULL, NULL, NULL}};
	struct audit_key k;
	char pub[4096];
	struct fz_err e;
	int rc = fz_opts_parse("audit", argc, argv, 2, opts, NULL, 0);

	if (!rc)
		rc = fz_opt_required("audit", "--out", out);
	if (rc)
		return rc;
	fz_err_clear(&e);
	snprintf(pub, sizeof(pub), "%s.pub", out);
	if (audit_keygen(out, gm, &e) || audit_key_load(pub, 0, &k, &e))
		return fz_cmd_fail("audit", FZ_EXIT_FAIL, "%s", e.msg);
	printf("%s key %s written to %s (private, mode 0600: keep it off the "
	       "database's disk) and %s (public, for verify --pubkey)\n",
	       audit_sig_alg_name(k.alg), k.fpr, out, pub);
	audit_key_free(&k);
	return FZ_EXIT_OK;
}

static int checkpoint_now(struct store_conn *c, void *arg, struct fz_err *e)
{
	return audit_checkpoint_write(c, arg, NULL, e);
}

/* `audit checkpoint --db PATH --out FILE [--audit-key KEY]`: the latest
 * signed checkpoint (a new one first, with the key) to FILE. */
static int checkpoint_cmd(int argc, char **argv)
{
	const char *db = NULL, *out = NULL, *keyfile = NULL;
	struct fz_opt opts[] = {{"--db", &db, NULL},
				{"--out", &out, NULL},
				{"--audit-key", &keyfile, NULL},
				{NULL, NULL, NULL}};
	struct audit_key k;
	struct store_conn *c;
	struct store *s;
	struct fz_err e;
	char *text = NULL;
	int rc = fz_opts_parse("audit", argc, argv, 2, opts, NULL, 0);

	if (!rc)
		rc = fz_opt_required("audit", "--db", db);
	if (!rc)
		rc = fz_opt_required("audit", "--out", out);
	fz_err_clear(&e);
	if (!rc && keyfile && audit_key_load(keyfile, 1, &k, &e))
		return fz_cmd_fail("audit", FZ_EXIT_USAGE, "--audit-key: %s",
				   e.msg);
	if (!rc && (rc = fz_open_store("audit", db, &s)) && keyfile)
		audit_key_free(&k);
	if (rc)
		return rc;
	if (keyfile) {
		rc = store_write(s, checkpoint_now, &k, &e);
		audit_key_free(&k);
	}
	if (!rc) {
		c = store_rd_acquire(s);
		rc = audit_witness_text(c, &text, &e);
		store_rd_release(s, c);
	}
	store_close(s);
	/* a new file, never over one: a witness is kept, not replaced */
	if (!rc)
		rc = audit_write_new(out, text, 0644, &e);
	free(text);
	if (rc)
		return fz_cmd_fail("audit", FZ_EXIT_FAIL, "%s", e.msg);
	printf("witness written to %s: keep it outside this machine\n", out);
	return FZ_EXIT_OK;
}

int cmd_audit(int argc, char **argv)
{
	static const struct fz_subcmd subs[] = {{"verify", verify_cmd},
						{"keygen", keygen_cmd},
						{"checkpoint", checkpoint_cmd},
						{NULL, NULL}};

	return fz_cmd_dispatch("audit", subs, argc, argv);
}

/* The blobs of every file to "<out>.files" (those of the copy, and of
 * any file added since: blobs are never removed). */
static int backup_files(struct store *s, const char *out, int64_t *n,
			struct fz_err *e)
{
	struct store_conn *c = store_rd_acquire(s);
	char from[4096], to[4096];
	struct fz_err fe;
	int rc;

	store_files_dir(store_path(s), from, sizeof(from));
	store_files_dir(out, to, sizeof(to));
	fz_err_clear(&fe);
	rc = store_files_copy(c, from, to, n, &fe);
	store_rd_release(s, c);
	if (rc)
		fz_err_set(e, rc, "file",
			   "%s written, but not its files: %.180s", out,
			   fe.msg);
	return rc;
}

int cmd_backup(int argc, char **argv)
{
	const char *db = NULL, *out = NULL;
	struct store *s;
	struct fz_err e;
	int64_t n = 0;
	int rc;

	if (fz_cmd_wants_help(argc, argv))
		return fz_cmd_help("backup");
	rc = db_only("backup", argc, argv, 1, &db, "--out", &out);
	if (rc || (rc = fz_open_store("backup", db, &s)))
		return rc;
	fz_err_clear(&e);
	rc = store_backup(s, out, &e);
	if (!rc)
		rc = backup_files(s, out, &n, &e);
	store_close(s);
	if (rc)
		return fz_cmd_fail("backup", FZ_EXIT_FAIL, "%s", e.msg);
	printf("backup written to %s (%lld files in %s.files)\n", out,
	       (long long)n, out);
	return FZ_EXIT_OK;
}

/* The restored copy s (of backup `from`, for database db): its log, its
 * files against the backup's blobs, which then go to db's directory. */
static int restore_check(struct store *s, const char *from, const char *db,
			 struct audit_report *r, struct fz_err *e)
{
	char src[4096], dst[4096];
	struct replay_report p;
	struct store_conn *c;
	int rc;

	store_files_dir(from, src, sizeof(src));
	store_files_dir(db, dst, sizeof(dst));
	rc = check_log_counts(s, src, NULL, r, &p, e);
	if (rc)
		return rc;
	c = store_rd_acquire(s);
	rc = store_files_copy(c, src, dst, NULL, e);
	store_rd_release(s, c);
	return rc;
}

/* Copy the backup aside, verify its event log and files, bring the files
 * over, and only then put it in place: a bad backup leaves the database as
 * it was. */
int cmd_restore(int argc, char **argv)
{
	const char *db = NULL, *from = NULL;
	struct audit_report r;
	char tmp[4096];
	struct store *s;
	struct fz_err e;
	int rc;

	if (fz_cmd_wants_help(argc, argv))
		return fz_cmd_help("restore");
	rc = db_only("restore", argc, argv, 1, &db, "--from", &from);
	if (rc)
		return rc;
	snprintf(tmp, sizeof(tmp), "%s.restoring", db);
	fz_err_clear(&e);
	if (store_restore_prepare(from, tmp, &e))
		return fz_cmd_fail("restore", FZ_EXIT_FAIL, "%s", e.msg);
	if (store_open(&s, tmp, STORE_SERVE, &e) == 0) {
		rc = restore_check(s, from, db, &r, &e);
		store_close(s);
	} else {
		rc = FZ_EXIT_FAIL;
	}
	if (!rc && store_restore_commit(tmp, db, &e))
		rc = FZ_EXIT_FAIL;
	if (rc) {
		unlink(tmp);
		return fz_cmd_fail("restore", FZ_EXIT_FAIL,
				   "%s; %s was left unchanged", e.msg, db);
	}
	printf("restored %s from %s; intact: %lld events in %lld chains, "
	       "%lld files\n",
	       db, from, (long long)r.events, (long long)r.chains,
	       (long long)r.files);
	return FZ_EXIT_OK;
}
