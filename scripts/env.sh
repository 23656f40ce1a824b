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
# First the other static pieces Package.swift links when they are there, so that every
# build script gets them from this one call: libstdc++.a and libdeflate (both below).
prepare_python() {
  prepare_static_cxx
  prepare_libdeflate || return 1
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
# .build/libdeflate/libvfxdeflate.a: the vendored libdeflate 1.26 (ThirdParty/libdeflate,
# see its README.md), which Package.swift links into the codec libraries that compress and
# inflate with libdeflate (EXR ZIP, PNG, TIFF Deflate; see deflateLink there) in place of
# Debian's libdeflate.so.0 (1.14). Compiled by gcc, not by SwiftPM's clang: gcc -O2's build
# compresses a 4K EXR's ZIP chunks 6-8% faster than 1.14, clang's -O2 and -O3 no faster.
# Position-independent, its internal symbols hidden; its API (default visibility in the
# sources) is hidden by the link (--exclude-libs), so the codec libraries export none of it
# and libtiff's own calls keep binding to the libdeflate.so.0 it loads. Rebuilt only when the
# sources or this recipe change (their hash in source.sha256 beside it, a second to check).
# Without gcc nothing is made and the codec libraries link Debian's libdeflate.
prepare_libdeflate() {
  local source="$root/ThirdParty/libdeflate" out="$root/.build/libdeflate"
  local archive="$out/libvfxdeflate.a" digest file pid status=0
  command -v gcc >/dev/null 2>&1 && command -v ar >/dev/null 2>&1 || return 0
  digest=$({ cd "$source" && find . -type f -name '*.[ch]' | LC_ALL=C sort | xargs sha256sum
             declare -f prepare_libdeflate; } | sha256sum | cut -d' ' -f1)
  [ -f "$archive" ] && [ "$(cat "$out/source.sha256" 2>/dev/null)" = "$digest" ] && return 0
  rm -rf "$out" && mkdir -p "$out/objects"
  # upstream's release flags (CMakeLists.txt: C11, -O2 -DNDEBUG), one compiler per core
  local pids=()
  for file in "$source"/lib/*.c "$source"/lib/x86/*.c "$source"/lib/arm/*.c; do
    gcc -std=gnu11 -O2 -DNDEBUG -fPIC -fvisibility=hidden -Wall -c "$file" \
      -o "$out/objects/$(basename "$(dirname "$file")")_$(basename "$file" .c).o" &
    pids+=($!)
    if [ ${#pids[@]} -ge "$(nproc)" ]; then wait "${pids[0]}" || status=1; pids=("${pids[@]:1}"); fi
  done
  for pid in "${pids[@]}"; do wait "$pid" || status=1; done
  [ $status -eq 0 ] || { echo "prepare_libdeflate: gcc failed on ThirdParty/libdeflate" >&2; return 1; }
  ar rcs "$archive.tmp" "$out"/objects/*.o && mv "$archive.tmp" "$archive" \
    && echo "$digest" > "$out/source.sha256" || return 1
  # SwiftPM does not see the archive as an input: the libraries linked with an older one go,
  # so that the next build links them again
  find "$root/.build" -path "$out" -prune -o -type f \( -name libvfxrun-openexr.so -o -name libvfxrun-png.so \
    -o -name libvfxrun-tiff.so \) -exec rm -f {} +
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
# Package.swift's dynamic products) are built beside it; then bolt_vfxrun lays vfxrun out.
build_release() {
  prepare_python
  swift build --package-path "$root" -c release >&2
  bin="$(swift build --package-path "$root" -c release --show-bin-path)"
  vfxrun="$bin/vfxrun"
  bolt_vfxrun "$bin"
}
# BOLT (LLVM's post-link optimizer, Debian's bolt-19) rewrites BIN/vfxrun in place with its
# code laid out in the order a training run used it: an instrumented copy runs `-c pass`,
# `-c "import vfxpy, numpy"` and scripts/bolt/train.py, and BOLT orders the functions
# (cdsort) and their blocks (ext-tsp) by that profile. Start-up is what it is for: CPython's
# interpreter, the Swift runtime and the bindings are spread over a 10 MB text section, and
# the code one start-up runs ends up in under 1 MB of it. It executes 1% more instructions
# but takes fewer cycles: `-c pass` went from 1.13x to 1.10x python3's CPU time (tenth
# percentile of 400 interleaved runs on a loaded machine); `import vfxpy, numpy` did not
# move (its time is mostly numpy's own libraries). Package.swift links vfxrun with lld and
# --emit-relocs, which BOLT needs to move functions.
# The result is cached by the linked binary's hash in .build/bolt: SwiftPM may relink vfxrun
# once its output has been rewritten (about a second with lld), and an unchanged link takes
# the cached result in about 2 s; a changed one costs the instrumented run and two BOLT
# passes (about 1.5 minutes on two busy cores). A binary already BOLTed is left as it is. bolt-15, the other Debian version, miscompiles
# CPython's tokenizer (jump tables into gcc's .cold fragments: `x //= 2` is a syntax error),
# so only llvm-19's is used. Without it, or when the optimized binary fails its check, vfxrun
# stays as linked, with a message. VFXRUN_BOLT=0 skips it.
bolt_vfxrun() {
  local bin=$1 tools=/usr/lib/llvm-19/bin cache="$root/.build/bolt"
  local exe="$bin/vfxrun" digest
  [ "${VFXRUN_BOLT:-1}" != 0 ] || return 0
  if [ ! -x "$tools/llvm-bolt" ] || [ ! -x "$tools/merge-fdata" ]; then
    echo "bolt: $tools/llvm-bolt is missing (Debian's bolt-19; scripts/bootstrap installs it): vfxrun stays as linked" >&2
    return 0
  fi
  # The section list is read whole before grep looks at it: `readelf | grep -q` fails
  # under pipefail when grep stops reading early.
  local sections
  sections=$(readelf -SW "$exe" 2>/dev/null)
  if grep -q '\.note\.bolt_info' <<<"$sections"; then return 0; fi
  if ! grep -q '\.rela\.text' <<<"$sections"; then
    echo "bolt: $exe has no relocations (--emit-relocs, Package.swift): vfxrun stays as linked" >&2
    return 0
  fi
  # The key: the linked binary, the training workload and this function (its options).
  digest=$({ sha256sum "$exe" "$root/scripts/bolt/train.py"; declare -f bolt_vfxrun; } | sha256sum | cut -d' ' -f1)
  mkdir -p "$cache"
  if [ "$(cat "$cache/input.sha256" 2>/dev/null)" != "$digest" ] || [ ! -f "$cache/vfxrun" ]; then
    local instrumented="$bin/vfxrun-bolt-instrumented" profile="$cache/profile"
    rm -rf "$profile" "$cache/vfxrun" "$cache/input.sha256" && mkdir -p "$profile"
    echo "bolt: instrumenting, training and optimizing vfxrun (scripts/bolt/train.py)" >&2
    "$tools/llvm-bolt" "$exe" -o "$instrumented" -instrument -instrumentation-file="$profile/run" \
        -instrumentation-file-append-pid >"$cache/instrument.log" 2>&1 \
      && (cd "$cache" && unset PYTHONDONTWRITEBYTECODE PYTHONSTARTUP &&
          "$instrumented" -c pass && "$instrumented" -c "import vfxpy, numpy" &&
          "$instrumented" "$root/scripts/bolt/train.py") >"$cache/train.log" 2>&1 \
      && "$tools/merge-fdata" "$profile"/run.*.fdata >"$cache/profile.fdata" 2>"$cache/merge.log" \
      && "$tools/llvm-bolt" "$exe" -o "$cache/vfxrun.tmp" -data="$cache/profile.fdata" \
          -reorder-blocks=ext-tsp -reorder-functions=cdsort -use-gnu-stack >"$cache/optimize.log" 2>&1
    local made=$?
    rm -f "$instrumented"
    if [ $made -ne 0 ]; then
      echo "bolt: failed (logs in $cache): vfxrun stays as linked" >&2
      return 0
    fi
    mv "$cache/vfxrun.tmp" "$cache/vfxrun" && echo "$digest" > "$cache/input.sha256"
  fi
  # The check runs the optimized binary from BIN (its libraries and stdlib are found from
  # there) on what a miscompiled interpreter gets wrong first: the tokenizer's and the
  # parser's jump tables, integer and float formatting, an import of numpy and vfxpy.
  cp "$cache/vfxrun" "$bin/vfxrun-bolt.tmp" || return 1
  if [ "$("$bin/vfxrun-bolt.tmp" -c 'x = 7; x //= 2; x <<= 3; import datetime, numpy, vfxpy; print(x, datetime.timedelta.max, 10**20 // 3, 0.1 + 0.2)' 2>&1)" \
       != "24 999999999 days, 23:59:59.999999 33333333333333333333 0.30000000000000004" ]; then
    rm -f "$bin/vfxrun-bolt.tmp"
    echo "bolt: the optimized vfxrun failed its check (see bolt_vfxrun in scripts/env.sh): vfxrun stays as linked" >&2
    return 0
  fi
  mv "$bin/vfxrun-bolt.tmp" "$exe"
}
