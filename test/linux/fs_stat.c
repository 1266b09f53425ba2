/* fs_stat.c - stat, lstat, fstat, fstatat, statx fields, utimensat times, statfs; exit status 83.
 */
#include "fstest.h"
#include <sys/statfs.h>
#include <sys/time.h>
#include <time.h>

int main(void)
{
	struct stat st;
	struct statx sx;
	fst_enter();
	fst_put("f", "0123456789");
	symlink("f", "s");
	mkdir("d", 0750);
	fst_report("stat f", stat("f", &st));
	printf("size %lld nlink %u uid %u gid %u blksize>0 %d\n", (long long)st.st_size,
	       (unsigned)st.st_nlink, (unsigned)st.st_uid, (unsigned)st.st_gid, st.st_blksize > 0);
	fst_report("fstatat s NOFOLLOW", fstatat(AT_FDCWD, "s", &st, AT_SYMLINK_NOFOLLOW));
	fst_mode("s", st.st_mode);
	printf("link size %lld\n", (long long)st.st_size);
	fst_report("fstatat s", fstatat(AT_FDCWD, "s", &st, 0));
	fst_mode("s followed", st.st_mode);
	fst_report("fstatat bad flags", fstatat(AT_FDCWD, "s", &st, 0x4));
	int dfd = open("d", O_RDONLY | O_DIRECTORY);
	fst_report("fstatat d ''", fstatat(dfd, "", &st, 0));
	fst_report("fstatat d '' AT_EMPTY_PATH", fstatat(dfd, "", &st, AT_EMPTY_PATH));
	fst_mode("d", st.st_mode);
	fst_report("fstatat d/../f relative to d", fstatat(dfd, "../f", &st, 0));
	close(dfd);
	fst_report("statx f", statx(AT_FDCWD, "f", 0, STATX_BASIC_STATS, &sx));
	printf("statx: basic %s size %llu nlink %u mode %04o type f %d\n",
	       (sx.stx_mask & STATX_BASIC_STATS) == STATX_BASIC_STATS ? "yes" : "no",
	       (unsigned long long)sx.stx_size, sx.stx_nlink, sx.stx_mode & 07777,
	       S_ISREG(sx.stx_mode));
	fst_report("statx s NOFOLLOW",
		   statx(AT_FDCWD, "s", AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS, &sx));
	printf("statx s: link %d size %llu\n", S_ISLNK(sx.stx_mode),
	       (unsigned long long)sx.stx_size);
	fst_report("statx missing", statx(AT_FDCWD, "missing", 0, STATX_BASIC_STATS, &sx));
	struct timespec ts[2] = {{1000000000, 5}, {1234567890, 123456789}};
	fst_report("utimensat f", utimensat(AT_FDCWD, "f", ts, 0));
	stat("f", &st);
	printf("atime %lld.%09ld mtime %lld.%09ld\n", (long long)st.st_atim.tv_sec,
	       st.st_atim.tv_nsec, (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
	ts[0].tv_nsec = UTIME_OMIT;
	ts[1].tv_sec = 42, ts[1].tv_nsec = 0;
	fst_report("utimensat OMIT atime", utimensat(AT_FDCWD, "f", ts, 0));
	stat("f", &st);
	printf("atime %lld mtime %lld\n", (long long)st.st_atim.tv_sec,
	       (long long)st.st_mtim.tv_sec);
	ts[1].tv_nsec = 1000000000;
	fst_report("utimensat bad nsec", utimensat(AT_FDCWD, "f", ts, 0));
	int fd = open("f", O_RDONLY);
	ts[0].tv_sec = 7, ts[0].tv_nsec = 0, ts[1].tv_sec = 8, ts[1].tv_nsec = 0;
	fst_report("futimens", futimens(fd, ts));
	fstat(fd, &st);
	printf("atime %lld mtime %lld\n", (long long)st.st_atim.tv_sec,
	       (long long)st.st_mtim.tv_sec);
	struct statfs sf;
	fst_report("fstatfs", fstatfs(fd, &sf));
	printf("namelen %ld\n", (long)sf.f_namelen);
	close(fd);
	fst_report("statfs .", statfs(".", &sf));
	fst_report("statfs missing", statfs("missing", &sf));
	time_t before = time(NULL);
	fst_report("utimensat NULL (now)", utimensat(AT_FDCWD, "f", NULL, 0));
	stat("f", &st);
	printf("mtime now: %s\n",
	       st.st_mtim.tv_sec >= before - 1 && st.st_mtim.tv_sec <= time(NULL) + 1 ? "yes"
										      : "no");
	fst_report("fstat 99", fstat(99, &st));
	fst_report("fstat stdout", fstat(1, &st));
	fst_mode("stdout", st.st_mode);
	fst_leave();
	return 83;
}
