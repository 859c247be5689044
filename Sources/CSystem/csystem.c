#define _GNU_SOURCE
#include <errno.h>
#include <execinfo.h>
#include <fcntl.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>
#include "csystem.h"

static volatile sig_atomic_t termination_signal = 0;

static void on_termination(int signal_number) { termination_signal = signal_number; }

void stowage_catch_termination(void) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_termination;
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0;
    sigaction(SIGTERM, &action, NULL);
    sigaction(SIGINT, &action, NULL);
}

void stowage_block_termination_in_this_thread(void) {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
}

int stowage_termination_signal(void) { return termination_signal; }

int stowage_start_writeback(int fd, int64_t offset, int64_t length) {
#ifdef __linux__
    return sync_file_range(fd, offset, length, SYNC_FILE_RANGE_WRITE);
#else
    (void)fd; (void)offset; (void)length;
    return -1;
#endif
}

static const char *crash_signal_name(int signal_number) {
    switch (signal_number) {
    case SIGSEGV: return "SIGSEGV";
    case SIGBUS: return "SIGBUS";
    case SIGILL: return "SIGILL";
    case SIGTRAP: return "SIGTRAP";
    case SIGABRT: return "SIGABRT";
    case SIGFPE: return "SIGFPE";
    default: return "a signal";
    }
}

static void write_text(const char *text) {
    size_t length = strlen(text);
    while (length > 0) {
        ssize_t n = write(2, text, length);
        if (n <= 0) return;
        text += n;
        length -= (size_t)n;
    }
}

/* Async-signal-safe: fixed text, return addresses, then the default action (the process dies of the signal). */
static void on_crash(int signal_number) {
    void *frames[64];
    write_text("stowage: crashed (");
    write_text(crash_signal_name(signal_number));
    write_text("); backtrace of return addresses only, no registers or memory (symbolize with addr2line -e stowage):\n");
    int count = backtrace(frames, 64);
    backtrace_symbols_fd(frames, count, 2);
    signal(signal_number, SIG_DFL);
    raise(signal_number);
}

void stowage_install_crash_handler(void) {
    struct rlimit none = {0, 0};
    setrlimit(RLIMIT_CORE, &none);
    static char alternate_stack[64 * 1024];
    stack_t stack;
    memset(&stack, 0, sizeof stack);
    stack.ss_sp = alternate_stack;
    stack.ss_size = sizeof alternate_stack;
    sigaltstack(&stack, NULL);
    /* backtrace() loads libgcc on first use, which is not safe inside a handler: load it now. */
    void *warm[1];
    backtrace(warm, 1);
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_crash;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_ONSTACK | SA_RESETHAND;
    int signals[] = {SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE};
    for (size_t i = 0; i < sizeof signals / sizeof signals[0]; i++) sigaction(signals[i], &action, NULL);
}

/// Whether stowage_schedule_as_batch switched the process from SCHED_OTHER, so that children get it back.
static volatile int switched_to_batch = 0;

int stowage_schedule_as_batch(void) {
#ifdef __linux__
    if (sched_getscheduler(0) != SCHED_OTHER) return 0;
    struct sched_param param;
    memset(&param, 0, sizeof param);
    if (sched_setscheduler(0, SCHED_BATCH, &param) != 0) return 0;
    switched_to_batch = 1;
    return 1;
#else
    return 0;
#endif
}

extern char **environ;

int stowage_spawn(char *const argv[], int *pid, int *stdout_fd, int *stderr_fd) {
    int out[2], err[2];
    if (pipe2(out, O_CLOEXEC) != 0) return errno;
    if (pipe2(err, O_CLOEXEC) != 0) {
        int saved = errno;
        close(out[0]);
        close(out[1]);
        return saved;
    }
    posix_spawn_file_actions_t actions;
    posix_spawnattr_t attributes;
    int status = posix_spawn_file_actions_init(&actions);
    if (status == 0) {
        status = posix_spawnattr_init(&attributes);
        if (status != 0) posix_spawn_file_actions_destroy(&actions);
    }
    if (status == 0) {
        sigset_t none, every;
        sigemptyset(&none);
        sigfillset(&every);
        sigdelset(&every, SIGKILL);
        sigdelset(&every, SIGSTOP);
        if (status == 0) status = posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
        if (status == 0) status = posix_spawn_file_actions_adddup2(&actions, out[1], 1);
        if (status == 0) status = posix_spawn_file_actions_adddup2(&actions, err[1], 2);
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 34))
        if (status == 0) status = posix_spawn_file_actions_addclosefrom_np(&actions, 3);
#endif
        if (status == 0) status = posix_spawnattr_setsigmask(&attributes, &none);
        if (status == 0) status = posix_spawnattr_setsigdefault(&attributes, &every);
        if (status == 0) status = posix_spawnattr_setpgroup(&attributes, 0);
        short flags = POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP;
#ifdef __linux__
        if (switched_to_batch && sched_getscheduler(0) == SCHED_BATCH) {
            struct sched_param param;
            memset(&param, 0, sizeof param);
            if (status == 0) status = posix_spawnattr_setschedpolicy(&attributes, SCHED_OTHER);
            if (status == 0) status = posix_spawnattr_setschedparam(&attributes, &param);
            flags |= POSIX_SPAWN_SETSCHEDULER;
        }
#endif
        if (status == 0) status = posix_spawnattr_setflags(&attributes, flags);
        pid_t child = 0;
        if (status == 0) status = posix_spawnp(&child, argv[0], &actions, &attributes, argv, environ);
        posix_spawnattr_destroy(&attributes);
        posix_spawn_file_actions_destroy(&actions);
        if (status == 0) *pid = child;
    }
    close(out[1]);
    close(err[1]);
    if (status != 0) {
        close(out[0]);
        close(err[0]);
        return status;
    }
    *stdout_fd = out[0];
    *stderr_fd = err[0];
    return 0;
}

void stowage_fix_mmap_threshold(int bytes) {
#ifdef __GLIBC__
    mallopt(M_MMAP_THRESHOLD, bytes);
#else
    (void)bytes;
#endif
}
