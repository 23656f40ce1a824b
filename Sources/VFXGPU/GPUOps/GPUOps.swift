import COpsKernels
import VFXColor
import VFXCore
import VFXOps

/// The image ops on the device: `resize`, `blur`, `unsharp_mask`, the Porter-Duff
/// operators and the blend modes, for images whose newest pixels are on a Vulkan device
/// (`Image.residency`, left there by the GPU backend or an earlier op). The result is a
/// new image resident on the same device (its host memory is filled on
/// `synchronizeHost()`), so a chain of grades and ops reads back once, at the end.
///
/// Each returns nil when the op is not for the device — no input is resident, an input
/// has more than 4 channels or its alpha elsewhere than last, a buffer exceeds the
/// device budget — and the caller runs the CPU op (`VFXOps`) after a host sync. Bad
/// arguments throw the CPU op's errors. Results equal the CPU op's: the shaders repeat
/// its float operations in order, on the same weight tables, and the device copy is
/// stored and reloaded in the result's format (see Shaders/gpu_ops.glsl).
public enum GPUOps {
    /// The device copy of `image`, when the newest pixels are on a device.
    static func resident(_ image: Image) -> DeviceImage? { image.residency as? DeviceImage }

    /// Whether the RGBA float32 device copy holds the image's channels as the ops see
    /// them: 1 to 4 channels, and (`alphaMatters`) the alpha, if any, last (in w).
    static func fits(_ image: Image, alphaMatters: Bool) -> Bool {
        guard (1...4).contains(image.channels) else { return false }
        guard alphaMatters else { return true }
        let alpha = AlphaChannel.index(of: image)
        return image.channels == 2 || image.channels == 4 ? alpha == image.channels - 1 : alpha == nil
    }

    /// Whether `pixels` of RGBA float32 fit in one buffer of `context`.
    static func fits(pixels: Int, on context: GPUContext) -> Bool {
        pixels * MemoryLayout<RGBA>.stride <= context.imageBudget
    }

    /// The device copy's pipeline constant: whether the CPU loops fuse multiply-adds.
    static var fused: UInt32 { UInt32(vfx_ops_kernels_fused_multiply_add()) }

    /// `Resize.resize` on the device.
    public static func resize(_ image: Image, width: Int, height: Int, filter: ResampleFilter,
                              straightAlpha: Bool = false) throws(VFXError) -> Image? {
        let straight = straightAlpha && filter != .nearest && AlphaChannel.index(of: image) != nil
        guard let source = resident(image), fits(image, alphaMatters: straight) else { return nil }
        let context = source.context
        let columns: AxisWeights, rows: AxisWeights, horizontalFirst: Bool
        if filter == .nearest {
            columns = .nearest(from: image.width, to: width)
            rows = .nearest(from: image.height, to: height)
            horizontalFirst = true
        } else {
            columns = .resize(from: image.width, to: width, filter: filter)
            rows = .resize(from: image.height, to: height, filter: filter)
            horizontalFirst = SeparablePass.horizontalFirst(columns: columns, rows: rows, channels: image.channels)
        }
        let middle = horizontalFirst ? (width: width, height: image.height) : (width: image.width, height: height)
        guard fits(pixels: width * height, on: context), fits(pixels: middle.width * middle.height, on: context) else {
            return nil
        }
        let output = try image.blank(width: width, height: height)
        let copy = filter == .nearest
        let along: (weights: AxisWeights, axis: UInt32) = (columns, 0), down: (weights: AxisWeights, axis: UInt32) = (rows, 1)
        let passes = horizontalFirst ? [along, down] : [down, along]
        return try run(on: context, output: output) { (result: GPUBuffer) throws(VFXError) -> [OpCommand] in
            let intermediate = try GPUBuffer(context: context, byteCount: middle.width * middle.height * 16,
                                             memory: .device)
            let first = Pass(weights: passes[0].0, axis: passes[0].1, premultiply: straight, copy: copy)
            var last = Pass(weights: passes[1].0, axis: passes[1].1, copy: copy)
            last.unpremultiply = straight
            return [first.command(from: source.buffer, sourceSize: (image.width, image.height),
                                  into: intermediate, outputSize: middle),
                    last.command(from: intermediate, sourceSize: middle, into: result, outputSize: (width, height))]
        }
    }

    /// `Filters.blur` on the device.
    public static func blur(_ image: Image, radius: Int, sigma: Double) throws(VFXError) -> Image? {
        try Filters.checkGaussian(radius: radius, sigma: sigma)
        guard let source = resident(image), fits(image, alphaMatters: false),
              fits(pixels: image.width * image.height, on: source.context) else { return nil }
        let output = try image.blank(width: image.width, height: image.height)
        let kernel = Filters.gaussianKernel(radius: radius, sigma: sigma).map { Float($0) }
        return try run(on: source.context, output: output) { (result: GPUBuffer) throws(VFXError) -> [OpCommand] in
            try blurCommands(source.buffer, image: image, kernel: kernel, into: result)
        }
    }

    /// `Filters.unsharpMask` on the device (the blur kept in float32, as on the CPU).
    public static func unsharpMask(_ image: Image, radius: Int, sigma: Double, amount: Float,
                                   threshold: Float) throws(VFXError) -> Image? {
        try Filters.checkUnsharp(amount: amount, threshold: threshold)
        try Filters.checkGaussian(radius: radius, sigma: sigma)
        guard let source = resident(image), fits(image, alphaMatters: false),
              fits(pixels: image.width * image.height, on: source.context) else { return nil }
        let context = source.context
        let output = try image.blank(width: image.width, height: image.height)
        let kernel = Filters.gaussianKernel(radius: radius, sigma: sigma).map { Float($0) }
        let pixels = image.width * image.height
        return try run(on: context, output: output) { (result: GPUBuffer) throws(VFXError) -> [OpCommand] in
            let blurred = try GPUBuffer(context: context, byteCount: pixels * 16, memory: .device)
            return try blurCommands(source.buffer, image: image, kernel: kernel, into: blurred) + [
                .copy(from: source.buffer, to: result, pixels: pixels),
                .dispatch(.sharpen, constants: [], output: result, pixels: pixels,
                          words: [amount.bitPattern, threshold.bitPattern], source: .image(blurred, pixels: pixels),
                          count: pixels),
            ]
        }
    }

    /// `Compositing.composite` on the device.
    public static func composite(_ op: Compositing.Operator, foreground: Image, background: Image,
                                 offset: (x: Int, y: Int) = (0, 0)) throws(VFXError) -> Image? {
        try Compositing.checkChannels(foreground: foreground, background: background)
        guard let code = tableCase(op, GPUCompositeOperator.self) else { return nil }
        return try layers(foreground, background, offset: offset, shader: .composite, code: code, opacity: 0)
    }

    /// `Blend.blend` on the device.
    public static func blend(foreground: Image, background: Image, mode: Blend.Mode, opacity: Float,
                             offset: (x: Int, y: Int) = (0, 0)) throws(VFXError) -> Image? {
        try Blend.checkOpacity(opacity)
        try Compositing.checkChannels(foreground: foreground, background: background)
        guard let code = tableCase(mode, GPUBlendMode.self) else { return nil }
        return try layers(foreground, background, offset: offset, shader: .blend, code: code, opacity: opacity)
    }

    /// The number of the GPUOps.table case named as `value`'s case (a Blend.Mode's
    /// blendMode, a Compositing.Operator's compositeOperator), which the shaders switch on;
    /// nil (the CPU runs it) if the table lacks it, which BlendModeTableTests rules out.
    private static func tableCase<Case: CaseIterable & RawRepresentable<UInt32>>(_ value: some Any, _: Case.Type)
        -> UInt32? {
        Case.allCases.first { "\($0)" == "\(value)" }?.rawValue
    }

    // MARK: - Running

    /// Records `commands(result)` on `context` with the store step of `output`'s format,
    /// and attaches the result buffer to `output` as its residency.
    private static func run(on context: GPUContext, output: Image,
                            _ commands: (GPUBuffer) throws(VFXError) -> [OpCommand]) throws(VFXError) -> Image {
        let pixels = output.width * output.height
        let resident = try context.withLock { () throws(VFXError) -> DeviceImage in
            let result = try GPUBuffer(context: context, byteCount: pixels * MemoryLayout<RGBA>.stride,
                                       memory: .device)
            var list = try commands(result)
            if let store = OpCommand.store(result, pixels: pixels, format: output.format, channels: output.channels) {
                list.append(store)
            }
            try context.run(list)
            return DeviceImage(buffer: result, pixelCount: pixels)
        }
        output.setResidency(resident)
        return output
    }

    /// The two passes of a same-size gaussian (`ConvolutionPass`): along rows, then columns.
    private static func blurCommands(_ source: GPUBuffer, image: Image, kernel: [Float],
                                     into result: GPUBuffer) throws(VFXError) -> [OpCommand] {
        let size = (image.width, image.height)
        let middle = try GPUBuffer(context: result.context, byteCount: image.width * image.height * 16,
                                   memory: .device)
        let across = Pass(kernel: kernel, axis: 0), down = Pass(kernel: kernel, axis: 1)
        return [across.command(from: source, sourceSize: size, into: middle, outputSize: size),
                down.command(from: middle, sourceSize: size, into: result, outputSize: size)]
    }

    /// Composite or blend: the background copied into the result, the foreground drawn
    /// on it. Runs on the device of the background (else the foreground); the other
    /// layer, when on the host, is uploaded once.
    private static func layers(_ foreground: Image, _ background: Image, offset: (x: Int, y: Int), shader: GPUShader,
                               code: UInt32, opacity: Float) throws(VFXError) -> Image? {
        guard let context = (resident(background) ?? resident(foreground))?.context,
              fits(foreground, alphaMatters: true), fits(background, alphaMatters: true),
              fits(pixels: foreground.width * foreground.height, on: context),
              fits(pixels: background.width * background.height, on: context),
              let x = Int32(exactly: offset.x), let y = Int32(exactly: offset.y) else { return nil }
        // A layer on another device comes to the host first (outside the context lock).
        for layer in [foreground, background] where resident(layer).map({ $0.context !== context }) ?? false {
            try layer.synchronizeHost()
        }
        let onDevice = (fg: resident(foreground)?.buffer, bg: resident(background)?.buffer)
        let format = Compositing.outputFormat(foreground: foreground, background: background)
        let output = try background.blank(width: background.width, height: background.height, format: format)
        let pixels = background.width * background.height
        let alpha: UInt32 = AlphaChannel.index(of: background) != nil ? 1 : 0
        let words = [code, UInt32(background.width), UInt32(foreground.width), UInt32(foreground.height),
                     UInt32(bitPattern: x), UInt32(bitPattern: y), alpha, opacity.bitPattern]
        return try run(on: context, output: output) { (result: GPUBuffer) throws(VFXError) -> [OpCommand] in
            var commands: [OpCommand] = []
            if let bg = onDevice.bg {
                commands.append(.copy(from: bg, to: result, pixels: pixels))
            } else {
                commands.append(.upload(background, into: result))
            }
            let fg: GPUBuffer
            if let buffer = onDevice.fg {
                fg = buffer
            } else {
                fg = try GPUBuffer(context: context, byteCount: foreground.width * foreground.height * 16,
                                   memory: .device)
                commands.append(.upload(foreground, into: fg))
            }
            commands.append(.dispatch(shader, constants: [], output: result, pixels: pixels, words: words,
                                      source: .image(fg, pixels: foreground.width * foreground.height), count: pixels))
            return commands
        }
    }
}

/// One pass of resample.comp: per-output weights (resize) or one centered kernel (blur).
private struct Pass {
    var taps: Int
    var start: [Int32]
    var weights: [Float]
    var axis: UInt32
    var premultiply = false
    var unpremultiply = false
    var copy = false
    var shared = false

    init(weights table: AxisWeights, axis: UInt32, premultiply: Bool = false, copy: Bool = false) {
        taps = table.taps
        start = table.start
        weights = table.weights
        self.axis = axis
        self.premultiply = premultiply
        self.copy = copy
    }

    init(kernel: [Float], axis: UInt32) {
        taps = kernel.count
        start = []
        weights = kernel
        self.axis = axis
        shared = true
    }

    func command(from source: GPUBuffer, sourceSize: (Int, Int), into output: GPUBuffer,
                 outputSize: (Int, Int)) -> OpCommand {
        let flags: UInt32 = (premultiply ? 1 : 0) | (unpremultiply ? 2 : 0) | (copy ? 4 : 0) | (shared ? 8 : 0)
        let along = axis == 0 ? sourceSize.0 : sourceSize.1
        let header: [UInt32] = [UInt32(outputSize.0), UInt32(sourceSize.0), UInt32(along), UInt32(taps), axis, flags,
                                8, UInt32(8 + start.count)]
        let words = header + start.map { UInt32(bitPattern: $0) } + weights.map(\.bitPattern)
        let pixels = outputSize.0 * outputSize.1
        return .dispatch(.resample, constants: [GPUOps.fused], output: output, pixels: pixels, words: words,
                         source: .image(source, pixels: sourceSize.0 * sourceSize.1), count: pixels)
    }
}
