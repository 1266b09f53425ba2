/* attack_rights.h - what test_attack_rights and its loaded program rights_child share. */
#ifndef TEST_ATTACK_RIGHTS_H
#define TEST_ATTACK_RIGHTS_H

#include <l4/keel/bootinfo.h>

/*
 * rights_child gets, under these names, capabilities with too few rights for what it
 * tries with them: "task" (R only) a victim task holding a capability in
 * ATTACK_VICTIM_SLOT and a page at ATTACK_VICTIM_VA; "thread" (R only) a thread
 * nobody has started; "gate" (RWS and the server right) and "irq" (RW), bound to the
 * test's threads. Each attack must fail with -L4_EPERM; its exit status is the
 * number that did not.
 */
#define ATTACK_VICTIM_SLOT 0x20UL
#define ATTACK_VICTIM_VA   0x20000000UL
/* The first UTCB of the victim task (the test's tasks have the root's UTCB area). */
#define ATTACK_VICTIM_UTCB KEEL_ROOT_UTCB_AREA
/* Where rights_child asks for the victim's page in its own space. */
#define ATTACK_CHILD_VA 0x30000000UL
/* The label rights_child tries to give the test's gate and IRQ. */
#define ATTACK_FORGED_LABEL 0x6660UL

#endif
