/// The DPX header fields that travel as metadata unchanged (numbers and text), by the
/// names OpenImageIO uses where it has one ("dpx:FrameRate", "Software", ...) and
/// "dpx:<FieldName>" otherwise. Fields needing translation (characteristics, timecode,
/// orientation, dates, aspect ratio) are in `DPXMetadata`.
struct DPXField: Sendable {
    enum Kind: Sendable {
        case u8, u32, f32
        case text(Int)
    }

    let key: String
    let offset: Int
    let kind: Kind

    /// The header part holding the field: fields past the image information header are
    /// only read when the file's header reaches them.
    var sectionEnd: Int {
        if offset < DPXOffset.imageInformationEnd { return DPXOffset.imageInformationEnd }
        if offset < DPXOffset.sourceEnd { return DPXOffset.sourceEnd }
        if offset < DPXOffset.filmEnd { return DPXOffset.filmEnd }
        return DPXOffset.televisionEnd
    }

    /// File-wide fields.
    static let file: [DPXField] = [
        DPXField(key: "dpx:DittoKey", offset: DPXOffset.dittoKey, kind: .u32),
        DPXField(key: "Software", offset: DPXOffset.creator, kind: .text(100)),
        DPXField(key: "DocumentName", offset: DPXOffset.project, kind: .text(200)),
        DPXField(key: "Copyright", offset: DPXOffset.copyright, kind: .text(200)),
        DPXField(key: "dpx:EncryptKey", offset: DPXOffset.encryptKey, kind: .u32),
        // Image source information.
        DPXField(key: "dpx:XOffset", offset: 1408, kind: .u32),
        DPXField(key: "dpx:YOffset", offset: 1412, kind: .u32),
        DPXField(key: "dpx:XCenter", offset: 1416, kind: .f32),
        DPXField(key: "dpx:YCenter", offset: 1420, kind: .f32),
        DPXField(key: "dpx:XOriginalSize", offset: 1424, kind: .u32),
        DPXField(key: "dpx:YOriginalSize", offset: 1428, kind: .u32),
        DPXField(key: "dpx:SourceImageFileName", offset: 1432, kind: .text(100)),
        DPXField(key: "dpx:InputDevice", offset: 1556, kind: .text(32)),
        DPXField(key: "dpx:InputDeviceSerialNumber", offset: 1588, kind: .text(32)),
        DPXField(key: "dpx:XScannedSize", offset: 1636, kind: .f32),
        DPXField(key: "dpx:YScannedSize", offset: 1640, kind: .f32),
        // Motion-picture film information.
        DPXField(key: "dpx:Format", offset: 1680, kind: .text(32)),
        DPXField(key: "dpx:FramePosition", offset: 1712, kind: .u32),
        DPXField(key: "dpx:SequenceLength", offset: 1716, kind: .u32),
        DPXField(key: "dpx:HeldCount", offset: 1720, kind: .u32),
        DPXField(key: "dpx:FrameRate", offset: 1724, kind: .f32),
        DPXField(key: "dpx:ShutterAngle", offset: 1728, kind: .f32),
        DPXField(key: "dpx:FrameId", offset: 1732, kind: .text(32)),
        DPXField(key: "dpx:SlateInfo", offset: 1764, kind: .text(100)),
        // Television information.
        DPXField(key: "dpx:Interlace", offset: 1928, kind: .u8),
        DPXField(key: "dpx:FieldNumber", offset: 1929, kind: .u8),
        DPXField(key: "dpx:HorizontalSampleRate", offset: 1932, kind: .f32),
        DPXField(key: "dpx:VerticalSampleRate", offset: 1936, kind: .f32),
        DPXField(key: "dpx:TemporalFrameRate", offset: 1940, kind: .f32),
        DPXField(key: "dpx:TimeOffset", offset: 1944, kind: .f32),
        DPXField(key: "dpx:Gamma", offset: 1948, kind: .f32),
        DPXField(key: "dpx:BlackLevel", offset: 1952, kind: .f32),
        DPXField(key: "dpx:BlackGain", offset: 1956, kind: .f32),
        DPXField(key: "dpx:BreakPoint", offset: 1960, kind: .f32),
        DPXField(key: "dpx:WhiteLevel", offset: 1964, kind: .f32),
        DPXField(key: "dpx:IntegrationTimes", offset: 1968, kind: .f32),
    ]

    /// Fields of an image element, at offsets inside the element.
    static let element: [DPXField] = [
        DPXField(key: "dpx:LowData", offset: DPXOffset.lowData, kind: .u32),
        DPXField(key: "dpx:LowQuantity", offset: DPXOffset.lowQuantity, kind: .f32),
        DPXField(key: "dpx:HighData", offset: DPXOffset.highData, kind: .u32),
        DPXField(key: "dpx:HighQuantity", offset: DPXOffset.highQuantity, kind: .f32),
        DPXField(key: "ImageDescription", offset: DPXOffset.description, kind: .text(32)),
    ]

    /// The field's value, or nil when the file leaves it undefined (all bits set, NaN,
    /// empty text).
    func read(_ bytes: DPXBytes, base: Int = 0) -> MetadataValue? {
        let at = base + offset
        switch kind {
        case .u8:
            let value = bytes.u8(at)
            return value == 0xFF ? nil : .int(value)
        case .u32:
            let value = bytes.u32(at)
            return value == .max ? nil : .int(Int(value))
        case .f32:
            let value = bytes.f32(at)
            // Some writers (libdpx in big-endian files) store the "undefined" NaN unswapped.
            let swappedNaN = value.isSubnormal && Float(bitPattern: value.bitPattern.byteSwapped).isNaN
            return value.isNaN || value.isInfinite || swappedNaN ? nil : .double(Double(value))
        case .text(let length):
            return bytes.text(at, length).map(MetadataValue.string)
        }
    }

    /// Writes the metadata value when it has a fitting type, else the "undefined" value.
    func write(_ value: MetadataValue?, into buffer: inout DPXHeaderBuffer, base: Int = 0) {
        let at = base + offset
        switch kind {
        case .u8:
            if let number = value?.number, number >= 0, number < 255, number == number.rounded() {
                buffer.setU8(at, Int(number))
            } else {
                buffer.setU8(at, 0xFF)
            }
        case .u32:
            if let number = value?.number, number >= 0, number <= Double(UInt32.max), number == number.rounded() {
                buffer.setU32(at, UInt32(number))
            } else {
                buffer.setU32(at, .max)
            }
        case .f32:
            if let number = value?.number, number.isFinite {
                buffer.setF32(at, Float(number))
            } else {
                buffer.setU32(at, .max)
            }
        case .text(let length):
            buffer.setText(at, length, value?.text ?? "")
        }
    }
}
