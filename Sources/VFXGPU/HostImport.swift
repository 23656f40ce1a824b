import VFXCore

/// An image's host memory imported into a device (VK_EXT_external_memory_host), so the
/// device reads and writes the numpy array's pages in place: kept on the image
/// (`Image.hostImport`) so the pages are imported (pinned, on a real GPU) once per image
/// and device, not once per op. `buffer` nil: the device cannot import this memory (no
/// extension, or the pixels start at an offset in their page that the device cannot bind);
/// the run then copies through staging.
final class HostImport: @unchecked Sendable {
    let context: GPUContext
    let buffer: GPUBuffer?
    let offset: Int

    private init(context: GPUContext, buffer: GPUBuffer?, offset: Int) {
        self.context = context
        self.buffer = buffer
        self.offset = offset
    }

    /// Whether `context` can import the image's memory: the device imports host memory,
    /// and the pixels' place in their page is an offset a storage buffer binds at. (The
    /// import itself may still fail, e.g. out of allocations: `of` then says nil.)
    static func possible(_ image: Image, context: GPUContext) -> Bool {
        if let existing = image.hostImport as? HostImport, existing.context === context {
            return existing.buffer != nil
        }
        let alignment = context.importAlignment
        guard alignment > 0 else { return false }
        let address = UInt(bitPattern: image.pixels.baseAddress)
        return Int(address % UInt(alignment)) % context.storageOffsetAlignment == 0
    }

    /// The image's import on `context` (made on first use and kept; nil when the device
    /// cannot import it).
    static func of(_ image: Image, context: GPUContext) -> HostImport? {
        if let existing = image.hostImport as? HostImport, existing.context === context {
            return existing.buffer == nil ? nil : existing
        }
        guard context.importsHostMemory else { return nil }
        let made = GPUBuffer.importing(image.pixels.baseAddress, byteCount: image.byteCount, context: context)
        let entry = HostImport(context: context, buffer: made?.buffer, offset: made?.offset ?? 0)
        image.hostImport = entry
        return entry.buffer == nil ? nil : entry
    }
}
