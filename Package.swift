// swift-tools-version:6.0
// vfxrun: a Swift host that embeds CPython and injects the built-in `vfxpy` module.
// Layers (one-way dependencies, bottom to top):
//   CPixelKernels SIMD kernels Swift cannot express (pixel loads and stores with AVX2 + F16C)
//   VFXCore       image storage, pixel formats, errors, parallel loops (no Python)
//   CLibraryLoader dlopen on first use of the libraries start-up should not load
//   CEXR          OpenEXR's C++ API behind a C header (exceptions caught); the loader of
//                 CEXRLibrary, its implementation and own shared library (libvfxrun-openexr.so)
//   COCIO         OpenColorIO 2.1's C++ API behind a C header (exceptions caught, logging
//                 silenced); the loader of COCIOLibrary (libvfxrun-ocio.so)
//   VFXIO         image files: detection, codecs, atomic writes (no Python)
//   VFXColor      color engine: ops, fused pipelines, CPU renderers, GLSL shaders (no Python)
//   CXML          libxml2's SAX parser behind a small C header (quiet, no network); the
//                 loader of CXMLLibrary (libvfxrun-xml.so)
//   VFXLUT        LUT and CLF files: .cube/.spi1d/.spi3d/.spimtx/.csp readers and writers,
//                 the CLF/CTF reader (libxml2), their contents as VFXColor ops
//   VFXOCIO       OpenColorIO configs and processors, their steps translated into VFXColor ops
//   COpsKernels   C loops of the image ops (resampling passes), AVX2 chosen at run time
//   VFXOps        image ops: resize, compositing, blend modes, geometry, filters (no Python)
//   CVulkan       Vulkan runtime in C: libvulkan.so.1 opened with dlopen on first use
//   VFXGPU        the Vulkan backend: devices, residency, GPU runs of color pipelines and
//                 of the ops (resize, filters, compositing) on images resident on a device
//   CPython       Debian's libpython3.11 (static, see pythonLink) + a small shim header
//   PythonBridge  the only target that touches the raw CPython C API (and imports CPython)
//   VFXPyModule   the `_vfxpy` native module: thin bindings of the Swift libraries
//   VFXRuntime    the embedding library: start-up, stdlib and start-up scripts, hooks
//                 (it links libpython: whatever starts the interpreter brings it)
//   VFXPyExtension the same `_vfxpy` bindings as an extension module for other Pythons
//                 (Debian's python3, a venv): PyInit__vfxpy in the `_vfxpy` product
//   vfxrun        the executable: the command-line life cycle over VFXRuntime (prints)
import Foundation
import PackageDescription

// libpython is linked the way Debian links its own python3: the static, non-PIC build
// (PGO-optimized) in a non-PIE executable, its API exported for extension modules such
// as numpy. The shared libpython3.11.so is position-independent code, and that costs
// numpy's import about 15% and every Python call a little. Swift's -static-stdlib hides
// the symbols of every static archive (--exclude-libs ALL), so the archive is first
// joined into one object, .build/python/libpython3.11-static.o, by scripts/env.sh's
// prepare_python (ld -r); a plain `swift build` without it links the shared library.
// Only the C API is exported, as python3 does (the archive's own visible Py*/_Py* symbols,
// listed by prepare_python in .build/python/exports.list): every symbol an extension module
// such as numpy looks up at import searches the executable's table first, and the
// -export-dynamic of Swift's static-stdlib would put some 3,000 Swift symbols there.
// Only VFXRuntime (the interpreter's starter) carries this link; the `_vfxpy` extension
// module links no libpython at all: the python3 that loads it provides the C API, as it
// does for every extension module (a second libpython in one process breaks both).
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().path
let staticPython = packageRoot + "/.build/python/libpython3.11-static.o"
let pythonExports = packageRoot + "/.build/python/exports.list"
let pythonLink: [LinkerSetting] = FileManager.default.fileExists(atPath: staticPython)
        && FileManager.default.fileExists(atPath: pythonExports)
    ? [.unsafeFlags(["-Xlinker", staticPython, "-Xlinker", "--no-export-dynamic",
                     "-Xlinker", "--dynamic-list=" + pythonExports,
                     "-Xclang-linker", "-no-pie",
                     "-lexpat", "-lz", "-lm", "-ldl"])]
    : [.linkedLibrary("python3.11")]

// The C++ runtime under Swift's runtime (std::string, operator new, __cxa_guard_*: 17
// symbols) is linked into vfxrun statically too, with libgcc's unwinder: a start-up then
// neither loads nor relocates libstdc++.so and libgcc_s.so (1.6M of the 2.1M instructions
// the dynamic loader spent at `vfxrun -c pass`). Swift's static-stdlib link line asks for
// -lstdc++, which would find the shared library first, so scripts/env.sh's prepare_python
// makes .build/static-cxx holding only libstdc++.a (the compiler's), searched before the
// system folders. The copy is private: vfxrun exports only the Python C API, so the
// libraries opened later (OpenEXR, OpenColorIO) bind to the shared libstdc++ they load.
// Without that folder vfxrun links the shared libraries, as before.
let staticCxx = packageRoot + "/.build/static-cxx"
let staticCxxLink: [String] = FileManager.default.fileExists(atPath: staticCxx + "/libstdc++.a")
    ? ["-L", staticCxx, "-Xclang-linker", "-static-libgcc"]
    : []

// libdeflate 1.26 (ThirdParty/libdeflate) in the codec libraries that call it (EXR ZIP,
// PNG, TIFF Deflate), in place of Debian's 1.14: compiled by gcc (faster than 1.14 there,
// clang's build is not) into .build/libdeflate/libvfxdeflate.a by scripts/env.sh's
// prepare_libdeflate, which prepare_python runs. --exclude-libs keeps its API (default
// visibility in its sources) out of their dynamic symbols: libtiff, which loads Debian's
// libdeflate.so.0 for its own Deflate, binds to that one. Without the archive (a plain
// `swift build` before prepare_python, or no gcc) they link Debian's libdeflate.
let vendoredDeflate = packageRoot + "/.build/libdeflate"
let deflateIsVendored = FileManager.default.fileExists(atPath: vendoredDeflate + "/libvfxdeflate.a")
let deflateHeaders: [String] = deflateIsVendored ? ["-I", packageRoot + "/ThirdParty/libdeflate"] : []
let deflateLink: [LinkerSetting] = deflateIsVendored
    ? [.unsafeFlags(["-L", vendoredDeflate, "-Xlinker", "--exclude-libs", "-Xlinker", "libvfxdeflate.a"]),
       .linkedLibrary("vfxdeflate")]
    : [.linkedLibrary("deflate")]

let package = Package(
    name: "vfxrun",
    products: [
        .executable(name: "vfxrun", targets: ["vfxrun"]),
        .library(name: "VFXCore", targets: ["VFXCore"]),
        .library(name: "VFXIO", targets: ["VFXIO"]),
        .library(name: "VFXColor", targets: ["VFXColor"]),
        .library(name: "VFXLUT", targets: ["VFXLUT"]),
        .library(name: "VFXRuntime", targets: ["VFXRuntime"]),
        .library(name: "VFXOps", targets: ["VFXOps"]),
        // Opened with dlopen on first use, not linked (Sources/CLibraryLoader): beside the
        // executable, or in ../lib/vfxrun where scripts/install puts them.
        .library(name: "vfxrun-ocio", type: .dynamic, targets: ["COCIOLibrary"]),
        .library(name: "vfxrun-openexr", type: .dynamic, targets: ["CEXRLibrary"]),
        .library(name: "vfxrun-xml", type: .dynamic, targets: ["CXMLLibrary"]),
        .library(name: "vfxrun-tiff", type: .dynamic, targets: ["CTIFFLibrary"]),
        .library(name: "vfxrun-png", type: .dynamic, targets: ["CPNGLibrary"]),
        .library(name: "vfxrun-jpeg", type: .dynamic, targets: ["CJPEGLibrary"]),
        // lib_vfxpy.so, installed as _vfxpy.cpython-311-x86_64-linux-gnu.so by scripts/install,
        // scripts/package and scripts/wheel.
        .library(name: "_vfxpy", type: .dynamic, targets: ["VFXPyExtension"]),
    ],
    targets: [
        .target(name: "CPixelKernels", exclude: ["color_kernels.inc", "color_pow_simd.inc", "ops"],
                cSettings: [.unsafeFlags(["-O3", "-fno-math-errno", "-ffp-contract=off"])]),
        // The cancel flag of long operations and the SIGINT watch that sets it (signal-safe C).
        .target(name: "CInterrupt"),
        // dlopen on first use of the libraries start-up should not load (vfx_library.h).
        .target(name: "CLibraryLoader", linkerSettings: [.linkedLibrary("dl")]),
        // What makes those libraries free of the Swift runtime (see vfx_standalone.h), and
        // guarded/vfx_guarded.hpp, where the C++ ones stop exceptions.
        .target(name: "CStandaloneLibrary",
                linkerSettings: [.unsafeFlags(["-static-stdlib", "-Xlinker", "--as-needed",
                                               "-Xlinker", "--defsym=swift_addNewDSOImage=vfx_standalone_no_swift_image",
                                               "-Xlinker", "--defsym=_swift_backtrace_isThunkFunction=vfx_standalone_no_swift_image"])]),
        .target(name: "VFXCore", dependencies: ["CPixelKernels", "CInterrupt"]),
        .systemLibrary(name: "CPython", providers: [.apt(["libpython3-dev"])]),
        // OpenEXR's C++ API behind CEXR.h (every entry point catches exceptions), built as its own shared library (product
        // vfxrun-openexr), which CEXR's loader opens on first use.
        .target(name: "CEXRLibrary", dependencies: ["CStandaloneLibrary"],
                cxxSettings: [.unsafeFlags(["-I/usr/include/OpenEXR", "-I/usr/include/Imath", "-pthread",
                                            "-I", packageRoot + "/Sources/CEXR/include",
                                            "-I", packageRoot + "/Sources/CStandaloneLibrary/guarded"] + deflateHeaders)],
                linkerSettings: [.linkedLibrary("OpenEXR-3_1"), .linkedLibrary("OpenEXRCore-3_1"), .linkedLibrary("Iex-3_1"),
                                 .linkedLibrary("IlmThread-3_1"), .linkedLibrary("Imath-3_1")] + deflateLink),
        .target(name: "CEXR", dependencies: ["CLibraryLoader", "CInterrupt"]),
        // libpng (longjmp errors stay in C), libjpeg-turbo, libtiff (error handlers and
        // variadic tag accessors in C): small C targets under VFXIO's PNG/JPEG/TIFF codecs.
        // CPNGLibrary: the libpng calls (and the libdeflate fast path of reading), built as
        // their own shared library (product vfxrun-png), which CPNG's loader opens on first
        // use; CPNG's encoding helpers (filtering, deflate pieces) need only zlib and are linked.
        .target(name: "CPNGLibrary", dependencies: ["CStandaloneLibrary"],
                cSettings: [.unsafeFlags(["-I", packageRoot + "/Sources/CPNG/include"] + deflateHeaders)],
                linkerSettings: [.linkedLibrary("png16")] + deflateLink),
        .target(name: "CPNG", dependencies: ["CLibraryLoader", "CInterrupt"], linkerSettings: [.linkedLibrary("z")]),
        // CTIFF: libtiff's calls as ctiff_* functions, built as their own shared library
        // (product vfxrun-tiff: libtiff loads libwebp, libzstd, liblzma, libLerc, libjbig and
        // libjpeg; its Deflate chunks use libdeflate), which CTIFF's loader opens on first use.
        .target(name: "CTIFFLibrary", dependencies: ["CStandaloneLibrary"],
                cSettings: [.unsafeFlags(["-I", packageRoot + "/Sources/CTIFF/include"] + deflateHeaders)],
                linkerSettings: [.linkedLibrary("tiff")] + deflateLink),
        .target(name: "CTIFF", dependencies: ["CLibraryLoader"]),
        // CJPEGLibrary: libjpeg-turbo's TurboJPEG API (whole frames) and its libjpeg API
        // (setjmp errors in C, reads by rows), built as their own shared library (product
        // vfxrun-jpeg), which CJPEG's loader opens on first use.
        .target(name: "CJPEGLibrary", dependencies: ["CStandaloneLibrary"],
                cSettings: [.unsafeFlags(["-I", packageRoot + "/Sources/CJPEG/include"])],
                linkerSettings: [.linkedLibrary("turbojpeg"), .linkedLibrary("jpeg")]),
        .target(name: "CJPEG", dependencies: ["CLibraryLoader", "CInterrupt"]),
        .target(name: "VFXIO", dependencies: ["VFXCore", "CEXR", "CPNG", "CTIFF", "CJPEG"]),
        // OpenColorIO's C++ API behind COCIO.h (every entry point catches exceptions, and
        // OCIO's logging function drops every message), built as its own shared library (product
        // vfxrun-ocio), which COCIO's loader opens on first use.
        .target(name: "COCIOLibrary", dependencies: ["CStandaloneLibrary"],
                cxxSettings: [.unsafeFlags(["-I", packageRoot + "/Sources/COCIO/include",
                                            "-I", packageRoot + "/Sources/CStandaloneLibrary/guarded"])],
                linkerSettings: [.linkedLibrary("OpenColorIO")]),
        .target(name: "COCIO", dependencies: ["CLibraryLoader"]),
        .target(name: "VFXOCIO", dependencies: ["VFXCore", "VFXColor", "VFXLUT", "COCIO", "CPixelKernels"]),
        .target(name: "COpsKernels", exclude: ["resample_kernels.inc"],
                cSettings: [.unsafeFlags(["-O3", "-fno-math-errno"])]),
        .target(name: "VFXOps", dependencies: ["VFXCore", "CPixelKernels", "COpsKernels"]),
        // Each op's GLSL compute shader sits beside its CPU code (Ops/<op>/*.comp); the
        // SPIRVEmbed plugin compiles them with glslc into Swift [UInt32] constants.
        .target(name: "VFXColor", dependencies: ["VFXCore", "CPixelKernels"],
                plugins: ["SPIRVEmbed"]),
        // LUT and CLF files, apart from the color math (VFXColor and VFXGPU do not link
        // libxml2). CXML: libxml2's SAX parser for the CLF reader, quiet and without
        // network or external entities, built as its own shared library (product
        // vfxrun-xml: libxml2 loads ICU), which CXML's loader opens on the first parse.
        .target(name: "CXMLLibrary", dependencies: ["CStandaloneLibrary"],
                cSettings: [.unsafeFlags(["-I/usr/include/libxml2", "-I", packageRoot + "/Sources/CXML/include"])],
                linkerSettings: [.linkedLibrary("xml2")]),
        .target(name: "CXML", dependencies: ["CLibraryLoader"]),
        .target(name: "VFXLUT", dependencies: ["VFXCore", "VFXColor", "CXML"]),
        // The op table's generator (a build tool of SPIRVEmbed): VFXColor's Ops/ColorOps.table
        // becomes the chain shader's op codes, parameter accessors and dispatch (GLSL) and
        // the same codes and parameter packing (Swift).
        .executableTarget(name: "OpTableGen"),
        .plugin(name: "SPIRVEmbed", capability: .buildTool(), dependencies: ["OpTableGen"]),
        // Headers only at build time (VK_NO_PROTOTYPES): libvulkan is never linked, so
        // vfxrun starts, and runs on the CPU, on machines without a Vulkan loader.
        .target(name: "CVulkan"),
        // The ops' shaders (GPUOps/Shaders/*.comp) are compiled by SPIRVEmbed like VFXColor's.
        .target(name: "VFXGPU", dependencies: ["VFXCore", "VFXColor", "VFXOps", "COpsKernels", "CVulkan"],
                plugins: ["SPIRVEmbed"]),
        .target(name: "PythonBridge", dependencies: ["CPython", "CInterrupt"]),
        .target(name: "VFXPyModule", dependencies: ["VFXCore", "VFXIO", "VFXColor", "VFXLUT", "VFXOps", "VFXGPU", "VFXOCIO", "PythonBridge"]),
        // Embedding API: start the interpreter once, run scripts and hooks in-process.
        .target(name: "VFXRuntime", dependencies: ["VFXPyModule", "PythonBridge"], linkerSettings: pythonLink),
        // The Swift runtime is linked into the extension statically (a python3 host has no
        // Swift toolchain); its symbols stay hidden, so only PyInit__vfxpy matters to Python.
        .target(name: "VFXPyExtension", dependencies: ["VFXPyModule"],
                linkerSettings: [.unsafeFlags(["-static-stdlib"])]),
        // The Swift runtime is linked in statically: an installed vfxrun needs no Swift
        // toolchain, and start-up skips loading a dozen shared libraries. Linked by lld
        // (the toolchain's) with its relocations kept, which BOLT needs to lay the code out
        // again (scripts/env.sh, bolt_vfxrun); gold stops with an internal error on
        // --emit-relocs.
        .executableTarget(name: "vfxrun", dependencies: ["VFXRuntime", "PythonBridge", "VFXCore"],
                          linkerSettings: [.unsafeFlags(["-static-stdlib", "-use-ld=lld",
                                                         "-Xlinker", "--emit-relocs"] + staticCxxLink)]),
        // The readers under libFuzzer (scripts/fuzz); a plain build replays files.
        .executableTarget(name: "vfxfuzz", dependencies: ["VFXIO", "VFXLUT", "VFXCore"]),
        .testTarget(name: "VFXCoreTests", dependencies: ["VFXCore", "CPixelKernels"]),
        .testTarget(name: "VFXIOTests", dependencies: ["VFXIO", "VFXCore"]),
        .testTarget(name: "VFXColorTests", dependencies: ["VFXColor", "VFXCore", "CPixelKernels"]),
        .testTarget(name: "VFXLUTTests", dependencies: ["VFXLUT", "VFXColor", "VFXCore"]),
        .testTarget(name: "VFXRuntimeTests", dependencies: ["VFXRuntime"]),
        // The bridge needs a running interpreter: the one Runtime starts (CPython starts
        // once per process, and every test target shares the test process).
        .testTarget(name: "PythonBridgeTests", dependencies: ["PythonBridge", "VFXRuntime"]),
        .testTarget(name: "VFXOpsTests", dependencies: ["VFXOps", "VFXCore", "COpsKernels"]),
        .testTarget(name: "VFXGPUTests", dependencies: ["VFXGPU", "CVulkan", "VFXColor", "VFXCore", "VFXOps"]),
        .testTarget(name: "VFXOCIOTests", dependencies: ["VFXOCIO", "VFXColor", "VFXCore"]),
    ],
    swiftLanguageModes: [.v6]
)
