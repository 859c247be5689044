#ifndef STOWAGE_CDEFLATE_SHIM_H
#define STOWAGE_CDEFLATE_SHIM_H
#include <libdeflate.h>
#endif
