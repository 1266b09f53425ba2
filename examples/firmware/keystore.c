/* keystore.c - fw_keystore: holds a secret key in private memory, answers MAC requests. */
#include "keys_proto.h"
#include "siphash.h"
#include <l4/re/c/dataspace.h>
#include <l4/re/c/rm.h>
#include <l4/re/env.h>
#include <l4/sys/ipc.h>
#include <l4/sys/rcv_endpoint.h>
#include <stdio.h>
#include <string.h>

/* The label our gate delivers with (a multiple of 4: the kernel ORs the sender's W
 * and S rights into bits 0-1). */
#define GATE_LABEL 0x40

/* The key, in the keymem dataspace: no other component has a capability to it. */
static const uint8_t *key;

/*
 * Put the secret into @mem. A real key store reads it from OTP or fuses that only it
 * can reach; this example uses a fixed pattern so that its MACs, and so the test's
 * expected output, are the same on every boot.
 */
static void provision_key(uint8_t *mem)
{
	for (unsigned i = 0; i < SIPHASH_KEY_BYTES; i++)
		mem[i] = (uint8_t)(0xa5 ^ (i * 0x3b));
}

/* Attach @ds (at least a page) read-write at a free address; return it, or NULL. */
static uint8_t *attach_keymem(l4re_ds_t ds)
{
	void *addr = 0;
	if (l4re_ds_size(ds) < L4_PAGESIZE)
		return NULL;
	if (l4re_rm_attach(&addr, L4_PAGESIZE, L4RE_RM_F_RW | L4RE_RM_F_SEARCH_ADDR, ds, 0,
			   L4_PAGESHIFT) != 0)
		return NULL;
	return addr;
}

/* KEYS_OP_MAC: the length in mr1, checked before it is used, then exactly its words. */
static l4_msgtag_t mac(l4_msg_regs_t *mr, unsigned words)
{
	if (words < 2)
		return l4_msgtag(-L4_EMSGTOOSHORT, 0, 0, 0);
	l4_umword_t n = mr->mr[1];
	if (n > KEYS_MAC_MAX) /* first: KEYS_MAC_WORDS() of a huge n would overflow */
		return l4_msgtag(-L4_EINVAL, 0, 0, 0);
	if (words < KEYS_MAC_WORDS(n))
		return l4_msgtag(-L4_EMSGTOOSHORT, 0, 0, 0);
	if (words > KEYS_MAC_WORDS(n))
		return l4_msgtag(-L4_EINVAL, 0, 0, 0);
	uint64_t m = siphash24(key, &mr->mr[2], n);
	mr->mr[0] = (l4_umword_t)m;
	mr->mr[1] = (l4_umword_t)(m >> 32);
	return l4_msgtag(0, KEYS_MAC_REPLY_WORDS, 0, 0);
}

/* One request, @tag as the caller sent it: trust neither its label nor its counts. */
static l4_msgtag_t handle(l4_msgtag_t tag, l4_msg_regs_t *mr)
{
	if (l4_msgtag_label(tag) != KEYS_PROTO)
		return l4_msgtag(-L4_EBADPROTO, 0, 0, 0);
	if (l4_msgtag_items(tag) != 0)
		return l4_msgtag(-L4_EINVAL, 0, 0, 0);
	unsigned words = l4_msgtag_words(tag);
	if (words < 1)
		return l4_msgtag(-L4_EMSGTOOSHORT, 0, 0, 0);
	switch (mr->mr[0]) {
	case KEYS_OP_MAC:
		return mac(mr, words);
	case KEYS_OP_GET_KEY:
		return l4_msgtag(-L4_EPERM, 0, 0, 0);
	default:
		return l4_msgtag(-L4_EINVAL, 0, 0, 0);
	}
}

/* Accept no items: with br0 neither a capability slot nor a receive window, a
 * request that carries one fails in the kernel before it reaches us. */
static void refuse_items(l4_utcb_t *u)
{
	l4_buf_regs_t *br = l4_utcb_br_u(u);
	br->bdr = 0;
	br->br[0] = 0;
}

/* Serve the gate for ever: one reply-and-wait per request. */
static void serve(void)
{
	l4_utcb_t *u = l4_utcb();
	l4_umword_t label;
	refuse_items(u);
	l4_msgtag_t tag = l4_ipc_wait(u, &label, L4_IPC_NEVER);
	for (;;) {
		if (l4_ipc_error(tag, u)) {
			/* Nothing arrived intact (a cancelled or item-carrying send): no one
			 * to answer. */
			refuse_items(u);
			tag = l4_ipc_wait(u, &label, L4_IPC_NEVER);
			continue;
		}
		/* Only what came through our gate is a request; a message sent straight to
		 * our thread is refused. */
		l4_msgtag_t reply = l4_msgtag(-L4_EINVAL, 0, 0, 0);
		if ((label & ~3UL) == GATE_LABEL)
			reply = handle(tag, l4_utcb_mr_u(u));
		refuse_items(u);
		tag = l4_ipc_reply_and_wait(u, reply, &label, L4_IPC_NEVER);
	}
}

/*
 * Our capabilities: "srv" the key store's gate with the server right, "keymem" a
 * 4 KiB dataspace that only we hold, for the key.
 */
int main(void)
{
	l4_cap_idx_t gate = l4re_env_get_cap("srv");
	l4re_ds_t keymem = l4re_env_get_cap("keymem");
	if (l4_is_invalid_cap(gate)) {
		printf("no srv capability\n");
		return 1;
	}
	if (l4_is_invalid_cap(keymem)) {
		printf("no keymem capability\n");
		return 1;
	}
	uint8_t *mem = attach_keymem(keymem);
	if (!mem) {
		printf("cannot attach keymem\n");
		return 2;
	}
	provision_key(mem);
	key = mem;
	if (l4_error(l4_rcv_ep_bind_thread(gate, l4re_env()->main_thread, GATE_LABEL)) < 0) {
		printf("cannot bind srv (no server right?)\n");
		return 3;
	}
	printf("key store ready\n");
	serve();
	return 0;
}
