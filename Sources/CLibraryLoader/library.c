// See vfx_library.h.
#define _GNU_SOURCE
#include "vfx_library.h"

#include <dlfcn.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

// The running executable's path (vfxrun, a test runner, vfxfuzz, python3), "" if unknown.
static void executable_path(char *out, size_t size) {
    ssize_t length = readlink("/proc/self/exe", out, size - 1);
    out[length > 0 ? length : 0] = 0;
}

// Cuts `path` to its folder ("" when it has none).
static void cut_to_folder(char *path) {
    char *slash = strrchr(path, '/');
    if (slash) *slash = 0; else path[0] = 0;
}

// The folder of the shared object this loader is linked into, when that is not the
// executable (`executable`): the `_vfxpy` extension module another python3 imports. ""
// otherwise.
static void module_folder(const char *executable, char *out, size_t size) {
    out[0] = 0;
    Dl_info info;
    if (!dladdr((void *)&module_folder, &info) || !info.dli_fname || info.dli_fname[0] != '/') return;
    char resolved[PATH_MAX];
    if (!realpath(info.dli_fname, resolved) || strcmp(resolved, executable) == 0) return;
    snprintf(out, size, "%s", resolved);
    cut_to_folder(out);
}

// dlopen of one candidate: a handle, or NULL with the reason in `reason` when the file
// exists but does not load (a missing dependency), "" when there is no such file.
static void *open_candidate(const char *path, char *reason, size_t size) {
    reason[0] = 0;
    if (access(path, F_OK) != 0) return NULL;
    void *handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
        const char *why = dlerror();
        snprintf(reason, size, "%s", why ? why : "unknown error");
    }
    return handle;
}

// Tries FOLDER/LAYOUT for each layout: 1 with the handle in *out, -1 with the error set
// when a file exists but does not load, 0 when there is no such file.
static int open_in(vfx_library *library, const char *folder, const char *const *layouts, size_t count,
                   void **out) {
    char path[PATH_MAX + 64], reason[VFX_LIBRARY_MESSAGE_LENGTH / 2];
    for (size_t i = 0; folder[0] && i < count; i++) {
        snprintf(path, sizeof path, layouts[i], folder, library->file);
        void *handle = open_candidate(path, reason, sizeof reason);
        if (handle) { *out = handle; return 1; }
        if (reason[0]) {
            snprintf(library->error, sizeof library->error, "%s support is not available: %s", library->feature,
                     reason);
            return -1;
        }
    }
    return 0;
}

static void *open_library(vfx_library *library) {
    char folder[PATH_MAX], module[PATH_MAX];
    void *handle = NULL;
    // The extension module in python3's dist-packages or a wheel: vfxpy.libs beside it (a
    // link to PREFIX/lib/vfxrun, or the wheel's own copies), or beside it (the build folder).
    // First, or a python3 in /usr/bin would find an installed vfxrun's /usr/lib/vfxrun, maybe
    // of another build.
    static const char *const beside_module[] = {"%s/vfxpy.libs/%s", "%s/%s"};
    executable_path(folder, sizeof folder);
    module_folder(folder, module, sizeof module);
    int found = open_in(library, module, beside_module, 2, &handle);
    if (found) return found > 0 ? handle : NULL;
    // vfxrun: beside it (the build folder) or ../lib/vfxrun (an installed prefix).
    static const char *const beside_executable[] = {"%s/%s", "%s/../lib/vfxrun/%s"};
    cut_to_folder(folder);
    found = open_in(library, folder, beside_executable, 2, &handle);
    if (found) return found > 0 ? handle : NULL;
    handle = dlopen(library->file, RTLD_NOW | RTLD_LOCAL);
    if (handle) return handle;
    const char *why = dlerror();
    snprintf(library->error, sizeof library->error,
             "%s support is not available: %s was not found beside the executable (%s), in its ../lib/vfxrun, "
             "in vfxpy.libs beside the module (%s) or on the library path (%s)",
             library->feature, library->file, folder[0] ? folder : "unknown folder",
             module[0] ? module : "vfxrun itself", why ? why : "unknown error");
    return NULL;
}

static int load_locked(vfx_library *library) {
    void *handle = open_library(library);
    if (!handle) return -1;
    for (size_t i = 0; library->symbols[i]; i++) {
        dlerror();
        void *symbol = dlsym(handle, library->symbols[i]);
        if (!symbol) {
            snprintf(library->error, sizeof library->error,
                     "%s support is not available: %s lacks %s (a library from another vfxrun build?)",
                     library->feature, library->file, library->symbols[i]);
            dlclose(handle);
            return -1;
        }
        library->slots[i] = symbol;
    }
    if (library->on_load) library->on_load();
    return 1;  // the handle stays open for the life of the process
}

int vfx_library_load(vfx_library *library) {
    int state = __atomic_load_n(&library->state, __ATOMIC_ACQUIRE);
    if (state) return state > 0;
    pthread_mutex_lock(&library->lock);
    state = library->state;
    if (!state) {
        state = load_locked(library);
        __atomic_store_n(&library->state, state, __ATOMIC_RELEASE);
    }
    pthread_mutex_unlock(&library->lock);
    return state > 0;
}

const char *vfx_library_error(const vfx_library *library) {
    return __atomic_load_n(&library->state, __ATOMIC_ACQUIRE) < 0 ? library->error : "";
}

void vfx_library_copy_error(const vfx_library *library, char *out, unsigned long size) {
    if (!out || !size) return;
    snprintf(out, size, "%s", vfx_library_error(library));
}

int vfx_library_available(vfx_library *library, char *message, unsigned long size) {
    if (vfx_library_load(library)) return 1;
    vfx_library_copy_error(library, message, size);
    return 0;
}

int vfx_library_ready(vfx_library *library, int *status, int unavailable, int *detail, char *message,
                      unsigned long size) {
    if (vfx_library_load(library)) return 1;
    *status = unavailable;
    *detail = 0;
    vfx_library_copy_error(library, message, size);
    return 0;
}
