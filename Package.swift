// swift-tools-version:6.0
// vfxrun: a Swift host that embeds CPython and injects the built-in `vfxpy` module.
// Layers (one-way dependencies, bottom to top):
//   CPixelKernels SIMD kernels Swift cannot express (F16C half conversion)
//   VFXCore       image storage, pixel formats, errors, parallel loops (no Python)
//   VFXIO         image files: detection, codecs, atomic writes (no Python)
//   VFXColor      color engine: ops, fused pipelines, CPU renderers (no Python)
//   CPython       Debian's libpython3.11 (pkg-config python3-embed) + a small shim header
//   PythonBridge  the only target that touches the raw CPython C API
//   VFXPyModule   the `_vfxpy` native module: thin bindings of the Swift libraries
//   vfxrun        the executable: interpreter life cycle, script / -c / -m / -i / REPL
import PackageDescription

let package = Package(
    name: "vfxrun",
    products: [
        .executable(name: "vfxrun", targets: ["vfxrun"]),
        .library(name: "VFXCore", targets: ["VFXCore"]),
        .library(name: "VFXIO", targets: ["VFXIO"]),
        .library(name: "VFXColor", targets: ["VFXColor"]),
    ],
    targets: [
        .target(name: "CPixelKernels"),
        .target(name: "VFXCore", dependencies: ["CPixelKernels"]),
        .systemLibrary(name: "CPython", pkgConfig: "python3-embed",
                       providers: [.apt(["libpython3-dev"])]),
        .target(name: "VFXIO", dependencies: ["VFXCore"]),
        .target(name: "VFXColor", dependencies: ["VFXCore"]),
        .target(name: "PythonBridge", dependencies: ["CPython"]),
        .target(name: "VFXPyModule", dependencies: ["VFXCore", "VFXIO", "VFXColor", "PythonBridge", "CPython"]),
        // The Swift runtime is linked in statically: an installed vfxrun needs no Swift
        // toolchain, and start-up skips loading a dozen shared libraries. FoundationXML
        // (the CLF reader's XMLParser) needs CoreFoundation and libxml2 named explicitly
        // when Foundation is linked statically.
        .executableTarget(name: "vfxrun", dependencies: ["VFXPyModule", "PythonBridge", "CPython"],
                          linkerSettings: [.unsafeFlags(["-static-stdlib", "-Xlinker", "--start-group",
                                                          "-lFoundationXML", "-l_CFXMLInterface", "-lFoundation",
                                                          "-lFoundationInternationalization", "-lFoundationEssentials",
                                                          "-l_FoundationCollections", "-l_FoundationCShims",
                                                          "-lCoreFoundation", "-l_FoundationICU", "-lxml2",
                                                          "-Xlinker", "--end-group"])]),
        .testTarget(name: "VFXCoreTests", dependencies: ["VFXCore"]),
        .testTarget(name: "VFXIOTests", dependencies: ["VFXIO", "VFXCore"]),
        .testTarget(name: "VFXColorTests", dependencies: ["VFXColor", "VFXCore"]),
    ],
    swiftLanguageModes: [.v6]
)
