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

    /// Applies `pipeline` to `image` in place on device `index`.
    public static func apply(_ pipeline: ColorPipeline, to image: Image, device index: Int) throws(VFXError) {
        let operations = pipeline.optimized().operations
        guard !operations.isEmpty, image.width * image.height > 0 else { return }
        let context = try GPUContext.shared(device: index)
        var steps: [Step] = []
        // a dispatch's tables are one storage buffer range: a LUT bigger than the device
        // addresses runs on the CPU, and neighbors split into several dispatches
        let tableLimit = context.device.maxStorageBufferRange / 4
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
            } else {
                steps.append(.cpu([operation.makeCPURenderer()]))
            }
        }
        guard steps.contains(where: { if case .gpu = $0 { true } else { false } }) else {
            // nothing for the device: the CPU backend, on host memory
            try image.synchronizeHost()
            pipeline.apply(to: image)
            return
        }
        if let store = GPUKernel.storeAndReload(format: image.format, channels: image.channels) {
            add(store)
        }
        let pixelCount = image.width * image.height
        let bytes = pixelCount * MemoryLayout<RGBA>.stride
        // Residency is read and set outside the context lock (a host sync takes the image's
        // lock, then the context's: never the other order).
        let resident = image.residency as? DeviceImage
        if let resident, resident.context !== context { try image.synchronizeHost() }
        if bytes > context.imageBudget {
            try image.synchronizeHost()
            try runTiled(steps, on: image, context: context)
            return
        }
        let onDevice = resident?.context === context ? resident : nil
        // numpy views (exported buffers, or the array an image wraps) read host memory
        // directly: then the result comes back at once. Read before the context lock.
        let readBack = image.exportCount > 0 || !image.pixels.isOwned
        let result = try context.withLock { () throws(VFXError) -> DeviceImage? in
            let target: DeviceImage
            if let onDevice {
                target = onDevice
            } else {
                target = DeviceImage(buffer: try GPUBuffer(context: context, byteCount: bytes, hostVisible: false),
                                     pixelCount: pixelCount)
            }
            let arguments = try Arguments(steps, context: context)
            if onDevice == nil {
                try upload(image, pixels: 0..<pixelCount, to: target.buffer, context: context, begin: true)
            } else {
                try context.begin()
            }
            try run(steps, on: target.buffer, pixelCount: pixelCount, arguments: arguments, context: context)
            if readBack {
                try download(target.buffer, into: image, pixels: 0..<pixelCount, context: context)
                return nil
            }
            try context.submit()
            return target
        }
        image.setResidency(result)
    }

    /// Records the steps after a begun recording and leaves the last part unsubmitted;
    /// CPU steps submit, run on the staging copy, and begin again.
    private static func run(_ steps: [Step], on pixels: GPUBuffer, pixelCount: Int, arguments: Arguments,
                            context: GPUContext) throws(VFXError) {
        let bytes = pixelCount * MemoryLayout<RGBA>.stride
        for (index, step) in steps.enumerated() {
            switch step {
            case .gpu(let kernels):
                let place = arguments.places[index]
                // one pipeline per sequence of ops: the op codes are specialization constants
                let codes = (0..<GPUKernel.maxFused).map { $0 < kernels.count ? kernels[$0].code : 0 }
                let shader = kernels.contains(where: \.needsFloat64) ? context.chainShaders.float64
                                                                       : context.chainShaders.float32
                try context.dispatch(shader, constants: codes, pixels: pixels, pixelBytes: bytes,
                                     arguments: arguments.buffer, parameters: place.parameters, table: place.table,
                                     pixelCount: pixelCount)
            case .cpu(let renderers):
                let staging = try context.stagingBuffer(bytes)
                context.copy(from: pixels, to: staging, byteCount: bytes)
                try context.submit()
                GPUTransfers.record(downloads: 1)
                guard let mapped = staging.mapped else { throw VFXError.device("the staging buffer is not mapped") }
                let base = UnsafeSendable(mapped.assumingMemoryBound(to: RGBA.self))
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
                context.copy(from: staging, to: pixels, byteCount: bytes)
                GPUTransfers.record(uploads: 1)
            }
        }
    }

    /// Loads pixels `range` of the image into staging and records the copy to `buffer`.
    private static func upload(_ image: Image, pixels range: Range<Int>, to buffer: GPUBuffer, context: GPUContext,
                               begin: Bool) throws(VFXError) {
        let bytes = range.count * MemoryLayout<RGBA>.stride
        let staging = try context.stagingBuffer(bytes)
        guard let mapped = staging.mapped else { throw VFXError.device("the staging buffer is not mapped") }
        PixelBlocks.loadRGBA(image, pixels: range, into: mapped.assumingMemoryBound(to: RGBA.self))
        if begin { try context.begin() }
        context.copy(from: staging, to: buffer, byteCount: bytes)
        GPUTransfers.record(uploads: 1)
    }

    /// Records the copy of `buffer` into staging, submits, and stores into the image.
    private static func download(_ buffer: GPUBuffer, into image: Image, pixels range: Range<Int>,
                                 context: GPUContext) throws(VFXError) {
        let bytes = range.count * MemoryLayout<RGBA>.stride
        let staging = try context.stagingBuffer(bytes)
        context.copy(from: buffer, to: staging, byteCount: bytes)
        try context.submit()
        GPUTransfers.record(downloads: 1)
        guard let mapped = staging.mapped else { throw VFXError.device("the staging buffer is not mapped") }
        PixelBlocks.storeRGBA(mapped.assumingMemoryBound(to: RGBA.self), into: image, pixels: range)
    }

    /// Images over the device budget: bands of rows, each uploaded, run and read back.
    private static func runTiled(_ steps: [Step], on image: Image, context: GPUContext) throws(VFXError) {
        let rowBytes = image.width * MemoryLayout<RGBA>.stride
        let rows = max(1, context.imageBudget / rowBytes)
        try context.withLock { () throws(VFXError) in
            let tilePixels = rows * image.width
            let buffer = try GPUBuffer(context: context, byteCount: tilePixels * MemoryLayout<RGBA>.stride,
                                       hostVisible: false)
            let arguments = try Arguments(steps, context: context)
            var row = 0
            while row < image.height {
                let count = min(rows, image.height - row)
                let range = (row * image.width)..<((row + count) * image.width)
                try upload(image, pixels: range, to: buffer, context: context, begin: true)
                try run(steps, on: buffer, pixelCount: range.count, arguments: arguments, context: context)
                try download(buffer, into: image, pixels: range, context: context)
                GPUTransfers.record(tiles: 1)
                row += count
            }
        }
    }

    /// The parameters and tables of every GPU step, packed into the context's argument
    /// buffer at aligned offsets: per step, chain.comp's words (per op its code, first
    /// parameter word and first table float, then the ops' parameters) and
    /// the ops' tables one after the other.
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
                var header: [UInt32] = []
                var body: [UInt32] = []
                var table: [Float] = []
                let headerWords = 3 * kernels.count
                for kernel in kernels {
                    header += [kernel.code, UInt32(headerWords + body.count), UInt32(table.count)]
                    body += kernel.parameters
                    table += kernel.table
                }
                let words = header + body
                let parameters = (offset: end, size: 4 * words.count)
                end = aligned(end + parameters.size)
                var tablePlace = (offset: 0, size: 16)
                if !table.isEmpty {
                    tablePlace = (offset: end, size: 4 * table.count)
                    end = aligned(end + tablePlace.size)
                }
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
