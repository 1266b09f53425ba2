/* test_read.c - capdl_view_open refuses every corruption of a compiled spec, each check once. */
#include "capdl_fixture.h"

static struct fixture base; /* specs/full.cdl compiled */

/* Indexes into base: keystore is component 0 (caps 0..3), net 1 (caps 4..11, cap 5 is
 * keystore.task), logger 2, drv 3 (caps 15..21, cap 19 the semaphore). */
#define KS  0
#define NET 1

/* One corruption: change @f (a copy of base); capdl_view_open must say @why. */
struct corruption {
	const char *what;
	void (*apply)(struct fixture *f);
	const char *why;
};

static uint32_t obj_of_type(const struct fixture *f, uint32_t type, uint32_t a)
{
	for (uint32_t i = 0; i < f->h->object_count; i++)
		if (f->obj[i].type == type && (type == CAPDL_OBJ_FACTORY || f->obj[i].a == a))
			return i;
	fail_msg("no object of type %u", type);
	return 0;
}

#define OBJ(f, name) (&(f)->obj[fixture_object(f, name)])

/* The corruptions, as small functions named after what they break. */
#define CORRUPT(name, body)                                                                        \
	static void name(struct fixture *f)                                                        \
	{                                                                                          \
		body;                                                                              \
	}

CORRUPT(short_size, f->size = sizeof(struct capdl_header) - 1)
CORRUPT(bad_magic, f->h->magic ^= 1)
CORRUPT(bad_version, f->h->version = CAPDL_FORMAT_VERSION + 1)
CORRUPT(truncated, f->size -= 1)
CORRUPT(size_below_header, f->h->size = 8)
CORRUPT(strings_past_end, f->h->string_off = f->h->size + 4)
CORRUPT(strings_in_header, f->h->string_off = 8)
CORRUPT(too_many_objects, f->h->object_count = CAPDL_MAX_OBJECTS + 1)
CORRUPT(too_many_components, f->h->component_count = CAPDL_MAX_COMPONENTS + 1)
CORRUPT(too_many_caps, f->h->cap_count = CAPDL_MAX_COMPONENTS * CAPDL_MAX_CAPS + 1)
CORRUPT(too_many_partitions, f->h->partition_count = CAPDL_MAX_COMPONENTS + 1)
CORRUPT(objects_misaligned, f->h->object_off += 2)
CORRUPT(objects_in_header, f->h->object_off = 4)
CORRUPT(objects_past_strings, f->h->object_count += 50)
CORRUPT(objects_wrap, f->h->object_off = 0xfffffff0u)
CORRUPT(components_past_strings, f->h->component_off = f->h->string_off)
CORRUPT(caps_past_strings, f->h->cap_off = f->h->string_off - 4)
CORRUPT(partitions_past_strings, f->h->partition_off = f->h->string_off)
CORRUPT(name_outside, f->h->name = f->h->size - f->h->string_off)
CORRUPT(last_string_unterminated, ((char *)f->buf)[f->size - 1] = 'x')
CORRUPT(partition_name_outside, f->part[0] = CAPDL_NONE)
CORRUPT(object_name_outside, f->obj[3].name = 0x7fffffff)
CORRUPT(object_type_zero, f->obj[3].type = 0)
CORRUPT(object_type_unknown, f->obj[3].type = CAPDL_OBJ_PFC + 1)
CORRUPT(gate_label, OBJ(f, "keys")->a = 0x11)
CORRUPT(irq_source, OBJ(f, "tick")->a = 3)
CORRUPT(irq_trigger, OBJ(f, "uart_irq")->c = 3)
CORRUPT(memory_kind, OBJ(f, "secret")->a = 5)
CORRUPT(anon_size_zero, OBJ(f, "secret")->b = 0)
CORRUPT(anon_size_unaligned, OBJ(f, "secret")->b = 100)
CORRUPT(device_size_zero, OBJ(f, "uart")->b = 0)
CORRUPT(device_base_unaligned, OBJ(f, "uart")->c = 0x09000010)
CORRUPT(device_wraps, OBJ(f, "uart")->c = 0xfffff000u; OBJ(f, "uart")->b = 0x2000)
CORRUPT(module_outside, OBJ(f, "code")->d = CAPDL_NONE)
CORRUPT(module_empty, OBJ(f, "code")->d = fixture_string(f, "net") + 3)
CORRUPT(module_long, OBJ(f, "code")->d = fixture_string(
			 f, "keystore up and running, holding the one secret of this system"))
CORRUPT(factory_parent_self, OBJ(f, "top")->b = fixture_object(f, "top"))
CORRUPT(factory_parent_later, OBJ(f, "top")->b = fixture_object(f, "child"))
CORRUPT(factory_parent_not_factory, OBJ(f, "child")->b = fixture_object(f, "keys"))
CORRUPT(factory_parent_huge, OBJ(f, "child")->b = 0x7fffffff)
CORRUPT(scheduler_zero, OBJ(f, "sched")->a = 0)
CORRUPT(scheduler_high, OBJ(f, "sched")->a = 256)
CORRUPT(component_name, f->comp[NET].name = f->h->size)
CORRUPT(component_module, f->comp[NET].module = CAPDL_NONE)
CORRUPT(component_module_long,
	f->comp[NET].module =
	    fixture_string(f, "keystore up and running, holding the one secret of this system"))
CORRUPT(too_many_args, f->comp[KS].arg_count = CAPDL_MAX_ARGS + 1)
CORRUPT(args_outside, f->comp[KS].args = CAPDL_NONE)
CORRUPT(args_run_out, f->comp[KS].args = fixture_string(f, "outside"); f->comp[KS].arg_count = 2)
CORRUPT(prio_zero, f->comp[KS].prio = 0)
CORRUPT(prio_above_max, f->comp[KS].prio = 11)
CORRUPT(prio_max_high, f->comp[KS].prio_max = 256)
CORRUPT(unknown_flags, f->comp[KS].flags |= 8)
CORRUPT(pager_rm_without_memory, f->comp[KS].mem_limit = 0)
CORRUPT(log_kind, f->comp[KS].log_kind = 2)
CORRUPT(log_gate_not_gate, f->comp[KS].log_gate = fixture_object(f, "secret"))
CORRUPT(log_gate_outside, f->comp[KS].log_gate = CAPDL_NONE)
CORRUPT(log_tag_outside, f->comp[KS].log_tag = 0x10000)
CORRUPT(banner_outside, f->comp[KS].banner = 0x10000)
CORRUPT(partition_outside, f->comp[KS].partition = 2)
CORRUPT(cap_first_wrong, f->comp[NET].cap_first = 5)
CORRUPT(cap_count_over_limit, f->comp[NET].cap_count = 9)
CORRUPT(cap_count_past_array, f->comp[3].cap_count += 1)
CORRUPT(cap_name_outside, f->cap[1].name = CAPDL_NONE)
CORRUPT(cap_name_empty, f->cap[1].name = fixture_string(f, "net") + 3)
CORRUPT(cap_name_long, f->cap[1].name = fixture_string(
			   f, "keystore up and running, holding the one secret of this system"))
CORRUPT(slot_low, f->cap[1].slot = 0x1f)
CORRUPT(slot_high, f->cap[1].slot = 0x100)
CORRUPT(rights_bit_4, f->cap[1].rights = 0x14)
CORRUPT(rights_above_byte, f->cap[1].rights = 0x104)
CORRUPT(server_on_memory, f->cap[1].rights |= 0x20)
CORRUPT(server_on_task, f->cap[5].rights |= 0x20)
CORRUPT(server_on_semaphore, f->cap[19].rights |= 0x20)
CORRUPT(target_kind_zero, f->cap[1].target_kind = 0)
CORRUPT(target_kind_unknown, f->cap[1].target_kind = 5)
CORRUPT(object_target_outside, f->cap[1].target = f->h->object_count)
CORRUPT(component_target_self, f->cap[5].target = NET)
CORRUPT(component_target_later, f->cap[5].target = 3)
CORRUPT(slot_twice, f->cap[1].slot = f->cap[0].slot)
CORRUPT(attach_unaligned, f->cap[1].attach = 0x30000010)
CORRUPT(attach_low, f->cap[1].attach = CAPDL_ATTACH_MIN - 0x1000)
CORRUPT(attach_past_limit, f->cap[1].attach = CAPDL_ATTACH_LIMIT - 0x1000)
CORRUPT(attach_wraps, f->cap[1].attach = 0xfffff000u)
CORRUPT(attach_gate, f->cap[0].attach = 0x40000000)
CORRUPT(attach_component_target, f->cap[5].attach = 0x40000000)
CORRUPT(attach_without_rm, f->comp[KS].flags &= ~CAPDL_COMP_PAGER_RM)
CORRUPT(attach_without_r, f->cap[1].rights = 0x1)
CORRUPT(attach_overlap, f->cap[2].attach = 0x30001000)
CORRUPT(cap_without_component, f->comp[3].cap_count -= 1)

static const struct corruption corruptions[] = {
    {"short", short_size, "shorter than the header"},
    {"magic", bad_magic, "bad magic"},
    {"version", bad_version, "unknown format version"},
    {"truncated", truncated, "header size is not the data's size"},
    {"size below header", size_below_header, "header size is not the data's size"},
    {"strings past end", strings_past_end, "string table outside the file"},
    {"strings in header", strings_in_header, "string table outside the file"},
    {"objects", too_many_objects, "too many objects"},
    {"components", too_many_components, "too many components"},
    {"caps", too_many_caps, "too many caps"},
    {"partitions", too_many_partitions, "too many partitions"},
    {"objects misaligned", objects_misaligned, "object array outside the file"},
    {"objects in header", objects_in_header, "object array outside the file"},
    {"objects past strings", objects_past_strings, "object array outside the file"},
    {"objects wrap", objects_wrap, "object array outside the file"},
    {"components past", components_past_strings, "component array outside the file"},
    {"caps past", caps_past_strings, "cap array outside the file"},
    {"partitions past", partitions_past_strings, "partition array outside the file"},
    {"name", name_outside, "system name not a string"},
    {"unterminated", last_string_unterminated, "partition: name not a string"},
    {"partition name", partition_name_outside, "partition: name not a string"},
    {"object name", object_name_outside, "object: name not a string"},
    {"type 0", object_type_zero, "object: unknown type"},
    {"type 11", object_type_unknown, "object: unknown type"},
    {"label", gate_label, "gate: label has low bits set"},
    {"irq source", irq_source, "irq: unknown source"},
    {"irq trigger", irq_trigger, "irq: unknown trigger"},
    {"memory kind", memory_kind, "memory: unknown kind"},
    {"anon 0", anon_size_zero, "memory: size not a nonzero page multiple"},
    {"anon 100", anon_size_unaligned, "memory: size not a nonzero page multiple"},
    {"device 0", device_size_zero, "memory: size not a nonzero page multiple"},
    {"device base", device_base_unaligned, "memory: device base not page aligned"},
    {"device wraps", device_wraps, "memory: device range wraps"},
    {"module outside", module_outside, "memory: bad module name"},
    {"module empty", module_empty, "memory: bad module name"},
    {"module long", module_long, "memory: bad module name"},
    {"parent self", factory_parent_self, "factory: parent not an earlier factory"},
    {"parent later", factory_parent_later, "factory: parent not an earlier factory"},
    {"parent gate", factory_parent_not_factory, "factory: parent not an earlier factory"},
    {"parent huge", factory_parent_huge, "factory: parent not an earlier factory"},
    {"scheduler 0", scheduler_zero, "scheduler: max not in 1..255"},
    {"scheduler 256", scheduler_high, "scheduler: max not in 1..255"},
    {"component name", component_name, "component: name not a string"},
    {"component module", component_module, "component: bad module name"},
    {"component module long", component_module_long, "component: bad module name"},
    {"args", too_many_args, "component: too many args"},
    {"args outside", args_outside, "component: args outside the string table"},
    {"args run out", args_run_out, "component: args outside the string table"},
    {"prio 0", prio_zero, "component: priority not in 1..prio_max..255"},
    {"prio > max", prio_above_max, "component: priority not in 1..prio_max..255"},
    {"max 256", prio_max_high, "component: priority not in 1..prio_max..255"},
    {"flags", unknown_flags, "component: unknown flags"},
    {"pager rm", pager_rm_without_memory, "component: pager rm without memory"},
    {"log kind", log_kind, "component: unknown log kind"},
    {"log gate memory", log_gate_not_gate, "component: log gate not a gate"},
    {"log gate none", log_gate_outside, "component: log gate not a gate"},
    {"log tag", log_tag_outside, "component: log tag not a string"},
    {"banner", banner_outside, "component: banner not a string"},
    {"partition", partition_outside, "component: partition out of range"},
    {"cap first", cap_first_wrong, "component: cap range not its own"},
    {"cap count 9", cap_count_over_limit, "component: cap range not its own"},
    {"cap count past", cap_count_past_array, "component: cap range not its own"},
    {"cap name", cap_name_outside, "cap: bad name"},
    {"cap name empty", cap_name_empty, "cap: bad name"},
    {"cap name long", cap_name_long, "cap: bad name"},
    {"slot 0x1f", slot_low, "cap: slot outside [0x20, 0x100)"},
    {"slot 0x100", slot_high, "cap: slot outside [0x20, 0x100)"},
    {"rights 0x10", rights_bit_4, "cap: unknown rights"},
    {"rights 0x104", rights_above_byte, "cap: unknown rights"},
    {"server memory", server_on_memory, "cap: server right on a non-gate"},
    {"server task", server_on_task, "cap: server right on a non-gate"},
    {"server semaphore", server_on_semaphore, "cap: server right on a non-gate"},
    {"kind 0", target_kind_zero, "cap: unknown target kind"},
    {"kind 5", target_kind_unknown, "cap: unknown target kind"},
    {"object target", object_target_outside, "cap: object index out of range"},
    {"component self", component_target_self, "cap: component target not an earlier component"},
    {"component later", component_target_later, "cap: component target not an earlier component"},
    {"slot twice", slot_twice, "cap: slot given twice in a component"},
    {"attach unaligned", attach_unaligned,
     "cap: attached outside the program's range or unaligned"},
    {"attach low", attach_low, "cap: attached outside the program's range or unaligned"},
    {"attach past limit", attach_past_limit,
     "cap: attached outside the program's range or unaligned"},
    {"attach wraps", attach_wraps, "cap: attached outside the program's range or unaligned"},
    {"attach gate", attach_gate, "cap: attached, but not anonymous or device memory"},
    {"attach component", attach_component_target, "cap: attached, but not memory"},
    {"attach without rm", attach_without_rm,
     "cap: attached, but the component has no region mapper"},
    {"attach without R", attach_without_r, "cap: attached without the right R"},
    {"attach overlap", attach_overlap, "cap: attached over another attachment"},
    {"cap orphan", cap_without_component, "cap: not every cap belongs to a component"},
};

/* A fresh copy of base with the same typed pointers. */
static void copy_base(struct fixture *f)
{
	*f = base;
	f->buf = malloc(base.size + 4);
	assert_non_null(f->buf);
	memcpy(f->buf, base.buf, base.size);
	f->h = (struct capdl_header *)f->buf;
	f->obj = (struct capdl_object *)((char *)f->buf + f->h->object_off);
	f->comp = (struct capdl_component *)((char *)f->buf + f->h->component_off);
	f->cap = (struct capdl_cap *)((char *)f->buf + f->h->cap_off);
	f->part = (uint32_t *)((char *)f->buf + f->h->partition_off);
	f->str = (char *)f->buf + f->h->string_off;
}

static void test_corruptions(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(corruptions) / sizeof(corruptions[0]); i++) {
		struct fixture f;
		struct capdl_view v;
		const char *why = NULL;
		const struct corruption *c = &corruptions[i];

		copy_base(&f);
		c->apply(&f);
		if (capdl_view_open(&v, f.buf, f.size, &why) != -1 || !why ||
		    strcmp(why, c->why) != 0) {
			print_error("%s: want \"%s\", got \"%s\"\n", c->what, c->why,
				    why ? why : "(accepted)");
			fail();
		}
		free(f.buf);
	}
}

/* The untouched file opens; so does one with bytes after it (a padded boot module). */
static void test_good(void **state)
{
	struct capdl_view v;
	const char *why = NULL;

	(void)state;
	assert_int_equal(capdl_view_open(&v, base.buf, base.size, &why), 0);
	assert_int_equal(capdl_view_open(&v, base.buf, base.size + 4, &why), 0);
	assert_int_equal(v.strings_size, base.h->size - base.h->string_off);
	assert_null(capdl_view_string(&v, CAPDL_NONE));
	assert_null(capdl_view_string(&v, v.strings_size));
}

/* NULL and misaligned data are refused before anything is read. */
static void test_alignment(void **state)
{
	struct capdl_view v;
	const char *why = NULL;
	char *shifted = malloc(base.size + 1);

	(void)state;
	assert_int_equal(capdl_view_open(&v, NULL, 100, &why), -1);
	assert_string_equal(why, "data is not 4-byte aligned");
	memcpy(shifted + 1, base.buf, base.size);
	assert_int_equal(capdl_view_open(&v, shifted + 1, base.size, &why), -1);
	assert_string_equal(why, "data is not 4-byte aligned");
	free(shifted);
}

/* Every prefix of the file is refused (and none is read past). */
static void test_every_truncation(void **state)
{
	(void)state;
	for (size_t n = 0; n < base.size; n++) {
		struct capdl_view v;
		const char *why = NULL;
		uint32_t *copy = malloc(n ? n : 1);
		memcpy(copy, base.buf, n);
		assert_int_equal(capdl_view_open(&v, copy, n, &why), -1);
		assert_non_null(why);
		free(copy);
	}
}

static int setup(void **state)
{
	(void)state;
	fixture_compile(&base, "specs/full.cdl", "full");
	(void)obj_of_type;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(base.buf);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_good),
	    cmocka_unit_test(test_alignment),
	    cmocka_unit_test(test_corruptions),
	    cmocka_unit_test(test_every_truncation),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
