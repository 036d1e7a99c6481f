/*
 * guards_docs.c - guards of normative documents, major decisions,
 * capacity and services (guards_internal.h). None yet.
 */
#include "guards_internal.h"

#include <stddef.h>

const struct guard_def guards_docs[] = {{NULL, 0, NULL, NULL}};
