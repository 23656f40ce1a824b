// libvfxrun-xml.so exports the functions CXML.h declares (Sources/CXML/include); vfxrun
// opens it with dlopen on first use (Sources/CXML/loader.c) and never links it.
#include "CXML.h"
