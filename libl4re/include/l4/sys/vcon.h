/* vcon.h - the virtual console protocol, spoken by the kernel log and the console server. */
#ifndef L4_SYS_VCON_H
#define L4_SYS_VCON_H

#include <l4/sys/ipc.h>
#include <l4/sys/abi/vcon.h>

L4_INLINE l4_msgtag_t l4_vcon_send_u(l4_cap_idx_t vcon, char const *buf, unsigned size,
				     l4_utcb_t *utcb)
{
	l4_msg_regs_t *mr = l4_utcb_mr_u(utcb);
	if (size > L4_VCON_WRITE_SIZE)
		size = L4_VCON_WRITE_SIZE;
	mr->mr[0] = L4_VCON_WRITE_OP;
	mr->mr[1] = size;
	__builtin_memcpy(&mr->mr[2], buf, size);
	unsigned words = 2 + (size + sizeof(l4_umword_t) - 1) / sizeof(l4_umword_t);
	return l4_ipc_send(vcon, utcb, l4_msgtag(L4_PROTO_LOG, words, 0, 0), L4_IPC_NEVER);
}

L4_INLINE l4_msgtag_t l4_vcon_send(l4_cap_idx_t vcon, char const *buf, unsigned size)
{
	return l4_vcon_send_u(vcon, buf, size, l4_utcb());
}

/* Writes up to size bytes; returns the number written or a negative error. */
L4_INLINE long l4_vcon_write_u(l4_cap_idx_t vcon, char const *buf, unsigned size, l4_utcb_t *utcb)
{
	if (size > L4_VCON_WRITE_SIZE)
		size = L4_VCON_WRITE_SIZE;
	long err = l4_error_u(l4_vcon_send_u(vcon, buf, size, utcb), utcb);
	return err < 0 ? err : (long)size;
}

L4_INLINE long l4_vcon_write(l4_cap_idx_t vcon, char const *buf, unsigned size)
{
	return l4_vcon_write_u(vcon, buf, size, l4_utcb());
}

/*
 * Read up to @size bytes of buffered input without blocking (L4Re's semantics; @buf
 * NULL drops them). Return: a negative error; else the bytes read, or @size + 1 when
 * more input is left (@size bytes are in @buf then), with L4_VCON_READ_STAT_BREAK
 * set if a break came before them.
 */
L4_INLINE int l4_vcon_read_with_flags_u(l4_cap_idx_t vcon, char *buf, int size, l4_utcb_t *utcb)
{
	l4_msg_regs_t *mr = l4_utcb_mr_u(utcb);
	if (size < 0)
		return -L4_EINVAL;
	unsigned asked = size > (int)L4_VCON_OP_MASK ? (unsigned)L4_VCON_OP_MASK : (unsigned)size;
	mr->mr[0] = (l4_umword_t)asked << L4_VCON_READ_SHIFT | L4_VCON_READ_OP;
	long err = l4_error_u(
	    l4_ipc_call(vcon, utcb, l4_msgtag(L4_PROTO_LOG, 1, 0, 0), L4_IPC_NEVER), utcb);
	if (err < 0)
		return (int)err;
	l4_umword_t r = mr->mr[0];
	int got = (int)(r & L4_VCON_READ_SIZE_MASK);
	if (got > size)
		got = size;
	if (buf)
		__builtin_memcpy(buf, &mr->mr[1], (unsigned)got);
	int ret = (r & L4_VCON_READ_STAT_DONE) ? got : size + 1;
	return ret | (int)(r & L4_VCON_READ_STAT_BREAK);
}

L4_INLINE int l4_vcon_read_with_flags(l4_cap_idx_t vcon, char *buf, int size)
{
	return l4_vcon_read_with_flags_u(vcon, buf, size, l4_utcb());
}

/* As l4_vcon_read_with_flags(), without the flags: the bytes read, @size + 1 when more
 * is left, or a negative error. */
L4_INLINE int l4_vcon_read_u(l4_cap_idx_t vcon, char *buf, int size, l4_utcb_t *utcb)
{
	int r = l4_vcon_read_with_flags_u(vcon, buf, size, utcb);
	return r < 0 ? r : (int)((unsigned)r & L4_VCON_READ_SIZE_MASK);
}

L4_INLINE int l4_vcon_read(l4_cap_idx_t vcon, char *buf, int size)
{
	return l4_vcon_read_u(vcon, buf, size, l4_utcb());
}

/* Set the attributes of vcon. Return: the reply tag (l4_error() for the result). */
L4_INLINE l4_msgtag_t l4_vcon_set_attr_u(l4_cap_idx_t vcon, l4_vcon_attr_t const *attr,
					 l4_utcb_t *utcb)
{
	l4_msg_regs_t *mr = l4_utcb_mr_u(utcb);
	mr->mr[0] = L4_VCON_SET_ATTR_OP;
	mr->mr[1] = attr->i_flags;
	mr->mr[2] = attr->o_flags;
	mr->mr[3] = attr->l_flags;
	return l4_ipc_call(vcon, utcb, l4_msgtag(L4_PROTO_LOG, 4, 0, 0), L4_IPC_NEVER);
}

L4_INLINE l4_msgtag_t l4_vcon_set_attr(l4_cap_idx_t vcon, l4_vcon_attr_t const *attr)
{
	return l4_vcon_set_attr_u(vcon, attr, l4_utcb());
}

/* Get the attributes of vcon into *attr (left alone on an error). Return: the reply tag. */
L4_INLINE l4_msgtag_t l4_vcon_get_attr_u(l4_cap_idx_t vcon, l4_vcon_attr_t *attr, l4_utcb_t *utcb)
{
	l4_msg_regs_t *mr = l4_utcb_mr_u(utcb);
	mr->mr[0] = L4_VCON_GET_ATTR_OP;
	l4_msgtag_t tag = l4_ipc_call(vcon, utcb, l4_msgtag(L4_PROTO_LOG, 1, 0, 0), L4_IPC_NEVER);
	if (l4_error_u(tag, utcb) >= 0) {
		attr->i_flags = mr->mr[1];
		attr->o_flags = mr->mr[2];
		attr->l_flags = mr->mr[3];
	}
	return tag;
}

L4_INLINE l4_msgtag_t l4_vcon_get_attr(l4_cap_idx_t vcon, l4_vcon_attr_t *attr)
{
	return l4_vcon_get_attr_u(vcon, attr, l4_utcb());
}

#endif
