/*
 * watch.h - a total deadline for a request's headers and body.
 *
 * libmicrohttpd's connection timeout is an idle timeout: a client that
 * trickles one byte every few seconds holds a connection (and its memory)
 * for ever. The watch keeps each connection's start — its opening, or the
 * end of its last request on a kept-alive connection — and a thread shuts
 * down the socket of any connection still reading a request past the
 * deadline; libmicrohttpd then sees the connection end and closes it.
 * Once the request has arrived (the handler runs, the answer streams) the
 * deadline no longer applies: long exports are not cut.
 *
 * Thread-safe; a watch of timeout 0 does nothing (every call is a no-op).
 */
#ifndef FZ_HTTP_WATCH_H
#define FZ_HTTP_WATCH_H

#include <stdint.h>

struct watch;
struct watched;

struct watch *watch_new(int64_t timeout_ms);
void watch_free(struct watch *w);
/* A connection opened on socket fd: its handle (NULL when not watched). */
struct watched *watch_open(struct watch *w, int fd);
/* It closed (before libmicrohttpd closes the socket): h is freed. */
void watch_close(struct watch *w, struct watched *h);
/* Its request has arrived (reading 0), or it waits for the next (1). */
void watch_reading(struct watch *w, struct watched *h, int reading);
/* Connections cut so far. */
uint64_t watch_cut(struct watch *w);

#endif
