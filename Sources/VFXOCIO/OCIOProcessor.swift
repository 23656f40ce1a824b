import COCIO
import VFXColor
import VFXCore
import VFXLUT

/// An OpenColorIO processor, with its optimized steps translated into vfxpy color ops:
/// every step vfxpy has an op for (matrix, range, log, exponent, 1D/3D LUT, CDL,
/// linear exposure/contrast) becomes that op, so the whole processor fuses with other
/// ops, uses every core and runs on Vulkan; runs of steps without one (fixed functions,
/// grading ops) run through OCIO's own CPU processor (`OCIOCPUOp`).
public final class OCIOProcessor: @unchecked Sendable {
    let handle: OpaquePointer
    /// Keeps the config alive as long as the processor.
    public let config: OCIOConfig
    /// The steps, in order, and where each runs.
    public let steps: [Step]
    /// The ops that apply the processor (translated steps and OCIO CPU runs).
    public let operations: [any ColorOperation]

    /// One optimized step of the processor.
    public struct Step: Sendable {
        /// The OCIO transform ("MatrixTransform", "FixedFunctionTransform", ...).
        public var transform: String
        /// The vfxpy ops it became, or empty when OCIO's CPU processor runs it.
        public var operations: [String]
        /// True when every one of those ops has a Vulkan shader (else the Vulkan backend
        /// runs the step on the host).
        public var hasShaders: Bool
        /// True when it runs through OCIO's CPU processor.
        public var runsOnOCIO: Bool { operations.isEmpty }
    }

    init(_ handle: OpaquePointer?, config: OCIOConfig) throws(OCIOFailure) {
        guard let handle else { throw .ocio("no processor") }
        self.handle = handle
        self.config = config
        var steps: [Step] = []
        var operations: [any ColorOperation] = []
        var pending: Range<Int32>?   // a run of steps for OCIO's CPU processor
        func flush() throws(OCIOFailure) {
            guard let run = pending else { return }
            var cpu: OpaquePointer?
            try checked { cocio_cpu_create(handle, run.lowerBound, run.upperBound, &cpu, $0) }
            guard let cpu else { throw .ocio("no CPU processor") }
            let names = steps[Int(run.lowerBound)..<Int(run.upperBound)].map(\.transform)
            operations.append(OCIOCPUOp(OCIOCPUHandle(cpu), transforms: names))
            pending = nil
        }
        do {
            for index in 0..<cocio_processor_step_count(handle) {
                let type = cocio_processor_step_type(handle, index).map { String(cString: $0) } ?? "Transform"
                let translated = try Self.translate(handle, index, type: type)
                steps.append(Step(transform: type, operations: translated?.map(\.name) ?? [],
                                  hasShaders: translated?.allSatisfy { $0.makeGPUKernel() != nil } ?? false))
                if let translated {
                    try flush()
                    operations += translated
                } else {
                    pending = (pending?.lowerBound ?? index)..<(index + 1)
                }
            }
            try flush()
        } catch {
            cocio_processor_free(handle)
            throw error
        }
        self.steps = steps
        self.operations = operations
    }

    deinit { cocio_processor_free(handle) }

    /// Step `index` as vfxpy ops, or nil when vfxpy has no exact equivalent.
    static func translate(_ handle: OpaquePointer, _ index: Int32,
                          type: String) throws(OCIOFailure) -> [any ColorOperation]? {
        var ec = COCIOExposureContrast()
        if cocio_processor_step_exposure_contrast(handle, index, &ec) != 0 {
            return ExposureContrastTranslation.operations(ec)
        }
        if type == "GradingRGBCurveTransform" {
            return CurveTranslation.operation(handle, index).map { [$0] }
        }
        var text: UnsafeMutablePointer<CChar>?
        try checked { cocio_processor_step_ctf(handle, index, &text, $0) }
        let ctf = taken(text)
        // The CLF reader knows the CTF forms of the common ops; it refuses the rest
        // (FixedFunction, Grading*, ...), which then run on OCIO's CPU processor.
        guard let document = try? CLFReader.parse(Array(ctf.utf8), path: "<OCIO step \(index)>") else { return nil }
        return document.pipeline.operations
    }

    public var isNoOp: Bool { cocio_processor_is_noop(handle) != 0 }
    public var cacheID: String { String(cString: cocio_processor_cache_id(handle)) }

    /// The processor in one of OCIO's write formats ("Color Transform Format",
    /// "Academy/ASC Common LUT Format"); `optimized` writes the steps that run.
    public func text(format: String, optimized: Bool) throws(OCIOFailure) -> String {
        var text: UnsafeMutablePointer<CChar>?
        try checked { cocio_processor_text(handle, format, optimized ? 1 : 0, &text, $0) }
        return taken(text)
    }
}

/// OCIO's ExposureContrastTransform, linear style, as exposure × contrast ops
/// (OCIO: `pivot * (x * 2^exposure / pivot) ^ (contrast * gamma)`, negatives to 0 when
/// the power is not 1); the video and logarithmic styles stay with OCIO. Dynamic
/// parameters (OCIO marks an unset gamma dynamic) are taken at their values: vfxpy never
/// changes them after the processor is made, so OCIO's CPU processor would use the same.
enum ExposureContrastTranslation {
    static let minimumPivot = 0.001

    static func operations(_ ec: COCIOExposureContrast) -> [any ColorOperation]? {
        guard ec.style == 0, ec.pivot >= minimumPivot else { return nil }
        let power = ec.contrast * ec.gamma
        guard power.isFinite, ec.exposure.isFinite, power > 0 || ec.inverse == 0 else { return nil }
        if ec.inverse == 0 {
            return [MatrixOp.exposure(stops: Float(ec.exposure)), ContrastOp(amount: Float(power), pivot: Float(ec.pivot))]
        }
        return [ContrastOp(amount: Float(1 / power), pivot: Float(ec.pivot)), MatrixOp.exposure(stops: Float(-ec.exposure))]
    }
}

/// A GradingRGBCurve that is one smooth per-channel curve on a finite domain and straight
/// lines outside it (the tone scales of the ACES 1.0 output transforms), as a dense 1D
/// LUT of OCIO's own evaluation: 16384 samples over the domain (about 6e-4 apart over the
/// ACES curves' 10 log10 units). OCIO's curves are quadratic B-splines, so linear
/// interpolation between samples is off by at most h²/8 · |f''|; measured against OCIO
/// at 200000 random points of the ACES tone scales: 4.9e-7 and 1.5e-7, the float32
/// noise of OCIO's own evaluation (65536 samples: the same; 4096: 9.8e-7). The table
/// (64 KB as one shared curve) stays in the L2 cache.
/// Outside the domain: the lines, with slopes measured on OCIO's evaluation (the shim
/// checks they are straight). A `CurveLut1DOp` (CPU only: the ACES output transforms
/// have FixedFunction steps on the host anyway).
enum CurveTranslation {
    static let samples: Int32 = 16384

    static func operation(_ handle: OpaquePointer, _ index: Int32) -> (any ColorOperation)? {
        var table = [Float](repeating: 0, count: 3 * Int(samples))
        var slopes = [Float](repeating: 0, count: 6)
        var lo: Float = 0, hi: Float = 0
        let found = table.withUnsafeMutableBufferPointer { buffer in
            slopes.withUnsafeMutableBufferPointer { slopeBuffer in
                cocio_processor_step_curve_samples(handle, index, samples, &lo, &hi, buffer.baseAddress,
                                                   slopeBuffer.baseAddress)
            }
        }
        guard found != 0, let lut = try? Lut1D(size: Int(samples), values: table, domainMin: SIMD3(repeating: lo),
                                               domainMax: SIMD3(repeating: hi)) else { return nil }
        return CurveLut1DOp(lut: lut, below: SIMD3(slopes[0], slopes[1], slopes[2]),
                            above: SIMD3(slopes[3], slopes[4], slopes[5]))
    }
}
