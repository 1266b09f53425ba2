/*
 * posix_child.c - a loaded program that uses the POSIX basics of libl4re (issue 17,
 * "Runtime"): sleeps, and the files of its rom/ over fopen() and open().
 *
 * argv[1] names the check: "rom" (argv[2] the size of module hello_child in bytes,
 * argv[3] the FNV-1a hash of its bytes, in hex), "sleep", or "plain" (prints and
 * exits; the eager_map tests count its page faults). The exit status is 0 when the
 * check passed, otherwise the number of the step that failed (a line says which).
 */
/* picolibc declares usleep(), nanosleep() and the POSIX calls for POSIX programs. */
#define _DEFAULT_SOURCE 1
#include <errno.h>
#include <fcntl.h>
#include <l4/re/c/dataspace.h>
#include <l4/re/env.h>
#include <l4/sys/kip.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define CHECK(step, cond)                                                                          \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			printf("posix_child: step %d failed: %s (errno %d)\n", step, #cond,        \
			       errno);                                                             \
			return step;                                                               \
		}                                                                                  \
	} while (0)

static uint32_t fnv1a(uint32_t h, const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * 16777619u;
	return h;
}

static l4_uint64_t now_us(void)
{
	return l4_kip_clock(l4re_kip());
}

static int check_rom(unsigned long size, uint32_t hash)
{
	/* fopen and fread: every byte of the module, in pieces. */
	FILE *f = fopen("rom/hello_child", "r");
	CHECK(1, f != NULL);
	static unsigned char buf[1000];
	unsigned long total = 0;
	uint32_t h = 2166136261u;
	unsigned char first[4] = {0}, last[4] = {0};
	for (size_t n; (n = fread(buf, 1, sizeof(buf), f)) > 0; total += n) {
		if (total == 0 && n >= 4)
			memcpy(first, buf, 4);
		if (n >= 4)
			memcpy(last, buf + n - 4, 4);
		h = fnv1a(h, buf, n);
	}
	CHECK(2, feof(f) && !ferror(f));
	CHECK(3, total == size);
	CHECK(4, h == hash);
	CHECK(5, memcmp(first, "\177ELF", 4) == 0);
	CHECK(6, fclose(f) == 0);

	/* fgets: the first line (up to the first newline of the ELF file). */
	f = fopen("/rom/hello_child", "r");
	CHECK(7, f != NULL);
	char line[64];
	CHECK(8, fgets(line, sizeof(line), f) == line && memcmp(line, "\177ELF", 4) == 0);
	CHECK(9, fseek(f, 0, SEEK_END) == 0 && ftell(f) == (long)size);
	CHECK(10, fgets(line, sizeof(line), f) == NULL && feof(f));
	fclose(f);

	/* open, lseek, read, fstat. */
	int fd = open("rom/hello_child", O_RDONLY);
	CHECK(11, fd >= 3);
	CHECK(12, lseek(fd, 0, SEEK_END) == (off_t)size);
	CHECK(13, read(fd, buf, 1) == 0);
	CHECK(14, lseek(fd, -4, SEEK_END) == (off_t)size - 4);
	CHECK(15, read(fd, buf, sizeof(buf)) == 4 && memcmp(buf, last, 4) == 0);
	CHECK(16,
	      lseek(fd, 1, SEEK_SET) == 1 && read(fd, buf, 3) == 3 && memcmp(buf, "ELF", 3) == 0);
	CHECK(17, lseek(fd, 2, SEEK_CUR) == 6);
	errno = 0;
	CHECK(18, lseek(fd, -1, SEEK_SET) == -1 && errno == EINVAL);
	CHECK(19, lseek(fd, 0, 42) == -1 && errno == EINVAL);
	struct stat st;
	CHECK(20, fstat(fd, &st) == 0 && st.st_size == (off_t)size && S_ISREG(st.st_mode));

	/* Read-only: writing fails, and so does opening for writing. */
	errno = 0;
	CHECK(21, write(fd, "x", 1) == -1 && errno == EBADF);
	errno = 0;
	CHECK(22, open("rom/hello_child", O_WRONLY) == -1 && errno == EROFS);
	errno = 0;
	CHECK(23, open("rom/hello_child", O_RDWR | O_CREAT, 0644) == -1 && errno == EROFS);
	FILE *w = fopen("rom/hello_child", "w");
	CHECK(24, w == NULL && errno == EROFS);
	CHECK(25, close(fd) == 0);
	errno = 0;
	CHECK(26, close(fd) == -1 && errno == EBADF);
	errno = 0;
	CHECK(27, read(fd, buf, 1) == -1 && errno == EBADF);

	/* Only what it was given: a module not given, a module's dataspace given but
	 * not as a file (its capability "secret"), a capability that is no module
	 * ("out", the log), names outside rom/. */
	const char *const absent[] = {"rom/missing", "rom/posix_child", "rom/secret", "rom/out",
				      "rom/",	     "hello_child",	"out",	      "/rom"};
	for (unsigned i = 0; i < sizeof(absent) / sizeof(absent[0]); i++) {
		errno = 0;
		if (open(absent[i], O_RDONLY) != -1 || errno != ENOENT) {
			printf("posix_child: %s can be opened\n", absent[i]);
			return 28;
		}
	}
	errno = 0;
	FILE *missing = fopen("rom/missing", "r");
	CHECK(29, missing == NULL && errno == ENOENT);
	CHECK(30, l4_is_valid_cap(l4re_env_get_cap("secret")));

	/* Descriptors 0, 1 and 2 stay stdio: 1 and 2 write to the log. */
	static const char msg[] = "posix_child: written to fd 1\n";
	CHECK(31, write(1, msg, sizeof(msg) - 1) == (ssize_t)sizeof(msg) - 1);
	CHECK(32, read(0, buf, 1) == 0);
	errno = 0;
	CHECK(33, lseek(1, 0, SEEK_SET) == -1 && errno == ESPIPE);
	errno = 0;
	CHECK(34, write(0, "x", 1) == -1 && errno == EBADF);

	/* Two files open at once, each with its own position. */
	int a = open("rom/hello_child", O_RDONLY), b = open("rom/hello_child", O_RDONLY);
	CHECK(35, a >= 3 && b >= 3 && a != b);
	CHECK(36, lseek(a, 1, SEEK_SET) == 1 && read(b, buf, 1) == 1 && buf[0] == 0x7f);
	CHECK(37, close(a) == 0 && close(b) == 0);
	printf("posix_child: rom passed\n");
	return 0;
}

/* As a capDL spec starts it (specs/posix.cdl): hello_child is its rom file. */
static int check_romspec(void)
{
	long bytes = l4re_ds_keel_bytes(l4re_env_get_cap("hello_child"));
	CHECK(1, bytes > 4);
	int fd = open("rom/hello_child", O_RDONLY);
	CHECK(2, fd >= 3);
	char head[4];
	CHECK(3, read(fd, head, 4) == 4 && memcmp(head, "\177ELF", 4) == 0);
	CHECK(4, lseek(fd, 0, SEEK_END) == (off_t)bytes);
	CHECK(5, close(fd) == 0);
	errno = 0;
	CHECK(6, open("rom/posix_child", O_RDONLY) == -1 && errno == ENOENT);
	errno = 0;
	CHECK(7, open("rom/hello_rom", O_RDONLY) == -1 && errno == ENOENT);
	printf("posix_child: romspec passed\n");
	return 0;
}

static int check_sleep(void)
{
	l4_uint64_t t0 = now_us();
	CHECK(1, usleep(20000) == 0);
	l4_uint64_t t1 = now_us();
	CHECK(2, t1 - t0 >= 20000);
	struct timespec req = {.tv_sec = 0, .tv_nsec = 30000001}, rem = {7, 7};
	CHECK(3, nanosleep(&req, &rem) == 0);
	l4_uint64_t t2 = now_us();
	CHECK(4, t2 - t1 >= 30001);
	CHECK(5, sleep(1) == 0);
	CHECK(6, now_us() - t2 >= 1000000);
	req.tv_nsec = 1000000000;
	errno = 0;
	CHECK(7, nanosleep(&req, &rem) == -1 && errno == EINVAL);
	req.tv_nsec = -1;
	errno = 0;
	CHECK(8, nanosleep(&req, NULL) == -1 && errno == EINVAL);
	printf("posix_child: sleep passed\n");
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 4 && strcmp(argv[1], "rom") == 0)
		return check_rom(strtoul(argv[2], NULL, 0), (uint32_t)strtoul(argv[3], NULL, 16));
	if (argc >= 2 && strcmp(argv[1], "romspec") == 0)
		return check_romspec();
	if (argc >= 2 && strcmp(argv[1], "sleep") == 0)
		return check_sleep();
	printf("posix_child: plain\n");
	return 0;
}
