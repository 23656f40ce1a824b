import CVulkan
import VFXColor
import VFXCore
#if canImport(Glibc)
import Glibc
#endif

/// A buffer on a device (device-local, or mapped for staging or for shader arguments);
/// freed when the last reference goes.
final class GPUBuffer: @unchecked Sendable {
    /// What the buffer is for, which picks its memory (CVulkan's VFX_VK_MEMORY_*).
    enum Memory {
        /// device-local: images on the device and intermediates
        case device
        /// mapped, host-cached where offered: uploads and read-backs
        case staging
        /// mapped, device-local where the device maps such memory: parameters and tables
        /// the host writes and shaders read
        case arguments

        var code: Int32 {
            switch self {
            case .device: Int32(VFX_VK_MEMORY_DEVICE)
            case .staging: Int32(VFX_VK_MEMORY_STAGING)
            case .arguments: Int32(VFX_VK_MEMORY_ARGUMENTS)
            }
        }
    }

    let context: GPUContext
    var raw: vfx_vk_buffer

    init(context: GPUContext, byteCount: Int, memory: Memory) throws(VFXError) {
        self.context = context
        raw = vfx_vk_buffer()
        let result = vfx_vk_buffer_create(context.handle, UInt64(byteCount), memory.code, &raw)
        guard result == VK_SUCCESS else {
            throw GPUContext.error(result, "cannot allocate \(ByteCount(byteCount)) on \(context.device.name)")
        }
    }

    /// A buffer over host memory the caller keeps alive (`vfx_vk_buffer_import`): the
    /// pages around `pointer`, and where `pointer` lies in them; nil when the device
    /// cannot import this memory.
    static func importing(_ pointer: UnsafeMutableRawPointer, byteCount: Int,
                          context: GPUContext) -> (buffer: GPUBuffer, offset: Int)? {
        var raw = vfx_vk_buffer()
        var offset: UInt64 = 0
        guard vfx_vk_buffer_import(context.handle, pointer, UInt64(byteCount), &raw, &offset) == VK_SUCCESS else {
            return nil
        }
        return (GPUBuffer(context: context, raw: raw), Int(offset))
    }

    private init(context: GPUContext, raw: vfx_vk_buffer) {
        self.context = context
        self.raw = raw
    }

    var buffer: VkBuffer? { raw.buffer }
    var byteCount: Int { Int(raw.size) }
    var mapped: UnsafeMutableRawPointer? { raw.mapped }

    deinit { vfx_vk_buffer_destroy(context.handle, &raw) }
}

/// The process-wide context of one Vulkan device: the logical device with one compute
/// queue, one command buffer, a pipeline per shader (created on first use and kept), a
/// staging buffer and an argument buffer reused from run to run. One run at a time
/// (`withLock`); the backend records copies and dispatches, submits, and waits.
public final class GPUContext: @unchecked Sendable {
    let device: GPUDeviceInfo
    let handle: OpaquePointer
    private var pipelines: [String: VkPipeline] = [:]
    /// The pipeline cache's file, the bytes it gave at start, and how often it was written.
    private let cacheFile: PipelineCacheFile?
    private(set) var cacheLoadedBytes = 0
    private(set) var cacheWrites = 0
    private var cacheSaved: [UInt8] = []
    private var staging: [GPUBuffer?] = [nil, nil]
    /// `GPUCost.Rates` once measured (`costRates()`).
    let measuredCostRates = Locked<GPUCost.Rates?>(nil)
    private var arguments: GPUBuffer?
    private let lock = Locked(())
    /// Set after a device loss: every later use fails with the same error.
    private var lost: VFXError?

    private static let contexts = Locked([Int: GPUContext]())

    /// The context of device `index`, created on first use.
    public static func shared(device index: Int) throws(VFXError) -> GPUContext {
        try contexts.withLock { (contexts: inout [Int: GPUContext]) throws(VFXError) -> GPUContext in
            if let existing = contexts[index] { return existing }
            let devices = GPUDevices.all
            guard let device = devices.first(where: { $0.index == index }) else {
                throw .unsupported(GPUDevices.unavailableReason.map { "no Vulkan device \(index): \($0)" }
                                   ?? "no Vulkan device \(index) (there are \(devices.count))")
            }
            var result = VK_SUCCESS
            let cacheFile = PipelineCacheFile(device: device)
            let cached = cacheFile?.load() ?? []
            let floatControls: Int32 = device.floatControls.modes(float64: device.supportsFloat64).isEmpty ? 0 : 1
            let created = cached.withUnsafeBytes { raw in
                vfx_vk_context_create(Int32(index), device.supportsFloat64 ? 1 : 0, floatControls, raw.baseAddress,
                                      raw.count, &result)
            }
            guard let handle = created else {
                throw error(result, "cannot open Vulkan device \(index) (\(device.name))")
            }
            let context = GPUContext(device: device, handle: handle, cacheFile: cacheFile)
            context.cacheLoadedBytes = cached.count
            context.cacheSaved = cached
            if getenv(timingVariable).map({ String(cString: $0) == "1" }) ?? false { _ = context.setTiming(true) }
            contexts[index] = context
            return context
        }
    }

    private init(device: GPUDeviceInfo, handle: OpaquePointer, cacheFile: PipelineCacheFile?) {
        self.device = device
        self.handle = handle
        self.cacheFile = cacheFile
    }

    /// `VFXPY_GPU_TIMING=1`: every context times its copies and dispatches from the start
    /// (see `setTiming`).
    public static let timingVariable = "VFXPY_GPU_TIMING"

    public var deviceName: String { device.name }

    /// A Vulkan error as a vfxpy error: device loss and memory exhaustion by name.
    static func error(_ result: VkResult, _ what: String) -> VFXError {
        let reason = switch result {
        case VK_ERROR_DEVICE_LOST: "the device was lost (VK_ERROR_DEVICE_LOST)"
        case VK_ERROR_OUT_OF_DEVICE_MEMORY: "out of device memory (VK_ERROR_OUT_OF_DEVICE_MEMORY)"
        case VK_ERROR_OUT_OF_HOST_MEMORY: "out of host memory (VK_ERROR_OUT_OF_HOST_MEMORY)"
        case VK_ERROR_INITIALIZATION_FAILED: "initialization failed"
        default: "VkResult \(result.rawValue)"
        }
        return .device("\(what): \(reason)")
    }

    /// Runs `body` as the only user of the context.
    func withLock<T>(_ body: () throws(VFXError) -> T) throws(VFXError) -> T {
        try lock.withLock { (_: inout Void) throws(VFXError) -> T in
            if let lost { throw lost }
            return try body()
        }
    }

    /// Fails with a device error unless `result` is success; remembers a device loss.
    func check(_ result: VkResult, _ what: String) throws(VFXError) {
        guard result != VK_SUCCESS else { return }
        let failure = GPUContext.error(result, "\(what) on \(device.name)")
        if result == VK_ERROR_DEVICE_LOST { lost = failure }
        throw failure
    }

    /// The pipeline of `shader` (its `variant` for this device) specialized with
    /// `constants`, created on first use.
    func pipeline(for shader: GPUShader, constants: [UInt32]) throws(VFXError) -> VkPipeline {
        let key = ([shader.name] + constants.map(String.init)).joined(separator: ",")
        if let existing = pipelines[key] { return existing }
        var pipeline: VkPipeline?
        let result = shader.variant(for: device).words.withUnsafeBufferPointer { words in
            constants.withUnsafeBufferPointer { values in
                vfx_vk_pipeline_create(handle, words.baseAddress, words.count, values.baseAddress,
                                       UInt32(values.count), &pipeline)
            }
        }
        try check(result, "creating the \(shader.name) pipeline")
        guard let pipeline else { throw .device("no pipeline for \(shader.name)") }
        pipelines[key] = pipeline
        saveCache()
        return pipeline
    }

    /// Writes the pipeline cache's file when the driver's data changed (a new pipeline
    /// was compiled); a second process that reuses every pipeline writes nothing.
    private func saveCache() {
        guard let cacheFile else { return }
        var size = 0
        guard vfx_vk_pipeline_cache_data(handle, nil, &size) == VK_SUCCESS, size > 0 else { return }
        var data = [UInt8](repeating: 0, count: size)
        guard data.withUnsafeMutableBytes({ vfx_vk_pipeline_cache_data(handle, $0.baseAddress, &size) }) == VK_SUCCESS
        else { return }
        data.removeLast(data.count - min(size, data.count))
        guard data != cacheSaved else { return }
        cacheFile.save(data)
        cacheSaved = data
        cacheWrites += 1
    }

    /// The pipeline cache: its file (nil when off), the bytes read at start, the writes since.
    public var pipelineCache: (path: String?, loadedBytes: Int, writes: Int) {
        lock.withLock { _ in (cacheFile?.path, cacheLoadedBytes, cacheWrites) }
    }

    /// Times every copy and dispatch recorded from now on with GPU timestamps (false: stops).
    /// Returns false when the device cannot time its compute queue.
    public func setTiming(_ on: Bool) -> Bool {
        lock.withLock { _ in
            let ok = vfx_vk_set_timing(handle, on ? 1 : 0) == 0
            timingEnabled = on && ok
            return ok
        }
    }

    /// Whether copies and dispatches are timed (`setTiming`, `VFXPY_GPU_TIMING=1`).
    public private(set) var timingEnabled = false

    /// The GPU durations of the copies and dispatches submitted since the last call, in
    /// seconds, oldest first (at most 256 kept).
    public func takeTimings() -> [(kind: String, seconds: Double)] {
        lock.withLock { _ in
            var seconds = [Double](repeating: 0, count: Int(VFX_VK_MAX_TIMINGS))
            var kinds = [Int32](repeating: 0, count: Int(VFX_VK_MAX_TIMINGS))
            let count = Int(vfx_vk_take_timings(handle, &seconds, &kinds, Int32(seconds.count)))
            return (0..<count).map { (kinds[$0] == 0 ? "copy" : "dispatch", seconds[$0]) }
        }
    }

    /// A mapped staging buffer of at least `byteCount` bytes (grown as needed, kept); slot
    /// 1 is a second one, for the tile the device runs while slot 0's is filled.
    func stagingBuffer(_ byteCount: Int, slot: Int = 0) throws(VFXError) -> GPUBuffer {
        if let existing = staging[slot], existing.byteCount >= byteCount { return existing }
        staging[slot] = nil
        let buffer = try GPUBuffer(context: self, byteCount: byteCount, memory: .staging)
        staging[slot] = buffer
        return buffer
    }

    /// A mapped buffer for shader parameters and tables (grown as needed, kept).
    func argumentBuffer(_ byteCount: Int) throws(VFXError) -> GPUBuffer {
        if let arguments, arguments.byteCount >= byteCount { return arguments }
        arguments = nil
        let buffer = try GPUBuffer(context: self, byteCount: max(byteCount, 4096), memory: .arguments)
        arguments = buffer
        return buffer
    }

    /// Storage buffer offsets must be multiples of this.
    var offsetAlignment: Int { max(16, Int(vfx_vk_storage_alignment(handle))) }

    /// The most bytes one resident image (or one tile) may take on this device: the
    /// largest storage buffer range a shader can address, at most half the device's
    /// memory, or the budget set for tests (`GPUBackend.tileBudget`).
    var imageBudget: Int {
        let limit = min(device.maxStorageBufferRange, max(device.memoryBytes / 2, 1 << 20))
        let forced = GPUBackend.tileBudget
        return forced > 0 ? min(forced, limit) : limit
    }

    // Recording, thin wrappers over CVulkan.
    func begin() throws(VFXError) { try check(vfx_vk_begin(handle), "starting a command buffer") }
    func submit() throws(VFXError) { try check(vfx_vk_submit(handle), "running commands") }
    /// Recording slots (`VFX_VK_FRAMES`): command buffers that may run while another is recorded.
    static let frames = Int(VFX_VK_FRAMES)
    /// Double buffering (`frames`): records into `frame` once its last submit is done.
    func useFrame(_ frame: Int) throws(VFXError) { try check(vfx_vk_use_frame(handle, Int32(frame)), "waiting for a tile") }
    func submitAsync() throws(VFXError) { try check(vfx_vk_submit_async(handle), "running commands") }
    /// Waits for both frames and records into frame 0 again (after a tiled run, also on errors).
    func settleFrames() {
        for frame in (0..<Int(VFX_VK_FRAMES)).reversed() { _ = vfx_vk_use_frame(handle, Int32(frame)) }
    }
    /// Whether the device imports host memory (VK_EXT_external_memory_host).
    var importsHostMemory: Bool { importAlignment > 0 }
    /// minImportedHostPointerAlignment (0: no import).
    var importAlignment: Int { Int(vfx_vk_import_alignment(handle)) }
    /// minStorageBufferOffsetAlignment, as the device reports it.
    var storageOffsetAlignment: Int { max(1, Int(vfx_vk_storage_alignment(handle))) }

    func copy(from source: GPUBuffer, offset sourceOffset: Int = 0, to destination: GPUBuffer,
              offset destinationOffset: Int = 0, byteCount: Int) {
        vfx_vk_copy(handle, source.buffer, UInt64(sourceOffset), destination.buffer, UInt64(destinationOffset),
                    UInt64(byteCount))
    }

    func dispatch(_ shader: GPUShader, constants: [UInt32], pixels: GPUBuffer, pixelOffset: Int = 0, pixelBytes: Int,
                  arguments: GPUBuffer, parameters: (offset: Int, size: Int), table: (offset: Int, size: Int),
                  pixelCount: Int) throws(VFXError) {
        let pipeline = try pipeline(for: shader, constants: constants)
        let result = vfx_vk_dispatch(handle, pipeline, UInt32(GPUShader.localSize), pixels.buffer, UInt64(pixelOffset),
                                     UInt64(pixelBytes),
                                     arguments.buffer, UInt64(parameters.offset), UInt64(parameters.size),
                                     arguments.buffer, UInt64(table.offset), UInt64(table.size), UInt64(pixelCount))
        try check(result, "recording \(shader.name)")
    }
}
