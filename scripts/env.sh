# Sourced by the scripts: PATH with the Swift toolchain, and the release build's folder.
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
case ":$PATH:" in *:/opt/swift/usr/bin:*) ;; *) [ -d /opt/swift/usr/bin ] && PATH="$PATH:/opt/swift/usr/bin" ;; esac
export PATH
build_release() {
  swift build --package-path "$root" -c release --product vfxrun >&2
  bin="$(swift build --package-path "$root" -c release --show-bin-path)"
  vfxrun="$bin/vfxrun"
}
