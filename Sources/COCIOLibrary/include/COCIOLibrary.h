// libvfxrun-ocio.so exports the functions COCIO.h declares (Sources/COCIO/include); vfxrun
// opens it with dlopen on first use (Sources/COCIO/loader.c) and never links it.
#include "COCIO.h"
