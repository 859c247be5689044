#ifndef STOWAGE_CSYSTEM_H
#define STOWAGE_CSYSTEM_H
#include <stdint.h>
#include <sys/random.h>
#include <sys/types.h>

/// Starts writeback of a file range without waiting for it (Linux sync_file_range with SYNC_FILE_RANGE_WRITE);
/// returns 0, or -1 where the call is unavailable. Swift's Glibc module does not export it.
int stowage_start_writeback(int fd, int64_t offset, int64_t length);

/// Makes SIGTERM and SIGINT set a flag instead of killing the process, without SA_RESTART so that a blocked
/// read returns EINTR and the caller can look at the flag.
void stowage_catch_termination(void);

/// Blocks SIGTERM and SIGINT in the calling thread and the threads it starts, so they reach the main thread,
/// whose blocked read they interrupt.
void stowage_block_termination_in_this_thread(void);

/// The signal that asked the process to stop (SIGTERM or SIGINT), or 0.
int stowage_termination_signal(void);
/// Replaces the Swift runtime's crash reporter, whose register and memory dumps can hold credentials, with one
/// that prints only the signal and return addresses to standard error, then dies of the signal as before; and
/// disables core dumps (RLIMIT_CORE 0), which would hold them too.
void stowage_install_crash_handler(void);

/// Moves the calling thread, and every thread it starts from then on, from the normal policy (SCHED_OTHER) to
/// Linux's SCHED_BATCH, at the same nice value: a thread it wakes no longer preempts the thread that woke it, so the
/// pipeline's threads hand work to each other without being displaced. Returns 1 if it switched, 0 when the thread
/// ran under another policy (left alone), the call failed, or this is not Linux. stowage_spawn gives its
/// children SCHED_OTHER back.
int stowage_schedule_as_batch(void);

/// Starts a program without a shell: `argv[0]` (searched in PATH when it has no slash) with `argv` (ending with
/// NULL) and this process's environment. The child reads /dev/null, writes its standard output and error into
/// two new pipes whose reading ends (close-on-exec) are returned in `*stdout_fd` and `*stderr_fd`, inherits no
/// other descriptor, blocks no signal, has every signal at its default action (SIGPIPE included), runs under
/// SCHED_OTHER again when stowage_schedule_as_batch moved this process off it, and leads a process group of its
/// own (so `kill(-pid, …)` reaches it and its children). Returns 0 and sets `*pid`, or an errno value (ENOENT,
/// EACCES…) and opens nothing.
int stowage_spawn(char *const argv[], int *pid, int *stdout_fd, int *stderr_fd);

/// Fixes glibc's mmap threshold at `bytes` (mallopt M_MMAP_THRESHOLD), which also stops it rising after a large
/// free, so that large buffers are always mapped and given back when freed; no-op without glibc.
void stowage_fix_mmap_threshold(int bytes);

/// Fills up to `count` bytes at `buffer` from the operating system's CSPRNG in one call (Linux getrandom; elsewhere
/// getentropy, at most 256 bytes); returns how many, or -1 with errno set (EINTR: call again).
static inline ssize_t stowage_random_bytes(void *buffer, size_t count) {
#if defined(__linux__)
    return getrandom(buffer, count, 0);
#else
    if (count > 256) count = 256;
    return getentropy(buffer, count) == 0 ? (ssize_t)count : -1;
#endif
}

/// Asks the CPU to bring the cache line at `address` closer for reading, without waiting for it: a hint, never a
/// fault, whatever the address. Swift has no prefetch of its own.
static inline void stowage_prefetch(const void *address) { __builtin_prefetch(address, 0, 3); }
#endif
