/*
 * bench_http_baseline.c - the ceiling for fazhi's HTTP figures: a minimal
 * libmicrohttpd server that answers every request with fixed bytes from
 * memory.
 *
 * It runs libmicrohttpd the way fazhi does (src/http/server.c): one daemon
 * per thread (--threads, default 2), each with its internal polling thread
 * on epoll and its own listening socket on the same port (SO_REUSEPORT),
 * the same per-connection memory (--memory-limit) and timeout, and the response
 * queued on the second call of the access handler (libmicrohttpd 0.9.75
 * closes keep-alive connections when a response is queued on the first).
 * What it leaves out is everything fazhi does per request: no routing, no
 * authentication, no database, no JSON, no allocation - one response
 * object built at start and queued again and again.
 *
 *   bench_http_baseline [--listen 127.0.0.1:0] [--threads 2]
 *                       [--body TEXT | --body-file FILE]
 *                       [--header 'Name: value']... [--suspend-resume]
 *                       [--memory-limit BYTES]
 *
 * --header may be repeated, to send the same header bytes as the server
 * compared against. --suspend-resume adds MHD_ALLOW_SUSPEND_RESUME, as
 * fazhi has (to measure what that costs). --memory-limit is the
 * per-connection memory: default 32 KiB, what fazhi's server_start sets;
 * keep the two equal (libmicrohttpd clears all of it after every request,
 * so its size costs time per request).
 *
 * Prints "listening on PORT" on stdout once it accepts connections, and
 * runs until SIGTERM or SIGINT.
 */
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_HEADERS 32

static struct MHD_Response *response;
static int marker; /* *con_cls after the first call of a request */

static void usage(void)
{
	fprintf(stderr,
		"usage: bench_http_baseline [--listen HOST:PORT] [--threads N]"
		" [--body TEXT | --body-file FILE] [--header 'Name: value']..."
		" [--suspend-resume] [--memory-limit BYTES]\n");
	exit(2);
}

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *data = NULL;
	size_t cap = 0, n = 0, got;

	if (!f) {
		perror(path);
		exit(1);
	}
	do {
		if (n == cap) {
			cap = cap ? cap * 2 : 4096;
			data = realloc(data, cap);
			if (!data)
				abort();
		}
		got = fread(data + n, 1, cap - n, f);
		n += got;
	} while (got > 0);
	fclose(f);
	*len = n;
	return data;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn,
				  const char *url, const char *method,
				  const char *version, const char *upload,
				  size_t *upload_size, void **con_cls)
{
	(void)cls;
	(void)url;
	(void)method;
	(void)version;
	(void)upload;
	if (!*con_cls) {
		*con_cls = &marker; /* first call: headers only */
		return MHD_YES;
	}
	if (*upload_size) {
		*upload_size = 0; /* a body is read and dropped */
		return MHD_YES;
	}
	return MHD_queue_response(conn, MHD_HTTP_OK, response);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)conn;
	(void)toe;
	*con_cls = NULL;
}

static void add_header(struct MHD_Response *r, const char *line)
{
	const char *colon = strchr(line, ':');
	char name[256];
	size_t n;

	if (!colon || colon == line || (size_t)(colon - line) >= sizeof(name)) {
		fprintf(stderr,
			"bench_http_baseline: --header '%s': want "
			"'Name: value'\n",
			line);
		exit(2);
	}
	n = (size_t)(colon - line);
	memcpy(name, line, n);
	name[n] = '\0';
	colon++;
	while (*colon == ' ')
		colon++;
	if (MHD_add_response_header(r, name, colon) != MHD_YES) {
		fprintf(stderr, "bench_http_baseline: cannot add header %s\n",
			name);
		exit(1);
	}
}

static void parse_listen(const char *s, struct sockaddr_in *sa)
{
	const char *colon = strrchr(s, ':');
	char host[64];
	long port;

	memset(sa, 0, sizeof(*sa));
	sa->sin_family = AF_INET;
	if (!colon || (size_t)(colon - s) >= sizeof(host))
		usage();
	memcpy(host, s, (size_t)(colon - s));
	host[colon - s] = '\0';
	port = strtol(colon + 1, NULL, 10);
	if (inet_pton(AF_INET, host, &sa->sin_addr) != 1 || port < 0 ||
	    port > 65535)
		usage();
	sa->sin_port = htons((uint16_t)port);
}

int main(int argc, char **argv)
{
	const char *listen = "127.0.0.1:0", *headers[MAX_HEADERS];
	const char *body = "{\"status\":\"ok\"}";
	char *owned = NULL;
	size_t body_len, nheaders = 0;
	unsigned threads = 2, flags;
	size_t memory_limit = 32 * 1024;
	int suspend_resume = 0, i, sig;
	const union MHD_DaemonInfo *di;
	struct MHD_Daemon *d[64];
	struct sockaddr_in sa;
	unsigned t;
	sigset_t set;

	body_len = strlen(body);
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (strcmp(a, "--suspend-resume") == 0) {
			suspend_resume = 1;
			continue;
		}
		if (!v)
			usage();
		i++;
		if (strcmp(a, "--listen") == 0) {
			listen = v;
		} else if (strcmp(a, "--threads") == 0) {
			threads = (unsigned)strtoul(v, NULL, 10);
			if (threads < 1 || threads > 64)
				usage();
		} else if (strcmp(a, "--memory-limit") == 0) {
			memory_limit = (size_t)strtoul(v, NULL, 10);
			if (memory_limit < 4096)
				usage();
		} else if (strcmp(a, "--body") == 0) {
			body = v;
			body_len = strlen(v);
		} else if (strcmp(a, "--body-file") == 0) {
			owned = read_file(v, &body_len);
			body = owned;
		} else if (strcmp(a, "--header") == 0) {
			if (nheaders == MAX_HEADERS)
				usage();
			headers[nheaders++] = v;
		} else {
			usage();
		}
	}
	parse_listen(listen, &sa);

	response = MHD_create_response_from_buffer(
	    body_len, (void *)(uintptr_t)body, MHD_RESPMEM_PERSISTENT);
	if (!response)
		return 1;
	for (size_t h = 0; h < nheaders; h++)
		add_header(response, headers[h]);

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);

	flags =
	    MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG;
	if (suspend_resume)
		flags |= MHD_ALLOW_SUSPEND_RESUME;
	for (t = 0; t < threads; t++) {
		d[t] = MHD_start_daemon(
		    flags, 0, NULL, NULL, on_request, NULL,
		    MHD_OPTION_SOCK_ADDR, &sa, MHD_OPTION_NOTIFY_COMPLETED,
		    on_completed, NULL, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
		    memory_limit, MHD_OPTION_CONNECTION_TIMEOUT, 60u,
		    MHD_OPTION_LISTENING_ADDRESS_REUSE, 1u, MHD_OPTION_END);
		if (!d[t]) {
			fprintf(stderr,
				"bench_http_baseline: cannot listen on %s\n",
				listen);
			return 1;
		}
		/* the others on the port the first was given */
		di = MHD_get_daemon_info(d[0], MHD_DAEMON_INFO_BIND_PORT);
		if (di)
			sa.sin_port = htons(di->port);
	}
	printf("listening on %u\n", ntohs(sa.sin_port));
	fflush(stdout);
	sigwait(&set, &sig);
	for (t = 0; t < threads; t++)
		MHD_stop_daemon(d[t]);
	MHD_destroy_response(response);
	free(owned);
	return 0;
}
