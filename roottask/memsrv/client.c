/* client.c - the memory server's clients: their allocator gates, limits and accounts. */
#include "memsrv_internal.h"
#include <l4/re/env.h>
#include <l4/sys/factory.h>
#include <l4/sys/task.h>
#include <string.h>

static struct memsrv_client clients[MEMSRV_MAX_CLIENTS];

long client_create(unsigned long limit, bool devices, l4_cap_idx_t cap, unsigned *index)
{
	unsigned long slot = cap >> L4_CAP_SHIFT;
	unsigned i = 0;
	while (i < MEMSRV_MAX_CLIENTS && clients[i].used)
		i++;
	if (i == MEMSRV_MAX_CLIENTS)
		return -L4_ENOMEM;
	/* The server's own slots hold its thread and dataspace gates. */
	if (l4_is_invalid_cap(cap) || (slot >= MEMSRV_FIRST_SLOT && slot <= MEMSRV_LAST_SLOT))
		return -L4_EINVAL;
	long err = l4_error(l4_factory_create_gate(L4_BASE_FACTORY_CAP, cap, MEMSRV_THREAD_CAP,
						   memsrv_label(KIND_CLIENT, i)));
	if (err)
		return err;
	struct memsrv_client *c = &clients[i];
	memset(c, 0, sizeof(*c));
	c->used = true;
	c->devices = devices;
	c->limit = limit;
	c->gate = cap & L4_CAP_MASK;
	*index = i;
	return 0;
}

void client_destroy(struct memsrv_client *c)
{
	ds_release_all_of(c);
	l4_task_delete_obj(L4_BASE_TASK_CAP, c->gate);
	memset(c, 0, sizeof(*c));
}

struct memsrv_client *client_by_index(unsigned long idx)
{
	if (idx >= MEMSRV_MAX_CLIENTS || !clients[idx].used)
		return NULL;
	return &clients[idx];
}

struct memsrv_client *client_by_label(l4_umword_t label)
{
	if ((label & LABEL_TAG_MASK) != LABEL_TAG || LABEL_KIND(label) != KIND_CLIENT)
		return NULL;
	return client_by_index(LABEL_INDEX(label));
}

unsigned long client_index(const struct memsrv_client *c)
{
	return (unsigned long)(c - clients);
}

bool client_charge(struct memsrv_client *c, unsigned long bytes)
{
	if (bytes > c->limit - c->used_bytes)
		return false;
	c->used_bytes += bytes;
	return true;
}

void client_uncharge(struct memsrv_client *c, unsigned long bytes)
{
	c->used_bytes -= bytes;
}

bool client_add_ds(struct memsrv_client *c)
{
	if (c->count >= MEMSRV_CLIENT_MAX_DS)
		return false;
	c->count++;
	return true;
}

void client_remove_ds(struct memsrv_client *c)
{
	c->count--;
}
