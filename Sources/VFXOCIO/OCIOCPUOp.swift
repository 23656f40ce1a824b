import COCIO
import VFXColor
import VFXCore

/// Owns one of OCIO's CPU processors (thread-safe to apply).
final class OCIOCPUHandle: @unchecked Sendable {
    let pointer: OpaquePointer

    init(_ pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit { cocio_cpu_free(pointer) }
}

/// Steps of an OCIO processor that vfxpy has no op for, run by OCIO's own CPU
/// processor on each block of pixels (so on every core, in the fused pass). It has no
/// shader: on the Vulkan backend the pixels come back to the host for it, as for every
/// op without one, and go up again after.
public struct OCIOCPUOp: ColorOperation {
    let handle: OCIOCPUHandle
    /// The OCIO transforms it runs.
    public let transforms: [String]

    init(_ handle: OCIOCPUHandle, transforms: [String]) {
        self.handle = handle
        self.transforms = transforms
    }

    public var name: String { "ocio_cpu" }

    public func makeCPURenderer() -> any CPURenderer { OCIOCPURenderer(handle: handle) }
}

struct OCIOCPURenderer: CPURenderer {
    let handle: OCIOCPUHandle

    func apply(_ pixels: UnsafeMutablePointer<RGBA>, count: Int) {
        // On an OCIO exception the shim sets the pixels to NaN: never silently wrong.
        var error = COCIOError()
        UnsafeMutableRawPointer(pixels).withMemoryRebound(to: Float.self, capacity: 4 * count) { floats in
            _ = cocio_cpu_apply_rgba(handle.pointer, floats, Int64(count), &error)
        }
    }
}
