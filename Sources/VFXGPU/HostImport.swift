import VFXCore

/// An image's host memory imported into a device (VK_EXT_external_memory_host): the
/// device copies to and from the image's own pages (no staging copy) and, when the
/// pixels' place in their page is a storage-buffer offset, runs shaders on them in place
/// (a numpy array's result then needs no read-back at all). Kept on the image
/// (`Image.hostImport`) so the pages are imported (pinned, on a real GPU) once per image
/// and device, not once per op. `buffer` nil: the device could not import this memory;
/// the run then copies through staging.
final class HostImport: @unchecked Sendable {
    let context: GPUContext
    let buffer: GPUBuffer?
    /// Where the pixels start in `buffer`.
    let offset: Int

    private init(context: GPUContext, buffer: GPUBuffer?, offset: Int) {
        self.context = context
        self.buffer = buffer
        self.offset = offset
    }

    /// Whether shaders can bind the pixels in place (their offset is storage-aligned).
    var bindable: Bool { buffer != nil && offset % context.storageOffsetAlignment == 0 }

    /// Whether `context` can import the image (an RGBA float32 image, the device's own
    /// working form, on a device with the extension) and, with `inPlace`, bind it in
    /// place. (The import itself may still fail, e.g. out of allocations: `of` then
    /// says nil.)
    static func possible(_ image: Image, context: GPUContext, inPlace: Bool) -> Bool {
        guard image.format == .f32, image.channels == 4 else { return false }
        if let existing = image.hostImport as? HostImport, existing.context === context {
            return inPlace ? existing.bindable : existing.buffer != nil
        }
        let alignment = context.importAlignment
        guard alignment > 0 else { return false }
        guard inPlace else { return true }
        let address = UInt(bitPattern: image.pixels.baseAddress)
        return Int(address % UInt(alignment)) % context.storageOffsetAlignment == 0
    }

    /// The image's import on `context` (made on first use and kept; nil when the device
    /// cannot import it). Takes the image's lock: never call it holding the context's.
    static func of(_ image: Image, context: GPUContext) -> HostImport? {
        guard image.format == .f32, image.channels == 4 else { return nil }
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
