import CEXR
#if canImport(Glibc)
import Glibc
#endif

/// Header attributes between `Metadata` values and CEXR's plain C form.
enum EXRAttributes {
    /// The metadata value of an attribute read from a file.
    static func value(of attribute: CEXRAttribute) -> MetadataValue? {
        let count = Int(max(0, attribute.count))
        switch Int32(attribute.kind) {
        case Int32(CEXR_VALUE_INT):
            guard count == 1, let ints = attribute.ints else { return nil }
            return .int(Int(ints[0]))
        case Int32(CEXR_VALUE_DOUBLE):
            guard count == 1, let doubles = attribute.doubles else { return nil }
            return .double(doubles[0])
        case Int32(CEXR_VALUE_STRING):
            guard count == 1, let strings = attribute.strings else { return nil }
            return .string(strings[0].map { String(cString: $0) } ?? "")
        case Int32(CEXR_VALUE_INTS):
            guard let ints = attribute.ints else { return .ints([]) }
            return .ints((0..<count).map { Int(ints[$0]) })
        case Int32(CEXR_VALUE_DOUBLES):
            guard let doubles = attribute.doubles else { return .doubles([]) }
            return .doubles((0..<count).map { doubles[$0] })
        case Int32(CEXR_VALUE_STRINGS):
            guard let strings = attribute.strings else { return .strings([]) }
            return .strings((0..<count).map { strings[$0].map { String(cString: $0) } ?? "" })
        default:
            return nil
        }
    }

    /// The metadata prefixes the other formats declare ("dpx:", "png:", ...).
    static let otherFormatPrefixes = FileFormat.foreignMetadataPrefixes(for: .exr)

    /// Metadata keys the EXR writer sets itself or that belong to other formats.
    static func isWritable(_ key: String) -> Bool {
        let controlled: Set<String> = ["bit_depth", "compression", "dataWindow", "displayWindow", "channels",
                                       "tiles", "type", "name", "version", "chunkCount", "dwaCompressionLevel"]
        if controlled.contains(key) { return false }
        return !otherFormatPrefixes.contains { key.hasPrefix($0) }
    }
}

/// C copies of metadata as `CEXRAttribute`s, alive until this object goes away.
final class EXRAttributeStorage {
    private(set) var attributes: [CEXRAttribute] = []
    private var allocations: [UnsafeMutableRawPointer] = []

    init(_ metadata: Metadata) {
        for key in metadata.keys.sorted() where EXRAttributes.isWritable(key) {
            guard let value = metadata[key] else { continue }
            var attribute = CEXRAttribute()
            attribute.name = UnsafePointer(keep(strdup(key)))
            switch value {
            case .int(let number):
                attribute.kind = Int32(CEXR_VALUE_INT)
                attribute.count = 1
                attribute.ints = UnsafePointer(copy([Int64(number)]))
            case .double(let number):
                attribute.kind = Int32(CEXR_VALUE_DOUBLE)
                attribute.count = 1
                attribute.doubles = UnsafePointer(copy([number]))
            case .string(let text):
                attribute.kind = Int32(CEXR_VALUE_STRING)
                attribute.count = 1
                attribute.strings = UnsafePointer(copyStrings([text]))
            case .ints(let numbers):
                attribute.kind = Int32(CEXR_VALUE_INTS)
                attribute.count = Int32(numbers.count)
                attribute.ints = UnsafePointer(copy(numbers.map(Int64.init)))
            case .doubles(let numbers):
                attribute.kind = Int32(CEXR_VALUE_DOUBLES)
                attribute.count = Int32(numbers.count)
                attribute.doubles = UnsafePointer(copy(numbers))
            case .strings(let texts):
                attribute.kind = Int32(CEXR_VALUE_STRINGS)
                attribute.count = Int32(texts.count)
                attribute.strings = UnsafePointer(copyStrings(texts))
            }
            attributes.append(attribute)
        }
    }

    deinit {
        for allocation in allocations { free(allocation) }
    }

    /// A C string that lives as long as this storage.
    func cString(_ text: String) -> UnsafePointer<CChar>? {
        UnsafePointer(keep(strdup(text)))
    }

    private func keep<T>(_ pointer: UnsafeMutablePointer<T>?) -> UnsafeMutablePointer<T>? {
        if let pointer { allocations.append(UnsafeMutableRawPointer(pointer)) }
        return pointer
    }

    /// A C array of C strings that lives as long as this storage.
    func cStrings(_ texts: [String]) -> UnsafePointer<UnsafePointer<CChar>?>? {
        UnsafePointer(copyStrings(texts))
    }

    /// A C copy of `values` that lives as long as this storage.
    func cArray<T>(_ values: [T]) -> UnsafePointer<T>? {
        UnsafePointer(copy(values))
    }

    private func copy<T>(_ values: [T]) -> UnsafeMutablePointer<T>? {
        guard let raw = malloc(max(1, values.count) * MemoryLayout<T>.stride) else { return nil }
        allocations.append(raw)
        let typed = raw.bindMemory(to: T.self, capacity: max(1, values.count))
        for (index, value) in values.enumerated() { (typed + index).initialize(to: value) }
        return typed
    }

    private func copyStrings(_ texts: [String]) -> UnsafeMutablePointer<UnsafePointer<CChar>?>? {
        copy(texts.map { cString($0) })
    }
}
