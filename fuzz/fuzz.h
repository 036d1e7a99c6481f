/*
 * fuzz.h - what the fuzz targets (fuzz/fuzz_*.c, docs/fuzzing.md) share:
 * the input as a NUL-terminated copy, and the kinds and rules loaded once.
 */
#ifndef FZ_FUZZ_H
#define FZ_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* data[0..size) as a new NUL-terminated string (free it). */
char *fuzz_str(const uint8_t *data, size_t size);

struct kind_registry;
struct rules_table;
/* The built-in kinds and statutory rules, loaded on first use; abort()s
 * if they do not load (a bug, not an input). */
const struct kind_registry *fuzz_kinds(void);
const struct rules_table *fuzz_rules(void);

#endif
