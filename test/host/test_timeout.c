/* test_timeout.c - host tests of L4 timeouts and the deadline list (kernel/timeout.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include <l4/sys/types.h>

#include "sched/timeout.h"

#define UNTOUCHED 0x5555555555555555ull

static int decode(uint16_t t, time_us_t *us)
{
	*us = UNTOUCHED;
	return timeout_decode_relative(t, us);
}

static void test_never(void **state)
{
	(void)state;
	time_us_t us;
	assert_int_equal(decode(0, &us), TIMEOUT_NEVER);
	assert_int_equal(us, UNTOUCHED);
	assert_int_equal(decode(L4_IPC_TIMEOUT_NEVER.t, &us), TIMEOUT_NEVER);
	l4_timeout_t both = L4_IPC_NEVER;
	assert_int_equal(decode(both.p.rcv.t, &us), TIMEOUT_NEVER);
	assert_int_equal(decode(both.p.snd.t, &us), TIMEOUT_NEVER);
}

static void test_zero(void **state)
{
	(void)state;
	time_us_t us;
	assert_int_equal(decode(L4_IPC_TIMEOUT_0.t, &us), TIMEOUT_ZERO);
	assert_int_equal(us, UNTOUCHED);
	assert_int_equal(decode(0x0400, &us), TIMEOUT_ZERO);
	/* A zero mantissa is zero with any exponent. */
	for (unsigned e = 1; e < 32; e++) {
		assert_int_equal(decode((uint16_t)(e << 10), &us), TIMEOUT_ZERO);
		assert_int_equal(us, UNTOUCHED);
	}
	l4_timeout_t recv0 = L4_IPC_RECV_TIMEOUT_0;
	assert_int_equal(decode(recv0.p.rcv.t, &us), TIMEOUT_ZERO);
	assert_int_equal(decode(recv0.p.snd.t, &us), TIMEOUT_NEVER);
}

static void test_relative(void **state)
{
	(void)state;
	time_us_t us;
	assert_int_equal(decode(1, &us), TIMEOUT_RELATIVE);
	assert_int_equal(us, 1);
	assert_int_equal(decode(1023, &us), TIMEOUT_RELATIVE);
	assert_int_equal(us, 1023);
	assert_int_equal(decode(l4_timeout_rel(1000, 0).t, &us), TIMEOUT_RELATIVE);
	assert_int_equal(us, 1000);
	assert_int_equal(decode(l4_timeout_rel(1000, 10).t, &us), TIMEOUT_RELATIVE);
	assert_int_equal(us, 1024000);
	assert_int_equal(decode(l4_timeout_rel(1, 20).t, &us), TIMEOUT_RELATIVE);
	assert_int_equal(us, 1u << 20);
	/* The largest: 1023 << 31 does not fit 32 bits. */
	assert_int_equal(decode(0x7fff, &us), TIMEOUT_RELATIVE);
	assert_int_equal(us, 1023ull << 31);
	assert_int_equal(decode(l4_timeout_rel(1, 31).t, &us), TIMEOUT_RELATIVE);
	assert_int_equal(us, 1ull << 31);
}

/* Every encoding libl4re can produce decodes to mantissa << exponent. */
static void test_all_relative(void **state)
{
	(void)state;
	for (unsigned e = 0; e < 32; e++) {
		for (unsigned m = 0; m < 1024; m++) {
			time_us_t us;
			uint16_t t = l4_timeout_rel(m, e).t;
			int kind = decode(t, &us);
			if (m == 0 && e == 0) {
				assert_int_equal(kind, TIMEOUT_NEVER);
			} else if (m == 0) {
				assert_int_equal(kind, TIMEOUT_ZERO);
			} else {
				assert_int_equal(kind, TIMEOUT_RELATIVE);
				assert_int_equal(us, (uint64_t)m << e);
			}
		}
	}
}

/* Bit 15: an absolute timeout, which only timeout_deadline() decodes. */
static void test_absolute(void **state)
{
	(void)state;
	time_us_t us;
	static const uint16_t abs[] = {0x8000, 0x8001, 0x83ff, 0x8400, 0xfc00, 0xffff};
	for (size_t i = 0; i < sizeof(abs) / sizeof(abs[0]); i++) {
		assert_int_equal(decode(abs[i], &us), TIMEOUT_INVALID);
		assert_int_equal(us, UNTOUCHED);
	}
	for (uint32_t t = 0x8000; t <= 0xffff; t++)
		assert_int_equal(decode((uint16_t)t, &us), TIMEOUT_INVALID);
}

/* ---- timeout_deadline() ---- */

#define NOW 5000000ull

static uint32_t br[L4_UTCB_GENERIC_BUFFERS_SIZE];

static int deadline(uint16_t t, time_us_t *at)
{
	*at = UNTOUCHED;
	return timeout_deadline(t, br, L4_UTCB_GENERIC_BUFFERS_SIZE, NOW, at);
}

static void set_abs(unsigned i, uint64_t t)
{
	br[i] = (uint32_t)t;
	br[i + 1] = (uint32_t)(t >> 32);
}

static void test_deadline_never_zero(void **state)
{
	(void)state;
	time_us_t at;
	assert_int_equal(deadline(0, &at), TIMEOUT_NEVER);
	assert_int_equal(at, UNTOUCHED);
	assert_int_equal(deadline(L4_IPC_TIMEOUT_0.t, &at), TIMEOUT_ZERO);
	assert_int_equal(at, UNTOUCHED);
	assert_int_equal(deadline(0x7c00, &at), TIMEOUT_ZERO);
}

static void test_deadline_relative(void **state)
{
	(void)state;
	time_us_t at;
	assert_int_equal(deadline(1, &at), TIMEOUT_AT);
	assert_int_equal(at, NOW + 1);
	assert_int_equal(deadline(l4_timeout_rel(750, 2).t, &at), TIMEOUT_AT);
	assert_int_equal(at, NOW + 3000);
	assert_int_equal(deadline(0x7fff, &at), TIMEOUT_AT);
	assert_int_equal(at, NOW + (1023ull << 31));
}

static void test_deadline_absolute(void **state)
{
	(void)state;
	time_us_t at;
	/* In the future: until then, from any buffer register pair. */
	for (unsigned i = 0; i + 1 < L4_UTCB_GENERIC_BUFFERS_SIZE; i++) {
		memset(br, 0, sizeof(br));
		set_abs(i, NOW + 3000);
		assert_int_equal(deadline((uint16_t)(0x8000 | i), &at), TIMEOUT_AT);
		assert_int_equal(at, NOW + 3000);
	}
	/* Beyond 32 bits. */
	set_abs(4, 0x123456789abcull);
	assert_int_equal(deadline(0x8004, &at), TIMEOUT_AT);
	assert_int_equal(at, 0x123456789abcull);
	set_abs(4, UINT64_MAX);
	assert_int_equal(deadline(0x8004, &at), TIMEOUT_AT);
	assert_int_equal(at, UINT64_MAX);
	/* Now or in the past: do not block. */
	set_abs(2, NOW);
	assert_int_equal(deadline(0x8002, &at), TIMEOUT_ZERO);
	assert_int_equal(at, UNTOUCHED);
	set_abs(2, NOW - 1);
	assert_int_equal(deadline(0x8002, &at), TIMEOUT_ZERO);
	set_abs(2, 0);
	assert_int_equal(deadline(0x8002, &at), TIMEOUT_ZERO);
	/* Bits 6-14 are ignored; the last register has no partner: past. */
	set_abs(3, NOW + 10);
	assert_int_equal(deadline(0xffc3, &at), TIMEOUT_AT);
	assert_int_equal(at, NOW + 10);
	br[57] = 0xffffffffu;
	assert_int_equal(deadline(0x8000 | 57, &at), TIMEOUT_ZERO);
	assert_int_equal(deadline(0x8000 | 63, &at), TIMEOUT_ZERO);
}

/* ---- the deadline list ---- */

#define NODES 64

static struct timeout nodes[NODES];

/* Check the subtree at @n: parent links, heights, balance; in order, each deadline is
 * at least the one before (*prev). Return: its node count. */
static unsigned check_subtree(const struct timeout *n, const struct timeout *parent,
			      const struct timeout **prev)
{
	if (!n)
		return 0;
	assert_ptr_equal(n->parent, parent);
	assert_true(timeout_pending(n));
	unsigned count = check_subtree(n->left, n, prev);
	if (*prev)
		assert_true((*prev)->at <= n->at);
	*prev = n;
	count += 1 + check_subtree(n->right, n, prev);
	int l = n->left ? n->left->height : 0, r = n->right ? n->right->height : 0;
	assert_int_equal(n->height, 1 + (l > r ? l : r));
	assert_true(l - r <= 1 && r - l <= 1);
	return count;
}

/* The tree is ordered and balanced, its first is the leftmost, and it holds exactly
 * the pending nodes. */
static void check_list(const struct timeout_list *l)
{
	const struct timeout *prev = NULL, *leftmost = l->root;
	unsigned count = check_subtree(l->root, NULL, &prev);
	while (leftmost && leftmost->left)
		leftmost = leftmost->left;
	assert_ptr_equal(l->first, leftmost);
	unsigned pending = 0;
	for (unsigned i = 0; i < NODES; i++)
		pending += timeout_pending(&nodes[i]);
	assert_int_equal(count, pending);
}

static void test_list_order(void **state)
{
	(void)state;
	struct timeout_list l = {NULL, NULL};
	memset(nodes, 0, sizeof(nodes));
	assert_true(timeout_next_deadline(&l) == TIME_NEVER);
	timeout_add(&l, &nodes[0], 300);
	timeout_add(&l, &nodes[1], 100);
	timeout_add(&l, &nodes[2], 200);
	timeout_add(&l, &nodes[3], 100); /* behind the earlier one due at 100 */
	check_list(&l);
	assert_int_equal(timeout_next_deadline(&l), 100);
	assert_null(timeout_expired(&l, 99));
	assert_ptr_equal(timeout_expired(&l, 100), &nodes[1]);
	assert_false(timeout_pending(&nodes[1]));
	assert_ptr_equal(timeout_expired(&l, 100), &nodes[3]);
	assert_null(timeout_expired(&l, 100));
	assert_ptr_equal(timeout_expired(&l, 1000), &nodes[2]);
	assert_ptr_equal(timeout_expired(&l, 1000), &nodes[0]);
	assert_null(timeout_expired(&l, UINT64_MAX));
	assert_null(l.first);
	assert_null(l.root);
	check_list(&l);
}

static void test_list_move_remove(void **state)
{
	(void)state;
	struct timeout_list l = {NULL, NULL};
	memset(nodes, 0, sizeof(nodes));
	timeout_add(&l, &nodes[0], 10);
	timeout_add(&l, &nodes[1], 20);
	timeout_add(&l, &nodes[2], 30);
	/* Adding again moves. */
	timeout_add(&l, &nodes[0], 40);
	check_list(&l);
	assert_int_equal(timeout_next_deadline(&l), 20);
	/* Removing the middle, the first, what is not queued. */
	timeout_remove(&l, &nodes[2]);
	check_list(&l);
	timeout_remove(&l, &nodes[1]);
	timeout_remove(&l, &nodes[1]);
	timeout_remove(&l, &nodes[5]);
	check_list(&l);
	assert_int_equal(timeout_next_deadline(&l), 40);
	timeout_remove(&l, &nodes[0]);
	assert_null(l.first);
	assert_true(timeout_next_deadline(&l) == TIME_NEVER);
}

/* Random operations against a model: the list always expires the earliest first. */
static void test_list_random(void **state)
{
	(void)state;
	struct timeout_list l = {NULL, NULL};
	memset(nodes, 0, sizeof(nodes));
	uint32_t seed = 12345;
	time_us_t now = 1;
	for (unsigned step = 0; step < 20000; step++) {
		seed = seed * 1103515245u + 12345u;
		unsigned i = (seed >> 8) % NODES, op = (seed >> 20) % 4;
		if (op == 0 || op == 1) {
			timeout_add(&l, &nodes[i], now + (seed >> 24) % 50 + 1);
		} else if (op == 2) {
			timeout_remove(&l, &nodes[i]);
		} else {
			now += (seed >> 24) % 8;
			time_us_t min = TIME_NEVER;
			for (unsigned k = 0; k < NODES; k++)
				if (timeout_pending(&nodes[k]) && nodes[k].at < min)
					min = nodes[k].at;
			assert_true(timeout_next_deadline(&l) == min);
			struct timeout *t;
			time_us_t last = 0;
			while ((t = timeout_expired(&l, now))) {
				assert_true(t->at == 0 && !t->left && !t->right && !t->parent);
				assert_true(last <= now);
				last = now;
			}
			for (unsigned k = 0; k < NODES; k++)
				if (timeout_pending(&nodes[k]))
					assert_true(nodes[k].at > now);
		}
		check_list(&l);
	}
}

/* Equal deadlines expire in the order they were added, however the tree turned; the
 * tree stays balanced when deadlines only grow (a sorted list's worst case). */
static void test_equal_and_growing(void **state)
{
	(void)state;
	struct timeout_list l = {NULL, NULL};
	memset(nodes, 0, sizeof(nodes));
	for (unsigned i = 0; i < NODES; i++)
		timeout_add(&l, &nodes[i], i % 2 ? 500 : 100 + i);
	check_list(&l);
	assert_true(l.root->height <= 10); /* 1.44 log2(NODES + 2) */
	time_us_t last = 0;
	unsigned last_i = 0;
	struct timeout *t;
	while ((t = timeout_expired(&l, 1000))) {
		unsigned i = (unsigned)(t - nodes);
		time_us_t at = i % 2 ? 500 : 100 + i;
		assert_true(at >= last);
		if (at == last)
			assert_true(i > last_i);
		last = at;
		last_i = i;
		check_list(&l);
	}
	assert_null(l.root);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_never),
	    cmocka_unit_test(test_zero),
	    cmocka_unit_test(test_relative),
	    cmocka_unit_test(test_all_relative),
	    cmocka_unit_test(test_absolute),
	    cmocka_unit_test(test_deadline_never_zero),
	    cmocka_unit_test(test_deadline_relative),
	    cmocka_unit_test(test_deadline_absolute),
	    cmocka_unit_test(test_list_order),
	    cmocka_unit_test(test_list_move_remove),
	    cmocka_unit_test(test_list_random),
	    cmocka_unit_test(test_equal_and_growing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
