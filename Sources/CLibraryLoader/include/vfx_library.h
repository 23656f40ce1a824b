// Libraries vfxrun opens with dlopen on first use instead of linking them: the codec and
// OpenColorIO shims (libvfxrun-*.so, each linked against its system libraries). Linked
// libraries are loaded and relocated at every start-up, `vfxrun -c pass` included; these
// cost nothing until a script reads an EXR or opens an OCIO config.
//
// One `vfx_library` per shared object, defined by the loader target of that library (its
// file name, its symbol table and the slots the symbols go to). `vfx_library_load` opens it
// once, thread-safely, from, in order: the folder of the running executable, that folder's
// ../lib/vfxrun (the installed layout, see scripts/install), then the dynamic linker's own
// search (LD_LIBRARY_PATH, the system folders). It fails with a message naming the file, the
// feature and the dynamic linker's reason; it never prints or aborts.
#ifndef VFX_LIBRARY_H
#define VFX_LIBRARY_H

#include <pthread.h>

#ifdef __cplusplus
extern "C" {
#endif

enum { VFX_LIBRARY_MESSAGE_LENGTH = 1024 };

typedef struct vfx_library {
    const char *file;                 // "libvfxrun-openexr.so"
    const char *feature;              // "OpenEXR" (for the message)
    const char *const *symbols;       // names, NULL-terminated
    void **slots;                     // one per symbol, filled by a successful load
    void (*on_load)(void);            // called once after a successful load (or NULL)
    pthread_mutex_t lock;
    int state;                        // 0 not tried, 1 loaded, -1 failed (read atomically)
    char error[VFX_LIBRARY_MESSAGE_LENGTH];
} vfx_library;

#define VFX_LIBRARY(file_, feature_, symbols_, slots_, on_load_) \
    { (file_), (feature_), (symbols_), (void **)(slots_), (on_load_), PTHREAD_MUTEX_INITIALIZER, 0, {0} }

// 1 once the library is open and every symbol found; 0 otherwise, with `library->error`
// set (a later call returns the same answer without trying again).
int vfx_library_load(vfx_library *library);

// The failure message of the last load, "" while none failed.
const char *vfx_library_error(const vfx_library *library);

// Copies the failure message into `out` (size bytes, always terminated).
void vfx_library_copy_error(const vfx_library *library, char *out, unsigned long size);

// vfx_library_load, and on failure the message copied into `message` (a library's
// `*_available(message, size)`).
int vfx_library_available(vfx_library *library, char *message, unsigned long size);

// vfx_library_load, and on failure a library's error triple filled in: *status =
// `unavailable`, *detail = 0 (no errno), the loader's message (size bytes).
int vfx_library_ready(vfx_library *library, int *status, int unavailable, int *detail, char *message,
                      unsigned long size);

#ifdef __cplusplus
}
#endif

#endif
