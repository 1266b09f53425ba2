/* fs_links.c - hard links and their counts, symbolic links: readlink, loops, dangling, to
 * directories; exit status 47. */
#include "fstest.h"

int main(void)
{
	char buf[128];
	struct stat st;
	fst_enter();
	fst_put("f", "file data");
	fst_report("link f g", link("f", "g"));
	fst_report("link f h", link("f", "h"));
	fst_stat("f");
	fst_report("link f g (exists)", link("f", "g"));
	fst_report("link missing x", link("missing", "x"));
	mkdir("dir", 0755);
	fst_report("link dir dir2", link("dir", "dir2"));
	fst_report("unlink g", unlink("g"));
	fst_stat("f");
	fst_cat("h");
	fst_report("symlink f s", symlink("f", "s"));
	fst_report("symlink f s (exists)", symlink("f", "s"));
	fst_stat("s");
	fst_report("stat s", stat("s", &st));
	fst_mode("stat s", st.st_mode);
	ssize_t n = readlink("s", buf, sizeof(buf));
	fst_report("readlink s", n);
	printf("target \"%.*s\"\n", (int)(n > 0 ? n : 0), buf);
	fst_report("readlink s (3 bytes)", readlink("s", buf, 3));
	fst_report("readlink f", readlink("f", buf, sizeof(buf)));
	fst_report("readlink missing", readlink("missing", buf, sizeof(buf)));
	fst_cat("s");
	fst_report("symlink nowhere dangle", symlink("nowhere", "dangle"));
	fst_cat("dangle");
	fst_stat("dangle");
	fst_report("stat dangle", stat("dangle", &st));
	int fd = open("dangle", O_WRONLY | O_CREAT | O_EXCL, 0644);
	fst_report("open dangle O_CREAT|O_EXCL", fd);
	fd = open("dangle", O_WRONLY | O_CREAT, 0644);
	fst_report("open dangle O_CREAT (makes the target)", fd >= 0 ? 0 : -1);
	fst_report("write", write(fd, "made", 4));
	close(fd);
	fst_cat("nowhere");
	fst_report("symlink loop1 loop2", symlink("loop2", "loop1"));
	fst_report("symlink loop2 loop1", symlink("loop1", "loop2"));
	fst_report("open loop1", open("loop1", O_RDONLY));
	fst_report("stat loop1/x", stat("loop1/x", &st));
	fst_report("open s O_NOFOLLOW", open("s", O_RDONLY | O_NOFOLLOW));
	fst_report("symlink dir dl", symlink("dir", "dl"));
	fst_put("dir/inner", "inner");
	fst_cat("dl/inner");
	fst_report("stat dl/", stat("dl/", &st));
	fst_mode("stat dl/", st.st_mode);
	fst_report("lstat dl", lstat("dl", &st));
	fst_mode("lstat dl", st.st_mode);
	fst_report("rmdir dl", rmdir("dl"));
	fst_report("unlink dl/", unlink("dl/"));
	fst_ls("dl");
	fst_report("symlink ../dir dir/up", symlink("../dir", "dir/up"));
	fst_cat("dir/up/up/up/inner");
	fst_report("symlink /tmp abs", symlink("/tmp", "abs"));
	fst_report("stat abs/", stat("abs/", &st));
	fst_mode("stat abs/", st.st_mode);
	/* A chain of 41 links is one too many. */
	for (int i = 0; i < 41; i++) {
		char from[16], to[16];
		snprintf(from, sizeof(from), "c%d", i + 1);
		snprintf(to, sizeof(to), "c%d", i);
		symlink(from, to);
	}
	fst_put("c41", "end");
	fst_report("open c1 (40 links)", open("c1", O_RDONLY) >= 0 ? 0 : -1);
	fst_report("open c0 (41 links)", open("c0", O_RDONLY));
	fd = open("h", O_RDONLY);
	fst_report("linkat fd AT_EMPTY_PATH", linkat(fd, "", AT_FDCWD, "viafd", AT_EMPTY_PATH));
	close(fd);
	fst_report("linkat s ls (no follow)", linkat(AT_FDCWD, "s", AT_FDCWD, "ls", 0));
	fst_stat("ls");
	fst_report("linkat s lf (follow)",
		   linkat(AT_FDCWD, "s", AT_FDCWD, "lf", AT_SYMLINK_FOLLOW));
	fst_stat("lf");
	fst_ls(".");
	fst_leave();
	return 47;
}
