/* test_cap.c - host tests of capability tables and the derivation tree (kernel/cap.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <limits.h>
#include <cmocka.h>

#include <l4/sys/err.h>

#include "space/cap.h"
#include "mem/kmem.h"
#include "object/task.h"

/*
 * Stubs of what cap.c calls: kernel memory from the C library (so ASan watches it),
 * counted per payer; the direct map is the identity; kobj_delete only records.
 */
#define PAYERS 4
static long payer_tokens[PAYERS];
static long live_allocs[PAYERS]; /* kmem_alloc - kmem_free, per payer */
static long live_pages[PAYERS];	 /* kmem_pages_alloc - kmem_pages_free, per payer */
static bool fail_alloc, fail_pages;
static unsigned delete_calls;
static struct kobj *last_deleted;

static struct factory *payer(unsigned i)
{
	return (struct factory *)&payer_tokens[i];
}

static unsigned payer_index(struct factory *p)
{
	for (unsigned i = 0; i < PAYERS; i++)
		if (p == payer(i))
			return i;
	fail_msg("memory charged to an unknown payer %p", (void *)p);
	return 0;
}

void *kmem_alloc(struct factory *p, size_t size)
{
	unsigned i = payer_index(p);
	assert_int_equal(size, CAP_DIR_ENTRIES * sizeof(struct cap *));
	if (fail_alloc)
		return NULL;
	void *m = calloc(1, size);
	assert_non_null(m);
	live_allocs[i]++;
	return m;
}

void kmem_free(struct factory *p, void *m, size_t size)
{
	unsigned i = payer_index(p);
	assert_int_equal(size, CAP_DIR_ENTRIES * sizeof(struct cap *));
	assert_true(live_allocs[i] > 0);
	free(m);
	live_allocs[i]--;
}

int kmem_pages_alloc(struct factory *p, size_t pages, size_t align_pages, paddr_t *out)
{
	unsigned i = payer_index(p);
	assert_int_equal(pages, 1);
	assert_int_equal(align_pages, 1);
	if (fail_pages)
		return -1;
	void *m = aligned_alloc(PAGE_SIZE * align_pages, PAGE_SIZE * pages);
	assert_non_null(m);
	memset(m, 0, PAGE_SIZE * pages);
	*out = (paddr_t)m;
	live_pages[i] += (long)pages;
	return 0;
}

void kmem_pages_free(struct factory *p, paddr_t pa, size_t pages)
{
	unsigned i = payer_index(p);
	assert_int_equal(pages, 1);
	assert_int_equal(pa % PAGE_SIZE, 0);
	assert_true(live_pages[i] >= (long)pages);
	free((void *)pa);
	live_pages[i] -= (long)pages;
}

void *arch_phys_to_virt(paddr_t pa)
{
	return (void *)pa;
}

paddr_t arch_virt_to_phys(const void *va)
{
	return (paddr_t)va;
}

/* Preemption points: none stop unless a test sets how many may pass first. */
static long points_left = -1;

bool preempt_point(unsigned cost)
{
	(void)cost;
	if (points_left < 0)
		return false;
	if (points_left == 0)
		return true;
	points_left--;
	return false;
}

void kobj_delete(struct kobj *o)
{
	o->deleted = true;
	last_deleted = o;
	delete_calls++;
}

static int reset_stubs(void **state)
{
	(void)state;
	memset(live_allocs, 0, sizeof(live_allocs));
	memset(live_pages, 0, sizeof(live_pages));
	fail_alloc = fail_pages = false;
	points_left = -1;
	delete_calls = 0;
	last_deleted = NULL;
	return 0;
}

static void assert_no_memory(void)
{
	for (unsigned i = 0; i < PAYERS; i++) {
		assert_int_equal(live_allocs[i], 0);
		assert_int_equal(live_pages[i], 0);
	}
}

/* Tasks (zeroed, as cap.c only uses obj.payer and caps) and objects of the tests. */
static void task_init(struct task *t, unsigned payer_idx)
{
	memset(t, 0, sizeof(*t));
	t->obj.type = KOBJ_TASK;
	t->obj.payer = payer(payer_idx);
}

static void obj_init(struct kobj *o)
{
	memset(o, 0, sizeof(*o));
	o->type = KOBJ_GATE;
}

/* An original (root) capability in a fresh slot. */
static struct cap *install(struct task *t, unsigned long slot, struct kobj *o, uint32_t rights)
{
	struct cap *c = cap_slot(t, slot, true);
	assert_non_null(c);
	assert_null(c->obj);
	cap_install(c, o, rights, NULL);
	return c;
}

/* Delegate t1:s1 to t2:s2 with @rights; the new capability. */
static struct cap *delegate(struct task *t1, unsigned long s1, struct task *t2, unsigned long s2,
			    uint32_t rights)
{
	assert_int_equal(cap_map(t1, s1, t2, s2, rights, false), 0);
	struct cap *c = cap_lookup(t2, s2);
	assert_non_null(c);
	return c;
}

static bool cap_is_empty(const struct cap *c)
{
	static const struct cap zero;
	return memcmp(c, &zero, sizeof(zero)) == 0;
}

static unsigned obj_list_length(const struct kobj *o)
{
	unsigned n = 0;
	const struct cap *prev = NULL;
	for (const struct cap *c = o->caps; c; c = c->obj_next) {
		assert_ptr_equal(c->obj, o);
		assert_ptr_equal(c->obj_prev, prev);
		prev = c;
		n++;
		assert_true(n <= 100000);
	}
	return n;
}

static bool obj_list_contains(const struct kobj *o, const struct cap *c)
{
	for (const struct cap *x = o->caps; x; x = x->obj_next)
		if (x == c)
			return true;
	return false;
}

/* A node's neighbours in the tree, as caps (NULL for none). */
static struct cap *cap_or_null(struct tree_node *n)
{
	return n ? cap_of_node(n) : NULL;
}

static struct cap *parent_of(const struct cap *x)
{
	return cap_or_null(tree_parent(&x->tree));
}

static struct cap *first_child_of(const struct cap *x)
{
	return cap_or_null(x->tree.first_child);
}

static struct cap *next_sibling_of(const struct cap *x)
{
	return cap_or_null(tree_next_sibling(&x->tree));
}

static struct cap *prev_sibling_of(const struct cap *x)
{
	return cap_or_null(tree_prev_sibling(&x->tree));
}

static unsigned children_count(const struct cap *c)
{
	unsigned n = 0;
	const struct cap *prev = NULL;
	for (const struct cap *ch = first_child_of(c); ch; ch = next_sibling_of(ch)) {
		assert_ptr_equal(parent_of(ch), c);
		assert_ptr_equal(prev_sibling_of(ch), prev);
		prev = ch;
		n++;
		assert_true(n <= 100000);
	}
	return n;
}

static bool is_child(const struct cap *parent, const struct cap *c)
{
	for (const struct cap *ch = first_child_of(parent); ch; ch = next_sibling_of(ch))
		if (ch == c)
			return true;
	return false;
}

/* No parent: an original, or a copy whose parent went. Such copies may be siblings at
 * the top level (removing a capability with copies leaves them so, in constant time). */
static void assert_root(const struct cap *c)
{
	assert_null(parent_of(c));
}

/* ---- cap_slot / cap_lookup ---- */

static void test_slot_bounds(void **state)
{
	(void)state;
	struct task t;
	task_init(&t, 0);
	/* Out of range: NULL, and nothing is allocated for it. */
	assert_null(cap_slot(&t, CAP_SLOTS_MAX, true));
	assert_null(cap_slot(&t, ULONG_MAX, true));
	assert_null(t.caps.dir);
	assert_no_memory();

	struct cap *first = cap_slot(&t, 0, true);
	assert_non_null(first);
	assert_non_null(t.caps.dir);
	assert_int_equal(t.caps.pages, 1);
	assert_int_equal(live_allocs[0], 1);
	assert_int_equal(live_pages[0], 1);
	assert_true(cap_is_empty(first));
	/* Same page: adjacent; no new page. */
	assert_ptr_equal(cap_slot(&t, 1, true), first + 1);
	assert_ptr_equal(cap_slot(&t, CAP_SLOTS_PER_PAGE - 1, false),
			 first + CAP_SLOTS_PER_PAGE - 1);
	assert_int_equal(t.caps.pages, 1);
	/* Slot 0 again is the same slot. */
	assert_ptr_equal(cap_slot(&t, 0, false), first);

	struct cap *last = cap_slot(&t, CAP_SLOTS_MAX - 1, true);
	assert_non_null(last);
	assert_int_equal(t.caps.pages, 2);
	assert_int_equal(live_pages[0], 2);
	assert_int_equal(live_allocs[0], 1);
	assert_true(cap_is_empty(last));
	assert_ptr_equal(t.caps.dir[CAP_DIR_ENTRIES - 1] + CAP_SLOTS_PER_PAGE - 1, last);
	assert_ptr_equal(cap_slot(&t, 65535, false), last);
	assert_null(cap_slot(&t, 65536, true));
	assert_null(cap_slot(&t, 65536, false));

	/* The next page starts a new one. */
	struct cap *second = cap_slot(&t, CAP_SLOTS_PER_PAGE, true);
	assert_non_null(second);
	assert_ptr_equal(t.caps.dir[1], second);
	assert_int_equal(t.caps.pages, 3);
	/* A whole page is usable (ASan: within the allocation). */
	memset(second, 0, CAP_SLOTS_PER_PAGE * sizeof(struct cap));

	cap_table_destroy(&t, NULL);
	assert_null(t.caps.dir);
	assert_int_equal(t.caps.pages, 0);
	assert_no_memory();
	assert_int_equal(delete_calls, 0);
}

static void test_slot_no_allocate(void **state)
{
	(void)state;
	struct task t;
	task_init(&t, 1);
	/* No directory yet: nothing found, nothing allocated. */
	assert_null(cap_slot(&t, 0, false));
	assert_null(cap_slot(&t, 12345, false));
	assert_null(t.caps.dir);
	assert_no_memory();
	/* Directory with one page: other pages are not created on lookup. */
	assert_non_null(cap_slot(&t, 5, true));
	assert_int_equal(live_pages[1], 1);
	assert_null(cap_slot(&t, CAP_SLOTS_PER_PAGE, false));
	assert_null(cap_slot(&t, CAP_SLOTS_MAX - 1, false));
	assert_int_equal(t.caps.pages, 1);
	assert_int_equal(live_pages[1], 1);
	assert_int_equal(live_allocs[1], 1);
	assert_non_null(cap_slot(&t, 0, false));
	cap_table_destroy(&t, NULL);
	assert_no_memory();
}

static void test_lookup_empty(void **state)
{
	(void)state;
	struct task t;
	struct kobj o;
	task_init(&t, 0);
	obj_init(&o);
	assert_null(cap_lookup(&t, 0));
	assert_null(cap_lookup(&t, 70000));
	assert_null(t.caps.dir);
	/* A slot that exists but is empty. */
	assert_non_null(cap_slot(&t, 3, true));
	assert_null(cap_lookup(&t, 3));
	assert_null(cap_lookup(&t, 4));
	assert_null(cap_lookup(&t, CAP_SLOTS_MAX - 1));
	assert_int_equal(t.caps.pages, 1);
	struct cap *c = install(&t, 3, &o, CAP_RIGHTS_ALL);
	assert_ptr_equal(cap_lookup(&t, 3), c);
	assert_null(cap_lookup(&t, 2));
	assert_null(cap_lookup(&t, CAP_SLOTS_MAX));
	cap_remove(c);
	assert_null(cap_lookup(&t, 3));
	cap_table_destroy(&t, NULL);
	assert_no_memory();
}

/* cap_lookup_arg: an argument capability of the wrong type or without a right is
 * refused (-L4_EINVAL, -L4_EPERM) and *obj is left alone; every right must be there. */
static void test_lookup_arg(void **state)
{
	(void)state;
	struct task t;
	struct kobj gate, *got = NULL;
	task_init(&t, 0);
	obj_init(&gate);
	install(&t, 5, &gate, CAP_RIGHT_R | CAP_RIGHT_S | CAP_RIGHT_CS);
	install(&t, 6, &t.obj, CAP_RIGHT_W);
	assert_int_equal(cap_lookup_arg(&t, 4, KOBJ_GATE, 0, &got), -L4_EINVAL);
	assert_int_equal(cap_lookup_arg(&t, 70000, KOBJ_GATE, 0, &got), -L4_EINVAL);
	assert_int_equal(cap_lookup_arg(&t, 5, KOBJ_THREAD, 0, &got), -L4_EINVAL);
	assert_int_equal(cap_lookup_arg(&t, 5, KOBJ_GATE, CAP_RIGHT_W, &got), -L4_EPERM);
	assert_int_equal(cap_lookup_arg(&t, 5, KOBJ_GATE, CAP_RIGHT_S | CAP_RIGHT_W, &got),
			 -L4_EPERM);
	assert_int_equal(cap_lookup_arg(&t, 6, KOBJ_TASK, CAP_RIGHT_S, &got), -L4_EPERM);
	assert_null(got);
	assert_int_equal(cap_lookup_arg(&t, 5, KOBJ_GATE, CAP_RIGHT_S | CAP_RIGHT_CS, &got), 0);
	assert_ptr_equal(got, &gate);
	assert_int_equal(cap_lookup_arg(&t, 6, KOBJ_TASK, CAP_RIGHT_W, &got), 0);
	assert_ptr_equal(got, &t.obj);
	assert_int_equal(cap_lookup_arg(&t, 6, KOBJ_TASK, 0, &got), 0);
	cap_table_destroy(&t, NULL);
	assert_no_memory();
}

/* The table cannot grow: cap_slot gives NULL, cap_map -L4_ENOMEM, nothing changes. */
static void test_alloc_failure(void **state)
{
	(void)state;
	struct task src, dst;
	struct kobj o;
	task_init(&src, 0);
	task_init(&dst, 1);
	obj_init(&o);
	struct cap *a = install(&src, 1, &o, CAP_RIGHTS_ALL);

	fail_alloc = true;
	assert_null(cap_slot(&dst, 0, true));
	assert_null(dst.caps.dir);
	assert_int_equal(cap_map(&src, 1, &dst, 0, CAP_RIGHTS_ALL, false), -L4_ENOMEM);
	assert_int_equal(cap_map(&src, 1, &dst, 0, CAP_RIGHTS_ALL, true), -L4_ENOMEM);
	assert_ptr_equal(cap_lookup(&src, 1), a);
	assert_int_equal(a->rights, CAP_RIGHTS_ALL);
	assert_int_equal(o.caps_count, 1);
	fail_alloc = false;

	fail_pages = true;
	assert_null(cap_slot(&dst, 0, true));
	/* The directory stays; no page was added. */
	assert_non_null(dst.caps.dir);
	assert_int_equal(dst.caps.pages, 0);
	assert_int_equal(cap_map(&src, 1, &dst, 0, CAP_RIGHT_R, false), -L4_ENOMEM);
	/* Another page of the source's own table cannot be created either. */
	assert_int_equal(cap_map(&src, 1, &src, CAP_SLOTS_PER_PAGE, CAP_RIGHT_R, true), -L4_ENOMEM);
	assert_ptr_equal(cap_lookup(&src, 1), a);
	assert_null(first_child_of(a));
	assert_int_equal(o.caps_count, 1);
	assert_int_equal(src.caps.pages, 1);
	/* An existing page still works. */
	assert_int_equal(cap_map(&src, 1, &src, 2, CAP_RIGHT_R, false), 0);
	assert_int_equal(o.caps_count, 2);
	fail_pages = false;

	assert_int_equal(cap_map(&src, 1, &dst, 0, CAP_RIGHT_R, false), 0);
	assert_int_equal(o.caps_count, 3);
	cap_table_destroy(&dst, NULL);
	cap_table_destroy(&src, NULL);
	assert_no_memory();
	assert_int_equal(o.caps_count, 0);
	assert_int_equal(delete_calls, 1);
}

/* ---- cap_install ---- */

static void test_install(void **state)
{
	(void)state;
	struct task t;
	struct kobj o, p;
	task_init(&t, 0);
	obj_init(&o);
	obj_init(&p);
	struct cap *a = install(&t, 10, &o, CAP_RIGHT_R | CAP_RIGHT_W);
	assert_ptr_equal(a->obj, &o);
	assert_int_equal(a->rights, CAP_RIGHT_R | CAP_RIGHT_W);
	assert_root(a);
	assert_null(first_child_of(a));
	assert_ptr_equal(o.caps, a);
	assert_null(a->obj_prev);
	assert_null(a->obj_next);
	assert_int_equal(o.caps_count, 1);

	/* A second original goes to the head of the object's list. */
	struct cap *b = install(&t, 11, &o, CAP_RIGHT_R);
	assert_ptr_equal(o.caps, b);
	assert_ptr_equal(b->obj_next, a);
	assert_ptr_equal(a->obj_prev, b);
	assert_int_equal(o.caps_count, 2);
	assert_root(b);

	/* Derived: linked below its parent, at the head of the children. */
	struct cap *c = cap_slot(&t, 12, true);
	cap_install(c, &o, CAP_RIGHT_R, a);
	struct cap *d = cap_slot(&t, 13, true);
	cap_install(d, &o, 0, a);
	assert_ptr_equal(parent_of(c), a);
	assert_ptr_equal(first_child_of(a), d);
	assert_ptr_equal(next_sibling_of(d), c);
	assert_ptr_equal(prev_sibling_of(c), d);
	assert_null(prev_sibling_of(d));
	assert_null(next_sibling_of(c));
	assert_int_equal(children_count(a), 2);
	assert_int_equal(o.caps_count, 4);
	assert_int_equal(obj_list_length(&o), 4);

	/* Another object's list is separate. */
	struct cap *e = install(&t, 14, &p, CAP_RIGHTS_ALL);
	assert_ptr_equal(p.caps, e);
	assert_int_equal(p.caps_count, 1);
	assert_int_equal(obj_list_length(&p), 1);
	assert_int_equal(obj_list_length(&o), 4);
	assert_false(obj_list_contains(&o, e));

	cap_table_destroy(&t, NULL);
	assert_no_memory();
	assert_int_equal(delete_calls, 2);
	assert_true(o.deleted && p.deleted);
}

/* ---- cap_map ---- */

static void test_map_delegate(void **state)
{
	(void)state;
	struct task t1, t2;
	struct kobj o;
	task_init(&t1, 0);
	task_init(&t2, 1);
	obj_init(&o);
	struct cap *a = install(&t1, 0, &o, CAP_RIGHT_R | CAP_RIGHT_W | CAP_RIGHT_CS);
	/* Rights: the source's, restricted by the mask. */
	struct cap *b = delegate(&t1, 0, &t2, 7, CAP_RIGHT_R | CAP_RIGHT_S | CAP_RIGHT_CS);
	assert_int_equal(b->rights, CAP_RIGHT_R | CAP_RIGHT_CS);
	assert_ptr_equal(b->obj, &o);
	assert_ptr_equal(parent_of(b), a);
	assert_ptr_equal(first_child_of(a), b);
	assert_int_equal(o.caps_count, 2);
	assert_true(obj_list_contains(&o, b));
	/* The source is unchanged. */
	assert_int_equal(a->rights, CAP_RIGHT_R | CAP_RIGHT_W | CAP_RIGHT_CS);
	assert_root(a);
	/* Charged to the destination's payer. */
	assert_int_equal(live_pages[1], 1);
	assert_int_equal(live_allocs[1], 1);

	/* A copy of the copy: a grandchild, never more rights than its source. */
	struct cap *c = delegate(&t2, 7, &t1, 500, CAP_RIGHTS_ALL);
	assert_int_equal(c->rights, CAP_RIGHT_R | CAP_RIGHT_CS);
	assert_ptr_equal(parent_of(c), b);
	/* Mask 0: a capability without rights. */
	struct cap *d = delegate(&t1, 0, &t1, 1, 0);
	assert_int_equal(d->rights, 0);
	assert_ptr_equal(parent_of(d), a);
	assert_int_equal(children_count(a), 2);
	assert_int_equal(o.caps_count, 4);
	assert_int_equal(obj_list_length(&o), 4);

	/* Mapping a slot onto itself only restricts its rights. */
	assert_int_equal(cap_map(&t2, 7, &t2, 7, CAP_RIGHT_CS, false), 0);
	assert_int_equal(b->rights, CAP_RIGHT_CS);
	assert_int_equal(cap_map(&t2, 7, &t2, 7, 0, true), 0);
	assert_ptr_equal(cap_lookup(&t2, 7), b);
	assert_int_equal(b->rights, 0);
	assert_int_equal(o.caps_count, 4);
	assert_ptr_equal(parent_of(c), b);

	cap_table_destroy(&t2, NULL);
	assert_ptr_equal(parent_of(c), a);
	cap_table_destroy(&t1, NULL);
	assert_no_memory();
	assert_int_equal(delete_calls, 1);
}

static void test_map_empty_source(void **state)
{
	(void)state;
	struct task t1, t2;
	struct kobj o;
	task_init(&t1, 0);
	task_init(&t2, 1);
	obj_init(&o);
	/* No table at all: nothing happens, nothing is allocated anywhere. */
	assert_int_equal(cap_map(&t1, 0, &t2, 0, CAP_RIGHTS_ALL, false), 0);
	assert_int_equal(cap_map(&t1, 0, &t2, 0, CAP_RIGHTS_ALL, true), 0);
	assert_null(t2.caps.dir);
	assert_no_memory();
	/* An empty slot (or one beyond the table) maps nothing; the destination keeps its cap. */
	struct cap *x = install(&t2, 4, &o, CAP_RIGHT_R);
	assert_non_null(cap_slot(&t1, 1, true));
	assert_int_equal(cap_map(&t1, 1, &t2, 4, CAP_RIGHTS_ALL, false), 0);
	assert_int_equal(cap_map(&t1, 1, &t2, 4, CAP_RIGHTS_ALL, true), 0);
	assert_int_equal(cap_map(&t1, CAP_SLOTS_MAX, &t2, 4, CAP_RIGHTS_ALL, false), 0);
	assert_ptr_equal(cap_lookup(&t2, 4), x);
	assert_ptr_equal(x->obj, &o);
	assert_int_equal(x->rights, CAP_RIGHT_R);
	assert_int_equal(o.caps_count, 1);
	/* Into a page that does not exist yet: it is not created. */
	assert_int_equal(cap_map(&t1, 1, &t2, CAP_SLOTS_PER_PAGE * 3, CAP_RIGHTS_ALL, false), 0);
	assert_int_equal(t2.caps.pages, 1);
	assert_int_equal(delete_calls, 0);
	cap_table_destroy(&t1, NULL);
	cap_table_destroy(&t2, NULL);
	assert_no_memory();
	assert_int_equal(delete_calls, 1);
}

static void test_map_replaces(void **state)
{
	(void)state;
	struct task t1, t2;
	struct kobj o, old, shared;
	task_init(&t1, 0);
	task_init(&t2, 1);
	obj_init(&o);
	obj_init(&old);
	obj_init(&shared);
	struct cap *a = install(&t1, 0, &o, CAP_RIGHTS_ALL);

	/* The destination held the last capability to @old: old is deleted. */
	struct cap *x = install(&t2, 3, &old, CAP_RIGHTS_ALL);
	assert_int_equal(old.caps_count, 1);
	struct cap *b = delegate(&t1, 0, &t2, 3, CAP_RIGHT_R);
	assert_ptr_equal(b, x);
	assert_ptr_equal(b->obj, &o);
	assert_int_equal(b->rights, CAP_RIGHT_R);
	assert_ptr_equal(parent_of(b), a);
	assert_int_equal(old.caps_count, 0);
	assert_null(old.caps);
	assert_int_equal(delete_calls, 1);
	assert_ptr_equal(last_deleted, &old);
	assert_true(old.deleted);
	assert_int_equal(o.caps_count, 2);

	/* Not the last: the count drops, no deletion; its copies move up. */
	struct cap *s1 = install(&t1, 1, &shared, CAP_RIGHTS_ALL);
	struct cap *s2 = delegate(&t1, 1, &t2, 5, CAP_RIGHTS_ALL);
	struct cap *s3 = delegate(&t2, 5, &t2, 6, CAP_RIGHT_R);
	assert_int_equal(shared.caps_count, 3);
	assert_int_equal(cap_map(&t1, 0, &t2, 5, CAP_RIGHT_W, true), 0);
	/* Granted: t1:0 is empty, t2:5 holds a's capability now. */
	assert_null(cap_lookup(&t1, 0));
	assert_ptr_equal(cap_lookup(&t2, 5), s2);
	assert_ptr_equal(s2->obj, &o);
	assert_int_equal(s2->rights, CAP_RIGHT_W);
	assert_ptr_equal(parent_of(b), s2);
	assert_int_equal(shared.caps_count, 2);
	assert_false(obj_list_contains(&shared, s2));
	assert_ptr_equal(parent_of(s3), s1);
	assert_int_equal(delete_calls, 1);
	assert_int_equal(o.caps_count, 2);
	assert_int_equal(obj_list_length(&o), 2);
	assert_int_equal(obj_list_length(&shared), 2);

	/* Replacing a capability by a copy of its own child: the child moves up first. */
	struct cap *r = delegate(&t2, 6, &t1, 20, CAP_RIGHT_R);
	assert_ptr_equal(parent_of(r), s3);
	struct cap *r2 = delegate(&t1, 20, &t2, 6, CAP_RIGHTS_ALL);
	assert_ptr_equal(r2, s3);
	assert_ptr_equal(parent_of(r), s1);
	assert_ptr_equal(parent_of(r2), r);
	assert_int_equal(r2->rights, CAP_RIGHT_R);
	assert_int_equal(shared.caps_count, 3);
	assert_int_equal(obj_list_length(&shared), 3);

	cap_table_destroy(&t1, NULL);
	cap_table_destroy(&t2, NULL);
	assert_no_memory();
	assert_int_equal(delete_calls, 3);
	assert_int_equal(o.caps_count + shared.caps_count + old.caps_count, 0);
}

static void test_map_range(void **state)
{
	(void)state;
	struct task t1, t2;
	struct kobj o;
	task_init(&t1, 0);
	task_init(&t2, 1);
	obj_init(&o);
	assert_int_equal(L4_ERANGE, 34);
	struct cap *a = install(&t1, 0, &o, CAP_RIGHTS_ALL);
	assert_int_equal(cap_map(&t1, 0, &t2, CAP_SLOTS_MAX, CAP_RIGHTS_ALL, false), -34);
	assert_int_equal(cap_map(&t1, 0, &t2, CAP_SLOTS_MAX, CAP_RIGHTS_ALL, true), -34);
	assert_int_equal(cap_map(&t1, 0, &t1, ULONG_MAX, CAP_RIGHTS_ALL, true), -34);
	/* Also for an empty source. */
	assert_int_equal(cap_map(&t1, 1, &t2, CAP_SLOTS_MAX + 5, CAP_RIGHTS_ALL, false), -34);
	assert_null(t2.caps.dir);
	assert_ptr_equal(cap_lookup(&t1, 0), a);
	assert_int_equal(a->rights, CAP_RIGHTS_ALL);
	assert_null(first_child_of(a));
	assert_int_equal(o.caps_count, 1);
	/* The last slot is in range. */
	struct cap *b = delegate(&t1, 0, &t2, CAP_SLOTS_MAX - 1, CAP_RIGHT_R);
	assert_ptr_equal(parent_of(b), a);
	cap_table_destroy(&t1, NULL);
	cap_table_destroy(&t2, NULL);
	assert_no_memory();
}

/* ---- grant (cap_map with grant, cap_move) ---- */

static void test_grant(void **state)
{
	(void)state;
	struct task t[4];
	struct kobj o;
	for (unsigned i = 0; i < 4; i++)
		task_init(&t[i], i);
	obj_init(&o);
	/* p -> {s1, g, s2} (g between two siblings); g -> {c1, c2}; c1 -> gc. */
	struct cap *p = install(&t[0], 0, &o, CAP_RIGHTS_ALL);
	struct cap *s2 = delegate(&t[0], 0, &t[1], 1, CAP_RIGHTS_ALL);
	struct cap *g = delegate(&t[0], 0, &t[1], 2, CAP_RIGHT_R | CAP_RIGHT_W | CAP_RIGHT_S);
	struct cap *s1 = delegate(&t[0], 0, &t[1], 3, CAP_RIGHT_R);
	struct cap *c1 = delegate(&t[1], 2, &t[2], 1, CAP_RIGHTS_ALL);
	struct cap *c2 = delegate(&t[1], 2, &t[2], 2, CAP_RIGHT_R);
	struct cap *gc = delegate(&t[2], 1, &t[3], 9, CAP_RIGHT_W);
	assert_ptr_equal(prev_sibling_of(g), s1);
	assert_ptr_equal(next_sibling_of(g), s2);
	assert_int_equal(o.caps_count, 7);

	/* Grant g (t1:2) to t3:100 with R|S. */
	assert_int_equal(
	    cap_map(&t[1], 2, &t[3], 100, CAP_RIGHT_R | CAP_RIGHT_S | CAP_RIGHT_CS, true), 0);
	assert_null(cap_lookup(&t[1], 2));
	assert_true(cap_is_empty(cap_slot(&t[1], 2, false)));
	struct cap *n = cap_lookup(&t[3], 100);
	assert_non_null(n);
	assert_ptr_equal(n->obj, &o);
	assert_int_equal(n->rights, CAP_RIGHT_R | CAP_RIGHT_S);
	/* Same place in the tree. */
	assert_ptr_equal(parent_of(n), p);
	assert_ptr_equal(prev_sibling_of(n), s1);
	assert_ptr_equal(next_sibling_of(n), s2);
	assert_ptr_equal(next_sibling_of(s1), n);
	assert_ptr_equal(prev_sibling_of(s2), n);
	assert_true(is_child(p, n));
	assert_int_equal(children_count(p), 3);
	/* Same children, which now point at it; their rights are untouched. */
	assert_int_equal(children_count(n), 2);
	assert_ptr_equal(parent_of(c1), n);
	assert_ptr_equal(parent_of(c2), n);
	assert_ptr_equal(parent_of(gc), c1);
	assert_int_equal(c1->rights, CAP_RIGHT_R | CAP_RIGHT_W | CAP_RIGHT_S);
	/* The object's list holds the new slot, not the old one; the count is unchanged. */
	assert_int_equal(o.caps_count, 7);
	assert_int_equal(obj_list_length(&o), 7);
	assert_true(obj_list_contains(&o, n));
	assert_int_equal(delete_calls, 0);

	/* Grant the first child of its parent (p->first_child) and a root at the head of
	 * the object's list. */
	assert_ptr_equal(first_child_of(p), s1);
	assert_int_equal(cap_map(&t[1], 3, &t[0], 1, CAP_RIGHTS_ALL, true), 0);
	struct cap *m = cap_lookup(&t[0], 1);
	assert_ptr_equal(first_child_of(p), m);
	assert_ptr_equal(next_sibling_of(m), n);
	assert_ptr_equal(prev_sibling_of(n), m);
	assert_int_equal(m->rights, CAP_RIGHT_R);
	assert_ptr_equal(o.caps, gc);
	assert_int_equal(cap_map(&t[3], 9, &t[3], 10, CAP_RIGHTS_ALL, true), 0);
	struct cap *gc2 = cap_lookup(&t[3], 10);
	assert_ptr_equal(o.caps, gc2);
	assert_null(gc2->obj_prev);
	assert_ptr_equal(first_child_of(c1), gc2);
	assert_ptr_equal(parent_of(gc2), c1);
	assert_int_equal(obj_list_length(&o), 7);

	/* Grant the root. */
	assert_int_equal(cap_map(&t[0], 0, &t[2], 50, CAP_RIGHTS_ALL, true), 0);
	struct cap *r = cap_lookup(&t[2], 50);
	assert_root(r);
	assert_int_equal(children_count(r), 3);
	assert_ptr_equal(parent_of(m), r);
	assert_ptr_equal(parent_of(n), r);
	assert_ptr_equal(parent_of(s2), r);
	assert_null(cap_lookup(&t[0], 0));
	assert_int_equal(obj_list_length(&o), 7);
	assert_int_equal(o.caps_count, 7);

	/* Grant onto an occupied slot of the same object (its own child). */
	assert_int_equal(cap_map(&t[2], 50, &t[1], 1, CAP_RIGHTS_ALL, true), 0);
	struct cap *r2 = cap_lookup(&t[1], 1);
	assert_ptr_equal(r2, s2);
	assert_root(r2);
	assert_int_equal(children_count(r2), 2);
	assert_int_equal(o.caps_count, 6);
	assert_int_equal(obj_list_length(&o), 6);
	assert_int_equal(delete_calls, 0);

	for (unsigned i = 0; i < 4; i++)
		cap_table_destroy(&t[i], NULL);
	assert_no_memory();
	assert_int_equal(delete_calls, 1);
}

/* ---- cap_remove, and all capabilities of an object (as the reaper removes them) ---- */

static void cap_remove_all(struct kobj *o)
{
	while (o->caps)
		cap_remove(o->caps);
}

static void test_remove_reparents(void **state)
{
	(void)state;
	struct task t;
	struct kobj o;
	task_init(&t, 0);
	obj_init(&o);
	/* A -> B -> C, B -> D, A -> E. */
	struct cap *a = install(&t, 0, &o, CAP_RIGHTS_ALL);
	struct cap *e = delegate(&t, 0, &t, 4, CAP_RIGHTS_ALL);
	struct cap *b = delegate(&t, 0, &t, 1, CAP_RIGHTS_ALL);
	struct cap *c = delegate(&t, 1, &t, 2, CAP_RIGHT_R);
	struct cap *d = delegate(&t, 1, &t, 3, CAP_RIGHT_W);
	cap_remove(b);
	assert_true(cap_is_empty(b));
	assert_null(cap_lookup(&t, 1));
	assert_ptr_equal(parent_of(c), a);
	assert_ptr_equal(parent_of(d), a);
	assert_int_equal(children_count(a), 3);
	assert_true(is_child(a, c) && is_child(a, d) && is_child(a, e));
	assert_int_equal(c->rights, CAP_RIGHT_R);
	assert_int_equal(d->rights, CAP_RIGHT_W);
	assert_int_equal(o.caps_count, 4);
	assert_int_equal(obj_list_length(&o), 4);
	assert_false(obj_list_contains(&o, b));
	assert_int_equal(delete_calls, 0);
	/* Removing an empty slot does nothing. */
	cap_remove(b);
	assert_int_equal(o.caps_count, 4);
	assert_int_equal(delete_calls, 0);
	/* A leaf. */
	cap_remove(e);
	assert_int_equal(children_count(a), 2);
	assert_int_equal(o.caps_count, 3);
	cap_table_destroy(&t, NULL);
	assert_no_memory();
	assert_int_equal(delete_calls, 1);
}

static void test_remove_root(void **state)
{
	(void)state;
	struct task t1, t2;
	struct kobj o;
	task_init(&t1, 0);
	task_init(&t2, 1);
	obj_init(&o);
	struct cap *a = install(&t1, 0, &o, CAP_RIGHTS_ALL);
	struct cap *b = delegate(&t1, 0, &t2, 0, CAP_RIGHT_R);
	struct cap *c = delegate(&t1, 0, &t2, 1, CAP_RIGHT_W);
	struct cap *d = delegate(&t1, 0, &t2, 2, CAP_RIGHT_S);
	struct cap *bc = delegate(&t2, 0, &t2, 3, CAP_RIGHT_R);
	cap_remove(a);
	assert_true(cap_is_empty(a));
	assert_root(b);
	assert_root(c);
	assert_root(d);
	assert_ptr_equal(parent_of(bc), b);
	assert_ptr_equal(first_child_of(b), bc);
	assert_int_equal(o.caps_count, 4);
	assert_int_equal(obj_list_length(&o), 4);
	assert_int_equal(delete_calls, 0);
	/* Removing one of them does not touch the others. */
	cap_remove(c);
	assert_root(b);
	assert_root(d);
	assert_int_equal(o.caps_count, 3);
	cap_table_destroy(&t1, NULL);
	cap_table_destroy(&t2, NULL);
	assert_no_memory();
	assert_int_equal(delete_calls, 1);
}

static void test_last_cap_deletes(void **state)
{
	(void)state;
	struct task t1, t2;
	struct kobj o, p;
	task_init(&t1, 0);
	task_init(&t2, 1);
	obj_init(&o);
	obj_init(&p);
	struct cap *a = install(&t1, 0, &o, CAP_RIGHTS_ALL);
	struct cap *b = delegate(&t1, 0, &t2, 0, CAP_RIGHT_R);
	struct cap *q = install(&t1, 1, &p, CAP_RIGHTS_ALL);
	cap_remove(a);
	assert_int_equal(delete_calls, 0);
	assert_false(o.deleted);
	assert_int_equal(o.caps_count, 1);
	assert_ptr_equal(o.caps, b);
	cap_remove(b);
	assert_int_equal(delete_calls, 1);
	assert_ptr_equal(last_deleted, &o);
	assert_true(o.deleted);
	assert_int_equal(o.caps_count, 0);
	assert_null(o.caps);
	assert_false(p.deleted);
	/* Granting the last capability away is no removal. */
	assert_int_equal(cap_map(&t1, 1, &t2, 1, CAP_RIGHTS_ALL, true), 0);
	assert_true(cap_is_empty(q));
	assert_int_equal(delete_calls, 1);
	assert_int_equal(p.caps_count, 1);
	cap_remove(cap_lookup(&t2, 1));
	assert_int_equal(delete_calls, 2);
	assert_ptr_equal(last_deleted, &p);
	cap_table_destroy(&t1, NULL);
	cap_table_destroy(&t2, NULL);
	assert_no_memory();
	assert_int_equal(delete_calls, 2);
}

static void test_remove_all(void **state)
{
	(void)state;
	struct task t[3];
	struct kobj o, other;
	for (unsigned i = 0; i < 3; i++)
		task_init(&t[i], i);
	obj_init(&o);
	obj_init(&other);
	/* Two trees of o and an original of another object in between. */
	install(&t[0], 0, &o, CAP_RIGHTS_ALL);
	install(&t[2], 700, &o, CAP_RIGHT_R);
	struct cap *x = install(&t[1], 1, &other, CAP_RIGHTS_ALL);
	struct cap *xc = delegate(&t[1], 1, &t[2], 1, CAP_RIGHTS_ALL);
	delegate(&t[0], 0, &t[1], 0, CAP_RIGHT_R);
	delegate(&t[1], 0, &t[2], 0, CAP_RIGHT_R);
	delegate(&t[0], 0, &t[2], 5000, CAP_RIGHT_W);
	delegate(&t[2], 700, &t[0], 3, CAP_RIGHT_R);
	delegate(&t[2], 0, &t[0], 2, CAP_RIGHT_R);
	assert_int_equal(o.caps_count, 7);
	cap_remove_all(&o);
	assert_int_equal(o.caps_count, 0);
	assert_null(o.caps);
	assert_int_equal(delete_calls, 1);
	assert_ptr_equal(last_deleted, &o);
	assert_null(cap_lookup(&t[0], 0));
	assert_null(cap_lookup(&t[0], 2));
	assert_null(cap_lookup(&t[0], 3));
	assert_null(cap_lookup(&t[1], 0));
	assert_null(cap_lookup(&t[2], 0));
	assert_null(cap_lookup(&t[2], 700));
	assert_null(cap_lookup(&t[2], 5000));
	assert_true(cap_is_empty(cap_slot(&t[2], 5000, false)));
	/* The other object is untouched. */
	assert_ptr_equal(cap_lookup(&t[1], 1), x);
	assert_ptr_equal(cap_lookup(&t[2], 1), xc);
	assert_ptr_equal(parent_of(xc), x);
	assert_int_equal(other.caps_count, 2);
	assert_false(other.deleted);
	/* No capability left: nothing to do. */
	cap_remove_all(&o);
	assert_int_equal(delete_calls, 1);
	for (unsigned i = 0; i < 3; i++)
		cap_table_destroy(&t[i], NULL);
	assert_no_memory();
	assert_int_equal(delete_calls, 2);
}

/* ---- cap_revoke_children ---- */

static void test_revoke_subtree(void **state)
{
	(void)state;
	struct task t1, t2;
	struct kobj o;
	task_init(&t1, 0);
	task_init(&t2, 1);
	obj_init(&o);
	/* P -> A; A -> B -> C, A -> D; P -> S -> S1; another root R -> R1. */
	struct cap *p = install(&t1, 0, &o, CAP_RIGHTS_ALL);
	struct cap *a = delegate(&t1, 0, &t1, 1, CAP_RIGHTS_ALL);
	struct cap *b = delegate(&t1, 1, &t2, 2, CAP_RIGHTS_ALL);
	struct cap *c = delegate(&t2, 2, &t1, 3, CAP_RIGHTS_ALL);
	struct cap *d = delegate(&t1, 1, &t2, 4, CAP_RIGHTS_ALL);
	struct cap *s = delegate(&t1, 0, &t2, 5, CAP_RIGHTS_ALL);
	struct cap *s1 = delegate(&t2, 5, &t2, 6, CAP_RIGHTS_ALL);
	struct cap *r = install(&t2, 7, &o, CAP_RIGHTS_ALL);
	struct cap *r1 = delegate(&t2, 7, &t1, 8, CAP_RIGHTS_ALL);
	assert_int_equal(o.caps_count, 9);

	cap_revoke_children(a);
	assert_true(cap_is_empty(b));
	assert_true(cap_is_empty(c));
	assert_true(cap_is_empty(d));
	assert_null(cap_lookup(&t2, 2));
	assert_null(cap_lookup(&t1, 3));
	assert_null(cap_lookup(&t2, 4));
	/* A stays, unchanged, without children. */
	assert_ptr_equal(cap_lookup(&t1, 1), a);
	assert_int_equal(a->rights, CAP_RIGHTS_ALL);
	assert_null(first_child_of(a));
	assert_ptr_equal(parent_of(a), p);
	/* Everything else stays. */
	assert_ptr_equal(parent_of(s1), s);
	assert_ptr_equal(parent_of(s), p);
	assert_ptr_equal(parent_of(r1), r);
	assert_int_equal(children_count(p), 2);
	assert_int_equal(o.caps_count, 6);
	assert_int_equal(obj_list_length(&o), 6);
	assert_int_equal(delete_calls, 0);
	/* Nothing below: no-op. */
	cap_revoke_children(a);
	assert_int_equal(o.caps_count, 6);
	/* Revoking the root leaves only the root; the other tree stays. */
	cap_revoke_children(p);
	assert_null(first_child_of(p));
	assert_int_equal(o.caps_count, 3);
	assert_ptr_equal(cap_lookup(&t2, 7), r);
	assert_ptr_equal(first_child_of(r), r1);
	/* An empty slot has no children either. */
	cap_revoke_children(cap_slot(&t1, 20, true));
	assert_int_equal(o.caps_count, 3);
	cap_table_destroy(&t1, NULL);
	cap_table_destroy(&t2, NULL);
	assert_no_memory();
	assert_int_equal(delete_calls, 1);
}

/* A chain 10,000 deep: revoke, reduce and remove must not recurse. */
static void test_deep_chain(void **state)
{
	(void)state;
	enum { DEPTH = 10000 };
	struct task t1, t2;
	struct kobj o;
	task_init(&t1, 0);
	task_init(&t2, 1);
	obj_init(&o);
	install(&t1, 0, &o, CAP_RIGHTS_ALL);
	/* Alternating between the tasks: t1:i -> t2:i -> t1:i+1 ... */
	for (unsigned i = 1; i < DEPTH; i++) {
		struct task *src = i % 2 ? &t1 : &t2, *dst = i % 2 ? &t2 : &t1;
		assert_int_equal(cap_map(src, (i - 1) / 2, dst, i / 2, CAP_RIGHTS_ALL, false), 0);
	}
	assert_int_equal(o.caps_count, DEPTH);
	struct cap *leaf = cap_lookup(&t2, (DEPTH - 1) / 2);
	assert_non_null(leaf);
	unsigned depth = 0;
	for (struct cap *c = leaf; parent_of(c); c = parent_of(c))
		depth++;
	assert_int_equal(depth, DEPTH - 1);

	/* Clear W from everything below the root's child. */
	struct cap *root = cap_lookup(&t1, 0);
	struct cap *second = cap_lookup(&t2, 0);
	cap_reduce_rights(second, CAP_RIGHT_W, true, NULL);
	assert_int_equal(leaf->rights, CAP_RIGHTS_ALL & ~CAP_RIGHT_W);
	assert_int_equal(second->rights, CAP_RIGHTS_ALL);
	assert_int_equal(root->rights, CAP_RIGHTS_ALL);

	/* Remove one in the middle: the rest moves up. */
	struct cap *mid = cap_lookup(&t1, 2500);
	struct cap *below = first_child_of(mid), *above = parent_of(mid);
	cap_remove(mid);
	assert_ptr_equal(parent_of(below), above);
	assert_int_equal(o.caps_count, DEPTH - 1);

	cap_revoke_children(root);
	assert_null(first_child_of(root));
	assert_int_equal(o.caps_count, 1);
	assert_int_equal(obj_list_length(&o), 1);
	assert_true(cap_is_empty(leaf));
	assert_int_equal(delete_calls, 0);

	/* Again, torn down by cap_table_destroy, which goes root first. */
	for (unsigned i = 1; i < DEPTH; i++)
		assert_int_equal(cap_map(&t1, i - 1, &t1, i, CAP_RIGHTS_ALL, false), 0);
	assert_int_equal(o.caps_count, DEPTH);
	cap_table_destroy(&t2, NULL);
	cap_table_destroy(&t1, NULL);
	assert_no_memory();
	assert_int_equal(o.caps_count, 0);
	assert_int_equal(delete_calls, 1);
}

/* Revocation, a rights walk and a table's destruction stopped at every preemption
 * point, and called again, go on where they stopped and end as if never stopped; a
 * capability removed from the tree while the rights walk is suspended does not
 * disturb it. */
static void test_stopped_and_resumed(void **state)
{
	(void)state;
	enum { WIDE = 300 };
	struct task t1, t2;
	struct kobj o;
	task_init(&t1, 0);
	task_init(&t2, 1);
	obj_init(&o);
	struct cap *root = install(&t1, 0, &o, CAP_RIGHTS_ALL);
	for (unsigned i = 0; i < WIDE; i++)
		delegate(&t1, 0, &t2, i, CAP_RIGHTS_ALL);
	for (unsigned i = 1; i < WIDE; i++) /* and a chain below the first */
		delegate(&t2, i == 1 ? 0 : WIDE + i - 1, &t2, WIDE + i, CAP_RIGHTS_ALL);

	unsigned walk = 0, calls = 0;
	long r;
	do {
		points_left = 3;
		calls++;
		r = cap_reduce_rights(root, CAP_RIGHT_W, true, &walk);
		if (calls == 2) /* while it is suspended, part of the tree goes */
			cap_remove(cap_lookup(&t2, 7));
	} while (r == PREEMPTED);
	assert_int_equal(r, 0);
	assert_true(calls > 50);
	assert_int_equal(root->rights, CAP_RIGHTS_ALL);
	for (unsigned i = 0; i < 2 * WIDE; i++) {
		struct cap *c = cap_lookup(&t2, i);
		if (c)
			assert_int_equal(c->rights, CAP_RIGHTS_ALL & ~CAP_RIGHT_W);
	}

	calls = 0;
	do {
		points_left = 2;
		calls++;
	} while (!cap_revoke_children(root));
	assert_true(calls > 100);
	assert_null(first_child_of(root));
	assert_int_equal(o.caps_count, 1);

	for (unsigned i = 0; i < WIDE; i++)
		delegate(&t1, 0, &t2, 1000 + 97 * i, CAP_RIGHTS_ALL);
	struct resume at = {0};
	calls = 0;
	do {
		points_left = 5;
		calls++;
	} while (!cap_table_destroy(&t2, &at));
	assert_true(calls > 20);
	assert_null(t2.caps.dir);
	assert_int_equal(o.caps_count, 1);
	points_left = -1;
	cap_table_destroy(&t1, NULL);
	assert_no_memory();
}

/* ---- cap_reduce_rights ---- */

static void test_reduce_rights(void **state)
{
	(void)state;
	struct task t1, t2;
	struct kobj o;
	task_init(&t1, 0);
	task_init(&t2, 1);
	obj_init(&o);
	const uint32_t all = CAP_RIGHTS_BASIC | CAP_RIGHT_CS;
	/* P -> {A, E}; A -> {B, D}; B -> {C, F}; C -> G; E -> H; another root R. */
	struct cap *p = install(&t1, 0, &o, all);
	struct cap *a = delegate(&t1, 0, &t1, 1, all);
	struct cap *e = delegate(&t1, 0, &t2, 1, all);
	struct cap *b = delegate(&t1, 1, &t2, 2, all);
	struct cap *d = delegate(&t1, 1, &t1, 4, all);
	struct cap *c = delegate(&t2, 2, &t1, 3, all);
	struct cap *f = delegate(&t2, 2, &t2, 6, all);
	struct cap *g = delegate(&t1, 3, &t2, 7, all);
	struct cap *h = delegate(&t2, 1, &t2, 8, all);
	struct cap *r = install(&t2, 9, &o, all);
	struct cap *inside[] = {b, c, d, f, g};
	struct cap *outside[] = {p, e, h, r};

	/* Children only: A keeps its rights, its whole subtree loses W. */
	cap_reduce_rights(a, CAP_RIGHT_W, true, NULL);
	assert_int_equal(a->rights, all);
	for (size_t i = 0; i < ARRAY_SIZE(inside); i++)
		assert_int_equal(inside[i]->rights, all & ~CAP_RIGHT_W);
	for (size_t i = 0; i < ARRAY_SIZE(outside); i++)
		assert_int_equal(outside[i]->rights, all);

	/* Including itself. */
	cap_reduce_rights(a, CAP_RIGHT_S | CAP_RIGHT_CS, false, NULL);
	assert_int_equal(a->rights, all & ~(CAP_RIGHT_S | CAP_RIGHT_CS));
	for (size_t i = 0; i < ARRAY_SIZE(inside); i++)
		assert_int_equal(inside[i]->rights,
				 all & ~(CAP_RIGHT_W | CAP_RIGHT_S | CAP_RIGHT_CS));
	for (size_t i = 0; i < ARRAY_SIZE(outside); i++)
		assert_int_equal(outside[i]->rights, all);

	/* A leaf: only itself, and only if asked. */
	cap_reduce_rights(g, CAP_RIGHT_R, true, NULL);
	assert_int_equal(g->rights, all & ~(CAP_RIGHT_W | CAP_RIGHT_S | CAP_RIGHT_CS));
	cap_reduce_rights(g, CAP_RIGHT_R, false, NULL);
	assert_int_equal(g->rights, CAP_RIGHT_D);
	assert_int_equal(c->rights, all & ~(CAP_RIGHT_W | CAP_RIGHT_S | CAP_RIGHT_CS));

	/* Everything from the root: the other root is not in the tree. */
	cap_reduce_rights(p, CAP_RIGHT_D, false, NULL);
	assert_int_equal(p->rights, all & ~CAP_RIGHT_D);
	assert_int_equal(e->rights, all & ~CAP_RIGHT_D);
	assert_int_equal(h->rights, all & ~CAP_RIGHT_D);
	assert_int_equal(g->rights, 0);
	assert_int_equal(r->rights, all);
	/* Rights already absent stay absent; 0 changes nothing. */
	cap_reduce_rights(p, 0, false, NULL);
	assert_int_equal(p->rights, all & ~CAP_RIGHT_D);
	assert_int_equal(f->rights, CAP_RIGHT_R);
	assert_int_equal(o.caps_count, 10);
	cap_table_destroy(&t1, NULL);
	cap_table_destroy(&t2, NULL);
	assert_no_memory();
}

/* ---- cap_table_destroy ---- */

static void test_table_destroy(void **state)
{
	(void)state;
	struct task t1, t2, unused;
	struct kobj o, p, q;
	task_init(&t1, 0);
	task_init(&t2, 1);
	task_init(&unused, 2);
	obj_init(&o);
	obj_init(&p);
	obj_init(&q);
	/* Never used: nothing to do. */
	cap_table_destroy(&unused, NULL);
	assert_null(unused.caps.dir);

	/* Capabilities on several pages of both tables; trees across the tables. */
	unsigned long slots[] = {
	    0, 1, CAP_SLOTS_PER_PAGE, 5 * CAP_SLOTS_PER_PAGE + 3, 40000, CAP_SLOTS_MAX - 1};
	install(&t1, 0, &o, CAP_RIGHTS_ALL);
	install(&t2, 2, &q, CAP_RIGHTS_ALL);
	for (size_t i = 1; i < ARRAY_SIZE(slots); i++)
		delegate(&t1, slots[i - 1], &t1, slots[i], CAP_RIGHTS_ALL);
	for (size_t i = 0; i < ARRAY_SIZE(slots); i++)
		delegate(&t1, slots[i], &t2, slots[i] ^ 1, CAP_RIGHT_R);
	install(&t1, 7, &p, CAP_RIGHTS_ALL);
	assert_int_equal(t1.caps.pages, 5);
	assert_int_equal(live_pages[0], 5);
	assert_int_equal(live_allocs[0], 1);
	assert_int_equal(o.caps_count, 12);
	assert_int_equal(t2.caps.pages, 5);
	/* An empty page. */
	assert_non_null(cap_slot(&t1, 20000, true));
	assert_int_equal(live_pages[0], 6);

	cap_table_destroy(&t1, NULL);
	assert_null(t1.caps.dir);
	assert_int_equal(t1.caps.pages, 0);
	assert_int_equal(live_pages[0], 0);
	assert_int_equal(live_allocs[0], 0);
	/* t2's copies survive, as roots; p lost its only capability. */
	assert_int_equal(o.caps_count, 6);
	assert_int_equal(obj_list_length(&o), 6);
	for (size_t i = 0; i < ARRAY_SIZE(slots); i++) {
		struct cap *c = cap_lookup(&t2, slots[i] ^ 1);
		assert_non_null(c);
		assert_root(c);
		assert_int_equal(c->rights, CAP_RIGHT_R);
	}
	assert_int_equal(delete_calls, 1);
	assert_true(p.deleted);
	assert_false(o.deleted);
	assert_int_equal(p.caps_count, 0);
	/* Twice is harmless. */
	cap_table_destroy(&t1, NULL);

	cap_table_destroy(&t2, NULL);
	assert_no_memory();
	assert_int_equal(o.caps_count + p.caps_count + q.caps_count, 0);
	assert_null(o.caps);
	assert_null(q.caps);
	assert_int_equal(delete_calls, 3);
	assert_true(o.deleted && q.deleted);

	/* A destroyed table can be used again. */
	install(&t1, 9, &o, CAP_RIGHT_R);
	assert_int_equal(live_pages[0], 1);
	cap_table_destroy(&t1, NULL);
	assert_no_memory();
	assert_int_equal(delete_calls, 4);
}

/* ---- random operations against a model ---- */

enum { RT = 4, RS = 64, RO = 3, RN = RT * RS };

/* The model: node t * RS + i is slot slot_no(i) of task t. */
struct mnode {
	bool present;
	int obj;
	uint32_t rights;
	uint32_t bound; /* rights it was created with (delegation: parent's & mask) */
	int parent;
};

struct rindex {
	const struct cap *c;
	int id;
};

struct rworld {
	struct task t[RT];
	struct kobj o[RO];
	struct mnode n[RN];
	unsigned count[RO];
	unsigned deletes;
	struct rindex index[RN]; /* slot address -> node, sorted by address */
	unsigned indexed;
};

/* Slots on many pages, including the first and the last. */
static unsigned long slot_no(unsigned i)
{
	return i == RS - 1 ? CAP_SLOTS_MAX - 1 : i * 1021ul;
}

static struct cap *node_slot(struct rworld *w, int id)
{
	return cap_slot(&w->t[id / RS], slot_no((unsigned)id % RS), false);
}

static void model_remove(struct rworld *w, int x)
{
	assert_true(w->n[x].present);
	for (int y = 0; y < RN; y++)
		if (w->n[y].present && w->n[y].parent == x)
			w->n[y].parent = w->n[x].parent;
	w->n[x].present = false;
	if (--w->count[w->n[x].obj] == 0)
		w->deletes++;
}

static bool model_below(const struct rworld *w, int x, int anc)
{
	for (int depth = 0; x >= 0; depth++) {
		assert_true(depth <= RN);
		x = w->n[x].parent;
		if (x == anc)
			return true;
	}
	return false;
}

static int cmp_index(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t)((const struct rindex *)a)->c;
	uintptr_t y = (uintptr_t)((const struct rindex *)b)->c;
	return x < y ? -1 : x > y;
}

static int node_of(const struct rworld *w, const struct cap *c)
{
	size_t lo = 0, hi = w->indexed;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (w->index[mid].c == c)
			return w->index[mid].id;
		if ((uintptr_t)w->index[mid].c < (uintptr_t)c)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/* The tables against the model, and the invariants of the links. */
static void check_world(struct rworld *w)
{
	struct cap *slot[RN];
	w->indexed = 0;
	for (int x = 0; x < RN; x++) {
		slot[x] = node_slot(w, x);
		if (slot[x]) {
			w->index[w->indexed].c = slot[x];
			w->index[w->indexed].id = x;
			w->indexed++;
		}
	}
	qsort(w->index, w->indexed, sizeof(w->index[0]), cmp_index);

	unsigned children[RN] = {0};
	for (int x = 0; x < RN; x++)
		if (w->n[x].present && w->n[x].parent >= 0)
			children[w->n[x].parent]++;

	for (int x = 0; x < RN; x++) {
		const struct mnode *m = &w->n[x];
		struct cap *c = slot[x];
		if (!m->present) {
			assert_true(!c || cap_is_empty(c));
			continue;
		}
		assert_non_null(c);
		assert_ptr_equal(cap_lookup(&w->t[x / RS], slot_no((unsigned)x % RS)), c);
		assert_ptr_equal(c->obj, &w->o[m->obj]);
		assert_int_equal(c->rights, m->rights);
		assert_int_equal(c->rights & ~m->bound, 0);
		if (m->parent < 0) {
			assert_root(c);
		} else {
			const struct cap *p = slot[m->parent];
			assert_true(w->n[m->parent].present);
			assert_ptr_equal(parent_of(c), p);
			assert_ptr_equal(p->obj, c->obj);
			if (prev_sibling_of(c)) {
				assert_ptr_equal(next_sibling_of(prev_sibling_of(c)), c);
				assert_ptr_equal(parent_of(prev_sibling_of(c)), p);
			} else {
				assert_ptr_equal(first_child_of(p), c);
			}
			if (next_sibling_of(c)) {
				assert_ptr_equal(prev_sibling_of(next_sibling_of(c)), c);
				assert_ptr_equal(parent_of(next_sibling_of(c)), p);
			}
		}
		/* Children: exactly the model's. */
		unsigned n = 0;
		for (const struct cap *ch = first_child_of(c); ch; ch = next_sibling_of(ch)) {
			int id = node_of(w, ch);
			assert_true(id >= 0);
			assert_true(w->n[id].present);
			assert_int_equal(w->n[id].parent, x);
			n++;
			assert_true(n <= RN);
		}
		assert_int_equal(n, children[x]);
		assert_int_equal(children_count(c), n);
	}

	/* Every capability is in its object's list exactly once. */
	bool seen[RN] = {false};
	for (int o = 0; o < RO; o++) {
		unsigned n = 0;
		const struct cap *prev = NULL;
		for (const struct cap *c = w->o[o].caps; c; c = c->obj_next) {
			int id = node_of(w, c);
			assert_true(id >= 0);
			assert_false(seen[id]);
			seen[id] = true;
			assert_true(w->n[id].present);
			assert_int_equal(w->n[id].obj, o);
			assert_ptr_equal(c->obj_prev, prev);
			prev = c;
			n++;
		}
		assert_int_equal(n, w->count[o]);
		assert_int_equal(w->o[o].caps_count, w->count[o]);
	}
	for (int x = 0; x < RN; x++)
		assert_int_equal(seen[x], w->n[x].present);

	assert_int_equal(delete_calls, w->deletes);
	for (int t = 0; t < RT; t++) {
		assert_int_equal(live_pages[t], w->t[t].caps.pages);
		assert_int_equal(live_allocs[t], w->t[t].caps.dir != NULL);
	}
}

static uint32_t rng_next(uint32_t *rng)
{
	*rng = *rng * 1103515245u + 12345u;
	return *rng >> 8;
}

static void random_step(struct rworld *w, uint32_t *rng, unsigned *stats)
{
	unsigned op = rng_next(rng) % 1000;
	/* Mostly an existing capability as the source (else the tables stay sparse). */
	int x = (int)(rng_next(rng) % RN), y = (int)(rng_next(rng) % RN);
	if (rng_next(rng) % 8) {
		int present = 0;
		for (int z = 0; z < RN; z++)
			present += w->n[z].present;
		for (int z = 0, k = present ? (int)(rng_next(rng) % (unsigned)present) : -1; z < RN;
		     z++)
			if (w->n[z].present && k-- == 0)
				x = z;
	}
	struct task *tx = &w->t[x / RS], *ty = &w->t[y / RS];
	unsigned long sx = slot_no((unsigned)x % RS), sy = slot_no((unsigned)y % RS);
	uint32_t mask = rng_next(rng) & CAP_RIGHTS_ALL;
	struct mnode *mx = &w->n[x], *my = &w->n[y];

	if (op < 100) {
		/* A new original. */
		if (mx->present)
			return;
		int o = (int)(rng_next(rng) % RO);
		struct cap *c = cap_slot(tx, sx, true);
		assert_non_null(c);
		w->o[o].deleted = false; /* the model reuses objects whose last copy went */
		cap_install(c, &w->o[o], mask, NULL);
		*mx = (struct mnode){true, o, mask, mask, -1};
		w->count[o]++;
		stats[0]++;
	} else if (op < 600) {
		bool grant = op >= 450;
		if (rng_next(rng) % 32 == 0) {
			/* Beyond the table: nothing changes. */
			unsigned long bad = CAP_SLOTS_MAX + rng_next(rng) % 1000;
			assert_int_equal(cap_map(tx, sx, ty, bad, mask, grant), -L4_ERANGE);
			return;
		}
		assert_int_equal(cap_map(tx, sx, ty, sy, mask, grant), 0);
		if (!mx->present)
			return;
		stats[grant ? 2 : 1]++;
		if (x == y) {
			mx->rights &= mask;
			return;
		}
		if (my->present)
			model_remove(w, y);
		if (grant) {
			*my = *mx;
			my->rights &= mask;
			mx->present = false;
			for (int z = 0; z < RN; z++)
				if (w->n[z].present && w->n[z].parent == x)
					w->n[z].parent = y;
		} else {
			*my =
			    (struct mnode){true, mx->obj, mx->rights & mask, mx->rights & mask, x};
			/* Delegated: never more than the source has. */
			assert_int_equal(my->rights & ~mx->rights, 0);
			w->count[mx->obj]++;
		}
	} else if (op < 750) {
		struct cap *c = node_slot(w, x);
		if (!c)
			return;
		cap_remove(c);
		if (mx->present) {
			model_remove(w, x);
			stats[3]++;
		}
	} else if (op < 880) {
		struct cap *c = node_slot(w, x);
		if (!c)
			return;
		cap_revoke_children(c);
		if (!mx->present)
			return;
		/* All descendants go; x stays, so nothing is left to move up. */
		bool below[RN];
		for (int z = 0; z < RN; z++)
			below[z] = w->n[z].present && model_below(w, z, x);
		for (int z = 0; z < RN; z++) {
			if (!below[z])
				continue;
			stats[4]++;
			w->n[z].present = false;
			if (--w->count[w->n[z].obj] == 0)
				w->deletes++;
		}
	} else if (op < 995) {
		struct cap *c = node_slot(w, x);
		if (!c)
			return;
		bool children_only = rng_next(rng) & 1;
		cap_reduce_rights(c, mask, children_only, NULL);
		if (!mx->present)
			return;
		stats[5]++;
		if (!children_only)
			mx->rights &= ~mask;
		for (int z = 0; z < RN; z++)
			if (w->n[z].present && model_below(w, z, x))
				w->n[z].rights &= ~mask;
	} else {
		int o = (int)(rng_next(rng) % RO);
		cap_remove_all(&w->o[o]);
		stats[6]++;
		for (int z = 0; z < RN; z++)
			if (w->n[z].present && w->n[z].obj == o)
				model_remove(w, z);
	}
}

static void test_random_against_model(void **state)
{
	(void)state;
	struct rworld *w = calloc(1, sizeof(*w));
	assert_non_null(w);
	for (int t = 0; t < RT; t++)
		task_init(&w->t[t], (unsigned)t);
	for (int o = 0; o < RO; o++)
		obj_init(&w->o[o]);
	uint32_t rng = 4242;
	unsigned stats[7] = {0}, max_caps = 0, max_depth = 0;
	for (int step = 0; step < 4000; step++) {
		random_step(w, &rng, stats);
		check_world(w);
		unsigned caps = 0;
		for (int x = 0; x < RN; x++) {
			if (!w->n[x].present)
				continue;
			caps++;
			unsigned depth = 0;
			for (int z = w->n[x].parent; z >= 0; z = w->n[z].parent)
				depth++;
			max_depth = depth > max_depth ? depth : max_depth;
		}
		max_caps = caps > max_caps ? caps : max_caps;
	}
	/* The mix really exercised everything. */
	for (int i = 0; i < 7; i++)
		assert_true(stats[i] > 0);
	assert_true(stats[4] > 100);
	assert_true(max_caps > 40);
	assert_true(max_depth >= 4);

	/* Destroying the tables one by one: what remains stays consistent. */
	for (int t = 0; t < RT; t++) {
		cap_table_destroy(&w->t[t], NULL);
		for (int x = t * RS; x < (t + 1) * RS; x++)
			if (w->n[x].present)
				model_remove(w, x);
		check_world(w);
	}
	assert_no_memory();
	for (int o = 0; o < RO; o++) {
		assert_int_equal(w->o[o].caps_count, 0);
		assert_null(w->o[o].caps);
	}
	free(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_slot_bounds, reset_stubs),
	    cmocka_unit_test_setup(test_slot_no_allocate, reset_stubs),
	    cmocka_unit_test_setup(test_lookup_empty, reset_stubs),
	    cmocka_unit_test_setup(test_lookup_arg, reset_stubs),
	    cmocka_unit_test_setup(test_alloc_failure, reset_stubs),
	    cmocka_unit_test_setup(test_install, reset_stubs),
	    cmocka_unit_test_setup(test_map_delegate, reset_stubs),
	    cmocka_unit_test_setup(test_map_empty_source, reset_stubs),
	    cmocka_unit_test_setup(test_map_replaces, reset_stubs),
	    cmocka_unit_test_setup(test_map_range, reset_stubs),
	    cmocka_unit_test_setup(test_grant, reset_stubs),
	    cmocka_unit_test_setup(test_remove_reparents, reset_stubs),
	    cmocka_unit_test_setup(test_remove_root, reset_stubs),
	    cmocka_unit_test_setup(test_last_cap_deletes, reset_stubs),
	    cmocka_unit_test_setup(test_remove_all, reset_stubs),
	    cmocka_unit_test_setup(test_revoke_subtree, reset_stubs),
	    cmocka_unit_test_setup(test_deep_chain, reset_stubs),
	    cmocka_unit_test_setup(test_reduce_rights, reset_stubs),
	    cmocka_unit_test_setup(test_stopped_and_resumed, reset_stubs),
	    cmocka_unit_test_setup(test_table_destroy, reset_stubs),
	    cmocka_unit_test_setup(test_random_against_model, reset_stubs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
