import VFXColor
import VFXCore

/// Matrix, Range, Log, Exponent (CTF Gamma) and ASC_CDL nodes.
extension CLFNodeReader {
    // MARK: Matrix

    func readMatrix(_ node: inout CLFNode) throws(VFXError) -> [any ColorOperation] {
        let (dims, values, line) = try array()
        // CLF 3: "3 3" / "3 4"; CTF: "4 4" / "4 5"; CLF 1-2 wrote a third number (channels)
        guard dims.count == 2 || dims.count == 3, [3, 4].contains(dims[0]), dims[1] == dims[0] || dims[1] == dims[0] + 1,
              dims.count == 2 || dims[2] == dims[0] else {
            throw context.error(line: line, "a Matrix's <Array dim> is \"3 3\", \"3 4\", \"4 4\" or \"4 5\", got \"\(dims.map(String.init).joined(separator: " "))\"")
        }
        let rows = dims[0], columns = dims[1]
        try expectCount(values, rows * columns, line: line, dims: dims.map(String.init).joined(separator: " "))
        let gain = node.inBitDepth.scale / node.outBitDepth.scale
        let outScale = node.outBitDepth.scale
        var matrix: [Float] = []
        var offset: [Float] = []
        for r in 0..<rows {
            for c in 0..<rows { matrix.append(Float(values[r * columns + c] * gain)) }
            offset.append(columns > rows ? Float(values[r * columns + rows] / outScale) : 0)
        }
        node.parameters = [("dim", .text("\(rows)x\(columns)")), ("matrix", .numbers(matrix.map(Double.init))),
                           ("offset", .numbers(offset.map(Double.init)))]
        if rows == 3 {
            return [MatrixOp(rgb: matrix, offset: SIMD3(offset[0], offset[1], offset[2]))]
        }
        return [MatrixOp(rgba: matrix, offset: RGBA(offset[0], offset[1], offset[2], offset[3]))]
    }

    // MARK: Range

    func readRange(_ node: inout CLFNode) throws(VFXError) -> [any ColorOperation] {
        func value(_ name: String, _ scale: Double) throws(VFXError) -> Double? {
            let matches = element.children(named: name)
            guard let child = matches.first else { return nil }
            guard matches.count == 1 else { throw context.error(matches[1], "<Range> has more than one <\(name)>") }
            let values = try numbers(child)
            guard values.count == 1 else {
                throw context.error(child, "<\(name)> needs one number, found \(values.count)")
            }
            return values[0] / scale
        }
        let inScale = node.inBitDepth.scale, outScale = node.outBitDepth.scale
        let minIn = try value("minInValue", inScale), maxIn = try value("maxInValue", inScale)
        let minOut = try value("minOutValue", outScale), maxOut = try value("maxOutValue", outScale)
        let clamps: Bool
        switch element.attributes["style"] ?? "clamp" {
        case "clamp", "Clamp": clamps = true
        case "noClamp", "NoClamp": clamps = false
        case let other: throw context.error(element, "style=\"\(other)\" is not a Range style (clamp, noClamp)")
        }
        // one-sided ranges only clamp: CLF (and OpenColorIO) need equal in and out bounds
        if maxIn == nil, let minIn, let minOut, abs(minIn - minOut) > 1e-6 * max(1, abs(minIn)) {
            throw context.error(element, "<Range> with only minimum values needs minInValue = minOutValue (normalized: \(minIn) vs \(minOut))")
        }
        if minIn == nil, let maxIn, let maxOut, abs(maxIn - maxOut) > 1e-6 * max(1, abs(maxIn)) {
            throw context.error(element, "<Range> with only maximum values needs maxInValue = maxOutValue (normalized: \(maxIn) vs \(maxOut))")
        }
        let op = try make { () throws(VFXError) in
            try RangeOp(minIn: minIn, maxIn: maxIn, minOut: minOut, maxOut: maxOut, clamps: clamps)
        }
        node.parameters = [("style", .text(clamps ? "clamp" : "noClamp"))]
        for (key, v) in [("min_in", minIn), ("max_in", maxIn), ("min_out", minOut), ("max_out", maxOut)] {
            if let v { node.parameters.append((key, .number(v))) }
        }
        return [op]
    }

    // MARK: per-channel parameter elements (LogParams, ExponentParams)

    /// The channels (0 R, 1 G, 2 B, 3 A) a params element applies to.
    func channels(of params: XMLTreeElement, allowAlpha: Bool) throws(VFXError) -> [Int] {
        switch params.attributes["channel"] {
        case nil: return [0, 1, 2]
        case "R": return [0]
        case "G": return [1]
        case "B": return [2]
        case "A" where allowAlpha: return [3]
        case let other?: throw context.error(params, "channel=\"\(other)\" must be R, G or B")
        }
    }

    // MARK: Log

    func readLog(_ node: inout CLFNode) throws(VFXError) -> [any ColorOperation] {
        let style = try choice("style", of: LogOp.Style.self, what: "a Log style")
        var parameters = Array(repeating: LogParameters(), count: 3)
        for params in element.children(named: "LogParams") {
            for legacy in ["gamma", "refWhite", "refBlack", "highlight", "shadow"] where params.attributes[legacy] != nil {
                throw .unsupported("\(context.path): line \(params.line): CTF 1.x LogParams (\(legacy)) are not supported")
            }
            for channel in try channels(of: params, allowAlpha: false) {
                var p = parameters[channel]
                let a = params.attributes
                if let v = try number(a["base"], "base", in: params) { p.base = v }
                if let v = try number(a["logSideSlope"], "logSideSlope", in: params) { p.logSideSlope = v }
                if let v = try number(a["logSideOffset"], "logSideOffset", in: params) { p.logSideOffset = v }
                if let v = try number(a["linSideSlope"], "linSideSlope", in: params) { p.linSideSlope = v }
                if let v = try number(a["linSideOffset"], "linSideOffset", in: params) { p.linSideOffset = v }
                if let v = try number(a["linSideBreak"], "linSideBreak", in: params) { p.linSideBreak = v }
                if let v = try number(a["linearSlope"], "linearSlope", in: params) { p.linearSlope = v }
                parameters[channel] = p
            }
        }
        let op = try make { () throws(VFXError) in try LogOp(style: style, parameters: parameters) }
        node.parameters = [("style", .text(style.rawValue))]
        if style.needsParameters {
            node.parameters += [
                ("base", .numbers(parameters.map(\.base))),
                ("log_side_slope", .numbers(parameters.map(\.logSideSlope))),
                ("log_side_offset", .numbers(parameters.map(\.logSideOffset))),
                ("lin_side_slope", .numbers(parameters.map(\.linSideSlope))),
                ("lin_side_offset", .numbers(parameters.map(\.linSideOffset))),
            ]
            if style.isCamera { node.parameters.append(("lin_side_break", .numbers(parameters.map { $0.linSideBreak ?? 0 }))) }
        }
        return [op]
    }

    // MARK: Exponent

    func readExponent(_ node: inout CLFNode) throws(VFXError) -> [any ColorOperation] {
        let style = try choice("style", of: ExponentOp.Style.self, what: "an Exponent style")
        // CTF writes the same node as <Gamma> with <GammaParams gamma="...">
        let paramsName = element.name == "Gamma" ? "GammaParams" : "ExponentParams"
        let exponentName = element.name == "Gamma" ? "gamma" : "exponent"
        let all = element.children(named: paramsName)
        guard !all.isEmpty else { throw context.error(element, "<\(element.name)> needs <\(paramsName)>") }
        var parameters: [ExponentOp.Parameters?] = [nil, nil, nil, nil]
        for params in all {
            guard let exponent = try number(params.attributes[exponentName], exponentName, in: params) else {
                throw context.error(params, "<\(paramsName)> is missing the required attribute \(exponentName)")
            }
            let offset = try number(params.attributes["offset"], "offset", in: params)
            if style.isMonCurve, offset == nil {
                throw context.error(params, "<\(paramsName)> needs an offset for style \(style.rawValue)")
            }
            for channel in try channels(of: params, allowAlpha: true) {
                parameters[channel] = ExponentOp.Parameters(exponent: exponent, offset: offset ?? 0)
            }
        }
        guard let r = parameters[0], let g = parameters[1], let b = parameters[2] else {
            throw context.error(element, "<\(element.name)> needs parameters for R, G and B (one <\(paramsName)> without channel, or one per channel)")
        }
        let op = try make { () throws(VFXError) in try ExponentOp(style: style, parameters: [r, g, b], alpha: parameters[3]) }
        node.parameters = [("style", .text(style.rawValue)), ("exponent", .numbers([r, g, b].map(\.exponent)))]
        if style.isMonCurve { node.parameters.append(("offset", .numbers([r, g, b].map(\.offset)))) }
        return [op]
    }

    // MARK: FixedFunction (CTF)

    /// The ACES fixed functions OCIO writes into CTF (the 1.0 output transforms' and the
    /// 1.3 gamut compression); its other styles (RedMod03, Surround, the RGB/HSV/XYZ
    /// conversions) are refused as unsupported.
    func readFixedFunction(_ node: inout CLFNode) throws(VFXError) -> [any ColorOperation] {
        guard let text = element.attributes["style"] else {
            throw context.error(element, "<FixedFunction> is missing the required attribute style")
        }
        guard let style = ACESFixedFunctionOp.Style(rawValue: text) else {
            let known = ACESFixedFunctionOp.Style.allCases.map(\.rawValue).joined(separator: ", ")
            throw .unsupported("\(context.path): line \(element.line): <FixedFunction style=\"\(text)\"> is not "
                + "supported (supported: \(known))")
        }
        var parameters: [Double] = []
        if let text = element.attributes["params"] {
            for word in text.split(whereSeparator: { $0 == " " || $0 == "," || $0.isNewline || $0 == "\t" }) {
                guard let value = Double(word), value.isFinite else {
                    throw context.error(element, "params \"\(word)\" is not a finite number")
                }
                parameters.append(value)
            }
        }
        let op = try make { () throws(VFXError) in try ACESFixedFunctionOp(style: style, parameters: parameters) }
        node.parameters = [("style", .text(style.rawValue))]
        if !parameters.isEmpty { node.parameters.append(("params", .numbers(parameters))) }
        return [op]
    }

    // MARK: ASC_CDL

    func readCDL(_ node: inout CLFNode) throws(VFXError) -> [any ColorOperation] {
        let styleText = element.attributes["style"] ?? "Fwd"
        let clamps: Bool, reverse: Bool
        switch styleText {
        case "Fwd", "v1.2_Fwd": (clamps, reverse) = (true, false)
        case "Rev", "v1.2_Rev": (clamps, reverse) = (true, true)
        case "FwdNoClamp", "noClampFwd": (clamps, reverse) = (false, false)
        case "RevNoClamp", "noClampRev": (clamps, reverse) = (false, true)
        default: throw context.error(element, "style=\"\(styleText)\" is not an ASC_CDL style (Fwd, Rev, FwdNoClamp, RevNoClamp)")
        }
        func triple(_ parent: XMLTreeElement?, _ name: String, default fallback: SIMD3<Float>) throws(VFXError) -> SIMD3<Float> {
            guard let parent, let child = parent.child(named: name) else { return fallback }
            let values = try numbers(child)
            guard values.count == 3 else { throw context.error(child, "<\(name)> needs 3 numbers, found \(values.count)") }
            return SIMD3(Float(values[0]), Float(values[1]), Float(values[2]))
        }
        let sop = element.child(named: "SOPNode")
        let sat = element.child(named: "SatNode") ?? element.child(named: "SATNode")  // CLF 2 spelled it SATNode
        guard sop != nil || sat != nil else { throw context.error(element, "<ASC_CDL> needs a <SOPNode> or a <SatNode>") }
        let slope = try triple(sop, "Slope", default: .one)
        let offset = try triple(sop, "Offset", default: .zero)
        let power = try triple(sop, "Power", default: .one)
        var saturation: Float = 1
        if let sat, let child = sat.child(named: "Saturation") {
            let values = try numbers(child)
            guard values.count == 1 else { throw context.error(child, "<Saturation> needs one number, found \(values.count)") }
            saturation = Float(values[0])
        }
        guard slope.min() >= 0, !(reverse && slope.min() == 0) else {
            throw context.error(element, "<Slope> must be \(reverse ? "positive" : "zero or more") (\(slope))")
        }
        guard power.min() > 0 else { throw context.error(element, "<Power> must be positive (\(power))") }
        guard saturation >= 0, !(reverse && saturation == 0) else {
            throw context.error(element, "<Saturation> must be \(reverse ? "positive" : "zero or more") (\(saturation))")
        }
        node.parameters = [("style", .text(styleText)), ("slope", .numbers(slope.array)), ("offset", .numbers(offset.array)),
                           ("power", .numbers(power.array)), ("saturation", .number(Double(saturation)))]
        return [CDLOp(slope: slope, offset: offset, power: power, saturation: saturation,
                      style: clamps ? .asc : .noClamp, isReverse: reverse)]
    }
}

private extension SIMD3 where Scalar == Float {
    var array: [Double] { [Double(x), Double(y), Double(z)] }
}
