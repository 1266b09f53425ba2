/* l4re_names.h - what test_l4re_names and its child l4re_names_child agree on. */
#ifndef L4RE_NAMES_H
#define L4RE_NAMES_H

/* The label of the gate the child gets as "gate" (with the server right). */
#define L4RE_NAMES_GATE_LABEL 0x1230UL

#endif
