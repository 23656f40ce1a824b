import VFXCore
#if canImport(Glibc)
import Glibc
#endif

/// Where a device's VkPipelineCache lives between processes, so a new process's first
/// chain does not compile its pipelines again: one file per device and driver under
/// `$XDG_CACHE_HOME/vfxrun` (else `~/.cache/vfxrun`), named by vendor, device, driver
/// version and the driver's pipelineCacheUUID. The file is the driver's data behind our
/// own header (magic, length, FNV-1a checksum); a file that is short, foreign or corrupt
/// is ignored (the cache starts empty and the file is replaced), never passed on; the
/// C side also checks the driver's own header against the device before using it.
/// `VFXPY_GPU_PIPELINE_CACHE=0` turns it off. Writes are atomic (a temporary file
/// renamed over the old one), so concurrent processes never read a half-written file.
struct PipelineCacheFile {
    static let disableVariable = "VFXPY_GPU_PIPELINE_CACHE"
    private static let magic = Array("vfxrun-vkpc-1\0\0\0".utf8)   // 16 bytes

    let folder: String
    let path: String

    init?(device: GPUDeviceInfo) {
        if let off = getenv(Self.disableVariable), String(cString: off) == "0" { return nil }
        let base: String
        if let xdg = getenv("XDG_CACHE_HOME").map({ String(cString: $0) }), xdg.hasPrefix("/") {
            base = xdg
        } else if let home = getenv("HOME").map({ String(cString: $0) }), !home.isEmpty {
            base = home + "/.cache"
        } else {
            return nil
        }
        func hex(_ value: UInt64, _ digits: Int) -> String {
            let text = String(value, radix: 16)
            return String(repeating: "0", count: max(0, digits - text.count)) + text
        }
        let uuid = device.pipelineCacheUUID.map { hex(UInt64($0), 2) }.joined()
        folder = base + "/vfxrun"
        path = folder + "/vulkan-\(hex(UInt64(device.vendorID), 4))-\(hex(UInt64(device.deviceID), 4))-"
            + "\(hex(UInt64(device.driverVersion), 8))-\(uuid).pipelines"
    }

    /// The driver's data from the file, or nil when there is none or it does not check out.
    func load() -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0, errno == EINTR { continue }
            guard n >= 0 else { return nil }
            if n == 0 { break }
            bytes += chunk[0..<n]
            if bytes.count > 1 << 30 { return nil }  // no driver cache is a gigabyte
        }
        guard bytes.count >= 32, Array(bytes[0..<16]) == Self.magic else { return nil }
        let length = Self.word(bytes, at: 16), checksum = Self.word(bytes, at: 24)
        guard length == UInt64(bytes.count - 32) else { return nil }
        let payload = Array(bytes[32...])
        guard Self.fnv1a(payload) == checksum else { return nil }
        return payload
    }

    /// Writes the driver's data atomically; failures (read-only home, full disk) are
    /// ignored: the cache only saves time.
    func save(_ payload: [UInt8]) {
        var bytes = Self.magic
        withUnsafeBytes(of: UInt64(payload.count).littleEndian) { bytes += $0 }
        withUnsafeBytes(of: Self.fnv1a(payload).littleEndian) { bytes += $0 }
        bytes += payload
        var prefix = ""
        for part in folder.split(separator: "/") {  // mkdir -p
            prefix += "/" + part
            mkdir(prefix, 0o755)
        }
        let temporary = "\(path).\(getpid()).tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return }
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + written, $0.count - written) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { break }
            written += n
        }
        close(fd)
        if written != bytes.count || rename(temporary, path) != 0 { unlink(temporary) }
    }

    private static func word(_ bytes: [UInt8], at offset: Int) -> UInt64 {
        (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[offset + $1]) << (8 * UInt64($1)) }
    }

    static func fnv1a(_ bytes: [UInt8]) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return hash
    }
}
