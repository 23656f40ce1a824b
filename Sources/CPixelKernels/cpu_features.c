#include "cpu_features.h"

#if defined(__x86_64__)
int vfx_cpu_features(void) {
    static int cached = -1;
    int features = __atomic_load_n(&cached, __ATOMIC_RELAXED);
    if (features < 0) {
        __builtin_cpu_init();
        features = (__builtin_cpu_supports("avx2") ? VFX_CPU_AVX2 : 0)
                   | (__builtin_cpu_supports("f16c") ? VFX_CPU_F16C : 0)
                   | (__builtin_cpu_supports("fma") ? VFX_CPU_FMA : 0)
                   | (__builtin_cpu_supports("avx512f") ? VFX_CPU_AVX512F : 0);
        __atomic_store_n(&cached, features, __ATOMIC_RELAXED);
    }
    return features;
}
#endif
