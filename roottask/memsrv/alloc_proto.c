/* alloc_proto.c - the allocator protocols: create dataspaces, usage, open boot modules. */
#include "memsrv_internal.h"
#include <l4/re/c/mem_alloc.h>
#include <l4/re/env.h>
#include <string.h>

#define MAX_ALIGN   28 /* log2 of the largest alignment a client may ask for */
#define NAME_WORDS  12 /* OPEN_MODULE: 48 bytes of name */
#define ALLOC_FLAGS (L4RE_MA_CONTINUOUS | L4RE_MA_PINNED | L4RE_MA_SUPER_PAGES | L4RE_MA_MMIO)
#define UMWORD_ARG  (L4_VARG_TYPE_UMWORD | (sizeof(l4_umword_t) << 16))

/* The reply that hands out a new dataspace's capability. */
static l4_msgtag_t reply_ds(const struct ds *d)
{
	l4_msg_regs_t *mr = l4_utcb_mr();
	mr->mr[0] = l4_map_obj_control(0, 0);
	mr->mr[1] = l4_obj_fpage(ds_cap(d), 0, L4_CAP_FPAGE_RWS).raw;
	return l4_msgtag(0, 0, 1, 0);
}

/* [phys, +size) lies within one device region of the boot info. */
static bool is_device(l4_addr_t phys, unsigned long size)
{
	const struct keel_bootinfo *bi = memsrv_bootinfo;
	for (unsigned i = 0; i < bi->device_count && i < KEEL_BOOTINFO_MAX_DEVICES; i++) {
		uint64_t b = bi->devices[i].base, e = b + bi->devices[i].size;
		if (phys >= b && (uint64_t)phys + size <= e)
			return true;
	}
	return false;
}

/* Only clients allowed devices get registers, and only those the kernel listed. */
static long alloc_mmio(struct memsrv_client *c, unsigned long pages, l4_addr_t phys,
		       struct ds **out)
{
	if (!c->devices)
		return -L4_EPERM;
	if ((phys & (L4_PAGESIZE - 1)) || !is_device(phys, pages << L4_PAGESHIFT))
		return -L4_EINVAL;
	return ds_create_mmio(c, pages, phys, out);
}

/* The typed argument @i of a create message (its value in *@val). */
static long umword_arg(const struct memsrv_request *req, unsigned i, l4_umword_t *val)
{
	if (req->words < 3 + 2 * i)
		return -L4_EMSGTOOSHORT;
	if (req->mr[1 + 2 * i] != UMWORD_ARG)
		return -L4_EINVAL;
	*val = req->mr[2 + 2 * i];
	return 0;
}

/* The factory protocol's create: size, flags, alignment (and with MMIO the address). */
static long alloc_ds(struct memsrv_client *c, const struct memsrv_request *req, struct ds **out)
{
	l4_umword_t size = 0, flags = 0, align = 0, phys = 0;
	long err = umword_arg(req, 0, &size);
	if (!err)
		err = umword_arg(req, 1, &flags);
	if (!err)
		err = umword_arg(req, 2, &align);
	if (!err && (flags & L4RE_MA_MMIO))
		err = umword_arg(req, 3, &phys);
	if (err)
		return err;
	if (size == 0 || size > ~0UL - L4_PAGESIZE || (flags & ~(l4_umword_t)ALLOC_FLAGS) ||
	    align > MAX_ALIGN)
		return -L4_EINVAL;
	unsigned long pages = (size + L4_PAGESIZE - 1) >> L4_PAGESHIFT;
	if (flags & L4RE_MA_MMIO)
		return alloc_mmio(c, pages, phys, out);
	if (flags & L4RE_MA_CONTINUOUS)
		return ds_create_contiguous(
		    c, pages, flags, align < L4_PAGESHIFT ? L4_PAGESHIFT : (unsigned)align, out);
	return ds_create_anon(c, pages, flags, out);
}

/* The boot module @name: its data and size in *@data, *@size. The table is checked
 * here, as a client names the module. */
static bool find_module(const char *name, l4_addr_t *data, unsigned long *size)
{
	const struct keel_bootinfo *bi = memsrv_bootinfo;
	if (!bi->modules || bi->modules_size < sizeof(struct keel_bootmod_header))
		return false;
	const struct keel_bootmod_header *h = (const void *)bi->modules;
	const struct keel_bootmod_entry *e = (const void *)(h + 1);
	if (h->magic != KEEL_BOOTMOD_MAGIC || h->count > KEEL_BOOTMOD_MAX)
		return false;
	for (unsigned i = 0; i < h->count; i++) {
		if (strncmp(e[i].name, name, KEEL_BOOTMOD_NAME_LEN) == 0 && e[i].size &&
		    e[i].offset <= bi->modules_size &&
		    e[i].size <= bi->modules_size - e[i].offset && !(e[i].offset & 0xfff)) {
			*data = (l4_addr_t)h + e[i].offset;
			*size = e[i].size;
			return true;
		}
	}
	return false;
}

/* OPEN_MODULE: mr1.. the module's name, 0-terminated. */
static long open_module(struct memsrv_client *c, const struct memsrv_request *req, struct ds **out)
{
	char name[NAME_WORDS * sizeof(l4_umword_t) + 1];
	if (req->words < 2)
		return -L4_EMSGTOOSHORT;
	unsigned words = req->words - 1 < NAME_WORDS ? req->words - 1 : NAME_WORDS;
	memcpy(name, &req->mr[1], words * sizeof(l4_umword_t));
	name[words * sizeof(l4_umword_t)] = 0;
	if (strlen(name) >= words * sizeof(l4_umword_t))
		return -L4_EINVAL; /* not terminated */
	l4_addr_t data;
	unsigned long size;
	if (!find_module(name, &data, &size))
		return -L4_ENOENT;
	return ds_create_module(c, data, size, out);
}

/* USAGE: reply mr0 bytes charged, mr1 the limit, mr2 dataspaces. */
static l4_msgtag_t reply_usage(const struct memsrv_client *c)
{
	l4_msg_regs_t *mr = l4_utcb_mr();
	mr->mr[0] = c->used_bytes;
	mr->mr[1] = c->limit;
	mr->mr[2] = c->count;
	return l4_msgtag(0, 3, 0, 0);
}

l4_msgtag_t alloc_request(struct memsrv_client *c, const struct memsrv_request *req)
{
	struct ds *d = NULL;
	long err;
	if (req->proto == L4_PROTO_FACTORY) {
		if (req->words < 1)
			return reply_err(-L4_EMSGTOOSHORT);
		if ((long)req->mr[0] != L4RE_PROTO_DATASPACE)
			return reply_err(-L4_ENODEV);
		err = alloc_ds(c, req, &d);
	} else if (req->proto == L4RE_PROTO_MEM_ALLOC) {
		if (req->words < 1)
			return reply_err(-L4_EMSGTOOSHORT);
		if (req->mr[0] == L4RE_MA_OP_USAGE)
			return reply_usage(c);
		if (req->mr[0] != L4RE_MA_OP_OPEN_MODULE)
			return reply_err(-L4_ENOSYS);
		err = open_module(c, req, &d);
	} else {
		return reply_err(-L4_EBADPROTO);
	}
	return err ? reply_err(err) : reply_ds(d);
}
