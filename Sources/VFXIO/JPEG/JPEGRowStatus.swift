import CJPEG
import VFXCore

/// The error a `CJPEG` call reports (the readers' and the band writer's).
enum JPEGRowStatus {
    static func error(_ status: cjpeg_status, path: String) -> VFXError {
        let message = withUnsafeBytes(of: status.message) { raw in
            String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
        }
        switch Int(status.code) {
        case Int(CJPEG_MEMORY): return .outOfMemory("\(path): \(message)")
        case Int(CJPEG_UNSUPPORTED): return .unsupported(message)
        case Int(CJPEG_CANCELLED): return .cancelled
        case Int(CJPEG_TRUNCATED): return .format(path: path, message: "truncated: \(message)")
        case Int(CJPEG_IO): return systemError(path, "cannot write", status.system_error)
        default: return .format(path: path, message: message)
        }
    }
}
