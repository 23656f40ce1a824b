// libvfxrun-tiff.so exports the libtiff functions CTIFF.h declares (Sources/CTIFF/include);
// vfxrun opens it with dlopen on first use (Sources/CTIFF/loader.c) and never links it.
#include "CTIFF.h"
