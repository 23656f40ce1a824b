// The pixel loads and stores of VFXCore's PixelLoader (block_convert.c): flat runs of
// values and RGBA pixel blocks, each with an AVX2 + F16C version chosen at run time
// beside the portable one, bit-identical.
#ifndef VFX_PIXEL_KERNELS_H
#define VFX_PIXEL_KERNELS_H

#include <stddef.h>
#include <stdint.h>

#include "VFXColorMath.h"
#include "VFXLut3D.h"

/// Stored channel formats of the loads and stores below.
typedef enum vfx_pixel_format {
    VFX_PIXEL_U8 = 0,
    VFX_PIXEL_U16 = 1,
    VFX_PIXEL_F16 = 2,
    VFX_PIXEL_F32 = 3,
} vfx_pixel_format;

/// Bytes per stored value of `format`.
static inline size_t vfx_pixel_format_bytes(vfx_pixel_format format) {
    return format == VFX_PIXEL_U8 ? 1 : format == VFX_PIXEL_F32 ? 4 : 2;
}

/// Converts `count` values (in `format`) to floats: integers v / 255 and v / 65535
/// (correctly rounded), halves widened exactly, floats copied.
void vfx_values_to_float(const void *values, vfx_pixel_format format, size_t count, float *out);

/// Converts `count` floats to values in `format`: integers clamped to [0, 1] (NaN -> 0)
/// and rounded half up, halves rounded to nearest even, floats copied.
void vfx_values_from_float(const float *in, size_t count, void *values, vfx_pixel_format format);

/// Loads `count` pixels of `channels` values each (in `format`) as RGBA floats:
/// integers v / 255 and v / 65535, halves widened; 1 channel -> (v, v, v, 1),
/// 2 -> (v, v, v, a), 3 -> (r, g, b, 1), more -> the first four. AVX2 + F16C where the
/// CPU has them (see block_convert.c), bit-identical to the portable path.
void vfx_pixels_to_rgba(const void *pixels, vfx_pixel_format format, size_t channels, size_t count, float *rgba);

/// Stores `count` RGBA floats as pixels of `channels` values (in `format`): integers
/// clamped to [0, 1] (NaN -> 0) and rounded half up, halves rounded to nearest even;
/// 1 channel <- R, 2 <- (R, A), 3 <- RGB; with more, values past the fourth are untouched.
void vfx_rgba_to_pixels(const float *rgba, size_t count, void *pixels, vfx_pixel_format format, size_t channels);

/// The ASC CDL of `vfx_cdl_rgb` on `count` pixels of `source_channels` values read from
/// `source` (in `source_format`) and written as pixels of `destination_channels` values to
/// `destination` (in `destination_format`), which may be the same memory (with the same
/// layout). Each side has 3 or 4 channels: an RGB or RGBA image in place, or such an image
/// loaded into or stored from a staged block of RGBA floats. The AVX2 and AVX-512 kernels
/// convert each run of pixels in registers (the rules of `vfx_pixels_to_rgba` /
/// `vfx_rgba_to_pixels`, bit for bit: three channels load with alpha 1, and store without
/// it) instead of through a float copy; the result is exactly load -> `vfx_cdl_rgb` -> store.
void vfx_cdl_stored(const void *source, vfx_pixel_format source_format, int source_channels, void *destination,
                    vfx_pixel_format destination_format, int destination_channels, size_t count, const float slope[3],
                    const float offset[3], const float power[3], float saturation, int clamp);

/// R, G and B times scale[0], scale[1], scale[2] (an exposure; alpha untouched) on `count`
/// pixels from `source` to `destination`, converting as `vfx_cdl_stored`
/// does: exactly load -> multiply -> store.
void vfx_scale_stored(const void *source, vfx_pixel_format source_format, int source_channels, void *destination,
                      vfx_pixel_format destination_format, int destination_channels, size_t count,
                      const float scale[3]);

/// `vfx_contrast_rgb` between stored pixels, converting as `vfx_cdl_stored`
/// does: exactly load -> `vfx_contrast_rgb` -> store.
void vfx_contrast_stored(const void *source, vfx_pixel_format source_format, int source_channels, void *destination,
                         vfx_pixel_format destination_format, int destination_channels, size_t count, float amount,
                         float in_scale, float out_scale);

/// `vfx_matrix_rgba` (alpha an output too) between stored pixels, converting
/// as `vfx_cdl_stored` does: load -> `vfx_matrix_rgba` -> store, bit for bit except that
/// where two NaN inputs meet in one sum either NaN may come out (as between kernel levels).
void vfx_matrix_stored(const void *source, vfx_pixel_format source_format, int source_channels, void *destination,
                       vfx_pixel_format destination_format, int destination_channels, size_t count,
                       const float matrix[16], const float offset[4]);

/// `vfx_transfer_rgb` (VFXColorMath.h) between stored pixels, converting as
/// `vfx_cdl_stored` does: exactly load -> `vfx_transfer_rgb` -> store (alpha untouched).
void vfx_transfer_stored(const void *source, vfx_pixel_format source_format, int source_channels, void *destination,
                         vfx_pixel_format destination_format, int destination_channels, size_t count, int kind,
                         const float *k);

/// `vfx_lut1d_rgb` between stored pixels, converting as `vfx_cdl_stored`
/// does: exactly load -> `vfx_lut1d_rgb` -> store (alpha untouched).
void vfx_lut1d_stored(const void *source, vfx_pixel_format source_format, int source_channels, void *destination,
                      vfx_pixel_format destination_format, int destination_channels, size_t count,
                      const float *planar, int size, const float a[3], const float b[3]);

/// `vfx_log_rgb` (CLF's Log node) between stored pixels, converting as
/// `vfx_cdl_stored` does: exactly load -> `vfx_log_rgb` -> store (alpha untouched).
void vfx_log_stored(const void *source, vfx_pixel_format source_format, int source_channels, void *destination,
                    vfx_pixel_format destination_format, int destination_channels, size_t count, int direction,
                    const float *k);

/// `vfx_range_rgba` (VFXColorMath.h; alpha an output too) between stored
/// pixels, converting as `vfx_cdl_stored` does: exactly load -> `vfx_range_rgba` -> store.
void vfx_range_stored(const void *source, vfx_pixel_format source_format, int source_channels, void *destination,
                      vfx_pixel_format destination_format, int destination_channels, size_t count, const float *k);

/// The 3D LUT of `vfx_lut3d_rgba` between stored pixels, as `vfx_cdl_stored` reads and
/// writes them, converting by the rules of `vfx_pixels_to_rgba` / `vfx_rgba_to_pixels`:
/// the AVX2 kernel converts 64 pixels at a time into an L1 float buffer (F16C for
/// halves, vector integer <-> float for u8 and u16), the portable one goes through a
/// small float block. Exactly load ->
/// `vfx_lut3d_rgba` -> store, alpha included, at every `vfx_lut3d_use_variant` variant.
void vfx_lut3d_stored(const void *source, vfx_pixel_format source_format, int source_channels, void *destination,
                      vfx_pixel_format destination_format, int destination_channels, size_t count, const float *table,
                      int size, const float scale[3], const float offset[3], int tetrahedral);

/// Per-channel lookup over `pixels` pixels of `channels` (3 or 4) stored values in
/// `format` (u8, u16 or f16; `destination` may be `source`): channel c of each pixel
/// becomes `table[offsets[c] + v]`, v the stored value (a half's bit pattern, an integer
/// code). Table entries are stored values too: uint8 for u8, uint16 otherwise, with 3
/// bytes to spare after the last entry an offset reaches (a gather reads 32 bits). Bit-identical with and without AVX2 (channel_lookup.c).
void vfx_lookup_stored(const void *source, void *destination, vfx_pixel_format format, size_t pixels,
                       int channels, const void *table, const int32_t offsets[4]);

/// The same lookup with float entries, into `pixels` RGBA floats (alpha 1 for three
/// channels, as `vfx_pixels_to_rgba`).
void vfx_lookup_rgba(const void *source, vfx_pixel_format format, size_t pixels, int channels,
                     const float *table, const int32_t offsets[4], float *rgba);

/// Tests: nonzero forces the portable lookup even where AVX2 exists.
void vfx_lookup_force_generic(int generic);


/// Tests: nonzero forces the portable block conversion even where AVX2 + F16C exist.
void vfx_block_convert_force_generic(int generic);

#endif
