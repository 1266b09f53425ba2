/* tool.h - the capdl tool's commands over a checked spec: compile and diff. */
#ifndef CAPDL_TOOL_H
#define CAPDL_TOOL_H

#include "spec.h"

/**
 * capdl_compile() - the compiled form (capdl_format.h) of a spec spec_check() passed.
 * @name: the system's name when the spec has no `system` (e.g. the file's stem).
 * @out, @size: a malloc'd buffer the caller frees, and its length.
 *
 * Objects keep file order except that a factory's parent comes before it; components
 * and each component's caps keep file order. Same spec, same bytes.
 * Return: 0, or -1 without memory.
 */
int capdl_compile(const struct spec *s, const char *name, void **out, size_t *size);

/**
 * capdl_diff() - compare a dump of the running system (docs/capdl.md) with a spec.
 * @dump, @len: text holding the dump between its marker lines (other lines ignored).
 * @all: also compare capabilities to #ID objects.
 * @out: where the difference lines go, sorted by component, then slot; @err: why a
 * dump is unreadable.
 *
 * Return: 0 no difference, 1 differences, 2 the dump is unreadable.
 */
int capdl_diff(const struct spec *s, const char *dump, size_t len, bool all, FILE *out, FILE *err);

#endif
