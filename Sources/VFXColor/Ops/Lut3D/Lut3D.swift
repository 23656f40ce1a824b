import CPixelKernels
import VFXCore

/// A 3D LUT: `size`³ RGB entries over a cube domain, red changing fastest (the `.cube`
/// order): entry (r, g, b) is at `3 * ((b * size + g) * size + r)`.
public struct Lut3D: Sendable, Equatable {
    public enum Interpolation: String, Sendable, CaseIterable {
        case trilinear, tetrahedral
    }

    public var size: Int
    public var values: [Float]
    public var domainMin: SIMD3<Float>
    public var domainMax: SIMD3<Float>

    public init(size: Int, values: [Float], domainMin: SIMD3<Float> = .zero,
                domainMax: SIMD3<Float> = .one) throws(VFXError) {
        guard (2...256).contains(size) else {
            throw .invalidArgument(name: "size", message: "must be between 2 and 256, got \(size)")
        }
        guard values.count == 3 * size * size * size else {
            throw .invalidArgument(name: "values", message: "needs \(3 * size * size * size) values (size^3 x 3), got \(values.count)")
        }
        guard all(domainMax .> domainMin) else {
            throw .invalidArgument(name: "domain", message: "max must be above min in every channel")
        }
        self.size = size
        self.values = values
        self.domainMin = domainMin
        self.domainMax = domainMax
    }

    /// The entries padded to RGBA (alpha 0), as the CPU kernels (one 16-byte load per
    /// entry) and lut3d.glsl read them. Made per use: `values` can change under a numpy
    /// view.
    public func paddedRGBA() -> [Float] {
        let entries = size * size * size
        return [Float](unsafeUninitializedCapacity: 4 * entries) { padded, count in
            values.withUnsafeBufferPointer { rgb in
                for i in 0..<entries {
                    padded[4 * i] = rgb[3 * i]
                    padded[4 * i + 1] = rgb[3 * i + 1]
                    padded[4 * i + 2] = rgb[3 * i + 2]
                    padded[4 * i + 3] = 0
                }
            }
            count = 4 * entries
        }
    }

    /// The identity cube with `size` points per axis on [0, 1].
    public static func identity(size: Int) throws(VFXError) -> Lut3D {
        guard (2...256).contains(size) else {
            throw .invalidArgument(name: "size", message: "must be between 2 and 256, got \(size)")
        }
        var values = [Float](repeating: 0, count: 3 * size * size * size)
        let step = 1 / Float(size - 1)
        for b in 0..<size {
            for g in 0..<size {
                for r in 0..<size {
                    let index = 3 * ((b * size + g) * size + r)
                    values[index] = Float(r) * step
                    values[index + 1] = Float(g) * step
                    values[index + 2] = Float(b) * step
                }
            }
        }
        return try Lut3D(size: size, values: values)
    }
}

/// Applies a `Lut3D` on RGB with trilinear or tetrahedral interpolation; inputs are
/// clamped to the domain.
public struct Lut3DOp: ColorOperation, Equatable {
    public var lut: Lut3D
    public var interpolation: Lut3D.Interpolation

    public init(_ lut: Lut3D, interpolation: Lut3D.Interpolation = .tetrahedral) {
        self.lut = lut
        self.interpolation = interpolation
    }

    public var name: String { "lut3d" }

    public func makeCPURenderer() -> any CPURenderer {
        Lut3DRenderer(lut: lut, tetrahedral: interpolation == .tetrahedral)
    }
}

/// Runs `vfx_lut3d_rgba` (CPixelKernels/lut3d_kernels.c, AVX2 where the CPU has it) on
/// each block, or `vfx_lut3d_stored` straight on f16, u8 and u16 pixels. Positions:
/// (p * a + b) * (size - 1) clamped to [0, size - 1], NaN → 0; lut3d.glsl does the same
/// float operations in the same order.
struct Lut3DRenderer: StoredPixelRenderer {
    /// RGBA-padded entries so one 16-byte load reads a whole entry.
    let table: [Float]
    let size: Int32
    /// p * a + b maps the domain onto [0, 1] (`LutDomain`).
    let a: [Float]
    let b: [Float]
    let tetrahedral: Int32

    init(lut: Lut3D, tetrahedral: Bool) {
        table = lut.paddedRGBA()
        size = Int32(lut.size)
        let (a3, b3) = LutDomain.normalization(lut.domainMin, lut.domainMax)
        a = [a3.x, a3.y, a3.z]
        b = [b3.x, b3.y, b3.z]
        self.tetrahedral = tetrahedral ? 1 : 0
    }

    func apply(_ pixels: UnsafeMutablePointer<RGBA>, count: Int) {
        table.withUnsafeBytes { entries in
            guard let t = entries.baseAddress?.assumingMemoryBound(to: Float.self) else { return }
            UnsafeMutableRawPointer(pixels).withMemoryRebound(to: Float.self, capacity: 4 * count) { floats in
                vfx_lut3d_rgba(floats, count, t, size, a, b, tetrahedral)
            }
        }
    }

    func apply(from source: UnsafeRawPointer, format sourceFormat: PixelFormat, channels sourceChannels: Int,
               to destination: UnsafeMutableRawPointer, format destinationFormat: PixelFormat,
               channels destinationChannels: Int, count: Int) {
        table.withUnsafeBytes { entries in
            guard let t = entries.baseAddress?.assumingMemoryBound(to: Float.self) else { return }
            vfx_lut3d_stored(source, sourceFormat.kernelFormat, Int32(sourceChannels), destination,
                             destinationFormat.kernelFormat, Int32(destinationChannels), count,
                             t, size, a, b, tetrahedral)
        }
    }
}
