/* graph.c - a spec as a Graphviz picture: components, objects, capabilities, partitions. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "analysis.h"
#include "spec.h"

/*
 * Components are boxes (a trusted one drawn bold with a double border), top-level
 * objects are nodes shaped by type (platform control in red), and every named
 * capability is an arrow from the component to what it names, labelled "NAME SLOT
 * RIGHTS"; a capability with the server right is bold and blue, one to another
 * component's task, thread or factory ends on that component's box and is red. The
 * capabilities every component gets (docs/capdl.md "Components") are left out. A
 * partition is a cluster holding its components and the objects only its components
 * are given. Everything is written in the spec's order, so the same spec always gives
 * the same text.
 */

static const char *const shape[] = {
    [SPEC_OBJ_GATE] = "ellipse",      [SPEC_OBJ_IRQ] = "diamond",
    [SPEC_OBJ_MEMORY] = "cylinder",   [SPEC_OBJ_FACTORY] = "house",
    [SPEC_OBJ_SCHEDULER] = "hexagon", [SPEC_OBJ_ICU] = "octagon",
    [SPEC_OBJ_LOG] = "note",	      [SPEC_OBJ_SEMAPHORE] = "trapezium",
    [SPEC_OBJ_DEBUGGER] = "Msquare",  [SPEC_OBJ_PFC] = "doubleoctagon",
};

/* Platform control is drawn red: whoever holds it with W can end the whole system. */
static const char *object_style(enum spec_obj_type t)
{
	return t == SPEC_OBJ_PFC ? ", color=red, fontcolor=red" : "";
}

/* The second line of an object's label: what it is. */
static void object_detail(const struct spec_object *o, char *buf, size_t size)
{
	char sz[32];

	switch (o->type) {
	case SPEC_OBJ_GATE:
		snprintf(buf, size, "gate label %u", o->label);
		break;
	case SPEC_OBJ_IRQ:
		if (o->irq_source == CAPDL_IRQ_LINE)
			snprintf(buf, size, "irq line %u", o->irq_line);
		else
			snprintf(buf, size, "irq %s",
				 o->irq_source == CAPDL_IRQ_CONSOLE ? "console" : "software");
		break;
	case SPEC_OBJ_MEMORY:
		if (o->mem_kind == CAPDL_MEM_DEVICE)
			snprintf(buf, size, "memory device 0x%x %s", o->mem_phys,
				 spec_size_str(o->mem_size, sz));
		else if (o->mem_kind == CAPDL_MEM_MODULE)
			snprintf(buf, size, "memory module %s", o->mem_module ? o->mem_module : "");
		else if (o->mem_kind == CAPDL_MEM_CONSOLE)
			snprintf(buf, size, "memory console");
		else
			snprintf(buf, size, "memory anon %s", spec_size_str(o->mem_size, sz));
		break;
	case SPEC_OBJ_FACTORY:
		snprintf(buf, size, "factory quota %s", spec_size_str(o->quota, sz));
		break;
	case SPEC_OBJ_SCHEDULER:
		snprintf(buf, size, "scheduler max %u", o->sched_max);
		break;
	default:
		snprintf(buf, size, "%s", spec_obj_type_name(o->type));
		break;
	}
}

/* The partition whose components alone are given object @o, or SPEC_NONE. */
static int object_partition(const struct spec *s, size_t o)
{
	int part = SPEC_NONE;
	bool any = false;

	for (size_t c = 0; c < s->component_count; c++) {
		const struct spec_component *sc = &s->components[c];
		for (size_t i = 0; i < sc->cap_count; i++) {
			if (sc->caps[i].target_kind != SPEC_TARGET_OBJECT ||
			    sc->caps[i].target != (int)o)
				continue;
			if (any && sc->partition != part)
				return SPEC_NONE;
			part = sc->partition;
			any = true;
		}
	}
	return part;
}

static void write_component(const struct spec *s, size_t c, const char *indent, FILE *out)
{
	const struct spec_component *sc = &s->components[c];

	fprintf(out, "%s\"c_%s\" [shape=box, label=\"%s\\nprogram %s\\npriority %u%s\"%s];\n",
		indent, sc->name, sc->name, sc->program ? sc->program : "?", sc->priority,
		sc->trusted ? "\\ntrusted" : "", sc->trusted ? ", style=bold, peripheries=2" : "");
}

static void write_object(const struct spec *s, size_t o, const char *indent, FILE *out)
{
	const struct spec_object *so = &s->objects[o];
	char detail[128];

	object_detail(so, detail, sizeof(detail));
	fprintf(out, "%s\"o_%s\" [shape=%s, label=\"%s\\n%s\"%s];\n", indent, so->name,
		shape[so->type], so->name, detail, object_style(so->type));
}

static void write_clusters(const struct spec *s, const int *opart, FILE *out)
{
	for (size_t p = 0; p < s->partition_count; p++) {
		fprintf(out, "\tsubgraph \"cluster_%s\" {\n", s->partitions[p].name);
		fprintf(out, "\t\tlabel=\"partition %s\";\n\t\tstyle=\"rounded,dashed\";\n",
			s->partitions[p].name);
		for (size_t c = 0; c < s->component_count; c++)
			if (s->components[c].partition == (int)p)
				write_component(s, c, "\t\t", out);
		for (size_t o = 0; o < s->object_count; o++)
			if (opart[o] == (int)p)
				write_object(s, o, "\t\t", out);
		fprintf(out, "\t}\n");
	}
	for (size_t c = 0; c < s->component_count; c++)
		if (s->components[c].partition == SPEC_NONE)
			write_component(s, c, "\t", out);
	for (size_t o = 0; o < s->object_count; o++)
		if (opart[o] == SPEC_NONE)
			write_object(s, o, "\t", out);
}

static void write_cap(const struct spec *s, const struct spec_component *sc,
		      const struct spec_cap *cap, FILE *out)
{
	static const char *const suffix[] = {[SPEC_TARGET_TASK] = "task",
					     [SPEC_TARGET_THREAD] = "thread",
					     [SPEC_TARGET_FACTORY] = "factory"};
	char rights[32];
	const char *style = "";

	spec_rights_str(cap->rights, rights);
	if (cap->target_kind == SPEC_TARGET_OBJECT) {
		if (cap->rights & SPEC_RIGHT_SERVER)
			style = ", style=bold, color=blue, fontcolor=blue";
		fprintf(out, "\t\"c_%s\" -> \"o_%s\" [label=\"%s 0x%x %s\"%s];\n", sc->name,
			s->objects[cap->target].name, cap->name, cap->slot, rights, style);
		return;
	}
	fprintf(out,
		"\t\"c_%s\" -> \"c_%s\" [label=\"%s 0x%x %s %s\", color=red, fontcolor=red];\n",
		sc->name, s->components[cap->target].name, cap->name, cap->slot,
		suffix[cap->target_kind], rights);
}

static int write_dot(const struct spec *s, FILE *out)
{
	int *opart = calloc(s->object_count + 1, sizeof(*opart));

	if (!opart)
		return -1;
	for (size_t o = 0; o < s->object_count; o++)
		opart[o] = object_partition(s, o);
	fprintf(out, "digraph \"%s\" {\n", s->system_name ? s->system_name : "capdl");
	fprintf(out, "\tgraph [rankdir=LR, fontname=\"Helvetica\"];\n");
	fprintf(out, "\tnode [fontname=\"Helvetica\", fontsize=10];\n");
	fprintf(out, "\tedge [fontname=\"Helvetica\", fontsize=9];\n");
	write_clusters(s, opart, out);
	for (size_t c = 0; c < s->component_count; c++) {
		const struct spec_component *sc = &s->components[c];
		for (size_t i = 0; i < sc->cap_count; i++)
			write_cap(s, sc, &sc->caps[i], out);
		/* Its log: a session the root task opens through the gate. */
		if (sc->log == SPEC_LOG_GATE && sc->log_gate != SPEC_NONE)
			fprintf(out, "\t\"c_%s\" -> \"o_%s\" [label=\"log\", style=dashed];\n",
				sc->name, s->objects[sc->log_gate].name);
	}
	fprintf(out, "}\n");
	free(opart);
	return ferror(out) ? -1 : 0;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* Pipe the DOT text through `dot -Tsvg -o PATH`. */
static int write_svg(const struct spec *s, const char *path)
{
	int fd[2], status;
	pid_t pid;
	FILE *out;

	if (pipe(fd) < 0)
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		close(fd[1]);
		dup2(fd[0], 0);
		close(fd[0]);
		execlp("dot", "dot", "-Tsvg", "-o", path, (char *)NULL);
		fprintf(stderr,
			"capdl: graph: cannot run Graphviz's dot (%s): install the package "
			"graphviz (./scripts/setup-deps)\n",
			strerror(errno));
		_exit(127);
	}
	close(fd[0]);
	out = fdopen(fd[1], "w");
	if (!out) {
		close(fd[1]);
		waitpid(pid, &status, 0);
		return -1;
	}
	/* A dot that is missing or failed shows in its status, not as SIGPIPE here. */
	void (*old)(int) = signal(SIGPIPE, SIG_IGN);
	write_dot(s, out);
	fclose(out);
	signal(SIGPIPE, old);
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return WIFEXITED(status) && WEXITSTATUS(status) == 127 ? -2 : -1;
	return 0;
}

int capdl_cmd_graph(const struct spec *s, const char *out_path)
{
	FILE *out;
	int r;

	if (ends_with(out_path, ".svg")) {
		r = write_svg(s, out_path);
		if (r == -1)
			fprintf(stderr, "capdl: graph: dot could not write %s\n", out_path);
		return r ? 2 : 0;
	}
	if (!ends_with(out_path, ".dot")) {
		fprintf(stderr, "capdl: graph: %s: the output must end in .dot or .svg\n",
			out_path);
		return 2;
	}
	out = fopen(out_path, "w");
	if (!out) {
		fprintf(stderr, "capdl: graph: cannot write %s: %s\n", out_path, strerror(errno));
		return 2;
	}
	r = write_dot(s, out);
	if (fclose(out) != 0 || r != 0) {
		fprintf(stderr, "capdl: graph: cannot write %s\n", out_path);
		return 2;
	}
	return 0;
}
