import VFXColor
import VFXCore

/// An image's pixels on a device, as RGBA float32 (the CPU backend's working form):
/// attached to the image as its `ImageResidency` while the device copy is the newest.
final class DeviceImage: ImageResidency, @unchecked Sendable {
    let buffer: GPUBuffer
    let pixelCount: Int

    init(buffer: GPUBuffer, pixelCount: Int) {
        self.buffer = buffer
        self.pixelCount = pixelCount
    }

    var context: GPUContext { buffer.context }
    var deviceName: String { context.deviceName }
    var byteCount: Int { pixelCount * MemoryLayout<RGBA>.stride }

    /// Reads the pixels back into the image's host memory, in its format.
    func copyToHost(_ image: Image) throws(VFXError) {
        try context.withLock { () throws(VFXError) in
            let staging = try context.stagingBuffer(byteCount)
            try context.begin()
            context.copy(from: buffer, to: staging, byteCount: byteCount)
            try context.submit()
            GPUTransfers.record(downloads: 1)
            guard let mapped = staging.mapped else { throw VFXError.device("the staging buffer is not mapped") }
            PixelBlocks.storeRGBA(mapped.assumingMemoryBound(to: RGBA.self), into: image, pixels: 0..<pixelCount)
        }
    }
}
