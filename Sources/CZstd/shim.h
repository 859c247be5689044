#ifndef STOWAGE_CZSTD_SHIM_H
#define STOWAGE_CZSTD_SHIM_H
#include <zstd.h>
#include <zstd_errors.h>
#endif
