/* dataspace.c - client side of the dataspace protocol (l4/re/c/dataspace.h). */
#include <l4/re/c/dataspace.h>
#include <l4/re/c/util/fpage.h>
#include <l4/sys/ipc.h>

/* Call @ds with opcode @op and @words words in the MRs already set from mr1 on. */
static long ds_call(l4re_ds_t ds, unsigned op, unsigned words, unsigned items)
{
	l4_utcb_mr()->mr[0] = op;
	l4_msgtag_t tag = l4_ipc_call(
	    ds, l4_utcb(), l4_msgtag(L4RE_PROTO_DATASPACE, words, items, 0), L4_IPC_NEVER);
	return l4_error(tag);
}

int l4re_ds_map(l4re_ds_t ds, l4re_ds_offset_t offset, l4re_ds_flags_t flags,
		l4re_ds_map_addr_t local_addr, l4re_ds_map_addr_t min_addr,
		l4re_ds_map_addr_t max_addr)
{
	local_addr &= L4_PAGEMASK;
	min_addr &= L4_PAGEMASK;
	if (local_addr < min_addr || local_addr > max_addr)
		return -L4_ERANGE;
	unsigned order = l4re_util_fpage_window_order(local_addr, min_addr, max_addr);
	l4_msg_regs_t *mr = l4_utcb_mr();
	mr->mr[1] = offset;
	mr->mr[2] = flags;
	mr->mr[3] = local_addr;
	mr->mr[4] = min_addr;
	mr->mr[5] = max_addr;
	l4_buf_regs_t *br = l4_utcb_br();
	br->bdr = 0;
	br->br[0] = l4_fpage(local_addr, order, L4_FPAGE_RWX).raw | L4_ITEM_MAP;
	return (int)ds_call(ds, L4RE_DS_OP_MAP, 6, 0);
}

int l4re_ds_map_region(l4re_ds_t ds, l4re_ds_offset_t offset, l4re_ds_flags_t flags,
		       l4re_ds_map_addr_t min_addr, l4re_ds_map_addr_t max_addr)
{
	for (l4_addr_t a = min_addr & L4_PAGEMASK; a <= max_addr && a >= (min_addr & L4_PAGEMASK);
	     a += L4_PAGESIZE) {
		int err = l4re_ds_map(ds, offset + (a - min_addr), flags, a, min_addr, max_addr);
		if (err)
			return err;
	}
	return 0;
}

long l4re_ds_clear(l4re_ds_t ds, l4re_ds_offset_t offset, l4re_ds_size_t size)
{
	l4_utcb_mr()->mr[1] = offset;
	l4_utcb_mr()->mr[2] = size;
	return ds_call(ds, L4RE_DS_OP_CLEAR, 3, 0);
}

long l4re_ds_allocate(l4re_ds_t ds, l4re_ds_offset_t offset, l4re_ds_size_t size)
{
	l4_utcb_mr()->mr[1] = offset;
	l4_utcb_mr()->mr[2] = size;
	return ds_call(ds, L4RE_DS_OP_ALLOCATE, 3, 0);
}

int l4re_ds_copy_in(l4re_ds_t ds, l4re_ds_offset_t dst_offs, l4re_ds_t src,
		    l4re_ds_offset_t src_offs, l4re_ds_size_t size)
{
	l4_msg_regs_t *mr = l4_utcb_mr();
	mr->mr[1] = dst_offs;
	mr->mr[2] = src_offs;
	mr->mr[3] = size;
	mr->mr[4] = l4_map_obj_control(0, 0);
	mr->mr[5] = l4_obj_fpage(src, 0, L4_CAP_FPAGE_RW).raw;
	return (int)ds_call(ds, L4RE_DS_OP_COPY, 4, 1);
}

int l4re_ds_info(l4re_ds_t ds, l4re_ds_stats_t *stats)
{
	long err = ds_call(ds, L4RE_DS_OP_INFO, 1, 0);
	if (err)
		return (int)err;
	stats->size = l4_utcb_mr()->mr[0];
	stats->flags = l4_utcb_mr()->mr[1];
	return 0;
}

long l4re_ds_keel_bytes(l4re_ds_t ds)
{
	l4_utcb_mr()->mr[0] = L4RE_DS_OP_INFO;
	l4_msgtag_t tag =
	    l4_ipc_call(ds, l4_utcb(), l4_msgtag(L4RE_PROTO_DATASPACE, 1, 0, 0), L4_IPC_NEVER);
	long err = l4_error(tag);
	if (err)
		return err;
	return (long)l4_utcb_mr()->mr[l4_msgtag_words(tag) >= 4 ? 3 : 0];
}

l4re_ds_size_t l4re_ds_size(l4re_ds_t ds)
{
	l4re_ds_stats_t st;
	int err = l4re_ds_info(ds, &st);
	return err ? (l4re_ds_size_t)err : st.size;
}

l4re_ds_flags_t l4re_ds_flags(l4re_ds_t ds)
{
	l4re_ds_stats_t st;
	int err = l4re_ds_info(ds, &st);
	return err ? (l4re_ds_flags_t)err : st.flags;
}

int l4re_ds_phys(l4re_ds_t ds, l4re_ds_offset_t offset, l4_addr_t *phys, l4_size_t *size)
{
	l4_utcb_mr()->mr[1] = offset;
	long err = ds_call(ds, L4RE_DS_OP_PHYS, 2, 0);
	if (err)
		return (int)err;
	*phys = l4_utcb_mr()->mr[0];
	*size = l4_utcb_mr()->mr[1];
	return 0;
}
