/*
 * kip.h - L4Re's l4util helpers of the kernel info page. Keel's KIP lists no kernel
 * features and no ABI version yet (docs/abi.md): the answers are those of a kernel
 * without them.
 */
#ifndef L4_UTIL_KIP_H
#define L4_UTIL_KIP_H

#include <l4/sys/compiler.h>
#include <l4/sys/kip.h>

EXTERN_C_BEGIN

/* 1 if the KIP @k lists the feature @str, else 0 (l4_kip_kernel_has_feature()). */
L4_CV int l4util_kip_kernel_has_feature(l4_kernel_info_t const *k, char const *str);

/* The number of the KIP's "abiver:" feature, or 0 if it has none. */
L4_CV unsigned long l4util_kip_kernel_abi_version(l4_kernel_info_t const *k);

EXTERN_C_END

/* Each feature string of the KIP (l4_kip_for_each_feature()). */
#define l4util_kip_for_each_feature(s) l4_kip_for_each_feature(s)

#endif
