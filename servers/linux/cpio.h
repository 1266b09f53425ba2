/* cpio.h - unpack a cpio archive (newc) into the Linux server's file system: the root file system.
 */
#ifndef LINUX_CPIO_H
#define LINUX_CPIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/**
 * lx_cpio_unpack() - create what the newc archive @cpio (@size bytes, untrusted) holds
 * under / of the file system (fs_init() done): directories, regular files with their
 * modes, symbolic links; other types are skipped. Stops at "TRAILER!!!".
 * Return: 0, or a negative errno with *@why saying what was wrong.
 */
int lx_cpio_unpack(const uint8_t *cpio, size_t size, uint64_t now, const char **why);

#endif
