/* analysis.h - the capDL analyses (reach, isolation) and the picture (graph). */
#ifndef CAPDL_ANALYSIS_H
#define CAPDL_ANALYSIS_H

#include <stdio.h>

struct spec;

/**
 * capdl_cmd_graph() - draw a checked spec with Graphviz.
 * @s: a spec that passed spec_check().
 * @out_path: "*.dot" writes the DOT text; "*.svg" pipes it through `dot -Tsvg`.
 *
 * Return: the exit status: 0, or 2 (cannot write, unknown suffix, no Graphviz).
 */
int capdl_cmd_graph(const struct spec *s, const char *out_path);

/**
 * capdl_cmd_reach() - can component @from ever obtain authority over, or pass
 * information to, @to (a component or a top-level object)? Prints one shortest path
 * of each kind found, step by step, to @out (docs/capdl.md "The analysis").
 *
 * Return: 0 a path exists, 1 none ("no path: ..."), 2 a name is not known.
 */
int capdl_cmd_reach(const struct spec *s, const char *from, const char *to, FILE *out);

/**
 * capdl_cmd_isolation() - every way a component of one partition can obtain
 * authority outside it, and memory written across partitions, each with its path;
 * the gates between partitions as "channel:" lines.
 *
 * Return: 0 the partitions are isolated, 1 violations (printed to @out).
 */
int capdl_cmd_isolation(const struct spec *s, FILE *out);

/**
 * analysis_selfcheck() - run both closures (the fast one isolation decides with and
 * the one that records paths) and compare what each says every component holds, and
 * how many isolation violations each finds; and check that the closure with paths
 * kept to the objects isolation prints gives the same records, and the same text.
 *
 * Return: the number of differences (tests).
 */
long analysis_selfcheck(const struct spec *s);

#endif
