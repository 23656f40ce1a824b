import VFXColor
import VFXCore

/// LUT1D / InvLUT1D (CTF InverseLUT1D) and LUT3D / InvLUT3D (CTF InverseLUT3D) nodes.
extension CLFNodeReader {
    // MARK: LUT1D and InvLUT1D

    func readLut1D(_ node: inout CLFNode, inverse: Bool) throws(VFXError) -> [any ColorOperation] {
        try rejectUnsupportedChildren(["IndexMap"])
        let hueAdjust: Bool
        switch element.attributes["hueAdjust"] ?? "none" {
        case "none": hueAdjust = false
        case "dw3": hueAdjust = true
        case let other: throw context.error(element, "hueAdjust=\"\(other)\" is not valid (none, dw3)")
        }
        if let interpolation = element.attributes["interpolation"], !["linear", "default"].contains(interpolation) {
            throw context.error(element, "interpolation=\"\(interpolation)\" is not valid for a 1D LUT (linear)")
        }
        let halfDomain = try flag("halfDomain")
        let rawHalfs = try flag("rawHalfs")
        let (dims, values, line) = try array(allowNonFinite: halfDomain || rawHalfs)
        guard dims.count == 2, dims[1] == 1 || dims[1] == 3, dims[0] >= 2 else {
            throw context.error(line: line, "a 1D LUT's <Array dim> is \"length channels\" (channels 1 or 3), got \"\(dims.map(String.init).joined(separator: " "))\"")
        }
        let size = dims[0], channels = dims[1]
        // (compared before multiplying: a huge dim must not overflow)
        let product = size.multipliedReportingOverflow(by: channels)
        let expected = product.overflow ? Int.max : product.partialValue
        try expectCount(values, expected, line: line, dims: "\(size) \(channels)")
        if halfDomain, size != 65536 {
            throw context.error(line: line, "a halfDomain LUT1D has 65536 entries, got \(size)")
        }
        // values are in the output's scale (an inverse LUT's array is in its input's scale)
        let scale = inverse ? node.inBitDepth.scale : node.outBitDepth.scale
        var floats = [Float](repeating: 0, count: 3 * size)
        for i in 0..<size {
            for c in 0..<3 {
                let raw = values[i * channels + (channels == 3 ? c : 0)]
                var value: Float
                if rawHalfs {
                    guard raw >= 0, raw <= 65535, raw == raw.rounded() else {
                        throw context.error(line: line, "rawHalfs value \(raw) is not a 16-bit integer")
                    }
                    value = Float(Float16(bitPattern: UInt16(raw)))
                } else {
                    value = Float(raw)
                }
                // NaN entries read as 0, as OpenColorIO does (the Academy's half-domain sample has them)
                if value.isNaN { value = 0 }
                floats[3 * i + c] = scale == 1 ? value : Float(Double(value) / scale)
            }
        }
        node.parameters = [("size", .integer(size)), ("channels", .integer(channels)),
                           ("half_domain", .flag(halfDomain)), ("raw_halfs", .flag(rawHalfs)),
                           ("hue_adjust", .text(hueAdjust ? "dw3" : "none"))]
        let lut = try make { () throws(VFXError) in try Lut1D(size: size, values: floats, isHalfDomain: halfDomain) }
        if inverse {
            if hueAdjust {
                throw .unsupported("\(context.path): line \(element.line): hueAdjust on an inverse 1D LUT is not supported")
            }
            return [try make { () throws(VFXError) in try InverseLut1DOp(lut) }]
        }
        return hueAdjust ? [HueAdjustLut1DOp(lut)] : [Lut1DOp(lut)]
    }

    // MARK: LUT3D

    func readLut3D(_ node: inout CLFNode, inverse: Bool) throws(VFXError) -> [any ColorOperation] {
        try rejectUnsupportedChildren(["IndexMap"])
        let interpolation: Lut3D.Interpolation
        switch element.attributes["interpolation"] ?? "trilinear" {
        case "trilinear", "default": interpolation = .trilinear
        case "tetrahedral": interpolation = .tetrahedral
        case let other: throw context.error(element, "interpolation=\"\(other)\" is not valid for a 3D LUT (trilinear, tetrahedral)")
        }
        let (dims, values, line) = try array()
        guard dims.count == 4, dims[0] == dims[1], dims[1] == dims[2], dims[3] == 3 else {
            throw context.error(line: line, "a 3D LUT's <Array dim> is \"n n n 3\", got \"\(dims.map(String.init).joined(separator: " "))\"")
        }
        let n = dims[0]
        guard (2...256).contains(n) else { throw context.error(line: line, "a 3D LUT's size must be 2 to 256, got \(n)") }
        try expectCount(values, n * n * n * 3, line: line, dims: "\(n) \(n) \(n) 3")
        // values are in the output's scale (an inverse LUT's array is in its input's scale)
        let scale = inverse ? node.inBitDepth.scale : node.outBitDepth.scale
        // CLF lists blue fastest; Lut3D stores red fastest
        var floats = [Float](repeating: 0, count: n * n * n * 3)
        for r in 0..<n {
            for g in 0..<n {
                for b in 0..<n {
                    let source = 3 * ((r * n + g) * n + b)
                    let target = 3 * ((b * n + g) * n + r)
                    for c in 0..<3 { floats[target + c] = Float(values[source + c] / scale) }
                }
            }
        }
        node.parameters = [("size", .integer(n)), ("interpolation", .text(interpolation.rawValue))]
        let lut = try make { () throws(VFXError) in try Lut3D(size: n, values: floats) }
        return inverse ? [InverseLut3DOp(lut)] : [Lut3DOp(lut, interpolation: interpolation)]
    }
}
