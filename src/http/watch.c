/*
 * watch.c - see watch.h.
 *
 * One list of watched connections under one mutex, and one thread that
 * looks at it four times a second. The socket is shut down, never closed,
 * and only under the mutex, while libmicrohttpd still holds it: the close
 * notification removes the connection first (watch_close), so a socket
 * number reused by a later connection is never touched.
 */
#include "watch.h"

#include "lib/xalloc.h"

#include <pthread.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>

struct watched {
	int fd;
	int reading;
	int cut;
	int64_t since_ms;
	struct watched *prev, *next;
};

struct watch {
	int64_t timeout_ms;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	pthread_t thread;
	int stop;
	struct watched *head;
	uint64_t ncut;
};

/* Monotonic: the application's clock (lib/clock.h) may be set by tests. */
static int64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void sweep(struct watch *w, int64_t now)
{
	struct watched *h;

	for (h = w->head; h; h = h->next)
		if (h->reading && !h->cut &&
		    now - h->since_ms > w->timeout_ms) {
			shutdown(h->fd, SHUT_RDWR);
			h->cut = 1;
			w->ncut++;
		}
}

static void *run(void *arg)
{
	struct watch *w = arg;
	struct timespec ts;

	pthread_mutex_lock(&w->mu);
	while (!w->stop) {
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_nsec += 250 * 1000 * 1000;
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&w->cv, &w->mu, &ts);
		sweep(w, mono_ms());
	}
	pthread_mutex_unlock(&w->mu);
	return NULL;
}

struct watch *watch_new(int64_t timeout_ms)
{
	struct watch *w = fz_xcalloc(1, sizeof(*w));

	w->timeout_ms = timeout_ms;
	pthread_mutex_init(&w->mu, NULL);
	pthread_cond_init(&w->cv, NULL);
	if (timeout_ms > 0 && pthread_create(&w->thread, NULL, run, w) != 0)
		w->timeout_ms = 0; /* no thread: the idle timeout alone */
	return w;
}

void watch_free(struct watch *w)
{
	struct watched *h, *next;

	if (!w)
		return;
	if (w->timeout_ms > 0) {
		pthread_mutex_lock(&w->mu);
		w->stop = 1;
		pthread_cond_signal(&w->cv);
		pthread_mutex_unlock(&w->mu);
		pthread_join(w->thread, NULL);
	}
	for (h = w->head; h; h = next) {
		next = h->next;
		free(h);
	}
	pthread_cond_destroy(&w->cv);
	pthread_mutex_destroy(&w->mu);
	free(w);
}

struct watched *watch_open(struct watch *w, int fd)
{
	struct watched *h;

	if (!w || w->timeout_ms <= 0 || fd < 0)
		return NULL;
	h = fz_xcalloc(1, sizeof(*h));
	h->fd = fd;
	h->reading = 1;
	h->since_ms = mono_ms();
	pthread_mutex_lock(&w->mu);
	h->next = w->head;
	if (w->head)
		w->head->prev = h;
	w->head = h;
	pthread_mutex_unlock(&w->mu);
	return h;
}

void watch_close(struct watch *w, struct watched *h)
{
	if (!w || !h)
		return;
	pthread_mutex_lock(&w->mu);
	if (h->prev)
		h->prev->next = h->next;
	else
		w->head = h->next;
	if (h->next)
		h->next->prev = h->prev;
	pthread_mutex_unlock(&w->mu);
	free(h);
}

void watch_reading(struct watch *w, struct watched *h, int reading)
{
	if (!w || !h)
		return;
	pthread_mutex_lock(&w->mu);
	h->reading = reading;
	if (reading)
		h->since_ms = mono_ms();
	pthread_mutex_unlock(&w->mu);
}

uint64_t watch_cut(struct watch *w)
{
	uint64_t n;

	pthread_mutex_lock(&w->mu);
	n = w->ncut;
	pthread_mutex_unlock(&w->mu);
	return n;
}
