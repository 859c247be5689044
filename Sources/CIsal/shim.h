#ifndef STOWAGE_CISAL_SHIM_H
#define STOWAGE_CISAL_SHIM_H
#include <isa-l/igzip_lib.h>

/* The ISAL_DEF_LVLn_DEFAULT macros are arithmetic over other macros, which Swift does not import. */

/// The level buffer size ISA-L suggests for a compression level (1 to 3), or 0 for any other level.
static inline uint32_t stowage_isal_level_buffer_size(int level) {
    switch (level) {
    case 1: return ISAL_DEF_LVL1_DEFAULT;
    case 2: return ISAL_DEF_LVL2_DEFAULT;
    case 3: return ISAL_DEF_LVL3_DEFAULT;
    default: return 0;
    }
}

/// The largest level buffer any level needs, so that one buffer serves every level.
static inline uint32_t stowage_isal_largest_level_buffer_size(void) {
    uint32_t size = ISAL_DEF_LVL1_DEFAULT;
    if (ISAL_DEF_LVL2_DEFAULT > size) size = ISAL_DEF_LVL2_DEFAULT;
    if (ISAL_DEF_LVL3_DEFAULT > size) size = ISAL_DEF_LVL3_DEFAULT;
    return size;
}

/// Whether a stream with SYNC_FLUSH has emitted everything it was given: igzip_lib.h says a flush is done when
/// the stream is back at ZSTATE_NEW_HDR.
static inline int stowage_isal_flush_done(const struct isal_zstream *stream) {
    return stream->avail_in == 0 && stream->internal_state.state == ZSTATE_NEW_HDR;
}
#endif
