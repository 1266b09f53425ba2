/* debugger.h - L4Re's kernel-debugger calls: names of kernel objects and their identities. */
#ifndef L4_SYS_DEBUGGER_H
#define L4_SYS_DEBUGGER_H

#include <l4/sys/compiler.h>
#include <l4/sys/ipc.h>
#include <l4/sys/kernel_object.h>
#include <l4/sys/utcb.h>
#include <l4/sys/abi/debugger.h>

/*
 * Keel's kernel keeps a name (up to 15 bytes) for any object and shows it in fault
 * reports and panics; the identity is the one task CAP_LIST shows. The calls go to the
 * debugger object at L4_BASE_DEBUGGER_CAP (the root task's; others get it from the
 * root) through l4_invoke_debugger(). Keel has no trace buffer and gives out no kernel
 * addresses: l4_debugger_kobj_to_id() answers ~0UL, the log calls -L4_ENOSYS
 * (docs/abi.md, "The debugger object").
 */

/* Copy @src into @dst (room for @maxlen bytes) with its NUL; return the bytes written. */
L4_INLINE unsigned __strcpy_maxlen(char *dst, char const *src, unsigned maxlen)
{
	unsigned i;
	if (!maxlen)
		return 0;
	for (i = 0; i < maxlen - 1 && src[i]; ++i)
		dst[i] = src[i];
	dst[i] = '\0';
	return i + 1;
}

L4_INLINE l4_msgtag_t l4_debugger_set_object_name_u(l4_cap_idx_t cap, const char *name,
						    l4_utcb_t *utcb)
{
	l4_msg_regs_t *m = l4_utcb_mr_u(utcb);
	unsigned n;
	m->mr[0] = L4_DEBUGGER_NAME_SET_OP;
	n = __strcpy_maxlen((char *)&m->mr[1], name,
			    (L4_UTCB_GENERIC_DATA_SIZE - 3) * sizeof(l4_umword_t));
	return l4_invoke_debugger(cap, l4_msgtag(0, 1 + l4_bytes_to_mwords(n), 0, 0), utcb);
}

/* Name the object behind @cap (shown in the kernel's fault reports and panics). */
L4_INLINE l4_msgtag_t l4_debugger_set_object_name(l4_cap_idx_t cap, const char *name)
{
	return l4_debugger_set_object_name_u(cap, name, l4_utcb());
}

L4_INLINE unsigned long l4_debugger_global_id_u(l4_cap_idx_t cap, l4_utcb_t *utcb)
{
	l4_utcb_mr_u(utcb)->mr[0] = L4_DEBUGGER_GLOBAL_ID_OP;
	if (l4_error_u(l4_invoke_debugger(cap, l4_msgtag(0, 1, 0, 0), utcb), utcb))
		return ~0UL;
	return l4_utcb_mr_u(utcb)->mr[0];
}

/* The identity of the object behind @cap, the same in every task; ~0UL if invalid. */
L4_INLINE unsigned long l4_debugger_global_id(l4_cap_idx_t cap)
{
	return l4_debugger_global_id_u(cap, l4_utcb());
}

L4_INLINE unsigned long l4_debugger_kobj_to_id_u(l4_cap_idx_t cap, l4_addr_t kobjp, l4_utcb_t *utcb)
{
	l4_utcb_mr_u(utcb)->mr[0] = L4_DEBUGGER_KOBJ_TO_ID_OP;
	l4_utcb_mr_u(utcb)->mr[1] = kobjp;
	if (l4_error_u(l4_invoke_debugger(cap, l4_msgtag(0, 2, 0, 0), utcb), utcb))
		return ~0UL;
	return l4_utcb_mr_u(utcb)->mr[0];
}

L4_INLINE unsigned long l4_debugger_kobj_to_id(l4_cap_idx_t cap, l4_addr_t kobjp)
{
	return l4_debugger_kobj_to_id_u(cap, kobjp, l4_utcb());
}

L4_INLINE l4_msgtag_t l4_debugger_get_object_name_u(l4_cap_idx_t cap, unsigned id, char *name,
						    unsigned size, l4_utcb_t *utcb)
{
	l4_msgtag_t t;
	l4_utcb_mr_u(utcb)->mr[0] = L4_DEBUGGER_NAME_GET_OP;
	l4_utcb_mr_u(utcb)->mr[1] = id;
	t = l4_invoke_debugger(cap, l4_msgtag(0, 2, 0, 0), utcb);
	if (l4_error_u(t, utcb))
		__strcpy_maxlen(name, "", size);
	else
		__strcpy_maxlen(name, (char const *)&l4_utcb_mr_u(utcb)->mr[0],
				size < L4_KEEL_OBJ_NAME_LEN ? size : L4_KEEL_OBJ_NAME_LEN);
	return t;
}

/* The name of the named object with identity @id (-L4_ENOENT: none has it). */
L4_INLINE l4_msgtag_t l4_debugger_get_object_name(l4_cap_idx_t cap, unsigned id, char *name,
						  unsigned size)
{
	return l4_debugger_get_object_name_u(cap, id, name, size, l4_utcb());
}

L4_INLINE long l4_debugger_query_log_typeid_u(l4_cap_idx_t cap, const char *name, unsigned idx,
					      l4_utcb_t *utcb)
{
	l4_msg_regs_t *m = l4_utcb_mr_u(utcb);
	unsigned n;
	long e;
	m->mr[0] = L4_DEBUGGER_QUERY_LOG_TYPEID_OP;
	m->mr[1] = idx;
	n = __strcpy_maxlen((char *)&m->mr[2], name, 32);
	e = l4_error_u(l4_invoke_debugger(cap, l4_msgtag(0, 2 + l4_bytes_to_mwords(n), 0, 0), utcb),
		       utcb);
	return e < 0 ? e : (long)m->mr[0];
}

L4_INLINE long l4_debugger_query_log_typeid(l4_cap_idx_t cap, const char *name, unsigned idx)
{
	return l4_debugger_query_log_typeid_u(cap, name, idx, l4_utcb());
}

L4_INLINE long l4_debugger_query_log_name_u(l4_cap_idx_t cap, unsigned idx, char *name,
					    unsigned namelen, char *shortname,
					    unsigned shortnamelen, l4_utcb_t *utcb)
{
	l4_msg_regs_t *m = l4_utcb_mr_u(utcb);
	long e;
	m->mr[0] = L4_DEBUGGER_QUERY_LOG_NAME_OP;
	m->mr[1] = idx;
	e = l4_error_u(l4_invoke_debugger(cap, l4_msgtag(0, 2, 0, 0), utcb), utcb);
	if (e < 0)
		return e;
	char const *n = (char const *)&m->mr[0];
	unsigned len = 0;
	while (n[len])
		len++;
	__strcpy_maxlen(name, n, namelen);
	__strcpy_maxlen(shortname, n + len + 1, shortnamelen);
	return 0;
}

L4_INLINE long l4_debugger_query_log_name(l4_cap_idx_t cap, unsigned idx, char *name,
					  unsigned namelen, char *shortname, unsigned shortnamelen)
{
	return l4_debugger_query_log_name_u(cap, idx, name, namelen, shortname, shortnamelen,
					    l4_utcb());
}

L4_INLINE l4_msgtag_t l4_debugger_switch_log_u(l4_cap_idx_t cap, const char *name, int on_off,
					       l4_utcb_t *utcb)
{
	l4_msg_regs_t *m = l4_utcb_mr_u(utcb);
	unsigned n;
	m->mr[0] = L4_DEBUGGER_SWITCH_LOG_OP;
	m->mr[1] = (l4_umword_t)on_off;
	n = __strcpy_maxlen((char *)&m->mr[2], name, 32);
	return l4_invoke_debugger(cap, l4_msgtag(0, 2 + l4_bytes_to_mwords(n), 0, 0), utcb);
}

L4_INLINE l4_msgtag_t l4_debugger_switch_log(l4_cap_idx_t cap, const char *name, int on_off)
{
	return l4_debugger_switch_log_u(cap, name, on_off, l4_utcb());
}

#endif
