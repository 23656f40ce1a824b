// The fused chain shader's body, compiled twice: chain.comp (float32 only) and
// chain64.comp (with the float64 transfer curves, for devices with shaderFloat64).
#include "gpu_common.glsl"
// Generated from Ops/ColorOps.table (SPIRVEmbed): the op codes OP_<op>, each op's
// parameter accessors and GLSL, and run_op(code, p, b, t), the dispatch.
#include "ColorOps.generated.glsl"

// A fused run of ops, as ColorPipeline runs them on the CPU: each pixel is loaded once,
// every op runs on it in registers, and it is stored once. The op codes
// (GPUKernel.Operation, OP_<op>; 0 = none) are specialization constants, so each pipeline is
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
