/* test_analysis.c - host tests of capdl reach, isolation and graph (tool/analysis.c, graph.c). */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "analysis.h"
#include "spec.h"

/* ---- helpers ---- */

static struct spec *load_text(const char *text)
{
	struct diag d;
	struct check_opts o = {.no_limits = true};
	struct spec *s;

	diag_init(&d);
	s = spec_parse("test.cdl", text, strlen(text), &d);
	assert_non_null(s);
	if (d.errors == 0)
		spec_check(s, &o, &d);
	if (d.errors)
		diag_print(&d, stderr);
	assert_int_equal(d.errors, 0);
	diag_free(&d);
	/* Both closures must agree on every spec the tests use. */
	assert_int_equal(analysis_selfcheck(s), 0);
	return s;
}

/* @text with every @old replaced by @new (malloc'd). */
static char *replace_all(const char *text, const char *old, const char *new)
{
	size_t n = 0, lo = strlen(old), ln = strlen(new);
	char *out, *q;

	for (const char *p = strstr(text, old); p; p = strstr(p + lo, old))
		n++;
	out = calloc(strlen(text) + n * ln + 1, 1);
	assert_non_null(out);
	q = out;
	for (const char *p = text;;) {
		const char *hit = strstr(p, old);
		if (!hit) {
			strcpy(q, p);
			break;
		}
		memcpy(q, p, (size_t)(hit - p));
		q += hit - p;
		memcpy(q, new, ln);
		q += ln;
		p = hit + lo;
	}
	return out;
}

static char *read_text(const char *path)
{
	FILE *f = fopen(path, "r");
	char *text;
	long n;

	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	rewind(f);
	text = calloc((size_t)n + 1, 1);
	assert_non_null(text);
	assert_int_equal(fread(text, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	return text;
}

static struct spec *load_file(const char *path)
{
	char *text = read_text(path);
	struct spec *s = load_text(text);

	free(text);
	return s;
}

/* Output of a command, as a string the caller frees. */
struct captured {
	char *text;
	size_t len;
	FILE *f;
};

static FILE *capture(struct captured *c)
{
	c->f = open_memstream(&c->text, &c->len);
	assert_non_null(c->f);
	return c->f;
}

static char *captured(struct captured *c)
{
	fclose(c->f);
	return c->text;
}

static int reach(const struct spec *s, const char *from, const char *to, char **out)
{
	struct captured c;
	int r = capdl_cmd_reach(s, from, to, capture(&c));

	*out = captured(&c);
	return r;
}

static int isolation(const struct spec *s, char **out)
{
	struct captured c;
	int r = capdl_cmd_isolation(s, capture(&c));

	*out = captured(&c);
	return r;
}

static void expect_has(const char *text, const char *what)
{
	if (!strstr(text, what)) {
		fprintf(stderr, "expected:\n%s\nin:\n%s", what, text);
		fail();
	}
}

static void expect_not(const char *text, const char *what)
{
	if (strstr(text, what)) {
		fprintf(stderr, "did not expect:\n%s\nin:\n%s", what, text);
		fail();
	}
}

/* ---- the firmware example and its planted mistakes ---- */

static void test_firmware_isolated(void **state)
{
	struct spec *s = load_file("specs/analysis_firmware.cdl");
	char *out;

	(void)state;
	assert_int_equal(isolation(s, &out), 0);
	expect_has(out, "channel: network (partition untrusted) calls keystore (partition trusted) "
			"through keys\n");
	expect_has(out, "channel: network (partition untrusted) calls logger (partition trusted) "
			"through logs\n");
	expect_not(out, "channel: keystore");
	expect_not(out, "violation");
	expect_has(out, "isolation: 2 partitions are isolated\n");
	free(out);
	assert_int_equal(reach(s, "network", "keymem", &out), 1);
	expect_has(out, "no path: network can neither obtain authority over nor pass "
			"information to keymem\n");
	free(out);
	spec_free(s);
}

static void test_firmware_shared_memory(void **state)
{
	struct spec *s = load_file("specs/analysis_firmware_shared.cdl");
	char *out;

	(void)state;
	assert_int_equal(isolation(s, &out), 1);
	expect_has(out, "violation: keymem (memory) is shared between partitions trusted and "
			"untrusted and keystore may write it:\n"
			"  1. keystore holds keymem (memory) RW (cap keymem, slot 0x21)\n"
			"  2. network holds keymem (memory) R (cap secret, slot 0x21)\n");
	expect_has(out, "isolation: 1 violation\n");
	free(out);
	spec_free(s);
}

static void test_firmware_untrusted_keystore(void **state)
{
	struct spec *s = load_file("specs/analysis_firmware_untrusted.cdl");
	char *out;

	(void)state;
	assert_int_equal(isolation(s, &out), 1);
	expect_has(out,
		   "violation: network (partition untrusted) can obtain keymem (memory), which the "
		   "spec gives no component of untrusted:\n"
		   "  1. network holds keys (gate) RW (cap keys, slot 0x20)\n"
		   "  2. keystore serves keys (gate) RW server (cap srv, slot 0x20)\n"
		   "  3. keystore holds keymem (memory) RW (cap keymem, slot 0x21)\n"
		   "  4. keystore is not trusted and may reply to network through keys with "
		   "keymem (memory) RW\n");
	/* The key store's own task, thread, ... come the same way. */
	expect_has(out, "authority over keystore (partition trusted) through keystore.task:\n");
	free(out);
	assert_int_equal(reach(s, "network", "keymem", &out), 0);
	expect_has(out, "authority: network can obtain a capability to it:\n"
			"  1. network holds keys (gate) RW (cap keys, slot 0x20)\n");
	free(out);
	spec_free(s);
}

static void test_firmware_thread(void **state)
{
	struct spec *s = load_file("specs/analysis_firmware_thread.cdl");
	char *out;

	(void)state;
	assert_int_equal(isolation(s, &out), 1);
	expect_has(out,
		   "violation: network (partition untrusted) can obtain authority over keystore "
		   "(partition trusted) through keystore.thread:\n"
		   "  1. network holds keystore.thread (thread) RW (cap ks, slot 0x21)\n");
	expect_has(out,
		   "violation: network (partition untrusted) can obtain keymem (memory), which the "
		   "spec gives no component of untrusted:\n"
		   "  1. network holds keystore.thread (thread) RW (cap ks, slot 0x21)\n"
		   "  2. keystore holds keymem (memory) RW (cap keymem, slot 0x21)\n"
		   "  3. network controls keystore.thread, acts as keystore and so holds "
		   "keymem (memory) RW\n");
	free(out);
	spec_free(s);
}

/* ---- each authority rule: found, and not found ---- */

/* Components a and b, a holding mem_a and b holding mem_b; @extra goes into a. */
static struct spec *two(const char *a_attrs, const char *b_attrs)
{
	char text[1024];

	snprintf(text, sizeof(text),
		 "memory mem_a anon 4K\nmemory mem_b anon 4K\ngate g\n"
		 "component b { program \"b\" cap m = mem_b RW %s }\n"
		 "component a { program \"a\" cap m = mem_a RW %s }\n",
		 b_attrs, a_attrs);
	return load_text(text);
}

static void test_rule_take(void **state)
{
	struct spec *s = two("cap bt = b.task S", "trusted");
	char *out;

	(void)state;
	assert_int_equal(reach(s, "a", "mem_b", &out), 0);
	expect_has(out, "  1. a holds b.task (task) S (cap bt, slot 0x21)\n"
			"  2. b holds mem_b (memory) RW (cap m, slot 0x20)\n"
			"  3. a may take mem_b (memory) RW from b (S on b.task)\n");
	free(out);
	spec_free(s);
	s = two("cap bt = b.task R", "");
	assert_int_equal(reach(s, "a", "mem_b", &out), 1);
	free(out);
	spec_free(s);
}

static void test_rule_put(void **state)
{
	struct spec *s = two("cap bt = b.task W", "");
	char *out;

	(void)state;
	assert_int_equal(reach(s, "b", "mem_a", &out), 0);
	expect_has(out, "a is not trusted and may map mem_a (memory) RW into b (W on b.task)\n");
	free(out);
	spec_free(s);
	s = two("cap bt = b.task W trusted", "");
	assert_int_equal(reach(s, "b", "mem_a", &out), 1);
	free(out);
	spec_free(s);
}

static void test_rule_control(void **state)
{
	struct spec *s = two("cap bt = b.thread S", "trusted");
	char *out;

	(void)state;
	assert_int_equal(reach(s, "a", "mem_b", &out), 0);
	expect_has(out, "a controls b.thread, acts as b and so holds mem_b (memory) RW\n");
	free(out);
	assert_int_equal(reach(s, "a", "b", &out), 0);
	expect_has(out, "authority: a can obtain authority over it:\n"
			"  1. a holds b.thread (thread) S (cap bt, slot 0x21)\n");
	free(out);
	spec_free(s);
	s = two("cap bt = b.thread R", "");
	assert_int_equal(reach(s, "a", "mem_b", &out), 1);
	free(out);
	spec_free(s);
}

static void test_rule_call(void **state)
{
	struct spec *s = two("cap g = g RW", "cap g = g RW server trusted");
	char *out;

	(void)state;
	/* The untrusted client may send its memory to the server ... */
	assert_int_equal(reach(s, "b", "mem_a", &out), 0);
	expect_has(out, "a is not trusted and may send mem_a (memory) RW to b through g\n");
	free(out);
	/* ... and the trusted server replies with nothing. */
	assert_int_equal(reach(s, "a", "mem_b", &out), 1);
	free(out);
	spec_free(s);
	s = two("cap g = g RW trusted", "cap g = g RW server");
	assert_int_equal(reach(s, "b", "mem_a", &out), 1);
	free(out);
	assert_int_equal(reach(s, "a", "mem_b", &out), 0);
	expect_has(out, "b is not trusted and may reply to a through g with mem_b (memory) RW\n");
	free(out);
	spec_free(s);
}

/* Holding a gate without anyone serving it passes nothing. */
static void test_gate_without_server(void **state)
{
	struct spec *s = two("cap g = g RW", "cap g = g RW");
	char *out;

	(void)state;
	assert_int_equal(reach(s, "a", "mem_b", &out), 1);
	free(out);
	assert_int_equal(reach(s, "a", "b", &out), 1);
	expect_has(out, "information: no path: a can never pass information to b\n");
	free(out);
	spec_free(s);
}

/* Authority found through found authority: c (trusted, but its spec gives it b's
 * thread) gets the secret as b, and a takes it from c. */
static void test_transitive(void **state)
{
	struct spec *s = load_text("memory secret anon 4K\n"
				   "component b { program \"b\" cap m = secret RW trusted }\n"
				   "component c { program \"c\" cap bt = b.thread RW trusted }\n"
				   "component a { program \"a\" cap ct = c.task S }\n");
	char *out;

	(void)state;
	assert_int_equal(reach(s, "a", "secret", &out), 0);
	expect_has(out, "  1. a holds c.task (task) S (cap ct, slot 0x20)\n"
			"  2. c holds b.thread (thread) RW (cap bt, slot 0x20)\n"
			"  3. b holds secret (memory) RW (cap m, slot 0x20)\n"
			"  4. c controls b.thread, acts as b and so holds secret (memory) RW\n"
			"  5. a may take secret (memory) RW from c (S on c.task)\n");
	free(out);
	spec_free(s);
}

/* Of two ways, the shorter is printed: a controls c directly rather than through a
 * chain of untrusted servers. */
static void test_shortest(void **state)
{
	struct spec *s = load_text("memory m anon 4K\ngate g1\ngate g2\n"
				   "component c { program \"c\" cap m = m RW cap g2 = g2 RW }\n"
				   "component b { program \"b\" cap g1 = g1 RW server "
				   "cap g2 = g2 RW server }\n"
				   "component a { program \"a\" cap g1 = g1 RW "
				   "cap ct = c.thread W }\n");
	char *out;

	(void)state;
	assert_int_equal(reach(s, "a", "m", &out), 0);
	expect_has(out, "authority: a can obtain a capability to it:\n"
			"  1. a holds c.thread (thread) W (cap ct, slot 0x21)\n"
			"  2. c holds m (memory) RW (cap m, slot 0x20)\n"
			"  3. a controls c.thread, acts as c and so holds m (memory) RW\n");
	expect_not(out, "reply");
	free(out);
	spec_free(s);
	/* Without the thread, the long way. */
	s = load_text("memory m anon 4K\ngate g1\ngate g2\n"
		      "component c { program \"c\" cap m = m RW cap g2 = g2 RW }\n"
		      "component b { program \"b\" cap g1 = g1 RW server cap g2 = g2 RW server }\n"
		      "component a { program \"a\" cap g1 = g1 RW }\n");
	assert_int_equal(reach(s, "a", "m", &out), 0);
	expect_has(out, "c is not trusted and may send m (memory) RW to b through g2\n");
	expect_has(out, "b is not trusted and may reply to a through g1 with m (memory) RW\n");
	free(out);
	spec_free(s);
}

/* ---- information ---- */

static void test_information(void **state)
{
	struct spec *s = load_file("specs/analysis_firmware.cdl");
	char *out;

	(void)state;
	assert_int_equal(reach(s, "network", "keystore", &out), 0);
	expect_has(out, "authority: no path: network can never obtain authority over keystore\n");
	expect_has(out, "information: network can pass information to keystore:\n"
			"  1. network holds keys (gate) RW (cap keys, slot 0x20)\n"
			"  2. keystore serves keys (gate) RW server (cap srv, slot 0x20)\n"
			"  3. network may pass information to keystore by calling keys\n");
	free(out);
	/* Transitively: the logger hears from the network directly, and back through
	 * the key store's replies. */
	assert_int_equal(reach(s, "logger", "network", &out), 0);
	expect_has(out, "logger may pass information to network by replying through logs\n");
	free(out);
	spec_free(s);

	s = two("cap w = mem_b W", "");
	assert_int_equal(reach(s, "a", "b", &out), 0);
	expect_has(out, "a may write mem_b (memory), which b also holds\n");
	free(out);
	assert_int_equal(reach(s, "b", "a", &out), 0); /* b writes mem_b too (RW) */
	free(out);
	spec_free(s);

	s = two("cap r = mem_b R", "");
	assert_int_equal(reach(s, "a", "b", &out), 1); /* reading alone sends nothing */
	free(out);
	assert_int_equal(reach(s, "b", "a", &out), 0);
	expect_has(out, "b may write mem_b (memory), which a also holds\n");
	free(out);
	spec_free(s);

	s = load_text("irq i software\ncomponent b { program \"b\" cap i = i R }\n"
		      "component a { program \"a\" cap i = i W }\n");
	assert_int_equal(reach(s, "a", "b", &out), 0);
	expect_has(out, "a may trigger i (irq), which b also holds\n");
	free(out);
	spec_free(s);

	s = two("cap bt = b.thread R", "");
	assert_int_equal(reach(s, "b", "a", &out), 0);
	expect_has(out, "a holds b.thread and may read b's state\n");
	free(out);
	spec_free(s);
}

/* A semaphore carries information from any holder (up needs no right) to those that
 * may down (S); the debugger from those that name objects (W) to every holder. */
static void test_information_kernel_objects(void **state)
{
	struct spec *s =
	    load_text("semaphore sem\ndebugger dbg\n"
		      "component b { program \"b\" cap sem = sem RS cap dbg = dbg R }\n"
		      "component a { program \"a\" cap sem = sem R cap dbg = dbg W }\n");
	char *out;

	(void)state;
	assert_int_equal(reach(s, "a", "b", &out), 0);
	expect_has(out, "information: a can pass information to b:\n"
			"  1. a holds sem (semaphore) R (cap sem, slot 0x20)\n"
			"  2. b holds sem (semaphore) RS (cap sem, slot 0x20)\n"
			"  3. a may up sem (semaphore), which b may down (S)\n");
	free(out);
	/* b may up, but a cannot down; b names nothing (no W). */
	assert_int_equal(reach(s, "b", "a", &out), 1);
	free(out);
	spec_free(s);

	s = load_text("debugger dbg\n"
		      "component b { program \"b\" cap dbg = dbg R }\n"
		      "component a { program \"a\" cap dbg = dbg W }\n");
	assert_int_equal(reach(s, "a", "b", &out), 0);
	expect_has(out, "a may name objects through dbg (debugger), whose names b may read\n");
	free(out);
	assert_int_equal(reach(s, "b", "a", &out), 1);
	free(out);
	spec_free(s);
}

/* Platform control with W is the power to end every component: reach says so, and
 * follows the W, not just any capability to it. */
static void test_reach_power(void **state)
{
	struct spec *s =
	    load_text("pfc power\ngate g\n"
		      "component b { program \"b\" cap p = power R cap g = g RW server }\n"
		      "component a { program \"a\" cap p = power W cap g = g RW }\n"
		      "component c { program \"c\" cap p = power R }\n");
	char *out;

	(void)state;
	assert_int_equal(reach(s, "b", "power", &out), 0);
	expect_has(out, "authority: b can obtain a capability to it:\n"
			"  1. a holds g (gate) RW (cap g, slot 0x21)\n"
			"  2. b serves g (gate) RW server (cap g, slot 0x21)\n"
			"  3. a holds power (pfc) W (cap p, slot 0x20)\n"
			"  4. a is not trusted and may send power (pfc) W to b through g\n"
			"power: b can power off or reboot the machine through power\n");
	free(out);
	assert_int_equal(reach(s, "c", "power", &out), 0);
	expect_has(out, "power: c cannot power off or reboot the machine through power (no W)\n");
	free(out);
	spec_free(s);
}

static void test_bad_names(void **state)
{
	struct spec *s = load_file("specs/analysis_firmware.cdl");
	char *out;

	(void)state;
	assert_int_equal(reach(s, "nobody", "keymem", &out), 2);
	free(out);
	assert_int_equal(reach(s, "network", "nothing", &out), 2);
	free(out);
	assert_int_equal(reach(s, "keys", "keymem", &out), 2); /* FROM must be a component */
	free(out);
	spec_free(s);
}

/* ---- isolation ---- */

static void test_isolation_component_outside(void **state)
{
	/* c belongs to no partition: ignored as a subject, but its objects are outside
	 * every partition. */
	struct spec *s = load_text("memory m anon 4K\n"
				   "component c { program \"c\" cap m = m RW }\n"
				   "component a { program \"a\" cap ct = c.task S }\n"
				   "component b { program \"b\" cap ct = c.task S trusted }\n"
				   "partition pa { a }\npartition pb { b }\n");
	char *out;

	(void)state;
	assert_int_equal(isolation(s, &out), 1);
	expect_has(out,
		   "violation: a (partition pa) can obtain m (memory), which the spec gives no "
		   "component of pa:\n");
	expect_has(out,
		   "violation: b (partition pb) can obtain m (memory), which the spec gives no "
		   "component of pb:\n");
	expect_has(out, "authority over c (no partition) through c.thread:\n");
	free(out);
	spec_free(s);
}

static void test_isolation_writable_device(void **state)
{
	struct spec *s = load_text("memory regs device 0x9000000 4K\n"
				   "component a { program \"a\" partition pa cap r = regs R }\n"
				   "component b { program \"b\" partition pb cap r = regs RW }\n"
				   "component c { program \"c\" partition pa cap r = regs R }\n"
				   "partition pa { }\npartition pb { }\n");
	char *out;

	(void)state;
	assert_int_equal(isolation(s, &out), 1);
	expect_has(out, "violation: regs (memory) is shared between partitions pb and pa and b "
			"may write it:\n");
	free(out);
	spec_free(s);
	/* Read-only in every partition: no violation, no channel. */
	s = load_text("memory regs device 0x9000000 4K\n"
		      "component a { program \"a\" partition pa cap r = regs R }\n"
		      "component b { program \"b\" partition pb cap r = regs R }\n"
		      "partition pa { }\npartition pb { }\n");
	assert_int_equal(isolation(s, &out), 0);
	expect_not(out, "channel");
	free(out);
	spec_free(s);
}

/* An IRQ one partition triggers and another receives is a channel, not a violation. */
static void test_isolation_irq_channel(void **state)
{
	struct spec *s = load_text("irq i software\n"
				   "component a { program \"a\" partition pa cap i = i W }\n"
				   "component b { program \"b\" partition pb cap i = i R }\n"
				   "partition pa { }\npartition pb { }\n");
	char *out;

	(void)state;
	assert_int_equal(isolation(s, &out), 0);
	expect_has(out, "channel: a (partition pa) triggers b (partition pb) through i\n");
	expect_not(out, "channel: b");
	free(out);
	spec_free(s);
}

/* Semaphores between partitions are channels, like IRQs; a debugger one partition names
 * objects with and another reads is a violation, like shared writable memory. */
static void test_isolation_kernel_objects(void **state)
{
	struct spec *s = load_text("semaphore sem\ndebugger dbg\n"
				   "component a { program \"a\" partition pa cap s = sem R "
				   "cap d = dbg W }\n"
				   "component b { program \"b\" partition pb cap s = sem RS "
				   "cap d = dbg R }\n"
				   "partition pa { }\npartition pb { }\n");
	char *out;

	(void)state;
	assert_int_equal(isolation(s, &out), 1);
	expect_has(out, "channel: a (partition pa) signals b (partition pb) through sem\n");
	expect_not(out, "channel: b"); /* b may up too, but a may not down (no S) */
	expect_has(out, "violation: dbg (debugger) is shared between partitions pa and pb and a "
			"may name objects through it:\n"
			"  1. a holds dbg (debugger) W (cap d, slot 0x21)\n"
			"  2. b holds dbg (debugger) R (cap d, slot 0x21)\n"
			"isolation: 1 violation\n");
	free(out);
	spec_free(s);
}

/* Every component that may power the machine off is listed, with how, whatever the
 * partitions (and without any); it is a violation only as any other object is. */
static void test_isolation_machine(void **state)
{
	struct spec *s =
	    load_text("pfc power\ngate g\n"
		      "component a { program \"a\" partition pa cap p = power W "
		      "cap g = g RW }\n"
		      "component b { program \"b\" partition pb cap g = g RW server }\n"
		      "component c { program \"c\" cap p = power R }\n"
		      "partition pa { }\npartition pb { }\n");
	char *out;

	(void)state;
	assert_int_equal(isolation(s, &out), 1);
	expect_has(out, "machine: a (partition pa) can power off or reboot the machine through "
			"power:\n"
			"  1. a holds power (pfc) W (cap p, slot 0x20)\n"
			"machine: b (partition pb) can power off or reboot the machine through "
			"power:\n"
			"  1. a holds g (gate) RW (cap g, slot 0x21)\n"
			"  2. b serves g (gate) RW server (cap g, slot 0x20)\n"
			"  3. a holds power (pfc) W (cap p, slot 0x20)\n"
			"  4. a is not trusted and may send power (pfc) W to b through g\n");
	expect_not(out, "machine: c");
	/* As any object b obtains that the spec gives no component of pb. */
	expect_has(out, "violation: b (partition pb) can obtain power (pfc), which the spec gives "
			"no component of pb:\n");
	expect_has(out, "isolation: 3 violations\n"); /* and a and b hold each other's task */
	free(out);
	spec_free(s);
	/* Given to a trusted component, in a spec without partitions. */
	s = load_text("pfc power\ncomponent t { program \"t\" trusted cap p = power W }\n");
	assert_int_equal(isolation(s, &out), 0);
	assert_string_equal(out, "machine: t (no partition) can power off or reboot the machine "
				 "through power:\n"
				 "  1. t holds power (pfc) W (cap p, slot 0x20)\n"
				 "isolation: the spec has no partitions\n");
	free(out);
	spec_free(s);
}

static void test_isolation_no_partitions(void **state)
{
	struct spec *s = two("", "");
	char *out;

	(void)state;
	assert_int_equal(isolation(s, &out), 0);
	expect_has(out, "no partitions");
	free(out);
	spec_free(s);
}

/* A spec from capdl/bench/gen_spec.py (4 partitions, 40 components, 400 objects) and
 * mistakes planted in it: both closures agree (load_text), and isolation sees them. */
static void test_generated(void **state)
{
	char *text = read_text("specs/analysis_generated.cdl"), *bad, *out;
	struct spec *s = load_text(text);

	(void)state;
	assert_int_equal(isolation(s, &out), 0);
	expect_has(out,
		   "channel: store0 (partition p0) calls store1 (partition p1) through g_store1\n");
	free(out);
	spec_free(s);
	/* Stores that are not trusted join the partitions they call. */
	bad = replace_all(text, "    trusted\n", "");
	s = load_text(bad);
	assert_int_equal(isolation(s, &out), 1);
	expect_has(out, "violation: store0 (partition p0) can obtain authority over store1 "
			"(partition p1) through "
			"store1.task:\n");
	free(out);
	spec_free(s);
	free(bad);
	/* One component of p1 controls one of p0. */
	bad = replace_all(text, "component c1_1 {\n",
			  "component c1_1 {\n    cap x = c0_1.thread RW\n");
	s = load_text(bad);
	assert_int_equal(isolation(s, &out), 1);
	expect_has(
	    out,
	    "violation: c1_1 (partition p1) can obtain authority over c0_1 (partition p0) through "
	    "c0_1.thread:\n  1. c1_1 holds c0_1.thread (thread) RW (cap x, slot ");
	free(out);
	spec_free(s);
	free(bad);
	free(text);
}

/* gen_spec.py --violations (4 partitions, 40 components, 400 objects, 6 mistakes):
 * isolation finds them, and reach prints the paths it derives only for the objects
 * it needs (both closures and the kept objects are compared in load_text). */
static void test_generated_violations(void **state)
{
	struct spec *s = load_file("specs/analysis_generated_violations.cdl");
	char *out;

	(void)state;
	assert_int_equal(isolation(s, &out), 1);
	expect_has(out,
		   "violation: c1_1 (partition p1) can obtain authority over store0 (partition "
		   "p0) through store0.task:\n"
		   "  1. c1_1 holds store0.task (task) R (cap leak1, slot 0x2c)\n");
	expect_has(out, "violation: m5 (memory) is shared between partitions p1 and p0 and c1_1 "
			"may write it:\n");
	expect_has(out, "isolation: 5 violations\n");
	free(out);
	assert_int_equal(reach(s, "c1_1", "store0", &out), 0);
	expect_has(out, "authority: c1_1 can obtain authority over it:\n"
			"  1. c1_1 holds store0.task (task) R (cap leak1, slot 0x2c)\n"
			"information: c1_1 can pass information to store0:\n"
			"  1. c1_1 holds m5 (memory) RW (cap m5, slot 0x24)\n"
			"  2. c0_1 holds g_store0 (gate) RW (cap store, slot 0x22)\n"
			"  3. store0 serves g_store0 (gate) RW server (cap srv, slot 0x20)\n"
			"  4. c0_1 holds m5 (memory) R (cap leak0, slot 0x2c)\n"
			"  5. c0_1 is not trusted and may send m5 (memory) R to store0 through "
			"g_store0\n"
			"  6. c1_1 may write m5 (memory), which store0 also holds\n");
	free(out);
	/* An object that is not a gate, task or thread, obtained through two flows. */
	assert_int_equal(reach(s, "c0_3", "m5", &out), 0);
	expect_has(out,
		   "  5. c0_1 holds m5 (memory) R (cap leak0, slot 0x2c)\n"
		   "  6. c0_1 is not trusted and may send m5 (memory) R to c0_2 through g_c0_2\n"
		   "  7. c0_2 is not trusted and may send m5 (memory) R to c0_3 through "
		   "g_c0_3\n");
	free(out);
	assert_int_equal(reach(s, "c0_1", "m7", &out), 1);
	expect_has(out, "authority: no path: c0_1 can never obtain a capability to m7\n");
	free(out);
	spec_free(s);
}

/* The information search looks at what a component holds in the order of the caps
 * the spec gives it: a writes mem_b (its first cap) rather than mem_a. */
static void test_information_order(void **state)
{
	struct spec *s =
	    load_text("memory mem_a anon 4K\nmemory mem_b anon 4K\n"
		      "component b { program \"b\" cap a = mem_a R cap b = mem_b R }\n"
		      "component a { program \"a\" cap b = mem_b RW cap a = mem_a RW }\n");
	char *out;

	(void)state;
	assert_int_equal(reach(s, "a", "b", &out), 0);
	expect_has(out, "information: a can pass information to b:\n"
			"  1. a holds mem_b (memory) RW (cap b, slot 0x20)\n"
			"  2. b holds mem_b (memory) R (cap b, slot 0x21)\n"
			"  3. a may write mem_b (memory), which b also holds\n");
	free(out);
	spec_free(s);
}

/* ---- graph ---- */

static char *graph_text(const struct spec *s)
{
	char path[64];
	FILE *f;
	char *text;
	long n;

	snprintf(path, sizeof(path), "/tmp/capdl_graph_%ld.dot", (long)getpid());
	assert_int_equal(capdl_cmd_graph(s, path), 0);
	f = fopen(path, "r");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	text = calloc((size_t)n + 1, 1);
	assert_non_null(text);
	assert_int_equal(fread(text, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	unlink(path);
	return text;
}

static void test_graph_dot(void **state)
{
	struct spec *s = load_file("specs/analysis_firmware_thread.cdl");
	char *a = graph_text(s), *b = graph_text(s);

	(void)state;
	assert_string_equal(a, b); /* deterministic */
	assert_true(strncmp(a, "digraph \"capdl\" {\n", 18) == 0);
	expect_has(a, "\tsubgraph \"cluster_trusted\" {\n\t\tlabel=\"partition trusted\";\n");
	expect_has(a, "\t\t\"c_keystore\" [shape=box, label=\"keystore\\nprogram keystore\\n"
		      "priority 2\\ntrusted\", style=bold, peripheries=2];\n");
	/* keymem is given only to the key store: inside its partition's cluster. */
	expect_has(a, "\t\t\"o_keymem\" [shape=cylinder, label=\"keymem\\nmemory anon 4K\"];\n");
	/* keys is given to two partitions: outside both. */
	expect_has(a, "\n\t\"o_keys\" [shape=ellipse, label=\"keys\\ngate label 0\"];\n");
	expect_has(a, "\t\"c_network\" -> \"o_keys\" [label=\"keys 0x20 RW\"];\n");
	expect_has(a, "\t\"c_keystore\" -> \"o_keys\" [label=\"srv 0x20 RW server\", style=bold, "
		      "color=blue, fontcolor=blue];\n");
	expect_has(a, "\t\"c_network\" -> \"c_keystore\" [label=\"ks 0x21 thread RW\", "
		      "color=red, fontcolor=red];\n");
	expect_not(a, "implicit");
	assert_string_equal(a + strlen(a) - 2, "}\n");
	free(a);
	free(b);
	assert_int_equal(capdl_cmd_graph(s, "/tmp/capdl_graph.png"), 2);
	spec_free(s);
}

/* Semaphores, the debugger and platform control have shapes of their own; platform
 * control is red. */
static void test_graph_kernel_objects(void **state)
{
	struct spec *s = load_text("semaphore sem\ndebugger dbg\npfc power\n"
				   "component a { program \"a\" cap s = sem RSD cap d = dbg W "
				   "cap p = power W }\n");
	char *a = graph_text(s);

	(void)state;
	expect_has(a, "\t\"o_sem\" [shape=trapezium, label=\"sem\\nsemaphore\"];\n");
	expect_has(a, "\t\"o_dbg\" [shape=Msquare, label=\"dbg\\ndebugger\"];\n");
	expect_has(a, "\t\"o_power\" [shape=doubleoctagon, label=\"power\\npfc\", color=red, "
		      "fontcolor=red];\n");
	expect_has(a, "\t\"c_a\" -> \"o_power\" [label=\"p 0x22 W\"];\n");
	free(a);
	spec_free(s);
}

/* .svg runs Graphviz's dot; without it, the command names the package to install. */
static void test_graph_svg(void **state)
{
	struct spec *s = load_file("specs/analysis_firmware.cdl");
	char path[64], head[6] = "";
	char *old = getenv("PATH") ? strdup(getenv("PATH")) : NULL;
	FILE *f;

	(void)state;
	snprintf(path, sizeof(path), "/tmp/capdl_graph_%ld.svg", (long)getpid());
	if (system("command -v dot >/dev/null 2>&1") == 0) {
		assert_int_equal(capdl_cmd_graph(s, path), 0);
		f = fopen(path, "r");
		assert_non_null(f);
		assert_int_equal(fread(head, 1, 5, f), 5);
		fclose(f);
		assert_string_equal(head, "<?xml");
		unlink(path);
	}
	setenv("PATH", "/nonexistent", 1);
	assert_int_equal(capdl_cmd_graph(s, path), 2);
	if (old)
		setenv("PATH", old, 1);
	free(old);
	unlink(path);
	spec_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_firmware_isolated),
	    cmocka_unit_test(test_firmware_shared_memory),
	    cmocka_unit_test(test_firmware_untrusted_keystore),
	    cmocka_unit_test(test_firmware_thread),
	    cmocka_unit_test(test_rule_take),
	    cmocka_unit_test(test_rule_put),
	    cmocka_unit_test(test_rule_control),
	    cmocka_unit_test(test_rule_call),
	    cmocka_unit_test(test_gate_without_server),
	    cmocka_unit_test(test_transitive),
	    cmocka_unit_test(test_shortest),
	    cmocka_unit_test(test_information),
	    cmocka_unit_test(test_bad_names),
	    cmocka_unit_test(test_isolation_component_outside),
	    cmocka_unit_test(test_isolation_writable_device),
	    cmocka_unit_test(test_isolation_no_partitions),
	    cmocka_unit_test(test_isolation_irq_channel),
	    cmocka_unit_test(test_information_kernel_objects),
	    cmocka_unit_test(test_reach_power),
	    cmocka_unit_test(test_isolation_kernel_objects),
	    cmocka_unit_test(test_isolation_machine),
	    cmocka_unit_test(test_generated),
	    cmocka_unit_test(test_generated_violations),
	    cmocka_unit_test(test_information_order),
	    cmocka_unit_test(test_graph_dot),
	    cmocka_unit_test(test_graph_kernel_objects),
	    cmocka_unit_test(test_graph_svg),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
