# Sourced by the scripts: PATH with the Swift toolchain, and the release build's folder.
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
case ":$PATH:" in *:/opt/swift/usr/bin:*) ;; *) [ -d /opt/swift/usr/bin ] && PATH="$PATH:/opt/swift/usr/bin" ;; esac
export PATH
# The CPython the bindings are compiled against (Debian's 3.11: Sources/CPython/shim.h), and
# its extension module file name suffix (_vfxpy.cpython-311-x86_64-linux-gnu.so).
python_version=3.11
extension_suffix=.cpython-${python_version/./}-x86_64-linux-gnu.so
# The version of vfxrun and vfxpy (Sources/VFXCore/Version.swift holds it).
vfxrun_version() {
  sed -n 's/.*static let string = "\(.*\)".*/\1/p' "$root/Sources/VFXCore/Version.swift"
}
# Joins Debian's static libpython into one object that Package.swift links (see the
# comment on pythonLink there); redone only when the archive is newer. Without ld or the
# archive the build links the shared libpython instead.
# Beside it, exports.list: the symbols vfxrun exports for extension modules, the C API the
# archive itself makes visible (Py*/_Py* with default visibility), as python3 exports them.
prepare_python() {
  prepare_static_cxx
  local archive=/usr/lib/python3.11/config-3.11-x86_64-linux-gnu/libpython3.11.a
  local object="$root/.build/python/libpython3.11-static.o"
  local exports="$root/.build/python/exports.list"
  [ -f "$archive" ] && command -v ld >/dev/null 2>&1 || return 0
  [ "$object" -nt "$archive" ] && [ "$exports" -nt "$object" ] && return 0
  mkdir -p "$root/.build/python"
  ld -r --whole-archive "$archive" -o "$object.tmp" || return 1
  { echo "{"
    readelf -sW "$object.tmp" | awk '($5 == "GLOBAL" || $5 == "WEAK") && $6 == "DEFAULT" && $7 != "UND" && $8 ~ /^_?Py/ { print "  " $8 ";" }' | sort -u
    echo "};"
  } > "$exports.tmp" || return 1
  mv "$object.tmp" "$object" && mv "$exports.tmp" "$exports"
}
# .build/static-cxx/libstdc++.a: the static C++ runtime the toolchain's clang links with
# (libstdc++-12-dev's, which Swift itself requires), which Package.swift links into vfxrun
# (see staticCxxLink there); a folder of its own so that the link's -lstdc++ finds it
# before the shared library. Without the archive, nothing is made and vfxrun links the
# shared one.
prepare_static_cxx() {
  local archive
  archive=$(clang -print-file-name=libstdc++.a 2>/dev/null) || return 0
  [ -f "$archive" ] || return 0
  [ "$(readlink "$root/.build/static-cxx/libstdc++.a" 2>/dev/null)" = "$archive" ] && return 0
  mkdir -p "$root/.build/static-cxx" && ln -sfn "$archive" "$root/.build/static-cxx/libstdc++.a"
}
# Every product, not only vfxrun: the libraries vfxrun opens on first use (libvfxrun-*.so,
# Package.swift's dynamic products) are built beside it.
build_release() {
  prepare_python
  swift build --package-path "$root" -c release >&2
  bin="$(swift build --package-path "$root" -c release --show-bin-path)"
  vfxrun="$bin/vfxrun"
}
