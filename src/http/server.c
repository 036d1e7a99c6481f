/*
 * server.c - see server.h.
 *
 * Threads: libmicrohttpd's internal epoll threads (a pool of cfg.threads)
 * run every handler; the store's writer thread runs every write. Handlers
 * never block on a write: they suspend the connection (http_write), so two
 * pool threads can keep hundreds of writes queued for one group commit.
 */
#include "server.h"

#include "auth/password.h"
#include "auth/roles.h"
#include "http/metrics.h"
#include "http/ratelimit.h"
#include "http/watch.h"
#include "lib/clock.h"
#include "lib/embedded.h"
#include "lib/jsonv.h"
#include "lib/xalloc.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

enum req_state { ST_NEW, ST_PENDING, ST_RESUMED, ST_DONE };

struct server {
	struct server_config cfg;
	struct store *store;
	const struct route *routes;
	size_t nroutes;
	struct session_table *sessions;
	struct ratelimit *rl_login;   /* per address: login */
	struct ratelimit *rl_account; /* per account name: login */
	struct ratelimit *rl_public;  /* per address: the public portal */
	struct watch *watch;	      /* the total deadline of a request */
	struct metrics *metrics;
	struct MHD_Daemon *d[SERVER_MAX_THREADS]; /* one per HTTP thread */
	unsigned nd;
	atomic_int inflight;
	unsigned port;
	void *app;
};

void server_config_defaults(struct server_config *c)
{
	memset(c, 0, sizeof(*c));
	c->listen_host = "127.0.0.1";
	c->port = 8080;
	c->max_body = 1u << 20;
	c->max_upload = 20u << 20;
	c->idle_ms = 30 * 60 * 1000;
	c->session_max_ms = 12 * 3600 * 1000;
	c->rate_per_minute = 60;
	c->rate_burst = 20;
	c->threads = 2;
	c->request_timeout_ms = 30 * 1000;
}

int server_metrics_allowed(const struct http_req *r)
{
	const char *list = r->srv->cfg.metrics_allow ? r->srv->cfg.metrics_allow
						     : "127.0.0.1,::1";
	size_t n = strlen(r->addr);
	const char *p;

	for (p = list; *p; p += strcspn(p, ","), p += *p == ',')
		if (strncmp(p, r->addr, n) == 0 && (p[n] == ',' || !p[n]))
			return 1;
	return 0;
}

void *server_app(struct server *s)
{
	return s->app;
}

struct store *server_store(struct server *s)
{
	return s->store;
}

struct session_table *server_sessions(struct server *s)
{
	return s->sessions;
}

const struct server_config *server_cfg(struct server *s)
{
	return &s->cfg;
}

unsigned server_port(const struct server *s)
{
	return s->port;
}

int server_metrics(struct server *s, struct fz_buf *out)
{
	uint64_t commits, jobs;

	store_write_stats(s->store, &commits, &jobs);
	return metrics_render(s->metrics, out, store_db_size(s->store), commits,
			      jobs, session_count(s->sessions));
}

static int64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* ---- responses --------------------------------------------------------- */

static void set_body(struct http_req *r, int status, const char *type,
		     char *owned, size_t len)
{
	free(r->resp);
	r->status = status;
	r->resp = owned;
	r->resp_const = NULL;
	r->resp_len = len;
	r->resp_type = type;
}

int http_const(struct http_req *r, int status, const char *type,
	       const void *data, size_t len)
{
	set_body(r, status, type, NULL, len);
	r->resp_const = data;
	return 0;
}

int http_raw(struct http_req *r, int status, const char *type, const void *data,
	     size_t len)
{
	set_body(r, status, type, fz_xstrndup(data, len), len);
	return 0;
}

int http_take(struct http_req *r, int status, const char *type,
	      struct fz_buf *b)
{
	size_t len;
	char *text = fz_buf_detach(b, &len);

	set_body(r, status, type, text, len);
	return 0;
}

int http_json(struct http_req *r, int status, json_t *j)
{
	char *text = NULL;

	if (j) {
		text = json_dumps(j, JSON_COMPACT | JSON_ENCODE_ANY);
		json_decref(j);
	}
	if (!text)
		text = fz_xstrdup(status == 204 ? "" : "{}");
	set_body(r, status, "application/json; charset=utf-8", text,
		 strlen(text));
	return 0;
}

static int status_of(int code)
{
	switch (code) {
	case FZ_EINVAL:
		return 400;
	case FZ_EAUTH:
		return 401;
	case FZ_EPERM:
	case FZ_ELOCKED:
		return 403;
	case FZ_ENOTFOUND:
		return 404;
	case FZ_ECONFLICT:
		return 409;
	case FZ_ETOOBIG:
		return 413;
	case FZ_EREFUSED:
		return 422;
	case FZ_ERATE:
		return 429;
	default:
		return 500;
	}
}

int http_fail_status(struct http_req *r, int status, const char *code,
		     const char *field, const char *msg)
{
	json_t *err = json_pack("{s:s, s:s}", "code", code, "message", msg);

	json_object_set_new(
	    err, "field", field && field[0] ? json_string(field) : json_null());
	return http_json(r, status, json_pack("{s:o}", "error", err));
}

int http_fail(struct http_req *r, const struct fz_err *e)
{
	int code = e->code ? e->code : FZ_EIO;

	return http_fail_status(r, status_of(code), fz_code_name(code),
				e->field,
				e->msg[0] ? e->msg : fz_code_name(code));
}

int http_fail_code(struct http_req *r, int code, const char *field,
		   const char *fmt, ...)
{
	struct fz_err e;
	va_list ap;

	fz_err_clear(&e);
	e.code = code;
	snprintf(e.field, sizeof(e.field), "%s", field ? field : "");
	va_start(ap, fmt);
	vsnprintf(e.msg, sizeof(e.msg), fmt, ap);
	va_end(ap);
	return http_fail(r, &e);
}

/* ---- streamed responses ----------------------------------------------------
 */

struct http_stream {
	http_fill_fn fill;
	void *ctx;
	void (*ctx_free)(void *);
	struct fz_buf buf;
	size_t off;
	int ended;
};

static int plain_char(unsigned char c)
{
	return c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '%';
}

/* RFC 5987 attr-char: sent as it is in filename*. */
static int url_plain(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || (c && strchr("!#$&+-.^_`|~", c));
}

void http_attachment(struct http_req *r, const char *name)
{
	struct fz_buf b = FZ_BUF_INIT(sizeof(r->disposition) - 1);
	const unsigned char *p;
	int plain = 1;

	fz_buf_adds(&b, "attachment; filename=\"");
	for (p = (const unsigned char *)name; *p; p++) {
		plain = plain && plain_char(*p);
		if (*p >= 0x80 && *p < 0xc0)
			continue; /* one '_' per character, not per byte */
		fz_buf_addf(&b, "%c", plain_char(*p) ? *p : '_');
	}
	fz_buf_adds(&b, "\"");
	if (!plain) {
		fz_buf_adds(&b, "; filename*=UTF-8''");
		for (p = (const unsigned char *)name; *p; p++)
			fz_buf_addf(&b, url_plain(*p) ? "%c" : "%%%02X", *p);
	}
	snprintf(r->disposition, sizeof(r->disposition), "%s",
		 b.data ? b.data : "attachment");
	fz_buf_release(&b);
}

int http_download(struct http_req *r, const char *type, const char *name,
		  const void *data, size_t len)
{
	http_attachment(r, name);
	return http_raw(r, 200, type, data, len);
}

int http_stream(struct http_req *r, const char *type, const char *filename,
		http_fill_fn fill, void *ctx, void (*ctx_free)(void *))
{
	struct http_stream *st = fz_xcalloc(1, sizeof(*st));

	st->fill = fill;
	st->ctx = ctx;
	st->ctx_free = ctx_free;
	fz_buf_init(&st->buf, 16u << 20);
	r->stream = st;
	r->status = 200;
	r->resp_type = type;
	if (filename)
		http_attachment(r, filename);
	return 0;
}

static ssize_t stream_read(void *cls, uint64_t pos, char *out, size_t max)
{
	struct http_stream *st = cls;
	size_t n;

	(void)pos;
	while (st->off == st->buf.len && !st->ended) {
		fz_buf_reset(&st->buf);
		st->off = 0;
		if (st->fill(st->ctx, &st->buf))
			return MHD_CONTENT_READER_END_WITH_ERROR;
		if (st->buf.len == 0)
			st->ended = 1;
	}
	if (st->off == st->buf.len)
		return MHD_CONTENT_READER_END_OF_STREAM;
	n = st->buf.len - st->off;
	if (n > max)
		n = max;
	memcpy(out, st->buf.data + st->off, n);
	st->off += n;
	return (ssize_t)n;
}

static void stream_free(void *cls)
{
	struct http_stream *st = cls;

	if (st->ctx_free)
		st->ctx_free(st->ctx);
	fz_buf_release(&st->buf);
	free(st);
}

/* ---- request parameters -------------------------------------------------- */

const char *http_capture(const struct http_req *r, int i)
{
	return i < r->match.ncaptures ? r->match.captures[i] : NULL;
}

const char *http_query(const struct http_req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND,
					   name);
}

struct query_iter {
	int (*cb)(const char *name, const char *value, void *arg);
	void *arg;
};

static enum MHD_Result each_arg(void *cls, enum MHD_ValueKind kind,
				const char *key, const char *value)
{
	struct query_iter *it = cls;

	(void)kind;
	return it->cb(key, value ? value : "", it->arg) ? MHD_NO : MHD_YES;
}

void http_query_each(const struct http_req *r,
		     int (*cb)(const char *name, const char *value, void *arg),
		     void *arg)
{
	struct query_iter it = {cb, arg};

	MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, each_arg,
				  &it);
}

const char *http_cookie(const struct http_req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, name);
}

const char *http_header(const struct http_req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

const char *http_query_n(const struct http_req *r, const char *name,
			 size_t *len)
{
	const char *v = NULL;

	*len = 0;
	if (MHD_lookup_connection_value_n(r->conn, MHD_GET_ARGUMENT_KIND, name,
					  strlen(name), &v, len) != MHD_YES)
		return NULL;
	return v;
}

static int parse_int(const char *s, int64_t *out)
{
	char *end;
	long long v;

	if (!s || !*s)
		return -1;
	v = strtoll(s, &end, 10);
	if (*end)
		return -1;
	*out = v;
	return 0;
}

int http_capture_id(struct http_req *r, int i, const char *field, int64_t *out,
		    struct fz_err *e)
{
	const char *s = http_capture(r, i);

	if (parse_int(s, out) || *out <= 0)
		return fz_err_set(e, FZ_EINVAL, field,
				  "%s: '%s' is not a valid id", field,
				  s ? s : "");
	return 0;
}

int http_query_int(struct http_req *r, const char *name, int64_t min,
		   int64_t max, int64_t def, int64_t *out, struct fz_err *e)
{
	const char *s = http_query(r, name);

	if (!s) {
		*out = def;
		return 0;
	}
	if (parse_int(s, out) || *out < min || *out > max)
		return fz_err_set(e, FZ_EINVAL, name,
				  "%s: must be an integer from %lld to %lld",
				  name, (long long)min, (long long)max);
	return 0;
}

/* ---- async writes ------------------------------------------------------ */

static void write_done(void *arg, int rc, const struct fz_err *e)
{
	struct http_req *r = arg;

	r->write_rc = rc;
	if (e)
		r->write_err = *e;
	r->state = ST_RESUMED;
	MHD_resume_connection(r->conn);
}

int http_write(struct http_req *r, store_write_fn fn, void *arg,
	       int (*after)(struct http_req *r, int rc, const struct fz_err *e))
{
	r->after = after;
	r->state = ST_PENDING;
	MHD_suspend_connection(r->conn);
	store_write_async(r->srv->store, fn, arg, write_done, r);
	return HTTP_PENDING;
}

/* ---- authentication ------------------------------------------------------ */

static int auth_token(struct http_req *r, const char *token)
{
	struct store_conn *c = store_rd_acquire(r->srv->store);
	unsigned char h[32];
	struct store_token t;
	struct store_user *u = fz_xmalloc(sizeof(*u));
	struct store_org o;
	int ok = 0;

	crypto_hash_sha256(h, (const unsigned char *)token, strlen(token));
	/* The user's organisation path is the scope of every subtree check
	 * (api_in_scope), as it is for a session. A token acts only for an
	 * enabled integration account holding roles (三员分立: never for a
	 * person or an administrator); failed logins by others (locked_until)
	 * bar interactive login only, not the integration. */
	if (store_token_by_hash(c, h, &t, NULL) == 0 && !t.revoked &&
	    store_user_by_id(c, t.user_id, u, NULL) == 0 && u->integration &&
	    !u->disabled && !u->must_change && u->roles &&
	    !(u->roles & ROLE_ADMINS) &&
	    store_org_get(c, u->org_id, &o, NULL) == 0) {
		r->sess.user_id = u->id;
		r->sess.org_id = u->org_id;
		r->sess.roles = u->roles;
		snprintf(r->sess.username, sizeof(r->sess.username), "%s",
			 u->username);
		snprintf(r->sess.org_path, sizeof(r->sess.org_path), "%s",
			 o.path);
		ok = 1;
	}
	store_rd_release(r->srv->store, c);
	free(u);
	return ok;
}

/* 0 authenticated; else the response is set. */
static int authenticate(struct http_req *r, int *via_cookie)
{
	const char *cookie, *authz;

	*via_cookie = 0;
	authz = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND,
					    MHD_HTTP_HEADER_AUTHORIZATION);
	if (authz && strncmp(authz, "Bearer ", 7) == 0) {
		if (!auth_token(r, authz + 7))
			return http_fail_code(r, FZ_EAUTH, NULL,
					      "invalid or revoked API token") +
			       1;
	} else {
		cookie = MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND,
						     "fz_session");
		if (!cookie || session_check(r->srv->sessions, cookie,
					     fz_now_ms(), &r->sess))
			return http_fail_code(r, FZ_EAUTH, NULL,
					      "not logged in, or the session "
					      "expired") +
			       1;
		*via_cookie = 1;
	}
	r->authed = 1;
	snprintf(r->actor, sizeof(r->actor), "user:%lld",
		 (long long)r->sess.user_id);
	return 0;
}

static int is_unsafe(const char *method)
{
	return strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0 &&
	       strcmp(method, "OPTIONS") != 0;
}

static int csrf_ok(struct http_req *r)
{
	const char *t = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND,
						    "X-CSRF-Token");

	return t && strlen(t) == SESSION_TOKEN_LEN &&
	       sodium_memcmp(t, r->sess.csrf, SESSION_TOKEN_LEN) == 0;
}

/* ---- dispatch -------------------------------------------------------------
 */

static int has_dotdot(const char *path)
{
	const char *p = path;

	if (strchr(path, '\\'))
		return 1;
	while ((p = strstr(p, "..")) != NULL) {
		if ((p == path || p[-1] == '/') && (p[2] == '/' || !p[2]))
			return 1;
		p += 2;
	}
	return 0;
}

/* The type of an embedded file, by its extension. */
static const char *static_type(const char *path)
{
	static const char *const types[][2] = {
	    {".html", "text/html; charset=utf-8"},
	    {".js", "text/javascript; charset=utf-8"},
	    {".css", "text/css; charset=utf-8"},
	    {".svg", "image/svg+xml"},
	    {".png", "image/png"},
	    {".json", "application/json"},
	    {".txt", "text/plain; charset=utf-8"},
	    {".woff2", "font/woff2"},
	};
	const char *dot = strrchr(path, '.');
	size_t i;

	for (i = 0; dot && i < sizeof(types) / sizeof(types[0]); i++)
		if (strcmp(dot, types[i][0]) == 0)
			return types[i][1];
	return "application/octet-stream";
}

/* Does the client take gzip (Accept-Encoding names it, not with q=0)? */
static int accepts_gzip(struct http_req *r)
{
	const char *ae = MHD_lookup_connection_value(
	    r->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT_ENCODING);
	const char *g = ae ? strstr(ae, "gzip") : NULL;

	if (!g)
		return 0;
	g += 4 + strspn(g + 4, " ");
	if (*g == ';') {
		g += 1 + strspn(g + 1, " ");
		if ((g[0] == 'q' || g[0] == 'Q') && g[1] == '=')
			return strtod(g + 2, NULL) > 0;
	}
	return 1;
}

/* The web interface (web/app/, built by Vite): a file of the bundle, or
 * index.html for the interface's own routes. A file built with a .gz twin
 * goes compressed to a client that takes gzip. Hashed assets are cached
 * for good; index.html is revalidated so a new release is picked up. */
static int serve_static(struct http_req *r)
{
	char key[512], gz[520];
	const struct fz_embedded *f, *z;
	const char *last = strrchr(r->path, '/');

	snprintf(key, sizeof(key), "web/app%s",
		 strcmp(r->path, "/") == 0 ? "/index.html" : r->path);
	f = fz_embedded_find(key);
	if (!f && !strchr(last, '.')) { /* an app route */
		snprintf(key, sizeof(key), "web/app/index.html");
		f = fz_embedded_find(key);
	}
	if (!f)
		return http_fail_code(r, FZ_ENOTFOUND, "path",
				      "no such page: %s", r->path);
	snprintf(gz, sizeof(gz), "%s.gz", key);
	z = fz_embedded_find(gz);
	r->resp_cache = strncmp(key, "web/app/assets/", 15) == 0
			    ? "public, max-age=31536000, immutable"
			    : "no-cache";
	if (z && accepts_gzip(r)) {
		r->resp_encoding = "gzip";
		f = z;
	}
	return http_const(r, 200, static_type(key), f->data, f->len);
}

static int check_body(struct http_req *r)
{
	const char *ct = MHD_lookup_connection_value(
	    r->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
	struct fz_err e;

	if (!ct || strncasecmp(ct, "application/json", 16) != 0 ||
	    (ct[16] && ct[16] != ';' && ct[16] != ' '))
		return http_fail_status(
			   r, 415, "unsupported_media_type", "Content-Type",
			   "Content-Type: must be application/json") +
		       1;
	if (jv_parse_object(r->body.data ? r->body.data : "", r->body.len,
			    &r->json, &e))
		return http_fail(r, &e) + 1;
	return 0;
}

/* The portal and the login have buckets of their own, so that the public
 * using the portal never locks staff out of logging in (nor the reverse). */
static int rate_refused(struct http_req *r, const struct route *rt)
{
	struct ratelimit *rl = strncmp(rt->pattern, "/api/v1/public/", 15) == 0
				   ? r->srv->rl_public
				   : r->srv->rl_login;

	if (!(rt->flags & R_RATE_LIMITED) ||
	    !ratelimit_take(rl, r->addr, fz_now_ms()))
		return 0;
	return http_fail_code(r, FZ_ERATE, NULL,
			      "请求过于频繁（来自%s），请一分钟后再试",
			      r->addr) +
	       1;
}

/* R_RATE_ACCOUNT: the body's account name has its own bucket too, so that
 * guesses spread over many addresses are slowed as well. */
static int account_refused(struct http_req *r, const struct route *rt)
{
	const char *name =
	    json_string_value(json_object_get(r->json, "username"));
	char key[160];

	if (!(rt->flags & R_RATE_ACCOUNT) || !name)
		return 0;
	snprintf(key, sizeof(key), "account:%.120s", name);
	if (!ratelimit_take(r->srv->rl_account, key, fz_now_ms()))
		return 0;
	return http_fail_code(r, FZ_ERATE, "username",
			      "username：该账号登录尝试过于频繁，请一分钟后"
			      "再试") +
	       1;
}

static int route_checks(struct http_req *r, const struct route *rt)
{
	int via_cookie = 0;

	if (rate_refused(r, rt))
		return 1;
	if (!(rt->flags & R_PUBLIC)) {
		if (authenticate(r, &via_cookie))
			return 1;
		if (via_cookie && is_unsafe(r->method) && !csrf_ok(r))
			return http_fail_status(
				   r, 403, "csrf", "X-CSRF-Token",
				   "X-CSRF-Token: missing or wrong") +
			       1;
		if (r->sess.must_change && !(rt->flags & R_PW_CHANGE_OK))
			return http_fail_status(r, 403,
						"password_change_required",
						"password",
						"the password must be changed "
						"first") +
			       1;
		if (rt->roles && !(r->sess.roles & rt->roles))
			return http_fail_code(r, FZ_EPERM, NULL,
					      "your roles do not allow %s %s",
					      r->method, rt->pattern) +
			       1;
	}
	if ((rt->flags & R_JSON_BODY) && check_body(r))
		return 1;
	return account_refused(r, rt);
}

static enum MHD_Result add_len(void *cls, enum MHD_ValueKind kind,
			       const char *key, const char *value)
{
	size_t *n = cls;

	(void)kind;
	*n += strlen(key) + (value ? strlen(value) : 0) + 4;
	return MHD_YES;
}

/* The request line's and the headers' sizes (as decoded). */
static size_t values_len(struct http_req *r, enum MHD_ValueKind kind)
{
	size_t n = 0;

	MHD_get_connection_values(r->conn, kind, add_len, &n);
	return n;
}

/* 414 and 431 in the JSON shape of every error: 0, or 1 (response set). */
static int too_large(struct http_req *r)
{
	if (strlen(r->path) + values_len(r, MHD_GET_ARGUMENT_KIND) >
	    SERVER_MAX_URI)
		return http_fail_status(r, 414, "uri_too_long", "path",
					"请求地址过长（超过8192字节）") +
		       1;
	if (values_len(r, MHD_HEADER_KIND) > SERVER_MAX_HEADERS)
		return http_fail_status(r, 431, "headers_too_large", "headers",
					"请求头过大（超过16384字节）") +
		       1;
	return 0;
}

/* Returns HTTP_PENDING or 0 (response set). */
static int dispatch(struct http_req *r)
{
	if (too_large(r))
		return 0;
	if (r->path[0] != '/' || has_dotdot(r->path))
		return http_fail_code(r, FZ_EINVAL, "path",
				      "path: must begin with '/' and not "
				      "contain '..' or '\\'");
	if (r->body_too_big)
		return http_fail_code(r, FZ_ETOOBIG, "body",
				      "body: larger than %zu bytes",
				      r->max_body);
	if (r->matched == ROUTER_NO_METHOD) {
		snprintf(r->allow, sizeof(r->allow), "%s", r->match.allow);
		return http_fail_status(r, 405, "method_not_allowed", NULL,
					"method not allowed here");
	}
	if (r->matched == ROUTER_NO_PATH) {
		if ((!strcmp(r->method, "GET") || !strcmp(r->method, "HEAD")) &&
		    strncmp(r->path, "/api/", 5) != 0)
			return serve_static(r);
		return http_fail_code(r, FZ_ENOTFOUND, "path",
				      "no such resource: %s", r->path);
	}
	r->route_found = 1;
	if (route_checks(r, r->match.route))
		return 0;
	return r->match.route->handler(r);
}

/* ---- the MHD callbacks ------------------------------------------------ */

static void client_addr(struct MHD_Connection *conn, char *out, size_t n)
{
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = ci ? ci->client_addr : NULL;

	snprintf(out, n, "-");
	if (sa && sa->sa_family == AF_INET)
		inet_ntop(
		    AF_INET,
		    &((const struct sockaddr_in *)(const void *)sa)->sin_addr,
		    out, (socklen_t)n);
	else if (sa && sa->sa_family == AF_INET6)
		inet_ntop(
		    AF_INET6,
		    &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr,
		    out, (socklen_t)n);
}

/* Behind --trusted-proxy, the client is the last address the proxy added to
 * X-Forwarded-For (the ones before it the client could have written); from
 * any other peer the header is ignored. */
static void forwarded_addr(struct server *s, struct MHD_Connection *conn,
			   char *out, size_t n)
{
	const char *xff, *last;
	char tmp[64];
	unsigned char bin[16];
	size_t len;

	if (!s->cfg.trusted_proxy || strcmp(out, s->cfg.trusted_proxy) != 0)
		return;
	xff = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
					  "X-Forwarded-For");
	if (!xff)
		return;
	last = strrchr(xff, ',');
	last = last ? last + 1 : xff;
	while (*last == ' ' || *last == '\t')
		last++;
	len = strcspn(last, " \t");
	if (len == 0 || len >= sizeof(tmp))
		return;
	memcpy(tmp, last, len);
	tmp[len] = '\0';
	if (inet_pton(AF_INET, tmp, bin) == 1 ||
	    inet_pton(AF_INET6, tmp, bin) == 1)
		snprintf(out, n, "%s", tmp);
}

static struct http_req *req_new(struct server *s, struct MHD_Connection *conn,
				const char *url, const char *method)
{
	struct http_req *r = fz_xcalloc(1, sizeof(*r));
	const char *cl;

	r->srv = s;
	r->conn = conn;
	r->t0_ns = mono_ns();
	snprintf(r->method, sizeof(r->method), "%s", method);
	r->path = fz_xstrdup(url);
	/* matched once, when the request arrives: the route decides the body
	 * cap (uploads, R_UPLOAD, take max_upload) and dispatch uses it */
	r->matched = router_match(s->routes, method, url, &r->match);
	r->max_body =
	    r->matched == ROUTER_FOUND && (r->match.route->flags & R_UPLOAD)
		? s->cfg.max_upload
		: s->cfg.max_body;
	fz_buf_init(&r->body, r->max_body);
	client_addr(conn, r->addr, sizeof(r->addr));
	forwarded_addr(s, conn, r->addr, sizeof(r->addr));
	cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
					 MHD_HTTP_HEADER_CONTENT_LENGTH);
	r->declared = cl ? strtoull(cl, NULL, 10) : 0;
	if (r->declared > r->max_body)
		r->body_too_big = 1;
	atomic_fetch_add(&s->inflight, 1);
	return r;
}

static void add_security_headers(struct MHD_Response *resp)
{
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(resp, "Content-Security-Policy",
				"default-src 'self'; img-src 'self' data:; "
				"style-src 'self' 'unsafe-inline'");
}

static enum MHD_Result queue(struct http_req *r)
{
	struct MHD_Response *resp;
	enum MHD_Result ret;

	if (r->stream) {
		resp = MHD_create_response_from_callback(
		    MHD_SIZE_UNKNOWN, 64 * 1024, stream_read, r->stream,
		    stream_free);
		r->stream = NULL;
	} else if (r->resp_const) {
		resp = MHD_create_response_from_buffer(
		    r->resp_len, (void *)(uintptr_t)r->resp_const,
		    MHD_RESPMEM_PERSISTENT);
	} else {
		resp = MHD_create_response_from_buffer(r->resp_len, r->resp,
						       MHD_RESPMEM_MUST_FREE);
		r->resp = NULL;
	}
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
				r->resp_type ? r->resp_type
					     : "application/json");
	if (strncmp(r->path, "/api/", 5) == 0)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL,
					"no-store");
	else if (r->resp_cache && r->status == 200)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL,
					r->resp_cache);
	if (r->resp_encoding && r->status == 200)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_ENCODING,
					r->resp_encoding);
	if (r->resp_cache)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_VARY,
					"Accept-Encoding");
	add_security_headers(resp);
	if (r->srv->cfg.https) {
		MHD_add_response_header(resp, "Strict-Transport-Security",
					"max-age=31536000");
		if (r->set_cookie[0] &&
		    strlen(r->set_cookie) + 8 < sizeof(r->set_cookie))
			strcat(r->set_cookie, "; Secure");
	}
	if (r->set_cookie[0])
		MHD_add_response_header(resp, MHD_HTTP_HEADER_SET_COOKIE,
					r->set_cookie);
	if (r->allow[0])
		MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, r->allow);
	if (r->disposition[0])
		MHD_add_response_header(
		    resp, MHD_HTTP_HEADER_CONTENT_DISPOSITION, r->disposition);
	ret = MHD_queue_response(r->conn, (unsigned)r->status, resp);
	MHD_destroy_response(resp);
	r->state = ST_DONE;
	return ret;
}

/* A body over the cap is read and thrown away, so that the client, still
 * sending, gets its 413 like any answer; past this much (or a declared
 * length past it) the 413 goes at once and the connection is closed. */
static uint64_t drain_limit(const struct http_req *r)
{
	uint64_t four = 4 * (uint64_t)r->max_body;

	return four > (8u << 20) ? four : (8u << 20);
}

static enum MHD_Result refuse_body(struct http_req *r)
{
	http_fail_code(r, FZ_ETOOBIG, "body", "body: larger than %zu bytes",
		       r->max_body);
	return queue(r);
}

static struct watched *watched_of(struct MHD_Connection *conn)
{
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);

	return ci ? ci->socket_context : NULL;
}

static void on_connection(void *cls, struct MHD_Connection *conn,
			  void **socket_context,
			  enum MHD_ConnectionNotificationCode toe)
{
	struct server *s = cls;
	const union MHD_ConnectionInfo *ci;

	if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
		ci = MHD_get_connection_info(conn,
					     MHD_CONNECTION_INFO_CONNECTION_FD);
		*socket_context =
		    watch_open(s->watch, ci ? ci->connect_fd : -1);
	} else if (toe == MHD_CONNECTION_NOTIFY_CLOSED) {
		watch_close(s->watch, *socket_context);
		*socket_context = NULL;
	}
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn,
				  const char *url, const char *method,
				  const char *version, const char *upload,
				  size_t *upload_size, void **con_cls)
{
	struct server *s = cls;
	struct http_req *r = *con_cls;

	(void)version;
	if (!r) {
		*con_cls = r = req_new(s, conn, url, method);
		return r->declared > drain_limit(r) ? refuse_body(r) : MHD_YES;
	}
	if (*upload_size) {
		size_t n = *upload_size;
		*upload_size = 0;
		if (r->state == ST_DONE)
			return MHD_YES; /* refused already: discard */
		if (!r->body_too_big && fz_buf_add(&r->body, upload, n))
			r->body_too_big = 1;
		if (r->body_too_big && (r->discarded += n) > drain_limit(r))
			return refuse_body(r);
		return MHD_YES;
	}
	if (r->state == ST_DONE)
		return MHD_YES;
	if (r->state == ST_PENDING)
		return MHD_YES;
	if (r->state == ST_RESUMED)
		r->after(r, r->write_rc, &r->write_err);
	else if ((watch_reading(s->watch, watched_of(conn), 0),
		  dispatch(r) == HTTP_PENDING))
		return MHD_YES;
	if (!r->status)
		http_fail_code(r, FZ_EIO, NULL, "handler set no response");
	return queue(r);
}

static void access_log(struct http_req *r, double secs)
{
	char when[32];

	if (r->srv->cfg.quiet)
		return;
	fz_ms_to_local(fz_now_ms(), when, sizeof(when));
	fprintf(stderr, "%s %s %s %s %d %.1fms %zuB %s\n", when, r->addr,
		r->method, r->path, r->status, secs * 1000, r->resp_len,
		r->actor[0] ? r->actor : "-");
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	struct server *s = cls;
	struct http_req *r = *con_cls;
	double secs;

	(void)toe;
	watch_reading(s->watch, watched_of(conn), 1);
	if (!r)
		return;
	secs = (double)(mono_ns() - r->t0_ns) / 1e9;
	metrics_observe(s->metrics,
			r->route_found ? r->match.index : s->nroutes, r->status,
			secs);
	access_log(r, secs);
	if (r->ctx_free)
		r->ctx_free(r->ctx);
	if (r->stream)
		stream_free(r->stream); /* never handed to MHD */
	json_decref(r->json);
	fz_buf_release(&r->body);
	free(r->resp);
	free(r->path);
	free(r);
	*con_cls = NULL;
	atomic_fetch_sub(&s->inflight, 1);
}

/* libmicrohttpd's messages, printf formats of its own */
__attribute__((format(printf, 2, 0))) static void
mhd_log(void *cls, const char *fmt, va_list ap)
{
	(void)cls;
	fputs("fazhi: http: ", stderr);
	vfprintf(stderr, fmt, ap);
}

/* ---- start and stop ------------------------------------------------------ */

static int resolve(const struct server_config *cfg, struct sockaddr_in *sa,
		   struct fz_err *e)
{
	memset(sa, 0, sizeof(*sa));
	sa->sin_family = AF_INET;
	sa->sin_port = htons((uint16_t)cfg->port);
	if (inet_pton(AF_INET, cfg->listen_host, &sa->sin_addr) != 1)
		return fz_err_set(e, FZ_EINVAL, "listen",
				  "--listen: '%s' is not an IPv4 address",
				  cfg->listen_host);
	return 0;
}

/* One HTTP thread: a libmicrohttpd daemon with its own epoll thread and
 * its own listening socket, all bound to the same address and port with
 * SO_REUSEPORT (MHD_OPTION_LISTENING_ADDRESS_REUSE), so the kernel spreads
 * the incoming connections over the threads. libmicrohttpd's own thread
 * pool shares one listening socket, and whichever thread wakes first
 * accepts up to ten connections in a row: a burst of clients could all
 * land on one thread while the other idled (docs/benchmarks.md).
 *
 * The per-connection memory is libmicrohttpd's default, 32 KiB (it holds
 * the request headers): libmicrohttpd clears all of it after every
 * request, so 64 KiB cost about 2 us more per request. */
static struct MHD_Daemon *start_daemon(struct server *s,
				       const struct sockaddr_in *sa)
{
	return MHD_start_daemon(
	    MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL |
		MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ERROR_LOG,
	    0, NULL, NULL, on_request, s, MHD_OPTION_EXTERNAL_LOGGER, mhd_log,
	    NULL, MHD_OPTION_SOCK_ADDR, sa, MHD_OPTION_NOTIFY_COMPLETED,
	    on_completed, s, MHD_OPTION_NOTIFY_CONNECTION, on_connection, s,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(32 * 1024),
	    MHD_OPTION_CONNECTION_TIMEOUT, 60u,
	    MHD_OPTION_LISTENING_ADDRESS_REUSE, 1u, MHD_OPTION_END);
}

/* The daemons share their port by SO_REUSEPORT, which would as gladly
 * share it with another program, or a second fazhi, already listening
 * there: the port must be free for a socket without it first. */
static int port_free(const struct sockaddr_in *sa)
{
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), one = 1, ok;

	if (fd < 0)
		return 1; /* the daemon will say what is wrong */
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	ok = bind(fd, (const struct sockaddr *)sa, sizeof(*sa)) == 0 ||
	     errno != EADDRINUSE;
	close(fd);
	return ok;
}

int server_start(struct server **out, const struct server_config *cfg,
		 struct store *store, const struct route *routes, void *app,
		 struct fz_err *e)
{
	struct server *s = fz_xcalloc(1, sizeof(*s));
	struct sockaddr_in sa;
	const union MHD_DaemonInfo *di;
	int rc = resolve(cfg, &sa, e);

	if (rc) {
		free(s);
		return rc;
	}
	s->cfg = *cfg;
	s->store = store;
	s->app = app;
	s->routes = routes;
	while (routes[s->nroutes].method)
		s->nroutes++;
	s->sessions = session_table_new(cfg->idle_ms, cfg->session_max_ms);
	s->rl_login = ratelimit_new(cfg->rate_per_minute, cfg->rate_burst);
	s->rl_account = ratelimit_new(cfg->rate_per_minute, cfg->rate_burst);
	s->rl_public = ratelimit_new(cfg->rate_per_minute, cfg->rate_burst);
	s->watch = watch_new(cfg->request_timeout_ms);
	s->metrics = metrics_new(routes, s->nroutes);
	if (cfg->port && !port_free(&sa)) {
		server_stop(s, 0);
		return fz_err_set(
		    e, FZ_EIO, "listen",
		    "--listen: %s:%u is in use by another program",
		    cfg->listen_host, cfg->port);
	}
	for (s->nd = 0; s->nd < cfg->threads && s->nd < SERVER_MAX_THREADS;
	     s->nd++) {
		s->d[s->nd] = start_daemon(s, &sa);
		if (!s->d[s->nd]) {
			server_stop(s, 0);
			return fz_err_set(e, FZ_EIO, "listen",
					  "--listen: cannot listen on %s:%u",
					  cfg->listen_host, cfg->port);
		}
		if (s->nd > 0)
			continue;
		/* the others on the port the first was given (--listen :0) */
		di = MHD_get_daemon_info(s->d[0], MHD_DAEMON_INFO_BIND_PORT);
		s->port = di ? di->port : cfg->port;
		sa.sin_port = htons((uint16_t)s->port);
	}
	*out = s;
	return 0;
}

void server_stop(struct server *s, int64_t timeout_ms)
{
	int64_t waited = 0;
	MHD_socket fd[SERVER_MAX_THREADS];
	unsigned i;

	if (!s)
		return;
	for (i = 0; i < s->nd; i++)
		fd[i] = MHD_quiesce_daemon(s->d[i]);
	while (s->nd && atomic_load(&s->inflight) > 0 && waited < timeout_ms) {
		usleep(10000);
		waited += 10;
	}
	for (i = 0; i < s->nd; i++) {
		MHD_stop_daemon(s->d[i]);
		if (fd[i] != MHD_INVALID_SOCKET)
			close(fd[i]);
	}
	session_table_free(s->sessions);
	ratelimit_free(s->rl_login);
	ratelimit_free(s->rl_account);
	ratelimit_free(s->rl_public);
	watch_free(s->watch);
	metrics_free(s->metrics);
	free(s);
}
