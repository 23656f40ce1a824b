#version 450
#extension GL_GOOGLE_include_directive : require
// The fused chain shader for every device (float32 only).
#include "chain.glsl"
