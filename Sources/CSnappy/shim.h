#ifndef STOWAGE_CSNAPPY_SHIM_H
#define STOWAGE_CSNAPPY_SHIM_H
/* libsnappy is C++. Debian's snappy.pc says only -lsnappy, which is enough for libsnappy.so (it names libstdc++ as
   a needed library); the modulemap also links stdc++ so that a static libsnappy.a would link too. */
#include <snappy-c.h>
#endif
