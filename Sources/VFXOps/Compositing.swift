import VFXCore

/// Porter-Duff compositing of premultiplied (associated-alpha) images, as OpenImageIO's
/// `over`: every channel, alpha included, is R = A·Fa + B·Fb with
///
///     over   Fa = 1        Fb = 1 - αA        (R = A + B·(1 - αA), bit for bit OIIO's)
///     under  Fa = 1 - αB   Fb = 1             (B over A)
///     in     Fa = αB       Fb = 0
///     out    Fa = 1 - αB   Fb = 0
///     atop   Fa = αB       Fb = 1 - αA
///     xor    Fa = 1 - αB   Fb = 1 - αA
///
/// A is the foreground, B the background. Frame: the result has B's size; A's top-left
/// pixel sits at `offset` (any integers, A may hang over the edges or miss B entirely)
/// and A is transparent black wherever it does not reach. Both need the same channel
/// count. Alpha is the channel `AlphaChannel.index` finds; an image without one is
/// opaque where it covers. Format: the inputs' format when they share one, else f32.
public enum Compositing {
    public enum Operator: String, CaseIterable, Sendable {
        case over, under
        case inside = "in"
        case out, atop, xor
    }

    public static func composite(_ op: Operator, foreground: Image, background: Image,
                                 offset: (x: Int, y: Int) = (0, 0)) throws(VFXError) -> Image {
        let frame = try LayerFrame(foreground: foreground, background: background, offset: offset)
        frame.forEachRow { a, b, out, covered, count in
            switch op {
            case .over: frame.eachPixel(a, b, out, covered, count) { a, b, aA, _ in a + b * (1 - aA) }
            case .under: frame.eachPixel(a, b, out, covered, count) { a, b, _, aB in b + a * (1 - aB) }
            case .inside: frame.eachPixel(a, b, out, covered, count) { a, _, _, aB in a * aB }
            case .out: frame.eachPixel(a, b, out, covered, count) { a, _, _, aB in a * (1 - aB) }
            case .atop: frame.eachPixel(a, b, out, covered, count) { a, b, aA, aB in a * aB + b * (1 - aA) }
            case .xor: frame.eachPixel(a, b, out, covered, count) { a, b, aA, aB in a * (1 - aB) + b * (1 - aA) }
            }
        }
        return frame.output
    }

    /// Both layers need the same channel count.
    package static func checkChannels(foreground: Image, background: Image) throws(VFXError) {
        guard foreground.channels == background.channels else {
            throw .invalidArgument(name: "fg", message: "has \(foreground.channels) channels, bg has \(background.channels)")
        }
    }

    /// The result's format of `composite` and `Blend.blend`: the inputs' shared format, else f32.
    package static func outputFormat(foreground: Image, background: Image) -> PixelFormat {
        foreground.format == background.format ? background.format : .f32
    }

    /// color × alpha (alpha itself unchanged); images without alpha are returned copied.
    public static func premultiply(_ image: Image) throws(VFXError) -> Image {
        try mapAlpha(image) { row, pixels, channels, alpha in
            AlphaMath.premultiply(row, pixels: pixels, channels: channels, alpha: alpha)
        }
    }

    /// color ÷ alpha where alpha ≠ 0, color = 0 where alpha = 0.
    public static func unpremultiply(_ image: Image) throws(VFXError) -> Image {
        try mapAlpha(image) { row, pixels, channels, alpha in
            AlphaMath.unpremultiply(row, pixels: pixels, channels: channels, alpha: alpha)
        }
    }

    private static func mapAlpha(_ image: Image,
                                 _ body: @escaping @Sendable (UnsafeMutablePointer<Float>, Int, Int, Int) -> Void) throws(VFXError) -> Image {
        guard let alpha = AlphaChannel.index(of: image) else { return try image.copy() }
        let output = try image.blank(width: image.width, height: image.height)
        let values = image.width * image.channels
        let (width, channels) = (image.width, image.channels)
        Parallel.forEachRange(image.height, grain: 16) { range in
            let row = FloatScratch(values)
            for y in range {
                if Cancellation.isRequested { return }  // Ctrl-C: stop within a row
                PixelLoader.load(image, offset: y * values, count: values, into: row.pointer)
                body(row.pointer, width, channels, alpha)
                PixelLoader.store(row.pointer, count: values, into: output, offset: y * values)
            }
        }
        return output
    }
}

/// Two layers in one frame (the background's), the foreground at an offset; rows come
/// as floats, the foreground's zero where it does not reach.
struct LayerFrame: @unchecked Sendable {
    let foreground: Image
    let background: Image
    let output: Image
    let offset: (x: Int, y: Int)
    let channels: Int
    let alphaA: Int?
    let alphaB: Int?

    init(foreground: Image, background: Image, offset: (x: Int, y: Int)) throws(VFXError) {
        try Compositing.checkChannels(foreground: foreground, background: background)
        let format = Compositing.outputFormat(foreground: foreground, background: background)
        self.foreground = foreground
        self.background = background
        self.offset = offset
        channels = background.channels
        alphaA = AlphaChannel.index(of: foreground)
        alphaB = AlphaChannel.index(of: background)
        output = try background.blank(width: background.width, height: background.height, format: format)
    }

    /// out = formula(A, B, αA, αB) for every channel of the `count` pixels of a row; αA
    /// is the foreground's alpha inside `covered` (1 without an alpha channel) and 0
    /// outside. RGBA images with alpha last take 4-wide steps.
    @inline(__always)
    func eachPixel(_ a: UnsafeMutablePointer<Float>, _ b: UnsafeMutablePointer<Float>, _ out: UnsafeMutablePointer<Float>,
                   _ covered: Range<Int>, _ count: Int,
                   _ formula: (SIMD4<Float>, SIMD4<Float>, Float, Float) -> SIMD4<Float>) {
        if channels == 4, alphaA == 3, alphaB == 3 {
            let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b), ro = UnsafeMutableRawPointer(out)
            for p in 0..<count {
                let va = ra.loadUnaligned(fromByteOffset: p * 16, as: SIMD4<Float>.self)
                let vb = rb.loadUnaligned(fromByteOffset: p * 16, as: SIMD4<Float>.self)
                ro.storeBytes(of: formula(va, vb, va[3], vb[3]), toByteOffset: p * 16, as: SIMD4<Float>.self)
            }
            return
        }
        for p in 0..<count {
            let pa = a + p * channels, pb = b + p * channels, po = out + p * channels
            let aA: Float = covered.contains(p) ? (alphaA.map { pa[$0] } ?? 1) : 0
            let aB: Float = alphaB.map { pb[$0] } ?? 1
            for c in 0..<channels {
                po[c] = formula(SIMD4(repeating: pa[c]), SIMD4(repeating: pb[c]), aA, aB)[0]
            }
        }
    }

    /// Calls `body(a, b, out, covered, width)` for every output row, in parallel: `a`
    /// and `b` the rows of foreground and background, `covered` the pixels the
    /// foreground reaches; `body` fills `out`, which is then stored.
    func forEachRow(_ body: @escaping (UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>,
                                       UnsafeMutablePointer<Float>, Range<Int>, Int) -> Void) {
        let width = background.width
        let values = width * channels
        let x0 = max(0, offset.x), x1 = min(width, offset.x + foreground.width)
        let body = UnsafeSendable(body)
        Parallel.forEachRange(background.height, grain: 16) { range in
            let a = FloatScratch(values), b = FloatScratch(values), out = FloatScratch(values)
            for y in range {
                if Cancellation.isRequested { return }  // Ctrl-C: stop within a row
                PixelLoader.load(background, offset: y * values, count: values, into: b.pointer)
                let fy = y - offset.y
                var covered = 0..<0
                if x0 < x1, (0..<foreground.height).contains(fy) {
                    covered = x0..<x1
                    a.pointer.update(repeating: 0, count: values)
                    PixelLoader.load(foreground, offset: (fy * foreground.width + (x0 - offset.x)) * channels,
                               count: (x1 - x0) * channels, into: a.pointer + x0 * channels)
                } else {
                    a.pointer.update(repeating: 0, count: values)
                }
                body.value(a.pointer, b.pointer, out.pointer, covered, width)
                PixelLoader.store(out.pointer, count: values, into: output, offset: y * values)
            }
        }
    }
}
