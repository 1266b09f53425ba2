/* fs_service.h - the file-system task's requests, served from fs.c (no IPC here). */
#ifndef LINUX_FS_SERVICE_H
#define LINUX_FS_SERVICE_H

#include "fs_proto.h"

/**
 * lx_fs_serve() - carry out @req (from the core, untrusted) on the file system, with
 * @buf the shared buffer (LX_FS_BUF_BYTES): paths read from it, data read and written
 * at LX_FS_DATA. Fills @rep. LX_FS_INIT is the caller's (it needs the boot module);
 * here it only makes the tree and the root handle, and must come first.
 * Return: the result for the reply's label (0, a byte count, or -errno).
 */
long lx_fs_serve(const struct lx_fs_req *req, struct lx_fs_reply *rep, uint8_t *buf);

/* Close every handle and free the tree (the host tests, between cases). */
void lx_fs_service_reset(void);

#endif
