/*
 * health.c - /healthz, /metrics and the role table.
 */
#include "api.h"

#include "auth/roles.h"
#include "lib/embedded.h"

#include <stdlib.h>

int api_healthz(struct http_req *r)
{
	return http_raw(r, 200, "application/json; charset=utf-8",
			"{\"status\":\"ok\"}", 15);
}

int api_metrics(struct http_req *r)
{
	struct fz_buf b = FZ_BUF_INIT(1u << 20);

	if (!server_metrics_allowed(r))
		return http_fail_code(r, FZ_EPERM, NULL,
				      "本地址不能读取运行指标（见 "
				      "--metrics-allow）");
	if (server_metrics(r->srv, &b)) {
		fz_buf_release(&b);
		return http_fail_code(r, FZ_EIO, NULL, "metrics too large");
	}
	return http_take(r, 200, "text/plain; version=0.0.4; charset=utf-8",
			 &b);
}

/* docs/openapi.json, compiled into the binary. */
int api_openapi(struct http_req *r)
{
	const struct fz_embedded *f = fz_embedded_find("docs/openapi.json");

	if (!f)
		return http_fail_code(r, FZ_ENOTFOUND, NULL,
				      "the API description is not built in");
	return http_const(r, 200, "application/json; charset=utf-8", f->data,
			  f->len);
}

int api_roles(struct http_req *r)
{
	json_t *a = json_array();
	unsigned i;

	for (i = 0; i < role_count; i++)
		json_array_append_new(a, json_pack("{s:s, s:s}", "id",
						   role_table[i].id, "label",
						   role_table[i].label));
	return http_json(r, 200, json_pack("{s:o}", "roles", a));
}
