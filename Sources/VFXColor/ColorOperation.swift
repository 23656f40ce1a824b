import VFXCore

/// One pixel as the color engine sees it: red, green, blue and alpha as Float.
public typealias RGBA = SIMD4<Float>

/// A color operation: its parameters (a value), how it runs on the CPU, and how it joins
/// a chain. Each op lives in its own folder under `Ops/` — data, CPU renderer and (for
/// the Vulkan backend) shader side by side, as OpenColorIO keeps `ops/<op>/`.
public protocol ColorOperation: Sendable {
    /// A short name for listings ("matrix", "cdl", "lut3d", ...).
    var name: String { get }
    /// True when the op changes nothing (dropped from chains).
    var isIdentity: Bool { get }
    /// The CPU renderer for these parameters, with fast paths chosen up front.
    func makeCPURenderer() -> any CPURenderer
    /// This op followed by `next` as one op, when they combine exactly (matrix × matrix).
    func combined(with next: any ColorOperation) -> (any ColorOperation)?
    /// The op as a compute shader for the Vulkan backend, or nil when it has none (the
    /// backend then runs it on the CPU). Defaults to nil (`GPUKernel.swift`).
    func makeGPUKernel() -> GPUKernel?
}

extension ColorOperation {
    public var isIdentity: Bool { false }
    public func combined(with next: any ColorOperation) -> (any ColorOperation)? { nil }
}

/// A color operation compiled for the CPU: transforms `count` pixels in place. Pixels
/// arrive as RGBA floats (normalized for integer images); renderers leave alpha (`.w`)
/// as it is unless the op is defined on alpha.
public protocol CPURenderer: Sendable {
    func apply(_ pixels: UnsafeMutablePointer<RGBA>, count: Int)
}

/// A renderer that can also read and write four-channel stored pixels (f32, f16, u8,
/// u16) itself, converting them inside its own vector loop instead of through a staged
/// block of floats. `PixelBlocks` gives it the image's memory directly when it is the
/// whole chain, and fuses it with the load (first op) or the store (last op) otherwise.
protocol StoredPixelRenderer: CPURenderer {
    /// Transforms `count` four-channel pixels read from `source` (in `sourceFormat`) into
    /// `destination` (in `destinationFormat`; it may be the same memory), with exactly
    /// the result of load, `apply`, store.
    func apply(from source: UnsafeRawPointer, format sourceFormat: PixelFormat,
               to destination: UnsafeMutableRawPointer, format destinationFormat: PixelFormat, count: Int)
}

