/* network.c - fw_network: the untrusted component; uses the key store, then attacks it. */
#include "keys_proto.h"
#include <l4/re/env.h>
#include <l4/sys/ipc.h>
#include <l4/sys/ipc_gate.h>
#include <l4/sys/task.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* The slots named capabilities are mapped to (docs/abi.md): all we may hold. */
#define FIRST_NAMED_SLOT 0x20
#define LAST_NAMED_SLOT	 0xff

static l4_cap_idx_t keys;
static unsigned breaches; /* attempts that got further than they must */

/* About ten seconds (625 << 14 us) for each phase of a call: the key store answers in
 * microseconds, so this only turns a key store that never serves into an error line
 * instead of a hang. */
static l4_timeout_t ten_seconds(void)
{
	return l4_timeout(l4_timeout_rel(625, 14), l4_timeout_rel(625, 14));
}

/* @err as its name for the errors we expect, else as a number. */
static const char *errname(long err)
{
	static char buf[24];
	switch (err) {
	case -L4_EPERM:
		return "-L4_EPERM";
	case -L4_EINVAL:
		return "-L4_EINVAL";
	case -L4_ENOSYS:
		return "-L4_ENOSYS";
	case -L4_EBADPROTO:
		return "-L4_EBADPROTO";
	case -L4_EMSGTOOSHORT:
		return "-L4_EMSGTOOSHORT";
	case -(L4_EIPC_LO + L4_IPC_SEMAPFAILED):
		return "IPC error SEMAPFAILED";
	case -(L4_EIPC_LO + L4_IPC_ENOT_EXISTENT):
		return "IPC error ENOT_EXISTENT";
	case -(L4_EIPC_LO + L4_IPC_SETIMEOUT):
	case -(L4_EIPC_LO + L4_IPC_RETIMEOUT):
		return "IPC timeout: is the key store serving?";
	default:
		snprintf(buf, sizeof(buf), "%ld", err);
		return buf;
	}
}

/* One request as the tag @label, @words words and @items items say, whatever the words
 * in the UTCB: l4_error() of the reply (0 or the key store's refusal). */
static long call(long label, unsigned words, unsigned items)
{
	return l4_error(
	    l4_ipc_call(keys, l4_utcb(), l4_msgtag(label, words, items, 0), ten_seconds()));
}

/* The MAC of @text (at most KEYS_MAC_MAX bytes) into @mac; 0 or a negative error. */
static long mac_of(const char *text, uint64_t *mac)
{
	l4_msg_regs_t *mr = l4_utcb_mr();
	l4_umword_t n = strlen(text);
	if (n > KEYS_MAC_MAX)
		return -L4_EINVAL;
	mr->mr[0] = KEYS_OP_MAC;
	mr->mr[1] = n;
	memcpy(&mr->mr[2], text, n);
	l4_msgtag_t tag = l4_ipc_call(
	    keys, l4_utcb(), l4_msgtag(KEYS_PROTO, KEYS_MAC_WORDS(n), 0, 0), ten_seconds());
	long err = l4_error(tag);
	if (err < 0)
		return err;
	if (l4_msgtag_words(tag) < KEYS_MAC_REPLY_WORDS)
		return -L4_EMSGTOOSHORT;
	*mac = (uint64_t)mr->mr[1] << 32 | mr->mr[0];
	return 0;
}

/* Print what an attempt got; @refused says whether that is the answer it must get. */
static void report(const char *what, long err, int refused)
{
	if (refused) {
		printf("%s refused (%s)\n", what, errname(err));
		return;
	}
	printf("%s NOT refused (%s): a breach\n", what, errname(err));
	breaches++;
}

/* A name another component holds: the spec gave us none of them. */
static void try_name(const char *name)
{
	if (l4_is_invalid_cap(l4re_env_get_cap(name))) {
		printf("no capability named %s\n", name);
		return;
	}
	printf("HAS a capability named %s: a breach\n", name);
	breaches++;
}

/* Count the slots of our own task that hold a capability: the spec gave us one. */
static void probe_slots(void)
{
	unsigned valid = 0;
	for (l4_umword_t slot = FIRST_NAMED_SLOT; slot <= LAST_NAMED_SLOT; slot++)
		if (l4_msgtag_label(l4_task_cap_valid(L4_BASE_TASK_CAP, slot << L4_CAP_SHIFT)) == 1)
			valid++;
	printf("valid capability slots in 0x%x..0x%x: %u (keys is 0x%lx)\n", FIRST_NAMED_SLOT,
	       LAST_NAMED_SLOT, valid, keys >> L4_CAP_SHIFT);
	if (valid != 1)
		breaches++;
	l4_cap_idx_t next = (keys >> L4_CAP_SHIFT) + 1;
	int full = l4_msgtag_label(l4_task_cap_valid(L4_BASE_TASK_CAP, next << L4_CAP_SHIFT));
	printf("slot 0x%lx is %s\n", next, full ? "NOT empty: a breach" : "empty");
	breaches += full != 0;
}

/* Requests the key store must refuse, each malformed in one way. */
static void bad_requests(void)
{
	l4_msg_regs_t *mr = l4_utcb_mr();
	mr->mr[0] = KEYS_OP_MAC;
	mr->mr[1] = KEYS_MAC_MAX + 1;
	long err = call(KEYS_PROTO, KEYS_MAC_WORDS(KEYS_MAC_MAX + 1), 0);
	report("mac of 49 bytes", err, err == -L4_EINVAL);
	mr->mr[0] = KEYS_OP_MAC;
	mr->mr[1] = ~0UL; /* a length that wraps the word count if not checked first */
	err = call(KEYS_PROTO, L4_UTCB_GENERIC_DATA_SIZE, 0);
	report("mac of 0xffffffff bytes", err, err == -L4_EINVAL);
	mr->mr[0] = KEYS_OP_MAC;
	mr->mr[1] = 16;
	err = call(KEYS_PROTO, 3, 0); /* 16 bytes claimed, 4 sent */
	report("mac with fewer bytes than its length", err, err == -L4_EMSGTOOSHORT);
	mr->mr[0] = KEYS_OP_MAC;
	err = call(KEYS_PROTO, 1, 0);
	report("mac without a length", err, err == -L4_EMSGTOOSHORT);
	mr->mr[0] = 0x1234;
	err = call(KEYS_PROTO, 1, 0);
	report("unknown opcode", err, err == -L4_EINVAL);
	mr->mr[0] = KEYS_OP_GET_KEY;
	err = call(KEYS_PROTO + 1, 1, 0);
	report("wrong protocol label", err, err == -L4_EBADPROTO);
}

/* Ways at the key store's capabilities and memory through the gate we hold. */
static void attacks(void)
{
	try_name("keymem");
	try_name("srv");
	probe_slots();
	long err = l4_error(l4_ipc_gate_bind_thread(keys, l4re_env()->main_thread, 0x40));
	report("binding keys as a server", err, err == -L4_EPERM);
	err = l4_error(l4_ipc_gate_get_infos(keys, NULL));
	report("reading the keys gate's label", err, err < 0);
	/* Hand the key store a capability (our own task): it takes none, so the kernel
	 * fails the send before the request arrives. */
	l4_msg_regs_t *mr = l4_utcb_mr();
	mr->mr[0] = KEYS_OP_MAC;
	mr->mr[1] = 0;
	mr->mr[2] = l4_map_obj_control(0, 0);
	mr->mr[3] = l4_obj_fpage(L4_BASE_TASK_CAP, 0, L4_CAP_FPAGE_RWS).raw;
	err = call(KEYS_PROTO, 2, 1);
	report("a request carrying a capability", err, err < 0);
	bad_requests();
}

/* The key store's service as a client uses it: the MAC twice, and the key. */
static int use_keys(void)
{
	uint64_t mac, again;
	long err = mac_of("hello", &mac);
	if (err < 0) {
		printf("mac of \"hello\" failed (%s)\n", errname(err));
		return 2;
	}
	printf("mac of \"hello\": 0x%08lx%08lx\n", (unsigned long)(mac >> 32), (unsigned long)mac);
	err = mac_of("hello", &again);
	if (err < 0 || again != mac) {
		printf("mac is NOT stable (%s)\n", errname(err));
		return 3;
	}
	printf("mac is stable\n");
	l4_utcb_mr()->mr[0] = KEYS_OP_GET_KEY;
	err = call(KEYS_PROTO, 1, 0);
	if (err != -L4_EPERM) {
		printf("get key NOT refused (%s): a breach\n", errname(err));
		return 4;
	}
	printf("get key refused (%s)\n", errname(err));
	return 0;
}

/* Our one capability: "keys", the key store's gate without the server right. */
int main(void)
{
	keys = l4re_env_get_cap("keys");
	if (l4_is_invalid_cap(keys)) {
		printf("no capability named keys\n");
		return 1;
	}
	int status = use_keys();
	if (status)
		return status;
	attacks();
	if (breaches) {
		printf("network done, %u breaches\n", breaches);
		return 5;
	}
	printf("network done\n");
	return 0;
}
