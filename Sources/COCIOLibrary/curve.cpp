// The sampled grading curves of VFXOCIO's CurveLut1DOp, applied to blocks of pixels.
#include "COCIO.h"

#include <cmath>

extern "C" void cocio_curve_apply(const float *table, int32_t size, int32_t stride, const float *min,
                                  const float *max, const float *below, const float *above, float *pixels,
                                  int64_t count) {
    const int32_t last = size - 1;
    double scale[3];
    for (int c = 0; c < 3; ++c) scale[c] = double(last) / (double(max[c]) - double(min[c]));
    for (int64_t i = 0; i < count; ++i) {
        float *pixel = pixels + 4 * i;
        for (int c = 0; c < 3; ++c) {
            const float *curve = table + (stride == 1 ? 0 : c);
            const float x = pixel[c];
            float y;
            if (std::isnan(x)) {
                y = curve[0];
            } else if (x <= min[c]) {
                y = curve[0] + below[c] * (x - min[c]);
            } else if (x >= max[c]) {
                y = curve[stride * last] + above[c] * (x - max[c]);
            } else {
                const double position = (double(x) - double(min[c])) * scale[c];
                int32_t index = int32_t(position);
                if (index > last - 1) index = last - 1;
                const double fraction = position - double(index);
                const double a = curve[stride * index], b = curve[stride * (index + 1)];
                y = float(a + fraction * (b - a));
            }
            pixel[c] = y;
        }
    }
}
