// Shared by the shaders of the image ops on the device (included, never compiled alone).
//
// Layout: the pipeline layout every shader shares (Sources/CVulkan). Binding 0 holds the
// output image as RGBA float32 (for the compositing ops already holding the background),
// binding 1 the op's parameters as 32-bit words (floats as bit patterns), binding 2 —
// the color shaders' table — the source image as RGBA float32; push constants give the
// first pixel and the pixel count of this dispatch.
//
// Exactness: each shader repeats its CPU op's float operations in the same order
// (Sources/VFXOps, Sources/COpsKernels). Results are `precise` (no contraction into FMA,
// no reordering) except where the CPU loops themselves fuse a multiply-add, which the
// resampling shader repeats with fma() (specialization constant FUSED). Compositing,
// blend modes and the sharpen step then equal the CPU bit for bit on IEEE devices
// (division and sqrt aside, which Vulkan lets round less exactly). Vulkan does not
// require fma() to round once: lavapipe rounds the product and the sum apart, so there
// the filters differ from an FMA CPU by the rounding of each multiply-add, at most
// 2·taps·2^-24·Σ|w·x| per pass (a few float steps of the value in practice).

#include "pipeline_layout.glsl"

layout(std430, set = 0, binding = 2) readonly buffer Source { vec4 src[]; };

int pi(uint i) { return int(parameters.words[i]); }

// The pixel this invocation handles, or false past the end.
bool pixelIndex(out uint index) {
    uint local = gl_GlobalInvocationID.x;
    index = dispatch.first + local;
    return local < dispatch.count;
}

// Swift's min and max on Float (what the CPU ops call): y < x ? y : x, y >= x ? y : x,
// so a NaN goes where the CPU sends it (GLSL's min/max leave NaN undefined).
float swift_min(float x, float y) { return y < x ? y : x; }
float swift_max(float x, float y) { return y >= x ? y : x; }
