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

    @Test func writeOptionsRejectWhatNobodyTook() throws {
        var options = WriteOptions(["compression": .string("ZIP"), "qualty": .int(5)], function: "exr.write()")
        #expect(try options.choice("compression", ["none", "zip"]) == "zip")
        #expect(throws: VFXError.self) { try options.finish() }
        var typed = WriteOptions(["quality": .string("high")])
        #expect(throws: VFXError.self) { try typed.int("quality") }
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
