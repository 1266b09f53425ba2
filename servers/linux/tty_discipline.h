/* tty_discipline.h - the Linux terminal task's line discipline on a console session: editing, echo,
 * signals, termios. */
#ifndef LINUX_TTY_DISCIPLINE_H
#define LINUX_TTY_DISCIPLINE_H

#include <l4/sys/types.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/**
 * tty_init() - make the vcon session @vcon (the server's console session) the
 * terminal: raw on the console's side (this line discipline does the editing and the
 * echo), its input announced by an IRQ bound to the server's thread @thread with
 * label @label. Return: 0, or a negative error (no terminal then).
 */
int tty_init(l4_cap_idx_t vcon, l4_cap_idx_t thread, l4_umword_t label);
/* The terminal's session and foreground process group (0: none). */
void tty_set_session(uint32_t sid, uint32_t pgrp);
uint32_t tty_session(void);
uint32_t tty_foreground(void);
/**
 * tty_input() - the IRQ said input is there: take it from the console through the
 * line discipline. Return: the process group to send a signal to and the signal in
 * *@sig (^C SIGINT, ^\ SIGQUIT), or 0.
 */
uint32_t tty_input(int *sig);
/* read(2): bytes, or -EAGAIN when a read must wait (no line yet), 0 at ^D. */
long tty_read(uint8_t *buf, size_t n);
/* write(2): the bytes with the output flags applied. Return: @n. */
long tty_write(const uint8_t *buf, size_t n);
/* poll bits: POLLIN when a read would not wait, POLLOUT always. */
unsigned tty_poll(void);
/**
 * tty_ioctl() - a terminal ioctl: TCGETS, TCSETS (W, F), TIOCGWINSZ, TIOCSWINSZ,
 * TIOCGPGRP, TIOCSPGRP (for a process of session @sid), TIOCSCTTY, TIOCGSID,
 * FIONREAD, TCFLSH (@arg), TCXONC, TCSBRK. @data holds lx_tty_ioctl_size() bytes (tty_proto.h):
 * what the call takes, or gets what it gives. Return: 0, or a negative errno (-ENOTTY if not one of
 * these).
 */
long tty_ioctl(uint32_t cmd, uint32_t arg, uint8_t *data, uint32_t sid);

#endif
