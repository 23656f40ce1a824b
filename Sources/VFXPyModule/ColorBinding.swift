import PythonBridge
import VFXColor

extension ColorArguments {
    static func adaptation(_ name: String) throws(PythonException) -> ChromaticAdaptation {
        guard let method = ChromaticAdaptation(rawValue: name.lowercased()) else {
            throw .valueError(ColorSpaceError.unknownAdaptation(name).description)
        }
        return method
    }

    /// Runs a catalog lookup, turning its errors into `ValueError`.
    static func converting<T>(_ body: () throws -> T) throws(PythonException) -> T {
        do {
            return try body()
        } catch let error as PythonException {
            throw error
        } catch {
            throw .valueError(String(describing: error))
        }
    }

    /// A white point: a name ('D65', 'ACES', 'DCI', 'D50', 'E'), xy (2 values) or XYZ (3).
    static func white(_ object: PyPointer?, name: String) throws(PythonException) -> SIMD3<Double> {
        guard let object else { throw .typeError("\(name) must not be None") }
        if let text = String(python: object) {
            guard let white = WhitePoints.named(text) else {
                throw .valueError("\(name): unknown white point '\(text)'; valid: "
                                  + WhitePoints.named.map(\.name).joined(separator: ", ") + ", or xy / XYZ values")
            }
            return white.xyz
        }
        guard let items = try sequenceItems(object), items.count == 2 || items.count == 3 else {
            throw .typeError("\(name) must be a white point name, xy (2 values) or XYZ (3 values)")
        }
        var values: [Double] = []
        for (index, item) in items.enumerated() {
            let value = try convertDouble(item.pointer, name: "\(name)[\(index)]")
            guard value.isFinite else { throw .valueError("\(name)[\(index)] must be finite, got \(value)") }
            values.append(value)
        }
        if values.count == 3 {
            guard values[1] > 0 else { throw .valueError("\(name): Y must be positive, got \(values[1])") }
            return SIMD3(values[0], values[1], values[2])
        }
        guard values[1] > 0 else { throw .valueError("\(name): y must be positive, got \(values[1])") }
        return Chromaticity(values[0], values[1]).xyz
    }
}

/// Module functions behind `vfxpy.color` and `vfxpy.transfer.curves()`.
enum ColorBinding {
    static func matrix(_ m: Matrix3) throws(PythonException) -> PyPointer {
        try makeList(m.values.map { v throws(PythonException) in try v.toPython() }).release()
    }

    static func xy(_ c: Chromaticity) throws(PythonException) -> PyRef {
        try makeTuple([c.x.toPython(), c.y.toPython()])
    }

    static func gamut(_ a: Arguments) throws(PythonException) -> Gamut {
        let name = try a.string("name", default: "")
        return try ColorArguments.converting { try ColorSpaces.gamut(named: name) }
    }

    static var functions: [MethodDefinition] { [
        Method.noArguments("_channel_table_counts", doc: """
            _channel_table_counts() -> dict

            Per-channel lookup tables baked since start-up (CPU color chains on half and
            integer images): 'stored' (whole chains, stored values to stored values) and
            'floats' (a chain's leading per-channel run, loading floats). For tests.
            """, { _, _ in
                bridged {
                    let counts = ChannelTables.bakeCounts
                    return try makeDict([("stored", counts.stored.toPython()),
                                         ("floats", counts.floats.toPython())]).release()
                }
            }),
        Method.noArguments("transfer_curves", doc: "[(name, summary, [param names])] of the transfer curves.", { _, _ in
            bridged {
                try makeList(TransferCurves.all.map { e throws(PythonException) in
                    try makeTuple([e.name.toPython(), e.summary.toPython(),
                                   makeList(e.parameters.map { p throws(PythonException) in try p.name.toPython() })])
                }).release()
            }
        }),
        Method.noArguments("color_spaces", doc: "[(name, aliases, gamut, curve)] of the color spaces.", { _, _ in
            bridged {
                try makeList(ColorSpaces.all.map { s throws(PythonException) in
                    try makeTuple([s.name.toPython(),
                                   makeList(s.aliases.map { a throws(PythonException) in try a.toPython() }),
                                   s.gamut.name.toPython(), s.curve?.toPython() ?? PyRef.none])
                }).release()
            }
        }),
        Method.keywords("color_primaries", doc: "color_primaries(name) -> (gamut, r, g, b, white) as xy.", {
            _, args, kwargs in
            bridged {
                let g = try ColorBinding.gamut(Arguments(function: "primaries()", args: args, kwargs: kwargs,
                                                         names: ["name"], required: 1))
                return try makeTuple([g.name.toPython(), ColorBinding.xy(g.red), ColorBinding.xy(g.green),
                                      ColorBinding.xy(g.blue), ColorBinding.xy(g.white)]).release()
            }
        }),
        Method.keywords("color_rgb_to_xyz", doc: "color_rgb_to_xyz(name) -> 9 row-major values.", { _, args, kwargs in
            bridged {
                let a = try Arguments(function: "rgb_to_xyz()", args: args, kwargs: kwargs, names: ["name"], required: 1)
                return try ColorBinding.matrix(ColorBinding.gamut(a).rgbToXYZ)
            }
        }),
        Method.keywords("color_xyz_to_rgb", doc: "color_xyz_to_rgb(name) -> 9 row-major values.", { _, args, kwargs in
            bridged {
                let a = try Arguments(function: "xyz_to_rgb()", args: args, kwargs: kwargs, names: ["name"], required: 1)
                return try ColorBinding.matrix(ColorBinding.gamut(a).xyzToRGB)
            }
        }),
        Method.keywords("color_adaptation", doc: """
            color_adaptation(src_white, dst_white, method="bradford") -> 9 row-major values.
            """, { _, args, kwargs in
            bridged {
                let a = try Arguments(function: "adaptation_matrix()", args: args, kwargs: kwargs,
                                      names: ["src_white", "dst_white", "method"], required: 2)
                let method = try ColorArguments.adaptation(a.string("method", default: "bradford"))
                let source = try ColorArguments.white(a["src_white"], name: "src_white")
                let destination = try ColorArguments.white(a["dst_white"], name: "dst_white")
                return try ColorBinding.matrix(method.matrix(from: source, to: destination))
            }
        }),
        Method.keywords("color_matrix", doc: """
            color_matrix(src, dst, adaptation="bradford") -> 9 row-major values: linear src RGB
            -> linear dst RGB.
            """, { _, args, kwargs in
            bridged {
                let a = try Arguments(function: "matrix()", args: args, kwargs: kwargs,
                                      names: ["src", "dst", "adaptation"], required: 2)
                let method = try ColorArguments.adaptation(a.string("adaptation", default: "bradford"))
                let src = try a.string("src", default: ""), dst = try a.string("dst", default: "")
                let m = try ColorArguments.converting {
                    ColorSpaces.matrix(from: try ColorSpaces.gamut(named: src, argument: "src"),
                                       to: try ColorSpaces.gamut(named: dst, argument: "dst"), adaptation: method)
                }
                return try ColorBinding.matrix(m)
            }
        }),
    ] }
}
