/* cat.c - writes the files its arguments name to stdout; L4Re's misc/cat. */
/*
 * Keel's own program, written the way L4Re's example uses the calls: fopen, fread in
 * pieces of 1 KiB, fwrite to stdout, fclose; perror for a file that cannot be opened,
 * then on to the next. The files are those of rom/: the boot modules the loader's
 * configuration gives the program (L4Re's rom/ namespace).
 */
#include <stdio.h>

int main(int argc, char **argv)
{
	int i;
	FILE *fp;
	char buf[1024];
	size_t r;

	for (i = 1; i < argc; ++i) {
		fp = fopen(argv[i], "r");
		if (!fp) {
			perror(argv[i]);
			continue;
		}

		while ((r = fread(buf, 1, sizeof(buf), fp)))
			fwrite(buf, 1, r, stdout);

		fclose(fp);
	}

	return 0;
}
