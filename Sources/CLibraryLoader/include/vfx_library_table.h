// The symbol table of a library opened by vfx_library.h, from one X-macro list of the
// functions its header declares:
//     #define SYMBOLS(X) X(cexr_open) X(cexr_close)
//     VFX_LIBRARY_TABLE(library, "libvfxrun-openexr.so", "OpenEXR", SYMBOLS, on_load)
// defines `library` and its slots (on_load: a function run once after the load, or 0), and
// `loaded()`, which loads it (1 when it is loaded); VFX_CALL(name) is the loaded function
// `name`, typed as the header declares it (call it only after a load succeeded).
#ifndef VFX_LIBRARY_TABLE_H
#define VFX_LIBRARY_TABLE_H

#include "vfx_library.h"

#define VFX_SLOT_INDEX(name) vfx_slot_##name,
#define VFX_SLOT_NAME(name) #name,

#define VFX_LIBRARY_TABLE(library, file, feature, SYMBOLS, on_load)                          \
    enum { SYMBOLS(VFX_SLOT_INDEX) vfx_slot_count };                                     \
    static const char *const vfx_symbol_names[] = {SYMBOLS(VFX_SLOT_NAME) 0};           \
    static void *vfx_symbol_slots[vfx_slot_count];                                       \
    static vfx_library library = VFX_LIBRARY(file, feature, vfx_symbol_names, vfx_symbol_slots, on_load); \
    static inline int loaded(void) { return vfx_library_load(&library); }

#define VFX_CALL(name) ((__typeof__(&name))vfx_symbol_slots[vfx_slot_##name])

#endif
