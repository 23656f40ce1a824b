import VFXCore

/// Turns `dpx.write()` options and the image's metadata into `DPXWriteSettings`.
///
/// Each setting comes from its option, else from the metadata a DPX read left (so a
/// read → write keeps 10-bit, the packing, transfer, colorimetric and time code), else
/// a default: bit depth 8 for u8 images and 16 otherwise, packing filled method A,
/// transfer and colorimetric "user defined", big-endian byte order.
enum DPXWriteOptions {
    static let bitDepths = [8, 10, 12, 16]

    static func settings(for item: ImageWithMetadata, options: WriteOptions) throws(VFXError) -> DPXWriteSettings {
        let image = item.image
        return try settings(width: image.width, height: image.height, channelNames: image.channelNames,
                            format: image.format, metadata: item.metadata, options: options)
    }

    /// The settings of an image of that size, channels and pixel format (a band writer's target).
    static func settings(width: Int, height: Int, channelNames: [String], format: PixelFormat, metadata: Metadata,
                         options: WriteOptions) throws(VFXError) -> DPXWriteSettings {
        guard let descriptor = DPXDescriptor.forChannels(channelNames) else {
            throw .invalidArgument(name: "img", message: "has \(channelNames.count) channels; DPX holds 1 (luma), "
                + "3 (RGB) or 4 (RGBA)")
        }
        let bitDepth = try bitDepth(options: options, metadata: metadata, format: format)
        let packing = try packing(options: options, metadata: metadata)
        let transfer = try characteristic("transfer", options: options, metadata: metadata["dpx:Transfer"])
        let colorimetric = try characteristic("colorimetric", options: options, metadata: metadata["dpx:Colorimetric"])
        let order: DPXByteOrder = try options.choice("byte_order") == "little" ? .little : .big
        var timeCode: UInt32?
        var userBits: UInt32?
        if let ints = metadata["smpte:TimeCode"]?.numbers, ints.count == 2,
           ints.allSatisfy({ $0 >= 0 && $0 <= Double(UInt32.max) }) {
            timeCode = UInt32(ints[0])
            userBits = UInt32(ints[1])
        } else {
            timeCode = metadata["dpx:TimeCode"]?.text.flatMap(DPXTimeCode.value)
        }
        if userBits == nil, let bits = metadata["dpx:UserBits"]?.number, bits >= 0, bits <= Double(UInt32.max) {
            userBits = UInt32(bits)
        }
        if let text = try options.string("timecode") {
            guard let value = DPXTimeCode.value(text) else {
                throw DPXCodec.declaration.writeOption("timecode")?.outside("'\(text)'")
                    ?? .invalidArgument(name: "timecode", message: "is not a time code, got '\(text)'")
            }
            timeCode = value
        }
        var frameRate = metadata["dpx:FrameRate"]?.number ?? framesPerSecond(metadata["FramesPerSecond"])
        if let rate = try options.double("frame_rate") { frameRate = rate }
        let layout = DPXLayout(descriptor: descriptor, bitDepth: bitDepth, packing: packing,
                               width: width, order: order)
        return DPXWriteSettings(layout: layout, height: height, transfer: transfer,
                                colorimetric: colorimetric, timeCode: timeCode, userBits: userBits,
                                frameRate: frameRate, userData: userData(metadata["dpx:UserData"]))
    }

    private static func bitDepth(options: WriteOptions, metadata: Metadata,
                                 format: PixelFormat) throws(VFXError) -> Int {
        if let asked = try options.int("bit_depth") { return asked }
        if let carried = metadata["bit_depth"]?.number, bitDepths.contains(Int(carried)), Double(Int(carried)) == carried {
            return Int(carried)
        }
        return format == .u8 ? 8 : 16
    }

    private static func packing(options: WriteOptions, metadata: Metadata) throws(VFXError) -> DPXPacking {
        if let asked = try options.choice("packing") {
            return DPXPacking(name: asked) ?? .filledA
        }
        return metadata["dpx:Packing"]?.text.flatMap(DPXPacking.init(name:)) ?? .filledA
    }

    private static func characteristic(_ name: String, options: WriteOptions,
                                       metadata: MetadataValue?) throws(VFXError) -> Int {
        if let asked = try options.string(name) {
            guard let code = DPXCharacteristic.code(named: asked) else {
                throw DPXCodec.declaration.writeOption(name)?.outside("'\(asked)'")
                    ?? .invalidArgument(name: name, message: "is not a characteristic name, got '\(asked)'")
            }
            return code
        }
        if let text = metadata?.text, let code = DPXCharacteristic.code(named: text) { return code }
        if let number = metadata?.number, (0...255).contains(number), number == number.rounded() { return Int(number) }
        return 0
    }

    /// The "dpx:UserData" bytes (ints 0–255, up to 1 MiB) a read left; empty otherwise.
    private static func userData(_ value: MetadataValue?) -> [UInt8] {
        guard let numbers = value?.numbers, numbers.count <= DPXOffset.maxUserData,
              numbers.allSatisfy({ $0 >= 0 && $0 <= 255 && $0 == $0.rounded() }) else { return [] }
        return numbers.map { UInt8($0) }
    }

    /// OpenImageIO's "FramesPerSecond" (a number, or numerator and denominator).
    private static func framesPerSecond(_ value: MetadataValue?) -> Double? {
        guard let numbers = value?.numbers else { return nil }
        if numbers.count == 1, numbers[0] > 0 { return numbers[0] }
        if numbers.count == 2, numbers[0] > 0, numbers[1] > 0 { return numbers[0] / numbers[1] }
        return nil
    }
}
