// See vfx_standalone.h.
#include "vfx_standalone.h"

void vfx_standalone_no_swift_image(void) {}
