import VFXColor
import VFXCore
#if canImport(Glibc)
import Glibc
#endif

/// The Vulkan backend of the color engine: runs a `ColorPipeline` on a device.
///
/// The image is uploaded as RGBA float32 once, consecutive ops with shaders run fused
/// as one dispatch of chain.comp (several in one command buffer, barriers between
/// them), and the result stays on
/// the device as the image's residency: the next run starts there, and the pixels come
/// back only when the host asks (`Image.synchronizeHost()`), or at once when numpy views
/// of the image are alive. Ops without a shader run on the CPU on the RGBA float32 copy
/// (device → host → device), so a chain gives the CPU backend's result whatever it holds.
/// Images larger than the device budget run in tiles of rows and stay on the host.
public enum GPUBackend {
    /// A forced tile budget in bytes of RGBA float32 (0: the device's own limits). Tests
    /// set it small to exercise tiling; `VFXPY_GPU_TILE_BYTES` sets it at start.
    nonisolated(unsafe) public static var tileBudget: Int = {
        guard let raw = getenv("VFXPY_GPU_TILE_BYTES"), let value = Int(String(cString: raw)), value > 0 else { return 0 }
        return value
    }()

    /// One step of a run: consecutive ops with GPU kernels (one fused dispatch), or CPU
    /// renderers (ops the GPU cannot run).
    private enum Step {
        case gpu([GPUKernel])
        case cpu([any CPURenderer])
    }

    /// What a run would do: the steps, and where the pixels are and must go.
    private struct Plan {
        let context: GPUContext
        let steps: [Step]
        /// The ops the device run leaves to the CPU (no usable kernel), for the estimate.
        let cpuOperations: [any ColorOperation]
        /// Ops with a shader go to the device; false: none has one (the CPU backend runs).
        var hasDeviceWork: Bool { steps.contains { if case .gpu = $0 { true } else { false } } }
        let pixelCount: Int
        var bytes: Int { pixelCount * MemoryLayout<RGBA>.stride }
        /// The image's device copy on this context, when there is one.
        let resident: DeviceImage?
        /// The result must be in host memory at once (numpy views read it directly).
        let readBack: Bool
        /// Over the device budget: bands of rows.
        let tiled: Bool
        /// The image's host memory can be imported and bound in place (shaders run on it).
        let inPlace: Bool
        /// The image's host memory can be imported for copies (no staging copy).
        let direct: Bool
    }

    /// Applies `pipeline` to `image` in place on device `index`.
    public static func apply(_ pipeline: ColorPipeline, to image: Image, device index: Int) throws(VFXError) {
        guard let plan = try plan(pipeline, for: image, device: index) else { return }
        try execute(plan, pipeline: pipeline, on: image)
    }

    /// `Processor()` on auto: runs `pipeline` on device `index` or on the CPU backend,
    /// whichever `GPUCost` estimates faster for this image as it is now (resident on the
    /// device or not, numpy views alive or not). Returns the estimate it followed, nil
    /// when the run had nothing for the device (the CPU backend ran).
    @discardableResult
    public static func applyAuto(_ pipeline: ColorPipeline, to image: Image,
                                 device index: Int) throws(VFXError) -> GPUCost.Estimate? {
        guard let plan = try plan(pipeline, for: image, device: index) else { return nil }
        guard plan.hasDeviceWork else {
            try execute(plan, pipeline: pipeline, on: image)
            return nil
        }
        let estimate = try estimate(plan, pipeline: pipeline, image: image)
        if estimate.useDevice {
            GPUTransfers.record(autoDevice: 1)
            try execute(plan, pipeline: pipeline, on: image)
        } else {
            GPUTransfers.record(autoCPU: 1)
            try image.synchronizeHost()
            pipeline.apply(to: image)
        }
        return estimate
    }

    /// The cost model's estimate for running `pipeline` on `image` on device `index` now,
    /// nil when the device would have nothing to do. Measures the device's rates on
    /// first use.
    public static func estimate(_ pipeline: ColorPipeline, for image: Image,
                                device index: Int) throws(VFXError) -> GPUCost.Estimate? {
        guard let plan = try plan(pipeline, for: image, device: index), plan.hasDeviceWork else { return nil }
        return try estimate(plan, pipeline: pipeline, image: image)
    }

    private static func estimate(_ plan: Plan, pipeline: ColorPipeline,
                                 image: Image) throws(VFXError) -> GPUCost.Estimate {
        let operations = pipeline.optimized().operations
        let gpuSteps = plan.steps.reduce(0) { count, step in if case .gpu = step { count + 1 } else { count } }
        return GPUCost.estimate(image: image, operations: operations, gpuSteps: gpuSteps,
                                cpuOperations: plan.cpuOperations,
                                resident: plan.resident != nil, readBack: plan.readBack,
                                imported: plan.inPlace, direct: plan.direct, tiled: plan.tiled,
                                rates: try plan.context.costRates())
    }

    private static func plan(_ pipeline: ColorPipeline, for image: Image, device index: Int) throws(VFXError) -> Plan? {
        let operations = pipeline.optimized().operations
        guard !operations.isEmpty, image.width * image.height > 0 else { return nil }
        let context = try GPUContext.shared(device: index)
        var steps: [Step] = []
        var cpuOperations: [any ColorOperation] = []
        // a dispatch's tables are one storage buffer range: a LUT bigger than the device
        // addresses runs on the CPU, and neighbors split into several dispatches
        let tableLimit = context.device.maxStorageBufferRange / 4 - GPUKernel.powTables.count
        func add(_ kernel: GPUKernel) {
            if case .gpu(let kernels)? = steps.last, kernels.count < GPUKernel.maxFused,
               kernels.reduce(kernel.table.count, { $0 + $1.table.count }) <= tableLimit {
                steps[steps.count - 1] = .gpu(kernels + [kernel])
            } else {
                steps.append(.gpu([kernel]))
            }
        }
        let float64 = context.device.supportsFloat64
        for operation in operations {
            if let kernel = operation.makeGPUKernel(), float64 || !kernel.needsFloat64,
               kernel.table.count <= tableLimit {
                add(kernel)
            } else if case .cpu(let renderers)? = steps.last {
                steps[steps.count - 1] = .cpu(renderers + [operation.makeCPURenderer()])
                cpuOperations.append(operation)
            } else {
                steps.append(.cpu([operation.makeCPURenderer()]))
                cpuOperations.append(operation)
            }
        }
        let hasDeviceWork = steps.contains { if case .gpu = $0 { true } else { false } }
        if hasDeviceWork, let store = GPUKernel.storeAndReload(format: image.format, channels: image.channels) {
            add(store)
        }
        let pixelCount = image.width * image.height
        let bytes = pixelCount * MemoryLayout<RGBA>.stride
        let resident = (image.residency as? DeviceImage).flatMap { $0.context === context ? $0 : nil }
        let tiled = bytes > context.imageBudget
        // numpy views (exported buffers, or the array an image wraps) read host memory
        // directly: then the result comes back at once
        let readBack = image.exportCount > 0 || !image.pixels.isOwned
        // tiles go through staging: a huge image is not pinned whole
        let direct = hasDeviceWork && !tiled && HostImport.possible(image, context: context, inPlace: false)
        let inPlace = direct && readBack && resident == nil && HostImport.possible(image, context: context, inPlace: true)
        return Plan(context: context, steps: steps, cpuOperations: cpuOperations, pixelCount: pixelCount, resident: resident, readBack: readBack,
                    tiled: tiled, inPlace: inPlace, direct: direct)
    }

    private static func execute(_ plan: Plan, pipeline: ColorPipeline, on image: Image) throws(VFXError) {
        guard plan.hasDeviceWork else {
            // nothing for the device: the CPU backend, on host memory
            try image.synchronizeHost()
            pipeline.apply(to: image)
            return
        }
        let context = plan.context
        let steps = plan.steps
        let pixelCount = plan.pixelCount
        let bytes = plan.bytes
        // Residency is read and set outside the context lock (a host sync takes the image's
        // lock, then the context's: never the other order).
        if let other = image.residency as? DeviceImage, other.context !== context { try image.synchronizeHost() }
        if plan.tiled {
            try image.synchronizeHost()
            try runTiled(steps, on: image, context: context)
            return
        }
        // the image's pages, imported (once per image) unless the device holds the pixels
        let imported = plan.direct && plan.resident == nil ? HostImport.of(image, context: context) : nil
        if plan.inPlace, let imported, imported.bindable, let buffer = imported.buffer {
            // in place on the host's pages: no staging copy either way
            try context.withLock { () throws(VFXError) in
                let arguments = try Arguments(steps, context: context)
                try context.begin()
                try run(steps, on: buffer, pixelOffset: imported.offset, pixelCount: pixelCount, arguments: arguments,
                        context: context, hostPixels: image.pixels.baseAddress)
                try context.submit()
            }
            GPUTransfers.record(imports: 1)
            return
        }
        let onDevice = plan.resident
        let readBack = plan.readBack
        let result = try context.withLock { () throws(VFXError) -> DeviceImage? in
            let target: DeviceImage
            if let onDevice {
                target = onDevice
            } else {
                target = DeviceImage(buffer: try GPUBuffer(context: context, byteCount: bytes, memory: .device),
                                     pixelCount: pixelCount, hostImport: imported)
            }
            let arguments = try Arguments(steps, context: context)
            if onDevice == nil {
                try upload(image, pixels: 0..<pixelCount, to: target.buffer, context: context, begin: true,
                           direct: imported)
            } else {
                try context.begin()
            }
            try run(steps, on: target.buffer, pixelCount: pixelCount, arguments: arguments, context: context)
            if readBack {
                try download(target.buffer, into: image, pixels: 0..<pixelCount, context: context,
                             direct: target.hostImport ?? imported)
                return nil
            }
            try context.submit()
            return target
        }
        image.setResidency(result)
    }

    /// Records the steps after a begun recording and leaves the last part unsubmitted;
    /// CPU steps submit, run on the staging copy (staging `slot`) or on `hostPixels` (the
    /// imported memory the device works in), and begin again.
    private static func run(_ steps: [Step], on pixels: GPUBuffer, pixelOffset: Int = 0, pixelCount: Int,
                            arguments: Arguments, context: GPUContext, slot: Int = 0,
                            hostPixels: UnsafeMutableRawPointer? = nil) throws(VFXError) {
        let bytes = pixelCount * MemoryLayout<RGBA>.stride
        for (index, step) in steps.enumerated() {
            switch step {
            case .gpu(let kernels):
                let place = arguments.places[index]
                // one pipeline per sequence of ops: the op codes are specialization constants
                let codes = (0..<GPUKernel.maxFused).map { $0 < kernels.count ? kernels[$0].code : 0 }
                let shader: GPUShader = kernels.contains(where: \.needsFloat64) ? .chain64 : .chain
                try context.dispatch(shader, constants: codes, pixels: pixels, pixelOffset: pixelOffset,
                                     pixelBytes: bytes, arguments: arguments.buffer, parameters: place.parameters,
                                     table: place.table, pixelCount: pixelCount)
            case .cpu(let renderers):
                let base: UnsafeSendable<UnsafeMutablePointer<RGBA>>
                var staging: GPUBuffer?
                if let hostPixels {
                    try context.submit()
                    base = UnsafeSendable(hostPixels.assumingMemoryBound(to: RGBA.self))
                } else {
                    let buffer = try context.stagingBuffer(bytes, slot: slot)
                    context.copy(from: pixels, to: buffer, byteCount: bytes)
                    try context.submit()
                    GPUTransfers.record(downloads: 1)
                    guard let mapped = buffer.mapped else { throw VFXError.device("the staging buffer is not mapped") }
                    base = UnsafeSendable(mapped.assumingMemoryBound(to: RGBA.self))
                    staging = buffer
                }
                // blocks of a few thousand pixels, cache-resident through every renderer
                Parallel.forEachRange(pixelCount, grain: 8192) { range in
                    var start = range.lowerBound
                    while start < range.upperBound {
                        let count = min(2048, range.upperBound - start)
                        for renderer in renderers { renderer.apply(base.value + start, count: count) }
                        start += count
                    }
                }
                try context.begin()
                if let staging {
                    context.copy(from: staging, to: pixels, byteCount: bytes)
                    GPUTransfers.record(uploads: 1)
                }
            }
        }
    }

    /// Loads pixels `range` of the image into staging `slot` and records the copy to
    /// `buffer`; with `direct` (the image's memory imported), records the copy from there.
    private static func upload(_ image: Image, pixels range: Range<Int>, to buffer: GPUBuffer, context: GPUContext,
                               begin: Bool, slot: Int = 0, direct: HostImport? = nil) throws(VFXError) {
        let bytes = range.count * MemoryLayout<RGBA>.stride
        if let direct, let source = direct.buffer {
            if begin { try context.begin() }
            context.copy(from: source, offset: direct.offset + range.lowerBound * MemoryLayout<RGBA>.stride,
                         to: buffer, byteCount: bytes)
            GPUTransfers.record(uploads: 1, direct: 1)
            return
        }
        let staging = try context.stagingBuffer(bytes, slot: slot)
        guard let mapped = staging.mapped else { throw VFXError.device("the staging buffer is not mapped") }
        PixelLoader.loadRGBA(image, pixels: range, into: mapped.assumingMemoryBound(to: RGBA.self))
        if begin { try context.begin() }
        context.copy(from: staging, to: buffer, byteCount: bytes)
        GPUTransfers.record(uploads: 1)
    }

    /// Records the copy of `buffer` into staging, submits, and stores into the image; with
    /// `direct` (the image's memory imported), copies into the image's pages at once.
    static func download(_ buffer: GPUBuffer, into image: Image, pixels range: Range<Int>,
                         context: GPUContext, direct: HostImport? = nil) throws(VFXError) {
        let bytes = range.count * MemoryLayout<RGBA>.stride
        if let direct, let target = direct.buffer {
            context.copy(from: buffer, offset: 0, to: target, offset: direct.offset + range.lowerBound * MemoryLayout<RGBA>.stride,
                         byteCount: bytes)
            try context.submit()
            GPUTransfers.record(downloads: 1, direct: 1)
            return
        }
        let staging = try context.stagingBuffer(bytes)
        context.copy(from: buffer, to: staging, byteCount: bytes)
        try context.submit()
        GPUTransfers.record(downloads: 1)
        guard let mapped = staging.mapped else { throw VFXError.device("the staging buffer is not mapped") }
        PixelLoader.storeRGBA(mapped.assumingMemoryBound(to: RGBA.self), into: image, pixels: range)
    }

    /// Images over the device budget: bands of rows, double-buffered. Two device buffers,
    /// two staging buffers and two command buffers (frames) alternate: while the device
    /// uploads, runs and reads back tile k, the host stores tile k-1's result from the
    /// other staging buffer and loads tile k+1 into it. (One queue: on the device a
    /// tile's copies and dispatches run in order after the previous tile's.) A cancel
    /// (`Cancellation`) stops the run between tiles, with the tiles before it done.
    private static func runTiled(_ steps: [Step], on image: Image, context: GPUContext) throws(VFXError) {
        let rowBytes = image.width * MemoryLayout<RGBA>.stride
        let rows = max(1, context.imageBudget / rowBytes)
        try context.withLock { () throws(VFXError) in
            let tilePixels = rows * image.width
            let tileBytes = tilePixels * MemoryLayout<RGBA>.stride
            let tiles = (image.height + rows - 1) / rows
            let frames = min(tiles, GPUContext.frames)
            var buffers: [GPUBuffer] = []
            var stagings: [GPUBuffer] = []
            for slot in 0..<frames {
                buffers.append(try GPUBuffer(context: context, byteCount: tileBytes, memory: .device))
                stagings.append(try context.stagingBuffer(tileBytes, slot: slot))
            }
            let arguments = try Arguments(steps, context: context)
            var pending: [Range<Int>?] = Array(repeating: nil, count: frames)
            defer { context.settleFrames() }
            /// Stores a finished tile's result from its staging buffer (its frame waited for).
            func finish(_ slot: Int) throws(VFXError) {
                guard let range = pending[slot] else { return }
                guard let mapped = stagings[slot].mapped else { throw VFXError.device("the staging buffer is not mapped") }
                PixelLoader.storeRGBA(mapped.assumingMemoryBound(to: RGBA.self), into: image, pixels: range)
                GPUTransfers.record(downloads: 1)
                pending[slot] = nil
            }
            for tile in 0..<tiles {
                // Ctrl-C or an async task's cancel: stop between tiles (the frames in flight settle)
                try Cancellation.check()
                let slot = tile % frames
                try context.useFrame(slot)  // waits for tile - frames, whose staging this reuses
                try finish(slot)
                let row = tile * rows
                let count = min(rows, image.height - row)
                let range = (row * image.width)..<((row + count) * image.width)
                try upload(image, pixels: range, to: buffers[slot], context: context, begin: true, slot: slot)
                try run(steps, on: buffers[slot], pixelCount: range.count, arguments: arguments, context: context,
                        slot: slot)
                context.copy(from: buffers[slot], to: stagings[slot], byteCount: range.count * MemoryLayout<RGBA>.stride)
                try context.submitAsync()
                pending[slot] = range
                GPUTransfers.record(tiles: 1)
            }
            for offset in 1...frames {
                let slot = (tiles + offset - 1) % frames
                try context.useFrame(slot)
                try finish(slot)
            }
        }
    }

    /// The parameters and tables of every GPU step, packed into the context's argument
    /// buffer at aligned offsets: per step, chain.comp's words (per op its code, first
    /// parameter word and first table float, then the ops' parameters) and its table
    /// buffer: fast_pow's tables (`GPUKernel.powTables`), then the ops' tables one after
    /// the other.
    private struct Arguments {
        let buffer: GPUBuffer
        let places: [(parameters: (offset: Int, size: Int), table: (offset: Int, size: Int))]

        init(_ steps: [Step], context: GPUContext) throws(VFXError) {
            let alignment = context.offsetAlignment
            func aligned(_ n: Int) -> Int { (n + alignment - 1) / alignment * alignment }
            var end = alignment  // bytes 0..<16: the empty table a table-less step binds
            var places: [(parameters: (offset: Int, size: Int), table: (offset: Int, size: Int))] = []
            var contents: [(words: [UInt32], table: [Float])] = []
            for step in steps {
                guard case .gpu(let kernels) = step else {
                    places.append(((0, 16), (0, 16)))
                    contents.append(([], []))
                    continue
                }
                let (words, table) = GPUKernel.chainArguments(kernels)
                let parameters = (offset: end, size: 4 * words.count)
                end = aligned(end + parameters.size)
                let tablePlace = (offset: end, size: 4 * table.count)
                end = aligned(end + tablePlace.size)
                places.append((parameters, tablePlace))
                contents.append((words, table))
            }
            buffer = try context.argumentBuffer(end)
            guard let mapped = buffer.mapped else { throw VFXError.device("the argument buffer is not mapped") }
            memset(mapped, 0, alignment)
            for (content, place) in zip(contents, places) {
                content.words.withUnsafeBytes { raw in
                    guard let source = raw.baseAddress else { return }
                    (mapped + place.parameters.offset).copyMemory(from: source, byteCount: raw.count)
                }
                content.table.withUnsafeBytes { raw in
                    guard let source = raw.baseAddress else { return }
                    (mapped + place.table.offset).copyMemory(from: source, byteCount: raw.count)
                }
            }
            self.places = places
        }
    }
}
