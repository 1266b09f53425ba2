/* crash_proto.h - the protocol of crash_server, a test server that crashes on request. */
#ifndef TEST_CRASH_PROTO_H
#define TEST_CRASH_PROTO_H

/*
 * The server's factory gate (named capability "srv") makes sessions:
 * l4_factory_create(srv, CRASH_PROTO, slot). A session takes calls with label
 * CRASH_PROTO and the op in mr0.
 */
#define CRASH_PROTO 0x4352

enum crash_op {
	CRASH_ECHO = 0,	 /* mr1 = n: reply mr0 = n + 1 */
	CRASH_FAULT = 1, /* write to address 0: a data abort nobody handles */
	CRASH_ABORT = 2, /* abort(): exit status 134 */
	CRASH_UNDEF = 3, /* an undefined instruction */
};

#endif
