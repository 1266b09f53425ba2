/* process.h - one Linux process of the Linux server: its Keel task, alien thread and memory. */
#ifndef LINUX_PROCESS_H
#define LINUX_PROCESS_H

#include "fd.h"
#include "signal.h"
#include <l4/sys/types.h>
#include <l4/sys/utcb.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The Linux ARM address space a process sees (Linux's TASK_SIZE on ARM is 0xbf000000). */
#define LX_PAGE	       4096u
#define LX_STACK_TOP   0xbf000000u
#define LX_STACK_MAX   (8u << 20) /* RLIMIT_STACK */
#define LX_MMAP_BASE   0x40000000u
#define LX_MMAP_LIMIT  (LX_STACK_TOP - LX_STACK_MAX)
#define LX_MAX_REGIONS 256
#define LX_MAX_PAGES   8192 /* pages one process may have (32 MiB) */
/* The Keel things every task has, above the Linux range: the KIP, the UTCB area. */
#define LX_UTCB_AREA   0xbff00000u
#define LX_UTCB_ORDER  15 /* 32 KiB: 64 UTCBs */
#define LX_MAX_THREADS 64 /* UTCB (and gate slot) indexes of a task's threads */

/* Linux protection bits (PROT_*). */
#define LX_PROT_READ  1u
#define LX_PROT_WRITE 2u
#define LX_PROT_EXEC  4u

/* A range of the process's address space and what backs it. */
struct lx_region {
	uint32_t start, end; /* page aligned */
	unsigned prot;	     /* LX_PROT_* */
	/* File-backed part (an ELF segment): bytes [file_start, file_end) of the address
	 * space come from the image at file_offset; the rest is zero. */
	uint32_t file_start, file_end, file_offset;
	bool shared; /* MAP_SHARED: a fork shares its pages writable, not copy-on-write */
	/* A mapped file (mmap of a descriptor): one reference to the open file, and the
	 * file offset of start. A shared, writable one is written back at munmap, msync,
	 * execve and the end. */
	struct lx_file *file;
	uint64_t foff;
};

/* A page of the process: where it is in the server. */
struct lx_page {
	uint32_t vaddr;	   /* in the process; 0: free entry */
	void *page;	   /* in the server */
	unsigned prot;	   /* as mapped */
	bool cow;	   /* shared with another process since a fork: copied on write */
	bool image;	   /* a page of the program's image itself (cow too), not the arena's */
	uint16_t list_idx; /* where page_list has it */
};

/*
 * A Linux process or one more thread of one (clone with CLONE_THREAD): a thread's
 * entry has its own Keel thread, gate, registers and signal mask, and uses its
 * group's (the process's first thread's) memory, files and signal actions.
 */
struct lx_process {
	struct lx_process *group; /* the process's first thread (itself for that one) */
	uint32_t tid;		  /* = pid for the first thread */
	uint32_t clear_tid;	  /* CLONE_CHILD_CLEARTID / set_tid_address: 0 at its end */
	uint32_t futex_addr;	  /* a futex wait's address, while it waits */
	bool futex_woken;
	l4_cap_idx_t task, thread, gate;
	const uint8_t *image; /* the ELF file, in the server */
	size_t image_size;
	struct lx_region region[LX_MAX_REGIONS];
	unsigned region_count;
	struct lx_page pages[LX_MAX_PAGES * 2]; /* open addressing by vaddr */
	unsigned page_count;
	uint32_t page_list[LX_MAX_PAGES]; /* the vaddrs of its pages, densely: walks */
	uint32_t brk_start, brk;
	uint32_t entry, phdr, phnum;
	struct lx_signals sig;
	/* Its files: descriptors, working directory, umask (syscall.c). */
	struct lx_fdtable fdt;
	lx_node_t cwd;
	uint32_t umask;
	uint32_t pid, ppid;
	uint32_t label;	    /* of its gate: which process a message is from */
	l4_addr_t image_ds; /* the image's copy when it came from a file (execve), or 0 */
	bool fork_start;    /* a forked child's first message: answer with fork_regs */
	l4_exc_regs_t fork_regs;
	/* A system call that waits (main.c): its registers, answered later. */
	bool blocked;
	l4_exc_regs_t block_regs;
	bool retrying;		      /* lx_syscall runs block_regs' call again */
	uint64_t wake_ns;	      /* try again then at the latest (0: only on a change) */
	uint32_t io_done;	      /* bytes a blocked write has written so far */
	struct lx_file *pending_open; /* a FIFO open that waits for the other end */
	uint32_t pgid, sid;
	char comm[16];	   /* prctl's name */
	char exe[256];	   /* the file it executes (/proc/self/exe), an absolute path */
	char cmdline[256]; /* its argv, NUL after each (/proc/PID/cmdline) */
	uint32_t cmdline_len;
	uint32_t vfork_child; /* vfork: the parent waits until this pid execs or ends */
	bool in_vfork;	      /* a vfork child that has not exec'd or ended yet */
	bool out_of_memory;   /* a page fault found no memory: SIGKILL */
	/* Job control: stopped by stop_sig with registers stop_regs (answered at
	 * SIGCONT); what its parent's wait has not been told yet. */
	bool stopped, stop_unreported, cont_unreported;
	int stop_sig;
	l4_exc_regs_t stop_regs;
	bool exited;
	int status; /* Linux wait status: exit code << 8, or the signal */
};

/**
 * lx_process_start() - load the static ARM ELF executable @image (@size bytes) into
 * a new task with one alien thread whose system calls and faults come to the server
 * as IPC through a new gate bound to the server's main thread, and start it with
 * @argv and @envp (NULL-ended; @envp may be NULL) on its stack at priority @prio.
 * Return: 0, or -errno-ish < 0 with *@why saying what.
 */
int lx_process_start(struct lx_process *p, const uint8_t *image, size_t size,
		     const char *const *argv, const char *const *envp, unsigned prio,
		     uint32_t label, const char **why);

/**
 * lx_page_fault() - a page fault of @p at @pfa (bit 1: a write): find or make the page
 * and write the map item to @mr. Return: the reply's tag, or a tag with a negative
 * label if the address is not in the process (it then gets SIGSEGV).
 */
bool lx_page_fault(struct lx_process *p, l4_umword_t pfa, l4_umword_t *mr, l4_msgtag_t *reply);

/* Is @addr inside one of @p's regions? */
bool lx_mapped(struct lx_process *p, uint32_t addr);

/* Copy @n bytes between the server and @p's address space at @addr (pages are made
 * as needed, with the region's rights checked). Return: 0, or -EFAULT. */
long lx_copy_from(struct lx_process *p, void *dst, uint32_t addr, size_t n);
long lx_copy_to(struct lx_process *p, uint32_t addr, const void *src, size_t n);

/* Map a new anonymous region of @len bytes (@prot) at @hint if it is free, else where
 * there is room below LX_MMAP_LIMIT. Return: its address, or 0. */
uint32_t lx_map_anon(struct lx_process *p, uint32_t hint, uint32_t len, unsigned prot, bool fixed);
/* Make the region at @addr (just mapped) shared with the children forked later. */
void lx_region_share(struct lx_process *p, uint32_t addr);
/* Make the region at @addr (just mapped) a mapping of @file from byte @off on (a new
 * reference to @file is taken). */
void lx_region_map_file(struct lx_process *p, uint32_t addr, struct lx_file *file, uint64_t off);
/* msync: write the shared file mappings in [addr, addr + len) back. */
void lx_msync(struct lx_process *p, uint32_t addr, uint32_t len);
/* Remove [addr, addr + len) from @p (its pages unmapped and freed). */
long lx_unmap(struct lx_process *p, uint32_t addr, uint32_t len);
/* mremap: grow, shrink or (@may_move) move the mapping at @addr; with @fixed (not 0,
 * MREMAP_FIXED) move it there, replacing what was there. Return: its address, or 0
 * with *@err (-EINVAL, -EFAULT, -ENOMEM). */
uint32_t lx_remap(struct lx_process *p, uint32_t addr, uint32_t old_len, uint32_t new_len,
		  bool may_move, uint32_t fixed, long *err);
/* Change the protection of [addr, addr + len). Return: 0, or -ENOMEM if unmapped. */
long lx_protect(struct lx_process *p, uint32_t addr, uint32_t len, unsigned prot);
/* Move the program break. Return: the new break (the old one if it cannot move). */
uint32_t lx_set_brk(struct lx_process *p, uint32_t brk);
/* Delete @p's task (and thread) and free its pages. */
void lx_process_end(struct lx_process *p);

/**
 * lx_process_fork() - make @child a copy of @parent, whose fork call has registers
 * @r: the same regions, its pages shared copy-on-write (both map them read-only until
 * one writes), descriptors (the same open files), working directory, umask, signal
 * actions and mask; a new task with an alien thread that starts at the fork's svc, so
 * that its first message lets the server give it @r with r0 = 0. @label names its gate.
 * Return: 0, or a negative errno.
 */
int lx_process_fork(struct lx_process *parent, struct lx_process *child, const l4_exc_regs_t *r,
		    uint32_t label, unsigned prio);

/**
 * lx_process_exec() - replace @p's program by the ELF file @image (@size bytes; in a
 * dataspace @image_ds the process now owns, or 0) with @argv and @envp (NULL-ended),
 * and set @r to start it. Its regions and pages go, close-on-exec descriptors are
 * closed and caught signals are reset. Return: 0, or a negative errno with *@why (the
 * old program is then gone too if the error came after it was dropped: -EFAULT).
 */
int lx_process_exec(struct lx_process *p, const uint8_t *image, size_t size, l4_addr_t image_ds,
		    const char *const *argv, const char *const *envp, const char *execfn,
		    l4_exc_regs_t *r, const char **why);

/* The images of executed files: look one up by its file's inode number, mtime and
 * size (a use more; 0 if there is none), add one at @addr used once (false: too many),
 * and drop a use (an unused image is kept for a while, then its dataspace goes). */
l4_addr_t lx_image_lookup(uint32_t ino, uint64_t mtime, uint64_t size);
bool lx_image_add(l4_addr_t addr, uint32_t ino, uint64_t mtime, uint64_t size);
void lx_image_release(l4_addr_t addr);

/* Zero every field of a free entry @p (its pages are empty already). */
void lx_process_clear(struct lx_process *p);

/* One more use of the image at @addr (a process executes it again). */
void lx_image_hold(l4_addr_t addr);

/* The bytes of @p's regions (vsize) and its pages (rss). */
void lx_process_size(const struct lx_process *p, uint32_t *vsize, uint32_t *rss);

/* A new process or thread id. */
uint32_t lx_new_pid(void);

/**
 * lx_thread_new() - start @t (label, group, tid set) as one more thread of its group's
 * task, at the clone call whose registers are @r, with stack @sp (0: the caller's) and
 * TLS @tls; @index picks its UTCB and gate slot (< LX_MAX_THREADS). Return: 0, or a
 * negative errno.
 */
int lx_thread_new(struct lx_process *t, const l4_exc_regs_t *r, uint32_t sp, uint32_t tls,
		  unsigned index, unsigned prio);
/* Delete a thread that is not its group's first (its Keel thread and gate). */
void lx_thread_end(struct lx_process *t);

/* The server's page arena (server.c sets it up). */
int lx_pages_init(size_t bytes);

#endif
