/* pfc_reboot.c - L4Re's misc/reboot as the root task: l4util_reboot() through its "pfc". */
#include <l4/util/reboot.h>
#include <stdio.h>

int main(void)
{
	puts("pfc_reboot: rebooting");
	l4util_reboot();
}
