import Testing
import VFXCore
import VFXIO
#if canImport(Glibc)
import Glibc
#endif

@Suite struct FileFormatTests {
    @Test func magicNumbersIdentifyFormats() {
        #expect(FileFormat.detect(header: [0x76, 0x2F, 0x31, 0x01, 2, 0, 0, 0]) == .exr)
        #expect(FileFormat.detect(header: Array("SDPX".utf8)) == .dpx)
        #expect(FileFormat.detect(header: Array("XPDS".utf8)) == .dpx)
        #expect(FileFormat.detect(header: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) == .png)
        #expect(FileFormat.detect(header: [0xFF, 0xD8, 0xFF, 0xE0]) == .jpeg)
        #expect(FileFormat.detect(header: [0x49, 0x49, 0x2A, 0x00]) == .tiff)
        #expect(FileFormat.detect(header: [0x4D, 0x4D, 0x00, 0x2A]) == .tiff)
        #expect(FileFormat.detect(header: Array("GIF89a".utf8)) == nil)
        #expect(FileFormat.detect(header: [0x76, 0x2F]) == nil)
    }

    /// The codecs' declarations are the registry: every format once, no extension or
    /// signature claimed twice, and the messages and filters built from them.
    @Test func declarationsAreOneRegistry() {
        let declared = FileFormat.declared
        #expect(declared.map(\.format) == FileFormat.allCases)
        let extensions = declared.flatMap(\.extensions)
        #expect(Set(extensions).count == extensions.count)
        for declaration in declared {
            for signature in declaration.signatures {
                #expect(FileFormat.detect(header: signature + [0, 0, 0, 0]) == declaration.format)
            }
        }
        #expect(FileFormat.headerLength == 8)
        #expect(FileFormat.displayNames == "EXR, DPX, PNG, JPEG or TIFF")
        #expect(FileFormat.foreignMetadataPrefixes(for: .exr) == ["dpx:", "png:", "jpeg:", "tiff:"])
        #expect(FileFormat.foreignMetadataPrefixes(for: .png) == ["dpx:", "jpeg:", "tiff:"])
    }

    @Test func extensionsAreHints() {
        #expect(FileFormat(pathExtension: "/shots/a.0001.EXR") == .exr)
        #expect(FileFormat(pathExtension: "a.jpeg") == .jpeg)
        #expect(FileFormat(pathExtension: "a.tif") == .tiff)
        #expect(FileFormat(pathExtension: "/dir.exr/file") == nil)
        #expect(FileFormat(pathExtension: "noextension") == nil)
    }

    @Test func writeOptionsAreCheckedAgainstTheDeclaration() throws {
        let exr = EXRCodec.declaration
        let good = WriteOptions(["compression": .string("ZIP"), "tile_size": .ints([64, 32])], function: "exr.write()")
        try good.check(against: exr)
        #expect(try good.choice("compression") == "zip")
        // an unknown name lists the declared ones, in the declaration's order
        let misspelled = WriteOptions(["qualty": .int(5)], function: "exr.write()")
        #expect(throws: VFXError.invalidArgument(name: "qualty", message: "is not an option of exr.write() (it takes: "
            + "compression, pixel_type, bit_depth, tile_size, dwa_compression_level)")) {
            try misspelled.check(against: exr)
        }
        // every kind of value, one message style
        let refused: [(FormatDeclaration, String, OptionValue, String)] = [
            (JPEGCodec.declaration, "quality", .int(0), "must be an int from 1 to 100, got 0"),
            (PNGCodec.declaration, "bit_depth", .int(12), "must be one of 8, 16, got 12"),
            (exr, "compression", .string("lzw"), "must be one of " + EXRCompression.names.map { "'\($0)'" }
                .joined(separator: ", ") + ", got 'lzw'"),
            (exr, "dwa_compression_level", .double(0), "must be a number above 0, at most 1000000, got 0"),
            (exr, "tile_size", .ints([16]), "must be (width, height), each from 1 to 65536, got [16]"),
            (TIFFCodec.declaration, "tile_size", .ints([20, 16]),
             "must be (width, height), each from 16 to 4096 and a multiple of 16, got [20, 16]"),
            (DPXCodec.declaration, "frame_rate", .double(-.infinity), "must be a number above 0, got -inf"),
        ]
        for (declaration, name, value, message) in refused {
            #expect(throws: VFXError.invalidArgument(name: name, message: message)) {
                try WriteOptions([name: value]).check(against: declaration)
            }
        }
        #expect(throws: VFXError.wrongType(name: "quality", message: "must be an int")) {
            try WriteOptions(["quality": .string("high")]).check(against: JPEGCodec.declaration)
        }
        // every format declares options, each with a default in words
        for declaration in FileFormat.declared {
            #expect(!declaration.writeOptions.isEmpty)
            #expect(declaration.writeOptions.allSatisfy { !$0.defaultValue.isEmpty && !$0.summary.isEmpty })
            #expect(Set(declaration.writeOptions.map(\.name)).count == declaration.writeOptions.count)
        }
    }

    @Test func atomicWriteLeavesTheOldFileOnFailure() throws {
        let folder = "/tmp/vfxio-atomic-\(getpid())"
        mkdir(folder, 0o755)
        let target = "\(folder)/plate.bin"
        try AtomicFile.write(to: target) { (temporary: String) throws(VFXError) in
            let file = fopen(temporary, "w")
            fputs("old", file)
            fclose(file)
        }
        #expect(throws: VFXError.self) {
            try AtomicFile.write(to: target) { (temporary: String) throws(VFXError) in
                let file = fopen(temporary, "w")
                fputs("half written", file)
                fclose(file)
                throw VFXError.format(path: target, message: "encoder failed")
            }
        }
        var buffer = [CChar](repeating: 0, count: 64)
        let file = fopen(target, "r")
        fgets(&buffer, 64, file)
        fclose(file)
        #expect(String(cString: buffer) == "old")
        // no temporary files are left behind
        let listing = try #require(opendir(folder))
        var names: [String] = []
        while let entry = readdir(listing) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
            if name != "." && name != ".." { names.append(name) }
        }
        closedir(listing)
        #expect(names == ["plate.bin"])
        unlink(target)
        rmdir(folder)
    }
}
