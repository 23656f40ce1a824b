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
    /// Whether each output channel depends on its own input channel alone, and what a
    /// value costs (`ChannelTables` bakes runs of per-channel renderers into lookup
    /// tables). Defaults to `.mixesChannels`.
    var channelBehavior: ChannelBehavior { get }
}

extension CPURenderer {
    public var channelBehavior: ChannelBehavior { .mixesChannels }
}

/// How a renderer's outputs depend on its inputs, as far as per-channel lookup tables
/// care. A per-channel renderer computes each of R, G, B and A from that channel alone
/// by the same function at every pixel, NaN, infinities and -0 included (alpha's
/// function may be the identity): a 3x3 matrix with zero off-diagonal entries is not
/// one when it multiplies them (0 * inf is NaN), its `ScaleRenderer` is.
public enum ChannelBehavior: Sendable {
    /// Some output depends on another channel (a matrix, saturation, a 3D LUT).
    case mixesChannels
    /// Per channel, and no dearer than a table lookup: multiply-adds, clamps, a 1D LUT's
    /// own lookup.
    case perChannelCheap
    /// Per channel, and dearer than a table lookup: powers, logs, transfer curves.
    case perChannelCostly
}

/// A renderer that can also read and write three- and four-channel stored pixels (f32,
/// f16, u8, u16) itself, converting them inside its own vector loop instead of through a
/// staged block of floats. `PixelBlocks` gives it the image's memory directly when it is the
/// whole chain, and fuses it with the load (first op) or the store (last op) otherwise.
protocol StoredPixelRenderer: CPURenderer {
    /// Transforms `count` pixels of `sourceChannels` values (3 or 4) read from `source` (in
    /// `sourceFormat`) into pixels of `destinationChannels` values (3 or 4) at `destination`
    /// (in `destinationFormat`; it may be the same memory, with the same layout), with
    /// exactly the result of `PixelLoader`'s load, `apply`, `PixelLoader`'s store.
    func apply(from source: UnsafeRawPointer, format sourceFormat: PixelFormat, channels sourceChannels: Int,
               to destination: UnsafeMutableRawPointer, format destinationFormat: PixelFormat,
               channels destinationChannels: Int, count: Int)
}

