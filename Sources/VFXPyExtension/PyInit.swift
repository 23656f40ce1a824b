import VFXPyModule

/// The entry point CPython's extension loader calls when another Python (Debian's
/// python3, a venv) imports `_vfxpy` from `_vfxpy.cpython-311-x86_64-linux-gnu.so`:
/// the module vfxrun registers as a built-in, built by the same code. A new reference,
/// or NULL with the Python exception set.
@_cdecl("PyInit__vfxpy")
public func pyInitVFXPy() -> UnsafeMutableRawPointer? {
    VFXPyModule.initializeExtension()
}
