/* capdl_system.h - the root task builds and supervises the system a compiled capDL spec describes.
 */
#ifndef ROOTTASK_CAPDL_SYSTEM_H
#define ROOTTASK_CAPDL_SYSTEM_H

#include <l4/sys/types.h>
#include <stddef.h>
#include <stdint.h>

struct capdl_view;

/* The boot module that holds the image's compiled spec (cmake/target.cmake). */
#define CAPDL_SYSTEM_MODULE "system.capdl"

/**
 * capdl_system_start() - check the compiled spec @data (@size bytes: a boot module, so
 * untrusted) with capdl_view_open(), make its objects in order (gates, IRQs bound to
 * their lines, memory from the memory server, factories, schedulers), then start its
 * components through the supervisor (supervisor_start_all()), each with its named
 * capabilities at their slots, its limits and its log. The loader must be running.
 * All or nothing: if the spec is invalid or anything cannot be made or started, the
 * kernel log says which object or component and why, everything made is deleted,
 * and an error is returned.
 * Return: 0, or a negative error.
 */
int capdl_system_start(const void *data, size_t size);

/* The spec of the system started (for capdl_dump()), or NULL. */
const struct capdl_view *capdl_system_view(void);

/* Object @i of the spec, in the root task (invalid if there is none). */
l4_cap_idx_t capdl_system_object(uint32_t i);

#endif
