/* fault_status.c - names for ARMv7 short-descriptor fault status codes (DFSR/IFSR). */
#include "ipc/fault.h"

/**
 * arch_fault_status_name() - what a DFSR/IFSR value means, for fault reports.
 */
const char *arch_fault_status_name(enum fault_kind kind, uint32_t status)
{
	if (kind != FAULT_DATA_ABORT && kind != FAULT_PREFETCH_ABORT)
		return "-";
	unsigned fs = (status & 0xf) | ((status >> 6) & 0x10);
	switch (fs) {
	case 0x01:
		return "alignment fault";
	case 0x05:
		return "translation fault (section)";
	case 0x07:
		return "translation fault (page)";
	case 0x03:
	case 0x06:
		return "access flag fault";
	case 0x09:
	case 0x0b:
		return "domain fault";
	case 0x0d:
		return "permission fault (section)";
	case 0x0f:
		return "permission fault (page)";
	case 0x02:
		return "debug event";
	case 0x08:
		return "synchronous external abort";
	case 0x16:
		return "asynchronous external abort";
	default:
		return "other fault";
	}
}
