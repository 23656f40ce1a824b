import VFXColor
import VFXCore

/// An image's pixels on a device, as RGBA float32 (the CPU backend's working form):
/// attached to the image as its `ImageResidency` while the device copy is the newest.
final class DeviceImage: ImageResidency, @unchecked Sendable {
    let buffer: GPUBuffer
    let pixelCount: Int
    /// The image's host memory imported into the device, when it was: reads go there
    /// directly (taken before the context's lock: copyToHost runs under the image's).
    let hostImport: HostImport?

    init(buffer: GPUBuffer, pixelCount: Int, hostImport: HostImport? = nil) {
        self.buffer = buffer
        self.pixelCount = pixelCount
        self.hostImport = hostImport
    }

    var context: GPUContext { buffer.context }
    var deviceName: String { context.deviceName }
    var byteCount: Int { pixelCount * MemoryLayout<RGBA>.stride }

    /// Reads the pixels back into the image's host memory, in its format.
    func copyToHost(_ image: Image) throws(VFXError) {
        try context.withLock { () throws(VFXError) in
            try context.begin()
            try GPUBackend.download(buffer, into: image, pixels: 0..<pixelCount, context: context, direct: hostImport)
        }
    }
}
