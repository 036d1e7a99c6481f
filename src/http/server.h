/*
 * server.h - the HTTP server (libmicrohttpd) and what a handler sees.
 *
 * One request's life: MHD calls on_request() first with no body (we set up
 * struct http_req and return), then with each piece of the body (appended
 * to a capped buffer), then once more with nothing: dispatch. Dispatch
 * matches the route, authenticates (session cookie or API token), checks
 * CSRF, role and content type, parses the JSON body, and calls the handler.
 *
 * A handler either sets the response (http_json, http_fail, ...) and
 * returns 0, or starts a durable write with http_write() and returns
 * HTTP_PENDING: the connection is suspended, the store's writer thread runs
 * the write in a group commit, and after the commit the connection resumes
 * and `after` builds the response on an MHD thread. Responses are always
 * queued on a later call than the first (libmicrohttpd 0.9.75 closes
 * keep-alive connections otherwise).
 *
 * Everything a request allocates hangs off struct http_req and is freed in
 * one place: the completion callback, which also writes the access-log line
 * and the metrics.
 */
#ifndef FZ_HTTP_SERVER_H
#define FZ_HTTP_SERVER_H

#include "auth/session.h"
#include "http/router.h"
#include "lib/buf.h"
#include "lib/err.h"
#include "store/store.h"

#include <jansson.h>
#include <stdint.h>

#define HTTP_PENDING 1

struct server_config {
	const char *listen_host; /* "127.0.0.1" */
	unsigned port;		 /* 0: any free port */
	size_t max_body;	 /* bytes */
	size_t max_upload;	 /* bytes, for R_UPLOAD routes */
	int64_t idle_ms;	 /* session idle expiry */
	int64_t session_max_ms;
	unsigned rate_per_minute; /* public and login endpoints */
	unsigned rate_burst;
	unsigned threads; /* HTTP threads, 1..SERVER_MAX_THREADS */
	int quiet;	  /* no access log */
	/* a request's headers and body must arrive within this, however
	   slowly they trickle in (0: no limit but the idle timeout) */
	int64_t request_timeout_ms;
	/* behind a TLS proxy: the cookie Secure, Strict-Transport-Security */
	int https;
	/* the proxy whose X-Forwarded-For names the client (NULL: none) */
	const char *trusted_proxy;
	/* addresses /metrics answers, comma-separated (default loopback) */
	const char *metrics_allow;
};
/* Request lines and headers past these are answered 414 and 431 (in the
 * JSON shape of every error); past libmicrohttpd's per-connection memory
 * (32 KiB) libmicrohttpd answers them itself. */
#define SERVER_MAX_URI	   8192
#define SERVER_MAX_HEADERS 16384
#define SERVER_MAX_THREADS 64

void server_config_defaults(struct server_config *c);

struct server;
struct http_stream;

struct http_req {
	struct server *srv;
	struct MHD_Connection *conn;
	char method[16];
	char *path;
	char addr[48];
	struct route_match match;
	enum router_result matched; /* router_match of method and path */
	int route_found;
	struct fz_buf body;
	size_t max_body; /* this request's cap: max_upload for R_UPLOAD */
	int body_too_big;
	uint64_t declared;  /* Content-Length, 0 if none */
	uint64_t discarded; /* bytes thrown away past the cap */
	json_t *json;	    /* parsed body when the route has R_JSON_BODY */
	/* who */
	int authed;
	struct session sess; /* user, org, roles (also for API tokens) */
	char actor[64];	     /* "user:12" */
	/* the response */
	int status;
	char *resp;
	const void
	    *resp_const; /* instead of resp: bytes that live as long
			    as the process (embedded files), not copied */
	size_t resp_len;
	const char *resp_type;
	char set_cookie[256];
	char allow[64];
	char disposition[3072];	    /* RFC 5987 names of 200 characters fit */
	const char *resp_encoding;  /* Content-Encoding (static files) */
	const char *resp_cache;	    /* Cache-Control (static files) */
	struct http_stream *stream; /* when the body is streamed */
	/* async write */
	int state;
	int write_rc;
	struct fz_err write_err;
	int (*after)(struct http_req *r, int rc, const struct fz_err *e);
	void *ctx; /* the handler's state, freed with ctx_free */
	void (*ctx_free)(void *);
	int64_t t0_ns;
};

/* app: the application's state, handed back to handlers by server_app(). */
int server_start(struct server **out, const struct server_config *cfg,
		 struct store *store, const struct route *routes, void *app,
		 struct fz_err *e);
void *server_app(struct server *s);
unsigned server_port(const struct server *s);
/* Stop accepting, wait (up to timeout_ms) for requests in flight, stop. */
void server_stop(struct server *s, int64_t timeout_ms);

struct store *server_store(struct server *s);
struct session_table *server_sessions(struct server *s);
const struct server_config *server_cfg(struct server *s);
/* Is the request's client an address /metrics answers (--metrics-allow)? */
int server_metrics_allowed(const struct http_req *r);
/* The /metrics text. */
int server_metrics(struct server *s, struct fz_buf *out);

/* ---- for handlers ------------------------------------------------------ */

/* Take ownership of j (may be NULL for an empty body). */
int http_json(struct http_req *r, int status, json_t *j);
/* Respond with the error shape {"error":{"code","message","field"}} and the
 * status that fits the code. */
int http_fail(struct http_req *r, const struct fz_err *e);
int http_fail_code(struct http_req *r, int code, const char *field,
		   const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* The error shape with a status and code of its own (415
 * "unsupported_media_type"). */
int http_fail_status(struct http_req *r, int status, const char *code,
		     const char *field, const char *msg);
/* Make the response a download named name (UTF-8): an ASCII fallback
 * ('_' for each other character) and, where that differs, the name itself
 * per RFC 5987. A name of 200 characters always fits. */
void http_attachment(struct http_req *r, const char *name);
/* A download: raw bytes (copied) of this type named name
 * (http_attachment), 200. */
int http_download(struct http_req *r, const char *type, const char *name,
		  const void *data, size_t len);
/* Bytes that outlive the request (an embedded file): sent, not copied. */
int http_const(struct http_req *r, int status, const char *type,
	       const void *data, size_t len);
/* The bytes of b, taken (b is left empty): no copy. */
int http_take(struct http_req *r, int status, const char *type,
	      struct fz_buf *b);
/* Raw bytes (copied). */
int http_raw(struct http_req *r, int status, const char *type, const void *data,
	     size_t len);
/* Suspend; run fn in a group commit; then `after` on an MHD thread. */
int http_write(struct http_req *r, store_write_fn fn, void *arg,
	       int (*after)(struct http_req *r, int rc,
			    const struct fz_err *e));
/* Stream a response of unknown length: fill(ctx, out) appends the next
 * piece to out and returns 0; an empty piece ends the body; a non-zero
 * return aborts the transfer. ctx_free(ctx) runs when the response is
 * destroyed. `filename` (may be NULL) makes it a download. */
typedef int (*http_fill_fn)(void *ctx, struct fz_buf *out);
int http_stream(struct http_req *r, const char *type, const char *filename,
		http_fill_fn fill, void *ctx, void (*ctx_free)(void *));
/* Capture i of the route, and a query argument (NULL when absent). */
const char *http_capture(const struct http_req *r, int i);
const char *http_query(const struct http_req *r, const char *name);
const char *http_cookie(const struct http_req *r, const char *name);
/* A request header (NULL when absent). */
const char *http_header(const struct http_req *r, const char *name);
/* A query argument and its decoded length, which counts any NUL byte it
 * holds ("%00"); NULL when absent. */
const char *http_query_n(const struct http_req *r, const char *name,
			 size_t *len);
/* Every query argument, in order: cb(name, value, arg); non-zero stops. */
void http_query_each(const struct http_req *r,
		     int (*cb)(const char *name, const char *value, void *arg),
		     void *arg);
/* Parse capture i as a positive id; FZ_EINVAL naming `field` otherwise. */
int http_capture_id(struct http_req *r, int i, const char *field, int64_t *out,
		    struct fz_err *e);
/* Parse query argument as integer within [min,max]; absent gives def. */
int http_query_int(struct http_req *r, const char *name, int64_t min,
		   int64_t max, int64_t def, int64_t *out, struct fz_err *e);

#endif
