/// How components sit in the file's words (image element field "packing").
package enum DPXPacking: Int, Sendable, CaseIterable {
    /// Components bit-contiguous across 32-bit words, least significant bits first.
    case packed = 0
    /// 10-bit: three per 32-bit word, two padding bits at the bottom; 12-bit: one per
    /// 16-bit word in the top bits.
    case filledA = 1
    /// 10-bit: three per 32-bit word, padding at the top; 12-bit: one per 16-bit word in
    /// the bottom bits.
    case filledB = 2

    /// OpenImageIO's "dpx:Packing" text.
    var metadataName: String {
        switch self {
        case .packed: "Packed"
        case .filledA: "Filled, method A"
        case .filledB: "Filled, method B"
        }
    }

    /// The `packing=` option's name.
    var optionName: String {
        switch self {
        case .packed: "packed"
        case .filledA: "filled_a"
        case .filledB: "filled_b"
        }
    }

    /// From an option name or OpenImageIO's metadata text.
    package init?(name: String) {
        let key = DPXNames.normalized(name)
        guard let match = DPXPacking.allCases.first(where: {
            $0.optionName == key || DPXNames.normalized($0.metadataName) == key
        }) else { return nil }
        self = match
    }
}
