import VFXColor
import VFXCore
import VFXLUT

/// The Swift state behind `_vfxpy.Lut1D` / `_vfxpy.Lut3D`: the LUT's entries in memory
/// that never moves (so `lut.data` is a writable numpy view), its domain and how it is
/// applied. A `VFXColor.Lut1D`/`Lut3D` value is made from it whenever the LUT joins a
/// pipeline (a snapshot: later edits of `data` do not change pipelines already built).
///
/// Layout: 1D `(size, 3)`; 3D `size³` RGB entries with red changing fastest (the `.cube`
/// order), exported as a C-ordered `(size_b, size_g, size_r, 3)` array.
final class LutBox: @unchecked Sendable {
    enum Kind { case oneD, threeD }

    let kind: Kind
    let size: Int
    let storage: UnsafeMutableBufferPointer<Float>
    let domainMin: SIMD3<Float>
    let domainMax: SIMD3<Float>
    /// 1D: a half-domain LUT (65536 entries indexed by half bit patterns).
    let isHalfDomain: Bool
    /// 1D: apply the exact inverse of the curve instead of the curve.
    let isInverse: Bool
    /// 3D: trilinear or tetrahedral.
    var interpolation: Lut3D.Interpolation

    var shape: [Int] { kind == .oneD ? [size, 3] : [size, size, size, 3] }

    init(kind: Kind, size: Int, values: some Collection<Float>, domainMin: SIMD3<Float>, domainMax: SIMD3<Float>,
         isHalfDomain: Bool = false, isInverse: Bool = false, interpolation: Lut3D.Interpolation = .tetrahedral) {
        self.kind = kind
        self.size = size
        storage = .allocate(capacity: max(values.count, 1))
        _ = storage.initialize(from: values)
        self.domainMin = domainMin
        self.domainMax = domainMax
        self.isHalfDomain = isHalfDomain
        self.isInverse = isInverse
        self.interpolation = interpolation
    }

    convenience init(_ lut: Lut1D, isInverse: Bool = false) {
        self.init(lut.values, kind: .oneD, size: lut.size, lut.domainMin, lut.domainMax,
                  isHalfDomain: lut.isHalfDomain, isInverse: isInverse)
    }

    convenience init(_ lut: Lut3D, interpolation: Lut3D.Interpolation = .tetrahedral) {
        self.init(lut.values, kind: .threeD, size: lut.size, lut.domainMin, lut.domainMax, interpolation: interpolation)
    }

    private convenience init(_ values: [Float], kind: Kind, size: Int, _ low: SIMD3<Float>, _ high: SIMD3<Float>,
                             isHalfDomain: Bool = false, isInverse: Bool = false,
                             interpolation: Lut3D.Interpolation = .tetrahedral) {
        self.init(kind: kind, size: size, values: values, domainMin: low, domainMax: high,
                  isHalfDomain: isHalfDomain, isInverse: isInverse, interpolation: interpolation)
    }

    deinit { storage.deallocate() }

    /// A copy with another inverse flag (the same entries, new memory).
    func copy(isInverse: Bool) -> LutBox {
        LutBox(kind: kind, size: size, values: UnsafeBufferPointer(storage), domainMin: domainMin, domainMax: domainMax,
               isHalfDomain: isHalfDomain, isInverse: isInverse, interpolation: interpolation)
    }

    func lut1D() throws(VFXError) -> Lut1D {
        try Lut1D(size: size, values: Array(storage), domainMin: domainMin, domainMax: domainMax, isHalfDomain: isHalfDomain)
    }

    func lut3D() throws(VFXError) -> Lut3D {
        try Lut3D(size: size, values: Array(storage), domainMin: domainMin, domainMax: domainMax)
    }

    /// The color operation this LUT applies (a snapshot of its entries).
    func operation() throws(VFXError) -> any ColorOperation {
        switch kind {
        case .oneD: isInverse ? try invertibleOp(lut1D()) : Lut1DOp(try lut1D())
        case .threeD: Lut3DOp(try lut3D(), interpolation: interpolation)
        }
    }

    /// The file step this LUT is (inverse LUTs cannot be written).
    func step() throws(VFXError) -> LUTFile.Step {
        guard !isInverse else {
            throw .invalidArgument(name: "lut", message: "is an inverse LUT; LUT files hold forward curves "
                + "(write the forward LUT, or resample the inverse into a new Lut1D)")
        }
        return kind == .oneD ? .lut1D(try lut1D()) : .lut3D(try lut3D())
    }
}

/// The exact inverse op of a LUT checked to be monotonic in every channel.
private func invertibleOp(_ lut: Lut1D) throws(VFXError) -> InverseLut1DOp {
    try lut.checkInvertible()
    return try InverseLut1DOp(lut)
}
