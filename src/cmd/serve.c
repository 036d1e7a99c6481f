/*
 * serve.c - `fazhi serve`: open the store, start the HTTP server, wait for
 * SIGTERM or SIGINT, then stop accepting, finish the requests in flight
 * (at most 10 s), drain the write queue and close. With --audit-key, a
 * signer writes signed checkpoints of the event log (audit/checkpoint.h)
 * at start, every --checkpoint-every events (1000), every
 * --checkpoint-seconds (60) when there are new events, and at the end.
 *
 * The signals are blocked before any thread starts, so every thread
 * inherits the mask and only sigwait() here receives them.
 */
#include "api/api.h"
#include "audit/checkpoint.h"
#include "cmd/common.h"
#include "http/server.h"

#include <arpa/inet.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int parse_listen(const char *s, char *host, size_t n, unsigned *port)
{
	const char *colon = strrchr(s, ':');
	int64_t p;

	if (!colon || colon == s || (size_t)(colon - s) >= n)
		return fz_cmd_fail("serve", FZ_EXIT_USAGE,
				   "--listen: '%s' is not HOST:PORT", s);
	memcpy(host, s, (size_t)(colon - s));
	host[colon - s] = '\0';
	if (fz_opt_int("serve", "--listen", colon + 1, 0, 65535, &p))
		return FZ_EXIT_USAGE;
	*port = (unsigned)p;
	return 0;
}

struct serve_opts {
	const char *db, *listen, *threads, *max_body, *idle, *rate;
	const char *max_upload; /* evidence files, bytes */
	const char *kinds;	/* directory of kind declarations, or NULL */
	const char *templates;	/* directory of DOCX templates, or NULL */
	const char *request_timeout, *trusted_proxy, *metrics_allow;
	const char *audit_key;	  /* private key that signs checkpoints */
	const char *ckpt_every;	  /* events between checkpoints */
	const char *ckpt_seconds; /* seconds between checkpoints */
	int64_t every, period_ms;
	int quiet, https;
};

static int is_ip(const char *s, size_t n)
{
	char tmp[64];
	unsigned char bin[16];

	if (n == 0 || n >= sizeof(tmp))
		return 0;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	return inet_pton(AF_INET, tmp, bin) == 1 ||
	       inet_pton(AF_INET6, tmp, bin) == 1;
}

/* --trusted-proxy ADDR and --metrics-allow ADDR[,ADDR...]: addresses. */
static int check_addrs(const char *opt, const char *list, int several)
{
	const char *p = list;
	size_t n;

	for (;;) {
		n = several ? strcspn(p, ",") : strlen(p);
		if (!is_ip(p, n))
			return fz_cmd_fail("serve", FZ_EXIT_USAGE,
					   "%s: '%s' is not an IP address%s",
					   opt, list,
					   several ? " list (A,B,...)" : "");
		if (!p[n])
			return 0;
		p += n + 1;
	}
}

static int apply_opts(struct serve_opts *o, struct server_config *c, char *host,
		      size_t n)
{
	int64_t v;
	int rc = parse_listen(o->listen, host, n, &c->port);

	c->listen_host = host;
	if (!rc && o->threads &&
	    !(rc = fz_opt_int("serve", "--threads", o->threads, 1,
			      SERVER_MAX_THREADS, &v)))
		c->threads = (unsigned)v;
	if (!rc && o->max_body &&
	    !(rc = fz_opt_int("serve", "--max-body", o->max_body, 1024, 1 << 30,
			      &v)))
		c->max_body = (size_t)v;
	if (!rc && o->max_upload &&
	    !(rc = fz_opt_int("serve", "--max-upload", o->max_upload, 1024,
			      1 << 30, &v)))
		c->max_upload = (size_t)v;
	if (!rc && o->idle &&
	    !(rc =
		  fz_opt_int("serve", "--idle-seconds", o->idle, 1, 86400, &v)))
		c->idle_ms = v * 1000;
	if (!rc && o->rate &&
	    !(rc = fz_opt_int("serve", "--rate", o->rate, 1, 1000000, &v))) {
		c->rate_per_minute = (unsigned)v;
		c->rate_burst = (unsigned)(v < 20 ? v : 20);
	}
	if (!rc && o->request_timeout &&
	    !(rc = fz_opt_int("serve", "--request-timeout", o->request_timeout,
			      0, 3600, &v)))
		c->request_timeout_ms = v * 1000;
	if (!rc && o->trusted_proxy &&
	    !(rc = check_addrs("--trusted-proxy", o->trusted_proxy, 0)))
		c->trusted_proxy = o->trusted_proxy;
	if (!rc && o->metrics_allow &&
	    !(rc = check_addrs("--metrics-allow", o->metrics_allow, 1)))
		c->metrics_allow = o->metrics_allow;
	o->every = 1000;
	o->period_ms = 60000;
	if (!rc && (o->ckpt_every || o->ckpt_seconds) && !o->audit_key)
		rc = fz_cmd_fail("serve", FZ_EXIT_USAGE,
				 "--checkpoint-every, --checkpoint-seconds: "
				 "need --audit-key");
	if (!rc && o->ckpt_every)
		rc = fz_opt_int("serve", "--checkpoint-every", o->ckpt_every, 1,
				100000000, &o->every);
	if (!rc && o->ckpt_seconds &&
	    !(rc = fz_opt_int("serve", "--checkpoint-seconds", o->ckpt_seconds,
			      1, 86400, &v)))
		o->period_ms = v * 1000;
	c->https = o->https;
	c->quiet = o->quiet;
	return rc;
}

/* --audit-key: the key, and the signer that uses it (NULL without). */
static int start_signer(const struct serve_opts *o, struct store *s,
			struct audit_key *k, struct audit_signer **g)
{
	struct fz_err e;

	*g = NULL;
	if (!o->audit_key)
		return 0;
	fz_err_clear(&e);
	if (audit_key_load(o->audit_key, 1, k, &e))
		return fz_cmd_fail("serve", FZ_EXIT_USAGE, "--audit-key: %s",
				   e.msg);
	if (audit_signer_start(g, s, k, o->every, o->period_ms, &e)) {
		audit_key_free(k);
		return fz_cmd_fail("serve", FZ_EXIT_FAIL, "%s", e.msg);
	}
	return 0;
}

static void stop_signer(struct audit_signer *g, struct audit_key *k)
{
	if (!g)
		return;
	audit_signer_stop(g);
	audit_key_free(k);
}

static int run(const struct serve_opts *o, const struct server_config *cfg)
{
	struct audit_signer *signer;
	struct audit_key key;
	struct api_app app;
	struct server *srv;
	struct store *s;
	struct fz_err e;
	sigset_t set;
	int sig, rc;

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	if ((rc = fz_open_store("serve", o->db, &s)))
		return rc;
	if ((rc = start_signer(o, s, &key, &signer))) {
		store_close(s);
		return rc;
	}
	fz_err_clear(&e);
	if (api_app_open(&app, s, o->kinds, &e)) {
		stop_signer(signer, &key);
		store_close(s);
		return fz_cmd_fail("serve", FZ_EXIT_FAIL, "%s", e.msg);
	}
	app.templates_dir = o->templates;
	if (server_start(&srv, cfg, s, api_routes, &app, &e)) {
		api_app_close(&app);
		stop_signer(signer, &key);
		store_close(s);
		return fz_cmd_fail("serve", FZ_EXIT_FAIL, "%s", e.msg);
	}
	printf("fazhi: listening on http://%s:%u/\n", cfg->listen_host,
	       server_port(srv));
	fflush(stdout);
	sigwait(&set, &sig);
	fprintf(stderr, "fazhi: %s received, finishing requests in flight\n",
		sig == SIGTERM ? "SIGTERM" : "SIGINT");
	server_stop(srv, 10000);
	api_app_close(&app);
	stop_signer(signer, &key); /* the last checkpoint, after the writes */
	store_close(s);
	fprintf(stderr, "fazhi: stopped\n");
	return FZ_EXIT_OK;
}

int cmd_serve(int argc, char **argv)
{
	struct serve_opts o;
	struct fz_opt opts[] = {{"--db", &o.db, NULL},
				{"--listen", &o.listen, NULL},
				{"--threads", &o.threads, NULL},
				{"--max-body", &o.max_body, NULL},
				{"--max-upload", &o.max_upload, NULL},
				{"--idle-seconds", &o.idle, NULL},
				{"--rate", &o.rate, NULL},
				{"--quiet", NULL, &o.quiet},
				{"--request-timeout", &o.request_timeout, NULL},
				{"--https", NULL, &o.https},
				{"--trusted-proxy", &o.trusted_proxy, NULL},
				{"--metrics-allow", &o.metrics_allow, NULL},
				{"--kinds", &o.kinds, NULL},
				{"--templates", &o.templates, NULL},
				{"--audit-key", &o.audit_key, NULL},
				{"--checkpoint-every", &o.ckpt_every, NULL},
				{"--checkpoint-seconds", &o.ckpt_seconds, NULL},
				{NULL, NULL, NULL}};
	struct server_config cfg;
	char host[64];
	int rc;

	if (fz_cmd_wants_help(argc, argv))
		return fz_cmd_help("serve");
	memset(&o, 0, sizeof(o));
	o.listen = "127.0.0.1:8080";
	server_config_defaults(&cfg);
	rc = fz_opts_parse("serve", argc, argv, 1, opts, NULL, 0);
	if (!rc)
		rc = fz_opt_required("serve", "--db", o.db);
	if (!rc)
		rc = apply_opts(&o, &cfg, host, sizeof(host));
	return rc ? rc : run(&o, &cfg);
}
