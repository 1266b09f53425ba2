/* platform_ctl.c - the platform-control object: L4Re's system shutdown and reboot. */
#include "object/platform_ctl.h"
#include "ipc/syscall.h"
#include "lib/conbuf.h"
#include "lib/printk.h"
#include "object/task.h"
#include "plat.h"
#include <l4/sys/err.h>
#include <l4/sys/abi/platform_control.h>

struct kobj kernel_platform_ctl = {
    .type = KOBJ_PLATFORM_CTL, .id = L4_KEEL_OBJ_ID_PLATFORM_CTL, .permanent = true};

/* SHUTDOWN: mr1 = 0 powers off (arch_halt(): the emulator exits with status 0), 1
 * resets the board. Either is said on the console first, with who asked. */
static long shutdown(struct thread *caller)
{
	if (syscall_words(caller) < 2)
		return -L4_EMSGTOOSHORT;
	l4_umword_t reboot = caller->utcb->mr[1];
	if (reboot > 1)
		return -L4_EINVAL;
	kprintf("keel: %s requested by task %u (%s) thread %u\n", reboot ? "reboot" : "power off",
		caller->task->id, caller->task->obj.name, caller->id);
	if (!reboot)
		arch_halt(0);
	conbuf_flush();
	plat_system_reset();
	kprintf("keel: this board cannot be reset by the kernel\n");
	return -L4_ENODEV;
}

/**
 * platform_ctl_invoke() - protocol PLATFORM_CTL (0), needs W: SHUTDOWN powers off or
 * reboots; suspend and the CPU operations answer -L4_ENOSYS (no suspend to RAM, one
 * CPU).
 */
void platform_ctl_invoke(struct thread *caller, struct cap *cap)
{
	long result;
	if (syscall_label(caller) != L4_PROTO_PLATFORM_CTL)
		result = -L4_EBADPROTO;
	else if (syscall_words(caller) < 1)
		result = -L4_EMSGTOOSHORT;
	else if (caller->utcb->mr[0] != L4_PLATFORM_CTL_SYS_SHUTDOWN_OP)
		result = -L4_ENOSYS;
	else if (!(cap->rights & CAP_RIGHT_W))
		result = -L4_EPERM;
	else
		result = shutdown(caller);
	syscall_reply(caller, result);
}
