#if canImport(Glibc)
import Glibc
#endif

/// Finds the folder holding the pure-Python part of vfxpy (`stdlib/vfxpy/__init__.py`):
/// `$VFXRUN_STDLIB` when set; else, from the real path of the executable, the installed
/// layout `PREFIX/share/vfxrun/stdlib` beside `PREFIX/bin/vfxrun`, then a `stdlib`
/// folder in any parent (the build tree: `ROOT/.build/<triple>/release/vfxrun`).
public enum StdlibLocator {
    public static let marker = "vfxpy/__init__.py"

    public static func locate() -> Result<String, LocateError> {
        if let override = getenv("VFXRUN_STDLIB").map({ String(cString: $0) }), !override.isEmpty {
            return exists("\(override)/\(marker)") ? .success(override) : .failure(.badOverride(override))
        }
        guard let executable = realPath("/proc/self/exe") else { return .failure(.notFound([])) }
        var folder = parent(executable)
        var tried: [String] = []
        let installed = "\(parent(folder))/share/vfxrun/stdlib"
        tried.append(installed)
        if exists("\(installed)/\(marker)") { return .success(installed) }
        while folder != "/" && !folder.isEmpty {
            let candidate = "\(folder)/stdlib"
            tried.append(candidate)
            if exists("\(candidate)/\(marker)") { return .success(candidate) }
            folder = parent(folder)
        }
        return .failure(.notFound(tried))
    }

    public enum LocateError: Error, CustomStringConvertible {
        case badOverride(String)
        case notFound([String])

        public var description: String {
            switch self {
            case .badOverride(let path):
                "VFXRUN_STDLIB=\(path) does not hold \(StdlibLocator.marker)"
            case .notFound(let tried):
                "cannot find the vfxpy stdlib (looked in \(tried.joined(separator: ", "))); set VFXRUN_STDLIB"
            }
        }
    }

    private static func exists(_ path: String) -> Bool { access(path, R_OK) == 0 }

    private static func parent(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let head = String(path[..<slash])
        return head.isEmpty ? "/" : head
    }

    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
