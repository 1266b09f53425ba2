/* test_linux_pipe.c - host tests of the Linux server's pipes and FIFO data (servers/linux/pipe.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fs.h"
#include "pipe.h"

/*
 * The server has an arena of its own; here the C library's heap (ASan watches it),
 * with a count of what is out: every test ends with all of its pipes freed, and each
 * fs_free() names the size its fs_zalloc() had.
 */
static long live_blocks, live_bytes;

void *fs_zalloc(size_t n)
{
	void *p = calloc(1, n);
	if (p)
		live_blocks++, live_bytes += (long)n;
	return p;
}

void fs_free(void *p, size_t n)
{
	live_blocks--, live_bytes -= (long)n;
	free(p);
}

#define POLLIN	0x1u
#define POLLOUT 0x4u
#define POLLERR 0x8u
#define POLLHUP 0x10u

/* The bytes written and read follow one sequence, so that any byte out of place,
 * lost or doubled is seen (its period is longer than a pipe). */
static uint64_t wseq, rseq;

static uint8_t seq_byte(uint64_t k)
{
	return (uint8_t)(k + (k >> 8) * 7 + (k >> 16) * 13);
}

/* Write the next @n bytes of the sequence: what lx_pipe_write() returns. */
static long put_seq(struct lx_pipe *pp, size_t n)
{
	static uint8_t data[2 * FS_PIPE_SIZE];
	assert_true(n <= sizeof(data));
	for (size_t i = 0; i < n; i++)
		data[i] = seq_byte(wseq + i);
	long r = lx_pipe_write(pp, data, n);
	if (r > 0)
		wseq += (uint64_t)r;
	return r;
}

/* Read up to @n bytes, which must be the next of the sequence: what lx_pipe_read()
 * returns. */
static long get_seq(struct lx_pipe *pp, size_t n)
{
	static uint8_t data[2 * FS_PIPE_SIZE + 1];
	assert_true(n < sizeof(data));
	memset(data, 0xee, sizeof(data));
	long r = lx_pipe_read(pp, data, n);
	for (long i = 0; i < r; i++)
		if (data[i] != seq_byte(rseq + (uint64_t)i))
			fail_msg("byte %ld of a read of %zu (sequence %llu) is wrong", i, n,
				 (unsigned long long)(rseq + (uint64_t)i));
	if (r >= 0)
		assert_int_equal(data[r], 0xee); /* nothing past what it returns */
	if (r > 0)
		rseq += (uint64_t)r;
	return r;
}

/* A new unnamed pipe with a reader and a writer. */
static struct lx_pipe *pipe_both(void)
{
	struct lx_pipe *pp = lx_pipe_new(1);
	assert_non_null(pp);
	lx_pipe_open(pp, FS_O_RDONLY);
	lx_pipe_open(pp, FS_O_WRONLY);
	return pp;
}

static int setup(void **state)
{
	(void)state;
	wseq = rseq = 0;
	live_blocks = live_bytes = 0;
	return 0;
}

/* Every pipe a test made is freed when its last end closes. */
static int teardown(void **state)
{
	(void)state;
	return live_blocks == 0 && live_bytes == 0 ? 0 : -1;
}

static void test_new(void **state)
{
	(void)state;
	struct lx_pipe *pp = lx_pipe_new(5), *qq = lx_pipe_new(6);
	assert_non_null(pp);
	assert_non_null(qq);
	assert_int_equal(live_blocks, 2); /* the pipes; their pages come with writes */
	assert_int_equal(pp->size, FS_PIPE_SIZE);
	assert_int_equal(pp->len, 0);
	assert_int_equal(pp->head, 0);
	assert_int_equal(pp->readers, 0);
	assert_int_equal(pp->writers, 0);
	assert_int_equal(pp->fifo_ino, 0);
	assert_int_equal(pp->made, 5);
	assert_true(pp->id >= 0x20000);
	assert_int_equal(qq->id, pp->id + 1); /* an inode number of its own */
	assert_int_equal(lx_pipe_size(pp, false, 0), FS_PIPE_SIZE);
	/* An end that reads and writes counts as both. */
	lx_pipe_open(pp, FS_O_RDWR);
	assert_int_equal(pp->readers, 1);
	assert_int_equal(pp->writers, 1);
	lx_pipe_close(pp, FS_O_RDWR); /* frees it */
	assert_int_equal(live_blocks, 1);
	lx_pipe_open(qq, FS_O_RDONLY);
	lx_pipe_open(qq, FS_O_RDONLY);
	lx_pipe_open(qq, FS_O_WRONLY);
	assert_int_equal(qq->readers, 2);
	assert_int_equal(qq->writers, 1);
	lx_pipe_close(qq, FS_O_RDONLY);
	lx_pipe_close(qq, FS_O_WRONLY);
	assert_int_equal(live_blocks, 1); /* a reader is left */
	lx_pipe_close(qq, FS_O_RDONLY);
}

static void test_read_write(void **state)
{
	(void)state;
	struct lx_pipe *pp = pipe_both();
	char out[16];
	assert_int_equal(lx_pipe_write(pp, "hello", 5), 5);
	assert_int_equal(pp->len, 5);
	assert_int_equal(lx_pipe_read(pp, out, 3), 3);
	assert_memory_equal(out, "hel", 3);
	assert_int_equal(lx_pipe_write(pp, " world", 6), 6);
	memset(out, 0, sizeof(out));
	assert_int_equal(lx_pipe_read(pp, out, sizeof(out)), 8); /* what there is */
	assert_memory_equal(out, "lo world", 8);
	/* Empty with a writer: a blocking read would wait. */
	assert_int_equal(lx_pipe_read(pp, out, sizeof(out)), -LX_EAGAIN);
	/* The writer gone, what is left is read, then the end. */
	assert_int_equal(lx_pipe_write(pp, "tail", 4), 4);
	lx_pipe_close(pp, FS_O_WRONLY);
	assert_int_equal(lx_pipe_read(pp, out, 2), 2);
	assert_memory_equal(out, "ta", 2);
	assert_int_equal(lx_pipe_read(pp, out, sizeof(out)), 2);
	assert_memory_equal(out, "il", 2);
	assert_int_equal(lx_pipe_read(pp, out, sizeof(out)), 0);
	assert_int_equal(lx_pipe_read(pp, out, sizeof(out)), 0);
	lx_pipe_close(pp, FS_O_RDONLY);
}

static void test_eof_without_writer(void **state)
{
	(void)state;
	/* A pipe only read: the end at once. */
	struct lx_pipe *pp = lx_pipe_new(1);
	char out[4];
	lx_pipe_open(pp, FS_O_RDONLY);
	assert_int_equal(lx_pipe_read(pp, out, sizeof(out)), 0);
	/* A writer comes: it waits again. */
	lx_pipe_open(pp, FS_O_WRONLY);
	assert_int_equal(lx_pipe_read(pp, out, sizeof(out)), -LX_EAGAIN);
	lx_pipe_close(pp, FS_O_WRONLY);
	assert_int_equal(lx_pipe_read(pp, out, sizeof(out)), 0);
	lx_pipe_close(pp, FS_O_RDONLY);
}

static void test_epipe(void **state)
{
	(void)state;
	struct lx_pipe *pp = pipe_both();
	assert_int_equal(put_seq(pp, 10), 10);
	lx_pipe_close(pp, FS_O_RDONLY);
	assert_int_equal(put_seq(pp, 1), -LX_EPIPE);
	assert_int_equal(put_seq(pp, FS_PIPE_SIZE), -LX_EPIPE);
	assert_int_equal(pp->len, 10);
	/* A full pipe without a reader: EPIPE, not EAGAIN. */
	lx_pipe_open(pp, FS_O_RDONLY);
	assert_int_equal(put_seq(pp, FS_PIPE_SIZE), FS_PIPE_SIZE - 10);
	assert_int_equal(put_seq(pp, 1), -LX_EAGAIN);
	lx_pipe_close(pp, FS_O_RDONLY);
	assert_int_equal(put_seq(pp, 1), -LX_EPIPE);
	lx_pipe_close(pp, FS_O_WRONLY); /* frees it, full */
}

static void test_full_and_atomic(void **state)
{
	(void)state;
	struct lx_pipe *pp = pipe_both();
	/* More than a pipe holds: what fits (a large write is split). */
	assert_int_equal(put_seq(pp, FS_PIPE_SIZE + 100), FS_PIPE_SIZE);
	assert_int_equal(pp->len, FS_PIPE_SIZE);
	assert_int_equal(put_seq(pp, 1), -LX_EAGAIN);
	assert_int_equal(put_seq(pp, FS_PIPE_ATOMIC + 1), -LX_EAGAIN); /* no room at all */
	/* 100 bytes of room: a write of up to FS_PIPE_ATOMIC goes in whole or not at all. */
	assert_int_equal(get_seq(pp, 100), 100);
	assert_int_equal(put_seq(pp, 101), -LX_EAGAIN);
	assert_int_equal(put_seq(pp, FS_PIPE_ATOMIC), -LX_EAGAIN);
	assert_int_equal(pp->len, FS_PIPE_SIZE - 100);
	assert_int_equal(put_seq(pp, 100), 100);
	assert_int_equal(get_seq(pp, 100), 100);
	assert_int_equal(put_seq(pp, FS_PIPE_ATOMIC + 1), 100); /* larger: split */
	/* Room of FS_PIPE_ATOMIC - 1 and FS_PIPE_ATOMIC, at the edge. */
	assert_int_equal(get_seq(pp, FS_PIPE_ATOMIC - 1), FS_PIPE_ATOMIC - 1);
	assert_int_equal(put_seq(pp, FS_PIPE_ATOMIC), -LX_EAGAIN);
	assert_int_equal(put_seq(pp, FS_PIPE_ATOMIC - 1), FS_PIPE_ATOMIC - 1);
	assert_int_equal(get_seq(pp, FS_PIPE_ATOMIC), FS_PIPE_ATOMIC);
	assert_int_equal(put_seq(pp, FS_PIPE_ATOMIC), FS_PIPE_ATOMIC);
	assert_int_equal(pp->len, FS_PIPE_SIZE);
	/* All of it comes out in order. */
	while (pp->len)
		assert_true(get_seq(pp, 7777) > 0);
	assert_int_equal(rseq, wseq);
	assert_int_equal(get_seq(pp, 1), -LX_EAGAIN);
	lx_pipe_close(pp, FS_O_RDONLY);
	lx_pipe_close(pp, FS_O_WRONLY);
}

static void test_wrap(void **state)
{
	(void)state;
	struct lx_pipe *pp = pipe_both();
	/* Just before the end of the ring, then across it. */
	assert_int_equal(put_seq(pp, FS_PIPE_SIZE - 3), FS_PIPE_SIZE - 3);
	assert_int_equal(get_seq(pp, FS_PIPE_SIZE - 3), FS_PIPE_SIZE - 3);
	assert_int_equal(pp->head, FS_PIPE_SIZE - 3);
	assert_int_equal(put_seq(pp, 10), 10); /* 3 at the end, 7 at the start */
	assert_int_equal(get_seq(pp, 2), 2);
	assert_int_equal(get_seq(pp, 5), 5); /* a read across the end */
	assert_int_equal(pp->head, 4);
	assert_int_equal(get_seq(pp, 100), 3);
	/* Many rounds of odd sizes: the ring goes round and round, nothing is out of place. */
	size_t w = 1, r = 1;
	for (int round = 0; round < 2000; round++) {
		w = (w * 7 + 13) % 9001 + 1;
		r = (r * 11 + 5) % 8999 + 1;
		long put = put_seq(pp, w);
		assert_true(put > 0 || put == -LX_EAGAIN);
		assert_true(pp->len <= pp->size && pp->head < pp->size);
		long got = get_seq(pp, r);
		assert_true(got > 0 || got == -LX_EAGAIN);
	}
	assert_true(wseq > 20 * (uint64_t)FS_PIPE_SIZE);
	while (pp->len)
		assert_true(get_seq(pp, 4000) > 0);
	assert_int_equal(rseq, wseq);
	/* A smaller ring wraps at its own size: writes and reads across its end. */
	assert_int_equal(lx_pipe_size(pp, true, 4096), 4096);
	assert_int_equal(put_seq(pp, 3000), 3000);
	assert_int_equal(get_seq(pp, 3000), 3000);
	assert_int_equal(put_seq(pp, 2000), 2000);
	assert_int_equal(pp->head, 3000);
	assert_int_equal(get_seq(pp, 2000), 2000);
	assert_int_equal(pp->head, 904);
	for (int round = 0; round < 100; round++) {
		assert_int_equal(put_seq(pp, 2001), 2001);
		assert_int_equal(put_seq(pp, 1000), 1000); /* after data that may wrap */
		assert_int_equal(get_seq(pp, 3001), 3001);
	}
	lx_pipe_close(pp, FS_O_WRONLY);
	lx_pipe_close(pp, FS_O_RDONLY);
}

static void test_size(void **state)
{
	(void)state;
	struct lx_pipe *pp = pipe_both();
	assert_int_equal(lx_pipe_size(pp, false, 12345), FS_PIPE_SIZE);
	/* Rounded up to a power of two, from FS_PIPE_ATOMIC on. */
	static const uint32_t ask[] = {0, 1, 4096, 4097, 8192, 10000, 32769, FS_PIPE_SIZE};
	static const uint32_t got[] = {4096, 4096, 4096, 8192, 8192, 16384, 65536, FS_PIPE_SIZE};
	for (size_t i = 0; i < sizeof(ask) / sizeof(ask[0]); i++) {
		assert_int_equal(lx_pipe_size(pp, true, ask[i]), got[i]);
		assert_int_equal(lx_pipe_size(pp, false, 0), got[i]);
	}
	/* More than FS_PIPE_SIZE: EPERM, the size stays. */
	assert_int_equal(lx_pipe_size(pp, true, 16384), 16384);
	assert_int_equal(lx_pipe_size(pp, true, FS_PIPE_SIZE + 1), -LX_EPERM);
	assert_int_equal(lx_pipe_size(pp, true, 0x80000001u), -LX_EPERM);
	assert_int_equal(lx_pipe_size(pp, true, UINT32_MAX), -LX_EPERM);
	assert_int_equal(lx_pipe_size(pp, false, 0), 16384);
	/* Contents that wrap the ring of 16384: 14000 bytes from 8000 on. */
	assert_int_equal(put_seq(pp, 12000), 12000);
	assert_int_equal(get_seq(pp, 8000), 8000);
	assert_int_equal(put_seq(pp, 10000), 10000);
	assert_int_equal(pp->len, 14000);
	/* Less than it holds: EBUSY, nothing moves. */
	assert_int_equal(lx_pipe_size(pp, true, 8192), -LX_EBUSY);
	assert_int_equal(lx_pipe_size(pp, true, 13999), 16384); /* rounded: it fits */
	assert_int_equal(lx_pipe_size(pp, true, 32768), 32768);
	assert_int_equal(pp->len, 14000);
	/* The new capacity counts: 18768 more go in, then no more. */
	assert_int_equal(put_seq(pp, 20000), 32768 - 14000);
	assert_int_equal(put_seq(pp, 1), -LX_EAGAIN);
	assert_int_equal(get_seq(pp, 30000), 30000);
	/* Smaller again while the contents wrap: they stay in order. */
	assert_int_equal(put_seq(pp, 10000), 10000);
	assert_int_equal(pp->head, 30000);
	assert_int_equal(pp->len, 12768);
	assert_true(pp->head + pp->len > pp->size); /* they do wrap */
	assert_int_equal(lx_pipe_size(pp, true, 8192), -LX_EBUSY);
	assert_int_equal(lx_pipe_size(pp, true, 16384), 16384);
	assert_int_equal(pp->len, 12768);
	assert_int_equal(put_seq(pp, 4000), -LX_EAGAIN); /* room: 3616 */
	assert_int_equal(put_seq(pp, 3616), 3616);
	assert_int_equal(pp->len, 16384);
	while (pp->len)
		assert_true(get_seq(pp, 5000) > 0);
	assert_int_equal(rseq, wseq);
	/* Exactly what it holds is enough. */
	assert_int_equal(lx_pipe_size(pp, true, 8192), 8192);
	assert_int_equal(put_seq(pp, 8192), 8192);
	assert_int_equal(lx_pipe_size(pp, true, 8192), 8192);
	assert_int_equal(lx_pipe_size(pp, true, 8191), 8192);
	assert_int_equal(lx_pipe_size(pp, true, 4096), -LX_EBUSY);
	assert_int_equal(get_seq(pp, 8192), 8192);
	/* The smallest: FS_PIPE_ATOMIC bytes. */
	assert_int_equal(lx_pipe_size(pp, true, 1), FS_PIPE_ATOMIC);
	assert_int_equal(put_seq(pp, FS_PIPE_ATOMIC + 1), FS_PIPE_ATOMIC);
	assert_int_equal(put_seq(pp, 1), -LX_EAGAIN);
	assert_int_equal(get_seq(pp, FS_PIPE_SIZE), FS_PIPE_ATOMIC);
	lx_pipe_close(pp, FS_O_RDONLY);
	lx_pipe_close(pp, FS_O_WRONLY);
}

static void test_poll(void **state)
{
	(void)state;
	struct lx_pipe *pp = pipe_both();
	/* Empty: the reader has nothing, the writer has room. */
	assert_int_equal(lx_pipe_poll(pp, FS_O_RDONLY), 0);
	assert_int_equal(lx_pipe_poll(pp, FS_O_WRONLY), POLLOUT);
	assert_int_equal(lx_pipe_poll(pp, FS_O_RDWR), POLLOUT);
	assert_int_equal(put_seq(pp, 1), 1);
	assert_int_equal(lx_pipe_poll(pp, FS_O_RDONLY), POLLIN);
	assert_int_equal(lx_pipe_poll(pp, FS_O_RDWR), POLLIN | POLLOUT);
	/* Less room than FS_PIPE_ATOMIC: not writable. */
	assert_int_equal(put_seq(pp, FS_PIPE_SIZE - FS_PIPE_ATOMIC - 1),
			 FS_PIPE_SIZE - FS_PIPE_ATOMIC - 1);
	assert_int_equal(lx_pipe_poll(pp, FS_O_WRONLY), POLLOUT); /* room: FS_PIPE_ATOMIC */
	assert_int_equal(put_seq(pp, 1), 1);
	assert_int_equal(lx_pipe_poll(pp, FS_O_WRONLY), 0);
	assert_int_equal(lx_pipe_poll(pp, FS_O_RDWR), POLLIN);
	assert_int_equal(get_seq(pp, 1), 1);
	assert_int_equal(lx_pipe_poll(pp, FS_O_WRONLY), POLLOUT);
	/* The writer gone: the reader sees the data and the hang-up, then the hang-up. */
	lx_pipe_close(pp, FS_O_WRONLY);
	assert_int_equal(lx_pipe_poll(pp, FS_O_RDONLY), POLLIN | POLLHUP);
	while (pp->len)
		assert_true(get_seq(pp, 10000) > 0);
	assert_int_equal(lx_pipe_poll(pp, FS_O_RDONLY), POLLHUP);
	/* The reader gone: the writer sees an error (and room). */
	lx_pipe_open(pp, FS_O_WRONLY);
	assert_int_equal(lx_pipe_poll(pp, FS_O_RDONLY), 0);
	lx_pipe_close(pp, FS_O_RDONLY);
	assert_int_equal(lx_pipe_poll(pp, FS_O_WRONLY), POLLOUT | POLLERR);
	lx_pipe_close(pp, FS_O_WRONLY);
	/* A smaller pipe: writable with FS_PIPE_ATOMIC bytes of room, not with one less. */
	pp = pipe_both();
	assert_int_equal(lx_pipe_size(pp, true, FS_PIPE_ATOMIC), FS_PIPE_ATOMIC);
	assert_int_equal(lx_pipe_poll(pp, FS_O_WRONLY), POLLOUT);
	assert_int_equal(put_seq(pp, 1), 1);
	assert_int_equal(lx_pipe_poll(pp, FS_O_WRONLY), 0);
	lx_pipe_close(pp, FS_O_RDONLY);
	assert_int_equal(lx_pipe_poll(pp, FS_O_WRONLY), POLLERR);
	lx_pipe_close(pp, FS_O_WRONLY);
}

static void test_fifo(void **state)
{
	(void)state;
	char out[16];
	struct lx_pipe *rd = lx_pipe_of_fifo(42, 10);
	assert_non_null(rd);
	assert_int_equal(rd->fifo_ino, 42);
	assert_int_equal(rd->made, 10);
	lx_pipe_open(rd, FS_O_RDONLY);
	/* While an end is open, the FIFO's inode number finds the same pipe. */
	struct lx_pipe *wr = lx_pipe_of_fifo(42, 20);
	assert_ptr_equal(wr, rd);
	assert_int_equal(wr->made, 10);
	lx_pipe_open(wr, FS_O_WRONLY);
	struct lx_pipe *other = lx_pipe_of_fifo(43, 20);
	assert_true(other != rd);
	lx_pipe_open(other, FS_O_RDWR);
	assert_int_equal(lx_pipe_write(wr, "via fifo", 8), 8);
	assert_int_equal(other->len, 0);
	assert_int_equal(lx_pipe_read(rd, out, sizeof(out)), 8);
	assert_memory_equal(out, "via fifo", 8);
	/* One end closed: the other still finds it, with what it holds. */
	assert_int_equal(lx_pipe_write(wr, "left", 4), 4);
	lx_pipe_close(rd, FS_O_RDONLY);
	assert_ptr_equal(lx_pipe_of_fifo(42, 30), wr);
	assert_int_equal(wr->len, 4);
	uint32_t id = wr->id;
	/* All ends closed: gone, with its data; the next open finds a new, empty pipe. */
	lx_pipe_close(wr, FS_O_WRONLY);
	assert_int_equal(live_blocks, 1); /* the other FIFO (nothing written to it) */
	struct lx_pipe *again = lx_pipe_of_fifo(42, 40);
	assert_non_null(again);
	assert_int_equal(again->len, 0);
	assert_int_equal(again->readers, 0);
	assert_int_equal(again->writers, 0);
	assert_int_equal(again->made, 40);
	assert_true(again->id != id);
	lx_pipe_open(again, FS_O_RDONLY);
	assert_int_equal(lx_pipe_read(again, out, sizeof(out)), 0); /* no writer: the end */
	lx_pipe_close(again, FS_O_RDONLY);
	assert_ptr_equal(lx_pipe_of_fifo(43, 50), other);
	lx_pipe_close(other, FS_O_RDWR);
	assert_int_equal(live_blocks, 0);
}

static void test_fifo_list(void **state)
{
	(void)state;
	struct lx_pipe *p[4];
	for (uint32_t i = 1; i <= 3; i++) {
		p[i] = lx_pipe_of_fifo(100 + i, i);
		lx_pipe_open(p[i], FS_O_RDWR);
	}
	/* An unnamed pipe is no FIFO: its number finds a new pipe, not it. */
	struct lx_pipe *anon = pipe_both();
	struct lx_pipe *by_id = lx_pipe_of_fifo(anon->id, 9);
	assert_true(by_id != anon);
	lx_pipe_open(by_id, FS_O_RDONLY);
	lx_pipe_close(by_id, FS_O_RDONLY);
	assert_ptr_equal(lx_pipe_of_fifo(102, 9), p[2]);
	/* Out of the middle of the list, then its head, then its last. */
	lx_pipe_close(p[2], FS_O_RDWR);
	assert_ptr_equal(lx_pipe_of_fifo(101, 9), p[1]);
	assert_ptr_equal(lx_pipe_of_fifo(103, 9), p[3]);
	lx_pipe_close(p[3], FS_O_RDWR);
	assert_ptr_equal(lx_pipe_of_fifo(101, 9), p[1]);
	lx_pipe_close(p[1], FS_O_RDWR);
	/* Each FIFO asked for again is new (opened and closed here to free it). */
	for (uint32_t i = 1; i <= 3; i++) {
		struct lx_pipe *pp = lx_pipe_of_fifo(100 + i, 99);
		assert_int_equal(pp->made, 99);
		assert_int_equal(pp->fifo_ino, 100 + i);
		lx_pipe_open(pp, FS_O_WRONLY);
		lx_pipe_close(pp, FS_O_WRONLY);
	}
	assert_int_equal(anon->fifo_ino, 0);
	lx_pipe_close(anon, FS_O_RDONLY);
	lx_pipe_close(anon, FS_O_WRONLY);
}

static void test_rdwr_end(void **state)
{
	(void)state;
	/* One end that reads and writes (a FIFO opened O_RDWR): it is its own reader. */
	struct lx_pipe *pp = lx_pipe_of_fifo(7, 1);
	lx_pipe_open(pp, FS_O_RDWR);
	assert_int_equal(put_seq(pp, 3000), 3000);
	assert_int_equal(get_seq(pp, 5000), 3000);
	assert_int_equal(get_seq(pp, 1), -LX_EAGAIN); /* its own writer is there */
	lx_pipe_open(pp, FS_O_RDONLY);
	lx_pipe_close(pp, FS_O_RDWR);
	assert_int_equal(get_seq(pp, 1), 0); /* no writer left */
	assert_int_equal(lx_pipe_poll(pp, FS_O_RDONLY), POLLHUP);
	lx_pipe_close(pp, FS_O_RDONLY);
}

/* A ring's pages come as writes reach them (a byte: one page), and stay until the pipe
 * goes; a smaller size lets the pages past it go, keeping what the pipe holds. */
static void test_pages_on_demand(void **state)
{
	(void)state;
	static char big[3 * FS_PAGE + 10], back[sizeof(big)];
	struct lx_pipe *pp = lx_pipe_new(1);
	lx_pipe_open(pp, FS_O_RDWR);
	assert_int_equal(live_blocks, 1);
	assert_int_equal(lx_pipe_write(pp, "x", 1), 1);
	assert_int_equal(live_blocks, 2);
	for (size_t i = 0; i < sizeof(big); i++)
		big[i] = (char)(i * 7);
	assert_int_equal(lx_pipe_write(pp, big, sizeof(big)), sizeof(big));
	assert_int_equal(live_blocks, 1 + 4); /* 1 + 3 pages + 10 bytes: four pages */
	char c;
	assert_int_equal(lx_pipe_read(pp, &c, 1), 1);
	assert_int_equal(c, 'x');
	assert_int_equal(lx_pipe_read(pp, back, sizeof(back)), sizeof(big));
	assert_memory_equal(back, big, sizeof(big));
	assert_int_equal(live_blocks, 1 + 4); /* kept for the next writes */
	assert_int_equal(lx_pipe_write(pp, big, 100), 100);
	assert_int_equal(lx_pipe_size(pp, true, 4096), 4096);
	assert_int_equal(live_blocks, 1 + 1);
	assert_int_equal(lx_pipe_read(pp, back, sizeof(back)), 100);
	assert_memory_equal(back, big, 100);
	lx_pipe_close(pp, FS_O_RDWR);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_new, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_read_write, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_eof_without_writer, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_epipe, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_full_and_atomic, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_wrap, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_size, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_poll, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_fifo, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_pages_on_demand, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_fifo_list, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_rdwr_end, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
