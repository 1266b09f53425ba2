/* pipe.c - the Linux server's pipes: rings of bytes in the core, unnamed or a FIFO's. */
#include "pipe.h"
#include "fs.h"
#include <string.h>

/*
 * Pipes live in the core, not in the file-system task: a pipe's read or write is the
 * hot path of a shell pipeline, and waiting for one is the core's business. A FIFO is
 * a name in the file system; its data is a pipe here, found by the FIFO's inode number
 * (inode numbers are never used twice) while one of its ends is open, and gone with
 * the last end, as on Linux. A ring's pages come as writes reach them and stay until
 * the pipe goes, so that a program may hold as many pipes as it has descriptors for,
 * each with a byte in it, as on Linux.
 */

static struct lx_pipe *fifos; /* the pipes of open FIFOs */
static uint32_t next_id = 0x20000;

struct lx_pipe *lx_pipe_new(uint64_t now)
{
	struct lx_pipe *pp = fs_zalloc(sizeof(*pp));
	if (!pp)
		return NULL;
	pp->size = FS_PIPE_SIZE; /* its pages come with the writes */
	pp->id = next_id++;
	pp->made = now;
	return pp;
}

struct lx_pipe *lx_pipe_of_fifo(uint32_t ino, uint64_t now)
{
	for (struct lx_pipe *pp = fifos; pp; pp = pp->next)
		if (pp->fifo_ino == ino)
			return pp;
	struct lx_pipe *pp = lx_pipe_new(now);
	if (pp) {
		pp->fifo_ino = ino;
		pp->next = fifos;
		fifos = pp;
	}
	return pp;
}

void lx_pipe_open(struct lx_pipe *pp, uint32_t acc)
{
	pp->readers += acc != FS_O_WRONLY;
	pp->writers += acc != FS_O_RDONLY;
}

void lx_pipe_close(struct lx_pipe *pp, uint32_t acc)
{
	pp->readers -= acc != FS_O_WRONLY;
	pp->writers -= acc != FS_O_RDONLY;
	if (pp->readers || pp->writers)
		return;
	for (struct lx_pipe **at = &fifos; *at; at = &(*at)->next) {
		if (*at == pp) {
			*at = pp->next;
			break;
		}
	}
	for (unsigned i = 0; i < FS_PIPE_SIZE / FS_PAGE; i++)
		if (pp->page[i])
			fs_free(pp->page[i], FS_PAGE);
	fs_free(pp, sizeof(*pp));
}

/* Copy @n bytes between @buf and the ring from ring position @pos on, a page at a time
 * (the ring's size is a multiple of a page: no copy crosses its end). */
static void ring_copy(struct lx_pipe *pp, uint32_t pos, uint8_t *buf, size_t n, bool in)
{
	while (n) {
		uint32_t at = pos % pp->size, off = at % FS_PAGE;
		size_t chunk = FS_PAGE - off < n ? FS_PAGE - off : n;
		uint8_t *page = pp->page[at / FS_PAGE];
		if (in)
			memcpy(page + off, buf, chunk);
		else
			memcpy(buf, page + off, chunk);
		pos += (uint32_t)chunk;
		buf += chunk;
		n -= chunk;
	}
}

/* The pages of ring positions [pos, pos + n): each there, or -ENOMEM. */
static long ring_pages(struct lx_pipe *pp, uint32_t pos, size_t n)
{
	for (uint32_t i = 0; i < n; i += FS_PAGE - (pos + i) % FS_PAGE) {
		uint8_t **page = &pp->page[(pos + i) % pp->size / FS_PAGE];
		if (!*page && !(*page = fs_zalloc(FS_PAGE)))
			return -LX_ENOMEM;
	}
	return 0;
}

long lx_pipe_read(struct lx_pipe *pp, void *out, size_t n)
{
	if (!n)
		return 0;
	if (!pp->len)
		return pp->writers ? -LX_EAGAIN : 0;
	if (n > pp->len)
		n = pp->len;
	ring_copy(pp, pp->head, out, n, false);
	pp->head = (pp->head + (uint32_t)n) % pp->size;
	pp->len -= (uint32_t)n;
	return (long)n;
}

long lx_pipe_write(struct lx_pipe *pp, const void *in, size_t n)
{
	size_t room = pp->size - pp->len;
	if (!n)
		return 0; /* before the readers are looked at, as Linux's pipe_write */
	if (!pp->readers)
		return -LX_EPIPE;
	if (!room || (n <= FS_PIPE_ATOMIC && room < n))
		return -LX_EAGAIN; /* a small write waits to go in whole */
	if (n > room)
		n = room;
	uint32_t tail = pp->head + pp->len;
	if (ring_pages(pp, tail, n))
		return -LX_ENOMEM;
	ring_copy(pp, tail, (uint8_t *)(uintptr_t)in, n, true);
	pp->len += (uint32_t)n;
	return (long)n;
}

long lx_pipe_size(struct lx_pipe *pp, bool set, uint32_t size)
{
	if (!set)
		return pp->size;
	uint32_t want = FS_PIPE_ATOMIC;
	if (size > FS_PIPE_SIZE)
		return -LX_EPERM;
	while (want < size)
		want *= 2;
	if (want < pp->len)
		return -LX_EBUSY;
	/* What it holds goes to the start, so that the ring works with the new size; the
	 * pages past it go. */
	static uint8_t tmp[FS_PIPE_SIZE];
	uint32_t len = pp->len;
	ring_copy(pp, pp->head, tmp, len, false);
	pp->head = 0;
	pp->size = want;
	for (uint32_t i = want / FS_PAGE; i < FS_PIPE_SIZE / FS_PAGE; i++) {
		if (pp->page[i])
			fs_free(pp->page[i], FS_PAGE);
		pp->page[i] = NULL;
	}
	if (ring_pages(pp, 0, len)) /* pages it had at other places */
		return -LX_ENOMEM;
	ring_copy(pp, 0, tmp, len, true);
	return want;
}

unsigned lx_pipe_poll(const struct lx_pipe *pp, uint32_t acc)
{
	unsigned ev = 0;
	if (acc != FS_O_WRONLY) {
		ev |= pp->len ? 1 : 0;
		ev |= pp->writers ? 0 : 0x10;
	}
	if (acc != FS_O_RDONLY) {
		ev |= pp->size - pp->len >= FS_PIPE_ATOMIC ? 4 : 0;
		ev |= pp->readers ? 0 : 8;
	}
	return ev;
}
