// The libtiff functions Swift calls, under CTIFF.h's names, so that vfxrun reaches libtiff
// only through this library (see CTIFF.h): each is its libtiff function, from
// CTIFF_LIBTIFF_CALLS.
#include "CTIFF.h"

#define DEFINE(type, name, libtiff, failure, params, args) \
    type name params { return libtiff args; }
CTIFF_LIBTIFF_CALLS(DEFINE)

void ctiff_close(TIFF *tif) { TIFFClose(tif); }
