// libvfxrun-jpeg.so exports the libjpeg-turbo functions CJPEG.h declares
// (Sources/CJPEG/include); vfxrun opens it with dlopen on first use (Sources/CJPEG/loader.c)
// and never links it.
#include "CJPEG.h"
