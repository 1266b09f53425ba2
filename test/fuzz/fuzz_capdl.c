/* fuzz_capdl.c - libFuzzer harness: the capDL parser, checker, compiler, diff and capdl_view_open.
 */
#define _POSIX_C_SOURCE 200809L
#include <assert.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../capdl/tool/spec.h"
#include "../../capdl/tool/tool.h"
#include "capdl_read.h"

/* The spec a fuzzed dump is compared with. */
static const char dump_spec[] = "component a { program \"a\" cap k = g RW }\n"
				"component b { program \"b\" memory 4K log g cap t = a.task R }\n"
				"gate g\n";

static FILE *sink;
static struct spec *diff_spec;

static void setup(void)
{
	struct diag d;

	sink = fopen("/dev/null", "w");
	diag_init(&d);
	diff_spec = spec_parse("dump.cdl", dump_spec, strlen(dump_spec), &d);
	assert(diff_spec && d.errors == 0 && spec_check(diff_spec, NULL, &d) == 0);
	diag_free(&d);
}

/* A spec that checks clean compiles to bytes the reader accepts. */
static void compile_and_read(const struct spec *s)
{
	struct capdl_view v;
	const char *why;
	void *out;
	size_t size;

	if (capdl_compile(s, "fuzz", &out, &size) != 0)
		return;
	assert(capdl_view_open(&v, out, size, &why) == 0);
	free(out);
	for (size_t i = 0; i < s->component_count; i++) {
		size_t n;
		free(spec_component_table(s, i, &n));
	}
}

static void fuzz_spec(const uint8_t *data, size_t size)
{
	static const struct check_opts limits = {NULL, false}, no_limits = {"a,b", true};
	struct diag d;
	struct spec *s;

	diag_init(&d);
	s = spec_parse("fuzz.cdl", (const char *)data, size, &d);
	if (s && d.errors == 0) {
		if (spec_check(s, size & 1 ? &no_limits : &limits, &d) == 0 && !(size & 1))
			compile_and_read(s);
	}
	diag_print(&d, sink);
	spec_free(s);
	diag_free(&d);
}

/* The reader on any bytes: what it accepts, every accessor may use. */
static void fuzz_reader(const uint8_t *data, size_t size)
{
	uint32_t *copy = malloc(size ? size : 1);
	struct capdl_view v;
	const char *why;

	memcpy(copy, data, size);
	if (capdl_view_open(&v, copy, size, &why) == 0) {
		for (uint32_t i = 0; i < v.h->component_count; i++) {
			const struct capdl_component *c = &v.components[i];
			assert(capdl_view_string(&v, c->name) && capdl_view_string(&v, c->module));
			for (unsigned a = 0; a < c->arg_count; a++)
				assert(capdl_view_arg(&v, c, a));
		}
	} else {
		assert(why);
	}
	free(copy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!sink)
		setup();
	fuzz_spec(data, size);
	fuzz_reader(data, size);
	capdl_diff(diff_spec, (const char *)data, size, size & 1, sink, sink);
	return 0;
}
