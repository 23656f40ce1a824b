// The COCIO functions vfxrun links: each opens libvfxrun-ocio.so (Sources/COCIOLibrary,
// linked against OpenColorIO) on first use and calls its function of the same name. A
// library that cannot be loaded gives COCIO_UNAVAILABLE with the loader's message. The
// functions without an error argument take objects only a loaded library makes.
#include "COCIO.h"
#include "vfx_library_table.h"

#include <stdio.h>

#define SYMBOLS(X)                                                                                             \
    X(cocio_version) X(cocio_config_from_file) X(cocio_config_from_string) X(cocio_config_free)               \
    X(cocio_config_describe) X(cocio_processor_spaces) X(cocio_processor_display) X(cocio_processor_file)     \
    X(cocio_processor_free) X(cocio_processor_is_noop) X(cocio_processor_cache_id) X(cocio_processor_text)    \
    X(cocio_processor_step_count) X(cocio_processor_step_type) X(cocio_processor_step_ctf)                    \
    X(cocio_processor_step_exposure_contrast) X(cocio_processor_step_curve_samples) X(cocio_cpu_create)       \
    X(cocio_cpu_free) X(cocio_cpu_apply_rgba) X(cocio_free)

VFX_LIBRARY_TABLE(library, "libvfxrun-ocio.so", "OpenColorIO", SYMBOLS, 0)

static int ready(COCIOError *error) {
    if (!error) return vfx_library_load(&library);
    return vfx_library_ready(&library, &error->status, COCIO_UNAVAILABLE, &error->code, error->message,
                             sizeof error->message);
}

const char *cocio_version(COCIOError *error) {
    return ready(error) ? VFX_CALL(cocio_version)(error) : NULL;
}

int32_t cocio_config_from_file(const char *path, COCIOConfig **config, COCIOError *error) {
    return ready(error) ? VFX_CALL(cocio_config_from_file)(path, config, error) : COCIO_UNAVAILABLE;
}

int32_t cocio_config_from_string(const char *text, const char *working_dir, COCIOConfig **config, COCIOError *error) {
    return ready(error) ? VFX_CALL(cocio_config_from_string)(text, working_dir, config, error) : COCIO_UNAVAILABLE;
}

void cocio_config_free(COCIOConfig *config) {
    if (config && loaded()) VFX_CALL(cocio_config_free)(config);
}

int32_t cocio_config_describe(const COCIOConfig *config, char **json, COCIOError *error) {
    return ready(error) ? VFX_CALL(cocio_config_describe)(config, json, error) : COCIO_UNAVAILABLE;
}

int32_t cocio_processor_spaces(const COCIOConfig *config, const char *src, const char *dst, const char *looks,
                               int32_t direction, COCIOProcessor **processor, COCIOError *error) {
    return ready(error) ? VFX_CALL(cocio_processor_spaces)(config, src, dst, looks, direction, processor, error)
                        : COCIO_UNAVAILABLE;
}

int32_t cocio_processor_display(const COCIOConfig *config, const char *src, const char *display, const char *view,
                                const char *looks, int32_t direction, COCIOProcessor **processor, COCIOError *error) {
    return ready(error)
        ? VFX_CALL(cocio_processor_display)(config, src, display, view, looks, direction, processor, error)
        : COCIO_UNAVAILABLE;
}

int32_t cocio_processor_file(const COCIOConfig *config, const char *path, int32_t interpolation, int32_t direction,
                             COCIOProcessor **processor, COCIOError *error) {
    return ready(error) ? VFX_CALL(cocio_processor_file)(config, path, interpolation, direction, processor, error)
                        : COCIO_UNAVAILABLE;
}

void cocio_processor_free(COCIOProcessor *processor) {
    if (processor && loaded()) VFX_CALL(cocio_processor_free)(processor);
}

int32_t cocio_processor_is_noop(const COCIOProcessor *processor) {
    return loaded() ? VFX_CALL(cocio_processor_is_noop)(processor) : 0;
}

const char *cocio_processor_cache_id(const COCIOProcessor *processor) {
    return loaded() ? VFX_CALL(cocio_processor_cache_id)(processor) : "";
}

int32_t cocio_processor_text(const COCIOProcessor *processor, const char *format, int32_t optimized, char **text,
                             COCIOError *error) {
    return ready(error) ? VFX_CALL(cocio_processor_text)(processor, format, optimized, text, error) : COCIO_UNAVAILABLE;
}

int32_t cocio_processor_step_count(const COCIOProcessor *processor) {
    return loaded() ? VFX_CALL(cocio_processor_step_count)(processor) : 0;
}

const char *cocio_processor_step_type(const COCIOProcessor *processor, int32_t index) {
    return loaded() ? VFX_CALL(cocio_processor_step_type)(processor, index) : NULL;
}

int32_t cocio_processor_step_ctf(const COCIOProcessor *processor, int32_t index, char **text, COCIOError *error) {
    return ready(error) ? VFX_CALL(cocio_processor_step_ctf)(processor, index, text, error) : COCIO_UNAVAILABLE;
}

int32_t cocio_processor_step_exposure_contrast(const COCIOProcessor *processor, int32_t index,
                                               COCIOExposureContrast *parameters) {
    return loaded() ? VFX_CALL(cocio_processor_step_exposure_contrast)(processor, index, parameters) : 0;
}

int32_t cocio_processor_step_curve_samples(const COCIOProcessor *processor, int32_t index, int32_t size, float *min,
                                           float *max, float *table, float *slopes) {
    return loaded() ? VFX_CALL(cocio_processor_step_curve_samples)(processor, index, size, min, max, table, slopes)
                    : 0;
}

int32_t cocio_cpu_create(const COCIOProcessor *processor, int32_t begin, int32_t end, COCIOCPU **cpu,
                         COCIOError *error) {
    return ready(error) ? VFX_CALL(cocio_cpu_create)(processor, begin, end, cpu, error) : COCIO_UNAVAILABLE;
}

void cocio_cpu_free(COCIOCPU *cpu) {
    if (cpu && loaded()) VFX_CALL(cocio_cpu_free)(cpu);
}

int32_t cocio_cpu_apply_rgba(const COCIOCPU *cpu, float *pixels, int64_t count, COCIOError *error) {
    return ready(error) ? VFX_CALL(cocio_cpu_apply_rgba)(cpu, pixels, count, error) : COCIO_UNAVAILABLE;
}

void cocio_free(void *pointer) {
    if (pointer && loaded()) VFX_CALL(cocio_free)(pointer);
}
