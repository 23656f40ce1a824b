import COCIO
import VFXCore

/// An OpenColorIO config, read-only once loaded (safe to share between threads).
public final class OCIOConfig: @unchecked Sendable {
    let handle: OpaquePointer

    private init(handle: OpaquePointer) {
        self.handle = handle
    }

    deinit { cocio_config_free(handle) }

    /// The OpenColorIO library's version ("2.1.2"); `.vfx(.unsupported)` when the library
    /// cannot be loaded.
    public static var libraryVersion: String {
        get throws(OCIOFailure) {
            var error = COCIOError()
            guard let version = cocio_version(&error) else { throw OCIOFailure.from(error.status, error) }
            return String(cString: version)
        }
    }

    /// Reads a config file; a file that cannot be opened is `.vfx(.io)` with its errno.
    public static func load(path: String) throws(OCIOFailure) -> OCIOConfig {
        var handle: OpaquePointer?
        try checked(path: path) { cocio_config_from_file(path, &handle, $0) }
        guard let handle else { throw .ocio("no config") }
        return OCIOConfig(handle: handle)
    }

    /// Parses YAML text; `workingDirectory` resolves the config's relative search paths.
    public static func parse(_ text: String, workingDirectory: String?) throws(OCIOFailure) -> OCIOConfig {
        var handle: OpaquePointer?
        try checked { cocio_config_from_string(text, workingDirectory, &handle, $0) }
        guard let handle else { throw .ocio("no config") }
        return OCIOConfig(handle: handle)
    }

    /// The config's listings as JSON (see COCIO.h, cocio_config_describe).
    public func describe() throws(OCIOFailure) -> String {
        var json: UnsafeMutablePointer<CChar>?
        try checked { cocio_config_describe(handle, &json, $0) }
        return taken(json)
    }

    public enum Direction: Int32, Sendable {
        case forward = 0, inverse = 1
    }

    /// src → dst (color spaces or roles), with `looks` applied on the way when given.
    public func processor(from src: String, to dst: String, looks: String?,
                          direction: Direction) throws(OCIOFailure) -> OCIOProcessor {
        var handle: OpaquePointer?
        try checked { cocio_processor_spaces(self.handle, src, dst, looks, direction.rawValue, &handle, $0) }
        return try OCIOProcessor(handle, config: self)
    }

    /// src → display/view; `looks` (when not nil) overrides the view's looks.
    public func displayProcessor(from src: String, display: String, view: String, looks: String?,
                                 direction: Direction) throws(OCIOFailure) -> OCIOProcessor {
        var handle: OpaquePointer?
        try checked {
            cocio_processor_display(self.handle, src, display, view, looks, direction.rawValue, &handle, $0)
        }
        return try OCIOProcessor(handle, config: self)
    }

    /// OCIO interpolations of a FileTransform.
    public enum Interpolation: String, Sendable, CaseIterable {
        case best, nearest, linear, tetrahedral, cubic, `default`

        var code: Int32 {
            switch self {
            case .best: Int32(COCIO_INTERP_BEST)
            case .nearest: Int32(COCIO_INTERP_NEAREST)
            case .linear: Int32(COCIO_INTERP_LINEAR)
            case .tetrahedral: Int32(COCIO_INTERP_TETRAHEDRAL)
            case .cubic: Int32(COCIO_INTERP_CUBIC)
            case .default: Int32(COCIO_INTERP_DEFAULT)
            }
        }
    }

    /// A FileTransform of `path` (resolved against the config's search path).
    public func fileProcessor(path: String, interpolation: Interpolation,
                              direction: Direction) throws(OCIOFailure) -> OCIOProcessor {
        var handle: OpaquePointer?
        try checked { cocio_processor_file(self.handle, path, interpolation.code, direction.rawValue, &handle, $0) }
        return try OCIOProcessor(handle, config: self)
    }
}
