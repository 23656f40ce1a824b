import CVulkan
import VFXColor
import VFXCore

/// What binding 2 of an op's dispatch holds: an image on the device (the source of a
/// filter pass, the foreground of a composite) or words in the argument buffer (the
/// table of the color chain's store step).
enum OpSource {
    case image(GPUBuffer, pixels: Int)
    case words([UInt32])
}

/// One command of an op's recording on the device.
enum OpCommand {
    /// The host image into `buffer` as RGBA float32 (through the staging buffer).
    case upload(Image, into: GPUBuffer)
    case copy(from: GPUBuffer, to: GPUBuffer, pixels: Int)
    /// `shader` over `count` pixels of `output` (binding 0), with `words` (binding 1)
    /// and `source` (binding 2).
    case dispatch(GPUShader, constants: [UInt32], output: GPUBuffer, pixels: Int, words: [UInt32],
                  source: OpSource, count: Int)
}

extension OpCommand {
    /// The color chain's store-and-reload (`GPUKernel.storeAndReload`) on `pixels` of
    /// `buffer`, for an image of `format` and `channels`: the device copy then holds
    /// what the CPU op stores in host memory (quantized, gray kept gray, a missing alpha
    /// 1). Nil for 4-channel float32, which needs none.
    static func store(_ buffer: GPUBuffer, pixels: Int, format: PixelFormat, channels: Int) -> OpCommand? {
        guard let kernel = GPUKernel.storeAndReload(format: format, channels: channels) else { return nil }
        // The op codes are specialization constants.
        let codes = (0..<GPUKernel.maxFused).map { $0 == 0 ? kernel.code : 0 }
        let (words, table) = GPUKernel.chainArguments([kernel])
        return .dispatch(.chain, constants: codes, output: buffer, pixels: pixels,
                         words: words, source: .words(table.map(\.bitPattern)), count: pixels)
    }
}

extension GPUContext {
    /// Records `commands` in one command buffer, submits it and waits: uploads fill the
    /// staging buffer first, every dispatch's words go to the argument buffer at aligned
    /// offsets. Call inside `withLock`.
    func run(_ commands: [OpCommand]) throws(VFXError) {
        let alignment = offsetAlignment
        func aligned(_ n: Int) -> Int { (n + alignment - 1) / alignment * alignment }
        let pixelBytes = MemoryLayout<RGBA>.stride
        // Where each command's words (and word table) go, and each upload's staging bytes.
        var wordPlaces: [Int: (words: Int, table: Int?)] = [:]
        var stagingPlaces: [Int: Int] = [:]
        var argumentBytes = 0, stagingBytes = 0
        for (index, command) in commands.enumerated() {
            switch command {
            case .upload(let image, _):
                stagingPlaces[index] = stagingBytes
                stagingBytes = aligned(stagingBytes + image.width * image.height * pixelBytes)
            case .dispatch(_, _, _, _, let words, let source, _):
                let wordsAt = argumentBytes
                argumentBytes = aligned(argumentBytes + 4 * max(words.count, 1))
                var tableAt: Int?
                if case .words(let table) = source {
                    tableAt = argumentBytes
                    argumentBytes = aligned(argumentBytes + 4 * max(table.count, 1))
                }
                wordPlaces[index] = (wordsAt, tableAt)
            case .copy:
                break
            }
        }
        let arguments = try argumentBuffer(max(argumentBytes, alignment))
        guard let argumentMemory = arguments.mapped else { throw .device("the argument buffer is not mapped") }
        var staging: GPUBuffer?
        if stagingBytes > 0 {
            let buffer = try stagingBuffer(stagingBytes)
            guard let memory = buffer.mapped else { throw .device("the staging buffer is not mapped") }
            for (index, offset) in stagingPlaces {
                guard case .upload(let image, _) = commands[index] else { continue }
                let pixels = (memory + offset).assumingMemoryBound(to: RGBA.self)
                PixelLoader.loadRGBA(image, pixels: 0..<(image.width * image.height), into: pixels)
            }
            staging = buffer
        }
        func write(_ words: [UInt32], at offset: Int) {
            words.withUnsafeBytes { raw in
                guard let base = raw.baseAddress else { return }
                (argumentMemory + offset).copyMemory(from: base, byteCount: raw.count)
            }
        }
        for (index, place) in wordPlaces {
            guard case .dispatch(_, _, _, _, let words, let source, _) = commands[index] else { continue }
            write(words, at: place.words)
            if case .words(let table) = source, let at = place.table { write(table, at: at) }
        }
        try begin()
        for (index, command) in commands.enumerated() {
            switch command {
            case .upload(let image, let buffer):
                guard let staging, let offset = stagingPlaces[index] else { continue }
                copy(from: staging, offset: offset, to: buffer, byteCount: image.width * image.height * pixelBytes)
                GPUTransfers.record(uploads: 1)
            case .copy(let source, let destination, let pixels):
                copy(from: source, to: destination, byteCount: pixels * pixelBytes)
            case .dispatch(let shader, let constants, let output, let pixels, let words, let source, let count):
                guard let place = wordPlaces[index] else { continue }
                let pipeline = try pipeline(for: shader, constants: constants)
                let binding2: (buffer: VkBuffer?, offset: Int, size: Int)
                switch source {
                case .image(let buffer, let sourcePixels): binding2 = (buffer.buffer, 0, sourcePixels * pixelBytes)
                case .words(let table): binding2 = (arguments.buffer, place.table ?? 0, 4 * max(table.count, 1))
                }
                let result = vfx_vk_dispatch(handle, pipeline, UInt32(GPUShader.localSize),
                                             output.buffer, 0, UInt64(pixels * pixelBytes),
                                             arguments.buffer, UInt64(place.words), UInt64(4 * max(words.count, 1)),
                                             binding2.buffer, UInt64(binding2.offset), UInt64(binding2.size),
                                             UInt64(count))
                try check(result, "recording \(shader.name)")
            }
        }
        try submit()
    }
}
