/*
 * guards_work.c - guards of the petition, litigation and supervision kinds
 * (guards_internal.h). None yet: their rules are declarations.
 */
#include "guards_internal.h"

#include <stddef.h>

const struct guard_def guards_work[] = {{NULL, 0, NULL, NULL}};
