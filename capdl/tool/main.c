/* main.c - the capdl host tool: check, compile, diff, and the analysis commands. */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>

#include "tool.h"

#if CAPDL_HAVE_ANALYSIS
#include "analysis.h"
#else
int capdl_cmd_graph(const struct spec *s, const char *out_path);
int capdl_cmd_reach(const struct spec *s, const char *from, const char *to, FILE *out);
int capdl_cmd_isolation(const struct spec *s, FILE *out);
#endif

#define EXIT_USAGE 2

static int usage(void)
{
	fprintf(stderr, "usage: capdl check SPEC [--modules A,B,...] [--no-limits]\n"
			"       capdl compile SPEC -o FILE [--modules A,B,...]\n"
			"       capdl diff SPEC DUMP [--all]\n"
			"       capdl graph SPEC -o FILE.svg|FILE.dot\n"
			"       capdl reach SPEC FROM TO\n"
			"       capdl isolation SPEC\n");
	return EXIT_USAGE;
}

/* The whole file, NUL-terminated (the NUL is not counted in *len); NULL if unreadable. */
static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0, got;

	if (!f)
		return NULL;
	do {
		if (n + 4096 + 1 > cap) {
			char *b = realloc(buf, cap = (cap ? cap * 2 : 8192));
			if (!b) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = b;
		}
		got = fread(buf + n, 1, cap - n - 1, f);
		n += got;
	} while (got > 0);
	if (ferror(f)) {
		free(buf);
		buf = NULL;
	} else {
		buf[n] = '\0';
		*len = n;
	}
	fclose(f);
	return buf;
}

/* Command-line options after SPEC: -o FILE, --modules LIST, --no-limits, --all. */
struct options {
	const char *out;
	struct check_opts check;
	bool all;
	const char *pos[2]; /* positional arguments after SPEC */
	int npos;
};

static bool parse_options(int argc, char **argv, struct options *o)
{
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "-o") == 0 && i + 1 < argc)
			o->out = argv[++i];
		else if (strcmp(argv[i], "--modules") == 0 && i + 1 < argc)
			o->check.modules = argv[++i];
		else if (strcmp(argv[i], "--no-limits") == 0)
			o->check.no_limits = true;
		else if (strcmp(argv[i], "--all") == 0)
			o->all = true;
		else if (argv[i][0] != '-' && o->npos < 2)
			o->pos[o->npos++] = argv[i];
		else
			return false;
	}
	return true;
}

/* Parse and check @path; print diagnostics. The spec, or NULL (*status set). */
static struct spec *load_spec(const char *path, const struct check_opts *co, int *status)
{
	struct diag d;
	struct spec *s;
	size_t len;
	char *text = read_file(path, &len);

	*status = 0;
	if (!text) {
		fprintf(stderr, "capdl: cannot read %s\n", path);
		*status = EXIT_USAGE;
		return NULL;
	}
	diag_init(&d);
	s = spec_parse(path, text, len, &d);
	free(text);
	if (s && d.errors == 0)
		spec_check(s, co, &d);
	diag_print(&d, stderr);
	if (!s || d.errors) {
		*status = s ? 1 : EXIT_USAGE;
		spec_free(s);
		s = NULL;
	}
	diag_free(&d);
	return s;
}

/* The file's name without directories and extension: the default system name. */
static char *file_stem(const char *path)
{
	const char *base = strrchr(path, '/');
	char *stem = strdup(base ? base + 1 : path), *dot;

	if (stem && (dot = strrchr(stem, '.')) && dot != stem)
		*dot = '\0';
	return stem;
}

static int cmd_compile(const struct spec *s, const char *spec_path, const char *out)
{
	void *data;
	size_t size;
	char *stem = file_stem(spec_path);
	FILE *f;
	int ret = EXIT_USAGE;

	if (!stem || capdl_compile(s, stem, &data, &size) != 0) {
		free(stem);
		fprintf(stderr, "capdl: out of memory\n");
		return EXIT_USAGE;
	}
	f = fopen(out, "wb");
	if (f && fwrite(data, 1, size, f) == size && fclose(f) == 0)
		ret = 0;
	else if (f)
		fclose(f);
	if (ret)
		fprintf(stderr, "capdl: cannot write %s\n", out);
	free(data);
	free(stem);
	return ret;
}

static int cmd_diff(const struct spec *s, const char *dump_path, bool all)
{
	size_t len;
	char *dump = read_file(dump_path, &len);
	int ret;

	if (!dump) {
		fprintf(stderr, "capdl: cannot read %s\n", dump_path);
		return EXIT_USAGE;
	}
	ret = capdl_diff(s, dump, len, all, stdout, stderr);
	free(dump);
	return ret;
}

/* Which arguments each command takes: positional count after SPEC, -o needed. */
static bool arguments_fit(const char *cmd, const struct options *o)
{
	if (strcmp(cmd, "check") == 0 || strcmp(cmd, "isolation") == 0)
		return o->npos == 0 && !o->out && !o->all;
	if (strcmp(cmd, "compile") == 0)
		return o->npos == 0 && o->out && !o->all && !o->check.no_limits;
	if (strcmp(cmd, "graph") == 0)
		return o->npos == 0 && o->out && !o->all;
	if (strcmp(cmd, "diff") == 0)
		return o->npos == 1 && !o->out;
	if (strcmp(cmd, "reach") == 0)
		return o->npos == 2 && !o->out && !o->all;
	return false;
}

static int run(const char *cmd, const char *spec_path, const struct options *o)
{
	int status;
	struct check_opts co = o->check;
	struct spec *s;

	if (strcmp(cmd, "compile") != 0 && strcmp(cmd, "check") != 0)
		co.no_limits = true; /* diff and the analysis work on any spec */
	s = load_spec(spec_path, &co, &status);
	if (!s)
		return status;
	if (strcmp(cmd, "compile") == 0)
		status = cmd_compile(s, spec_path, o->out);
	else if (strcmp(cmd, "diff") == 0)
		status = cmd_diff(s, o->pos[0], o->all);
	else if (strcmp(cmd, "graph") == 0)
		status = capdl_cmd_graph(s, o->out);
	else if (strcmp(cmd, "reach") == 0)
		status = capdl_cmd_reach(s, o->pos[0], o->pos[1], stdout);
	else if (strcmp(cmd, "isolation") == 0)
		status = capdl_cmd_isolation(s, stdout);
	spec_free(s);
	return status;
}

int main(int argc, char **argv)
{
	struct options o = {0};

	if (argc < 3 || !parse_options(argc - 3, argv + 3, &o) || !arguments_fit(argv[1], &o))
		return usage();
	return run(argv[1], argv[2], &o);
}
