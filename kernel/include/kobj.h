/* kobj.h - the header every kernel object starts with, and the capability slot. */
#ifndef KEEL_KOBJ_H
#define KEEL_KOBJ_H

#include "types.h"

enum kobj_type {
	KOBJ_NONE = 0,
	KOBJ_TASK,
	KOBJ_THREAD,
	KOBJ_LOG,
};

struct kobj {
	enum kobj_type type;
	unsigned refcount;
};

/* Object rights, as in an object flexpage: W 1, S 2, R 4, D 8. */
enum cap_rights {
	CAP_RIGHT_W = 0x1,
	CAP_RIGHT_S = 0x2,
	CAP_RIGHT_R = 0x4,
	CAP_RIGHT_D = 0x8,
	CAP_RIGHTS_ALL = 0xf,
};

struct cap {
	struct kobj *obj;
	unsigned rights;
};

#endif
