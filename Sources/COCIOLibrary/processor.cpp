// Processors: made from a config, described step by step, written as CLF/CTF, and run
// on OCIO's own CPU renderer for the steps vfxpy has no op for.
#include "guarded.hpp"

#include <cmath>
#include <limits>
#include <sstream>
#include <algorithm>
#include <vector>

namespace {

/// The steps that run: OCIO's default optimization without the approximate pow/log of
/// its CPU renderer (which are not what the ops say; vfxpy's ops run them exactly).
constexpr OCIO::OptimizationFlags stepOptimization =
    OCIO::OptimizationFlags(OCIO::OPTIMIZATION_DEFAULT & ~OCIO::OPTIMIZATION_FAST_LOG_EXP_POW);

OCIO::TransformDirection direction(int32_t value) {
    if (value == COCIO_FORWARD) return OCIO::TRANSFORM_DIR_FORWARD;
    if (value == COCIO_INVERSE) return OCIO::TRANSFORM_DIR_INVERSE;
    throw cocio::Failure(COCIO_INVALID_ARGUMENT, "direction must be forward or inverse");
}

COCIOProcessor *wrap(const OCIO::ConstConfigRcPtr &config, const OCIO::ConstProcessorRcPtr &processor) {
    auto optimized = processor->getOptimizedProcessor(OCIO::BIT_DEPTH_F32, OCIO::BIT_DEPTH_F32, stepOptimization);
    return new COCIOProcessor{config, processor, optimized->createGroupTransform(), processor->getCacheID()};
}

OCIO::ConstTransformRcPtr step(const COCIOProcessor *processor, int32_t index) {
    if (!processor || index < 0 || index >= processor->steps->getNumTransforms()) {
        throw cocio::Failure(COCIO_INVALID_ARGUMENT, "step index out of range");
    }
    return processor->steps->getTransform(index);
}

std::string written(const OCIO::ConstConfigRcPtr &config, const OCIO::ConstGroupTransformRcPtr &group,
                    const char *format) {
    std::ostringstream out;
    group->write(config, format, out);
    return out.str();
}

const char *typeName(const OCIO::ConstTransformRcPtr &t) {
#define COCIO_TYPE(T) if (std::dynamic_pointer_cast<const OCIO::T>(t)) return #T;
    COCIO_TYPE(MatrixTransform) COCIO_TYPE(RangeTransform) COCIO_TYPE(LogTransform) COCIO_TYPE(LogAffineTransform)
    COCIO_TYPE(LogCameraTransform) COCIO_TYPE(ExponentTransform) COCIO_TYPE(ExponentWithLinearTransform)
    COCIO_TYPE(CDLTransform) COCIO_TYPE(ExposureContrastTransform) COCIO_TYPE(Lut1DTransform)
    COCIO_TYPE(Lut3DTransform) COCIO_TYPE(FixedFunctionTransform) COCIO_TYPE(GradingPrimaryTransform)
    COCIO_TYPE(GradingRGBCurveTransform) COCIO_TYPE(GradingToneTransform) COCIO_TYPE(AllocationTransform)
    COCIO_TYPE(GroupTransform)
#undef COCIO_TYPE
    return "Transform";
}

} // namespace

extern "C" {

int32_t cocio_processor_spaces(const COCIOConfig *config, const char *src, const char *dst, const char *looks,
                               int32_t dir, COCIOProcessor **processor, COCIOError *error) {
    return cocio::guarded(error, [&] {
        if (!config || !src || !dst || !processor) throw cocio::Failure(COCIO_INVALID_ARGUMENT, "missing argument");
        const auto &c = config->config;
        if (looks && *looks) {
            auto transform = OCIO::LookTransform::Create();
            transform->setSrc(src);
            transform->setDst(dst);
            transform->setLooks(looks);
            transform->setDirection(direction(dir));
            *processor = wrap(c, c->getProcessor(transform));
        } else {
            auto transform = OCIO::ColorSpaceTransform::Create();
            transform->setSrc(src);
            transform->setDst(dst);
            transform->setDirection(direction(dir));
            *processor = wrap(c, c->getProcessor(transform));
        }
    });
}

int32_t cocio_processor_display(const COCIOConfig *config, const char *src, const char *display, const char *view,
                                const char *looks, int32_t dir, COCIOProcessor **processor, COCIOError *error) {
    return cocio::guarded(error, [&] {
        if (!config || !src || !display || !view || !processor) {
            throw cocio::Failure(COCIO_INVALID_ARGUMENT, "missing argument");
        }
        const auto &c = config->config;
        auto transform = OCIO::DisplayViewTransform::Create();
        transform->setSrc(src);
        transform->setDisplay(display);
        transform->setView(view);
        if (!looks) {
            transform->setDirection(direction(dir));
            *processor = wrap(c, c->getProcessor(transform));
            return;
        }
        auto pipeline = OCIO::LegacyViewingPipeline::Create();
        pipeline->setDisplayViewTransform(transform);
        pipeline->setLooksOverrideEnabled(true);
        pipeline->setLooksOverride(looks);
        auto forward = pipeline->getProcessor(c);
        if (direction(dir) == OCIO::TRANSFORM_DIR_FORWARD) {
            *processor = wrap(c, forward);
        } else {
            *processor = wrap(c, c->getProcessor(forward->createGroupTransform(), OCIO::TRANSFORM_DIR_INVERSE));
        }
    });
}

int32_t cocio_processor_file(const COCIOConfig *config, const char *path, int32_t interpolation, int32_t dir,
                             COCIOProcessor **processor, COCIOError *error) {
    return cocio::guarded(error, [&] {
        if (!config || !path || !processor) throw cocio::Failure(COCIO_INVALID_ARGUMENT, "missing argument");
        auto transform = OCIO::FileTransform::Create();
        transform->setSrc(path);
        transform->setInterpolation(static_cast<OCIO::Interpolation>(interpolation));
        transform->setDirection(direction(dir));
        *processor = wrap(config->config, config->config->getProcessor(transform));
    });
}

void cocio_processor_free(COCIOProcessor *processor) { delete processor; }

int32_t cocio_processor_is_noop(const COCIOProcessor *processor) {
    return processor && processor->processor->isNoOp() ? 1 : 0;
}

const char *cocio_processor_cache_id(const COCIOProcessor *processor) {
    return processor ? processor->cacheID.c_str() : "";
}

int32_t cocio_processor_text(const COCIOProcessor *processor, const char *format, int32_t optimized, char **text,
                             COCIOError *error) {
    return cocio::guarded(error, [&] {
        if (!processor || !format || !text) throw cocio::Failure(COCIO_INVALID_ARGUMENT, "missing argument");
        OCIO::ConstGroupTransformRcPtr group = optimized ? OCIO::ConstGroupTransformRcPtr(processor->steps)
                                                         : processor->processor->createGroupTransform();
        *text = cocio::copy(written(processor->config, group, format));
    });
}

int32_t cocio_processor_step_count(const COCIOProcessor *processor) {
    return processor ? processor->steps->getNumTransforms() : 0;
}

const char *cocio_processor_step_type(const COCIOProcessor *processor, int32_t index) {
    if (!processor || index < 0 || index >= processor->steps->getNumTransforms()) return nullptr;
    return typeName(processor->steps->getTransform(index));
}

int32_t cocio_processor_step_ctf(const COCIOProcessor *processor, int32_t index, char **text, COCIOError *error) {
    return cocio::guarded(error, [&] {
        if (!text) throw cocio::Failure(COCIO_INVALID_ARGUMENT, "missing argument");
        auto group = OCIO::GroupTransform::Create();
        group->appendTransform(step(processor, index)->createEditableCopy());
        *text = cocio::copy(written(processor->config, group, "Color Transform Format"));
    });
}

int32_t cocio_processor_step_exposure_contrast(const COCIOProcessor *processor, int32_t index,
                                               COCIOExposureContrast *parameters) {
    try {
        auto ec = std::dynamic_pointer_cast<const OCIO::ExposureContrastTransform>(step(processor, index));
        if (!ec || !parameters) return 0;
        parameters->style = ec->getStyle() == OCIO::EXPOSURE_CONTRAST_LINEAR ? 0
                            : ec->getStyle() == OCIO::EXPOSURE_CONTRAST_VIDEO ? 1 : 2;
        parameters->inverse = ec->getDirection() == OCIO::TRANSFORM_DIR_INVERSE;
        parameters->dynamic = ec->isExposureDynamic() || ec->isContrastDynamic() || ec->isGammaDynamic();
        parameters->exposure = ec->getExposure();
        parameters->contrast = ec->getContrast();
        parameters->gamma = ec->getGamma();
        parameters->pivot = ec->getPivot();
        parameters->log_exposure_step = ec->getLogExposureStep();
        parameters->log_mid_gray = ec->getLogMidGray();
        return 1;
    } catch (...) {
        return 0;
    }
}

namespace {

/// All control points on y = x with default slopes: the spline is the identity line and
/// extrapolates along it.
bool isIdentityCurve(const OCIO::ConstGradingBSplineCurveRcPtr &curve) {
    if (!curve || !curve->slopesAreDefault()) return false;
    for (size_t i = 0; i < curve->getNumControlPoints(); ++i) {
        const auto &point = curve->getControlPoint(i);
        if (point.m_x != point.m_y) return false;
    }
    return curve->getNumControlPoints() >= 2;
}

} // namespace

int32_t cocio_processor_step_curve_samples(const COCIOProcessor *processor, int32_t index, int32_t size,
                                           float *min, float *max, float *table, float *slopes) {
    try {
        cocio::quiet();
        auto curves = std::dynamic_pointer_cast<const OCIO::GradingRGBCurveTransform>(step(processor, index));
        if (!curves || !min || !max || !table || !slopes || size < 2) return 0;
        if (curves->getDirection() != OCIO::TRANSFORM_DIR_FORWARD || curves->isDynamic()) return 0;
        if (curves->getStyle() == OCIO::GRADING_LIN) return 0;
        auto value = curves->getValue();
        for (auto channel : {OCIO::RGB_RED, OCIO::RGB_GREEN, OCIO::RGB_BLUE}) {
            if (!isIdentityCurve(value->getCurve(channel))) return 0;
        }
        auto master = value->getCurve(OCIO::RGB_MASTER);
        size_t n = master ? master->getNumControlPoints() : 0;
        if (n < 2) return 0;
        float lo = master->getControlPoint(0).m_x, hi = master->getControlPoint(n - 1).m_x;
        if (!(hi > lo) || !std::isfinite(lo) || !std::isfinite(hi)) return 0;
        auto group = OCIO::GroupTransform::Create();
        group->appendTransform(curves->createEditableCopy());
        auto cpu = processor->config->getProcessor(group)->getOptimizedCPUProcessor(
            OCIO::BIT_DEPTH_F32, OCIO::BIT_DEPTH_F32, stepOptimization);
        // the samples, then probes outside the domain: lo - k·d and hi + k·d, k = 1, 2, 4
        const float d = hi - lo;
        const float probes[6] = {lo - d, lo - 2 * d, lo - 4 * d, hi + d, hi + 2 * d, hi + 4 * d};
        std::vector<float> ramp(static_cast<size_t>(size + 6) * 3);
        for (int32_t i = 0; i < size + 6; ++i) {
            float x = i < size ? lo + d * (static_cast<float>(i) / static_cast<float>(size - 1)) : probes[i - size];
            if (i == size - 1) x = hi;
            ramp[3 * i] = ramp[3 * i + 1] = ramp[3 * i + 2] = x;
        }
        OCIO::PackedImageDesc image(ramp.data(), size + 6, 1, 3);
        cpu->apply(image);
        for (size_t i = 0; i < ramp.size(); ++i) {
            if (!std::isfinite(ramp[i])) return 0;
        }
        for (int32_t c = 0; c < 3; ++c) {
            const float first = ramp[c], last = ramp[3 * (size - 1) + c];
            const float *probe = &ramp[3 * size + c];  // probe[3 * k]
            const double below = (double(first) - probe[0]) / d, above = (double(probe[9]) - last) / d;
            // straight lines: the farther probes lie on them (within float rounding)
            const double tolerance = 1e-5 * (1 + std::fabs(first) + std::fabs(last) + 4 * d * (std::fabs(below) + std::fabs(above)));
            if (std::fabs(first - below * 2 * d - probe[3]) > tolerance || std::fabs(first - below * 4 * d - probe[6]) > tolerance ||
                std::fabs(last + above * 2 * d - probe[12]) > tolerance || std::fabs(last + above * 4 * d - probe[15]) > tolerance) {
                return 0;
            }
            slopes[c] = static_cast<float>(below);
            slopes[3 + c] = static_cast<float>(above);
        }
        std::copy(ramp.begin(), ramp.begin() + 3 * size, table);
        *min = lo;
        *max = hi;
        return 1;
    } catch (...) {
        return 0;
    }
}

int32_t cocio_cpu_create(const COCIOProcessor *processor, int32_t begin, int32_t end, COCIOCPU **cpu,
                         COCIOError *error) {
    return cocio::guarded(error, [&] {
        if (!processor || !cpu || begin < 0 || end > processor->steps->getNumTransforms() || begin >= end) {
            throw cocio::Failure(COCIO_INVALID_ARGUMENT, "step range out of range");
        }
        auto group = OCIO::GroupTransform::Create();
        for (int32_t i = begin; i < end; ++i) group->appendTransform(processor->steps->getTransform(i)->createEditableCopy());
        auto part = processor->config->getProcessor(group);
        *cpu = new COCIOCPU{part->getOptimizedCPUProcessor(OCIO::BIT_DEPTH_F32, OCIO::BIT_DEPTH_F32, stepOptimization)};
    });
}

void cocio_cpu_free(COCIOCPU *cpu) { delete cpu; }

int32_t cocio_cpu_apply_rgba(const COCIOCPU *cpu, float *pixels, int64_t count, COCIOError *error) {
    int32_t status = cocio::guarded(error, [&] {
        if (!cpu || !pixels || count < 0) throw cocio::Failure(COCIO_INVALID_ARGUMENT, "missing argument");
        if (count == 0) return;
        OCIO::PackedImageDesc image(pixels, static_cast<long>(count), 1, 4);
        cpu->cpu->apply(image);
    });
    if (status != COCIO_OK && pixels) {
        for (int64_t i = 0; i < 4 * count; ++i) pixels[i] = std::numeric_limits<float>::quiet_NaN();
    }
    return status;
}

} // extern "C"
