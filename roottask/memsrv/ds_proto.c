/* ds_proto.c - the dataspace protocol (l4/re/c/dataspace.h): map, clear, info, copy, ... */
#include "memsrv_internal.h"
#include <l4/re/c/dataspace.h>
#include <l4/re/c/util/fpage.h>

/* The largest block (1 MiB, 64 KiB, else a page) @d can send at @off: one that fits in
 * the receive window of order @win around @local and is aligned alike on both sides. */
static unsigned block_order(const struct ds *d, unsigned long off, l4_addr_t local, unsigned win)
{
	static const unsigned orders[] = {20, 16};
	for (unsigned i = 0; i < 2; i++) {
		unsigned long bs = 1UL << orders[i], start = off & ~(bs - 1);
		if (orders[i] <= win && (local & (bs - 1)) == (off & (bs - 1)) &&
		    start + bs <= ds_size(d) && !(ds_map_source(d, start) & (bs - 1)))
			return orders[i];
	}
	return L4_PAGESHIFT;
}

/* [off, +size) lies within the dataspace. */
static bool in_range(const struct ds *d, unsigned long off, unsigned long size)
{
	return off <= ds_size(d) && size <= ds_size(d) - off;
}

/* MAP: mr1 offset, mr2 flags, mr3 where the fault was, mr4-5 the receive window. */
static l4_msgtag_t op_map(struct ds *d, unsigned caller, const struct memsrv_request *req)
{
	if (req->words < 6)
		return reply_err(-L4_EMSGTOOSHORT);
	unsigned long off = req->mr[1], flags = req->mr[2];
	l4_addr_t local = req->mr[3] & L4_PAGEMASK, min = req->mr[4] & L4_PAGEMASK;
	l4_addr_t max = req->mr[5];
	unsigned rights = (flags & L4RE_DS_F_RIGHTS_MASK) | L4_FPAGE_R;
	if (off >= ds_size(d))
		return reply_err(-L4_ERANGE);
	if ((flags & ~(l4_umword_t)(L4RE_DS_F_RIGHTS_MASK | L4RE_DS_F_CACHING_MASK)) ||
	    (rights & ~L4_FPAGE_RWX) || local < min || local > max)
		return reply_err(-L4_EINVAL);
	bool write = rights & L4_FPAGE_W;
	if ((write && !(caller & L4_CAP_FPAGE_W)) || ((rights & L4_FPAGE_X) && ds_is_device(d)))
		return reply_err(-L4_EPERM);
	unsigned order = L4_PAGESHIFT;
	l4_addr_t page;
	long err = 0;
	if (ds_maps_by_page(d, write))
		err = ds_page_for_write(d, off >> L4_PAGESHIFT, &page);
	else
		order = block_order(d, off, local, l4re_util_fpage_window_order(local, min, max));
	if (err)
		return reply_err(err);
	unsigned long mask = (1UL << order) - 1;
	l4_msg_regs_t *mr = l4_utcb_mr();
	mr->mr[0] = l4_map_control(local & ~mask, 0, 0);
	mr->mr[1] = l4_fpage(ds_map_source(d, off & ~mask), order, (unsigned char)rights).raw;
	return l4_msgtag(0, 0, 1, 0);
}

/* CLEAR: mr1 offset, mr2 size. */
static l4_msgtag_t op_clear(struct ds *d, unsigned caller, const struct memsrv_request *req)
{
	if (req->words < 3)
		return reply_err(-L4_EMSGTOOSHORT);
	if (!(caller & L4_CAP_FPAGE_W))
		return reply_err(-L4_EPERM);
	if (!in_range(d, req->mr[1], req->mr[2]))
		return reply_err(-L4_ERANGE);
	if (ds_is_device(d))
		return reply_err(-L4_EINVAL);
	return reply_err(ds_zero(d, req->mr[1], req->mr[2]));
}

/* ALLOCATE: mr1 offset, mr2 size. */
static l4_msgtag_t op_allocate(struct ds *d, unsigned caller, const struct memsrv_request *req)
{
	if (req->words < 3)
		return reply_err(-L4_EMSGTOOSHORT);
	if (!(caller & L4_CAP_FPAGE_W))
		return reply_err(-L4_EPERM);
	unsigned long off = req->mr[1], size = req->mr[2];
	if (!in_range(d, off, size))
		return reply_err(-L4_ERANGE);
	return reply_err(ds_fill(d, off, size));
}

/* INFO: reply mr0 size, mr1 rights (L4RE_DS_F_*), mr2 the allocation's flags. */
static l4_msgtag_t op_info(const struct ds *d, unsigned caller)
{
	l4_umword_t rights = L4RE_DS_F_R | (caller & L4_CAP_FPAGE_W ? L4RE_DS_F_W : 0);
	if (ds_is_device(d))
		rights |= L4RE_DS_F_UNCACHEABLE;
	else
		rights |= L4RE_DS_F_X;
	l4_msg_regs_t *mr = l4_utcb_mr();
	mr->mr[0] = ds_size(d);
	mr->mr[1] = rights;
	mr->mr[2] = d->flags;
	/* Keel: the bytes of data, which a module has fewer of than its whole pages. */
	mr->mr[3] = d->kind == DS_MODULE ? d->bytes : ds_size(d);
	return l4_msgtag(0, 4, 0, 0);
}

/* The dataspace named by the COPY request's capability item, or NULL. The kernel
 * shows a gate of this server as its label (L4_RCV_ITEM_LOCAL_ID). */
static struct ds *item_ds(const struct memsrv_request *req)
{
	if (req->items < 1 || req->words + 2 > L4_UTCB_GENERIC_DATA_SIZE)
		return NULL;
	l4_umword_t w0 = req->mr[req->words], w1 = req->mr[req->words + 1];
	if ((w0 & 0x3e) != L4_RCV_ITEM_ID_RECEIVED)
		return NULL;
	return ds_by_label(w1);
}

/* COPY: mr1 destination offset, mr2 source offset, mr3 size; the source an item. */
static l4_msgtag_t op_copy(struct ds *d, unsigned caller, const struct memsrv_request *req)
{
	if (req->words < 4)
		return reply_err(-L4_EMSGTOOSHORT);
	if (!(caller & L4_CAP_FPAGE_W))
		return reply_err(-L4_EPERM);
	unsigned long doff = req->mr[1], soff = req->mr[2], size = req->mr[3];
	const struct ds *s = item_ds(req);
	if (!s || ds_is_device(s) || ds_is_device(d))
		return reply_err(-L4_EINVAL);
	if (!in_range(d, doff, size) || !in_range(s, soff, size))
		return reply_err(-L4_ERANGE);
	if (s == d && doff < soff + size && soff < doff + size)
		return reply_err(-L4_EINVAL); /* overlapping */
	return reply_err(ds_copy_bytes(d, doff, s, soff, size));
}

/* PHYS: mr1 offset; reply mr0 its physical address, mr1 the bytes contiguous from it. */
static l4_msgtag_t op_phys(const struct ds *d, const struct memsrv_request *req)
{
	if (req->words < 2)
		return reply_err(-L4_EMSGTOOSHORT);
	unsigned long off = req->mr[1];
	if (off >= ds_size(d))
		return reply_err(-L4_ERANGE);
	if (!ds_has_phys(d))
		return reply_err(-L4_EINVAL);
	l4_msg_regs_t *mr = l4_utcb_mr();
	mr->mr[0] = d->base + off;
	mr->mr[1] = ds_size(d) - off;
	return l4_msgtag(0, 2, 0, 0);
}

l4_msgtag_t ds_request(struct ds *d, unsigned caller, const struct memsrv_request *req)
{
	if (req->proto != L4RE_PROTO_DATASPACE)
		return reply_err(-L4_EBADPROTO);
	if (req->words < 1)
		return reply_err(-L4_EMSGTOOSHORT);
	switch (req->mr[0]) {
	case L4RE_DS_OP_MAP:
		return op_map(d, caller, req);
	case L4RE_DS_OP_CLEAR:
		return op_clear(d, caller, req);
	case L4RE_DS_OP_INFO:
		return op_info(d, caller);
	case L4RE_DS_OP_COPY:
		return op_copy(d, caller, req);
	case L4RE_DS_OP_RELEASE:
		if (!(caller & L4_CAP_FPAGE_S))
			return reply_err(-L4_EPERM);
		ds_release(d);
		return reply_err(0);
	case L4RE_DS_OP_ALLOCATE:
		return op_allocate(d, caller, req);
	case L4RE_DS_OP_PHYS:
		return op_phys(d, req);
	default:
		return reply_err(-L4_ENOSYS);
	}
}
