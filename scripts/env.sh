# Sourced by the scripts: PATH with the Swift toolchain, and the release build's folder.
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
case ":$PATH:" in *:/opt/swift/usr/bin:*) ;; *) [ -d /opt/swift/usr/bin ] && PATH="$PATH:/opt/swift/usr/bin" ;; esac
export PATH
# Joins Debian's static libpython into one object that Package.swift links (see the
# comment on pythonLink there); redone only when the archive is newer. Without ld or the
# archive the build links the shared libpython instead.
prepare_python() {
  local archive=/usr/lib/python3.11/config-3.11-x86_64-linux-gnu/libpython3.11.a
  local object="$root/.build/python/libpython3.11-static.o"
  [ -f "$archive" ] && command -v ld >/dev/null 2>&1 || return 0
  [ "$object" -nt "$archive" ] && return 0
  mkdir -p "$root/.build/python"
  ld -r --whole-archive "$archive" -o "$object.tmp" && mv "$object.tmp" "$object"
}
# Every product, not only vfxrun: the libraries vfxrun opens on first use (libvfxrun-*.so,
# Package.swift's dynamic products) are built beside it.
build_release() {
  prepare_python
  swift build --package-path "$root" -c release >&2
  bin="$(swift build --package-path "$root" -c release --show-bin-path)"
  vfxrun="$bin/vfxrun"
}
