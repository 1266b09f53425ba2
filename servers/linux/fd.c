/* fd.c - a Linux process's file descriptor table: numbers, close-on-exec, shared open files. */
#include "fd.h"

void lx_fd_init(struct lx_fdtable *t)
{
	for (int i = 0; i < LX_FD_MAX; i++)
		t->fd[i] = (struct lx_fd){.kind = LX_FD_FREE};
	for (int i = 0; i < 3; i++)
		t->fd[i] = (struct lx_fd){.kind = LX_FD_STD, .std = i};
	t->top = 3;
}

struct lx_fd *lx_fd_get(struct lx_fdtable *t, int32_t fd)
{
	if (fd < 0 || fd >= LX_FD_MAX || t->fd[fd].kind == LX_FD_FREE)
		return NULL;
	return &t->fd[fd];
}

/* Drop what slot @d holds. */
static void release(struct lx_fd *d)
{
	if (d->kind == LX_FD_FILE)
		vfs_file_put(d->file);
	*d = (struct lx_fd){.kind = LX_FD_FREE};
}

/* Make slot @d a copy of @src (@src may be @d's own old value: the reference is
 * taken before the old one goes). */
static void set(struct lx_fd *d, const struct lx_fd *src, bool cloexec)
{
	struct lx_fd copy = *src;
	if (copy.kind == LX_FD_FILE)
		vfs_file_get(copy.file);
	release(d);
	*d = copy;
	d->cloexec = cloexec;
}

int lx_fd_install(struct lx_fdtable *t, const struct lx_fd *src, int32_t min, bool cloexec)
{
	if (min < 0 || min >= LX_FD_MAX)
		return -LX_EINVAL;
	for (int32_t i = min; i < LX_FD_MAX; i++) {
		if (t->fd[i].kind == LX_FD_FREE) {
			set(&t->fd[i], src, cloexec);
			t->top = i + 1 > t->top ? i + 1 : t->top;
			return i;
		}
	}
	return -LX_EMFILE;
}

int lx_fd_dup2(struct lx_fdtable *t, int32_t ofd, int32_t nfd, bool cloexec)
{
	struct lx_fd *o = lx_fd_get(t, ofd);
	if (!o || nfd < 0 || nfd >= LX_FD_MAX)
		return -LX_EBADF;
	if (ofd != nfd)
		set(&t->fd[nfd], o, cloexec);
	t->top = nfd + 1 > t->top ? nfd + 1 : t->top;
	return nfd;
}

int lx_fd_close(struct lx_fdtable *t, int32_t fd)
{
	struct lx_fd *d = lx_fd_get(t, fd);
	if (!d)
		return -LX_EBADF;
	release(d);
	return 0;
}
