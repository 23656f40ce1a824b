import CVulkan
import VFXColor
import VFXCore
#if canImport(Glibc)
import Glibc
#endif

/// One Vulkan physical device, as `vfxpy.devices()` lists it.
public struct GPUDeviceInfo: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case discrete, integrated, virtual, cpu, other
    }

    public let index: Int
    public let name: String
    public let kind: Kind
    /// "1.3.230"
    public let apiVersion: String
    public let driverVersion: UInt32
    public let vendorID: UInt32
    public let deviceID: UInt32
    /// The largest device-local memory heap.
    public let memoryBytes: Int
    public let maxStorageBufferRange: Int
    public let maxWorkgroupCount: Int
    public let hasComputeQueue: Bool
    public let supportsFloat64: Bool
    /// What VK_KHR_shader_float_controls lets shaders keep as the CPU computes.
    public let floatControls: FloatControls
    /// VkPhysicalDeviceProperties::pipelineCacheUUID: a pipeline cache's data is only
    /// valid for devices (and drivers) with the same one.
    public let pipelineCacheUUID: [UInt8]
    /// Seconds per timestamp tick; nil when the compute queue has no timestamps.
    public let timestampPeriod: Double?
    /// VK_EXT_external_memory_host is available.
    public let importsHostMemory: Bool
    /// The memory types, in the device's order: their VkMemoryPropertyFlags by name
    /// ("device_local", "host_visible", "host_coherent", "host_cached", ...) and the size
    /// of their heap. Where buffers go (GPUBuffer.Memory) follows from them.
    public let memoryTypes: [(flags: [String], heapBytes: Int)]

    /// VkMemoryPropertyFlagBits' names, bit by bit.
    static let memoryFlagNames = ["device_local", "host_visible", "host_coherent", "host_cached",
                                  "lazily_allocated", "protected", "device_coherent_amd", "device_uncached_amd"]

    public static func == (lhs: GPUDeviceInfo, rhs: GPUDeviceInfo) -> Bool {
        lhs.index == rhs.index && lhs.name == rhs.name && lhs.pipelineCacheUUID == rhs.pipelineCacheUUID
            && lhs.driverVersion == rhs.driverVersion
    }
}

/// VK_KHR_shader_float_controls' properties of a device: the float widths (16, 32, 64)
/// for which a shader may keep denormals (DenormPreserve: no flush to zero) and keep
/// signed zeros, infinities and NaN (SignedZeroInfNanPreserve), and which widths may
/// differ in denormal mode (`denormIndependence`, a VkShaderFloatControlsIndependence).
public struct FloatControls: Sendable, Equatable {
    public var denormPreserve: Set<Int> = []
    public var signedZeroInfNanPreserve: Set<Int> = []
    public var denormIndependence: UInt32 = FloatControls.independenceNone

    public init(denormPreserve: Set<Int> = [], signedZeroInfNanPreserve: Set<Int> = [],
                denormIndependence: UInt32 = FloatControls.independenceNone) {
        self.denormPreserve = denormPreserve
        self.signedZeroInfNanPreserve = signedZeroInfNanPreserve
        self.denormIndependence = denormIndependence
    }

    /// SPIR-V execution modes.
    public static let denormPreserveMode: UInt32 = 4459
    public static let signedZeroInfNanPreserveMode: UInt32 = 4461

    /// VkShaderFloatControlsIndependence: 32-bit floats may have their own denormal mode
    /// (16- and 64-bit share one); every width may; all widths share one.
    public static let independence32BitOnly: UInt32 = 0
    public static let independenceAll: UInt32 = 1
    public static let independenceNone: UInt32 = 2

    /// `denormIndependence` by name: "32_bit_only", "all" or "none".
    public var denormIndependenceName: String {
        switch denormIndependence {
        case Self.independence32BitOnly: "32_bit_only"
        case Self.independenceAll: "all"
        default: "none"
        }
    }

    /// The execution modes a shader computing in float32 (and float64 when `float64`)
    /// gets on this device: SignedZeroInfNanPreserve for each of those widths the device
    /// keeps, and DenormPreserve as `denormPreserveWidths` says.
    public func modes(float64: Bool) -> [(mode: UInt32, width: UInt32)] {
        let widths = float64 ? [32, 64] : [32]
        return widths.filter(signedZeroInfNanPreserve.contains).map { (Self.signedZeroInfNanPreserveMode, UInt32($0)) }
            + denormPreserveWidths(float64: float64).map { (Self.denormPreserveMode, UInt32($0)) }
    }

    /// The widths that get DenormPreserve in a shader computing in float32 (and float64),
    /// within the device's independence rule: each width on its own (all); 32-bit on its
    /// own, and 64-bit only with 16-bit beside it, as those two share a mode (32-bit
    /// only); every width or none (none). A width a rule ties to one the device cannot
    /// preserve keeps the driver's default.
    public func denormPreserveWidths(float64: Bool) -> [Int] {
        let used = float64 ? [32, 64] : [32]
        switch denormIndependence {
        case Self.independenceAll:
            return used.filter(denormPreserve.contains)
        case Self.independence32BitOnly:
            let shared = float64 && denormPreserve.isSuperset(of: [16, 64]) ? [16, 64] : []
            return ((denormPreserve.contains(32) ? [32] : []) + shared).sorted()
        default:
            let every = float64 ? [16, 32, 64] : [16, 32]
            return denormPreserve.isSuperset(of: every) ? every : []
        }
    }
}

/// The process's Vulkan instance and its devices. libvulkan.so.1 is opened on the first
/// call (never at start-up); without a loader or a driver the list is empty and
/// `unavailableReason` says why.
public enum GPUDevices {
    /// Set `VFXPY_VULKAN_VALIDATION=1` before the first call to enable the Khronos
    /// validation layer (when installed), synchronization validation included, with a
    /// messenger that counts its messages; `=gpu` adds GPU-assisted validation (every
    /// shader buffer access checked against its buffer; several times slower).
    public static let validationVariable = "VFXPY_VULKAN_VALIDATION"

    /// The validation level `VFXPY_VULKAN_VALIDATION` asks for (`VFX_VK_VALIDATION_*`).
    static func validationLevel(_ value: String?) -> Int32 {
        switch value {
        case nil, "", "0": Int32(VFX_VK_VALIDATION_OFF)
        case "gpu": Int32(VFX_VK_VALIDATION_GPU_ASSISTED)
        default: Int32(VFX_VK_VALIDATION_ON)
        }
    }

    private static let state = Locked<(loaded: Bool, devices: [GPUDeviceInfo], reason: String?)>((false, [], nil))

    /// Every physical device with a compute queue, in the loader's order.
    public static var all: [GPUDeviceInfo] { load().devices }

    /// Why there are no devices (no loader, no driver), or nil.
    public static var unavailableReason: String? {
        let loaded = load()
        if let reason = loaded.reason { return reason }
        return loaded.devices.isEmpty ? "no Vulkan device with a compute queue was found" : nil
    }

    private static func load() -> (loaded: Bool, devices: [GPUDeviceInfo], reason: String?) {
        state.withLock { value in
            if value.loaded { return value }
            value.loaded = true
            let validation = validationLevel(getenv(validationVariable).map { String(cString: $0) })
            var message = [CChar](repeating: 0, count: 512)
            if vfx_vk_initialize(validation, &message, message.count) != 0 {
                value.reason = string(message)
                return value
            }
            var devices: [GPUDeviceInfo] = []
            for index in 0..<Int(vfx_vk_device_count()) {
                var info = vfx_vk_device_info()
                guard vfx_vk_device_info_at(Int32(index), &info) == 0 else { continue }
                let name = withUnsafeBytes(of: info.name) { raw in
                    String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
                }
                let kind: GPUDeviceInfo.Kind = switch info.type {
                case 1: .integrated
                case 2: .discrete
                case 3: .virtual
                case 4: .cpu
                default: .other
                }
                let v = info.api_version
                devices.append(GPUDeviceInfo(
                    index: index, name: name, kind: kind,
                    apiVersion: "\(v >> 22 & 0x7F).\(v >> 12 & 0x3FF).\(v & 0xFFF)",
                    driverVersion: info.driver_version, vendorID: info.vendor_id, deviceID: info.device_id,
                    memoryBytes: Int(clamping: info.device_local_bytes),
                    maxStorageBufferRange: Int(clamping: info.max_storage_buffer_range),
                    maxWorkgroupCount: Int(info.max_workgroup_count_x),
                    hasComputeQueue: info.has_compute_queue != 0, supportsFloat64: info.float64 != 0,
                    floatControls: FloatControls(denormPreserve: widths(info.denorm_preserve),
                                                 signedZeroInfNanPreserve: widths(info.signed_zero_inf_nan_preserve),
                                                 denormIndependence: info.denorm_independence),
                    pipelineCacheUUID: withUnsafeBytes(of: info.pipeline_cache_uuid) { Array($0) },
                    timestampPeriod: info.timestamps != 0 ? Double(info.timestamp_period) * 1e-9 : nil,
                    importsHostMemory: info.external_memory_host != 0,
                    memoryTypes: memoryTypes(info)))
            }
            value.devices = devices
            return value
        }
    }

    /// A deliberate mistake for `provokeValidationMessage`.
    public enum Mistake: String, CaseIterable, Sendable {
        /// A buffer created with no usage flags.
        case usage
        /// Two copies into one buffer recorded with no barrier between them (a
        /// write-after-write hazard only synchronization validation reports).
        case hazard
        /// A dispatch of 64 invocations over a buffer of one pixel: shader writes past
        /// the buffer's end, which GPU-assisted validation reports and stops (the checked
        /// shader skips the access). Refused without it (`VFXPY_VULKAN_VALIDATION=gpu`):
        /// the writes would land in whatever memory follows.
        case bounds
    }

    /// Makes one deliberate mistake on device `index` (only when validation is on), so a
    /// test can see the messenger count it: proof that "no messages" means something.
    public static func provokeValidationMessage(device index: Int, mistake: Mistake) throws(VFXError) {
        guard validation.enabled else { throw .unsupported("Vulkan validation is not enabled") }
        let context = try GPUContext.shared(device: index)
        try context.withLock { () throws(VFXError) in
            switch mistake {
            case .usage, .hazard:
                let kind = mistake == .usage ? Int32(VFX_VK_PROVOKE_USAGE) : Int32(VFX_VK_PROVOKE_HAZARD)
                try context.check(vfx_vk_provoke_validation_message(context.handle, kind), "provoking a validation message")
            case .bounds:
                guard Int(vfx_vk_validation_enabled()) == VFX_VK_VALIDATION_GPU_ASSISTED else {
                    throw .unsupported("the 'bounds' mistake needs GPU-assisted validation (\(validationVariable)=gpu)")
                }
                let pixels = 64
                let buffer = try GPUBuffer(context: context, byteCount: MemoryLayout<RGBA>.stride, memory: .device)
                guard case .dispatch(let shader, let constants, _, _, let words, let source, _)? =
                    OpCommand.store(buffer, pixels: pixels, format: .f16, channels: 4)
                else { throw .device("no store step to provoke with") }
                try context.run([.dispatch(shader, constants: constants, output: buffer, pixels: 1, words: words,
                                           source: source, count: pixels)])
            }
        }
    }

    /// Validation: whether the layer is on, its warnings and errors so far, the first one.
    public static var validation: (enabled: Bool, messages: Int, first: String) {
        _ = load()
        var text = [CChar](repeating: 0, count: 2048)
        vfx_vk_validation_first_message(&text, text.count)
        return (vfx_vk_validation_enabled() != 0, Int(vfx_vk_validation_message_count()), string(text))
    }
}

/// The widths set in a mask of bits 1 (16), 2 (32), 4 (64).
private func widths(_ mask: UInt32) -> Set<Int> { Set(named([16, 32, 64], by: mask)) }

/// The `names` whose bit (name i for bit i) is set in `mask`.
private func named<Name>(_ names: [Name], by mask: UInt32) -> [Name] {
    names.enumerated().filter { mask & (1 << UInt32($0.offset)) != 0 }.map(\.element)
}

/// A NUL-terminated C string in an array, as UTF-8.
func string(_ characters: [CChar]) -> String {
    String(decoding: characters.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

/// A value behind a mutex.
final class Locked<Value>: @unchecked Sendable {
    private var mutex = pthread_mutex_t()
    private var value: Value

    init(_ value: Value) {
        self.value = value
        var attributes = pthread_mutexattr_t()
        pthread_mutexattr_init(&attributes)
        pthread_mutexattr_settype(&attributes, Int32(PTHREAD_MUTEX_RECURSIVE))
        pthread_mutex_init(&mutex, &attributes)
        pthread_mutexattr_destroy(&attributes)
    }

    func withLock<T, E: Error>(_ body: (inout Value) throws(E) -> T) throws(E) -> T {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        return try body(&value)
    }
}

/// Transfers between host and device memory, for tests and benchmarks: `uploads`
/// counts host → device copies of an image (or of a tile), `downloads` device → host.
public enum GPUTransfers {
    /// uploads/downloads: copies between host and device memory (through staging, or
    /// `direct`: from and to the image's own imported pages); tiles: bands of rows;
    /// imports: runs in place on imported host memory (the device reads and writes it);
    /// autoDevice/autoCPU: what the auto backend's cost model chose.
    public struct Counts: Sendable {
        public var uploads = 0, downloads = 0, direct = 0, tiles = 0, imports = 0, autoDevice = 0, autoCPU = 0
    }

    static let counts = Locked(Counts())

    public static var current: Counts { counts.withLock { $0 } }

    static func record(uploads: Int = 0, downloads: Int = 0, direct: Int = 0, tiles: Int = 0, imports: Int = 0,
                       autoDevice: Int = 0, autoCPU: Int = 0) {
        counts.withLock {
            $0.direct += direct
            $0.uploads += uploads
            $0.downloads += downloads
            $0.tiles += tiles
            $0.imports += imports
            $0.autoDevice += autoDevice
            $0.autoCPU += autoCPU
        }
    }
}

/// A device's memory types from vfx_vk_device_info (GPUDeviceInfo.memoryTypes).
private func memoryTypes(_ info: vfx_vk_device_info) -> [(flags: [String], heapBytes: Int)] {
    let count = min(Int(info.memory_type_count), Int(VK_MAX_MEMORY_TYPES))
    let flags = withUnsafeBytes(of: info.memory_type_flags) { Array($0.bindMemory(to: UInt32.self).prefix(count)) }
    let heaps = withUnsafeBytes(of: info.memory_type_heap_bytes) { Array($0.bindMemory(to: UInt64.self).prefix(count)) }
    return zip(flags, heaps).map { bits, heap in (named(GPUDeviceInfo.memoryFlagNames, by: bits), Int(clamping: heap)) }
}
