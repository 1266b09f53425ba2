/* mem_alloc.c - client side of the memory allocator (l4/re/c/mem_alloc.h). */
#include <l4/re/c/mem_alloc.h>
#include <l4/re/env.h>
#include <l4/sys/factory.h>
#include <string.h>

long l4re_ma_alloc_srv(l4_cap_idx_t srv, unsigned long size, l4re_ds_t mem, unsigned long flags,
		       unsigned long align)
{
	l4_utcb_t *u = l4_utcb();
	l4_msgtag_t tag = l4_factory_create_start_u(L4RE_PROTO_DATASPACE, mem, u);
	l4_factory_create_add_uint_u(size, &tag, u);
	l4_factory_create_add_uint_u(flags, &tag, u);
	l4_factory_create_add_uint_u(align, &tag, u);
	return l4_error(l4_factory_create_commit_u(srv, tag, u));
}

long l4re_ma_alloc_mmio_srv(l4_cap_idx_t srv, l4_addr_t phys, unsigned long size, l4re_ds_t mem)
{
	l4_utcb_t *u = l4_utcb();
	l4_msgtag_t tag = l4_factory_create_start_u(L4RE_PROTO_DATASPACE, mem, u);
	l4_factory_create_add_uint_u(size, &tag, u);
	l4_factory_create_add_uint_u(L4RE_MA_MMIO, &tag, u);
	l4_factory_create_add_uint_u(L4_PAGESHIFT, &tag, u);
	l4_factory_create_add_uint_u(phys, &tag, u);
	return l4_error(l4_factory_create_commit_u(srv, tag, u));
}

long l4re_ma_alloc(long size, l4re_ds_t const mem, unsigned long flags)
{
	return l4re_ma_alloc_align_srv(l4re_env()->mem_alloc, size, mem, flags, L4_PAGESHIFT);
}

long l4re_ma_alloc_align(long size, l4re_ds_t const mem, unsigned long flags, unsigned long align)
{
	return l4re_ma_alloc_align_srv(l4re_env()->mem_alloc, size, mem, flags, align);
}

long l4re_ma_alloc_align_srv(l4_cap_idx_t srv, long size, l4re_ds_t const mem, unsigned long flags,
			     unsigned long align)
{
	if (size <= 0)
		return -L4_EINVAL;
	return l4re_ma_alloc_srv(srv, (unsigned long)size, mem, flags, align);
}

long l4re_ma_free_srv(l4_cap_idx_t srv, l4re_ds_t const mem)
{
	(void)srv;
	l4_utcb_mr()->mr[0] = L4RE_DS_OP_RELEASE;
	return l4_error(
	    l4_ipc_call(mem, l4_utcb(), l4_msgtag(L4RE_PROTO_DATASPACE, 1, 0, 0), L4_IPC_NEVER));
}

long l4re_ma_free(l4re_ds_t mem)
{
	return l4re_ma_free_srv(l4re_env()->mem_alloc, mem);
}

long l4re_ma_usage_srv(l4_cap_idx_t srv, unsigned long *used, unsigned long *limit,
		       unsigned long *count)
{
	l4_msg_regs_t *mr = l4_utcb_mr();
	mr->mr[0] = L4RE_MA_OP_USAGE;
	long err = l4_error(
	    l4_ipc_call(srv, l4_utcb(), l4_msgtag(L4RE_PROTO_MEM_ALLOC, 1, 0, 0), L4_IPC_NEVER));
	if (err)
		return err;
	if (used)
		*used = mr->mr[0];
	if (limit)
		*limit = mr->mr[1];
	if (count)
		*count = mr->mr[2];
	return 0;
}

long l4re_ma_open_module_srv(l4_cap_idx_t srv, const char *name, l4re_ds_t mem)
{
	enum { NAME_MAX_BYTES = 48 };
	size_t len = strlen(name);
	if (len >= NAME_MAX_BYTES)
		return -L4_ENAMETOOLONG;
	l4_msg_regs_t *mr = l4_utcb_mr();
	mr->mr[0] = L4RE_MA_OP_OPEN_MODULE;
	memset(&mr->mr[1], 0, NAME_MAX_BYTES);
	memcpy(&mr->mr[1], name, len);
	l4_buf_regs_t *br = l4_utcb_br();
	br->bdr = 0;
	br->br[0] = mem | L4_RCV_ITEM_SINGLE_CAP;
	unsigned words = 1 + (unsigned)(len + sizeof(l4_umword_t)) / sizeof(l4_umword_t);
	return l4_error(l4_ipc_call(srv, l4_utcb(), l4_msgtag(L4RE_PROTO_MEM_ALLOC, words, 0, 0),
				    L4_IPC_NEVER));
}
