/*
 * agents.c - see agents.h.
 */
#include "agents.h"

#include <stdlib.h>
#include <string.h>

enum { AGENTS_MAX = 32 };

static int agent_ok(struct store_conn *c, int64_t org_id, const char *kind,
		    const json_t *v, const struct kind_registry *reg,
		    struct fz_err *e)
{
	struct store_org o;

	if (!kind_find(reg, kind))
		return fz_err_set(e, FZ_EINVAL, "agents",
				  "agents: 没有“%s”这类工作", kind);
	if (!json_is_integer(v) || json_integer_value(v) < 1 ||
	    store_org_get(c, json_integer_value(v), &o, NULL) ||
	    o.parent_id != org_id)
		return fz_err_set(e, FZ_EINVAL, "agents",
				  "agents: 代为办理“%s”的须是本机关的直属部门",
				  kind_find(reg, kind)->label);
	return 0;
}

int agents_check(struct store_conn *c, int64_t org_id, json_t *v,
		 const struct kind_registry *reg, struct fz_err *e)
{
	const char *kind;
	json_t *x;

	if (!json_is_object(v) || json_object_size(v) > AGENTS_MAX)
		return fz_err_set(
		    e, FZ_EINVAL, "agents",
		    "agents: 须为“工作类别: 部门”的对象，至多 %d 项",
		    AGENTS_MAX);
	json_object_foreach(v, kind, x)
	{
		int rc = agent_ok(c, org_id, kind, x, reg, e);
		if (rc)
			return rc;
	}
	return 0;
}

json_t *agents_kinds(struct store_conn *c, int64_t org_id, int64_t *gov)
{
	struct store_org o, parent;
	char *text = NULL;
	int64_t from = 0;
	json_t *v, *mine = NULL, *x;
	const char *kind;

	*gov = 0;
	if (store_org_get(c, org_id, &o, NULL) || !o.parent_id ||
	    store_org_get(c, o.parent_id, &parent, NULL) ||
	    store_setting_get(c, parent.path, AGENTS_KEY, &text, &from, NULL))
		return NULL;
	v = from == parent.id ? json_loads(text, 0, NULL) : NULL;
	free(text);
	json_object_foreach(v, kind, x)
	{
		if (json_integer_value(x) != org_id)
			continue;
		if (!mine)
			mine = json_object();
		json_object_set_new(mine, kind, json_true());
	}
	json_decref(v);
	if (mine)
		*gov = parent.id;
	return mine;
}

int64_t agents_acting_for(struct store_conn *c, int64_t org_id,
			  const char *kind)
{
	int64_t gov;
	json_t *mine = agents_kinds(c, org_id, &gov);
	int on = json_object_get(mine, kind) != NULL;

	json_decref(mine);
	return on ? gov : 0;
}
