/* fs_rename.c - rename of files and directories, over others, and its errors; exit status 43. */
#include "fstest.h"

int main(void)
{
	fst_enter();
	fst_put("a", "A");
	fst_put("b", "B");
	mkdir("d", 0755);
	mkdir("d/sub", 0755);
	mkdir("e", 0755);
	mkdir("full", 0755);
	fst_put("full/x", "x");
	fst_report("rename a c", rename("a", "c"));
	fst_cat("a");
	fst_cat("c");
	fst_report("rename c b (over)", rename("c", "b"));
	fst_cat("b");
	fst_ls(".");
	fst_report("rename missing z", rename("missing", "z"));
	fst_report("rename d d/sub/in", rename("d", "d/sub/in"));
	fst_report("rename d d", rename("d", "d"));
	fst_report("rename b d (file over dir)", rename("b", "d"));
	fst_report("rename e b (dir over file)", rename("e", "b"));
	fst_report("rename e full (over non-empty)", rename("e", "full"));
	fst_report("rename b b/", rename("b", "b/"));
	fst_report("rename b x/y", rename("b", "x/y"));
	fst_report("rename e d/sub (over empty dir)", rename("e", "d/sub"));
	fst_stat("d");
	fst_ls("d");
	fst_report("rename d/sub top", rename("d/sub", "top"));
	fst_stat("d");
	fst_stat("top");
	fst_report("link b b2", link("b", "b2"));
	fst_report("rename b b2 (same inode)", rename("b", "b2"));
	fst_stat("b");
	fst_report("renameat2 NOREPLACE",
		   renameat2(AT_FDCWD, "b", AT_FDCWD, "b2", RENAME_NOREPLACE));
	fst_report("renameat2 NOREPLACE new",
		   renameat2(AT_FDCWD, "b", AT_FDCWD, "b3", RENAME_NOREPLACE));
	int dfd = open("d", O_RDONLY | O_DIRECTORY);
	fst_report("renameat b3 -> d/b4", renameat(AT_FDCWD, "b3", dfd, "b4"));
	close(dfd);
	fst_cat("d/b4");
	fst_report("rename top/ d/top2/", rename("top/", "d/top2/"));
	fst_ls("d");
	fst_ls(".");
	fst_leave();
	return 43;
}
