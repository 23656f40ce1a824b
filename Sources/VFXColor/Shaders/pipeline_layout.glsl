// The pipeline layout every shader of the Vulkan backend shares (Sources/CVulkan), for
// the color shaders (gpu_common.glsl) and the image ops' (VFXGPU's gpu_ops.glsl), which
// each declare binding 2 themselves: binding 0 holds the image (or the output) as RGBA
// float32, binding 1 the op's parameters as 32-bit words (floats as bit patterns); push
// constants give the first pixel and the pixel count of this dispatch. Included, never
// compiled alone.

layout(local_size_x = 64) in;

layout(std430, set = 0, binding = 0) buffer Pixels { vec4 px[]; };
layout(std430, set = 0, binding = 1) readonly buffer Parameters { uint words[]; } parameters;
layout(push_constant) uniform Dispatch { uint first; uint count; } dispatch;

float pf(uint i) { return uintBitsToFloat(parameters.words[i]); }
uint pu(uint i) { return parameters.words[i]; }
