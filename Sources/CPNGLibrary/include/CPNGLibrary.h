// libvfxrun-png.so exports the libpng functions CPNG.h declares (Sources/CPNG/include);
// vfxrun opens it with dlopen on first use (Sources/CPNG/loader.c) and never links it.
#include "CPNG.h"
