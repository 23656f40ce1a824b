#if canImport(Glibc)
import Glibc
#endif

/// Where an image's newest pixels live when they are not in its host memory: a GPU
/// backend attaches one to an image its ops touched (the pixels stay on the device across
/// ops) and `Image.synchronizeHost()` brings them back when the host needs them.
public protocol ImageResidency: AnyObject, Sendable {
    /// Where the pixels are, for people ("llvmpipe (LLVM 15.0.6, 256 bits)").
    var deviceName: String { get }
    /// Copies the device's pixels into `image.pixels` (in the image's format).
    func copyToHost(_ image: Image) throws(VFXError)
}

/// The residency state of one image: a lock, the attached residency, and how many
/// buffer exports (numpy views, memoryviews) of the host memory are alive.
final class ResidencyState: @unchecked Sendable {
    private var mutex = pthread_mutex_t()
    /// Held by every in-place change of the pixels (see `Image.changingPixels`).
    private var writerMutex = pthread_mutex_t()
    var residency: (any ImageResidency)?
    var exportCount = 0
    var hostImport: AnyObject?

    init() {
        pthread_mutex_init(&mutex, nil)
        pthread_mutex_init(&writerMutex, nil)
    }

    deinit {
        pthread_mutex_destroy(&mutex)
        pthread_mutex_destroy(&writerMutex)
    }

    func writing<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        pthread_mutex_lock(&writerMutex)
        defer { pthread_mutex_unlock(&writerMutex) }
        return try body()
    }

    func locked<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        return try body()
    }
}

extension Image {
    /// The device holding newer pixels than host memory, or nil when `pixels` is current.
    public var residency: (any ImageResidency)? {
        residencyState.locked { residencyState.residency }
    }

    /// Marks the device's copy as the current pixels (host memory is stale until
    /// `synchronizeHost()`), or with nil, host memory as current.
    public func setResidency(_ residency: (any ImageResidency)?) {
        residencyState.locked { residencyState.residency = residency }
    }

    /// Makes `pixels` current: when a device holds newer pixels, copies them back and
    /// detaches the device copy (host memory is authoritative again, so writes through
    /// numpy views are never lost). Every binding that reads or writes pixels calls this
    /// first; it costs nothing for an image that never left the host.
    public func synchronizeHost() throws(VFXError) {
        try residencyState.locked { () throws(VFXError) in
            guard let residency = residencyState.residency else { return }
            try residency.copyToHost(self)
            residencyState.residency = nil
        }
    }

    /// Runs `body`, which changes the pixels in place, while no other in-place change of
    /// this image runs: threads that grade one image at once take turns instead of
    /// mixing their read-modify-write passes. Reads (file writes, copies, ops that make a
    /// new image) do not wait. Numpy views write memory directly and take no lock: a
    /// script that changes one image from several threads through numpy serializes itself.
    public func changingPixels<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        try residencyState.writing(body)
    }

    /// Buffer exports of the host memory that are alive (numpy views, memoryviews). A
    /// device backend reads results back eagerly while this is above zero, because a
    /// view reads memory directly and cannot ask for a sync.
    public var exportCount: Int { residencyState.locked { residencyState.exportCount } }

    /// A device's import of this image's host memory (a GPU backend's, kept so the pages
    /// are pinned once per image, not once per op); released with the image.
    public var hostImport: AnyObject? {
        get { residencyState.locked { residencyState.hostImport } }
        set { residencyState.locked { residencyState.hostImport = newValue } }
    }

    /// Counts a buffer export starting (+1) or ending (-1).
    public func noteExport(_ delta: Int) {
        residencyState.locked { residencyState.exportCount = max(0, residencyState.exportCount + delta) }
    }
}
