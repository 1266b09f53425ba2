/* capdl_system.c - build the system a compiled capDL spec describes: its objects, then its
 * components. */
#include "capdl_system.h"
#include "capdl_read.h"
#include "device_caps.h"
#include "loader.h"
#include "memsrv.h"
#include "supervisor.h"
#include <l4/re/c/mem_alloc.h>
#include <l4/re/c/util/cap_alloc.h>
#include <l4/re/env.h>
#include <l4/sys/factory.h>
#include <l4/sys/icu.h>
#include <l4/sys/platform_control.h>
#include <l4/sys/task.h>
#include <stdio.h>
#include <string.h>

/*
 * The spec is a boot module, so anything may be in it: capdl_view_open() checks every
 * field once, and this file trusts the view. What it cannot know in advance (a line
 * already bound, a device range that is not a device, a quota the root factory cannot
 * pay) the kernel and the memory server refuse, and the build stops there: every
 * object made so far is deleted, so nothing half-built is left running.
 */

static struct capdl_view view;
static l4_cap_idx_t object_cap[CAPDL_MAX_OBJECTS]; /* each object, in the root task */
static bool object_owned[CAPDL_MAX_OBJECTS];	   /* made here: deleted on failure */
/* Memory-server clients the spec's memory objects come from: RAM and modules, and
 * device registers. */
static struct memsrv_client *ram_client, *device_client;
static l4_cap_idx_t ram_alloc = L4_INVALID_CAP, device_alloc = L4_INVALID_CAP;

/* The spec as the supervisor's table (system.h). */
static struct system_component table[CAPDL_MAX_COMPONENTS];
static struct system_cap table_caps[CAPDL_MAX_COMPONENTS][CAPDL_MAX_CAPS];
static const char *table_argv[CAPDL_MAX_COMPONENTS][CAPDL_MAX_ARGS + 1];

static const char *type_name(uint32_t type)
{
	static const char *const names[] = {"?",	 "gate",      "irq", "memory",
					    "factory",	 "scheduler", "icu", "log",
					    "semaphore", "debugger",  "pfc"};
	return type < sizeof(names) / sizeof(names[0]) ? names[type] : "?";
}

/* ---- memory objects ---- */

/* The bytes of RAM the spec's memory objects may need: anonymous memory, and modules
 * (written pages are copies). */
static unsigned long ram_needed(void)
{
	unsigned long total = 0;
	for (uint32_t i = 0; i < view.h->object_count; i++) {
		const struct capdl_object *o = &view.objects[i];
		const uint8_t *data;
		size_t size;
		if (o->type != CAPDL_OBJ_MEMORY)
			continue;
		if (o->a == CAPDL_MEM_ANON)
			total += o->b;
		else if (o->a == CAPDL_MEM_MODULE &&
			 loader_find_module(capdl_view_string(&view, o->d), &data, &size))
			total += (size + L4_PAGESIZE - 1) & ~(L4_PAGESIZE - 1);
	}
	return total;
}

/* A memory-server client in *@c with allocator *@alloc, made once. */
static long client(struct memsrv_client **c, l4_cap_idx_t *alloc, unsigned long limit, bool devices)
{
	if (*c)
		return 0;
	*alloc = l4re_util_cap_alloc();
	*c = memsrv_client_create(limit, devices, *alloc);
	return *c ? 0 : -L4_ENOMEM;
}

static long make_memory(const struct capdl_object *o, l4_cap_idx_t cap, const char **why)
{
	long err;
	switch (o->a) {
	case CAPDL_MEM_ANON:
		err = client(&ram_client, &ram_alloc, ram_needed(), false);
		if (!err)
			err = l4re_ma_alloc_srv(ram_alloc, o->b, cap, 0, 0);
		*why = "not enough RAM for it";
		return err;
	case CAPDL_MEM_DEVICE:
		err = client(&device_client, &device_alloc, 0, true);
		if (!err)
			err = l4re_ma_alloc_mmio_srv(device_alloc, o->c, o->b, cap);
		*why = "its range is not device memory of this board";
		return err;
	case CAPDL_MEM_MODULE:
		err = client(&ram_client, &ram_alloc, ram_needed(), false);
		if (!err)
			err =
			    l4re_ma_open_module_srv(ram_alloc, capdl_view_string(&view, o->d), cap);
		*why = "no such boot module";
		return err;
	}
	*why = "unknown kind of memory";
	return -L4_EINVAL;
}

/* ---- objects ---- */

static long make_irq(const struct capdl_object *o, l4_cap_idx_t cap, const char **why)
{
	static const l4_umword_t modes[] = {0, L4_IRQ_F_LEVEL_HIGH, L4_IRQ_F_POS_EDGE};
	long err = l4_error(l4_factory_create_irq(L4_BASE_FACTORY_CAP, cap));
	*why = "no kernel memory for it";
	if (err || o->a != CAPDL_IRQ_LINE)
		return err;
	if (o->c != CAPDL_TRIGGER_DEFAULT) {
		err = l4_error(l4_icu_set_mode(L4_BASE_ICU_CAP, o->b, modes[o->c]));
		*why = "the ICU refuses the line's trigger mode";
	}
	if (!err) {
		err = l4_error(l4_icu_bind(L4_BASE_ICU_CAP, o->b, cap));
		*why = "the ICU cannot bind the line (no such line, or it is bound already)";
	}
	return err;
}

/* Make object @i in object_cap[i]. Return: 0, or an error with *@why. */
static long make_object(uint32_t i, const char **why)
{
	const struct capdl_object *o = &view.objects[i];
	l4_cap_idx_t cap = l4re_util_cap_alloc();
	long err = 0;
	object_cap[i] = cap;
	object_owned[i] = true;
	*why = "no kernel memory for it";
	switch (o->type) {
	case CAPDL_OBJ_GATE:
		err = l4_error(
		    l4_factory_create_gate(L4_BASE_FACTORY_CAP, cap, L4_INVALID_CAP, o->a));
		break;
	case CAPDL_OBJ_IRQ:
		if (o->a == CAPDL_IRQ_CONSOLE) {
			object_owned[i] = false;
			err = device_caps_console_cap(DEVICE_CAPS_UART_IRQ, &object_cap[i], why);
		} else {
			err = make_irq(o, cap, why);
		}
		break;
	case CAPDL_OBJ_MEMORY:
		if (o->a == CAPDL_MEM_CONSOLE) {
			object_owned[i] = false;
			err = device_caps_console_cap(DEVICE_CAPS_UART_REGS, &object_cap[i], why);
		} else {
			err = make_memory(o, cap, why);
		}
		break;
	case CAPDL_OBJ_FACTORY:
		err = l4_error(l4_factory_create_factory(
		    o->b == CAPDL_NONE ? L4_BASE_FACTORY_CAP : object_cap[o->b], cap, o->a));
		*why = "its parent cannot pay its quota";
		break;
	case CAPDL_OBJ_SCHEDULER:
		err = l4_error(l4_factory_create_scheduler(L4_BASE_FACTORY_CAP, cap,
							   L4_BASE_SCHEDULER_CAP, o->a, 0));
		break;
	case CAPDL_OBJ_ICU:
		object_owned[i] = false;
		object_cap[i] = L4_BASE_ICU_CAP;
		break;
	case CAPDL_OBJ_LOG:
		object_owned[i] = false;
		object_cap[i] = L4_BASE_LOG_CAP;
		break;
	case CAPDL_OBJ_SEMAPHORE:
		err = l4_error(l4_factory_create(L4_BASE_FACTORY_CAP, L4_PROTO_SEMAPHORE, cap));
		break;
	case CAPDL_OBJ_DEBUGGER:
		object_owned[i] = false;
		object_cap[i] = L4_BASE_DEBUGGER_CAP;
		break;
	case CAPDL_OBJ_PFC:
		object_owned[i] = false;
		object_cap[i] = L4_KEEL_PLATFORM_CTL_CAP;
		break;
	}
	if (!object_owned[i])
		l4re_util_cap_free(cap);
	return err;
}

/* Delete every object made here (on failure): memory goes with its client. */
static void delete_objects(void)
{
	for (uint32_t i = 0; i < view.h->object_count; i++) {
		if (!object_owned[i])
			continue;
		if (view.objects[i].type != CAPDL_OBJ_MEMORY)
			l4_task_delete_obj(L4_BASE_TASK_CAP, object_cap[i]);
		object_owned[i] = false;
	}
	if (ram_client)
		memsrv_client_destroy(ram_client);
	if (device_client)
		memsrv_client_destroy(device_client);
	ram_client = device_client = NULL;
}

static long make_objects(void)
{
	for (uint32_t i = 0; i < view.h->object_count; i++) {
		const char *why = "";
		long err = make_object(i, &why);
		if (err) {
			const struct capdl_object *o = &view.objects[i];
			printf("roottask: cannot make %s %s: %s (%ld)\n", type_name(o->type),
			       capdl_view_string(&view, o->name), why, err);
			return err;
		}
	}
	return 0;
}

/* ---- components ---- */

static void table_cap(struct system_cap *out, const struct capdl_cap *c)
{
	static const enum system_cap_kind of[] = {
	    [CAPDL_TARGET_COMPONENT_TASK] = SYSTEM_CAP_TASK_OF,
	    [CAPDL_TARGET_COMPONENT_THREAD] = SYSTEM_CAP_THREAD_OF,
	    [CAPDL_TARGET_COMPONENT_FACTORY] = SYSTEM_CAP_FACTORY_OF,
	};
	*out = (struct system_cap){.name = capdl_view_string(&view, c->name),
				   .rights = c->rights,
				   .slot = c->slot,
				   .cap = L4_INVALID_CAP};
	if (c->target_kind == CAPDL_TARGET_OBJECT) {
		const struct capdl_object *o = &view.objects[c->target];
		out->kind = SYSTEM_CAP_OBJECT;
		out->cap = object_cap[c->target];
		/* A boot module's memory is a file of the component's rom/ (docs/posix.md). */
		if (o->type == CAPDL_OBJ_MEMORY && o->a == CAPDL_MEM_MODULE)
			out->rights |= LOADER_CAP_ROM;
		out->attach = c->attach; /* checked: anonymous or device memory */
		out->attach_size = c->attach ? view.objects[c->target].b : 0;
	} else {
		out->kind = of[c->target_kind];
		out->server = capdl_view_string(&view, view.components[c->target].name);
	}
}

static void table_component(uint32_t i)
{
	const struct capdl_component *c = &view.components[i];
	struct system_component *t = &table[i];
	for (uint32_t k = 0; k < c->arg_count; k++)
		table_argv[i][k] = capdl_view_arg(&view, c, k);
	table_argv[i][c->arg_count] = NULL;
	for (uint32_t k = 0; k < c->cap_count; k++)
		table_cap(&table_caps[i][k], &view.caps[c->cap_first + k]);
	*t = (struct system_component){
	    .name = capdl_view_string(&view, c->name),
	    .module = capdl_view_string(&view, c->module),
	    .argv = table_argv[i],
	    .prio = c->prio,
	    .prio_max = c->prio_max,
	    .kmem_limit = c->kmem,
	    .mem_limit = c->mem_limit,
	    .page_limit = c->page_limit,
	    .devices = (c->flags & CAPDL_COMP_DEVICES) != 0,
	    .no_rm = (c->flags & CAPDL_COMP_PAGER_RM) == 0,
	    .eager_map = (c->flags & CAPDL_COMP_EAGER_MAP) != 0,
	    .caps = table_caps[i],
	    .cap_count = c->cap_count,
	    .banner = capdl_view_string(&view, c->banner),
	    .max_restarts = c->max_restarts,
	};
	if (c->log_kind == CAPDL_LOG_SESSION) {
		t->log.gate = object_cap[c->log_gate];
		t->log.tag = capdl_view_string(&view, c->log_tag);
	}
}

int capdl_system_start(const void *data, size_t size)
{
	const char *why = "";
	if (capdl_view_open(&view, data, size, &why) != 0) {
		printf("roottask: the system spec is not valid: %s\n", why);
		return -L4_EINVAL;
	}
	const char *name = capdl_view_string(&view, view.h->name);
	long err = make_objects();
	for (uint32_t i = 0; !err && i < view.h->component_count; i++)
		table_component(i);
	if (!err)
		err = supervisor_start_all(table, view.h->component_count);
	if (err) {
		delete_objects();
		printf("roottask: system %s is not started\n", name ? name : "?");
		return (int)err;
	}
	printf("roottask: system %s started from its spec: %u objects, %u components\n",
	       name ? name : "?", (unsigned)view.h->object_count,
	       (unsigned)view.h->component_count);
	return 0;
}

const struct capdl_view *capdl_system_view(void)
{
	return view.h ? &view : NULL;
}

l4_cap_idx_t capdl_system_object(uint32_t i)
{
	return view.h && i < view.h->object_count ? object_cap[i] : L4_INVALID_CAP;
}
