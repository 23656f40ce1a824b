#version 450
#extension GL_GOOGLE_include_directive : require
// The fused chain shader with the float64 transfer curves (devices with shaderFloat64).
#define VFX_FLOAT64 1
#include "chain.glsl"
