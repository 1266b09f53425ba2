/* fstest.h - helpers of the file system test programs: a scratch directory, errno names. */
#ifndef FSTEST_H
#define FSTEST_H

#define _GNU_SOURCE
/* 64-bit offsets: a host file system's directory cookies do not fit 32 bits under qemu. */
#define _FILE_OFFSET_BITS 64
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/*
 * Under qemu-arm-static the program sees the host's file system: it works only in a
 * directory of its own, made by mkdtemp under /tmp (its name is random, so it is never
 * printed), through relative paths, and removes it before it ends.
 */
static char fst_dir[32];

static inline const char *fst_errname(int e)
{
	switch (e) {
	case ENOENT:
		return "ENOENT";
	case EEXIST:
		return "EEXIST";
	case ENOTDIR:
		return "ENOTDIR";
	case EISDIR:
		return "EISDIR";
	case ENOTEMPTY:
		return "ENOTEMPTY";
	case EBADF:
		return "EBADF";
	case EINVAL:
		return "EINVAL";
	case ELOOP:
		return "ELOOP";
	case ENAMETOOLONG:
		return "ENAMETOOLONG";
	case EPERM:
		return "EPERM";
	case EACCES:
		return "EACCES";
	case ESPIPE:
		return "ESPIPE";
	case EBUSY:
		return "EBUSY";
	case EMFILE:
		return "EMFILE";
	case ERANGE:
		return "ERANGE";
	case EFAULT:
		return "EFAULT";
	case ENOTTY:
		return "ENOTTY";
	default:
		return "E?";
	}
}

/* Print what a call returned, and errno by name if it failed. */
static inline void fst_report(const char *what, long r)
{
	int e = errno;
	printf("%s = %ld", what, r);
	if (r < 0)
		printf(" %s", fst_errname(e));
	printf("\n");
	errno = 0;
}

/* Make the scratch directory and go there; a known umask. */
static inline void fst_enter(void)
{
	umask(022);
	strcpy(fst_dir, "/tmp/keel-XXXXXX");
	if (!mkdtemp(fst_dir) || chdir(fst_dir) != 0) {
		perror("scratch directory");
		exit(99);
	}
}

/* Remove @path and all below it (relative to the working directory). */
static inline void fst_rm(const char *path)
{
	struct stat st;
	if (lstat(path, &st) != 0)
		return;
	if (S_ISDIR(st.st_mode)) {
		DIR *d = opendir(path);
		struct dirent *e;
		while (d && (e = readdir(d)) != NULL) {
			if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
				continue;
			char *sub = malloc(strlen(path) + strlen(e->d_name) + 2);
			strcat(strcat(strcpy(sub, path), "/"), e->d_name);
			fst_rm(sub);
			free(sub);
		}
		if (d)
			closedir(d);
		rmdir(path);
	} else {
		unlink(path);
	}
}

/* Leave and remove the scratch directory; say whether it is gone. */
static inline void fst_leave(void)
{
	if (chdir("/tmp") != 0)
		perror("chdir /tmp");
	fst_rm(fst_dir);
	printf("scratch removed: %s\n",
	       access(fst_dir, F_OK) != 0 && errno == ENOENT ? "yes" : "no");
}

/* Write @s to a new file @name (mode 0644). */
static inline void fst_put(const char *name, const char *s)
{
	int fd = open(name, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || write(fd, s, strlen(s)) != (ssize_t)strlen(s))
		perror(name);
	close(fd);
}

/* Print the contents of file @name (at most 255 bytes) quoted. */
static inline void fst_cat(const char *name)
{
	char buf[256];
	int fd = open(name, O_RDONLY);
	if (fd < 0) {
		printf("cat %s: %s\n", name, fst_errname(errno));
		return;
	}
	ssize_t n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	buf[n > 0 ? n : 0] = 0;
	printf("cat %s: \"%s\" (%zd)\n", name, buf, n);
}

/* The type letter and permission bits of @mode. */
static inline void fst_mode(const char *what, mode_t mode)
{
	char t = S_ISREG(mode)	  ? 'f'
		 : S_ISDIR(mode)  ? 'd'
		 : S_ISLNK(mode)  ? 'l'
		 : S_ISCHR(mode)  ? 'c'
		 : S_ISFIFO(mode) ? 'p'
				  : '?';
	printf("%s: type %c mode %04o\n", what, t, (unsigned)(mode & 07777));
}

/* lstat @name and print its type, mode, links and size. */
static inline void fst_stat(const char *name)
{
	struct stat st;
	if (lstat(name, &st) != 0) {
		printf("lstat %s: %s\n", name, fst_errname(errno));
		return;
	}
	char t = S_ISREG(st.st_mode)   ? 'f'
		 : S_ISDIR(st.st_mode) ? 'd'
		 : S_ISLNK(st.st_mode) ? 'l'
				       : '?';
	printf("lstat %s: type %c mode %04o nlink %u", name, t, (unsigned)(st.st_mode & 07777),
	       (unsigned)st.st_nlink);
	if (!S_ISDIR(st.st_mode))
		printf(" size %lld", (long long)st.st_size);
	printf("\n");
}

static inline int fst_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* List directory @name sorted (file systems list in different orders), with types. */
static inline void fst_ls(const char *name)
{
	char *names[64];
	int n = 0;
	DIR *d = opendir(name);
	struct dirent *e;
	if (!d) {
		printf("ls %s: %s\n", name, fst_errname(errno));
		return;
	}
	while ((e = readdir(d)) != NULL && n < 64) {
		char *s = malloc(strlen(e->d_name) + 3);
		char t = e->d_type == DT_DIR   ? 'd'
			 : e->d_type == DT_REG ? 'f'
			 : e->d_type == DT_LNK ? 'l'
					       : '?';
		sprintf(s, "%s%c%c", e->d_name, '/', t);
		names[n++] = s;
	}
	closedir(d);
	qsort(names, (size_t)n, sizeof(names[0]), fst_cmp);
	printf("ls %s:", name);
	for (int i = 0; i < n; i++) {
		printf(" %s", names[i]);
		free(names[i]);
	}
	printf("\n");
}

#endif
