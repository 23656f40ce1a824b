/// Runs one curve per color channel over RGBA pixels, alpha untouched: the loop of the
/// CPU renderers whose op is three independent 1D curves (CSP prelut, inverse 1D LUT).
@inline(__always)
func applyChannelCurves(_ pixels: UnsafeMutablePointer<RGBA>, count: Int, _ red: (Float) -> Float,
                        _ green: (Float) -> Float, _ blue: (Float) -> Float) {
    for i in 0..<count {
        let p = pixels[i]
        pixels[i] = RGBA(red(p.x), green(p.y), blue(p.z), p.w)
    }
}
