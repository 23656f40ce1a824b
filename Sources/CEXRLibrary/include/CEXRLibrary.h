// libvfxrun-openexr.so exports the functions CEXR.h declares (Sources/CEXR/include); vfxrun
// opens it with dlopen on first use (Sources/CEXR/loader.c) and never links it.
#include "CEXR.h"
