import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Bounds that keep absurd requests (a header claiming 100000×100000 pixels, a typo in
/// `Image.new`) from allocating before anything is read: they fail with a clear error.
public enum ImageLimits {
    /// The most channels an image may have (EXR files with many AOVs stay well below).
    public static let maxChannels = 1024
    /// The largest width or height.
    public static let maxDimension = Int(Int32.max)

    private static let byteLimit = Atomic<Int>(physicalMemory)

    /// The most bytes one image may take. Defaults to the machine's physical memory;
    /// lower it to refuse large files sooner, raise it only with swap to back it.
    public static var maxBytes: Int {
        get { byteLimit.load(ordering: .relaxed) }
        set { byteLimit.store(max(1, newValue), ordering: .relaxed) }
    }

    /// Physical memory in bytes.
    public static let physicalMemory: Int = {
        let pages = sysconf(Int32(_SC_PHYS_PAGES))
        let pageSize = sysconf(Int32(_SC_PAGESIZE))
        guard pages > 0, pageSize > 0 else { return Int.max }
        let (total, overflow) = pages.multipliedReportingOverflow(by: pageSize)
        return overflow ? Int.max : total
    }()

    /// The byte count of a `width`×`height`×`channels` image of `format`, after checking
    /// every bound; throws `invalidArgument` or `outOfMemory` naming the problem.
    public static func byteCount(width: Int, height: Int, channels: Int,
                                 format: PixelFormat) throws(VFXError) -> Int {
        guard width >= 1 else { throw .invalidArgument(name: "width", message: "must be at least 1, got \(width)") }
        guard height >= 1 else { throw .invalidArgument(name: "height", message: "must be at least 1, got \(height)") }
        guard width <= maxDimension else { throw .invalidArgument(name: "width", message: "\(width) exceeds the limit of \(maxDimension)") }
        guard height <= maxDimension else { throw .invalidArgument(name: "height", message: "\(height) exceeds the limit of \(maxDimension)") }
        guard (1...maxChannels).contains(channels) else {
            throw .invalidArgument(name: "channels", message: "must be between 1 and \(maxChannels), got \(channels)")
        }
        let (pixels, o1) = width.multipliedReportingOverflow(by: height)
        let (components, o2) = pixels.multipliedReportingOverflow(by: channels)
        let (bytes, o3) = components.multipliedReportingOverflow(by: format.bytesPerComponent)
        let limit = maxBytes
        if o1 || o2 || o3 || bytes > limit {
            let size = (o1 || o2 || o3) ? "more than \(ByteCount(Int.max))" : "\(ByteCount(bytes))"
            throw .outOfMemory(
                "a \(width)x\(height) image with \(channels) \(format.rawValue) channels needs \(size), "
                + "over the limit of \(ByteCount(limit)) (vfxpy.set_max_image_bytes changes it)")
        }
        return bytes
    }
}
