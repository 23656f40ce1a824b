/// Pixel density in OpenImageIO's names: `XResolution`, `YResolution` (pixels per unit)
/// and `ResolutionUnit` ("inch", "cm" or "none").
struct Resolution: Equatable {
    enum Unit: String {
        case inch, cm, none
    }

    var x: Double
    var y: Double
    var unit: Unit

    /// The density in `metadata`, if both X and Y are there and positive. A missing or
    /// unknown unit is taken as inches (TIFF's default).
    init?(_ metadata: Metadata) {
        guard let x = metadata["XResolution"]?.number, let y = metadata["YResolution"]?.number,
              x > 0, y > 0, x.isFinite, y.isFinite else { return nil }
        self.x = x
        self.y = y
        switch metadata["ResolutionUnit"]?.text?.lowercased() {
        case "cm", "centimeter": unit = .cm
        case "none": unit = .none
        default: unit = .inch
        }
    }

    init(x: Double, y: Double, unit: Unit) {
        self.x = x
        self.y = y
        self.unit = unit
    }

    /// Adds the three keys to `metadata`.
    func store(in metadata: inout Metadata) {
        metadata["XResolution"] = .double(x)
        metadata["YResolution"] = .double(y)
        metadata["ResolutionUnit"] = .string(unit.rawValue)
    }
}

/// "YYYY:MM:DD HH:MM:SS" (the EXIF/TIFF DateTime form) as six numbers, if it is one.
func parseDateTime(_ text: String) -> [Int]? {
    let parts = text.split(whereSeparator: { $0 == ":" || $0 == " " }).compactMap { Int($0) }
    guard parts.count == 6, (1...12).contains(parts[1]), (1...31).contains(parts[2]),
          (0...23).contains(parts[3]), (0...59).contains(parts[4]), (0...60).contains(parts[5]),
          (0...65535).contains(parts[0]) else { return nil }
    return parts
}

/// Six numbers (year, month, day, hour, minute, second) as "YYYY:MM:DD HH:MM:SS".
func formatDateTime(_ parts: [Int]) -> String {
    func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
    let year = String(parts[0])
    let paddedYear = String(repeating: "0", count: max(0, 4 - year.count)) + year
    return "\(paddedYear):\(two(parts[1])):\(two(parts[2])) \(two(parts[3])):\(two(parts[4])):\(two(parts[5]))"
}
