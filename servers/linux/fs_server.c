/* fs_server.c - the Linux file-system task: serves the core of the Linux server (fs_proto.h). */
#include "cpio.h"
#include "fs.h"
#include "fs_service.h"
#include <l4/re/c/mem_alloc.h>
#include <l4/re/c/rm.h>
#include <l4/re/c/util/cap_alloc.h>
#include <l4/re/env.h>
#include <l4/sys/ipc.h>
#include <l4/sys/rcv_endpoint.h>
#include <l4/sys/utcb.h>
#include <stdio.h>
#include <string.h>

/*
 * A task of its own (docs/linux.md, "The file system"): it holds the files, and
 * nothing else but its gate, the buffer it shares with the core and the boot module
 * of the root file system. The core is its only caller; a Linux process never reaches
 * it. It answers each request at once: it never waits for anything.
 */

#define LABEL_SRV 16
#define REQ_WORDS (sizeof(struct lx_fs_req) / sizeof(l4_umword_t))
#define REP_WORDS (sizeof(struct lx_fs_reply) / sizeof(l4_umword_t))
#define FS_ARENA  (FS_DATA_MAX + (6u << 20)) /* data and the structures around it */

static uint8_t *buf; /* the shared buffer */
static bool unpacked;

/* Attach the memory called @name (at least @min bytes); NULL if there is none. */
static void *attach(const char *name, size_t min, bool writable, size_t *size)
{
	l4_cap_idx_t ds = l4re_env_get_cap(name); /* the spec's memory, else a boot module */
	void *at = NULL;
	if (l4_is_invalid_cap(ds)) {
		ds = l4re_util_cap_alloc();
		if (l4re_ma_open_module_srv(l4re_env()->mem_alloc, name, ds) < 0)
			return NULL;
	}
	*size = l4re_ds_size(ds);
	if (*size < min ||
	    l4re_rm_attach(&at, *size,
			   L4RE_RM_F_SEARCH_ADDR | (writable ? L4RE_RM_F_RW : L4RE_RM_F_R), ds, 0,
			   12) < 0)
		return NULL;
	return at;
}

/* The root file system: the boot module linux_root (a cpio archive), if there is one. */
static void unpack_root(uint64_t now)
{
	size_t size = 0;
	const char *why = "";
	const uint8_t *cpio = attach("linux_root", 1, false, &size);
	unpacked = true;
	if (!cpio) {
		printf("linux-fs: no root file system (the boot module linux_root)\n");
		return;
	}
	int err = lx_cpio_unpack(cpio, size, now, &why);
	if (err)
		printf("linux-fs: the root file system: %s (%d)\n", why, err);
}

/* One request in the message words: its reply. */
static l4_msgtag_t serve(l4_msgtag_t tag)
{
	struct lx_fs_req req;
	struct lx_fs_reply rep;
	l4_msg_regs_t *mr = l4_utcb_mr();
	if (l4_msgtag_label(tag) != LX_FS_PROTO || l4_msgtag_words(tag) < REQ_WORDS)
		return l4_msgtag(-LX_EINVAL, 0, 0, 0);
	memcpy(&req, mr->mr, sizeof(req));
	long r = lx_fs_serve(&req, &rep, buf);
	if (req.op == LX_FS_INIT && r == 0 && !unpacked)
		unpack_root(req.now);
	rep.result = (int32_t)r;
	memcpy(mr->mr, &rep, sizeof(rep));
	return l4_msgtag(0, REP_WORDS, 0, 0);
}

int main(void)
{
	l4re_env_t *e = l4re_env();
	l4_cap_idx_t srv = l4re_env_get_cap("srv");
	size_t size;
	fs_mem_init(FS_ARENA);
	buf = attach("fsbuf", LX_FS_BUF_BYTES, true, &size);
	if (!buf || l4_is_invalid_cap(srv) ||
	    l4_error(l4_rcv_ep_bind_thread(srv, e->main_thread, LABEL_SRV)) < 0) {
		printf("linux-fs: no gate to serve (srv) or no buffer (fsbuf)\n");
		return 1;
	}
	l4_umword_t label;
	l4_msgtag_t tag = l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER);
	for (;;) {
		if (l4_ipc_error(tag, l4_utcb()) || (label & ~3ul) != LABEL_SRV) {
			tag = l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER);
			continue;
		}
		tag = l4_ipc_reply_and_wait(l4_utcb(), serve(tag), &label, L4_IPC_NEVER);
	}
}
