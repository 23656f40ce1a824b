// COCIO: a small C face over the OpenColorIO 2.1 C++ API for vfxpy.ocio.
// Every entry point catches every C++ exception and reports it as a status code plus a
// message, so no exception ever crosses into Swift. OCIO's logging goes to a function
// that drops it (installed on first use): nothing here prints.
// The implementation (Sources/COCIOLibrary) is its own shared library, libvfxrun-ocio.so,
// linked against OpenColorIO; vfxrun links only this header's loader (Sources/COCIO), which
// opens that library on the first call (vfx_library.h), so start-up never loads OCIO. A
// library that cannot be loaded gives COCIO_UNAVAILABLE and the loader's message.
#ifndef COCIO_H
#define COCIO_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Status codes.
enum {
    COCIO_OK = 0,
    /// OpenColorIO raised an exception (unparsable config, unknown name, bad file...).
    COCIO_OCIO_ERROR = 1,
    /// The file system refused (a config file that cannot be opened); errno in `code`.
    COCIO_IO_ERROR = 2,
    /// A bad argument from the caller (index out of range, null).
    COCIO_INVALID_ARGUMENT = 4,
    /// Memory could not be allocated.
    COCIO_OUT_OF_MEMORY = 5,
    COCIO_UNAVAILABLE = 6,  // libvfxrun-ocio.so (or OpenColorIO) could not be loaded
};

typedef struct COCIOError {
    int32_t status;
    int32_t code;
    char message[2048];
} COCIOError;

typedef struct COCIOConfig COCIOConfig;
typedef struct COCIOProcessor COCIOProcessor;
typedef struct COCIOCPU COCIOCPU;

/// The OpenColorIO library version ("2.1.2"); NULL, with `error` set, when the library
/// cannot be loaded (this function is the loader's: see Sources/COCIO/loader.c).
const char *cocio_version(COCIOError *error);

/// Reads a config file (IO_ERROR with errno when it cannot be opened).
int32_t cocio_config_from_file(const char *path, COCIOConfig **config, COCIOError *error);
/// Parses a config from YAML text; `working_dir` (may be NULL) resolves relative search paths.
int32_t cocio_config_from_string(const char *text, const char *working_dir, COCIOConfig **config, COCIOError *error);
void cocio_config_free(COCIOConfig *config);

/// The config described as JSON (malloc'd, free with cocio_free): name, description,
/// cache_id, search_path, working_dir, yaml (OCIO's serialization), color_spaces (name,
/// family, encoding, is_data, description, aliases), roles, displays (name, views,
/// default_view), default_display, looks.
int32_t cocio_config_describe(const COCIOConfig *config, char **json, COCIOError *error);

/// Directions.
enum { COCIO_FORWARD = 0, COCIO_INVERSE = 1 };
/// Interpolations (OCIO's Interpolation values).
enum { COCIO_INTERP_NEAREST = 1, COCIO_INTERP_LINEAR = 2, COCIO_INTERP_TETRAHEDRAL = 3, COCIO_INTERP_BEST = 255,
       COCIO_INTERP_CUBIC = 4, COCIO_INTERP_DEFAULT = 254 };

/// src -> dst (color spaces or roles); `looks` (NULL or "") applied on the way (LookTransform).
int32_t cocio_processor_spaces(const COCIOConfig *config, const char *src, const char *dst, const char *looks,
                               int32_t direction, COCIOProcessor **processor, COCIOError *error);
/// src -> display/view; `looks` non-NULL overrides the view's looks ("" for none).
int32_t cocio_processor_display(const COCIOConfig *config, const char *src, const char *display, const char *view,
                                const char *looks, int32_t direction, COCIOProcessor **processor, COCIOError *error);
/// A FileTransform of `path` (resolved against the config's search path).
int32_t cocio_processor_file(const COCIOConfig *config, const char *path, int32_t interpolation, int32_t direction,
                             COCIOProcessor **processor, COCIOError *error);
void cocio_processor_free(COCIOProcessor *processor);

int32_t cocio_processor_is_noop(const COCIOProcessor *processor);
/// The processor's cache id (valid while the processor lives).
const char *cocio_processor_cache_id(const COCIOProcessor *processor);

/// The processor as text in one of OCIO's write formats ("Color Transform Format",
/// "Academy/ASC Common LUT Format"); malloc'd, free with cocio_free. `optimized`
/// writes the optimized steps (those that run), else the steps as built.
int32_t cocio_processor_text(const COCIOProcessor *processor, const char *format, int32_t optimized, char **text,
                             COCIOError *error);

/// The optimized steps (OPTIMIZATION_DEFAULT without the fast pow/log approximations).
int32_t cocio_processor_step_count(const COCIOProcessor *processor);
/// The transform class of step `index` ("MatrixTransform", "FixedFunctionTransform", ...); NULL when out of range.
const char *cocio_processor_step_type(const COCIOProcessor *processor, int32_t index);
/// Step `index` alone as CTF text (malloc'd, free with cocio_free).
int32_t cocio_processor_step_ctf(const COCIOProcessor *processor, int32_t index, char **text, COCIOError *error);

/// Parameters of an ExposureContrastTransform step.
typedef struct COCIOExposureContrast {
    /// 0 linear, 1 video, 2 logarithmic.
    int32_t style;
    int32_t inverse;
    /// True when a parameter is dynamic (changeable after the processor is made).
    int32_t dynamic;
    double exposure, contrast, gamma, pivot, log_exposure_step, log_mid_gray;
} COCIOExposureContrast;
/// 1 and the parameters when step `index` is an ExposureContrastTransform, else 0.
int32_t cocio_processor_step_exposure_contrast(const COCIOProcessor *processor, int32_t index,
                                               COCIOExposureContrast *parameters);

/// When step `index` is a GradingRGBCurveTransform that is one per-channel curve on a
/// finite domain and straight lines outside it (forward, log or video style, not
/// dynamic, identity R/G/B curves, a master curve): 1, its domain [*min, *max] (the
/// master curve's first and last control points), `size` RGB samples of OCIO's own
/// evaluation evenly spread over the domain in `table` (3 * size floats), and the slopes
/// of the lines below and above the domain in `slopes` (R, G, B below, then above),
/// measured on OCIO's evaluation and checked straight. Else 0.
int32_t cocio_processor_step_curve_samples(const COCIOProcessor *processor, int32_t index, int32_t size,
                                           float *min, float *max, float *table, float *slopes);

/// OCIO's own CPU processor for the optimized steps [begin, end), float32 RGBA.
int32_t cocio_cpu_create(const COCIOProcessor *processor, int32_t begin, int32_t end, COCIOCPU **cpu,
                         COCIOError *error);
void cocio_cpu_free(COCIOCPU *cpu);
/// Applies it in place to `count` packed RGBA float32 pixels (thread-safe). On an
/// exception the pixels are set to NaN (never silently wrong) and the status returned.
int32_t cocio_cpu_apply_rgba(const COCIOCPU *cpu, float *pixels, int64_t count, COCIOError *error);

void cocio_free(void *pointer);

#ifdef __cplusplus
}
#endif

#endif
