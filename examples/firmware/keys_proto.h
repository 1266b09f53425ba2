/* keys_proto.h - the key store's protocol, shared by fw_keystore and its client fw_network. */
#ifndef EXAMPLES_FIRMWARE_KEYS_PROTO_H
#define EXAMPLES_FIRMWARE_KEYS_PROTO_H

#include <l4/sys/err.h>
#include <l4/sys/utcb.h>

/*
 * Requests go through the key store's IPC gate with l4_ipc_call(): tag label
 * KEYS_PROTO, words only (a request carrying items is refused), mr0 = the opcode.
 * A refused request gets a negative label and no words (l4_error() returns it):
 *   -L4_EBADPROTO     the tag's label is not KEYS_PROTO
 *   -L4_EMSGTOOSHORT  fewer words than the opcode and its length need
 *   -L4_EINVAL        an unknown opcode, a length above KEYS_MAC_MAX, more words than
 *                     the length needs, or items in the message
 *   -L4_EPERM         KEYS_OP_GET_KEY: the key never leaves the key store
 */
#define KEYS_PROTO 0x4b59 /* "KY": a label no other protocol on the gate uses */

/*
 * KEYS_OP_MAC: mr1 = n, the message's length in bytes (at most KEYS_MAC_MAX); the n
 * bytes from mr2 on, exactly KEYS_MAC_WORDS(n) words in all.
 * Reply: label 0, 2 words: mr0 the low and mr1 the high half of the 64-bit
 * SipHash-2-4 of the message under the store's secret key.
 */
#define KEYS_OP_MAC 1

/*
 * KEYS_OP_GET_KEY: 1 word. Always refused with -L4_EPERM; it exists so that a client
 * asking for the key gets a plain "no" rather than "no such operation".
 */
#define KEYS_OP_GET_KEY 2

/* The longest message KEYS_OP_MAC takes: small, so a request fits the UTCB easily. */
#define KEYS_MAC_MAX 48

/* Words of a KEYS_OP_MAC request of @n bytes: op, length, the bytes rounded up. */
#define KEYS_MAC_WORDS(n) (2 + ((n) + sizeof(l4_umword_t) - 1) / sizeof(l4_umword_t))

/* Words of the reply to KEYS_OP_MAC: the 64-bit MAC in two 32-bit words. */
#define KEYS_MAC_REPLY_WORDS 2

#endif
