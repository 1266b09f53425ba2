/* memsrv.c - the memory server's thread and what the rest of the root task calls (memsrv.h). */
#include "memsrv_internal.h"
#include "page_alloc.h"
#include "root_utcb.h"
#include <l4/re/env.h>
#include <l4/sys/factory.h>
#include <l4/sys/scheduler.h>
#include <l4/sys/task.h>
#include <l4/sys/thread.h>
#include <string.h>

#define STACK_WORDS 2048

/*
 * The control protocol: how the root task's other threads (memsrv_client_*()) reach
 * the server, through its thread capability (label 0), so that the client and
 * dataspace tables have one writer.
 */
#define PROTO_CONTROL 0x4f4d
enum control_ops {
	CTL_CREATE = 0, /* mr1 limit, mr2 devices, mr3 cap; reply mr0 client index */
	CTL_DESTROY = 1,
	CTL_USAGE = 2, /* reply mr0 used, mr1 limit, mr2 count */
};

const struct keel_bootinfo *memsrv_bootinfo;
static struct memsrv_request req;
static bool started;
static uint64_t server_stack[STACK_WORDS];

/* ---- the server thread ---- */

static l4_msgtag_t ctl_create(unsigned long limit, bool devices, l4_cap_idx_t cap)
{
	unsigned i = 0;
	long err = client_create(limit, devices, cap, &i);
	if (err)
		return reply_err(err);
	l4_utcb_mr()->mr[0] = i;
	return l4_msgtag(0, 1, 0, 0);
}

static l4_msgtag_t control_request(void)
{
	if (req.proto != PROTO_CONTROL)
		return reply_err(-L4_EBADPROTO);
	if (req.words < 4)
		return reply_err(-L4_EMSGTOOSHORT);
	if (req.mr[0] == CTL_CREATE)
		return ctl_create(req.mr[1], req.mr[2] != 0, req.mr[3]);
	struct memsrv_client *c = client_by_index(req.mr[1]);
	if (!c)
		return reply_err(-L4_EINVAL);
	if (req.mr[0] == CTL_DESTROY) {
		client_destroy(c);
		return reply_err(0);
	}
	l4_msg_regs_t *mr = l4_utcb_mr();
	mr->mr[0] = c->used_bytes;
	mr->mr[1] = c->limit;
	mr->mr[2] = c->count;
	return l4_msgtag(0, 3, 0, 0);
}

/* Which gate the request came through says whom it is for. */
static l4_msgtag_t dispatch(l4_umword_t label)
{
	if ((label & ~LABEL_RIGHTS) == 0)
		return control_request();
	if ((label & LABEL_TAG_MASK) != LABEL_TAG)
		return reply_err(-L4_EINVAL);
	struct ds *d = ds_by_label(label);
	if (d)
		return ds_request(d, label & LABEL_RIGHTS, &req);
	struct memsrv_client *c = client_by_label(label);
	if (c)
		return alloc_request(c, &req);
	return reply_err(-L4_EINVAL);
}

/* Take the message out of the UTCB; drop a foreign capability it brought. */
static void take_request(l4_msgtag_t tag)
{
	l4_msg_regs_t *mr = l4_utcb_mr();
	req.proto = l4_msgtag_label(tag);
	req.words = l4_msgtag_words(tag);
	req.items = l4_msgtag_items(tag);
	unsigned n = req.words + 2 * req.items;
	if (n > L4_UTCB_GENERIC_DATA_SIZE)
		n = L4_UTCB_GENERIC_DATA_SIZE;
	memcpy(req.mr, mr->mr, n * sizeof(l4_umword_t));
	if (req.items)
		l4_task_release_cap(L4_BASE_TASK_CAP, MEMSRV_SCRATCH_CAP);
}

/* One receive buffer: a capability, or the label if it is one of the server's gates. */
static void set_buffers(void)
{
	l4_buf_regs_t *br = l4_utcb_br();
	br->bdr = 0;
	br->br[0] = MEMSRV_SCRATCH_CAP | L4_RCV_ITEM_SINGLE_CAP | L4_RCV_ITEM_LOCAL_ID;
}

static void server_loop(void)
{
	l4_umword_t label = 0;
	set_buffers();
	l4_msgtag_t tag = l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER);
	for (;;) {
		if (l4_ipc_error(tag, l4_utcb())) {
			/* A message that could not be delivered: nobody waits for a reply. */
			l4_task_release_cap(L4_BASE_TASK_CAP, MEMSRV_SCRATCH_CAP);
			set_buffers();
			tag = l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER);
			continue;
		}
		take_request(tag);
		l4_msgtag_t reply = dispatch(label);
		set_buffers();
		tag = l4_ipc_reply_and_wait(l4_utcb(), reply, &label, L4_IPC_NEVER);
	}
}

static long start_thread(void)
{
	long err = l4_error(l4_factory_create_thread(L4_BASE_FACTORY_CAP, MEMSRV_THREAD_CAP));
	if (err)
		return err;
	l4_thread_control_start();
	l4_thread_control_bind(root_utcb(ROOT_UTCB_MEMSRV), L4_BASE_TASK_CAP);
	err = l4_error(l4_thread_control_commit(MEMSRV_THREAD_CAP));
	if (!err)
		err = l4_error(l4_thread_ex_regs(MEMSRV_THREAD_CAP, (l4_addr_t)server_loop,
						 (l4_addr_t)&server_stack[STACK_WORDS], 0));
	l4_sched_param_t sp = l4_sched_param(MEMSRV_PRIO, 0);
	if (!err)
		err = l4_error(
		    l4_scheduler_run_thread(L4_BASE_SCHEDULER_CAP, MEMSRV_THREAD_CAP, &sp));
	if (err)
		l4_task_delete_obj(L4_BASE_TASK_CAP, MEMSRV_THREAD_CAP);
	return err;
}

int memsrv_init(void)
{
	if (started)
		return 0;
	memsrv_bootinfo = l4re_bootinfo();
	if (!memsrv_bootinfo)
		return -L4_ENODEV;
	int err = page_alloc_init(memsrv_bootinfo);
	if (!err)
		err = shadow_init(memsrv_bootinfo);
	if (err)
		return err;
	ds_table_init();
	err = (int)start_thread();
	started = !err;
	return err;
}

/* ---- the interface for the rest of the root task ---- */

/* A control request to the server thread (words from mr0 set by the caller). */
static long control_call(unsigned words)
{
	return l4_error(l4_ipc_call(MEMSRV_THREAD_CAP, l4_utcb(),
				    l4_msgtag(PROTO_CONTROL, words, 0, 0), L4_IPC_NEVER));
}

struct memsrv_client *memsrv_client_create(unsigned long limit_bytes, bool devices,
					   l4_cap_idx_t cap)
{
	if (memsrv_init())
		return NULL;
	l4_msg_regs_t *mr = l4_utcb_mr();
	mr->mr[0] = CTL_CREATE;
	mr->mr[1] = limit_bytes;
	mr->mr[2] = devices;
	mr->mr[3] = cap;
	if (control_call(4))
		return NULL;
	return client_by_index(mr->mr[0]);
}

void memsrv_client_destroy(struct memsrv_client *c)
{
	if (!c || !started)
		return;
	l4_msg_regs_t *mr = l4_utcb_mr();
	mr->mr[0] = CTL_DESTROY;
	mr->mr[1] = client_index(c);
	mr->mr[2] = mr->mr[3] = 0;
	control_call(4);
}

void memsrv_client_usage(const struct memsrv_client *c, unsigned long *used, unsigned long *limit,
			 unsigned long *count)
{
	l4_msg_regs_t *mr = l4_utcb_mr();
	mr->mr[0] = CTL_USAGE;
	mr->mr[1] = c && started ? client_index(c) : MEMSRV_MAX_CLIENTS;
	mr->mr[2] = mr->mr[3] = 0;
	bool ok = c && started && control_call(4) == 0;
	if (used)
		*used = ok ? mr->mr[0] : 0;
	if (limit)
		*limit = ok ? mr->mr[1] : 0;
	if (count)
		*count = ok ? mr->mr[2] : 0;
}
