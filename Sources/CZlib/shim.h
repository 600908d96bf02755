#ifndef DUMPTRIAGE_CZLIB_SHIM_H
#define DUMPTRIAGE_CZLIB_SHIM_H
#include <zlib.h>
#endif
