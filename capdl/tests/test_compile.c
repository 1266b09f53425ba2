/* test_compile.c - capdl compile: the bytes round-trip through capdl_view_open, deterministically.
 */
#include "capdl_fixture.h"

/* Every field of the compiled full.cdl, read back through the reader. */
static void test_round_trip(void **state)
{
	struct fixture f;
	struct capdl_view v;
	const char *why = NULL;
	const struct capdl_component *ks, *net, *logger;
	uint32_t top, child, lg, keys;

	(void)state;
	fixture_compile(&f, "specs/full.cdl", "full");
	assert_int_equal(capdl_view_open(&v, f.buf, f.size, &why), 0);
	assert_string_equal(capdl_view_string(&v, v.h->name), "demo");
	assert_int_equal(v.h->object_count, 19);
	assert_int_equal(v.h->component_count, 4);
	assert_int_equal(v.h->cap_count, 4 + 8 + 3 + 7);
	assert_int_equal(v.h->partition_count, 2);
	assert_string_equal(capdl_view_string(&v, v.partitions[1]), "outside");

	/* Factories: the parent (declared later) is moved before its child. */
	top = fixture_object(&f, "top");
	child = fixture_object(&f, "child");
	assert_true(top < child);
	assert_int_equal(v.objects[child].type, CAPDL_OBJ_FACTORY);
	assert_int_equal(v.objects[child].a, 256 * 1024);
	assert_int_equal(v.objects[child].b, top);
	assert_int_equal(v.objects[top].b, CAPDL_NONE);
	/* Other objects keep file order. */
	keys = fixture_object(&f, "keys");
	lg = fixture_object(&f, "logger_gate");
	assert_int_equal(keys, 0);
	assert_int_equal(lg, 1);
	assert_int_equal(v.objects[keys].a, 0x10);
	{
		const struct capdl_object *o = &v.objects[fixture_object(&f, "uart")];
		assert_int_equal(o->type, CAPDL_OBJ_MEMORY);
		assert_int_equal(o->a, CAPDL_MEM_DEVICE);
		assert_int_equal(o->b, 0x1000);
		assert_int_equal(o->c, 0x09000000);
		o = &v.objects[fixture_object(&f, "code")];
		assert_int_equal(o->a, CAPDL_MEM_MODULE);
		assert_string_equal(capdl_view_string(&v, o->d), "net");
		o = &v.objects[fixture_object(&f, "secret")];
		assert_int_equal(o->a, CAPDL_MEM_ANON);
		assert_int_equal(o->b, 64 * 1024);
		o = &v.objects[fixture_object(&f, "uart_irq")];
		assert_int_equal(o->type, CAPDL_OBJ_IRQ);
		assert_int_equal(o->a, CAPDL_IRQ_LINE);
		assert_int_equal(o->b, 33);
		assert_int_equal(o->c, CAPDL_TRIGGER_LEVEL_HIGH);
		assert_int_equal(v.objects[fixture_object(&f, "con_irq")].a, CAPDL_IRQ_CONSOLE);
		assert_int_equal(v.objects[fixture_object(&f, "con")].a, CAPDL_MEM_CONSOLE);
		assert_int_equal(v.objects[fixture_object(&f, "sched")].a, 20);
		assert_int_equal(v.objects[fixture_object(&f, "icu")].type, CAPDL_OBJ_ICU);
		assert_int_equal(v.objects[fixture_object(&f, "klog")].type, CAPDL_OBJ_LOG);
		assert_int_equal(v.objects[fixture_object(&f, "sem")].type, CAPDL_OBJ_SEMAPHORE);
		assert_int_equal(v.objects[fixture_object(&f, "dbg")].type, CAPDL_OBJ_DEBUGGER);
		o = &v.objects[fixture_object(&f, "power")];
		assert_int_equal(o->type, CAPDL_OBJ_PFC);
		assert_int_equal(o->a | o->b | o->c, 0); /* the root's own: nothing to say */
	}

	ks = &v.components[0];
	assert_string_equal(capdl_view_string(&v, ks->name), "keystore");
	assert_string_equal(capdl_view_string(&v, ks->module), "keystore");
	assert_int_equal(ks->arg_count, 2);
	assert_string_equal(capdl_view_arg(&v, ks, 0), "--secret");
	assert_string_equal(capdl_view_arg(&v, ks, 1), "0x10");
	assert_null(capdl_view_arg(&v, ks, 2));
	assert_int_equal(ks->prio, 5);
	assert_int_equal(ks->prio_max, 10);
	assert_int_equal(ks->kmem, 512 * 1024);
	assert_int_equal(ks->mem_limit, 1 << 20);
	assert_int_equal(ks->page_limit, 2048);
	assert_int_equal(ks->flags, CAPDL_COMP_DEVICES | CAPDL_COMP_PAGER_RM);
	assert_int_equal(ks->max_restarts, 3);
	assert_int_equal(ks->log_kind, CAPDL_LOG_SESSION);
	assert_int_equal(ks->log_gate, lg);
	assert_string_equal(capdl_view_string(&v, ks->log_tag), "ks");
	assert_string_equal(capdl_view_string(&v, ks->banner),
			    "keystore up and running, holding the one secret of this system");
	assert_int_equal(ks->partition, 0);
	assert_int_equal(ks->cap_first, 0);
	assert_int_equal(ks->cap_count, 4);
	assert_string_equal(capdl_view_string(&v, v.caps[0].name), "keys");
	assert_int_equal(v.caps[0].slot, 0x20);
	assert_int_equal(v.caps[0].rights, 0x27);
	assert_int_equal(v.caps[0].target_kind, CAPDL_TARGET_OBJECT);
	assert_int_equal(v.caps[0].target, keys);
	assert_int_equal(v.caps[0].attach, 0);
	assert_int_equal(v.caps[1].slot, 0x21);
	assert_int_equal(v.caps[1].attach, 0x30000000);

	net = &v.components[1];
	assert_int_equal(net->arg_count, 0);
	assert_int_equal(net->args, CAPDL_NONE);
	assert_int_equal(net->prio, 2);
	assert_int_equal(net->prio_max, 2);
	assert_int_equal(net->kmem, 256 * 1024);
	assert_int_equal(net->mem_limit, 0);
	assert_int_equal(net->page_limit, 1024);
	assert_int_equal(net->flags, 0);
	assert_int_equal(net->log_kind, CAPDL_LOG_KERNEL);
	assert_int_equal(net->log_gate, CAPDL_NONE);
	assert_null(capdl_view_string(&v, net->banner));
	assert_int_equal(net->partition, 1);
	assert_int_equal(net->cap_first, 4);
	assert_int_equal(net->cap_count, 8);
	assert_int_equal(v.caps[4].slot, 0x30);
	assert_int_equal(v.caps[5].slot, 0x20);
	assert_int_equal(v.caps[5].target_kind, CAPDL_TARGET_COMPONENT_TASK);
	assert_int_equal(v.caps[5].target, 0);
	assert_int_equal(v.caps[6].target_kind, CAPDL_TARGET_COMPONENT_THREAD);
	assert_int_equal(v.caps[7].target_kind, CAPDL_TARGET_COMPONENT_FACTORY);
	assert_int_equal(v.caps[7].rights, 0xf);

	logger = &v.components[2];
	assert_int_equal(logger->cap_first, 12);
	assert_int_equal(v.caps[14].target, child); /* cap f = child: the moved index */
	assert_int_equal(v.components[3].partition, CAPDL_NONE);
	/* drv's last caps: the semaphore, the debugger, platform control, as given. */
	assert_int_equal(v.components[3].cap_count, 7);
	assert_int_equal(v.caps[19].target, fixture_object(&f, "sem"));
	assert_int_equal(v.caps[19].rights, 0xe);
	assert_int_equal(v.caps[20].target, fixture_object(&f, "dbg"));
	assert_int_equal(v.caps[21].target, fixture_object(&f, "power"));
	assert_int_equal(v.caps[21].rights, 0x1);
	assert_string_equal(capdl_view_string(&v, v.caps[21].name), "pfc");
	free(f.buf);
}

/* The same spec compiles to the same bytes, from a new parse too. */
static void test_deterministic(void **state)
{
	struct fixture a, b;

	(void)state;
	fixture_compile(&a, "specs/full.cdl", "full");
	fixture_compile(&b, "specs/full.cdl", "full");
	assert_int_equal(a.size, b.size);
	assert_memory_equal(a.buf, b.buf, a.size);
	free(a.buf);
	free(b.buf);
}

/* Without `system`, the name given (the file's stem); a chain of factories is ordered
 * root first; no partitions and no caps give empty arrays. */
static void test_minimal_and_chain(void **state)
{
	struct spec *s =
	    expect_clean("component a { program \"a\" cap f = f3 RW }\n"
			 "factory f3 quota 4K parent f2\nfactory f2 quota 8K parent f1\n"
			 "factory f1 quota 16K\n",
			 NULL);
	void *data;
	size_t size;
	struct capdl_view v;
	const char *why;

	(void)state;
	assert_int_equal(capdl_compile(s, "mini", &data, &size), 0);
	assert_int_equal(capdl_view_open(&v, data, size, &why), 0);
	assert_string_equal(capdl_view_string(&v, v.h->name), "mini");
	assert_string_equal(capdl_view_string(&v, v.objects[0].name), "f1");
	assert_string_equal(capdl_view_string(&v, v.objects[1].name), "f2");
	assert_string_equal(capdl_view_string(&v, v.objects[2].name), "f3");
	assert_int_equal(v.objects[1].b, 0);
	assert_int_equal(v.objects[2].b, 1);
	assert_int_equal(v.caps[0].target, 2);
	assert_int_equal(v.h->partition_count, 0);
	assert_int_equal(v.components[0].flags, 0); /* no memory: the root pages it */
	free(data);
	spec_free(s);

	s = expect_clean("", NULL);
	assert_int_equal(capdl_compile(s, "empty", &data, &size), 0);
	assert_int_equal(capdl_view_open(&v, data, size, &why), 0);
	assert_int_equal(size, sizeof(struct capdl_header) + sizeof("empty"));
	free(data);
	spec_free(s);
}

/* eager_map is a component flag; given twice, an error. */
static void test_eager_map(void **state)
{
	struct spec *s = expect_clean("component a { program \"a\" eager_map }\n", NULL);
	void *data;
	size_t size;
	struct capdl_view v;
	const char *why;

	(void)state;
	assert_true(s->components[0].eager_map);
	assert_int_equal(capdl_compile(s, "eager", &data, &size), 0);
	assert_int_equal(capdl_view_open(&v, data, size, &why), 0);
	assert_int_equal(v.components[0].flags, CAPDL_COMP_EAGER_MAP);
	free(data);
	spec_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_round_trip),
	    cmocka_unit_test(test_deterministic),
	    cmocka_unit_test(test_minimal_and_chain),
	    cmocka_unit_test(test_eager_map),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
