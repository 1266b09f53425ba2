/* logger.c - fw_logger: a log server; each session's lines go to the kernel log, tagged. */
#include <l4/re/c/util/cap_alloc.h>
#include <l4/re/env.h>
#include <l4/sys/factory.h>
#include <l4/sys/ipc.h>
#include <l4/sys/rcv_endpoint.h>
#include <l4/sys/task.h>
#include <l4/sys/vcon.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* Receive labels, multiples of 4 (a gate ORs the sender's W and S rights into bits
 * 0-1): the service gate, and session i's gate LABEL_SESSION0 + 4 * i. */
#define LABEL_FACTORY  8
#define LABEL_SESSION0 16

#define SESSIONS_MAX 4	 /* live sessions: the system has two clients, and a root */
#define TAG_MAX	     16	 /* characters of a session's tag, as the console allows */
#define LINE_MAX     120 /* a longer line is printed in pieces of this many bytes */

/* One client's session: a gate of ours, and the line it is writing. */
struct session {
	bool used;
	l4_cap_idx_t gate;
	char tag[TAG_MAX + 1];
	char line[LINE_MAX + 1];
	unsigned len;
	l4_vcon_attr_t attr; /* kept and returned as sent; a log has no terminal to apply
				them to */
};

static struct session sessions[SESSIONS_MAX];

/* A client's byte as we print it: printable ASCII as it is, anything else (escape
 * sequences, other control characters) as '?', so no client can garble the log. */
static char safe(char c)
{
	return c >= 0x20 && c < 0x7f ? c : '?';
}

/* Print @s's line, tagged, to our own stdout: the kernel log. */
static void flush(struct session *s)
{
	s->line[s->len] = 0;
	printf("[fw-log] %s: %s\n", s->tag, s->line);
	s->len = 0;
}

/* WRITE: mr1 size, the bytes from mr2; each complete line is printed. */
static long log_write(struct session *s, const l4_msg_regs_t *mr, unsigned words)
{
	if (words < 2)
		return -L4_EMSGTOOSHORT;
	l4_umword_t size = mr->mr[1];
	if (size > L4_VCON_WRITE_SIZE) /* first: the next check would overflow */
		return -L4_EINVAL;
	if (size > (words - 2) * sizeof(l4_umword_t))
		return -L4_EMSGTOOSHORT;
	/* Copy first: printing a line is an IPC to the kernel log, which overwrites our
	 * message registers. */
	char bytes[L4_VCON_WRITE_SIZE];
	memcpy(bytes, &mr->mr[2], size);
	for (l4_umword_t i = 0; i < size; i++) {
		if (bytes[i] == '\n') {
			flush(s);
			continue;
		}
		s->line[s->len++] = safe(bytes[i]);
		if (s->len == LINE_MAX)
			flush(s);
	}
	return 0;
}

/* READ: a log has no input; the reply says so (no bytes, nothing left). */
static l4_msgtag_t log_read(l4_msg_regs_t *mr)
{
	mr->mr[0] = L4_VCON_READ_STAT_DONE;
	return l4_msgtag(0, 1, 0, 0);
}

/* SET_ATTR: mr1..mr3 i_flags, o_flags, l_flags. */
static long log_set_attr(struct session *s, const l4_msg_regs_t *mr, unsigned words)
{
	if (words < 4)
		return -L4_EMSGTOOSHORT;
	s->attr.i_flags = mr->mr[1];
	s->attr.o_flags = mr->mr[2];
	s->attr.l_flags = mr->mr[3];
	return 0;
}

/* GET_ATTR: reply mr1..mr3 as set. */
static l4_msgtag_t log_get_attr(const struct session *s, l4_msg_regs_t *mr)
{
	mr->mr[0] = 0;
	mr->mr[1] = s->attr.i_flags;
	mr->mr[2] = s->attr.o_flags;
	mr->mr[3] = s->attr.l_flags;
	return l4_msgtag(0, 4, 0, 0);
}

/* A request on session @s's gate: the vcon protocol (L4_PROTO_LOG, op in mr0). */
static l4_msgtag_t session_request(struct session *s, l4_msgtag_t tag, l4_msg_regs_t *mr)
{
	unsigned words = l4_msgtag_words(tag);
	if (l4_msgtag_label(tag) != L4_PROTO_LOG)
		return l4_msgtag(-L4_EBADPROTO, 0, 0, 0);
	if (l4_msgtag_items(tag) != 0)
		return l4_msgtag(-L4_EINVAL, 0, 0, 0);
	if (words < 1)
		return l4_msgtag(-L4_EMSGTOOSHORT, 0, 0, 0);
	switch (mr->mr[0] & L4_VCON_OP_MASK) {
	case L4_VCON_WRITE_OP:
		return l4_msgtag(log_write(s, mr, words), 0, 0, 0);
	case L4_VCON_READ_OP:
		return log_read(mr);
	case L4_VCON_SET_ATTR_OP:
		return l4_msgtag(log_set_attr(s, mr, words), 0, 0, 0);
	case L4_VCON_GET_ATTR_OP:
		return log_get_attr(s, mr);
	default:
		return l4_msgtag(-L4_ENOSYS, 0, 0, 0);
	}
}

/* The optional string argument of a create (mr1 type | length << 16, the bytes with
 * their NUL from mr2): the session's tag, made printable. */
static long parse_tag(const l4_msg_regs_t *mr, unsigned words, char *tag)
{
	strcpy(tag, "?");
	if (words < 2)
		return 0;
	unsigned type = mr->mr[1] & 0xff;
	unsigned long len = mr->mr[1] >> 16;
	if (type != L4_VARG_TYPE_STRING || len > TAG_MAX + 1 ||
	    words < 2 + (len + sizeof(l4_umword_t) - 1) / sizeof(l4_umword_t))
		return -L4_EINVAL;
	const char *s = (const char *)&mr->mr[2];
	unsigned n = 0;
	while (n < len && n < TAG_MAX && s[n]) /* the client's NUL may be missing */
		n++;
	for (unsigned i = 0; i < n; i++)
		tag[i] = safe(s[i]);
	if (n)
		tag[n] = 0;
	return 0;
}

/* Free the sessions no client can reach any more: the kernel tells us whether our
 * gate capability still has copies derived from it (the ones mapped to clients). */
static void reclaim(void)
{
	for (unsigned i = 0; i < SESSIONS_MAX; i++) {
		struct session *s = &sessions[i];
		if (!s->used || l4_error(l4_task_cap_has_child(L4_BASE_TASK_CAP, s->gate)) != 0)
			continue;
		l4_task_delete_obj(L4_BASE_TASK_CAP, s->gate);
		l4re_util_cap_free(s->gate);
		s->used = false;
	}
}

/* A free session slot, reclaiming abandoned sessions if need be; or NULL. */
static struct session *free_slot(void)
{
	for (int pass = 0; pass < 2; pass++) {
		for (unsigned i = 0; i < SESSIONS_MAX; i++)
			if (!sessions[i].used)
				return &sessions[i];
		reclaim();
	}
	return NULL;
}

/* A new session tagged @tag: a gate bound to our thread with the slot's label. */
static struct session *session_open(const char *tag)
{
	struct session *s = free_slot();
	if (!s)
		return NULL;
	l4_umword_t label = LABEL_SESSION0 + 4 * (l4_umword_t)(s - sessions);
	l4_cap_idx_t gate = l4re_util_cap_alloc();
	if (l4_is_invalid_cap(gate))
		return NULL;
	if (l4_error(l4_factory_create_gate(l4re_env()->factory, gate, l4re_env()->main_thread,
					    label)) < 0) {
		l4re_util_cap_free(gate);
		return NULL;
	}
	memset(s, 0, sizeof(*s));
	s->used = true;
	s->gate = gate;
	strcpy(s->tag, tag);
	return s;
}

/* A request on the service gate: FACTORY create of a LOG session, the gate mapped
 * to the caller in the reply. */
static l4_msgtag_t factory_request(l4_msgtag_t tag, l4_msg_regs_t *mr)
{
	unsigned words = l4_msgtag_words(tag);
	if (l4_msgtag_label(tag) != L4_PROTO_FACTORY)
		return l4_msgtag(-L4_EBADPROTO, 0, 0, 0);
	if (l4_msgtag_items(tag) != 0)
		return l4_msgtag(-L4_EINVAL, 0, 0, 0);
	if (words < 1)
		return l4_msgtag(-L4_EMSGTOOSHORT, 0, 0, 0);
	if ((long)mr->mr[0] != L4_PROTO_LOG)
		return l4_msgtag(-L4_ENODEV, 0, 0, 0);
	char name[TAG_MAX + 1];
	if (parse_tag(mr, words, name) < 0)
		return l4_msgtag(-L4_EINVAL, 0, 0, 0);
	struct session *s = session_open(name);
	if (!s)
		return l4_msgtag(-L4_ENOMEM, 0, 0, 0);
	mr->mr[0] = l4_map_obj_control(0, 0);
	mr->mr[1] = l4_obj_fpage(s->gate, 0, L4_CAP_FPAGE_RW).raw;
	return l4_msgtag(0, 0, 1, 0);
}

/* The session whose gate has @label (rights bits cleared), or NULL. */
static struct session *session_of_label(l4_umword_t label)
{
	if (label < LABEL_SESSION0 || label % 4)
		return NULL;
	l4_umword_t i = (label - LABEL_SESSION0) / 4;
	return i < SESSIONS_MAX && sessions[i].used ? &sessions[i] : NULL;
}

static l4_msgtag_t dispatch(l4_umword_t label, l4_msgtag_t tag, l4_msg_regs_t *mr)
{
	if (label == LABEL_FACTORY)
		return factory_request(tag, mr);
	struct session *s = session_of_label(label);
	if (!s) /* not one of our gates: a message sent straight to our thread */
		return l4_msgtag(-L4_EINVAL, 0, 0, 0);
	return session_request(s, tag, mr);
}

/* Accept no items (br0 is no capability slot and no receive window). */
static void refuse_items(l4_utcb_t *u)
{
	l4_buf_regs_t *br = l4_utcb_br_u(u);
	br->bdr = 0;
	br->br[0] = 0;
}

/* Serve the service gate and the session gates for ever. */
static void serve(void)
{
	l4_utcb_t *u = l4_utcb();
	l4_umword_t label;
	refuse_items(u);
	l4_msgtag_t tag = l4_ipc_wait(u, &label, L4_IPC_NEVER);
	for (;;) {
		if (l4_ipc_error(tag, u)) {
			refuse_items(u);
			tag = l4_ipc_wait(u, &label, L4_IPC_NEVER);
			continue;
		}
		/* Writes come as sends (l4_vcon_write): the reply then finds no caller
		 * waiting and goes nowhere, which is harmless. */
		l4_msgtag_t reply = dispatch(label & ~3UL, tag, l4_utcb_mr_u(u));
		refuse_items(u);
		tag = l4_ipc_reply_and_wait(u, reply, &label, L4_IPC_NEVER);
	}
}

/* Our capability: "srv", the service gate with the server right. Our own stdout is
 * the kernel log, where the clients' lines go. */
int main(void)
{
	l4_cap_idx_t gate = l4re_env_get_cap("srv");
	if (l4_is_invalid_cap(gate)) {
		printf("fw_logger: no srv capability\n");
		return 1;
	}
	if (l4_error(l4_rcv_ep_bind_thread(gate, l4re_env()->main_thread, LABEL_FACTORY)) < 0) {
		printf("fw_logger: cannot bind srv (no server right?)\n");
		return 2;
	}
	serve();
	return 0;
}
