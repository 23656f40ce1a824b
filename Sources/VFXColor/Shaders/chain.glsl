// The fused chain shader's body, compiled twice: chain.comp (float32 only) and
// chain64.comp (with the float64 transfer curves, for devices with shaderFloat64).
#include "gpu_common.glsl"
#include "matrix.glsl"
#include "cdl.glsl"
#include "contrast.glsl"
#include "range.glsl"
#include "lut1d.glsl"
#include "lut3d.glsl"
#include "store.glsl"
#include "transfer32.glsl"
#ifdef VFX_FLOAT64
#include "transfer.glsl"
#endif

// A fused run of ops, as ColorPipeline runs them on the CPU: each pixel is loaded once,
// every op runs on it in registers, and it is stored once. The op codes
// (GPUKernel.Operation; 0 = none) are specialization constants, so each pipeline is
// compiled for its sequence of ops with no run-time switch (software devices such as
// lavapipe would otherwise run every case under a mask). Words: per op k at 3k: the op
// code (checked against OPk), the first word of its parameters, the first float of its
// table.
layout(constant_id = 0) const uint OP0 = 0u;
layout(constant_id = 1) const uint OP1 = 0u;
layout(constant_id = 2) const uint OP2 = 0u;
layout(constant_id = 3) const uint OP3 = 0u;
layout(constant_id = 4) const uint OP4 = 0u;
layout(constant_id = 5) const uint OP5 = 0u;
layout(constant_id = 6) const uint OP6 = 0u;
layout(constant_id = 7) const uint OP7 = 0u;

vec4 run_op(uint code, vec4 p, uint b, uint t) {
    switch (code) {
    case 1u: return op_matrix(p, b);
    case 2u: return op_cdl(p, b);
    case 3u: return op_contrast(p, b);
    case 4u: return op_range(p, b);
    case 5u: return op_lut1d(p, b, t);
    case 6u: return op_lut3d(p, b, t);
    case 7u: return op_store(p, b, t);
    case 8u: return op_lut1d_half(p, t);
    case 9u: return op_cdl_reverse(p, b);
    case 10u: return op_transfer32(p, b);
    }
#ifdef VFX_FLOAT64
    if (code >= 32u) return op_transfer(p, code - 32u, b);
#endif
    return p;
}

#define STEP(K, CODE) if (CODE != 0u) { p = run_op(CODE, p, pu(3u * K + 1u), pu(3u * K + 2u)); }

void main() {
    uint i;
    if (!pixelIndex(i)) return;
    vec4 p = px[i];
    STEP(0u, OP0)
    STEP(1u, OP1)
    STEP(2u, OP2)
    STEP(3u, OP3)
    STEP(4u, OP4)
    STEP(5u, OP5)
    STEP(6u, OP6)
    STEP(7u, OP7)
    px[i] = p;
}
