/*
 * agents.h - a department acting for its government (issue 14).
 *
 * The 司法局 works its government's 行政复议 cases and legality reviews:
 * records held by the government (its 本级 figures) that the department's
 * staff read and act on. The government says so in its own setting
 * `agents`, an object from kind id to the id of the department (one of its
 * direct children) that acts for it on records of that kind:
 *
 *   PUT /api/v1/orgs/{government}/settings/agents
 *   {"reconsideration_case": 7, "normative_document": 7}
 *
 * The department then sees the government's own records of those kinds
 * (not those of the government's other departments, not other kinds) in
 * its lists and on its 工作台, may create them for the government
 * (org_id = the government) and take their steps as its roles allow. No
 * other department sees them. The setting is the government's own: it is
 * not inherited down the tree.
 */
#ifndef FZ_ADMIN_AGENTS_H
#define FZ_ADMIN_AGENTS_H

#include "kinds/kind.h"
#include "lib/err.h"
#include "store/store.h"

#include <jansson.h>
#include <stdint.h>

#define AGENTS_KEY "agents"

/* Check a value of the setting for organisation org_id: an object of at
 * most 32 kinds of reg, each naming a direct child organisation of org_id.
 * FZ_EINVAL naming "agents.KIND" otherwise. */
int agents_check(struct store_conn *c, int64_t org_id, json_t *v,
		 const struct kind_registry *reg, struct fz_err *e);

/* The kinds org_id works for its parent, an object {kind: true} with *gov
 * the parent (caller decrefs), or NULL with *gov 0: read once for a
 * request that asks of every kind (the 工作台). */
json_t *agents_kinds(struct store_conn *c, int64_t org_id, int64_t *gov);

/* The organisation org_id acts for on records of `kind`: its parent when
 * the parent's own `agents` setting names org_id for the kind; else 0. */
int64_t agents_acting_for(struct store_conn *c, int64_t org_id,
			  const char *kind);

#endif
