/* analysis_stub.c - graph, reach and isolation until the analysis (analysis.c) is built. */
#include <stdio.h>

#include "spec.h"

int capdl_cmd_graph(const struct spec *s, const char *out_path);
int capdl_cmd_reach(const struct spec *s, const char *from, const char *to, FILE *out);
int capdl_cmd_isolation(const struct spec *s, FILE *out);

static int not_built(const struct spec *s)
{
	(void)s;
	fprintf(stderr, "capdl: the analysis is not built\n");
	return 2;
}

int capdl_cmd_graph(const struct spec *s, const char *out_path)
{
	(void)out_path;
	return not_built(s);
}

int capdl_cmd_reach(const struct spec *s, const char *from, const char *to, FILE *out)
{
	(void)from, (void)to, (void)out;
	return not_built(s);
}

int capdl_cmd_isolation(const struct spec *s, FILE *out)
{
	(void)out;
	return not_built(s);
}
