#ifndef STOWAGE_CZLIB_SHIM_H
#define STOWAGE_CZLIB_SHIM_H
#include <zlib.h>

/* inflateInit2 is a macro, which Swift cannot call. */

/// Starts `stream` for gzip input (windowBits 15 + 16: a gzip wrapper only, no zlib or raw deflate).
static inline int stowage_inflate_init_gzip(z_streamp stream) {
    return inflateInit2(stream, 15 + 16);
}

/// Starts `stream` for raw deflate input (no wrapper).
static inline int stowage_inflate_init_raw(z_streamp stream) {
    return inflateInit2(stream, -15);
}
#endif
