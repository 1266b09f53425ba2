/* getopt.h - L4Re's l4util getopt header: the C library's getopt(), getopt_long(),
 * getopt_long_only(). */
#ifndef L4_UTIL_GETOPT_H
#define L4_UTIL_GETOPT_H

#include <getopt.h>

#endif
