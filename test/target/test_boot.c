/* test_boot.c - the root task runs in user mode and reaches the kernel through invoke. */
#include "ktest.h"
#include "ktest_util.h"
#include <l4/sys/kip.h>
#include <errno.h>
#include <l4/keel/bootinfo.h>
#include <l4/re/env.h>
#include <l4/sys/ipc.h>
#include <l4/sys/thread.h>
#include <l4/sys/vcon.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint32_t read_tpidruro(void)
{
	return kt_read_tpidruro();
}

static uint32_t read_cpsr(void)
{
	uint32_t v;
	__asm__ volatile("mrs %0, cpsr" : "=r"(v));
	return v;
}

static uint64_t counter_us(void)
{
	return l4_kip_clock(l4re_kip());
}

KTEST(runs_in_user_mode)
{
	KT_EQ(read_cpsr() & 0x1f, 0x10);
}

KTEST(utcb_pointer_in_tpidrurw)
{
	KT_EQ((uintptr_t)l4_utcb(), KEEL_ROOT_UTCB_AREA);
	l4_utcb_mr()->mr[62] = 0x12345678;
	KT_EQ(l4_utcb_mr()->mr[62], 0x12345678);
}

KTEST(log_write_returns_size)
{
	KT_EQ(l4_vcon_write(L4_BASE_LOG_CAP, "log line\n", 9), 9);
}

KTEST(log_write_empty)
{
	KT_EQ(l4_vcon_write(L4_BASE_LOG_CAP, "", 0), 0);
}

KTEST(log_write_maximum_size)
{
	char buf[L4_VCON_WRITE_SIZE];
	memset(buf, '.', sizeof(buf));
	buf[sizeof(buf) - 1] = '\n';
	KT_EQ(l4_vcon_write(L4_BASE_LOG_CAP, buf, sizeof(buf)), L4_VCON_WRITE_SIZE);
}

/* A raw log write with a chosen tag and size word. */
static long raw_log(long label, unsigned words, unsigned long op, unsigned long size)
{
	l4_msg_regs_t *mr = l4_utcb_mr();
	mr->mr[0] = op;
	mr->mr[1] = size;
	memcpy(&mr->mr[2], "xxxxxxxx", 8);
	return l4_error(
	    l4_ipc_call(L4_BASE_LOG_CAP, l4_utcb(), l4_msgtag(label, words, 0, 0), L4_IPC_NEVER));
}

KTEST(log_call_works_like_send)
{
	KT_EQ(raw_log(L4_PROTO_LOG, 4, L4_VCON_WRITE_OP, 0), 0);
}

KTEST(log_size_too_large)
{
	KT_EQ(raw_log(L4_PROTO_LOG, 63, L4_VCON_WRITE_OP, L4_VCON_WRITE_SIZE + 1), -L4_EINVAL);
}

KTEST(log_size_beyond_message)
{
	KT_EQ(raw_log(L4_PROTO_LOG, 3, L4_VCON_WRITE_OP, 5), -L4_EMSGTOOSHORT);
}

KTEST(log_missing_size_word)
{
	KT_EQ(raw_log(L4_PROTO_LOG, 1, L4_VCON_WRITE_OP, 0), -L4_EMSGTOOSHORT);
}

KTEST(log_empty_message)
{
	KT_EQ(raw_log(L4_PROTO_LOG, 0, L4_VCON_WRITE_OP, 0), -L4_EMSGTOOSHORT);
}

KTEST(log_wrong_protocol)
{
	KT_EQ(raw_log(L4_PROTO_THREAD, 4, L4_VCON_WRITE_OP, 0), -L4_EBADPROTO);
}

KTEST(log_unknown_opcode)
{
	KT_EQ(raw_log(L4_PROTO_LOG, 4, 7, 0), -L4_ENOSYS);
}

KTEST(log_read_not_supported)
{
	KT_EQ(raw_log(L4_PROTO_LOG, 4, L4_VCON_READ_OP, 0), -L4_ENOSYS);
}

KTEST(invoke_empty_slot)
{
	l4_msgtag_t tag =
	    l4_ipc_call(12 << L4_CAP_SHIFT, l4_utcb(), l4_msgtag(0, 0, 0, 0), L4_IPC_NEVER);
	KT_ASSERT(l4_msgtag_has_error(tag));
	KT_EQ(l4_ipc_error(tag, l4_utcb()), L4_IPC_ENOT_EXISTENT);
	KT_EQ(l4_error(tag), -(L4_EIPC_LO + L4_IPC_ENOT_EXISTENT));
}

KTEST(invoke_slot_beyond_table)
{
	l4_msgtag_t tag = l4_ipc_call(0x7ffffUL << L4_CAP_SHIFT, l4_utcb(),
				      l4_msgtag(L4_PROTO_LOG, 2, 0, 0), L4_IPC_NEVER);
	KT_EQ(l4_ipc_error(tag, l4_utcb()), L4_IPC_ENOT_EXISTENT);
}

KTEST(invoke_slot_zero_is_empty)
{
	l4_msgtag_t tag = l4_ipc_call(0, l4_utcb(), l4_msgtag(L4_PROTO_LOG, 2, 0, 0), L4_IPC_NEVER);
	KT_EQ(l4_ipc_error(tag, l4_utcb()), L4_IPC_ENOT_EXISTENT);
}

KTEST(send_to_invalid_cap)
{
	l4_msgtag_t tag =
	    l4_ipc_send(L4_INVALID_CAP, l4_utcb(), l4_msgtag(0, 0, 0, 0), L4_IPC_NEVER);
	KT_EQ(l4_ipc_error(tag, l4_utcb()), L4_IPC_ENOT_EXISTENT);
}

KTEST(error_word_cleared_on_success)
{
	l4_utcb_tcr()->error = 0x55;
	KT_EQ(l4_vcon_write(L4_BASE_LOG_CAP, "", 0), 0);
	KT_EQ(l4_utcb_tcr()->error, 0);
}

KTEST(sleep_zero_timeout)
{
	l4_msgtag_t tag = l4_ipc_sleep(L4_IPC_BOTH_TIMEOUT_0);
	KT_EQ(l4_ipc_error(tag, l4_utcb()), L4_IPC_RETIMEOUT);
}

KTEST(sleep_relative_timeout)
{
	uint64_t start = counter_us();
	/* 625 << 5 = 20000 us */
	l4_msgtag_t tag = l4_ipc_sleep(l4_timeout(L4_IPC_TIMEOUT_NEVER, l4_timeout_rel(625, 5)));
	uint64_t slept = counter_us() - start;
	KT_EQ(l4_ipc_error(tag, l4_utcb()), L4_IPC_RETIMEOUT);
	KT_ASSERT(slept >= 20000);
}

KTEST(tpidruro_set_by_kernel)
{
	uint32_t original = read_tpidruro();
	KT_EQ(l4_error(l4_thread_arm_set_tpidruro(L4_BASE_THREAD_CAP, 0xabcd0000)), 0);
	uint32_t seen = read_tpidruro();
	l4_thread_arm_set_tpidruro(L4_BASE_THREAD_CAP, original);
	KT_EQ(seen, 0xabcd0000);
}

KTEST(tpidruro_survives_a_sleep)
{
	uint32_t before = read_tpidruro();
	l4_ipc_sleep(l4_timeout(L4_IPC_TIMEOUT_NEVER, l4_timeout_rel(1, 10)));
	KT_EQ(read_tpidruro(), before);
}

static __thread int tls_counter = 41;
extern char __tls_base[], __arm32_tls_tcb_offset[];

KTEST(thread_local_storage)
{
	tls_counter++;
	KT_EQ(tls_counter, 42);
	/* The template keeps the initial value for threads created later. */
	char *block = (char *)read_tpidruro() + (size_t)__arm32_tls_tcb_offset;
	size_t offset = (size_t)((char *)&tls_counter - block);
	KT_EQ(*(int *)(void *)(__tls_base + offset), 41);
	errno = ENOENT;
	KT_EQ(errno, ENOENT);
}

/* A message in another protocol than THREAD is IPC to the thread: here nobody receives. */
KTEST(thread_cap_other_protocol_is_ipc)
{
	l4_utcb_mr()->mr[0] = L4_THREAD_ARM_TPIDRURO_OP;
	l4_msgtag_t tag = l4_ipc_call(L4_BASE_THREAD_CAP, l4_utcb(),
				      l4_msgtag(L4_PROTO_LOG, 2, 0, 0), L4_IPC_BOTH_TIMEOUT_0);
	KT_EQ(l4_ipc_error(tag, l4_utcb()), L4_IPC_SETIMEOUT);
}

KTEST(thread_unknown_opcode)
{
	l4_utcb_mr()->mr[0] = 0x77;
	l4_msgtag_t tag = l4_ipc_call(L4_BASE_THREAD_CAP, l4_utcb(),
				      l4_msgtag(L4_PROTO_THREAD, 1, 0, 0), L4_IPC_NEVER);
	KT_EQ(l4_error(tag), -L4_ENOSYS);
}

KTEST(thread_tpidruro_short_message)
{
	l4_utcb_mr()->mr[0] = L4_THREAD_ARM_TPIDRURO_OP;
	l4_msgtag_t tag = l4_ipc_call(L4_BASE_THREAD_CAP, l4_utcb(),
				      l4_msgtag(L4_PROTO_THREAD, 1, 0, 0), L4_IPC_NEVER);
	KT_EQ(l4_error(tag), -L4_EMSGTOOSHORT);
}

KTEST(registers_preserved_across_syscall)
{
	uint32_t out[4];
	__asm__ volatile("mov r6, #0x66\n\t"
			 "mov r8, #0x88\n\t"
			 "mov r9, #0x99\n\t"
			 "mov r10, #0xaa\n\t"
			 "movs r0, #0\n\t"
			 "mvn r2, #0\n\t"
			 "lsl r2, r2, #11\n\t"
			 "orr r2, r2, #2\n\t"
			 "mov r3, #0x0400\n\t"
			 "movs r5, #0\n\t"
			 "svc #0\n\t"
			 "str r6, [%0]\n\t"
			 "str r8, [%0, #4]\n\t"
			 "str r9, [%0, #8]\n\t"
			 "str r10, [%0, #12]\n\t"
			 :
			 : "r"(out)
			 : "r0", "r1", "r2", "r3", "r4", "r5", "r6", "r8", "r9", "r10", "r12", "lr",
			   "memory", "cc");
	KT_EQ(out[0], 0x66);
	KT_EQ(out[1], 0x88);
	KT_EQ(out[2], 0x99);
	KT_EQ(out[3], 0xaa);
}

KTEST(picolibc_formatting)
{
	char buf[64];
	snprintf(buf, sizeof(buf), "%d %x %s %5.2f", -42, 0xbeef, "ok", 3.14159);
	KT_ASSERT(strcmp(buf, "-42 beef ok  3.14") == 0);
}

KTEST(malloc_and_free)
{
	char *p = malloc(100000);
	KT_ASSERT(p != NULL);
	memset(p, 0x5a, 100000);
	KT_EQ(p[99999], 0x5a);
	free(p);
}

KTEST(vfp_arithmetic)
{
	volatile double a = 1.5, b = 2.25;
	double c = a * b + 0.125;
	KT_ASSERT(c > 3.49 && c < 3.51);
}

/* A big-endian word, as device trees store them. */
static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

KTEST(bootinfo_describes_ram_modules_and_device_tree)
{
	const struct keel_bootinfo *bi = l4re_bootinfo();
	KT_ASSERT(bi != NULL);
	KT_EQ((uintptr_t)bi, KEEL_BOOTINFO_ADDR);
	KT_EQ(bi->version, KEEL_BOOTINFO_VERSION);
	KT_ASSERT(bi->ram_size >= (16u << 20) && (bi->ram_base & 0xfffff) == 0);
	/* The user RAM is ours: read-write at its physical addresses. */
	volatile uint32_t *last = (volatile uint32_t *)(bi->ram_base + bi->ram_size - 4);
	*last = 0x600dcafe;
	KT_EQ(*last, 0x600dcafe);
	/* The module table lists this program, an ELF file, readable in place. */
	const struct keel_bootmod_header *h = (const void *)bi->modules;
	KT_EQ(h->magic, KEEL_BOOTMOD_MAGIC);
	KT_ASSERT(h->count >= 1 && h->total_size <= bi->modules_size);
	const struct keel_bootmod_entry *e = (const void *)(h + 1);
	KT_ASSERT(strcmp(e[0].name, "test_boot") == 0);
	KT_ASSERT(e[0].flags & KEEL_BOOTMOD_FLAG_ROOTTASK);
	KT_ASSERT(memcmp((const char *)h + e[0].offset, "\177ELF", 4) == 0);
	/* The device tree, readable in place: a DTB header whose size is the one given. */
	const uint8_t *dtb = (const uint8_t *)bi->dtb;
	KT_ASSERT(dtb != NULL && bi->dtb_size >= 40 && bi->dtb_size <= KEEL_BOOTINFO_MAX_DTB);
	KT_ASSERT(be32(dtb) == 0xd00dfeedu);
	KT_EQ(be32(dtb + 4), bi->dtb_size);
}

/*
 * common/arch/arm/string.S (the kernel's memset and memcpy too): every length up to
 * 600 bytes at every alignment of the destination (and of the source), against a byte
 * loop, with the bytes around untouched; the lengths cross the 32- and 128-byte rounds.
 */
static unsigned char str_buf[1024], str_src[1024];

KTEST(string_memset_all_sizes_and_alignments)
{
	for (unsigned off = 0; off < 4; off++) {
		for (unsigned n = 0; n <= 600; n++) {
			for (unsigned i = 0; i < sizeof(str_buf); i++)
				str_buf[i] = 0xa5;
			memset(str_buf + 8 + off, 0x3c, n);
			for (unsigned i = 0; i < sizeof(str_buf); i++) {
				int in = i >= 8 + off && i < 8 + off + n;
				if (str_buf[i] != (in ? 0x3c : 0xa5)) {
					KT_EQ(i, ~0u); /* report the first wrong byte */
					return;
				}
			}
		}
	}
}

KTEST(string_memcpy_all_sizes_and_alignments)
{
	for (unsigned i = 0; i < sizeof(str_src); i++)
		str_src[i] = (unsigned char)(i * 7 + 1);
	for (unsigned doff = 0; doff < 4; doff++) {
		for (unsigned soff = 0; soff < 4; soff++) {
			for (unsigned n = 0; n <= 600; n += (n < 70 ? 1 : 13)) {
				for (unsigned i = 0; i < sizeof(str_buf); i++)
					str_buf[i] = 0xa5;
				memcpy(str_buf + 8 + doff, str_src + soff, n);
				for (unsigned i = 0; i < sizeof(str_buf); i++) {
					int in = i >= 8 + doff && i < 8 + doff + n;
					unsigned char want =
					    in ? str_src[soff + i - 8 - doff] : 0xa5;
					if (str_buf[i] != want) {
						KT_EQ(i, ~0u);
						return;
					}
				}
			}
		}
	}
}
