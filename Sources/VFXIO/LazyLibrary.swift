import VFXCore

/// The codec libraries opened on first use (libvfxrun-*.so, see vfx_library.h) whose calls
/// carry no status of their own: `require` runs the loader's `*_available` check before
/// the first call and turns its message into `.unsupported`.
enum LazyLibrary {
    /// `available(message, size)` is a C loader's check (ctiff_available, cjpeg_available):
    /// 1 when the library is loaded, else 0 with the reason in `message`.
    static func require(_ available: (UnsafeMutablePointer<CChar>, Int) -> Int32) throws(VFXError) {
        var message = [CChar](repeating: 0, count: 1024)
        guard available(&message, message.count) == 0 else { return }
        throw .unsupported(String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
    }
}
