/* tty.h - the Linux server's terminal: a client of the terminal task (tty_server.c), /dev/tty and
 * /dev/console. */
#ifndef LINUX_TTY_H
#define LINUX_TTY_H

#include <l4/sys/types.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct lx_process;

/**
 * lx_tty_init() - use the terminal task behind gate @tty: an IRQ bound to the
 * server's thread @thread with label @label says when something was typed. Return: 0,
 * or a negative error (no terminal then).
 */
int lx_tty_init(l4_cap_idx_t tty, l4_cap_idx_t thread, l4_umword_t label);
/* Is there a terminal (the server runs with --tty)? */
bool lx_tty_present(void);
/* The terminal's session and foreground process group (0: none). */
void lx_tty_set_session(uint32_t sid, uint32_t pgrp);
uint32_t lx_tty_session(void);
uint32_t lx_tty_foreground(void);
/**
 * lx_tty_input() - the IRQ said something was typed. Return: the process group to
 * send a signal to and the signal in *@sig (^C SIGINT, ^\ SIGQUIT), or 0.
 */
uint32_t lx_tty_input(int *sig);
/* read(2): bytes, or -EAGAIN when a read must wait (no line yet), 0 at ^D. */
long lx_tty_read(uint8_t *buf, size_t n);
/* write(2): the bytes with the output flags applied. Return: @n, or -EIO. */
long lx_tty_write(const uint8_t *buf, size_t n);
/* poll bits: POLLIN when a read would not wait, POLLOUT always. */
unsigned lx_tty_poll(void);
/**
 * lx_tty_ioctl() - the terminal ioctls of process @p (the data between its memory at
 * @arg and the terminal task). Return: 0, or a negative errno (-ENOTTY if not one).
 */
long lx_tty_ioctl(struct lx_process *p, uint32_t cmd, uint32_t arg);

#endif
