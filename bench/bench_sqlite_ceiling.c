/*
 * bench_sqlite_ceiling.c - SQLite's own ceiling for durable writes without
 * group commit: the baseline of fazhi's write figure.
 *
 * N threads (default 16), each with its own connection to one WAL database
 * with synchronous=FULL and a busy timeout, insert rows for a fixed time,
 * one insert per transaction (every INSERT is its own autocommit
 * transaction, so every insert waits for its own fsync of the WAL). This
 * is what 16 clients get from SQLite when each write commits on its own.
 *
 *   bench_sqlite_ceiling --db PATH [--threads 16] [--seconds 5]
 *
 * PATH is created (an existing file is refused) and left behind, with its
 * -wal and -shm, for the caller to remove. Put it on the file system the
 * figure is meant for: on tmpfs an fsync costs nothing.
 *
 * Prints one human line and one line "inserts_per_sec N" for scripts.
 */
#include <pthread.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MAX_THREADS 256

static const char *db_path;
static atomic_int stop;
static pthread_barrier_t ready; /* every connection open and prepared */

struct worker {
	pthread_t th;
	int id;
	unsigned long long inserts;
	unsigned long long errors;
	char err[200];
};

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int exec(sqlite3 *db, const char *text)
{
	char *msg = NULL;

	if (sqlite3_exec(db, text, NULL, NULL, &msg) != SQLITE_OK) {
		fprintf(stderr, "bench_sqlite_ceiling: %s: %s\n", text,
			msg ? msg : sqlite3_errmsg(db));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

static sqlite3 *open_db(int create)
{
	sqlite3 *db = NULL;
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;

	if (create)
		flags |= SQLITE_OPEN_CREATE;
	if (sqlite3_open_v2(db_path, &db, flags, NULL) != SQLITE_OK) {
		fprintf(stderr, "bench_sqlite_ceiling: cannot open %s: %s\n",
			db_path, sqlite3_errmsg(db));
		exit(1);
	}
	/* as fazhi's connections (src/store/store_sqlite.c) */
	sqlite3_busy_timeout(db, 10000);
	if (exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; "
		     "PRAGMA temp_store=MEMORY; PRAGMA cache_size=-16000;"))
		exit(1);
	return db;
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	sqlite3 *db = open_db(0);
	sqlite3_stmt *st;
	char name[64];

	if (sqlite3_prepare_v2(db,
			       "INSERT INTO rows(thread, name, created_at) "
			       "VALUES(?1, ?2, ?3)",
			       -1, &st, NULL) != SQLITE_OK) {
		fprintf(stderr, "bench_sqlite_ceiling: prepare: %s\n",
			sqlite3_errmsg(db));
		exit(1);
	}
	pthread_barrier_wait(&ready);
	while (!atomic_load(&stop)) {
		int n = snprintf(name, sizeof(name), "ceiling-%d-%llu", w->id,
				 w->inserts + w->errors);
		sqlite3_bind_int(st, 1, w->id);
		sqlite3_bind_text(st, 2, name, n, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, (sqlite3_int64)time(NULL) * 1000);
		if (sqlite3_step(st) == SQLITE_DONE) {
			/* one that ends after the time is up does not count */
			if (!atomic_load(&stop))
				w->inserts++;
		} else {
			if (!w->errors)
				snprintf(w->err, sizeof(w->err), "%s",
					 sqlite3_errmsg(db));
			w->errors++;
		}
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	return NULL;
}

static void usage(void)
{
	fprintf(stderr, "usage: bench_sqlite_ceiling --db PATH [--threads N] "
			"[--seconds S]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	static struct worker w[MAX_THREADS];
	int threads = 16, i;
	double seconds = 5, t0, t1;
	unsigned long long total = 0, errors = 0;
	sqlite3 *db;

	for (i = 1; i < argc; i++) {
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (!v)
			usage();
		if (strcmp(argv[i], "--db") == 0)
			db_path = v;
		else if (strcmp(argv[i], "--threads") == 0)
			threads = atoi(v);
		else if (strcmp(argv[i], "--seconds") == 0)
			seconds = atof(v);
		else
			usage();
		i++;
	}
	if (!db_path || threads < 1 || threads > MAX_THREADS ||
	    !(seconds > 0 && seconds <= 3600))
		usage();
	if (access(db_path, F_OK) == 0) {
		fprintf(stderr,
			"bench_sqlite_ceiling: %s exists; give a new "
			"path\n",
			db_path);
		return 2;
	}

	db = open_db(1);
	if (exec(db, "CREATE TABLE rows(id INTEGER PRIMARY KEY, thread "
		     "INTEGER NOT NULL, name TEXT NOT NULL UNIQUE, "
		     "created_at INTEGER NOT NULL)"))
		return 1;

	pthread_barrier_init(&ready, NULL, (unsigned)threads + 1);
	for (i = 0; i < threads; i++) {
		w[i].id = i;
		if (pthread_create(&w[i].th, NULL, worker_main, &w[i]) != 0) {
			fprintf(stderr, "bench_sqlite_ceiling: cannot start "
					"thread\n");
			return 1;
		}
	}
	pthread_barrier_wait(&ready);
	t0 = now_s();
	usleep((useconds_t)(seconds * 1e6));
	atomic_store(&stop, 1);
	t1 = now_s();
	for (i = 0; i < threads; i++)
		pthread_join(w[i].th, NULL);
	pthread_barrier_destroy(&ready);
	sqlite3_close(db);

	for (i = 0; i < threads; i++) {
		total += w[i].inserts;
		errors += w[i].errors;
		if (w[i].errors)
			fprintf(stderr,
				"bench_sqlite_ceiling: thread %d: %llu "
				"failed inserts, first: %s\n",
				i, w[i].errors, w[i].err);
	}
	printf("sqlite ceiling: %d threads, 1 insert per transaction, WAL, "
	       "synchronous=FULL: %llu inserts in %.2f s = %.0f inserts/s "
	       "(%llu failed)\n",
	       threads, total, t1 - t0, (double)total / (t1 - t0), errors);
	printf("inserts_per_sec %.0f\n", (double)total / (t1 - t0));
	return errors ? 1 : 0;
}
