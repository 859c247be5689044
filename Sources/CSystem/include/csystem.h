#ifndef STOWAGE_CSYSTEM_H
#define STOWAGE_CSYSTEM_H
#include <stdint.h>

/// Starts writeback of a file range without waiting for it (Linux sync_file_range with SYNC_FILE_RANGE_WRITE);
/// returns 0, or -1 where the call is unavailable. Swift's Glibc module does not export it.
int stowage_start_writeback(int fd, int64_t offset, int64_t length);
#endif
