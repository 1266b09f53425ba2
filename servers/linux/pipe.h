/* pipe.h - the Linux server's pipes and the data of its FIFOs: rings in the core. */
#ifndef LINUX_PIPE_H
#define LINUX_PIPE_H

#include "fs_defs.h"

/* A pipe: a ring of up to FS_PIPE_SIZE bytes, of which size are used, in pages, and how
 * many open files read and write it.
 * A FIFO's pipe is found by its inode number (fifo_ino) while an end is open. */
struct lx_pipe {
	uint8_t *page[FS_PIPE_SIZE / FS_PAGE]; /* the ring's pages (NULL: not written yet) */
	uint32_t head, len, size;
	uint32_t readers, writers;
	uint32_t fifo_ino; /* 0: an unnamed pipe */
	uint32_t id;	   /* the inode number fstat shows for an unnamed pipe */
	uint64_t made;	   /* ns: its times */
	struct lx_pipe *next;
};

/* A new unnamed pipe (no ends yet), or NULL (no memory: ENFILE). */
struct lx_pipe *lx_pipe_new(uint64_t now);
/* The pipe of the FIFO with inode number @ino: the one its open ends share, or a new
 * one. NULL: no memory. */
struct lx_pipe *lx_pipe_of_fifo(uint32_t ino, uint64_t now);
/* Count an open file with access mode @acc (FS_O_*) as a reader and/or writer; and
 * uncount it, which frees the pipe when it has no end left. */
void lx_pipe_open(struct lx_pipe *pp, uint32_t acc);
void lx_pipe_close(struct lx_pipe *pp, uint32_t acc);

/* Read and write: bytes, -EAGAIN where a blocking call would wait (empty with a
 * writer; full with a reader; a write of at most FS_PIPE_ATOMIC bytes goes in whole),
 * 0 at the end (no writer), -EPIPE with no reader, -ENOMEM (a write: no memory for a
 * page of the ring it reaches first). */
long lx_pipe_read(struct lx_pipe *pp, void *buf, size_t n);
long lx_pipe_write(struct lx_pipe *pp, const void *buf, size_t n);
/* F_GETPIPE_SZ and F_SETPIPE_SZ: the capacity, or set it to @size rounded up to a power
 * of two from 4096 to FS_PIPE_SIZE. Return: the capacity, or -EPERM (more than
 * FS_PIPE_SIZE), -EBUSY (less than it holds). */
long lx_pipe_size(struct lx_pipe *pp, bool set, uint32_t size);
/* Poll bits (POLLIN 1, POLLOUT 4, POLLERR 8, POLLHUP 0x10) of an end with access @acc. */
unsigned lx_pipe_poll(const struct lx_pipe *pp, uint32_t acc);

#endif
