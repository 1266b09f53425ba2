/* test_parse.c - the capDL parser: every form of the language, and every syntax error. */
#include "capdl_test.h"

/* Every declaration and attribute lands in the right field. */
static void test_full_spec(void **state)
{
	size_t len;
	char *text = slurp("specs/full.cdl", &len);
	struct diag d;
	struct spec *s;
	const struct spec_component *ks, *net;
	const struct spec_object *o;

	(void)state;
	diag_init(&d);
	s = spec_parse("full.cdl", text, len, &d);
	assert_non_null(s);
	assert_int_equal(d.errors, 0);
	assert_true(s->has_system);
	assert_string_equal(s->system_name, "demo");
	assert_int_equal(s->ram, 64u << 20);
	assert_int_equal(s->kmem, 8u << 20);
	assert_int_equal(s->component_count, 4);
	assert_int_equal(s->object_count, 19);
	assert_int_equal(s->partition_count, 2);

	ks = &s->components[0];
	assert_string_equal(ks->name, "keystore");
	assert_int_equal(ks->loc.line, 4);
	assert_int_equal(ks->loc.col, 1);
	assert_string_equal(ks->program, "keystore");
	assert_int_equal(ks->arg_count, 2);
	assert_string_equal(ks->args[0], "--secret");
	assert_string_equal(ks->args[1], "0x10");
	assert_int_equal(ks->priority, 5);
	assert_int_equal(ks->prio_max, 10);
	assert_int_equal(ks->kmem, 512 * 1024);
	assert_int_equal(ks->memory, 1 << 20);
	assert_int_equal(ks->pages, 2048);
	assert_int_equal(ks->pager, SPEC_PAGER_RM);
	assert_true(ks->devices);
	assert_int_equal(ks->restart, 3);
	assert_int_equal(ks->log, SPEC_LOG_GATE);
	assert_string_equal(ks->log_gate_name, "logger_gate");
	assert_string_equal(ks->log_tag, "ks");
	assert_string_equal(ks->banner,
			    "keystore up and running, holding the one secret of this system");
	assert_string_equal(ks->partition_name, "secure");
	assert_true(ks->trusted);
	assert_int_equal(ks->attr_loc[SPEC_ATTR_PRIORITY].line, 6);
	assert_int_equal(ks->attr_loc[SPEC_ATTR_PRIORITY].col, 5);
	assert_int_equal(ks->cap_count, 4);
	assert_string_equal(ks->caps[0].name, "keys");
	assert_string_equal(ks->caps[0].target_name, "keys");
	assert_int_equal(ks->caps[0].rights, SPEC_RIGHTS_RWS | SPEC_RIGHT_SERVER);
	assert_true(ks->caps[0].slot_given);
	assert_int_equal(ks->caps[0].slot, 0x20);
	assert_false(ks->caps[1].slot_given);

	net = &s->components[1];
	assert_int_equal(net->priority, 2);
	assert_false(net->prio_max_given);
	assert_int_equal(net->kmem, SPEC_DEFAULT_KMEM);
	assert_int_equal(net->pages, SPEC_DEFAULT_PAGES);
	assert_int_equal(net->pager, SPEC_PAGER_DEFAULT);
	assert_int_equal(net->log, SPEC_LOG_KERNEL);
	assert_int_equal(net->caps[1].target_kind, SPEC_TARGET_TASK);
	assert_string_equal(net->caps[1].target_name, "keystore");
	assert_int_equal(net->caps[2].target_kind, SPEC_TARGET_THREAD);
	assert_int_equal(net->caps[3].target_kind, SPEC_TARGET_FACTORY);
	assert_int_equal(net->caps[3].rights, 0xf);
	assert_int_equal(net->caps[7].rights, SPEC_RIGHT_W);

	o = &s->objects[0];
	assert_int_equal(o->type, SPEC_OBJ_GATE);
	assert_int_equal(o->label, 0x10);
	o = &s->objects[3];
	assert_int_equal(o->mem_kind, CAPDL_MEM_DEVICE);
	assert_int_equal(o->mem_phys, 0x09000000);
	assert_int_equal(o->mem_size, 0x1000);
	assert_false(o->mem_shared);
	assert_true(s->objects[4].mem_shared);
	assert_int_equal(s->objects[4].mem_size, 8192);
	assert_string_equal(s->objects[5].mem_module, "net");
	assert_int_equal(s->objects[6].mem_kind, CAPDL_MEM_CONSOLE);
	assert_int_equal(s->objects[7].irq_source, CAPDL_IRQ_LINE);
	assert_int_equal(s->objects[7].irq_line, 33);
	assert_int_equal(s->objects[7].irq_trigger, CAPDL_TRIGGER_LEVEL_HIGH);
	assert_int_equal(s->objects[8].irq_source, CAPDL_IRQ_SOFTWARE);
	assert_int_equal(s->objects[9].irq_source, CAPDL_IRQ_CONSOLE);
	assert_int_equal(s->objects[10].irq_trigger, CAPDL_TRIGGER_EDGE_RISING);
	assert_string_equal(s->objects[11].parent_name, "top");
	assert_int_equal(s->objects[11].quota, 256 * 1024);
	assert_null(s->objects[12].parent_name);
	assert_int_equal(s->objects[13].sched_max, 20);
	assert_int_equal(s->objects[14].type, SPEC_OBJ_ICU);
	assert_int_equal(s->objects[15].type, SPEC_OBJ_LOG);
	assert_int_equal(s->objects[16].type, SPEC_OBJ_SEMAPHORE);
	assert_int_equal(s->objects[17].type, SPEC_OBJ_DEBUGGER);
	assert_int_equal(s->objects[18].type, SPEC_OBJ_PFC);
	assert_string_equal(s->objects[18].name, "power");
	assert_int_equal(s->components[3].cap_count, 7);
	assert_string_equal(s->components[3].caps[6].target_name, "power");
	assert_int_equal(s->components[3].caps[4].rights,
			 SPEC_RIGHT_R | SPEC_RIGHT_S | SPEC_RIGHT_D);
	assert_int_equal(s->partitions[0].member_count, 0);
	assert_int_equal(s->partitions[1].member_count, 2);
	assert_string_equal(s->partitions[1].members[1], "logger");

	spec_free(s);
	diag_free(&d);
	free(text);
}

/* Sizes, hex, comments everywhere, no whitespace needed around punctuation. */
static void test_numbers_and_comments(void **state)
{
	static const char text[] = "#c\nmemory a anon 4K#c\nmemory b anon 0x2000 memory c anon "
				   "1M\nmemory d anon 1G\nfactory f quota 3G "
				   "component x{program\"x\"cap y=a RW slot 0x21}\n";
	struct diag d;
	struct spec *s;

	(void)state;
	diag_init(&d);
	s = spec_parse("t.cdl", text, strlen(text), &d);
	assert_int_equal(d.errors, 0);
	assert_int_equal(s->objects[0].mem_size, 4096);
	assert_int_equal(s->objects[1].mem_size, 0x2000);
	assert_int_equal(s->objects[2].mem_size, 1 << 20);
	assert_int_equal(s->objects[3].mem_size, 1u << 30);
	assert_int_equal(s->objects[4].quota, 3u << 30);
	assert_int_equal(s->components[0].caps[0].slot, 0x21);
	spec_free(s);
	diag_free(&d);
}

/* The root task's own objects and semaphores take a name only; their words are
 * keywords only where a declaration starts, so they may name things too. */
static void test_kernel_objects(void **state)
{
	struct spec *s = expect_clean("pfc pfc\ndebugger debugger\nsemaphore semaphore\n"
				      "component a { program \"a\" cap pfc = pfc W "
				      "cap debugger = debugger RW cap semaphore = semaphore RSD }",
				      NULL);

	(void)state;
	assert_int_equal(s->object_count, 3);
	assert_int_equal(s->objects[0].type, SPEC_OBJ_PFC);
	assert_int_equal(s->objects[1].type, SPEC_OBJ_DEBUGGER);
	assert_int_equal(s->objects[2].type, SPEC_OBJ_SEMAPHORE);
	assert_int_equal(s->components[0].caps[0].target, 0);
	assert_int_equal(s->components[0].caps[2].target, 2);
	spec_free(s);
}

/* An empty spec, and one of only comments, are fine (nothing to check). */
static void test_empty(void **state)
{
	(void)state;
	spec_free(expect_clean("", NULL));
	spec_free(expect_clean("# nothing\n   \n# at all", NULL));
}

struct syntax_case {
	const char *text;
	const char *want; /* the first diagnostic */
};

static const struct syntax_case syntax_cases[] = {
    {"gate", "t.cdl:1:5: error: expected a name, found end of file"},
    {"gate g label", "t.cdl:1:13: error: expected a label, found end of file"},
    {"irq i foo", "t.cdl:1:7: error: expected 'software', 'line' or 'console', found 'foo'"},
    {"irq i line x", "t.cdl:1:12: error: expected an irq line number, found 'x'"},
    {"memory m foo",
     "t.cdl:1:10: error: expected 'anon', 'device', 'console' or 'module', found 'foo'"},
    {"memory m anon", "t.cdl:1:14: error: expected a size, found end of file"},
    {"memory m device 0x1000", "t.cdl:1:23: error: expected a size, found end of file"},
    {"memory m device x", "t.cdl:1:17: error: expected a physical address, found 'x'"},
    {"memory m module foo", "t.cdl:1:17: error: expected a boot module's name, found 'foo'"},
    {"factory f 4K", "t.cdl:1:11: error: expected 'quota', found a number"},
    {"factory f quota x", "t.cdl:1:17: error: expected a quota, found 'x'"},
    {"factory f quota 4K parent 3", "t.cdl:1:27: error: expected a factory's name, found a number"},
    {"scheduler s 3", "t.cdl:1:13: error: expected 'max', found a number"},
    {"scheduler s max", "t.cdl:1:16: error: expected a priority, found end of file"},
    {"semaphore", "t.cdl:1:10: error: expected a name, found end of file"},
    {"pfc 3", "t.cdl:1:5: error: expected a name, found a number"},
    {"debugger d quota 4K", "t.cdl:1:12: error: unknown declaration 'quota'"},
    {"bogus x", "t.cdl:1:1: error: unknown declaration 'bogus'"},
    {"42", "t.cdl:1:1: error: expected a declaration, found a number"},
    {"{", "t.cdl:1:1: error: expected a declaration, found '{'"},
    {"gate g label 0x100000000", "t.cdl:1:14: error: number too large (more than 32 bits)"},
    {"gate g label 99999999999999999999999",
     "t.cdl:1:14: error: number too large (more than 32 bits)"},
    {"gate g label 4G", "t.cdl:1:14: error: number too large (more than 32 bits)"},
    {"gate g label 12ab", "t.cdl:1:14: error: malformed number"},
    {"gate g label 0x", "t.cdl:1:14: error: malformed number"},
    {"gate g label 4KB", "t.cdl:1:14: error: malformed number"},
    {"component c { program \"x }", "t.cdl:1:23: error: unterminated string"},
    {"component c { program \"x\ny\" }", "t.cdl:1:23: error: unterminated string"},
    {"gate g $", "t.cdl:1:8: error: unexpected character '$'"},
    {"gate g \x01", "t.cdl:1:8: error: unexpected byte 0x01"},
    {"gate g \xff", "t.cdl:1:8: error: unexpected byte 0xff"},
    {"component c { program \"x\" foo }",
     "t.cdl:1:27: error: unknown attribute 'foo' of component c"},
    {"component c { program \"x\" 42 }",
     "t.cdl:1:27: error: expected an attribute or '}', found a number"},
    {"component c { priority 1 priority 2 }",
     "t.cdl:1:26: error: attribute 'priority' of component c is given twice (first at 1:15)"},
    {"component c { program \"x\"", "t.cdl:1:1: error: component c has no closing '}'"},
    {"component c { program \"x\"\ngate g", "t.cdl:1:1: error: component c has no closing '}'"},
    {"component c program", "t.cdl:1:13: error: expected '{', found 'program'"},
    {"component c { program x }", "t.cdl:1:23: error: expected a boot module's name, found 'x'"},
    {"component c { priority x }", "t.cdl:1:24: error: expected a priority, found 'x'"},
    {"component c { priority 1 max x }", "t.cdl:1:30: error: expected a priority, found 'x'"},
    {"component c { kmem x }", "t.cdl:1:20: error: expected a size, found 'x'"},
    {"component c { memory x }", "t.cdl:1:22: error: expected a size, found 'x'"},
    {"component c { pages x }", "t.cdl:1:21: error: expected a number of pages, found 'x'"},
    {"component c { restart x }", "t.cdl:1:23: error: expected a number of restarts, found 'x'"},
    {"component c { pager foo }", "t.cdl:1:21: error: expected 'root' or 'rm', found 'foo'"},
    {"component c { log 3 }",
     "t.cdl:1:19: error: expected 'kernel' or a gate's name, found a number"},
    {"component c { log g tag x }", "t.cdl:1:25: error: expected a tag, found 'x'"},
    {"component c { banner x }", "t.cdl:1:22: error: expected a banner, found 'x'"},
    {"component c { partition 3 }",
     "t.cdl:1:25: error: expected a partition's name, found a number"},
    {"component c { cap = }", "t.cdl:1:19: error: expected a capability's name, found '='"},
    {"component c { cap x g RW }", "t.cdl:1:21: error: expected '=', found 'g'"},
    {"component c { cap x = 3 RW }",
     "t.cdl:1:23: error: expected a capability's target, found a number"},
    {"component c { cap x = g }",
     "t.cdl:1:25: error: expected rights (a word of R, W, S, D), found '}'"},
    {"component c { cap x = g RWX }", "t.cdl:1:25: error: rights 'RWX' are not a word of the "
				      "letters R, W, S, D (each at most once)"},
    {"component c { cap x = g RR }",
     "t.cdl:1:25: error: rights 'RR' are not a word of the letters R, W, S, D (each at most once)"},
    {"component c { cap x = a.foo RW }",
     "t.cdl:1:25: error: expected 'task', 'thread' or 'factory' after '.', found 'foo'"},
    {"component c { cap x = g RW slot }", "t.cdl:1:33: error: expected a slot number, found '}'"},
    {"component c { cap x = g RW server server }",
     "t.cdl:1:35: error: 'server' of cap x is given twice"},
    {"component c { cap x = g RW slot 0x20 slot 0x21 }",
     "t.cdl:1:38: error: 'slot' of cap x is given twice"},
    {"system s { ram 1M ram 2M }",
     "t.cdl:1:19: error: 'ram' of the system is given twice (first at 1:12)"},
    {"system s { foo }", "t.cdl:1:12: error: expected 'ram', 'kmem' or '}', found 'foo'"},
    {"system s { ram x }", "t.cdl:1:16: error: expected a size, found 'x'"},
    {"system s ram", "t.cdl:1:10: error: expected '{', found 'ram'"},
    {"system a { }\nsystem b { }", "t.cdl:2:1: error: system is declared twice (first at 1:1)"},
    {"partition p { a 3 }",
     "t.cdl:1:17: error: expected a component's name or '}', found a number"},
    {"partition p a", "t.cdl:1:13: error: expected '{', found 'a'"},
};

/* Each syntax error, with its exact position and words. */
static void test_syntax_errors(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(syntax_cases) / sizeof(syntax_cases[0]); i++) {
		struct diag d;
		struct spec *s;
		char buf[600];
		const struct syntax_case *c = &syntax_cases[i];

		diag_init(&d);
		s = spec_parse("t.cdl", c->text, strlen(c->text), &d);
		assert_non_null(s);
		if (d.errors == 0 || strcmp(diag_line(&d, 0, buf, sizeof(buf)), c->want) != 0) {
			print_error("spec: %s\nwant: %s\ngot:  %s\n", c->text, c->want,
				    d.count ? diag_line(&d, 0, buf, sizeof(buf)) : "(nothing)");
			fail();
		}
		spec_free(s);
		diag_free(&d);
	}
}

/* After an error the parser goes on with the next declaration or attribute. */
static void test_recovery(void **state)
{
	struct diag d;
	struct spec *s = load_text("gate a label x\ngate b\ncomponent c { prio 3 program \"c\" "
				   "cap k = b RWX cap l = b RW }\nbogus\ngate d",
				   NULL, &d);

	(void)state;
	assert_int_equal(d.errors, 4); /* label, prio, RWX, bogus */
	assert_int_equal(s->object_count, 3);
	assert_string_equal(s->objects[2].name, "d");
	assert_string_equal(s->components[0].program, "c");
	assert_int_equal(s->components[0].cap_count, 2);
	assert_string_equal(s->components[0].caps[1].name, "l");
	spec_free(s);
	diag_free(&d);
}

/* The parser stops after DIAG_MAX_ERRORS errors. */
static void test_error_limit(void **state)
{
	struct diag d;
	char *text = malloc(100 * 7 + 1);
	struct spec *s;

	(void)state;
	text[0] = '\0';
	for (int i = 0; i < 100; i++)
		strcat(text, "gate 1\n");
	diag_init(&d);
	s = spec_parse("t.cdl", text, strlen(text), &d);
	assert_int_equal(d.errors, DIAG_MAX_ERRORS);
	assert_int_equal(d.count, DIAG_MAX_ERRORS);
	spec_free(s);
	diag_free(&d);
	free(text);
}

/* Text with NUL bytes and no terminating NUL is read exactly to its length. */
static void test_binary_text(void **state)
{
	static const char text[] = {'g', 'a', 't', 'e', ' ', 'g', '\0', 'x'};
	struct diag d;
	struct spec *s;
	char buf[600];

	(void)state;
	diag_init(&d);
	s = spec_parse("t.cdl", text, sizeof(text), &d);
	assert_int_equal(d.errors, 1);
	assert_string_equal(diag_line(&d, 0, buf, sizeof(buf)),
			    "t.cdl:1:7: error: unexpected byte 0x00");
	assert_int_equal(s->object_count, 1);
	spec_free(s);
	diag_free(&d);
	/* A string running into the end of the text. */
	diag_init(&d);
	s = spec_parse("t.cdl", "memory m module \"abc", 20, &d);
	assert_int_equal(d.errors, 1);
	spec_free(s);
	diag_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_full_spec),	cmocka_unit_test(test_numbers_and_comments),
	    cmocka_unit_test(test_empty),	cmocka_unit_test(test_syntax_errors),
	    cmocka_unit_test(test_recovery),	cmocka_unit_test(test_error_limit),
	    cmocka_unit_test(test_binary_text), cmocka_unit_test(test_kernel_objects),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
