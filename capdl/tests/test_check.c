/* test_check.c - the capDL checker: every error and warning it reports, and what it resolves. */
#include "capdl_test.h"

/* A component a whose third line is " cap x = TARGET RIGHTS": the cap at 3:2, its
 * target at 3:10. */
#define CAP_X(target_rights) "component a {\n program \"a\"\n cap x = " target_rights "\n}\n"
/* A component a whose third line is the attribute @attr (at 3:2). */
#define ATTR(attr) "component a {\n program \"a\"\n " attr "\n}\n"

struct check_case {
	const char *text;
	const char *modules;
	bool no_limits;
	const char *want;
};

static const struct check_case cases[] = {
    /* names */
    {"gate g\ngate g", NULL, false, "t.cdl:2:1: error: name 'g' is defined twice (first at 1:1)"},
    {"component g { program \"g\" }\nmemory g anon 4K", NULL, false,
     "t.cdl:2:1: error: name 'g' is defined twice (first at 1:1)"},
    {CAP_X("nope RW"), NULL, false,
     "t.cdl:3:10: error: cap x of component a names 'nope', which is not defined"},
    {CAP_X("a RW"), NULL, false,
     "t.cdl:3:10: error: cap x of component a names component a: say a.task, a.thread or "
     "a.factory"},
    {CAP_X("p RW") "partition p { }", NULL, false,
     "t.cdl:3:10: error: cap x of component a names partition p, which is not an object"},
    {CAP_X("g.task RW") "gate g", NULL, false,
     "t.cdl:3:10: error: cap x of component a names an object of g, which is not a component"},
    {CAP_X("nope.thread RW"), NULL, false,
     "t.cdl:3:10: error: cap x of component a names 'nope', which is not defined"},
    {CAP_X("a.task RW"), NULL, false,
     "t.cdl:3:10: error: cap x of component a names an object of component a, which is not "
     "declared before a"},
    {CAP_X("b.factory RW") "component b { program \"b\" }", NULL, false,
     "t.cdl:3:10: error: cap x of component a names an object of component b, which is not "
     "declared before a"},
    {ATTR("log lg"), NULL, false,
     "t.cdl:3:2: error: log of component a goes through 'lg', which is not defined"},
    {ATTR("log lg") "memory lg anon 4K", NULL, false,
     "t.cdl:3:2: error: log of component a goes through lg, which is not a gate"},
    {"factory f quota 4K parent p", NULL, false,
     "t.cdl:1:27: error: parent 'p' of factory f is not defined"},
    {"factory f quota 4K parent p\ngate p", NULL, false,
     "t.cdl:1:27: error: parent p of factory f is not a factory"},
    {"partition p { x }", NULL, false,
     "t.cdl:1:15: error: member 'x' of partition p is not a component"},
    {"gate x\npartition p { x }", NULL, false,
     "t.cdl:2:15: error: member 'x' of partition p is not a component"},
    {ATTR("partition q"), NULL, false,
     "t.cdl:3:2: error: partition 'q' of component a is not a partition"},
    {ATTR("partition q") "gate q", NULL, false,
     "t.cdl:3:2: error: partition 'q' of component a is not a partition"},
    /* programs and boot modules */
    {"component a { }", NULL, false, "t.cdl:1:1: error: component a has no program"},
    {"component a { program \"a\" }", "b,c", false,
     "t.cdl:1:15: error: boot module 'a' is not in the image"},
    {"component a { program \"a\" }", "", false,
     "t.cdl:1:15: error: boot module 'a' is not in the image"},
    {"component a { program \"a\" }", "ab,b", false,
     "t.cdl:1:15: error: boot module 'a' is not in the image"},
    {"memory m module \"zz\"", "a", false,
     "t.cdl:1:1: error: boot module 'zz' is not in the image"},
    {"component a { program \"\" }", NULL, false,
     "t.cdl:1:15: error: boot module name '' is empty or longer than 51 characters"},
    {"component a { program \"0123456789012345678901234567890123456789012345678901\" }", NULL,
     false,
     "t.cdl:1:15: error: boot module name '0123456789012345678901234567890123456789012345678901' "
     "is empty or longer than 51 characters"},
    /* caps: names and slots */
    {"component a {\n program \"a\"\n cap x = g RW\n cap x = g R\n}\ngate g", NULL, false,
     "t.cdl:4:2: error: cap name 'x' of component a is given twice (first at 3:2)"},
    {"component a {\n program \"a\"\n cap x = g RW slot 0x20\n cap y = g R slot 32\n}\ngate g",
     NULL, false, "t.cdl:4:2: error: slot 0x20 of component a is given twice (first at 3:2)"},
    {CAP_X("g RW slot 0x1f") "gate g", NULL, false,
     "t.cdl:3:2: error: slot 0x1f of cap x of component a is outside [0x20, 0x100)"},
    {CAP_X("g RW slot 0x100") "gate g", NULL, false,
     "t.cdl:3:2: error: slot 0x100 of cap x of component a is outside [0x20, 0x100)"},
    {"component a {\n program \"a\"\n cap abcdefghijklmnopq = g RW\n}\ngate g", NULL, false,
     "t.cdl:3:2: error: cap name 'abcdefghijklmnopq' is longer than 16 characters"},
    /* rights */
    {CAP_X("m RW server") "memory m anon 4K", NULL, false,
     "t.cdl:3:2: error: cap x of component a: 'server' on memory m (only gates are served)"},
    {"component b { program \"b\" }\n" CAP_X("b.thread RW server"), NULL, false,
     "t.cdl:4:2: error: cap x of component a: 'server' on b.thread (only gates are served)"},
    {CAP_X("m RWS") "memory m anon 4K", NULL, false,
     "t.cdl:3:2: error: cap x of component a: right S on memory m (it has no special "
     "operation)"},
    {CAP_X("i S") "irq i software", NULL, false,
     "t.cdl:3:2: error: cap x of component a: right S on irq i (it has no special operation)"},
    {CAP_X("l WS") "log l", NULL, false,
     "t.cdl:3:2: error: cap x of component a: right S on log l (it has no special operation)"},
    {CAP_X("i RS") "icu i", NULL, false,
     "t.cdl:3:2: error: cap x of component a: right S on icu i (it has no special operation)"},
    {CAP_X("l WD") "log l", NULL, false,
     "t.cdl:3:2: error: cap x of component a: right D on log l (it is never deleted)"},
    {CAP_X("i RD") "icu i", NULL, false,
     "t.cdl:3:2: error: cap x of component a: right D on icu i (it is never deleted)"},
    {CAP_X("s RW") "semaphore s", NULL, false,
     "t.cdl:3:2: error: cap x of component a: right W on semaphore s (up needs no right, down "
     "needs S)"},
    {CAP_X("s RS server") "semaphore s", NULL, false,
     "t.cdl:3:2: error: cap x of component a: 'server' on semaphore s (only gates are served)"},
    {CAP_X("p WS") "pfc p", NULL, false,
     "t.cdl:3:2: error: cap x of component a: right S on pfc p (it has no special operation)"},
    {CAP_X("p WD") "pfc p", NULL, false,
     "t.cdl:3:2: error: cap x of component a: right D on pfc p (it is never deleted)"},
    {CAP_X("p W server") "pfc p", NULL, false,
     "t.cdl:3:2: error: cap x of component a: 'server' on pfc p (only gates are served)"},
    {CAP_X("d RS") "debugger d", NULL, false,
     "t.cdl:3:2: error: cap x of component a: right S on debugger d (it has no special "
     "operation)"},
    {CAP_X("d WD") "debugger d", NULL, false,
     "t.cdl:3:2: error: cap x of component a: right D on debugger d (it is never deleted)"},
    /* priorities, pager, memory of a component */
    {ATTR("priority 0"), NULL, false,
     "t.cdl:3:2: error: priority 0 of component a is out of range (1..255)"},
    {ATTR("priority 256"), NULL, false,
     "t.cdl:3:2: error: priority 256 of component a is out of range (1..255)"},
    {ATTR("priority 5 max 4"), NULL, false,
     "t.cdl:3:2: error: max 4 of component a is out of range (5..255)"},
    {ATTR("priority 5 max 256"), NULL, false,
     "t.cdl:3:2: error: max 256 of component a is out of range (5..255)"},
    {"scheduler s max 0", NULL, false,
     "t.cdl:1:1: error: max 0 of scheduler s is out of range (1..255)"},
    {"scheduler s max 256", NULL, false,
     "t.cdl:1:1: error: max 256 of scheduler s is out of range (1..255)"},
    {ATTR("pager rm"), NULL, false, "t.cdl:3:2: error: pager rm of component a needs memory"},
    {ATTR("memory 5000"), NULL, false,
     "t.cdl:3:2: error: memory 5000 of component a is not a multiple of 4K"},
    /* objects */
    {"gate g label 5", NULL, false,
     "t.cdl:1:1: error: label 0x5 of gate g has its low two bits set"},
    {"memory m anon 0", NULL, false, "t.cdl:1:1: error: size of memory m is zero"},
    {"memory m anon 6K", NULL, false,
     "t.cdl:1:1: error: size 6K of memory m is not a multiple of 4K"},
    {"memory m device 0x1000 1000", NULL, false,
     "t.cdl:1:1: error: size 1000 of memory m is not a multiple of 4K"},
    {"memory m device 0x1000 0", NULL, false, "t.cdl:1:1: error: size of memory m is zero"},
    {"memory m device 0x1001 4K", NULL, false,
     "t.cdl:1:1: error: physical address 0x1001 of memory m is not page aligned"},
    {"memory m device 0xfffff000 8K", NULL, false,
     "t.cdl:1:1: error: device range of memory m goes past 4 GiB"},
    {"memory d1 device 0x1000 8K\nmemory d2 device 0x2000 4K", NULL, false,
     "t.cdl:2:1: error: memory d2 overlaps memory d1 (declared at 1:1) and they are not both "
     "shared"},
    {"memory d1 device 0x2000 4K shared\nmemory d2 device 0x1000 8K", NULL, false,
     "t.cdl:2:1: error: memory d2 overlaps memory d1 (declared at 1:1) and they are not both "
     "shared"},
    {"irq i line 5\nirq j line 5 edge", NULL, false,
     "t.cdl:2:1: error: irq line 5 is bound twice (first at 1:1)"},
    {"debugger d\ndebugger e", NULL, false,
     "t.cdl:2:1: error: debugger e: the kernel has one, declared at 1:1 already (as d)"},
    {"pfc p\ngate g\npfc q", NULL, false,
     "t.cdl:3:1: error: pfc q: the kernel has one, declared at 1:1 already (as p)"},
    {"irq i console\nirq j console", NULL, false,
     "t.cdl:2:1: error: the console's irq line is bound twice (first at 1:1)"},
    /* quotas and memory sums */
    {"factory p quota 8K\nfactory c1 quota 4K parent p\nfactory c2 quota 8K parent p", NULL, false,
     "t.cdl:1:1: error: factories made from factory p ask 12K together, more than its quota 8K"},
    {"system s { kmem 1M }\nfactory f quota 1M\ncomponent a { program \"a\" }", NULL, false,
     "t.cdl:1:1: error: factories and components ask 1280K of kernel memory together, more "
     "than the machine's kmem 1M"},
    {"factory f quota 16M\ncomponent a { program \"a\" kmem 4K }", NULL, false,
     "t.cdl:1:1: error: factories and components ask 16388K of kernel memory together, more "
     "than the machine's kmem 16M"},
    {"system s { ram 1M }\nmemory m anon 1M\ncomponent a { program \"a\" memory 4K }", NULL, false,
     "t.cdl:1:1: error: components' memory and anonymous memory take 1028K together, more "
     "than the machine's ram 1M"},
    {"factory f quota 4K parent f", NULL, false,
     "t.cdl:1:1: error: factory f is its own ancestor (a cycle)"},
    {"factory f quota 4K parent g\nfactory g quota 4K parent f", NULL, false,
     "t.cdl:1:1: error: factory f is its own ancestor (a cycle)"},
    /* partitions */
    {"component a { program \"a\" }\npartition p { a }\npartition q { a }", NULL, false,
     "t.cdl:3:15: error: component a is in two partitions, p and q"},
    {ATTR("partition q") "partition p { a }\npartition q { }", NULL, false,
     "t.cdl:3:2: error: component a is in two partitions, p and q"},
    {"component a { program \"a\" }\npartition p { a a }", NULL, false,
     "t.cdl:2:17: error: component a is put in partition p twice"},
    /* the warning */
    {"gate g", NULL, false,
     "t.cdl:1:1: warning: gate g is not reachable: no component holds a capability to it"},
    {"component a { program \"a\" }\nicu i", NULL, false,
     "t.cdl:2:1: warning: icu i is not reachable: no component holds a capability to it"},
    {"component a { program \"a\" }\npfc p", NULL, false,
     "t.cdl:2:1: warning: pfc p is not reachable: no component holds a capability to it"},
    {"component a { program \"a\" }\nsemaphore s", NULL, false,
     "t.cdl:2:1: warning: semaphore s is not reachable: no component holds a capability to it"},
    {"component a { program \"a\" log lg }\ngate lg", NULL, false,
     "t.cdl:1:27: warning: log of component a goes through lg, which no component serves: it "
     "will log to the kernel log"},
};

/* Each error and warning, alone, with its exact position and words. */
static void test_each_diagnostic(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct check_opts o = {cases[i].modules, cases[i].no_limits};
		expect_one_diag(cases[i].text, &o, cases[i].want);
	}
}

/* A spec of @n lines of @line (with %d for the line's number) after @head. */
static char *repeat(const char *head, const char *line, int n)
{
	size_t size = strlen(head) + (size_t)n * (strlen(line) + 16) + 1;
	char *text = malloc(size), *p = text;

	p += sprintf(p, "%s", head);
	for (int i = 0; i < n; i++)
		p += sprintf(p, line, i);
	return text;
}

/* The root task's limits, and --no-limits lifting them. */
static void test_limits(void **state)
{
	struct check_opts none = {NULL, true};
	char *t;

	(void)state;
	t = repeat("", "component c%d { program \"p\" kmem 4K }\n", 17);
	expect_one_diag(t, NULL,
			"t.cdl:17:1: error: more than 16 components (the root task's limit)");
	spec_free(expect_clean(t, &none));
	free(t);

	t = repeat("gate g\ncomponent a { program \"a\"\n", " cap c%d = g RW\n", 9);
	strcat(t, "}");
	expect_one_diag(
	    t, NULL, "t.cdl:11:2: error: component a has more than 8 caps (the root task's limit)");
	spec_free(expect_clean(t, &none));
	free(t);

	t = repeat("component a { program \"a\" args", " \"%d\"", 9);
	strcat(t, " }");
	expect_one_diag(
	    t, NULL, "t.cdl:1:15: error: component a has more than 8 args (the root task's limit)");
	spec_free(expect_clean(t, &none));
	free(t);

	t = repeat("", "partition p%d { }\n", 17);
	expect_one_diag(t, NULL,
			"t.cdl:17:1: error: more than 16 partitions (the root task's limit)");
	spec_free(expect_clean(t, &none));
	free(t);

	t = repeat("component a { program \"a\" cap g = p RW }\nfactory p quota 2M\n",
		   "factory c%d quota 4K parent p\n", 256);
	expect_one_diag(t, NULL,
			"t.cdl:258:1: error: more than 256 objects (the root task's limit)");
	free(t);

	/* 0xe0 slots in [0x20, 0x100): one cap more finds none free. */
	t = repeat("gate g\ncomponent a { program \"a\"\n", " cap c%d = g RW\n", 0xe1);
	strcat(t, "}");
	expect_one_diag(t, &none,
			"t.cdl:227:2: error: no free slot left for cap c224 of component a");
	free(t);
}

/* Reached objects: held by a cap, used as a log gate, or the parent of a factory. */
static void test_reached(void **state)
{
	(void)state;
	spec_free(expect_clean("component s { program \"s\" cap x = lg RW server }\n"
			       "component a { program \"a\" log lg }\ngate lg",
			       NULL));
	spec_free(expect_clean("component a { program \"a\" cap f = c RW }\n"
			       "factory p quota 8K\nfactory c quota 4K parent p",
			       NULL));
	/* Shared device memories may overlap; modules in the image pass. */
	spec_free(
	    expect_clean("component a { program \"a\" cap x = d1 RW cap y = d2 RW }\n"
			 "memory d1 device 0x1000 8K shared\nmemory d2 device 0x2000 4K shared",
			 &(struct check_opts){"x,a", false}));
}

/* What the checker fills in: indexes, defaults, slots. */
static void test_resolution(void **state)
{
	size_t len;
	char *text = slurp("specs/full.cdl", &len);
	struct diag d;
	struct spec *s;
	const struct spec_component *ks, *net, *logger;

	(void)state;
	s = load_text(text, NULL, &d);
	assert_int_equal(d.count, 0);
	ks = &s->components[0];
	net = &s->components[1];
	logger = &s->components[2];
	assert_int_equal(ks->log_gate, spec_find_object(s, "logger_gate"));
	assert_int_equal(ks->partition, spec_find_partition(s, "secure"));
	assert_int_equal(net->partition, spec_find_partition(s, "outside"));
	assert_int_equal(s->components[3].partition, SPEC_NONE);
	assert_int_equal(net->pager, SPEC_PAGER_ROOT); /* no memory */
	assert_int_equal(ks->pager, SPEC_PAGER_RM);
	assert_int_equal(logger->pager, SPEC_PAGER_ROOT);
	assert_int_equal(net->prio_max, 2);
	/* keystore: keys at 0x20 given, the others from 0x21 in order */
	assert_int_equal(ks->caps[0].slot, 0x20);
	assert_int_equal(ks->caps[1].slot, 0x21);
	assert_int_equal(ks->caps[2].slot, 0x22);
	assert_int_equal(ks->caps[3].slot, 0x23);
	/* net: keys at 0x30 given, the others from 0x20 */
	assert_int_equal(net->caps[0].slot, 0x30);
	assert_int_equal(net->caps[1].slot, 0x20);
	assert_int_equal(net->caps[1].target, 0);
	assert_int_equal(net->caps[1].target_kind, SPEC_TARGET_TASK);
	assert_int_equal(net->caps[4].target, spec_find_object(s, "code"));
	assert_int_equal(s->objects[spec_find_object(s, "child")].parent,
			 spec_find_object(s, "top"));
	assert_int_equal(s->partitions[1].member_index[0], 1);
	assert_int_equal(s->partitions[1].member_index[1], 2);
	spec_free(s);
	diag_free(&d);
	free(text);
}

/* A slot given later in the file is skipped by the slots assigned before it. */
static void test_slot_assignment(void **state)
{
	struct spec *s = expect_clean("component a { program \"a\" cap x = g RW cap y = g RW "
				      "cap z = g RW slot 0x21 cap w = g RW slot 0x20 }\ngate g",
				      NULL);

	(void)state;
	assert_int_equal(s->components[0].caps[0].slot, 0x22);
	assert_int_equal(s->components[0].caps[1].slot, 0x23);
	spec_free(s);
}

/* The expected table: implicit caps, named ones, names as a dump writes them. */
static void test_component_table(void **state)
{
	size_t len, n;
	char *text = slurp("specs/full.cdl", &len);
	struct diag d;
	struct spec *s = load_text(text, NULL, &d);
	struct spec_slot *t;
	char name[64], r[32];
	static const char *const want_ks[] = {
	    "0x1 task keystore.task RWS",
	    "0x2 factory keystore.factory RWS",
	    "0x3 thread keystore.thread RWS",
	    "0x4 gate keystore.pager RWS",
	    "0x5 gate keystore.log RW",
	    "0x7 scheduler keystore.scheduler RWS",
	    "0x11 gate keystore.mem_alloc RWS",
	    "0x13 gate keystore.parent RWS",
	    "0x20 gate keys RWS server",
	    "0x21 gate secret RW",
	    "0x22 gate uart RW",
	    "0x23 irq uart_irq R",
	};
	static const char *const want_net[] = {
	    "0x1 task net.task RWS",
	    "0x2 factory net.factory RWS",
	    "0x3 thread net.thread RWS",
	    "0x4 gate net.pager RWS",
	    "0x5 log kernel.log RW",
	    "0x7 scheduler net.scheduler RWS",
	    "0x13 gate net.parent RWS",
	    "0x20 task keystore.task R",
	    "0x21 thread keystore.thread RW",
	    "0x22 factory keystore.factory RWSD",
	    "0x23 gate code R",
	    "0x24 scheduler sched RWS",
	    "0x25 icu kernel.icu RW",
	    "0x26 log kernel.log W",
	    "0x30 gate keys RW",
	};
	/* The root's own objects by the kernel's names, whatever the spec calls them. */
	static const char *const want_drv_named[] = {
	    "0x24 semaphore sem RSD",
	    "0x25 debugger kernel.debugger W",
	    "0x26 pfc kernel.pfc W",
	};

	(void)state;
	assert_int_equal(d.errors, 0);
	t = spec_component_table(s, 0, &n);
	assert_int_equal(n, sizeof(want_ks) / sizeof(want_ks[0]));
	for (size_t i = 0; i < n; i++) {
		char line[128];
		snprintf(line, sizeof(line), "0x%x %s %s %s", t[i].slot, spec_kobj_name(t[i].type),
			 spec_slot_name(&t[i], name, sizeof(name)),
			 spec_rights_str(t[i].rights, r));
		assert_string_equal(line, want_ks[i]);
	}
	assert_null(t[0].cap);
	assert_non_null(t[8].cap);
	assert_int_equal(t[4].target_kind, SPEC_TARGET_LOG_SESSION);
	free(t);
	t = spec_component_table(s, 1, &n);
	assert_int_equal(n, sizeof(want_net) / sizeof(want_net[0]));
	for (size_t i = 0; i < n; i++) {
		char line[128];
		snprintf(line, sizeof(line), "0x%x %s %s %s", t[i].slot, spec_kobj_name(t[i].type),
			 spec_slot_name(&t[i], name, sizeof(name)),
			 spec_rights_str(t[i].rights, r));
		assert_string_equal(line, want_net[i]);
	}
	assert_int_equal(t[4].target_kind, SPEC_TARGET_KERNEL_LOG);
	assert_int_equal(t[4].target, spec_find_object(s, "klog"));
	free(t);
	t = spec_component_table(s, 3, &n);
	assert_int_equal(n, 7 + 7 + 1); /* implicit (no memory), named, its debugger at 10 */
	for (size_t i = 0; i < 3; i++) {
		char line[128];
		const struct spec_slot *e = &t[n - 3 + i];
		snprintf(line, sizeof(line), "0x%x %s %s %s", e->slot, spec_kobj_name(e->type),
			 spec_slot_name(e, name, sizeof(name)), spec_rights_str(e->rights, r));
		assert_string_equal(line, want_drv_named[i]);
	}
	free(t);
	spec_free(s);
	diag_free(&d);
	free(text);
}

static void test_rights_str(void **state)
{
	char b[32];

	(void)state;
	assert_string_equal(spec_rights_str(0, b), "-");
	assert_string_equal(spec_rights_str(0xf, b), "RWSD");
	assert_string_equal(spec_rights_str(SPEC_RIGHT_W | SPEC_RIGHT_D, b), "WD");
	assert_string_equal(spec_rights_str(0x20, b), "- server");
	assert_string_equal(spec_rights_str(0xef, b), "RWSD server obj2 obj3");
}

/* The checker stops after DIAG_MAX_ERRORS errors too. */
static void test_error_limit(void **state)
{
	char *t = repeat("", "gate g%d label 1\n", 80);
	struct diag d;
	struct spec *s = load_text(t, NULL, &d);

	(void)state;
	assert_int_equal(d.errors, DIAG_MAX_ERRORS);
	spec_free(s);
	diag_free(&d);
	free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_each_diagnostic), cmocka_unit_test(test_limits),
	    cmocka_unit_test(test_reached),	    cmocka_unit_test(test_resolution),
	    cmocka_unit_test(test_slot_assignment), cmocka_unit_test(test_component_table),
	    cmocka_unit_test(test_rights_str),	    cmocka_unit_test(test_error_limit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
