/* pipe.c - the Linux server's pipes: rings of bytes in the core, unnamed or a FIFO's. */
#include "pipe.h"
#include "fs.h"
#include <string.h>

/*
 * Pipes live in the core, not in the file-system task: a pipe's read or write is the
 * hot path of a shell pipeline, and waiting for one is the core's business. A FIFO is
 * a name in the file system; its data is a pipe here, found by the FIFO's inode number
 * (inode numbers are never used twice) while one of its ends is open, and gone with
 * the last end, as on Linux.
 */

static struct lx_pipe *fifos; /* the pipes of open FIFOs */
static uint32_t next_id = 0x20000;

struct lx_pipe *lx_pipe_new(uint64_t now)
{
	struct lx_pipe *pp = fs_zalloc(sizeof(*pp));
	if (!pp)
		return NULL;
	pp->buf = fs_zalloc(FS_PIPE_SIZE);
	if (!pp->buf) {
		fs_free(pp, sizeof(*pp));
		return NULL;
	}
	pp->size = FS_PIPE_SIZE;
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
	fs_free(pp->buf, FS_PIPE_SIZE);
	fs_free(pp, sizeof(*pp));
}

long lx_pipe_read(struct lx_pipe *pp, void *out, size_t n)
{
	uint8_t *buf = out;
	if (!n)
		return 0;
	if (!pp->len)
		return pp->writers ? -LX_EAGAIN : 0;
	if (n > pp->len)
		n = pp->len;
	size_t first = pp->size - pp->head < n ? pp->size - pp->head : n; /* up to the wrap */
	memcpy(buf, pp->buf + pp->head, first);
	memcpy(buf + first, pp->buf, n - first);
	pp->head = (pp->head + (uint32_t)n) % pp->size;
	pp->len -= (uint32_t)n;
	return (long)n;
}

long lx_pipe_write(struct lx_pipe *pp, const void *in, size_t n)
{
	const uint8_t *buf = in;
	size_t room = pp->size - pp->len;
	if (!n)
		return 0; /* before the readers are looked at, as Linux's pipe_write */
	if (!pp->readers)
		return -LX_EPIPE;
	if (!room || (n <= FS_PIPE_ATOMIC && room < n))
		return -LX_EAGAIN; /* a small write waits to go in whole */
	if (n > room)
		n = room;
	size_t tail = (pp->head + pp->len) % pp->size;
	size_t first = pp->size - tail < n ? pp->size - tail : n; /* up to the wrap */
	memcpy(pp->buf + tail, buf, first);
	memcpy(pp->buf, buf + first, n - first);
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
	/* Move what it holds to the start, so that the ring works with the new size. */
	static uint8_t tmp[FS_PIPE_SIZE];
	for (uint32_t i = 0; i < pp->len; i++)
		tmp[i] = pp->buf[(pp->head + i) % pp->size];
	memcpy(pp->buf, tmp, pp->len);
	pp->head = 0;
	pp->size = want;
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
