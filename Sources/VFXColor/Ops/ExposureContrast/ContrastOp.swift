import VFXCore
#if canImport(Glibc)
import Glibc
#endif

/// Contrast as a power curve about a pivot, on RGB: `pivot * (max(x, 0) / pivot) ^ amount`
/// (OpenColorIO's ExposureContrastTransform, linear style; negatives map to 0 as there).
public struct ContrastOp: ColorOperation, Equatable {
    public var amount: Float
    public var pivot: Float

    public init(amount: Float, pivot: Float = 0.18) {
        self.amount = amount
        self.pivot = pivot
    }

    public var name: String { "contrast" }
    public var isIdentity: Bool { amount == 1 }

    public func makeCPURenderer() -> any CPURenderer {
        ContrastRenderer(amount: amount, inScale: 1 / max(pivot, 1e-6), outScale: max(pivot, 1e-6))
    }
}

struct ContrastRenderer: CPURenderer {
    let amount: Float
    let inScale: Float
    let outScale: Float

    func apply(_ pixels: UnsafeMutablePointer<RGBA>, count: Int) {
        for i in 0..<count {
            var p = pixels[i]
            p.x = powf(max(p.x * inScale, 0), amount) * outScale
            p.y = powf(max(p.y * inScale, 0), amount) * outScale
            p.z = powf(max(p.z * inScale, 0), amount) * outScale
            pixels[i] = p
        }
    }
}
