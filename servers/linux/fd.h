/* fd.h - a Linux process's file descriptor table. */
#ifndef LINUX_FD_H
#define LINUX_FD_H

#include "vfs.h"

#define LX_FD_MAX 1024 /* RLIMIT_NOFILE */

/* What a descriptor refers to: a standard stream (the pipes to the outside: 0 reads
 * end of file, 1 and 2 write "linux: out" lines) or an open file of the file system. */
enum lx_fd_kind { LX_FD_FREE, LX_FD_STD, LX_FD_FILE };

struct lx_fd {
	enum lx_fd_kind kind;
	int std;	      /* LX_FD_STD: 0, 1 or 2 */
	struct lx_file *file; /* LX_FD_FILE: one reference */
	bool cloexec;
};

struct lx_fdtable {
	int32_t top; /* no descriptor at or above this is in use: walks stop here */
	struct lx_fd fd[LX_FD_MAX];
};

/* Fill @t with 0, 1 and 2, the standard streams. */
void lx_fd_init(struct lx_fdtable *t);
/* The open descriptor @fd of @t, or NULL (a bad or free number). */
struct lx_fd *lx_fd_get(struct lx_fdtable *t, int32_t fd);
/**
 * lx_fd_install() - put a copy of @src (a new reference to its file) at the lowest
 * free descriptor >= @min, close-on-exec if @cloexec. Return: the descriptor, or
 * -EMFILE, -EINVAL (@min out of range).
 */
int lx_fd_install(struct lx_fdtable *t, const struct lx_fd *src, int32_t min, bool cloexec);
/* dup2/dup3: make @nfd a copy of @ofd (closing what @nfd was). Return: @nfd, or -EBADF. */
int lx_fd_dup2(struct lx_fdtable *t, int32_t ofd, int32_t nfd, bool cloexec);
/* Close @fd. Return: 0, or -EBADF. */
int lx_fd_close(struct lx_fdtable *t, int32_t fd);

#endif
