import VFXLUT
import VFXCore
import VFXIO
#if canImport(Glibc)
import Glibc
#endif

/// What one fuzz target does with one input: the bytes are put in a file (every reader
/// takes a path) and read the way a script would read them. Errors are the expected
/// outcome for most inputs; a crash, a hang, a leak or an allocation past the fuzzer's
/// limit is a finding.
struct FuzzTarget: Sendable {
    let name: String
    /// The file extension the input gets (readers detect by content; LUT readers also
    /// use the name).
    let fileExtension: String
    let run: @Sendable (String) -> Void

    static let all: [FuzzTarget] = [
        image("exr", "exr"), image("dpx", "dpx"), image("png", "png"), image("jpeg", "jpg"), image("tiff", "tif"),
        FuzzTarget(name: "info", fileExtension: "img") { path in
            _ = try? ImageIO.info(path: path)
            _ = try? ImageIO.info(path: path, subimage: 1)
        },
        FuzzTarget(name: "lut", fileExtension: "lut") { path in
            for format in LUTFormat.allCases { _ = try? LUTFiles.read(path: path, format: format) }
        },
        FuzzTarget(name: "clf", fileExtension: "clf") { path in _ = try? CLFReader.read(path: path) },
    ]

    /// A reader of one image format: the whole image, then a conversion on read.
    private static func image(_ name: String, _ fileExtension: String) -> FuzzTarget {
        FuzzTarget(name: name, fileExtension: fileExtension) { path in
            guard let format = FileFormat(name: name) else { return }
            _ = try? ImageIO.read(path: path, format: format)
            _ = try? ImageIO.read(path: path, format: format, request: ReadRequest(pixelFormat: .f32))
        }
    }

    static func named(_ name: String) -> FuzzTarget? { all.first { $0.name == name } }
}

/// The file one process's inputs go through, in memory-backed /dev/shm when there is one.
final class InputFile: @unchecked Sendable {
    let path: String

    init(target: FuzzTarget) {
        let folder = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp"
        path = "\(folder)/vfxfuzz-\(getpid())-\(target.name).\(target.fileExtension)"
    }

    deinit { unlink(path) }

    /// Puts `count` bytes at `data` in the file.
    func fill(_ data: UnsafePointer<UInt8>?, _ count: Int) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        var offset = 0
        while offset < count, let data {
            let written = write(descriptor, data + offset, count - offset)
            if written <= 0 { break }
            offset += written
        }
    }
}
