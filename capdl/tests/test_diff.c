/* test_diff.c - capdl diff: a dump against specs/small.cdl, every kind of difference, bad dumps. */
#include "capdl_test.h"

static struct spec *small;
static char *dump; /* specs/small.dump: matches small.cdl, with #ID caps and noise */

/* @s with the first @from replaced by @to (malloc'd). */
static char *replace(const char *s, const char *from, const char *to)
{
	const char *at = strstr(s, from);
	char *r;

	assert_non_null(at);
	r = malloc(strlen(s) - strlen(from) + strlen(to) + 1);
	sprintf(r, "%.*s%s%s", (int)(at - s), s, to, at + strlen(from));
	return r;
}

/* Run capdl_diff on @text; its status, the output lines in @out (caller frees). */
static int run_diff(const char *text, bool all, char **out, char **err)
{
	size_t n1, n2;
	FILE *o = open_memstream(out, &n1), *e = open_memstream(err, &n2);
	int status = capdl_diff(small, text, strlen(text), all, o, e);

	fclose(o);
	fclose(e);
	return status;
}

static void expect_diff(const char *text, bool all, int status, const char *want)
{
	char *out, *err;
	int got = run_diff(text, all, &out, &err);

	if (got != status || strcmp(out, want) != 0) {
		print_error("want %d:\n%sgot %d:\n%s%s", status, want, got, out, err);
		fail();
	}
	free(out);
	free(err);
}

static void test_no_difference(void **state)
{
	(void)state;
	expect_diff(dump, false, 0, "");
}

static void test_all(void **state)
{
	(void)state;
	expect_diff(dump, true, 1,
		    "hello: slot 0x104: thread #57 RWSD is not in the spec\n"
		    "logger: slot 0x105: gate #60 RW obj2 is not in the spec\n");
}

static void test_missing(void **state)
{
	char *d = replace(dump, "    slot 0x20 gate keys RW\n", "");

	(void)state;
	expect_diff(d, false, 1, "hello: slot 0x20: gate keys RW is missing\n");
	free(d);
}

static void test_not_in_spec(void **state)
{
	char *d = replace(dump, "    slot 0x20 gate keys RW\n",
			  "    slot 0x20 gate keys RW\n    slot 0x120 gate keys RW\n");

	(void)state;
	expect_diff(d, false, 1, "hello: slot 0x120: gate keys RW is not in the spec\n");
	free(d);
}

static void test_rights(void **state)
{
	char *d = replace(dump, "slot 0x20 gate keys RW\n", "slot 0x20 gate keys RWS\n");
	char *d2 = replace(dump, "slot 0x30 gate keys RWS server", "slot 0x30 gate keys RWS");

	(void)state;
	expect_diff(d, false, 1, "hello: slot 0x20: rights RWS, the spec says RW\n");
	expect_diff(d2, false, 1, "logger: slot 0x30: rights RWS, the spec says RWS server\n");
	free(d);
	free(d2);
}

static void test_names(void **state)
{
	char *d = replace(dump, "slot 0x20 gate keys RW\n", "slot 0x20 gate other RW\n");
	char *d2 = replace(dump, "slot 0x20 gate keys RW\n", "slot 0x20 irq keys R\n");
	char *d3 = replace(dump, "slot 0x20 gate keys RW\n", "slot 0x20 gate #99 RW\n");

	(void)state;
	expect_diff(d, false, 1, "hello: slot 0x20: names gate other, the spec says gate keys\n");
	expect_diff(d2, false, 1,
		    "hello: slot 0x20: names irq keys, the spec says gate keys\n"
		    "hello: slot 0x20: rights R, the spec says RW\n");
	/* A #ID where the spec has a cap is a difference even without --all. */
	expect_diff(d3, false, 1, "hello: slot 0x20: names gate #99, the spec says gate keys\n");
	free(d);
	free(d2);
	free(d3);
}

static void test_components(void **state)
{
	char *d = replace(dump, "live logger {", "live zz {");
	char *d2 = replace(d, "--- capdl dump end ---", "live extra {\n}\n--- capdl dump end ---");

	(void)state;
	/* Sorted by component, then slot. */
	expect_diff(d2, false, 1,
		    "extra: not in the spec\nlogger: not running\nzz: not in the spec\n");
	free(d);
	free(d2);
}

/* Several differences come out sorted by component, then slot. */
static void test_sorted(void **state)
{
	char *a = replace(dump, "    slot 0x30 gate keys RWS server\n", "");
	char *b = replace(a, "slot 0x5 log kernel.log RW\n    slot 0x7 scheduler hello",
			  "slot 0x5 log kernel.log R\n    slot 0x7 scheduler hello");
	char *c = replace(b, "    slot 0x1 task hello.task RWS\n", "");

	(void)state;
	expect_diff(c, false, 1,
		    "hello: slot 0x1: task hello.task RWS is missing\n"
		    "hello: slot 0x5: rights R, the spec says RW\n"
		    "logger: slot 0x30: gate keys RWS server is missing\n");
	free(a);
	free(b);
	free(c);
}

/* An empty dump (markers only): every component is not running. */
static void test_empty_dump(void **state)
{
	(void)state;
	expect_diff("--- capdl dump begin ---\r\n--- capdl dump end ---\r\n", false, 1,
		    "hello: not running\nlogger: not running\n");
}

/* A semaphore is the spec's by name; the root's debugger and platform control are the
 * kernel's (kernel.debugger, kernel.pfc), whatever the spec calls them. */
static void test_kernel_objects(void **state)
{
	static const char spec[] = "semaphore sem\ndebugger dbg\npfc power\n"
				   "component k { program \"k\" cap sem = sem RS cap dbg = dbg W "
				   "cap pfc = power W }\n";
	static const char live[] =
	    "--- capdl dump begin ---\nlive k {\n"
	    "slot 0x1 task k.task RWS\nslot 0x2 factory k.factory RWS\n"
	    "slot 0x3 thread k.thread RWS\nslot 0x4 gate k.pager RWS\n"
	    "slot 0x5 log kernel.log RW\nslot 0x7 scheduler k.scheduler RWS\n"
	    "slot 0xa debugger kernel.debugger W\n"
	    "slot 0x13 gate k.parent RWS\nslot 0x20 semaphore sem RS\n"
	    "slot 0x21 debugger kernel.debugger W\nslot 0x22 pfc kernel.pfc W\n"
	    "}\n--- capdl dump end ---\n";
	struct spec *s = expect_clean(spec, NULL);
	char *wrong = replace(live, "slot 0x22 pfc kernel.pfc W", "slot 0x22 gate power W");
	char *out, *err;
	size_t n1, n2;
	FILE *o, *e;

	(void)state;
	o = open_memstream(&out, &n1);
	e = open_memstream(&err, &n2);
	assert_int_equal(capdl_diff(s, live, strlen(live), false, o, e), 0);
	assert_int_equal(capdl_diff(s, wrong, strlen(wrong), false, o, e), 1);
	fclose(o);
	fclose(e);
	assert_string_equal(out, "k: slot 0x22: names gate power, the spec says pfc kernel.pfc\n");
	free(out);
	free(err);
	free(wrong);
	spec_free(s);
}

struct bad_dump {
	const char *text;
	const char *err;
};

static const struct bad_dump bad_dumps[] = {
    {"nothing here\n", "capdl diff: no '--- capdl dump begin ---' line\n"},
    {"--- capdl dump begin ---\nlive a {\n}\n", "capdl diff: no '--- capdl dump end ---' line\n"},
    {"--- capdl dump begin ---\nlive a {\n--- capdl dump end ---\n",
     "capdl diff: dump line 3: live block without '}'\n"},
    {"--- capdl dump begin ---\nlive a {\nslot x task a.task RWS\n}\n--- capdl dump end ---\n",
     "capdl diff: dump line 3: malformed slot line\n"},
    {"--- capdl dump begin ---\nlive a {\nslot 1 task a.task\n}\n--- capdl dump end ---\n",
     "capdl diff: dump line 3: malformed slot line\n"},
    {"--- capdl dump begin ---\nlive a {\nslot 1 tusk a.task R\n}\n--- capdl dump end ---\n",
     "capdl diff: dump line 3: unknown object type\n"},
    {"--- capdl dump begin ---\nlive a {\nslot 1 task a.task RX\n}\n--- capdl dump end ---\n",
     "capdl diff: dump line 3: malformed rights\n"},
    {"--- capdl dump begin ---\nlive a {\nslot 1 task a.task R obj9\n}\n--- capdl dump end ---\n",
     "capdl diff: dump line 3: malformed rights\n"},
    {"--- capdl dump begin ---\nlive a {\nslot 1 task a.task R\nslot 0x1 task a.task "
     "R\n}\n--- capdl dump end ---\n",
     "capdl diff: dump line 4: slot given twice\n"},
    {"--- capdl dump begin ---\nlive a {\n}\nlive a {\n}\n--- capdl dump end ---\n",
     "capdl diff: dump line 4: component given twice\n"},
    {"--- capdl dump begin ---\nlive a\n}\n--- capdl dump end ---\n",
     "capdl diff: dump line 2: malformed live line\n"},
    {"--- capdl dump begin ---\nlive a {\nlive b {\n}\n--- capdl dump end ---\n",
     "capdl diff: dump line 3: live block inside a live block\n"},
    {"--- capdl dump begin ---\nslot 1 task a.task R\n--- capdl dump end ---\n",
     "capdl diff: dump line 2: not a live, slot or '}' line\n"},
    {"--- capdl dump begin ---\n}\n--- capdl dump end ---\n",
     "capdl diff: dump line 2: '}' outside a live block\n"},
    {"--- capdl dump begin ---\nlive a {\nslot 1 task a R server obj2 obj3 x y z w\n}\n"
     "--- capdl dump end ---\n",
     "capdl diff: dump line 3: too many words\n"},
};

static void test_unreadable(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(bad_dumps) / sizeof(bad_dumps[0]); i++) {
		char *out, *err;
		int status = run_diff(bad_dumps[i].text, false, &out, &err);
		if (status != 2 || strcmp(err, bad_dumps[i].err) != 0 || out[0]) {
			print_error("dump:\n%s\nwant 2: %sgot %d: %s", bad_dumps[i].text,
				    bad_dumps[i].err, status, err);
			fail();
		}
		free(out);
		free(err);
	}
}

static int setup(void **state)
{
	size_t len;
	char *text = slurp("specs/small.cdl", &len);

	(void)state;
	small = expect_clean(text, NULL);
	free(text);
	dump = slurp("specs/small.dump", &len);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	spec_free(small);
	free(dump);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_no_difference),  cmocka_unit_test(test_all),
	    cmocka_unit_test(test_missing),	   cmocka_unit_test(test_not_in_spec),
	    cmocka_unit_test(test_rights),	   cmocka_unit_test(test_names),
	    cmocka_unit_test(test_components),	   cmocka_unit_test(test_sorted),
	    cmocka_unit_test(test_empty_dump),	   cmocka_unit_test(test_unreadable),
	    cmocka_unit_test(test_kernel_objects),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
