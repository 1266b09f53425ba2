/* err.c - l4sys_errtostr(): the text of an L4 error code, for messages. */
#include <l4/sys/err.h>
#include <l4/sys/ipc.h>
#include <stddef.h>

struct err_text {
	long code;
	const char *text;
};

static const struct err_text object_errors[] = {
    {L4_EOK, "Success"},
    {L4_EPERM, "Operation not permitted"},
    {L4_ENOENT, "No such entity"},
    {L4_EIO, "I/O error"},
    {L4_ENXIO, "No such device or address"},
    {L4_E2BIG, "Argument list too long"},
    {L4_EAGAIN, "Try again"},
    {L4_ENOMEM, "Out of memory"},
    {L4_EACCESS, "Permission denied"},
    {L4_EFAULT, "Invalid address"},
    {L4_EBUSY, "Object currently busy"},
    {L4_EEXIST, "Already exists"},
    {L4_ENODEV, "No such thing"},
    {L4_EINVAL, "Invalid argument"},
    {L4_ENOSPC, "No space left"},
    {L4_ERANGE, "Out of range"},
    {L4_ENAMETOOLONG, "Name too long"},
    {L4_ENOSYS, "Operation not supported"},
    {L4_EBADPROTO, "Protocol not supported"},
    {L4_EADDRNOTAVAIL, "Address not available"},
    {L4_ENOREPLY, "No reply"},
    {L4_EMSGTOOSHORT, "Message too short"},
    {L4_EMSGTOOLONG, "Message too long"},
    {L4_EMSGMISSARG, "Message missing an argument"},
    {L4_EMSGERRRANGE, "Message argument out of range"},
    {L4_EDROPREPLY, "Reply dropped"},
};

static const struct err_text ipc_errors[] = {
    {L4_IPC_ENOT_EXISTENT, "IPC: partner does not exist"},
    {L4_IPC_SETIMEOUT, "IPC: send timeout"},
    {L4_IPC_RETIMEOUT, "IPC: receive timeout"},
    {L4_IPC_SECANCELED, "IPC: send canceled"},
    {L4_IPC_RECANCELED, "IPC: receive canceled"},
    {L4_IPC_SEMSGCUT, "IPC: message cut while sending"},
    {L4_IPC_REMSGCUT, "IPC: message cut while receiving"},
    {L4_IPC_SESNDPFTO, "IPC: page-fault timeout while sending"},
    {L4_IPC_RESNDPFTO, "IPC: page-fault timeout of the sender"},
    {L4_IPC_SERCVPFTO, "IPC: page-fault timeout of the receiver"},
    {L4_IPC_RERCVPFTO, "IPC: page-fault timeout while receiving"},
    {L4_IPC_SEABORTED, "IPC: send aborted"},
    {L4_IPC_REABORTED, "IPC: receive aborted"},
    {L4_IPC_SEMAPFAILED, "IPC: mapping failed while sending"},
    {L4_IPC_REMAPFAILED, "IPC: mapping failed while receiving"},
    {L4_IPC_NO_REPLY_CAP, "IPC: no reply capability"},
};

static const char *lookup(const struct err_text *t, size_t n, long code, const char *other)
{
	for (size_t i = 0; i < n; i++)
		if (t[i].code == code)
			return t[i].text;
	return other;
}

char const *l4sys_errtostr(long err)
{
	long e = err < 0 ? -err : err;
	if (e >= L4_EIPC_LO && e <= L4_EIPC_HI)
		return lookup(ipc_errors, sizeof(ipc_errors) / sizeof(ipc_errors[0]),
			      e - L4_EIPC_LO, "IPC: unknown error");
	return lookup(object_errors, sizeof(object_errors) / sizeof(object_errors[0]), e,
		      "Unknown error");
}
